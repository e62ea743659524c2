"""Command line: ``python -m pipeline run [SOURCE ...] [--out DIR] [--fail-on LEVEL]``.

Also ``python -m pipeline diff OLD NEW [--old SOURCE ...] [--new SOURCE ...] [--out DIR]`` (compare two
editions) and ``python -m pipeline editions [PATH ...] [--json | --github-output]`` (list editions).

Parses arguments and calls the library; typed errors become one-line messages and exit codes.
"""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path


def build_parser() -> argparse.ArgumentParser:
    from dataclasses import fields

    from pipeline.budgets import Budgets

    parser = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="extract, validate and publish editions of the report")
    run.add_argument("sources", nargs="*", type=Path, metavar="SOURCE",
                     help="PDF or text edition (default: the editions in raw/)")
    run.add_argument("--out", type=Path, default=Path("clean"), help="output folder (default: clean/)")
    run.add_argument("--fail-on", choices=["error", "warning", "never"], default="error",
                     help="exit 1 when an unaccepted anomaly at or above this severity is found")
    run.add_argument("--quiet", action="store_true", help="print nothing but errors")
    run.add_argument("--previous", nargs="+", type=Path, default=[], metavar="SOURCE",
                     help="the previous edition (files or a folder): its revisions go in revisions.parquet "
                          "and the QA report")
    run.add_argument("--budget", action="append", default=[], metavar="NAME=N", type=_budget_setting,
                     help=f"raise a budget of pipeline/budgets.py ({', '.join(f.name for f in fields(Budgets))}); "
                          "repeatable")
    run.add_argument("--debug", action="store_true", help="show tracebacks of unexpected errors")
    _add_diff_command(commands)
    _add_editions_command(commands)
    return parser


def _budget_setting(text: str) -> str:
    from pipeline.budgets import DEFAULT_BUDGETS

    try:
        DEFAULT_BUDGETS.raised([text])
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def _add_diff_command(commands) -> None:
    diff = commands.add_parser(
        "diff", help="compare two editions: cells revised, rows added, removed or renamed",
        description="Compare two editions of the report in the years both print. Each side is one "
        "edition: a PDF, a text edition, or a folder holding the sources of one edition; or give "
        "a side's sources with --old/--new (several after one flag). Prints a Markdown table on stdout.",
    )
    diff.add_argument("old", nargs="?", type=Path, metavar="OLD", help="the earlier edition (file or folder)")
    diff.add_argument("new", nargs="?", type=Path, metavar="NEW", help="the later edition (file or folder)")
    diff.add_argument("--old", dest="old_sources", nargs="+", action="extend", type=Path, default=[],
                      metavar="SOURCE", help="(further) sources of the earlier edition: --old a.pdf a.txt")
    diff.add_argument("--new", dest="new_sources", nargs="+", action="extend", type=Path, default=[],
                      metavar="SOURCE", help="(further) sources of the later edition: --new b.pdf b.txt")
    diff.add_argument("--out", type=Path, default=None,
                      help="also write revisions.parquet into this folder (default: print only)")
    diff.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    diff.add_argument("--debug", action="store_true", help="show tracebacks of unexpected errors")


def _add_editions_command(commands) -> None:
    editions = commands.add_parser(
        "editions", help="list editions by the id their title gives, oldest first",
        description="List the editions that files and folders hold (default: raw/), oldest first, "
        "each with its sources; the id comes from the document's title, not the file name.",
    )
    editions.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                          help="source files or folders (default: raw/)")
    select = editions.add_mutually_exclusive_group()
    select.add_argument("--latest", action="store_true", help="only the latest edition")
    select.add_argument("--previous-of", metavar="EDITION",
                        help="only the edition before EDITION (an id such as 2025-2026, or a source file)")
    form = editions.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help="JSON: [{edition, start, end, sources}]")
    form.add_argument("--github-output", action="store_true",
                      help="latest=, latest_sources=, previous=, previous_sources= lines for $GITHUB_OUTPUT")
    editions.add_argument("--debug", action="store_true", help="show tracebacks of unexpected errors")


def _diff(args) -> int:
    from pipeline.run import RunSettings, compare_sources

    old = [p for p in [args.old] if p is not None] + args.old_sources
    new = [p for p in [args.new] if p is not None] + args.new_sources
    if not old or not new:
        print("error: diff needs the old and the new edition (diff OLD NEW, or --old SOURCE --new SOURCE)",
              file=sys.stderr)
        return 2
    result = compare_sources(old, new, RunSettings(quiet=args.quiet))
    if args.out is not None:
        result.write(args.out)
    sys.stdout.write(result.markdown())
    return 0


def _editions(args) -> int:
    from pipeline import editions as ed

    found = ed.list_editions(args.paths or [Path("raw")])
    if args.github_output:
        sys.stdout.write(ed.github_output(found))
        return 0
    if args.latest:
        found = [e for e in [ed.latest(found)] if e is not None]
    elif args.previous_of:
        target = args.previous_of if not Path(args.previous_of).is_file() else ed.edition_of(Path(args.previous_of))
        try:
            found = [e for e in [ed.previous_of(found, target)] if e is not None]
        except ValueError as exc:
            print(f"error: --previous-of: {exc}", file=sys.stderr)
            return 2
    sys.stdout.write(ed.editions_json(found) if args.json else ed.editions_table(found))
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line; the exit code."""
    args = build_parser().parse_args(argv)
    command = {"run": _run, "diff": _diff, "editions": _editions}[args.command]
    return _handled(args, lambda: command(args))


def _run(args) -> int:
    from pipeline.run import RunSettings, run

    from pipeline.budgets import DEFAULT_BUDGETS

    settings = RunSettings(out=args.out, fail_on=args.fail_on, quiet=args.quiet, previous=tuple(args.previous),
                           budgets=DEFAULT_BUDGETS.raised(args.budget))
    return run(args.sources, settings).exit_code


def _handled(args, command) -> int:
    """``command()``, its typed errors as one-line messages and exit codes."""
    from pipeline.errors import PipelineError

    try:
        return command()
    except KeyboardInterrupt:  # Ctrl-C: outputs are written atomically, so earlier ones are intact
        print("interrupted; earlier outputs are untouched", file=sys.stderr)
        return 130
    except PipelineError as exc:
        _traceback_if(args)
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except Exception as exc:  # a bug: still one line, and earlier outputs are untouched
        from pipeline.errors import describe

        _traceback_if(args)
        print(f"internal error: {describe(exc)} (run with --debug for the traceback)", file=sys.stderr)
        return 2


def _traceback_if(args) -> None:
    """With --debug, the traceback before the one-line message (the exit code stays as without)."""
    if getattr(args, "debug", False):
        import traceback

        traceback.print_exc(file=sys.stderr)

if __name__ == "__main__":
    exit_code = main()
    # What the run leaves behind goes with the process: freezing it spares the interpreter's last
    # collection a walk over every object pandas and pandera made (about 0.25 s at exit).
    gc.freeze()
    sys.exit(exit_code)

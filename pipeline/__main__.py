"""Command line: ``python -m pipeline run [SOURCE ...] [--out DIR] [--fail-on LEVEL]``.

Parses arguments and calls the library; typed errors become one-line messages and exit codes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="extract, validate and publish editions of the report")
    run.add_argument("sources", nargs="*", type=Path, metavar="SOURCE",
                     help="PDF or text edition (default: the editions in raw/)")
    run.add_argument("--out", type=Path, default=Path("clean"), help="output folder (default: clean/)")
    run.add_argument("--fail-on", choices=["error", "warning", "never"], default="error",
                     help="exit 1 when an unaccepted anomaly at or above this severity is found")
    run.add_argument("--quiet", action="store_true", help="print nothing but errors")
    run.add_argument("--debug", action="store_true", help="show tracebacks of unexpected errors")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from pipeline.errors import PipelineError
    from pipeline.run import RunSettings, run

    try:
        if args.command == "run":
            result = run(args.sources, RunSettings(out=args.out, fail_on=args.fail_on, quiet=args.quiet))
            return result.exit_code
    except PipelineError as exc:
        if getattr(args, "debug", False):
            raise
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except Exception as exc:  # a bug: still one line, and earlier outputs are untouched
        if getattr(args, "debug", False):
            raise
        print(f"internal error: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''} "
              "(run with --debug for the traceback)", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

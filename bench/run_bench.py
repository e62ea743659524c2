"""Benchmark of the pipeline CLI against its floor and a naive baseline: wall time and CPU time.

Every measurement is a fresh subprocess, timed with time.perf_counter (wall) and by the CPU time
(user + system) of that process and every process it started, from the kernel's accounting of
reaped children; each is repeated N times (after warm-up runs that are not counted) and the
median is reported. Nothing here is a test: the
targets are printed as met / not met, and only --check turns a missed target into exit code 1.

    .venv/bin/python bench/run_bench.py [--repeat N] [--warmup W] [--json PATH] [--check]

See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.support.hostile import long_edition  # noqa: E402  (the same long editions the tests read)
RAW = ROOT / "raw"

# The report's title names its reporting period, which gives an edition its id.
TITLE = re.compile(r"Voortgangsrapportage (?P<start>\d{4}) tot en met (?P<until>[^\n\d]*?)(?P<end>\d{4})")
# The pipeline's own packages (compiled to bytecode before measuring).
PROJECT_PACKAGES = ["pipeline", "schemas"]
# What the pipeline needs at run time according to pyproject.toml (import names).
DEPENDENCIES = ["pdfplumber", "pandas", "pandera", "pyarrow", "great_tables", "rapidfuzz"]

NAIVE_EXTRACT = """
import sys
import pdfplumber
with pdfplumber.open(sys.argv[1]) as pdf:
    for page in pdf.pages:
        page.extract_text()
"""

# name of the ratio -> (numerator, denominator, target: numerator <= target x denominator)
TARGETS = {
    "pdf_run / pdf_floor": ("pdf_run", "pdf_floor", 2.0),
    "text_run / import_floor": ("text_run", "import_floor", 1.5),
    "twenty_editions / one_edition": ("twenty_editions", "one_edition", 6.0),
    # Cost grows linearly with pages: ten times the pages may cost at most twelve times the run.
    "pdf_600_pages / pdf_run": ("pdf_600_pages", "pdf_run", 12.0),
}
# Every run stays under this resident set, whatever the input.
MAX_PEAK_MB = 1024
# A scan of the title page and the appendix spread (tests/scans/): its run, OCR included, may take
# at most this many seconds of wall time (docs/ocr.md).
SCAN = ROOT / "tests" / "scans" / "edition-200dpi-grey.pdf"
MAX_SCAN_SECONDS = 60.0
# Pages of the long editions: the edition's body pages repeated until about this many pages.
LONG_EDITIONS = (300, 600)


@dataclass
class Measurement:
    name: str
    description: str
    command: list[str]
    samples: list[float] = field(default_factory=list)  # wall seconds
    median: float | None = None
    cpu_samples: list[float] = field(default_factory=list)  # user + system seconds, all its processes
    cpu_median: float | None = None
    peak_kb: int | None = None  # the largest resident set of any run (kilobytes)
    skipped: str | None = None  # why it was not measured
    failed: str | None = None  # stderr tail of a failing run

    def summary(self) -> str:
        if self.skipped:
            return f"not measured: {self.skipped}"
        if self.failed:
            return f"FAILED: {self.failed}"
        spread = f"min {min(self.samples):.3f}  max {max(self.samples):.3f}"
        return (f"{self.median:8.3f} s wall ({spread}, n={len(self.samples)}); "
                f"{self.cpu_median:8.3f} s CPU (min {min(self.cpu_samples):.3f}  max {max(self.cpu_samples):.3f}); "
                f"peak {self.peak_kb / 1024:.0f} MB")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], cwd: Path) -> tuple[float, float, int, subprocess.CompletedProcess]:
    """Wall and CPU seconds of the command (the CPU time of every process it ran, as each was
    reaped: a process's own children count once it waits for them) and its peak resident set in
    kilobytes (``wait4``: this process alone, not the others reaped before)."""
    cpu = _children_cpu()
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    stderr = process.stderr.read()
    process.stderr.close()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    result = subprocess.CompletedProcess(command, process.returncode, None, stderr)
    return seconds, _children_cpu() - cpu, usage.ru_maxrss, result


def measure(m: Measurement, repeat: int, warmup: int, fresh_out: callable | None = None) -> Measurement:
    """Run the command warmup + repeat times; fresh_out(command) gives each run its own --out."""
    for i in range(warmup + repeat):
        command = fresh_out(m.command) if fresh_out else m.command
        seconds, cpu, peak, result = timed(command, ROOT)
        if result.returncode != 0:
            m.failed = f"exit {result.returncode}: " + " | ".join(result.stderr.strip().splitlines()[-3:])
            return m
        m.peak_kb = max(m.peak_kb or 0, peak)
        if i >= warmup:
            m.samples.append(seconds)
            m.cpu_samples.append(cpu)
    m.median = statistics.median(m.samples)
    m.cpu_median = statistics.median(m.cpu_samples)
    return m


def _git_state() -> str | None:
    """The commit measured, with "+dirty" when the work tree differs from it."""
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return commit + ("+dirty" if dirty else "")


def _loadavg() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except (AttributeError, OSError):  # not on every platform
        return None


def default_edition() -> str:
    """The stem of the edition in raw/ that exists as PDF and as text edition."""
    stems = sorted(p.stem for p in RAW.glob("*.pdf") if (RAW / f"{p.stem}.txt").exists())
    if not stems:
        sys.exit(f"no edition in {RAW} with both a .pdf and a .txt; pass --edition")
    return stems[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", "-n", type=int, default=3, help="timed runs per measurement (median is reported; default 3)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed runs before each measurement (default 1)")
    parser.add_argument("--edition", default=None, help="file stem in raw/ (default: the edition with both .pdf and .txt)")
    parser.add_argument("--copies", type=int, default=20, help="text editions in the many-editions run (default 20)")
    parser.add_argument("--python", default=sys.executable, help="interpreter for every subprocess (default: this one)")
    parser.add_argument("--json", type=Path, default=None, metavar="PATH", help="also write the numbers as JSON here")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed or a run fails")
    parser.add_argument("--no-compile", action="store_true",
                        help="do not compile the pipeline's modules to bytecode first: whatever their __pycache__ "
                             "holds is used (empty it, with PYTHONDONTWRITEBYTECODE set, to measure compiling on every run)")
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.warmup < 0 or args.copies < 1:
        parser.error("--repeat and --copies must be >= 1, --warmup >= 0")

    edition = args.edition or default_edition()
    pdf, text = RAW / f"{edition}.pdf", RAW / f"{edition}.txt"
    for source in (pdf, text):
        if not source.exists():
            sys.exit(f"{source}: no such file")
    py = args.python
    pipeline = [py, "-m", "pipeline", "run"]
    options = ["--quiet", "--fail-on", "never"]

    # The dependencies the floor imports were compiled to bytecode when pip installed them; the
    # pipeline's own modules are compiled the same way, as Python caches them on a user's first
    # run (an editable install is not compiled by pip, and where PYTHONDONTWRITEBYTECODE is set,
    # as in some sandboxes, every run would compile them again: about 0.1 s).
    bytecode = "not compiled first (--no-compile)"
    if not args.no_compile:
        compiled = subprocess.run([py, "-m", "compileall", "-q", *(str(ROOT / p) for p in PROJECT_PACKAGES)],
                                  cwd=ROOT, capture_output=True, text=True)
        if compiled.returncode != 0:
            sys.exit(f"compileall failed: {compiled.stderr.strip() or compiled.stdout.strip()}")
        bytecode = "compiled first (compileall)"

    with tempfile.TemporaryDirectory(prefix="nplv-bench-") as tmp:
        tmp = Path(tmp)
        counter = iter(range(1_000_000))

        def fresh_out(command: list[str]) -> list[str]:
            out = tmp / f"out-{next(counter)}"
            return [*command, "--out", str(out)]

        # N distinct editions: the text edition with its title's reporting period moved back by
        # 1..N years (the id comes from the title), so each is read, validated and reported as an
        # edition of its own, as N yearly reports would be.
        many = tmp / "editions"
        many.mkdir()
        copies = []
        body = text.read_text(encoding="utf-8")
        title = TITLE.search(body)
        if title is None:
            parser.error(f"{text.name}: no title with a reporting period to make other editions from")
        for i in range(1, args.copies + 1):
            start, end = int(title["start"]) - i, int(title["end"]) - i
            retitled = f"Voortgangsrapportage {start} tot en met {title['until']}{end}"
            copy = many / f"edition-{start}-{end}.txt"
            copy.write_text(body.replace(title[0], retitled), encoding="utf-8")
            copies.append(str(copy))

        pdftotext = shutil.which("pdftotext")
        measurements = [
            Measurement("pdf_run", f"pipeline run on {pdf.name} (end to end)", [*pipeline, str(pdf), *options]),
            Measurement("text_run", f"pipeline run on {text.name} (end to end)", [*pipeline, str(text), *options]),
            Measurement("import_floor", "python importing only " + ", ".join(DEPENDENCIES),
                        [py, "-c", "import " + ", ".join(DEPENDENCIES)]),
            Measurement("pdftotext", f"poppler pdftotext on {pdf.name}",
                        [pdftotext or "pdftotext", str(pdf), os.devnull]),
            Measurement("naive_pdfplumber", "python: import pdfplumber, extract_text() on every page",
                        [py, "-c", NAIVE_EXTRACT, str(pdf)]),
            Measurement("one_edition", f"pipeline run on 1 edition made from {text.name} (no review file beside it)",
                        [*pipeline, copies[0], *options]),
            Measurement("twenty_editions", f"pipeline run on {args.copies} distinct editions made from {text.name} "
                        "in one invocation", [*pipeline, *copies, *options]),
        ]
        for pages in LONG_EDITIONS:
            long_pdf = long_edition(pdf, pages, tmp / f"long-{pages}.pdf")
            measurements.append(Measurement(f"pdf_{pages}_pages", f"pipeline run on {pdf.name} with its body pages "
                                            f"repeated to about {pages} pages", [*pipeline, str(long_pdf), *options]))
        if not pdftotext:
            measurements[3].skipped = "pdftotext (poppler-utils) is not installed"
        scan_run = Measurement("scan_run", f"pipeline run on {SCAN.name} (a 200 dpi scan of the title page and the "
                               "appendix spread: every page read by OCR)", [*pipeline, str(SCAN), *options])
        from pipeline.ocr import ocr_unavailable

        if ocr_unavailable():
            scan_run.skipped = f"OCR is not installed ({ocr_unavailable()})"
        measurements.append(scan_run)

        load_before = _loadavg()
        git = _git_state()
        print(f"nplv-pipeline benchmark at {git or 'unknown commit'}: {edition}, median of {args.repeat} (+{args.warmup} warm-up), "
              f"python {platform.python_version()}, {os.cpu_count()} CPUs, {platform.platform()}, "
              f"load average {load_before}", flush=True)
        print(f"  the pipeline's bytecode: {bytecode}; PYTHONDONTWRITEBYTECODE "
              f"{'set' if os.environ.get('PYTHONDONTWRITEBYTECODE') else 'not set'}", flush=True)
        for m in measurements:
            if not m.skipped:
                is_pipeline = m.command[:3] == pipeline[:3]
                measure(m, args.repeat, args.warmup, fresh_out if is_pipeline else None)
            print(f"  {m.name:<17} {m.summary()}", flush=True)
            print(f"  {'':<17} {m.description}", flush=True)

    load_after = _loadavg()
    print(f"  load average after: {load_after} (other work on the machine skews every number)")
    by_name = {m.name: m for m in measurements}
    ratios = {}
    floors = {}
    for clock, attribute in (("wall", "median"), ("cpu", "cpu_median")):
        medians = {m.name: getattr(m, attribute) for m in measurements}
        # The floor of a PDF run: importing the dependencies, plus poppler reading the same PDF
        # (when pdftotext is installed; without it, the import floor alone, which is stricter).
        medians["pdf_floor"] = (None if medians["import_floor"] is None
                                else medians["import_floor"] + (medians["pdftotext"] or 0.0))
        floors[clock] = medians["pdf_floor"]
        if medians["pdf_floor"] is not None:
            print(f"  pdf_floor ({clock})  {medians['pdf_floor']:.3f} s = import_floor"
                  + (" + pdftotext" if medians["pdftotext"] else " (pdftotext not measured)"))
        print(f"\nratios, {clock} time (target):")
        for label, (num, den, target) in TARGETS.items():
            a, b = medians[num], medians[den]
            key = f"{label} [{clock}]"
            if a is None or b is None:
                ratios[key] = {"ratio": None, "target": target, "met": None}
                print(f"  {label:<38} n/a (a run failed or was skipped)")
                continue
            ratio = a / b
            met = ratio <= target
            ratios[key] = {"ratio": round(ratio, 3), "target": target, "met": met}
            print(f"  {label:<38} {ratio:6.2f}x   (<= {target:g}x)   {'met' if met else 'NOT met'}")
    scan = by_name["scan_run"].median
    scan_met = None if scan is None else scan <= MAX_SCAN_SECONDS
    if scan is not None:
        print(f"\nscan_run (OCR of the appendix spread and its title page): {scan:.1f} s wall, "
              f"{by_name['scan_run'].cpu_median:.1f} s CPU (<= {MAX_SCAN_SECONDS:g} s wall)   {'met' if scan_met else 'NOT met'}")
    peaks = {m.name: m.peak_kb for m in measurements if m.peak_kb is not None}
    peak_name = max(peaks, key=peaks.get) if peaks else None
    memory_met = None if peak_name is None else peaks[peak_name] / 1024 <= MAX_PEAK_MB
    if peak_name is not None:
        print(f"\npeak memory: {peaks[peak_name] / 1024:.0f} MB ({peak_name}), every run under {MAX_PEAK_MB} MB: "
              f"{'met' if memory_met else 'NOT met'}")
    naive, floor = by_name["naive_pdfplumber"].median, by_name["import_floor"].median
    if naive and floor:
        print(f"  {'(info) naive_pdfplumber / import_floor':<38} {naive / floor:6.2f}x")
        if by_name["pdf_run"].median:
            print(f"  {'(info) pdf_run / naive_pdfplumber':<38} {by_name['pdf_run'].median / naive:6.2f}x")
    if by_name["pdftotext"].skipped:
        print(f"\npdftotext: {by_name['pdftotext'].skipped}; no poppler floor reported.")
    print(f"\nnote: the {args.copies} editions are the text edition under {args.copies} reporting periods: "
          "each is analysed, validated and reported as an edition of its own.")

    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        report = {
            "git": git,
            "edition": edition,
            "repeat": args.repeat,
            "warmup": args.warmup,
            "copies": args.copies,
            "python": args.python,
            "python_version": platform.python_version(),
            "platform": platform.platform(),
            "cpu_count": os.cpu_count(),
            "bytecode": bytecode,
            "pythondontwritebytecode": bool(os.environ.get("PYTHONDONTWRITEBYTECODE")),
            "loadavg_before": load_before,
            "loadavg_after": load_after,
            "measurements": {m.name: {k: v for k, v in asdict(m).items() if k != "name"} for m in measurements},
            "pdf_floor": floors,
            "ratios": ratios,
            "peak_memory": {"max_mb": MAX_PEAK_MB, "largest": peak_name,
                            "mb": round(peaks[peak_name] / 1024, 1) if peak_name else None, "met": memory_met},
            "scan_run": {"max_seconds": MAX_SCAN_SECONDS, "seconds": scan, "met": scan_met},
            "note": "twenty_editions: distinct editions (the title's reporting period moved back 1..N years)",
        }
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")

    failed = any(m.failed for m in measurements)
    missed = any(r["met"] is False for r in ratios.values()) or memory_met is False or scan_met is False
    return 1 if args.check and (failed or missed) else 0


if __name__ == "__main__":
    sys.exit(main())

"""The main job: read every source, extract, validate, review and publish.

The CLI only parses arguments and calls ``run``.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline.appendix import Extraction, extract_appendix, pair_sources
from pipeline.catalog import Catalog, default_catalog
from pipeline.checks import apply_statuses, find_anomalies, unaccepted_at_or_above
from pipeline.errors import InputError, PipelineError
from pipeline.figures import body_lines, figures_stage
from pipeline.publish import base_metadata, parquet_writer, write_outputs
from pipeline.review import apply_review, load_review, review_path_for
from pipeline.sources import Edition, open_edition
from schemas.cells import IndicatorCells

DEFAULT_RAW = Path("raw")
DEFAULT_OUT = Path("clean")
EDITION_SUFFIXES = (".pdf", ".txt")
FAIL_LEVELS = ("error", "warning", "never")


@dataclass(frozen=True)
class RunSettings:
    out: Path = DEFAULT_OUT
    fail_on: str = "error"  # exit 1 on an unaccepted anomaly at or above this severity
    quiet: bool = False


@dataclass
class RunResult:
    cells: pd.DataFrame
    figures: pd.DataFrame
    anomalies: pd.DataFrame
    review_log: pd.DataFrame
    decisions: pd.DataFrame
    written: list[Path] = field(default_factory=list)
    exit_code: int = 0


def default_sources(raw: Path = DEFAULT_RAW) -> list[Path]:
    if not raw.is_dir():
        raise InputError(raw, "no sources given and no raw/ folder with editions here")
    sources = sorted(p for p in raw.iterdir() if p.is_file() and p.suffix.lower() in EDITION_SUFFIXES)
    if not sources:
        raise InputError(raw, "holds no edition (.pdf or .txt)")
    return sources


def run(
    paths: Sequence[Path] | None = None,
    settings: RunSettings = RunSettings(),
    catalog: Catalog | None = None,
) -> RunResult:
    catalog = catalog or default_catalog()
    paths = list(paths) if paths else default_sources()
    editions = [open_edition(p) for p in paths]
    by_edition: dict[str, list[Edition]] = {}
    for edition in editions:
        by_edition.setdefault(edition.edition, []).append(edition)
    all_cells, all_figures, all_anomalies, all_logs, all_decisions = [], [], [], [], []
    provenance: dict[str, tuple[str, str]] = {}
    for edition_id in sorted(by_edition):
        # The PDF is an edition's primary source; a text edition of it corroborates it.
        sources = sorted(by_edition[edition_id], key=lambda e: (e.kind != "pdf", e.path.name))
        extractions = [_extract(source, catalog) for source in sources]
        primary = extractions[0]
        provenance[edition_id] = (sources[0].path.name, sources[0].sha256)
        # Body figures from the text edition when there is one (its lines are the text as
        # printed, line by line); else from the PDF's text layer.
        text_index = next((k for k, s in enumerate(sources) if s.kind == "text"), 0)
        body_source = sources[text_index]
        appendix_pages = set(extractions[text_index].cells["page"].unique())
        all_figures.append(figures_stage(body_lines(body_source, appendix_pages), edition_id, body_source.path.name))
        decisions = pd.concat([x.decisions for x in extractions], ignore_index=True)
        pairs = pd.concat([pair_sources(primary.cells, x.cells) for x in extractions[1:]], ignore_index=True) if len(extractions) > 1 else None
        _, anomalies = find_anomalies(primary.cells, decisions, catalog, pairs)
        acceptances = []
        for source in sources:
            review = review_path_for(source.path)
            if review.exists() and not any(a.file == review.name for a in acceptances):
                acceptances += load_review(review)
        cells, anomalies, log = apply_review(primary.cells, anomalies, acceptances)
        cells = apply_statuses(cells, anomalies)
        all_cells.append(IndicatorCells.validate(cells, lazy=True))
        all_anomalies.append(anomalies)
        all_logs.append(log)
        all_decisions.append(decisions)
        _log(settings, f"{edition_id}: {len(cells)} cells from {sources[0].path.name}"
             + "".join(f", cross-checked with {s.path.name}" for s in sources[1:]))
    result = RunResult(
        cells=pd.concat(all_cells, ignore_index=True),
        figures=_concat(all_figures),
        anomalies=_concat(all_anomalies),
        review_log=_concat(all_logs),
        decisions=_concat(all_decisions),
    )
    metadata = base_metadata(provenance)
    result.written = write_outputs(settings.out, {
        "indicators.parquet": parquet_writer(result.cells, metadata),
        "anomalies.parquet": parquet_writer(result.anomalies, metadata),
        "figures.parquet": parquet_writer(result.figures, metadata),
    })
    for entry in result.review_log.itertuples() if len(result.review_log) else []:
        what = f"{entry.printed} -> {entry.value:.2f}" if entry.action == "corrected" else "accepted as printed"
        _log(settings, f"reviewed: {entry.indicator_id} {entry.year} {entry.area} ({entry.check}): {what}")
    failing = unaccepted_at_or_above(result.anomalies, settings.fail_on)
    result.exit_code = 1 if len(failing) else 0
    counts = result.anomalies.groupby(["severity", "accepted"]).size()
    _log(settings, "anomalies: " + ", ".join(
        f"{n} {sev}{' (accepted)' if acc else ''}" for (sev, acc), n in counts.items()
    ) if len(counts) else "anomalies: none")
    if len(failing):
        _log(settings, f"{len(failing)} unaccepted anomalies at or above '{settings.fail_on}': exit 1")
    return result


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    frames = [f for f in frames if len(f.columns)]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def _extract(edition: Edition, catalog: Catalog) -> Extraction:
    try:
        return extract_appendix(edition, catalog)
    except PipelineError:
        raise
    except Exception as exc:  # a reader bug must still name the file, never dump a traceback
        raise InputError(edition.path, f"could not be read ({type(exc).__name__}: {exc})") from exc


def _log(settings: RunSettings, message: str) -> None:
    if not settings.quiet:
        print(message, file=sys.stderr)

"""The main job: read every source, extract, validate, review and publish.

The CLI only parses arguments and calls ``run``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import pandas as pd

from pipeline.appendix import Extraction, extract_appendix, pair_sources, validated
from pipeline.forks import Preloaded, available_cpus, map_in_forks
from pipeline.catalog import Catalog, default_catalog
from pipeline.checks import apply_statuses, claim_anomalies, find_anomalies, text_anomalies, unaccepted_at_or_above
from pipeline.claims import claims_stage, text_consistency
from pipeline.errors import InputError, PipelineError
from pipeline.figures import body_lines, extract_figures, validated_figures
from pipeline.package import datapackage
from pipeline.preload import early_reading, helper_process
from pipeline.publish import base_metadata, parquet_writer, text_writer, write_outputs
from pipeline.cell_images import CellImages
from pipeline.report import QaReportInputs, qa_report_html, summary_markdown
from pipeline.review import apply_review, load_review, review_path_for
from pipeline.sources import Edition, open_edition
from schemas.anomalies import Anomalies
from schemas.cells import IndicatorCells
from schemas.claims import Claims

DEFAULT_RAW = Path("raw")
DEFAULT_OUT = Path("clean")
EDITION_SUFFIXES = (".pdf", ".txt")
FAIL_LEVELS = ("error", "warning", "never")


@dataclass(frozen=True)
class RunSettings:
    out: Path = DEFAULT_OUT
    fail_on: str = "error"  # exit 1 on an unaccepted anomaly at or above this severity
    quiet: bool = False
    previous: tuple[Path, ...] = ()  # sources of the previous edition: its revisions go in the outputs


@dataclass
class RunResult:
    cells: pd.DataFrame
    figures: pd.DataFrame
    claims: pd.DataFrame
    anomalies: pd.DataFrame
    review_log: pd.DataFrame
    decisions: pd.DataFrame
    provenance: dict[str, tuple[str, str]] = field(default_factory=dict)  # edition -> (file, sha256)
    sources: dict[str, list[Edition]] = field(default_factory=dict)  # edition -> its sources, primary first
    revisions: pd.DataFrame | None = None  # against a previous edition, when one is given
    previous: RunResult | None = None  # that previous edition, analysed
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
    helper: Preloaded | None = None,
) -> RunResult:
    """Analyse the editions and publish the outputs into ``settings.out``; with
    ``settings.previous``, also what the edition revises of the previous one.

    ``helper``: the process that parses PDF pages and renders the QA report
    (``pipeline.preload.helper_process``); without one, one is started here, importing
    great-tables while this process analyses.
    """
    with helper or helper_process(list(paths or ())) as helper:
        result = analyse(paths, settings, catalog, validate=False)
        if settings.previous:
            from pipeline.diff import compare_previous

            result.previous, result.revisions = compare_previous(settings.previous, result, catalog)
        # The helper renders the QA report while this process validates the frames it shows (an
        # invalid frame stops the run before anything is written).
        report = helper.submit(qa_report_html, _report_inputs(result, settings))
        validate_result(result)
        publish_result(result, settings, report)
    return result


def analyse(
    paths: Sequence[Path] | None = None,
    settings: RunSettings = RunSettings(),
    catalog: Catalog | None = None,
    validate: bool = True,
    claims_judged: Callable[[pd.DataFrame], object] | None = None,
) -> RunResult:
    """Read, extract, check and review every edition; nothing is written. The published frames are
    validated (``validate=False``: left to ``validate_result``, for a caller with work to do first).

    ``claims_judged``: called with the claims of an edition analysed alone as soon as they are
    judged (they do not change after that)."""
    catalog = catalog or default_catalog()
    paths = list(paths) if paths else default_sources()
    editions = [open_edition(p) for p in paths]
    by_edition: dict[str, list[Edition]] = {}
    for edition in editions:
        by_edition.setdefault(edition.edition, []).append(edition)
    parts: dict[str, list] = {k: [] for k in ("cells", "figures", "claims", "anomalies", "log", "decisions", "body_source")}
    provenance: dict[str, tuple[str, str]] = {}
    ordered_sources: dict[str, list[Edition]] = {}
    # The PDF is an edition's primary source; a text edition of it corroborates it.
    ordered = {e: sorted(by_edition[e], key=lambda s: (s.kind != "pdf", s.path.name)) for e in sorted(by_edition)}
    # Editions are independent: with several, they are analysed side by side, a batch of one
    # per CPU at a time (so that progress moves); one edition is analysed here, its PDF pages
    # side by side.
    ids = list(ordered)
    batch_size = max(1, available_cpus())
    alone = len(ids) == 1
    try:
        with _Progress(settings, len(ids)) as progress:
            for start in range(0, len(ids), batch_size):
                batch = ids[start:start + batch_size]
                progress.update(", ".join(f"edition {e} ({', '.join(s.path.name for s in ordered[e])})" for e in batch))
                results = map_in_forks(lambda e: _analyse_edition(e, ordered[e], catalog, side_by_side=alone,
                                                                  claims_judged=claims_judged if alone else None),
                                       batch)
                for edition_id, frames in zip(batch, results, strict=True):
                    sources = ordered[edition_id]
                    provenance[edition_id] = (sources[0].path.name, sources[0].sha256)
                    ordered_sources[edition_id] = sources
                    for key, frame in frames.items():
                        parts[key].append(frame)
                    progress.advance()
                    _log(settings, f"{edition_id}: {len(frames['cells'])} cells from {sources[0].path.name}"
                         + "".join(f", cross-checked with {s.path.name}" for s in sources[1:])
                         + f"; {len(frames['figures'])} figures and {len(frames['claims'])} claims from "
                         + frames["body_source"])
    finally:
        # What this process opened (pdfplumber's file of a PDF it read itself); an edition
        # opens it again if asked for pages later.
        for edition in editions:
            edition.close()
    result = RunResult(
        cells=_concat(parts["cells"]),
        figures=_concat(parts["figures"]),
        claims=_concat(parts["claims"]),
        anomalies=_concat(parts["anomalies"]),
        review_log=_concat(parts["log"]),
        decisions=_concat(parts["decisions"]),
        provenance=provenance,
        sources=ordered_sources,
    )
    failing = unaccepted_at_or_above(result.anomalies, settings.fail_on)
    result.exit_code = 1 if len(failing) else 0
    return validate_result(result) if validate else result


def validate_result(result: RunResult) -> RunResult:
    """The published frames validated as published: one lazy pass each over every edition."""
    result.cells = IndicatorCells.validate(result.cells, lazy=True)
    result.figures = validated_figures(result.figures)
    result.claims = Claims.validate(result.claims, lazy=True)
    if len(result.anomalies):
        result.anomalies = Anomalies.validate(result.anomalies, lazy=True)
    return result


def _analyse_edition(edition_id: str, sources: list[Edition], catalog: Catalog, side_by_side: bool = False,
                     claims_judged: Callable[[pd.DataFrame], object] | None = None) -> dict:
    """One edition, primary source first: its frames (cells, figures, claims, anomalies, log, decisions).

    ``side_by_side``: steps that do not depend on each other run in forked processes (for an
    edition analysed alone; several editions are already analysed side by side).
    ``claims_judged``: called with the claims once they are judged.
    """
    workers = None if side_by_side else 1
    # A single source may have been read early by the helper process (pipeline.preload).
    early = early_reading(sources[0].path, sources[0].sha256, catalog) if len(sources) == 1 else None
    extractions = ([_extract(sources[0], catalog, early.extraction)] if early is not None
                   else map_in_forks(lambda source: _extract(source, catalog), sources, workers))
    primary = extractions[0]
    decisions = pd.concat([x.decisions for x in extractions], ignore_index=True)
    pairs = (pd.concat([pair_sources(primary.cells, x.cells) for x in extractions[1:]], ignore_index=True)
             if len(extractions) > 1 else None)
    # Body figures from the text edition when there is one (its lines are the text as printed),
    # else from the PDF's text layer. They do not depend on the table's anomalies: both are found
    # at once. Figures, claims, anomalies and cells are validated once, as published (analyse).
    text_index = next((k for k, s in enumerate(sources) if s.kind == "text"), 0)
    body_source = sources[text_index]
    lines = (early.lines if early is not None
             else body_lines(body_source, set(extractions[text_index].cells["page"].unique())))
    (_, anomalies), figures = map_in_forks(lambda step: step(), [
        lambda: find_anomalies(primary.cells, decisions, catalog, pairs, validate=False),
        lambda: early.figures if early is not None else extract_figures(lines, edition_id, body_source.path.name),
    ], workers if early is None else 1)
    acceptances = _acceptances(sources)
    # Claims are judged against the table with the reviewed corrections in place.
    reviewed_cells, _, _ = apply_review(primary.cells, anomalies, acceptances)
    claims = claims_stage(lines, figures, reviewed_cells, catalog, validate=False,
                          linked=early.linked if early is not None else None)
    if claims_judged is not None:
        claims_judged(claims)
    anomalies = pd.concat([anomalies, claim_anomalies(claims, validate=False),
                           text_anomalies(text_consistency(claims, figures), validate=False)], ignore_index=True)
    cells, anomalies, log = apply_review(primary.cells, anomalies, acceptances)
    cells = apply_statuses(cells, anomalies)
    # Validated in analyse, as published.
    return {"cells": cells, "figures": figures, "claims": claims, "anomalies": anomalies, "log": log,
            "decisions": decisions, "body_source": body_source.path.name}


class _Progress:
    """Progress of a run over several editions on stderr (rich); silent for one edition or --quiet."""

    def __init__(self, settings: RunSettings, total: int):
        self.bar = None
        if not settings.quiet and total > 1:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                console=Console(stderr=True), transient=True)
            self.task = self.bar.add_task("reading", total=total)

    def __enter__(self):
        if self.bar:
            self.bar.start()
        return self

    def __exit__(self, *exc):
        if self.bar:
            self.bar.stop()
        return False

    def update(self, description: str) -> None:
        if self.bar:
            self.bar.update(self.task, description=description)

    def advance(self) -> None:
        if self.bar:
            self.bar.advance(self.task)


def publish_result(result: RunResult, settings: RunSettings = RunSettings(),
                   report: Callable[[], str] | None = None) -> None:
    """Write every output of ``result`` atomically into ``settings.out``. ``report`` gives the QA
    report's HTML (as rendered by a helper process); without it, the report is rendered here."""
    provenance = result.provenance
    render = report or partial(qa_report_html, _report_inputs(result, settings))
    metadata = base_metadata(provenance)
    summary = summary_markdown(result.cells, result.anomalies, result.claims, result.review_log,
                               settings.fail_on, result.exit_code)
    from pipeline.diff import revisions_parquet

    result.written = write_outputs(settings.out, {
        "indicators.parquet": parquet_writer(result.cells, metadata),
        "anomalies.parquet": parquet_writer(result.anomalies, metadata),
        "figures.parquet": parquet_writer(result.figures, metadata),
        "claims.parquet": parquet_writer(result.claims, metadata),
        "datapackage.json": text_writer(datapackage(sorted(provenance), with_revisions=result.revisions is not None)),
        "summary.md": text_writer(summary),
        **({"revisions.parquet": revisions_parquet(result.revisions, result.previous, result)}
           if result.revisions is not None else {}),
        "qa-report.html": lambda path: text_writer(render())(path),  # last: it may still be rendering
    })
    _log(settings, summary.rstrip())


def _report_inputs(result: RunResult, settings: RunSettings) -> QaReportInputs:
    return QaReportInputs(
        cells=result.cells, anomalies=result.anomalies, claims=result.claims, review_log=result.review_log,
        decisions=result.decisions, provenance=_provenance_frame(result), fail_on=settings.fail_on,
        exit_code=result.exit_code, images=_flagged_cell_images(result), revisions=result.revisions,
    )


def _provenance_frame(result: RunResult) -> pd.DataFrame:
    rows = [
        {"edition": edition, "role": "primary" if k == 0 else "cross-check", "file": source.path.name,
         "kind": source.kind, "sha256": source.sha256}
        for edition, sources in sorted(result.sources.items()) for k, source in enumerate(sources)
    ]
    return pd.DataFrame(rows, columns=["edition", "role", "file", "kind", "sha256"])


def _flagged_cell_images(result: RunResult) -> CellImages:
    """The printed image of every cell an anomaly names, for sources that are PDFs (cut when the
    report asks for them, in the process that renders it)."""
    pdfs = {s.path.name: s.path for sources in result.sources.values() for s in sources if s.kind == "pdf"}
    if not pdfs or result.anomalies.empty:
        return CellImages(result.cells, (), pdfs)
    named = result.anomalies[result.anomalies["year"].notna() & result.anomalies["area"].notna()
                             & result.anomalies["indicator_id"].notna()]
    wanted = {(str(a.edition), a.indicator_id, int(a.year), str(a.area)) for a in named.itertuples()}
    return CellImages(result.cells, wanted, pdfs)


def _acceptances(sources: list[Edition]) -> list:
    acceptances = []
    for source in sources:
        review = review_path_for(source.path)
        if review.exists() and not any(a.file == review.name for a in acceptances):
            acceptances += load_review(review)
    return acceptances


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    frames = [f for f in frames if len(f.columns)]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def _extract(edition: Edition, catalog: Catalog, read: Extraction | None = None) -> Extraction:
    """The edition's validated extraction (``read``: as already read)."""
    try:
        return validated(read) if read is not None else extract_appendix(edition, catalog)
    except PipelineError:
        raise
    except Exception as exc:  # a reader bug must still name the file, never dump a traceback
        first = str(exc).strip().splitlines()[0][:160] if str(exc).strip() else ""
        raise InputError(edition.path, f"could not be read ({type(exc).__name__}: {first})") from exc


def _log(settings: RunSettings, message: str) -> None:
    if not settings.quiet:
        print(message, file=sys.stderr)

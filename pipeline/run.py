"""The main job: read every source, extract, validate, review and publish.

A readable sequence of stage calls; the CLI only parses arguments and calls ``run``, ``analyse``
or ``compare_sources``. Editions are analysed one after another, each source read once.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.appendix import Extraction, extract_appendix, pair_sources
from pipeline.catalog import Catalog, default_catalog
from pipeline.cell_images import CellImages
from pipeline.checks import apply_statuses, claim_anomalies, find_anomalies, text_anomalies, unaccepted_at_or_above
from pipeline.claims import claims_stage, text_consistency
from pipeline.diff import EditionDiff, EditionsError, diff_editions, edition_of_result, revisions_parquet
from pipeline.editions import default_sources, list_editions
from pipeline.errors import InputError, PipelineError, describe
from pipeline.figures import body_lines, extract_figures, validated_figures, with_boxes
from pipeline.package import datapackage
from pipeline.publish import base_metadata, parquet_writer, text_writer, write_outputs
from pipeline.report import QaReportInputs, qa_report_html, summary_markdown
from pipeline.review import apply_review, load_review, review_path_for
from pipeline.run_types import RunResult, RunSettings
from pipeline.sources import Edition, open_edition
from schemas.anomalies import Anomalies
from schemas.cells import IndicatorCells
from schemas.claims import Claims

__all__ = ["RunResult", "RunSettings", "analyse", "compare_previous", "compare_sources", "run"]


def run(paths: Sequence[Path] | None = None, settings: RunSettings = RunSettings(),
        catalog: Catalog | None = None) -> RunResult:
    """Analyse the editions and publish the outputs into ``settings.out``; with
    ``settings.previous``, also what the edition revises of the previous one."""
    result = analyse(paths, settings, catalog)
    if settings.previous:
        result.previous, result.revisions = compare_previous(settings.previous, result, catalog)
    publish_result(result, settings)
    return result


def analyse(paths: Sequence[Path] | None = None, settings: RunSettings = RunSettings(),
            catalog: Catalog | None = None) -> RunResult:
    """Read, extract, check and review every edition; nothing is written."""
    catalog = catalog or default_catalog()
    editions = [open_edition(p, settings.budgets) for p in (list(paths) if paths else default_sources())]
    by_edition = _sources_by_edition(editions)
    analysed: dict[str, EditionFrames] = {}
    try:
        with _Progress(settings, len(by_edition)) as progress:
            for edition_id, sources in by_edition.items():
                progress.update(f"edition {edition_id} ({', '.join(s.path.name for s in sources)})")
                frames = analysed[edition_id] = analyse_edition(edition_id, sources, catalog)
                progress.advance()
                _log(settings, f"{edition_id}: {len(frames.cells)} cells from {sources[0].path.name}"
                     + "".join(f", cross-checked with {s.path.name}" for s in sources[1:])
                     + f"; {len(frames.figures)} figures and {len(frames.claims)} claims from {frames.body_source}")
    finally:
        for edition in editions:
            edition.close()
    result = RunResult(
        cells=_concat([f.cells for f in analysed.values()]),
        figures=_concat([f.figures for f in analysed.values()]),
        claims=_concat([f.claims for f in analysed.values()]),
        anomalies=_concat([f.anomalies for f in analysed.values()]),
        review_log=_concat([f.review_log for f in analysed.values()]),
        decisions=_concat([f.decisions for f in analysed.values()]),
        provenance={e: (s[0].path.name, s[0].sha256) for e, s in by_edition.items()},
        sources=by_edition,
    )
    result.exit_code = 1 if len(unaccepted_at_or_above(result.anomalies, settings.fail_on)) else 0
    return validate_result(result)


@dataclass(frozen=True)
class EditionFrames:
    """One edition's frames, as published (validated together with the other editions')."""

    cells: pd.DataFrame
    figures: pd.DataFrame
    claims: pd.DataFrame
    anomalies: pd.DataFrame
    review_log: pd.DataFrame
    decisions: pd.DataFrame
    body_source: str  # file the body figures were read from


def analyse_edition(edition_id: str, sources: list[Edition], catalog: Catalog) -> EditionFrames:
    """One edition, primary source first: extract, check, read the body, judge, review."""
    extractions = [_extract(source, catalog) for source in sources]
    primary = extractions[0]
    decisions = pd.concat([x.decisions for x in extractions], ignore_index=True)
    pairs = (pd.concat([pair_sources(primary.cells, x.cells) for x in extractions[1:]], ignore_index=True)
             if len(extractions) > 1 else None)
    _, anomalies = find_anomalies(primary.cells, decisions, catalog, pairs, validate=False)
    # Body figures from the text edition when there is one (its lines are the text as printed),
    # else from the PDF's text layer.
    body = next((k for k, s in enumerate(sources) if s.kind == "text"), 0)
    lines = body_lines(sources[body], set(extractions[body].cells["page"].unique()))
    figures = with_boxes(extract_figures(lines, edition_id, sources[body].path.name), sources[body])
    acceptances = _acceptances(sources)
    # Claims are judged against the table with the reviewed corrections in place.
    reviewed_cells, _, _ = apply_review(primary.cells, anomalies, acceptances)
    claims = claims_stage(lines, figures, reviewed_cells, catalog, validate=False)  # each with its figure's box
    anomalies = pd.concat([anomalies, claim_anomalies(claims, validate=False),
                           text_anomalies(text_consistency(claims, figures), validate=False)], ignore_index=True)
    cells, anomalies, log = apply_review(primary.cells, anomalies, acceptances)
    return EditionFrames(apply_statuses(cells, anomalies), figures, claims, anomalies, log, decisions,
                         sources[body].path.name)


def validate_result(result: RunResult) -> RunResult:
    """The published frames validated as published: one lazy pass each over every edition."""
    result.cells = IndicatorCells.validate(result.cells, lazy=True)
    result.figures = validated_figures(result.figures)
    result.claims = Claims.validate(result.claims, lazy=True)
    if len(result.anomalies):
        result.anomalies = Anomalies.validate(result.anomalies, lazy=True)
    return result


def compare_sources(old: Sequence[Path], new: Sequence[Path], settings: RunSettings = RunSettings(quiet=True),
                    catalog: Catalog | None = None) -> EditionDiff:
    """Analyse the sources of two editions (each: files and/or folders holding one edition) and
    compare them. Input problems raise ``InputError`` naming the file."""
    results = []
    for side, paths in (("old", old), ("new", new)):
        if not paths:
            raise EditionsError(f"no {side} edition given")
        results.append(analyse(_one_edition(paths, f"the {side} sources"), settings, catalog))
    old_result, new_result = results
    return EditionDiff(old_result, new_result, diff_editions(old_result, new_result))


def compare_previous(previous: Sequence[Path], new: RunResult,
                     catalog: Catalog | None = None) -> tuple[RunResult, pd.DataFrame]:
    """The previous edition (its sources: files and/or a folder holding one edition) analysed, and
    what ``new`` (a run of one edition) revises of it."""
    edition_of_result(new, "new")
    old = analyse(_one_edition(previous, "--previous"), RunSettings(quiet=True), catalog)
    return old, diff_editions(old, new)


def _one_edition(paths: Sequence[Path], what: str) -> list[Path]:
    """The sources of the one edition ``paths`` hold, found by title (cheap) before anything is
    analysed."""
    found = list_editions(paths)
    if len(found) != 1:
        held = "; ".join(f"{e.edition}: {', '.join(s.name for s in e.sources)}" for e in found)
        raise InputError(paths[0], f"{what} hold {len(found)} editions ({held}); give the sources of one edition")
    return list(found[0].sources)


def _sources_by_edition(editions: list[Edition]) -> dict[str, list[Edition]]:
    """Edition id -> its sources, in id order; the PDF is an edition's primary source, a text
    edition of it corroborates it."""
    by_edition: dict[str, list[Edition]] = {}
    for edition in editions:
        by_edition.setdefault(edition.edition, []).append(edition)
    return {e: sorted(by_edition[e], key=lambda s: (s.kind != "pdf", s.path.name)) for e in sorted(by_edition)}


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


def publish_result(result: RunResult, settings: RunSettings = RunSettings()) -> None:
    """Write every output of ``result`` atomically into ``settings.out``."""
    metadata = base_metadata(result.provenance)
    summary = summary_markdown(result.cells, result.anomalies, result.claims, result.review_log,
                               settings.fail_on, result.exit_code)
    report = qa_report_html(_report_inputs(result, settings))
    result.written = write_outputs(settings.out, {
        "indicators.parquet": parquet_writer(result.cells, metadata),
        "anomalies.parquet": parquet_writer(result.anomalies, metadata),
        "figures.parquet": parquet_writer(result.figures, metadata),
        "claims.parquet": parquet_writer(result.claims, metadata),
        "datapackage.json": text_writer(datapackage(sorted(result.provenance),
                                                    with_revisions=result.revisions is not None)),
        "summary.md": text_writer(summary),
        **({"revisions.parquet": revisions_parquet(result.revisions, result.previous, result)}
           if result.revisions is not None else {}),
        "qa-report.html": text_writer(report),
    })
    _log(settings, summary.rstrip())


def _report_inputs(result: RunResult, settings: RunSettings) -> QaReportInputs:
    return QaReportInputs(
        cells=result.cells, anomalies=result.anomalies, claims=result.claims, review_log=result.review_log,
        decisions=result.decisions, provenance=_provenance_frame(result), fail_on=settings.fail_on,
        exit_code=result.exit_code, images=_flagged_cell_images(result), revisions=result.revisions,
        claim_images=_flagged_claim_images(result),
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


def _flagged_claim_images(result: RunResult) -> CellImages:
    """The printed image of every inconsistent claim's figure read from a PDF, by claim id."""
    pdfs = {s.path.name: s.path for sources in result.sources.values() for s in sources if s.kind == "pdf"}
    claims = result.claims
    flagged = claims[(claims["verdict"] == "inconsistent") & claims["bbox"].notna()] if len(claims) else claims
    return CellImages.of_boxes({c.claim_id: (str(c.source), int(c.page), c.bbox) for c in flagged.itertuples()
                                if isinstance(c.bbox, dict)}, pdfs)


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


def _extract(edition: Edition, catalog: Catalog) -> Extraction:
    """The edition's validated extraction."""
    try:
        return extract_appendix(edition, catalog)
    except PipelineError:
        raise
    except Exception as exc:  # a reader bug must still name the file, never dump a traceback
        raise InputError(edition.path, f"could not be read ({describe(exc)})") from exc


def _log(settings: RunSettings, message: str) -> None:
    if not settings.quiet:
        print(message, file=sys.stderr)

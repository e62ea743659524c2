"""The main job: read every source, extract, check and publish. The CLI only calls ``run``."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline.appendix import Extraction, compare_cells, extract_appendix
from pipeline.catalog import Catalog, default_catalog
from pipeline.errors import InputError, PipelineError
from pipeline.publish import base_metadata, parquet_writer, write_outputs
from pipeline.sources import Edition, open_edition

DEFAULT_RAW = Path("raw")
DEFAULT_OUT = Path("clean")
EDITION_SUFFIXES = (".pdf", ".txt")


@dataclass(frozen=True)
class RunSettings:
    out: Path = DEFAULT_OUT
    fail_on: str = "error"  # error | warning | never
    quiet: bool = False


@dataclass
class RunResult:
    cells: pd.DataFrame
    decisions: pd.DataFrame
    source_mismatches: pd.DataFrame
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
        by_edition.setdefault(_edition_id(edition), []).append(edition)
    cells, decisions, mismatches = [], [], []
    provenance: dict[str, tuple[str, str]] = {}
    for edition_id in sorted(by_edition):
        # The PDF is the primary source of an edition; a text edition of it corroborates it.
        sources = sorted(by_edition[edition_id], key=lambda e: (e.kind != "pdf", e.path.name))
        extractions = [_extract(source, catalog) for source in sources]
        primary = extractions[0]
        provenance[edition_id] = (sources[0].path.name, sources[0].sha256)
        cells.append(primary.cells)
        decisions += [x.decisions for x in extractions]
        for other in extractions[1:]:
            mismatches.append(compare_cells(primary.cells, other.cells))
        _log(settings, f"{edition_id}: {len(primary.cells)} cells from {sources[0].path.name}"
             + "".join(f", cross-checked with {s.path.name}" for s in sources[1:]))
    result = RunResult(
        cells=pd.concat(cells, ignore_index=True),
        decisions=pd.concat(decisions, ignore_index=True),
        source_mismatches=pd.concat(mismatches, ignore_index=True) if mismatches else pd.DataFrame(),
    )
    metadata = base_metadata(provenance)
    result.written = write_outputs(settings.out, {"indicators.parquet": parquet_writer(result.cells, metadata)})
    if len(result.source_mismatches):
        _log(settings, f"{len(result.source_mismatches)} cells differ between sources of one edition")
    return result


def _edition_id(edition: Edition) -> str:
    return edition.edition


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

"""A helper process started before the heavy imports, for the work a run does with great-tables
and pdfplumber, and for reading a single source early.

The command line starts it first thing, so that what it imports (pandas, great-tables, pdfplumber:
about a second) is imported on another CPU while this process imports the rest. Given a single
source, it then reads it right away (``read_early``: the appendix as read, the body's figures and
the rows their sentences speak of, not yet validated), which this process takes over when it
gets there (``early_reading``). It parses the PDF appendix pages this process asks for
(``preloaded_with("pdfplumber")`` finds it), renders a lone edition's claims table as soon as the
claims are judged, and at the end renders the rest of the QA report and cuts the cell images.
This module imports nothing heavy itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.forks import Preloaded

if TYPE_CHECKING:
    import pandas as pd

    from pipeline.appendix import Extraction
    from pipeline.catalog import Catalog
    from pipeline.claims import LinkedSentence

# What the helper imports first (reading a source early), then while it waits for calls (the QA
# report; PDF appendix pages and cell images).
MODULES = ("pipeline.appendix", "pipeline.catalog", "pipeline.figures", "pipeline.claims")
LATER = ("pipeline.report", "great_tables", "pyarrow", "pdfplumber", "pipeline.appendix.pdf")


@dataclass(frozen=True)
class EarlyReading:
    """A source read by the helper before this process needed it (with the default catalog and
    reader settings); nothing in it is validated yet."""

    sha256: str  # of the bytes read: the reading is used only for the same file content
    extraction: Extraction
    lines: list[tuple[int, int, str]]  # the source's body: (line, page, text) outside the appendix pages
    figures: pd.DataFrame  # of those lines
    linked: list[LinkedSentence]  # their sentences with figures, and the rows each speaks of


_EARLY: dict[Path, Callable[[], EarlyReading | None]] = {}  # source path -> its reading, when ready


def helper_process(sources: Sequence[Path] = ()) -> Preloaded:
    """A process importing ``MODULES`` and ``LATER``; given a single source, it reads it early.
    ``pipeline.run.run`` has it render the QA report (or renders it itself where there is no such
    process).

    Only a single source is read early: with two (a PDF and its text edition) they are read side
    by side anyway, and with several editions the editions are.
    """
    helper = Preloaded(MODULES, later=LATER)
    if len(sources) == 1 and Path(sources[0]).is_file():
        _EARLY[Path(sources[0])] = helper.submit(read_early, Path(sources[0]), here=lambda: None)
    return helper


def read_early(path: Path) -> EarlyReading:
    """What ``pipeline.run`` reads of a single source first: its appendix, its body's figures and
    the rows the sentences around them speak of."""
    from pipeline.appendix import read_appendix
    from pipeline.catalog import default_catalog
    from pipeline.claims import link_sentences
    from pipeline.figures import body_lines, extract_figures
    from pipeline.sources import open_edition

    edition = open_edition(path)
    try:
        extraction = read_appendix(edition, default_catalog())
        lines = body_lines(edition, set(extraction.cells["page"].unique()))
        figures = extract_figures(lines, edition.edition, edition.path.name)
        return EarlyReading(edition.sha256, extraction, lines, figures, link_sentences(lines, figures, default_catalog()))
    finally:
        edition.close()


def early_reading(path: Path, sha256: str, catalog: Catalog) -> EarlyReading | None:
    """The early reading of the source at ``path`` if there is one for this content and catalog
    (taken once; waits for it if the helper is still reading), else None: read it here."""
    from pipeline.catalog import default_catalog

    pending = _EARLY.pop(Path(path), None)
    reading = pending() if pending is not None else None
    if reading is None or reading.sha256 != sha256 or catalog is not default_catalog():
        return None
    return reading

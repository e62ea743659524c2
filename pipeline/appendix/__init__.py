"""Stage 1, extract: the statistical appendix of an edition as one row per printed cell.

``extract_appendix`` reads a PDF (pdfplumber word positions) or a text edition into the cells
frame documented by ``schemas.cells.IndicatorCells`` and the reader's decisions documented by
``schemas.cells.ExtractionDecisions``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from pipeline.appendix.cells import cells_frame, decisions_frame
from pipeline.appendix.fit import pages_named
from pipeline.appendix.pdf import PdfTableSettings, TableOffPage, read_pdf_appendix
from pipeline.appendix.text import TextTableSettings, read_text_edition
from pipeline.appendix.model import Decision
from pipeline.catalog import Catalog, default_catalog
from pipeline.errors import InputError
from pipeline.numbers import GLUED_FIGURES, WRAPPED_PIECE, is_value_token
from pipeline.ocr import with_confidence
from pipeline.sources import Edition, PdfEdition

__all__ = ["Extraction", "ReaderSettings", "extract_appendix", "pair_sources", "read_appendix", "validated"]


@dataclass(frozen=True)
class LeftOutSettings:
    """When a page among or right before or after the table's pages, which the reading did not take, holds
    figures enough to be the table going on (a producer that repeats no header, a page an
    extractor wrote out of order): at least a row's few figures, and this share of its words
    (prose quotes a figure here and there)."""

    min_figures: int = 4
    min_share: float = 0.15


@dataclass(frozen=True)
class ReaderSettings:
    pdf: PdfTableSettings = field(default_factory=PdfTableSettings)
    text: TextTableSettings = field(default_factory=TextTableSettings)
    left_out: LeftOutSettings = field(default_factory=LeftOutSettings)


@dataclass(frozen=True)
class Extraction:
    cells: pd.DataFrame
    decisions: pd.DataFrame


def extract_appendix(
    edition: Edition, catalog: Catalog | None = None, settings: ReaderSettings = ReaderSettings()
) -> Extraction:
    """The edition's cells and the reader's decisions, validated."""
    return validated(read_appendix(edition, catalog, settings))


def read_appendix(
    edition: Edition, catalog: Catalog | None = None, settings: ReaderSettings = ReaderSettings()
) -> Extraction:
    """The edition's cells and the reader's decisions as read, not yet validated (``validated``)."""
    catalog = catalog or default_catalog()
    try:
        if isinstance(edition, PdfEdition):
            try:
                table = read_pdf_appendix(edition, catalog, settings.pdf)
            except TableOffPage:
                raise
            except InputError:
                # The table may be printed where the text layer is not: on pages of pictures (a
                # scan pasted in), or under a text layer that lies. Read from what is printed.
                if not (edition.read_image_pages() or edition.text_layer_lies()):
                    raise
                table = read_pdf_appendix(edition, catalog, settings.pdf)
        else:
            table = read_text_edition(edition, catalog, settings.text)
    except InputError as error:
        if not edition.skipped_pages:
            raise
        # The table may be on a page that was not read: say so with the refusal.
        raise InputError(edition.path, f"{error.reason}; {_skipped(edition.skipped_pages)}") from None
    # A table may go on over the page beside it: if that page was left out over a budget, the
    # table read is not known to be whole.
    beside = {p: why for p, why in edition.skipped_pages.items() if min(table.pages) - 1 <= p <= max(table.pages) + 1}
    if beside:
        pages = pages_named(table.pages)
        raise InputError(edition.path, f"the appendix table on {pages} may go on over a page beside it, "
                                       f"{_skipped(beside)}")
    # The cells read from each page (a reader may have passed over a page it took none from, or
    # over the rows of a page after its first few).
    taken = (Counter(cell.page for row in table.rows for cell in row.cells.values())
             or Counter(dict.fromkeys(table.pages, 0)))
    left_out = _pages_left_out(edition, taken, settings.left_out)
    if left_out:
        pages = pages_named(table.pages)
        shown = "; ".join(f"page {page} ({figures} of its {words} words"
                          f"{' not read into a cell' if taken[page] else ''})" for page, figures, words in left_out)
        raise InputError(edition.path, f"the appendix table on {pages} may go on where no reading took it: "
                                       f"figures on {shown}, no header over them read")
    # Pages left out over a budget are reported with the edition (pipeline.budgets).
    for page, why in sorted(edition.skipped_pages.items()):
        table.decisions.append(Decision("page_over_budget", None, page, None,
                                        f"page {page} was not read: {why}"))
    ocr_pages = {p: page for p, page in getattr(edition, "ocr_pages", {}).items() if p in table.pages}
    replaced = getattr(edition, "text_layer_replaced", None)
    unseen = getattr(edition, "invisible_text_pages", [])
    for number, page in sorted(ocr_pages.items()):
        why = (f"the file's {replaced}" if replaced else
               "its text is invisible over a picture (another OCR engine's layer)" if number in unseen else
               "it has no text layer, only a picture")
        table.decisions.append(Decision(
            "ocr_page", None, number, None,
            f"page {number} was read by OCR ({page.engine}) because {why}: {len(page.words)} words, "
            f"mean confidence {page.mean_confidence():.0f}; a skew of {page.skew:.2f} degrees was taken out",
            chosen=page.engine))
    period_start = int(edition.edition[:4])
    newest = max((slot.year for slot in table.slots), default=period_start)
    if newest < period_start:
        table.decisions.append(Decision(
            "short_table", None, max(table.pages), None,
            f"the table's newest year is {newest}, before the report's period ({edition.edition}): its "
            "last columns may be cut off (a table wider than its page, its text exported) or not printed"))
    name = edition.path.name
    cells = cells_frame(table, catalog, edition.edition, name)
    if ocr_pages:
        cells = with_confidence(cells, ocr_pages)
    return Extraction(cells, decisions_frame(table, catalog, edition.edition, name))


def _pages_left_out(edition: Edition, taken: Counter, settings: LeftOutSettings) -> list[tuple[int, int, int]]:
    """(page, figures, words) for each page among the table's pages or right before or after them
    that the reading did not take and that holds figures enough to be the table's, or that holds
    more figures again beyond the cells the reading ``taken`` from it: a table read is whole (an
    extractor may write a page's header after its rows, so the table's first page may be the one
    the reading missed; a page with no header of its own may have lent the table only its first
    row)."""
    texts = _texts_by_page(edition)
    out = []
    for page in range(min(taken) - 1, max(taken) + 2):
        if page not in texts:
            continue
        # A letter on its own is a piece of a word an extractor broke up, not a word of prose; on
        # a page read, a figure's last digits and unit a narrow cell wrapped ("60.3" / "5%") are
        # a piece of a cell read.
        figures = others = 0
        for word in texts[page].split():
            if is_value_token(word):
                figures += not (taken[page] and WRAPPED_PIECE.match(word))
            elif len(word) > 1:
                # A word may run figures together, or into its label ("delict3.33%1.60%").
                figures += len(GLUED_FIGURES.findall(word))
                others += 1
        left = figures - taken[page]
        if (left >= max(settings.min_figures, taken[page])
                and left >= settings.min_share * (figures + others)):
            out.append((page, left, figures + others))
    return out


def _texts_by_page(edition: Edition) -> dict[int, str]:
    if isinstance(edition, PdfEdition):
        return {k: text for k, text in enumerate(edition.page_texts, start=1)}
    texts: dict[int, list[str]] = {}
    for line, page in zip(edition.lines, edition.line_pages):
        texts.setdefault(page, []).append(line)
    return {page: "\n".join(lines) for page, lines in texts.items()}


def _skipped(pages: dict[int, str]) -> str:
    shown = sorted(pages.items())[:3]
    more = len(pages) - len(shown)
    return ("not read: " + "; ".join(f"page {page} ({why})" for page, why in shown)
            + (f"; and {more} more pages" if more > 0 else ""))


def validated(extraction: Extraction) -> Extraction:
    """The extraction validated by ``schemas.cells`` (one lazy pass per frame)."""
    from schemas.cells import ExtractionDecisions, IndicatorCells

    return Extraction(IndicatorCells.validate(extraction.cells, lazy=True),
                      ExtractionDecisions.validate(extraction.decisions, lazy=True))


def pair_sources(primary: pd.DataFrame, other: pd.DataFrame) -> pd.DataFrame:
    """Every cell of an edition's primary source beside the same cell of another source of it."""
    key = ["edition", "indicator_id", "year", "area"]
    theirs = other[key + ["printed", "source", "page"]].rename(
        columns={"printed": "printed_other", "source": "source_other", "page": "page_other"}
    )
    ours = primary[key + ["indicator", "specification", "printed", "value_printed", "source", "page"]]
    pairs = ours.merge(theirs, on=key, how="outer")
    pairs["source"] = pairs["source"].fillna(primary["source"].iloc[0] if len(primary) else "")
    pairs["source_other"] = pairs["source_other"].fillna(other["source"].iloc[0] if len(other) else "")
    return pairs.sort_values(key).reset_index(drop=True)

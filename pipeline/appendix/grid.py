"""Reading the appendix table from positioned words, whoever typeset them.

The words come from a PDF page (pdfplumber) or from a fixed-width text page (``pdftotext
-layout``: a character column is an x, a line a y); rules are the page's horizontal lines, rect
edges and row fills. Nothing here knows a producer, page number or coordinate:

- the header is a line with years and, just under it or on it, the area column headers; a year
  spans the area columns under it (two-level header) or shares their cell ("2018 NPLV");
- a row is a line of values: value cells never wrap, label cells may;
- label text is cut into blocks (wrapped lines keep a tight pitch; rules and wide gaps end a
  block) and every block is given to a row. Which row depends on how the producer aligned its
  cells (top, middle or bottom) and on whether a label block may cover several rows (an indicator
  printed once for its group): those readings are all made, and the catalog decides (``fit``).
- the pages form parts: pages with the same years continue one another (a repeated header, a row
  split by the page break); a part with other years is the next part of a spread, its rows
  matched to the labelled part's rows by their labels or, without labels, in order.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from statistics import median
from typing import Sequence

from pipeline.appendix.layout import (
    merge_spans,
    merge_words,
    monotone_match,
    overlap,
    Word,
    group_lines,
    interval_gap,
    split_phrases,
    text_height,
    union_bbox,
)
from pipeline.appendix.labels import join_label_lines, row_cut_short, split_interleaved
from pipeline.appendix.lines import header_names_apart
from pipeline.appendix.model import (AREA_NAME_PREFIXES, LABEL_HEADINGS, Decision, RawCell, RawRow, RawTable, Slot,
                                     is_area_name_piece, is_label_heading_start)
from pipeline.catalog import Catalog
from pipeline.numbers import (CUT_AT_POINT, CUT_BEFORE_POINT, DASHES, MISREAD_FIGURE, POINT_PIECE, TRAILING_UNITS,
                              WRAPPED_PIECE, YEAR, is_value_token, wrapped_figure)


@dataclass(frozen=True)
class Rule:
    """A horizontal rule (a line, a rect edge, the edge of a row fill)."""

    y: float
    x0: float
    x1: float


@dataclass(frozen=True)
class PositionedPage:
    number: int  # 1-based page of the edition
    words: tuple[Word, ...]
    rules: tuple[Rule, ...] = ()
    first_line: int | None = None  # a text page: its first line's index (a word's y says its line)
    line_pitch: float = 2.0

    def line_of(self, y: float) -> int | None:
        """The 1-based line of a text page at height y; None on a PDF page."""
        return None if self.first_line is None else self.first_line + round(y / self.line_pitch) + 1


@dataclass(frozen=True)
class GridSettings:
    """Tolerances, in units of the table's text height unless noted."""

    # "NPLY", "NPL": OCR reads a small capital V as a Y, or loses it (no other word of a table is
    # spelled so).
    area_patterns: tuple[tuple[str, str], ...] = (
        ("NPLV", r"\bNPL(?:[VY]|\b)"),
        ("NL", r"\bNL\b|\bNederland\b"),
    )
    line_tolerance: float = 0.5
    phrase_gap: float = 0.8
    # Header cells stand close together: a wider gap than a word space separates them.
    header_gap: float = 0.45
    # A part of a spread may print a row's label cut short where another part prints it whole
    # (jsPDF's autoTable drops the rest of a cell it split over a page break in one part): the
    # same row when its specification is the other's start, of at least this many words.
    min_cut_label_words: int = 4
    # How many text lines the header may take from its line of years on.
    header_lines: int = 10
    # The label columns' headings, wherever in the header they stand ...
    label_headings: tuple[str, ...] = LABEL_HEADINGS
    # ... and the header's words over the value columns besides years and area names (and the
    # pieces a narrow cell breaks those into): abbreviations, hyphens broken off.
    header_words: tuple[str, ...] = ("Gem.", "Gem", "-")
    # ... of which these begin an area's name ("Gem. NPLV-"): its column starts with them.
    name_prefixes: tuple[str, ...] = AREA_NAME_PREFIXES
    # A label line further than this many wrapped-line pitches below the previous one starts a block.
    wrap_factor: float = 1.3
    # Wrapped lines of a label are at most this many text heights apart (line leading).
    max_leading: float = 1.6
    # Where label columns touch, a specification line may start this far left of its header.
    drift: float = 0.7
    # ... and a phrase that starts this close left of the boundary is read by where it starts.
    drift_zone: float = 3.0
    # Below the last row, label lines further down than this (text heights) are not the table's ...
    tail_gap: float = 2.5
    # ... nor a line that starts this far left of the rows' labels (a page's margin text).
    outside_label_columns: float = 3.0
    # A word that starts this close to where the specification lines start begins a cell, also
    # where the gap before it is narrower than a phrase gap (``_cut_at_column``).
    column_cut: float = 0.3
    # A centred label cell holds at most this many lines (``_centred_parts``).
    centred_cell_lines: int = 40


@dataclass(frozen=True)
class Alignment:
    """One hypothesis on how the producer placed label text against the row's values."""

    vertical: str  # "top" | "middle" | "bottom"
    indicator_spans_rows: bool  # an indicator block is one label even where it covers several rows

    @property
    def name(self) -> str:
        return f"{self.vertical}{'/grouped' if self.indicator_spans_rows else ''}"


ALIGNMENTS: tuple[Alignment, ...] = tuple(
    Alignment(v, g) for v in ("top", "middle", "bottom") for g in (True, False)
)


@dataclass
class _Header:
    bottom: float
    height: float
    slots: list[Slot]
    columns: list[tuple[float, float]]  # x span of every area column header
    label_columns: list[tuple[float, float]]


@dataclass
class _Segment:
    """The words of one text line in one label column."""

    column: int
    words: tuple[Word, ...]
    page: int = 0
    anchor: int | None = None  # the value line printed on the same text line (``_anchor``)

    def __post_init__(self) -> None:
        self.text = " ".join(w.text for w in self.words)
        self.top = min(w.top for w in self.words)
        self.bottom = max(w.bottom for w in self.words)


@dataclass
class _ValueLine:
    words: list[tuple[Word, int]]  # (value word, column index)
    top: float
    bottom: float

    @property
    def ymid(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class _Page:
    source: PositionedPage
    number: int
    header: _Header
    lines: list[_ValueLine]
    segments: list[_Segment]
    rules: list[Rule]
    stray: list[Word]
    label_left: float  # where the label columns start
    wrapped: list[tuple[Word, str, str]]  # figures completed by a piece wrapped below them (``_wrapped_units``)
    blocks: dict[int, list[list[_Segment]]] = field(default_factory=dict)  # per label column (``_blocks``)
    crossing: dict[int, list[float]] = field(default_factory=dict)  # per label column (``_crossing_rules``)
    line_cells: dict[int, list] = field(default_factory=dict)  # per value line (``_line_cells``)

    @property
    def labelled(self) -> bool:
        return bool(self.segments)


@dataclass
class GridReading:
    """One reading of the table: the rows under one alignment hypothesis."""

    alignment: Alignment
    table: RawTable


def find_pages(pages: Sequence[PositionedPage], settings: GridSettings = GridSettings()) -> list[_Page]:
    """The pages that carry a table header, with their value lines and label segments."""
    patterns = [(area, re.compile(p)) for area, p in settings.area_patterns]
    found: list[_Page] = []
    for page in pages:
        read = _read_page(page, patterns, settings)
        if read is None and found and found[-1].number == page.number - 1:
            # A table continued on the next page without its header repeated (a producer that
            # repeats no header row): the rows at the top of the page, under the same columns.
            read = _read_page(page, patterns, settings, continues=found[-1])
        if read is not None:
            found.append(read)
    return _units_over_breaks(found)


def _units_over_breaks(found: list[_Page]) -> list[_Page]:
    """A narrow cell of a row that a page break splits wraps its figure's unit onto the next page
    ("1500.00" at the foot of one page, "%" above the next page's first row, Writer): the unit
    completes the figure in its column on the page before (``wrapped_figure``: a figure lacking
    the unit its row's other figures carry), a wrapped cell, and is no stray word of its page; a
    unit there that completes no figure is one."""
    pages = list(found)
    for k in range(1, len(pages)):
        before, after = pages[k - 1], pages[k]
        if (after.number != before.number + 1 or before.header.slots != after.header.slots
                or not before.lines or not after.lines):
            continue
        # (above the first row: under the header's last line, or taken into its band)
        units = [w for w in after.source.words if w.text in TRAILING_UNITS and w.bottom <= after.lines[0].top
                 and w.top >= after.header.bottom - after.header.height]
        every = _units_of_every_figure(before.lines[-1], units, after.lines)
        if every is not None:
            # The cell of every figure of the row wrapped its unit: each figure lacking it takes
            # the unit in its column (its row's other figures carry none to go by).
            for index, unit in every:
                before = _with_unit(before, index, unit, before.lines[-1].words[index][0].text + unit.text)
            taken = {id(unit) for _, unit in every}
            after = replace(after, stray=[w for w in after.stray if id(w) not in taken])
            units = []
        for unit in units:
            last = before.lines[-1]
            # The unit's column on its own page (a fixed-width text may place the two pages'
            # columns apart): the one whose figures end nearest it, the unit right of its start.
            column = _nearest_column(unit, after.lines)
            under = [k for k, (_, c) in enumerate(last.words) if c == column]
            if len(under) != 1:
                after = replace(after, stray=after.stray + [unit])
                continue
            word, column = last.words[under[0]]
            joined = wrapped_figure(word.text, unit.text, [w.text for w, _ in last.words if w is not word])
            if joined is None:
                after = replace(after, stray=after.stray + [unit])
                continue
            before = _with_unit(before, under[0], unit, joined)
            after = replace(after, stray=[w for w in after.stray if w is not unit])
        pages[k - 1], pages[k] = before, after
    return pages


def _with_unit(page: _Page, index: int, unit: Word, joined: str) -> _Page:
    """The page with the figure at ``index`` of its last line read as ``joined``, its unit wrapped
    onto the next page: a wrapped cell."""
    last = page.lines[-1]
    word, column = last.words[index]
    whole = Word(joined, word.x0, word.top, word.x1, word.bottom)
    words = last.words[:index] + [(whole, column)] + last.words[index + 1:]
    return replace(page, lines=page.lines[:-1] + [replace(last, words=words)],
                   wrapped=page.wrapped + [(whole, word.text, unit.text)])


def _units_of_every_figure(last: _ValueLine, units: list[Word], lines: list[_ValueLine]
                           ) -> list[tuple[int, Word]] | None:
    """(index in the row, unit) for each figure of the row that lacks the unit, when there are
    as many units, each in the column of one of them; else None."""
    short = {column: k for k, (w, column) in enumerate(last.words)
             if w.text[:1].isdigit() and not any(w.text.endswith(u) for u in TRAILING_UNITS)}
    if not units or len(units) != len(short):
        return None
    pairs = [(short.get(_nearest_column(unit, lines)), unit) for unit in units]
    if any(k is None for k, _ in pairs) or len({k for k, _ in pairs}) != len(pairs):
        return None
    if not all(is_value_token(last.words[k][0].text + unit.text) for k, unit in pairs):
        return None
    return pairs


def _nearest_column(word: Word, lines: list[_ValueLine]) -> int | None:
    """The column whose figures on these lines end nearest the word's end, the word right of
    the column's start; None when no column starts left of it."""
    ends: dict[int, tuple[float, float]] = {}  # column -> (leftmost start, rightmost end) of its figures
    for line in lines:
        for w, column in line.words:
            x0, x1 = ends.get(column, (w.x0, w.x1))
            ends[column] = (min(x0, w.x0), max(x1, w.x1))
    near = [(abs(word.x1 - x1), column) for column, (x0, x1) in ends.items() if word.x1 > x0]
    return min(near)[1] if near else None


def readings(found: list[_Page], catalog: Catalog, settings: GridSettings = GridSettings()) -> list[GridReading]:
    """The table under every alignment hypothesis (empty when no page carries the table). The
    catalog joins wrapped labels (its vocabulary) and tells one indicator label covering several
    rows from the labels of consecutive rows (its indicator names)."""
    if not found:
        return []
    return [GridReading(a, _assemble(found, a, catalog, settings)) for a in ALIGNMENTS]


_BROKEN_WORD = re.compile(r"(?<=[a-z])\s+(?=[a-z])")
_TABLE_VALUE = re.compile(r"^[+\-\u2212]?\d+(?:[.,]\d+)?\s?%?$|^[\u2012\u2013\u2014\u2212-]$")


def may_hold_table(text: str, patterns, min_values: int = 8, min_share: float = 0.25, many: int = 60) -> bool:
    """Cheap test on a page's plain text before pdfplumber parses it: two years or more, an
    area named at least twice (also where a word is broken over lines), and a table's worth of
    values (a quarter of the words, or many: prose quotes a few percentages, a table is full of
    them). With ``min_share=0`` it is the weaker test for the page after a table page (the last
    rows of a part, their labels long)."""
    words = text.split()
    if len({w for w in words if YEAR.match(w)}) < 2:
        return False
    # An area named twice or more (a narrow header cell may break the other's name over lines).
    joined = _BROKEN_WORD.sub("", text)
    if not any(max(len(p.findall(text)), len(p.findall(joined))) >= 2 for p in patterns):
        return False
    values = sum(1 for w in words if _TABLE_VALUE.match(w))
    return values >= min_values and (values >= min_share * len(words) or values >= many)


def candidate_pages(texts: list[str], patterns, continued_values: int = 4) -> list[int]:
    """Pages that may hold the table: the strong test, or right after such a page the weak one
    or a few table figures (the table continued without its header: ``find_pages`` decides)."""
    found: list[int] = []
    for index, text in enumerate(texts):
        follows = bool(found) and found[-1] == index - 1
        if may_hold_table(text, patterns) or (follows and (
                may_hold_table(text, patterns, 4, 0.0)
                or sum(1 for w in text.split() if is_value_token(w)) >= continued_values)):
            found.append(index)
    return found


# ---- the header ----------------------------------------------------------------------------


def _area_of(text: str, patterns) -> str | None:
    """The area a header names; a word broken over lines ("Nederlan" "d") is read joined too."""
    hits = {area for area, pattern in patterns if pattern.search(text)}
    if not hits:
        joined = re.sub(r"(?<=[a-z])\s+(?=[a-z])", "", text)
        hits = {area for area, pattern in patterns if pattern.search(joined)}
    return hits.pop() if len(hits) == 1 else None


def _is_value(word: Word) -> bool:
    return (is_value_token(word.text) and not YEAR.match(word.text)) or MISREAD_FIGURE.match(word.text) is not None


def _find_header(lines: list[list[Word]], patterns, height: float, settings: GridSettings):
    """(header, the body's lines) for the first line of years with area columns."""
    gap = settings.header_gap * height
    for index, line in enumerate(lines):
        years = [w for w in line if YEAR.match(w.text)]
        if len(years) < 2 or any(_is_value(w) for w in line):
            continue
        band = [line]
        bottom = max(w.bottom for w in line)
        # Where the value columns' headers begin: a year may be centred over its columns.
        centres = sorted({w.xmid for w in years})
        pitch = min((b - a for a, b in zip(centres, centres[1:])), default=0.0)
        left = min(w.x0 for w in years) - pitch / 2
        first_year = min(w.x0 for w in years)
        named = any(_area_of(w.text, patterns) for w in line)
        labels_beside: list[list[Word]] = []  # label words on the header's last lines: a row's
        last = index
        for k in range(index + 1, min(index + settings.header_lines, len(lines))):
            below = lines[k]
            after = lines[k + 1] if k + 1 < len(lines) else []
            if below[0].top - bottom > 2.5 * height:
                break
            if any(_is_value(w) for w in below) and not _broken_after_hyphen(below, after, left):
                break
            beside = _label_phrase([w for w in below if w.text not in settings.label_headings], left - height,
                                   first_year, settings.phrase_gap * height,
                                   lambda text: (_area_of(text, patterns) is not None or text in settings.header_words
                                                 or text.startswith(settings.name_prefixes)))
            if beside:
                # Text in the label columns beside the header is a row's: a row split by the page
                # break going on under the repeated header (nothing of the header beside it, the
                # areas named above), or a merged label cell printed again beside the header's
                # lines (Calc); the header's words beside it are still the header's.
                rest = [w for w in below if w.x0 >= left and w not in beside]
                if (not rest and named) or not all(_header_word(w.text, patterns, settings) for w in rest):
                    break
                labels_beside.append(beside)
                below = [w for w in below if w not in beside]
                if not below:
                    last = k
                    continue
            if all(w.x1 <= first_year and w.text not in settings.label_headings
                   and not _header_word(w.text, patterns, settings) for w in below):
                # Label text only, reaching past where the label columns were taken to end (a
                # wide specification under years set at their cells' left): a row's, going on
                # under the header the page break repeated.
                break
            band.append(below)
            last = k
            bottom = max(w.bottom for w in below)
            named = named or any(_area_of(w.text, patterns) for w in below)
        header = _header_from_band(band, years, patterns, height, gap, settings.name_prefixes)
        # A one-level header's cells may wrap their area over their year ("NPLV" over "2018"
        # beside "NL 2018"): the names above the first line of years are the header's too, and
        # so are the years of every line of it, where then every year has its columns (a chart's
        # legend over its axis names a few).
        above = _names_above(lines[:index], line, left, patterns, height, settings)
        if above:
            band_years = [w for band_line in above + band for w in band_line if YEAR.match(w.text) and w.x0 >= left]
            wrapped = _header_from_band(above + band, band_years, patterns, height, gap, settings.name_prefixes)
            if wrapped is not None and {s.year for s in wrapped.slots} == {int(w.text) for w in band_years}:
                header = wrapped
        if header is not None:
            return header, labels_beside + lines[last + 1:]
    return None


def _names_above(above: list[list[Word]], line: list[Word], left: float, patterns, height: float,
                 settings: GridSettings) -> list[list[Word]]:
    """The lines right above a header's first line of years that hold only words of area
    headings over the value columns (and label headings beside them, or their starts where a
    narrow cell broke them), naming an area: a header cell that wraps its area name over its
    year. Empty where there are none."""
    taken: list[list[Word]] = []
    top = min(w.top for w in line)
    for candidate in reversed(above[-settings.header_lines:]):
        if top - max(w.bottom for w in candidate) > 2.5 * height:
            break
        over = [w for w in candidate if w.x1 > left]
        if not over or not all(_header_word(w.text, patterns, settings) for w in over) or not all(
                is_label_heading_start(w.text, settings.label_headings) for w in candidate if w.x1 <= left):
            break
        taken.insert(0, candidate)
        top = min(w.top for w in candidate)
    return taken if any(_area_of(w.text, patterns) for candidate in taken for w in candidate) else []


def _header_word(text: str, patterns, settings: GridSettings) -> bool:
    """A word of the header over the value columns: an area name or a piece of one, or another
    of its words ("Gem.")."""
    bare = text.rstrip("-")
    return (text in settings.header_words or _area_of(text, patterns) is not None or is_area_name_piece(text)
            or (bare.isalpha() and bare.isupper()))


def _area_pieces(line: list[Word], left: float) -> bool:
    """Whether the line's words from ``left`` on are all pieces of area names."""
    words = [w for w in line if w.x0 >= left]
    return bool(words) and all(is_area_name_piece(w.text) for w in words)


def _broken_after_hyphen(line: list[Word], after: list[Word], left: float) -> bool:
    """A line of hyphens over the rest of the area names: a narrow header cell broke
    "NPLV-gebieden" as "NPLV" / "-" / "gebie" / "den", so the hyphens are no row of dashes (the
    line itself may hold pieces of other names: "- erla - erla")."""
    if not line or not all(w.x0 >= left and (w.text == "-" or is_area_name_piece(w.text)) for w in line):
        return False
    return any(is_area_name_piece(w.text) for w in line) or _area_pieces(after, left)


def _header_from_band(band, years, patterns, height, gap, name_prefixes=()) -> _Header | None:
    """Area columns are the words of the band that name an area ("NPLV-", "NL", "Nederland", or
    a word a narrow cell broke, "Nederlan" over "d"), so neighbouring header cells never run
    together; the label column headers are the phrases left of the first year and area."""
    words = [w for line in band for w in line if not YEAR.match(w.text)]
    columns: list[tuple[tuple[float, float], str]] = []
    for line, below in zip(band, band[1:] + [[]]):
        for word in line:
            if YEAR.match(word.text):
                continue
            area = _area_of(word.text, patterns)
            if area is None:  # broken over two lines: the rest stands under its start, middle or end
                rest = [b for b in below if not YEAR.match(b.text)
                        and min(abs(b.x0 - word.x0), abs(b.xmid - word.xmid), abs(b.x1 - word.x1)) < 0.5 * height]
                # (Its rest starts in lower case, or the word is an abbreviation: "NPL" / "V-".)
                if (rest and (rest[0].text[:1].islower() or word.text.isalpha() and word.text.isupper())
                        and _area_of(word.text + rest[0].text, patterns)):
                    area = _area_of(word.text + rest[0].text, patterns)
                    if area is not None:
                        word = Word(word.text + rest[0].text, word.x0, word.top, max(word.x1, rest[0].x1), rest[0].bottom)
            if area is not None:
                # A word of the name printed before it on its line ("Gem." of "Gem. NPLV-") is
                # the column's too: a cell that its name fills starts there, and so may its values.
                before = [w for w in line if w.x1 <= word.x0 and word.x0 - w.x1 < height and w.text in name_prefixes]
                if before:
                    word = Word(word.text, min(w.x0 for w in before), word.top, word.x1, word.bottom)
                # The same column named on several lines ("NPLV" over "NPLV-gebieden") counts once;
                # names that only touch are two (one word's names set apart by ``_names_apart``).
                same = [k for k, (span, a) in enumerate(columns) if overlap(word.x0, word.x1, *span) > 0]
                if same:
                    (x0, x1), a = columns[same[0]]
                    columns[same[0]] = ((min(x0, word.x0), max(x1, word.x1)), a)
                else:
                    columns.append(((word.x0, word.x1), area))
    columns.sort()
    if len(columns) < 2:
        return None
    left = min([columns[0][0][0]] + [y.x0 for y in years])
    label_phrases = [p for line in band for p in split_phrases([w for w in line if w in words], gap) if p.x1 < left]
    label_columns = merge_spans([(p.x0, p.x1) for p in label_phrases])
    # Years: the same year printed over several columns (one-level header) is one group; a
    # column takes the group whose zone (up to midway to the next group) holds its centre.
    groups: dict[str, list[Word]] = {}
    for word in sorted(years, key=lambda w: w.x0):
        groups.setdefault(word.text, []).append(word)
    extents = sorted(((min(w.x0 for w in ws), max(w.x1 for w in ws), int(y)) for y, ws in groups.items()))
    if any(a[1] > b[0] for a, b in zip(extents, extents[1:])):
        return None  # years interleaved: not a header of years over columns
    areas = [area for _, area in columns]
    per_year, rest = divmod(len(columns), len(extents))
    if per_year and not rest and all(areas[k:k + per_year] == areas[:per_year] for k in range(0, len(areas), per_year)):
        # Every year has the same area columns: they follow in order (a fixed-width text may
        # place the header's lines at different scales, so positions alone would drift).
        slots = [Slot(extents[k // per_year][2], area) for k, area in enumerate(areas)]
    else:
        bounds = [(a[1] + b[0]) / 2 for a, b in zip(extents, extents[1:])]
        slots = []
        for (x0, x1), area in columns:
            mid = (x0 + x1) / 2
            slots.append(Slot(extents[sum(1 for b in bounds if mid > b)][2], area))
    if len(set(slots)) != len(slots):
        return None
    band_bottom = max(w.bottom for line in band for w in line)
    return _Header(band_bottom, height, slots, [c for c, _ in columns], label_columns)


# ---- one page ------------------------------------------------------------------------------


def _names_apart(words: Sequence[Word], patterns) -> list[Word]:
    """The words with header names run together set apart ("2018NL": OCR missed the space of a
    one-level header's cell; "NPLVNL", "20182019": a producer that joins text runs), each name's
    share of the box by its characters."""
    apart: list[Word] = []
    for word in words:
        names = header_names_apart(word.text, patterns)
        if len(names) == 1:
            apart.append(word)
            continue
        per_char = (word.x1 - word.x0) / len(word.text)
        x0 = word.x0
        for name in names:
            x1 = x0 + per_char * len(name)
            apart.append(Word(name, x0, word.top, x1, word.bottom))
            x0 = x1
    return apart


def _read_page(page: PositionedPage, patterns, settings: GridSettings, continues: _Page | None = None) -> _Page | None:
    """The page's table: under its own header, or (``continues``) under the previous page's."""
    words = _names_apart(page.words, patterns)
    if not words:
        return None
    height = text_height(words)
    lines = group_lines(words, settings.line_tolerance * height)
    years: list[Word] = []  # the header's years, where a continued page repeats them
    if continues is None:
        found = _find_header(lines, patterns, height, settings)
        if found is None:
            return None
        header, body_lines = found
    else:
        years = _repeated_years(lines, continues.header)
        moved = _moved_to(years, continues.header)
        columns = [(moved(a), moved(b)) for a, b in continues.header.columns]
        body_lines = _continued_body(lines[1:] if years else lines, continues, columns, moved)
        if not body_lines:
            return None
        header = replace(continues.header, columns=columns,
                         label_columns=_label_columns_under(lines[0], years, continues.header, moved,
                                                            settings.phrase_gap * height),
                         bottom=min(w.top for w in body_lines[0]) - 0.5 * height)
    half = _half_pitch(header)
    first_column = header.columns[0][0]
    value_left = first_column - half
    values: list[Word] = []
    labels: list[Word] = []
    stray: list[Word] = []
    for line in body_lines:
        on_line = len(values)
        for phrase in split_phrases(line, settings.phrase_gap * height):
            words_in = list(phrase.words)
            if phrase.x0 + 1e-6 >= value_left and all(is_value_token(w.text) or MISREAD_FIGURE.match(w.text)
                                                      for w in words_in):
                if all(_complete(w.text) for w in words_in):
                    values.extend(words_in)
                else:  # "60.35" "%": one value printed as two words
                    values.append(merge_words(words_in))
            else:
                # A label phrase, or one run into a value ("heeft 60.35%"): a label cell starts
                # left of the first value column, values lie in the value columns.
                for w in words_in:
                    if _is_value(w) and w.x0 >= value_left:
                        values.append(w)
                    elif w.x0 < first_column and not (w.text in TRAILING_UNITS and w.x0 >= value_left):
                        # (A bare unit in the value columns is a wrapped figure's rest, even run
                        # into a label phrase by a fixed-width text: "(beroeps- en  %".)
                        labels.append(w)
                    else:
                        stray.append(w)
        # A figure that starts a little left of the first value column (a fixed-width text
        # rounds its position) is the first figure of a line one figure short, not a label word.
        last_label = labels[-1] if labels and labels[-1] in line else None
        if (last_label is not None and _is_value(last_label) and last_label.text not in DASHES
                and last_label.x0 >= value_left - 2 * half and len(values) - on_line + 1 == len(header.columns)):
            labels.pop()
            values.insert(on_line, last_label)
    values, stray, wrapped = _wrapped_units(values, stray, height)
    value_lines = _value_lines(values, header, settings.line_tolerance * height)
    # A page that repeats the header's years is the table's; one without them, only where its
    # values stand under the previous page's columns.
    if not value_lines or (continues is not None and (stray or not (years or _same_columns(value_lines, continues)))):
        return None
    # The table ends with its last row and the label lines wrapped under it.
    last = value_lines[-1].bottom
    tail = last
    kept: list[Word] = []
    # ... and a line under it that starts left of every label line beside the rows is the
    # page's, not the table's (a producer's credit line, "Powered by TCPDF", at the margin).
    table_left = min((w.x0 for w in labels if w.top <= last), default=None)
    for line in group_lines(labels, settings.line_tolerance * height):
        top = min(w.top for w in line)
        if (top > last and table_left is not None
                and min(w.x0 for w in line) < table_left - settings.outside_label_columns * height):
            continue
        if top <= last or top - tail <= settings.tail_gap * height:
            kept.extend(line)
            tail = max(tail, max(w.bottom for w in line))
    stray = [w for w in stray if w.top <= tail]
    segments = _segments(kept, header, settings, height, page)
    for segment in segments:
        segment.anchor = _anchor(segment, value_lines, height)
    label_left = min((w.x0 for w in kept), default=value_left)
    rules = [r for r in page.rules if r.y >= header.bottom - 0.5 * height]
    found = _Page(page, page.number, header, value_lines, segments, rules, stray, label_left, wrapped)
    wraps = _wrap_pitches(found, height)
    found.crossing = {column: _crossing_rules(found, column, height) for column in (0, 1)}
    found.blocks = {column: _blocks(found, column, height, wraps, settings) for column in (0, 1)}
    return found


def _continued_body(lines: list[list[Word]], previous: _Page, columns: list[tuple[float, float]],
                    moved) -> list[list[Word]]:
    """The lines at the top of a page that go on with the previous page's table (under its header's
    ``columns``, where this page prints them: ``moved`` maps the previous page's x to this one's):
    up to the first line with a word in the value columns that is not a value or a unit (prose,
    another table's header). A word is in the value columns where it starts at or right of the
    left edge of the first column of values (a wide label cell's last word may reach into the
    margin before it: "heeft op"). A row's worth of figures on that line or further down means the
    table goes on past it, which is then no end of it: the page is not read as continued (none of
    its lines, rather than its rows up to there)."""
    value_left = columns[0][0] - _half_pitch(replace(previous.header, columns=columns))
    firsts = [word.x0 for line in previous.lines for word, column in line.words if column == 0]
    first_values = moved(min(firsts)) if firsts else value_left
    body: list[list[Word]] = []
    for k, line in enumerate(lines):
        # (a unit alone is a wrapped figure's rest: "1500.00" over "%")
        if any(w.x0 >= max(value_left, first_values) and not is_value_token(w.text) and w.text not in TRAILING_UNITS
               for w in line):
            a_row = max(2, len(columns) // 2)  # figures enough to be a row's, not prose quoting one
            if any(sum(1 for w in later if w.x0 >= value_left and is_value_token(w.text)) >= a_row
                   for later in lines[k:]):
                return []
            break
        body.append(line)
    return body if any(any(w.x0 >= value_left for w in line) for line in body) else []


def _repeated_years(lines: list[list[Word]], header: _Header) -> list[Word]:
    """The words of the header's years where the page's first line repeats them (and no more
    figures): the header repeated in part, its years and not its area names (a source that marks
    only its first header row as the header, AsciiDoc's, has only that row repeated)."""
    years = [str(year) for year in dict.fromkeys(slot.year for slot in header.slots)]
    first = [w for w in lines[0] if w.text.isdigit()] if lines else []
    return first if [w.text for w in first] == years else []


def _moved_to(years: list[Word], header: _Header):
    """Where a page that repeats the header's years in part prints what the header's page prints
    at x: moved and scaled as its years are (a fixed-width text lays each page out at its own
    scale); where it was without them."""
    if len(years) < 2:
        return lambda x: x
    per_year = len(header.columns) // len(years)
    centres = [sum(a + b for a, b in header.columns[k * per_year:(k + 1) * per_year]) / (2 * per_year)
               for k in range(len(years))]
    printed = [w.xmid for w in years]
    scale = (printed[-1] - printed[0]) / (centres[-1] - centres[0]) if centres[-1] != centres[0] else 1.0
    return lambda x: printed[0] + (x - centres[0]) * scale


def _label_columns_under(line: list[Word], years: list[Word], header: _Header, moved,
                         gap: float) -> list[tuple[float, float]]:
    """The header's label columns on a continued page: where the line that repeats its years
    prints their headings ("Indicator", "Specificatie"), else moved as the years are."""
    if years:
        headings = merge_spans([(p.x0, p.x1) for p in split_phrases([w for w in line if w.x1 < years[0].x0], gap)])
        if len(headings) == len(header.label_columns):
            return headings
    return [(moved(a), moved(b)) for a, b in header.label_columns]


def _half_pitch(header: _Header) -> float:
    centres = [(a + b) / 2 for a, b in header.columns]
    return min((b - a for a, b in zip(centres, centres[1:])), default=4 * header.height) / 2


def _same_columns(lines: list[_ValueLine], previous: _Page) -> bool:
    """Every value stands in the column it is matched to on the previous page: its box meets the
    span that page's values of that column cover (right-aligned figures of other widths, a dash)."""
    spans: dict[int, tuple[float, float]] = {}
    for line in previous.lines:
        for word, column in line.words:
            x0, x1 = spans.get(column, (word.x0, word.x1))
            spans[column] = (min(x0, word.x0), max(x1, word.x1))
    return bool(spans) and all(column in spans and interval_gap(word.x0, word.x1, *spans[column]) == 0
                               for line in lines for word, column in line.words)


def _wrapped_units(values: list[Word], stray: list[Word],
                   height: float) -> tuple[list[Word], list[Word], list[tuple[Word, str, str]]]:
    """A narrow cell wraps a figure: "1500.00%" as "1500.00" over "%", or as "1500.0" over "0%".
    A bare unit (a stray word) or a value on a line of few values, right under a figure in its
    column that lacks the unit the figures beside it carry, completes that figure when the two
    read as one value; the figure keeps its box, so the row keeps its line (unless it stands
    alone there, ``placed``). Returns the values,
    the stray words and the completed figures with their two pieces."""
    # Values sorted by top and by bottom, so each look-up is a bisection, not a scan of the page.
    by_top = sorted(values, key=lambda v: v.top)
    tops = [v.top for v in by_top]
    # A figure cut right after its decimal point ("9166." over "00%") is no value of its own, so
    # a stray word; its piece below completes it all the same.
    cut = [w for w in stray if CUT_AT_POINT.match(w.text)]
    is_cut = {id(w) for w in cut}
    by_bottom = sorted(values + cut, key=lambda v: v.bottom)
    bottoms = [v.bottom for v in by_bottom]

    def line_of(word: Word) -> list[Word]:
        return by_top[bisect_left(tops, word.top - 0.5 * height):bisect_right(tops, word.top + 0.5 * height)]

    def placed(text: str, figure: Word, piece: Word) -> Word:
        """The completed figure, where its row's line is: the figure's own, unless it stands
        alone on it and its two lines span another line of values whose column it leaves free
        (a row's cells centred or set at the bottom, "9166.00" over "%" either side of the
        row's figures): that one."""
        x0, x1 = min(figure.x0, piece.x0), max(figure.x1, piece.x1)
        if any(u is not figure and u is not piece for u in line_of(figure)):
            return Word(text, figure.x0, figure.top, figure.x1, figure.bottom)
        span = by_top[bisect_left(tops, figure.top - height):bisect_right(tops, piece.bottom)]
        within = [u for u in span if u is not figure and u is not piece
                  and figure.top < (u.top + u.bottom) / 2 < piece.bottom]
        if within:
            middle = (figure.top + piece.bottom) / 2
            row = min(within, key=lambda u: abs((u.top + u.bottom) / 2 - middle))
            if not any(u.x0 < x1 and u.x1 > x0 for u in line_of(row)):
                return Word(text, figure.x0, row.top, figure.x1, row.bottom)
        return Word(text, figure.x0, figure.top, figure.x1, figure.bottom)

    completed: dict[int, Word] = {}
    pieces_of: list[tuple[Word, str, str]] = []  # a completed figure and its two printed pieces
    taken: set[int] = set()  # the pieces joined to a figure above them
    units = [w for w in stray if w.text in TRAILING_UNITS]
    whole = [w for w in stray if CUT_BEFORE_POINT.match(w.text)]  # "9166" over ".00%"
    for figure, piece in _wrapped_in_decimals(values, cut + whole, units, height):
        completed[id(figure)] = placed(figure.text + piece.text, figure, piece)
        pieces_of.append((completed[id(figure)], figure.text, piece.text))
        taken.add(id(piece))
        if any(figure is w for w in whole):
            cut.append(figure)  # no value on its own: it joins the values completed
    pieces = [w for w in stray if w.text in TRAILING_UNITS] + [w for w in values if w.text[:1].isdigit()]
    for w in pieces:
        if id(w) in taken:
            continue
        near = by_bottom[bisect_left(bottoms, w.top - 0.5 * height):bisect_right(bottoms, w.top)]
        # Under the figure, or just past its end by less than the piece's own width (a
        # fixed-width text rounds a right-aligned piece to the column after the figure's last).
        above = [v for v in near if id(v) not in completed and v is not w
                 and w.x0 < v.x1 + (w.x1 - w.x0) and w.x1 > v.x0]
        if not above:
            continue
        # The nearest above it; of cells on one line, the one it ends under (pieces align right).
        v = min(above, key=lambda v: (round(w.top - v.bottom, 1), abs(w.x1 - v.x1)))
        if w in values and 2 * len(line_of(w)) > len(line_of(v)):
            continue  # a line of many figures: the next row's
        beside = [completed.get(id(u), u).text for u in line_of(v) if u is not v]
        joined = wrapped_figure(v.text, w.text, beside)
        if id(v) in is_cut:
            # Cut at its point, the figure takes only its decimals and unit ("00%").
            whole = v.text + w.text
            joined = whole if w in values and WRAPPED_PIECE.match(w.text) and is_value_token(whole) else None
        elif joined is None and w.text in TRAILING_UNITS and not v.text.endswith(w.text):
            # A bare unit right under a figure is its cell's rest, wherever the figures beside
            # it wrapped too (a cell so narrow that every figure wraps: "60.35" over "%").
            joined = v.text + w.text if v.text[:1].isdigit() and is_value_token(v.text + w.text) else None
        if joined is None:
            continue
        completed[id(v)] = placed(joined, v, w)
        pieces_of.append((completed[id(v)], v.text, w.text))
        taken.add(id(w))
    values = values + [v for v in cut if id(v) in completed]
    return ([completed.get(id(v), v) for v in values if id(v) not in taken],
            [w for w in stray if id(w) not in taken and id(w) not in completed], pieces_of)


def _wrapped_in_decimals(values: list[Word], cut: list[Word], units: list[Word],
                         height: float) -> list[tuple[Word, Word]]:
    """(figure, piece) where a cell so narrow that every figure of a row wraps broke them in
    their decimals ("33.2" over "0%", "12.0" over "3%"): a line of such pieces alone, each under
    the end of a figure of the line above that lacks the unit, when every figure there that lacks
    it has its piece. (Figures beside that carry the unit tell nothing then: most of the row's
    lack it.)"""
    found: list[tuple[Word, Word]] = []
    lines = group_lines(values + cut + units, 0.5 * height)
    for above, line in zip(lines, lines[1:]):
        if (not all(WRAPPED_PIECE.match(w.text) or POINT_PIECE.match(w.text) for w in line)
                or not any(w.text[:1].isdigit() for w in line)):
            continue
        if min(w.top for w in line) - max(w.bottom for w in above) > 0.5 * height:
            continue
        short = [v for v in above if v.text[:1].isdigit() and not any(v.text.endswith(u) for u in TRAILING_UNITS)]
        pairs = []
        for piece in line:
            under = [v for v in short if piece.x0 < v.x1 + (piece.x1 - piece.x0) and piece.x1 > v.x0]
            if not under:
                break
            pairs.append((min(under, key=lambda v: abs(piece.x1 - v.x1)), piece))  # pieces align right
        if (len(pairs) == len(line) == len(short) and len({id(v) for v, _ in pairs}) == len(pairs)
                and all(is_value_token(v.text + w.text) for v, w in pairs)):
            found += pairs
    return found


def _complete(text: str) -> bool:
    return any(ch.isdigit() for ch in text) or text.strip() in {"\u2013", "\u2014", "-", "\u2212", "\u2012"}


def _value_lines(values: list[Word], header: _Header, tolerance: float, most_templates: int = 64) -> list[_ValueLine]:
    """Values as lines, each value with its column.

    The lines that print a value in every column say where the columns are (a fixed-width text
    may place its header at another scale than its rows, and values may be aligned otherwise
    than their headers). A line that lacks some values is matched, in order, to the complete
    line it lies closest to: a fixed-width text drifts each line by the widths its extractor
    guessed for the characters before (pypdf's layout text sets a dash wider than a figure), so
    a line of values shaped like another's stands where that one does, not where the columns'
    medians do. Complete lines at the same places are one template, and at most
    ``most_templates`` are tried, the medians first. Without a complete line, value columns are
    matched to the header (``_match_columns``)."""
    grouped = group_lines(values, tolerance)
    n = len(header.columns)
    complete = [line for line in grouped if len(line) == n]
    if complete:
        centres = tuple(median(line[k].xmid for line in complete) for k in range(n))
        templates = list(dict.fromkeys([centres] + [tuple(w.xmid for w in line) for line in complete]))
        templates = templates[:most_templates]
        columns = {}
        for line in grouped:
            spans = [(w.x0, w.x1) for w in line]
            placed = [monotone_match(spans, [(c, c) for c in template], _centre_distance)
                      for template in (templates if len(line) < n else templates[:1])]
            costs = [sum(_centre_distance(span, (template[k], template[k])) for span, k in zip(spans, match))
                     for template, match in zip(templates, placed)]
            best = min(range(len(placed)), key=costs.__getitem__)
            columns.update({id(w): k for w, k in zip(line, placed[best])})
    else:
        matched = _match_columns(values, header.columns)
        columns = {id(w): k for w, k in zip(values, matched)}
    return [_ValueLine([(w, columns[id(w)]) for w in line], min(w.top for w in line), max(w.bottom for w in line))
            for line in grouped]


def _match_columns(values: list[Word], headers: list[tuple[float, float]]) -> list[int]:
    """Each value's column: values clustered where their boxes overlap horizontally (a column
    of right-aligned, centred or left-aligned values overlaps within itself), clusters matched in
    left-to-right order to the header columns, so header and value alignment may differ."""
    order = sorted(range(len(values)), key=lambda i: values[i].x0)
    clusters: list[list[int]] = []
    right = -1e9
    for i in order:
        if clusters and values[i].x0 < right:
            clusters[-1].append(i)
            right = max(right, values[i].x1)
        else:
            clusters.append([i])
            right = values[i].x1
    spans = [(min(values[i].x0 for i in c), max(values[i].x1 for i in c)) for c in clusters]
    assignment = monotone_match(spans, headers, _centre_distance)
    result = [0] * len(values)
    for cluster, column in zip(clusters, assignment):
        for i in cluster:
            result[i] = column
    return result


def _centre_distance(span, zone) -> float:
    return abs((span[0] + span[1]) / 2 - (zone[0] + zone[1]) / 2)


def _segments(words: list[Word], header: _Header, settings: GridSettings, height: float,
              page: PositionedPage) -> list[_Segment]:
    """Label words as line segments per label column (0 = indicator, 1 = specification)."""
    if not words:
        return []
    boundary = _label_boundary(words, header, settings, height, fixed_width=page.first_line is not None)
    lines = group_lines(words, settings.line_tolerance * height)
    phrases = [split_phrases(line, settings.phrase_gap * height) for line in lines]
    if boundary is not None:
        # Where the columns start: a phrase a little left of the boundary (a fixed-width text
        # drifts by a character or two from line to line) goes to the column it starts nearer.
        indicator_start = min(w.x0 for w in words)
        starts = sorted(p.x0 for line in phrases for p in line if p.x0 >= boundary)
        # Where most specification lines start (justified lines also start phrases mid-line).
        # Where fewer than half start at one place the cells are centred: the column starts at
        # the boundary, and a line is not cut where a few of its neighbours happen to start.
        near = settings.column_cut * height

        def starting_near(x: float) -> int:
            return bisect_right(starts, x + near) - bisect_left(starts, x - near)
        specification_start = max(starts, key=lambda x: (starting_near(x), -x)) if starts else boundary
        if 2 * starting_near(specification_start) < len(starts):
            specification_start = boundary
    segments = []
    for line in phrases:
        left: list[Word] = []
        right: list[Word] = []
        for phrase in line:
            cut = None if boundary is None else _cut_at_column(phrase.words, specification_start,
                                                                settings.column_cut * height)
            if boundary is None:
                left.extend(phrase.words)
            elif cut is not None:
                left.extend(phrase.words[:cut])
                right.extend(phrase.words[cut:])
            elif phrase.x0 >= boundary or (
                    boundary - phrase.x0 < settings.drift_zone * height
                    and specification_start - phrase.x0 < phrase.x0 - indicator_start):
                right.extend(phrase.words)
            elif any(w.x0 >= boundary for w in phrase.words):
                # Run together across the boundary (columns a space apart): cut at the boundary.
                left.extend(w for w in phrase.words if w.x0 < boundary)
                right.extend(w for w in phrase.words if w.x0 >= boundary)
            else:
                left.extend(phrase.words)
        left, right = tuple(left), tuple(right)
        if left:
            segments.append(_Segment(0, left, page.number))
        if right:
            segments.append(_Segment(1, right, page.number))
    return segments


def _cut_at_column(words: tuple[Word, ...], start: float, tolerance: float) -> int | None:
    """Where a phrase runs two label cells together: a word that starts where the specification
    lines start, after words wholly left of it (a justified indicator line pushes its last word
    against the column's edge, a narrow gutter away from the specification)."""
    for k in range(1, len(words)):
        if words[k - 1].x1 < start and abs(words[k].x0 - start) <= tolerance:
            return k
    return None


def _label_boundary(words: list[Word], header: _Header, settings: GridSettings, height: float,
                    fixed_width: bool) -> float | None:
    """Where the indicator column ends and the specification column begins: in the widest empty
    gutter of the label text (between the two label headers when they are printed)."""
    phrases = [p for line in group_lines(words, settings.line_tolerance * height)
               for p in split_phrases(line, settings.phrase_gap * height)]
    covered = merge_spans([(p.x0, p.x1) for p in phrases])
    gutters = [(a[1], b[0]) for a, b in zip(covered, covered[1:])]
    if len(header.label_columns) >= 2:
        (l0, l1), (r0, r1) = header.label_columns[0], header.label_columns[1]
        between = [g for g in gutters if (l0 + l1) / 2 <= g[0] and g[1] <= max((r0 + r1) / 2, r0 + 1e-6)]
        if between:
            # The gutter the specification lines start right of; a justified indicator column
            # leaves gutters of its own, at whose right few lines start.
            tolerance = settings.column_cut * height
            all_starts = sorted(p.x0 for p in phrases)
            g0, g1 = max(between, key=lambda g: (bisect_right(all_starts, g[1] + tolerance)
                                                 - bisect_left(all_starts, g[1] - tolerance), g[1] - g[0]))
            boundary = (g0 + g1) / 2
        else:
            # No gutter: the columns touch (a fixed-width text, columns a space apart). A line
            # of the specification may start a little left of its header.
            boundary = r0 - settings.drift * height
        # Specification lines that start left of it, several at one place (a fixed-width text
        # whose header drifted from its rows), move it there.
        # More lines starting under the header itself say the columns did not drift (a
        # justified indicator column starts phrases of its own at one place). On a PDF page the
        # gutter is where the words are: lines at one place left of it are the indicator's own
        # (a centred cell's wrapped lines).
        if between and not fixed_width:
            return boundary
        left = min(p.x0 for p in phrases)
        starts = sorted(p.x0 for p in phrases if left + 2 * height < p.x0 < boundary)
        under_header = sum(1 for p in phrases if abs(p.x0 - r0) <= 0.5 * height)
        for x in starts:
            here = bisect_right(starts, x + 0.5 * height) - bisect_left(starts, x - 0.5 * height)
            if here >= 3 and here > under_header:
                return min(boundary, x - settings.drift * height)
        return boundary
    if not gutters:
        return None
    # Without label headers: the gutter that the most lines start right of.
    starts = [p.x0 for p in phrases]
    g0, g1 = max(gutters, key=lambda g: (sum(1 for s in starts if abs(s - g[1]) < height), g[1] - g[0]))
    return (g0 + g1) / 2


# ---- rows ----------------------------------------------------------------------------------


@dataclass
class _PageRows:
    page: _Page
    labels: list[dict[int, list[_Segment]]]  # per value line: segments per label column
    carried: dict[int, list[_Segment]] = field(default_factory=dict)  # before the first row: the row above's


def _blocks(page: _Page, column: int, height: float, wraps: list[float], settings: GridSettings
            ) -> list[list[_Segment]]:
    """A label column's segments cut into blocks: wrapped lines keep a tight pitch, and a rule
    across the column, or a wider gap, ends a block."""
    segments = sorted((s for s in page.segments if s.column == column), key=lambda s: s.top)
    if not segments:
        return []
    crossing = page.crossing[column]
    pitches = [b.top - a.top for a, b in zip(segments, segments[1:]) if b.top - a.top > 0.5 * height]
    # Lines wrapped in a cell keep the leading; rows may stand closer than that (Typst sets a
    # one-line row tighter than a paragraph's lines), so where wrapped lines are seen, theirs is
    # the pitch (``wraps``, ``_wrap_pitches``).
    pitch = min((wraps or pitches) + [settings.max_leading * height])
    blocks: list[list[_Segment]] = []
    for segment in segments:
        if blocks:
            previous = blocks[-1][-1]
            ruled = any(previous.bottom - 0.3 * height < y < segment.top + 0.3 * height for y in crossing)
            if not ruled and segment.top - previous.top <= settings.wrap_factor * pitch:
                blocks[-1].append(segment)
                continue
        blocks.append([segment])
    return blocks


def _crossing_rules(page: _Page, column: int, height: float) -> list[float]:
    """The heights of the rules drawn across a label column, top to bottom."""
    words = [w for s in page.segments if s.column == column for w in s.words]
    if not words:
        return []
    x0, x1 = min(w.x0 for w in words), max(w.x1 for w in words)
    return sorted(r.y for r in page.rules if r.x0 <= x0 + height and r.x1 >= min(x1, x0 + 2 * height))


def _ruled_row(block: list[_Segment], block_mids: list[float], crossing: list[float], lines: list[_ValueLine],
               tops: list[float], height: float, spans_rows: bool) -> int | None | str:
    """The row a label block's own ruled cell says it belongs to, whatever the alignment: the cell
    is the band between the rules above and below the block, when it holds no other block of the
    column (``block_mids``: the middles of the column's blocks, sorted). A cell beside one value
    line labels it; an indicator cell beside several (its group's) labels the first; a cell
    before the page's first values goes on the row above (a row split by the page break: None).
    "" when the rules do not say. Searched by halving (``crossing`` and ``tops`` sorted)."""
    top, bottom = block[0].top, max(s.bottom for s in block)
    slack = 0.3 * height
    above = bisect_right(crossing, top + slack)
    below = bisect_left(crossing, bottom - slack)
    if not above or below == len(crossing):
        return ""
    upper, lower = crossing[above - 1], crossing[below]
    if bisect_left(block_mids, lower) - bisect_right(block_mids, upper) > 1:
        return ""
    inside = [k for k in range(bisect_left(tops, upper - height), bisect_right(tops, lower))
              if upper < lines[k].ymid < lower]
    if not inside:
        return None if lines and lower <= lines[0].top + slack else ""
    if len(inside) == 1 or spans_rows:
        return inside[0]
    return ""


def _wrap_pitches(page: _Page, height: float) -> list[float]:
    """How far below the line above it, in its label column, each line with no values beside it
    stands: a wrapped label's lines, the page over."""
    pitches = []
    for column in (0, 1):
        segments = sorted((s for s in page.segments if s.column == column), key=lambda s: s.top)
        pitches += [b.top - a.top for a, b in zip(segments, segments[1:])
                    if b.anchor is None and b.top - a.top > 0.5 * height]
    return pitches


def _anchor(segment: _Segment, lines: list[_ValueLine], height: float) -> int | None:
    """The value line printed on the same text line as the segment, if any (lines run down the
    page, so only the nearest few can share its line)."""
    k = bisect_left([ln.top for ln in lines], segment.top - 0.5 * height)
    for j in range(max(k - 1, 0), min(k + 2, len(lines))):
        line = lines[j]
        if abs(segment.top - line.top) <= 0.5 * height or abs(segment.bottom - line.bottom) <= 0.5 * height:
            return j
    return None


def _split_at_anchors(block: list[_Segment], lines, height: float, vertical: str) -> list[list[_Segment]]:
    """A block whose lines stand beside the values of several rows holds the labels of several
    rows: cut it where the alignment says one row's label ends (top or bottom: at the lines beside
    the values)."""
    anchors = [s.anchor for s in block]
    anchored = [(k, a) for k, a in enumerate(anchors) if a is not None]
    if not anchored or (len({a for _, a in anchored}) == 1 and (
            (vertical == "top" and anchored[0][0] == 0) or (vertical == "bottom" and anchored[-1][0] == len(block) - 1))):
        return [block]
    owner: list[int] = []
    for k, segment in enumerate(block):
        if vertical == "top":  # a row's label starts beside its values (lines above: the row above's)
            before = [a for j, a in anchored if j <= k]
            owner.append(before[-1] if before else -1)
        else:  # a row's label ends beside its values (lines below: the next row's)
            after = [a for j, a in anchored if j >= k]
            owner.append(after[0] if after else -2)
    return [part for part, _ in _runs(block, owner)]


def _centred_parts(block: list[_Segment], lines: list[_ValueLine], height: float, most_lines: int
                   ) -> list[tuple[list[_Segment], int | None]]:
    """A block of centred cells cut into its rows' cells, each with its row (None: lines before the
    page's first row, the rest of a row the page break split).

    A centred cell stands as far above its row's values as below them, and between the values of
    the rows before and after it. The block is cut where its cells are most nearly so: a shortest
    path over (row, line) in the order of the page, costing each cell its asymmetry. The nearest
    row is no rule: a tall cell's last lines can stand nearer the next row's values than their
    own. A page break may cut the page's last row (its cell, reaching down to its values, costs
    only where it runs further below them than above) and leave the rest of a row at the next
    page's top (each such line costs a little, so that none is taken for it without need). A cell
    holds at most ``most_lines`` lines, which bounds the work on any page."""
    mids = [line.ymid for line in lines]
    count, rows = len(block), len(mids)
    if not rows:
        return [(block, None)]
    middles = [(s.top + s.bottom) / 2 for s in block]
    slack = 0.3 * height
    carried = 0.01 * height  # the cost of a line taken for the rest of a split row

    def cost(row: int, first: int, last: int) -> float:
        above, below = mids[row] - middles[first], middles[last] - mids[row]
        return max(0.0, below - above) if row == rows - 1 and below >= -slack else abs(above - below)

    # best[k]: the least cost of giving the first k lines to the rows so far; starts[row]: where
    # that row's cell starts, by where it ends (a row without an entry there has no cell).
    best = [math.inf] * (count + 1)
    best[0] = 0.0
    for k in range(count):
        if middles[k] >= mids[0] - slack:
            break
        best[k + 1] = (k + 1) * carried
    starts: list[dict[int, int]] = []
    for row in range(rows):
        floor = mids[row - 1] + slack if row else -math.inf
        ceiling = mids[row + 1] - slack if row + 1 < rows else math.inf
        start: dict[int, int] = {}
        # Descending, so that each best[first] read is still the rows before this one's.
        for first in range(bisect_left(middles, ceiling) - 1, bisect_right(middles, floor) - 1, -1):
            if best[first] == math.inf or not floor < middles[first] < ceiling:
                continue
            for last in range(first, min(first + most_lines, count)):
                if not middles[last] < ceiling:
                    break
                total = best[first] + cost(row, first, last)
                if total < best[last + 1]:
                    best[last + 1], start[last + 1] = total, first
        starts.append(start)
    if best[count] == math.inf:  # lines the rows cannot hold centred: the nearest row's
        return _runs(block, [min(range(rows), key=lambda r: abs(mids[r] - m)) for m in middles])
    owner: list[int | None] = [None] * count
    end = count
    for row in range(rows - 1, -1, -1):
        first = starts[row].get(end, end)
        for k in range(first, end):
            owner[k] = row
        end = first
    return _runs(block, owner)


def _runs(block: list[_Segment], owner: Sequence[int | None]) -> list[tuple[list[_Segment], int | None]]:
    """The block cut where the owner of its lines changes, each part with its owner."""
    parts: list[tuple[list[_Segment], int | None]] = []
    for k, segment in enumerate(block):
        if k and owner[k] == owner[k - 1]:
            parts[-1][0].append(segment)
        else:
            parts.append(([segment], owner[k]))
    return parts


def _row_of(block: list[_Segment], lines: list[_ValueLine], height: float, vertical: str) -> int | None:
    """The row a label block belongs to under an alignment; None: before the page's first row."""
    anchors = [s.anchor for s in block if s.anchor is not None]
    top, bottom = block[0].top, max(s.bottom for s in block)
    if vertical == "top":
        if anchors:
            return anchors[0]
        above = [k for k, ln in enumerate(lines) if ln.top <= top + 0.5 * height]
        return above[-1] if above else None
    if vertical == "bottom":
        if anchors:
            return anchors[-1]
        below = [k for k, ln in enumerate(lines) if ln.bottom >= bottom - 0.5 * height]
        return below[0] if below else len(lines) - 1
    mid = (top + bottom) / 2
    return min(range(len(lines)), key=lambda k: abs(lines[k].ymid - mid))


def _page_rows(page: _Page, alignment: Alignment, catalog: Catalog, settings: GridSettings) -> _PageRows:
    height = page.header.height
    rows = _PageRows(page, [{} for _ in page.lines])
    tops = [line.top for line in page.lines]
    for column in (0, 1):
        blocks = page.blocks[column]
        if column == 0 and alignment.indicator_spans_rows:
            blocks = _rejoin_indicators(blocks, catalog)
        crossing = page.crossing[column]
        block_mids = sorted((b[0].top + max(s.bottom for s in b)) / 2 for b in blocks)
        for block in blocks:
            ruled = _ruled_row(block, block_mids, crossing, page.lines, tops, height,
                               column == 0 and alignment.indicator_spans_rows)
            if ruled != "":
                target = rows.carried if ruled is None else rows.labels[ruled]
                target.setdefault(column, []).extend(block)
                continue
            if alignment.vertical == "middle" and (column == 1 or not alignment.indicator_spans_rows):
                for part, row in _centred_parts(block, page.lines, height, settings.centred_cell_lines):
                    target = rows.carried if row is None else rows.labels[row]
                    target.setdefault(column, []).extend(part)
                continue
            parts = [block]
            if column == 1 or not alignment.indicator_spans_rows:
                parts = _split_at_anchors(block, page.lines, height, alignment.vertical)
            elif len(block) > 1 and not catalog.names_indicator(_joined(block, catalog)):
                # One label over its group, unless its lines are indicators of their own.
                parts = _indicator_runs(block, catalog) or [block]
            for part in parts:
                row = _row_of(part, page.lines, height, alignment.vertical)
                target = rows.carried if row is None else rows.labels[row]
                target.setdefault(column, []).extend(part)
    return rows


def _rejoin_indicators(blocks: list[list[_Segment]], catalog: Catalog) -> list[list[_Segment]]:
    """An indicator printed once over its group can leave a gap where a row's specification
    wraps and its own text does not ("woonduur afgelopen", a blank, "10 jaar"): a block that
    names no indicator goes back to the block above when together they name one, more closely."""
    joined: list[list[_Segment]] = []
    for block in blocks:
        if joined and not catalog.names_indicator(_joined(block, catalog)):
            before = catalog.indicator_similarity(_joined(joined[-1], catalog))
            together = catalog.indicator_similarity(_joined(joined[-1] + block, catalog))
            if together > before and together >= catalog.settings.min_similarity:
                joined[-1] = joined[-1] + block
                continue
        joined.append(block)
    return joined


def _indicator_runs(block: list[_Segment], catalog: Catalog) -> list[list[_Segment]] | None:
    """The block cut into consecutive runs of lines that each name a catalog indicator, the cut
    whose runs read most like their indicators line for line; None when there is no such cut."""
    n = len(block)
    floor = catalog.settings.min_similarity
    best: list[tuple[float, list[int]] | None] = [(0.0, [])] + [None] * n  # for the first k lines
    for end in range(1, n + 1):
        for start in range(end):
            before = best[start]
            if before is None:
                continue
            similarity = catalog.indicator_similarity(_joined(block[start:end], catalog))
            if similarity >= floor:
                score = before[0] + similarity * (end - start)
                if best[end] is None or score > best[end][0]:
                    best[end] = (score, before[1] + [start])
    if best[n] is None:
        return None
    cuts = best[n][1] + [n]
    return [block[a:b] for a, b in zip(cuts, cuts[1:])]


# ---- parts and the table -------------------------------------------------------------------


def _joined(segments: list[_Segment], catalog: Catalog) -> str:
    return join_label_lines([s.text for s in segments], vocabulary=catalog.vocabulary)


def _assemble(found: list[_Page], alignment: Alignment, catalog: Catalog, settings: GridSettings) -> RawTable:
    # Parts: runs of consecutive pages with the same years and areas.
    parts: list[list[_Page]] = []
    for page in found:
        if parts and parts[-1][-1].header.slots == page.header.slots and page.number == parts[-1][-1].number + 1:
            parts[-1].append(page)
        else:
            parts.append([page])
    slots: list[Slot] = []
    for part in parts:
        slots += [s for s in part[0].header.slots if s not in slots]
    rows: list[RawRow] = []
    extents: list[tuple[int, float, float]] = []  # per row: page, top and bottom of label and values
    decisions: list[Decision] = [
        Decision("wrapped_cell", None, page.number, page.source.line_of(w.top),
                 f"{upper!r} and the {lower!r} printed below it read as one cell {w.text!r} "
                 f"(a value wrapped in a narrow cell)")
        for page in found for w, upper, lower in page.wrapped]
    decisions += [Decision("stray_text", None, page.number, page.source.line_of(w.top),
                           f"text {w.text!r} in the value columns is in no cell", text=w.text)
                  for page in found for w in page.stray]
    keys: list[tuple[str, str]] = []  # labels of every row (indicator continued), to join parts
    labelled: list[int] = []  # row indices of the latest labelled part
    labelled_pages: list[tuple[int, float]] = []  # (page, header bottom)
    entries: dict[tuple[str, str], object] = {}

    def entry_of(key: tuple[str, str]):  # each row's labels matched to the catalog once
        if key not in entries:
            entries[key] = catalog.match(*key).entry
        return entries[key]

    for part in parts:
        part_rows = [_page_rows(page, alignment, catalog, settings) for page in part]
        if any(p.page.labelled for p in part_rows):
            new, new_extents = _labelled_rows(part_rows, slots, decisions, catalog)
            placed: list[int] = []
            indicator = keys[-1][0] if keys else ""
            for row, extent in zip(new, new_extents):
                indicator = row.indicator or indicator
                key = (indicator, row.specification)
                same = [k for k in labelled if keys[k] == key and not set(rows[k].cells) & set(row.cells)]
                if not same:  # labels read a little differently (OCR): the same catalog entry
                    entry = entry_of(key)
                    same = [k for k in labelled if entry is not None and not set(rows[k].cells) & set(row.cells)
                            and entry_of(keys[k]) is entry]
                if not same:
                    same = row_cut_short(key, [(k, keys[k]) for k in labelled
                                               if not set(rows[k].cells) & set(row.cells)],
                                         settings.min_cut_label_words)
                if same:  # the same row on the next part of a spread, labels repeated
                    if len(row.specification) > len(rows[same[0]].specification) and keys[same[0]] != key:
                        rows[same[0]].specification = row.specification  # printed whole here, cut short there
                        keys[same[0]] = key
                    rows[same[0]].cells.update(row.cells)
                    placed.append(same[0])
                    continue
                rows.append(row)
                extents.append(extent)
                keys.append(key)
                placed.append(len(rows) - 1)
            if not any(p in labelled for p in placed):
                labelled, labelled_pages = placed, [(p.number, p.header.bottom) for p in part]
        else:
            _place_unlabelled(part, rows, extents, labelled, labelled_pages, slots, decisions)
    sources = {p.number: p.source for p in found}
    for row in rows:  # a text edition: the label's first line, no box
        source = sources[row.page]
        if source.first_line is not None:
            row.line = source.line_of(row.label_bbox[1]) if row.label_bbox else None
            row.label_bbox = None
    pages = sorted({p.number for p in found})
    return RawTable(slots, rows, pages, decisions)


def _label_phrase(words: Sequence[Word], edge: float, first_year: float, gap: float, names) -> list[Word]:
    """A line's words in the label columns: those ending left of ``edge`` (where the value
    columns' headers begin, less a margin), and the words that go on from them at a word's gap
    short of the first year's column, but for one that ``names`` an area or begins its name
    ("... WWB t/m" / "2014 en": a label's year is no header's, where the header's years stand at
    their cells' left and the edge, half a column left of them, falls inside the label)."""
    beside: list[Word] = []
    for word in sorted(words, key=lambda w: w.x0):
        if word.x1 <= edge or (beside and word.x1 <= first_year and word.x0 - beside[-1].x1 <= gap
                               and not names(word.text)):
            beside.append(word)
    return beside


def _text_lines(labels: dict[int, list[_Segment]], height: float) -> list[list[str]]:
    """A row's label words line by line (both columns, left to right), pages in order."""
    segments = sorted((s for column in labels.values() for s in column), key=lambda s: (s.page, s.top))
    lines: list[list[Word]] = []
    last: tuple[int, float] | None = None
    for segment in segments:
        if last is not None and last[0] == segment.page and abs(segment.top - last[1]) <= 0.5 * height:
            lines[-1].extend(segment.words)
        else:
            lines.append(list(segment.words))
            last = (segment.page, segment.top)
    return [[w.text for w in sorted(line, key=lambda w: w.x0)] for line in lines]


def _place_unlabelled(part: list[_Page], rows: list[RawRow], extents, labelled: list[int],
                      labelled_pages: list[tuple[int, float]],
                      slots: list[Slot], decisions: list[Decision]) -> None:
    """Values of a spread's part printed without labels: row by row in order when there are as
    many lines of values as labelled rows; else (values printed off their row's baseline) page by
    page beside the labelled part's pages, levelled on the header: the row whose label and values
    span the line."""
    lines = [(page, line) for page in part for line in page.lines]
    if len(lines) != len(labelled) and len(part) == len(labelled_pages):
        for page, (left, left_bottom) in zip(part, labelled_pages):
            candidates = [k for k in labelled if extents[k][0] == left]
            if not candidates:
                continue
            offset = page.header.bottom - left_bottom
            for line in page.lines:
                y = line.ymid - offset
                k = min(candidates, key=lambda k: interval_gap(y, y, extents[k][1], extents[k][2]) * 1000
                        + abs(y - (extents[k][1] + extents[k][2]) / 2))
                _place(rows[k], line, page, slots, decisions, k)
        return
    if len(lines) != len(labelled):
        decisions.append(Decision(
            "spread_rows", None, part[0].number, None,
            f"{len(lines)} rows of values on pages without labels for {len(labelled)} labelled rows; matched in order",
        ))
    for (page, line), k in zip(lines, labelled):
        _place(rows[k], line, page, slots, decisions, k)


def _squeezed(text: str) -> str:
    return " ".join(text.split())


def _last_text(texts: list[dict[int, list[_Segment]]], column: int, catalog: Catalog) -> str | None:
    """The last label text the rows so far print in a column (a group's indicator printed once
    stands on its first row)."""
    for labels in reversed(texts):
        if labels.get(column):
            return _squeezed(_joined(labels[column], catalog))
    return None


def _labelled_rows(part_rows: list[_PageRows], slots: list[Slot], decisions: list[Decision],
                   catalog: Catalog) -> tuple[list[RawRow], list[tuple[int, float, float]]]:
    rows: list[RawRow] = []
    lines: list[tuple[int, _ValueLine]] = []
    texts: list[dict[int, list[_Segment]]] = []
    heights = {p.page.number: p.page.header.height for p in part_rows}

    def height_of(page: int) -> float:
        return heights.get(page, 1.0)


    for page_rows in part_rows:
        page = page_rows.page
        if page_rows.carried and texts:
            # A row split by the page break: its label goes on; but the label of a merged cell
            # over the break, printed again on the next page (Calc draws it there too, in full or
            # its last lines beside the repeated header), is not read twice.
            going_on = False
            for column, segments in page_rows.carried.items():
                text = _squeezed(_joined(segments, catalog))
                last = _last_text(texts, column, catalog)
                if last is not None and (last == text or last.endswith(" " + text)):
                    decisions.append(Decision(
                        "split_row", len(rows) - 1, page.number, None,
                        f"label text {text!r} above the first row of page {page.number} repeats the label "
                        f"of the rows on the page before (a cell over the page break printed again): not read twice",
                        text=text))
                    continue
                texts[-1].setdefault(column, []).extend(segments)
                going_on = True
            if going_on:
                decisions.append(Decision("split_row", len(rows) - 1, page.number, None,
                                          "label text above the first row continues the row on the page before"))
        elif page_rows.carried and page.lines:
            for column, segments in page_rows.carried.items():
                page_rows.labels[0].setdefault(column, [])[:0] = segments
        for line, labels in zip(page.lines, page_rows.labels):
            lines.append((page.number, line))
            row = RawRow("", "", page.number)
            _place(row, line, page, slots, decisions, len(rows))
            rows.append(row)
            texts.append(labels)
    for row, labels in zip(rows, texts):
        # Where the two label columns divide each line is what the geometry says, unless the
        # catalog explains the line's words exactly another way (columns closer than a word
        # space, a fixed-width text whose columns drift).
        divided = split_interleaved(_text_lines(labels, height_of(row.page)), catalog)
        if divided is not None:
            row.indicator, row.specification = divided
        else:
            row.indicator = _joined(labels.get(0, []), catalog)
            row.specification = _joined(labels.get(1, []), catalog)
        words = [w for segments in labels.values() for s in segments for w in s.words]
        row.label_bbox = union_bbox(words) if words else None

    extents = []
    for row, (page_number, line) in zip(rows, lines):
        top, bottom = line.top, line.bottom
        if row.label_bbox is not None and row.page == page_number:
            top, bottom = min(top, row.label_bbox[1]), max(bottom, row.label_bbox[3])
        extents.append((page_number, top, bottom))
    return rows, extents


def _place(row: RawRow, line: _ValueLine, page: _Page, slots: list[Slot], decisions: list[Decision], index: int):
    """A line's values into the row's cells; a second line of one row (values printed off their
    row's baseline) fills the cells it has values for."""
    for k, cell, count in _line_cells(line, page, slots):
        before = row.cells.get(k)
        if not cell.printed:
            if before is None:
                row.cells[k] = cell
            continue
        if before is not None and before.printed:
            box = cell.bbox and before.bbox and (min(cell.bbox[0], before.bbox[0]), min(cell.bbox[1], before.bbox[1]),
                                                 max(cell.bbox[2], before.bbox[2]), max(cell.bbox[3], before.bbox[3]))
            cell = RawCell(f"{before.printed} {cell.printed}", cell.page, box or cell.bbox, cell.line)
            count += 1
        if count > 1:
            decisions.append(Decision("overfull_cell", index, page.number, cell.line,
                                      f"{len(cell.printed.split())} values in one cell: {cell.printed!r}"))
        row.cells[k] = cell


def _line_cells(line: _ValueLine, page: _Page, slots: list[Slot]) -> list[tuple[int, RawCell, int]]:
    """A value line as (slot index, cell, number of values) for every column of its page, made
    once and shared by every reading (cells are never changed once made)."""
    cached = page.line_cells.get(id(line))
    if cached is not None:
        return cached
    by_column: dict[int, list[Word]] = {}
    for word, column in line.words:
        by_column.setdefault(column, []).append(word)
    positions = {slot: k for k, slot in enumerate(slots)}
    top, bottom = round(line.top, 2), round(line.bottom, 2)
    made = []
    for column, slot in enumerate(page.header.slots):
        words = sorted(by_column.get(column, ()), key=lambda w: w.x0)
        if words:
            cell = _cell(" ".join(w.text for w in words), page, union_bbox(words), line)
        else:
            x0, x1 = page.header.columns[column]
            cell = _cell("", page, (round(x0, 2), top, round(x1, 2), bottom), line)
        made.append((positions[slot], cell, len(words)))
    page.line_cells[id(line)] = made
    return made


def _cell(text: str, page: _Page, bbox, line: _ValueLine) -> RawCell:
    """A cell where it was printed: a box on a PDF page, a line of a text edition."""
    number = page.source.line_of(line.top)
    return RawCell(text, page.number, None if number is not None else bbox, number)

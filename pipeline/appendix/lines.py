"""Reading the appendix from a text whose lines are the page's lines or its cells' lines.

Extractors that flow the text (pdfplumber's ``extract_text``, pypdfium2, ``pdftotext -raw``) keep
every printed line but no columns. A table row then comes as a line that ends in its values,
with its label's lines on that line and on the lines around it: on it and below (pdfplumber, a
label wrapped in a top-aligned cell), above it (pypdfium2 and ``pdftotext -raw`` give a row's
label cells before its values) or both (a middle-aligned row). The two label columns run
together on a line ("Leefbaarometer 'Sociale Woningen binnen een gebied dat een (zeer) grote").

Nothing here knows an extractor:
- the header is a line of years and the lines under it naming the areas; each header cell is a
  year or a prefix ("Gem.") completed by an area name on the same line or, wrapped, on a later
  one, so the columns keep their order however the cells' lines were interleaved;
- a row is a line that ends in values;
- the label-only lines between two rows are divided between them where the catalog reads both
  rows' labels best (``_divide_gaps``), and each row's label lines are divided into indicator
  and specification where the catalog's labels spell them, an indicator printed once for its
  group continuing over the rows below it;
- pages that repeat the header continue the part (a group's indicator printed again on the
  page the group goes on to, even among the header's lines, is read once); a header with other
  years starts the next part of a spread, whose rows join the first part's by label or,
  unlabelled, in order.
Ragged rows are placed by the row aligner (measurement cycle, smooth series), as in a text
edition; every choice is a ``Decision``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache

from pipeline.appendix.align import AlignSettings, align_row, describe, group_runs, series_cost
from pipeline.appendix.fit import fit
from pipeline.appendix.labels import join_label_lines, label_cuts, row_cut_short
from pipeline.appendix.model import (AREA_NAME_PREFIXES, AREA_NAME_WORDS, LABEL_HEADINGS, Decision, RawCell, RawRow, RawTable, Slot,
                                     is_area_name_piece, is_area_name_start)
from pipeline.appendix.tail import Label, TailScorer
from pipeline.catalog import Catalog, label_key, vocabulary_word
from pipeline.numbers import (CUT_AT_POINT, DASHES, TRAILING_UNITS, WRAPPED_PIECE, YEAR, completed_figure,
                              figure_with_piece, is_value_token, wrapped_figure)
from pipeline.sources import PAGE_NUMBER, dehyphenated

# A year, also one run into a header name ("2018NPLV", "NL2018"): where a header may start.
_HAS_YEAR = re.compile(r"(?<![\d.,])(?:19|20)\d{2}(?![\d.,%])")
# Hyphens an extractor marks instead of printing: pdfium's U+FFFE, the soft hyphen U+00AD.
_MARKED_HYPHEN = re.compile("[\u00ad\ufffe]")


@dataclass(frozen=True)
class LineSettings:
    area_patterns: tuple[tuple[str, str], ...] = (
        ("NPLV", r"\bNPLV"),
        ("NL", r"^NL\b|^Ned"),  # "Nederlan" + "d", "Nede" + "rland": a narrow header cell breaks the word
    )
    label_headers: tuple[str, ...] = LABEL_HEADINGS
    # A row of a spread's part whose specification another part prints cut short after a word
    # (or whole) is that part's row when the shorter has at least this many words (``row_cut_short``).
    min_cut_label_words: int = 4
    # What an area heading may print before the area's name ("Gem. NL").
    name_prefixes: tuple[str, ...] = AREA_NAME_PREFIXES
    # What the tails of broken area names beside a row's label may be pieces of.
    area_words: tuple[str, ...] = AREA_NAME_WORDS
    # How many lines the header may take from its line of years on (an extractor may give
    # every header cell's lines one after the other: up to five lines a column, "2018" / "Gem."
    # / "NPLV-" / "gebied" / "en").
    header_lines: int = 120
    # Lines looked at by the headers tried over the whole text (``header_lines`` a line that may
    # start one): a bound a text of little but years cannot pass (the edition's take about 5,000;
    # 400,000 take about a second).
    max_header_work: int = 400_000
    # How many label-only lines one row may take from each side of it (a narrow column wraps a
    # long label over a dozen lines; prose after the table is longer).
    max_label_lines: int = 16
    # How many label-only lines may follow a page's rows when a producer writes its wrapped cells
    # after them (Calc's PDF read in its own order): a long table's wrapped labels.
    max_trailing_lines: int = 160
    # How many more figures in areas the catalog says a row is not measured for one order of the
    # area columns must put than the other, when the header does not print one area's cells.
    min_area_evidence: int = 3
    # Sharing a tail out costs rows x tail lines; past this a run keeps its own labels (a bound on
    # the work a hostile text can cause, far above any table: 37 rows x 160 lines is 5,920).
    max_tail_work: int = 100_000
    # A figure written apart from its row, among the wrapped labels after the rows (a wide figure
    # in a narrow cell, whole cell wrapped: "1500.00" / "%"), fills its row's one empty cell where
    # the row's series, areas and cycle read it best by this much; a closer call (two cells
    # alike, an outlier anywhere) leaves it in no cell, and the reading is not trusted.
    min_apart_figure_margin: float = 1.0
    align: AlignSettings = field(default_factory=AlignSettings)


@dataclass
class _Header:
    first: int  # line index of the line of years
    end: int  # first line after the header
    slots: list[Slot]
    guessed: bool = False  # the header names every column, but not in an order the text keeps
    # Label words among the header's lines, as (line, the words): a merged label cell over the
    # page break, printed again beside the repeated header's lines or between them (a continued
    # group's indicator), or the first row's label beside the tails of broken area names. They
    # are read before the rows.
    label_words: tuple[tuple[int, tuple[str, ...]], ...] = ()


@dataclass
class _Line:
    index: int
    label: list[str]  # label words (before the values)
    values: list[str]
    # Each value's line, where the values of several lines are read as one row's (None: all
    # stand on ``index``): a cell points at the line that prints it.
    sources: list[int] | None = None
    # Figures read whole with the unit written apart after them (``_split_line``): (figure, unit).
    wrapped: tuple[tuple[str, str], ...] = ()
    # A row the text wrote on the line of the row before (``_rows_on_one_line``).
    shares_line: bool = False

    def value_sources(self) -> list[int]:
        return list(self.sources) if self.sources is not None else [self.index] * len(self.values)

    @staticmethod
    def joined(pieces: list[_Line], label: list[str] | None = None) -> _Line:
        """The pieces' values as one line's, in order, each pointing at its own line: on the first
        piece's line, with its label unless one is given."""
        first = pieces[0]
        return _Line(first.index, first.label if label is None else label, [v for p in pieces for v in p.values],
                     [at for p in pieces for at in p.value_sources()])


@dataclass
class _Part:
    slots: list[Slot]
    lines: list[_Line] = field(default_factory=list)
    first_line: int = 0
    guessed: bool = False  # the order of the area columns is not printed (``_Header.guessed``)
    # Lines right after a repeated header: where the table went on over a page break, marked by
    # the header even in a text that marks no page (``pdftotext -nopgbrk``).
    resumes: frozenset[int] = frozenset()
    # The label words among the lines of its first header (``_Header.label_words``), and of each
    # repeated header it goes on under, by line.
    opening_labels: tuple[int, ...] = ()
    repeated_labels: tuple[tuple[int, ...], ...] = ()


@dataclass
class _Divided:
    """A row's label lines read against the catalog."""

    score: float  # 1 for an exact catalog label, else the similarity of the best guess
    indicator: str  # this row's own indicator text (a group's first row: maybe only its start)
    specification: str
    continues: str = ""  # words continuing the indicator of the rows above (printed once per group)
    apart: tuple[str, ...] = ()  # words of two cells the text ran together, set apart to read it


def read_lines(lines: list[str], line_pages: list[int], catalog: Catalog,
               settings: LineSettings = LineSettings()) -> list[tuple[str, RawTable]]:
    """The line readings of the table (none when no header is found): label lines divided where
    the catalog reads them best, the two plain hypotheses (every label line with the row above,
    or with the row below) and, where rows run on without labels between them, wrapped labels
    written after the rows. A header that names one area a year over rows of two (an area's
    cells written elsewhere) is read both ways, and the catalog's areas decide."""
    patterns = [(area, re.compile(p)) for area, p in settings.area_patterns]
    # A mark inside a line between lower-case letters splits a word (a hyphenation pdfium wrote on
    # one line); at a line's end the label joining decides, with the catalog's words.
    clean = [_MARKED_HYPHEN.sub("-", dehyphenated(line)) for line in lines]
    found = _find_headers(clean, patterns, settings, line_pages)
    joined, wrapped = _figures_wrapped_under_rows(clean, line_pages, patterns, settings, found)
    if joined != clean:  # units taken off lines: the headers of the text as it is now
        clean, found = joined, _find_headers(joined, patterns, settings, line_pages)
    headers = _with_rows(found, clean, line_pages, settings)
    if not headers:
        return []
    parts = _parts(clean, line_pages, headers, settings)
    if not parts or not any(line.values for part in parts for line in part.lines):
        return []
    whole = _parts(clean, line_pages, headers, settings, settings.max_trailing_lines)
    # A header that names its columns in no order the text keeps is read only both ways, below.
    guessed = any(part.guessed for part in whole)
    scorer = TailScorer(catalog)  # the readings share the tails they share out
    readings = [] if guessed else _readings(parts, whole, "line reader", line_pages, catalog, settings, scorer)
    pieced = [] if guessed else [_values_joined(part, line_pages) for part in parts]
    if any(joins for _, joins in pieced):
        # One reading, labels above their values: a row broken so is written cell by cell in
        # content order, its labels first.
        table = _assemble([part for part, _ in pieced], "before", line_pages, catalog, settings)
        table.decisions += [decision for _, joins in pieced for decision in joins]
        readings.append(("line reader, labels above their values, a row's values joined over lines", table))
    on_page: dict[int, list[int]] = {}  # page -> its lines
    for j, page in enumerate(line_pages):
        on_page.setdefault(page, []).append(j)
    unclaimed = _unclaimed_rows(whole, clean, line_pages, on_page)
    completions = _completed_headers(whole, clean, line_pages, on_page, patterns, settings)
    if completions:
        matches: dict = {}  # catalog matches, shared by the fits of readings of one table
        (first_name, first), (second_name, second) = completions
        for (mode, a), (_, b) in zip(
                _readings(_with_slots(parts, first), _with_slots(whole, first), "", line_pages, catalog, settings,
                          scorer),
                _readings(_with_slots(parts, second), _with_slots(whole, second), "", line_pages, catalog, settings,
                          scorer)):
            a_fit, b_fit = fit(a, catalog, matches), fit(b, catalog, matches)
            # An order of the area columns the text does not print is taken only where the
            # catalog's areas tell the two apart.
            if abs(a_fit.unmeasured - b_fit.unmeasured) >= settings.min_area_evidence:
                readings += [(f"line reader{mode}, {first_name}", a), (f"line reader{mode}, {second_name}", b)]
    for _, table in readings:
        table.decisions += unclaimed + wrapped
    return readings


def _figures_wrapped_under_rows(lines: list[str], line_pages: list[int], patterns, settings: LineSettings,
                                headers: list[_Header], max_between: int = 2) -> tuple[list[str], list[Decision]]:
    """Cells so narrow that most figures of a row wrap (a sheet scaled to one page wide: "60.35"
    over "%" in each cell) leave the line under the row ending in the pieces, one a figure, in
    the figures' order ("... lager heeft % % % % % % % %"), at most ``max_between`` label lines
    under the row's line, or on the next page's first line under its repeated header, alone or
    after the end of the row's label (the row split by the page break). Where that line ends in
    as many such
    pieces (two or more, a bare unit among them) as the row above has figures without the unit,
    each piece completes its figure: the lines are returned with the figures whole and the
    pieces taken off, and a ``wrapped_cell`` decision per figure. (One wrapped figure in a row
    of whole ones is ``_wrapped_units``'.)"""
    out = list(lines)
    decisions: list[Decision] = []
    # The header's own lines, as the header reader takes them (``headers``, found before any
    # piece is taken off: area names a narrow cell broke, "-" / "gebie" / "den").
    in_header = {j for header in headers for j in range(header.first, header.end)}
    for k in range(1, len(out)):
        words = out[k].split()
        start = len(words)
        while start > 0 and WRAPPED_PIECE.match(words[start - 1]):
            start -= 1
        pieces = words[start:]
        if len(pieces) < 2 or not any(piece in TRAILING_UNITS for piece in pieces):
            continue
        # The row: the line of values right above, or above the label lines between (a label
        # wrapped in its cell shares the row's height: "1 tot 3 jaar 11.59 ..." / "afgelopen 10"
        # / "% % % %").
        row = k - 1
        while row > max(0, k - 1 - max_between) and not _row_cells(out[row]):
            row -= 1
        if row in in_header or line_pages[row] != line_pages[k] or not _row_cells(out[row]):
            # The row split by a page break: the pieces on the next page's first line under its
            # repeated header, alone or after its label's end (Writer), the row the page
            # before's last line.
            row = _last_line_before_header(out, k, line_pages, patterns, settings, in_header)
        cells = _row_cells(out[row]) if row is not None else []
        if not cells:
            continue
        unit = WRAPPED_PIECE.match(pieces[0])["unit"]
        above = out[row].split()
        first_value = len(above) - len(cells)
        lacking = [j for j in range(first_value, len(above)) if above[j][:1].isdigit() and not above[j].endswith(unit)]
        if len(lacking) != len(pieces):
            continue
        joined = [above[j] + piece for j, piece in zip(lacking, pieces)]
        if not all(is_value_token(value) for value in joined):
            continue
        for j, value in zip(lacking, joined):
            decisions.append(Decision(
                "wrapped_cell", None, line_pages[row], row + 1,
                f"{above[j]!r} and the {value[len(above[j]):]!r} on the line below read as one cell {value!r} "
                f"(a value wrapped in a narrow cell)"))
            above[j] = value
        out[row] = " ".join(above)
        out[k] = " ".join(words[:start])
    return out, decisions


def _last_line_before_header(lines: list[str], k: int, line_pages: list[int], patterns,
                             settings: LineSettings, in_header: set[int]) -> int | None:
    """The last line of the page before line ``k``'s when only a repeated header (years, area
    names, label headings, "Gem.", or lines of a header found, ``in_header``) stands above
    ``k`` on its page; else None."""
    j = k - 1
    while j >= 0 and line_pages[j] == line_pages[k]:
        words = _header_words(lines[j], patterns)
        if j not in in_header and (not words or not all(_is_header_word(w, patterns, settings) for w in words)):
            return None
        j -= 1
    return j if j >= 0 and j < k - 1 else None


def _row_cells(line: str) -> list[str]:
    """A line's last words that are values or figures a narrow cell cut at their point ("9166.")."""
    words = line.split()
    start = len(words)
    while start > 0 and (is_value_token(words[start - 1]) or CUT_AT_POINT.match(words[start - 1])):
        start -= 1
    return words[start:]


def _unclaimed_rows(parts: list[_Part], lines: list[str], line_pages: list[int],
                    on_page: dict[int, list[int]]) -> list[Decision]:
    """Pages of a part of the table, or the page after it, with lines of as many values as the
    part has columns (or twice as many: a header that lost an area's cells) that no part holds:
    rows under a header that was not read, so the table read is not the whole table."""
    held = {line.index for part in parts for line in part.lines}
    found: dict[int, set[int]] = {}
    for part in parts:
        pages = {line_pages[line.index] for line in part.lines if line.values}
        widths = {len(part.slots), 2 * len({slot.year for slot in part.slots})}
        for page in sorted(pages | {max(pages) + 1}):
            for j in on_page.get(page, []):
                if j not in held and any(abs(len(_split_line(j, lines[j]).values) - w) <= 1 for w in widths):
                    found.setdefault(page, set()).add(j)
    return [Decision("unclaimed_rows", None, page, min(found[page]) + 1,
                     f"{len(found[page])} lines of values on page {page} belong to no part of the table "
                     "(a header not read)")
            for page in sorted(found) if len(found[page]) >= 3]


def _values_joined(part: _Part, line_pages: list[int]) -> tuple[_Part, list[Decision]]:
    """The part with a row's values that the extractor broke over several lines read as one line,
    and a decision for each. A run of lines of values only, right under a line with values, one
    under another on one page, is one row's where all its values together fill no more than the
    columns (a row may leave a cell empty); a longer run is left as it is, whole (a spread's part
    without labels, a value a line, is read by the rows' fit, not cut into rows by count). No
    blank line between: an extractor that writes one ends a paragraph there. pdfium breaks
    WeasyPrint's rows at their dashes, which stand a little higher than the figures ("60.35%
    14.11%" / "–" / "– 54.16% 11.60%"), and writes a cell that wraps its figure after the row's
    line (fpdf2: "... 91.41% –" / "9166.00" / "%" / "–"): the rest of a figure completes it. A
    reading of its own: rows printed short one under the other would read so too, and the
    catalog decides."""
    columns = len(part.slots)
    lines: list[_Line] = []
    decisions: list[Decision] = []
    k = 0
    while k < len(part.lines):
        line = part.lines[k]
        end, values, sources = k + 1, list(line.values), line.value_sources()
        wrapped: list[Decision] = []
        while (values and end < len(part.lines) and part.lines[end].index == part.lines[end - 1].index + 1
               and line_pages[part.lines[end].index] == line_pages[line.index]):
            after = part.lines[end]
            words = after.label + after.values
            # The rest of a figure its narrow cell wrapped ("9166.00" / "%") completes it.
            whole = wrapped_figure(values[-1], words[0], values[:-1]) if len(words) == 1 else None
            if whole is not None:
                wrapped.append(Decision(
                    "wrapped_cell", None, line_pages[after.index], sources[-1] + 1,
                    f"{values[-1]!r} and the {words[0]!r} on the line below read as one cell {whole!r} "
                    "(a value wrapped in a narrow cell)"))
                values[-1] = whole
            elif after.label or not after.values:
                break
            else:
                values += after.values
                sources += after.value_sources()
            end += 1
        pieces = part.lines[k:end]
        # A figure completed on the row's own line is the line reader's as it is (``_wrapped_units``).
        if len(values) > columns or len(sources) == len(line.values):
            lines += pieces
            k = end
            continue
        lines.append(_Line(line.index, line.label, values, sources))
        decisions += wrapped
        decisions.append(Decision(
            "split_row", None, line_pages[line.index], line.index + 1,
            f"values printed over {len(pieces)} lines, nothing else between them, read as one row "
            "(each cell points at its own line)"))
        k = end
    return (replace(part, lines=lines), decisions) if decisions else (part, [])


def _readings(parts: list[_Part], whole: list[_Part], name: str, line_pages: list[int], catalog: Catalog,
              settings: LineSettings, scorer: TailScorer) -> list[tuple[str, RawTable]]:
    readings = []
    for mode_name, mode in ((", labels divided by the catalog", "best"),
                            (", labels below their values", "after"),
                            (", labels above their values", "before")):
        readings.append((name + mode_name, _assemble(parts, mode, line_pages, catalog, settings)))
    if any(_has_tail(part) for part in whole):
        readings.append((name + ", wrapped labels written after the rows",
                         _assemble(whole, "trailing", line_pages, catalog, settings, scorer)))
    return readings


def _completed_headers(parts: list[_Part], lines: list[str], line_pages: list[int], on_page: dict[int, list[int]],
                       patterns, settings: LineSettings) -> list[tuple[str, dict[int, list[Slot]]]]:
    """The two orders of the area columns, for the parts whose header does not print it: a header
    that names one area a year over rows that hold a value for two, the other area's cells
    written elsewhere on the page at least once a year (LibreOffice's PDF read in content order
    writes its wrapped cells after the rows), or a header that names both areas in an order that
    does not keep the columns (``_Header.guessed``). As {a part's first line: its slots}."""
    areas = [area for area, _ in settings.area_patterns]
    orders: list[tuple[str, str]] = []
    found: dict[int, list[int]] = {}  # a part's first line -> its years
    for part in parts:
        k = part.first_line
        years = list(dict.fromkeys(slot.year for slot in part.slots))
        named = list(dict.fromkeys(slot.area for slot in part.slots))
        if part.guessed and len(named) == 2:
            orders.append((named[0], named[1]))
            found[k] = years
            continue
        missing = [area for area in areas if area not in named]
        if len(named) != 1 or len(missing) != 1 or len(years) != len(part.slots):
            continue
        widths = Counter(len(line.values) for line in part.lines if line.values)
        pages = sorted({line_pages[line.index] for line in part.lines})
        mentions = sum(1 for page in pages for j in on_page[page] if not _split_line(j, lines[j]).values
                       for word in lines[j].split() if _area_of(word, patterns) == missing[0])
        if widths.most_common(1)[0][0] == 2 * len(years) and mentions >= len(years):
            orders.append((missing[0], named[0]))
            found[k] = years
    if not found or len({frozenset(order) for order in orders}) != 1:
        return []
    one, other = orders[0]
    return [(f"area columns {one} before {other} (the header does not say)",
             {k: [Slot(year, area) for year in years for area in (one, other)] for k, years in found.items()}),
            (f"area columns {other} before {one} (the header does not say)",
             {k: [Slot(year, area) for year in years for area in (other, one)] for k, years in found.items()})]


def _with_slots(parts: list[_Part], slots: dict[int, list[Slot]]) -> list[_Part]:
    """The parts with their headers' columns completed; a part whose completed header names the
    columns of the part before continues it (one page's header printed one area, the repeated
    header on the next page both, in an order of its own: the same columns, one part)."""
    out: list[_Part] = []
    for part in parts:
        columns = slots.get(part.first_line, part.slots)
        if out and out[-1].slots == columns:
            resumed = part.lines[0].index if part.lines else part.first_line
            out[-1] = replace(out[-1], lines=out[-1].lines + part.lines, resumes=out[-1].resumes | {resumed},
                              repeated_labels=out[-1].repeated_labels + (part.opening_labels,) + part.repeated_labels)
        else:
            out.append(replace(part, slots=columns, guessed=False))
    return out


# ---- the header -------------------------------------------------------------------------------


def _area_of(word: str, patterns) -> str | None:
    for area, pattern in patterns:
        if pattern.search(word):
            return area
    return None


def header_spans(lines: list[str], settings: LineSettings = LineSettings(),
                 line_pages: list[int] | None = None) -> list[tuple[int, int, list[Slot]]]:
    """(first line, line after, columns) of every header whose columns the text names in order,
    however its cells are written (a line each, a year over its areas or "2018 NL")."""
    patterns = [(area, re.compile(p)) for area, p in settings.area_patterns]
    return [(h.first, h.end, h.slots) for h in _find_headers(lines, patterns, settings, line_pages) if not h.guessed]


def _find_headers(lines: list[str], patterns, settings: LineSettings,
                  line_pages: list[int] | None = None) -> list[_Header]:
    headers: list[_Header] = []
    # A header is printed on one page: it ends where the page does (a page's last line naming a
    # year, "vanaf 2015", starts none over the next page's header).
    page_end: list[int] = [len(lines)] * len(lines)
    if line_pages is not None:
        for k in range(len(lines) - 2, -1, -1):
            page_end[k] = page_end[k + 1] if line_pages[k] == line_pages[k + 1] else k + 1

    @lru_cache(maxsize=None)
    def words_of(k: int) -> list[str]:  # each line's header words found once
        return _header_words(lines[k], patterns)

    # A header has rows under it, or above it where it is written after them: a line of values
    # at most two headers' reach away.
    value_lines = [k for k, line in enumerate(lines) if any(is_value_token(w) for w in line.split())]
    reach = 2 * settings.header_lines
    work = 0  # lines looked at by the headers tried so far
    i = 0
    while i < len(lines):
        if not _HAS_YEAR.search(lines[i]):  # most lines: no header starts there
            i += 1
            continue
        if not _may_start_header(words_of(i), settings):
            i += 1
            continue
        near = bisect_left(value_lines, i)
        if not (near < len(value_lines) and value_lines[near] - i <= reach
                or near and i - value_lines[near - 1] <= reach):
            i += 1
            continue
        work += min(settings.header_lines, len(lines) - i)
        if work > settings.max_header_work:
            break  # a text of little but years (a hostile one): the headers found so far
        header = _header_at(lines, i, patterns, settings, words_of, page_end[i])
        if header is None:
            header = _header_of_pieces(lines, i, patterns, settings, words_of, page_end)
        header = _with_names_above(lines, i, header, patterns, settings, words_of, page_end,
                                   headers[-1].end if headers else 0)
        if header is None:
            i += 1
            continue
        headers.append(header)
        i = header.end
    return headers


def _with_names_above(lines: list[str], i: int, header: _Header | None, patterns, settings: LineSettings, words_of,
                      page_end: list[int], after: int) -> _Header | None:
    """``header`` (found from line ``i``, the first with a year), or the header that begins on
    the line above when that line holds only area names (and the label columns' headings) and
    with it the header names more columns: a one-level header whose cells print the area before
    the year and wrap there ("NPLV" / "2018", then "NL 2018"), so its first cell's area stands
    above the first year. ``after``: where the headers found before end."""
    above = i - 1
    if above < after or page_end[above] != page_end[i]:
        return header
    names = words_of(above)
    if not names or not any(_area_of(w, patterns) for w in names) or not all(
            _area_of(w, patterns) or w in settings.label_headers for w in names):
        return header

    def joined_words(k: int) -> list[str]:  # the names above read as the first line's start
        return names + words_of(i) if k == i else words_of(k)

    joined = _header_at(lines, i, patterns, settings, joined_words, page_end[i])
    if joined is None or joined.guessed or (header is not None and len(joined.slots) <= len(header.slots)):
        return header
    return replace(joined, first=above)


def _header_of_pieces(lines: list[str], i: int, patterns, settings: LineSettings, words_of, page_end: list[int],
                      longest: int = 400) -> _Header | None:
    """A header whose area cells a narrow column broke anywhere ("Gem" / "." / "NPL" / "V-" /
    "gebi" / "eden"), written cell after cell (an extractor in content order) under its years
    (from line ``i``: on one line or a line each, beside the label columns' headings): the lines
    after them, run together, spell the area cells of every year in one order
    ("Gem.NPLV-gebiedenGem.NL" for each year); the header ends with the line that completes
    them. None where no such lines follow, or where they spell anything else (up to ``longest``
    characters)."""
    def years_only(k: int) -> bool:
        return all(YEAR.match(w) or w in settings.label_headers for w in words_of(k))

    above = i - 1  # the line above, past blank lines and the label columns' headings
    while above >= 0 and page_end[above] == page_end[i] and all(w in settings.label_headers for w in words_of(above)):
        above -= 1
    if above >= 0 and page_end[above] == page_end[i] and years_only(above):
        return None  # the years begin above: a header from there, or none
    last = min(page_end[i], len(lines), i + settings.header_lines)
    years: list[int] = []
    start = i
    while start < last and years_only(start):
        years += [int(w) for w in words_of(start) if YEAR.match(w)]
        start += 1
    if len(years) < 2 or years != sorted(set(years)):
        return None

    def is_name(word: str) -> bool:
        return bool(_area_of(word, patterns) or _is_abbreviation(word))

    joined = ""
    for k in range(start, last):
        words = lines[k].split()
        if any(YEAR.match(w) for w in words):
            return None
        if any(is_value_token(w) for w in words):
            return _pieces_laid_out(lines, i, start, k, years, patterns, settings)
        joined += "".join(words)
        if len(joined) > longest:
            return None
        names = unglued(joined, is_name)
        areas = [_area_of(name, patterns) for name in names if not _is_abbreviation(name)]
        if (names == [joined] and not is_name(joined)) or None in areas:
            continue
        order = areas[:len(areas) // len(years)]
        if len(set(order)) == len(order) > 1 and areas == order * len(years):
            return _Header(i, k + 1, [Slot(year, area) for year in years for area in order])
    return None


def _pieces_laid_out(lines: list[str], i: int, start: int, rows_from: int, years: list[int], patterns,
                     settings: LineSettings) -> _Header | None:
    """The header of ``_header_of_pieces`` as an extractor that keeps the lines writes it: each
    line holds a piece of every cell that reaches it ("Gem. Gem Gem Gem." over "NPL . NL ."), so
    the pieces spell no cells in order. Where one line holds every cell's first piece (a piece of
    the prefix, "Gem."), the lines from the years to the first row hold only pieces of the area
    headings ("NPL", "V-", "gebi", "eden", "."; the end of a label the page break split may
    follow them), pieces of both areas' names among them, and the first row holds two values a
    year, the header names each year's two areas in an order the text does not keep: both orders
    are read, and the catalog's areas decide (``_Header.guessed``)."""
    codes = [area for area, _ in patterns]

    def in_prefix(core: str) -> bool:
        return any(core in prefix for prefix in settings.name_prefixes)

    def names(word: str) -> str | None:  # the area a word names, or a piece of its name does ("NPL")
        core = word.strip(".-")
        return _area_of(word, patterns) or next((code for code in codes if len(core) > 1 and core in code), None)

    def piece(word: str) -> bool:
        core = word.strip(".-")
        return (not core or in_prefix(core) or bool(_area_of(word, patterns)) or any(core in code for code in codes)
                or is_area_name_piece(core, settings.area_words))

    end = start  # the header's lines: pieces only (a label the page break split may follow)
    while end < rows_from and all(piece(w) for w in lines[end].split()):
        end += 1
    words = [w for k in range(start, end) for w in lines[k].split()]
    if not words or not set(codes) <= {names(w) for w in words}:
        return None
    # Laid out, not in order: one line holds every cell's first piece, the prefix's ("Gem. Gem Gem.").
    if not any(len(cells) == len(codes) * len(years) and all(w.strip(".") and in_prefix(w.strip(".")) for w in cells)
               for cells in (lines[k].split() for k in range(start, end))):
        return None
    if len(_row_cells(lines[rows_from])) != len(codes) * len(years):
        return None
    return _Header(i, end, [Slot(year, area) for year in years for area in codes], guessed=True)


def _with_rows(headers: list[_Header], lines: list[str], line_pages: list[int],
               settings: LineSettings) -> list[_Header]:
    """The headers with a line of values under them on their page before the next header: header
    cells written after the rows ("2018" / "NPLV") read as a header of nothing are not one. A
    header written after its page's rows, on a page with no header above them, is theirs: it is
    taken to begin where they do (the page's start, or under the label columns' headings)."""
    kept: list[_Header] = []
    page_starts: dict[int, int] = {}
    for k, page in enumerate(line_pages):
        page_starts.setdefault(page, k)
    looked_above: set[int] = set()  # pages whose lines above a header were looked at (once a page)
    for k, header in enumerate(headers):
        stop = headers[k + 1].first if k + 1 < len(headers) else len(lines)
        page = line_pages[header.first]
        below = [len(_split_line(j, lines[j]).values) for j in range(header.end, stop) if line_pages[j] == page]
        # A row under it holds a few values at least; a figure alone may be a cell written apart
        # among the wrapped cells after the rows ("9166.00" / "%"), the header's cells with them.
        if any(n >= 2 for n in below):
            kept.append(header)
            continue
        # A header written after its page's rows (a producer's content order: Calc writes the
        # wrapped header cells last) on a page without a header above them: those rows.
        rows = []
        if not ((kept and line_pages[kept[-1].first] == page) or page in looked_above):
            looked_above.add(page)
            start = page_starts[page]
            rows = [j for j in range(start, header.first)
                    if len(_split_line(j, lines[j]).values) == len(header.slots)]
        if rows:
            # The rows begin under the label columns' headings, where the page prints them.
            headings = [j for j in range(start, rows[0]) if lines[j].split()
                        and all(w in settings.label_headers for w in lines[j].split())]
            start = headings[-1] + 1 if headings else start
            kept.append(replace(header, first=start, end=start))
        elif any(below) and not (kept and line_pages[kept[-1].first] == page):
            # Only figures alone under it, on a page whose header was read above: the rest of
            # that header, written after the rows with a cell apart (a one-level header whose
            # "2018 NL" cells fit on a line and whose "2018" / "NPLV" cells wrap, Calc).
            kept.append(header)
    return kept


def _may_start_header(words: list[str], settings: LineSettings) -> bool:
    """Whether a line of these words may be a header's first: a year, no values, and not a
    sentence that names a year."""
    if not any(YEAR.match(w) for w in words) or any(is_value_token(w) for w in words):
        return False
    others = [w for w in words if not YEAR.match(w) and w not in settings.label_headers]
    return len(others) <= 3 * sum(1 for w in words if YEAR.match(w))


def _header_at(lines: list[str], i: int, patterns, settings: LineSettings, words_of,
               page_end: int | None = None) -> _Header | None:
    """The header whose first line is line ``i``: a line with a year and only header words
    (``words_of(k)``: line k's header words), at most up to ``page_end`` (its page's end)."""
    if not _may_start_header(words_of(i), settings):
        return None
    last = min(len(lines), i + settings.header_lines, len(lines) if page_end is None else page_end)
    # Words that stand right before an area name are prefixes of area cells ("Gem. NL"): a
    # prefix alone starts a cell whose area is printed on a later line.
    prefixes = _prefixes([words_of(k) for k in range(i, last)], patterns)
    header_lines: list[list[str]] = []
    end = i
    previous: list[str] = []
    label_words: list[tuple[int, tuple[str, ...]]] = []
    was_tail = False  # the line above was the wrapped tails of area names
    # Names broken at their hyphen ("NPLV-") on header lines before the line above, since the
    # last tails: names that fit ("NL") may stand on a line between a name and its tail.
    hyphenated_earlier = 0
    rows_from = None  # the first line of values right under the header's lines
    for k in range(i, last):
        tokens = words_of(k)
        if not tokens:
            continue  # an extractor that keeps the layout leaves blank lines between header rows
        following = _next_words(k, last, words_of) if k > i else []
        if k > i and _broken_names_hyphens(tokens, previous, following, patterns, settings):
            # "NPLV" / "-" / "gebied" / "en": a narrow cell broke the name at its hyphen, which
            # stands alone on a line of its own, one a name; the tails follow.
            hyphenated_earlier += _hyphenated_names(previous, was_tail, patterns)
            end, previous, was_tail = k + 1, tokens, False
            continue
        if k > i and any(is_value_token(w) for w in tokens):
            rows_from = k
            break
        lead = _label_words_before_cells(tokens, previous, was_tail, following, prefixes, patterns,
                                         settings) if k > i else 0
        if lead:
            label_words.append((k, tuple(tokens[:lead])))
            if lead == len(tokens):
                continue
            tokens = tokens[lead:]
        if all(w in settings.label_headers for w in tokens):
            hyphenated_earlier += _hyphenated_names(previous, was_tail, patterns)
            end, previous, was_tail = k + 1, tokens, False  # the label columns' headings, above or below the areas
            continue
        if k > i:
            # The label columns' headings before the area cells' first line ("Indicator
            # Specificatie Gem. Gem. ...", cells centred on the header's height).
            heading = 0
            while heading < len(tokens) and tokens[heading] in settings.label_headers:
                heading += 1
            tokens = tokens[heading:]
        if k > i and all(_is_abbreviation(w) for w in tokens):
            # Every cell's first line, each an abbreviation ("Gem. Gem. ..."), its area name on
            # the next line: the header goes on.
            hyphenated_earlier += _hyphenated_names(previous, was_tail, patterns)
            end, previous, was_tail = k + 1, tokens, False
            continue
        if k > i and not any(YEAR.match(w) or w in prefixes or _area_of(w, patterns) for w in tokens):
            # The wrapped tails of the area names above ("NPLV-" + "gebieden", "Nederlan" + "d")
            # go on in lower case, at most one per name that may be broken: on the line just
            # above (a hyphen, or a word rather than an abbreviation, or a hyphen alone), or at its
            # hyphen on a header line before it. A row's label starts with a capital.
            above = hyphenated_earlier + sum(1 for w in previous
                                             if w == "-" or _area_of(w, patterns) and (w.endswith("-") or not w.isupper()))
            if not all(w[:1].islower() for w in tokens) or (
                    len(tokens) > above and not _broken_again(tokens, previous, was_tail)):
                break
            end, previous, was_tail, hyphenated_earlier = k + 1, tokens, True, 0
            continue
        if k > i and _label_words_with_an_earlier_year(tokens, header_lines, prefixes, patterns, settings):
            break  # the end of a label the page break cut under the repeated header ("vanaf 2015")
        header_lines.append(tokens)
        # Tails on a line of names ("gebieden NL gebieden NL") end the names broken above.
        hyphenated_earlier = (0 if any(w[:1].islower() for w in tokens)
                              else hyphenated_earlier + _hyphenated_names(previous, was_tail, patterns))
        end, previous, was_tail = k + 1, tokens, False
    if rows_from is not None and not any(_area_of(w, patterns) for line in header_lines for w in line):
        # Years over rows and no area named: the area cells wrapped in their cells, written
        # after the page's rows (Calc read in content order), complete the header.
        late = _area_cells_after_rows(lines, rows_from, page_end, patterns, settings, words_of)
        header_lines += late
        prefixes |= _prefixes(late, patterns)
    slots = _header_slots(header_lines, prefixes, patterns)
    if slots is not None and any(a.year > b.year for a, b in zip(slots, slots[1:])):
        slots = None  # a later year's cells before an earlier year's: the text lost the order
    guessed = slots is None
    if slots is None:
        slots = _areas_unordered(header_lines, patterns)
    if slots is None or len({s.year for s in slots}) < 2:
        return None
    return _Header(i, end, slots, guessed, tuple((j, words) for j, words in label_words if j < end))


def _broken_again(tokens: list[str], previous: list[str], was_tail: bool) -> bool:
    """Whether a line of tails is the tails above broken again in a narrow cell ("NPLV-" /
    "gebiede" / "n"): one short piece repeated once a column under the tails above it (under one
    area's tails where the other area's ended: "gebiede d gebiede d" over "n n")."""
    return (was_tail and len(set(tokens)) == 1 and len(tokens[0]) <= 3
            and len(tokens) in {len(previous), *Counter(previous).values()})


def _label_words_before_cells(tokens: list[str], previous: list[str], was_tail: bool, following: list[str],
                              prefixes: set[str], patterns, settings: LineSettings) -> int:
    """How many words at the start of a line under a header's first are a label's, not the
    header's: before the header's cells ("Arbeidsparticipatie Gem. Gem. ...", "(netto NPLV- NL
    ..."), before as many tails as the line above has area names broken ("Definitief
    schooladvies PO gebieden gebieden", "Midden- en hoge gebied gebied" under "- -"), or
    before the tails that complete those above ("inkomens en en" under "gebied gebied"; not a
    label's own "en" under "and"); or the whole line, when the next line ends in area cells (a
    label between the header's lines, or beside them). None for a line of the header's words
    only, or one that names a year."""
    def names_cells(words: list[str]) -> bool:  # an area or the start of its cell, not only tails
        return any(_area_of(w, patterns) or _is_abbreviation(w) or w in prefixes for w in words)

    if any(YEAR.match(w) for w in tokens):
        return 0
    whole = len(tokens) if names_cells(_cells_at_end(following, prefixes, patterns, settings)[1]) else 0
    j, rest = _cells_at_end(tokens, prefixes, patterns, settings)
    if j == 0 or not rest:
        return 0 if j == 0 else whole
    if names_cells(rest):
        return j
    broken = sum(1 for w in previous if w == "-" or w.endswith("-") or is_area_name_start(w, settings.area_words))
    completes = was_tail and len(rest) == len(previous) and all(
        any(above + tail in word for word in settings.area_words) for above, tail in zip(previous, rest))
    return j if (len(rest) == broken >= 2 or completes) else whole


def _cells_at_end(tokens: list[str], prefixes: set[str], patterns, settings: LineSettings) -> tuple[int, list[str]]:
    """Where the run of header words that ends a line starts, and the run: area names,
    abbreviations ("Gem."), prefixes repeated once a cell (a label's word before a name is not),
    pieces of broken names ("gebiede", "-") and the label columns' headings."""
    def cell(word: str) -> bool:
        return (bool(_area_of(word, patterns)) or _is_abbreviation(word) or word == "-"
                or (word in prefixes and tokens.count(word) > 1) or is_area_name_piece(word, settings.area_words)
                or word in settings.label_headers)

    j = len(tokens)
    while j > 0 and cell(tokens[j - 1]):
        j -= 1
    return j, tokens[j:]


def _next_words(k: int, last: int, words_of) -> list[str]:
    """The words of the first line after line ``k`` that has any, before line ``last``."""
    return next((words for words in map(words_of, range(k + 1, last)) if words), [])


def _broken_names_hyphens(tokens: list[str], previous: list[str], following: list[str], patterns,
                          settings: LineSettings) -> bool:
    """Whether a line of lone hyphens is the hyphens of area names broken over lines ("NPLV" /
    "-" / "gebied"), not a row of dashes: under a line of area names and their pieces ("NPLV
    land"), at most one hyphen a name, maybe among the other names' tails ("- rland - rland"
    under "NPLV Nede NPLV Nede"), and the next line ending in as many tails as there are
    hyphens, in lower case (after the label of the first row, on a page the table goes on to).
    No row of dashes is followed by such a line."""
    names = [w for w in previous if _area_of(w, patterns)]
    hyphens = sum(1 for w in tokens if w == "-")
    return (0 < hyphens <= len(names) and len(tokens) <= len(previous)
            and all(w == "-" or is_area_name_piece(w, settings.area_words) for w in tokens)
            and all(_area_of(w, patterns) or is_area_name_piece(w, settings.area_words) for w in previous)
            and hyphens <= len(following)
            and all(is_area_name_piece(w, settings.area_words) for w in following[-hyphens:]))


def _hyphenated_names(line: list[str], tails: bool, patterns) -> int:
    """How many area names a header line breaks at their hyphen ("NPLV-"); none on a line of tails."""
    return 0 if tails else sum(1 for w in line if w.endswith("-") and _area_of(w, patterns))


def _label_words_with_an_earlier_year(tokens: list[str], header_lines: list[list[str]], prefixes: set[str],
                                      patterns, settings: LineSettings) -> bool:
    """Whether a line under a header's lines is a label's words rather than the header's: a word
    no header prints beside a year before the header's last ("vanaf 2015" under "2021 Gem. NL":
    a row's label the page break carried under the repeated header)."""
    years = [int(w) for w in tokens if YEAR.match(w)]
    latest = max((int(w) for line in header_lines for w in line if YEAR.match(w)), default=None)
    if latest is None or not years or max(years) >= latest:
        return False
    return not all(w in prefixes or _is_header_word(w, patterns, settings) for w in tokens)


def _area_cells_after_rows(lines: list[str], rows_from: int, page_end: int | None, patterns,
                           settings: LineSettings, words_of) -> list[list[str]]:
    """The header's area cells written after the rows under its years (a producer's content
    order: Calc writes a cell where its row is only when it holds one line, so wrapped area
    names, "Gem." / "NPLV-gebieden" / "Nederla" / "nd", come after the page's rows): the run of
    lines right after those rows, on their page, whose every word is an area name, a piece of
    one or an abbreviation ("Gem."), as header lines; none when no such line names an area."""
    stop = min(len(lines), rows_from + 2 * settings.header_lines, len(lines) if page_end is None else page_end)
    k = rows_from
    while k < stop and (not lines[k].strip() or any(is_value_token(w) for w in lines[k].split())):
        k += 1
    cells: list[list[str]] = []
    while k < stop:
        tokens = words_of(k)
        if tokens and not all(_area_of(w, patterns) or _is_abbreviation(w)
                              or is_area_name_piece(w, settings.area_words) for w in tokens):
            break
        if tokens:
            cells.append(tokens)
        k += 1
    return cells if any(_area_of(w, patterns) for line in cells for w in line) else []


def unglued(word: str, is_name, longest: int = 40, most_cuts: int = 12, longest_repeated: int = 400) -> list[str]:
    """A word that runs header names together ("NPLVNederland", "NLGem.", "NL2018", "20182018": an extractor
    that joins text runs without a space) as those names, ``is_name`` telling a name; any other
    word as it is. Names begin with a capital or a year's first digit, so only cuts there are
    tried, the shortest name first; each cut's way to the word's end is found once, from the end,
    and a word of more than ``most_cuts`` such places is no run of a few names (a hostile text's
    words cost at most ``most_cuts`` squared tests each), unless it repeats one such run
    ("NPLVNLNPLVNLNPLVNL": the area names of every year, up to ``longest_repeated`` characters),
    which it is that run's names, repeated."""
    if not (word[:1].isupper() or word[:1].isdigit()):
        return [word]
    cuts, digits = [], 0  # digits: how many digits the run before k holds
    for k, c in enumerate(word[:longest + 1]):
        # A run of digits is cut every four digits too: years run together ("20182018").
        if c.isupper() or (c.isdigit() and digits % 4 == 0):
            cuts.append(k)
        digits = digits + 1 if c.isdigit() else 0
    if len(word) > longest or len(cuts) > most_cuts:
        unit = _repeated_unit(word) if len(word) <= longest_repeated else None
        if unit is None or len(unit) > longest:
            return [word]
        names = unglued(unit, is_name, longest, most_cuts, longest_repeated)
        return names * (len(word) // len(unit)) if names != [unit] or is_name(unit) else [word]
    if len(cuts) < 2:  # one place: the word is whole either way
        return [word]
    cuts.append(len(word))
    way: dict[int, list[str]] = {len(word): []}
    for a in reversed(cuts[:-1]):
        b = next((b for b in cuts if b > a and b in way and is_name(word[a:b])), None)
        if b is not None:
            way[a] = [word[a:b]] + way[b]
    return way.get(0) or [word]


def _repeated_unit(word: str) -> str | None:
    """The shortest run that ``word`` is two or more copies of; None when it is none. Linear: the
    prefix function gives the shortest period."""
    fail = [0] * len(word)
    for k in range(1, len(word)):
        j = fail[k - 1]
        while j and word[k] != word[j]:
            j = fail[j - 1]
        fail[k] = j + (word[k] == word[j])
    period = len(word) - (fail[-1] if word else 0)
    return word[:period] if word and period < len(word) and len(word) % period == 0 else None


def _header_words(line: str, patterns) -> list[str]:
    """A header line's words, names run together taken apart."""
    return [part for word in line.split() for part in header_names_apart(word, patterns)]


def header_names_apart(word: str, patterns) -> list[str]:
    """A word that runs header names together (a year, an area name, "Gem.") as those names; any
    other word as it is."""
    return unglued(word, lambda w: bool(YEAR.match(w) or _area_of(w, patterns) or _is_abbreviation(w)))


def _is_header_word(word: str, patterns, settings: LineSettings) -> bool:
    """A word a header prints: a year, an area name, a label column's heading or an
    abbreviation ("Gem.")."""
    return bool(YEAR.match(word) or _area_of(word, patterns) or word in settings.label_headers
                or _is_abbreviation(word))


def _is_abbreviation(word: str) -> bool:
    """A short capitalised word ending in a full stop, as an area heading starts ("Gem.")."""
    return len(word) <= 5 and word.endswith(".") and word[:1].isupper()


def _areas_unordered(header_lines: list[list[str]], patterns) -> list[Slot] | None:
    """A header whose cells come in an order that does not keep the columns (a producer that
    writes its wrapped cells last), but that names each area once a year: its columns, the areas
    in the order of their first naming, to be read both ways."""
    tokens = [w for line in header_lines for w in line]
    years = sorted({int(w) for w in tokens if YEAR.match(w)})
    named = Counter(area for area in map(lambda w: _area_of(w, patterns), tokens) if area)
    if not years or len(named) < 2 or set(named.values()) != {len(years)}:
        return None
    return [Slot(year, area) for year in years for area in named]


def _header_slots(header_lines: list[list[str]], prefixes: set[str], patterns) -> list[Slot] | None:
    """The columns a header names, in order. A two-level header prints each year once above its
    area cells; a one-level header prints a year in every cell ("2018 NPLV"), so years repeat
    or follow area names."""
    tokens = [w for line in header_lines for w in line]
    years = [int(w) for w in tokens if YEAR.match(w)]
    first_area = next((k for k, w in enumerate(tokens) if _area_of(w, patterns)), len(tokens))
    one_level = len(set(years)) < len(years) or any(YEAR.match(w) for w in tokens[first_area:])
    if years != sorted(years):
        return None
    cells: list[list] = []  # [year or None, area or None]
    # A one-level header may print a cell's area before its year ("NPLV 2018"): an area no cell
    # waits for waits for the next year's cell.
    waiting: str | None = None
    for line in header_lines:
        started_here: list = []
        # A line with a prefix for every cell still without an area ("Gem. Gem. ... Gem. NL" under
        # a one-level header's years) names them left to right: an area right after a prefix is
        # that prefix's cell's, wherever the other cells' areas are written (the line below).
        unnamed = [c for c in cells if c[1] is None]
        bound = one_level and bool(unnamed) and sum(1 for w in line if w in prefixes) == len(unnamed)
        prefix_cell = None
        for word in line:
            if bound and word in prefixes:
                prefix_cell = unnamed.pop(0)
                continue
            after_prefix, prefix_cell = prefix_cell, None
            area = _area_of(word, patterns)
            if after_prefix is not None and area is not None:
                after_prefix[1] = area
                continue
            if YEAR.match(word) or (area is None and word in prefixes and not one_level):
                if YEAR.match(word) and not one_level:
                    continue
                cell = [int(word) if YEAR.match(word) else None, None]
                if one_level and waiting is not None and cell[0] is not None:
                    cell[1], waiting = waiting, None
                cells.append(cell)
                started_here.append(cell)
                continue
            if area is None:
                continue
            if started_here and started_here[-1][1] is None:
                started_here[-1][1] = area
            else:
                pending = next((c for c in cells if c[1] is None and c not in started_here), None)
                if pending is not None:
                    pending[1] = area
                elif not one_level:
                    cells.append([None, area])
                elif waiting is not None:
                    return None  # two areas before a year: no cells in the text's order
                else:
                    waiting = area
    cells = [c for c in cells if c[1] is not None]
    if not cells:
        return None
    if one_level:
        slots = [Slot(year, area) for year, area in cells if year is not None]
        if len(slots) != len(cells):
            return None
    else:
        if len(cells) % len(years):
            return None
        per_year = len(cells) // len(years)
        slots = [Slot(year, cells[k * per_year + a][1]) for k, year in enumerate(years) for a in range(per_year)]
    if len(set(slots)) != len(slots):
        return None
    # Every year's cells name the same areas in the same order: a year that names fewer is no
    # column of this header (a year in the line above it, "vanaf 2015", read as one).
    areas_of: dict[int, list[str]] = {}
    for slot in slots:
        areas_of.setdefault(slot.year, []).append(slot.area)
    if len({tuple(areas) for areas in areas_of.values()}) == 1:
        return slots
    # A spread that breaks its columns by width, not by year (jsPDF's autoTable) ends a part
    # with a year's first areas and begins the next with its last: a first year that names the
    # others' last areas and a last year that names their first, each next to the others.
    ordered = sorted(areas_of)
    inner = {tuple(areas_of[year]) for year in ordered[1:-1]}
    if len(inner) != 1:
        return None
    (order,) = inner
    first, last = tuple(areas_of[ordered[0]]), tuple(areas_of[ordered[-1]])
    first_ok = first == order or (ordered[1] == ordered[0] + 1 and order[len(order) - len(first):] == first)
    last_ok = last == order or (ordered[-2] == ordered[-1] - 1 and order[:len(last)] == last)
    return slots if first_ok and last_ok else None


def _prefixes(lines: list[list[str]], patterns) -> set[str]:
    """Words that stand right before an area name in the header lines' words."""
    found = set()
    for tokens in lines:
        for before, word in zip(tokens, tokens[1:]):
            if _area_of(word, patterns) and not _area_of(before, patterns) and not YEAR.match(before):
                found.add(before)
    return found


# ---- parts and rows -------------------------------------------------------------------------


def _parts(lines: list[str], line_pages: list[int], headers: list[_Header], settings: LineSettings,
           tail: int | None = None) -> list[_Part]:
    """Headers with the same columns continue one part (a header repeated on the next page);
    other columns start the next part of a spread. A header's rows end with its page (a table
    goes on over a page break under a repeated header, or without one: ``_goes_on``) or where
    more label lines follow than any row takes (prose after the table); with ``tail``, that many
    label lines after the rows are kept, for the rows to share (a producer that writes its
    wrapped cells after the rows)."""
    longest_run = 2 * settings.max_label_lines if tail is None else tail
    patterns = [(area, re.compile(p)) for area, p in settings.area_patterns]
    after_last = settings.max_label_lines if tail is None else tail
    parts: list[_Part] = []
    for k, header in enumerate(headers):
        stop = headers[k + 1].first if k + 1 < len(headers) else len(lines)
        page = line_pages[header.first] if header.first < len(line_pages) else None
        body = [_Line(j, list(words), []) for j, words in header.label_words]
        run = 0  # label-only lines in a row
        page_top = False  # no line of the page read yet
        years = len({slot.year for slot in header.slots})
        for j in range(header.end, stop):
            if page is not None and j < len(line_pages) and line_pages[j] != page:
                if not _goes_on(lines, line_pages, j, stop, len(header.slots), patterns):
                    break
                page, page_top = line_pages[j], True  # the table goes on without its header repeated ...
            line = _split_line(j, lines[j])
            if not (line.label or line.values):
                continue
            at_top, page_top = page_top, False
            if (at_top or years > 1) and _years_repeated(lines[j], header.slots, settings):
                # ... or with it repeated in part: its years, not its area names. A text that marks
                # no page break (Ghostscript's, PDFBox's) has it anywhere, after the page's number.
                _drop_page_number(body)
                continue
            run = 0 if line.values else run + 1
            if run > longest_run:
                break
            body += _rows_on_one_line(line, len(header.slots))
        _drop_page_number(body)  # before the next header, or after the table's last row
        labels = tuple(j for j, _ in header.label_words)
        if parts and parts[-1].slots == header.slots:
            parts[-1].lines += body
            parts[-1].resumes |= {header.end}
            parts[-1].repeated_labels += (labels,)
        else:
            parts.append(_Part(header.slots, body, header.first, header.guessed, opening_labels=labels))
    for part in parts:  # text after the table's last row is not the table's
        last = max((k for k, line in enumerate(part.lines) if line.values), default=-1)
        part.lines = part.lines[: last + 1 + after_last]
    return [part for part in parts if any(line.values for line in part.lines)]


def _drop_page_number(body: list[_Line]) -> None:
    """Leave out the body's last line if it is a page's number alone (where a text marks no page
    break, it stands between the page's last row and the next page's header)."""
    if body and not body[-1].values and PAGE_NUMBER.match(" ".join(body[-1].label)):
        body.pop()


def _years_repeated(line: str, slots: list[Slot], settings: LineSettings) -> bool:
    """Whether the line repeats the header's years: the header repeated in part (a source that
    marks only its first header row as the header, AsciiDoc's, has only that row repeated)."""
    return repeats_years(line.split(), list(dict.fromkeys(slot.year for slot in slots)), settings.label_headers)


def repeats_years(words: list[str], years: list[int], headings: tuple[str, ...]) -> bool:
    """Whether the words are the header's ``years``, in order, and no more than the label
    columns' ``headings`` beside them."""
    return ([int(w) for w in words if YEAR.match(w)] == years
            and all(YEAR.match(w) or w in headings for w in words))


def _goes_on(lines: list[str], line_pages: list[int], start: int, stop: int, columns: int, patterns) -> bool:
    """Whether the page from line ``start`` goes on with the table (a producer that repeats no
    header): no header of its own on it (``stop``, the next header, lies beyond it; no area named
    above its rows, a header not read) and its first line of values is a row's, at least half the
    columns (prose quotes a figure or two)."""
    page = line_pages[start]
    for j in range(start, min(stop, len(lines))):
        if line_pages[j] != page:
            return False
        line = _split_line(j, lines[j])
        if line.values:
            return len(line.values) >= max(2, columns // 2)
        if any(_area_of(word, patterns) for word in line.label):
            return False
    return False


def _split_line(index: int, text: str) -> _Line:
    words = text.split()
    split = _values_start(words)
    wrapped: list[tuple[str, str]] = []
    # A figure and the unit its narrow cell wrapped, written on one line with a space between
    # ("91.41% – 9166.00 % –", pypdf): one value, where the row's other figures carry the unit.
    while split >= 2 and words[split - 1] in TRAILING_UNITS:
        start = _values_start(words[:split - 1])
        whole = (wrapped_figure(words[split - 2], words[split - 1], words[start:split - 2] + words[split:])
                 if start < split - 1 else None)
        if whole is None:
            break
        wrapped.append((words[split - 2], words[split - 1]))
        words = words[:split - 2] + [whole] + words[split:]
        split = start
    return _Line(index, words[:split], words[split:], wrapped=tuple(wrapped))


def _rows_on_one_line(line: _Line, columns: int) -> list[_Line]:
    """The rows a text ran together on one line (pypdf, a cell spanning two rows: "Armoedegrens
    Aandeel huishoudens onder de armoedegrens 18.18% ... – – Aandeel kinderen in huishoudens
    onder de armoedegrens 18.53% ... –"): where its label words hold a run of more than half a
    row's values, and its values are more than half a row too, each run is a row of its own, all
    on the line. (The two halves of a spread side by side hold half a row each: one row.)"""
    if 2 * len(line.values) <= columns:
        return [line]
    words = line.label
    end = len(words)
    while end > 0 and not is_value_token(words[end - 1]):
        end -= 1
    start = _values_start(words[:end])
    if not 2 * (end - start) > columns or end - start > columns or end == len(words):
        return [line]
    first, rest = words[start:end], words[end:]
    if rest[0][:1] in DASHES and rest[0][1:2].isalpha() and len(first) < columns:
        # The first row's last dash run into the next row's label ("– –Aandeel", pypdf's layout).
        first, rest = first + [rest[0][0]], [rest[0][1:]] + rest[1:]
    return (_rows_on_one_line(_Line(line.index, words[:start], first), columns)
            + [replace(line, label=rest, shares_line=True)])


def _values_start(words: list[str]) -> int:
    """Where the words' trailing run of values starts."""
    split = len(words)
    while split > 0 and is_value_token(words[split - 1]):
        split -= 1
    return split


def _row_groups(part: _Part, mode: str, catalog: Catalog, settings: LineSettings, line_pages: list[int],
                scorer: TailScorer | None = None
                ) -> tuple[list[_Line], list[list[_Line]], list[_Line], list[_Line], dict[int, tuple[str, int]]]:
    """The part's value lines and, per row, its label lines (a list of lines, the value line's own
    label words among them, at most ``max_label_lines`` from each side); then the label lines
    after the last row that no row takes, and those between rows that no row takes; and the
    figures written apart from their rows (``_figures_apart``), by their row's value line, as
    (figure, its line)."""
    most = settings.max_label_lines
    around = _figures_around(part.lines, len(part.slots))
    if any(part.lines[k].label for k in around):
        # A label beside the figure's piece (an indicator centred on its group) stays, as label.
        lines = [_Line(line.index, line.label, []) if k in around else line for k, line in enumerate(part.lines)]
        part = replace(part, lines=lines)
    around_lines = {j for k in around for j in ((k + 2,) if part.lines[k].label else (k, k + 2))}
    apart: dict[int, tuple[str, tuple[int, ...]]] = {}
    if mode == "trailing":
        lines, apart = _figures_apart(part.lines)
        apart = {k: found for k, found in apart.items() if not set(found[1]) & around_lines}
        part = replace(part, lines=lines)
    aside = {k for _, taken in apart.values() for k in taken} | around_lines
    owners = {part.lines[k + 1].index: (figure, part.lines[k].index) for k, figure in around.items()}
    anchors = [k for k, line in enumerate(part.lines) if line.values and k not in aside]
    gaps: list[list[_Line]] = []
    previous = -1
    for k in anchors + [len(part.lines)]:
        gaps.append([line for j, line in enumerate(part.lines[previous + 1:k], previous + 1)
                     if line.label and j not in aside])
        previous = k
    if mode == "trailing":
        value_lines, labels, leftover, unread = _trailing_groups(part, anchors, gaps, scorer or TailScorer(catalog),
                                                                 line_pages, settings)
        found, unplaced = _rows_of_apart_figures(apart, part, anchors, labels)
        return value_lines, labels, leftover, unread + unplaced, found | owners
    splits = _divide_gaps(part, anchors, gaps, mode, catalog, most, line_pages)
    labels: list[list[_Line]] = []
    for r, k in enumerate(anchors):
        before = _below(gaps[r], splits[r], most)
        after = gaps[r + 1][:splits[r + 1]]
        own = [part.lines[k]] if part.lines[k].label else []
        labels.append(before + own + after)
    leftover = gaps[-1][splits[-1]:]
    return [part.lines[k] for k in anchors], labels, leftover, [], owners


def _figures_around(lines: list[_Line], columns: int) -> dict[int, str]:
    """Figures a narrow cell wrapped around its row's line, the row's other cells centred on it
    (fpdf2): "9166.00" on the line above the row, a cell short (alone, or after a label centred
    on its group: "Verhuisbeweging: doorloopsnelheid 9166.00"), and its unit alone on the line
    below. By the figure's line (an index into ``lines``; its piece is two lines on): the figure,
    whole, for the row's one empty cell (``_with_apart_figure``)."""
    found: dict[int, str] = {}
    for k in range(len(lines) - 2):
        figure, row, piece = lines[k:k + 3]
        words = piece.label + piece.values
        if (len(figure.values) != 1 or not row.values or len(row.values) != columns - 1
                or len(words) != 1 or (row.index, piece.index) != (figure.index + 1, figure.index + 2)
                or k - 1 in found or k - 2 in found):
            continue
        whole = wrapped_figure(figure.values[0], words[0], row.values)
        if whole is not None:
            found[k] = whole
    return found


def _figures_apart(lines: list[_Line]) -> tuple[list[_Line], dict[int, tuple[str, tuple[int, ...]]]]:
    """Figures a producer wrote apart from their rows, among the label lines after them: a line
    of one figure and nothing else, its cell's wrapped end ("%", "0%") maybe on the next line,
    with label lines (or nothing) on both sides (LibreOffice, read in content order, writes a
    cell too narrow for its figure, "1500.00" / "%", after the rows with the wrapped labels); or
    such a figure run onto the label line before it, its wrapped end on the next line (pypdf:
    "doorloopsnelheid 9166.00" / "%"). The lines with those figures taken off label lines; and by
    the figure's line (an index into ``lines``): the figure, whole, and the lines set aside."""
    out = list(lines)
    found: dict[int, tuple[str, tuple[int, ...]]] = {}
    for k in range(1, len(lines)):
        line = lines[k]
        if len(line.values) != 1 or not line.values[0][:1].isdigit() or lines[k - 1].values:
            continue
        figure, taken = line.values[0], (k,)
        piece = lines[k + 1] if k + 1 < len(lines) else None
        words = (piece.label + piece.values) if piece is not None else []
        joined = figure_with_piece(figure, words[0]) if len(words) == 1 else None
        if joined is not None:
            figure, taken = joined, (k, k + 1)
        elif line.label:
            continue  # a row of one value under its label, as far as the text tells
        after = taken[-1] + 1
        if figure[-1:] in TRAILING_UNITS and (after == len(lines) or not lines[after].values):
            if line.label:
                out[k] = _Line(line.index, line.label, [])
                taken = taken[1:]
            found[k] = (figure, taken)
    return out, found


def _rows_of_apart_figures(apart: dict[int, tuple[str, tuple[int, ...]]], part: _Part, anchors: list[int],
                           labels: list[list[_Line]]) -> tuple[dict[int, tuple[str, int]], list[_Line]]:
    """Which row each figure written apart (``_figures_apart``) is: the producer writes a row's
    wrapped cells in column order, labels first, so the figure is a row's from the last whose
    wrapped label lines come before it up to the one before the first whose come after; of those,
    the one row a cell short. As (figure, its line) by the row's value line; and, as label lines
    no row takes, the figures no one row is found for (they are in no cell, said)."""
    owners: dict[int, tuple[str, int]] = {}
    unplaced: list[_Line] = []
    columns = len(part.slots)
    for k, (figure, _) in apart.items():
        at = part.lines[k].index
        run = next((run for run in reversed(_runs_of(anchors)) if anchors[run[0]] < k), [])
        end = part.lines[anchors[run[-1]]].index if run else at
        tails = [[line.index for line in labels[r] if line.index > end] for r in run]
        before = [r for r, tail in zip(run, tails) if any(i < at for i in tail)]
        after = [r for r, tail in zip(run, tails) if any(i > at for i in tail)]
        first = before[-1] if before else (run[0] if run else 0)
        stop = after[0] if after else (run[-1] + 1 if run else 0)
        rows = [r for r in run if first <= r < stop and r not in after
                and len(part.lines[anchors[r]].values) == columns - 1
                and part.lines[anchors[r]].index not in owners]
        if len(rows) == 1:
            owners[part.lines[anchors[rows[0]]].index] = (figure, at)
        else:
            unplaced.append(_Line(at, [figure], []))
    return owners, unplaced


def _below(gap: list[_Line], taken_above: int, most: int) -> list[_Line]:
    """The lines of a gap the row below it takes: after those the row above took, at most ``most``."""
    return gap[max(taken_above, len(gap) - most):]


def _divide_gaps(part: _Part, anchors: list[int], gaps: list[list[_Line]], mode: str, catalog: Catalog,
                 most: int, line_pages: list[int]) -> list[int]:
    """Per gap, how many of its label lines go to the row above (the rest go to the row below,
    at most ``most`` each way: lines in the middle of a longer gap belong to no row). The first
    gap's lines all go below, and the last gap's lines above only as far as they help."""
    n = len(anchors)
    if mode == "after":
        return [0] + [min(len(g), most) for g in gaps[1:]]
    if mode == "before":
        return _split_rows(part, anchors, gaps, catalog, most, line_pages)
    # best[g][s]: the best total score of rows 0..g-1 with s lines of gap g given to row g-1.
    best: list[dict[int, tuple[float, int]]] = [{0: (0.0, 0)}]
    for g in range(1, n + 1):
        row = g - 1
        own = [part.lines[anchors[row]]] if part.lines[anchors[row]].label else []
        layer: dict[int, tuple[float, int]] = {}
        for s in range(min(len(gaps[g]), most) + 1):
            for s_before, (total, _) in best[g - 1].items():
                lines = _below(gaps[row], s_before, most) + own + gaps[g][:s]
                score = _quick_score(tuple(tuple(line.label) for line in lines), catalog)
                if g == n:
                    score -= 0.001 * s  # text after the table: take it only where it helps
                candidate = total + score
                if s not in layer or candidate > layer[s][0] + 1e-9:
                    layer[s] = (candidate, s_before)
        best.append(layer)
    splits = [0] * (n + 1)
    s = max(best[n], key=lambda k: (best[n][k][0], -k))
    for g in range(n, 0, -1):
        splits[g] = s
        s = best[g][s][1]
    return splits


def _split_rows(part: _Part, anchors: list[int], gaps: list[list[_Line]], catalog: Catalog, most: int,
                line_pages: list[int]) -> list[int]:
    """Labels above their values, but for a row split over a page break: its label goes on under
    the next page's header, before the next row's label (Writer), and the lines there go to the
    row above as far as the catalog reads both rows better so."""
    splits = [0] * (len(anchors) + 1)
    for g in range(1, len(anchors)):
        row = part.lines[anchors[g - 1]].index
        later = next((k for k, line in enumerate(gaps[g]) if line_pages[line.index] != line_pages[row]
                      or any(row < start <= line.index for start in part.resumes)), None)
        if later is None or later:
            continue  # no page break, or label lines on the page of the row above: its own labels end there

        def score(s: int) -> float:
            above = _below(gaps[g - 1], splits[g - 1], most) + _own(part, anchors[g - 1]) + gaps[g][:s]
            below = _below(gaps[g], s, most) + _own(part, anchors[g])
            return sum(_quick_score(tuple(tuple(line.label) for line in lines), catalog) for lines in (above, below))

        if score(0) < 2.0:  # both rows read exactly as they are: nothing to move
            splits[g] = max(range(min(len(gaps[g]), most) + 1), key=lambda s: (score(s), -s))
    return splits


def _own(part: _Part, anchor: int) -> list[_Line]:
    """A value line's own label words, as a label line."""
    return [part.lines[anchor]] if part.lines[anchor].label else []


def _has_tail(part: _Part) -> bool:
    """Whether rows printed without label lines between them are followed by label lines."""
    anchors = [k for k, line in enumerate(part.lines) if line.values]
    return any(len(run_rows) > 1 and anchors[run_rows[-1]] + 1 < len(part.lines)
               for run_rows in _runs_of(anchors))


def _runs_of(anchors: list[int]) -> list[list[int]]:
    """Rows (by index into ``anchors``) with no label lines between them."""
    runs: list[list[int]] = []
    for r, k in enumerate(anchors):
        if r == 0 or k != anchors[r - 1] + 1:
            runs.append([])
        runs[-1].append(r)
    return runs


def _without_header_cells(lines: list[_Line], patterns, settings: LineSettings, years: set[int]) -> list[_Line]:
    """The lines that are not header cells: lines of the header's ``years``, area names, label
    headings and abbreviations ("Gem."), and the lower-case tail of an area name broken at its
    hyphen (broken again in a narrow cell: "NPLV-" / "gebiede" / "n"). Another year alone on a
    line ends a label ("... Participatiewet vanaf" / "2015")."""
    kept = []
    previous: list[str] = []
    was_broken = False  # the line before was such a tail ("gebiede" + "n")
    for line in lines:
        words = line.label
        header = all((YEAR.match(w) and int(w) in years) or _area_of(w, patterns) or w in settings.label_headers
                     or _is_abbreviation(w) for w in words)
        broken = (len(words) == 1 and words[0][:1].islower() and previous
                  and ((previous[-1].endswith("-") and _area_of(previous[-1], patterns)) or was_broken
                       or _completes_area_word(previous[-1], words[0], settings.area_words)))
        if not (header or broken):
            kept.append(line)
        previous, was_broken = words, bool(broken)
    return kept


def _completes_area_word(start: str, piece: str, names: tuple[str, ...]) -> bool:
    """Whether ``piece`` goes on an area word a narrow cell broke at ``start``'s end without a
    hyphen ("Nederla" / "nd", "NPLV-gebiede" / "n")."""
    head = start.rsplit("-", 1)[-1].lower()
    return bool(head) and any(name.startswith(head + piece) for name in names)


def _trailing_groups(part: _Part, anchors: list[int], gaps: list[list[_Line]], scorer: TailScorer,
                     line_pages: list[int],
                     settings: LineSettings) -> tuple[list[_Line], list[list[_Line]], list[_Line], list[_Line]]:
    """``_row_groups`` for a producer that writes a label cell where its row is only when the
    cell holds one line, and its wrapped cells after the rows (LibreOffice's PDF read in content
    order): the label lines after a run of rows are shared out over those rows in order, each
    row taking the lines (before or after its own label words) the catalog reads it best with.
    Lines before a run are its first row's where they help."""
    most = settings.max_label_lines
    patterns = [(area, re.compile(p)) for area, p in settings.area_patterns]
    labels: list[list[_Line]] = [[] for _ in anchors]
    leftover: list[_Line] = []
    unread: list[_Line] = []  # tail lines between rows' lines that no row took
    years = {slot.year for slot in part.slots}
    for run in _runs_of(anchors):
        owns = [[part.lines[anchors[r]]] if part.lines[anchors[r]].label else [] for r in run]
        # Header cells written late ("Gem.", "NPLV-" / "gebieden", "2018") are no row's label.
        # A page's tail is its own: the lines after a page's last row and before the next page's
        # first row are the first page's tail and the second page's lines before its rows.
        first_page = line_pages[part.lines[anchors[run[0]]].index]
        last_page = line_pages[part.lines[anchors[run[-1]]].index]
        tail = _without_header_cells([line for line in gaps[run[-1] + 1] if line_pages[line.index] == last_page],
                                     patterns, settings, years)
        before = _without_header_cells([line for line in gaps[run[0]] if line_pages[line.index] == first_page][-most:],
                                       patterns, settings, years)
        if len(run) * (len(tail) + 1) > settings.max_tail_work:
            taken, skipped, rest = owns, [], tail
        else:
            taken, skipped, rest = _share_tail(before, owns, tail, scorer, most)
        for r, lines in zip(run, taken):
            labels[r] = lines
        leftover += rest
        unread += skipped
    # The lines before the part's first row that it did not take are no row's label: said, not
    # dropped (a row whose figures the page's edge cut reads as a line of label text there).
    taken_lines = {line.index for lines in labels for line in lines}
    if anchors:
        first = _without_header_cells(gaps[0], patterns, settings, years)
        unread = [line for line in first if line.index not in taken_lines] + unread
    return [part.lines[k] for k in anchors], labels, leftover, unread


def _share_tail(before: list[_Line], owns: list[list[_Line]], tail: list[_Line], scorer: TailScorer,
                most: int) -> tuple[list[list[_Line]], list[_Line], list[_Line]]:
    """Each row's label lines after sharing the tail out (``pipeline.appendix.tail``); the tail
    lines between the rows' that no row takes; those after the last row's."""
    shared = scorer.share(_label_of(before), [_label_of(own) for own in owns], _label_of(tail), most)
    taken: list[list[_Line]] = []
    used: set[int] = set()
    for r, (start, end, chunk_first) in enumerate(shared.runs):
        own = (before if r == 0 and shared.with_before else []) + owns[r]
        chunk = tail[start:end]
        used.update(range(start, end))
        taken.append(chunk + own if chunk_first else own + chunk)
    return taken, [line for k, line in enumerate(tail[:shared.end]) if k not in used], tail[shared.end:]


def _label_of(lines: list[_Line]) -> Label:
    return tuple(tuple(line.label) for line in lines)


# ---- labels ---------------------------------------------------------------------------------


@lru_cache(maxsize=8192)
def _divided_cached(lines: tuple[tuple[str, ...], ...], catalog: Catalog, anchor: int | None) -> _Divided:
    return _divide_label(lines, catalog, anchor)


def _divided(lines: tuple[tuple[str, ...], ...], catalog: Catalog, anchor: int | None = None) -> _Divided:
    """``anchor``: which of the label's lines (those with words) stands beside the row's values."""
    return _divided_cached(lines, catalog, anchor)


@lru_cache(maxsize=8192)
def _quick_score(lines: tuple[tuple[str, ...], ...], catalog: Catalog) -> float:
    """How well label lines read as a catalog label, letter for letter only (all of it, or one
    part): what dividing the gaps between rows weighs, many times over. Labels that only resemble
    one are read by similarity once the rows have their lines (``_divide_label``)."""
    keys = [[label_key(w) for w in line] for line in lines if line]
    if not keys:
        return 0.0
    if _exact_division(keys, catalog) is not None:
        return 1.0
    cased = [[label_key(w, keep_case=True) for w in line] for line in lines if line]
    if _one_part_division(keys, catalog, cased) is not None:
        return 0.9
    apart = _glued_apart(lines, catalog.vocabulary)
    return _quick_score(apart[0], catalog) if apart else 0.0


def _divide_label(lines: tuple[tuple[str, ...], ...], catalog: Catalog, anchor: int | None = None) -> _Divided:
    """Where each of a row's label lines divides into indicator and specification words.

    Exact readings first: the lines spell a catalog label (the indicator possibly only in part:
    its start on a group's first row, its continuation on the rows below); then one part exact
    and the other renamed; then the best similarity of the run-together label."""
    words = [list(line) for line in lines if line]
    if not words:
        return _Divided(0.0, "", "")
    keys = [[label_key(w) for w in line] for line in words]
    vocabulary = catalog.vocabulary
    cased = [[label_key(w, keep_case=True) for w in line] for line in words]
    exact = _exact_division(keys, catalog, cased)
    partial = _one_part_division(keys, catalog, cased) if exact is None else None
    if exact is None:
        # Two cells the extractor ran together where they touch ("onveiligheid'grote", the
        # indicator's line and the specification's): read with those words apart where that
        # spells a catalog label (one part of it only where the words as given spell none).
        apart = _glued_apart(lines, vocabulary)
        if apart is not None:
            read = _divide_label(apart[0], catalog, anchor)
            if read.score == 1.0 or (read.score >= 0.9 and partial is None):
                return replace(read, apart=apart[1])
    if exact is not None:
        cuts, starts_indicator = exact
        ind_lines = [" ".join(line[:j]) for line, j in zip(words, cuts) if j]
        spec_lines = [" ".join(line[j:]) for line, j in zip(words, cuts) if j < len(line)]
        ind = join_label_lines(ind_lines, vocabulary=vocabulary)
        spec = join_label_lines(spec_lines, vocabulary=vocabulary)
        if starts_indicator:
            return _Divided(1.0, ind, spec)
        return _Divided(1.0, "", spec, continues=ind)
    if partial is not None:
        ind_lines = [" ".join(line[:j]) for line, j in zip(words, partial) if j]
        spec_lines = [" ".join(line[j:]) for line, j in zip(words, partial) if j < len(line)]
        return _Divided(0.9, join_label_lines(ind_lines, vocabulary=vocabulary),
                        join_label_lines(spec_lines, vocabulary=vocabulary))
    text = join_label_lines([" ".join(line) for line in words], vocabulary=vocabulary)
    # A label can only be as similar as the catalog asks to one of about its length: lines taken
    # from their rows' neighbours are not compared letter for letter with every entry.
    length = sum(len(k) for line in keys for k in line)
    plausible = any(0.6 * length <= n <= length / 0.6 for n in catalog.label_keys_by_length)
    match = catalog.match_text(text, " ") if plausible else None  # " ": it may continue any indicator above
    if match is not None and match.entry is not None:
        return _Divided(min(match.score, 1.0) * 0.8, match.indicator, match.specification)
    # Unknown to the catalog: the indicator is the first line's words before its next capital.
    # Where the values stand beside a later line, the label is centred (or set at the foot) of
    # its cell and the specification's lines stand around it: the indicator is that line's words
    # in capitals first ("Eenzaamheid", then "ouder die zich" of the specification's middle).
    if anchor and words[anchor][0][:1].isupper():
        line = words[anchor]
        cut = next((j for j in range(1, len(line)) if not line[j][:1].isupper()), len(line))
        spec_lines = [" ".join(w) for w in words[:anchor]] + [" ".join(line[cut:])] + [" ".join(w) for w in words[anchor + 1:]]
        return _Divided(0.0, " ".join(line[:cut]), join_label_lines([s for s in spec_lines if s], vocabulary=vocabulary))
    first = words[0]
    cut = next((j for j in range(1, len(first)) if first[j][:1].isupper()), len(first))
    ind = " ".join(first[:cut])
    spec_lines = [" ".join(first[cut:])] + [" ".join(line) for line in words[1:]]
    return _Divided(0.0, ind, join_label_lines([s for s in spec_lines if s], vocabulary=vocabulary))


def _glued_apart(lines: tuple[tuple[str, ...], ...], vocabulary: frozenset[str]
                 ) -> tuple[tuple[tuple[str, ...], ...], tuple[str, ...]] | None:
    """The label lines with each word the catalog's words do not hold, but two of them do one
    after the other (at one place only, wherever its punctuation goes), set apart there; and
    those words as found. None when no word is."""
    found: list[str] = []
    out = []
    for line in lines:
        words: list[str] = []
        for word in line:
            cut = _glued_cut(word, vocabulary)
            if cut is None:
                words.append(word)
            else:
                words += [word[:cut], word[cut:]]
                found.append(word)
        out.append(tuple(words))
    return (tuple(out), tuple(found)) if found else None


@lru_cache(maxsize=65536)
def _glued_cut(word: str, vocabulary: frozenset[str], shortest: int = 3) -> int | None:
    """Where a word the vocabulary does not hold is two words it does, run together: the one
    pair of words there is; punctuation between them goes with the first ("onveiligheid'" +
    "grote": a straight quote between two letters closes), an opening bracket or curly quote
    with the second. Each word has ``shortest`` letters at least ("en" + "de" is no reading of
    "ende")."""
    if len(word) < 2 * shortest or vocabulary_word(word) in vocabulary:
        return None
    pairs: dict[tuple[str, str], int] = {}
    for k in range(shortest, len(word) - shortest + 1):
        left, right = vocabulary_word(word[:k]), vocabulary_word(word[k:])
        if len(left) >= shortest and len(right) >= shortest and left in vocabulary and right in vocabulary:
            if (left, right) not in pairs or word[k - 1] not in "([{\u2018\u201c":
                pairs[(left, right)] = k
    return next(iter(pairs.values())) if len(pairs) == 1 else None


def _exact_division(keys: list[list[str]], catalog: Catalog,
                    cased: list[list[str]] | None = None) -> tuple[list[int], bool] | None:
    """Per line, how many leading words are indicator words, when the lines spell a catalog
    specification exactly and their indicator words a contiguous piece of its indicator (all of
    it, its start, its continuation or nothing); and whether the piece is the indicator's start.
    With the lines' ``cased`` keys, where words differ only in case ("Armoedegrens" beside "...
    onder de armoedegrens"), the division that keeps the catalog's case wins."""
    total = sum(len(k) for line in keys for k in line)
    for entry in catalog.indicators:
        for indicator, specification in entry.labels():
            ind_key, spec_key = label_key(indicator), label_key(specification)
            piece = total - len(spec_key)
            if piece < 0 or piece > len(ind_key):
                continue
            for start in _piece_starts(ind_key, piece):
                cuts = label_cuts(keys, ind_key[start:start + piece], spec_key)
                if cuts is not None:
                    if cased is not None:
                        ind_cased = label_key(indicator, keep_case=True)
                        cuts = label_cuts(cased, ind_cased[start:start + piece],
                                          label_key(specification, keep_case=True)) or cuts
                    return cuts, start == 0 and piece > 0
    return None


def _piece_starts(ind_key: str, piece: int) -> list[int]:
    """Where a piece of the indicator may start: at its start, or, continuing it, at its end
    (the rest of a wrapped indicator) - a piece in the middle only between words."""
    if piece == 0:
        return [0]
    starts = [0]
    if len(ind_key) - piece > 0:
        starts.append(len(ind_key) - piece)
    return starts


def _one_part_division(keys: list[list[str]], catalog: Catalog,
                       cased: list[list[str]] | None = None) -> list[int] | None:
    """A row renamed in one label part: the lines end in a catalog specification (the indicator
    renamed) or start with a catalog indicator (the specification renamed). ``cased``: the lines'
    keys in their case, as for ``_exact_division``."""
    line_keys = ["".join(line) for line in keys]
    for entry in catalog.indicators:
        for indicator, specification in entry.labels():
            ind_key, spec_key = label_key(indicator), label_key(specification)
            # Quick tests first: some line ends the specification; the first line starts the indicator.
            if spec_key and any(k.endswith(spec_key[-4:]) for k in line_keys):
                cuts = label_cuts(keys, None, spec_key)
                if cuts is not None and any(cuts):
                    return cuts
            if ind_key and line_keys[0].startswith(ind_key[:4]):  # the indicator starts the label
                # Its words first, in order; else anywhere the columns' words interleave (a
                # later line's word may spell it too: "armoedegrens" ending the renamed
                # "Aandeel kinderen in een huishouden onder de armoedegrens").
                cuts = _leading_cuts(keys, ind_key) or label_cuts(keys, ind_key, None)
                if cuts is not None and cuts[0] and any(j < len(line) for line, j in zip(keys, cuts)):
                    return cuts
            elif cased and ind_key:
                # Or it starts a later line, in the catalog's case, with the specification's
                # words both before and after it: a label centred on its row ("Aandeel kinderen
                # in een huishouden onder de" / "Armoedegrens" / "armoedegrens"). In lower case
                # such a word ends the specification; with none after it, it heads the next row.
                ind_cased = label_key(indicator, keep_case=True)
                if any(line and line[0].startswith(ind_cased[:4]) for line in cased[1:]):
                    cuts = label_cuts(cased, ind_cased, None)
                    if cuts is not None and _centred(keys, cuts):
                        return cuts
    return None


def _centred(keys: list[list[str]], cuts: list[int]) -> bool:
    """Whether the indicator's words (``cuts``: per line, how many lead it) stand on lines one
    under another, with words of the specification on a line before and on one after them."""
    held = [k for k, j in enumerate(cuts) if j]
    if not held or held != list(range(held[0], held[-1] + 1)) or held[0] == 0:
        return False
    last = held[-1]
    return cuts[last] < len(keys[last]) or any(keys[k] for k in range(last + 1, len(keys)))


def _leading_cuts(keys: list[list[str]], ind_key: str) -> list[int] | None:
    """Per line, how many of its words spell ``ind_key`` when the label's first words, in the
    text's order, do; None when they do not."""
    cuts: list[int] = []
    done = 0
    for words in keys:
        j = 0
        while j < len(words) and done < len(ind_key) and ind_key.startswith(words[j], done):
            done += len(words[j])
            j += 1
        if done < len(ind_key) and j < len(words):
            return None  # a word that is not the indicator's before it is spelled
        cuts.append(j)
    return cuts if done == len(ind_key) else None


# ---- the table -------------------------------------------------------------------------------


def _assemble(parts: list[_Part], mode: str, line_pages: list[int], catalog: Catalog,
              settings: LineSettings,
              scorer: TailScorer | None = None) -> RawTable:
    slots: list[Slot] = []
    for part in parts:
        slots += [s for s in part.slots if s not in slots]
    rows: list[RawRow] = []
    decisions: list[Decision] = []
    labelled: list[int] = []  # the rows of the latest labelled part
    for part in parts:
        decisions += [Decision("wrapped_cell", None, line_pages[line.index], line.index + 1,
                               f"{figure!r} and the {unit!r} written after it read as one cell {figure + unit!r} "
                               "(a value wrapped in a narrow cell)")
                      for line in part.lines for figure, unit in line.wrapped]
        decisions += [Decision("split_row", None, line_pages[line.index], line.index + 1,
                               f"a row starting {' '.join(line.label[:6])!r} written on the line of the row before "
                               "it, after its values: read as a row of its own")
                      for line in part.lines if line.shares_line]
        part = _without_repeated_indicators(part, catalog, line_pages, decisions)
        value_lines, labels, leftover, unread, apart = _row_groups(part, mode, catalog, settings, line_pages, scorer)
        slot_ids = [slots.index(s) for s in part.slots]
        # A unit wrapped under its figure is no label (a part without labels has one too).
        value_lines, labels = _wrapped_units(value_lines, labels, line_pages, decisions, len(part.slots))
        is_labelled = sum(1 for group in labels if group) >= 0.5 * len(labels)
        if not is_labelled:
            unread += [_Line(at, [figure], []) for figure, at in apart.values()]  # no row's label to place it by
            _place_unlabelled(value_lines, rows, labelled, slots, slot_ids, catalog, decisions, line_pages, settings)
            # Figures on a line read as label text (a figure cut at its point is no value: the
            # line's values end before it), and a figure's unit alone (the rest of a figure a
            # narrow cell wrapped), are in no cell: said, never dropped, whether a row's group,
            # the lines after the rows or the lines no row took hold them.
            texts = [line for group in labels for line in group] + leftover + unread
            for line in {line.index: line for line in texts if line.label}.values():
                if any(is_value_token(word) or CUT_AT_POINT.match(word) or word in TRAILING_UNITS
                       for word in line.label):
                    decisions.append(Decision(
                        "stray_text", None, line_pages[line.index], line.index + 1,
                        f"text {' '.join(line.label)!r} among the values of a part without labels",
                        text=" ".join(line.label)))
            continue
        new_rows = _labelled_rows(value_lines, labels, line_pages, catalog, decisions)
        placed: list[int] = []
        keys = _keys(rows)
        new_keys = _keys(new_rows, keys[-1][0] if keys else "")
        for row, key, line in zip(new_rows, new_keys, value_lines):
            same = [k for k in labelled if keys[k] == key and not set(rows[k].cells) & set(slot_ids)]
            if not same:  # its label cut short in one of the parts
                same = row_cut_short(key, [(k, keys[k]) for k in labelled if not set(rows[k].cells) & set(slot_ids)],
                                     settings.min_cut_label_words)
                if same and len(row.specification) > len(rows[same[0]].specification):
                    rows[same[0]].specification, keys[same[0]] = row.specification, key
            if same:  # the same row on the next part of a spread, labels repeated
                target = same[0]
            else:
                rows.append(row)
                keys.append(key)
                target = len(rows) - 1
            placed.append(target)
            _place(rows, target, line, slots, slot_ids, catalog, decisions, line_pages, settings,
                   apart.get(line.index))
        if not any(p in labelled for p in placed):
            labelled = placed
        leftover = _indicator_ends(rows, leftover, catalog)
        for line in unread:
            decisions.append(Decision("stray_text", None, line_pages[line.index], line.index + 1,
                                      f"text {' '.join(line.label)!r} among the wrapped labels that no row took",
                                      text=" ".join(line.label), among_rows=True))
        for line in leftover:
            decisions.append(Decision("stray_text", None, line_pages[line.index], line.index + 1,
                                      f"text {' '.join(line.label)!r} after the table's last row",
                                      text=" ".join(line.label)))
    for row in rows:  # a column a row has no value line for (a spread's part without it)
        for slot in range(len(slots)):
            row.cells.setdefault(slot, RawCell("", row.page, None, row.line))
    pages = sorted({line_pages[part.first_line] for part in parts})
    return RawTable(slots, rows, pages, decisions)


def _indicator_ends(rows: list[RawRow], leftover: list[_Line], catalog: Catalog) -> list[_Line]:
    """The label lines after the last row that end the indicator of its group (printed once, in
    the middle of the group's rows, it wraps past the last: "Jongeren" / "verdacht van" / "een
    delict"): taken when they make it a catalog indicator it was not. The rest is returned."""
    head = next((r for r in reversed(rows) if r.indicator), None)
    if head is None or not leftover or catalog.names_indicator_exactly(head.indicator):
        return leftover
    for n in range(1, min(len(leftover), 3) + 1):
        joined = join_label_lines([head.indicator] + [" ".join(line.label) for line in leftover[:n]],
                                  vocabulary=catalog.vocabulary)
        if catalog.names_indicator_exactly(joined):
            head.indicator = joined
            return leftover[n:]
    return leftover


def _wrapped_units(value_lines: list[_Line], labels: list[list[_Line]], line_pages: list[int],
                   decisions: list[Decision], columns: int) -> tuple[list[_Line], list[list[_Line]]]:
    """A narrow cell wraps a figure: "1500.00%" as "1500.00" over "%", or "1500.0" over "0%".
    The "%" then comes among the label words of its row's next line, or "0%" alone on the next
    line as a row of one value without a label. Either completes the one figure of the row
    printed without the unit its other figures carry, when the two read as one value (none or
    several such figures: left as printed). The row's cells after the wrapped one, written on
    the line right under the "%" with no label, are the row's when they make it whole (the
    producer wrote the wrapped cell's line before the cells beside it)."""
    out_values: list[_Line] = []
    out_labels: list[list[_Line]] = []
    labels = list(labels)  # a unit taken from the next row's labels leaves them (the caller's list is kept)
    skip = 0  # value lines after this one that it took
    for r, (line, group) in enumerate(zip(value_lines, labels)):
        if skip:
            skip -= 1
            continue
        following = value_lines[r + 1] if r + 1 < len(value_lines) else None
        units = [(k, w) for k, g in enumerate(group) if g.index != line.index for w in g.label if w in TRAILING_UNITS]
        # A unit alone on the line right under the row may have gone with the next row's labels
        # (or, the row split by a page break, stand first on the next page, under its header).
        below = [(k, g) for k, g in enumerate(labels[r + 1] if r + 1 < len(labels) else [])
                 if (g.index == line.index + 1 or (k == 0 and line_pages[g.index] == line_pages[line.index] + 1))
                 and not g.values and len(g.label) == 1 and g.label[0] in TRAILING_UNITS]
        if not units and len(below) == 1 and completed_figure(line.values, below[0][1].label[0]) is not None:
            labels[r + 1] = [g for g in labels[r + 1] if g is not below[0][1]]  # read by the loop in turn
            group = group + [below[0][1]]
            units = [(len(group) - 1, below[0][1].label[0])]
        if len(units) == 1:
            piece, source = units[0][1], units[0][0]
        elif (following is not None and following.index == line.index + 1 and len(following.values) == 1
              and (not following.label or WRAPPED_PIECE.match(following.values[0]))):
            # The piece alone on the next line, or beside the row's wrapped label there
            # ("doorloopsnelheid 0%", pdfplumber).
            piece, source = following.values[0], None
        else:
            piece = source = None
        completed = completed_figure(line.values, piece) if piece is not None else None
        if completed is not None:
            j, value = completed
            decisions.append(Decision(
                "wrapped_cell", None, line_pages[line.index], line.index + 1,
                f"{line.values[j]!r} and the {piece!r} on the line below read as one cell {value!r} "
                f"(a value wrapped in a narrow cell)"))
            line = _Line(line.index, line.label, line.values[:j] + [value] + line.values[j + 1:], line.sources)
            if source is None:
                skip = 1  # the piece's own line is no row; its label lines (its own too) are this row's
                group = group + labels[r + 1]
                after = value_lines[r + 2] if r + 2 < len(value_lines) else None
                if (after is not None and after.index == following.index + 1 and not after.label
                        and len(line.values) + len(after.values) == columns):
                    # The row's cells after the wrapped one, on the line right under its piece
                    # ("9166.0" / "0%" / "–"): the row's end.
                    decisions.append(_row_end_under_piece(line, after, piece, line_pages))
                    line = _Line.joined([line, after])
                    skip = 2
                    group = group + labels[r + 2]
            else:
                unit_line = group[source].index
                group = [g if k != source else _Line(g.index, [w for w in g.label if w != piece], g.values)
                         for k, g in enumerate(group)]
                group = [g for g in group if g.label or g.values]
                rest = labels[r + 1] if r + 1 < len(labels) else []
                if (following is not None and following.index == unit_line + 1 and not following.label
                        and len(line.values) + len(following.values) == columns
                        and not any(line.index < g.index < following.index for g in rest)):
                    decisions.append(_row_end_under_piece(line, following, piece, line_pages))
                    line = _Line.joined([line, following])
                    skip = 1
                    group = group + rest
        out_values.append(line)
        out_labels.append(group)
    return out_values, out_labels


def _row_end_under_piece(line: _Line, end: _Line, piece: str, line_pages: list[int]) -> Decision:
    return Decision("split_row", None, line_pages[line.index], line.index + 1,
                    f"{' '.join(end.values)!r} on line {end.index + 1}, under the wrapped {piece!r}, read as "
                    "the end of the row (values printed over two lines)")


def _place_unlabelled(value_lines: list[_Line], rows: list[RawRow], labelled: list[int], slots: list[Slot],
                      slot_ids: list[int], catalog: Catalog, decisions: list[Decision], line_pages: list[int],
                      settings: LineSettings) -> None:
    """A spread's part printed without labels: line by line beside the labelled rows when there
    are as many lines as rows; else the lines are shared out over the rows where the values fit
    best (``group_runs``: a value printed off its row's line is a line of its own), each row
    split over several lines recorded as such."""
    if len(value_lines) == len(labelled):
        for line, k in zip(value_lines, labelled):
            _place(rows, k, line, slots, slot_ids, catalog, decisions, line_pages, settings)
        return
    entries = tuple(catalog.match(rows[k].indicator or _indicator_above(rows, k), rows[k].specification).entry
                    for k in labelled)
    contexts = tuple(tuple(sorted((s, c.printed) for s, c in rows[k].cells.items())) for k in labelled)
    groups, end = _grouped(tuple(tuple(line.values) for line in value_lines), contexts, entries, tuple(slots),
                           tuple(slot_ids), settings.align)
    for k, group in zip(labelled, groups):
        if not group:
            continue
        first = value_lines[group[0]]
        if len(group) > 1:
            decisions.append(Decision(
                "split_row", k, line_pages[first.index], first.index + 1,
                f"values printed over {len(group)} lines "
                f"({', '.join(str(value_lines[g].index + 1) for g in group)}) read as one row"))
        joined = _Line.joined([value_lines[g] for g in group], label=[])
        _place(rows, k, joined, slots, slot_ids, catalog, decisions, line_pages, settings)
    if end < len(value_lines):
        decisions.append(Decision(
            "spread_rows", None, line_pages[value_lines[end].index], value_lines[end].index + 1,
            f"{len(value_lines) - end} lines of values on a part without labels belong to no row"))


@lru_cache(maxsize=64)
def _grouped(runs, contexts, entries, slots, slot_ids, align: AlignSettings):
    """``group_runs`` once for the readings that share a part and its rows' cells (the readings
    differ in labels, seldom in what the part's values fit)."""
    return group_runs([list(r) for r in runs], [False] * len(runs), [dict(c) for c in contexts], list(entries),
                      list(slots), list(slot_ids), align)


def _indicator_above(rows: list[RawRow], k: int) -> str:
    return next((r.indicator for r in reversed(rows[:k]) if r.indicator), "")


def _keys(rows: list[RawRow], indicator: str = "") -> list[tuple[str, str]]:
    keys = []
    for row in rows:
        indicator = row.indicator or indicator
        keys.append((indicator, row.specification))
    return keys


def _labelled_rows(value_lines: list[_Line], labels: list[list[_Line]], line_pages: list[int],
                   catalog: Catalog, decisions: list[Decision]) -> list[RawRow]:
    rows: list[RawRow] = []
    for line, group in zip(value_lines, labels):
        group = _without_repeated_indicator(group, line, rows, line_pages, catalog, decisions)
        worded = [g for g in group if g.label]
        anchor = next((j for j, g in enumerate(worded) if g.index == line.index), None)
        divided = _divided(tuple(tuple(g.label) for g in group), catalog, anchor)
        first = group[0].index if group else line.index
        row = RawRow(divided.indicator, divided.specification, line_pages[first], line=first + 1)
        if divided.apart:
            decisions.append(Decision(
                "label_spacing", len(rows), line_pages[first], first + 1,
                f"the text runs the words of two label cells together ({', '.join(map(repr, divided.apart))}): "
                "read apart where the catalog's words meet", text=" ".join(divided.apart)))
        if divided.continues:
            head = next((r for r in reversed(rows) if r.indicator), None)
            if head is not None:  # an indicator printed once over its group, wrapped
                head.indicator = join_label_lines([head.indicator, divided.continues], vocabulary=catalog.vocabulary)
            else:
                row.indicator = divided.continues
        rows.append(row)
    return rows


def _without_repeated_indicators(part: _Part, catalog: Catalog, line_pages: list[int],
                                 decisions: list[Decision]) -> _Part:
    """The part without the label words among a repeated header's lines that spell a catalog
    indicator, letter for letter, every word of which the page before printed among its labels:
    a merged cell over the page break that Calc draws again beside the header, the indicator of
    the group the page goes on with (said, not read twice). An indicator the page before did not
    print is the label of the row the page break split, and stays."""
    dropped: set[int] = set()
    for group in filter(None, part.repeated_labels):  # a repeated header with label words beside it
        words = [" ".join(line.label) for line in part.lines if line.index in group]
        text = join_label_lines(words, vocabulary=catalog.vocabulary)
        page = line_pages[group[0]]
        printed = Counter(label_key(word) for line in part.lines if line.index < group[0]
                          and line_pages[line.index] in (page - 1, page) for word in line.label)
        if catalog.names_indicator_exactly(text) and Counter(label_key(word) for word in text.split()) <= printed:
            dropped |= set(group)
            decisions.append(Decision(
                "split_row", None, line_pages[group[0]], group[0] + 1,
                f"label text {text!r} beside the repeated header on page {line_pages[group[0]]} is the indicator "
                "of the group the page goes on with (a cell over the page break printed again): not read twice",
                text=text))
    return replace(part, lines=[line for line in part.lines if line.index not in dropped]) if dropped else part


def _without_repeated_indicator(group: list[_Line], line: _Line, rows: list[RawRow], line_pages: list[int],
                                catalog: Catalog, decisions: list[Decision]) -> list[_Line]:
    """A row's label lines without its group's indicator printed again on the page the group goes
    on to (Calc draws a merged cell over a page break on both pages): label lines below the row's
    values, on a later page than they, that spell the indicator of the row's group, or its last
    words (the cell's lines above the page's top), letter for letter, are that repeat when the
    catalog reads the row better without them (a row split by the page break may end in the
    indicator's last word: "Armoedegrens" / "Aandeel huishoudens onder de" / "armoedegrens"); they
    are not read twice (said)."""
    page = line_pages[line.index]
    k = len(group)
    while k > 0 and group[k - 1].index > line.index and line_pages[group[k - 1].index] != page:
        k -= 1
    if k == len(group):
        return group
    words = [label_key(word) for later in group[k:] for word in later.label]
    without = _divided(tuple(tuple(g.label) for g in group[:k]), catalog)
    indicator = without.indicator or _indicator_above(rows, len(rows))
    if not catalog.names_indicator_exactly(indicator) or not words or [
            label_key(word) for word in indicator.split()][-len(words):] != words:
        return group
    if without.score <= _divided(tuple(tuple(g.label) for g in group), catalog).score:
        return group
    text = " ".join(word for later in group[k:] for word in later.label)
    first = group[k]
    decisions.append(Decision(
        "split_row", None, line_pages[first.index], first.index + 1,
        f"label text {text!r} on page {line_pages[first.index]} repeats the indicator of the rows on the "
        "page before (a cell over the page break printed again): not read twice", text=text))
    return group[:k]


def _with_apart_figure(rows: list[RawRow], index: int, tokens: list[str], apart: tuple[str, int], slots: list[Slot],
                       slot_ids: list[int], catalog: Catalog, decisions: list[Decision], line_pages: list[int],
                       settings: LineSettings) -> int | None:
    """Where among the row's values the figure written apart from it goes, its one empty cell:
    each place between its values is tried, and the one whose row reads best (its series, and the
    areas and years the catalog measures it in) wins by ``min_apart_figure_margin``. A closer
    call leaves the figure in no cell (``stray_text``: the reading is not trusted): None."""
    figure, at = apart

    def unplaced(why: str) -> None:
        decisions.append(Decision(
            "stray_text", index, line_pages[at], at + 1,
            f"the figure {figure!r}, written apart from its row's line, {why}", text=figure))
        return None

    def where(place: int) -> str:
        slot = slots[slot_ids[place]]
        return f"{slot.year} {slot.area}"

    if len(tokens) + 1 != len(slot_ids):
        return unplaced("finds no one empty cell in its row")
    row = rows[index]
    entry = catalog.match(row.indicator or _indicator_above(rows, index), row.specification).entry
    context = {s: c.printed for s, c in row.cells.items()}
    ways = sorted((series_cost(context | dict(zip(slot_ids, tokens[:p] + [figure] + tokens[p:])), slots, entry,
                               settings.align), p)
                  for p in range(len(tokens) + 1))
    (cost, p), runner = ways[0], ways[1:2]
    margin = runner[0][0] - cost if runner else None
    if margin is not None and margin < settings.min_apart_figure_margin:
        return unplaced(f"fits {where(p)} and {where(runner[0][1])} almost alike")
    decisions.append(Decision(
        "wrapped_cell", index, line_pages[at], at + 1,
        f"the figure {figure!r}, written apart from its row's line (a cell too narrow for it), "
        f"read as the row's {where(p)}, its one empty cell",
        chosen=where(p), alternatives=tuple(where(q) for _, q in ways[1:1 + settings.align.alternatives_kept]),
        cost=round(cost, 6), margin=None if margin is None else round(margin, 6)))
    return p


def _place(rows: list[RawRow], index: int, line: _Line, slots: list[Slot], slot_ids: list[int], catalog: Catalog,
           decisions: list[Decision], line_pages: list[int], settings: LineSettings,
           apart: tuple[str, int] | None = None) -> None:
    """The line's values into row ``index``'s cells; a ragged row's where its catalog row's
    series and measurement fit best (a row that prints no indicator continues the one above).
    ``apart``: a figure written apart from the row (``_figures_apart``) and its line, for the
    row's one empty cell (``_with_apart_figure``)."""
    row = rows[index]
    tokens = list(line.values)
    origins = line.value_sources()
    page = line_pages[line.index]
    if apart is not None:
        place = _with_apart_figure(rows, index, tokens, apart, slots, slot_ids, catalog, decisions, line_pages,
                                   settings)
        if place is not None:
            tokens.insert(place, apart[0])
            origins.insert(place, apart[1])
    if len(tokens) > len(slot_ids):
        extra = tokens[len(slot_ids):]
        decisions.append(Decision(
            "overfull_row", index, page, line.index + 1,
            f"{len(tokens)} values for {len(slot_ids)} columns; the last {len(extra)} ({' '.join(extra)}) have no column"))
        tokens = tokens[:len(slot_ids)]
    placement = tuple(slot_ids[:len(tokens)])
    if 0 < len(tokens) < len(slot_ids):
        entry = catalog.match(row.indicator or _indicator_above(rows, index), row.specification).entry
        context = {s: c.printed for s, c in row.cells.items()}
        alignment = align_row(tokens, slots, slot_ids, context, entry, settings.align)
        placement = alignment.best.slots
        margin = alignment.margin
        decisions.append(Decision(
            "ragged_row", index, page, line.index + 1,
            f"{len(tokens)} values for {len(slot_ids)} columns; placed where the series and the measurement cycle "
            f"fit best",
            chosen=describe(alignment.best, slots, tokens, slot_ids),
            alternatives=tuple(describe(a, slots, tokens, slot_ids) for a in alignment.alternatives),
            cost=alignment.best.cost, margin=margin,
            ambiguous=margin is not None and margin < settings.align.ambiguity_margin))
    for slot, token, origin in zip(placement, tokens, origins):
        row.cells[slot] = RawCell(token, line_pages[origin], None, origin + 1)
    for slot in slot_ids:
        if slot not in row.cells:
            row.cells[slot] = RawCell("", page, None, line.index + 1)


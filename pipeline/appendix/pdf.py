"""Reading the appendix table from a PDF with pdfplumber word positions.

Nothing here knows page numbers, coordinates or row counts. The layout is derived from the page:
- the header: a line of years above a line with area column headers ("Gem. NPLV-gebieden",
  "Gem. NL"); label column headers ("Indicator", "Specificatie") on the same lines mark the page
  that carries the row labels, a page without them continues the table (a two-page spread);
- columns: value words clustered by horizontal overlap and matched in order to the area headers;
- rows: blocks of label lines (a wrapped label keeps the tight line pitch, a new row starts
  further down or below a rule); a value belongs to the row band it overlaps most.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from pipeline.appendix.layout import (
    merge_spans,
    merge_words,
    monotone_match,
    Phrase,
    Word,
    group_lines,
    horizontal_rules,
    interval_gap,
    overlap,
    split_phrases,
    text_height,
    union_bbox,
)
from pipeline.appendix.fit import FitSettings, choose_reading
from pipeline.appendix.page_break import completed_over_page_break
from pipeline.appendix.grid import GridSettings, PositionedPage, Rule, candidate_pages, find_pages, readings
from pipeline.appendix.labels import join_label_lines
from pipeline.appendix.model import DRAWN_RULE, Decision, RawCell, RawRow, RawTable, Slot
from pipeline.catalog import Catalog
from pipeline.errors import InputError
from pipeline.numbers import GLUED_FIGURES, YEAR, is_value_token
from pipeline.sources import PdfEdition


class TableOffPage(InputError):
    """The table is printed past its page's edge: what the page shows of it is not the table,
    read from the text layer or from the page's picture alike."""


@dataclass(frozen=True)
class PdfTableSettings:
    """Tolerances for reading the table, in units of the table's text height unless noted."""

    # Area codes and the patterns that recognise their column headers.
    area_patterns: tuple[tuple[str, str], ...] = (("NPLV", r"\bNPLV"), ("NL", r"\bNL\b"))
    # Words whose tops differ by less than this share a text line.
    line_tolerance: float = 0.5
    # A horizontal gap wider than this separates two phrases on a line.
    phrase_gap: float = 0.8
    # A label line lower than this many wrapped-line pitches below the previous one starts a row.
    wrap_factor: float = 1.3
    # A horizontal rule must span at least this fraction of the table's width.
    rule_min_fraction: float = 0.5
    # Wrapped lines of a label are at most this many text heights apart (line leading).
    max_leading: float = 1.25
    # How many text lines the header may take below its line of years.
    header_lines: int = 4
    # A gap between two characters wider than this share of their font size ends a word: a
    # producer that writes no space characters (TeX) spaces words by position only, and a fixed
    # gap (pdfplumber's 3 pt) runs the words of small type together.
    word_gap: float = 0.15
    # A figure or year standing further than this (in points) outside the page's box is printed
    # past its edge (``_figures_off_page``); a glyph's box may stick out a hair.
    off_page_points: float = 1.0
    # Rules at this many heights or more that start on the page and end past its side are the
    # rules of a table the page cut (a browser clips what it prints past the edge, figures and
    # all: no glyph is left to tell, but the rules keep their length).
    min_rules_off_page: int = 3
    # pdfium may write a page a character a line (a browser that sets a table's glyphs one by
    # one): a page whose lines are this many or more, at least ``shattered_share`` of them of
    # one or two characters, is looked for the table in pdfplumber's text instead.
    shattered_lines: int = 40
    shattered_share: float = 0.5


@dataclass(frozen=True)
class AreaColumn:
    area: str
    year: int
    x0: float
    x1: float


@dataclass
class PageHeader:
    top: float  # top of the area header line: pages of a spread are levelled on it
    bottom: float  # bottom of the header band
    height: float  # the table's text height
    areas: list[AreaColumn]
    label_columns: list[tuple[float, float]]  # spans of "Indicator", "Specificatie", ... (none on a continuation page)


@dataclass
class AppendixPage:
    number: int
    words: list[Word]
    header: PageHeader
    rules: list[float] = field(default_factory=list)


def read_pdf_appendix(edition: PdfEdition, catalog: Catalog, settings: PdfTableSettings = PdfTableSettings(),
                      grid: GridSettings = GridSettings(), fit_settings: FitSettings = FitSettings()) -> RawTable:
    """Read the statistical appendix of a PDF edition into a ``RawTable``.

    Two readers compete on the pages that may hold the table: the spread reader (label blocks
    and row bands, for the report's own two-page layout) and the grid reader (rows as lines of
    values, under every alignment hypothesis); the reading the catalog fits best wins."""
    patterns = [(area, re.compile(p)) for area, p in settings.area_patterns]
    grid_patterns = [re.compile(p) for _, p in grid.area_patterns]
    # A page read by OCR is searched in all its words (its text is in reading order, which may
    # leave out words that only the table's own reading found).
    texts = [edition.ocr_pages[k].text() if k in edition.ocr_pages else text
             for k, text in enumerate(edition.page_texts, start=1)]
    plumber = edition.plumber  # opened here: a damaged file is reported as such
    # A page pdfium wrote a glyph a line is looked for the table in its words, read once.
    shattered: dict[int, list[Word]] = {}
    for k, text in enumerate(texts):
        if k + 1 not in edition.ocr_pages and _shattered(text, settings):
            page = plumber.pages[k]
            shattered[k] = _words(page, settings)
            page.close()
            texts[k] = _text_of(shattered[k], settings)
    candidates = candidate_pages(texts, grid_patterns)
    pages, positioned = [], []
    for index in candidates:
        page = plumber.pages[index]
        scanned = edition.ocr_pages.get(index + 1)
        # A page read by OCR gives its words (level) in place of the text layer's; its rules are
        # not drawn lines but pixels, and rows are found by their lines of values.
        if scanned is not None:
            words = [Word(w.text, w.x0, w.top, w.x1, w.bottom) for w in scanned.words]
        else:
            words = shattered[index] if index in shattered else _words(page, settings)
        past_edge = _past_the_edge(page, words, settings) if scanned is None else None
        if past_edge:
            page.close()
            raise TableOffPage(edition.path, f"the table on page {index + 1} runs past the page's edge ({past_edge}): "
                                           "what the page shows of it is not the whole table; print the table to fit "
                                           "its page")
        rules = _rules(page) if scanned is None else []
        positioned.append(PositionedPage(index + 1, tuple(words), tuple(rules)))
        found = _appendix_page(page, words, index, patterns, settings)
        page.close()  # what was read is kept; pdfplumber's caches of the page are not
        if found is not None:
            pages.append(found)
    named: list[tuple[str, RawTable]] = []
    classic = _classic_reading(pages, settings)
    if classic is not None:
        named.append(("spread reader", classic))
    named += [(f"grid reader, labels {r.alignment.name}", r.table) for r in readings(find_pages(positioned, grid), catalog, grid)]
    if not named:
        raise InputError(
            edition.path,
            "no statistical appendix found (no table header of years over area columns with row labels)",
        )
    if any(index + 1 in edition.ocr_pages for index in candidates):
        fit_settings = replace(fit_settings, exact_labels=False)  # labels read by OCR, not as printed

    def page_lines(number: int) -> list[tuple[str, int | None]]:
        text = texts[number - 1] if 1 <= number <= len(texts) else ""
        return [(line.strip(), None) for line in text.splitlines() if line.strip()]

    named = completed_over_page_break(named, page_lines, catalog)
    return choose_reading(named, catalog, edition.path, fit_settings)


def _shattered(text: str, settings: PdfTableSettings) -> bool:
    """Whether pdfium wrote the page a character or two a line (``shattered_lines``)."""
    lines = [line for line in text.splitlines() if line.strip()]
    short = sum(1 for line in lines if len(line.strip()) <= 2)
    return len(lines) >= settings.shattered_lines and short >= settings.shattered_share * len(lines)


def _text_of(words: list[Word], settings: PdfTableSettings) -> str:
    """A page's words as plain text: its lines, each line's words in order."""
    if not words:
        return ""
    lines = group_lines(words, settings.line_tolerance * text_height(words))
    return "\n".join(" ".join(w.text for w in line) for line in lines)


def _classic_reading(pages: list[AppendixPage], settings: PdfTableSettings) -> RawTable | None:
    spreads: list[list[AppendixPage]] = []
    for page in pages:
        if page.header.label_columns:
            spreads.append([page])
        elif spreads and page.number == spreads[-1][-1].number + 1:
            spreads[-1].append(page)
    if not spreads:
        return None
    return _concatenate([_read_spread(spread, settings) for spread in spreads])


def _rules(page) -> list[Rule]:
    """Horizontal rules with their extent: lines, rect edges and the edges of row fills, pieces
    on one height joined where they touch (the cells of a grid draw a rule piece by piece)."""
    pieces = sorted((round((e["top"] + e["bottom"]) / 2, 1), float(e["x0"]), float(e["x1"]))
                    for e in page.horizontal_edges)
    rules: list[list[float]] = []
    for y, x0, x1 in pieces:
        if rules and abs(y - rules[-1][0]) <= 0.5 and x0 <= rules[-1][2] + 1.0:
            rules[-1][2] = max(rules[-1][2], x1)
        else:
            rules.append([y, x0, x1])
    return [Rule(y, x0, x1) for y, x0, x1 in rules]


def _appendix_page(page, words: list[Word], index: int, patterns, settings: PdfTableSettings) -> AppendixPage | None:
    """A page's words, table header and rules, if it holds a table header."""
    header = _find_header(words, patterns, settings)
    if header is None:
        return None
    width = max(a.x1 for a in header.areas) - min([a.x0 for a in header.areas] + [c[0] for c in header.label_columns])
    rules = horizontal_rules(page, settings.rule_min_fraction * width)
    return AppendixPage(index + 1, words, header, rules)


def _words(page, settings: PdfTableSettings) -> list[Word]:
    """The page's words; a rule drawn in characters (a text table printed as it is: "------")
    is no word of the table's."""
    return [part for w in page.extract_words(keep_blank_chars=False, use_text_flow=False,
                                             x_tolerance_ratio=settings.word_gap, return_chars=True)
            if not DRAWN_RULE.fullmatch(w["text"]) for part in _figures_apart(w)]


def _figures_off_page(words: list[Word], bbox: tuple[float, float, float, float], tolerance: float) -> list[Word]:
    """Figures and years printed outside the page's box, in whole or in part: a table wider than
    its page (a typesetter warns and prints on past the edge). A reader of the page does not see
    them, and a text extractor keeps what it likes of them ("1" of "11.44%")."""
    x0, top, x1, bottom = bbox
    return [w for w in words if any(c.isdigit() for c in w.text) and (is_value_token(w.text) or YEAR.match(w.text))
            and (w.x1 > x1 + tolerance or w.x0 < x0 - tolerance or w.bottom > bottom + tolerance or w.top < top - tolerance)]


def _past_the_edge(page, words: list[Word], settings: PdfTableSettings) -> str | None:
    """What shows that the page's table runs past its edge: figures printed outside the page, or
    (a browser clips those) rules at ``min_rules_off_page`` heights or more that go on past its
    side; None when nothing does."""
    off_page = _figures_off_page(words, page.bbox, settings.off_page_points)
    if off_page:
        return f"figures such as {off_page[0].text!r} are printed outside the page"
    if len(_rules_off_page(page, settings.off_page_points)) >= settings.min_rules_off_page:
        return "its rules go on past the page's side, and what is printed there is cut off"
    return None


def _rules_off_page(page, tolerance: float) -> set[float]:
    """The heights of the horizontal rules (lines, rect edges) with one end on the page and the
    other more than ``tolerance`` points past its left or right side: a table wider than its
    page. A rule past both sides (a band bled over the whole page) is no table's."""
    x0, _, x1, _ = page.bbox
    return {round(float(e["top"]), 1) for e in page.horizontal_edges
            if (e["x0"] >= x0 - tolerance) != (e["x1"] <= x1 + tolerance)}


def _figures_apart(word: dict) -> list[Word]:
    """A word of figures printed with no gap between them (a wide figure running out of its
    narrow cell up to the neighbour's dash: "–9166.00%") as a word per figure, each over its own
    characters; any other word as it is."""
    text, chars = word["text"], word["chars"]
    pieces = [m.span() for m in GLUED_FIGURES.finditer(text)]
    whole = (len(pieces) > 1 and len(chars) == len(text) and pieces[0][0] == 0 and pieces[-1][1] == len(text)
             and all(a[1] == b[0] for a, b in zip(pieces, pieces[1:])))
    if not whole:
        return [Word(text, float(word["x0"]), float(word["top"]), float(word["x1"]), float(word["bottom"]))]
    return [Word(text[a:b], float(chars[a]["x0"]), float(word["top"]), float(chars[b - 1]["x1"]), float(word["bottom"]))
            for a, b in pieces]


def _area_of(text: str, patterns) -> str | None:
    for area, pattern in patterns:
        if pattern.search(text):
            return area
    return None


def _find_header(words: list[Word], patterns, settings: PdfTableSettings) -> PageHeader | None:
    """The table header: a line of years, and under it a band of lines naming the areas.

    Header cells may wrap or be aligned to their top or bottom, so the area headers of one
    column can stand on different lines ("Gem. NPLV-" over "gebieden", or "Gem." over "NL");
    columns are the area-named phrases of the band merged where they overlap horizontally.
    """
    height = text_height(words)
    lines = group_lines(words, settings.line_tolerance * height)
    gap = settings.phrase_gap * height
    for index, line in enumerate(lines):
        years = [w for w in line if YEAR.match(w.text)]
        if not years or any(w.x0 > min(y.x0 for y in years) and not YEAR.match(w.text) for w in line):
            continue
        candidates: list[list[Phrase]] = []
        bottom = max(w.bottom for w in line)
        for below in lines[index + 1 : index + 1 + settings.header_lines]:
            if below[0].top - bottom > 2.5 * height or any(is_value_token(w.text) for w in below):
                break
            candidates.append(split_phrases(below, gap))
            bottom = max(w.bottom for w in below)
        named = [k for k, phrases in enumerate(candidates) if any(_area_of(p.text, patterns) for p in phrases)]
        if not named:
            continue
        band = candidates[: named[-1] + 1]
        area_spans = merge_spans(
            [(p.x0, p.x1) for phrases in band for p in phrases if _area_of(p.text, patterns)]
        )
        # Lines after the last area line that only continue area headers ("gebieden").
        for phrases in candidates[named[-1] + 1 :]:
            if all(any(interval_gap(p.x0, p.x1, a0, a1) < height for a0, a1 in area_spans) for p in phrases):
                band.append(phrases)
            else:
                break
        first_area_x0 = min(a0 for a0, _ in area_spans)
        columns = merge_spans([(p.x0, p.x1) for phrases in band for p in phrases if p.x1 > first_area_x0])
        areas_found: list[tuple[Phrase, str]] = []
        for c0, c1 in columns:
            inside = [p for phrases in band for p in phrases if c0 <= p.x0 and p.x1 <= c1]
            area = _area_of(" ".join(p.text for p in sorted(inside, key=lambda p: p.top)), patterns)
            if area is not None:
                areas_found.append((Phrase(tuple(w for p in inside for w in p.words)), area))
        if len(areas_found) < 2:
            continue
        label_phrases = [p for phrases in band for p in phrases if p.x1 <= first_area_x0]
        label_phrases += [p for p in split_phrases(line, gap) if p.x1 <= min(y.x0 for y in years) and p.x1 <= first_area_x0]
        label_columns = merge_spans([(p.x0, p.x1) for p in label_phrases])
        areas = _assign_years(areas_found, sorted(years, key=lambda w: w.x0))
        top = min(p.top for p, _ in areas_found)
        band_bottom = max(w.bottom for phrases in band for p in phrases for w in p.words)
        return PageHeader(top, band_bottom, height, areas, label_columns)
    return None


def _assign_years(area_phrases: list[tuple[Phrase, str]], years: list[Word]) -> list[AreaColumn]:
    """Give every area column its year: consecutive groups when the areas repeat per year,
    else the year printed nearest above it."""
    area_phrases = sorted(area_phrases, key=lambda pa: pa[0].x0)
    per_year, remainder = divmod(len(area_phrases), len(years))
    columns = []
    for i, (phrase, area) in enumerate(area_phrases):
        if remainder == 0:
            year = years[i // per_year]
        else:
            year = min(years, key=lambda y: abs(y.xmid - (phrase.x0 + phrase.x1) / 2))
        columns.append(AreaColumn(area, int(year.text), phrase.x0, phrase.x1))
    return columns


@dataclass(frozen=True)
class _LabelLine(Phrase):
    """The words of one text line that fall in one label column (0 = indicator, 1 = specification)."""

    column: int = 0


def _split_body(page: AppendixPage, settings: PdfTableSettings) -> tuple[list[Word], list[Word], list[Word]]:
    """Body words as (label words, value words, stray words)."""
    header = page.header
    height = header.height
    first_area_x0 = min(a.x0 for a in header.areas)
    body = [w for w in page.words if w.top >= header.bottom - 0.2 * height]
    labels: list[Word] = []
    values: list[Word] = []
    stray: list[Word] = []
    for line in group_lines(body, settings.line_tolerance * height):
        for phrase in split_phrases(line, settings.phrase_gap * height):
            if all(is_value_token(w.text) for w in phrase.words):
                if all(is_value_token(w.text) and _is_complete_value(w.text) for w in phrase.words):
                    values.extend(phrase.words)
                else:  # "60.35" "%": one value printed as two words
                    values.append(merge_words(phrase.words))
            elif header.label_columns and phrase.x0 < first_area_x0:
                labels.extend(phrase.words)
            else:
                stray.extend(phrase.words)
    # The table ends at the first rule below its last value (or shortly after it).
    if values:
        end = _table_end(values, page.rules, 2 * height)
        labels = [w for w in labels if w.top < end]
        stray = [w for w in stray if w.top < end]
    return labels, values, stray


def _table_end(values: list[Word], rules: list[float], margin: float) -> float:
    """Where the table ends on a page: the first rule below its last value, else a margin below it."""
    last = max(w.bottom for w in values)
    below = [y for y in rules if y >= last - 0.5]
    return below[0] if below else last + margin


def _is_complete_value(text: str) -> bool:
    return any(ch.isdigit() for ch in text) or text.strip() in {"\u2013", "\u2014", "-", "\u2212"}


def _label_rows(page: AppendixPage, label_words: list[Word], settings: PdfTableSettings):
    """Rows of the labelled page: (row label lines per column, row start) in printed order."""
    header = page.header
    height = header.height
    boundaries = _label_boundaries(
        header.label_columns, label_words, settings.line_tolerance * height, settings.phrase_gap * height
    )
    lines: list[_LabelLine] = []
    for line in group_lines(label_words, settings.line_tolerance * height):
        per_column: dict[int, list[Word]] = {}
        for word in line:
            column = sum(1 for b in boundaries if word.x0 >= b)
            per_column.setdefault(column, []).append(word)
        lines.extend(_LabelLine(tuple(ws), c) for c, ws in sorted(per_column.items()))
    if not lines:
        return []
    # The pitch of wrapped lines: the smallest distance between consecutive lines of a column.
    pitches = []
    for column in {ln.column for ln in lines}:
        tops = sorted(ln.top for ln in lines if ln.column == column)
        pitches += [b - a for a, b in zip(tops, tops[1:]) if b - a > 0.5 * height]
    # A page where no label wraps shows only row pitches: lines are never wrapped wider apart
    # than a generous leading.
    pitch = min(pitches + [settings.max_leading * height])
    threshold = settings.wrap_factor * pitch
    # Blocks per column: a new block after a wider gap or a rule.
    starts: list[float] = []
    blocks: dict[int, list[list[_LabelLine]]] = {}
    for column in sorted({ln.column for ln in lines}):
        column_lines = sorted((ln for ln in lines if ln.column == column), key=lambda ln: ln.top)
        current: list[_LabelLine] = []
        for ln in column_lines:
            if current and (
                ln.top - current[-1].top > threshold
                or any(current[-1].top < y < ln.top for y in page.rules)
            ):
                blocks.setdefault(column, []).append(current)
                current = []
            current.append(ln)
        if current:
            blocks.setdefault(column, []).append(current)
    for column_blocks in blocks.values():
        starts.extend(block[0].top for block in column_blocks)
    row_starts: list[float] = []
    for y in sorted(starts):
        if not row_starts or y - row_starts[-1] > 0.5 * height:
            row_starts.append(y)
    rows = []
    for i, start in enumerate(row_starts):
        end = row_starts[i + 1] if i + 1 < len(row_starts) else float("inf")
        texts: dict[int, list[_LabelLine]] = {}
        for column, column_blocks in blocks.items():
            for block in column_blocks:
                if start - 0.5 * height <= block[0].top < end - 0.5 * height:
                    texts[column] = block
        members = [ln for ln in lines if start - 0.5 * height <= ln.top < end - 0.5 * height]
        rows.append((start, texts, members))
    return rows


def _label_boundaries(
    columns: list[tuple[float, float]], label_words: list[Word], line_tolerance: float, phrase_gap: float
) -> list[float]:
    """Where one label column ends and the next begins: in the empty gutter of the label text
    between the two headers (headers may be centred over their text), else at the next header.
    Gutters are looked for between phrases, never between the words of one phrase."""
    phrases = [p for line in group_lines(label_words, line_tolerance) for p in split_phrases(line, phrase_gap)]
    covered = merge_spans([(p.x0, p.x1) for p in phrases])
    gutters = [(a[1], b[0]) for a, b in zip(covered, covered[1:])]
    boundaries = []
    for (l0, l1), (r0, r1) in zip(columns, columns[1:]):
        left_mid, right_mid = (l0 + l1) / 2, (r0 + r1) / 2
        between = [g for g in gutters if left_mid <= g[0] and g[1] <= max(right_mid, r0 + 1e-6)]
        if between:
            g0, g1 = max(between, key=lambda g: g[1] - g[0])
            boundaries.append((g0 + g1) / 2)
        else:
            boundaries.append(r0)
    return boundaries


def _bands(rows, page: AppendixPage, body_bottom: float) -> list[tuple[float, float]]:
    """Vertical extent of every row: split at rules, else midway between label and next row."""
    bands = []
    top = page.header.bottom
    for i, (start, _texts, members) in enumerate(rows):
        if i + 1 < len(rows):
            next_start = rows[i + 1][0]
            label_bottom = max(ln.bottom for ln in members) if members else start
            between = [y for y in page.rules if label_bottom - 0.5 * page.header.height <= y <= next_start]
            bottom = between[-1] if between else (min(label_bottom, next_start) + next_start) / 2
        else:
            bottom = body_bottom
        bands.append((top, bottom))
        top = bottom
    return bands


def _match_columns(values: list[Word], areas: list[AreaColumn]) -> dict[int, int]:
    """Map each value word (by index) to an area column.

    Values are clustered into columns where their boxes overlap horizontally (right-aligned,
    centred and left-aligned columns all overlap within themselves), then clusters are matched to
    the area headers in left-to-right order, so alignment styles of headers and values may differ.
    """
    order = sorted(range(len(values)), key=lambda i: values[i].x0)
    clusters: list[list[int]] = []
    right = -1e9
    for i in order:
        if clusters and values[i].x0 <= right:
            clusters[-1].append(i)
            right = max(right, values[i].x1)
        else:
            clusters.append([i])
            right = values[i].x1
    spans = [(min(values[i].x0 for i in c), max(values[i].x1 for i in c)) for c in clusters]
    # Header zones: from a header's start to the next header's start.
    zones = []
    for k, area in enumerate(areas):
        end = areas[k + 1].x0 if k + 1 < len(areas) else float("inf")
        zones.append((area.x0, end))
    assignment = monotone_match(spans, zones, _gap_from_zone)
    result = {}
    for cluster, column in zip(clusters, assignment):
        for i in cluster:
            result[i] = column
    return result


def _gap_from_zone(span, zone) -> float:
    """How far a value column's middle lies outside a header's zone (0 inside it)."""
    mid = (span[0] + span[1]) / 2
    return interval_gap(mid, mid, zone[0], zone[1])


def _read_spread(spread: list[AppendixPage], settings: PdfTableSettings) -> RawTable:
    left = spread[0]
    decisions: list[Decision] = []
    split = {page.number: _split_body(page, settings) for page in spread}
    label_words = split[left.number][0]
    rows = _label_rows(left, label_words, settings)
    body_bottoms = []
    for page in spread:
        values = split[page.number][1]
        offset = page.header.top - left.header.top
        if values:
            body_bottoms.append(_table_end(values, page.rules, page.header.height) - offset)
    body_bottom = max(body_bottoms) if body_bottoms else max((ln.bottom for r in rows for ln in r[2]), default=0)
    bands = _bands(rows, left, body_bottom)
    raw_rows: list[RawRow] = []
    for start, texts, members in rows:
        indicator = join_label_lines([ln.text for ln in texts.get(0, [])])
        specification = join_label_lines([ln.text for ln in texts.get(1, [])])
        bbox = union_bbox(w for ln in members for w in ln.words) if members else None
        raw_rows.append(RawRow(indicator, specification, left.number, label_bbox=bbox))
    slots: list[Slot] = []
    for page in spread:
        page_slots = []
        for area in page.header.areas:
            slot = Slot(area.year, area.area)
            if slot not in slots:
                slots.append(slot)
            page_slots.append(slots.index(slot))
        values = split[page.number][1]
        offset = page.header.top - left.header.top
        columns = _match_columns(values, page.header.areas)
        placed: dict[tuple[int, int], list[Word]] = {}
        for i, word in enumerate(values):
            scores = [overlap(word.top - offset, word.bottom - offset, b0, b1) for b0, b1 in bands]
            if not scores or max(scores) <= 0:
                decisions.append(
                    Decision("stray_text", None, page.number, None, f"value {word.text!r} lies outside every row",
                             text=word.text)
                )
                continue
            row = max(range(len(scores)), key=lambda r: scores[r])
            placed.setdefault((row, page_slots[columns[i]]), []).append(word)
        for word in split[page.number][2]:
            decisions.append(
                Decision("stray_text", None, page.number, None, f"text {word.text!r} is neither label nor value",
                         text=word.text)
            )
        for (row, slot), words in placed.items():
            words.sort(key=lambda w: w.x0)
            text = " ".join(w.text for w in words)
            if len(words) > 1:
                decisions.append(
                    Decision("overfull_cell", row, page.number, None, f"{len(words)} values in one cell: {text!r}")
                )
            raw_rows[row].cells[slot] = RawCell(text, page.number, union_bbox(words))
        # Empty cells keep where they would have been printed, so a reviewer can look there.
        for row, (b0, b1) in enumerate(bands):
            for k, area in enumerate(page.header.areas):
                slot = page_slots[k]
                if slot not in raw_rows[row].cells:
                    x1 = page.header.areas[k + 1].x0 if k + 1 < len(page.header.areas) else area.x1
                    bbox = (round(area.x0, 2), round(b0 + offset, 2), round(max(x1, area.x1), 2), round(b1 + offset, 2))
                    raw_rows[row].cells[slot] = RawCell("", page.number, bbox)
    return RawTable(slots, raw_rows, [p.number for p in spread], decisions)


def _concatenate(tables: list[RawTable]) -> RawTable:
    if len(tables) == 1:
        return tables[0]
    slots: list[Slot] = []
    for table in tables:
        slots += [s for s in table.slots if s not in slots]
    rows: list[RawRow] = []
    decisions: list[Decision] = []
    pages: list[int] = []
    for table in tables:
        remap = {i: slots.index(s) for i, s in enumerate(table.slots)}
        for row in table.rows:
            row.cells = {remap[i]: c for i, c in row.cells.items()}
        offset = len(rows)
        rows += table.rows
        decisions += [
            replace(d, row=None if d.row is None else d.row + offset)
            for d in table.decisions
        ]
        pages += table.pages
    return RawTable(slots, rows, pages, decisions)

"""Reading a table from text written block by block, rows rebuilt for the line reader.

Some extractors write a page as text blocks, a blank line between them, in an order of their own:
poppler's ``pdftotext`` in its default mode makes a block of every table cell, or of one
column's cells over a few rows (cells close above each other). A row's values then stand one a
line, the header's cells anywhere in no order that keeps the columns, and some label cells far
from their rows (an indicator spanning rows is written after the others).

The blocks keep what the line reader needs (``pipeline.appendix.lines``), put back in shape:
- values (``_Rows``): a block of one line is the next cell of the row being built; a block of
  several lines is one column over this row and the rows below (a line holding two cells, a
  wide figure beside its neighbour, makes the lines under it one row too); rows are as wide as
  the page's header has columns. Where the text leaves a value's row open, the data decide:
  which row of a band is the short one, and which of two rows a value alone under both belongs
  to, by the smoothest series (``series_cost``); whether a band's short row goes on after the
  label lines below it, in which order its two pieces join, and whether values at the foot of
  the page end or begin the one row short of them (``PIECES``), by the reading the catalog fits
  best (group totals, the measurement cycle and areas). A page where that stays a close call,
  or whose blocks fit none of this, is not rebuilt: where its values go would be a guess;
- header: the years and area names of the page's header cells, written back as one header with
  the areas both ways (NPLV first, NL first); the catalog's areas decide, as for any header the
  text does not order, and without enough such evidence neither is read;
- labels (``_emit_page``): a label written in one paragraph with its row's values is that row's
  own; an indicator column written apart is taken out and put back before its rows; the labels
  around a band of several rows are shared out over its rows by the catalog
  (``pipeline.appendix.tail``), and so are the lines after the page's last rows over all its
  rows (wrapped cells written after the rows, MuPDF); of these ways the page whose rows the
  catalog reads best wins, and every row's label lines end up before it.
A rebuilt reading competes with the others only when the catalog explains it (``_explained``).
Every rebuilt value keeps its source line, so cells and decisions point into the text as given.
"""

from __future__ import annotations

import re
from collections import deque
from math import comb, prod
from dataclasses import dataclass, field, replace

from pipeline.appendix.fit import fit, same_content_key
from pipeline.appendix.lines import LineSettings, read_lines, repeats_years, unglued
from pipeline.appendix.align import align_row, series_cost
from pipeline.appendix.model import (AREA_NAME_WORDS, LABEL_HEADINGS, Decision, RawRow, RawTable, Slot,
                                     is_area_name_piece, is_area_name_start, relined, relined_by_word)
from pipeline.appendix.page_break import completed_over_page_break, text_page_lines
from pipeline.appendix.page_labels import aligned_page
from pipeline.appendix.tail import ANY_INDICATOR, TailScorer
from pipeline.catalog import Catalog, label_key, spelled_as
from pipeline.numbers import TRAILING_UNITS, WRAPPED_PIECE, YEAR, completed_figure, is_value_token

__all__ = ["BlockSettings", "block_readings", "header_pages", "written_in_blocks", "written_in_runs"]

# A band's short row with values further down the page: a row of its own (apart), or a row that
# goes on after the label lines between, joined in the text's order or with its shorter piece
# last or first. Values at the foot of a page, under no label, are so joined to the page's one
# row short of them (or stand apart, and the page is not read).
PIECES = ("apart", "in order", "short piece last", "short piece first")
_Line = tuple[str, int]  # a label line (or a value): its text and its line in the source


@dataclass(frozen=True)
class BlockSettings:
    # The text is read as blocks only when most of its values stand alone on their line (a text
    # that keeps rows on lines is the line reader's as it is) ...
    min_alone_share: float = 0.5
    # ... and it has at least this many (a table, not a figure or two in prose).
    min_values: int = 12
    # The text is also read with each value apart (``written_in_runs``) when most of its values
    # stand at most this many on a line.
    max_run_line_values: int = 3
    # A reading rebuilt from blocks rests on the text's order: it competes only when the catalog
    # spells every row but this share (new or renamed rows) letter for letter.
    max_unexplained_share: float = 0.1
    # A label part whose words, in another order, spell a catalog part is read in that order
    # (``_cell_lines_in_order``) when it has at most this many words (the orders tried grow
    # with them; a table's label cell holds a few lines).
    max_reordered_words: int = 12
    # Where a band's short row ends (``PIECES``): the way whose reading fits the catalog better
    # by this much wins (a group's totals break, figures land off their cycle), and a closer
    # call is not read.
    min_pieces_margin: float = 2.0
    # Which of two rows a value alone under both belongs to, and which of a band's rows is the
    # short one: the way whose series run smoothest (``series_cost``) wins by this much (per row
    # between the two ways' short rows), else the page is not read ...
    min_series_margin: float = 0.5
    # ... the latter in a band of at most this many rows: in a longer one, a printing error (two
    # cells exchanged) passes for a shift too easily, and the band stays unread.
    max_resplit_rows: int = 6
    # Where a band's series leave its short row open, each way is rebuilt and read, and the
    # catalog decides (a figure off its cycle), when all their combinations take at most this
    # many rebuilds of the text (else none is tried, and the page stays unread).
    max_short_row_variants: int = 8
    # Labels aligned to a page's rows in one pass (``aligned_page``): the labels scored for one
    # page and for the whole text at most (a bound a hostile text cannot pass; the corpus's
    # pages take up to about 600,000, its texts 1,800,000; 4,000,000 take about 6 s).
    max_page_alignment_work: int = 1_000_000
    max_text_alignment_work: int = 4_000_000
    # Lines looked at while spelling catalog labels from a page's label lines (``_catalog_filled``):
    # a bound a hostile text cannot pass.
    max_fill_work: int = 200_000
    # Placements of short rows tried (``_Rows.resplit``) over all rebuilds of one text: a band
    # tried past this stays irregular (the corpus's texts that read take up to about 10,000;
    # 400,000 take about 5 s).
    max_text_resplit_work: int = 400_000
    # Words of a header cell other than years and area names: abbreviations, label headings,
    # the tails of area names broken over lines ...
    header_words: tuple[str, ...] = ("Gem.", "Indicator", "Specificatie", "gebieden", "gebiede", "n", "d")
    # ... and, right under a line that leaves an area name broken, any piece of the names' words
    # (a narrow cell breaks them anywhere: "gebied" / "en", "Nederla" / "nd").
    area_words: tuple[str, ...] = AREA_NAME_WORDS
    # The label columns' headings: a line of these alone is the header's wherever it stands.
    label_headings: tuple[str, ...] = LABEL_HEADINGS
    area_patterns: tuple[tuple[str, str], ...] = (
        ("NPLV", r"^(?:NPLV)+(?:-?gebied(?:en)?)?-?$"),
        # "Nederland" whole, or its start where a narrow cell broke it ("Nederla" / "nd").
        ("NL", r"^(?:NL|Nederl(?:a(?:nd?)?)?)$"),
    )


@dataclass(frozen=True)
class _Block:
    lines: tuple[str, ...]
    sources: tuple[int, ...]  # line index in the text of each line
    page: int
    ends_row: bool = False  # the last cell of a row written as a paragraph (``_row_parts``)
    heads_row: bool = False  # the label lines of a row written as a paragraph (``_row_parts``)


@dataclass
class _Rebuilt:
    lines: list[str]
    line_pages: list[int]
    origins: list[list[int]]  # per rebuilt line: the text line of each of its values (labels: of the line)
    irregular: bool = False  # some values' places are a guess (``_Rows.irregular``): not read
    # Whether the later ways of ``PIECES`` would rebuild the text otherwise: a band's short row
    # could go on in the next band ("apart"), went on in it ("in order"), or values stand at a
    # page's foot (either).
    pieces_matter: bool = False
    # Bands whose short row the series leave open (by their first value's source line): the rows
    # that may be the short one, best first (``_Rows.resplit``).
    open_bands: dict[int, list[int]] = field(default_factory=dict)

    def add(self, line: str, page: int, origins: list[int]) -> None:
        self.lines.append(line)
        self.line_pages.append(page)
        self.origins.append(origins)

    def add_block(self, block: _Block) -> None:
        for line, source in zip(block.lines, block.sources):
            self.add(line, block.page, [source])


def block_readings(lines: list[str], line_pages: list[int], catalog: Catalog,
                   settings: BlockSettings = BlockSettings(),
                   line_settings: LineSettings = LineSettings()) -> list[tuple[str, RawTable]]:
    """The line reader's readings of the rows rebuilt from the text's blocks, both orders of the
    area columns, kept only where the catalog's areas tell them apart; none when the text was
    not written block by block."""
    in_blocks = written_in_blocks(lines, settings)
    readings = _readings_of(lines, line_pages, catalog, settings, line_settings) if in_blocks else []
    if written_in_runs(lines, settings):
        # Each value a block of its own, in the text's order: rows are runs of values (read
        # again only where that changes the blocks).
        apart, origins = _values_apart(lines, line_pages)
        if not in_blocks or _block_texts(apart.lines, apart.line_pages) != _block_texts(lines, line_pages):
            over = _labels_over_values(lines, line_pages)
            # A text without a blank line marks no paragraph: the label lines right before a run
            # of values may be its first row's own, written in one paragraph with it (PyMuPDF's
            # text writes a row so, and its wrapped cells after the page's rows).
            heads = (False, True) if not any(not line.strip() for line in lines) else (False,)
            for name, table in _readings_of(apart.lines, apart.line_pages, catalog, settings, line_settings, heads):
                table = relined(table, origins)
                if _keeps_paragraphs(table, over):
                    readings.append((f"{name}; values in the text's order", table))
    return readings


def _labels_over_values(lines: list[str], line_pages: list[int]) -> list[tuple[str, int]]:
    """(label key, line) of each line of values right under a label line in one paragraph: a
    row's label, then its values, as PyMuPDF's blocks write a row (lines counted from 1)."""
    return [(label_key(above), block.sources[k] + 1) for block in _blocks(lines, line_pages)
            for k, (above, line) in enumerate(zip(block.lines, block.lines[1:]), start=1)
            if _is_value_line(line) and not _is_value_line(above) and label_key(above)]


def _keeps_paragraphs(table: RawTable, over: list[tuple[str, int]]) -> bool:
    """Whether a reading of the values set apart keeps the rows the text writes as paragraphs
    (``over``, ``_labels_over_values``): the label line right over a line of values labels the
    row the first of those values is read into, where that line is part of any row's label at
    all (no header's or title's line). Set apart, the values of a text that writes some rows'
    labels after them and others' before may each be read one row off under labels the catalog
    knows, and fit as well."""
    row_of: dict[int, RawRow] = {cell.line: row for row in table.rows for cell in row.cells.values()
                                 if cell.line is not None}
    labels = [label_key(f"{row.indicator} {row.specification}") for row in table.rows]
    for key, line in over:
        row = row_of.get(line)
        if (row is not None and any(key in label for label in labels)
                and key not in label_key(f"{row.indicator} {row.specification}")):
            return False
    return True


def _readings_of(lines: list[str], line_pages: list[int], catalog: Catalog, settings: BlockSettings,
                 line_settings: LineSettings, heads: tuple[bool, ...] = (False,)) -> list[tuple[str, RawTable]]:
    areas = [area for area, _ in settings.area_patterns]
    orders = [("area columns NPLV before NL (the header does not say)", areas),
              ("area columns NL before NPLV (the header does not say)", areas[::-1])]
    scorer = TailScorer(catalog)
    matches: dict = {}
    # A block of several lines of values is one column's cells over a few rows (poppler), or one
    # row's cells a line each (MuPDF). A band of rows that ends a row short is a ragged row, or
    # a row that goes on after the label lines below, its pieces joined in the text's order or
    # with the shorter piece last or first (poppler writes a tall row's last value apart, and
    # some values at the page's foot). Each way is read, and the catalog decides.
    found: dict[str, list[tuple[float, str, RawTable]]] = {}
    done: list[list[str]] = []  # the texts read so far (a text without such blocks rebuilds alike)
    for tall, tall_name in ((False, "a block of values is a column"), (True, "a block of values is a row")):
        for head in heads:
            matter = True  # the way before would rebuild otherwise than this one
            headed = "; the label lines before a band its first row's" if head else ""
            for pieces in PIECES:
                if not matter:
                    break
                variants = _short_row_variants(lines, line_pages, orders[0][1], scorer, settings, line_settings,
                                               tall, pieces, head)
                if pieces in ("apart", "in order"):  # whether the ways after this one rebuild otherwise
                    matter = any(r.pieces_matter for _, r in variants)
                for choices, ahead in variants:
                    rebuilt = [ahead, _rebuilt(lines, line_pages, orders[1][1], scorer, settings, line_settings,
                                               tall, pieces, choices, head)]
                    if any(r is None or r.irregular for r in rebuilt) or ahead.lines in done:
                        continue
                    done.append(ahead.lines)
                    chosen = f"; the short row of {len(choices)} band(s) where the catalog reads it" if choices else ""
                    _read_both(rebuilt, orders, catalog, settings, line_settings, matches, found,
                               f"{tall_name}; rows {pieces}{chosen}{headed}", tall_name)
    readings: list[tuple[str, RawTable]] = []
    for tables in found.values():
        tables.sort(key=lambda t: -t[0])
        best_value, name, table = tables[0]
        # Where a row ends is a close call when another way reads the table otherwise and fits
        # almost as well: none is read.
        if all(best_value - value >= settings.min_pieces_margin
               or same_content_key(other) == same_content_key(table) for value, _, other in tables[1:]):
            readings.append((name, table))
    return readings


def _read_both(rebuilt: list[_Rebuilt], orders, catalog: Catalog, settings: BlockSettings,
               line_settings: LineSettings, matches: dict, found: dict, way: str, tall_name: str) -> None:
    """The line reader's readings of a text rebuilt with both orders of the area columns, kept
    (in ``found``, by reading and order) where the catalog's areas tell the orders apart and the
    catalog explains the reading."""
    first, second = (read_lines(r.lines, r.line_pages, catalog, line_settings) for r in rebuilt)
    for (mode, a), (_, b) in zip(first, second):
        if mode not in {name for name, _ in second}:
            continue
        a, b = (_completed(_cell_lines_in_order(table, catalog, settings), r, catalog)
                for table, r in zip((a, b), rebuilt))
        a_fit, b_fit = fit(a, catalog, matches), fit(b, catalog, matches)
        if abs(a_fit.unmeasured - b_fit.unmeasured) < line_settings.min_area_evidence:
            continue
        # Rows rebuilt from blocks rest on the text's order: a reading competes only when the
        # catalog explains its rows and figures (a row read into its neighbour's labels is
        # refused rather than published).
        for (name, _), table, table_fit, r in zip(orders, (a, b), (a_fit, b_fit), rebuilt):
            if _explained(table, table_fit, catalog, settings, r.lines):
                found.setdefault(f"{mode}; {tall_name}), {name}", []).append(
                    (table_fit.value, f"block reader ({mode}; {way}), {name}", relined_by_word(table, r.origins)))


def _completed(table: RawTable, rebuilt: _Rebuilt, catalog: Catalog) -> RawTable:
    """The reading with its last row's label completed where it goes on over the page break
    (``completed_over_page_break``), the lines that complete it no longer stray text."""
    named = completed_over_page_break([("", table)], text_page_lines(rebuilt.lines, rebuilt.line_pages), catalog)
    if len(named) == 1:
        return table
    completed = named[-1][1]
    split = completed.decisions[-1]  # the label's end: the first lines of the page after the table's
    words = set(split.text.split())
    return replace(completed, decisions=[
        d for d in completed.decisions
        if not (d.kind == "stray_text" and d.page == split.page and (d.line or 0) >= split.line
                and set((d.text or "").split()) <= words)])


def _short_row_variants(lines: list[str], line_pages: list[int], order: list[str], scorer: TailScorer,
                        settings: BlockSettings, line_settings: LineSettings, tall: bool, pieces: str,
                        labels_head_rows: bool = False) -> list[tuple[dict[int, int], _Rebuilt]]:
    """The text rebuilt, and once more per way of the short rows of the bands whose series leave
    it open (``_Rows.resplit``): each such band's ways in turn, when all their combinations fit
    in ``max_short_row_variants`` rebuilds; the catalog then decides between their readings. As
    (choices, rebuilt text); a rebuilt text may be irregular (not to be read)."""
    rebuilt = _rebuilt(lines, line_pages, order, scorer, settings, line_settings, tall, pieces, None, labels_head_rows)
    if rebuilt is None:
        return []
    variants: list[tuple[dict[int, int], _Rebuilt]] = [({}, rebuilt)]
    # Every way of every open band is tried, or none: a text with more than the budget allows
    # (a hostile one) is not rebuilt again for nothing.
    if prod(len(ways) for ways in rebuilt.open_bands.values()) > settings.max_short_row_variants:
        return variants
    first_band, ways = next(iter(rebuilt.open_bands.items()), (None, []))
    todo: deque[dict[int, int]] = deque({first_band: short} for short in ways)
    while todo:
        choices = todo.popleft()
        rebuilt = _rebuilt(lines, line_pages, order, scorer, settings, line_settings, tall, pieces, choices,
                           labels_head_rows)
        if rebuilt is None:
            continue
        variants.append((choices, rebuilt))
        open_bands = [band for band in rebuilt.open_bands if band not in choices]
        if open_bands and len(variants) + len(todo) < settings.max_short_row_variants:
            todo.extend(choices | {open_bands[0]: short} for short in rebuilt.open_bands[open_bands[0]])
    return variants


def _explained(table: RawTable, table_fit, catalog: Catalog, settings: BlockSettings,
               lines: list[str] = ()) -> bool:
    """Whether the catalog explains the reading: every figure where it expects one, each group's
    rows together, and every row spelling a catalog row letter for letter (each once), but for a
    few new or renamed rows. A row whose two parts spell two different catalog rows' parts has
    labels moved between rows.
    ``lines``: the text read, where the reading's left-over label text is looked up."""
    if (table_fit.overfull or table_fit.overfull_rows or table_fit.off_cycle or table_fit.unmeasured
            or table_fit.orphans or table_fit.unclaimed_pages or table_fit.parted_groups or not table.rows):
        return False
    # Letter for letter and in the catalog's case: words a reading moved between rows ("onder de
    # Armoedegrens") do not pass.
    pairs = {(label_key(ind, keep_case=True), label_key(spec, keep_case=True))
             for entry in catalog.indicators for ind, spec in entry.labels()}
    indicators = {ind for ind, _ in pairs}
    specifications = {spec for _, spec in pairs if spec}
    seen: set[tuple[str, str]] = set()
    unexplained = 0
    indicator = ""
    for row in table.rows:
        indicator = row.indicator or indicator
        key = (label_key(indicator, keep_case=True), label_key(row.specification, keep_case=True))
        if key in seen:
            return False
        seen.add(key)
        if key not in pairs:
            parts = [part for part in (row.indicator, row.specification) if part]
            printed = sum(1 for cell in row.cells.values() if cell.printed.strip())
            if ((key[0] in indicators and key[1] in specifications) or key[0] + key[1] in indicators
                    or not parts or not all(any(c.isalpha() for c in part) for part in parts)
                    or printed < len(table.slots) / 2):
                # Labels moved between rows or split inside one, a row without a label of its own
                # (a lone "%" is a figure's wrapped unit), or values written apart from their row
                # (the table prints a figure or a dash in every cell).
                return False
            unexplained += 1
    # A new or renamed row beside label text no row took that names no indicator of the catalog:
    # that text is likely the row's own label (one the catalog does not know, so nothing placed
    # it), and the row's is a guess. (An indicator printed on every row may be left over once.)
    strays = [lines[d.line - 1] for d in table.decisions
              if d.kind == "stray_text" and d.line and d.line <= len(lines)]
    if unexplained and any(label_key(text, keep_case=True) not in indicators for text in strays):
        return False
    return unexplained <= settings.max_unexplained_share * len(table.rows)


def _cell_lines_in_order(table: RawTable, catalog: Catalog, settings: BlockSettings) -> RawTable:
    """The reading with every label part the catalog does not spell, but whose words in another
    order spell one of its parts letter for letter, read in that order. pdftotext writes a
    wrapped cell's lines in an order of its own where one of them shares a baseline with a line
    of the cell beside it ("Leefbaarometer", "ingvoorraad’", "’Won- Woningen binnen een gebied
    ..."): the same words in the catalog's order are the label printed. Each is a decision."""
    rows = list(table.rows)
    decisions = list(table.decisions)
    for k, row in enumerate(table.rows):
        parts = (row.indicator, row.specification)
        ordered = tuple(_reordered(part, catalog, settings.max_reordered_words) or part for part in parts)
        if ordered != parts:
            rows[k] = replace(row, indicator=ordered[0], specification=ordered[1])
            printed = " | ".join(part for part in parts if part)
            decisions.append(Decision(
                "label_order", k, row.page, row.line,
                f"the text writes the label's lines out of order ({printed!r}); read in the order of its "
                "catalog label, the same words", chosen=" | ".join(part for part in ordered if part),
                alternatives=(printed,)))
    return replace(table, rows=rows, decisions=decisions)


def _reordered(part: str, catalog: Catalog, max_words: int) -> str | None:
    """The label part as the one catalog part its words spell letter for letter in another order
    (with that part's spaces, ``spelled_as``), where the part as given spells none; else None."""
    words = part.split()
    key = label_key(part, keep_case=True)
    candidates = catalog.label_parts_by_letters.get("".join(sorted(key)), ())
    if not 1 < len(words) <= max_words or any(label_key(c, keep_case=True) == key for c in candidates):
        return None
    keys = [label_key(word, keep_case=True) for word in words]
    if not all(keys):
        return None
    spelled = [(order, label) for label in candidates
               if (order := _spelling(keys, label_key(label, keep_case=True))) is not None]
    if len(spelled) != 1:
        return None
    order, label = spelled[0]
    return spelled_as(" ".join(words[i] for i in order), label)


def _spelling(keys: list[str], target: str) -> list[int] | None:
    """An order of the words (by their keys) that spells the target, tried depth first; a word
    equal to one tried before at the same place is not tried again."""
    order: list[int] = []
    used = [False] * len(keys)

    def spell(at: int) -> bool:
        if at == len(target):
            return len(order) == len(keys)
        tried = set()
        for i, key in enumerate(keys):
            if used[i] or key in tried or not target.startswith(key, at):
                continue
            tried.add(key)
            used[i] = True
            order.append(i)
            if spell(at + len(key)):
                return True
            used[i] = False
            order.pop()
        return False

    return order if spell(0) else None


def header_pages(lines: list[str], line_pages: list[int], settings: BlockSettings = BlockSettings()) -> list[int]:
    """The pages whose blocks hold the table's header as the rebuild finds one (``_rebuilt``):
    two years or more and an area's name among the header lines of its label blocks."""
    patterns = [(area, re.compile(p)) for area, p in settings.area_patterns]
    by_page: dict[int, list[_Block]] = {}
    for block in _blocks(lines, line_pages):
        by_page.setdefault(block.page, []).append(block)
    found = []
    for page, blocks in by_page.items():
        blocks = _with_wrapped_units([part for block in blocks for part in _row_parts(block, False)])
        words = [w for header, _ in _header_split(blocks, patterns, settings) for w in header]
        if len({w for w in words if YEAR.match(w)}) >= 2 and any(p.match(w) for w in words for _, p in patterns):
            found.append(page)
    return found


def _header_split(blocks: list[_Block], patterns, settings: BlockSettings) -> list[tuple[list[str], _Block | None]]:
    """Each block of a page as (its header words, the block without its header lines): a block
    of values holds none; a label block whose first line may go on an area name the block
    before broke (``_without_header``)."""
    split: list[tuple[list[str], _Block | None]] = []
    for block in blocks:
        after_broken = bool(split and split[-1][0] and split[-1][1] is None
                            and _broken_name(split[-1][0][-1], patterns, settings))
        split.append(([], block) if _is_values(block) else _without_header(block, patterns, settings, after_broken))
    return split


def written_in_blocks(lines: list[str], settings: BlockSettings = BlockSettings()) -> bool:
    """Whether most of the text's values stand alone on their line (a text written block by block)."""
    values = alone = 0
    for line in lines:
        words = line.split()
        figures = [w for w in words if is_value_token(w) and not YEAR.match(w)]
        values += len(figures)
        alone += len(words) == 1 and len(figures) == 1
    return values >= settings.min_values and alone >= settings.min_alone_share * values


def written_in_runs(lines: list[str], settings: BlockSettings = BlockSettings()) -> bool:
    """Whether most of the text's values stand a few on a line (alone, or some beside label words
    or other values: poppler's default text of a tight ruled table writes a row's values over
    several short lines, the first ones on its label's line; pypdf's of a WebKit table a value a
    line without a blank line between cells)."""
    values = few = 0
    for line in lines:
        figures = [w for w in line.split() if is_value_token(w) and not YEAR.match(w)]
        values += len(figures)
        few += len(figures) if len(figures) <= settings.max_run_line_values else 0
    return values >= settings.min_values and few >= settings.min_alone_share * values


_GLUED_FIGURE = re.compile(r"^(?P<word>[^\W\d_]+)(?P<figure>\d[\d.,]*%?|[\u2013\u2014])$")


def _values_apart(lines: list[str], line_pages: list[int]) -> tuple[_Rebuilt, list[int]]:
    """The text with each value a block of its own and a line's label words a line of their
    own, in the text's order; and per line of it, the line of the text it comes from. A line's
    values are the figures that end it; a figure glued to the word before it (poppler joins a
    word broken at a line's end to what it writes next: "bijstand" + "8.22%") is taken off."""
    out = _Rebuilt([], [], [])
    origins: list[int] = []

    def add(line: str, page: int, source: int) -> None:
        out.add(line, page, [source])
        origins.append(source)

    for k, (line, page) in enumerate(zip(lines, line_pages)):
        words = []
        for word in line.split():
            glued = _GLUED_FIGURE.match(word)
            figure = glued and glued["figure"]
            if figure and is_value_token(figure):
                words += [glued["word"], figure]
            else:
                words.append(word)
        end = len(words)
        while end and is_value_token(words[end - 1]) and not YEAR.match(words[end - 1]):
            end -= 1
        if end:
            add(" ".join(words[:end]), page, k)
        for figure in words[end:]:
            if out.lines and out.lines[-1]:
                add("", page, k)
            add(figure, page, k)
            add("", page, k)
        if not words and out.lines and out.lines[-1]:
            add("", page, k)
    return out, origins


def _block_texts(lines: list[str], line_pages: list[int]) -> list[tuple[tuple[str, ...], int]]:
    return [(block.lines, block.page) for block in _blocks(lines, line_pages)]


def _blocks(lines: list[str], line_pages: list[int]) -> list[_Block]:
    """Runs of non-blank lines on one page."""
    blocks: list[_Block] = []
    current: list[int] = []
    for k, line in enumerate(lines):
        if current and (not line.strip() or line_pages[k] != line_pages[current[0]]):
            blocks.append(_Block(tuple(lines[j].strip() for j in current), tuple(current), line_pages[current[0]]))
            current = []
        if line.strip():
            current.append(k)
    if current:
        blocks.append(_Block(tuple(lines[j].strip() for j in current), tuple(current), line_pages[current[0]]))
    return blocks


def _is_values(block: _Block) -> bool:
    return all(_is_value_line(line) for line in block.lines)


def _is_value_line(line: str) -> bool:
    return all(is_value_token(w) and not YEAR.match(w) for w in line.split())


def _row_parts(block: _Block, tall_rows: bool) -> list[_Block]:
    """A block of label lines followed by lines of values is one row written as a paragraph
    (MuPDF writes a row so: its label, then a value a line): the label lines, then each value
    line as a cell of its own, left to right; so is a block of values alone when ``tall_rows``.
    Other blocks stand as they are."""
    k = len(block.lines)
    while k > 0 and _is_values(_Block(block.lines[k - 1:k], block.sources[k - 1:k], block.page)):
        k -= 1
    if k == len(block.lines) or (k == 0 and not tall_rows) or len(block.lines) == 1:
        return [block]
    cells = [_Block((line,), (source,), block.page) for line, source in zip(block.lines[k:], block.sources[k:])]
    cells[-1] = replace(cells[-1], ends_row=True)
    if k == 0:
        return cells
    return [_Block(block.lines[:k], block.sources[:k], block.page, heads_row=True)] + cells


def _with_wrapped_units(blocks: list[_Block]) -> list[_Block]:
    """A unit alone ("%") right after values completes the one figure there that lacks the unit
    the others carry (a narrow cell wraps "1500.00%" as "1500.00" over "%"): the unit as the last
    line of a paragraph of values (poppler writes the cell as one paragraph), or as a paragraph
    of its own after one (MuPDF); it is then no label. The others are the paragraph's and those
    of the paragraphs of values just before it (a row's cells written a paragraph each)."""
    out: list[_Block] = []
    for block in blocks:
        words = [word for line in block.lines for word in line.split()]
        inside = len(block.lines) > 1 and _is_piece(block.lines[-1].strip())
        if inside and _is_values(replace(block, lines=block.lines[:-1])):
            completed = _completed_in(out, replace(block, lines=block.lines[:-1], sources=block.sources[:-1]),
                                      block.lines[-1].strip())
            if completed is not None:
                out.append(completed)
                continue
        if len(words) == 1 and _is_piece(words[0]) and out and _is_values(out[-1]):
            completed = _completed_in(out[:-1], out[-1], words[0])
            if completed is not None:
                out[-1] = completed
                continue
        out.append(block)
    return out


def _is_piece(word: str) -> bool:
    """A unit alone ("%"), or a figure's last digits with it ("0%"), as a narrow cell wraps them."""
    return word in TRAILING_UNITS or bool(WRAPPED_PIECE.match(word))


def _without_years_repeated(blocks: list[_Block], years: list[int], settings: BlockSettings) -> list[_Block]:
    """The page's blocks without the first lines that repeat the header's years, in order, with
    no more than the label columns' headings beside them (a block of them all, MuPDF; a block
    each, poppler; the first lines of the first row's paragraph, PyMuPDF's text without blank
    lines); the blocks as they are when those lines do not."""
    words: list[str] = []
    for k, block in enumerate(blocks):
        for j, line in enumerate(block.lines):
            words += line.split()
            if repeats_years(words, years, settings.label_headings):
                end = j + 1  # the headings after the years are the header's too
                while end < len(block.lines) and all(w in settings.label_headings for w in block.lines[end].split()):
                    end += 1
                rest = replace(block, lines=block.lines[end:], sources=block.sources[end:])
                return ([rest] if rest.lines else []) + blocks[k + 1:]
            if not repeats_years(words, years[:sum(1 for w in words if YEAR.match(w))], settings.label_headings):
                return blocks  # a word of no heading, or a year out of order
    return blocks


def _completed_in(before: list[_Block], values: _Block, unit: str) -> _Block | None:
    """``values`` with the one figure ``unit`` completes (``completed_figure``), its row's other
    cells being its own and those of the single-cell paragraphs of values just ``before`` it
    (back to a row's end); None when no one figure is completed."""
    start = len(before)
    while (start > 0 and _is_values(before[start - 1]) and not before[start - 1].ends_row
           and len(before[start - 1].lines) == 1):
        start -= 1
    beside = [w for other in before[start:] for line in other.lines for w in line.split()]
    places = [(k, j) for k, line in enumerate(values.lines) for j in range(len(line.split()))]
    completed = completed_figure(beside + [w for line in values.lines for w in line.split()], unit)
    if completed is None or completed[0] < len(beside):
        return None
    (k, j), value = places[completed[0] - len(beside)], completed[1]
    cells = values.lines[k].split()
    cells[j] = value
    return replace(values, lines=values.lines[:k] + (" ".join(cells),) + values.lines[k + 1:])


def _lines_where(block: _Block, keep) -> _Block | None:
    """The block's lines whose source line ``keep`` takes; None when none."""
    kept = [(line, source) for line, source in zip(block.lines, block.sources) if keep(source)]
    if not kept:
        return None
    return _Block(tuple(line for line, _ in kept), tuple(source for _, source in kept), block.page)


def _broken_name(word: str, patterns, settings: BlockSettings) -> bool:
    """Whether the word is an area name's start, or a piece of its middle, that the next line
    goes on ("NPLV-", "Nederlan", "gebied")."""
    return ((word.endswith("-") and any(p.match(word) for _, p in patterns))
            or is_area_name_start(word, settings.area_words)
            or (is_area_name_piece(word, settings.area_words)
                and not any(name.endswith(word) for name in settings.area_words)))


def _without_header(block: _Block, patterns, settings: BlockSettings,
                    after_broken: bool = False) -> tuple[list[str], _Block | None]:
    """A block's header words and the block without its header lines (None when nothing is
    left). A line is the header's when every word is a header word (a year, an area name or its
    part, an abbreviation, a label heading) and, in a block that also holds a label, it names an
    area or "Gem.", is a label column's heading, or stands next to such a line (a lone "n" or
    "2015" there ends a label). ``after_broken``: the block before ends the header with an area
    name broken, which the block's first line may go on ("gebied" / "en", MuPDF)."""
    def is_header(word: str) -> bool:
        return bool(YEAR.match(word) or word in settings.header_words or any(p.match(word) for _, p in patterns))

    def is_piece(word: str) -> bool:
        return is_area_name_piece(word, settings.area_words)

    def broken(word: str) -> bool:
        return _broken_name(word, patterns, settings)

    def names(word: str) -> bool:
        return bool(any(p.match(word) for _, p in patterns) or word.endswith("."))

    def spelled(word: str) -> bool:  # a year, an area's name or the header's abbreviation, whole
        return bool(YEAR.match(word) or any(p.match(word) for _, p in patterns)
                    or (word.endswith(".") and word in settings.header_words))

    words_of = [[part for word in line.split() for part in unglued(word, spelled)] for line in block.lines]
    goes_on = [bool(words) and all(is_piece(w) for w in words)
               and (any(broken(w) for w in words_of[k - 1]) if k > 0 else after_broken)
               for k, words in enumerate(words_of)]
    whole = all(on or all(is_header(w) for w in words) for on, words in zip(goes_on, words_of))
    # In a block with a label, a line of header words is the header's when it names an area or
    # "Gem.", or is a year right over such a line, or goes on under a header line without a year
    # (the tails "gebieden"); a year alone after a label's lines ends it ("vanaf" / "2015").
    candidates = [bool(words) and (on or all(is_header(w) for w in words)) for on, words in zip(goes_on, words_of)]
    naming = [c and (whole or any(names(w) for w in words) or all(w in settings.label_headings for w in words))
              for c, words in zip(candidates, words_of)]
    # Whether a line stands over a run of header lines that reaches one naming an area (the
    # years "2022" / "2023" / "2024" written one over the other above the area names).
    over_names = [False] * len(words_of)
    for k in range(len(words_of) - 2, -1, -1):
        over_names[k] = naming[k + 1] or (candidates[k + 1] and over_names[k + 1])
    header: list[int] = []
    for k, words in enumerate(words_of):
        has_year = any(YEAR.match(w) for w in words)
        if naming[k] or (candidates[k] and (
                (header and header[-1] == k - 1 and not has_year)  # tails under the areas
                or over_names[k])):  # a year over its areas
            header.append(k)
    if not header:
        return [], block
    kept = [k for k in range(len(block.lines)) if k not in header]
    rest = _Block(tuple(block.lines[k] for k in kept), tuple(block.sources[k] for k in kept), block.page)
    return [w for k in header for w in words_of[k]], rest if kept else None


def _rebuilt(lines: list[str], line_pages: list[int], order: list[str], scorer: TailScorer,
             settings: BlockSettings, line_settings: LineSettings, tall_rows: bool = False,
             pieces: str = "apart", choices: dict[int, int] | None = None,
             labels_head_rows: bool = False) -> _Rebuilt | None:
    """The text rebuilt for the line reader with the areas in ``order``; a block of several lines
    of values is a row (``tall_rows``) or a column over rows; None when nothing was rebuilt or a
    page's values do not fit."""
    patterns = [(area, re.compile(p)) for area, p in settings.area_patterns]
    out = _Rebuilt([], [], [])
    by_page: dict[int, list[_Block]] = {}
    for block in _blocks(lines, line_pages):
        by_page.setdefault(block.page, []).append(block)
    rebuilt_any = False
    goes_on: list[int] = []  # the years of the page before, when it held the table's rows
    indicator = ""  # the indicator the rows of the pages before leave for the next page's
    # Per part of a spread (its years): the cells of its rows built so far, in order (None for a
    # ragged row): the other part's row at the same place is the context of a row's series.
    parts: dict[tuple[int, ...], list[dict[Slot, str] | None]] = {}
    # ... and the catalog label each of those rows reads (None for a row it reads otherwise).
    part_labels: dict[tuple[int, ...], list[tuple[str, str] | None]] = {}
    for page, blocks in by_page.items():
        blocks = _with_wrapped_units([part for block in blocks for part in _row_parts(block, tall_rows)])
        split = _header_split(blocks, patterns, settings)
        # A paragraph of the header's last cells and the first values (Chromium's area names over
        # the first row's values) is no row written as a paragraph: its values end no row.
        for k, (block, (_, rest)) in enumerate(zip(blocks, split)):
            if block.heads_row and rest is None:
                end = next((j for j in range(k + 1, len(blocks)) if blocks[j].ends_row), None)
                if end is not None:
                    blocks[end] = replace(blocks[end], ends_row=False)
                    split[end] = ([], blocks[end])
        words = [w for header, _ in split for w in header]
        years = sorted({int(w) for w in words if YEAR.match(w)})
        named = {area for w in words for area, p in patterns if p.match(w)}
        first_values = next((k for k, b in enumerate(blocks) if _is_values(b)), None)
        # A page without a header right after a page of the table, with values, goes on with its
        # columns from its top (WebKit repeats no header; the line reader takes the rows on).
        continued = (len(years) < 2 or not named) and bool(goes_on) and first_values is not None
        if continued:
            years = goes_on
            # The header repeated in part, its years without area names (AsciiDoc's one header
            # row), is no label.
            blocks = _without_years_repeated(blocks, years, settings)
            split = [([], block) for block in blocks]
        elif len(years) < 2 or not named or first_values is None:
            if goes_on and len(years) >= 2 and named and years == goes_on:
                # The table's header repeated over a label's last lines and no row (a page break
                # in the last row's label): the header as the line reader knows it, then the lines.
                start = min(k for k, (header, _) in enumerate(split) if header)
                for block in blocks[:start]:
                    out.add_block(block)
                out.add("Indicator Specificatie " + " ".join(str(y) for y in years), page, [blocks[start].sources[0]])
                out.add(" ".join(order * len(years)), page, [blocks[start].sources[0]])
                for _, rest in split[start:]:
                    if rest is not None:
                        out.add_block(rest)
            else:
                for block in blocks:
                    out.add_block(block)
            goes_on = []
            continue
        goes_on = years
        slots = [Slot(year, area) for year in years for area in order]
        start = 0 if continued else min([k for k, (header, _) in enumerate(split) if header] + [first_values])
        for block in blocks[:start]:
            out.add_block(block)
        # What the page's first header cell's block holds above the header is its title
        # ("Bijlage: Monitor (vervolg)" over "2022" / "NPLV"); what it holds below are the
        # table's first labels ("Indicator" over the indicators, Chromium).
        title = after = None
        if split[start][0] and split[start][1] is not None:
            rest = split[start][1]
            top = min(s for s in blocks[start].sources if s not in rest.sources)
            title = _lines_where(rest, lambda source: source < top)
            after = _lines_where(rest, lambda source: source > top)
        if title is not None:
            out.add_block(title)
        first_line = blocks[start].sources[0]
        if not continued:
            out.add("Indicator Specificatie " + " ".join(str(y) for y in years), page, [first_line])
            out.add(" ".join(order * len(years)), page, [first_line])
        # The page as label lines and bands of rows, in the text's order.
        items: list[tuple[str, list]] = []
        for k, (header, block) in enumerate(split[start:], start):
            if k == start and header:
                block = after
            if block is None:
                continue
            kind = "rows" if _is_values(block) else "labels"
            if not items or items[-1][0] != kind:
                items.append((kind, []))
            items[-1][1].append(block)
        rebuilt_any |= any(kind == "rows" and len(group) > 1 for kind, group in items)
        part = parts.setdefault(tuple(years), [])
        reads = part_labels.setdefault(tuple(years), [])
        other = next((key for key in parts if not set(key) & set(years)), None)
        context = parts.get(other, [])[len(part):]
        indicator = _emit_page(out, items, slots, page, scorer, settings, line_settings, indicator, pieces,
                               context, part, choices or {}, part_labels.get(other, [])[len(reads):], reads,
                               labels_head_rows)
    return out if rebuilt_any else None


def _emit_page(out: _Rebuilt, items: list[tuple[str, list]], slots: list[Slot], page: int, scorer: TailScorer,
               settings: BlockSettings, line_settings: LineSettings, indicator: str, pieces: str = "apart",
               context: list[dict[Slot, str] | None] = (), part: list[dict[Slot, str] | None] | None = None,
               choices: dict[int, int] | None = None, context_labels: list[tuple[str, str] | None] = (),
               part_reads: list[tuple[str, str] | None] | None = None, labels_head_rows: bool = False) -> str:
    """Label lines and rows in order, each row's label lines put before it as the line reader
    reads labels:
    - the values make rows as ``_Rows`` builds them, a band's short row joined as ``pieces``
      says, and values at the page's foot joined to the row short of them (``_foot_values``);
    - a label written in one paragraph with its row's values is that row's own, and so are the
      label lines right before a band when ``labels_head_rows`` (a text without blank lines);
    - an indicator column written apart (``_indicator_series``) is taken out and put back before
      its rows (``_placed_indicators``);
    - the label lines around a band of several rows are shared out over its rows where the
      catalog reads them best (a producer writes the labels of a band's later rows after it);
      the lines no row of the band takes are the next band's; the lines after the page's last
      rows may be any row's (``_shared_trailing``); or the whole page is read at once
      (``aligned_page``). The page the catalog reads best wins; on a tie, the one whose rows
      read the labels of the same rows of a spread's other part, then the one that leaves fewer
      label lines to no row, then the one whose rows follow the catalog's order.
    ``indicator`` is the one the rows above leave (a catalog key); returns the page's.
    ``context``: from the page's first row on, the cells of the rows of a spread's other part
    (its series go on in this part's), and ``context_labels`` the catalog labels they read; the
    page's rows are added to ``part``, the labels they read to ``part_reads``. ``choices``: the
    short row of bands whose series leave it open (``_Rows.resplit``)."""
    specs_of: dict[str, set[str]] = {}
    for ind, spec in scorer.pairs:
        specs_of.setdefault(ind, set()).add(spec)
    indicators = {ind for ind in specs_of if ind}
    series: list[tuple[str, list[_Line], int]] = []  # indicators written apart, in order, and their run
    bands: list[tuple[list[_Line], list[list[_Line]]]] = []  # (label lines before, rows)
    before: list[_Line] = []
    # Per band, per row: the label lines written in one paragraph with the row's values, its own.
    bound: list[list[list[_Line]]] = []
    heading: list[_Line] = []  # the next band's first row's
    columns = len(slots)
    builder = _Rows(slots, settings, line_settings, scorer, context, choices or {})
    held: int | None = None  # a band's one short row goes on in the next band: the label lines before it
    last_rows = max((k for k, (kind, _) in enumerate(items) if kind == "rows"), default=-1)
    for k, (kind, group) in enumerate(items):
        if kind == "labels":
            if group[-1].heads_row:
                heading = list(zip(group[-1].lines, group[-1].sources))
                group = group[:-1]
            elif labels_head_rows and k < last_rows:
                heading = [(line, source) for block in group for line, source in zip(block.lines, block.sources)]
                group = []
            lines = [(line, source) for block in group for line, source in zip(block.lines, block.sources)]
            lines = _without_repeats(lines, indicators)
            found = _indicator_series([text for text, _ in lines], indicators, specs_of, last=k > last_rows)
            apart = {n for _, positions in found for n in positions}
            series += [(key, [lines[n] for n in positions], k) for key, positions in found]
            before += [line for n, line in enumerate(lines) if n not in apart]
            continue
        if held is not None and len(before) > held:
            # Label lines came between: the held row was its band's own, a ragged row.
            bands.append((before[:held], builder.release()))
            bound.append([[]])
            before = before[held:]
        held = None
        rows = [row for block in group for row in builder.add(block)]
        # A band that ends a row short, with values further down the page: the row goes on in the
        # next band (a producer wrote its label amid its values) and is that band's first row,
        # labelled by the lines between; a band of that one row goes on only where no label line
        # comes between (else it is a ragged row).
        if k < last_rows and builder.can_carry():
            out.pieces_matter |= pieces == "apart"
        if pieces != "apart" and k < last_rows and builder.can_carry():
            builder.carry()
            held = None if rows else len(before)
        else:
            rows += builder.close()
        if any(len(row) != columns and len(rows) > 1 and _row_key(row) not in builder.delimited for row in rows):
            rows = builder.resplit(rows, group)  # which row of the band is short: the series decide
        if any(len(row) != columns and (len(rows) > 1 or _row_key(row) in builder.joined)
               and _row_key(row) not in builder.delimited for row in rows):
            builder.irregular = True  # which row of the band is short is not written down
        if pieces != "apart":
            out.pieces_matter |= pieces == "in order" and any(_row_key(row) in builder.joined for row in rows)
            rows = [_with_short_piece(row, builder.joined.get(_row_key(row), 0), pieces) for row in rows]
        if rows:
            bands.append((before, rows))
            bound.append([heading] + [[] for _ in rows[1:]])
            before, heading = [], []
    # Values at the foot of the page, apart from their row (poppler): they end the one row short
    # of them, or begin it.
    foot = _foot_values(bands, bound, columns)
    if foot is not None:
        out.pieces_matter |= pieces in ("apart", "in order")
        (b, r), strays = foot
        row = bands[b][1][r]
        bands[b][1][r] = strays + row if pieces == "short piece first" else row + strays
        bands.pop()
        bound.pop()
    # Where each row's labels are, first without the indicators written apart (to see which
    # rows they belong to), then with them as those rows' own.
    # The first pass shares the lines before each band: lines after a band may be the next row's,
    # which a row waiting for its indicator must not take. It is tried again with the lines after
    # each band too (a band's later rows' labels written after it), the indicators printed
    # without specifications kept where the first try put them (on rows without a label). The
    # page whose rows the catalog reads best wins, and on a tie the first.
    above = indicator  # the indicator the rows of the pages before leave
    no_owns = [[[] for _ in rows] for _, rows in bands]
    first_pass, _ = _assign(bands, before, bound, scorer, line_settings, ANY_INDICATOR, with_after=False)
    owns = _placed_indicators([(where, labels) for labels, row, where in first_pass if row is not None],
                              series, specs_of, no_owns, line_settings.max_tail_work)
    assigned, _ = _assign(bands, before, _with_bound(owns, bound), scorer, line_settings, indicator)
    pages = [(*_read_rows(assigned, scorer, indicator), 0, assigned, owns)]
    alone = {id(lines) for key, lines, _ in series if "" in specs_of.get(key, ())}
    kept = [[lines if id(lines) in alone else [] for lines in band] for band in owns]
    first_pass, _ = _assign(bands, before, _with_bound(kept, bound), scorer, line_settings, ANY_INDICATOR,
                            with_after=True)
    placed = _placed_indicators([(where, labels) for labels, row, where in first_pass if row is not None],
                                series, specs_of, kept, line_settings.max_tail_work)
    if placed != owns:
        assigned, _ = _assign(bands, before, _with_bound(placed, bound), scorer, line_settings, indicator)
        pages.append((*_read_rows(assigned, scorer, indicator), -1, assigned, placed))
    # A row alone in its band may leave the last of the lines before it to the row below (an
    # indicator spanning the next rows written in one paragraph with this row's label): each
    # page so far is also read with the lines of such bands shared too.
    for _, _, rank, _, page_owns in list(pages):
        shared, _ = _assign(bands, before, _with_bound(page_owns, bound), scorer, line_settings, indicator,
                            share_single=True)
        pages.append((*_read_rows(shared, scorer, indicator), rank - 4, shared, page_owns))
    # Wrapped label cells may all come after the page's rows, in row order (MuPDF of a
    # spreadsheet): the lines after the last band are also shared out over every row of the page.
    for _, _, rank, page_assigned, page_owns in list(pages):
        spread = _shared_trailing(page_assigned, scorer, line_settings, indicator)
        if spread is not None:
            pages.append((*_read_rows(spread, scorer, indicator), rank - 2, spread, page_owns))
    # The whole page read at once: every row's run of label lines and the indicators written
    # apart, in order (a band's choice can shift the labels of every band below it); not needed
    # where a way above spells every row's label.
    aligned = None
    if max(page[0] for page in pages) < sum(len(rows) for _, rows in bands):
        aligned = aligned_page(bands, before, bound, series, scorer, indicator, line_settings.max_label_lines,
                               settings.max_page_alignment_work, settings.max_text_alignment_work, context_labels)
    if aligned is not None:
        pages.append((*_read_rows(aligned[0], scorer, indicator), -6, *aligned))
    # Rows whose labels the text's order does not give (a producer wrote them in a run of their
    # own, far from their rows): rows between two rows the catalog reads take the catalog's rows
    # between those two, where as many rows lie between and the page prints each of their labels
    # in lines no row reads (``_catalog_filled``).
    for _, _, rank, page_assigned, page_owns in list(pages):
        filled = _catalog_filled(page_assigned, _unplaced(series, page_owns), scorer, above,
                                 settings.max_fill_work)
        if filled is not None:
            # Every indicator written apart is placed now (a band of its own marks them so): one
            # no row took stands in the filled page's lines after its rows already.
            pages.append((*_read_rows(filled, scorer, above), rank - 8, filled,
                          page_owns + [[lines for _, lines, _ in series]]))
    # Label cells written after the page's rows come in row order (MuPDF of a spreadsheet): a
    # way whose rows take them out of that order (a later row the first of them, an earlier row
    # the next) reads labels crossed, each one perhaps a catalog label. Such ways compete only
    # where every way does.
    fixed = {source for band in bound for row in band for _, source in row} | {
        source for _, lines, _ in series for _, source in lines}
    pages = [page for page in pages if _trailing_in_order(page[3], fixed)] or pages
    # Labels shifted by a row may each spell a catalog label as well as the right ones: the same
    # row of a spread's other part (the rows go on there) tells them apart, else the page that
    # leaves fewer label lines to no row (a renamed row's label the catalog does not spell, passed
    # over), else the catalog's order.

    def ties(page) -> tuple[int, int, int]:
        read = _row_labels(page[3], scorer, above)
        left = sum(len(labels) for labels, row, _ in page[3] if row is None)
        return _agreeing(read, context_labels), -left, _in_order(read, scorer.order)

    top = max(round(page[0], 9) for page in pages)
    tied = [page for page in pages if round(page[0], 9) == top]
    _, indicator, _, assigned, owns = max(tied, key=lambda page: (*ties(page), page[2])) if len(tied) > 1 else tied[0]
    # A row the best page leaves without a label line of its own, above a row with labels: which
    # labels are whose is a guess there (the line reader would share its neighbours' out anew),
    # and the page is not read. (The page's last rows may have theirs after them, and a spread's
    # part without labels prints none on any row.)
    bare = [not labels for labels, row, _ in assigned if row is not None]
    if any(is_bare and not all(bare[k + 1:]) for k, is_bare in enumerate(bare)):
        builder.irregular = True
    if part_reads is not None:
        part_reads += _row_labels(assigned, scorer, above)
    for row_labels, row, _ in assigned:
        for text, source in row_labels:
            out.add(text, page, [source])
        if row is not None:
            out.add(" ".join(w for w, _ in row), page, [source for _, source in row])
            if part is not None:
                part.append({slot: value for slot, (value, _) in zip(slots, row)} if len(row) == columns else None)
    for text, source in _unplaced(series, owns):
        out.add(text, page, [source])
    out.irregular |= builder.irregular
    out.open_bands |= builder.open_bands
    return indicator


def _trailing_in_order(assigned: list[tuple[list[_Line], list[tuple[str, int]] | None, tuple[int, int]]],
                       fixed: set[int]) -> bool:
    """Whether the rows take the label lines written after the page's last values in the text's
    order: no row a line written before one an earlier row took (lines in ``fixed``, a row's own
    paragraph and the indicators written apart, aside)."""
    last_value = max((source for _, row, _ in assigned if row for _, source in row), default=-1)
    latest = -1
    for labels, row, _ in assigned:
        if row is None:
            continue
        sources = [source for _, source in labels if source > last_value and source not in fixed]
        if sources and min(sources) < latest:
            return False
        latest = max([latest, *sources])
    return True


def _catalog_filled(assigned: list[tuple[list[_Line], list[tuple[str, int]] | None, tuple[int, int]]],
                    unplaced: list[_Line], scorer: TailScorer, indicator: str, max_work: int
                    ) -> list[tuple[list[_Line], list[tuple[str, int]] | None, tuple[int, int]]] | None:
    """The page with the rows between two rows the catalog reads (anchors, catalog rows a and
    b) labelled as the catalog's rows between them, where exactly b - a - 1 rows lie between and
    each of those labels is spelled, in order, by label lines no anchor reads (``unplaced``
    lines written apart among them): an indicator's lines and its specification's may be
    interleaved (two columns' cells written in one run), and a row that goes on with the
    indicator above may print it again. None where no such run of rows is found, where a line
    the rows filled held is left to no row (it would be some row's label), or past ``max_work``."""
    reads = _anchor_reads(assigned, scorer, indicator)
    place = [scorer.row_of[scorer.order[pair]] if pair is not None else None for pair in reads]
    anchors = [n for n, row in enumerate(place) if row is not None]
    # A page that starts the table (no indicator above) starts at the catalog's first row.
    bounds = ([(-1, -1)] if indicator == "" else []) + [(n, place[n]) for n in anchors]
    fills: dict[int, int] = {}  # row of the page -> catalog row
    for (i, a), (j, b) in zip(bounds, bounds[1:]):
        if j - i > 1 and b - a == j - i:
            fills.update({n: a + n - i for n in range(i + 1, j)})
    if not fills:
        return None
    at_rows = [k for k, (_, row, _) in enumerate(assigned) if row is not None]
    filled_at = {at_rows[n]: n for n in fills}  # place in ``assigned`` -> row of the page
    anchored = {at_rows[n] for n in anchors}
    # The lines to spell the labels from: those of every row no anchor, those no row took, and
    # the indicators written apart that no row took, in the text's order.
    pool = sorted([line for k, (labels, _, _) in enumerate(assigned) if k not in anchored for line in labels]
                  + unplaced, key=lambda line: line[1])
    keys = [label_key(text) for text, _ in pool]
    used: set[int] = set()
    work = [0]
    found: dict[int, list[_Line]] = {}
    for n in sorted(fills):
        above = (scorer.labels_of_row[fills[n - 1]][0][0] if n - 1 in fills
                 else reads[n - 1][0] if n > 0 else indicator)
        # A row that goes on with the indicator above may print it again (on every row).
        ways = [[ind, spec] for ind, spec in scorer.labels_of_row[fills[n]]] + [
            [spec] for ind, spec in scorer.labels_of_row[fills[n]] if ind == above and spec]
        for parts in ways:
            lines: list[int] = []
            for part in (part for part in parts if part):
                taken = _spelled_by(part, keys, used | set(lines), work, max_work)
                if taken is None:
                    break
                lines += taken
            else:
                found[n] = [pool[k] for k in lines]
                used |= set(lines)
                break
        if n not in found:
            return None
    taken_lines = {pool[k] for k in used}
    if any(line not in taken_lines for k in filled_at for line in assigned[k][0]):
        return None  # a line of a row filled that no row takes would be some row's label: a guess
    # Rows filled take the lines found; the other rows and the lines no row took keep theirs
    # but those; the indicators written apart that no row took stay after the page's rows.
    filled: list[tuple[list[_Line], list[tuple[str, int]] | None, tuple[int, int]]] = []
    left: list[_Line] = [line for line in unplaced if line not in taken_lines]
    for k, (labels, row, where) in enumerate(assigned):
        if k in filled_at:
            labels = found[filled_at[k]]
        elif k not in anchored:
            labels = [line for line in labels if line not in taken_lines]
        filled.append((labels, row, where))
    if filled and filled[-1][1] is None:
        labels, _, where = filled[-1]
        filled[-1] = (sorted(labels + left, key=lambda line: line[1]), None, where)
    else:
        filled.append((sorted(left, key=lambda line: line[1]), None, (len(filled), -1)))
    return filled


def _anchor_reads(assigned: list[tuple[list[_Line], list[tuple[str, int]] | None, tuple[int, int]]],
                  scorer: TailScorer, indicator: str) -> list[tuple[str, str] | None]:
    """Per row of the page, the catalog label its lines spell (``_row_labels``), or, for a
    specification alone under another indicator (the rows between took no label), the one
    catalog label with that specification; else None."""
    read: list[tuple[str, str] | None] = []
    for labels, row, _ in assigned:
        if row is None:
            continue
        words = tuple(tuple(text.split()) for text, _ in labels)
        pair = scorer.reads(words, indicator) if words else None
        if pair is None and words:
            spec = label_key(" ".join(text for text, _ in labels))
            if len(scorer.labels_of_spec.get(spec, ())) == 1:
                pair = scorer.labels_of_spec[spec][0]
        read.append(pair)
        indicator = pair[0] if pair is not None else indicator
    return read


def _spelled_by(key: str, keys: list[str], used: set[int], work: list[int], max_work: int) -> list[int] | None:
    """The first lines (by position in ``keys``, not in ``used``, in order) whose keys run
    together spell ``key``; None when none do or the search passes ``max_work`` steps."""
    def search(start: int, rest: str) -> list[int] | None:
        for k in range(start, len(keys)):
            work[0] += 1
            if work[0] > max_work:
                return None
            if k in used or not keys[k] or not rest.startswith(keys[k]):
                continue
            if len(keys[k]) == len(rest):
                return [k]
            after = search(k + 1, rest[len(keys[k]):])
            if after is not None:
                return [k] + after
        return None
    return search(0, key)


def _assign(bands: list[tuple[list[_Line], list[list[tuple[str, int]]]]], trailing: list[_Line],
            owns: list[list[list[_Line]]], scorer: TailScorer, line_settings: LineSettings,
            indicator: str, with_after: bool = True, share_single: bool = False
            ) -> tuple[list[tuple[list[_Line], list[tuple[str, int]] | None, tuple[int, int]]], str]:
    """The page in order as (label lines, row or None, (band, row)): each band's rows take the
    lines before it, and a band of several rows shares the lines before and after it out over its
    rows where the catalog reads them best (each row ``owns`` its own lines besides; without
    ``with_after``, only the lines before it; with ``share_single``, a band of one row too); the
    lines after a band that no row of it takes are the next band's. ``indicator`` (a catalog key)
    is the one the rows above leave for the rows below (a table goes on over a page break); the
    page's last rows leave one too."""
    result: list[tuple[list[_Line], list[tuple[str, int]] | None, tuple[int, int]]] = []
    labels_of = [labels for labels, _ in bands] + [trailing]
    carry: list[_Line] = []  # lines among a band's rows that no row took: before the next band's
    for b, (_, rows) in enumerate(bands):
        pending = carry + labels_of[b]
        tail = pending + (labels_of[b + 1] if with_after else [])
        own = owns[b]
        words = tuple(tuple(line.split()) for line, _ in tail)
        own_words = [tuple(tuple(text.split()) for text, _ in lines) for lines in own]
        # By default a band's rows take the lines before it, and the lines after are the next's.
        runs = [(0, len(pending), False)] + [(len(pending), len(pending), False)] * (len(rows) - 1)
        if ((len(rows) > 1 or share_single) and tail
                and len(rows) * (len(tail) + 1) <= line_settings.max_tail_work):
            runs = list(scorer.share((), own_words, words, line_settings.max_label_lines, indicator).runs)
            # A row the catalog does not read exactly with the lines it took gives back those
            # written after the band: they are the next row's (a row's own labels stand before).
            state = indicator
            for r, (a, e, chunk_first) in enumerate(runs):
                label = words[a:e] + own_words[r] if chunk_first else own_words[r] + words[a:e]
                score, below = scorer.score(label, state)
                if score < 1 and e > len(pending):
                    runs[r] = (a, max(a, min(e, len(pending))), chunk_first)
                state = below if score >= 1 else state
        taken = {j for a, e, _ in runs for j in range(a, e)}
        first = min(runs[0][0], len(pending))
        if first:  # lines before the first row's that no row of the band took: the row above's
            result.append((list(tail[:first]), None, (b, -1)))
        for r, ((a, e, chunk_first), row) in enumerate(zip(runs, rows)):
            chunk = list(tail[a:e])
            label = chunk + own[r] if chunk_first else own[r] + chunk
            result.append((label, row, (b, r)))
            score, below = scorer.score(tuple(tuple(text.split()) for text, _ in label), indicator)
            indicator = below if score >= 1 else indicator
        carry = [tail[j] for j in range(first, len(pending)) if j not in taken]
        if with_after:
            labels_of[b + 1] = [tail[j] for j in range(len(pending), len(tail)) if j not in taken]
    result.append((carry + labels_of[len(bands)], None, (len(bands), -1)))
    return result, indicator


def _with_bound(owns: list[list[list[_Line]]], bound: list[list[list[_Line]]]) -> list[list[list[_Line]]]:
    """Each row's own lines: the indicator placed before it, then the label of its paragraph."""
    return [[placed + own for placed, own in zip(band_owns, band_bound)] for band_owns, band_bound in zip(owns, bound)]


def _shared_trailing(assigned: list[tuple[list[_Line], list[tuple[str, int]] | None, tuple[int, int]]],
                     scorer: TailScorer, line_settings: LineSettings, indicator: str
                     ) -> list[tuple[list[_Line], list[tuple[str, int]] | None, tuple[int, int]]] | None:
    """The page with the lines after its last rows shared out over all its rows where the catalog
    reads them best (``TailScorer.share``, each row keeping its own lines); None when no line
    follows the rows or the work would pass the bound."""
    rows = [k for k, (_, row, _) in enumerate(assigned) if row is not None]
    trailing = assigned[-1][0] if assigned and assigned[-1][1] is None else []
    if not rows or not trailing or len(rows) * (len(trailing) + 1) > line_settings.max_tail_work:
        return None
    owns = [tuple(tuple(text.split()) for text, _ in assigned[k][0]) for k in rows]
    words = tuple(tuple(text.split()) for text, _ in trailing)
    shared = scorer.share((), owns, words, line_settings.max_label_lines, indicator)
    spread = list(assigned[:-1])
    for k, (start, end, chunk_first) in zip(rows, shared.runs):
        labels, row, where = spread[k]
        chunk = list(trailing[start:end])
        spread[k] = (chunk + labels if chunk_first else labels + chunk, row, where)
    taken = {j for start, end, _ in shared.runs for j in range(start, end)}
    spread.append(([line for j, line in enumerate(trailing) if j not in taken], None, assigned[-1][2]))
    return spread


def _read_rows(assigned: list[tuple[list[_Line], list[tuple[str, int]] | None, tuple[int, int]]],
               scorer: TailScorer, indicator: str) -> tuple[float, str]:
    """How well the catalog reads the rows' labels (``TailScorer.score`` summed over the rows),
    and the indicator the page's last rows leave for the next page's."""
    total = 0.0
    for labels, row, _ in assigned:
        if row is not None:
            score, below = scorer.score(tuple(tuple(text.split()) for text, _ in labels), indicator)
            total += score
            indicator = below if score >= 1 else indicator
    return total, indicator


def _row_labels(assigned: list[tuple[list[_Line], list[tuple[str, int]] | None, tuple[int, int]]],
                scorer: TailScorer, indicator: str) -> list[tuple[str, str] | None]:
    """Per row of the page, the catalog label (keys) its label lines read exactly under the
    indicator the rows above leave (``TailScorer.reads``), else None."""
    read: list[tuple[str, str] | None] = []
    for labels, row, _ in assigned:
        if row is not None:
            score, below, pair = scorer.score_and_read(tuple(tuple(text.split()) for text, _ in labels), indicator)
            read.append(pair)
            indicator = below if score >= 1 else indicator
    return read


def _agreeing(read: list[tuple[str, str] | None], other: list[tuple[str, str] | None]) -> int:
    """How many rows read the catalog label the same row of the other part reads."""
    return sum(1 for mine, theirs in zip(read, other) if mine is not None and mine == theirs)


def _in_order(read: list[tuple[str, str] | None], order: dict[tuple[str, str], int]) -> int:
    """How many rows read a label later in the catalog than the last label read above them."""
    count, last = 0, -1
    for pair in read:
        if pair is not None:
            count += order[pair] > last
            last = order[pair]
    return count


def _placed_indicators(rows: list[tuple[tuple[int, int], list[_Line]]], series: list[tuple[str, list[_Line], int]],
                       specs_of: dict[str, set[str]], owned: list[list[list[_Line]]],
                       max_work: int) -> list[list[list[_Line]]]:
    """Per band, per row: the indicator lines written apart that go before the row's label. Each
    indicator goes, in order, to the first row after the previous one's whose label (``rows``:
    the page's rows in order with their label lines) is a specification the catalog pairs with
    it, or, for an indicator printed without specifications, to the first row without a label.
    Each run of indicators (the lines between two bands) is in order, but runs are not: the
    order starts over with each. ``owned``: per band, per row, indicator lines the row holds
    already (those indicators are not placed again). An indicator no row takes is left after the
    page's rows."""
    owns: list[list[list[_Line]]] = [list(band) for band in owned]
    if len(series) * len(rows) > max_work:
        return owns  # a bound on the work a hostile text can cause, far above any table
    done = {id(lines) for band in owned for lines in band if lines}
    labels = [label_key(" ".join(text for text, _ in label_lines)) for _, label_lines in rows]
    cursor, run = 0, None
    for indicator, lines, this_run in series:
        if this_run != run:
            cursor, run = 0, this_run
        if id(lines) in done:
            continue
        specs = specs_of.get(indicator, set())
        for k in range(cursor, len(rows)):
            (b, r), label = rows[k][0], labels[k]
            if label.startswith(indicator) or owns[b][r]:
                continue  # the row prints its indicator itself
            if (label and any(spec and _ends_in_start_of(label, spec) for spec in specs)) or (not label and "" in specs):
                owns[b][r] = lines
                cursor = k + 1
                break
    return owns


def _indicator_cells(texts: list[str], indicators: set[str], longest: int = 6) -> list[tuple[str, int] | None]:
    """Per line: (indicator key, end) when an indicator's cell starts there (a capital, then the
    lines up to ``end`` spelling a catalog indicator whole), else None."""
    keys = [label_key(text) for text in texts]
    cells: list[tuple[str, int] | None] = []
    for j, text in enumerate(texts):
        cell = None
        if text[:1].isupper():
            joined = ""
            for n in range(j, min(len(texts), j + longest)):
                joined += keys[n]
                if joined in indicators:
                    cell = (joined, n + 1)
                    break
        cells.append(cell)
    return cells


def _without_repeats(lines: list[_Line], indicators: set[str]) -> list[_Line]:
    """The label lines with an indicator cell that follows the same indicator's cell dropped: a
    group's indicator printed on each of its rows, two rows' cells in one block ("Samenstelling
    woningvoorraad" twice before "Koop"). The rows below continue the one printed."""
    cells = _indicator_cells([text for text, _ in lines], indicators)
    kept: list[_Line] = []
    j = 0
    while j < len(lines):
        cell = cells[j]
        if cell is None:
            kept.append(lines[j])
            j += 1
            continue
        kept += lines[j:cell[1]]
        j = cell[1]
        while j < len(lines) and cells[j] is not None and cells[j][0] == cell[0]:
            j = cells[j][1]
    return kept


def _indicator_series(lines: list[str], indicators: set[str], specs_of: dict[str, set[str]],
                      last: bool = False) -> list[tuple[str, list[int]]]:
    """In a run of label lines between bands of rows, the longest series of two or more of the
    catalog's indicators one after the other (each an indicator's lines, whole, starting with a
    capital), as (indicator key, line positions): a producer that writes a cell spanning rows
    after the others writes the indicator column apart. A table's own rows put values between
    two indicators, so a run never holds two of them otherwise; an indicator followed by the
    start of its own specification is a row's label, and ends the series. After the page's last
    rows (``last``) no row follows: an indicator there is written apart, even alone."""
    keys = [label_key(line) for line in lines]
    every_spec = {spec for specs in specs_of.values() for spec in specs}
    # length[j]: how many indicators follow one another from line j (built from the end: linear).
    cells = _indicator_cells(lines, indicators)
    length = [0] * (len(lines) + 1)
    for j in range(len(lines) - 1, -1, -1):
        cell = cells[j]
        if cell is None:
            continue
        key, end = cell
        if _spec_follows(keys, end, specs_of.get(key, ()), every_spec):
            continue  # its own row's label: the indicator goes on with its specification
        length[j] = 1 + length[end]
    start = max(range(len(lines)), key=lambda j: (length[j], -j), default=0)
    best: list[tuple[str, list[int]]] = []
    j = start
    for _ in range(length[start] if lines else 0):
        key, end = cells[j]
        best.append((key, list(range(j, end))))
        j = end
    if len(best) >= 2 or (last and best):
        return best
    # One indicator alone is written apart when label lines that are not its specification's
    # follow it (its own row's label goes on with its specification, or ends the run).
    for j, cell in enumerate(cells):
        if cell is None:
            continue
        key, end = cell
        specs = [spec for spec in specs_of.get(key, ()) if spec]
        if specs and end < len(lines) and not _spec_follows(keys, end, specs, every_spec):
            return [(key, list(range(j, end)))]
    return []


def _spec_follows(keys: list[str], end: int, specs, others=(), longest: int = 16, prefix: int = 60,
                  renamed: int = 16) -> bool:
    """Whether the label lines from ``end`` on (``label_key``s) begin one of ``specs`` (an
    indicator's own specification goes on under it), read over the specification's first
    ``prefix`` letters: the Leefbaarometer rows' specifications share their first line, so one
    line does not tell (and a long one's later lines may be broken otherwise). A specification
    renamed past its first words (a row renamed in its Specificatie cell) still begins as its
    own does: at least ``renamed`` letters, more than any of ``others`` (the other indicators'
    specifications) begins alike."""
    joined = ""
    for key in keys[end:end + longest]:
        joined += key
        if len(joined) >= prefix:
            break
    if not joined:
        return False
    for spec in specs:
        start = spec[:prefix]
        if start and (joined.startswith(start) or start.startswith(joined)):
            return True
    shared = max((_shared_start(joined, spec) for spec in specs if spec), default=0)
    return shared >= renamed and all(_shared_start(joined, spec) < shared for spec in others if spec not in specs)


def _shared_start(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _unplaced(series: list[tuple[str, list[_Line], int]], owns: list[list[list[_Line]]]) -> list[_Line]:
    placed = {id(lines) for band in owns for lines in band}
    return [line for _, lines, _ in series if id(lines) not in placed for line in lines]


def _ends_in_start_of(label: str, spec: str) -> bool:
    """Whether a row's label ends in the specification, or in its start when the label goes on
    past a page break ("Aandeel huishoudens onder de" / "armoedegrens")."""
    shortest = min(len(spec), 10)
    return any(label.endswith(spec[:t]) for t in range(len(spec), shortest - 1, -1))


class _Rows:
    """Rows built from value blocks in the order a page gives them. A block of one line is the
    next cell of the row being built (left to right; a full row starts the next); a block of
    several lines is one column's cells over this row and the rows below it (cells close above
    each other), so its later lines wait in their column for the rows below."""

    def __init__(self, slots: list[Slot], settings: BlockSettings, line_settings: LineSettings, scorer: TailScorer,
                 context: list[dict[Slot, str] | None] = (), choices: dict[int, int] | None = None):
        self.slots = slots
        self.scorer = scorer  # the text's: it counts the work of every rebuild (``resplit_work``)
        self.max_text_work = settings.max_text_resplit_work
        self.columns = len(slots)
        # Per row from the page's first: the row's cells in a spread's other part (None: unknown).
        self.context = list(context)
        self.finished = 0  # rows finished on the page
        # Bands whose short row the series leave open, by their first value's source line: the
        # rows that may be short, best first; and the way chosen for such bands.
        self.open_bands: dict[int, list[int]] = {}
        self.choices = choices or {}
        self.min_series_margin = settings.min_series_margin
        self.max_rows = settings.max_resplit_rows  # a band with one short row of more rows stays irregular
        self.max_work = line_settings.max_tail_work  # a bound on what a hostile text costs
        self.align = line_settings.align  # how the line reader scores a ragged row's placements
        # Set when the blocks do not fit this model (a block whose lines hold different numbers
        # of values, a band of several rows with one left short): where each value goes is then
        # a guess, and the page is not read from its blocks.
        self.irregular = False
        self.current: dict[int, tuple[str, int]] = {}  # column -> (value, source line)
        self.placed = 0  # cells of the current row placed from its own band
        self.waiting: deque[dict[int, tuple[str, int]]] = deque()  # the rows below: cells already known
        # Rows by ``_row_key``: rows whose end the text marks (a paragraph's last value) ...
        self.delimited: set[int] = set()
        # ... and rows written in two pieces around label lines, with the cells of the first piece.
        self.joined: dict[int, int] = {}
        self.carried = 0  # cells of the current row written before the label lines between
        self.last_row: list[tuple[str, int]] | None = None  # the row finished last

    def can_carry(self) -> bool:
        """Whether the row being built holds only cells of its own band (nothing from a block
        above, nothing waiting below), and some."""
        return bool(self.placed) and len(self.current) == self.placed and not self.waiting

    def carry(self) -> None:
        """The row being built goes on in the next band."""
        self.carried = self.placed

    def release(self) -> list[list[tuple[str, int]]]:
        """The row carried over, ended where it is after all."""
        self.carried = 0
        return self.close()

    def add(self, block: _Block) -> list[list[tuple[str, int]]]:
        """The rows the block completes."""
        done: list[list[tuple[str, int]]] = []
        cells = _block_rows([[(w, source) for w in line.split()] for line, source in zip(block.lines, block.sources)])
        if cells is None:
            self.irregular = True
            cells = [[(w, source) for w in line.split()] for line, source in zip(block.lines, block.sources)]
        column = self._next_free()
        above = self.last_row
        if (len(cells) > 1 and all(len(line) == 1 for line in cells) and column == self.columns - 1
                and above is not None and len(above) == column and self.placed == len(self.current)
                and not self.waiting):
            # A column of the last cells of the row above, which ended one short, and of this
            # row: the row above's last value, written with this row's (poppler writes a tall
            # row's last column after its other cells, with the cell close above it).
            above.append(cells[0][0])
            cells = cells[1:]
        if len(cells) == 1 and len(cells[0]) == 1 and self._lower_row_takes(cells[0][0], column):
            row = self._finish()
            self.delimited.add(_row_key(row))
            done.append(row)
        for k, (value, source) in enumerate(cells[0]):
            self.current[column] = (value, source)
            self.placed += 1
            for below, line in enumerate(cells[1:]):
                if k < len(line):
                    while len(self.waiting) <= below:
                        self.waiting.append({})
                    self.waiting[below][column] = line[k]
            while len(self.current) >= self.columns:  # a row below may be full already
                done.append(self._finish())
            column = self._next_free()
        if block.ends_row and self.placed:  # a row written as a paragraph ends with it, short or not
            row = self._finish()
            self.delimited.add(_row_key(row))
            done.append(row)
        return done

    def close(self) -> list[list[tuple[str, int]]]:
        """At the end of a band: the row being built, if the band gave it cells (a ragged row);
        a row that only holds cells from a block above waits for its own band. A value a
        producer wrote apart from its row (after the labels between, or before its row's label)
        makes a row of its own without a label, which no block reading is trusted with."""
        return [self._finish()] if self.placed else []

    def resplit(self, rows: list[list[tuple[str, int]]], group: list[_Block]) -> list[list[tuple[str, int]]]:
        """A band of one-line blocks, its values in row order, that is short of full rows: which
        row is the short one. Each row in turn is tried as the short one, and the way whose rows
        read as the smoothest series (``series_cost``, the short row placed as a ragged row) wins
        over each other way by ``min_series_margin`` per row between their short rows; that row's
        end is then known. Otherwise
        (or in a band of more than ``max_rows`` rows) the rows as built, which leave the band
        irregular."""
        flat = [cell for row in rows for cell in row]
        n, width = len(rows), self.columns
        deficit = n * width - len(flat)
        if (any(len(block.lines) > 1 for block in group) or not 0 < deficit < width
                or sum(len(line.split()) for block in group for line in block.lines) != len(flat)
                or any(_row_key(row) in self.joined or _row_key(row) in self.delimited for row in rows)
                or n > self.max_rows or n * comb(width, deficit) > self.max_work
                or self.scorer.resplit_work + n * comb(width, deficit) > self.max_text_work):
            return rows
        self.scorer.resplit_work += n * comb(width, deficit)
        # Rows before the short one start at multiples of the width, rows after it a deficit
        # earlier: each row's cost is found once, for both places, its series going on in the
        # same row of a spread's other part where that is known.
        first = self.finished - n
        before = [self._cost(flat[i * width:(i + 1) * width], first + i) for i in range(n - 1)]
        after = [self._cost(flat[i * width - deficit:(i + 1) * width - deficit], first + i) for i in range(1, n)]
        costs = []
        for short in range(n):
            start = short * width
            ragged = [v for v, _ in flat[start:start + width - deficit]]
            slots, known = self._with_context(first + short)
            placed = align_row(ragged, slots, list(range(width)), known, None, self.align).best.cost
            costs.append((sum(before[:short]) + placed + sum(after[short:]), short))
        costs.sort()
        best, short = costs[0]
        # Two ways differ in the rows from one's short row to the other's; each such row is one
        # more place where a printing error (two cells exchanged) can pass for a shift: the best
        # way needs a clearer lead over a way that differs in more rows. Ways as close are each
        # tried, where the caller asks (``choices``), and the catalog decides.
        close = [other for cost, other in costs[1:] if cost - best < self.min_series_margin * abs(other - short)]
        if close:
            band = flat[0][1]
            if self.choices.get(band) not in [short] + close:
                self.open_bands[band] = [short] + close
                return rows
            short = self.choices[band]
        cut = [0] + [i * width for i in range(1, short + 1)] + [i * width - deficit for i in range(short + 1, n + 1)]
        resplit = [flat[a:b] for a, b in zip(cut, cut[1:])]
        self.delimited.add(_row_key(resplit[short]))
        return resplit

    def _lower_row_takes(self, cell: tuple[str, int], column: int) -> bool:
        """Whether a value written alone, under a run of blocks that fill this row and the row
        below in step, is the lower row's (the upper row's cell there is empty): the way whose
        series run smoother wins by ``min_series_margin``; a closer call leaves the page
        irregular."""
        if not self.waiting or column >= self.columns or self.placed != len(self.current):
            return False
        lower = self.waiting[0]
        if set(lower) != set(self.current):
            return False
        upper_takes = self._cost(self.current | {column: cell}) + self._cost(lower)
        lower_takes = self._cost(self.current) + self._cost(lower | {column: cell})
        if abs(upper_takes - lower_takes) < self.min_series_margin:
            self.irregular = True
        return lower_takes < upper_takes

    def _cost(self, cells: list[tuple[str, int]] | dict[int, tuple[str, int]], row: int | None = None) -> float:
        by_column = cells if isinstance(cells, dict) else dict(enumerate(cells))
        slots, known = self._with_context(row)
        return series_cost(known | {c: v for c, (v, _) in by_column.items()}, slots, None, self.align)

    def _with_context(self, row: int | None) -> tuple[list[Slot], dict[int, str]]:
        """The page's slots and, after them, those of row ``row``'s cells in a spread's other
        part, with those cells (by slot index)."""
        other = self.context[row] if row is not None and 0 <= row < len(self.context) else None
        if not other:
            return self.slots, {}
        return self.slots + list(other), {self.columns + k: value for k, value in enumerate(other.values())}

    def _next_free(self) -> int:
        return next((c for c in range(self.columns) if c not in self.current), self.columns)

    def _finish(self) -> list[tuple[str, int]]:
        row = [self.current[c] for c in sorted(self.current)]
        if self.carried:
            self.joined[_row_key(row)] = self.carried
            self.carried = 0
        self.current = self.waiting.popleft() if self.waiting else {}
        self.last_row = row
        self.finished += 1
        self.placed = 0  # cells from a block above are not this band's: the row waits for its own
        return row


def _row_key(row: list[tuple[str, int]]) -> int:
    """A built row's identity: its first value's source line (a line's values go to one row)."""
    return row[0][1]


def _with_short_piece(row: list[tuple[str, int]], first_piece: int, pieces: str) -> list[tuple[str, int]]:
    """A row written in two pieces around its label, joined as ``pieces`` says: with the shorter
    piece holding its last cells (poppler writes the last column's value of a row with a tall
    label apart, before the label or after it), else in the text's order."""
    if pieces == "short piece last" and 0 < first_piece < len(row) - first_piece:
        return row[first_piece:] + row[:first_piece]
    return row


def _foot_values(bands: list[tuple[list[_Line], list[list[tuple[str, int]]]]], bound: list[list[list[_Line]]],
                 columns: int) -> tuple[tuple[int, int], list[tuple[str, int]]] | None:
    """Values written at the foot of a page, apart from their row: the page's last band, one
    short row under no label line of its own, when exactly one other row of the page is short
    by as many values (where that row is, and its values)."""
    if len(bands) < 2 or bands[-1][0] or any(bound[-1]) or len(bands[-1][1]) != 1:
        return None
    strays = bands[-1][1][0]
    short = [(b, r) for b, (_, rows) in enumerate(bands[:-1]) for r, row in enumerate(rows) if len(row) < columns]
    if len(short) != 1 or len(strays) != columns - len(bands[short[0][0]][1][short[0][1]]):
        return None
    return short[0], strays


def _block_rows(lines: list[list[tuple[str, int]]]) -> list[list[tuple[str, int]]] | None:
    """A block's lines as rows of its columns: as written when every line holds as many values;
    else, as wide as its widest line, a row's cells written on lines of their own (a wide cell
    "1500.00%" joins its neighbour on one line, the cells under it stand apart) joined in order.
    None when the lines do not add up to rows of that width."""
    width = max(len(line) for line in lines)
    rows: list[list[tuple[str, int]]] = []
    current: list[tuple[str, int]] = []
    for line in lines:
        current += line
        if len(current) == width:
            rows.append(current)
            current = []
        elif len(current) > width:
            return None
    return None if current else rows

"""Reading a table from text written block by block, rows rebuilt for the line reader.

Some extractors write a page as text blocks, a blank line between them, in an order of their own:
poppler's ``pdftotext`` in its default mode makes a block of every table cell, or of one
column's cells over the rows of a band (cells close above each other). A row's values then stand
one a line, its label blocks before them or elsewhere on the page, and the header's cells
anywhere, in no order that keeps the columns.

The blocks keep what the line reader needs (``pipeline.appendix.lines``), put back in shape:
- a run of value blocks is a band of rows: blocks of one line are cells left to right, row after
  row (cut into rows as wide as the page's header has columns); blocks of several lines are
  columns, top to bottom, so row *j* of the band is line *j* of each block;
- label blocks stay where they are, for the line reader to share out over the rows (labels
  before a row, and labels written after a run of rows);
- the header's cells say which years the page has and that it names the areas; their order is
  lost, so the header is written back once a page with the areas both ways (NPLV first, NL
  first), and the catalog's areas decide as for any header the text does not order: the order
  that puts figures where the table prints a dash loses, and without enough such evidence
  neither is read.
Every rebuilt value keeps its source line, so cells and decisions point into the text as given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from pipeline.appendix.fit import fit
from pipeline.appendix.lines import LineSettings, read_lines
from pipeline.appendix.model import RawCell, RawTable
from pipeline.appendix.tail import TailScorer
from pipeline.catalog import Catalog, label_key
from pipeline.numbers import is_value_token

__all__ = ["BlockSettings", "block_readings"]

_YEAR = re.compile(r"^(?:19|20)\d{2}$")


@dataclass(frozen=True)
class BlockSettings:
    # The text is read as blocks only when most of its values stand alone on their line (a text
    # that keeps rows on lines is the line reader's as it is) ...
    min_alone_share: float = 0.5
    # ... and it has at least this many (a table, not a figure or two in prose).
    min_values: int = 12
    # Words of a header cell other than years and area names: abbreviations, label headings,
    # the tails of area names broken over lines.
    header_words: tuple[str, ...] = ("Gem.", "Indicator", "Specificatie", "gebieden", "gebiede", "n", "d")
    area_patterns: tuple[tuple[str, str], ...] = (
        ("NPLV", r"^(?:NPLV)+(?:-?gebied(?:en)?)?-?$"),
        ("NL", r"^(?:NL|Nederland|Nederlan)$"),
    )


@dataclass(frozen=True)
class _Block:
    lines: tuple[str, ...]
    sources: tuple[int, ...]  # line index in the text of each line
    page: int


@dataclass
class _Rebuilt:
    lines: list[str]
    line_pages: list[int]
    origins: list[list[int]]  # per rebuilt line: the text line of each of its values (labels: of the line)

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
    if not _written_in_blocks(lines, settings):
        return []
    areas = [area for area, _ in settings.area_patterns]
    orders = [("area columns NPLV before NL (the header does not say)", areas),
              ("area columns NL before NPLV (the header does not say)", areas[::-1])]
    scorer = TailScorer(catalog)
    rebuilt = [_rebuilt(lines, line_pages, order, scorer, settings, line_settings) for _, order in orders]
    if rebuilt[0] is None or rebuilt[1] is None:
        return []
    first, second = (read_lines(r.lines, r.line_pages, catalog, line_settings) for r in rebuilt)
    readings: list[tuple[str, RawTable]] = []
    matches: dict = {}
    for (mode, a), (_, b) in zip(first, second):
        if mode not in {name for name, _ in second}:
            continue
        a_fit, b_fit = fit(a, catalog, matches), fit(b, catalog, matches)
        if abs(a_fit.unmeasured - b_fit.unmeasured) < line_settings.min_area_evidence:
            continue
        # Rows rebuilt from blocks rest on their order alone: a reading competes only when the
        # catalog explains every row and every figure (a renamed row, or one read into its
        # neighbour's labels, is refused rather than published).
        readings += [(f"block reader ({mode}), {name}", _remapped(table, r))
                     for (name, _), table, table_fit, r in zip(orders, (a, b), (a_fit, b_fit), rebuilt)
                     if _explained(table, table_fit, catalog)]
    return readings


def _explained(table: RawTable, table_fit, catalog: Catalog) -> bool:
    """Whether every row spells a catalog row letter for letter (each once) and every figure
    stands where the catalog expects one."""
    if (table_fit.overfull or table_fit.overfull_rows or table_fit.off_cycle or table_fit.orphans
            or table_fit.unclaimed_pages or not table.rows):
        return False
    # Letter for letter and in the catalog's case: words a reading moved between rows ("onder de
    # Armoedegrens") do not pass.
    pairs = {(label_key(ind, keep_case=True), label_key(spec, keep_case=True))
             for entry in catalog.indicators for ind, spec in entry.labels()}
    seen: set[tuple[str, str]] = set()
    indicator = ""
    for row in table.rows:
        indicator = row.indicator or indicator
        key = (label_key(indicator, keep_case=True), label_key(row.specification, keep_case=True))
        if key not in pairs or key in seen:
            return False
        seen.add(key)
    return True


def _written_in_blocks(lines: list[str], settings: BlockSettings) -> bool:
    values = alone = 0
    for line in lines:
        words = line.split()
        figures = [w for w in words if is_value_token(w) and not _YEAR.match(w)]
        values += len(figures)
        alone += len(words) == 1 and len(figures) == 1
    return values >= settings.min_values and alone >= settings.min_alone_share * values


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
    return all(all(is_value_token(w) and not _YEAR.match(w) for w in line.split()) for line in block.lines)


def _header_words(block: _Block, patterns, settings: BlockSettings) -> list[str] | None:
    """The block's words when every one is a header word (a year, an area name or its part, an
    abbreviation, a label heading), else None."""
    words = [w for line in block.lines for w in line.split()]
    ok = all(_YEAR.match(w) or w in settings.header_words or any(p.match(w) for _, p in patterns) for w in words)
    return words if ok else None


def _rebuilt(lines: list[str], line_pages: list[int], order: list[str], scorer: TailScorer,
             settings: BlockSettings, line_settings: LineSettings) -> _Rebuilt | None:
    patterns = [(area, re.compile(p)) for area, p in settings.area_patterns]
    out = _Rebuilt([], [], [])
    by_page: dict[int, list[_Block]] = {}
    for block in _blocks(lines, line_pages):
        by_page.setdefault(block.page, []).append(block)
    rebuilt_any = False
    for page, blocks in by_page.items():
        header = [(k, _header_words(b, patterns, settings)) for k, b in enumerate(blocks)]
        header = [(k, words) for k, words in header if words is not None]
        years = sorted({int(w) for _, words in header for w in words if _YEAR.match(w)})
        named = {area for _, words in header for w in words for area, p in patterns if p.match(w)}
        first_values = next((k for k, b in enumerate(blocks) if _is_values(b)), None)
        if len(years) < 2 or not named or first_values is None:
            for block in blocks:
                out.add_block(block)
            continue
        columns = len(years) * len(order)
        header_at = {k for k, _ in header}
        start = min(header_at | {first_values})
        for block in blocks[:start]:
            out.add_block(block)
        first_line = blocks[start].sources[0]
        out.add("Indicator Specificatie " + " ".join(str(y) for y in years), page, [first_line])
        out.add(" ".join(order * len(years)), page, [first_line])
        # The page as label lines and bands of rows, in the text's order.
        items: list[tuple[str, list]] = []
        for k in range(start, len(blocks)):
            block = blocks[k]
            if k in header_at:
                continue
            kind = "rows" if _is_values(block) else "labels"
            if not items or items[-1][0] != kind:
                items.append((kind, []))
            items[-1][1].append(block)
        rebuilt_any |= any(kind == "rows" and len(group) > 1 for kind, group in items)
        _emit_page(out, items, columns, page, scorer, line_settings)
    return out if rebuilt_any else None


@dataclass
class _Entry:
    """A rebuilt line: a label line, or a row's values (with the source line of each)."""

    text: str
    origins: list[int]
    is_row: bool = False


def _emit_page(out: _Rebuilt, items: list[tuple[str, list]], columns: int, page: int, scorer: TailScorer,
               line_settings: LineSettings) -> None:
    """Label lines and rows in order; the label lines around a band of several rows are shared
    out over its rows where the catalog reads them best (a producer writes the labels of a band's
    later rows after it), each row's lines put before it as the line reader reads labels; an
    indicator column written apart goes back to its rows (``_placed_indicators``)."""
    entries: list[_Entry] = []
    pending: list[tuple[str, int]] = []  # label lines not yet given out: (text, source line)
    indicator = ""  # the indicator (a catalog key) the rows so far leave for the rows below
    consumed = -1  # the label item after a band is given out with the band
    for k, (kind, group) in enumerate(items):
        if k == consumed:
            continue
        if kind == "labels":
            pending += [(line, source) for block in group for line, source in zip(block.lines, block.sources)]
            continue
        rows = _band_rows(group, columns)
        following = items[k + 1][1] if k + 1 < len(items) and items[k + 1][0] == "labels" else []
        after = [(line, source) for block in following for line, source in zip(block.lines, block.sources)]
        tail = pending + after
        words = tuple(tuple(line.split()) for line, _ in tail)
        runs = [(0, len(pending))] + [(len(pending), len(pending))] * (len(rows) - 1)
        if len(rows) > 1 and tail and len(rows) * (len(tail) + 1) <= line_settings.max_tail_work:
            shared = scorer.share((), [()] * len(rows), words, line_settings.max_label_lines, indicator)
            runs = [(a, b) for a, b, _ in shared.runs]
            # A row the catalog does not read exactly with the lines it took gives back those
            # written after the band: they are the next row's (a row's own labels stand before).
            state = indicator
            for r, (a, b) in enumerate(runs):
                score, after_row = scorer.score(words[a:b], state)
                if score < 1 and b > len(pending):
                    runs[r] = (a, max(a, min(b, len(pending))))
                state = after_row if score >= 1 else state
        for a, b in runs:  # the indicator the rows below continue (a row not read exactly keeps it)
            score, after_row = scorer.score(words[a:b], indicator)
            indicator = after_row if score >= 1 else indicator
        taken = {j for a, b in runs for j in range(a, b)}
        # Lines before the first row's that no row took stay where they were (the row above's).
        first = runs[0][0] if runs else len(tail)
        entries += [_Entry(tail[j][0], [tail[j][1]]) for j in range(min(first, len(pending)))]
        for (a, b), row in zip(runs, rows):
            entries += [_Entry(tail[j][0], [tail[j][1]]) for j in range(a, b)]
            entries.append(_Entry(" ".join(w for w, _ in row), [source for _, source in row], is_row=True))
        # The rest of the tail (after the rows' lines, and any line skipped among them) follows
        # the band: the next row's labels.
        pending = [tail[j] for j in range(first, len(tail)) if j not in taken]
        if following:
            consumed = k + 1
    entries += [_Entry(line, [source]) for line, source in pending]
    for entry in _placed_indicators(entries, scorer):
        out.add(entry.text, page, entry.origins)


def _placed_indicators(entries: list[_Entry], scorer: TailScorer, longest: int = 6) -> list[_Entry]:
    """The page with an indicator column written apart put back: a run of label lines that spells
    two or more of the catalog's indicators one after the other, and nothing else, is the
    indicator cells of rows elsewhere on the page (a producer writes a cell spanning rows after
    the others). Each indicator goes, in order, before the label of the first row after the
    previous one's whose label is a specification the catalog pairs with it (or, for an
    indicator printed without specifications, the first row without a label of its own). An
    indicator no row takes stays where it was."""
    indicators = {ind for ind, _ in scorer.pairs if ind}
    specs_of: dict[str, set[str]] = {}
    for ind, spec in scorer.pairs:
        specs_of.setdefault(ind, set()).add(spec)
    keys = [label_key(e.text) for e in entries]
    # Find the runs: label lines between rows, and in them the longest series of whole indicators.
    chunks: list[tuple[str, list[int]]] = []  # (indicator key, entry indices), in text order
    k = 0
    while k < len(entries):
        if entries[k].is_row:
            k += 1
            continue
        end = k
        while end < len(entries) and not entries[end].is_row:
            end += 1
        best: list[tuple[str, list[int]]] = []
        for start in range(k, end):
            series: list[tuple[str, list[int]]] = []
            j = start
            while j < end:
                joined = ""
                match = None
                if not entries[j].text[:1].isupper():
                    break  # an indicator cell starts with a capital; this goes on a label above
                for n in range(j, min(end, j + longest)):
                    joined += keys[n]
                    if joined in indicators:
                        match = (joined, list(range(j, n + 1)))
                        break
                if match is None:
                    break
                series.append(match)
                j = match[1][-1] + 1
            if len(series) > len(best):
                best = series
        if len(best) >= 2:
            chunks += best
        k = end
    if not chunks:
        return entries
    moved = {n for _, lines in chunks for n in lines}
    rows = [n for n, e in enumerate(entries) if e.is_row]
    inline: dict[int, list[int]] = {}  # row entry -> the label lines right before it (not moved)
    previous = -1
    for n in rows:
        inline[n] = [m for m in range(previous + 1, n) if m not in moved]
        previous = n
    before: dict[int, list[int]] = {}  # row entry -> indicator lines to put before its label
    cursor = 0
    for indicator, lines in chunks:
        specs = specs_of.get(indicator, set())
        for r in range(cursor, len(rows)):
            label = "".join(keys[m] for m in inline[rows[r]])
            if (label and any(spec and _ends_in_start_of(label, spec) for spec in specs)) or (not label and "" in specs):
                before.setdefault(rows[r], []).extend(lines)
                cursor = r + 1
                break
        else:
            moved -= set(lines)  # no row takes it: it stays where it was
    # Each indicator before its row's own label lines.
    first_of_label = {inline[r][0] if inline[r] else r: r for r in before}
    result: list[_Entry] = []
    for n, entry in enumerate(entries):
        if n in first_of_label:
            result += [entries[m] for m in before[first_of_label[n]]]
        if n not in moved:
            result.append(entry)
    return result


def _ends_in_start_of(label: str, spec: str) -> bool:
    """Whether a row's label ends in the specification, or in its start when the label goes on
    past a page break ("Aandeel huishoudens onder de" / "armoedegrens")."""
    shortest = min(len(spec), 10)
    return any(label.endswith(spec[:t]) for t in range(len(spec), shortest - 1, -1))


def _band_rows(band: list[_Block], columns: int) -> list[list[tuple[str, int]]]:
    """A band of value blocks as its rows, each a list of (value, source line)."""
    segments: list[list[_Block]] = []
    for block in band:  # blocks of one height read together
        if segments and len(block.lines) == len(segments[-1][-1].lines):
            segments[-1].append(block)
        else:
            segments.append([block])
    rows: list[list[tuple[str, int]]] = []
    for segment in segments:
        height = len(segment[0].lines)
        if height == 1:  # cells left to right, row after row
            words = [(w, block.sources[0]) for block in segment for w in block.lines[0].split()]
            rows += [words[k:k + columns] for k in range(0, len(words), columns)]
        else:  # columns, top to bottom
            rows += [[(w, block.sources[j]) for block in segment for w in block.lines[j].split()]
                     for j in range(height)]
    return rows


def _remapped(table: RawTable, rebuilt: _Rebuilt) -> RawTable:
    """The reading with every line number pointing into the text as given: a cell to the line its
    value stands on, a row and a decision to the first line of what they were read from."""
    def source(line: int | None) -> int | None:
        return None if line is None else rebuilt.origins[line - 1][0] + 1

    rows = []
    for row in table.rows:
        cells: dict[int, RawCell] = {}
        taken: dict[int, int] = {}  # rebuilt line -> values of it placed so far (cells keep the line's order)
        for slot in sorted(row.cells):
            cell = row.cells[slot]
            line = cell.line
            if cell.printed and line is not None:
                origins = rebuilt.origins[line - 1]
                k = taken.get(line, 0)
                taken[line] = k + len(cell.printed.split())
                cells[slot] = replace(cell, line=origins[min(k, len(origins) - 1)] + 1)
            else:
                cells[slot] = replace(cell, line=source(line))
        rows.append(replace(row, cells=cells, line=source(row.line)))
    decisions = [replace(d, line=source(d.line)) for d in table.decisions]
    return RawTable(table.slots, rows, table.pages, decisions)

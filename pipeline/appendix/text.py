"""Reading the appendix table from a text edition.

A text extractor keeps the table's words but not its columns: rows are runs of label text and
value tokens, a spread's right page comes as paragraphs of values only, and rows can be ragged
(a cell printed empty leaves no token) or split (a value printed off its row's baseline lands on
a line of its own). Rows are rebuilt with the header's years and areas, the indicator catalog
(where the indicator label ends, how often a row is measured) and the row aligner; every choice
the text does not state is recorded as a ``Decision``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from pipeline.appendix.align import AlignSettings, align_row, describe, group_runs
from pipeline.appendix.fit import FitSettings, choose_reading, pages_named
from pipeline.appendix.page_break import completed_over_page_break, pages_at_repeated_headers, text_page_lines
from pipeline.appendix.fixed_width import positioned_pages
from pipeline.appendix.glyphs import glyph_lines_joined
from pipeline.appendix.markdown import markdown_laid_out
from pipeline.appendix.narrow_cells import narrow_cells_joined
from pipeline.appendix.paragraphs import paragraphs_joined
from pipeline.appendix.runs import runs_set_apart
from pipeline.appendix.grid import GridSettings, find_pages, readings
from pipeline.appendix.labels import join_label_lines
from pipeline.appendix.blocks import block_readings, header_pages, written_in_blocks, written_in_runs
from pipeline.appendix.lines import LineSettings, header_spans, read_lines
from pipeline.appendix.model import (DRAWN_RULE, LABEL_HEADINGS, Decision, RawCell, RawRow, RawTable, Slot, relined,
                                     relined_by_word)
from pipeline.catalog import Catalog, Indicator
from pipeline.errors import InputError
from pipeline.numbers import YEAR, is_value_token
from pipeline.sources import PAGE_NUMBER, TextEdition


@dataclass(frozen=True)
class TextTableSettings:
    area_patterns: tuple[tuple[str, str], ...] = (("NPLV", r"\bNPLV"), ("NL", r"\bNL\b"))
    label_headers: tuple[str, ...] = LABEL_HEADINGS
    # How many lines below the line of years the header may reach (wrapped area headers).
    header_reach: int = 60
    # Paragraphs one row's values may be split over.
    max_paragraphs_per_row: int = 3
    align: AlignSettings = field(default_factory=AlignSettings)


@dataclass
class _Segment:
    """One page of the table: its header (years and areas) and the body lines under it."""

    slots: list[Slot]
    labeled: bool
    page: int
    body: list[int]  # line indices (0-based)


@dataclass
class _Paragraph:
    tokens: list[tuple[str, int]]  # (token, line index)
    labels: list[tuple[str, int]]  # (raw label text, line index)
    soft_break_after: bool = False


@dataclass
class _TextRow:
    labels: list[tuple[str, int]]
    tokens: list[tuple[str, int]]
    paragraphs: int = 1


def read_text_edition(edition: TextEdition, catalog: Catalog, settings: TextTableSettings = TextTableSettings(),
                      grid: GridSettings = GridSettings(), fit_settings: FitSettings = FitSettings(),
                      line_settings: LineSettings = LineSettings()) -> RawTable:
    """Read the appendix of a text edition. Three readers compete: the paragraph reader below (an
    extractor that keeps words but not columns, a blank line between rows), the grid reader on
    the text as fixed-width columns (``pdftotext -layout``) and the line reader (an extractor that
    keeps the printed lines: pdfplumber, pypdfium2, ``pdftotext -raw``); the last two read the
    text rebuilt too (glyph lines or narrow cells joined, blocks put back in rows, Markdown tables
    laid out in columns, runs joined without spaces set apart). The reading the catalog fits best
    wins."""
    # Every reader reads the lines as given, numbered as given, each page's number and each
    # rule drawn in characters left out.
    lines, line_pages = without_rules(without_page_numbers(edition.lines, edition.line_pages)), edition.line_pages
    # A text that marks no page breaks is read with a page begun at each header the table repeats
    # (a row the break split reads as one); what is read names the pages as the text gives them.
    counted = None if edition.form_feeds else pages_at_repeated_headers(lines, line_pages)
    if counted is not None:
        line_pages = counted.line_pages
    named: list[tuple[str, RawTable]] = []
    refusal: InputError | None = None
    try:
        named.append(("paragraph reader", read_text_appendix(edition, catalog, settings, lines)))
    except InputError as exc:
        refusal = exc
    named += [(f"fixed-width grid reader, labels {alignment}", table)
              for alignment, table in _fixed_width_readings(lines, line_pages, catalog, grid)]
    named += read_lines(lines, line_pages, catalog, line_settings)
    joined = glyph_lines_joined(lines, line_pages)
    if joined:
        named += [(f"{name}; lines of a few glyphs joined", relined(table, joined.origins))
                  for name, table in read_lines(joined.lines, joined.line_pages, catalog, line_settings)]
    narrow = narrow_cells_joined(lines, line_pages, line_settings=line_settings)
    if narrow:
        for name, table in read_lines(narrow.lines, narrow.line_pages, catalog, line_settings):
            read = relined(table, narrow.origins)
            named.append((f"{name}; cells wrapped in narrow columns joined",
                          replace(read, decisions=read.decisions + narrow.decisions)))
    apart = runs_set_apart(lines)
    if apart:  # line for line: its readings point into the text as given
        named += [(f"{name}; runs joined without spaces set apart", table)
                  for name, table in read_lines(apart, line_pages, catalog, line_settings)]
    from_blocks = block_readings(lines, line_pages, catalog, line_settings=line_settings)
    named += from_blocks
    # Most values alone on a line may be a row written a cell a line, a paragraph (MuPDF).
    in_blocks = written_in_blocks(lines)
    paragraphs = paragraphs_joined(lines, line_pages) if in_blocks else None
    if paragraphs:
        named += [(f"{name}; each paragraph's lines joined", relined_by_word(table, paragraphs.origins))
                  for name, table in read_lines(paragraphs.lines, paragraphs.line_pages, catalog, line_settings)]
    markdown = markdown_laid_out(lines, line_pages)
    if markdown:
        named += [(f"fixed-width grid reader on the Markdown laid out, labels {alignment}",
                   relined(table, markdown.origins, markdown.pages))
                  for alignment, table in _fixed_width_readings(markdown.lines, markdown.line_pages, catalog, grid)]
        named += [(f"{name}; Markdown laid out", relined(table, markdown.origins, markdown.pages))
                  for name, table in read_lines(markdown.lines, markdown.line_pages, catalog, line_settings)]
    try:
        if not named:
            assert refusal is not None
            raise refusal
        named = completed_over_page_break(named, text_page_lines(lines, line_pages), catalog)
        table = choose_reading(named, catalog, edition.path, fit_settings, counted.given if counted else None)
        return table if counted is None else counted.as_given(table)
    except InputError as exc:
        if not from_blocks and (in_blocks or written_in_runs(lines)):
            reason = exc.reason
            # No reader found a header, but the text's blocks hold one: the appendix is there,
            # written in an order no reader rebuilt (not "no appendix found").
            found = header_pages(lines, line_pages) if not named else []
            if found:
                given = counted.given if counted else None
                pages = pages_named(sorted({given[p] for p in found}) if given else found)
                reason = f"the appendix header was found on {pages} but no reader rebuilt its rows"
            raise InputError(edition.path, f"{reason}; the text is written block by block (values alone or a few "
                                           "on a line, as pdftotext writes without -layout) and no rebuilt reading "
                                           "of it spells the catalog's rows: read the PDF, or its text from "
                                           "pdftotext -layout"
                             ) from exc
        raise


def without_rules(lines: list[str]) -> list[str]:
    """The lines with the rules a text table draws in characters left out (their lines kept,
    empty): a line of runs of dashes, equals signs and pluses only (pandoc's plain text, "-----
    ------", tabulate's "+-----+=====+"). A rule is no label text; a cell's dash is one character.
    A Markdown table's delimiter row ("|---|") has its bars, and stays for the Markdown reader."""
    rules = {k for k, line in enumerate(lines) if line.strip() and all(DRAWN_RULE.fullmatch(w) for w in line.split())}
    return [("" if k in rules else line) for k, line in enumerate(lines)] if rules else lines


def without_page_numbers(lines: list[str], line_pages: list[int]) -> list[str]:
    """The lines with each page's number left out (its line kept, empty): a page's first or last
    line that holds a number alone, as a document's footer or header prints it; and a number
    alone anywhere on its page, a paragraph of its own, where the pages' numbers count up with
    the pages, on two pages or more (poppler writes the footer amid the cells it orders after
    it). No figure of the table is a whole number alone, nor does a row's label end a page with
    one (a year, "2015", ends a label line: four digits are no page's number)."""
    ends: dict[int, list[int]] = {}
    for k, line in enumerate(lines):
        if line.strip():
            ends.setdefault(line_pages[k], [k, k])[1] = k
    numbers = {k for first, last in ends.values() for k in (first, last) if PAGE_NUMBER.match(lines[k].strip())}
    # A number alone, as a paragraph of its own, counts up with its page when it is the page's
    # plus one offset that the numbers of two pages or more share, one on each. (A narrow cell
    # breaks a figure into digits a line: "4" / "2.0" / "9" / "%", never a paragraph each.)
    def apart(k: int) -> bool:
        return all(not (0 <= j < len(lines)) or not lines[j].strip() for j in (k - 1, k + 1))

    offsets: dict[int, dict[int, list[int]]] = {}  # offset -> page -> lines
    for k, line in enumerate(lines):
        if (number := PAGE_NUMBER.match(line.strip())) and apart(k):
            offsets.setdefault(int(number[1]) - line_pages[k], {}).setdefault(line_pages[k], []).append(k)
    counting = max(offsets.values(), key=len, default={})
    if len(counting) >= 2 and all(len(found) == 1 for found in counting.values()):
        numbers |= {found[0] for found in counting.values()}
    return [("" if k in numbers else line) for k, line in enumerate(lines)] if numbers else lines


def _fixed_width_readings(lines: list[str], line_pages: list[int], catalog: Catalog,
                          grid: GridSettings) -> list[tuple[str, RawTable]]:
    """The grid reader's readings (label alignment, table) of the pages laid out in fixed-width
    columns."""
    patterns = [re.compile(p) for _, p in grid.area_patterns]
    found = find_pages(positioned_pages(lines, line_pages, patterns), grid)
    return [(r.alignment.name, r.table) for r in readings(found, catalog, grid)]


def read_text_appendix(
    edition: TextEdition, catalog: Catalog, settings: TextTableSettings = TextTableSettings(),
    lines: list[str] | None = None,
) -> RawTable:
    """The paragraph reader, of ``lines`` (the edition's, each page's number left out, when not
    given)."""
    if lines is None:
        lines = without_page_numbers(edition.lines, edition.line_pages)
    patterns = [(area, re.compile(p)) for area, p in settings.area_patterns]
    found = _find_segments(lines, edition.line_pages, patterns, settings)
    if not found and written_in_blocks(lines):  # a value a line: the line reader cannot read it
        found = _segments_under_headers(lines, edition.line_pages, settings)
    spreads = _spreads(found)
    segments = [segment for spread in spreads for segment in spread]
    if not segments:
        raise InputError(
            edition.path,
            "no statistical appendix found (no line of years followed by area column headers and row labels)",
        )
    slots: list[Slot] = []
    for segment in segments:
        slots += [s for s in segment.slots if s not in slots]
    decisions: list[Decision] = []
    rows: list[RawRow] = []
    entries: list[Indicator | None] = []
    spread_start = 0
    # An extractor that ends a line inside a word without a space and after a word with one (the
    # edition's own text) marks word ends; one that ends no line in a space (MuPDF) does not.
    marks_word_ends = any(line.endswith(" ") for line in lines)
    by_label: dict[tuple, list[int]] = {}  # the rows of each label, for a spread's part that repeats them
    above = _Above()  # the row read last (in a part that repeats the labels: that part's) and its indicator
    for segment in segments:
        slot_ids = [slots.index(s) for s in segment.slots]
        paragraphs = _paragraphs(lines, segment.body)
        if segment.labeled:
            spread_start = len(rows)  # a new spread: its value pages belong to its own rows
            start = len(rows)
            read = 0
            for text_row in _labeled_rows(paragraphs, len(slot_ids)):
                read += 1
                row, entry = _new_row(text_row, above, catalog, edition, marks_word_ends)
                same = next((k for k in by_label.get(_label_key(row, entry), ()) if k < start
                             and not set(rows[k].cells) & set(slot_ids)), None)
                if same is not None:  # the next part of a spread, its labels repeated
                    above = above.below(rows[same])
                    _place(rows[same], same, text_row, slots, slot_ids, entries[same], decisions, edition, settings)
                    continue
                above = above.below(row)
                by_label.setdefault(_label_key(row, entry), []).append(len(rows))
                rows.append(row)
                entries.append(entry)
                _place(row, len(rows) - 1, text_row, slots, slot_ids, entry, decisions, edition, settings)
            if not read:
                raise InputError(edition.path, "the appendix header was found but no table rows under it")
        else:
            for paragraph in paragraphs:  # a page of values only: words are out of place here
                for text, line in paragraph.labels:
                    decisions.append(Decision(
                        "stray_text", None, edition.line_pages[line], line + 1,
                        f"text {text.strip()!r} among the values of a page without labels", text=text.strip(),
                    ))
            groups, leftover = _group_paragraphs(paragraphs, rows[spread_start:], entries[spread_start:], slots,
                                                 slot_ids, settings)
            for paragraph in leftover:
                line = paragraph.tokens[0][1] if paragraph.tokens else None
                decisions.append(
                    Decision(
                        "stray_text", None, edition.line_pages[line] if line is not None else None,
                        None if line is None else line + 1,
                        f"values {' '.join(t for t, _ in paragraph.tokens)!r} belong to no row",
                        text=" ".join(t for t, _ in paragraph.tokens),
                    )
                )
            for index, text_row in enumerate(groups, start=spread_start):
                _place(rows[index], index, text_row, slots, slot_ids, entries[index], decisions, edition, settings)
    pages = sorted({edition.line_pages[s.body[0]] for s in segments if s.body})
    return RawTable(slots, rows, pages, decisions)


def _label_key(row: RawRow, entry: Indicator | None) -> tuple:
    """What makes two rows of a spread's parts the same row: the catalog entry, or the labels."""
    return ("entry", entry.id) if entry is not None else ("labels", row.indicator, row.specification)


def _find_segments(lines, line_pages, patterns, settings) -> list[_Segment]:
    segments: list[_Segment] = []

    @lru_cache(maxsize=None)
    def facts(k: int) -> tuple[list[str], bool, bool]:
        """Line ``k``'s area names in order, whether it holds values, whether it holds a year."""
        words = lines[k].split()
        found = sorted((m.start(), area) for area, p in patterns for m in p.finditer(lines[k]))
        return ([area for _, area in found], any(is_value_token(w) for w in words),
                any(YEAR.match(w) for w in words))

    i = 0
    while i < len(lines):
        words = lines[i].split()
        if not words or not all(YEAR.match(w) for w in words):
            i += 1
            continue
        years = [int(w) for w in words]
        areas: list[str] = []
        labeled = False
        j = i + 1
        header_end = None
        # Header paragraphs name areas and carry no values; the body starts after them. Each
        # line's facts are found once and a paragraph is given up at its first line of values or
        # years, so a text of many lines of years costs a pass, not a pass per line.
        while j < len(lines) and j <= i + settings.header_reach:
            if not lines[j].strip():
                j += 1
                continue
            found: list[str] = []
            paragraph_end = j
            while paragraph_end < len(lines) and lines[paragraph_end].strip():
                line_areas, has_values, has_year = facts(paragraph_end)
                # Years among the area names: a one-level header ("2018 NL"), not areas under a
                # line of years; a paragraph longer than the header's reach is no header's.
                if has_values or has_year or paragraph_end > i + 2 * settings.header_reach:
                    found = []
                    break
                found += line_areas
                paragraph_end += 1
            if not found:
                break
            areas += found
            labeled = labeled or any(h in lines[k].split() for k in range(j, paragraph_end) for h in settings.label_headers)
            header_end = paragraph_end
            j = paragraph_end
        if header_end is None or not areas or len(areas) % len(years):
            i += 1
            continue
        per_year = len(areas) // len(years)
        slots = [Slot(year, areas[k * per_year + a]) for k, year in enumerate(years) for a in range(per_year)]
        if len(set(slots)) != len(slots):  # more years than the line of years names ("2018 NL" cells)
            i += 1
            continue
        body = _body(lines, line_pages, header_end, len(lines), len(slots), patterns)
        segments.append(_Segment(slots, labeled, line_pages[body[-1] if body else i], body))
        i = body[-1] + 1 if body else header_end
    return segments


def _body(lines: list[str], line_pages: list[int], start: int, stop: int, columns: int, patterns) -> list[int]:
    """The lines under a header, to the end of its page or of the pages that go on with it."""
    body: list[int] = []
    page = line_pages[start] if start < len(lines) else None
    for k in range(start, stop):
        if line_pages[k] != page:
            if not _goes_on(lines, k, line_pages, columns, patterns):
                break
            page = line_pages[k]  # the table goes on without its header repeated
        body.append(k)
    return body


def _goes_on(lines: list[str], start: int, line_pages: list[int], columns: int, patterns) -> bool:
    """Whether the page from line ``start`` goes on with the table above it (a producer that
    repeats no header): its first paragraph names no area and no line of years, and holds a row's
    figures, at least half the columns (prose quotes a figure or two)."""
    figures = 0
    for j in range(start, len(lines)):
        words = lines[j].split()
        if line_pages[j] != line_pages[start] or (not words and figures):
            break
        if any(p.search(lines[j]) for _, p in patterns) or (words and all(YEAR.match(w) for w in words)):
            return False
        figures += sum(1 for w in words if is_value_token(w))
    return figures >= max(2, columns // 2)


def _segments_under_headers(lines: list[str], line_pages: list[int], settings: TextTableSettings) -> list[_Segment]:
    """The pages of the table under headers as the line reader finds them (a cell a line, one
    level: "2018" / "NPLV" / "2018 NL"), for a text written a value a line (MuPDF) where no line
    of years alone starts one."""
    patterns = [(area, re.compile(p)) for area, p in settings.area_patterns]
    spans = header_spans(lines, line_pages=line_pages)
    segments = []
    for k, (first, end, slots) in enumerate(spans):
        stop = spans[k + 1][0] if k + 1 < len(spans) else len(lines)
        above = lines[max(0, first - len(settings.label_headers)):end]
        labeled = any(h in line.split() for line in above for h in settings.label_headers)
        body = _body(lines, line_pages, end, stop, len(slots), patterns)
        segments.append(_Segment(slots, labeled, line_pages[body[-1] if body else first], body))
    return segments


def _spreads(segments: list[_Segment]) -> list[list[_Segment]]:
    """The table's spreads: each labelled segment with the unlabelled segments on the pages right
    after it. A table may run on over several spreads; a values-only page that follows no
    labelled page belongs to no spread."""
    spreads: list[list[_Segment]] = []
    for segment in segments:
        if segment.labeled:
            spreads.append([segment])
        elif spreads and segment.page == spreads[-1][-1].page + 1:
            spreads[-1].append(segment)
    return spreads


def _paragraphs(lines, body) -> list[_Paragraph]:
    paragraphs: list[_Paragraph] = []
    current: _Paragraph | None = None
    for index in body:
        raw = lines[index]
        if not raw.strip():
            if current is not None:
                # A line holding only whitespace is what the extractor left for a value printed
                # off its row's baseline: a weaker break than an empty line.
                current.soft_break_after = current.soft_break_after or raw != ""
                paragraphs.append(current)
                current = None
            elif paragraphs and raw != "":
                paragraphs[-1].soft_break_after = True
            continue
        if current is None:
            current = _Paragraph([], [])
        words = raw.split()
        split = len(words)
        while split > 0 and is_value_token(words[split - 1]):
            split -= 1
        if split:
            label = raw.rstrip("\n")
            if split < len(words):  # label followed by values: the label ends at a word boundary
                label = " ".join(words[:split]) + " "
            current.labels.append((label, index))
        current.tokens += [(w, index) for w in words[split:]]
    if current is not None:
        paragraphs.append(current)
    return paragraphs


def _labeled_rows(paragraphs: list[_Paragraph], width: int) -> list[_TextRow]:
    """Rows of a labelled segment: label text accumulates until values end the row."""
    rows: list[_TextRow] = []
    pending: list[tuple[str, int]] = []
    for paragraph in paragraphs:
        lines_in_order = sorted(
            [(i, "label", t) for t, i in paragraph.labels] + [(i, "value", t) for t, i in paragraph.tokens],
            key=lambda item: (item[0], item[1] == "value"),
        )
        for index, kind, text in lines_in_order:
            if kind == "label":
                pending.append((text, index))
                continue
            if pending:
                rows.append(_TextRow(pending, [(text, index)]))
                pending = []
            elif rows and rows[-1].tokens and rows[-1].tokens[-1][1] == index:
                rows[-1].tokens.append((text, index))
            elif rows and len(rows[-1].tokens) < width:
                rows[-1].tokens.append((text, index))
                rows[-1].paragraphs += 1 if rows[-1].tokens[-2][1] != index else 0
            else:
                rows.append(_TextRow([], [(text, index)]))
    if pending:
        rows.append(_TextRow(pending, []))
    return rows


@dataclass(frozen=True)
class _Above:
    """The row read just above the next one, and the indicator it continues (its own or above)."""

    row: RawRow | None = None
    indicator: str | None = None

    def below(self, row: RawRow) -> _Above:
        return _Above(row, row.indicator or self.indicator)


def _new_row(text_row: _TextRow, above: _Above, catalog: Catalog, edition: TextEdition, marks_word_ends: bool):
    lines = [t for t, _ in text_row.labels]
    label = join_label_lines(lines, trailing_space_marks_word_end=marks_word_ends, vocabulary=catalog.vocabulary)
    previous_entry = catalog.by_id(above.row.indicator_id) if above.row and above.row.indicator_id else None
    match = catalog.match_text(label, above.indicator, previous_entry)
    if match.entry is None and not match.specification:
        # A row the catalog does not know: its label cells a line or more each (MuPDF), the
        # specification's starting with a capital where the indicator's last line did not break a word.
        cut = next((k for k in range(1, len(lines)) if lines[k].strip()[:1].isupper()
                    and not lines[k - 1].rstrip().endswith("-")), None)
        if cut is not None:
            indicator, specification = (join_label_lines(part, trailing_space_marks_word_end=marks_word_ends,
                                                         vocabulary=catalog.vocabulary)
                                        for part in (lines[:cut], lines[cut:]))
            match = replace(match, indicator=indicator, specification=specification)
    first_line = (text_row.labels or text_row.tokens)[0][1]
    row = RawRow(
        indicator=match.indicator,
        specification=match.specification,
        page=edition.line_pages[first_line],
        line=first_line + 1,
        indicator_id=match.entry.id if match.entry else None,
    )
    return row, match.entry


def _place(row, row_index, text_row, slots, slot_ids, entry, decisions, edition, settings) -> None:
    tokens = [t for t, _ in text_row.tokens]
    token_lines = [i for _, i in text_row.tokens]
    first_line = token_lines[0] if token_lines else (row.line or 1) - 1
    page = edition.line_pages[first_line]
    if len(tokens) > len(slot_ids):
        extra = tokens[len(slot_ids) :]
        decisions.append(
            Decision(
                "overfull_row", row_index, page, first_line + 1,
                f"{len(tokens)} values for {len(slot_ids)} columns; the last {len(extra)} "
                f"({' '.join(extra)}) have no column",
            )
        )
        tokens, token_lines = tokens[: len(slot_ids)], token_lines[: len(slot_ids)]
    if text_row.paragraphs > 1:
        decisions.append(
            Decision(
                "split_row", row_index, page, first_line + 1,
                f"values printed over {text_row.paragraphs} paragraphs "
                f"(lines {', '.join(str(i + 1) for i in sorted(set(token_lines)))}) read as one row",
            )
        )
    placement_slots = tuple(slot_ids[: len(tokens)])
    if 0 < len(tokens) < len(slot_ids):
        context = {s: c.printed for s, c in row.cells.items()}
        alignment = align_row(tokens, slots, slot_ids, context, entry, settings.align)
        placement_slots = alignment.best.slots
        margin = alignment.margin
        decisions.append(
            Decision(
                "ragged_row", row_index, page, first_line + 1,
                f"{len(tokens)} values for {len(slot_ids)} columns; placed where the series and the "
                f"measurement cycle fit best",
                chosen=describe(alignment.best, slots, tokens, slot_ids),
                alternatives=tuple(describe(a, slots, tokens, slot_ids) for a in alignment.alternatives),
                cost=alignment.best.cost,
                margin=margin,
                ambiguous=margin is not None and margin < settings.align.ambiguity_margin,
            )
        )
    elif not tokens:
        decisions.append(Decision("empty_row", row_index, page, first_line + 1, "no values printed for this row"))
    for slot, token, line in zip(placement_slots, tokens, token_lines):
        row.cells[slot] = RawCell(token, edition.line_pages[line], None, line + 1)
    for slot in slot_ids:
        if slot not in row.cells:
            row.cells[slot] = RawCell("", page, None, first_line + 1)


def _group_paragraphs(
    paragraphs, rows, entries, slots, slot_ids, settings
) -> tuple[list[_TextRow], list[_Paragraph]]:
    """Share a values-only segment's paragraphs out over the rows, in order (``group_runs``: a
    row may be split over several paragraphs, a whitespace-only line hinting at a split). A page
    written a value a line without blank lines (pypdf's and PyMuPDF's plain text of a spread's
    part without labels) is one paragraph of many rows' values: its lines are shared out
    instead, a row taking as many as it has columns."""
    a_value_each = any(len(p.tokens) > len(slot_ids) for p in paragraphs)
    if a_value_each:
        paragraphs = [_Paragraph([token], []) for p in paragraphs for token in p.tokens]
    groups, end = group_runs([[t for t, _ in p.tokens] for p in paragraphs], [p.soft_break_after for p in paragraphs],
                             [{s: c.printed for s, c in row.cells.items()} for row in rows], entries, slots, slot_ids,
                             settings.align, settings.max_paragraphs_per_row, a_value_each)
    text_rows = [_TextRow([], [t for k in group for t in paragraphs[k].tokens], max(len(group), 1)) for group in groups]
    return text_rows, paragraphs[end:]

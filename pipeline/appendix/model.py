"""What an appendix reader hands on: rows of printed cells with their provenance.

Both readers (PDF and text edition) produce a ``RawTable``; ``cells.py`` turns it into the tidy
cells frame. Keeping one intermediate form means one place for continuation, catalog matching
and value parsing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points from the page's top

# The words of the area names a narrow heading breaks over lines ("NPLV-" / "gebieden",
# "Nederla" / "nd"): what a piece of a broken name may be a piece of.
AREA_NAME_WORDS = ("gebieden", "nederland")
# The headings of the table's label columns.
LABEL_HEADINGS = ("Indicator", "Specificatie")
# What an area heading may print before the area's name ("Gem. NL"), whole or cut short.
AREA_NAME_PREFIXES = ("Gem.", "Gem")
# A piece of a rule a table draws in characters (pandoc's plain text "------", tabulate's
# "+----+===+"): no label text, and no cell's, whose dash is one character.
DRAWN_RULE = re.compile(r"[-=+:~_]{3,}")


def is_label_heading_start(word: str, headings: tuple[str, ...] = LABEL_HEADINGS) -> bool:
    """Whether the word is a label column's heading, or its start where a narrow cell broke it
    ("Indicato" / "r", "Specific" / "atie"): three letters or more."""
    return len(word) >= 3 and any(heading.startswith(word) for heading in headings)


def is_area_name_piece(word: str, names: tuple[str, ...] = AREA_NAME_WORDS) -> bool:
    """Whether the word is a piece of an area name a narrow header cell broke ("gebie", "den",
    "erla"): in lower case, within one of ``names``."""
    return word.islower() and any(word in name for name in names)


def is_area_name_start(word: str, names: tuple[str, ...] = AREA_NAME_WORDS) -> bool:
    """Whether the word is an area name's start but not the whole name ("Nederlan", "Neder"): a
    narrow header cell broke the name after it."""
    key = word.lower()
    return any(name.startswith(key) and name != key for name in names)


@dataclass(frozen=True)
class Slot:
    """One value column of the table: a year and an area."""

    year: int
    area: str


@dataclass
class RawCell:
    printed: str
    page: int
    bbox: BBox | None = None
    line: int | None = None


@dataclass
class RawRow:
    indicator: str  # "" when the printed Indicator cell is blank (continues the row above)
    specification: str
    page: int
    cells: dict[int, RawCell] = field(default_factory=dict)  # slot index -> cell
    label_bbox: BBox | None = None
    line: int | None = None
    indicator_id: str | None = None  # set by a reader that already matched the catalog


@dataclass(frozen=True)
class Decision:
    """A choice a reader made that the document did not state: recorded, never hidden.

    ``kind`` is e.g. "ragged_row" (fewer values than columns: where the gaps go),
    "split_row" (a row's values printed over several paragraphs), "overfull_row",
    "overfull_cell", "wrapped_cell" (a unit wrapped below its figure, read with it), "stray_text".
    """

    kind: str
    row: int | None  # index into RawTable.rows
    page: int | None
    line: int | None
    message: str
    chosen: str = ""
    alternatives: tuple[str, ...] = ()
    cost: float | None = None
    margin: float | None = None  # how much better the choice is than the runner-up
    ambiguous: bool = False
    text: str = ""  # the input text the decision is about ("stray_text": the words no cell took)
    # "stray_text": left among the rows' label lines (no row took it), not before or after the
    # table's rows (a heading, a footnote)
    among_rows: bool = False


@dataclass
class RawTable:
    slots: list[Slot]
    rows: list[RawRow]
    pages: list[int]
    decisions: list[Decision] = field(default_factory=list)


def relined(table: RawTable, origins: list[int], pages: dict[int, int] | None = None) -> RawTable:
    """A reading of a text rebuilt from another (values set apart, glyph lines joined) with every
    line number pointing into the text as given: ``origins`` holds, per rebuilt line, its line
    in the given text (0-based); ``pages``, where the rebuilt text has pages of its own, the
    given text's page of each."""
    def source(line: int | None) -> int | None:
        return None if line is None else origins[line - 1] + 1

    def page(number: int | None) -> int | None:
        return number if pages is None or number is None else pages[number]

    rows = [replace(row, line=source(row.line), page=page(row.page),
                    cells={slot: replace(cell, line=source(cell.line), page=page(cell.page))
                           for slot, cell in row.cells.items()})
            for row in table.rows]
    return replace(table, rows=rows, pages=table.pages if pages is None else sorted({pages[p] for p in table.pages}),
                   decisions=[replace(d, line=source(d.line), page=page(d.page)) for d in table.decisions])


def relined_by_word(table: RawTable, origins: list[list[int]]) -> RawTable:
    """A reading of a text rebuilt from another, its words moved between lines (a row's cells
    joined from the lines they stood on), with every line number pointing into the text as
    given: a cell to the line its value stands on, a row and a decision to the first line of
    what they were read from. ``origins`` holds, per rebuilt line, the given text's line
    (0-based) of each of its values in order (of the line it begins on, where it holds none)."""
    def source(line: int | None) -> int | None:
        return None if line is None else origins[line - 1][0] + 1

    rows = []
    for row in table.rows:
        cells: dict[int, RawCell] = {}
        taken: dict[int, int] = {}  # rebuilt line -> values of it placed so far (cells keep the line's order)
        for slot in sorted(row.cells):
            cell = row.cells[slot]
            line = cell.line
            if cell.printed and line is not None:
                words = origins[line - 1]
                k = taken.get(line, 0)
                taken[line] = k + len(cell.printed.split())
                cells[slot] = replace(cell, line=words[min(k, len(words) - 1)] + 1)
            else:
                cells[slot] = replace(cell, line=source(line))
        rows.append(replace(row, cells=cells, line=source(row.line)))
    decisions = [replace(d, line=source(d.line)) for d in table.decisions]
    return RawTable(table.slots, rows, table.pages, decisions)

"""Rows a narrow table wrapped cell by cell, joined back into lines.

A word processor's table whose value columns are too narrow for a figure wraps it in its cell
("60.35" over "%"). Read in content order (pypdfium2, ``pdftotext -raw``, pypdf: Writer writes a
row's cells one after the other), such a row comes a few cells a line: "60.35" / "%" / "14.11" /
"%" / "– – 54.16" / "%" ... A unit alone on a line completes the figure that ends the line above
when the two read as one value, and a line of values takes the lines of values right after it
as long as each line before the next ends in such a figure (the producer breaks a row's line
only where a cell wrapped) and the row does not outgrow its header's columns. The line reader
reads the result as one more text, each joined line keeping the text line it begins on, with a
``wrapped_cell`` or ``split_row`` decision for every join.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.appendix.lines import LineSettings, header_spans
from pipeline.appendix.model import Decision
from pipeline.numbers import WRAPPED_PIECE, figure_with_piece, is_value_token

__all__ = ["NarrowCellSettings", "Rejoined", "narrow_cells_joined"]


@dataclass(frozen=True)
class NarrowCellSettings:
    # A text is rebuilt only where at least this many figures wrapped their unit onto a line of
    # its own (one such line is the line reader's own case: ``lines._wrapped_units``).
    min_units: int = 4


@dataclass
class Rejoined:
    lines: list[str] = field(default_factory=list)
    line_pages: list[int] = field(default_factory=list)
    origins: list[int] = field(default_factory=list)  # per joined line: the text line it begins on (0-based)
    decisions: list[Decision] = field(default_factory=list)
    # The lines whose last figure took its unit from the line below: a row goes on after them
    # (the producer broke the line where a cell wrapped), and ends after any other.
    wrapped_ends: set[int] = field(default_factory=set)


def narrow_cells_joined(lines: list[str], line_pages: list[int], settings: NarrowCellSettings = NarrowCellSettings(),
                        line_settings: LineSettings = LineSettings()) -> Rejoined | None:
    """The text with wrapped units and rows written over several lines joined; None when fewer
    than ``min_units`` units were joined."""
    units = _units_joined(lines, line_pages)
    if units is None or sum(d.kind == "wrapped_cell" for d in units.decisions) < settings.min_units:
        return None
    return _rows_joined(units, line_settings)


def _units_joined(lines: list[str], line_pages: list[int]) -> Rejoined | None:
    out = Rejoined()
    for k, line in enumerate(lines):
        words = line.split()
        if (len(words) == 1 and WRAPPED_PIECE.match(words[0]) and out.lines
                and out.line_pages[-1] == line_pages[k]):
            above = out.lines[-1].split()
            value = figure_with_piece(above[-1], words[0]) if above and above[-1][:1].isdigit() else None
            if value is not None:
                out.lines[-1] = " ".join(above[:-1] + [value])
                out.wrapped_ends.add(len(out.lines) - 1)
                out.decisions.append(Decision(
                    "wrapped_cell", None, line_pages[k], out.origins[-1] + 1,
                    f"{above[-1]!r} and the {words[0]!r} on line {k + 1} read as one cell {value!r} "
                    "(a value wrapped in a narrow cell)"))
                continue
        out.lines.append(line)
        out.line_pages.append(line_pages[k])
        out.origins.append(k)
    return out


def _values_at_end(line: str) -> int:
    words = line.split()
    n = 0
    while n < len(words) and is_value_token(words[-1 - n]):
        n += 1
    return n


def _rows_joined(text: Rejoined, line_settings: LineSettings) -> Rejoined:
    """Under each header, a line of values joined with the lines of values after it while each
    line before the next ends in a wrapped figure (no label line between them) and together they
    hold no more values than the header has columns (fewer: a ragged row, which the reader
    aligns). A line of whole figures ends its row, and so does a wrapped figure the next line's
    values would overflow (a spread's part without labels: the next row follows at once)."""
    out = Rejoined(decisions=list(text.decisions))
    spans = header_spans(text.lines, line_settings, text.line_pages)
    ends = [first for first, _, _ in spans[1:]] + [len(text.lines)]
    columns_at: dict[int, tuple[int, int]] = {}  # a header's first body line -> (its columns, where it ends)
    for (_, end, slots), stop in zip(spans, ends):
        columns_at[end] = (len(slots), stop)
    k, columns, stop = 0, 0, 0
    while k < len(text.lines):
        if k in columns_at:
            columns, stop = columns_at[k]
        page = text.line_pages[k]
        total = _values_at_end(text.lines[k]) if k < stop else 0
        j = k + 1
        while (total and j - 1 in text.wrapped_ends and j < stop and text.line_pages[j] == page
               and text.lines[j].split() and _values_at_end(text.lines[j]) == len(text.lines[j].split())
               and total + _values_at_end(text.lines[j]) <= columns):
            total += _values_at_end(text.lines[j])
            j += 1
        if j > k + 1:
            out.decisions.append(Decision(
                "split_row", None, page, text.origins[k] + 1,
                f"the values on lines {text.origins[k] + 1}-{text.origins[j - 1] + 1} read as one row "
                "(its cells wrapped in narrow columns, written a few a line)"))
            out.lines.append(" ".join(text.lines[k:j]))
            out.line_pages.append(page)
            out.origins.append(text.origins[k])
        else:
            for m in range(k, j):
                out.lines.append(text.lines[m])
                out.line_pages.append(text.line_pages[m])
                out.origins.append(text.origins[m])
        k = j
    return out

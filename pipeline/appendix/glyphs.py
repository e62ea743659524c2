"""Text written a few glyphs a line, joined back into rows.

Some extractors break a page's text at every glyph they see placed on its own: pypdfium2 on a
page WebKit (wkhtmltopdf) shrank to fit writes "W", "o", "nin", "g", "e", "n" a line each, and
"4", "2.0", "9", "%" for 42.09%. Such a line break is no word end and no row end: the lines of
such a run are joined as one text, and the text is cut into rows where a figure ends and label
text begins ("...Onveiligheid42.09%7.81%––" then "Jongeren..."), each row a line of label text
and its figures set apart, for the line reader. Word spaces the extractor left out stay out (the
catalog spells such labels: ``pipeline.catalog.spelled_as``). Where a lower-case letter runs into
a capital, one label cell's end may run into the next one's start ("...OnveiligheidJongeren..."):
the row's text is broken into lines there, and the line reader gives each line to the row the
catalog reads it with. Every joined line keeps the text line it begins on, so cells point into
the text as given.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate

from pipeline.numbers import GLUED_FIGURES

__all__ = ["GlyphSettings", "Joined", "glyph_lines_joined"]


@dataclass(frozen=True)
class GlyphSettings:
    # A line of at most this many characters (spaces not counted) is a piece the extractor broke
    # off a word or figure ...
    max_piece_chars: int = 3
    # ... and a run of at least this many such pieces, with no blank line and at most
    # ``max_gap`` other lines between two of them, was written a few glyphs a line ...
    min_pieces: int = 12
    max_gap: int = 2
    # ... where words and figures both were broken: this many of its pieces hold a lower-case
    # letter and this many a digit or a unit alone (a table's cells never do: a column of
    # dashes, "VWO" or "31%" written a cell a line is no such run).
    min_broken: int = 4


@dataclass(frozen=True)
class Joined:
    lines: list[str]
    line_pages: list[int]
    origins: list[int]  # per joined line: the line of the text it begins on (0-based)


def glyph_lines_joined(lines: list[str], line_pages: list[int],
                       settings: GlyphSettings = GlyphSettings()) -> Joined | None:
    """The text with every run written a few glyphs a line joined and cut into rows; None when
    the text has no such run."""
    runs = _runs(lines, line_pages, settings)
    if not runs:
        return None
    out = Joined([], [], [])
    k = 0
    for start, stop in runs:
        for j in range(k, start):
            _add(out, lines[j], line_pages[j], j)
        for text, source in _rows(lines, start, stop):
            _add(out, text, line_pages[start], source)
        k = stop
    for j in range(k, len(lines)):
        _add(out, lines[j], line_pages[j], j)
    return out


def _add(out: Joined, line: str, page: int, source: int) -> None:
    out.lines.append(line)
    out.line_pages.append(page)
    out.origins.append(source)


def _is_piece(line: str, settings: GlyphSettings) -> bool:
    chars = sum(not c.isspace() for c in line)
    return 0 < chars <= settings.max_piece_chars


def _runs(lines: list[str], line_pages: list[int], settings: GlyphSettings) -> list[tuple[int, int]]:
    """(start, stop) of each run of lines written a few glyphs a line, with the line before it
    (where the extractor began the run: "...24.00% 18.00%P" then "O")."""
    runs: list[tuple[int, int]] = []
    group: list[int] = []  # the run's pieces so far
    for k in range(len(lines) + 1):
        piece = k < len(lines) and _is_piece(lines[k], settings)
        ends = (k == len(lines) or not lines[k].strip() or (group and line_pages[k] != line_pages[group[0]])
                or (group and not piece and k - group[-1] > settings.max_gap))
        if group and ends:
            if _broken(lines, group, settings):
                start = group[0]
                if start > 0 and lines[start - 1].strip() and line_pages[start - 1] == line_pages[start]:
                    start -= 1
                runs.append((max(start, runs[-1][1] if runs else 0), group[-1] + 1))
            group = []
        if piece:
            group.append(k)
    return runs


def _broken(lines: list[str], pieces: list[int], settings: GlyphSettings) -> bool:
    words = sum(any(c.islower() for c in lines[k]) for k in pieces)
    figures = sum(any(c.isdigit() for c in lines[k]) or lines[k].strip() == "%" for k in pieces)
    return len(pieces) >= settings.min_pieces and words >= settings.min_broken and figures >= settings.min_broken


def _rows(lines: list[str], start: int, stop: int) -> list[tuple[str, int]]:
    """The run's lines joined and cut into rows where a figure ends and label text begins, each
    row broken into lines where a cell's end runs into the next (``_lines_of_row``): (line, the
    text line it begins on)."""
    offsets = list(accumulate((len(lines[j]) for j in range(start, stop - 1)), initial=0))
    text = "".join(lines[start:stop])

    def source(at: int) -> int:
        return start + bisect_right(offsets, at) - 1

    rows: list[tuple[str, int]] = []
    at = 0
    for figure in GLUED_FIGURES.finditer(text):
        end = figure.end()
        if end < len(text) and not GLUED_FIGURES.match(text, _skip_spaces(text, end)):
            rows += _lines_of_row(text, at, end, source)
            at = end
    rows += _lines_of_row(text, at, len(text), source)
    return rows


def _skip_spaces(text: str, at: int) -> int:
    while at < len(text) and text[at].isspace():
        at += 1
    return at


def _row(text: str, source: int) -> tuple[str, int]:
    """A row's label text and its figures, set apart by spaces."""
    return " ".join(GLUED_FIGURES.sub(lambda m: f" {m.group()} ", text).split()), source


# Where a lower-case letter runs into a capital ("dimensieOverlast", "OnveiligheidJongeren").
_CELL_START = re.compile(r"(?<=[a-z\u00e0-\u00ff])(?=[A-Z])")


def _lines_of_row(text: str, start: int, end: int, source) -> list[tuple[str, int]]:
    """A row of the joined text (``text[start:end]``) as lines, each with the text line it begins
    on (``source(offset)``): broken where a lower-case letter runs into a capital, a word's or a
    cell's end (pypdfium2 writes a row's last label line and the next row's label as one run of
    glyphs). The line reader joins the lines of one label again where the catalog reads them as
    one."""
    cuts = [start] + [start + m.start() for m in _CELL_START.finditer(text[start:end])] + [end]
    return [_row(text[a:b], source(a)) for a, b in zip(cuts, cuts[1:]) if text[a:b].strip()]

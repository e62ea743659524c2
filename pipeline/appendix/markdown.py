"""A text edition written as Markdown, its tables laid out in fixed-width columns.

Converters that make Markdown of a PDF (PyMuPDF4LLM, docling, marker) write a table as a pipe
table: a row a line, its cells between "|", a cell's lines joined by "<br>", and a cell that spans
columns written again in each (or left blank, or named by the converter: "Col3"). They mark
emphasis ("**2018**"), strike out text a rule crosses ("~~id~~"), escape punctuation, and write
a table a page, its header repeated.

The readers know a table laid out in fixed-width columns (``pipeline.appendix.fixed_width``, as
``pdftotext -layout`` writes) and lines of label text and values (``pipeline.appendix.lines``).
So the text is read with a Markdown parser (markdown-it-py, with its table and strikethrough
rules), a block at a time, and written back as plain text: each table row's cells side by side,
padded to their column's width, a cell's lines one under another, a blank line after the row; in
the rows above the first row of figures (the header), a cell that repeats the cell before it or
above it (a year over its two area columns, "Indicator" over two header rows), what stands under a
label column's heading, and a cell the converter named itself are left blank, as a cell spanning
them prints once. Text outside tables loses its emphasis marks and escapes, line for line.
Each table begins a page of the text as written, so the readers take a table repeated a page as
the table continued, and a spread's two tables as its parts. Every line written keeps the line
(and page) of the text it comes from, so cells point into the text as given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pipeline.appendix.model import LABEL_HEADINGS
from pipeline.numbers import is_value_token

if TYPE_CHECKING:
    from markdown_it.token import Token

__all__ = ["LaidOut", "MarkdownSettings", "markdown_laid_out"]

# A pipe table's delimiter row ("|---|:---:|"), or strong emphasis: a block with neither is read
# as written, not parsed (a text edition of prose is not parsed at all).
_MARKDOWN_SIGNS = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*\||\*\*\S|__\S", re.MULTILINE)
_LINE_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
# Emphasis marks the parser leaves as text: converters write "**Gem. NL **", which CommonMark
# reads as no emphasis (a closing mark after a space). No label or figure begins or ends so.
_LEFT_MARKS = re.compile(r"^[*_]{2,}|[*_]{2,}$")


@dataclass(frozen=True)
class MarkdownSettings:
    # Spaces between two columns laid out: more than one, so a phrase's single spaces stay inside
    # its cell (``fixed_width``).
    column_gap: int = 3
    # Header cells a converter names itself when the table's first row is no header.
    placeholder: str = r"Col\d+"
    # Markdown is parsed a block at a time (lines between blank lines), blocks of at most this
    # many characters (an appendix table of a hundred wide rows is about a tenth of it), and
    # this many in all: a parser's tokens take some 300 bytes a character of such text.
    max_block_chars: int = 200_000
    max_parsed_chars: int = 2_000_000


def markdown_laid_out(lines: list[str], line_pages: list[int],
                      settings: MarkdownSettings = MarkdownSettings()) -> LaidOut | None:
    """The text with its Markdown read: pipe tables laid out in columns, marks dropped; None when
    the text has no pipe table and no emphasis (it is no Markdown, or none that matters here)."""
    blocks = _marked_blocks(lines)
    if not blocks:
        return None
    from markdown_it import MarkdownIt  # imported by the texts that need it: most editions are no Markdown

    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    tables: list[tuple[tuple[int, int], list[_Row]]] = []
    plain: dict[int, str] = {}  # a line of the text outside tables -> its text without marks
    budget = settings.max_parsed_chars
    emphasis = False
    for start, end in blocks:
        text = "\n".join(lines[start:end])
        if len(text) > min(settings.max_block_chars, budget):
            continue  # no table of the appendix is so long: left as written
        budget -= len(text)
        tokens = parser.parse(text)
        found = _tables(tokens, start)
        tables += found
        for token in tokens:
            if token.type == "inline" and token.map and not _in_table(start + token.map[0], found):
                emphasis = emphasis or any(child.type == "strong_open" for child in token.children or ())
                for offset, words in enumerate(_inline_lines(token)):
                    plain[start + token.map[0] + offset] = " ".join(words)
    if not tables and not emphasis:
        return None
    out = _Written()
    line = 0
    for (start, end), rows in tables:
        for k in range(line, start):
            out.add(plain.get(k, lines[k]), line_pages[k], k)
        out.new_page()
        for text_line, row_lines in _laid_out(rows, settings):
            for written in row_lines + [""]:
                out.add(written, line_pages[text_line], text_line)
        line = end
    for k in range(line, len(lines)):
        out.add(plain.get(k, lines[k]), line_pages[k], k)
    return out.laid_out


@dataclass(frozen=True)
class LaidOut:
    lines: list[str]
    line_pages: list[int]  # the pages of the text as written: every table begins one
    origins: list[int]  # per line written: its line in the text (0-based)
    pages: dict[int, int]  # each page written: the text's page


class _Written:
    """The text as written, line by line: a new page where the text's page changes, and where
    a table begins (a table written apart is a page of it to the readers, as a converter writes a
    table a page; a spread's parts are two tables)."""

    def __init__(self) -> None:
        self.laid_out = LaidOut([], [], [], {})
        self._page = 0
        self._text_page: int | None = None

    def new_page(self) -> None:
        self._text_page = None

    def add(self, line: str, page: int, source: int) -> None:
        if page != self._text_page:
            self._page += 1
            self._text_page = page
            self.laid_out.pages[self._page] = page
        self.laid_out.lines.append(line)
        self.laid_out.line_pages.append(self._page)
        self.laid_out.origins.append(source)


_Row = tuple[int, list[list[str]]]  # a table row: its line in the text, each cell's lines


def _marked_blocks(lines: list[str]) -> list[tuple[int, int]]:
    """The runs of lines between blank lines (Markdown's blocks) that hold a pipe table's
    delimiter row or strong emphasis, as (start, end); the rest is read as written."""
    blocks = []
    start = 0
    for k in range(len(lines) + 1):
        if k == len(lines) or not lines[k].strip():
            if k > start and _MARKDOWN_SIGNS.search("\n".join(lines[start:k])):
                blocks.append((start, k))
            start = k + 1
    return blocks


def _tables(tokens: list[Token], offset: int) -> list[tuple[tuple[int, int], list[_Row]]]:
    """Each table's lines in the text (start, end) and its rows, of a block that begins at the
    text's line ``offset``."""
    tables = []
    rows: list[_Row] = []
    span = (0, 0)
    for token in tokens:
        if token.type == "table_open" and token.map:
            rows, span = [], (offset + token.map[0], offset + token.map[1])
        elif token.type == "tr_open" and token.map:
            rows.append((offset + token.map[0], []))
        elif token.type == "inline" and rows:
            rows[-1][1].append(_trimmed([" ".join(words) for words in _inline_lines(token)]))
        elif token.type == "table_close":
            tables.append((span, rows))
            rows = []
    return tables


def _header_rows(rows: list[list[list[str]]]) -> int:
    """How many rows stand above the table's first row with a value (or a dash): its header."""
    return next((k for k, cells in enumerate(rows)
                 if any(is_value_token(word) for cell in cells for part in cell for word in part.split())), len(rows))


def _in_table(line: int, tables: list[tuple[tuple[int, int], list[_Row]]]) -> bool:
    return any(start <= line < end for (start, end), _ in tables)


def _inline_lines(token: Token) -> list[list[str]]:
    """An inline token's text as lines of words: marks dropped, a line break or "<br>" ends a line."""
    lines: list[list[str]] = [[]]
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            lines[-1] += [word for word in (_LEFT_MARKS.sub("", w) for w in child.content.split()) if word]
        elif child.type in ("softbreak", "hardbreak") or (
                child.type == "html_inline" and _LINE_BREAK_TAG.fullmatch(child.content.strip())):
            lines.append([])
    return lines


def _trimmed(cell: list[str]) -> list[str]:
    """A cell's lines without empty ones at its ends ("<br>12.95%": the figure is the cell's text,
    on the row's line)."""
    start = next((k for k, line in enumerate(cell) if line), len(cell))
    end = next((k for k in range(len(cell), start, -1) if cell[k - 1]), start)
    return cell[start:end] or [""]


def _laid_out(rows: list[_Row], settings: MarkdownSettings) -> list[tuple[int, list[str]]]:
    """Each row's line in the text and its lines laid out in columns."""
    width = max((len(cells) for _, cells in rows), default=0)
    grid = [cells + [[""]] * (width - len(cells)) for _, cells in rows]
    header = _header_rows(grid)
    placeholder = re.compile(settings.placeholder)
    shown = [list(cells) for cells in grid]
    headed: set[int] = set()  # columns whose header so far holds a label column's heading
    for k in range(header):
        for j, cell in enumerate(grid[k]):
            repeated = (j and grid[k][j - 1] == cell) or (k and grid[k - 1][j] == cell)
            # A label column's heading spans the header's rows: what a converter writes under it
            # there is the heading again, spelled as the text layer has it ("Specifcatie").
            if repeated or j in headed or placeholder.fullmatch(" ".join(cell)):
                shown[k][j] = [""]
            if " ".join(cell) in LABEL_HEADINGS:
                headed.add(j)
    widths = [max((len(part) for cells in shown for part in cells[j]), default=0) for j in range(width)]
    gap = " " * settings.column_gap
    laid_out = []
    for (line, _), cells in zip(rows, shown):
        height = max((len(cell) for cell in cells), default=0)
        laid_out.append((line, [gap.join((cell[i] if i < len(cell) else "").ljust(widths[j])
                                         for j, cell in enumerate(cells)).rstrip() for i in range(height)]))
    return laid_out

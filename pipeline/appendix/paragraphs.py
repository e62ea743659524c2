"""Text written a printed line a paragraph, its cells a line each, joined back into lines.

MuPDF (``mutool draw -F txt``, PyMuPDF's ``get_text()``) writes each line it finds on a page as a
paragraph of its own, one text run a line: a spreadsheet's row becomes its cells one under
another ("Koop" / "33.20%" / "57.00%" ...), a blank line before the next row, and a cell that
wraps is a paragraph of its own after the rows (as a content-order extractor writes it). Each
paragraph joined into one line gives what such an extractor (``pdftotext -raw``) writes, and the
line reader reads that: a row on a line, wrapped labels and header cells after the rows.

Whether a paragraph is a printed line or a column's cells over rows (poppler's blocks) is not in
the text: the joined text is read only when most of the text's values stand alone on a line,
and its readings compete with the others (the catalog decides). Every value keeps the line it
stands on, so cells point into the text as given.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.numbers import YEAR, is_value_token

__all__ = ["ParagraphLines", "paragraphs_joined"]


@dataclass(frozen=True)
class ParagraphLines:
    lines: list[str]
    line_pages: list[int]
    # Per joined line: the text's line (0-based) of each of its values, in order (of its first
    # line, where it holds none), as ``relined_by_word`` takes them.
    origins: list[list[int]]


def paragraphs_joined(lines: list[str], line_pages: list[int]) -> ParagraphLines | None:
    """The text with each paragraph (lines between blank lines, on one page) joined into one
    line; None when no paragraph has two lines."""
    out = ParagraphLines([], [], [])
    paragraph: list[int] = []
    joined_any = False
    for k in range(len(lines) + 1):
        ends = (k == len(lines) or not lines[k].strip()
                or (bool(paragraph) and line_pages[k] != line_pages[paragraph[0]]))
        if ends and paragraph:
            joined_any |= len(paragraph) > 1
            out.lines.append(" ".join(lines[j].strip() for j in paragraph))
            out.line_pages.append(line_pages[paragraph[0]])
            values = [j for j in paragraph for word in lines[j].split() if is_value_token(word) and not YEAR.match(word)]
            out.origins.append(values or paragraph[:1])
            paragraph = []
        if k < len(lines):
            if lines[k].strip():
                paragraph.append(k)
            else:  # a blank line stays (the readers see where paragraphs end)
                out.lines.append("")
                out.line_pages.append(line_pages[k])
                out.origins.append([k])
    return out if joined_any else None

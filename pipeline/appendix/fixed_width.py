"""A text edition laid out in fixed-width columns (``pdftotext -layout``) read as positioned words.

Such an extractor keeps the page's columns as runs of spaces: a character column is an x and a
line a y, so the grid reader reads the table as it reads a PDF page. One character is one unit
wide and a line two units high (word height 1.6): a single space stays inside a phrase, two
spaces or more separate columns, and a blank line is a wider gap than a wrapped line.
"""

from __future__ import annotations

import re

from pipeline.appendix.grid import PositionedPage, candidate_pages
from pipeline.appendix.layout import Word

LINE_PITCH = 2.0
WORD_HEIGHT = 1.6
_WORD = re.compile(r"\S+")


_COLUMN_GAP = re.compile(r"\S {3,}\S")


def looks_fixed_width(lines: list[str], min_share: float = 0.3) -> bool:
    """Whether a page keeps its columns as runs of spaces: many of its lines of several words
    have a wide gap inside (text extractors that flow the text leave single spaces)."""
    worded = [line for line in lines if len(line.split()) >= 3]
    return bool(worded) and sum(1 for line in worded if _COLUMN_GAP.search(line)) >= min_share * len(worded)


def positioned_pages(lines: list[str], line_pages: list[int], patterns) -> list[PositionedPage]:
    """The pages that may hold the table (``candidate_pages``), their words placed by character
    column and line. Pages are runs of lines with the same page number."""
    if len(_COLUMN_GAP.findall("\n".join(lines))) < 0.05 * len(lines):
        return []  # a text that flows (one pass over it saves testing every page)
    spans: list[tuple[int, int]] = []
    start = 0
    while start < len(lines):
        end = start
        while end < len(lines) and line_pages[end] == line_pages[start]:
            end += 1
        spans.append((start, end))
        start = end
    pages: list[PositionedPage] = []
    for index in candidate_pages(["\n".join(lines[a:b]) for a, b in spans], patterns):
        start, end = spans[index]
        if not looks_fixed_width(lines[start:end]):
            continue
        words = []
        for row, line in enumerate(lines[start:end]):
            top = row * LINE_PITCH
            for match in _WORD.finditer(line.expandtabs(8)):
                words.append(Word(match.group(), float(match.start()), top, float(match.end()), top + WORD_HEIGHT))
        pages.append(PositionedPage(line_pages[start], tuple(words), (), first_line=start, line_pitch=LINE_PITCH))
    return pages

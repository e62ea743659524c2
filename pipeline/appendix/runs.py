"""Text whose runs were joined without spaces, set apart.

Some extractors join the text runs of a line with nothing between them: the npm package
pdf-parse (pdf.js under it; LangChain.js reads PDFs with it) writes a row as
"Koop33.20%57.00%33.62%", a header as "IndicatorSpecificatie2018201920202021" over
"NPLVNLNPLVNL", and an indicator run into its specification ("ArmoedegrensAandeel huishoudens").
pdf.js itself does so where a cell's text ends close to the next one's ("2024Indicator",
"–Leefbaarometer"). No reader can take such a line's words as they are.

Where a text runs figures or a header's cells together (``RunSettings``), it is rebuilt with,
in every line, each figure set apart (a figure ends at its unit, a dash stands for none:
``pipeline.numbers.GLUED_FIGURES``), years run together set apart from each other and from the
words around them, and a word broken where a lower-case letter runs into a capital, or a run of
capitals into a capitalised word ("VOLeerlingen"): the places where two cells' texts meet.
Header names run together ("NPLVNL") are taken apart by the line reader
(``pipeline.appendix.lines.unglued``). A text that keeps its spaces may still run one wide figure
into its neighbour ("14.00%1500.00%", pdfplumber where the two cells touch): where such a word
stands on a row of figures, the text is also read with each word of figures only set apart,
and nothing else changed. The rebuilt text keeps the text's lines, one for one, so
its readings point into the text as given; they compete with the others, and the catalog
decides: a label that prints a capital inside a word is read better from the text as given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.appendix.model import LABEL_HEADINGS
from pipeline.numbers import GLUED_FIGURES, is_value_token

__all__ = ["RunSettings", "runs_set_apart"]


@dataclass(frozen=True)
class RunSettings:
    # A text runs its cells together when at least this many of its lines hold a figure run into
    # another figure ("57.00%33.62%", "%––"): a table's figures never touch in a text that keeps a
    # space between its runs, and a report's prose and charts touch a few times at most (the
    # edition's own text: four charts' labels, "11%55%"). Or where one line runs a header's cells
    # together: years ("20252024"), or a label column's heading into the word before it
    # ("Gem. NLIndicator").
    min_lines: int = 5
    # A text that keeps its spaces may still run a wide figure into its neighbour where their
    # cells touch ("14.00%1500.00%"): such a word of figures alone is set apart, on a line with
    # at least this many figures besides (a table's row, not a chart's labels: "11%55%").
    min_row_figures: int = 2


# A figure run into the next one: its unit, or a dash after no digit (not a range of years,
# "2023–2025"), right before a digit or a dash.
_FIGURES_TOUCH = re.compile(r"(?:%|(?<!\d)[\u2012\u2013\u2014])(?:[\u2212-]?\d|[\u2012\u2013\u2014])")
# A header's cells run together: years into each other, or a label heading into a word.
_HEADER_TOUCH = re.compile(r"(?:19|20)\d\d(?:19|20)\d\d|[^\W\d_](?:" + "|".join(LABEL_HEADINGS) + r")\b")
# Years run together or into a word ("Specificatie2018201920", "2024Indicator"): a run of whole
# years with no digit, point or unit beside it.
_YEARS = re.compile(r"(?<![\d.,])(?:(?:19|20)\d\d)+(?![\d.,%])")
# Where two cells' texts meet inside a word: a lower-case letter run into a capital
# ("ArmoedegrensAandeel"), or capitals into a capitalised word ("VOLeerlingen", "NLGem.").
_CELLS_MEET = re.compile(r"(?<=[a-z\u00df-\u00ff])(?=[A-Z])|(?<=[A-Z]{2})(?=[A-Z][a-z])")
# A word of figures only, two or more run together.
_FIGURES_WORD = re.compile(r"(?:[\u2212-]?\d+(?:[.,]\d+)?%|[\u2012\u2013\u2014]){2,}")


def runs_set_apart(lines: list[str], settings: RunSettings = RunSettings()) -> list[str] | None:
    """The text's lines with figures, years and cells run together set apart; None when the text
    does not run its cells together (its lines are read as given)."""
    touched: list[int] = []  # the lines with figures run together
    figures_words = False
    for k, line in enumerate(lines):
        if _FIGURES_TOUCH.search(line) is not None:
            touched.append(k)
            figures_words = figures_words or _row_runs_figures(line, settings)
        if len(touched) >= settings.min_lines or _HEADER_TOUCH.search(line):
            return [_set_apart(line) for line in lines]
    if not figures_words:
        return None
    apart = list(lines)
    for k in touched:
        apart[k] = " ".join(_figures_apart(word) for word in lines[k].split())
    return apart


def _row_runs_figures(line: str, settings: RunSettings) -> bool:
    """Whether a line of a table's figures holds a word of figures run together."""
    words = line.split()
    runs = sum(1 for word in words if _FIGURES_WORD.fullmatch(word))
    return bool(runs) and sum(1 for word in words if is_value_token(word)) >= settings.min_row_figures


def _figures_apart(word: str) -> str:
    return " ".join(GLUED_FIGURES.findall(word)) if _FIGURES_WORD.fullmatch(word) else word


def _set_apart(line: str) -> str:
    if not line.strip():
        return line
    line = GLUED_FIGURES.sub(lambda m: f" {m.group()} ", line)
    line = _YEARS.sub(lambda m: " " + " ".join(m.group()[k:k + 4] for k in range(0, len(m.group()), 4)) + " ", line)
    line = _CELLS_MEET.sub(" ", line)
    return " ".join(line.split())

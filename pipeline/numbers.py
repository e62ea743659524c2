"""Reading printed numbers.

The appendix prints percentages with a decimal point (``60.35%``); a dash means "no figure".
Body-text numbers (Dutch: ``27.470``, ``8,17%``) are read by the figures stage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

# Dashes a typesetter may use for "no figure": en dash, em dash, figure dash, minus, hyphen.
DASHES = frozenset({"\u2013", "\u2014", "\u2012", "\u2212", "-"})

_TABLE_NUMBER = re.compile(
    r"""^(?P<sign>[+\-\u2212]?)
        (?P<digits>\d+)?
        (?:(?P<sep>[.,])(?P<frac>\d+))?
        \s?(?P<pct>%)?$""",
    re.VERBOSE,
)

CellKind = Literal["number", "dash", "empty", "unreadable"]


@dataclass(frozen=True)
class TableValue:
    kind: CellKind
    value: float | None = None
    decimal_comma: bool = False


@lru_cache(maxsize=65536)  # a table repeats its few printed forms; the result is immutable
def parse_table_value(text: str) -> TableValue:
    """Read one printed appendix cell: the number it denotes, with no correction applied.

    The appendix has no thousands separators, so the one separator is the decimal one.

    ``"60.35%"`` -> 60.35, ``"31%"`` -> 31.0, ``"9,39%"`` -> 9.39 (flagged as decimal comma),
    ``"–"`` -> dash, ``""`` -> empty; anything else is unreadable.
    """
    stripped = text.strip()
    if not stripped:
        return TableValue("empty")
    if stripped in DASHES:
        return TableValue("dash")
    match = _TABLE_NUMBER.match(stripped)
    if not match or not (match["digits"] or match["frac"]):
        return TableValue("unreadable")
    whole = match["digits"] or "0"
    number = float(f"{whole}.{match['frac']}" if match["frac"] else whole)
    if match["sign"] in ("-", "\u2212"):
        number = -number
    return TableValue("number", number, decimal_comma=match["sep"] == ",")


_DECIMALS = re.compile(r"\d[.,]\d")


def is_value_token(word: str) -> bool:
    """Whether a word reads as a table value rather than label text.

    Values carry a percent sign or a decimal separator, or are a lone dash; bare integers such as
    "2015" or "17" are label text ("vanaf 2015", "12 t/m 17 jaar").
    """
    word = word.strip()
    if word in DASHES:
        return True
    parsed = parse_table_value(word)
    return parsed.kind == "number" and ("%" in word or _DECIMALS.search(word) is not None)


# A figure OCR read with a letter for a digit ("R.02%" for "62.02%"): a figure's shape, two decimals
# and the unit, that no label word has. It stands in its cell as read, unreadable, for a reviewer.
MISREAD_FIGURE = re.compile(r"^(?=[^.,]*[^\W\d_])[^\W_]{1,3}[.,]\d{2}%$")


# Figures in a text written without spaces ("Onveiligheid42.09%7.81%––42.55%"), each ended by its
# unit (a bare number has no end there: "2015" + "8.22%" would read as one) or a dash for no
# figure. After other text a figure's whole part is short: longer digits there are the text's
# own ("vanaf2015"); a hyphen right after a letter is the word's, broken at a line's end, and no
# minus ("leef-" + "60.35%").
GLUED_FIGURES = re.compile(
    r"(?:^|(?<=[\s%\u2012\u2013\u2014]))(?:[\u2212-]?\d+(?:[.,]\d+)?%|[\u2012\u2013\u2014])"  # after a figure or a space
    r"|(?<![\d.,])(?:(?:(?<![^\W\d_])[\u2212-])?\d{1,3}(?:[.,]\d+)?%|[\u2012\u2013\u2014])"  # after label text
)


# A table header's year, a word of its own ("2018").
YEAR = re.compile(r"^(?:19|20)\d{2}$")

# A unit written after its figure, which a narrow value cell may wrap onto a line of its own.
TRAILING_UNITS = frozenset({"%"})
# What a narrow cell wraps of a figure onto the next line: its unit, or its last digits with the
# unit ("1500.0" over "0%", "9166." over "00%") ...
WRAPPED_PIECE = re.compile(r"^\d{0,2}(?P<unit>%)$")
# ... and a figure it cut right after its decimal point ("9166."), no value on its own.
CUT_AT_POINT = re.compile(r"^\d+\.$")
# A figure cut right before its point ("9166" over ".00%"): the whole number, and the piece.
CUT_BEFORE_POINT = re.compile(r"^\d+$")
POINT_PIECE = re.compile(r"^[.,]\d{1,2}%$")


def figure_with_piece(figure: str, piece: str, units=TRAILING_UNITS) -> str | None:
    """``figure`` with ``piece`` ("1500.00" + "%", "1500.0" + "0%") when the two read as one value
    ending in one of ``units`` that the figure lacks; else None."""
    joined = figure + piece
    for unit in units:
        if not figure.endswith(unit) and joined.endswith(unit) and is_value_token(joined):
            return joined
    return None


def wrapped_figure(figure: str, piece: str, beside: list[str]) -> str | None:
    """``figure`` with ``piece``, the rest of its cell that a narrow cell wrapped onto the next
    line ("1500.00" + "%", "1500.0" + "0%"), as one value: when the figure lacks the unit most of
    the figures ``beside`` it in its row carry, and the two read as one value ending in that unit.
    Else None (the two stay as printed)."""
    figures = [text for text in beside if text[:1].isdigit()]
    carried = [unit for unit in TRAILING_UNITS if 2 * sum(text.endswith(unit) for text in figures) > len(figures)]
    return figure_with_piece(figure, piece, carried)


def completed_figure(values: list[str], piece: str) -> tuple[int, str] | None:
    """(position, completed value) of the one figure among ``values`` (a row's cells) that
    ``piece`` completes (``wrapped_figure``), or None when none or several could be."""
    found = [(j, joined) for j, value in enumerate(values) if value[:1].isdigit()
             and (joined := wrapped_figure(value, piece, values[:j] + values[j + 1:])) is not None]
    return found[0] if len(found) == 1 else None

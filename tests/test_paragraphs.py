"""Text written a printed line a paragraph, a cell a line (pipeline/appendix/paragraphs.py).

The regression texts are MuPDF's (``mutool draw -F txt``) of Calc sheets whose narrow cells
wrap (tests/regressions/README.md); the figures expected are the appendix as printed
(tests/golden), and the lines where they stand are read off the files.
"""

from __future__ import annotations

import pytest

from pipeline.appendix.paragraphs import paragraphs_joined
from tests.support.regressions import REGRESSIONS, read_as_printed, read_cells


def test_each_paragraph_is_one_line_and_each_value_keeps_its_line():
    lines = ["Bijlage: Monitor", "", "Koop", "33.20%", "57.00%", "", "Woningen met", "energielabels E t/m G"]
    joined = paragraphs_joined(lines, [1] * len(lines))
    assert joined.lines == ["Bijlage: Monitor", "", "Koop 33.20% 57.00%", "", "Woningen met energielabels E t/m G"]
    # A line of labels points at its first line; a row's values each at their own.
    assert joined.origins == [[0], [1], [3, 4], [5], [6]]
    assert joined.line_pages == [1] * 5


def test_a_page_break_ends_a_paragraph():
    joined = paragraphs_joined(["Koop", "33.20%", "Particuliere huur", "15.93%"], [1, 1, 2, 2])
    assert joined.lines == ["Koop 33.20%", "Particuliere huur 15.93%"]
    assert joined.line_pages == [1, 2]


def test_a_text_without_a_paragraph_of_two_lines_is_left_as_it_is():
    assert paragraphs_joined(["Koop 33.20% 57.00%", "", "Particuliere huur 15.93%"], [1, 1, 1]) is None


@pytest.mark.parametrize("name", [
    # Refused before: the rows whose labels all wrapped had no label line of their own.
    "calc-next-a4-grid-onelevel.mupdf.txt",
    "calc-next-letter-zebra-onelevel-every.mupdf.txt",
    # The header's area cells ("Gem." / "NPLV-" / "gebied" / "en") among the wrapped labels after
    # the rows, beside the new row "Eenzaamheid": once counted as label text no row took.
    "calc-next-a4l-none-twolevel-every.mupdf.txt",
])
def test_a_sheet_written_a_cell_a_line_reads_every_cell_as_printed(name):
    read, printed = read_as_printed(name)
    assert read == printed


def test_a_cell_joined_from_its_paragraph_points_at_the_line_it_stands_on():
    name = "calc-next-a4-grid-onelevel.mupdf.txt"
    # Lines as the pipeline numbers them: a form feed between pages ends no line.
    lines = (REGRESSIONS / name).read_text(encoding="utf-8").split("\n")
    koop = lines.index("Koop")
    # The row's cells stand one a line under its label: 2018 NPLV, 2018 NL, then 2019's.
    assert lines[koop + 1:koop + 4] == ["33.20%", "57.00%", "33.62%"]
    cells = read_cells(name)
    row = cells[cells["specification"] == "Koop"].set_index(["year", "area"])
    assert int(row.loc[(2018, "NPLV"), "line"]) == koop + 2  # 1-based
    assert int(row.loc[(2019, "NPLV"), "line"]) == koop + 4

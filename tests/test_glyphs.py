"""Text written a few glyphs a line (pipeline/appendix/glyphs.py).

The pages are pypdfium2's text of the wkhtmltopdf spread in the corpus
(tests/corpus/wkhtmltopdf-a4-spread-hrules.pdfium.txt): the pages WebKit shrank to fit, the
spread's last rows, come a glyph or a piece of a figure a line. The figures expected are the
appendix as printed (tests/golden/appendix-2024-2025.csv).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.appendix.glyphs import glyph_lines_joined
from pipeline.sources import open_edition
from tests.support.render_table import find_row, load_golden

PDFIUM_TEXT = Path(__file__).parent / "corpus" / "wkhtmltopdf-a4-spread-hrules.pdfium.txt"


@pytest.fixture(scope="module")
def pdfium():
    edition = open_edition(PDFIUM_TEXT)
    return edition.lines, edition.line_pages


def _figures(line: str) -> list[str]:
    return [word for word in line.split() if word.endswith("%") or word == "–"]


def test_the_rows_of_a_page_written_a_glyph_a_line_are_joined(pdfium):
    lines, pages = pdfium
    joined = glyph_lines_joined(lines, pages)
    assert joined is not None
    golden = load_golden()
    for specification, indicator in [("12 t/m 17 jaar", "Jongeren verdacht van een delict"),
                                     ("18 t/m 22 jaar", "Jongeren verdacht van een delict")]:
        row = find_row(golden, specification, indicator)
        squeezed = "".join(specification.split())
        # The spread's two parts, each under the years its header names on the page before.
        left, right = [line for line in joined.lines if line.startswith(squeezed) or f"delict{squeezed}" in line]
        for line, years in [(left, (2018, 2019, 2020, 2021)), (right, (2022, 2023, 2024))]:
            assert _figures(line) == [row.cells[(year, area)] for year in years for area in ("NPLV", "NL")]


def test_a_joined_row_points_at_the_line_it_begins_on(pdfium):
    lines, pages = pdfium
    joined = glyph_lines_joined(lines, pages)
    k = next(k for k, line in enumerate(joined.lines) if line.startswith("18t/m22jaar"))
    source = joined.origins[k]
    assert lines[source].strip() == "1"  # the "1" of "18 t/m 22 jaar", a line of its own
    assert "".join(lines[source:source + 4]).startswith("18t/")
    assert joined.line_pages[k] == pages[source]


def test_lines_the_extractor_wrote_whole_are_kept_as_they_are(pdfium):
    lines, pages = pdfium
    joined = glyph_lines_joined(lines, pages)
    koop = next(line for line in lines if line.startswith("Koop "))
    assert koop in joined.lines
    assert joined.lines[joined.origins.index(lines.index(koop))] == koop


def test_a_text_without_such_runs_is_not_rebuilt():
    # pdftotext's default text: a value a line, a column of dashes, short labels; no run of
    # pieces of words and figures.
    lines = ["Koop", "", "33.20%", "", "57.00%", ""] + ["–", ""] * 20 + ["VWO", "", "14%", "", "HAVO"]
    assert glyph_lines_joined(lines, [1] * len(lines)) is None


def test_figures_run_together_are_set_apart_and_digits_of_a_label_stay_its_own():
    pieces = ["v", "a", "n", "a", "f", "2", "0", "1", "5", "8.2", "2", "%", "3.1", "6", "%", "K", "o", "o", "p",
              "3", "3.2", "0", "%", "–"]
    joined = glyph_lines_joined(pieces, [1] * len(pieces))
    # "vanaf2015" + "8.22%" is no figure a reader could tell from "20158.22%": left as text.
    assert joined.lines == ["vanaf20158.22% 3.16%", "Koop 33.20% –"]
    assert joined.origins == [0, 15]


def test_a_cell_run_into_the_next_cell_is_broken_where_a_capital_follows():
    # pypdfium2's text of an unruled WebKit page (the 2025-2026 edition, A4 landscape): the last
    # label line of the "Overlast en onveiligheid" row runs, without a space or a line break,
    # into the label of the row below ("...OnveiligheidJongeren...").
    pieces = ["o", "n", "v", "eilig", "h", "eid' h", "e", "e", "f", "t", "o", "p", "dim", "e", "n", "sie", "O", "v",
              "e", "rla", "s", "t", "e", "n", "O", "n", "v", "eilig", "h", "eid", "J", "o", "n", "g", "e", "r", "e",
              "n", "v", "e", "r", "d", "a", "c", "h", "t", "v", "a", "n", "e", "e", "n", "d", "elic", "t", "1", "2",
              "t", "/", "m", "1", "7", "j", "a", "a", "r", "3.3", "3", "%", "1.6", "0", "%"]
    joined = glyph_lines_joined(pieces, [1] * len(pieces))
    assert joined.lines == ["onveiligheid' heeftopdimensie", "Overlasten", "Onveiligheid",
                            "Jongerenverdachtvaneendelict12t/m17jaar 3.33% 1.60%"]
    # Each line points at the piece it begins with.
    assert [pieces[k] for k in joined.origins] == ["o", "O", "O", "J"]
    assert joined.origins[1:] == [16, 24, 30]

"""The line reader (pipeline/appendix/lines.py): text that keeps the printed lines, no columns.

The lines below are written the way the extractors of the corpus write them (pdfplumber: a
row's first label line on its value line; pypdfium2 and ``pdftotext -raw``: a row's label cells
before its values, header cells a line each). Labels and values are the appendix as printed
(tests/golden/appendix-2024-2025.NOTES.md).
"""

from __future__ import annotations

import re

import pytest

from pipeline.appendix.fit import fit
from pipeline.appendix.lines import (LineSettings, _find_headers, _Line, _rows_on_one_line, header_spans, read_lines,
                                     unglued)
from pipeline.catalog import default_catalog
from tests.support.regressions import read_as_printed, read_cells, refusal
from tests.support.render_table import load_golden, next_edition

CATALOG = default_catalog()


def _readings(lines: list[str]) -> dict:
    return dict(read_lines(lines, [1] * len(lines), CATALOG))


def _best(lines: list[str]):
    readings = _readings(lines)
    return max(readings.values(), key=lambda t: fit(t, CATALOG).value)


def _slots(table) -> list[tuple[int, str]]:
    return [(s.year, s.area) for s in table.slots]


def test_a_wrapped_two_level_header_keeps_its_columns_in_order():
    # pdfplumber: "Gem. NPLV-gebieden" wraps over three lines, "Gem. NL" takes one, so the
    # first line names NL before the NPLV cells are complete.
    lines = ["Indicator Specificatie 2018 2019",
             "Gem. Gem. NL Gem. Gem. NL",
             "NPLV- NPLV-",
             "gebieden gebieden",
             "Armoedegrens Aandeel huishoudens onder de armoedegrens 18.18% 8.75% 16.20% 7.80%"]
    table = _best(lines)
    assert _slots(table) == [(2018, "NPLV"), (2018, "NL"), (2019, "NPLV"), (2019, "NL")]
    assert [c.printed for _, c in sorted(table.rows[0].cells.items())] == ["18.18%", "8.75%", "16.20%", "7.80%"]


def test_label_headings_before_the_area_cells_first_line_are_header():
    # pdfplumber, header cells centred on the header's height: the label columns' headings stand
    # on the line of every area cell's first word, "NL" between "NPLV-" and its tail.
    lines = ["2018 2019", "Indicator Specificatie Gem. Gem. Gem. Gem.", "NPLV- NPLV-", "NL NL", "gebieden gebieden",
             "Armoedegrens Aandeel huishoudens onder de armoedegrens 18.18% 8.75% 16.20% 7.80%"]
    patterns = [(area, re.compile(p)) for area, p in LineSettings().area_patterns]
    [header] = _find_headers(lines, patterns, LineSettings())
    assert (header.first, header.end) == (0, 5)
    assert sorted((s.year, s.area) for s in header.slots) == [(2018, "NL"), (2018, "NPLV"), (2019, "NL"),
                                                              (2019, "NPLV")]


def test_area_tails_after_a_line_of_names_that_fit_are_header_not_label():
    # pdfplumber's text of pandas' HTML: "Gem." a little lower in the NL cells, so each line holds
    # one area's piece: "NPLV-", then "NL", then the NPLV tails; the label headings come last.
    lines = ["2018 2019", "Gem. Gem.", "Gem. Gem.", "NPLV- NPLV-", "NL NL", "gebieden gebieden",
             "Indicator Specificatie", "Armoedegrens Aandeel huishoudens 18.18% 8.75% 16.20% 7.80%"]
    patterns = [(area, re.compile(p)) for area, p in LineSettings().area_patterns]
    header = _find_headers(lines, patterns, LineSettings())[0]
    assert header.end == 7  # the rows start after the label headings
    assert sorted((s.year, s.area) for s in header.slots) == [(2018, "NL"), (2018, "NPLV"), (2019, "NL"),
                                                              (2019, "NPLV")]
    # Tails on a line of names end the names broken above: the end of a label the page break
    # split, in lower case under the repeated header, is no tail (pandas' HTML from Chromium).
    repeated = ["2018 2019", "Gem. Gem.", "NPLV- Gem. NPLV- Gem. NL", "gebieden NL gebieden", "Indicator Specificatie",
                "hebben en", "wel een opleiding volgen 8.59% 8.68% 8.73% 8.91%"]
    assert _find_headers(repeated, patterns, LineSettings())[0].end == 5


def test_a_new_rows_label_centred_on_its_values_is_divided_at_the_line_beside_them():
    # pdfplumber's text of pandas' HTML: a label cell centred on its row, the specification's
    # lines around the indicator beside the values. The row is new to the catalog, so the line
    # beside the values says where the indicator is; with the values beside the first line
    # (labels at the top of their cells), that line's words up to the next capital.
    rows = ["Armoedegrens Aandeel huishoudens onder de armoedegrens 18.18% 8.75% 16.20% 7.80%",
            "Personen van 18 jaar", "en ouder die zich", "Eenzaamheid – – 12.30% 10.20%", "(zeer) ernstig",
            "eenzaam voelen", "Energiearme huishoudens – – 6.80% 4.00%"]
    new = ("Eenzaamheid", "Personen van 18 jaar en ouder die zich (zeer) ernstig eenzaam voelen")
    assert (_best(HEADER + rows).rows[1].indicator, _best(HEADER + rows).rows[1].specification) == new
    # The specification's middle line beside the indicator, in lower case (Firefox).
    middle = rows[:1] + ["Personen van 18 jaar en", "Eenzaamheid ouder die zich (zeer) ernstig – – 12.30% 10.20%",
                         "eenzaam voelen"] + rows[-1:]
    assert (_best(HEADER + middle).rows[1].indicator, _best(HEADER + middle).rows[1].specification) == new
    top = rows[:1] + ["Eenzaamheid Personen van 18 jaar en ouder die zich – – 12.30% 10.20%",
                      "(zeer) ernstig eenzaam voelen"] + rows[-1:]
    assert (_best(HEADER + top).rows[1].indicator, _best(HEADER + top).rows[1].specification) == new


@pytest.mark.parametrize("name", ["pandas-chromium-next-a4l-grid.pdfplumber.txt",
                                  "pandas-firefox-next-letterl-hrules.pdftotext-layout.txt",
                                  "pandas-chromium-a4-portrait-grid-6pt.pdfplumber.txt"])
def test_texts_of_pandas_html_read_as_printed(name):
    # tests/regressions/README.md: the header's "NL" line between "NPLV-" and its tail, and the
    # new row's label centred on its values; a label's end under the repeated header is no tail.
    read, printed = read_as_printed(name)
    assert read == printed


def test_a_header_written_a_cell_per_line_keeps_its_columns_in_order():
    # pypdfium2, one-level header: "2018 NPLV" wraps, "2018 NL" does not.
    lines = ["Indicator Specificatie 2018", "NPLV", "2018 NL 2019", "NPLV", "2019 NL",
             "Armoedegrens Aandeel huishoudens onder de armoedegrens", "18.18% 8.75% 16.20% 7.80%"]
    assert _slots(_best(lines)) == [(2018, "NPLV"), (2018, "NL"), (2019, "NPLV"), (2019, "NL")]


@pytest.mark.parametrize("header", [
    # pdftotext -raw: each cell's lines in turn, "NPLV 2018" wrapped, "NL 2018" not.
    ["Indicator Specificatie", "NPLV", "2018", "NL 2018", "NPLV", "2019", "NL 2019"],
    # pypdfium2: the same cells, its lines run on.
    ["Indicator Specificatie NPLV", "2018 NL 2018 NPLV", "2019 NL 2019"],
])
def test_a_one_level_header_that_prints_the_area_before_the_year_keeps_its_columns(header):
    # pandoc's Markdown table through WeasyPrint: cells "NPLV 2018", the first cell's area on
    # the line above the first year.
    rows = ["Armoedegrens Aandeel huishoudens onder de armoedegrens", "18.18% 8.75% 16.20% 7.80%"]
    assert _slots(_best(header + rows)) == [(2018, "NPLV"), (2018, "NL"), (2019, "NPLV"), (2019, "NL")]


def test_a_spread_part_that_breaks_a_years_areas_over_two_parts_keeps_the_columns_it_prints():
    # jsPDF's autoTable breaks the columns by width: the first part ends with "2020 NPLV", the
    # second begins with "2020 NL".
    first = ["Indicator Specificatie 2018 NPLV 2018 NL 2019 NPLV 2019 NL 2020 NPLV",
             "Armoedegrens Aandeel huishoudens onder de armoedegrens 18.18% 8.75% 16.20% 7.80% 12.99%"]
    second = ["Indicator Specificatie 2020 NL 2021 NPLV 2021 NL 2022 NPLV 2022 NL",
              "Armoedegrens Aandeel huishoudens onder de armoedegrens 6.21% 13.20% 6.22% 7.98% 3.97%"]
    assert _slots(_best(first)) == [(2018, "NPLV"), (2018, "NL"), (2019, "NPLV"), (2019, "NL"), (2020, "NPLV")]
    assert _slots(_best(second)) == [(2020, "NL"), (2021, "NPLV"), (2021, "NL"), (2022, "NPLV"), (2022, "NL")]
    # A year apart from the others ("vanaf 2015" read into the header) is no column.
    stray = ["Indicator Specificatie 2015 NL 2018 NPLV 2018 NL 2019 NPLV 2019 NL",
             "Armoedegrens Aandeel huishoudens onder de armoedegrens 18.18% 8.75% 16.20% 7.80%"]
    assert _readings(stray) == {}


def test_a_jspdf_spreads_text_whose_second_part_prints_a_label_cut_short_reads_every_cell():
    # tests/regressions/README.md: the years' areas broken over the parts, and a row split by the
    # page break in the first part, cut short in the second.
    read, printed = read_as_printed("jspdf-a4-grid-spread-label-cut-short.pdfplumber.txt")
    assert read == printed


def test_label_cells_an_extractor_ran_together_are_read_apart_where_the_catalogs_words_meet():
    # pdfplumber of jsPDF's autoTable: the indicator's wrapped line touches the specification's,
    # and the two run together without a space ("onveiligheid'grote").
    lines = ["Indicator Specificatie 2018 2019", "NPLV NL NPLV NL",
             "Leefbaarometer Woningen binnen een gebied dat een (zeer) 42.09% 7.81% – –",
             "'Overlast en onveiligheid'grote negatieve bijdrage heeft op dimensie",
             "Overlast en Onveiligheid"]
    table = _best(lines)
    row = table.rows[0]
    assert (row.indicator, row.specification) == (
        "Leefbaarometer 'Overlast en onveiligheid'",
        "Woningen binnen een gebied dat een (zeer) grote negatieve bijdrage heeft op dimensie Overlast en Onveiligheid")
    assert any(d.kind == "label_spacing" and "onveiligheid'grote" in d.message for d in table.decisions)


def test_a_word_is_read_as_two_only_where_the_catalog_spells_neither_it_nor_another_cut():
    from pipeline.appendix.lines import _glued_cut

    vocabulary = CATALOG.vocabulary
    assert _glued_cut("schuldeneen", vocabulary) == len("schulden")
    assert _glued_cut("(nettoWerkzame", vocabulary) == len("(netto")  # the bracket opens the first
    assert _glued_cut("onveiligheid'grote", vocabulary) == len("onveiligheid'")  # the quote closes it
    # A word the catalog spells, a new word that is no two of its words, a piece too short.
    assert _glued_cut("woningvoorraad", vocabulary) is None
    assert _glued_cut("armoedegrensbedrag", vocabulary) is None
    assert _glued_cut("ende", vocabulary) is None


def test_a_jspdf_tables_text_with_label_cells_run_together_reads_every_cell():
    # tests/regressions/README.md: pdfplumber of autoTable's striped theme.
    read, printed = read_as_printed("jspdf-a4l-striped-cells-run-together.pdfplumber.txt")
    assert read == printed


def test_two_areas_before_a_one_level_headers_first_year_make_no_header():
    # Which of the two is the first cell's the text does not say.
    rows = ["Armoedegrens Aandeel huishoudens onder de armoedegrens", "18.18% 8.75% 16.20% 7.80%"]
    assert _readings(["Indicator Specificatie NL NPLV", "2018 NL 2018 NPLV", "2019 NL 2019"] + rows) == {}


@pytest.mark.parametrize("years", [["Indicator Specificatie 2018 2019"], ["Indicator", "Specificatie", "2018", "2019"]])
def test_a_header_whose_narrow_cells_broke_the_names_anywhere_is_read_in_the_texts_order(years):
    # pypdfium2 / pdftotext -raw of a Word table (on one line) and MuPDF (a year a line): each
    # area cell broken over lines wherever the cell ran out, "Gem." itself too, the cells
    # written one after the other; NL before NPLV, as printed.
    pieces = ["Gem", ". NL", "Gem.", "NPL", "V-", "gebi", "eden", "Gem.", "NL", "Gem", ".", "NPL", "V-", "gebi",
              "eden"]
    lines = years + pieces + ["Armoedegrens Aandeel huishoudens onder de armoedegrens", "8.75% 18.18% 7.80% 16.20%"]
    assert _slots(_best(lines)) == [(2018, "NL"), (2018, "NPLV"), (2019, "NL"), (2019, "NPLV")]
    assert _cells(_best(lines), 0)[(2018, "NPLV")] == "18.18%"
    # Pieces that spell no area cells for every year, or years that began on the line above,
    # make no header.
    for other in (years + pieces[:-4] + lines[-2:], ["2017"] + lines):
        assert _readings(other) == {}


def test_a_header_of_broken_names_laid_out_line_by_line_is_read_both_ways_and_the_catalog_decides():
    # pdfplumber of the same Word table: each line holds a piece of every cell that reaches it,
    # so the pieces spell no cells in order. The first line holds every cell's "Gem(.)", and the
    # rows hold two values a year: both orders are read, and the areas the catalog measures
    # decide (the woonduur rows are measured for NPLV only).
    header = ["Indicator Specificatie 2018 2019", "Gem. Gem Gem. Gem", "NPL . NPL .", "V- NL V- NL", "gebi gebi",
              "eden eden"]
    rows = ["Verhuisbeweging: woonduur Minder dan 1 jaar 8.97% – 8.86% –",
            "afgelopen 10 jaar 1 tot 3 jaar 11.59% – 12.03% –"]
    table = _best(header + rows)
    assert _slots(table) == [(2018, "NPLV"), (2018, "NL"), (2019, "NPLV"), (2019, "NL")]
    assert _cells(table, 1) == {(2018, "NPLV"): "11.59%", (2018, "NL"): "–", (2019, "NPLV"): "12.03%",
                                (2019, "NL"): "–"}
    # Without a line of every cell's first piece, or with words no heading holds right under the
    # years, no header names both areas.
    for other in (header[:1] + header[2:] + rows, header[:1] + ["Gem. Gem Gem."] + header[2:] + rows,
                  header[:1] + ["zie de toelichting"] + header[1:] + rows):
        assert all({slot.area for slot in reading.slots} != {"NPLV", "NL"} for reading in _readings(other).values())


def test_a_sentence_naming_years_is_no_header():
    assert _readings(["Tussen 2018 en 2024 verbeterde de leefbaarheid in de NPLV-gebieden.",
                      "Armoedegrens Aandeel huishoudens 18.18% 8.75%"]) == {}


HEADER = ["Indicator Specificatie 2018 2019", "Gem. NPLV-gebieden Gem. NL Gem. NPLV-gebieden Gem. NL"]


def test_label_lines_go_to_the_row_the_catalog_reads_them_with():
    # Row 1's label wraps below its values (top-aligned); row 2's label wraps above them
    # (middle-aligned): the plain hypotheses each get one row wrong, the catalog both right.
    lines = HEADER + [
        "Armoedegrens Aandeel huishoudens onder de 18.18% 8.75% 16.20% 7.80%",
        "armoedegrens",
        "Aandeel kinderen in huishoudens onder",
        "de armoedegrens 18.53% 7.55% 15.81% 6.49%",
    ]
    readings = _readings(lines)
    best = readings["line reader, labels divided by the catalog"]
    assert [(r.indicator, r.specification) for r in best.rows] == [
        ("Armoedegrens", "Aandeel huishoudens onder de armoedegrens"),
        ("", "Aandeel kinderen in huishoudens onder de armoedegrens"),
    ]
    for name, table in readings.items():
        if table is not best:
            assert fit(best, CATALOG).value > fit(table, CATALOG).value, name


def test_a_label_centred_on_its_row_keeps_the_indicator_apart_from_the_same_word_in_lower_case():
    # pdfplumber's text of an HTML table with the browsers' default alignment (middle) and the
    # indicator on every row: "Armoedegrens" beside the values, the specification's lines around
    # it ending in "armoedegrens" too. Both words spell the catalog's letters; its case says which
    # is the indicator.
    lines = HEADER + ["Aandeel huishoudens onder de", "Armoedegrens 18.18% 8.75% 16.20% 7.80%", "armoedegrens",
                      "Energiearme huishoudens – – 6.80% 4.00%"]
    assert (_best(lines).rows[0].indicator, _best(lines).rows[0].specification) == (
        "Armoedegrens", "Aandeel huishoudens onder de armoedegrens")


def test_a_new_rows_label_centred_on_its_row_is_divided_at_its_first_word_in_capitals():
    # pdfium's text of a Firefox table (middle alignment): the new row's indicator and its
    # specification's first line on one line, the values beside the next ("(zeer) ernstig ...").
    # That line begins with no capital: the indicator is the first line's word, not "(zeer)".
    lines = HEADER + ["Armoedegrens Aandeel huishoudens onder de armoedegrens 18.18% 8.75% 16.20% 7.80%",
                      "Eenzaamheid Personen van 18 jaar en ouder die zich",
                      "(zeer) ernstig eenzaam voelen – – 12.30% 10.20%",
                      "Energiearme huishoudens – – 6.80% 4.00%"]
    row = _best(lines).rows[1]
    assert (row.indicator, row.specification) == (
        "Eenzaamheid", "Personen van 18 jaar en ouder die zich (zeer) ernstig eenzaam voelen")


def test_an_indicator_printed_once_over_its_group_continues_on_the_next_row():
    # pdfplumber: the merged indicator cell's second line lands on the second row's line.
    lines = HEADER + [
        "Verhuisbeweging: woonduur Minder dan 1 jaar 8.97% – 8.86% –",
        "afgelopen 10 jaar 1 tot 3 jaar 11.59% – 12.03% –",
    ]
    rows = _best(lines).rows
    assert (rows[0].indicator, rows[0].specification) == ("Verhuisbeweging: woonduur afgelopen 10 jaar",
                                                          "Minder dan 1 jaar")
    assert (rows[1].indicator, rows[1].specification) == ("", "1 tot 3 jaar")


def test_a_ragged_row_is_placed_by_the_measurement_cycle():
    # Row 3 prints 2021 empty (not a dash) and 0.04%/0.03% in 2022 (NOTES, point 1): twelve values
    # for fourteen columns; the Leefbaarometer is measured in even years.
    lines = ["Indicator Specificatie 2018 2019 2020 2021 2022 2023 2024",
             "Gem. NPLV Gem. NL " * 7,
             "Leefbaarometer 'Sociale Samenhang' Woningen binnen een gebied dat een (zeer) grote negatieve "
             "0.11% 0.03% – – 0.12% 0.01% 0.04% 0.03% – – 0.12% 0.05%",
             "bijdrage heeft op dimensie Sociale Samenhang"]
    table = _best(lines)
    cells = {(table.slots[k].year, table.slots[k].area): c.printed for k, c in table.rows[0].cells.items()}
    assert cells[(2021, "NPLV")] == cells[(2021, "NL")] == ""
    assert (cells[(2022, "NPLV")], cells[(2022, "NL")]) == ("0.04%", "0.03%")
    assert any(d.kind == "ragged_row" for d in table.decisions)


def test_a_rows_values_broken_at_its_dashes_are_read_as_one_row_and_each_cell_points_at_its_line():
    # pypdfium2's text of pandoc's table through WeasyPrint: the dashes stand a little higher than
    # the figures, and pdfium breaks the row at them; the second row leaves 2021 empty (twelve
    # values for fourteen columns).
    lines = ["Indicator Specificatie 2018 2019 2020 2021 2022 2023 2024",
             "Gem. NPLV Gem. NL " * 7,
             "Leefbaarometer 'Algemeen'", "Woningen binnen een gebied dat een",
             "leefbaarheidscore van zwak of lager heeft",
             "60.35% 14.11%", "\u2013", "\u2013 54.16% 11.60%", "\u2013", "\u2013 52.17% 11.14%", "\u2013",
             "\u2013 54.74% 11.44%",
             "Leefbaarometer 'Sociale Samenhang'", "Woningen binnen een gebied dat een (zeer) grote",
             "negatieve bijdrage heeft op dimensie Sociale Samenhang",
             "0.11% 0.03%", "\u2013", "\u2013 0.12% 0.01% 0.04% 0.03%", "\u2013", "\u2013 0.12% 0.05%"]
    table = _best(lines)
    assert [r.specification for r in table.rows] == [
        "Woningen binnen een gebied dat een leefbaarheidscore van zwak of lager heeft",
        "Woningen binnen een gebied dat een (zeer) grote negatieve bijdrage heeft op dimensie Sociale Samenhang"]
    first = {(table.slots[k].year, table.slots[k].area): c for k, c in table.rows[0].cells.items()}
    assert [first[(y, a)].printed for y in (2018, 2019, 2020) for a in ("NPLV", "NL")] == [
        "60.35%", "14.11%", "\u2013", "\u2013", "54.16%", "11.60%"]
    assert (first[(2018, "NPLV")].line, first[(2019, "NPLV")].line, first[(2019, "NL")].line) == (6, 7, 8)
    second = {(table.slots[k].year, table.slots[k].area): c.printed for k, c in table.rows[1].cells.items()}
    assert second[(2021, "NPLV")] == second[(2021, "NL")] == ""
    assert (second[(2022, "NPLV")], second[(2024, "NL")]) == ("0.04%", "0.05%")
    assert sum(d.kind == "split_row" for d in table.decisions) == 2


def test_values_with_a_blank_line_between_them_are_not_joined_into_one_row():
    # The edition's text edition: a row a cell short (2024 NL blank), a blank line, the next row's
    # first figure alone (the rest of that row after another blank line). A text that writes
    # blank lines ends a paragraph at one; joined, the short row would take that figure.
    lines = ["Indicator Specificatie 2023 2024", "Gem. NPLV Gem. NL Gem. NPLV Gem. NL",
             "Armoedegrens Aandeel kinderen in huishoudens onder de armoedegrens 7.59% 3.08% \u2013", "",
             "14.26%"]
    assert not any("joined over lines" in name for name in _readings(lines))
    assert any("joined over lines" in name for name in _readings([line for line in lines if line]))


def test_a_run_of_values_longer_than_a_row_is_not_cut_into_rows_by_count():
    # PyMuPDF's text of a spread's part without labels, a value a line: the rows are shared out by
    # their fit, where a row a cell short keeps the next row's first figure off (a run joined six
    # at a time took it, and every row after it was one figure off).
    lines = ["Indicator Specificatie 2023 2024", "Gem. NPLV Gem. NL Gem. NPLV Gem. NL",
             "Armoedegrens Aandeel kinderen in huishoudens onder de armoedegrens", "7.59%", "3.08%", "\u2013",
             "Huishoudens met problematische schulden", "14.26%", "7.48%", "14.53%", "7.69%"]
    assert any("joined over lines" in name for name in _readings(lines))  # a row between labels
    values_only = lines[:2] + [line for line in lines[2:] if not line[0].isalpha()]
    assert not any("joined over lines" in name for name in _readings(values_only))


# fpdf2's table, cells centred on their rows: "9166.00%" too wide for its cell wraps as "9166.00"
# over "%". Each extractor writes the two pieces in its own place.
_WRAPPED_HEADER = ["Indicator Specificatie 2024 2025", "Gem. NPLV Gem. NL Gem. NPLV Gem. NL"]
_WRAPPED_ROW = "Verhuisbeweging: doorloopsnelheid Afgelopen 10 jaar 91.41% \u2013"
_WRAPPED_NEXT = "Woningen met energielabels E t/m G 12.40% 12.95% 3.05% 13.05%"


@pytest.mark.parametrize("lines", [
    [_WRAPPED_ROW, "9166.00", "%", "\u2013", _WRAPPED_NEXT],  # pdfium, pdftotext -raw: after the row's line
    ["9166.00", _WRAPPED_ROW + " \u2013", "%", _WRAPPED_NEXT],  # pdfplumber, -layout: around it
    [_WRAPPED_ROW + " 9166.00 % \u2013", _WRAPPED_NEXT],  # pypdf: on it, a space before the unit
    # around it, beside the indicator centred on its group
    ["Verhuisbeweging: doorloopsnelheid 9166.00", "Afgelopen 10 jaar 91.41% \u2013 \u2013", "%", _WRAPPED_NEXT],
], ids=["after", "around", "on", "around-beside-label"])
def test_a_figure_its_narrow_cell_wrapped_is_read_whole_in_its_row(lines):
    table = _best(_WRAPPED_HEADER + lines)
    assert [r.specification for r in table.rows] == ["Afgelopen 10 jaar", ""]
    cells = {(table.slots[k].year, table.slots[k].area): c.printed for k, c in table.rows[0].cells.items()}
    assert [cells[(y, a)] for y in (2024, 2025) for a in ("NPLV", "NL")] == ["91.41%", "\u2013", "9166.00%", "\u2013"]
    assert any(d.kind == "wrapped_cell" for d in table.decisions)


@pytest.mark.parametrize("between", [" ", " \u2013 \u2013"], ids=["apart", "dash-run-into-label"])
def test_two_rows_written_on_one_line_are_read_as_two_rows(between):
    # pypdf, an indicator cell spanning two rows: the second row's label and values follow the
    # first row's values on its line; its layout text may run the first row's last dash into
    # the second row's label ("\u2013Aandeel").
    lines = ["Indicator Specificatie 2018 2019 2020", "Gem. NPLV Gem. NL Gem. NPLV Gem. NL Gem. NPLV Gem. NL",
             "Armoedegrens Aandeel huishoudens onder de armoedegrens 18.18% 8.75% 16.20% 7.80%"
             + between + "Aandeel kinderen in huishoudens onder de armoedegrens 18.53% 7.55% 15.81% 6.49% 13.00% 5.38%"]
    if between == " ":
        lines[-1] = lines[-1].replace("7.80%", "7.80% 12.99% 6.21%")
    table = _best(lines)
    assert [r.specification for r in table.rows] == ["Aandeel huishoudens onder de armoedegrens",
                                                     "Aandeel kinderen in huishoudens onder de armoedegrens"]
    assert [c.printed for _, c in sorted(table.rows[0].cells.items())][4:] == (
        ["12.99%", "6.21%"] if between == " " else ["\u2013", "\u2013"])
    assert [c.printed for _, c in sorted(table.rows[1].cells.items())] == ["18.53%", "7.55%", "15.81%", "6.49%",
                                                                           "13.00%", "5.38%"]
    assert [c.line for c in table.rows[1].cells.values()] == [3] * 6
    assert sum(d.kind == "split_row" and "line of the row before" in d.message for d in table.decisions) == 1


def test_a_line_with_half_a_row_of_values_on_either_side_of_a_label_stays_one_line():
    # The two halves of a spread set side by side, each with its labels: no row is more than half.
    line = _Line(3, "Armoedegrens Aandeel 18.18% 8.75% Armoedegrens Aandeel".split(), ["16.20%", "7.80%"])
    assert _rows_on_one_line(line, 4) == [line]
    assert len(_rows_on_one_line(line, 3)) == 2


def test_a_renamed_specification_centred_around_its_indicator_keeps_its_indicator():
    # A label centred on its row: the specification's lines stand above and below the line of the
    # indicator and the values; the specification is renamed ("in een huishouden").
    lines = ["Indicator Specificatie 2018 2019", "Gem. NPLV Gem. NL Gem. NPLV Gem. NL",
             "Armoedegrens Aandeel huishoudens onder de armoedegrens 18.18% 8.75% 16.20% 7.80%",
             "Aandeel kinderen in een huishouden onder de",
             "Armoedegrens 18.53% 7.55% 15.81% 6.49%",
             "armoedegrens"]
    table = _best(lines)
    assert [(r.indicator, r.specification) for r in table.rows] == [
        ("Armoedegrens", "Aandeel huishoudens onder de armoedegrens"),
        ("Armoedegrens", "Aandeel kinderen in een huishouden onder de armoedegrens")]


def test_pdfiums_text_of_a_table_whose_rows_it_broke_at_their_dashes_reads_as_printed():
    # tests/regressions/README.md: pandoc's table through WeasyPrint, pdfium's text.
    read, printed = read_as_printed("pandoc-weasy-a4l-area-over-year.pdfium.txt")
    assert read == printed


def test_a_spread_part_without_labels_joins_the_rows_in_order():
    lines = HEADER + [
        "Armoedegrens Aandeel huishoudens onder de armoedegrens 18.18% 8.75% 16.20% 7.80%",
        "Aandeel kinderen in huishoudens onder de armoedegrens 18.53% 7.55% 15.81% 6.49%",
        "Indicator Specificatie 2020 2021",
        "Gem. NPLV-gebieden Gem. NL Gem. NPLV-gebieden Gem. NL",
        "12.99% 6.21% 13.20% 6.22%",
        "13.00% 5.38% 11.80% 4.81%",
    ]
    table = _best(lines)
    assert len(table.rows) == 2
    second = {(table.slots[k].year, table.slots[k].area): c.printed for k, c in table.rows[1].cells.items()}
    assert second[(2018, "NPLV")] == "18.53%" and second[(2021, "NL")] == "4.81%"


def test_a_header_with_blank_lines_between_its_rows_is_one_header():
    # pdfplumber's layout text: the header's rows apart, and repeated on the next page; the
    # repeated header is no row's label.
    header = ["Indicator    Specificatie       2018           2019", "",
              "                    Gem.   Gem. NL Gem.   Gem. NL", "                    NPLV-          NPLV-",
              "                    gebieden       gebieden", ""]
    lines = header + ["Armoedegrens Aandeel huishoudens onder de armoedegrens 18.18% 8.75% 16.20% 7.80%"] + header + [
        "             Aandeel kinderen in huishoudens onder de armoedegrens 18.53% 7.55% 15.81% 6.49%"]
    table = _best(lines)
    assert _slots(table) == [(2018, "NPLV"), (2018, "NL"), (2019, "NPLV"), (2019, "NL")]
    assert [(r.indicator, r.specification) for r in table.rows] == [
        ("Armoedegrens", "Aandeel huishoudens onder de armoedegrens"),
        ("", "Aandeel kinderen in huishoudens onder de armoedegrens")]


def test_a_spread_part_matched_to_rows_it_does_not_fit_is_not_trusted():
    # A part printed without labels whose lines could only be matched in order to a labelled part
    # of another length puts values in other rows' cells: such a reading is refused.
    from pipeline.appendix.model import Decision

    lines = HEADER + [
        "Armoedegrens Aandeel huishoudens onder de armoedegrens 18.18% 8.75% 16.20% 7.80%",
        "Aandeel kinderen in huishoudens onder de armoedegrens 18.53% 7.55% 15.81% 6.49%",
    ]
    table = _best(lines)
    assert fit(table, CATALOG).trusted()
    table.decisions.append(Decision("spread_rows", None, 1, None, "3 lines of values for 2 labelled rows"))
    spoilt = fit(table, CATALOG)
    assert not spoilt.trusted() and "another number of rows" in spoilt.summary()


def test_values_printed_off_their_row_on_a_part_without_labels_rejoin_their_row():
    # The edition's right page (NOTES, point 4): 12.17% printed above the rest of its row.
    lines = HEADER + [
        "Armoedegrens Aandeel huishoudens onder de armoedegrens 18.18% 8.75% 16.20% 7.80%",
        "Huishoudens met problematische schulden Huishoudens waarvan ten minste één lid (16+) een "
        "betalingsachterstand heeft bij een instantie, oninbare schulden bij de Belastingdienst, of deelneemt aan "
        "een WSNP-traject 13.35% 6.45% 12.59% 6.01%",
        "Indicator Specificatie 2020 2021",
        "Gem. NPLV-gebieden Gem. NL Gem. NPLV-gebieden Gem. NL",
        "12.99% 6.21% 13.20% 6.22%",
        "12.17%",
        "5.83% 12.80% 6.15%",
    ]
    table = _best(lines)
    second = {(table.slots[k].year, table.slots[k].area): c.printed for k, c in table.rows[1].cells.items()}
    assert [second[(y, a)] for y in (2020, 2021) for a in ("NPLV", "NL")] == ["12.17%", "5.83%", "12.80%", "6.15%"]
    assert any(d.kind == "split_row" for d in table.decisions)
    assert fit(table, CATALOG).trusted()


# LibreOffice's PDF read in content order (pypdfium2, ``pdftotext -raw``): a label cell that holds
# one line is written on its row's line, a wrapped one after all the page's rows; so is a wrapped
# header cell ("Gem." / "NPLV-" / "gebieden"). Values from the appendix as printed.
CALC_ROWS = [
    "Leefbaarometer 'Algemeen' 60.35% 14.11% – – 54.16% 11.60%",
    "8.76% 1.36% – – 5.38% 0.98%",
    "Koop 33.20% 57.00% 33.62% 57.58% 33.26% 57.58%",
    "Particuliere huur 15.93% 13.00% 16.17% 13.13% 16.95% 13.13%",
    "Minder dan 1 jaar 8.97% – 8.86% – 9.16% –",
    "1 tot 3 jaar 11.59% – 12.03% – 12.09% –",
]
CALC_TAIL = [
    "Woningen binnen een gebied dat een",
    "leefbaarheidscore van zwak of lager heeft",
    "Leefbaarometer",
    "'Woningvoorraad'",
    "Woningen binnen een gebied dat een (zeer) grote",
    "negatieve bijdrage heeft op dimensie Woningvoorraad",
    "Samenstelling",
    "woningvoorraad",
    "Verhuisbeweging: woonduur",
    "afgelopen 10 jaar",
]
CALC_LABELS = [
    ("Leefbaarometer 'Algemeen'", "Woningen binnen een gebied dat een leefbaarheidscore van zwak of lager heeft"),
    ("Leefbaarometer 'Woningvoorraad'",
     "Woningen binnen een gebied dat een (zeer) grote negatieve bijdrage heeft op dimensie Woningvoorraad"),
    ("Samenstelling woningvoorraad", "Koop"),
    ("", "Particuliere huur"),
    ("Verhuisbeweging: woonduur afgelopen 10 jaar", "Minder dan 1 jaar"),
    ("", "1 tot 3 jaar"),
]


def _cells(table, row: int) -> dict:
    return {(table.slots[k].year, table.slots[k].area): c.printed for k, c in table.rows[row].cells.items()}


def test_wrapped_labels_written_after_the_rows_go_back_to_their_rows():
    lines = ["Indicator Specificatie 2018 2019 2020",
             "Gem. NPLV-gebieden Gem. NL Gem. NPLV-gebieden Gem. NL Gem. NPLV-gebieden Gem. NL"] + CALC_ROWS + CALC_TAIL
    readings = _readings(lines)
    table = readings["line reader, wrapped labels written after the rows"]
    assert [(r.indicator, r.specification) for r in table.rows] == CALC_LABELS
    assert _cells(table, 1)[(2020, "NL")] == "0.98%"
    assert max(readings.values(), key=lambda t: fit(t, CATALOG).value) is table


def test_a_header_that_lost_one_areas_cells_is_read_both_ways_and_the_catalogs_areas_decide():
    # "Gem. NPLV-gebieden" wraps, so its cells come after the rows: the header line names NL
    # alone. The woonduur rows are measured in the NPLV areas only (a dash in NL): the columns
    # are NPLV first, and the reading with NL first loses.
    header = ["Indicator Specificatie 2018 2019 2020", "Gem. NL Gem. NL Gem. NL"]
    late = ["Gem.", "NPLV-", "gebieden"] * 3
    readings = _readings(header + CALC_ROWS + late + CALC_TAIL)
    first = "line reader, wrapped labels written after the rows, area columns NPLV before NL (the header does not say)"
    second = "line reader, wrapped labels written after the rows, area columns NL before NPLV (the header does not say)"
    assert _slots(readings[first])[:2] == [(2018, "NPLV"), (2018, "NL")]
    assert _cells(readings[first], 4)[(2019, "NPLV")] == "8.86%"
    assert fit(readings[second], CATALOG).unmeasured == 6  # woonduur's figures under NL
    best = max(readings.values(), key=lambda t: fit(t, CATALOG).value)
    assert best is readings[first]
    assert [(r.indicator, r.specification) for r in best.rows] == CALC_LABELS
    # The header as printed (NL alone) gives rows with more values than columns.
    assert not fit(readings["line reader, wrapped labels written after the rows"], CATALOG).trusted()


def test_a_labels_end_under_the_repeated_header_is_no_year_of_the_header():
    # pypdfium2 of a Writer table whose one-level header repeats on the next page: the page break
    # cut the Bijstandsgerechtigden row's label, and its end ("vanaf 2015") comes under the header.
    header = ["Indicator Specificatie 2018 Gem.", "NPLV-gebieden", "2018 Gem.", "NL",
              "2019 Gem.", "NPLV-gebieden", "2019 Gem.", "NL"]
    first = ["Bijlage: Monitor"] + header + [
        "Bijstandsgerechtigden Personen van 15 jaar en ouder met een",
        "bijstandsuitkering op grond van de WWB t/m 2014 en de Participatiewet",
        "8.22% 3.16% 7.67% 2.97%"]
    second = header + ["vanaf 2015", "Definitief schooladvies PO VMBO BK 31% 20.00% 32.00% 20.00%",
                       "VMBO BK/GT 4% 4.00% 5.00% 4.00%"]
    lines = first + second
    pages = [1] * len(first) + [2] * len(second)
    spans = header_spans(lines, line_pages=pages)
    assert [(start, end) for start, end, _ in spans] == [(1, 9), (12, 20)]
    assert [(s.year, s.area) for s in spans[1][2]] == [(2018, "NPLV"), (2018, "NL"), (2019, "NPLV"), (2019, "NL")]
    best = max((t for _, t in read_lines(lines, pages, CATALOG)), key=lambda t: fit(t, CATALOG).value)
    assert best.rows[0].specification.endswith("Participatiewet vanaf 2015")
    assert [r.specification for r in best.rows[1:]] == ["VMBO BK", "VMBO BK/GT"]


def test_a_renamed_row_split_by_the_page_break_takes_its_labels_end_under_the_repeated_header():
    # pypdfium2 of Writer's 2025-2026 table: the renamed children's row ("... in een huishouden
    # ...") is split by the page break, its label's end under the next page's repeated header.
    header = ["Indicator Specificatie 2018 2019", "NPLV NL NPLV NL"]
    first = ["Bijlage: Monitor"] + header + [
        "Armoedegrens Aandeel huishoudens onder de", "armoedegrens", "18.18% 8.75% 16.20% 7.80%",
        "Armoedegrens Aandeel kinderen in een 18.53% 7.55% 15.81% 6.49%"]
    second = header + ["huishouden onder de", "armoedegrens", "Huishoudens met", "problematische", "schulden",
                       "Huishoudens waarvan ten", "minste één lid (16+) een", "betalingsachterstand heeft bij",
                       "een instantie, oninbare schulden", "bij de Belastingdienst, of",
                       "deelneemt aan een WSNP-traject", "13.35% 6.45% 12.59% 6.01%"]
    lines = first + second
    readings = dict(read_lines(lines, [1] * len(first) + [2] * len(second), CATALOG))
    table = readings["line reader, labels above their values"]
    assert [(r.indicator, r.specification) for r in table.rows][1:] == [
        ("Armoedegrens", "Aandeel kinderen in een huishouden onder de armoedegrens"),
        ("Huishoudens met problematische schulden",
         "Huishoudens waarvan ten minste één lid (16+) een betalingsachterstand heeft bij een instantie, "
         "oninbare schulden bij de Belastingdienst, of deelneemt aan een WSNP-traject")]


def test_area_cells_written_after_the_rows_complete_a_header_of_years():
    # pypdfium2 of a Calc sheet whose years fit their cells and whose area names wrap ("Nederland"
    # broken without a hyphen): the line of years over the rows, every area cell after them.
    late = ["Gem.", "NPLV-gebieden", "Nederla", "nd"] * 3
    lines = ["Bijlage: Monitor", "Indicator Specificatie 2018 2019 2020"] + CALC_ROWS + late + CALC_TAIL
    table = _readings(lines)["line reader, wrapped labels written after the rows"]
    assert _slots(table) == [(y, a) for y in (2018, 2019, 2020) for a in ("NPLV", "NL")]
    assert [(r.indicator, r.specification) for r in table.rows] == CALC_LABELS
    assert _cells(table, 4)[(2019, "NPLV")] == "8.86%"
    assert not [d.text for d in table.decisions if d.kind == "stray_text"]  # "nd" is the header's
    assert fit(table, CATALOG).trusted()
    # Without area cells the years name no columns: no header, no reading.
    assert _readings(["Bijlage: Monitor", "Indicator Specificatie 2018 2019 2020"] + CALC_ROWS + CALC_TAIL) == {}


def test_an_order_of_area_columns_the_text_does_not_print_is_not_guessed():
    # Without a row measured for one area only, nothing tells the two orders apart: neither is read.
    header = ["Indicator Specificatie 2018 2019 2020", "Gem. NL Gem. NL Gem. NL"]
    late = ["Gem.", "NPLV-", "gebieden"] * 3
    readings = _readings(header + CALC_ROWS[:4] + late + CALC_TAIL[:8])
    assert readings and not any("area columns" in name for name in readings)
    assert not any(fit(t, CATALOG).trusted() for t in readings.values())


def test_a_renamed_row_among_labels_written_after_the_rows_keeps_its_lines():
    # The indicator renamed (2025-2026: "Bijstandsontvangers"), its specification as in the
    # catalog; a new row the catalog does not know follows it.
    lines = ["Indicator Specificatie 2018 2019",
             "Gem. NPLV-gebieden Gem. NL Gem. NPLV-gebieden Gem. NL",
             "Bijstandsontvangers 8.22% 3.16% 7.67% 2.97%",
             "Eenzaamheid – – – –",
             "Personen van 15 jaar en ouder met een",
             "bijstandsuitkering op grond van de WWB t/m 2014 en",
             "de Participatiewet vanaf 2015",
             "Personen van 18 jaar en ouder die zich (zeer) ernstig",
             "eenzaam voelen"]
    table = _readings(lines)["line reader, wrapped labels written after the rows"]
    assert [(r.indicator, r.specification) for r in table.rows] == [
        ("Bijstandsontvangers", "Personen van 15 jaar en ouder met een bijstandsuitkering op grond van de WWB t/m "
                                "2014 en de Participatiewet vanaf 2015"),
        ("Eenzaamheid", "Personen van 18 jaar en ouder die zich (zeer) ernstig eenzaam voelen")]


# pdftotext -raw of a Calc sheet (2025-2026, the labels on the first sheet of a spread): the
# renamed row's specification wraps "2015" onto a line of its own, and the group indicator after
# the new row wraps too, so both come after the rows.
NEW_ROW_TAIL = ["Indicator Specificatie 2018 2019",
                "Gem. NPLV-gebieden Gem. NL Gem. NPLV-gebieden Gem. NL",
                "Bijstandsontvangers 8.22% 3.16% 7.67% 2.97%",
                "Eenzaamheid – – – –",
                "VMBO BK 31% 20.00% 32.00% 20.00%",
                "VMBO BK/GT 4% 4.00% 5.00% 4.00%",
                "Personen van 15 jaar en ouder met een",
                "bijstandsuitkering op grond van de WWB",
                "t/m 2014 en de Participatiewet vanaf",
                "2015",
                "Personen van 18 jaar en ouder die zich",
                "(zeer) ernstig eenzaam voelen",
                "Definitief schooladvies",
                "PO"]


def test_a_year_the_header_does_not_print_alone_on_a_wrapped_line_ends_a_label():
    table = _readings(NEW_ROW_TAIL)["line reader, wrapped labels written after the rows"]
    assert table.rows[0].specification == ("Personen van 15 jaar en ouder met een bijstandsuitkering op grond van "
                                           "de WWB t/m 2014 en de Participatiewet vanaf 2015")


def test_a_new_row_takes_its_own_wrapped_specification_not_the_next_groups_indicator():
    # The next group's indicator with the new row's words names none of that group's rows, so
    # the new row reads best with its own specification's lines, the indicator with its group.
    table = _readings(NEW_ROW_TAIL)["line reader, wrapped labels written after the rows"]
    assert [(r.indicator, r.specification) for r in table.rows][1:3] == [
        ("Eenzaamheid", "Personen van 18 jaar en ouder die zich (zeer) ernstig eenzaam voelen"),
        ("Definitief schooladvies PO", "VMBO BK")]
    assert not [d for d in table.decisions if d.kind == "stray_text"]


def test_wrapped_label_lines_no_row_takes_are_reported_not_dropped():
    # A line between two rows' wrapped labels that neither row reads with (a note): it stays in
    # the reading as text no row took; with every row known it is only reported.
    lines = NEW_ROW_TAIL[:3] + NEW_ROW_TAIL[4:6] + NEW_ROW_TAIL[6:10] + ["Zie de toelichting"] + NEW_ROW_TAIL[12:]
    table = _readings(lines)["line reader, wrapped labels written after the rows"]
    assert [(r.indicator, r.specification) for r in table.rows][1] == ("Definitief schooladvies PO", "VMBO BK")
    assert [d.text for d in table.decisions if d.kind == "stray_text"] == ["Zie de toelichting"]
    assert fit(table, CATALOG).trusted()


def test_rows_on_the_next_page_under_a_header_not_read_are_not_left_out_silently():
    # The table goes on over the page break under a header the reader cannot read: a reading of
    # the first page alone is not the whole table, so none is trusted.
    first = HEADER + ["Armoedegrens Aandeel huishoudens onder de armoedegrens 18.18% 8.75% 16.20% 7.80%",
                      "Aandeel kinderen in huishoudens onder de armoedegrens 18.53% 7.55% 15.81% 6.49%",
                      "Bijstandsgerechtigden Personen van 15 jaar en ouder met een bijstandsuitkering "
                      "8.22% 3.16% 7.67% 2.97%"]
    second = ["Gem. Gem.", "NPLV- gebiede", "n NL Gem.",
              "Ervaren gezondheid Personen van 18 jaar en ouder – – – –",
              "VMBO BK 31% 20.00% 32.00% 20.00%", "VMBO BK/GT 4% 4.00% 5.00% 4.00%", "VMBO GT 18% 18.00% 18.00% 18.00%"]
    readings = read_lines(first + second, [1] * len(first) + [2] * len(second), CATALOG)
    assert readings
    for name, table in readings:
        judged = fit(table, CATALOG)
        assert judged.unclaimed_pages == 1 and not judged.trusted(), name
        assert "rows on 1 page(s) under no header read" in judged.summary()


def test_rows_on_the_next_page_without_a_header_go_on_with_the_table():
    # wkhtmltopdf repeats no header: the last row is alone at the top of the next page.
    first = HEADER + ["Armoedegrens Aandeel huishoudens onder de armoedegrens 18.18% 8.75% 16.20% 7.80%"]
    second = ["Aandeel kinderen in huishoudens onder de armoedegrens 18.53% 7.55% 15.81% 6.49%",
              "", "Bijlage 2: Begrippen", "In deze bijlage staan de begrippen van de monitor."]
    paged = dict(read_lines(first + second, [1] * len(first) + [2] * len(second), CATALOG))
    for name, read in paged.items():
        assert [r.specification for r in read.rows] == ["Aandeel huishoudens onder de armoedegrens",
                                                        "Aandeel kinderen in huishoudens onder de armoedegrens"], name
        assert read.rows[1].page == 2


def test_a_next_page_whose_first_figures_are_prose_does_not_go_on_with_the_table():
    first = HEADER + ["Armoedegrens Aandeel huishoudens onder de armoedegrens 18.18% 8.75% 16.20% 7.80%"]
    second = ["Bijlage 2", "Het aandeel steeg in de gebieden tot 18.53%"]
    for name, read in read_lines(first + second, [1] * len(first) + [2] * len(second), CATALOG):
        assert len(read.rows) == 1, name


def test_an_area_heading_broken_twice_in_a_narrow_cell_is_header_not_label():
    # LibreOffice Calc in a narrow column: "Gem. NPLV-gebieden" prints as "Gem." / "NPLV-" /
    # "gebiede" / "n"; pdfplumber writes each line of the header across the columns.
    lines = ["Indicator Specificatie 2018 2019",
             "Gem. Gem. NL Gem. Gem. NL",
             "NPLV- NPLV-",
             "gebiede gebiede",
             "n n",
             "Armoedegrens Aandeel huishoudens onder de 18.18% 8.75% 16.20% 7.80%",
             "armoedegrens"]
    table = _best(lines)
    assert _slots(table) == [(2018, "NPLV"), (2018, "NL"), (2019, "NPLV"), (2019, "NL")]
    assert (table.rows[0].indicator, table.rows[0].specification) == \
        ("Armoedegrens", "Aandeel huishoudens onder de armoedegrens")


def test_a_unit_wrapped_below_its_figure_completes_that_figure():
    # Calc wraps "1500.00%" in a narrow cell: "1500.00" on the row's line, "%" on the next,
    # after the label's second line.
    lines = HEADER + [
        "Definitief HAVO/VWO 10% 10.00% 14.00% 1500.00",
        "schooladvies PO %",
    ]
    table = _best(lines)
    row = table.rows[0]
    assert (row.indicator, row.specification) == ("Definitief schooladvies PO", "HAVO/VWO")
    assert _cells(table, 0)[(2019, "NL")] == "1500.00%"
    assert [d.kind for d in table.decisions if d.kind == "wrapped_cell"] == ["wrapped_cell"]


def test_a_bare_unit_that_completes_no_single_figure_is_left_as_printed():
    # Two figures without "%": the line does not say which one the unit belongs to.
    lines = HEADER + [
        "Definitief HAVO/VWO 10% 10.00 14.00% 1500.00",
        "schooladvies PO %",
    ]
    table = _best(lines)
    assert sorted(_cells(table, 0).values()) == sorted(["10%", "10.00", "14.00%", "1500.00"])
    assert not [d for d in table.decisions if d.kind == "wrapped_cell"]


def test_units_wrapped_under_every_figure_of_a_row_complete_the_figures_in_order():
    # A Calc sheet scaled to one page wide (pdfplumber's text): most figures wrap, "60.35" on the
    # row's line and "%" on the next, after the label's second line; "1500.0" over "0%".
    lines = HEADER + [
        "Armoedegrens Aandeel huishoudens onder de 18.18 8.75% 16.20 7.80%",
        "armoedegrens % %",
        "Definitief HAVO/VWO 10% 10.00 14.00 1500.0",
        "schooladvies PO % % 0%",
    ]
    table = _best(lines)
    assert [(row.indicator, row.specification) for row in table.rows] == [
        ("Armoedegrens", "Aandeel huishoudens onder de armoedegrens"), ("Definitief schooladvies PO", "HAVO/VWO")]
    assert list(_cells(table, 0).values()) == ["18.18%", "8.75%", "16.20%", "7.80%"]
    assert list(_cells(table, 1).values()) == ["10%", "10.00%", "14.00%", "1500.00%"]
    assert [d.kind for d in table.decisions].count("wrapped_cell") == 5
    # As many pieces as figures without the unit, or none is joined: which figure a piece ends
    # is not written down.
    short = _best(HEADER + ["Armoedegrens Aandeel huishoudens onder de 18.18 8.75 16.20 7.80",
                            "armoedegrens % %"])
    assert "18.18" in _cells(short, 0).values()
    assert not [d for d in short.decisions if d.kind == "wrapped_cell"]


def test_units_wrapped_under_a_row_past_its_labels_wrapped_line_complete_its_figures():
    # Writer, narrow value columns (pdfplumber): the label's wrapped line stands between the row
    # and its wrapped units; "9166." is cut right after its point, "00%" under it; "Neder" /
    # "land" is "Nederland" broken in a narrow heading.
    lines = ["Indicator Specificatie 2018 2019",
             "Gem. NPLV- Neder Gem. NPLV- Neder",
             "gebieden land gebieden land",
             "Verhuisbeweging: Afgelopen 10 jaar 82.80 – 9166. –",
             "doorloopsnelheid",
             "% 00%"]
    table = _best(lines)
    assert _slots(table) == [(2018, "NPLV"), (2018, "NL"), (2019, "NPLV"), (2019, "NL")]
    assert (table.rows[0].indicator, table.rows[0].specification) == ("Verhuisbeweging: doorloopsnelheid",
                                                                      "Afgelopen 10 jaar")
    assert list(_cells(table, 0).values()) == ["82.80%", "–", "9166.00%", "–"]


def test_a_figure_wrapped_inside_its_digits_is_one_cell_not_a_row():
    # Calc, a narrower cell: "1500.0" ends the row's line, "0%" stands alone on the next line.
    lines = HEADER + [
        "Definitief HAVO/VWO 10% 10.00% 14.00% 1500.0",
        "0%",
        "schooladvies PO",
    ]
    table = _best(lines)
    assert len(table.rows) == 1
    assert (table.rows[0].indicator, table.rows[0].specification) == ("Definitief schooladvies PO", "HAVO/VWO")
    assert _cells(table, 0)[(2019, "NL")] == "1500.00%"
    [wrapped] = [d for d in table.decisions if d.kind == "wrapped_cell"]
    assert "'1500.0' and the '0%'" in wrapped.message


def test_a_row_of_one_value_that_completes_no_figure_stays_a_row():
    # "15%" under a row whose figures all carry their unit: a row of its own (ragged).
    lines = HEADER + [
        "Armoedegrens Aandeel huishoudens onder de armoedegrens 18.18% 8.75% 16.20% 7.80%",
        "Aandeel kinderen in huishoudens onder de armoedegrens",
        "15%",
    ]
    table = _best(lines)
    assert len(table.rows) == 2
    assert not [d for d in table.decisions if d.kind == "wrapped_cell"]


def test_an_indicator_printed_in_the_middle_of_its_group_ends_after_the_last_row():
    # Calc centres "Jongeren verdacht van een delict" on its two rows; in a narrow cell it
    # wraps past the second row's line.
    lines = HEADER + [
        "Jongeren 12 t/m 17 jaar 3.33% 1.60% 3.65% 1.79%",
        "verdacht van",
        "18 t/m 22 jaar 3.14% 2.08% 3.27% 2.14%",
        "een delict",
    ]
    table = _readings(lines)["line reader, labels divided by the catalog"]
    assert [(r.indicator, r.specification) for r in table.rows] == [
        ("Jongeren verdacht van een delict", "12 t/m 17 jaar"), ("", "18 t/m 22 jaar")]
    assert not [d for d in table.decisions if d.kind == "stray_text"]
    assert max(_readings(lines).values(), key=lambda t: fit(t, CATALOG).value).rows[0].indicator == \
        "Jongeren verdacht van een delict"


def test_text_after_the_table_that_ends_no_indicator_stays_stray():
    lines = HEADER + [
        "Jongeren verdacht van een delict 12 t/m 17 jaar 3.33% 1.60% 3.65% 1.79%",
        "18 t/m 22 jaar 3.14% 2.08% 3.27% 2.14%",
        "Bron: CBS",
    ]
    table = _best(lines)
    assert table.rows[0].indicator == "Jongeren verdacht van een delict"
    assert [(d.kind, d.text) for d in table.decisions if d.kind == "stray_text"] == [("stray_text", "Bron: CBS")]


def test_header_names_an_extractor_ran_together_are_read_apart():
    # pypdf joins separate text runs without a space: the NL heading of the last column runs
    # into the NPLV cells written after it ("Gem. NLGem."), and the same on a one-level header
    # ("2024 NL2018"). The names are taken apart and the header keeps all its columns.
    late = ["NPLV-", "gebieden", "Gem.", "NPLV-", "gebieden", "Gem.", "NPLV-", "gebieden"]
    for header in (["Indicator Specificatie 2018 2019 2020", "Gem. NL Gem. NL Gem. NLGem. "] + late,
                   ["Indicator Specificatie 2018 NL 2019 NL 2020 NL2018", "NPLV", "2019", "NPLV", "2020", "NPLV"]):
        best = _best(header + CALC_ROWS + CALC_TAIL)
        assert sorted(_slots(best)) == [(y, a) for y in (2018, 2019, 2020) for a in ("NL", "NPLV")]
        assert [(r.indicator, r.specification) for r in best.rows] == CALC_LABELS
        assert _cells(best, 4) == {(2018, "NPLV"): "8.97%", (2018, "NL"): "–", (2019, "NPLV"): "8.86%",
                                   (2019, "NL"): "–", (2020, "NPLV"): "9.16%", (2020, "NL"): "–"}
        assert fit(best, CATALOG).trusted()


def test_only_words_made_wholly_of_header_names_are_taken_apart():
    is_name = {"NPLV", "Nederland", "NL", "Gem.", "2018", "2019", "2020"}.__contains__
    assert unglued("NPLVNederland", is_name) == ["NPLV", "Nederland"]
    assert unglued("NLGem.", is_name) == ["NL", "Gem."]
    assert unglued("NL2018", is_name) == ["NL", "2018"]
    # pypdf's layout text of a TeX one-level header: "2018" over "NPLV" beside "2018 NL".
    assert unglued("20182018", is_name) == ["2018", "2018"]
    assert unglued("201820192020", is_name) == ["2018", "2019", "2020"]
    assert unglued("20158", is_name) == ["20158"]  # no run of years
    # A label word that merely starts with a name, or holds a capital, stays whole.
    assert unglued("NLNiet", is_name) == ["NLNiet"]
    assert unglued("beoordeeldIndicator", is_name) == ["beoordeeldIndicator"]
    assert unglued("WSNP-traject", is_name) == ["WSNP-traject"]
    # A word with more places a name could begin than a run of a few names has is not searched ...
    assert unglued("NLNLNL", is_name) == ["NL", "NL", "NL"]
    assert unglued("NL" * 6 + "NPLV", is_name) == ["NL" * 6 + "NPLV"]
    # ... unless it repeats one run of names: pdf-parse's header, every year's area names.
    assert unglued("NPLVNL" * 7, is_name) == ["NPLV", "NL"] * 7
    assert unglued("NPLVNederland" * 8, is_name) == ["NPLV", "Nederland"] * 8
    assert unglued("NL" * 7, is_name) == ["NL"] * 7
    assert unglued("NPLVNLX" * 7, is_name) == ["NPLVNLX" * 7]  # the run is no names
    assert unglued("NL" * 300, is_name) == ["NL" * 300]  # longer than any header's run


def test_a_unit_wrapped_below_a_figure_on_a_part_without_labels_completes_that_figure():
    # Writer's narrow value columns, a spread whose right part prints no labels: "1500.00%"
    # wraps, its "%" alone on the line under the row (pdfplumber), and must not be lost.
    left = ["Indicator Specificatie 2018 2019", "NPLV NL NPLV NL",
            "Definitief schooladvies PO HAVO/VWO 10% 10.00% 9.00% 11.00%",
            "VWO 14% 21.00% 13.00% 20.00%"]
    right = ["2020 2021", "NPLV NL NPLV NL", "9.00% 10.00% 14.00% 1500.00", "%", "11.00% 18.00% 13.00% 20.00%"]
    readings = read_lines(left + right, [1] * len(left) + [2] * len(right), CATALOG)
    table = max((t for _, t in readings), key=lambda t: fit(t, CATALOG).value)
    assert _cells(table, 0)[(2021, "NL")] == "1500.00%"
    assert _cells(table, 1)[(2020, "NPLV")] == "11.00%"
    assert "wrapped_cell" in [d.kind for d in table.decisions]


def test_figures_wrapped_under_a_row_of_a_part_without_labels_complete_it_and_are_never_dropped():
    # Writer, narrow cells, a spread whose right part prints no labels (pdfplumber): the row's
    # figures wrap, "1500." cut right after its point; their pieces stand on the line under it.
    left = ["Indicator Specificatie 2018 2019", "NPLV NL NPLV NL",
            "Definitief schooladvies PO HAVO 15% 18.00% 13.00% 17.00%",
            "HAVO/VWO 10% 10.00% 9.00% 11.00%",
            "VWO 14% 21.00% 13.00% 20.00%"]
    right = ["2020 2021", "NPLV NL NPLV NL", "13.00% 17.00% 13.00% 17.00%", "9.00 10.00 14.00 1500.", "% % % 00%",
             "11.00% 18.00% 13.00% 20.00%"]
    readings = read_lines(left + right, [1] * len(left) + [2] * len(right), CATALOG)
    table = max((t for _, t in readings), key=lambda t: fit(t, CATALOG).value)
    assert [_cells(table, 1)[(year, area)] for year in (2020, 2021) for area in ("NPLV", "NL")] == [
        "9.00%", "10.00%", "14.00%", "1500.00%"]
    # Where the pieces do not make the row whole, its figures are label text on a part without
    # labels: said as figures in no cell, so the reading is not trusted.
    right[4] = "% % 00%"
    readings = read_lines(left + right, [1] * len(left) + [2] * len(right), CATALOG)
    assert readings and not any(fit(table, CATALOG).trusted() for _, table in readings)
    unlabelled = dict(readings)["line reader, labels above their values"]
    # (The units left over, "% %" before the "00%" read as a value, are said too.)
    assert [d.text for d in unlabelled.decisions if d.kind == "stray_text"] == ["9.00 10.00 14.00 1500.", "% %"]
    assert fit(unlabelled, CATALOG).stray_figures == 6


def test_the_units_of_a_row_split_by_a_page_break_complete_it_from_under_the_repeated_header():
    # pypdfium2 of Writer's narrow columns: the VWO row's figures wrapped their "%" onto the next
    # page, the units on its first line under the repeated header.
    header = ["Indicator Specificatie 2018 2019", "NPLV NL NPLV NL"]
    first = ["Bijlage: Monitor"] + header + ["Definitief schooladvies PO HAVO/VWO 10% 10.00% 9.00% 11.00%",
                                             "VWO 14% 21.00 13.00 20.00"]
    second = header + ["% % %", "Afstromers in VO Leerlingen die naar lager onderwijstype",
                       "en volgend leerjaar gaan – – 3.40% 3.10%"]
    readings = read_lines(first + second, [1] * len(first) + [2] * len(second), CATALOG)
    table = max((t for _, t in readings), key=lambda t: fit(t, CATALOG).value)
    assert [r.specification for r in table.rows][:2] == ["HAVO/VWO", "VWO"]
    assert _cells(table, 1) == {(2018, "NPLV"): "14%", (2018, "NL"): "21.00%", (2019, "NPLV"): "13.00%",
                                (2019, "NL"): "20.00%"}
    assert table.rows[2].indicator == "Afstromers in VO"
    # Lines of the next page other than its header above the units: no unit goes back.
    second = header + ["Zie bijlage", "% % %"] + second[3:]
    for _, table in read_lines(first + second, [1] * len(first) + [2] * len(second), CATALOG):
        assert _cells(table, 1)[(2018, "NL")] == "21.00"


def test_the_units_of_a_split_row_beside_its_labels_end_under_the_repeated_header_complete_it():
    # pypdf of Writer's narrow columns: the poverty row split by the page break, its label's end
    # and its figures' units on one line under the next page's repeated header.
    header = ["Indicator Specificatie 2018 2019", "NPLV NL NPLV NL"]
    first = ["Bijlage: Monitor"] + header + ["Armoedegrens Aandeel huishoudens onder de 18.18 8.75% 16.20 7.80%"]
    second = header + ["armoedegrens % %", "Aandeel kinderen in huishoudens onder de armoedegrens 18.53% 7.55% "
                       "15.81% 6.49%"]
    readings = read_lines(first + second, [1] * len(first) + [2] * len(second), CATALOG)
    table = max((t for _, t in readings), key=lambda t: fit(t, CATALOG).value)
    assert [r.specification for r in table.rows] == ["Aandeel huishoudens onder de armoedegrens",
                                                     "Aandeel kinderen in huishoudens onder de armoedegrens"]
    assert _cells(table, 0) == {(2018, "NPLV"): "18.18%", (2018, "NL"): "8.75%", (2019, "NPLV"): "16.20%",
                                (2019, "NL"): "7.80%"}
    # As many units as the row has figures without one, or none go back.
    second[2] = "armoedegrens % % %"
    for _, table in read_lines(first + second, [1] * len(first) + [2] * len(second), CATALOG):
        assert _cells(table, 0)[(2018, "NPLV")] == "18.18"


def test_a_unit_wrapped_below_a_figure_is_not_also_the_next_rows_label():
    # Calc's narrow cell: "1500.00" / "%" with nothing else on the "%" line. Read as the next
    # row's label the "%" made a row "% VWO" the catalog does not know, beside the real VWO.
    lines = ["Indicator Specificatie 2018 NPLV 2018 NL 2019 NPLV 2019 NL",
             "Definitief schooladvies PO HAVO 15% 18.00% 13.00% 17.00%",
             "HAVO/VWO 10% 10.00% 14.00% 1500.00", "%", "VWO 14% 21.00% 13.00% 20.00%"]
    for name, table in _readings(lines).items():
        assert [(r.indicator, r.specification) for r in table.rows] == [
            ("Definitief schooladvies PO", "HAVO"), ("", "HAVO/VWO"), ("", "VWO")], name
        assert _cells(table, 1)[(2019, "NL")] == "1500.00%", name


def test_a_unit_wrapped_onto_the_next_page_completes_the_figure_at_the_foot_of_the_page_before():
    # Writer splits the row over the page break: "1500.00" is the page's last figure, its "%"
    # stands alone under the next page's header, before the next row (pdfplumber, pypdf).
    first = ["Indicator Specificatie 2018 2019", "NPLV NL NPLV NL",
             "Definitief schooladvies PO HAVO 15% 18.00% 13.00% 17.00%",
             "HAVO/VWO 10% 10.00% 14.00% 1500.00"]
    second = ["Indicator Specificatie 2018 2019", "NPLV NL NPLV NL", "%", "VWO 14% 21.00% 13.00% 20.00%"]
    for name, table in read_lines(first + second, [1] * len(first) + [2] * len(second), CATALOG):
        assert [(r.indicator, r.specification) for r in table.rows] == [
            ("Definitief schooladvies PO", "HAVO"), ("", "HAVO/VWO"), ("", "VWO")], name
        assert _cells(table, 1)[(2019, "NL")] == "1500.00%", name
        assert "wrapped_cell" in [d.kind for d in table.decisions], name


def test_the_units_of_a_split_row_under_a_header_of_broken_names_complete_it():
    # pdfplumber of a Word table with narrow value columns: the repeated header breaks each
    # "Gem. NPLV-gebieden" over lines ("NPLV" / "-" / "gebie" / "den"), and the split row's units
    # stand under it. The line of hyphens is the header's, not the row the units complete.
    header = ["Indicator Specificatie 2018 2019", "Gem. Gem. Gem. Gem.", "NPLV NL NPLV NL", "- -",
              "gebie gebie", "den den"]
    first = ["Bijlage: Monitor"] + header + [
        "Definitief VMBO BK 31% 20.00 32.00 20.00", "schooladvies PO % % %",
        "VMBO BK/GT 4% 4.00 5.00 4.00"]
    second = header + ["% % %", "VMBO GT 18% 18.00% 18.00% 18.00%"]
    readings = read_lines(first + second, [1] * len(first) + [2] * len(second), CATALOG)
    table = max((t for _, t in readings), key=lambda t: fit(t, CATALOG).value)
    assert [r.specification for r in table.rows] == ["VMBO BK", "VMBO BK/GT", "VMBO GT"]
    assert _cells(table, 1) == {(2018, "NPLV"): "4%", (2018, "NL"): "4.00%", (2019, "NPLV"): "5.00%",
                                (2019, "NL"): "4.00%"}


@pytest.mark.parametrize("pages_marked", [True, False])
def test_a_row_split_over_a_page_break_takes_its_labels_end_under_the_next_header(pages_marked):
    # Writer splits a row over the page break; pypdfium2 writes each cell's lines before the row's
    # values, and the rest of both label cells, a line holding the ends of both, under the next
    # page's header before the next row's label. The next row's own label is a catalog label too,
    # so only reading both rows tells the lines apart. A text that marks no page (pdftotext
    # -nopgbrk) still repeats the header there.
    first = HEADER + [
        "Arbeidsparticipatie", "(netto", "Werkzame beroepsbevolking", "in de bevolking (beroeps- en",
        "60.71% 68.00% 61.93% 69.00%",
    ]
    second = HEADER + [
        "participatiegraad) niet-beroepsbevolking) van", "15 t/m 74-jarigen",
        "Werkzame beroepsbevolking", "in de bevolking (beroeps- en", "niet-beroepsbevolking) van",
        "jongeren tussen de 15 tot en", "met 24 jaar",
        "– – 61% 67.00%",
    ]
    pages = [1] * len(first) + [2 if pages_marked else 1] * len(second)
    readings = dict(read_lines(first + second, pages, CATALOG))
    table = readings["line reader, labels above their values"]
    assert [(row.indicator, row.specification) for row in table.rows] == [
        ("Arbeidsparticipatie (netto participatiegraad)",
         "Werkzame beroepsbevolking in de bevolking (beroeps- en niet-beroepsbevolking) van 15 t/m 74-jarigen"),
        ("", "Werkzame beroepsbevolking in de bevolking (beroeps- en niet-beroepsbevolking) van jongeren tussen de "
             "15 tot en met 24 jaar"),
    ]
    assert fit(table, CATALOG).trusted()


def test_a_hyphenation_pdfium_marks_inside_a_line_joins_the_word():
    # pypdfium2 on a TeX PDF: the hyphenated word's parts on one line, U+FFFE between them.
    lines = HEADER + ["Armoedegrens Aandeel huishoudens onder de ar\ufffemoedegrens 18.18% 8.75% 16.20% 7.80%"]
    assert _best(lines).rows[0].specification == "Aandeel huishoudens onder de armoedegrens"


def test_a_header_whose_years_run_into_their_area_names_is_read():
    # pdfplumber's text of a TeX PDF, one-level header in small bold type: "2018NPLV 2018NL".
    lines = ["Indicator Specificatie 2018NPLV 2018NL 2019NPLV 2019NL",
             "Armoedegrens Aandeel huishoudens onder de armoedegrens 18.18% 8.75% 16.20% 7.80%"]
    assert _slots(_best(lines)) == [(2018, "NPLV"), (2018, "NL"), (2019, "NPLV"), (2019, "NL")]


def test_headers_are_looked_for_within_a_bound_of_work():
    # Each line that may start a header costs a header's reach of lines: past the bound, no
    # more are tried (a text of little but years), and the headers found before it stand.
    table = ["Indicator Specificatie 2018 2019", "Gem. NPLV Gem. NL Gem. NPLV Gem. NL",
             "Armoedegrens Aandeel huishoudens onder de armoedegrens 18.18% 8.75% 16.20% 7.80%"]
    text = table + ["Ook in 2019 en 2020 bleef het aandeel gelijk."] * 3 + table
    found = header_spans(text)
    assert [first for first, _, _ in found] == [0, 6]
    # The first header's try looks at every line to the text's end (the text is shorter than
    # a header's reach): a bound of that much leaves the second untried.
    assert [first for first, _, _ in header_spans(text, LineSettings(max_header_work=len(text)))] == [0]


def test_a_line_of_years_with_no_values_below_it_within_reach_starts_no_header():
    header = ["Indicator Specificatie 2018 2019", "Gem. NPLV Gem. NL Gem. NPLV Gem. NL"]
    row = "Armoedegrens Aandeel huishoudens onder de armoedegrens 18.18% 8.75% 16.20% 7.80%"
    reach = LineSettings().header_lines
    assert header_spans(header + [""] * (2 * reach) + [row]) == []
    assert [first for first, _, _ in header_spans(header + [""] * reach + [row])] == [0]


def test_an_area_name_broken_twice_under_one_areas_columns_stays_header():
    # pdfplumber's text of a Writer table, narrow cells: "NPLV-" / "gebiede" / "n" and
    # "Nederlan" / "d"; the last pieces stand under the NPLV columns only.
    header = ["Indicator Specificatie 2018 2019",
              "NPLV- Nederlan NPLV- Nederlan", "gebiede d gebiede d", "n n"]
    rows = ["Leefbaarometer 'Algemeen' Woningen binnen een gebied dat een 60.35% 14.11% – –",
            "leefbaarheidscore van zwak of lager heeft",
            "Samenstelling Koop 33.20% 57.00% 33.62% 57.58%", "woningvoorraad"]
    best = _best(header + rows)
    assert _slots(best) == [(2018, "NPLV"), (2018, "NL"), (2019, "NPLV"), (2019, "NL")]
    assert best.rows[0].indicator == "Leefbaarometer 'Algemeen'"
    assert [header_spans(header + rows)[0][:2]] == [(0, 4)]


def test_a_header_written_after_its_pages_rows_is_theirs():
    # pypdfium2's text of a Calc sheet on Letter paper: the page's rows first, then the header's
    # wrapped cells, then the label cells that wrap ("Samenstelling" / "woningvoorraad").
    rows = ["Bijlage: Monitor", "Indicator Specificatie",
            "Koop 33.20% 57.00% 33.62% 57.58%", "Particuliere huur 15.93% 13.00% 16.17% 13.13%",
            "Corporatie huur 50.27% 29.00% 50.06% 29.29%"]
    header = ["2018", "Gem.", "NPLV-gebieden", "2018", "Gem. NL", "2019", "Gem.", "NPLV-gebieden", "2019", "Gem. NL"]
    best = _best(rows + header + ["Samenstelling", "woningvoorraad"])
    assert _slots(best) == [(2018, "NPLV"), (2018, "NL"), (2019, "NPLV"), (2019, "NL")]
    assert [(r.indicator, r.specification) for r in best.rows] == [
        ("Samenstelling woningvoorraad", "Koop"), ("", "Particuliere huur"), ("", "Corporatie huur")]
    assert _cells(best, 0)[(2019, "NL")] == "57.58%"
    # A page whose rows stand under a header of their own keeps it: a header of nothing below
    # them is no header.
    own = ["Indicator Specificatie 2018 2019", "Gem. NPLV-gebieden Gem. NL Gem. NPLV-gebieden Gem. NL"]
    later = [w.replace("2018", "2020").replace("2019", "2021") for w in header]
    kept = _best(own + rows[2:] + later + ["Samenstelling", "woningvoorraad"])
    assert _slots(kept) == [(2018, "NPLV"), (2018, "NL"), (2019, "NPLV"), (2019, "NL")]
    assert len(kept.rows) == 3


@pytest.mark.parametrize("header, wrapped, last_labels", [
    # pypdfium2, pdftotext -raw and pypdf of Writer's one-level Letter table: "9166.00%" wraps in
    # its narrow cell, and the row's last cell ("–", 2025 NL) follows on a line of its own.
    (["Indicator Specificatie 2024 NPLV 2024 NL 2025 NPLV 2025 NL"], ["9166.00", "%"],
     ["Woningen met", "energielabels E t/m G 12.40% 12.95% 3.05% 13.05%"]),
    # pdftotext -raw of Writer's two-level Letter table: "9166.00%" breaks in its decimals
    # ("9166.0" / "0%"), and the row's last cell follows the same way.
    (["Indicator Specificatie 2024 2025", "Gem. NPLV-gebieden Gem. NL Gem. NPLV-gebieden Gem. NL"], ["9166.0", "0%"],
     ["Woningen met", "energielabels E t/m G", "12.40% 12.95% 3.05% 13.05%"]),
])
def test_the_cells_after_a_wrapped_figure_on_the_line_under_its_piece_end_the_row(header, wrapped, last_labels):
    lines = header + ["Verhuisbeweging:", "doorloopsnelheid", "Afgelopen 5 jaar 62.08% – 62.33% –",
                      f"Afgelopen 10 jaar 91.41% – {wrapped[0]}", wrapped[1], "–"] + last_labels
    best = _best(lines)
    assert [(r.indicator, r.specification) for r in best.rows] == [
        ("Verhuisbeweging: doorloopsnelheid", "Afgelopen 5 jaar"), ("", "Afgelopen 10 jaar"),
        ("Woningen met energielabels E t/m G", "")]
    assert _cells(best, 1) == {(2024, "NPLV"): "91.41%", (2024, "NL"): "–",
                               (2025, "NPLV"): "9166.00%", (2025, "NL"): "–"}
    assert [d.kind for d in best.decisions if d.kind in ("wrapped_cell", "split_row")] == [
        "wrapped_cell", "split_row"]


def test_a_figures_piece_beside_the_rows_wrapped_label_on_the_next_line_completes_it():
    # pdfplumber of the same table, the indicator on every row: the piece ("0%") stands on the
    # next line after the indicator's wrapped end, the row's last cell ("–") on the row's line.
    lines = ["Indicator Specificatie 2024 2025", "Gem. NPLV-gebieden Gem. NL Gem. NPLV-gebieden Gem. NL",
             "Verhuisbeweging: Afgelopen 5 jaar 62.08% – 62.33% –", "doorloopsnelheid",
             "Verhuisbeweging: Afgelopen 10 jaar 91.41% – 9166.0 –", "doorloopsnelheid 0%",
             "Woningen met 12.40% 12.95% 3.05% 13.05%", "energielabels E t/m G"]
    best = _best(lines)
    assert [(r.indicator, r.specification) for r in best.rows] == [
        ("Verhuisbeweging: doorloopsnelheid", "Afgelopen 5 jaar"),
        ("Verhuisbeweging: doorloopsnelheid", "Afgelopen 10 jaar"),
        ("Woningen met energielabels E t/m G", "")]
    assert _cells(best, 1)[(2025, "NPLV")] == "9166.00%"


def test_values_under_a_wrapped_unit_that_do_not_make_the_row_whole_stay_their_own():
    # Two values under the "%" of a row short of one: they are no end of that row.
    lines = ["Indicator Specificatie 2024 NPLV 2024 NL 2025 NPLV 2025 NL",
             "Verhuisbeweging:", "doorloopsnelheid",
             "Afgelopen 5 jaar 62.08% – 62.33% –",
             "Afgelopen 10 jaar 91.41% – 9166.00", "%", "– –"]
    for name, table in _readings(lines).items():
        assert not [d for d in table.decisions if d.kind == "split_row"], name


def test_a_header_ends_with_its_page():
    # pdfplumber of a Chromium table: page 2 ends in "... vanaf 2015", page 3 starts with the
    # repeated one-level header ("2018 2018" over "NPLV Nederland"). The year of the last label
    # line starts no header over the next page's.
    first = ["Bijstandsontvangers Personen van 15 jaar en 8.22% 3.16% 7.67% 2.97%",
             "ouder met een", "van de WWB t/m 2014 en de", "Participatiewet vanaf 2015"]
    second = ["Indicator Specificatie 2018 2018 2019 2019", "NPLV Nederland NPLV Nederland",
              "Eenzaamheid Personen van 18 jaar en – – – –"]
    spans = header_spans(first + second, line_pages=[2] * len(first) + [3] * len(second))
    assert [(first_line, [(s.year, s.area) for s in slots]) for first_line, _, slots in spans] == [
        (len(first), [(2018, "NPLV"), (2018, "NL"), (2019, "NPLV"), (2019, "NL")])]


def test_a_year_that_names_fewer_areas_than_the_others_is_no_column():
    # The same text without page marks (pdftotext -nopgbrk): "2015" joins the header's first
    # line only as a column naming one area, which the header's other years do not print alone.
    lines = ["Participatiewet vanaf 2015", "Indicator Specificatie 2018 2018 2019 2019",
             "NPLV Nederland NPLV Nederland", "Eenzaamheid Personen van 18 jaar en – – – –"]
    spans = header_spans(lines)
    assert [(first_line, [(s.year, s.area) for s in slots]) for first_line, _, slots in spans] == [
        (1, [(2018, "NPLV"), (2018, "NL"), (2019, "NPLV"), (2019, "NL")])]


def test_an_area_on_the_line_of_prefixes_names_the_cell_of_the_prefix_before_it():
    # pdfplumber's text of a Chromium spread (one-level header, Letter): the last column is wide
    # enough for "Gem. NL" on one line, so its "NL" stands on the line of every cell's "Gem.",
    # the other cells' areas on the lines below. Read in order of writing, the first cell took
    # "NL": the part's area columns were swapped.
    lines = ["2022 2022 2023 2023 2024 2024", "Gem. Gem. Gem. Gem. Gem. Gem. NL", "NPLV- NL NPLV- NL NPLV-",
             "gebieden gebieden gebieden",
             "Leefbaarometer 'Algemeen' Woningen binnen een 52.17% 11.14% – – 54.74% 11.44%"]
    [(_, _, slots)] = header_spans(lines)
    assert [(s.year, s.area) for s in slots] == [(2022, "NPLV"), (2022, "NL"), (2023, "NPLV"), (2023, "NL"),
                                                 (2024, "NPLV"), (2024, "NL")]


def test_area_tails_beside_a_continued_groups_indicator_are_header_not_label():
    # pdfplumber's text of a Calc sheet (areas "NPLV-gebieden" / "Nederland", horizontal rules):
    # the page breaks inside the "Definitief schooladvies PO" group, and the next page prints
    # the group's indicator again on the line of the repeated header's "gebieden" tails: it is
    # read once, the group going on over the page break.
    header = ["Indicator Specificatie 2018 2019", "NPLV- Nederland NPLV- Nederland"]
    first = header + ["gebieden gebieden",
                      "Definitief schooladvies PO VMBO BK 31% 20.00% 32.00% 20.00%"]
    second = header + ["Definitief schooladvies PO gebieden gebieden",
                       "VMBO BK/GT 4% 4.00% 5.00% 4.00%",
                       "VMBO GT 18% 18.00% 18.00% 18.00%"]
    table = _best(first + second)
    assert [(row.indicator, row.specification) for row in table.rows] == [
        ("Definitief schooladvies PO", "VMBO BK"), ("", "VMBO BK/GT"), ("", "VMBO GT")]
    assert [d.text for d in table.decisions if d.kind == "split_row"] == ["Definitief schooladvies PO"]
    assert [c.printed for _, c in sorted(table.rows[1].cells.items())] == ["4%", "4.00%", "5.00%", "4.00%"]


def test_lower_case_words_after_a_label_under_whole_area_names_stay_label():
    # Tails are taken off a label line only for area names the line above leaves broken: under
    # whole names the line's last words are the label's.
    lines = ["Indicator Specificatie 2018 2019", "NPLV Nederland NPLV Nederland",
             "Definitief schooladvies PO gebieden gebieden",
             "VMBO BK/GT 4% 4.00% 5.00% 4.00%"]
    row = _best(lines).rows[0]
    assert "gebieden gebieden" in f"{row.indicator} {row.specification}"


def test_a_calc_spread_with_a_new_row_among_wrapped_labels_reads_as_printed():
    # tests/regressions/README.md: once published with the new row under "Definitief
    # schooladvies PO", then refused; the new row now takes its own specification's lines.
    cells = read_cells("calc-next-a4-spread-sheets-first.pdftotext-raw.txt")
    read = {(r.indicator, r.specification or "", int(r.year), r.area): r.printed for r in cells.itertuples()}
    assert read == next_edition(load_golden()).cells()


@pytest.mark.parametrize("name", [
    # pypdfium2 of a Calc sheet: years over the rows, the wrapped area cells and labels after them.
    "calc-next-a4-grid-wrapped-areas.pdfium.txt",
    # pdftotext -raw of Writer's one-level spread: "vanaf 2015" under the repeated header.
    "writer-a4l-zebra-onelevel-spread.pdftotext-raw.txt",
    # pdftotext -raw of Writer's 2025-2026 table: the renamed row split by the page break.
    "writer-next-a4l-hrules-split-renamed.pdftotext-raw.txt",
    # pdfplumber of Writer's narrow columns: "9166.0 –" over "doorloopsnelheid 0%".
    "writer-next-letterl-hrules-narrow.pdfplumber.txt",
    # pdftotext -raw and pypdfium2 of Calc sheets: "9166.00" / "%" after the rows, among the
    # wrapped labels; in the second, the indicator on every row and a new row before a group.
    "calc-next-a4l-grid-figure-apart.pdftotext-raw.txt",
    "calc-next-a4l-zebra-every-figure-apart.pdfium.txt",
    # pypdfium2 of a Calc spread: each part's repeated header names the areas its first page
    # left out, in an order of its own.
    "calc-next-letterl-none-spread-areas-late.pdfium.txt",
    # pypdf of Writer's narrow columns: a split row's units after its label's end on the next page.
    "writer-a4l-none-split-row-units.pypdf.txt",
    # pypdfium2 of a Calc sheet: every header cell after the rows, a figure apart under them.
    "calc-next-a4-zebra-header-after-rows.pdfium.txt",
    # pdftotext -raw and pypdfium2 of a Calc sheet: the one-level header's "2018 NL" cells over
    # the rows, its wrapped "2018" / "NPLV" cells after them, a figure apart under those.
    "calc-next-a4-zebra-onelevel.pdftotext-raw.txt",
    "calc-next-a4-zebra-onelevel.pdfium.txt",
    # pdfplumber of Calc sheets: a group's indicator over the page break drawn again beside,
    # between or above the repeated header's lines; "NPLV" / "-" / "gebied" / "en".
    "calc-next-a4l-hrules-hyphen-alone.pdfplumber.txt",
    "calc-letterl-grid-indicator-in-header.pdfplumber.txt",
    "calc-next-a4l-grid-indicator-beside-header.pdfplumber.txt",
    "calc-next-letterl-none-spread-indicator-above-header.pdfplumber.txt",
    # pdfplumber of a Gnumeric sheet: words too long for their cell broken with U+2010 HYPHEN
    # ("Leefbaaromet‐" / "er"), once published so.
    "gnumeric-letterl-hrules-hyphen-u2010.pdfplumber.txt",
    # pypdfium2 and pdftotext -raw of a Typst table: each indicator written beside its group's
    # last row (the second once published with a row under the group above).
    "typst-next-letterl-hrules-indicator-after-rows.pdfium.txt",
    "typst-next-letterl-hrules-indicator-after-rows.pdftotext-raw.txt",
    # pdfplumber and pypdfium2 of Word tables with narrow value columns: a row split by the page
    # break, its figures' units under a repeated header whose names the cells broke.
    "docx-a4l-grid-narrow-9pt.pdfplumber.txt",
    "docx-next-a4-spread-none-nederland.pdfium.txt",
    # pypdfium2 and pdfplumber of a Word table whose narrow header cells broke the area names
    # anywhere (written cell after cell, and laid out line by line).
    "docx-next-letterl-hrules-dejavu.pdfium.txt",
    "docx-next-letterl-hrules-dejavu.pdfplumber.txt",
    # fpdf2's centred cells, "9166.00%" wrapped in its cell: its pieces after the row's line
    # (pypdfium2), around it (pdfplumber, with a renamed specification centred around its
    # indicator) and on it, a space before the unit (pypdf).
    "fpdf-next-a4l-unruled-figure-wrapped.pdfium.txt",
    "fpdf-next-a4l-unruled-figure-wrapped.pdfplumber.txt",
    "fpdf-next-a4l-unruled-figure-wrapped.pypdf.txt",
    # pypdf of fpdf2's and WeasyPrint's indicator cells spanning two rows: both rows on one line
    # (in the layout text, the first row's last dash run into the second's label).
    "fpdf-a4l-grid-two-rows-a-line.pypdf.txt",
    "pandas-weasy-a4l-hrules-serif-dash-into-label.pypdf-layout.txt",
    # pdfplumber of Chromium's header centred on its height: "Indicator Specificatie" before
    # every area cell's "Gem.", "NL" between "NPLV-" and its tail.
    "chromium-next-letterl-none-middle-headings-beside-areas.pdfplumber.txt",
])
def test_real_engines_texts_once_refused_read_as_printed(name):
    # tests/regressions/README.md: layouts outside the corpus whose texts were refused.
    read, printed = read_as_printed(name)
    assert read == printed


# pdftotext -raw of a Calc sheet (2025-2026, narrow value columns): "9166.00%" does not fit its
# cell, and Calc writes the whole cell after the rows, among the wrapped labels, in row order.
FIGURE_APART = ["Indicator Specificatie 2024 2025",
                "Gem. NPLV-gebieden Gem. NL Gem. NPLV-gebieden Gem. NL",
                "Afgelopen 5 jaar 62.08% – 62.33% –",
                "Afgelopen 10 jaar 91.41% – –",
                "Woningen met energielabels E t/m G 12.40% 12.95% 3.05% 13.05%",
                "Verhuisbeweging:", "doorloopsnelheid",
                "Verhuisbeweging:", "doorloopsnelheid",
                "9166.00", "%"]


# pypdf of the same sheet runs the figure onto the wrapped label's line before it.
FIGURE_APART_BESIDE_LABEL = FIGURE_APART[:8] + ["doorloopsnelheid 9166.00", "%"]


@pytest.mark.parametrize("lines", [FIGURE_APART, FIGURE_APART_BESIDE_LABEL])
def test_a_figure_written_apart_among_the_wrapped_labels_fills_its_rows_empty_cell(lines):
    # The figure comes after the "Afgelopen 10 jaar" row's wrapped indicator and before any later
    # row's labels: that row, the one a cell short, is its. Of the row's places, 2025 NPLV is the
    # one where a figure stands in an area the row is measured for (NPLV only: a dash in NL).
    table = _readings(lines)["line reader, wrapped labels written after the rows"]
    assert [r.specification or r.indicator for r in table.rows] == [
        "Afgelopen 5 jaar", "Afgelopen 10 jaar", "Woningen met energielabels E t/m G"]
    assert _cells(table, 1) == {(2024, "NPLV"): "91.41%", (2024, "NL"): "–", (2025, "NPLV"): "9166.00%",
                                (2025, "NL"): "–"}
    placed = [d for d in table.decisions if d.kind == "wrapped_cell"]
    assert [(d.chosen, d.line) for d in placed] == [("2025 NPLV", len(lines) - 1)]
    assert "2025 NL" in placed[0].alternatives and placed[0].margin >= 1
    assert not [d for d in table.decisions if d.kind == "stray_text"]


def test_a_figure_written_apart_that_fits_two_cells_alike_is_in_no_cell():
    # pdftotext -raw of a Calc sheet (2024-2025): "1500.00%" (2024 NL of HAVO/VWO, a printing
    # error) after the rows. Its row is the one between the labels around it a cell short, but the
    # outlier reads as badly in 2024 NPLV as in 2024 NL (the row's two series are alike): it is
    # left in no cell, said, and the reading is not trusted rather than published with a guess.
    lines = ["Indicator Specificatie 2023 2024",
             "Gem. NPLV-gebieden Gem. NL Gem. NPLV-gebieden Gem. NL",
             "Ervaren gezondheid – – – –",
             "Definitief schooladvies PO HAVO 13.00% 15.00% 10.00% 12.00%",
             "Definitief schooladvies PO HAVO/VWO 11.00% 12.00% 14.00%",
             "Afstromers in VO 2.70% 3.10% 3.10% 3.40%",
             "Personen van 18 jaar en ouder dat de eigen", "gezondheid als (zeer) goed beoordeeld",
             "1500.00", "%",
             "Leerlingen die naar lager", "onderwijstype en", "volgend leerjaar gaan"]
    table = _readings(lines)["line reader, wrapped labels written after the rows"]
    assert [r.specification for r in table.rows][1:3] == ["HAVO", "HAVO/VWO"]
    assert "1500.00%" not in [c.printed for c in table.rows[2].cells.values()]
    strays = [d for d in table.decisions if d.kind == "stray_text"]
    assert [d.text for d in strays] == ["1500.00%"] and "almost alike" in strays[0].message
    assert fit(table, CATALOG).stray_figures == 1 and not fit(table, CATALOG).trusted()


def test_a_figure_alone_between_rows_is_no_figure_written_apart():
    # A figure right under a row's line (a row of one value) is a row as ever; only one among the
    # wrapped labels is taken for a cell written apart.
    lines = FIGURE_APART[:5] + ["9166.00%"] + FIGURE_APART[5:9]
    table = _readings(lines)["line reader, wrapped labels written after the rows"]
    assert not [d for d in table.decisions if d.kind == "wrapped_cell"]
    # Nor is a figure beside a label line with no wrapped end under it (a row of one value).
    lines = FIGURE_APART[:8] + ["doorloopsnelheid 9166.00%", "Zie de toelichting"]
    table = _readings(lines)["line reader, wrapped labels written after the rows"]
    assert not [d for d in table.decisions if d.kind == "wrapped_cell"]


def test_a_real_engines_figure_written_apart_that_fits_two_cells_alike_is_refused():
    # tests/regressions/README.md: pdftotext -raw of a Calc sheet whose "1500.00%" (HAVO/VWO,
    # 2024 NL) comes after the rows. It reads as well in 2024 NPLV: the text is refused, in one
    # line, rather than published with either guess.
    message = refusal("calc-a4l-none-figure-apart.pdftotext-raw.txt")
    assert "not read reliably" in message and "1 figures in no cell" in message
    # The message says where to look: the figure, and the line where the text writes "1500.00"
    # (its "%" on the line below).
    assert message.endswith("figures in no cell: '1500.00%' (line 283)")


def test_a_part_whose_repeated_header_names_the_areas_its_first_page_left_out_is_one_part():
    # pypdfium2 of a Calc spread (2018-2019 on two pages, then 2020-2021 on two): on each part's first
    # page only "Nederland" fits its header cell, "Gem. NPLV-gebieden" wraps and comes after the
    # rows; the repeated header on the next page writes every area cell, in an order of its own.
    # Completed, the two pages' headers name the same columns: one part, whose rows the spread's
    # next part joins by label (not only the rows of its second page).
    def page(years, values, late, header):
        head = ["Indicator Specificatie " + " ".join(years)] + header
        return head + [label + " " + " ".join(v) for label, v in values] + late

    rows = [("Leefbaarometer 'Algemeen'", [["60.35%", "14.11%"], ["–", "–"], ["54.16%", "11.60%"], ["–", "–"]]),
            ("", [["8.76%", "1.36%"], ["–", "–"], ["5.38%", "0.98%"], ["–", "–"]]),
            ("Koop", [["33.20%", "57.00%"], ["33.62%", "57.58%"], ["33.26%", "57.58%"], ["32.51%", "57.00%"]]),
            ("Particuliere huur", [["15.93%", "13.00%"], ["16.17%", "13.13%"], ["16.95%", "13.13%"],
                                   ["17.77%", "14.00%"]]),
            ("Minder dan 1 jaar", [["8.97%", "–"], ["8.86%", "–"], ["9.16%", "–"], ["8.78%", "–"]]),
            ("1 tot 3 jaar", [["11.59%", "–"], ["12.03%", "–"], ["12.09%", "–"], ["12.13%", "–"]])]

    def cells(k, years):
        return [(rows[k][0], [v for y in years for v in rows[k][1][y]])]

    first_rows = [r for k in range(4) for r in cells(k, (0, 1))]
    next_rows = [r for k in range(4, 6) for r in cells(k, (0, 1))]
    pages = [
        page(["2018", "2019"], first_rows, ["Gem.", "NPLV-gebieden"] * 2 + CALC_TAIL[:8], ["Nederland Nederland"]),
        page(["2018", "2019"], next_rows, CALC_TAIL[8:],
             ["Gem. Nederland Nederland", "NPLV-gebieden", "Gem.", "NPLV-gebieden"]),
        page(["2020", "2021"], [r for k in range(4) for r in cells(k, (2, 3))],
             ["Gem.", "NPLV-gebieden"] * 2 + CALC_TAIL[:8], ["Nederland Nederland"]),
        page(["2020", "2021"], [r for k in range(4, 6) for r in cells(k, (2, 3))], CALC_TAIL[8:],
             ["Gem. Nederland Nederland", "NPLV-gebieden", "Gem.", "NPLV-gebieden"]),
    ]
    lines = [line for p in pages for line in p]
    line_pages = [n for n, p in enumerate(pages, 1) for _ in p]
    readings = dict(read_lines(lines, line_pages, CATALOG))
    name = "line reader, wrapped labels written after the rows, area columns NPLV before NL (the header does not say)"
    table = readings[name]
    assert [(r.indicator, r.specification) for r in table.rows] == CALC_LABELS
    assert _cells(table, 4) == {(2018, "NPLV"): "8.97%", (2018, "NL"): "–", (2019, "NPLV"): "8.86%",
                                (2019, "NL"): "–", (2020, "NPLV"): "9.16%", (2020, "NL"): "–",
                                (2021, "NPLV"): "8.78%", (2021, "NL"): "–"}
    assert fit(table, CATALOG).trusted()


def test_a_header_written_after_its_rows_is_theirs_though_a_figure_apart_stands_under_it():
    # pypdfium2 of a Calc sheet whose years and area names all wrap: only "Indicator Specificatie"
    # stands over the rows, every header cell comes after them, and after those the wrapped
    # labels with "9166.00" / "%", a cell written apart. A figure alone under the header is no
    # row of it: the header is the rows' above it.
    late = ["2024", "Gem.", "NPLV-gebied", "en", "2024", "Nederl", "and",
            "2025", "Gem.", "NPLV-gebied", "en", "2025", "Nederl", "and"]
    lines = ["Bijlage: Monitor", "Indicator Specificatie"] + FIGURE_APART[2:5] + late + FIGURE_APART[5:]
    table = _readings(lines)["line reader, wrapped labels written after the rows"]
    assert _slots(table) == [(2024, "NPLV"), (2024, "NL"), (2025, "NPLV"), (2025, "NL")]
    assert [r.specification or r.indicator for r in table.rows] == [
        "Afgelopen 5 jaar", "Afgelopen 10 jaar", "Woningen met energielabels E t/m G"]
    assert _cells(table, 1)[(2025, "NPLV")] == "9166.00%"


# pdfplumber of a Calc sheet with narrow area columns: "Gem. NPLV-gebieden" breaks at its hyphen,
# which stands on a line of its own ("NPLV" / "-" / "gebied" / "en"), one a broken name.
HYPHEN_ALONE = ["Indicator Specificatie 2018 2019", "Gem. Gem. Gem. Gem.", "NPLV NL NPLV NL", "- -",
                "gebied gebied", "en en"]


@pytest.mark.parametrize("header", [
    HYPHEN_ALONE,
    # Narrower still: "Nederland" breaks too, its tail beside the other name's hyphen.
    ["Indicator Specificatie 2018 2019", "NPLV Nede NPLV Nede", "- rland - rland", "gebie gebie", "den den"],
])
def test_an_area_name_broken_at_its_hyphen_is_header_not_a_row_of_dashes(header):
    lines = header + ["Energiearme – – – –", "huishoudens"]
    table = _readings(lines)["line reader, labels below their values"]
    assert _slots(table) == [(2018, "NPLV"), (2018, "NL"), (2019, "NPLV"), (2019, "NL")]
    assert [(r.indicator, r.specification) for r in table.rows] == [("Energiearme huishoudens", "")]


def test_a_line_of_hyphens_that_no_area_tails_follow_stays_a_row():
    # Only the tails of as many broken names make the hyphens the header's.
    lines = HYPHEN_ALONE[:4] + ["Energiearme huishoudens – – – –"]
    table = _readings(lines)["line reader, labels below their values"]
    assert [[c.printed for _, c in sorted(r.cells.items())] for r in table.rows][0] == ["-", "-", "", ""]


# The same sheet's next page: Calc draws the "Midden- en hoge inkomens" cell over the page break
# again, its first line above the repeated header and its last between the header's lines.
INCOME_OVER_PAGE_BREAK = (
    ["Indicator Specificatie 2018 2019", "NPLV NL NPLV NL",
     "Energiearme – – – –", "huishoudens",
     "Midden- en hoge Middeninkomen (60-200 48.32% 52.74% 48.32% 52.46%", "inkomens procent van mediane",
     "inkomen)"],
    ["Midden- en hoge", "Indicator Specificatie 2018 2019", "inkomens", "NPLV NL NPLV NL",
     "Hoog inkomen (meer dan 8.52% 18.26% 8.77% 18.49%", "200 procent van mediane", "inkomen)",
     "Armoedegrens Aandeel huishoudens onder 18.18% 8.75% 16.20% 7.80%", "de armoedegrens"])


def test_a_groups_indicator_printed_again_on_the_next_page_is_not_read_twice():
    first, second = INCOME_OVER_PAGE_BREAK
    table = dict(read_lines(first + second, [2] * len(first) + [3] * len(second), CATALOG))[
        "line reader, labels below their values"]
    assert [(r.indicator, r.specification) for r in table.rows] == [
        ("Energiearme huishoudens", ""),
        ("Midden- en hoge inkomens", "Middeninkomen (60-200 procent van mediane inkomen)"),
        ("", "Hoog inkomen (meer dan 200 procent van mediane inkomen)"),
        ("Armoedegrens", "Aandeel huishoudens onder de armoedegrens")]
    assert _cells(table, 2) == {(2018, "NPLV"): "8.52%", (2018, "NL"): "18.26%", (2019, "NPLV"): "8.77%",
                                (2019, "NL"): "18.49%"}
    assert any(d.kind == "split_row" and d.text == "inkomens" and d.page == 3 for d in table.decisions)
    assert fit(table, CATALOG).trusted()


def test_label_lines_after_a_rows_page_that_are_not_its_groups_indicator_stay_its_label():
    # A word of the indicator, but not its end, under the next page's header: not the repeat.
    first, second = INCOME_OVER_PAGE_BREAK
    second = ["Indicator Specificatie 2018 2019", "NPLV NL NPLV NL", "hoge"] + second[4:]
    table = dict(read_lines(first + second, [2] * len(first) + [3] * len(second), CATALOG))[
        "line reader, labels below their values"]
    row = table.rows[1]
    assert f"{row.indicator} {row.specification}".split().count("hoge") == 2
    assert not any(d.kind == "split_row" for d in table.decisions)


def test_area_tails_beside_two_lines_of_a_continued_groups_indicator_are_header_not_label():
    # The page breaks inside "Midden- en hoge inkomens": the repeated header's tails ("gebied" /
    # "en") stand beside both lines of the group's indicator printed again.
    lines = HYPHEN_ALONE[:4] + ["Midden- en hoge gebied gebied", "inkomens en en",
                                "Hoog inkomen (meer dan 8.52% 18.26% 8.77% 18.49%", "200 procent van mediane",
                                "inkomen)"]
    table = _readings(lines)["line reader, labels below their values"]
    assert _slots(table) == [(2018, "NPLV"), (2018, "NL"), (2019, "NPLV"), (2019, "NL")]
    assert [(r.indicator, r.specification) for r in table.rows] == [
        ("Midden- en hoge inkomens", "Hoog inkomen (meer dan 200 procent van mediane inkomen)")]


# pdfplumber of a Calc sheet (2025-2026 edition, "NPLV-" / "gebiede" / "n"): the page breaks in
# the "Arbeidsparticipatie" group, and Calc draws its indicator again beside the lines of the
# next page's repeated header.
WORK_OVER_PAGE_BREAK = (
    ["Indicator Specificatie 2018 2019", "Gem. Gem. Gem. Gem.", "NPLV- NL NPLV- NL", "gebiede gebiede", "n n",
     "Arbeidsparticipatie Werkzame beroepsbevolking in de 60.71% 68.00% 61.93% 69.00%",
     "(netto bevolking (beroeps- en niet-", "participatiegraad) beroepsbevolking) van 15 t/m 74-jarigen"],
    ["Indicator Specificatie 2018 2019", "Arbeidsparticipatie Gem. Gem. Gem. Gem.", "(netto NPLV- NL NPLV- NL",
     "participatiegraad) gebiede gebiede", "n n",
     "Werkzame beroepsbevolking in de – – 61% 67.00%", "bevolking (beroeps- en niet-",
     "beroepsbevolking) van jongeren tussen", "de 15 tot en met 24 jaar"])


@pytest.mark.parametrize("page_top", [
    [],
    # The indicator's lines beside the header's and one above them, run together ("Arbeidsparticipatie (netto").
    ["Indicator Specificatie 2018 2019", "Arbeidsparticipatie (netto", "participatiegraad) Gem. Gem. Gem. Gem.",
     "NPLV- NL NPLV- NL", "gebiede gebiede", "n n"],
])
def test_a_groups_indicator_beside_the_repeated_headers_lines_is_label_not_header(page_top):
    first, second = WORK_OVER_PAGE_BREAK
    second = (page_top + second[5:]) if page_top else second
    readings = dict(read_lines(first + second, [2] * len(first) + [3] * len(second), CATALOG))
    table = max(readings.values(), key=lambda t: fit(t, CATALOG).value)
    assert _slots(table) == [(2018, "NPLV"), (2018, "NL"), (2019, "NPLV"), (2019, "NL")]
    assert [(r.indicator, r.specification) for r in table.rows] == [
        ("Arbeidsparticipatie (netto participatiegraad)",
         "Werkzame beroepsbevolking in de bevolking (beroeps- en niet-beroepsbevolking) van 15 t/m 74-jarigen"),
        ("", "Werkzame beroepsbevolking in de bevolking (beroeps- en niet-beroepsbevolking) van jongeren "
             "tussen de 15 tot en met 24 jaar")]
    assert _cells(table, 1) == {(2018, "NPLV"): "–", (2018, "NL"): "–", (2019, "NPLV"): "61%", (2019, "NL"): "67.00%"}
    assert [d.text for d in table.decisions if d.kind == "split_row"] == [
        "Arbeidsparticipatie (netto participatiegraad)"]
    assert fit(table, CATALOG).trusted()


def test_a_split_rows_little_word_under_the_repeated_header_stays_the_labels():
    # tests/regressions/README.md: "'Overlast en" under the repeated header's "Nederl" / "and"
    # once lost its "en" to the header, and the row was published as renamed.
    read, printed = read_as_printed("writer-next-a4-zebra-split-label-en.pdfium.txt")
    assert read == printed


def test_an_indicator_beside_the_repeated_header_that_the_page_before_did_not_print_stays():
    # Only a cell the page before printed is printed again: an indicator new on this page
    # labels the rows under it.
    first = WORK_OVER_PAGE_BREAK[0][:5] + [
        "Huishoudens met Huishoudens waarvan ten minste één lid 13.35% 6.45% 12.59% 6.01%",
        "problematische (16+) een betalingsachterstand heeft bij", "schulden een instantie, oninbare schulden bij de",
        "Belastingdienst, of deelneemt aan een", "WSNP-traject"]
    second = WORK_OVER_PAGE_BREAK[1][:5] + ["Werkzame beroepsbevolking in de 60.71% 68.00% 61.93% 69.00%",
                                            "bevolking (beroeps- en niet-", "beroepsbevolking) van 15 t/m 74-jarigen"]
    readings = dict(read_lines(first + second, [2] * len(first) + [3] * len(second), CATALOG))
    table = max(readings.values(), key=lambda t: fit(t, CATALOG).value)
    assert [(r.indicator, r.specification) for r in table.rows][1] == (
        "Arbeidsparticipatie (netto participatiegraad)",
        "Werkzame beroepsbevolking in de bevolking (beroeps- en niet-beroepsbevolking) van 15 t/m 74-jarigen")
    assert not any(d.kind == "split_row" for d in table.decisions)


def test_a_renamed_indicator_run_into_its_specification_is_refused_not_published_under_wrong_labels():
    # tests/regressions/README.md: pdfplumber of a Typst table whose "Bijstandsontvangers" runs
    # out of its cell into "Personen": once published with that row's specification cut and the
    # new row "Eenzaamheid" under its end.
    message = refusal("typst-next-letterl-grid-indicator-run-into-specification.pdfplumber.txt")
    assert "was not read reliably" in message and "catalog label cut short or run on" in message


# A table wider than its page, cut at its edge: pdfplumber keeps a figure's first digit ("7" of
# "7.80%"), so the first row's line reads as label text, not a row.
CUT_FIRST_ROW = HEADER + [
    "Armoedegrens Aandeel huishoudens onder de 18.18% 8.75% 16.20% 7",
    "armoedegrens",
    "Huishoudens met problematische Huishoudens waarvan ten minste één 13.35% 6.45% 12.59% 6.01%",
    "Koop 33.20% 57.00% 33.62% 57.58%",
    "Particuliere huur 15.93% 13.00% 16.17% 13.13%",
    "schulden lid (16+) een betalingsachterstand heeft bij een instantie, oninbare schulden bij de "
    "Belastingdienst, of deelneemt aan een WSNP-traject",
    "Samenstelling woningvoorraad"]


def test_label_lines_before_the_first_row_that_no_row_takes_are_said_not_dropped():
    # Wrapped labels written after the rows: the lines before the first run of rows are its
    # first row's only where the catalog reads them so; here no row takes them, and their
    # figures are in no cell, which no trusted reading leaves unsaid.
    table = _readings(CUT_FIRST_ROW)["line reader, wrapped labels written after the rows"]
    stray = [d.text for d in table.decisions if d.kind == "stray_text"]
    assert "Armoedegrens Aandeel huishoudens onder de 18.18% 8.75% 16.20% 7" in stray
    assert fit(table, CATALOG).stray_figures >= 3 and not fit(table, CATALOG).trusted()


def test_a_unit_alone_among_a_part_without_labels_is_said_not_dropped():
    # Ghostscript's text of an AbiWord spread (tests/regressions): "9166.00" over "%" in the part
    # without labels. A reading that takes the "%" for no figure's unit says so.
    message = refusal("abiword-next-a4-hrules-unit-apart.gs.txt")
    assert "not read reliably" in message and "1 figures in no cell" in message


def test_a_row_cut_at_the_pages_edge_is_refused_not_dropped():
    # pdfplumber's text of a groff table wider than its page (tests/regressions): the first
    # row's "11.44%" cut to "1", the row once left out of the published reading unsaid.
    message = refusal("groff-a4l-grid-row-cut-at-page-edge.pdfplumber.txt")
    assert "not read reliably" in message and "figures in no cell" in message


def _read_pages(pages: list[list[str]]):
    lines = [line for page in pages for line in page]
    line_pages = [number for number, page in enumerate(pages, start=1) for _ in page]
    readings = dict(read_lines(lines, line_pages, CATALOG))
    return max(readings.values(), key=lambda t: fit(t, CATALOG).value)


@pytest.mark.parametrize("page_top", [[], ["", "   "]], ids=["first line", "under blank lines"])
def test_a_page_that_repeats_only_the_headers_years_goes_on_with_the_table(page_top):
    # pdfplumber's text of an asciidoctor-pdf table: AsciiDoc's header is one row, so the next page
    # repeats the years without the area names; its layout text opens the page with blank lines.
    first = HEADER + ["Midden- en hoge Middeninkomen (60-200 procent 48.32% 52.74% 48.32% 52.46%",
                      "inkomens van mediane inkomen)",
                      "Hoog inkomen (meer dan 200 8.52% 18.26% 8.77% 18.49%",
                      "procent van mediane inkomen)"]
    second = page_top + ["Indicator Specificatie 2018 2019",
                         "Armoedegrens Aandeel huishoudens onder de 18.18% 8.75% 16.20% 7.80%",
                         "armoedegrens",
                         "Huishoudens met Huishoudens waarvan ten minste één lid 13.35% 6.45% 12.59% 6.01%",
                         "problematische schulden (16+) een betalingsachterstand heeft bij",
                         "een instantie, oninbare schulden bij de",
                         "Belastingdienst, of deelneemt aan een",
                         "WSNP-traject"]
    table = _read_pages([first, second])
    assert [(r.indicator, r.specification) for r in table.rows] == [
        ("Midden- en hoge inkomens", "Middeninkomen (60-200 procent van mediane inkomen)"),
        ("", "Hoog inkomen (meer dan 200 procent van mediane inkomen)"),
        ("Armoedegrens", "Aandeel huishoudens onder de armoedegrens"),
        ("Huishoudens met problematische schulden",
         "Huishoudens waarvan ten minste één lid (16+) een betalingsachterstand heeft bij een instantie, "
         "oninbare schulden bij de Belastingdienst, of deelneemt aan een WSNP-traject")]
    assert [c.printed for _, c in sorted(table.rows[3].cells.items())] == ["13.35%", "6.45%", "12.59%", "6.01%"]
    assert fit(table, CATALOG).trusted()


@pytest.mark.parametrize("repeated", [HEADER[:1], HEADER], ids=["the years", "the whole header"])
def test_the_header_repeated_in_a_text_without_page_breaks_is_no_label_nor_is_the_pages_number(repeated):
    # PDFBox's and Ghostscript's texts mark no page break: the page's number and the header repeated
    # (AsciiDoc's years, or all of it) stand between two rows, and were run into the next row's
    # indicator ("2 Indicator ...", "2 Huishoudens met ...").
    lines = HEADER + ["Midden- en hoge Middeninkomen (60-200 procent 48.32% 52.74% 48.32% 52.46%",
                      "inkomens van mediane inkomen)",
                      "Hoog inkomen (meer dan 200 8.52% 18.26% 8.77% 18.49%",
                      "procent van mediane inkomen)",
                      "2"] + repeated + [
                      "Armoedegrens Aandeel huishoudens onder de 18.18% 8.75% 16.20% 7.80%",
                      "armoedegrens"]
    table = _read_pages([lines])
    assert [(r.indicator, r.specification) for r in table.rows] == [
        ("Midden- en hoge inkomens", "Middeninkomen (60-200 procent van mediane inkomen)"),
        ("", "Hoog inkomen (meer dan 200 procent van mediane inkomen)"),
        ("Armoedegrens", "Aandeel huishoudens onder de armoedegrens")]
    assert fit(table, CATALOG).trusted()


@pytest.mark.parametrize("name", ["adoc-a4-spread-unruled.pdfplumber.txt", "adoc-a4l-grid-sans-9pt.pdfplumber-layout.txt",
                                  "adoc-a4l-grid-helv.pdfbox.txt", "adoc-a4l-zebra-every-onelevel.ghostscript.txt"])
def test_asciidoctor_pdfs_table_in_other_extractors_texts_reads_every_cell(name):
    # tests/regressions/README.md: the next pages repeat only the years (under blank lines in
    # pdfplumber's layout text), a page number in the footer (with no page break marked, PDFBox
    # and Ghostscript, before the header repeated).
    read, printed = read_as_printed(name)
    assert read == printed

"""The block reader: text written block by block (poppler's ``pdftotext`` in its default mode).

The texts are written as poppler writes a table: a block per cell, a blank line between blocks,
the header's cells in an order of their own, a row's values one a line, and labels of a band's
later rows after it. Expected values are the printed table's (tests/golden)."""

from __future__ import annotations

import pytest

from pipeline.appendix.blocks import (BlockSettings, _explained, _indicator_series, _trailing_in_order, block_readings,
                                      header_pages, written_in_runs)
from pipeline.appendix.lines import read_lines
from pipeline.appendix.tail import TailScorer
from pipeline.appendix.fit import fit
from pipeline.catalog import default_catalog, label_key
from tests.support.regressions import read_as_printed, read_cells, refusal
from tests.support.render_table import golden_cell_texts, load_golden

CATALOG = default_catalog()

# Cells in poppler's order: the header's year cells, then its area cells with "Gem. NPLV-gebieden"
# wrapped so that "Gem. NL" comes before the end of the NPLV cell.
HEADER = ["Bijlage: Monitor", "Indicator", "Specificatie", "2018", "2019", "2020",
          "Gem.\nGem. NL\nNPLVgebieden", "Gem.\nGem. NL\nNPLVgebieden", "Gem.\nGem. NL\nNPLVgebieden"]
WOONDUUR = ["Verhuisbeweging: woonduur\nafgelopen 10 jaar", "Minder dan 1 jaar",
            "8.97%", "–", "8.86%", "–", "9.16%", "–"]


def _text(blocks: list[str]) -> list[str]:
    return "\n\n".join(blocks).split("\n")


def _best(lines: list[str]):
    readings = block_readings(lines, [1] * len(lines), CATALOG)
    assert readings, "no block reading"
    name, table = max(readings, key=lambda nt: fit(nt[1], CATALOG).value)
    return name, table


def _row(table, k: int) -> tuple[str, str, list[str]]:
    row = table.rows[k]
    return row.indicator, row.specification, [row.cells[s].printed for s in sorted(row.cells)]


def test_a_band_of_rows_with_its_later_rows_labels_after_it_reads_every_row():
    lines = _text(HEADER + WOONDUUR + [
        "Verhuisbeweging: woonduur\nafgelopen 10 jaar", "1 tot 3 jaar",
        # Two rows' values as one run: the second row's label is written after them.
        "11.59%", "–", "12.03%", "–", "12.09%", "–",
        "21.23%", "18.76%", "19.59%", "17.74%", "17.33%", "15.93%",
        "Energiearme\nhuishoudens",
    ])
    name, table = _best(lines)
    assert "area columns NPLV before NL" in name
    assert [(s.year, s.area) for s in table.slots][:2] == [(2018, "NPLV"), (2018, "NL")]
    assert [_row(table, k) for k in range(3)] == [
        ("Verhuisbeweging: woonduur afgelopen 10 jaar", "Minder dan 1 jaar", ["8.97%", "–", "8.86%", "–", "9.16%", "–"]),
        ("Verhuisbeweging: woonduur afgelopen 10 jaar", "1 tot 3 jaar", ["11.59%", "–", "12.03%", "–", "12.09%", "–"]),
        ("Energiearme huishoudens", "", ["21.23%", "18.76%", "19.59%", "17.74%", "17.33%", "15.93%"]),
    ]
    # Every cell points to the line of the text its value stands on.
    cell = table.rows[0].cells[2]
    assert lines[cell.line - 1] == "8.86%"


def test_a_band_of_blocks_of_several_lines_is_read_column_by_column():
    # Rows close together: poppler makes one block of a column's cells over both rows.
    lines = _text(HEADER + WOONDUUR + [
        "Samenstelling woningvoorraad\nKoop\nParticuliere huur",
        "33.20%\n15.93%", "57.00%\n13.00%", "33.62%\n16.17%", "57.58%\n13.13%", "33.26%\n16.95%", "57.58%\n13.13%",
    ])
    _, table = _best(lines)
    assert _row(table, 1) == ("Samenstelling woningvoorraad", "Koop",
                              ["33.20%", "57.00%", "33.62%", "57.58%", "33.26%", "57.58%"])
    assert _row(table, 2)[1:] == ("Particuliere huur", ["15.93%", "13.00%", "16.17%", "13.13%", "16.95%", "13.13%"])


def test_an_indicator_column_written_apart_goes_back_to_its_rows():
    # The indicator cells spanning rows are written after the page's other cells.
    lines = _text(HEADER + [
        "Minder dan 1 jaar", "8.97%", "–", "8.86%", "–", "9.16%", "–",
        "1 tot 3 jaar", "11.59%", "–", "12.03%", "–", "12.09%", "–",
        "Afgelopen 5 jaar", "57.16%", "–", "58.39%", "–", "59.48%", "–",
        "Verhuisbeweging: woonduur\nafgelopen 10 jaar\nVerhuisbeweging:\ndoorloopsnelheid",
    ])
    _, table = _best(lines)
    assert [(r.indicator, r.specification) for r in table.rows] == [
        ("Verhuisbeweging: woonduur afgelopen 10 jaar", "Minder dan 1 jaar"), ("", "1 tot 3 jaar"),
        ("Verhuisbeweging: doorloopsnelheid", "Afgelopen 5 jaar")]


def test_rows_the_catalog_does_not_spell_exactly_give_no_block_reading():
    # A renamed row rests on the text's order alone here: refused rather than published.
    lines = _text(HEADER + WOONDUUR + [
        "Verhuisbeweging: woonduur\nafgelopen 10 jaar", "1 tot 4 jaar",
        "11.59%", "–", "12.03%", "–", "12.09%", "–"])
    assert block_readings(lines, [1] * len(lines), CATALOG) == []


def test_without_evidence_for_the_order_of_the_area_columns_nothing_is_read():
    # No row measured in one area only: NPLV first and NL first fit alike.
    lines = _text(HEADER + ["Energiearme\nhuishoudens", "21.23%", "18.76%", "19.59%", "17.74%", "17.33%", "15.93%"]
                  + ["Samenstelling woningvoorraad\nKoop", "33.20%", "57.00%", "33.62%", "57.58%", "33.26%", "57.58%"])
    assert block_readings(lines, [1] * len(lines), CATALOG) == []


def test_text_that_keeps_its_rows_on_lines_is_not_read_as_blocks():
    lines = ["Indicator Specificatie 2018 2019 2020", "Gem. NPLV-gebieden Gem. NL " * 3,
             "Verhuisbeweging: woonduur afgelopen 10 jaar Minder dan 1 jaar 8.97% – 8.86% – 9.16% –"] * 5
    assert block_readings(lines, [1] * len(lines), CATALOG) == []


def test_a_value_a_column_block_holds_for_the_row_below_waits_for_that_row():
    # Two cells close above each other in the last column make one block: the row above's last
    # value and the row below's, written before the row below's label and its other values.
    lines = _text(HEADER + WOONDUUR[:2] + ["8.97%", "–", "8.86%", "–", "9.16%", "–\n–",
                                          "Verhuisbeweging: woonduur\nafgelopen 10 jaar", "1 tot 3 jaar",
                                          "11.59%", "–", "12.03%", "–", "12.09%"])
    _, table = _best(lines)
    assert _row(table, 1)[2] == ["11.59%", "–", "12.03%", "–", "12.09%", "–"]


def test_values_whose_places_the_blocks_do_not_say_give_no_block_reading():
    # A block whose lines hold different numbers of values: which row each belongs to is a guess.
    lines = _text(HEADER + WOONDUUR[:2] + ["8.97%", "–", "8.86%", "–", "9.16%\n11.59% –",
                                          "1 tot 3 jaar", "12.03%", "–", "12.09%", "–"])
    assert block_readings(lines, [1] * len(lines), CATALOG) == []
    # A band of two rows with one value short: which row lacks it is not written down.
    lines = _text(HEADER + WOONDUUR[:2] + ["8.97%", "–", "8.86%", "–", "9.16%",
                                          "11.59%", "–", "12.03%", "–", "12.09%", "–", "1 tot 3 jaar"])
    assert block_readings(lines, [1] * len(lines), CATALOG) == []


def test_an_indicator_written_on_each_row_twice_in_one_block_is_the_groups():
    lines = _text(HEADER + [
        "Verhuisbeweging: woonduur\nafgelopen 10 jaar\nVerhuisbeweging: woonduur\nafgelopen 10 jaar",
        "Minder dan 1 jaar", "8.97%", "–", "8.86%", "–", "9.16%", "–",
        "1 tot 3 jaar", "11.59%", "–", "12.03%", "–", "12.09%", "–"])
    _, table = _best(lines)
    assert [(r.indicator, r.specification) for r in table.rows] == [
        ("Verhuisbeweging: woonduur afgelopen 10 jaar", "Minder dan 1 jaar"), ("", "1 tot 3 jaar")]


def test_one_indicator_written_after_its_rows_goes_back_before_them():
    # The indicator spanning two rows is written after them, before the next row's label.
    lines = _text(HEADER + [
        "Minder dan 1 jaar", "8.97%", "–", "8.86%", "–", "9.16%", "–",
        "1 tot 3 jaar", "11.59%", "–", "12.03%", "–", "12.09%", "–",
        "Verhuisbeweging: woonduur\nafgelopen 10 jaar",
        "Armoedegrens\nAandeel huishoudens onder de armoedegrens",
        "18.18%", "8.75%", "16.20%", "7.80%", "12.99%", "6.21%"])
    _, table = _best(lines)
    assert [(r.indicator, r.specification) for r in table.rows] == [
        ("Verhuisbeweging: woonduur afgelopen 10 jaar", "Minder dan 1 jaar"), ("", "1 tot 3 jaar"),
        ("Armoedegrens", "Aandeel huishoudens onder de armoedegrens")]


def test_the_indicator_goes_on_over_a_page_break():
    # Page 2 starts with the group's second row, its label a specification alone.
    first = _text(HEADER + WOONDUUR)
    # Two rows close together: their labels in one block, their values column by column.
    second = _text(HEADER[3:] + ["1 tot 3 jaar\n3 tot 5 jaar", "11.59%\n7.78%", "–\n–", "12.03%\n8.17%",
                                 "–\n–", "12.09%\n8.47%", "–\n–"])
    lines = first + second
    pages = [1] * len(first) + [2] * len(second)
    readings = block_readings(lines, pages, CATALOG)
    _, table = max(readings, key=lambda nt: fit(nt[1], CATALOG).value)
    assert [(r.indicator, r.specification) for r in table.rows] == [
        ("Verhuisbeweging: woonduur afgelopen 10 jaar", "Minder dan 1 jaar"), ("", "1 tot 3 jaar"),
        ("", "3 tot 5 jaar")]


def test_an_indicator_written_after_the_pages_last_rows_goes_back_before_them():
    lines = _text(HEADER + ["Minder dan 1 jaar", "8.97%", "–", "8.86%", "–", "9.16%", "–",
                            "1 tot 3 jaar", "11.59%", "–", "12.03%", "–", "12.09%", "–",
                            "Verhuisbeweging: woonduur\nafgelopen 10 jaar"])
    _, table = _best(lines)
    assert [(r.indicator, r.specification) for r in table.rows] == [
        ("Verhuisbeweging: woonduur afgelopen 10 jaar", "Minder dan 1 jaar"), ("", "1 tot 3 jaar")]


def test_a_row_written_as_a_paragraph_of_its_values_is_read_across():
    # MuPDF (mutool draw -F txt): a cell's label lines, then the row's values a line each in one
    # paragraph; a ragged row is a shorter paragraph.
    lines = _text(HEADER + [
        "Verhuisbeweging: woonduur\nafgelopen 10 jaar", "Minder dan 1 jaar",
        "8.97%\n–\n8.86%\n–\n9.16%\n–",
        "1 tot 3 jaar", "11.59%\n–\n12.03%\n–",
        "Samenstelling woningvoorraad", "Koop", "33.20%\n57.00%\n33.62%\n57.58%\n33.26%\n57.58%"])
    name, table = _best(lines)
    assert "a block of values is a row" in name
    assert [_row(table, k)[:2] for k in range(3)] == [
        ("Verhuisbeweging: woonduur afgelopen 10 jaar", "Minder dan 1 jaar"), ("", "1 tot 3 jaar"),
        ("Samenstelling woningvoorraad", "Koop")]
    assert _row(table, 2)[2] == ["33.20%", "57.00%", "33.62%", "57.58%", "33.26%", "57.58%"]
    # The ragged row's figures stay under NPLV, where its catalog row is measured.
    assert _row(table, 1)[2] == ["11.59%", "–", "12.03%", "–", "", ""]


# The header of the years 2022-2024, cells as poppler writes them (see HEADER).
LATE_HEADER = HEADER[:3] + ["2022", "2023", "2024"] + HEADER[6:]
LATE_WOONDUUR = ["Verhuisbeweging: woonduur\nafgelopen 10 jaar", "Minder dan 1 jaar",
                 "9.44%", "–", "9.70%", "–", "9.95%", "–"]


def test_a_wide_figure_beside_its_neighbour_on_one_line_leaves_the_cells_under_them_one_row():
    # Chromium's grid: "1500.00%" is as wide as its cell, so poppler keeps it on one line with the
    # cell left of it; the row below's two cells stand a line each in the same block.
    lines = _text(LATE_HEADER + LATE_WOONDUUR + [
        "Definitief schooladvies PO", "HAVO/VWO", "VWO",
        "10.00%\n14.00%", "12.00%\n20.00%", "11.00%\n15.00%", "12.00%\n19.00%",
        "14.00% 1500.00%\n13.00%\n20.00%"])
    _, table = _best(lines)
    assert _row(table, 1) == ("Definitief schooladvies PO", "HAVO/VWO",
                              ["10.00%", "12.00%", "11.00%", "12.00%", "14.00%", "1500.00%"])
    assert _row(table, 2) == ("", "VWO", ["14.00%", "20.00%", "15.00%", "19.00%", "13.00%", "20.00%"])


def test_a_rows_last_value_written_before_its_label_goes_back_where_the_group_totals_add_up():
    # Writer's table: the last value of a row with a label of several lines is written before
    # the label. Joined in the text's order, Corporatie huur's values would move a column right
    # and the tenure shares would no longer add up to 100%.
    lines = _text(HEADER + WOONDUUR + [
        "Samenstelling woningvoorraad\nKoop", "33.20%", "57.00%", "33.62%", "57.58%", "33.26%", "57.58%",
        "Particuliere huur", "15.93%", "13.00%", "16.17%", "13.13%", "16.95%", "13.13%",
        "29.29%", "Corporatie\nhuur", "50.27%", "29.00%", "50.06%", "29.29%", "49.70%"])
    name, table = _best(lines)
    assert "short piece last" in name
    assert _row(table, 3) == ("", "Corporatie huur", ["50.27%", "29.00%", "50.06%", "29.29%", "49.70%", "29.29%"])
    # Every cell still points to the line its value stands on.
    assert lines[table.rows[3].cells[5].line - 1] == "29.29%"
    assert table.rows[3].cells[5].line < table.rows[3].cells[0].line


# Two rows' labels, then their values one a line: the first row lacks its 2020 figures (printed
# as a ragged row). Cut into full rows from the start, the second row's figures would begin in the
# first row's last column.
SHORT_BAND = _text(HEADER + WOONDUUR + [
    "Leefbaarometer 'Sociale Samenhang'\nWoningen binnen een gebied dat een (zeer) grote negatieve\n"
    "bijdrage heeft op dimensie Sociale Samenhang",
    "Samenstelling woningvoorraad\nKoop",
    "0.11%", "0.03%", "–", "–",
    "33.20%", "57.00%", "33.62%", "57.58%", "33.26%", "57.58%"])


def test_which_row_of_a_band_is_the_short_one_the_series_decide():
    _, table = _best(SHORT_BAND)
    assert [c.printed for c in table.rows[1].cells.values() if c.printed] == ["0.11%", "0.03%", "–", "–"]
    assert _row(table, 2) == ("Samenstelling woningvoorraad", "Koop",
                              ["33.20%", "57.00%", "33.62%", "57.58%", "33.26%", "57.58%"])


def test_a_value_alone_under_two_rows_written_in_step_goes_to_the_row_whose_series_it_continues():
    # Column blocks over two rows; the upper row's last cell is empty, so poppler writes the lower
    # row's last value alone. It continues the lower row's NL series (7.48% -> 7.69%), not the
    # upper's (3.08%).
    lines = _text(LATE_HEADER + LATE_WOONDUUR + [
        "Armoedegrens\nAandeel kinderen in huishoudens onder de armoedegrens",
        "Huishoudens met problematische schulden\nHuishoudens waarvan ten minste één lid (16+) een\n"
        "betalingsachterstand heeft bij een instantie, oninbare schulden bij de Belastingdienst,\n"
        "of deelneemt aan een WSNP-traject",
        "8.45%\n13.22%", "3.57%\n6.66%", "7.59%\n14.26%", "3.08%\n7.48%", "–\n14.53%", "7.69%"])
    _, table = _best(lines)
    assert [c.printed for c in table.rows[1].cells.values()] == ["8.45%", "3.57%", "7.59%", "3.08%", "–", ""]
    assert _row(table, 2)[2] == ["13.22%", "6.66%", "14.26%", "7.48%", "14.53%", "7.69%"]


def test_wrapped_label_cells_written_after_the_pages_rows_go_back_to_their_rows():
    # MuPDF of a spreadsheet's PDF: a row whose label cells hold one line each is one paragraph
    # (label, then a value a line); the cells that wrap come after all the page's rows, in row
    # order. A label written in its row's paragraph is that row's: the band above does not take
    # "Armoedegrens".
    lines = _text(HEADER + [
        "Minder dan 1 jaar\n8.97%\n–\n8.86%\n–\n9.16%\n–",
        "Midden- en hoge inkomens\n48.32%\n52.74%\n48.32%\n52.46%\n48.24%\n52.43%",
        "8.52%\n18.26%\n8.77%\n18.49%\n9.00%\n18.54%",
        "Armoedegrens\nAandeel huishoudens onder de armoedegrens\n18.18%\n8.75%\n16.20%\n7.80%\n12.99%\n6.21%",
        "Verhuisbeweging: woonduur\nafgelopen 10 jaar",
        "Middeninkomen (60-200 procent van mediane\ninkomen)",
        "Hoog inkomen (meer dan 200 procent van mediane\ninkomen)"])
    _, table = _best(lines)
    assert [_row(table, k) for k in range(4)] == [
        ("Verhuisbeweging: woonduur afgelopen 10 jaar", "Minder dan 1 jaar", ["8.97%", "–", "8.86%", "–", "9.16%", "–"]),
        ("Midden- en hoge inkomens", "Middeninkomen (60-200 procent van mediane inkomen)",
         ["48.32%", "52.74%", "48.32%", "52.46%", "48.24%", "52.43%"]),
        ("", "Hoog inkomen (meer dan 200 procent van mediane inkomen)",
         ["8.52%", "18.26%", "8.77%", "18.49%", "9.00%", "18.54%"]),
        ("Armoedegrens", "Aandeel huishoudens onder de armoedegrens",
         ["18.18%", "8.75%", "16.20%", "7.80%", "12.99%", "6.21%"]),
    ]


def test_a_row_of_a_value_written_apart_under_pieces_of_labels_is_not_trusted():
    # Calc's narrow cells, the indicator printed on every row (a layout outside the corpus):
    # "1500.00" / "%" and the indicator cells wrap, and MuPDF writes them after the page's rows.
    # Read as a row of its own, the figure stood under the next row's indicator cut in two, and
    # the unit became a label; HAVO/VWO was left a value short.
    from pipeline.appendix.blocks import BlockSettings, _explained
    from pipeline.appendix.model import RawCell, RawRow, RawTable, Slot

    slots = [Slot(year, area) for year in (2022, 2023, 2024) for area in ("NPLV", "NL")]

    def table(*rows):
        raw = [RawRow(ind, spec, 1, {k: RawCell(v, 1) for k, v in enumerate(values)}) for ind, spec, values in rows]
        return RawTable(slots, raw, [1])

    good = [("Definitief schooladvies PO", "HAVO/VWO", ["10.00%", "12.00%", "11.00%", "12.00%", "14.00%", "1500.00%"]),
            ("", "VWO", ["14.00%", "20.00%", "15.00%", "19.00%", "13.00%", "20.00%"])]
    short = [(*good[0][:2], good[0][2][:5] + [""]), good[1]]
    for stray in [("Definitief", "schooladvies PO", ["1500.00", "", "", "", "", ""]),
                  ("", "%", ["1500.00"] + ["–"] * 5),
                  ("Nieuwe indicator", "", ["1500.00%", "", "", "", "", ""])]:
        reading = table(*short, stray)
        # (One row in three may be new here: the catalog is the test's, not the edition's size.)
        assert not _explained(reading, fit(reading, CATALOG), CATALOG, BlockSettings(max_unexplained_share=0.5)), stray
    # A new row printed in full is one the catalog may not know yet.
    reading = table(*good, ("Nieuwe indicator", "", ["–", "–", "–", "–", "2.00%", "1.00%"]))
    assert _explained(reading, fit(reading, CATALOG), CATALOG, BlockSettings(max_unexplained_share=0.5))


def test_a_value_written_at_the_foot_of_the_page_ends_the_one_row_short_of_it():
    # Writer's table (the 2025-2026 edition): poppler writes a row's last value, the NL dash beside
    # a wide "9166.00%", at the foot of the page, after the indicators written apart; the row below
    # follows at once. Which of the two rows is short the series say; joined at the row's start
    # instead, the dash would push its figures under NL, where doorloopsnelheid is not measured.
    lines = _text(HEADER + [
        "Afgelopen 5 jaar", "57.16%", "–", "58.39%", "–", "59.48%", "–",
        "Afgelopen 10 jaar", "82.80%", "–", "84.31%", "–", "9166.00%",
        "21.23%", "18.76%", "19.59%", "17.74%", "17.33%", "15.93%",
        "Verhuisbeweging:\ndoorloopsnelheid", "Woningen met\nenergielabels E t/m G", "–"])
    _, table = _best(lines)
    assert _row(table, 1) == ("", "Afgelopen 10 jaar", ["82.80%", "–", "84.31%", "–", "9166.00%", "–"])
    assert lines[table.rows[1].cells[5].line - 1] == "–" and table.rows[1].cells[5].line == len(lines)
    assert _row(table, 0)[:2] == ("Verhuisbeweging: doorloopsnelheid", "Afgelopen 5 jaar")
    assert _row(table, 2) == ("Woningen met energielabels E t/m G", "",
                              ["21.23%", "18.76%", "19.59%", "17.74%", "17.33%", "15.93%"])


def test_a_value_at_the_foot_of_the_page_ends_its_row_where_a_ragged_row_is_short_too():
    # asciidoctor-pdf's table as poppler writes it: the last row's NL value after the page's
    # number (left out before), at the foot with the indicators written apart; a row above is
    # short too, printed so (a ragged row, its NL blank). The value is the last row's (its series
    # run 6.66%, 7.48%, 7.69%), the ragged row stays as printed.
    lines = _text(LATE_HEADER + LATE_WOONDUUR + [
        "Aandeel huishoudens onder de\narmoedegrens", "7.98%", "3.97%", "7.66%", "3.68%", "–", "–",
        "Aandeel kinderen in huishoudens onder\nde armoedegrens", "8.45%", "3.57%", "7.59%", "3.08%", "–",
        "Huishoudens waarvan ten minste één lid\n(16+) een betalingsachterstand heeft bij\neen instantie, oninbare "
        "schulden bij de\nBelastingdienst, of deelneemt aan een\nWSNP-traject", "13.22%", "6.66%", "14.26%", "7.48%",
        "14.53%", "Armoedegrens", "Huishoudens met\nproblematische schulden", "7.69%"])
    _, table = _best(lines)
    assert [_row(table, k)[2] for k in (2, 3)] == [
        ["8.45%", "3.57%", "7.59%", "3.08%", "–", ""], ["13.22%", "6.66%", "14.26%", "7.48%", "14.53%", "7.69%"]]


def test_a_header_whose_area_names_run_together_reads_with_the_labels_under_its_headings():
    # Chromium's page as poppler writes it: the title block holds the "Indicator" heading and the
    # indicators under it; the area cells "NPLV-gebieden" and "Nederland" stand so close that
    # their words run together, and their tails open the block of the first row's values.
    lines = _text(["Bijlage: Monitor (vervolg)\nIndicator\nVerhuisbeweging: woonduur\nafgelopen 10 jaar",
                   "Specificatie", "Minder dan 1 jaar", "2018", "2019", "2020",
                   "NPLVNederland NPLVNederland NPLVNederland\ngebieden\ngebieden\ngebieden\n"
                   "8.97%\n–\n8.86%\n–\n9.16%\n–",
                   "1 tot 3 jaar", "11.59%", "–", "12.03%", "–", "12.09%", "–"])
    name, table = _best(lines)
    assert "area columns NPLV before NL" in name
    assert [_row(table, k) for k in range(len(table.rows))] == [
        ("Verhuisbeweging: woonduur afgelopen 10 jaar", "Minder dan 1 jaar", ["8.97%", "–", "8.86%", "–", "9.16%", "–"]),
        ("", "1 tot 3 jaar", ["11.59%", "–", "12.03%", "–", "12.09%", "–"])]


def _header(years: list[int]) -> list[str]:
    return ["Bijlage: Monitor", "Indicator", "Specificatie"] + [str(y) for y in years] + \
        ["Gem.\nGem. NL\nNPLVgebieden"] * len(years)


def test_which_row_of_a_band_is_short_the_series_decide_with_the_spreads_other_part():
    # A spread: 2018-2021 on one page, 2022-2024 on the next. The right page's two armoede rows
    # come as one run of values, the second row ragged. Its own values leave it open which row is
    # short (both shifts alternate high and low figures); the rows' series from the left page do not.
    woonduur = ["Verhuisbeweging: woonduur\nafgelopen 10 jaar", "Minder dan 1 jaar"]
    armoede = ["Armoedegrens", "Aandeel huishoudens onder de\narmoedegrens",
               "Aandeel kinderen in huishoudens\nonder de armoedegrens"]
    left = _text(_header([2018, 2019, 2020, 2021]) + woonduur + "8.97% – 8.86% – 9.16% – 8.78% –".split() + armoede
                 + ("18.18% 8.75% 16.20% 7.80% 12.99% 6.21% 13.20% 6.22% "
                    "18.53% 7.55% 15.81% 6.49% 13.00% 5.38% 11.80% 4.81%").split())
    right = _text(_header([2022, 2023, 2024]) + woonduur + "9.44% – 9.70% – 9.95% –".split() + armoede
                  + "7.98% 3.97% 7.66% 3.68% – – 8.45% 3.57% 7.59% 3.08% –".split())
    readings = block_readings(left + right, [1] * len(left) + [2] * len(right), CATALOG)
    assert readings
    for name, table in readings:
        assert [_row(table, k)[2][8:] for k in (1, 2)] == [["7.98%", "3.97%", "7.66%", "3.68%", "–", "–"],
                                                          ["8.45%", "3.57%", "7.59%", "3.08%", "–", ""]], name


def test_an_indicator_written_in_one_paragraph_with_the_row_above_goes_to_the_rows_below():
    # Writer through poppler: the "Definitief schooladvies PO" cell, which spans the VMBO rows,
    # starts just under the end of the row above's label and is written in one paragraph with it.
    lines = _text(HEADER + WOONDUUR + [
        "Ervaren gezondheid Personen van 18 jaar en ouder\ndat de eigen gezondheid als\n(zeer) goed beoordeeld\n"
        "Definitief\nschooladvies PO",
        "–", "–", "–", "–", "72.37%", "78.49%",
        "VMBO BK", "31%", "20.00%", "32.00%", "20.00%", "34.00%", "22.00%",
        "VMBO BK/GT", "4%", "4.00%", "5.00%", "4.00%", "5.00%", "5.00%"])
    _, table = _best(lines)
    assert [_row(table, k) for k in range(1, 4)] == [
        ("Ervaren gezondheid", "Personen van 18 jaar en ouder dat de eigen gezondheid als (zeer) goed beoordeeld",
         ["–", "–", "–", "–", "72.37%", "78.49%"]),
        ("Definitief schooladvies PO", "VMBO BK", ["31%", "20.00%", "32.00%", "20.00%", "34.00%", "22.00%"]),
        ("", "VMBO BK/GT", ["4%", "4.00%", "5.00%", "4.00%", "5.00%", "5.00%"])]


def test_which_way_of_a_short_row_the_series_leave_open_the_measurement_cycle_decides():
    # The Leefbaarometer rows are measured every other year. Sociale Samenhang's row lacks its
    # 2021 cells (two dashes): which of the three rows is short, their series do not tell (any
    # of them could miss a year). Each way is read; only one puts no figure in a year the catalog
    # says is not measured.
    lines = _text(_header([2018, 2019, 2020, 2021]) + WOONDUUR[:2] + "8.97% – 8.86% – 9.16% – 8.78% –".split() + [
        "Leefbaarometer 'Algemeen'\nWoningen binnen een gebied dat een\nleefbaarheidscore van zwak of lager heeft",
        "Leefbaarometer 'Woningvoorraad'\nWoningen binnen een gebied dat een (zeer) grote\n"
        "negatieve bijdrage heeft op dimensie Woningvoorraad",
        "Leefbaarometer 'Sociale Samenhang'\nWoningen binnen een gebied dat een (zeer) grote\n"
        "negatieve bijdrage heeft op dimensie Sociale Samenhang"]
        + "60.35% 14.11% – – 54.16% 11.60% – – 8.76% 1.36% – – 5.38% 0.98% – – 0.11% 0.03% – – 0.12% 0.01%".split())
    name, table = _best(lines)
    assert "the short row of 1 band(s) where the catalog reads it" in name
    assert [_row(table, k)[2] for k in (1, 2, 3)] == [
        ["60.35%", "14.11%", "–", "–", "54.16%", "11.60%", "–", "–"],
        ["8.76%", "1.36%", "–", "–", "5.38%", "0.98%", "–", "–"],
        ["0.11%", "0.03%", "–", "–", "0.12%", "0.01%", "", ""]]


ARMOEDE_TO_WERK = [
    "Armoedegrens", "Aandeel huishoudens onder de\narmoedegrens", "Aandeel kinderen in huishoudens\nonder de armoedegrens",
    "Huishoudens met problematische\nschulden",
    "Huishoudens waarvan ten minste één lid (16+) een\nbetalingsachterstand heeft bij een instantie, oninbare\n"
    "schulden bij de Belastingdienst, of deelneemt aan een\nWSNP-traject",
    "Arbeidsparticipatie (netto\nparticipatiegraad)",
    "Werkzame beroepsbevolking in de bevolking\n(beroeps- en niet-beroepsbevolking) van 15 t/m 74-jarigen",
    "Werkzame beroepsbevolking in de bevolking\n(beroeps- en niet-beroepsbevolking) van jongeren\n"
    "tussen de 15 tot en met 24 jaar"]


def test_a_short_row_in_a_long_band_needs_a_clear_lead_only_over_the_rows_two_ways_read_otherwise():
    # The spread's right page writes five rows as one run, the second row ragged. With the left
    # page's series, row 2 being short leads reading row 1 so by less than half a point per row
    # of the band, but the two ways only read rows 1 and 2 otherwise: that lead is enough.
    left = _text(_header([2018, 2019, 2020, 2021]) + WOONDUUR[:2] + "8.97% – 8.86% – 9.16% – 8.78% –".split()
                 + ARMOEDE_TO_WERK + (
                     "18.18% 8.75% 16.20% 7.80% 12.99% 6.21% 13.20% 6.22% 18.53% 7.55% 15.81% 6.49% 13.00% 5.38% "
                     "11.80% 4.81% 13.35% 6.45% 12.59% 6.01% 12.17% 5.83% 12.80% 6.15% 60.71% 68.00% 61.93% 69.00% "
                     "60.99% 69.00% 61.86% 69.00% – – 61% 67.00% 58.18% 66.00% 60.89% 68.00%").split())
    right = _text(_header([2022, 2023, 2024]) + WOONDUUR[:2] + "9.44% – 9.70% – 9.95% –".split() + ARMOEDE_TO_WERK + (
        "7.98% 3.97% 7.66% 3.68% – – 8.45% 3.57% 7.59% 3.08% – 13.22% 6.66% 14.26% 7.48% 14.53% 7.69% "
        "63.98% 71.00% 64.40% 71.00% – – 64.16% 71.00% 63.80% 72.00% – –").split())
    readings = block_readings(left + right, [1] * len(left) + [2] * len(right), CATALOG)
    assert readings
    for name, table in readings:
        assert [_row(table, k)[2][8:] for k in range(1, 6)] == [
            ["7.98%", "3.97%", "7.66%", "3.68%", "–", "–"], ["8.45%", "3.57%", "7.59%", "3.08%", "–", ""],
            ["13.22%", "6.66%", "14.26%", "7.48%", "14.53%", "7.69%"], ["63.98%", "71.00%", "64.40%", "71.00%", "–", "–"],
            ["64.16%", "71.00%", "63.80%", "72.00%", "–", "–"]], name


def test_the_first_values_written_in_one_paragraph_with_the_header_end_no_row():
    # Chromium through poppler: the area names' tails and the first row's first value make one
    # paragraph; that is no row written as a paragraph (MuPDF), and the row goes on.
    lines = _text(["Bijlage: Monitor (vervolg)\nIndicator\nVerhuisbeweging: woonduur\nafgelopen 10 jaar", "Specificatie",
                   "Minder dan 1 jaar\n1 tot 3 jaar",
                   "2018\n2019\n2020\nNPLVNederland NPLVNederland NPLVNederland\ngebieden\ngebieden\ngebieden\n8.97%",
                   "–", "8.86%", "–", "9.16%", "–", "11.59%", "–", "12.03%", "–", "12.09%", "–"])
    _, table = _best(lines)
    assert [_row(table, k) for k in range(len(table.rows))] == [
        ("Verhuisbeweging: woonduur afgelopen 10 jaar", "Minder dan 1 jaar", ["8.97%", "–", "8.86%", "–", "9.16%", "–"]),
        ("", "1 tot 3 jaar", ["11.59%", "–", "12.03%", "–", "12.09%", "–"])]


def test_indicators_written_apart_are_not_ended_by_a_first_line_their_specifications_share():
    # The three Leefbaarometer rows' specifications all begin "Woningen binnen een gebied dat
    # een": the third indicator followed by the first one's specification is still written apart.
    scorer = TailScorer(CATALOG)
    specs_of: dict[str, set[str]] = {}
    for indicator, spec in scorer.pairs:
        specs_of.setdefault(indicator, set()).add(spec)
    lines = ["Leefbaarometer", "'Algemeen'", "Leefbaarometer", "'Woningvoorraad'", "Leefbaarometer",
             "'Sociale Samenhang'", "Woningen binnen een", "gebied dat een", "leefbaarheidscore van zwak",
             "of lager heeft"]
    found = _indicator_series(lines, {key for key in specs_of if key}, specs_of)
    assert [positions for _, positions in found] == [[0, 1], [2, 3], [4, 5]]
    # An indicator followed by its own specification is its row's label.
    own = ["Leefbaarometer", "'Sociale Samenhang'", "Woningen binnen een gebied dat een (zeer) grote",
           "negatieve bijdrage heeft op dimensie Sociale", "Samenhang"]
    assert _indicator_series(own, {key for key in specs_of if key}, specs_of) == []


def test_open_short_rows_beyond_the_budget_are_not_rebuilt_way_by_way(monkeypatch):
    # Three bands each of whose short row the series leave open: 27 ways, more than the budget
    # of rebuilds, so the text is rebuilt once per reading way (not once per way of the rows)
    # and not read.
    import pipeline.appendix.blocks as blocks

    band = ["Leefbaarometer 'Algemeen'", "Leefbaarometer 'Woningvoorraad'", "Leefbaarometer 'Sociale Samenhang'"] + \
        "60.35% 14.11% – – 54.16% 11.60% – – 8.76% 1.36% – – 5.38% 0.98% – – 0.11% 0.03% – – 0.12% 0.01%".split()
    lines = _text(_header([2018, 2019, 2020, 2021]) + WOONDUUR[:2] + "8.97% – 8.86% – 9.16% – 8.78% –".split()
                  + band * 3)
    calls = []
    rebuilt = blocks._rebuilt
    monkeypatch.setattr(blocks, "_rebuilt", lambda *args, **kw: calls.append(1) or rebuilt(*args, **kw))
    assert block_readings(lines, [1] * len(lines), CATALOG) == []
    # At most once per reading of the value blocks (as columns, as rows), way of ``PIECES`` and
    # order of the areas.
    assert len(calls) <= 2 * len(blocks.PIECES) * 2


def test_a_new_row_beside_label_text_no_row_took_is_not_explained():
    # A 2025-2026 row the catalog does not know ("Eenzaamheid"): a reading that leaves its
    # specification, written after the rows, as text no row took has the row's label wrong (MuPDF
    # of a Calc sheet read it as the neighbouring group's), and is not trusted; a reading that
    # gives the row those lines is.
    lines = ["Indicator Specificatie 2018 2019", "NPLV NL NPLV NL",
             "Verhuisbeweging: woonduur afgelopen 10 jaar Minder dan 1 jaar 8.97% – 8.86% –",
             "1 tot 3 jaar 11.59% – 12.03% –", "3 tot 5 jaar 7.78% – 8.17% –", "5 tot 10 jaar 30.06% – 29.01% –",
             "Meer dan 10 jaar 41.61% – 41.93% –",
             "Verhuisbeweging: doorloopsnelheid Afgelopen 5 jaar 57.16% – 58.39% –",
             "Afgelopen 10 jaar 82.80% – 84.31% –",
             "Armoedegrens Aandeel huishoudens onder de armoedegrens 18.18% 8.75% 16.20% 7.80%",
             "Aandeel kinderen in huishoudens onder de armoedegrens 18.53% 7.55% 15.81% 6.49%",
             "Eenzaamheid – – 12.30% 10.20%",
             "Personen van 18 jaar en ouder die", "zich (zeer) ernstig eenzaam voelen"]
    readings = dict(read_lines(lines, [1] * len(lines), CATALOG))
    left = readings["line reader, labels above their values"]
    taken = readings["line reader, labels below their values"]
    assert (left.rows[-1].indicator, left.rows[-1].specification) == ("Eenzaamheid", "")
    assert "stray_text" in [d.kind for d in left.decisions]
    assert not _explained(left, fit(left, CATALOG), CATALOG, BlockSettings(), lines)
    assert taken.rows[-1].specification == "Personen van 18 jaar en ouder die zich (zeer) ernstig eenzaam voelen"
    assert _explained(taken, fit(taken, CATALOG), CATALOG, BlockSettings(), lines)
    # An indicator printed on every row may be left over once: that is no row's missing label.
    lines[-2:] = ["Armoedegrens"]
    readings = dict(read_lines(lines, [1] * len(lines), CATALOG))
    left = readings["line reader, labels above their values"]
    assert "stray_text" in [d.kind for d in left.decisions]
    assert _explained(left, fit(left, CATALOG), CATALOG, BlockSettings(), lines)


def test_a_group_whose_rows_another_group_parts_is_not_explained():
    # poppler's text of a wkhtmltopdf table (2025-2026, the indicator on every row) wrote the
    # "Middeninkomen" row's label far below its values: read in order, every label after it
    # took the row above's values, and "Midden- en hoge inkomens" came back six rows later. All
    # but two rows still spelled catalog labels; a table prints a group's rows together.
    lines = ["Indicator Specificatie 2018 2019", "NPLV NL NPLV NL",
             "Midden- en hoge inkomens Hoog inkomen (meer dan 200 procent van mediane inkomen)",
             "48.32% 52.74% 48.32% 52.46%",
             "Armoedegrens Aandeel huishoudens onder de armoedegrens", "8.52% 18.26% 8.77% 18.49%",
             "Armoedegrens Aandeel kinderen in huishoudens onder de armoedegrens", "18.18% 8.75% 16.20% 7.80%",
             "Midden- en hoge inkomens Middeninkomen (60-200 procent van mediane inkomen)",
             "18.53% 7.55% 15.81% 6.49%"]
    readings = dict(read_lines(lines, [1] * len(lines), CATALOG))
    parted = readings["line reader, labels above their values"]
    assert [row.indicator for row in parted.rows] == [
        "Midden- en hoge inkomens", "Armoedegrens", "Armoedegrens", "Midden- en hoge inkomens"]
    assert not _explained(parted, fit(parted, CATALOG), CATALOG, BlockSettings(), lines)
    # The same rows with the group together are explained.
    together = lines[:2] + lines[8:] + lines[2:8]
    readings = dict(read_lines(together, [1] * len(together), CATALOG))
    table = readings["line reader, labels above their values"]
    assert _explained(table, fit(table, CATALOG), CATALOG, BlockSettings(), together)


def test_years_written_one_over_the_other_above_the_area_names_are_the_header():
    # Chromium through poppler, a page written as one paragraph: the title, the years stacked
    # over the run-together area names, then the rows' values a line each.
    lines = _text(["Indicator\nVerhuisbeweging: woonduur\nafgelopen 10 jaar", "Specificatie", "Minder dan 1 jaar\n1 tot 3 jaar",
                   "Bijlage: Monitor (vervolg)\n2018\n2019\n2020\nNPLVNederland NPLVNederland NPLVNederland\n"
                   "gebieden\ngebieden\ngebieden\n8.97%\n–\n8.86%\n–\n9.16%\n–\n11.59%\n–\n12.03%\n–\n12.09%\n–"])
    _, table = _best(lines)
    assert [(s.year, s.area) for s in table.slots] == [(y, a) for y in (2018, 2019, 2020) for a in ("NPLV", "NL")]
    assert [_row(table, k) for k in range(len(table.rows))] == [
        ("Verhuisbeweging: woonduur afgelopen 10 jaar", "Minder dan 1 jaar", ["8.97%", "–", "8.86%", "–", "9.16%", "–"]),
        ("", "1 tot 3 jaar", ["11.59%", "–", "12.03%", "–", "12.09%", "–"])]


@pytest.mark.parametrize("figure, piece", [("1500.00", "%"), ("1500.0", "0%")])
def test_a_units_paragraph_after_a_row_written_as_a_paragraph_completes_its_figure(figure, piece):
    # Writer's narrow cell wraps "1500.00%" as "1500.00" over "%" (asciidoctor-pdf's narrower one
    # as "1500.0" over "0%"), and MuPDF writes the row's values a line each, then the rest as a
    # paragraph of its own before the next row's label.
    # (The woonduur row, measured in the NPLV areas only, tells the area columns apart.)
    lines = _text(HEADER + [
        "Verhuisbeweging: woonduur\nafgelopen 10 jaar", "Minder dan 1 jaar", "8.97%\n–\n8.86%\n–\n9.16%\n–",
        "Definitief schooladvies\nPO", f"HAVO/VWO\n10%\n10.00%\n9.00%\n11.00%\n14.00%\n{figure}", piece,
        "VWO\n14%\n21.00%\n13.00%\n20.00%\n11.00%\n18.00%"])
    _, table = _best(lines)
    assert [_row(table, k) for k in range(1, 3)] == [
        ("Definitief schooladvies PO", "HAVO/VWO", ["10%", "10.00%", "9.00%", "11.00%", "14.00%", "1500.00%"]),
        ("", "VWO", ["14%", "21.00%", "13.00%", "20.00%", "11.00%", "18.00%"])]


@pytest.mark.parametrize("areas", [["Gem.\nNPLV-\ngebied\nen", "Gem.\nNL"], ["Gem.\nNPLV-\ngebied", "en", "Gem.", "NL"]],
                         ids=["one paragraph", "the tail a paragraph of its own"])
def test_pieces_of_an_area_name_broken_in_a_narrow_cell_are_header_not_the_first_label(areas):
    # Writer breaks "gebieden" as "gebied" / "en" in a narrow header cell; MuPDF writes a cell a
    # paragraph (asciidoctor-pdf's cell, as lines further apart, two), the values of a row one
    # paragraph. A label may wrap a word so too ("Bijstandsgerechtigd" / "en").
    header = ["Bijlage: Monitor", "Indicator", "Specificatie", "2018", "2019", "2020"]
    header += areas * 3
    lines = _text(header + [
        "Leefbaarometer\n'Algemeen'", "Woningen binnen een gebied dat\neen leefbaarheidscore van zwak\nof lager heeft",
        "60.35%\n14.11%\n–\n–\n54.16%\n11.60%",
        "Verhuisbeweging: woonduur\nafgelopen 10 jaar", "Minder dan 1 jaar", "8.97%\n–\n8.86%\n–\n9.16%\n–",
        "Bijstandsgerechtigd\nen", "Personen van 15 jaar en ouder met een\nbijstandsuitkering op grond van de WWB "
        "t/m\n2014 en de Participatiewet vanaf 2015", "8.22%\n3.16%\n7.67%\n2.97%\n7.39%\n2.87%"])
    _, table = _best(lines)
    assert [_row(table, k)[:2] for k in (0, 2)] == [
        ("Leefbaarometer 'Algemeen'", "Woningen binnen een gebied dat een leefbaarheidscore van zwak of lager heeft"),
        ("Bijstandsgerechtigden",
         "Personen van 15 jaar en ouder met een bijstandsuitkering op grond van de WWB t/m 2014 en de Participatiewet "
         "vanaf 2015")]


def test_a_unit_wrapped_under_its_figure_in_one_paragraph_completes_the_figure():
    # poppler writes a narrow cell's "1500.00" / "%" as one paragraph of two lines, among the
    # row's other cells a paragraph each.
    lines = _text(HEADER + WOONDUUR + [
        "Definitief schooladvies\nPO", "HAVO/VWO", "10%", "10.00%", "9.00%", "11.00%", "14.00%", "1500.00\n%",
        "VWO", "14%", "21.00%", "13.00%", "20.00%", "11.00%", "18.00%"])
    _, table = _best(lines)
    assert [_row(table, k) for k in range(1, 3)] == [
        ("Definitief schooladvies PO", "HAVO/VWO", ["10%", "10.00%", "9.00%", "11.00%", "14.00%", "1500.00%"]),
        ("", "VWO", ["14%", "21.00%", "13.00%", "20.00%", "11.00%", "18.00%"])]


def test_a_label_cells_lines_written_out_of_order_are_read_in_the_catalogs_order():
    # TeX hyphenates the indicator in its narrow cell; poppler writes the cell's second line
    # after its third, on the line of the specification's first line it shares a baseline with.
    lines = _text(HEADER + WOONDUUR + [
        "Leefbaarometer\ningvoorraad’\n’Won- Woningen binnen een gebied dat een (zeer)\n"
        "grote negatieve bijdrage heeft op dimensie Woningvoorraad",
        "8.76%", "1.36%", "–", "–", "5.38%", "0.98%"])
    _, table = _best(lines)
    assert _row(table, 1) == ("Leefbaarometer ’Woningvoorraad’",
                              "Woningen binnen een gebied dat een (zeer) grote negatieve bijdrage heeft op dimensie "
                              "Woningvoorraad", ["8.76%", "1.36%", "–", "–", "5.38%", "0.98%"])
    [decision] = [d for d in table.decisions if d.kind == "label_order"]
    assert decision.row == 1 and "Leefbaarometer ingvoorraad’ ’Won-" in decision.alternatives[0]
    assert lines[decision.line - 1] == "Leefbaarometer"


def test_words_that_spell_a_catalog_label_only_with_letters_left_over_stay_as_written():
    lines = _text(HEADER + WOONDUUR + [
        "Leefbaarometer\ningvoorraad’ nieuw\n’Won- Woningen binnen een gebied dat een (zeer)\n"
        "grote negatieve bijdrage heeft op dimensie Woningvoorraad",
        "8.76%", "1.36%", "–", "–", "5.38%", "0.98%"])
    assert block_readings(lines, [1] * len(lines), CATALOG) == []


# poppler's default text of a tight ruled TeX table (tests/corpus/latex-a4l-grid-lm): no blank
# lines, a row's values a few on a line, the first ones on its label's line, and a word broken at
# a line's end glued to the value written after it ("bijstand" + "8.22%").
RUNS = ["Bijlage: Monitor", "Indicator", "Specificatie", "2018", "2019", "2020", "Gem.", "Gem.", "Gem.",
        "NPLVNL NPLVNL NPLVNL", "gebieden", "gebieden", "gebieden",
        "Verhuisbeweging:", "woonduur Minder dan 1 jaar 8.97%", "– 8.86%", "– 9.16%", "–",
        "afgelopen 10 jaar", "1 tot 3 jaar", "11.59%", "– 12.03%", "– 12.09%", "–",
        "Bijstandsgerechtigden", "Personen van 15 jaar en ouder met een bijstand8.22%",
        "3.16%", "7.67%", "2.97%", "7.39%", "2.87%",
        "suitkering op grond van de WWB t/m 2014 en", "de Participatiewet vanaf 2015"]


def test_values_a_few_on_a_line_are_read_in_the_texts_order_rows_between_the_labels():
    assert written_in_runs(RUNS)
    name, table = _best(RUNS)
    assert "values in the text's order" in name
    assert [_row(table, k)[2] for k in range(3)] == [
        ["8.97%", "–", "8.86%", "–", "9.16%", "–"], ["11.59%", "–", "12.03%", "–", "12.09%", "–"],
        ["8.22%", "3.16%", "7.67%", "2.97%", "7.39%", "2.87%"]]
    assert [label_key(table.rows[k].specification) for k in range(3)] == [
        label_key("Minder dan 1 jaar"), label_key("1 tot 3 jaar"),
        label_key("Personen van 15 jaar en ouder met een bijstandsuitkering op grond van de WWB t/m 2014 en de "
                  "Participatiewet vanaf 2015")]
    # Every cell points to the line of the text its value stands on.
    cells = table.rows[2].cells
    assert RUNS[cells[0].line - 1].endswith("bijstand8.22%") and RUNS[cells[5].line - 1] == "2.87%"
    assert RUNS[table.rows[0].cells[2].line - 1] == "– 8.86%"


def test_text_of_rows_on_lines_is_not_read_in_runs():
    assert written_in_runs(_text(HEADER + WOONDUUR * 2))  # a value a line
    assert not written_in_runs(["Indicator Specificatie 2018 2019 2020"] + [
        "Koop 33.20% 57.00% 33.62% 57.58% 33.26% 57.58%"] * 4)


def test_short_rows_tried_beyond_the_texts_budget_leave_the_band_unread():
    lines = SHORT_BAND
    assert block_readings(lines, [1] * len(lines), CATALOG, BlockSettings(max_text_resplit_work=0)) == []
    assert block_readings(lines, [1] * len(lines), CATALOG, BlockSettings(max_text_resplit_work=100))


def test_a_page_without_a_header_after_a_page_of_the_table_goes_on_with_its_columns():
    # WebKit repeats no header on the next page: page 2 starts with the rows, the first one's
    # specification going on from page 1 ("afgelopen 10 jaar" / "1 tot 3 jaar").
    first = _text(HEADER + WOONDUUR)
    second = _text(["Verhuisbeweging: woonduur\nafgelopen 10 jaar", "1 tot 3 jaar",
                    "11.59%", "–", "12.03%", "–", "12.09%", "–",
                    "Energiearme\nhuishoudens", "21.23%", "18.76%", "19.59%", "17.74%", "17.33%", "15.93%"])
    lines = first + second
    pages = [1] * len(first) + [2] * len(second)
    _, table = max(block_readings(lines, pages, CATALOG), key=lambda nt: fit(nt[1], CATALOG).value)
    assert [_row(table, k)[1:] for k in range(3)] == [
        ("Minder dan 1 jaar", ["8.97%", "–", "8.86%", "–", "9.16%", "–"]),
        ("1 tot 3 jaar", ["11.59%", "–", "12.03%", "–", "12.09%", "–"]),
        ("", ["21.23%", "18.76%", "19.59%", "17.74%", "17.33%", "15.93%"])]
    assert table.rows[2].indicator == "Energiearme huishoudens" and table.rows[2].page == 2


def test_a_page_without_a_header_goes_on_only_from_a_page_of_the_table():
    # The table's page, a page of prose, then rows on a page of their own: the prose ends the
    # table, so those rows have no columns to go on with.
    first = _text(HEADER + WOONDUUR)
    prose = ["Toelichting", "", "De gemeenten werken samen aan wonen en veiligheid."]
    rows = _text(["Verhuisbeweging: woonduur\nafgelopen 10 jaar", "1 tot 3 jaar",
                  "11.59%", "–", "12.03%", "–", "12.09%", "–"])
    lines = first + prose + rows
    pages = [1] * len(first) + [2] * len(prose) + [3] * len(rows)
    readings = block_readings(lines, pages, CATALOG)
    assert readings and all({row.page for row in table.rows} == {1} for _, table in readings)


def test_nederland_broken_anywhere_in_a_narrow_header_cell_names_the_nl_column():
    # MuPDF's text of a Writer spread with the areas "NPLV-gebieden" / "Nederland": the narrow
    # cells break them "NPLV-" / "gebiede" / "n" and "Nederla" / "nd", a cell a paragraph.
    header = ["Bijlage: Monitor", "Indicator\nSpecificatie\n2018\n2019\n2020"]
    header += ["NPLV-\ngebiede\nn", "Nederla\nnd"] * 3
    lines = _text(header + [
        "Verhuisbeweging: woonduur\nafgelopen 10 jaar", "Minder dan 1 jaar", "8.97%\n–\n8.86%\n–\n9.16%\n–",
        "1 tot 3 jaar", "11.59%\n–\n12.03%\n–\n12.09%\n–"])
    _, table = _best(lines)
    assert [(s.year, s.area) for s in table.slots] == [(2018, "NPLV"), (2018, "NL"), (2019, "NPLV"), (2019, "NL"),
                                                       (2020, "NPLV"), (2020, "NL")]
    assert [_row(table, k) for k in (0, 1)] == [
        ("Verhuisbeweging: woonduur afgelopen 10 jaar", "Minder dan 1 jaar", ["8.97%", "–", "8.86%", "–", "9.16%", "–"]),
        ("", "1 tot 3 jaar", ["11.59%", "–", "12.03%", "–", "12.09%", "–"])]


# Label lines poppler wrote in one run apart from their rows: two columns' cells interleaved, the
# indicator's lines between its first rows' specifications.
WOONDUUR_APART = "Verhuisbeweging:\nMinder dan 1 jaar\nwoonduur afgelopen\n1 tot 3 jaar\n10 jaar"
# Three rows' values as one run, only the first row's label before them.
CORPORATIE_BAND = ["Samenstelling woningvoorraad\nCorporatie huur",
                   "50.27%", "29.00%", "50.06%", "29.29%", "49.70%", "29.29%",
                   "8.97%", "–", "8.86%", "–", "9.16%", "–",
                   "11.59%", "–", "12.03%", "–", "12.09%", "–"]
DRIE_TOT_VIJF = ["3 tot 5 jaar", "7.78%", "–", "8.17%", "–", "8.47%", "–"]
ARMOEDE = ["Armoedegrens\nAandeel huishoudens onder de armoedegrens",
           "18.18%", "8.75%", "16.20%", "7.80%", "12.99%", "6.21%"]


def test_rows_between_two_rows_the_catalog_reads_take_the_labels_printed_apart():
    lines = _text(HEADER + CORPORATIE_BAND + DRIE_TOT_VIJF + [WOONDUUR_APART] + ARMOEDE)
    _, table = _best(lines)
    assert [_row(table, k) for k in range(5)] == [
        ("Samenstelling woningvoorraad", "Corporatie huur", ["50.27%", "29.00%", "50.06%", "29.29%", "49.70%", "29.29%"]),
        ("Verhuisbeweging: woonduur afgelopen 10 jaar", "Minder dan 1 jaar", ["8.97%", "–", "8.86%", "–", "9.16%", "–"]),
        ("", "1 tot 3 jaar", ["11.59%", "–", "12.03%", "–", "12.09%", "–"]),
        ("", "3 tot 5 jaar", ["7.78%", "–", "8.17%", "–", "8.47%", "–"]),
        ("Armoedegrens", "Aandeel huishoudens onder de armoedegrens",
         ["18.18%", "8.75%", "16.20%", "7.80%", "12.99%", "6.21%"]),
    ]
    # Each label keeps the lines it was read from.
    minder = table.rows[1]
    assert lines[minder.line - 1] in ("Verhuisbeweging:", "Minder dan 1 jaar")
    # Without the search for labels printed apart, no reading of the text is explained.
    assert block_readings(lines, [1] * len(lines), CATALOG, BlockSettings(max_fill_work=0)) == []


def test_the_tables_first_row_takes_its_specification_printed_apart():
    lines = _text(HEADER + [
        "Leefbaarometer 'Algemeen'", "60.35%", "14.11%", "–", "–", "54.16%", "11.60%",
        "Leefbaarometer 'Woningvoorraad'\nWoningen binnen een gebied dat een (zeer) grote\n"
        "negatieve bijdrage heeft op dimensie Woningvoorraad", "8.76%", "1.36%", "–", "–", "5.38%", "0.98%",
    ] + WOONDUUR + ["Woningen binnen een gebied dat een\nleefbaarheidscore van zwak of lager heeft"] + ARMOEDE)
    assert block_readings(lines, [1] * len(lines), CATALOG, BlockSettings(max_fill_work=0)) == []
    _, table = _best(lines)
    assert _row(table, 0) == ("Leefbaarometer 'Algemeen'",
                              "Woningen binnen een gebied dat een leefbaarheidscore van zwak of lager heeft",
                              ["60.35%", "14.11%", "–", "–", "54.16%", "11.60%"])
    assert [(r.indicator, r.specification) for r in table.rows[1:]] == [
        ("Leefbaarometer 'Woningvoorraad'",
         "Woningen binnen een gebied dat een (zeer) grote negatieve bijdrage heeft op dimensie Woningvoorraad"),
        ("Verhuisbeweging: woonduur afgelopen 10 jaar", "Minder dan 1 jaar"),
        ("Armoedegrens", "Aandeel huishoudens onder de armoedegrens")]


def test_rows_between_two_read_rows_are_not_filled_when_as_many_catalog_rows_do_not_lie_between():
    # A row more than the catalog has between "Corporatie huur" and "3 tot 5 jaar": which row is
    # new is not known, and no label is given to a row by its place alone.
    lines = _text(HEADER + CORPORATIE_BAND + ["10.59%", "–", "11.03%", "–", "11.09%", "–"] + DRIE_TOT_VIJF
                  + [WOONDUUR_APART] + ARMOEDE)
    assert block_readings(lines, [1] * len(lines), CATALOG) == []


def test_a_column_of_the_last_cells_of_a_row_one_short_and_the_row_below_ends_both_rows():
    # poppler writes the last column's cells of a tall row after its other cells, with the cell
    # close above it: the row above's last value, then this row's, in one block.
    lines = _text(HEADER + WOONDUUR + [
        "Samenstelling woningvoorraad\nKoop", "33.20%", "57.00%", "33.62%", "57.58%", "33.26%",
        "Particuliere huur", "15.93%", "13.00%", "16.17%", "13.13%", "16.95%", "57.58%\n13.13%",
        "Corporatie huur", "50.27%", "29.00%", "50.06%", "29.29%", "49.70%", "29.29%"])
    _, table = _best(lines)
    assert [_row(table, k) for k in range(1, 4)] == [
        ("Samenstelling woningvoorraad", "Koop", ["33.20%", "57.00%", "33.62%", "57.58%", "33.26%", "57.58%"]),
        ("", "Particuliere huur", ["15.93%", "13.00%", "16.17%", "13.13%", "16.95%", "13.13%"]),
        ("", "Corporatie huur", ["50.27%", "29.00%", "50.06%", "29.29%", "49.70%", "29.29%"]),
    ]
    # The moved value keeps its line in the text.
    assert lines[table.rows[1].cells[sorted(table.rows[1].cells)[5]].line - 1] == "57.58%"


def test_a_filled_row_takes_its_groups_indicator_printed_again_not_the_next_pages_first_row():
    # The indicator printed on each row, the specifications written apart at the page's foot: the
    # second row takes the second copy, which left over would join the next page's first label.
    first = _text(HEADER + WOONDUUR + [
        "Energiearme\nhuishoudens", "–", "–", "–", "–", "–", "–",
        "Midden- en hoge inkomens", "48.32%", "52.74%", "48.32%", "52.46%", "48.24%", "52.43%",
        "Midden- en hoge inkomens", "8.52%", "18.26%", "8.77%", "18.49%", "9.00%", "18.54%",
        "Armoedegrens\nAandeel huishoudens onder de armoedegrens",
        "18.18%", "8.75%", "16.20%", "7.80%", "12.99%", "6.21%",
        "Middeninkomen (60-200 procent van mediane\ninkomen)\n"
        "Hoog inkomen (meer dan 200 procent van\nmediane inkomen)"])
    second = _text(HEADER[3:] + ["Aandeel kinderen in huishoudens onder de\narmoedegrens",
                                 "18.53%", "7.55%", "15.81%", "6.49%", "13.00%", "5.38%"])
    lines = first + second
    readings = block_readings(lines, [1] * len(first) + [2] * len(second), CATALOG)
    _, table = max(readings, key=lambda nt: fit(nt[1], CATALOG).value)
    assert [(r.indicator, r.specification) for r in table.rows][2:] == [
        ("Midden- en hoge inkomens", "Middeninkomen (60-200 procent van mediane inkomen)"),
        ("Midden- en hoge inkomens", "Hoog inkomen (meer dan 200 procent van mediane inkomen)"),
        ("Armoedegrens", "Aandeel huishoudens onder de armoedegrens"),
        ("", "Aandeel kinderen in huishoudens onder de armoedegrens")]


def test_a_calc_table_whose_indicator_is_printed_on_every_row_reads_as_printed():
    # MuPDF's text of a Calc table (tests/regressions/README.md): every cell under its label.
    cells = read_cells("calc-a4l-zebra-every.mupdf.txt")
    read = {(r.indicator, r.specification or "", int(r.year), r.area): r.printed for r in cells.itertuples()}
    assert read == golden_cell_texts(load_golden())


def test_a_wkhtmltopdf_table_whose_labels_poppler_wrote_a_row_late_is_refused_not_misread():
    # poppler's text of a 2025-2026 table with the indicator on every row
    # (tests/regressions/README.md): once published with labels one row off. It is refused in
    # one line naming the file.
    name = "wkhtmltopdf-next-a4l-hrules-every.pdftotext.txt"
    message = refusal(name)
    assert name in message and "\n" not in message


def test_rows_that_take_the_labels_after_the_pages_rows_out_of_the_texts_order_read_crossed():
    # MuPDF of a Calc sheet: two "Armoedegrens" rows (their own paragraphs, lines 334 and 352)
    # and their wrapped specifications after the page's rows (509, 512). A row that takes a line
    # written there before one an earlier row took reads the labels crossed.
    first = ("18.18%", 335)
    second = ("18.53%", 353)
    own = {334, 352}
    crossed = [([("Armoedegrens", 334), ("Aandeel kinderen in een huishouden onder de", 512)], [first], (14, 0)),
               ([("Armoedegrens", 352), ("Aandeel huishoudens onder de", 509)], [second], (15, 0))]
    in_order = [([("Armoedegrens", 334), ("Aandeel huishoudens onder de", 509)], [first], (14, 0)),
                ([("Armoedegrens", 352), ("Aandeel kinderen in een huishouden onder de", 512)], [second], (15, 0))]
    assert not _trailing_in_order(crossed, own)
    assert _trailing_in_order(in_order, own)


def test_a_calc_table_whose_wrapped_labels_a_way_read_crossed_reads_every_cell_under_its_label():
    # tests/regressions/README.md: once published with two rows' labels crossed, then refused.
    # Read with each paragraph joined, the two "Armoedegrens" rows take their specifications in
    # the text's order, and every cell stands under its own label.
    read, printed = read_as_printed("calc-next-a4l-grid-every.mupdf.txt")
    assert read == printed


def test_an_indicator_followed_by_its_renamed_specification_is_its_rows_label():
    # The 2025-2026 edition renames "Aandeel kinderen in huishoudens onder de armoedegrens" to
    # "Aandeel kinderen in een huishouden ...": its first words are still the indicator's own.
    scorer = TailScorer(CATALOG)
    specs_of: dict[str, set[str]] = {}
    for indicator, spec in scorer.pairs:
        specs_of.setdefault(indicator, set()).add(spec)
    indicators = {key for key in specs_of if key}
    renamed = ["Armoedegrens", "Aandeel kinderen in een huishouden", "onder de armoedegrens"]
    assert _indicator_series(renamed, indicators, specs_of) == []
    # Followed by another indicator's specification, it is still written apart.
    other = ["Armoedegrens", "Huishoudens waarvan ten minste één", "lid (16+) een betalingsachterstand"]
    assert [positions for _, positions in _indicator_series(other, indicators, specs_of)] == [[0]]


def test_the_last_rows_label_goes_on_under_the_header_repeated_on_the_next_page():
    # MuPDF of a Writer table: the page breaks the last row's specification, whose last word
    # stands on the next page under the header cells written a line each ("gebiede" / "n").
    header = ["Indicator", "Specificatie", "2018", "2019", "2020",
              "Gem.\nNPLV-\ngebiede\nn", "Gem.\nNL", "Gem.\nNPLV-\ngebiede\nn", "Gem.\nNL",
              "Gem.\nNPLV-\ngebiede\nn", "Gem.\nNL"]
    first = ["Bijlage: Monitor"] + header + [
        "Verhuisbeweging: \ndoorloopsnelheid", "Afgelopen 5 jaar\n57.16%\n–\n58.39%\n–\n59.48%\n–",
        "Verhuisbeweging: \ndoorloopsnelheid", "Afgelopen 10 jaar\n82.80%\n–\n84.31%\n–\n85.98%\n–",
        "Ervaren gezondheid\nPersonen van 18 jaar en ouder dat de\neigen gezondheid als (zeer) goed",
        "–\n–\n–\n–\n72.37%\n78.49%"]
    lines = _text(first) + ["\f"] + _text(header + ["beoordeeld"])
    pages = [1] * (len(_text(first)) + 1) + [2] * (len(lines) - len(_text(first)) - 1)
    lines = [line.replace("\f", "") for line in lines]
    readings = block_readings(lines, pages, CATALOG)
    assert readings, "no block reading"
    _, table = max(readings, key=lambda nt: fit(nt[1], CATALOG).value)
    assert _row(table, len(table.rows) - 1) == (
        "Ervaren gezondheid", "Personen van 18 jaar en ouder dat de eigen gezondheid als (zeer) goed beoordeeld",
        ["–", "–", "–", "–", "72.37%", "78.49%"])
    assert fit(table, CATALOG).trusted()


@pytest.mark.parametrize("years", [["Indicator\nSpecificatie\n2018\n2019\n2020"],
                                   ["Indicator", "Specificatie", "2018", "2019", "2020"]], ids=["MuPDF", "poppler"])
def test_a_page_that_repeats_only_the_headers_years_goes_on_with_the_table(years):
    # MuPDF's and poppler's texts of an asciidoctor-pdf table: AsciiDoc's header is one row, so the
    # next page repeats the years without the area names (one paragraph, or one each); they were
    # read as the page's first label.
    first = _text(HEADER + WOONDUUR + ["1 tot 3 jaar", "11.59%\n–\n12.03%\n–\n12.09%\n–"])
    second = _text(years + ["3 tot 5 jaar", "7.78%\n–\n8.17%\n–\n8.47%\n–",
                    "5 tot 10 jaar", "30.06%\n–\n29.01%\n–\n28.33%\n–"])
    lines = first + [""] + second
    pages = [1] * (len(first) + 1) + [2] * len(second)
    readings = block_readings(lines, pages, CATALOG)
    _, table = max(readings, key=lambda nt: fit(nt[1], CATALOG).value)
    assert [_row(table, k) for k in range(2, 4)] == [
        ("", "3 tot 5 jaar", ["7.78%", "–", "8.17%", "–", "8.47%", "–"]),
        ("", "5 tot 10 jaar", ["30.06%", "–", "29.01%", "–", "28.33%", "–"])]
    assert fit(table, CATALOG).trusted()


@pytest.mark.parametrize("name", ["adoc-a4l-grid-sans-9pt.mupdf.txt", "adoc-a4l-grid-helv.pdftotext.txt"])
def test_an_asciidoctor_table_in_mupdfs_and_popplers_text_reads_as_printed(name):
    # tests/regressions/README.md: the years repeated alone on the next pages (one paragraph, or
    # a paragraph each), "gebied" / "en" as two paragraphs, "1500.0" / "0%", the page's number
    # amid the page.
    read, printed = read_as_printed(name)
    assert read == printed


def test_without_blank_lines_the_label_lines_before_a_band_may_be_its_first_rows():
    # PyMuPDF's page.get_text() writes MuPDF's paragraphs without a blank line between them: a
    # row's label lines, then its values, and the wrapped label cells after the page's rows. Read
    # only as lines before a band, "Armoedegrens" / "Aandeel huishoudens ..." spelled the row
    # above's label, every label after it one row off, and no reading was trusted.
    lines = ["Bijlage: Monitor", "Indicator", "Specificatie", "2018", "2019", "2020", "Gem. NL", "Gem. NL", "Gem. NL",
             "Minder dan 1 jaar", "8.97%", "–", "8.86%", "–", "9.16%", "–",
             "1 tot 3 jaar", "11.59%", "–", "12.03%", "–", "12.09%", "–",
             "Midden- en hoge inkomens", "48.32%", "52.74%", "48.32%", "52.46%", "48.24%", "52.43%",
             "8.52%", "18.26%", "8.77%", "18.49%", "9.00%", "18.54%",
             "Armoedegrens", "Aandeel huishoudens onder de armoedegrens",
             "18.18%", "8.75%", "16.20%", "7.80%", "12.99%", "6.21%",
             "18.53%", "7.55%", "15.81%", "6.49%", "13.00%", "5.38%",
             "Gem.", "NPLV-", "gebieden", "Gem.", "NPLV-", "gebieden", "Gem.", "NPLV-", "gebieden",
             "Verhuisbeweging: woonduur", "afgelopen 10 jaar",
             "Middeninkomen (60-200 procent van mediane", "inkomen)",
             "Hoog inkomen (meer dan 200 procent van mediane", "inkomen)",
             "Aandeel kinderen in huishoudens onder de", "armoedegrens"]
    name, table = _best(lines)
    assert "the label lines before a band its first row's" in name
    assert [_row(table, k)[:2] for k in range(2, 6)] == [
        ("Midden- en hoge inkomens", "Middeninkomen (60-200 procent van mediane inkomen)"),
        ("", "Hoog inkomen (meer dan 200 procent van mediane inkomen)"),
        ("Armoedegrens", "Aandeel huishoudens onder de armoedegrens"),
        ("", "Aandeel kinderen in huishoudens onder de armoedegrens")]
    assert _row(table, 4)[2] == ["18.18%", "8.75%", "16.20%", "7.80%", "12.99%", "6.21%"]
    # A text that marks its paragraphs with blank lines is not read so.
    spaced = [line for text in lines for line in (text, "")]
    assert all("the label lines before a band" not in name
               for name, _ in block_readings(spaced, [1] * len(spaced), CATALOG))


def test_years_repeated_at_the_top_of_a_paragraph_go_on_with_the_table():
    # PyMuPDF's text of an asciidoctor-pdf table (no blank lines): the next page repeats the
    # header's one row of years, "Indicator" to "2020", as the first lines of the page's first
    # paragraph, the first row's label and values after them. Read as that row's label, they
    # left no reading; they are the header's, and the page goes on with the table.
    first = ["Bijlage: Monitor", "Indicator", "Specificatie", "2018", "2019", "2020",
             "Gem. NPLV-", "gebieden", "Gem. NL", "Gem. NPLV-", "gebieden", "Gem. NL", "Gem. NPLV-", "gebieden",
             "Gem. NL", "Verhuisbeweging: woonduur afgelopen 10 jaar", "Minder dan 1 jaar",
             "8.97%", "–", "8.86%", "–", "9.16%", "–", "1 tot 3 jaar", "11.59%", "–", "12.03%", "–", "12.09%", "–"]
    second = ["Indicator", "Specificatie", "2018", "2019", "2020", "3 tot 5 jaar",
              "7.78%", "–", "8.17%", "–", "8.47%", "–", "5 tot 10 jaar", "30.06%", "–", "29.01%", "–", "28.33%", "–"]
    readings = block_readings(first + second, [1] * len(first) + [2] * len(second), CATALOG)
    _, table = max(readings, key=lambda nt: fit(nt[1], CATALOG).value)
    assert [_row(table, k) for k in range(2, 4)] == [
        ("", "3 tot 5 jaar", ["7.78%", "–", "8.17%", "–", "8.47%", "–"]),
        ("", "5 tot 10 jaar", ["30.06%", "–", "29.01%", "–", "28.33%", "–"])]


@pytest.mark.parametrize("name", ["calc-next-a4l-hrules.pymupdf.txt", "calc-letterl-hrules-every.pymupdf.txt",
                                  "adoc-next-a4l-grid-times.pymupdf.txt"])
def test_pymupdfs_text_of_calc_sheets_and_asciidoctor_tables_reads_as_printed(name):
    # tests/regressions/README.md: PyMuPDF's get_text(), no blank line between paragraphs.
    read, printed = read_as_printed(name)
    assert read == printed


def test_values_set_apart_keep_a_row_its_paragraph_gives_its_label():
    # PyMuPDF's sorted blocks of a Chromium table: the "Hoog inkomen" row's values are a block
    # sorted above the block that holds "Middeninkomen ...", its values, then the label of "Hoog
    # inkomen"; set apart, the values were read one row off (each under the other's label, and the
    # catalog cannot tell 48% from 9%). No reading may give Middeninkomen another row's values.
    lines = _text(HEADER + [
        "Verhuisbeweging: woonduur afgelopen 10 jaar\nMinder dan 1 jaar\n8.97%\n–\n8.86%\n–\n9.16%\n–",
        "Energiearme huishoudens\n–\n–\n–\n–\n–\n–",
        "8.52%\n18.26%\n8.77%\n18.49%\n9.00%\n18.54%",
        "Midden- en hoge inkomens\nMiddeninkomen (60-200 procent van mediane inkomen)\n"
        "48.32%\n52.74%\n48.32%\n52.46%\n48.24%\n52.43%\nHoog inkomen (meer dan 200 procent van mediane\ninkomen)",
        "Armoedegrens\nAandeel huishoudens onder de armoedegrens\n18.18%\n8.75%\n16.20%\n7.80%\n12.99%\n6.21%"])
    for name, table in block_readings(lines, [1] * len(lines), CATALOG):
        middle = [_row(table, k)[2] for k, row in enumerate(table.rows) if row.specification.startswith("Middeninkomen")]
        assert middle in ([], [["48.32%", "52.74%", "48.32%", "52.46%", "48.24%", "52.43%"]]), name


def test_pymupdfs_blocks_of_a_chromium_table_are_refused_not_read_a_row_off():
    # tests/regressions/README.md: once published with two pairs of rows' values crossed.
    message = refusal("chromium-a4l-grid-serif.pymupdf-blocks.txt")
    assert "not read reliably" in message


def test_the_pages_whose_blocks_hold_the_tables_header_are_found():
    # The header's cells as poppler writes them (years, then the area names wrapped), over rows.
    lines = _text(HEADER + WOONDUUR)
    assert header_pages(lines, [1] * len(lines)) == [1]
    # Years and an area's name in prose are no header.
    prose = _text(["In 2018 en 2019 woonden in de NPLV-gebieden meer huishoudens", "dan in Nederland gemiddeld.",
                   "8.97%", "8.86%"])
    assert header_pages(prose, [1] * len(prose)) == []
    # A page of the table's rows without the header (a spread's label page) is not one.
    rows = _text(WOONDUUR)
    assert header_pages(lines + [""] + rows, [1] * len(lines) + [2] * (len(rows) + 1)) == [1]

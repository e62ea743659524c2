"""How a reading of the table is judged (pipeline/appendix/fit.py).

Rows and values below are the appendix as printed (tests/golden/appendix-2024-2025.csv): the
Leefbaarometer is measured every two years (a dash in 2019 and 2021), the woonduur rows in the
NPLV areas only (a dash under NL).
"""

from __future__ import annotations

import pytest

from dataclasses import replace

from pipeline.appendix.fit import choose_reading, fit, FitSettings, indicators_at_group_start, indicators_made_whole
from pipeline.appendix.model import Decision, RawCell, RawRow, RawTable, Slot
from pipeline.catalog import default_catalog
from pipeline.errors import InputError
from tests.support.render_table import load_golden

CATALOG = default_catalog()
SLOTS = [Slot(year, area) for year in (2018, 2019, 2020, 2021) for area in ("NPLV", "NL")]
ROWS = [
    ("Leefbaarometer 'Algemeen'", "Woningen binnen een gebied dat een leefbaarheidscore van zwak of lager heeft",
     ["60.35%", "14.11%", "–", "–", "54.16%", "11.60%", "–", "–"]),
    ("Samenstelling woningvoorraad", "Koop",
     ["33.20%", "57.00%", "33.62%", "57.58%", "33.26%", "57.58%", "32.51%", "57.00%"]),
    ("", "Particuliere huur", ["15.93%", "13.00%", "16.17%", "13.13%", "16.95%", "13.13%", "17.77%", "14.00%"]),
    ("Verhuisbeweging: woonduur afgelopen 10 jaar", "Minder dan 1 jaar",
     ["8.97%", "–", "8.86%", "–", "9.16%", "–", "8.78%", "–"]),
    ("", "1 tot 3 jaar", ["11.59%", "–", "12.03%", "–", "12.09%", "–", "12.13%", "–"]),
]


def _table(rows) -> RawTable:
    raw = []
    for indicator, specification, values in rows:
        row = RawRow(indicator, specification, 1)
        row.cells = {k: RawCell(v, 1) for k, v in enumerate(values)}
        raw.append(row)
    return RawTable(SLOTS, raw, [1])


def test_the_printed_table_fits_the_catalog():
    judged = fit(_table(ROWS), CATALOG)
    assert (judged.known, judged.unmeasured, judged.off_cycle, judged.orphans) == (5, 0, 0, 0)
    assert judged.trusted()


def test_values_read_into_the_row_above_put_figures_where_the_catalog_expects_dashes():
    # Labels shifted by one row against their values (the last label takes the first row's): every
    # label is a catalog label, but the Leefbaarometer now has figures in 2019 and 2021 (Koop's)
    # and "1 tot 3 jaar" figures under NL (the Leefbaarometer's).
    labels = [(indicator, specification) for indicator, specification, _ in ROWS]
    values = [values for _, _, values in ROWS]
    shifted = [(*labels[k], values[k + 1]) for k in range(len(ROWS) - 1)] + [(*labels[-1], values[0])]
    judged = fit(_table(shifted), CATALOG)
    assert judged.known == 5
    assert judged.off_cycle == 4  # 33.62% 57.58% (2019), 32.51% 57.00% (2021)
    assert judged.unmeasured == 2  # 14.11% and 11.60%
    assert judged.value < fit(_table(ROWS), CATALOG).value
    assert "figures in an area the row is not measured for" in judged.summary()
    assert not judged.trusted()  # 6 of 40 filled cells: over the 5% the settings allow


def test_a_few_figures_where_a_dash_is_expected_are_reported_not_refused():
    # One figure out of place is the table's own business (the checks report it), not a misreading.
    rows = [list(row) for row in ROWS]
    rows[0][2] = ["60.35%", "14.11%", "55.00%", "–", "54.16%", "11.60%", "–", "–"]
    judged = fit(_table(rows), CATALOG)
    assert judged.off_cycle == 1 and judged.trusted(FitSettings(max_implausible_share=0.05))


def test_a_reading_whose_first_row_continues_no_indicator_is_refused():
    rows = [("", "Koop", ROWS[1][2])] + ROWS[2:]
    judged = fit(_table(rows), CATALOG)
    assert judged.orphans == 2 and not judged.trusted()  # Koop, and Particuliere huur under it
    with pytest.raises(InputError, match="2 rows before the first indicator"):
        choose_reading([("a reading", _table(rows))], CATALOG, "edition.txt", FitSettings())


def test_values_moved_a_column_in_a_group_break_its_totals():
    # The tenure shares (Koop, Particuliere huur, Corporatie huur) add up to 100% in every year
    # and area as printed; Corporatie huur's values moved one column right no longer do.
    tenure = ROWS[1:3] + [("", "Corporatie huur", ["50.27%", "29.00%", "50.06%", "29.29%", "49.70%", "29.29%",
                                                    "49.60%", "29.00%"])]
    moved = tenure[:2] + [("", "Corporatie huur", ["29.00%"] + tenure[2][2][:-1])]
    assert fit(_table(tenure), CATALOG).broken_totals == 0
    judged = fit(_table(moved), CATALOG)
    assert judged.broken_totals == 8
    assert "8 group totals that do not add up" in judged.summary()
    assert judged.value < fit(_table(tenure), CATALOG).value


@pytest.mark.parametrize("indicator, specification", [
    # "Bijstandsgerechtigd" over "en" (a wrapped indicator cell), the "en" lost under the next
    # page's header; the specification whole.
    ("Bijstandsgerechtigd", "Personen van 15 jaar en ouder met een bijstandsuitkering op grond van de WWB t/m 2014 "
                            "en de Participatiewet vanaf 2015"),
    # A figure's wrapped "%" (HAVO/VWO's "1500.00" / "%") run on before the next row's indicator.
    ("% Afstromers in VO", "Leerlingen die naar lager onderwijstype en volgend leerjaar gaan"),
    # A row split over a page break (Writer): its label's first lines, the indicator's and the
    # specification's, before the page's foot; their ends under the next page's header lost.
    ("Arbeidsparticipatie", "(netto Werkzame beroepsbevolking in de bevolking (beroeps- en"),
    # The specification's last line lost at a page break.
    ("Huishoudens met problematische schulden", "Huishoudens waarvan ten minste één lid (16+) een "
     "betalingsachterstand heeft bij een instantie, oninbare schulden bij de Belastingdienst, of deelneemt aan"),
    # A merged indicator cell that Calc prints again beside the next page's header, read as the
    # rest of the last row's label: the indicator twice.
    ("Bijstandsgerechtigden Bijstandsgerechtigden", "Personen van 15 jaar en ouder met een bijstandsuitkering op "
     "grond van de WWB t/m 2014 en de Participatiewet vanaf 2015"),
    # The header a converter repeats under a page's last row, in a text without page marks, read
    # as the rest of that row's label (PyMuPDF4LLM's Markdown, laid out).
    ("Afstromers in VO Indicator", "Leerlingen die naar lager onderwijstype en volgend leerjaar gaan Specificatie 2018"),
    # A letter read across the label's cells: the renamed indicator lost its "s" to the
    # specification (Typst ran it out of its cell; PyMuPDF4LLM's table put it in the next).
    ("Bijstandsontvanger", "sPersonen van 15 jaar en ouder met een bijstandsuitkering op grond van de WWB t/m 2014 "
     "en de Participatiewet vanaf 2015"),
    # A catalog indicator cut short, its specification lost to another row.
    ("Bijstandsgerechtigd", ""),
])
def test_a_catalog_label_cut_short_or_run_on_is_not_trusted_as_a_renamed_row(indicator, specification):
    rows = ROWS + [(indicator, specification, ["8.22%", "3.16%", "7.67%", "2.97%", "7.39%", "2.87%", "7.20%", "2.76%"])]
    judged = fit(_table(rows), CATALOG)
    assert judged.mangled == 1
    assert "cut short or run on" in judged.summary()
    assert not judged.trusted()


def test_a_new_row_and_a_row_renamed_in_one_part_are_no_label_cut_short_or_run_on():
    # The 2025-2026 edition's new row, and its renamed indicator over the catalog's specification.
    values = ["–", "–", "–", "–", "12.30%", "10.20%", "–", "–"]
    for indicator, specification in [
            ("Eenzaamheid", "Personen van 18 jaar en ouder die zich (zeer) ernstig eenzaam voelen"),
            ("Bijstandsontvangers", "Personen van 15 jaar en ouder met een bijstandsuitkering op grond van de WWB "
                                    "t/m 2014 en de Participatiewet vanaf 2015"),
            ("Eenzaamheid", "")]:
        assert fit(_table(ROWS + [(indicator, specification, values)]), CATALOG).mangled == 0, indicator


def test_one_row_cut_short_or_run_on_makes_a_reading_untrusted():
    printed = fit(_table(ROWS), CATALOG)
    assert printed.trusted() and not replace(printed, mangled=1).trusted()


def test_a_row_renamed_within_its_label_is_trusted():
    # The 2025-2026 edition's renames (tests/support/render_table.py): a new name, not a cut one.
    rows = ROWS + [("Bijstandsontvangers", "Personen van 15 jaar en ouder met een bijstandsuitkering op grond van de "
                    "WWB t/m 2014 en de Participatiewet vanaf 2015",
                    ["8.22%", "3.16%", "7.67%", "2.97%", "7.39%", "2.87%", "7.20%", "2.76%"])]
    judged = fit(_table(rows), CATALOG)
    assert judged.mangled == 0
    assert judged.trusted()


def test_a_label_run_on_by_a_whole_catalog_label_is_a_row_without_values_not_a_cut_label():
    # A row printed with its label and no values: a text edition joins its label to the next
    # row's, and the QA names both rows (tests/test_faults.py); the reading is not refused.
    rows = ROWS + [("Verhuisbeweging: woonduur afgelopen 10 jaar", "3 tot 5 jaar 5 tot 10 jaar",
                    ["30.06%", "–", "29.01%", "–", "28.33%", "–", "28.11%", "–"])]
    assert fit(_table(rows), CATALOG).mangled == 0


# The rows after ROWS: with them a reading has ten rows, so one unknown row leaves 90% known.
WOONDUUR_AND_DOORLOOP = [
    ("", "3 tot 5 jaar", ["7.78%", "–", "8.17%", "–", "8.47%", "–", "8.81%", "–"]),
    ("", "5 tot 10 jaar", ["30.06%", "–", "29.01%", "–", "28.33%", "–", "28.11%", "–"]),
    ("", "Meer dan 10 jaar", ["41.61%", "–", "41.93%", "–", "41.95%", "–", "42.17%", "–"]),
    ("Verhuisbeweging: doorloopsnelheid", "Afgelopen 5 jaar", ["57.16%", "–", "58.39%", "–", "59.48%", "–",
                                                              "60.93%", "–"]),
    ("", "Afgelopen 10 jaar", ["82.80%", "–", "84.31%", "–", "85.98%", "–", "87.96%", "–"]),
]


def test_a_cut_label_is_refused_from_a_text_but_left_to_the_catalogs_likeness_from_ocr():
    cut = ("Bijstandsgerechtigd", "Personen van 15 jaar en ouder met een bijstandsuitkering op grond van de WWB t/m "
                                  "2014 en de Participatiewet vanaf 2015",
           ["8.22%", "3.16%", "7.67%", "2.97%", "7.39%", "2.87%", "7.20%", "2.76%"])
    rows = ROWS + WOONDUUR_AND_DOORLOOP + [cut]
    with pytest.raises(InputError, match="1 rows labelled with a catalog label cut short or run on"):
        choose_reading([("a reading", _table(rows))], CATALOG, "edition.txt", FitSettings())
    # OCR loses a letter at a label's edge as easily: there the catalog's likeness decides.
    table = choose_reading([("a reading", _table(rows))], CATALOG, "scan.pdf", FitSettings(exact_labels=False))
    assert len(table.rows) == len(rows)


def test_figures_read_into_a_label_are_not_trusted():
    # pdftotext -layout set a row's first two figures a space after its label's last line
    # ("... een leef- 60.35% 14.11%"): a label holding figures lost them from its cells.
    rows = [(ROWS[0][0], "Woningen binnen een gebied dat een leef- 60.35% 14.11% baarheidscore van zwak of lager heeft",
             ["–", "–", "54.16%", "11.60%", "–", "–", "", ""])] + ROWS[1:]
    judged = fit(_table(rows), CATALOG)
    assert judged.figures_in_labels == 1 and not judged.trusted()
    assert "1 rows with figures read into their label" in judged.summary()
    assert fit(_table(ROWS), CATALOG).figures_in_labels == 0  # "(60-200", "15", "10 jaar" are label text


def test_a_reading_that_reads_more_of_the_table_fits_better():
    # The same rows, one reading without the spread's second part (its last four columns).
    half = [(indicator, specification, values[:4]) for indicator, specification, values in ROWS]
    assert fit(_table(ROWS), CATALOG).value > fit(_table(half), CATALOG).value


def test_a_specification_read_as_an_indicator_of_its_own_is_not_trusted():
    # A spread's second part repeats its labels; a reader lost the group's indicator for a row and
    # read its specification as a new row's indicator: "Particuliere huur" | "".
    rows = ROWS[:2] + [("Particuliere huur", "", ROWS[2][2])] + ROWS[3:]
    judged = fit(_table(rows), CATALOG)
    assert judged.mangled == 1 and not judged.trusted()


def test_a_catalog_label_divided_in_the_wrong_place_is_not_trusted():
    # TeX lets a word wider than its column run into the next: "BijstandsgerechtigdenPersonen".
    rows = ROWS[:1] + [("Samenstelling woningvoorraad Koop", "", ROWS[1][2])] + ROWS[2:]
    judged = fit(_table(rows), CATALOG)
    assert judged.mangled == 1 and not judged.trusted()


def test_a_whole_catalog_label_read_as_the_specification_under_the_indicator_above_is_not_trusted():
    # pypdf's text of a TeX table: "BijstandsgerechtigdenPersonenvan15jaarenouder" starts a line
    # under the Arbeidsparticipatie group, and a reading took it for that group's next row.
    rows = ROWS[:2] + [("", "Verhuisbeweging: woonduur afgelopen 10 jaar Minder dan 1 jaar", ROWS[2][2])] + ROWS[4:]
    judged = fit(_table(rows), CATALOG)
    # that row, and the next ("1 tot 3 jaar") left under the wrong group's indicator
    assert judged.mangled == 2 and not judged.trusted()


def _last_column_lost(rows: int):
    # The header's last column lost: its values read into the column before, that row's cell
    # then holds two values and the table has no cell right of it.
    lost = []
    for k, (indicator, specification, values) in enumerate(ROWS):
        if k < rows:
            values = values[:-2] + [f"{values[-2]} {values[-1]}"]
        lost.append((indicator, specification, values))
    table = _table(lost)
    return RawTable(SLOTS, table.rows, [1])


def test_a_column_holding_its_neighbours_values_in_several_rows_is_not_trusted():
    judged = fit(_last_column_lost(rows=2), CATALOG)
    few = FitSettings(max_overfull_share=0.1)  # two overfull cells pass for printing errors here ...
    assert judged.overfull == 2 and replace(judged, spilled_columns=0).trusted(few)
    assert judged.spilled_columns == 1 and not judged.trusted(few)  # ... but not side by side with a gap
    assert "1 columns holding their neighbour's values" in judged.summary()


def test_one_cell_printed_with_two_values_is_a_printing_error_reported_not_refused():
    judged = fit(_last_column_lost(rows=1), CATALOG)
    assert judged.overfull == 1 and judged.spilled_columns == 0 and judged.trusted()


def test_columns_most_rows_print_no_cell_in_are_a_part_of_the_table_not_read():
    # A spread's second part read for one row only: its columns stand empty in the others.
    rows = [(ind, spec, values[:4] + ([] if k else values[4:])) for k, (ind, spec, values) in enumerate(ROWS)]
    judged = fit(_table(rows), CATALOG)
    assert judged.empty_columns == 4 and not judged.trusted()
    assert "4 columns that most rows print no cell in" in judged.summary()
    # A ragged row (a cell or two left empty) is no part left unread.
    ragged = [(ind, spec, values[:-1] if k == 0 else values) for k, (ind, spec, values) in enumerate(ROWS)]
    assert fit(_table(ragged), CATALOG).empty_columns == 0


def test_a_label_run_into_its_specification_in_one_word_is_read_divided_as_the_catalog_divides_it():
    specification = ("Personen van 15 jaar en ouder met een bijstandsuitkering op grond van de WWB t/m 2014 en de "
                     "Participatiewet vanaf 2015")
    rows = ROWS + [("BijstandsgerechtigdenPersonen", specification.removeprefix("Personen "),
                    ["8.22%", "3.16%", "7.67%", "2.97%", "7.39%", "2.87%", "7.20%", "2.76%"])]
    table = choose_reading([("grid reader", _table(rows))], CATALOG, "x.pdf", FitSettings())
    assert (table.rows[-1].indicator, table.rows[-1].specification) == ("Bijstandsgerechtigden", specification)
    [decision] = [d for d in table.decisions if d.kind == "label_spacing"]
    assert decision.row == len(ROWS) and "BijstandsgerechtigdenPersonen" in decision.alternatives[0]


def test_a_whole_label_run_together_under_the_indicator_above_is_divided_as_the_catalog_divides_it():
    # pdfplumber's text of a TeX table: no spaces, and the line reader takes the run-together
    # label for a specification under the indicator above.
    run_together = ("BijstandsgerechtigdenPersonenvan15jaarenouder meteenbijstandsuitkeringop grondvandeWWBt/m2014 "
                    "en de Participatiewet vanaf 2015")
    rows = ROWS + [("", run_together, ["8.22%", "3.16%", "7.67%", "2.97%", "7.39%", "2.87%", "7.20%", "2.76%"])]
    table = choose_reading([("line reader", _table(rows))], CATALOG, "x.txt", FitSettings())
    assert table.rows[-1].indicator == "Bijstandsgerechtigden"
    assert table.rows[-1].specification.startswith("Personenvan15jaarenouder")


@pytest.mark.parametrize("first_row", [("", "PO VMBO BK/GT"), ("PO", "VMBO BK/GT")])
def test_an_indicator_a_page_break_split_is_made_whole_from_the_next_pages_first_row(first_row):
    # WebKit splits the cell over the rows of two pages: "PO" is written beside the first row of
    # the next page, as the start of its label or as an indicator of its own.
    values = ["31%", "20.00%", "32.00%", "20.00%", "34.00%", "22.00%", "29.00%", "19.00%"]
    rows = [RawRow("Definitief schooladvies", "VMBO BK", 1), RawRow(*first_row, 2), RawRow("", "VMBO GT", 2)]
    for row in rows:
        row.cells = {k: RawCell(v, row.page) for k, v in enumerate(values)}
    table = choose_reading([("paragraph reader", RawTable(SLOTS, rows, [1, 2]))], CATALOG, "x.txt", FitSettings())
    assert [(r.indicator, r.specification) for r in table.rows] == [
        ("Definitief schooladvies PO", "VMBO BK"), ("", "VMBO BK/GT"), ("", "VMBO GT")]
    [split] = [d for d in table.decisions if d.kind == "split_row"]
    assert split.row == 0 and split.page == 2



def test_an_indicator_ended_in_the_next_rows_label_run_together_is_made_whole():
    # pypdfium2 of a page WebKit shrank writes the cell "Definitief schooladvies" / "PO" a glyph a
    # line and without spaces: "PO" runs into the next row's "VMBOBK/GT".
    values = ["31%", "20.00%", "32.00%", "20.00%", "34.00%", "22.00%", "29.00%", "19.00%"]
    rows = [RawRow("Definitief schooladvies", "VMBO BK", 1), RawRow("", "POVMBOBK/GT", 1), RawRow("", "VMBO GT", 1)]
    for row in rows:
        row.cells = {k: RawCell(v, row.page) for k, v in enumerate(values)}
    table = choose_reading([("line reader", RawTable(SLOTS, rows, [1]))], CATALOG, "x.txt", FitSettings())
    assert [(r.indicator, r.specification) for r in table.rows] == [
        ("Definitief schooladvies PO", "VMBO BK"), ("", "VMBOBK/GT"), ("", "VMBO GT")]
    assert [d.row for d in table.decisions if d.kind == "split_row"] == [0]


def test_a_later_rows_label_does_not_complete_the_indicator_of_its_group():
    # Only the row right under the group's first row holds the rest of its wrapped indicator.
    values = ["31%", "20.00%", "32.00%", "20.00%", "34.00%", "22.00%", "29.00%", "19.00%"]
    rows = [RawRow("Definitief schooladvies", "VMBO BK", 1), RawRow("", "VMBO BK/GT", 1), RawRow("", "POVMBOGT", 1)]
    for row in rows:
        row.cells = {k: RawCell(v, row.page) for k, v in enumerate(values)}
    table = indicators_made_whole(RawTable(SLOTS, rows, [1]), CATALOG)
    assert table.rows[0].indicator == "Definitief schooladvies"
    assert not [d for d in table.decisions if d.kind == "split_row"]


def test_an_indicator_wrapped_past_its_groups_first_row_is_made_whole():
    # Unruled WebKit table in a large font (pdftotext -layout): the indicator's later lines stand
    # beside the group's next rows and were read as their own indicator.
    values = ["8.97%", "–", "8.86%", "–", "9.16%", "–", "8.78%", "–"]
    rows = [RawRow("Verhuisbeweging:", "Minder dan 1 jaar", 1), RawRow("woonduur afgelopen 10 jaar", "1 tot 3 jaar", 1),
            RawRow("", "3 tot 5 jaar", 1)]
    for row in rows:
        row.cells = {k: RawCell(v, row.page) for k, v in enumerate(values)}
    table = choose_reading([("line reader", RawTable(SLOTS, rows, [1]))], CATALOG, "x.txt", FitSettings())
    assert [(r.indicator, r.specification) for r in table.rows] == [
        ("Verhuisbeweging: woonduur afgelopen 10 jaar", "Minder dan 1 jaar"), ("", "1 tot 3 jaar"),
        ("", "3 tot 5 jaar")]
    assert [d.row for d in table.decisions if d.kind == "split_row"] == [0]


@pytest.mark.parametrize("printed", [
    # pdftotext -layout of an unruled Chromium table: the renamed indicator "Bijstandsontvangers"
    # fills its cell, and the specification's first word stands left of the column's start.
    "Bijstandsontvangers Personen",
    # Typst lets the indicator run out of its narrow cell up to "Personen": one word in the text
    # layer, which no space divides.
    "BijstandsontvangersPersonen",
])
def test_a_renamed_row_divided_a_word_off_its_catalog_part_is_not_trusted(printed):
    values = ["8.22%", "3.16%", "7.67%", "2.97%", "7.39%", "2.87%", "7.20%", "2.76%"]
    specification = "Personen van 15 jaar en ouder met een bijstandsuitkering op grond van de WWB t/m 2014 en de " \
                    "Participatiewet vanaf 2015"
    lenient = FitSettings(min_known_share=0.8)
    wrong = fit(_table(ROWS + [(printed, specification.removeprefix("Personen "), values)]), CATALOG)
    assert wrong.mangled == 1 and not wrong.trusted(lenient)
    right = fit(_table(ROWS + [("Bijstandsontvangers", specification, values)]), CATALOG)
    assert right.mangled == 0 and right.trusted(lenient)


def test_a_row_labelled_by_a_unit_alone_is_not_trusted():
    # A "%" wrapped onto the next page, read as the indicator of a new row there.
    rows = ROWS + [("%", "VWO", ["14.00%", "20.00%", "15.00%", "19.00%", "13.00%", "20.00%", "–", "–"])]
    judged = fit(_table(rows), CATALOG)
    lenient = FitSettings(min_known_share=0.8)  # one new row in six passes here ...
    assert judged.known == 5 and replace(judged, mangled=0, figures_in_labels=0).trusted(lenient)
    # ... but not one labelled "%": a label cut short or run on, and a figure's unit in a label
    assert judged.mangled == 1 and judged.figures_in_labels == 1 and not judged.trusted(lenient)


def test_a_row_of_a_few_values_under_another_rows_label_is_not_trusted():
    # A row's last value written on a line of its own (after its wrapped "%") read as a row under
    # the next row's label, which the next row has as well.
    rows = ROWS[:3] + [("Verhuisbeweging: woonduur afgelopen 10 jaar", "Minder dan 1 jaar", ["–"])] + ROWS[3:]
    judged = fit(_table(rows), CATALOG)
    lenient = FitSettings(min_known_share=0.8)  # one unknown row in six passes here ...
    # (the fragment also leaves three of its row's cells blank where figures are expected)
    assert judged.blanks == 3 and replace(judged, fragments=0, blanks=0).trusted(lenient)
    assert judged.fragments == 1 and not judged.trusted(lenient)  # ... but not a fragment of a row
    assert "1 rows of a few values under another row's label" in judged.summary()


def test_a_figure_run_into_a_label_word_is_a_figure_in_the_label():
    # pdftotext -fixed 3 sets columns so close that a row's first figure touches its label's
    # last word ("een60.35%").
    rows = [(ROWS[0][0], "Woningen binnen een gebied dat een60.35% leefbaarheidscore van zwak of lager heeft",
             ["", "14.11%", "–", "–", "54.16%", "11.60%", "–", "–"])] + ROWS[1:]
    judged = fit(_table(rows), CATALOG)
    assert judged.figures_in_labels == 1 and not judged.trusted()


def test_a_figures_unit_read_into_a_label_is_a_figure_in_the_label():
    # A narrow cell's "%" wrapped onto the label's line ("(beroeps- en  %", pdftotext -layout):
    # the label then differs from the catalog's by one word, like a renamed row, and its figure
    # lost its unit.
    rows = [(ROWS[0][0], "Woningen binnen een gebied dat een leefbaarheidscore % van zwak of lager heeft",
             ["60.35", "14.11%", "–", "–", "54.16%", "11.60%", "–", "–"])] + ROWS[1:]
    judged = fit(_table(rows), CATALOG)
    assert judged.figures_in_labels == 1 and not judged.trusted()


def test_a_catalog_labels_words_moved_across_its_parts_are_not_a_renamed_row():
    # The same fixed-width text: "(netto participatiegraad)bevolking" ran the specification's
    # second line into the indicator's; both parts differ from the catalog's, with its letters.
    rows = ROWS + [("Arbeidsparticipatie (netto participatiegraad)bevolking",
                    "Werkzame beroepsbevolking in de (beroeps- en niet-beroepsbevolking) van 15 t/m 74-jarigen",
                    ["60.71%", "68.00%", "61.93%", "69.00%", "60.99%", "69.00%", "61.86%", "69.00%"])]
    judged = fit(_table(rows), CATALOG)
    assert judged.mangled == 1 and not judged.trusted()


def test_a_figure_the_reading_placed_in_no_cell_makes_it_untrusted():
    # The cell "12.61%" run into the label word "en" was left in no cell (a stray_text decision).
    table = _table(ROWS)
    table.decisions.append(Decision("stray_text", None, 2, 80, "text 'en12.61%' in the value columns is in no cell",
                                     text="en12.61%"))
    judged = fit(table, CATALOG)
    assert judged.stray_figures == 1 and not judged.trusted()
    assert "1 figures in no cell" in judged.summary()
    # A stray word is reported, not counted as a figure ...
    words = _table(ROWS)
    words.decisions += [Decision("stray_text", None, 2, 81, "text \"'Algemeen'\" after the table's last row",
                                 text="'Algemeen'")]
    assert fit(words, CATALOG).stray_figures == 0
    # ... but a figure's unit left in no cell is the rest of a figure read without it (Writer
    # wrapped a row's "%"s onto the next page, and "21.00" was published for "21.00%").
    unit = _table(ROWS)
    unit.decisions.append(Decision("stray_text", None, 2, 80, "text '%' in the value columns is in no cell", text="%"))
    assert fit(unit, CATALOG).stray_figures == 1 and not fit(unit, CATALOG).trusted()


def test_a_spread_parts_area_columns_swapped_are_not_trusted():
    # The printed table with its second part's (2022-2024) NPLV and NL cells swapped, as a header
    # read in writing order once did: 21 figures of the woonduur and doorloopsnelheid rows (NPLV
    # only) stand under NL, where the catalog expects a dash. Its fit is otherwise fine.
    golden = load_golden()
    slots = [Slot(year, area) for year in sorted({y for row in golden for y, _ in row.cells})
             for area in ("NPLV", "NL")]

    def table(swapped: bool) -> RawTable:
        rows = []
        for printed in golden:
            row = RawRow(printed.indicator, printed.specification, 1)
            for k, slot in enumerate(slots):
                area = {"NPLV": "NL", "NL": "NPLV"}[slot.area] if swapped and slot.year >= 2022 else slot.area
                row.cells[k] = RawCell(printed.cells.get((slot.year, area), ""), 1)
            rows.append(row)
        return RawTable(slots, rows, [1])

    assert fit(table(False), CATALOG).trusted()
    judged = fit(table(True), CATALOG)
    assert judged.unmeasured >= 20 and judged.known == len(golden)
    assert not judged.trusted()


def test_a_number_a_text_layer_puts_for_a_dash_left_in_no_cell_makes_the_reading_untrusted():
    # Ghostscript's pdfwrite re-encoded a WebKit table's font and its text layer spells the
    # dash's glyph "3": no cell takes a bare "3", and the cells read empty.
    table = _table(ROWS)
    table.decisions += [Decision("stray_text", None, 2, None, "text '3' in the value columns is in no cell", text="3")] * 2
    assert fit(table, CATALOG).stray_figures == 2 and not fit(table, CATALOG).trusted()
    # A year in a label line left over after the table is label text, not a lost figure.
    years = _table(ROWS)
    years.decisions.append(Decision("stray_text", None, 2, 90, "text 'vanaf 2015' after the table's last row",
                                    text="vanaf 2015"))
    assert fit(years, CATALOG).stray_figures == 0


def test_a_row_renamed_by_reordering_the_words_of_one_part_is_still_a_renamed_row():
    # A rename may only reorder a part's words: the other part is the catalog's, so the row is
    # renamed, not read across its columns.
    rows = ROWS + [("Verhuisbeweging: woonduur afgelopen 10 jaar", "Jaar 1 dan minder",
                    ["8.97%", "–", "8.86%", "–", "9.16%", "–", "8.78%", "–"])]
    assert fit(_table(rows), CATALOG).mangled == 0


def test_a_group_whose_rows_another_groups_rows_part_is_not_trusted():
    # Labels shifted past a row whose own label the text wrote further down (poppler's text of a
    # table with the indicator on every row): "Koop" and "Particuliere huur" under
    # "Samenstelling woningvoorraad" come apart, a Verhuisbeweging row between them.
    koop, particulier, woonduur = ROWS[1], ROWS[2], ROWS[3]
    parted = [ROWS[0], koop, woonduur, ("Samenstelling woningvoorraad", *particulier[1:])]
    judged = fit(_table(parted), CATALOG)
    assert judged.parted_groups == 1
    assert judged.known == len(parted) and not judged.trusted()
    with pytest.raises(InputError, match="1 groups whose rows other rows part"):
        choose_reading([("a reading", _table(parted))], CATALOG, "edition.txt", FitSettings())
    # The group's indicator printed again on its own next row is no parting.
    again = [ROWS[0], koop, ("Samenstelling woningvoorraad", *particulier[1:]), *ROWS[3:]]
    assert fit(_table(again), CATALOG).parted_groups == 0
    assert fit(_table(ROWS), CATALOG).parted_groups == 0


def test_label_text_in_no_row_beside_a_row_the_catalog_does_not_know_is_not_trusted():
    # A new row ("Eenzaamheid", 2025-2026) labelled by the row's first words only, its
    # specification left among the rows' labels as text no row took: that text is likely the new
    # row's own label.
    rows = ROWS + WOONDUUR_AND_DOORLOOP
    new = ("Eenzaamheid", "", ["–", "–", "–", "–", "12.30%", "10.20%", "–", "–"])
    left = Decision("stray_text", None, 2, 111, "text '(zeer) ernstig eenzaam voelen' ...",
                    text="(zeer) ernstig eenzaam voelen", among_rows=True)
    assert fit(_table(rows + [new]), CATALOG).trusted()
    table = _table(rows + [new])
    table.decisions.append(left)
    judged = fit(table, CATALOG)
    assert judged.known == len(rows) and judged.unplaced_labels == 1 and not judged.trusted()
    # With every row known the same text is the table's business (a footnote), reported only.
    known = _table(rows)
    known.decisions.append(left)
    assert fit(known, CATALOG).unplaced_labels == 0 and fit(known, CATALOG).trusted()
    # An indicator printed on every row may be left over: no row's missing label.
    indicator = _table(rows + [new])
    indicator.decisions.append(replace(left, text="Samenstelling woningvoorraad"))
    assert fit(indicator, CATALOG).unplaced_labels == 0 and fit(indicator, CATALOG).trusted()
    # Text after the rows (a heading over a spread's next part, "Bijlage: Monitor (vervolg)", in a
    # text that marks no page) is no row's label.
    heading = _table(rows + [new])
    heading.decisions.append(replace(left, text="Bijlage: Monitor (vervolg)", among_rows=False))
    assert fit(heading, CATALOG).unplaced_labels == 0 and fit(heading, CATALOG).trusted()
    # A header's area cells written among the wrapped labels after the rows (Calc, read by MuPDF:
    # "Gem." / "NPLV-" / "gebied" / "en" in one paragraph) are the header's, no row's label.
    header = _table(rows + [new])
    header.decisions += [replace(left, text="Gem. NPLV- gebied en"), replace(left, text="Gem. Nederla nd")]
    assert fit(header, CATALOG).unplaced_labels == 0 and fit(header, CATALOG).trusted()


def test_a_row_labelled_by_the_pieces_of_broken_area_names_is_not_trusted():
    # pdfplumber of a narrow Calc header ("NPLV" / "-" / "gebie" / "den") once read the hyphens
    # as a row of dashes under the tails, a row the catalog does not know among known ones.
    rows = ROWS + [("gebie gebie gebie gebie", "den den den den", ["-", "-", "-", "-", "", "", "", ""])]
    judged = fit(_table(rows), CATALOG)
    lenient = FitSettings(min_known_share=0.8)
    assert judged.known == 5 and replace(judged, mangled=0).trusted(lenient)
    assert judged.mangled == 1 and not judged.trusted(lenient)


@pytest.mark.parametrize("indicator, specification", [
    ("Leefbaarometer 'Overlast onveiligheid'",
     "Woningen binnen een gebied dat een (zeer) grote negatieve bijdrage heeft op dimensie Overlast en Onveiligheid"),
    ("Jongeren verdacht van delict", "12 t/m 17 jaar"),
])
def test_a_catalog_label_that_lost_a_little_word_is_not_trusted_as_a_renamed_row(indicator, specification):
    # A reader once took the "en" of "'Overlast en" under a repeated header for an area name's
    # tail: a catalog label short of a little word is a misread, not a rename.
    rows = ROWS + [(indicator, specification, ["42.09%", "7.81%", "–", "–", "42.55%", "7.69%", "–", "–"])]
    judged = fit(_table(rows), CATALOG)
    assert judged.mangled == 1 and not judged.trusted(FitSettings(min_known_share=0.8))


BIJSTAND = ("Personen van 15 jaar en ouder met een bijstandsuitkering op grond van de WWB t/m 2014 en de "
            "Participatiewet vanaf 2015")
BIJSTAND_VALUES = ["8.22%", "3.16%", "7.67%", "2.97%", "7.39%", "2.87%", "7.20%", "2.76%"]
EENZAAM_VALUES = ["–", "–", "–", "–", "12.30%", "10.20%", "–", "–"]
LENIENT = FitSettings(min_known_share=0.7)  # a renamed and a new row among seven pass here


def test_a_specification_cut_where_the_next_rows_label_begins_is_not_trusted():
    # The run-together word kept the catalog from dividing the label: one row took the
    # specification's first line, the next row (a new one) its other lines before its own label.
    start, end = BIJSTAND[:37], BIJSTAND[38:]  # "Personen ... met een" | "bijstandsuitkering ... 2015"
    rows = ROWS + [("BijstandsontvangersPersonen " + start.removeprefix("Personen "), "", BIJSTAND_VALUES),
                   (end, "Eenzaamheid Personen van 18 jaar en ouder die zich (zeer) ernstig eenzaam voelen",
                    EENZAAM_VALUES)]
    judged = fit(_table(rows), CATALOG)
    assert judged.mangled == 2 and not judged.trusted(LENIENT)
    new = ROWS + [("Bijstandsontvangers", BIJSTAND, BIJSTAND_VALUES),
                  ("Eenzaamheid", "Personen van 18 jaar en ouder die zich (zeer) ernstig eenzaam voelen", EENZAAM_VALUES)]
    assert fit(_table(new), CATALOG).trusted(LENIENT)


def test_a_renamed_indicator_read_into_the_specification_under_the_group_above_is_not_trusted():
    rows = ROWS + [("", "Bijstandsontvangers " + BIJSTAND, BIJSTAND_VALUES)]
    judged = fit(_table(rows), CATALOG)
    assert judged.mangled == 1 and not judged.trusted(LENIENT)


def test_a_label_word_ending_in_a_figures_first_digit_is_a_label_run_on():
    # "13.35%" wider than its cell runs into the label's first line, which ends in "één": the text
    # layer has "één1" and "3.35%", and the label's other lines go on after it.
    rows = [(ROWS[0][0], "Woningen binnen een gebied dat een6 leefbaarheidscore van zwak of lager heeft",
             ["0.35%", "14.11%", "–", "–", "54.16%", "11.60%", "–", "–"])] + ROWS[1:]
    judged = fit(_table(rows), CATALOG)
    assert judged.mangled == 1 and not judged.trusted()
    # OCR runs a digit onto a word it misreads ("Atgelopen5"): its labels are not read letter for
    # letter, and a reading of them is judged without such rows (``choose_reading``)
    assert replace(judged, mangled=0).trusted()


def test_a_column_of_figures_cut_at_the_pages_edge_is_not_trusted():
    # A table wider than its page: a text extractor keeps what the page shows ("11.4" for
    # "11.44%"; a dash further right not at all).
    cut = [(indicator, specification, values[:-1] + [values[-1][:-2] if values[-1] != "–" else ""])
           for indicator, specification, values in ROWS]
    judged = fit(_table(cut), CATALOG)
    assert judged.cut_columns == 1 and not judged.trusted()
    assert "1 columns of figures without the unit of their rows" in judged.summary()


def test_a_year_cut_at_the_pages_edge_through_its_area_columns_is_not_trusted():
    # A table wider than its page, cut between 2021's NPLV and NL columns: the header names
    # 2021 NPLV and nothing after it, and every cell read is printed as read.
    cut = RawTable(SLOTS[:-1], [RawRow(r.indicator, r.specification, 1, cells=dict(list(r.cells.items())[:-1]))
                                for r in _table(ROWS).rows], [1])
    judged = fit(cut, CATALOG)
    assert judged.short_years == 1 and not judged.trusted()
    assert "1 years with fewer area columns than the others" in judged.summary()
    # The table without its last year, cut between two years, has no year short of its areas.
    whole_years = RawTable(SLOTS[:-2], [RawRow(r.indicator, r.specification, 1, cells=dict(list(r.cells.items())[:-2]))
                                        for r in _table(ROWS).rows], [1])
    assert fit(whole_years, CATALOG).short_years == 0


def test_a_row_the_catalog_does_not_know_with_another_rows_long_specification_is_not_trusted():
    # Label lines shared out wrong (PDFBox's text of a Calc sheet): a row under label text of
    # other rows ("schooladvies PO Inwoners die ...") with the specification of a row read above.
    koop = ROWS[1][2]
    borrowed = ROWS + [("schooladvies PO Inwoners die geen", ROWS[0][1], koop)]
    judged = fit(_table(borrowed), CATALOG)
    assert judged.borrowed_labels == 1 and not judged.trusted(LENIENT)
    assert "1 rows the catalog does not know with another row's specification" in judged.summary()
    # A new group may print a short specification another group has ("Koop").
    new_group = ROWS + [("Verhuizingen naar", "Koop", koop)]
    assert fit(_table(new_group), CATALOG).borrowed_labels == 0


def test_a_catalog_indicators_words_in_another_order_are_a_line_of_the_row_above_read_into_it():
    # Ghostscript's text of a Writer spread, no page marks: the row above's wrapped indicator
    # line ("doorloopsnelheid") read before this row's own ("Verhuisbeweging:").
    rows = ROWS + [("doorloopsnelheid Verhuisbeweging:", "Afgelopen 10 jaar",
                    ["82.80%", "–", "84.31%", "–", "85.98%", "–", "87.96%", "–"])]
    judged = fit(_table(rows), CATALOG)
    assert judged.mangled == 1 and not judged.trusted(LENIENT)
    assert fit(_table(ROWS + [("Verhuisbeweging: doorloopsnelheid", *rows[-1][1:])]), CATALOG).mangled == 0


def test_one_figure_printed_without_its_unit_is_a_printing_error_not_a_cut_column():
    rows = [(ROWS[1][0], ROWS[1][1], ROWS[1][2][:-1] + ["57.00"])] + [r for k, r in enumerate(ROWS) if k != 1]
    assert fit(_table(rows), CATALOG).cut_columns == 0


def test_a_catalog_indicator_over_another_indicators_specification_is_not_trusted():
    # An indicator written after its group's first row, not moved up: that row stays under the
    # group above, a pair of catalog parts the catalog never pairs (and no rename).
    rows = ROWS[:3] + [("", "Minder dan 1 jaar", ROWS[3][2]),
                       ("Verhuisbeweging: woonduur afgelopen 10 jaar", "1 tot 3 jaar", ROWS[4][2])]
    judged = fit(_table(rows), CATALOG)
    assert judged.mangled == 1 and not judged.trusted(LENIENT)


def test_an_indicator_written_after_its_groups_first_rows_is_read_from_the_first():
    # Typst draws a cell spanning rows with the group's last row; pypdfium2 and pdftotext -raw
    # write it there, beside that row's own label.
    rows = ROWS[:1] + [("", "Koop", ROWS[1][2]), ("Samenstelling woningvoorraad", "Particuliere huur", ROWS[2][2]),
                       ("", "Minder dan 1 jaar", ROWS[3][2]),
                       ("Verhuisbeweging: woonduur afgelopen 10 jaar", "1 tot 3 jaar", ROWS[4][2])]
    table = indicators_at_group_start(_table(rows), CATALOG)
    assert [(r.indicator, r.specification) for r in table.rows] == [(i, s) for i, s, _ in ROWS]
    moved = [d for d in table.decisions if d.kind == "label_order"]
    assert [(d.row, d.chosen) for d in moved] == [(1, "the group's first row"), (3, "the group's first row")]
    assert fit(table, CATALOG).trusted()


def test_an_indicator_beside_another_groups_specification_stays_where_it_is():
    rows = ROWS[:2] + [("Verhuisbeweging: woonduur afgelopen 10 jaar", "Particuliere huur", ROWS[2][2])] + ROWS[3:]
    assert indicators_at_group_start(_table(rows), CATALOG).rows[1].indicator == "Samenstelling woningvoorraad"


def test_a_groups_specifications_under_an_indicator_the_catalog_reads_alike_are_that_indicators():
    # An extractor that loses the "fi" ligature prints the indicator once over its group as
    # "Defnitief schooladvies PO": "VMBO GT/HAVO" ends in "HAVO", a specification of the same
    # (catalog) indicator, not one of another's read into it.
    golden = [row for row in load_golden() if row.indicator == "Definitief schooladvies PO"]
    slots = [Slot(year, area) for year in (2018, 2019) for area in ("NPLV", "NL")]

    def judged(indicator: str):
        rows = []
        for k, printed in enumerate(golden):
            row = RawRow(indicator if k == 0 else "", printed.specification, 1)
            row.cells = {n: RawCell(printed.cells[(s.year, s.area)], 1) for n, s in enumerate(slots)}
            rows.append(row)
        return fit(RawTable(slots, rows, [1]), CATALOG)

    assert [row.specification for row in golden][3] == "VMBO GT/HAVO"
    assert judged("Definitief schooladvies PO").mangled == 0
    assert judged("Defnitief schooladvies PO").mangled == 0
    # An indicator the catalog does not read alike leaves the rule as it was.
    assert judged("Schooladvies").mangled > 0


def _golden_table(drop=lambda row, slot: False) -> RawTable:
    golden = load_golden()
    years = sorted({year for row in golden for year, _ in row.cells})
    slots = [Slot(year, area) for year in years for area in ("NPLV", "NL")]
    rows = []
    for k, printed in enumerate(golden):
        row = RawRow(printed.indicator, printed.specification, 1)
        row.cells = {n: RawCell(printed.cells[(s.year, s.area)], 1) for n, s in enumerate(slots)
                     if printed.cells.get((s.year, s.area)) and not drop(k, s)}
        rows.append(row)
    return RawTable(slots, rows, [1])


def test_cells_left_blank_where_the_catalog_expects_figures_make_a_reading_untrusted():
    # The printed table leaves one measured cell blank (a ragged row: "Aandeel kinderen ..." 2024 NL;
    # the Sociale Samenhang row's blank 2021 is a year it is not measured in).
    printed = fit(_golden_table(), CATALOG)
    assert printed.blanks == 1 and printed.trusted()
    # A spread's second part read without its last page, under the labels the first part printed:
    # its last six rows have no cells in 2022-2024.
    short = fit(_golden_table(lambda row, slot: row >= len(load_golden()) - 6 and slot.year >= 2022), CATALOG)
    assert short.blanks > 20 and not short.trusted()
    assert f"{short.blanks} cells blank where the catalog expects a figure" in short.summary()
    # A row printed without any values is a printing error the QA reports (``empty_row``), not a
    # row read short.
    empty = fit(_golden_table(lambda row, slot: row == 5), CATALOG)
    assert empty.blanks == 1 and empty.trusted()


def test_readings_that_fit_alike_are_decided_by_the_smoother_series():
    # pdftotext -layout of an asciidoctor-pdf page sets a ragged row's figures at no column's
    # place: a reading by position put the blank of "Aandeel kinderen ..." (2024 NL, as printed)
    # in 2021 NL and moved the figures after it one cell on; a reading in order kept them.
    golden = load_golden()
    kinderen = next(k for k, row in enumerate(golden) if row.specification.startswith("Aandeel kinderen"))

    def shifted(table: RawTable) -> RawTable:
        row = table.rows[kinderen]
        texts = [row.cells[k].printed if k in row.cells else "" for k in range(len(table.slots))]
        blank = texts.index("")
        assert blank == len(texts) - 1  # the printed row's blank: its last cell
        moved = texts[:7] + [""] + texts[7:-1]
        row.cells = {k: RawCell(text, 1) for k, text in enumerate(moved) if text}
        return table

    by_position, in_order = shifted(_golden_table()), _golden_table()
    assert fit(by_position, CATALOG).value == fit(in_order, CATALOG).value
    chosen = choose_reading([("by position", by_position), ("in order", in_order)], CATALOG, "x.txt", FitSettings())
    assert chosen.rows[kinderen].cells[len(chosen.slots) - 2].printed == "\u2013"  # 2024 NPLV, as printed
    assert chosen.decisions[0].chosen == "in order" and "smoother series decided" in chosen.decisions[0].message


def test_a_row_of_a_few_values_that_is_a_piece_of_another_row_is_not_trusted():
    # A Writer spread scanned at 150 dpi: the later part of "1 tot 3 jaar" (here 2021) read as a
    # row "1 tot" of its own at the table's foot, the row itself left blank there.
    whole = ("", "1 tot 3 jaar", ["11.59%", "–", "12.03%", "–", "12.09%", "–", "", ""])
    piece = ("", "1 tot", ["", "", "", "", "", "", "12.13%", "–"])
    lenient = FitSettings(min_known_share=0.8)  # one unknown row in six passes here ...
    # (OCR's labels are not held letter for letter: "1 tot", a catalog label cut short, is not
    # counted as mangled there, as ``choose_reading`` does)
    judged = replace(fit(_table(ROWS[:4] + [whole, piece]), CATALOG), mangled=0)
    assert judged.fragments == 1 and not judged.trusted(lenient)  # ... but not a piece of a row
    assert replace(judged, fragments=0).trusted(lenient)
    # The piece's whole label is the longer one just as well ("Afgelopen" / "Afgelopen 10 jaar").
    judged = fit(_table(ROWS[:4] + [("", "1 tot", whole[2]), ("", "1 tot 3 jaar", piece[2])]), CATALOG)
    assert judged.fragments == 1
    # A row of a few values beside a row that prints where it prints is no piece of that row.
    overlapping = ("", "1 tot", ["", "", "", "", "", "–", "12.13%", "–"])
    judged = fit(_table(ROWS[:4] + [("", "1 tot 3 jaar", ROWS[4][2]), overlapping]), CATALOG)
    assert judged.fragments == 0

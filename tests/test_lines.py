"""The line reader (pipeline/appendix/lines.py): text that keeps the printed lines, no columns.

The lines below are written the way the extractors of the corpus write them (pdfplumber: a
row's first label line on its value line; pypdfium2 and ``pdftotext -raw``: a row's label cells
before its values, header cells a line each). Labels and values are the appendix as printed
(tests/golden/appendix-2024-2025.NOTES.md).
"""

from __future__ import annotations

from pipeline.appendix.fit import fit
from pipeline.appendix.lines import read_lines
from pipeline.catalog import default_catalog

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


def test_a_header_written_a_cell_per_line_keeps_its_columns_in_order():
    # pypdfium2, one-level header: "2018 NPLV" wraps, "2018 NL" does not.
    lines = ["Indicator Specificatie 2018", "NPLV", "2018 NL 2019", "NPLV", "2019 NL",
             "Armoedegrens Aandeel huishoudens onder de armoedegrens", "18.18% 8.75% 16.20% 7.80%"]
    assert _slots(_best(lines)) == [(2018, "NPLV"), (2018, "NL"), (2019, "NPLV"), (2019, "NL")]


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

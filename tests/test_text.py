"""The paragraph reader (pipeline/appendix/text.py): text that keeps words, not columns, a row's
values a paragraph. The lines below are written as MuPDF writes a table (a cell a line, no space
at a line's end, a blank line between rows); labels and values are the appendix as printed
(tests/golden/appendix-2024-2025.csv)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.appendix.text import read_text_appendix, read_text_edition, without_page_numbers, without_rules
from pipeline.catalog import default_catalog
from pipeline.errors import InputError
from pipeline.sources import open_edition
from tests.support.regressions import read_as_printed

CATALOG = default_catalog()
TITLE = "Voortgangsrapportage 2024 tot en met zomer 2025"


def _read(tmp_path, lines: list[str]):
    path = tmp_path / "edition.txt"
    path.write_text("\n".join([TITLE, ""] + lines) + "\n", encoding="utf-8")
    return read_text_appendix(open_edition(path), CATALOG)


ROWS = ["", "Armoedegrens", "Aandeel huishoudens onder de", "armoedegrens", "18.18%", "8.75%", "16.20%", "7.80%",
        "", "Aandeel kinderen in huishoudens", "onder de armoedegrens", "18.53%", "7.55%", "15.81%", "6.49%"]
BIJSTAND = ["", "Bijstandsgerechtigden", "Personen van 15 jaar en ouder met een", "bijstandsuitkering op grond van de",
            "WWB t/m 2014 en de Participatiewet", "vanaf 2015", "8.22%", "3.16%", "7.67%", "2.97%"]


def test_a_header_written_a_cell_a_line_gives_its_years_and_areas(tmp_path):
    table = _read(tmp_path, ["Indicator", "Specificatie", "2018", "2019", "NPLV", "NL", "NPLV", "NL"] + ROWS + BIJSTAND)
    assert [(s.year, s.area) for s in table.slots] == [(2018, "NPLV"), (2018, "NL"), (2019, "NPLV"), (2019, "NL")]
    # Lines that end in no space do not mark word ends: label lines are joined with a space.
    assert [(r.indicator, r.specification) for r in table.rows][:2] == [
        ("Armoedegrens", "Aandeel huishoudens onder de armoedegrens"),
        ("", "Aandeel kinderen in huishoudens onder de armoedegrens")]
    assert [c.printed for _, c in sorted(table.rows[1].cells.items())] == ["18.53%", "7.55%", "15.81%", "6.49%"]


def test_a_one_level_header_a_cell_a_line_is_read_as_the_line_reader_finds_it(tmp_path):
    # "2018" / "NPLV" / "2018 NL": a line of one year is no line of years over the area names.
    table = _read(tmp_path, ["Indicator", "Specificatie", "2018", "NPLV", "2018 NL", "2019", "NPLV", "2019 NL"]
                  + ROWS + BIJSTAND)
    assert [(s.year, s.area) for s in table.slots] == [(2018, "NPLV"), (2018, "NL"), (2019, "NPLV"), (2019, "NL")]
    assert len(table.rows) == 3


def test_a_row_the_catalog_does_not_know_is_split_where_a_label_cell_starts(tmp_path):
    # New in the 2025-2026 edition, measured from 2020: dashes in 2018 and 2019.
    rows = ["", "Eenzaamheid", "Personen van 18 jaar en ouder die", "zich (zeer) ernstig eenzaam voelen",
            "\u2013", "\u2013", "\u2013", "\u2013"]
    table = _read(tmp_path, ["Indicator", "Specificatie", "2018", "NPLV", "2018 NL", "2019", "NPLV", "2019 NL"]
                  + rows + ROWS)
    assert (table.rows[0].indicator, table.rows[0].specification) == (
        "Eenzaamheid", "Personen van 18 jaar en ouder die zich (zeer) ernstig eenzaam voelen")


def test_more_columns_than_the_line_of_years_names_is_no_header(tmp_path):
    # A line of one year over sixteen area names would repeat its columns: no header of the
    # paragraph reader's (the table's cells must not be read twice into one column).
    header = ["Indicator", "Specificatie", "2018"] + ["NPLV", "NL"] * 8
    with pytest.raises(InputError, match="no statistical appendix found"):
        _read(tmp_path, header + ROWS)


def test_rows_on_the_next_page_without_a_header_go_on_with_the_table(tmp_path):
    # A producer that repeats no header: the second row alone at the top of the next page.
    lines = ["Indicator", "Specificatie", "2018", "2019", "NPLV", "NL", "NPLV", "NL"] + ROWS[:8]
    lines += ["", "\f" + ROWS[9]] + ROWS[10:] + BIJSTAND + ["", "\fBijlage 2: Begrippen", "In deze bijlage staan de begrippen."]
    table = _read(tmp_path, lines)
    assert [r.specification for r in table.rows][:2] == ["Aandeel huishoudens onder de armoedegrens",
                                                         "Aandeel kinderen in huishoudens onder de armoedegrens"]
    assert [c.printed for _, c in sorted(table.rows[1].cells.items())] == ["18.53%", "7.55%", "15.81%", "6.49%"]
    assert len(table.rows) == 3


def test_a_next_page_under_a_header_of_its_own_is_no_continuation(tmp_path):
    lines = ["Indicator", "Specificatie", "2018", "2019", "NPLV", "NL", "NPLV", "NL"] + ROWS[:8]
    lines += ["", "\fGem. NPLV Gem. NL"] + ROWS[9:] + BIJSTAND
    assert len(_read(tmp_path, lines).rows) == 1


def test_a_spreads_second_part_that_repeats_the_labels_fills_the_same_rows(tmp_path):
    # wkhtmltopdf's spread: both parts print the labels; a group's second row prints only its
    # specification, which continues the indicator of the row above it in its own part.
    koop = ["", "Samenstelling", "woningvoorraad", "Koop"]
    huur = ["", "Particuliere huur"]
    first = ["Indicator", "Specificatie", "2018", "2019", "NPLV", "NL", "NPLV", "NL"]
    first += koop + ["33.20%", "57.00%", "33.62%", "57.58%"] + huur + ["15.93%", "13.00%", "16.17%", "13.13%"]
    second = ["", "\fIndicator", "Specificatie", "2020", "2021", "NPLV", "NL", "NPLV", "NL"]
    second += koop + ["33.26%", "57.58%", "32.51%", "57.00%"] + huur + ["16.95%", "13.13%", "17.77%", "14.00%"]
    table = _read(tmp_path, first + BIJSTAND + second + BIJSTAND[:-4] + ["7.39%", "2.87%", "7.20%", "2.76%"])
    assert [(r.indicator, r.specification) for r in table.rows][:2] == [
        ("Samenstelling woningvoorraad", "Koop"), ("", "Particuliere huur")]
    assert len(table.rows) == 3  # the Bijstand row, ending both parts
    assert [c.printed for _, c in sorted(table.rows[1].cells.items())] == [
        "15.93%", "13.00%", "16.17%", "13.13%", "16.95%", "13.13%", "17.77%", "14.00%"]


def test_a_pages_number_at_its_foot_or_head_is_left_out_and_a_year_ending_a_label_is_not():
    # asciidoctor-pdf's default theme prints each page's number in its footer; MuPDF writes it as
    # the page's last line, after the label cells it writes after the rows.
    first = ["Indicator", "Specificatie", "2018", "2019", "NPLV", "NL", "NPLV", "NL"] + ROWS[:8] + ["", "2"]
    second = ["3", "", "Aandeel kinderen in huishoudens", "onder de armoedegrens", "18.53%", "7.55%", "15.81%",
              "6.49%"] + BIJSTAND
    lines = [TITLE, ""] + first + ["\f" + second[0]] + second[1:]
    pages = [1] * (len(first) + 2) + [2] * len(second)
    assert without_page_numbers(lines, pages) == [("" if k in (len(first) + 1, len(first) + 2) else line)
                                                  for k, line in enumerate(lines)]
    # "vanaf 2015" and "2015" alone: a label's last line, four digits, no page's number
    assert without_page_numbers(["a", "2015"], [1, 1]) == ["a", "2015"]


def test_page_numbers_that_count_up_with_the_pages_are_left_out_wherever_they_stand():
    # poppler's default text of an asciidoctor-pdf table writes the footer's "2", a paragraph of
    # its own, amid the cells it orders after it (the last row's NL value, "7.69%", follows). A
    # number alone that does not count up with the pages ("12", a wrapped label's) stays.
    lines = ["Titel", "1", "", "Bijlage", "", "14.53%", "", "2", "", "12", "", "7.69%", "Bijlage", "", "3", "", "8.03%"]
    pages = [1, 1, 1] + [2] * 9 + [3] * 5
    assert without_page_numbers(lines, pages) == ["Titel", "", "", "Bijlage", "", "14.53%", "", "", "", "12", "",
                                                  "7.69%", "Bijlage", "", "", "", "8.03%"]
    # on one page, a number alone amid it is no page's number
    assert without_page_numbers(["a", "", "2", "", "b"], [1, 1, 1, 1, 1]) == ["a", "", "2", "", "b"]
    # nor are the digits a narrow cell breaks a figure into, a line each (pdfium's text of a
    # wkhtmltopdf table: "4" / "2.0" / "9" / "%" is 42.09%), though they count up with the pages
    pieces = ["a", "4", "2.0", "9", "%", "b", "c", "5", "2.0", "9", "%", "d"]
    assert without_page_numbers(pieces, [2] * 6 + [3] * 6) == pieces


def test_a_rule_drawn_in_characters_is_no_label_text(tmp_path):
    # pandoc's plain text of a table: dashes under the header, above the first row's label.
    lines = ["  -----------------------------------------------------------------------",
             "  Indicator      Specificatie                                  2018             2019",
             "                                                               NPLV     NL      NPLV     NL",
             "  -------------- --------------------------------------------- -------- ------- -------- -------",
             "  Armoedegrens   Aandeel huishoudens onder de armoedegrens     18.18%   8.75%   16.20%   7.80%",
             "                 Aandeel kinderen in huishoudens onder de      18.53%   7.55%   15.81%   6.49%",
             "                 armoedegrens",
             "  -----------------------------------------------------------------------"]
    path = tmp_path / "edition.txt"
    path.write_text("\n".join([TITLE, ""] + lines) + "\n", encoding="utf-8")
    table = read_text_edition(open_edition(path), CATALOG)
    assert [(r.indicator, r.specification) for r in table.rows] == [
        ("Armoedegrens", "Aandeel huishoudens onder de armoedegrens"),
        ("", "Aandeel kinderen in huishoudens onder de armoedegrens")]  # the indicator printed once


def test_pandocs_plain_text_of_a_table_reads_as_printed():
    # tests/regressions/README.md: pandas' HTML through pandoc to plain text; its rules were once
    # published as the first row's label.
    read, printed = read_as_printed("pandas-html-pandoc.plain.txt")
    assert read == printed


def test_only_lines_of_rules_are_left_out():
    lines = ["+------+======+", "--- ---", "\u2013 \u2013 \u2013", "- -", "|---|---|", "Koop ---", ""]
    assert without_rules(lines) == ["", "", "\u2013 \u2013 \u2013", "- -", "|---|---|", "Koop ---", ""]


def test_a_tables_rows_read_past_a_page_number_keep_their_labels(tmp_path):
    lines = ["Indicator", "Specificatie", "2018", "2019", "NPLV", "NL", "NPLV", "NL"] + ROWS[:8] + ["", "2", ""]
    lines += ["\f" + ROWS[9]] + ROWS[10:] + BIJSTAND + ["", "3"]
    path = tmp_path / "edition.txt"
    path.write_text("\n".join([TITLE, ""] + lines) + "\n", encoding="utf-8")
    table = read_text_edition(open_edition(path), CATALOG)
    assert [r.specification for r in table.rows] == [
        "Aandeel huishoudens onder de armoedegrens", "Aandeel kinderen in huishoudens onder de armoedegrens",
        "Personen van 15 jaar en ouder met een bijstandsuitkering op grond van de WWB t/m 2014 en de "
        "Participatiewet vanaf 2015"]


def test_mupdfs_text_with_a_page_number_after_the_label_cells_reads_every_cell():
    # tests/regressions/README.md: MuPDF writes asciidoctor-pdf's footer number after the label
    # cells it writes after a page's rows; it was read into the last row's label.
    read, printed = read_as_printed("adoc-next-a4l-unruled-every-helv.mupdf.txt")
    assert read == printed


def test_pymupdfs_sorted_text_of_an_asciidoctor_table_reads_every_row():
    # tests/regressions/README.md: once published with the first page's 20 rows of 37, its page
    # numbers taken for pages of their own.
    read, printed = read_as_printed("adoc-a4l-grid-helv.pymupdf-sort.txt")
    assert read == printed


def test_a_block_text_whose_rows_no_reader_rebuilt_says_where_its_appendix_header_is():
    # poppler's default text of the edition (tests/exports/): the appendix spread on pages 58 and
    # 59 written block by block, some cells far from their rows. It is refused, and the one line
    # says the appendix is there (not "no statistical appendix found") and how to read it.
    path = Path(__file__).parent / "exports" / "nplv-voortgangsrapportage-2024-2025.pdftotext.txt"
    edition = open_edition(path)
    try:
        with pytest.raises(InputError) as refused:
            read_text_edition(edition, default_catalog())
    finally:
        edition.close()
    message = str(refused.value)
    assert "the appendix header was found on pages 58-59 but no reader rebuilt its rows" in message
    assert "no statistical appendix" not in message and "pdftotext -layout" in message and "\n" not in message

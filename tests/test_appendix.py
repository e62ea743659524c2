"""The appendix of the 2024-2025 edition, read from the PDF and from the text edition, against a
transcription made by reading the printed pages (tests/golden)."""

from __future__ import annotations

import pdfplumber
import pytest

from tests.conftest import PDF_2024


def _by_key(cells):
    return {(c["indicator"], c["specification"], c["year"], c["area"]): c for c in cells}


def _differences(extracted, golden_cells):
    got = _by_key(extracted.to_dict("records"))
    want = _by_key(golden_cells)
    missing = [k for k in want if k not in got]
    extra = [k for k in got if k not in want]
    wrong = [(k, got[k]["printed"], want[k]["printed"]) for k in want if k in got and got[k]["printed"] != want[k]["printed"]]
    return missing, extra, wrong


@pytest.mark.parametrize("extraction", ["pdf_extraction", "text_extraction"])
def test_every_cell_matches_the_printed_table(extraction, golden_cells, request):
    cells = request.getfixturevalue(extraction).cells
    missing, extra, wrong = _differences(cells, golden_cells)
    assert not missing, f"cells not extracted: {missing[:5]}"
    assert not extra, f"cells that are not in the table: {extra[:5]}"
    assert not wrong, f"(cell, extracted, printed): {wrong[:5]}"
    assert len(cells) == len(golden_cells) == 37 * 7 * 2


@pytest.mark.parametrize("extraction", ["pdf_extraction", "text_extraction"])
def test_rows_come_out_in_printed_order(extraction, golden_cells, request):
    cells = request.getfixturevalue(extraction).cells
    order = cells.drop_duplicates("row_number").sort_values("row_number")
    golden_order = list(dict.fromkeys((c["indicator"], c["specification"]) for c in golden_cells))
    assert list(zip(order["indicator"], order["specification"])) == golden_order


def test_pdf_and_text_edition_yield_the_same_cells(pdf_extraction, text_extraction):
    key = ["indicator_id", "indicator", "specification", "year", "area"]
    pdf = pdf_extraction.cells.set_index(key).sort_index()
    text = text_extraction.cells.set_index(key).sort_index()
    assert pdf.index.equals(text.index)
    for column in ["printed", "value_printed", "status", "row_number"]:
        differ = pdf[column].ne(text[column]) & ~(pdf[column].isna() & text[column].isna())
        assert not differ.any(), f"{column} differs: {pdf.loc[differ, column].head().to_dict()}"


def test_dash_and_empty_cell_are_kept_apart(pdf_extraction):
    cells = pdf_extraction.cells.set_index(["indicator_id", "year", "area"])
    # Sociale Samenhang prints nothing in 2021, a dash in 2023 (read from page 59).
    assert cells.loc[("leefbaarometer-sociale-samenhang", 2021, "NPLV"), "status"] == "missing"
    assert cells.loc[("leefbaarometer-sociale-samenhang", 2021, "NPLV"), "printed"] == ""
    assert cells.loc[("leefbaarometer-sociale-samenhang", 2023, "NPLV"), "status"] == "not_available"
    assert cells.loc[("leefbaarometer-sociale-samenhang", 2023, "NPLV"), "printed"] == "\u2013"
    assert pd_isna(cells.loc[("leefbaarometer-sociale-samenhang", 2023, "NPLV"), "value_printed"])


def pd_isna(value) -> bool:
    import pandas as pd

    return bool(pd.isna(value))


def test_values_are_the_printed_numbers_uncorrected(pdf_extraction):
    cells = pdf_extraction.cells.set_index(["indicator_id", "year", "area"])
    assert cells.loc[("schooladvies-havo-vwo", 2024, "NL"), "value_printed"] == 1500.0
    assert cells.loc[("schooladvies-havo-vwo", 2024, "NL"), "value"] == 1500.0
    assert cells.loc[("schooladvies-vmbo-bk", 2018, "NPLV"), "value_printed"] == 31.0
    assert cells.loc[("leefbaarometer-algemeen", 2018, "NPLV"), "value_printed"] == pytest.approx(60.35)


def test_every_pdf_cell_box_holds_its_printed_text(pdf_extraction):
    cells = pdf_extraction.cells
    with pdfplumber.open(PDF_2024) as pdf:
        for cell in cells.itertuples():
            page = pdf.pages[cell.page - 1]
            box = cell.bbox
            text = page.crop((box["x0"], box["top"], box["x1"], box["bottom"])).extract_text().strip()
            assert text == cell.printed, f"{cell.indicator_id} {cell.year} {cell.area} on page {cell.page}"


def test_spread_puts_early_years_on_the_left_page(pdf_extraction):
    pages = pdf_extraction.cells.groupby("year")["page"].unique()
    # Read from the printed report: 2018-2019 on page 58, 2020-2024 on page 59.
    assert {y: list(p) for y, p in pages.items()} == {
        2018: [58], 2019: [58], 2020: [59], 2021: [59], 2022: [59], 2023: [59], 2024: [59]
    }


def test_text_cells_point_at_their_lines(text_extraction):
    from tests.conftest import TEXT_2024

    lines = TEXT_2024.read_text(encoding="utf-8").splitlines()
    for cell in text_extraction.cells.itertuples():
        if cell.printed:
            assert cell.printed in lines[cell.line - 1].split(), (cell.indicator_id, cell.year, cell.area)


def test_text_edition_ragged_rows_are_aligned_and_recorded(text_extraction):
    decisions = text_extraction.decisions.set_index(["kind", "indicator_id"])
    social = decisions.loc[("ragged_row", "leefbaarometer-sociale-samenhang")]
    assert "empty: 2021 NPLV, 2021 NL" in social["chosen"]
    assert social["alternatives"].count("||") == 2  # three runners-up kept
    assert not social["ambiguous"]
    children = decisions.loc[("ragged_row", "armoede-kinderen")]
    assert "empty: 2024 NL" in children["chosen"]
    # Whether the lone dash is NPLV's or NL's the text cannot say: reported as ambiguous.
    assert children["ambiguous"]


def test_text_edition_values_on_a_line_of_their_own_join_their_row(text_extraction):
    split = text_extraction.decisions.query("kind == 'split_row'")
    assert sorted(split["indicator_id"]) == ["arbeidsparticipatie-15-24", "bijstand", "problematische-schulden"]
    cells = text_extraction.cells.set_index(["indicator_id", "year", "area"])
    assert cells.loc[("problematische-schulden", 2020, "NPLV"), "printed"] == "12.17%"
    assert cells.loc[("problematische-schulden", 2020, "NL"), "printed"] == "5.83%"


def test_pdf_reader_decides_nothing_on_the_original_layout_but_which_reading_won(pdf_extraction):
    decisions = pdf_extraction.decisions
    assert decisions["kind"].tolist() == ["reading"]
    reading = decisions.iloc[0]
    assert reading["chosen"] == "spread reader"
    assert not reading["ambiguous"]
    assert "37 of 37 rows in the catalog" in reading["message"]


def test_a_row_the_catalog_does_not_know_gets_an_id_and_is_reported():
    from pipeline.appendix.cells import cells_frame, decisions_frame
    from pipeline.appendix.model import RawCell, RawRow, RawTable, Slot
    from pipeline.catalog import default_catalog

    slots = [Slot(2024, "NPLV"), Slot(2024, "NL")]
    rows = [
        RawRow("Armoedegrens", "Aandeel huishoudens onder de armoedegrens", 1, {0: RawCell("7.00%", 1, line=1), 1: RawCell("3.00%", 1, line=1)}, line=1),
        RawRow("Eenzaamheid", "Volwassenen die zich (zeer) eenzaam voelen", 1, {0: RawCell("12.00%", 1, line=2), 1: RawCell("10.00%", 1, line=2)}, line=2),
    ]
    table = RawTable(slots, rows, [1])
    cells = cells_frame(table, default_catalog(), "2025-2026", "x.txt")
    assert sorted(set(cells["indicator_id"])) == ["armoede-huishoudens", "unknown-eenzaamheid-volwassenen-die-zich-zeer-eenzaam-voelen"]
    decisions = decisions_frame(table, default_catalog(), "2025-2026", "x.txt")
    assert decisions["kind"].tolist() == ["unknown_row"]
    assert len(cells) == 4  # never dropped


# A table page: the title, the header and one row.
TABLE_PAGE = ["Voortgangsrapportage 2024 tot en met zomer 2025", "", "Bijlage: Monitor",
              "Indicator Specificatie 2018 2019", "Gem. NPLV-gebieden Gem. NL Gem. NPLV-gebieden Gem. NL",
              "Armoedegrens Aandeel huishoudens onder de armoedegrens 18.18% 8.75% 16.20% 7.80%"]


def _read_two_pages(tmp_path, first: list[str], second: list[str]):
    """The appendix of a text edition of two pages (a form feed between them)."""
    from pipeline.appendix import extract_appendix
    from pipeline.catalog import default_catalog
    from pipeline.sources import open_edition
    from tests.support.render_table import golden_cell_texts, load_golden

    path = tmp_path / "edition.txt"
    path.write_text("\n".join(first) + "\n\f" + "\n".join(second) + "\n", encoding="utf-8")
    return extract_appendix(open_edition(path))


def test_a_page_of_figures_after_the_table_that_no_reading_took_is_refused(tmp_path):
    # The table's last row alone at the top of the next page, under the header pieces of a page
    # no reader reads as a header: the table read from page 1 is not known to be whole.
    from pipeline.errors import InputError

    second = ["Gem. NPLV", "Aandeel kinderen in huishoudens onder de armoedegrens 18.53% 7.55% 15.81% 6.49%"]
    with pytest.raises(InputError, match=r"may go on where no reading took it: figures on page 2 \(4 of its"):
        _read_two_pages(tmp_path, TABLE_PAGE, second)


def test_a_page_of_figures_run_into_their_label_that_no_reading_took_is_refused(tmp_path):
    # An extractor that writes a page without spaces: its figures are no words of their own.
    from pipeline.errors import InputError

    second = ["Aandeelkinderenin", "huishoudensonderdearmoedegrens18.53%7.55%15.81%6.49%"]
    with pytest.raises(InputError, match=r"may go on where no reading took it: figures on page 2 \(4 of its 6"):
        _read_two_pages(tmp_path, TABLE_PAGE, second)


def test_a_page_of_figures_before_the_table_that_no_reading_took_is_refused(tmp_path):
    # Content order (pypdfium2, pdftotext -raw of a Calc sheet whose header cells wrap) writes the
    # first page's header after its rows: only the next page, its header repeated, is read.
    from pipeline.errors import InputError

    first = ["Voortgangsrapportage 2024 tot en met zomer 2025", "",
             "Armoedegrens Aandeel huishoudens onder de armoedegrens 18.18% 8.75% 16.20% 7.80%",
             "2018", "Gem.", "NPLV-", "gebieden", "2018", "Gem. NL"]
    second = TABLE_PAGE[2:5] + [
        "Armoedegrens Aandeel kinderen in huishoudens onder de armoedegrens 18.53% 7.55% 15.81% 6.49%"]
    with pytest.raises(InputError, match=r"on page 2 may go on where no reading took it: figures on page 1 \(4 of"):
        _read_two_pages(tmp_path, first, second)


def test_a_page_the_reading_took_only_its_first_row_from_is_not_whole(tmp_path):
    # Gnumeric repeats no header: a reader took the next page's first row, under the group's
    # indicator printed again above it, and none of the rows below.
    from collections import Counter

    from pipeline.appendix import LeftOutSettings, _pages_left_out
    from pipeline.sources import open_edition

    second = ["VMBO GT 18% 18.00% 18.00% 18.00%", "VMBO GT/HAVO 9% 9.00% 11.00% 10.00%",
              "HAVO 15% 18.00% 13.00% 17.00%"]
    path = tmp_path / "edition.txt"
    path.write_text("\n".join(TABLE_PAGE) + "\n\f" + "\n".join(second) + "\n", encoding="utf-8")
    edition = open_edition(path)
    # 12 figures and 5 other words; on a page read, "18%", "9%" and "15%" might be pieces of
    # figures a narrow cell wrapped and are not counted: 4 figures taken leave 5 of its 14 words,
    # more than were taken
    assert _pages_left_out(edition, Counter({1: 4, 2: 4}), LeftOutSettings()) == [(2, 5, 14)]
    assert _pages_left_out(edition, Counter({1: 4, 2: 5}), LeftOutSettings()) == []


def test_figures_broken_over_two_lines_on_a_page_read_are_no_figures_left_out(tmp_path):
    # Writer's narrow cells break a figure inside its digits ("60.3" / "5%"): the page's
    # figure tokens outnumber its cells, though the reading took every cell.
    from collections import Counter

    from pipeline.appendix import LeftOutSettings, _pages_left_out
    from pipeline.sources import open_edition

    rows = ["Armoedegrens Aandeel huishoudens 18.1 8.7 16.2 7.8", "onder de armoedegrens 8% 5% 0% 0%",
            "Aandeel kinderen in huishoudens 18.5 7.5 15.8 6.4", "onder de armoedegrens 3% 5% 1% 9%"]
    path = tmp_path / "edition.txt"
    path.write_text("\n".join(TABLE_PAGE[:5] + rows) + "\n", encoding="utf-8")
    assert _pages_left_out(open_edition(path), Counter({1: 8}), LeftOutSettings()) == []


def test_prose_quoting_figures_after_the_table_is_not_the_table(tmp_path):
    from collections import Counter

    from pipeline.appendix import LeftOutSettings, _pages_left_out
    from pipeline.sources import open_edition

    prose = ("In 2024 woonde 18,5% van de kinderen in een huishouden onder de armoedegrens, tegen 6,5% in "
             "heel Nederland; het aandeel daalde sinds 2018 van 20,1% naar 18,5%, sneller dan landelijk. ") * 3
    path = tmp_path / "edition.txt"
    path.write_text("Voortgangsrapportage 2024 tot en met zomer 2025\nTabel 18.18% 8.75%\n\f" + prose + "\n",
                    encoding="utf-8")
    edition = open_edition(path)
    assert _pages_left_out(edition, Counter({1: 2}), LeftOutSettings()) == []


def test_a_table_printed_past_its_pages_edge_is_refused_as_such():
    # groff's tbl prints a table wider than its line on, past the page's edge (tests/regressions):
    # once read with the columns cut off mid-year, now refused for what it is, before OCR (which
    # sees only the page) is tried.
    from tests.support.regressions import refusal

    message = refusal("groff-letterl-zebra-table-past-page-edge.pdf")
    assert "the table on page 2 runs past the page's edge (figures such as '11.44%' are printed outside" in message


def test_a_table_a_browser_cut_at_the_pages_edge_is_refused_as_such():
    # Chromium prints pandas' plain to_html table wider than its page and clips it: no glyph past
    # the edge is left ("20" of 2024), only the rules that run on past it (tests/regressions).
    # Once refused as "no statistical appendix found".
    from tests.support.regressions import refusal

    message = refusal("pandas-chromium-plain-table-cut-at-page-edge.pdf")
    assert "the table on page 2 runs past the page's edge (its rules go on past the page's side" in message


def test_a_table_whose_newest_year_is_before_the_reports_period_is_read_and_reported():
    # PyMuPDF4LLM's Markdown of a groff table wider than its page (tests/regressions): the page's
    # edge falls between 2022 and 2023, and the text holds a smaller table, whole. Read as it is
    # printed; the reading says what is missing, and the check that names it fails the gate.
    from pipeline.appendix import extract_appendix
    from pipeline.catalog import default_catalog
    from pipeline.checks import find_anomalies
    from pipeline.sources import open_edition
    from tests.support.regressions import REGRESSIONS

    extraction = extract_appendix(open_edition(REGRESSIONS / "groff-a4l-grid-table-past-page-edge.pymupdf4llm.txt"))
    assert extraction.cells["year"].max() == 2022
    short = extraction.decisions[extraction.decisions["kind"] == "short_table"]
    assert short["message"].tolist() == [
        "the table's newest year is 2022, before the report's period (2024-2025): its last columns may be cut off "
        "(a table wider than its page, its text exported) or not printed"]
    _, anomalies = find_anomalies(extraction.cells, extraction.decisions, default_catalog())
    assert anomalies.loc[anomalies["check"] == "table_reaches_report_period", "severity"].tolist() == ["error"]


def test_the_editions_table_reaches_its_reports_period(pdf_extraction, text_extraction):
    for extraction in (pdf_extraction, text_extraction):
        assert "short_table" not in set(extraction.decisions["kind"])
        assert extraction.cells["year"].max() == 2024


@pytest.mark.parametrize("angle", [90, 270])
def test_a_table_on_pages_turned_as_pdflscape_turns_them_reads_every_cell_as_printed(angle, tmp_path):
    # LaTeX's pdflscape (and pdfjam) print a landscape table on a portrait page: the content drawn
    # a quarter turn round and /Rotate set so that a viewer shows it upright.
    from pathlib import Path

    from pypdf import PdfReader, PdfWriter

    from pipeline.appendix import extract_appendix
    from pipeline.catalog import default_catalog
    from pipeline.sources import open_edition
    from tests.support.render_table import golden_cell_texts, load_golden

    upright = Path(__file__).parent / "corpus" / "calc-a4l-grid.pdf"
    writer = PdfWriter(clone_from=upright)
    for page in writer.pages:
        page.rotate(-angle)
        page.transfer_rotation_to_content()
        page.rotate(angle)
    turned = tmp_path / "turned.pdf"
    writer.write(turned)
    assert all(page["/Rotate"] == angle and page.mediabox.width < page.mediabox.height
               for page in PdfReader(turned).pages)  # portrait pages, turned to be read

    edition = open_edition(turned)
    try:
        read = extract_appendix(edition).cells
    finally:
        edition.close()
    catalog = default_catalog()
    printed = {(catalog.match(indicator, specification).entry.id, year, area): text  # the hand transcription
               for (indicator, specification, year, area), text in golden_cell_texts(load_golden()).items()}
    assert dict(zip(zip(read["indicator_id"], read["year"], read["area"]), read["printed"])) == printed

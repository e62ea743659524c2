"""A table's last row whose label the page break cut: completed from the next page's first lines;
and the pages of a text that marks none, begun where the table's header repeats.

Labels are the catalog's (tests/golden); the cut is where WebKit broke the row in the corpus's
``wkhtmltopdf-next-letterl-grid`` (its label's last line alone at the top of the next page)."""

from __future__ import annotations

from pipeline.appendix.fit import choose_reading, FitSettings
from pipeline.appendix.model import RawCell, RawRow, RawTable, Slot
import re

import pytest

from pipeline.appendix import extract_appendix
from pipeline.appendix.page_break import completed_over_page_break, pages_at_repeated_headers
from pipeline.catalog import default_catalog
from pipeline.sources import open_edition
from tests.support.regressions import REGRESSIONS, read_as_printed, read_cells
from tests.support.render_table import golden_cell_texts, load_golden

CATALOG = default_catalog()
SPEC = "Personen van 18 jaar en ouder dat de eigen gezondheid als (zeer) goed beoordeeld"


def _pages(lines_by_page: dict[int, list]):
    return lambda page: lines_by_page.get(page, [])


def _table(specification: str) -> RawTable:
    slots = [Slot(2018, "NPLV"), Slot(2018, "NL"), Slot(2020, "NPLV"), Slot(2020, "NL")]
    cells = {k: RawCell(text, 2) for k, text in enumerate(["–", "–", "72.37%", "78.49%"])}
    rows = [RawRow("Bijstandsgerechtigden",
                   "Personen van 15 jaar en ouder met een bijstandsuitkering op grond van de WWB t/m 2014 en de "
                   "Participatiewet vanaf 2015", 2,
                   {k: RawCell(text, 2) for k, text in enumerate(["8.22%", "3.16%", "7.39%", "2.87%"])}),
            RawRow("Ervaren gezondheid", specification, 2, cells)]
    return RawTable(slots, rows, [2])


def test_a_label_the_page_break_cut_is_completed_by_the_next_pages_first_line():
    cut = _table("Personen van 18 jaar en ouder dat de eigen")
    next_page = _pages({3: [("gezondheid als (zeer) goed beoordeeld", 41)]})
    named = completed_over_page_break([("line reader", cut)], next_page, CATALOG)
    assert [name for name, _ in named] == ["line reader",
                                           "line reader; the last row's label goes on over the page break"]
    completed = named[1][1]
    assert completed.rows[-1].specification == SPEC
    assert completed.pages == [2, 3]
    decision = completed.decisions[-1]
    assert (decision.kind, decision.page, decision.line) == ("split_row", 3, 41)
    assert "goes on at the top of page 3" in decision.message
    # The reading as given is not changed, and the completed one is the one trusted.
    assert cut.rows[-1].specification == "Personen van 18 jaar en ouder dat de eigen"
    assert choose_reading(named, CATALOG, "x.txt", FitSettings()).rows[-1].specification == SPEC


def test_a_label_is_completed_only_where_the_next_page_spells_the_catalogs_end():
    cut = _table("Personen van 18 jaar en ouder dat de eigen")
    # Prose after the table, or the end of another label: nothing is added.
    for lines in ([("Bijlage 2: Bronnen", 1)], [("gezondheid als slecht beoordeeld", 1)], []):
        assert len(completed_over_page_break([("r", cut)], _pages({3: lines}), CATALOG)) == 1
    # A label the catalog spells whole is not extended by whatever follows.
    whole = _table(SPEC)
    assert len(completed_over_page_break([("r", whole)], _pages({3: [("gezondheid als (zeer) goed beoordeeld", 1)]}),
                                         CATALOG)) == 1


def test_the_label_may_go_on_over_several_lines_of_the_next_page():
    cut = _table("Personen van 18 jaar en ouder dat de")
    next_page = _pages({3: [("eigen gezondheid als", None), ("(zeer) goed beoordeeld", None)]})
    named = completed_over_page_break([("r", cut)], next_page, CATALOG)
    assert named[1][1].rows[-1].specification == SPEC


def test_the_golden_label_used_here_is_the_catalogs():
    assert any(spec == SPEC for (_, spec, _, _) in golden_cell_texts(load_golden()))


def test_the_header_the_next_page_repeats_above_the_labels_end_is_passed_over():
    # Writer repeats its header rows: the label's end stands under them (pypdfium2 writes the
    # hyphen of a broken "NPLV-gebieden" as U+FFFE).
    cut = _table("Personen van 18 jaar en ouder dat de eigen gezondheid als (zeer) goed")
    header = ["Indicator Specificatie 2018 2019 2020", "Gem.", "NPLV\ufffegebiede", "n", "Gem.", "NL"]
    lines = [(text, k) for k, text in enumerate(header + ["beoordeeld"], start=40)]
    named = completed_over_page_break([("r", cut)], _pages({3: lines}), CATALOG)
    assert named[1][1].rows[-1].specification == SPEC
    assert named[1][1].decisions[-1].line == 46
    # A line of label words is no header line, however it starts.
    named = completed_over_page_break([("r", cut)], _pages({3: [("Gem. beoordeeld", 1)]}), CATALOG)
    assert len(named) == 1


# Pages of a text that marks none (pdftotext -nopgbrk): begun where the table's header repeats

HEADER = "Indicator   Specificatie        2018           2019"
AREAS = "                          Gem. NPLV   Gem. NL   Gem. NPLV   Gem. NL"
ROW = "Koop                      33.20%   57.00%   33.62%   57.58%"


def test_a_page_begins_where_the_tables_header_repeats_on_the_page_it_headed():
    lines = ["Bijlage: Monitor", HEADER, AREAS, ROW, "Ervaren gezondheid  Personen van 18 jaar en ouder",
             HEADER, AREAS, "beoordeeld", ROW]
    counted = pages_at_repeated_headers(lines, [1] * len(lines))
    assert counted.line_pages == [1, 1, 1, 1, 1, 2, 2, 2, 2]
    assert counted.given == {1: 1, 2: 1}  # both counted pages are the text's one page


def test_the_running_title_over_the_repeated_header_begins_the_page():
    # Not the last row's label: "Bijlage: Monitor (vervolg)" begins as the first title did.
    lines = ["Bijlage: Monitor", HEADER, AREAS, ROW, "Bijlage: Monitor (vervolg)", HEADER, AREAS, ROW]
    assert pages_at_repeated_headers(lines, [1] * len(lines)).line_pages == [1, 1, 1, 1, 2, 2, 2, 2]


def test_a_spreads_next_part_heads_a_page_as_the_first_did():
    lines = [HEADER, AREAS, ROW, HEADER.replace("2018", "2022").replace("2019", "2023"), AREAS, ROW]
    assert pages_at_repeated_headers(lines, [1] * len(lines)).line_pages == [1, 1, 1, 2, 2, 2]


def test_header_cells_written_after_the_rows_begin_no_page():
    # pdftotext -raw of a Calc sheet: the one-level header's first line, then its cells
    # "2018" / "NPLV" after the page's rows, in content order.
    lines = ["Indicator Specificatie 2018 NL 2019 NL", "Koop 33.20% 57.00% 33.62% 57.58%",
             "2018", "NPLV", "2019", "NPLV", "Woningen binnen een gebied dat een"]
    assert pages_at_repeated_headers(lines, [1] * len(lines)) is None


def test_a_header_on_a_page_of_its_own_as_given_begins_no_counted_page():
    lines = [HEADER, AREAS, ROW, HEADER, AREAS, ROW]
    assert pages_at_repeated_headers(lines, [1, 1, 1, 2, 2, 2]) is None


@pytest.mark.parametrize("name", [
    # The header repeated in the middle of a row's label: "beoordeeld" under it is the row's end.
    "writer-next-a4l-hrules-every-no-page-marks.pdftotext-layout-nopgbrk.txt",
    # A spread of two parts over four pages, "Bijlage: Monitor (vervolg)" over the next part.
    "writer-next-a4-spread-grid-no-page-marks.pdftotext-layout-nopgbrk.txt",
    # Content order: the first page's area names and wrapped labels after its rows.
    "calc-next-a4l-hrules-no-page-marks.pdftotext-raw-nopgbrk.txt",
    "calc-letterl-zebra-onelevel-no-page-marks.pdftotext-raw-nopgbrk.txt",
    # PDFBox marks no pages either (once refused: a row read under other rows' label lines).
    "calc-next-a4l-none-labels-read-twice.pdfbox.txt",
])
def test_a_text_without_page_marks_reads_every_cell_on_the_pages_it_gives(name):
    # tests/regressions/README.md: pdftotext -nopgbrk of corpus PDFs; the readers saw one page.
    read, printed = read_as_printed(name)
    assert read == printed
    assert set(read_cells(name)["page"]) == {1}  # the text's own page, not a counted one


def test_a_header_written_a_cell_a_line_repeats_nothing_before_the_rows():
    # PDFBox's text of a Gnumeric sheet: "gebie‐" (U+2010) names no header word, so the header's
    # lines run in pieces whose first lines ("den") come again before any row.
    cells = ["Gem.", "NPLV-", "gebie\u2010", "den", "2018", "Gem.", "NL", "2019", "Gem.", "NPLV-", "gebie\u2010", "den",
             "2019", "Gem.", "NL", "2020", "Gem.", "NPLV-", "gebie\u2010", "den", "2020"]
    lines = ["Indicator Specificatie 2018"] + cells + [ROW]
    assert pages_at_repeated_headers(lines, [1] * len(lines)) is None


def test_a_text_paged_where_its_header_repeats_says_so_and_where():
    # The messages of such a text name counted pages ("goes on at the top of page 3"): the
    # decision says the text marks none, and at which lines the readers began one.
    name = "writer-next-a4l-hrules-every-no-page-marks.pdftotext-layout-nopgbrk.txt"
    edition = open_edition(REGRESSIONS / name)
    try:
        decisions = extract_appendix(edition).decisions
    finally:
        edition.close()
    counted = decisions[decisions["kind"] == "pages_counted"]
    assert len(counted) == 1
    lines = edition.lines
    starts = [int(k) for k in re.findall(r"\d+", counted["message"].iloc[0].split("line(s)")[1].split(")")[0])]
    assert all(lines[k - 1].split()[:2] == ["Indicator", "Specificatie"] for k in starts)
    assert counted["line"].iloc[0] == starts[0]
    assert any("page 3" in m for m in decisions["message"])  # a counted page, as the decision says

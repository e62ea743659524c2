"""From a reading to the cells frame (pipeline/appendix/cells.py): labels as printed."""

from __future__ import annotations

from pathlib import Path

from pipeline.appendix.cells import cells_frame, decisions_frame
from pipeline.appendix.model import RawCell, RawRow, RawTable, Slot
from pipeline.catalog import default_catalog
from pipeline.checks import find_anomalies
from pipeline.run import RunSettings, analyse
from tests.support.regressions import REGRESSIONS, read_as_printed

CATALOG = default_catalog()
CORPUS = Path(__file__).parent / "corpus"
SLOTS = [Slot(2024, "NPLV"), Slot(2024, "NL")]


def _table(*labels: tuple[str, str]) -> RawTable:
    rows = [RawRow(indicator, specification, 1, {0: RawCell("7.00%", 1), 1: RawCell("3.00%", 1)})
            for indicator, specification in labels]
    return RawTable(SLOTS, rows, [1])


def test_a_label_whose_words_the_text_runs_together_is_read_with_the_catalogs_spaces():
    # pdfplumber's text of a TeX PDF: no space characters, small type, the words run together;
    # the curly quotes TeX printed are kept.
    table = _table(("Energiearmehuishoudens", ""),
                   ("Leefbaarometer\u2019Algemeen\u2019",
                    "Woningen binnen een gebied dat een leefbaarheidscorevanzwakoflagerheeft"))
    cells = cells_frame(table, CATALOG, "2024-2025", "x.txt")
    assert cells["indicator"].unique().tolist() == ["Energiearme huishoudens", "Leefbaarometer \u2019Algemeen\u2019"]
    assert cells["specification"].iloc[-1] == "Woningen binnen een gebied dat een leefbaarheidscore van zwak of lager heeft"
    decisions = decisions_frame(table, CATALOG, "2024-2025", "x.txt")
    assert decisions["kind"].tolist() == ["label_spacing", "label_spacing"]
    assert "'Energiearmehuishoudens'" in decisions["message"].iloc[0]


def test_a_label_that_differs_in_more_than_spaces_keeps_its_text():
    table = _table(("Energiearme huishouden", ""), ("Energie arme huishoudens", ""))
    cells = cells_frame(table, CATALOG, "2024-2025", "x.txt")
    assert cells["indicator"].unique().tolist() == ["Energiearme huishouden", "Energie arme huishoudens"]
    assert "label_spacing" not in decisions_frame(table, CATALOG, "2024-2025", "x.txt")["kind"].tolist()


def test_a_label_run_together_that_no_catalog_label_spells_is_kept_and_reported():
    # A row new in the edition, its words run together by the extractor: nothing to space it by.
    table = _table(("Eenzaamheid", "Personenvan18jaarenouderdiezich (zeer)ernstigeenzaamvoelen"))
    cells = cells_frame(table, CATALOG, "2025-2026", "x.txt")
    assert cells["specification"].iloc[0] == "Personenvan18jaarenouderdiezich (zeer)ernstigeenzaamvoelen"
    decisions = decisions_frame(table, CATALOG, "2025-2026", "x.txt")
    assert decisions["kind"].tolist() == ["label_spacing", "unknown_row"]
    assert "kept as found" in decisions["message"].iloc[0]


def test_words_of_the_catalog_run_together_in_a_label_it_does_not_spell_are_reported():
    # A row renamed in the 2025-2026 edition ("in een huishouden"), its last words run together.
    table = _table(("Armoedegrens", "Aandeel kinderen in een huishouden onderdearmoedegrens"),
                   ("Eenzaamheid", "Personen van 18 jaar en ouder die zich (zeer) ernstig eenzaam voelen"))
    decisions = decisions_frame(table, CATALOG, "2025-2026", "x.txt")
    flagged = decisions.loc[decisions["kind"] == "label_spacing", "specification"].tolist()
    assert flagged == ["Aandeel kinderen in een huishouden onderdearmoedegrens"]


def test_a_label_read_with_its_catalog_spaces_is_listed_for_the_reviewer():
    # pdfplumber's text of a TeX PDF (tests/corpus): its labels' words run together.
    result = analyse([CORPUS / "latex-a4l-grid-lm.pdfplumber.txt"], RunSettings(quiet=True))
    spaced = result.anomalies[result.anomalies["check"] == "labels_spaced_as_printed"]
    assert len(spaced) > 0 and set(spaced["severity"]) == {"info"}
    assert "Energiearmehuishoudens" in " ".join(spaced["message"])


def test_a_label_read_in_its_catalog_order_is_listed_for_the_reviewer():
    # poppler's default text of a TeX PDF (tests/corpus): a hyphenated indicator's lines out of order.
    result = analyse([CORPUS / "latex-a4l-booktabs-helv.pdftotext.txt"], RunSettings(quiet=True))
    ordered = result.anomalies[result.anomalies["check"] == "labels_in_printed_order"]
    assert len(ordered) > 0 and set(ordered["severity"]) == {"info"}
    assert "Leefbaarometer ingvoorraad’ ’Won-" in " ".join(ordered["message"])
    cells = result.cells[result.cells["indicator_id"] == "leefbaarometer-woningvoorraad"]
    assert set(cells["indicator"]) == {"Leefbaarometer ’Woningvoorraad’"}


def test_a_row_whose_labels_read_alike_but_not_letter_for_letter_is_read_as_that_row_and_reported():
    # PyMuPDF's text of a Chromium PDF loses the "fi" ligature: "Defnitief", "Startkwalifcatie".
    table = _table(("Defnitief schooladvies PO", "HAVO"),
                   ("Startkwalifcatie", "Inwoners die geen startkwalificatie hebben en geen opleiding volgen"),
                   ("Energiearme huishoudens", ""))
    cells = cells_frame(table, CATALOG, "2024-2025", "x.txt")
    assert cells.drop_duplicates("indicator_id")[["indicator_id", "indicator"]].values.tolist() == [
        ["schooladvies-havo", "Defnitief schooladvies PO"],
        ["startkwalificatie-zonder-opleiding", "Startkwalifcatie"],
        ["energiearme-huishoudens", "Energiearme huishoudens"]]
    decisions = decisions_frame(table, CATALOG, "2024-2025", "x.txt")
    assert decisions["kind"].tolist() == ["label_alike", "label_alike"]
    assert decisions["chosen"].tolist() == ["schooladvies-havo", "startkwalificatie-zonder-opleiding"]
    assert "'Defnitief schooladvies PO | HAVO'" in decisions["message"].iloc[0]
    assert "(Definitief schooladvies PO | HAVO)" in decisions["message"].iloc[0]


def test_labels_that_differ_only_in_case_quotes_hyphens_or_spaces_are_the_catalogs():
    table = _table(("Leefbaarometer \u2018Algemeen\u2019",
                    "Woningen binnen een gebied dat een leefbaarheid-score van zwak of lager heeft"),
                   ("ENERGIEARME HUISHOUDENS", ""))
    assert "label_alike" not in decisions_frame(table, CATALOG, "2024-2025", "x.txt")["kind"].tolist()


def test_a_reworded_row_is_reported_alike_and_a_row_renamed_in_one_part_as_renamed():
    # 2025-2026 rewords a specification ("in een huishouden" for "in huishoudens"); a row whose
    # indicator is renamed outright keeps its entry by its specification.
    bijstand = ("Personen van 15 jaar en ouder met een bijstandsuitkering op grond van de WWB t/m 2014 en de "
                "Participatiewet vanaf 2015")
    table = _table(("Armoedegrens", "Aandeel kinderen in een huishouden onder de armoedegrens"),
                   ("Uitkeringen", bijstand))
    decisions = decisions_frame(table, CATALOG, "2025-2026", "x.txt")
    assert decisions[["kind", "chosen"]].values.tolist() == [["label_alike", "armoede-kinderen"],
                                                             ["renamed_row", "bijstand"]]


def test_a_row_read_alike_is_listed_for_the_reviewer_as_not_named_as_in_the_catalog():
    table = _table(("Defnitief schooladvies PO", "HAVO"))
    _, anomalies = find_anomalies(cells_frame(table, CATALOG, "2024-2025", "x.txt"),
                                  decisions_frame(table, CATALOG, "2024-2025", "x.txt"), CATALOG)
    assert anomalies[["check", "severity", "indicator_id"]].values.tolist() == [
        ["rows_named_as_in_catalog", "info", "schooladvies-havo"]]


def test_pymupdf4llm_text_that_lost_a_ligature_reads_every_value_and_lists_the_rows_read_alike():
    # tests/regressions/README.md: PyMuPDF4LLM's Markdown of a pdfLaTeX table writes TeX's "fi"
    # ligature as "f" ("Defnitief schooladvies PO", "Startkwalifcatie").
    name = "latex-a4l-grid-lm.pymupdf4llm.txt"
    read, printed = read_as_printed(name)
    # TeX sets the apostrophe as a closing quote (U+2019).
    def as_printed(label: str) -> str:
        return label.replace("fi", "f").replace("'", "\u2019")

    assert read == {(as_printed(ind), as_printed(spec), *rest): text for (ind, spec, *rest), text in printed.items()}
    result = analyse([REGRESSIONS / name], RunSettings(quiet=True))
    alike = result.anomalies[result.anomalies["check"] == "rows_named_as_in_catalog"]
    assert set(alike["severity"]) == {"info"}
    # The rows whose catalog labels print an "fi": "Definitief schooladvies PO" (7), "Startkwalificatie" (2).
    lost = [e.id for e in CATALOG.indicators if "fi" in e.indicator + e.specification]
    assert len(lost) == 9 and sorted(alike["indicator_id"]) == sorted(lost)

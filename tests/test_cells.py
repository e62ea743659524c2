"""From a reading to the cells frame (pipeline/appendix/cells.py): labels as printed."""

from __future__ import annotations

from pathlib import Path

from pipeline.appendix.cells import cells_frame, decisions_frame
from pipeline.appendix.model import RawCell, RawRow, RawTable, Slot
from pipeline.catalog import default_catalog
from pipeline.run import RunSettings, analyse

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

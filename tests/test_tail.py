"""Label lines written after the rows, shared out over them (pipeline/appendix/tail.py).

Labels as LibreOffice Calc prints the appendix and pypdfium2 reads it: a one-line cell on its
row's line, wrapped cells after the rows in row order (tests/corpus/calc-a4l-grid.pdfium.txt).
"""

from __future__ import annotations

from pipeline.appendix.tail import ANY_INDICATOR, TailScorer
from pipeline.catalog import default_catalog

SCORER = TailScorer(default_catalog())


def _label(*lines: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(line.split()) for line in lines)


def test_an_indicator_printed_once_goes_to_its_groups_first_row():
    # "Koop" and "Particuliere huur" each spell a specification of the group alone; the wrapped
    # indicator after them could go with either, and belongs to the first.
    owns = [_label("Koop"), _label("Particuliere huur"), _label("Minder dan 1 jaar")]
    tail = _label("Samenstelling", "woningvoorraad", "Verhuisbeweging: woonduur", "afgelopen 10 jaar")
    shared = SCORER.share((), owns, tail, 16)
    assert [(start, end) for start, end, _ in shared.runs] == [(0, 2), (2, 2), (2, 4)]
    assert shared.end == 4


def test_a_row_whose_label_is_on_its_line_takes_nothing_and_lines_after_the_last_row_are_left_over():
    owns = [_label("Armoedegrens Aandeel huishoudens onder de armoedegrens"), _label("Bijstandsgerechtigden")]
    tail = _label("Personen van 15 jaar en ouder met een", "bijstandsuitkering op grond van de WWB t/m 2014 en",
                  "de Participatiewet vanaf 2015", "Bron: CBS")
    shared = SCORER.share((), owns, tail, 16)
    assert [(start, end) for start, end, _ in shared.runs] == [(0, 0), (0, 3)]
    assert shared.end == 3  # "Bron: CBS" is no row's


def test_a_line_no_row_reads_with_is_skipped():
    # A header cell written late ("Gemiddelde") before the first row's specification.
    owns = [_label("Leefbaarometer 'Algemeen'")]
    tail = _label("Gemiddelde", "Woningen binnen een gebied dat een", "leefbaarheidscore van zwak of lager heeft")
    assert [(start, end) for start, end, _ in SCORER.share((), owns, tail, 16).runs] == [(1, 3)]


def test_a_line_of_both_label_columns_whose_indicator_goes_on_below_reads_exactly():
    # poppler writes "Bijstandsgerechtigde" beside the specification's first line, "n" below it.
    scorer = TailScorer(default_catalog())
    label = tuple(tuple(line.split()) for line in [
        "Bijstandsgerechtigde Personen van 15 jaar en ouder", "n", "met een bijstandsuitkering op",
        "grond van de WWB t/m 2014", "en de Participatiewet vanaf", "2015"])
    assert scorer.score(label, "") == (1.0, "bijstandsgerechtigden")


def test_a_specification_alone_reads_under_any_indicator_when_the_one_above_is_unknown():
    scorer = TailScorer(default_catalog())
    label = (("1", "tot", "3", "jaar"),)
    assert scorer.score(label, "")[0] < 1
    assert scorer.score(label, ANY_INDICATOR) == (1.0, ANY_INDICATOR)
    assert scorer.score((("Onbekend", "label"),), ANY_INDICATOR)[0] == 0


def test_a_specification_renamed_under_an_indicator_printed_once_reads_as_a_renamed_row():
    # 2025-2026 renames the children's poverty row in its Specificatie cell; "Armoedegrens" is
    # printed once over its group, so the row's own label is the renamed specification alone.
    renamed = _label("Aandeel kinderen in een", "huishouden onder de", "armoedegrens")
    assert SCORER.score(renamed, "armoedegrens") == (SCORER.renamed_score, "armoedegrens")
    # Under another indicator it is no row of the catalog's.
    assert SCORER.score(renamed, "huishoudensmetproblematischeschulden")[0] == 0.0


def test_words_after_an_indicator_of_several_rows_that_read_as_none_of_them_are_an_unknown_row():
    # A new row ("Eenzaamheid") before a group whose indicator wraps: the indicator with the new
    # row's words names no entry of the group, so it earns nothing over reading the new row alone.
    assert SCORER.score(_label("Definitief", "schooladvies", "PO", "Eenzaamheid"), "")[0] == 0.0
    assert SCORER.score(_label("Definitief", "schooladvies", "PO", "VMBO BK"), "") == (
        1.0, "definitiefschooladviespo")
    # An indicator of one row renamed in its specification is still that row.
    assert SCORER.score(_label("Energiearme huishoudens", "Huishoudens met een laag inkomen"), "")[0] == (
        SCORER.renamed_score)


def test_a_new_row_takes_its_own_wrapped_specification_before_the_next_groups_indicator():
    # pypdfium2 of a Calc sheet, 2025-2026: the new row's indicator fits its cell ("Eenzaamheid"
    # on its line), its specification and the next group's indicator wrap and come after the rows.
    owns = [_label("Eenzaamheid"), _label("VMBO BK"), _label("VMBO BK/GT")]
    tail = _label("Personen van 18 jaar en", "ouder die zich (zeer)", "ernstig eenzaam voelen",
                  "Definitief", "schooladvies", "PO")
    shared = SCORER.share((), owns, tail, 16, "bijstandsontvangers")
    assert [run[:2] for run in shared.runs] == [(0, 3), (3, 6), (6, 6)]


def test_an_indicator_printed_on_every_row_stays_with_each_row_not_with_a_row_before_them():
    # pdftotext -raw of a Calc sheet, 2025-2026, the indicator on every row: each schooladvies
    # row's wrapped "Definitief" / "schooladvies PO" comes after the rows. A row that continues the
    # indicator above reads as well without its copy as with it, and the new row before them reads
    # no worse with a few copies run on: the row whose copy it is names its indicator.
    owns = [_label("Eenzaamheid"), _label("VMBO BK"), _label("VMBO BK/GT"), _label("VMBO GT")]
    tail = _label("Personen van 18 jaar en ouder die zich", "(zeer) ernstig eenzaam voelen",
                  "Definitief", "schooladvies PO", "Definitief", "schooladvies PO", "Definitief", "schooladvies PO")
    shared = SCORER.share((), owns, tail, 16, "bijstandsontvangers")
    assert [run[:2] for run in shared.runs] == [(0, 2), (2, 4), (4, 6), (6, 8)]
    assert SCORER.names_indicator(_label("Definitief", "schooladvies PO", "VMBO GT"))
    assert not SCORER.names_indicator(_label("VMBO GT"))

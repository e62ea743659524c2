"""A page's label lines and indicators written apart, aligned to its rows in one pass.

The pages are written as Chromium's page is written in ``pdftotext``'s default text (the
unruled spread of tests/corpus): each band of rows follows a group of label lines, and the
indicators of cells spanning rows stand apart, some at the page's foot. The labels are the
edition's own (tests/golden). Each page is a table's first: no indicator is left from above.
"""

from __future__ import annotations

import pytest

from pipeline.appendix.page_labels import aligned_page
from pipeline.appendix.tail import TailScorer
from pipeline.catalog import default_catalog


@pytest.fixture(scope="module")
def scorer() -> TailScorer:
    return TailScorer(default_catalog())


def _lines(*texts: str, first: int = 0) -> list[tuple[str, int]]:
    return [(text, first + k) for k, text in enumerate(texts)]


def _row(*values: str) -> list[tuple[str, int]]:
    return [(value, 0) for value in values]


def _labels(assigned) -> list[str]:
    return [" ".join(text for text, _ in labels) for labels, row, _ in assigned if row is not None]


def test_a_bands_last_row_takes_its_label_written_after_the_band(scorer):
    # Three Leefbaarometer rows under the specifications of the first two; the third's follows
    # the band, before the next band's "Koop" and "Particuliere huur". The indicators stand apart.
    bands = [
        (_lines("Woningen binnen een", "gebied dat een", "leefbaarheidscore van zwak", "of lager heeft",
                "Woningen binnen een", "gebied dat een (zeer) grote", "negatieve bijdrage heeft op",
                "dimensie Woningvoorraad"),
         [_row("52.17%", "11.14%"), _row("6.67%", "1.11%"), _row("0.04%", "0.03%")]),
        (_lines("Woningen binnen een", "gebied dat een (zeer) grote", "negatieve bijdrage heeft op",
                "dimensie Sociale", "Samenhang", "Koop", "Particuliere huur", first=20),
         [_row("32.21%", "57.00%"), _row("18.59%", "14.00%")]),
    ]
    series = [("leefbaarometer'algemeen'", _lines("Leefbaarometer", "'Algemeen'", first=40), 0),
              ("leefbaarometer'woningvoorraad'", _lines("Leefbaarometer", "'Woningvoorraad'", first=42), 0),
              ("leefbaarometer'socialesamenhang'", _lines("Leefbaarometer", "'Sociale Samenhang'", first=44), 0),
              ("samenstellingwoningvoorraad", _lines("Samenstelling", "woningvoorraad", first=46), 1)]
    bound = [[[] for _ in rows] for _, rows in bands]
    assigned, owns = aligned_page(bands, [], bound, series, scorer, "", 16, 1_000_000, 8_000_000)
    assert _labels(assigned) == [
        "Leefbaarometer 'Algemeen' Woningen binnen een gebied dat een leefbaarheidscore van zwak of lager heeft",
        "Leefbaarometer 'Woningvoorraad' Woningen binnen een gebied dat een (zeer) grote negatieve bijdrage "
        "heeft op dimensie Woningvoorraad",
        "Leefbaarometer 'Sociale Samenhang' Woningen binnen een gebied dat een (zeer) grote negatieve bijdrage "
        "heeft op dimensie Sociale Samenhang",
        "Samenstelling woningvoorraad Koop",
        "Particuliere huur",
    ]
    assert owns[0][2] is series[2][1]  # placed: not written again after the rows
    assert assigned[-1] == ([], None, (2, -1))


def test_indicators_at_the_page_foot_head_the_rows_without_a_label_in_order(scorer):
    # "Afgelopen 10 jaar" heads the band; the two rows under it print their indicator only, and
    # Chromium writes those cells at the page's foot, after the specifications of the rows below.
    bands = [
        (_lines("Afgelopen 10 jaar"), [_row("89.54%", "–"), _row("15.18%", "14.81%"), _row("6.80%", "4.00%")]),
        (_lines("Middeninkomen (60-200", "procent van mediane", "inkomen)", "Hoog inkomen (meer dan",
                "200 procent van mediane", "inkomen)", first=10),
         [_row("48.67%", "9.39%"), _row("52.16%", "18.88%")]),
    ]
    series = [("verhuisbeweging:doorloopsnelheid", _lines("Verhuisbeweging:", "doorloopsnelheid", first=30), 2),
              ("woningenmetenergielabelset/mg", _lines("Woningen met", "energielabels E t/m G", first=32), 2),
              ("energiearmehuishoudens", _lines("Energiearme", "huishoudens", first=34), 2),
              ("middenenhogeinkomens", _lines("Midden- en hoge", "inkomens", first=36), 2)]
    bound = [[[] for _ in rows] for _, rows in bands]
    assigned, _ = aligned_page(bands, [], bound, series, scorer, "", 16, 1_000_000, 8_000_000)
    assert _labels(assigned) == [
        "Verhuisbeweging: doorloopsnelheid Afgelopen 10 jaar",
        "Woningen met energielabels E t/m G",
        "Energiearme huishoudens",
        "Midden- en hoge inkomens Middeninkomen (60-200 procent van mediane inkomen)",
        "Hoog inkomen (meer dan 200 procent van mediane inkomen)",
    ]


def test_a_page_past_the_work_bounds_is_not_aligned(scorer):
    bands = [(_lines(*(f"regel {k}" for k in range(50))), [_row("1.00%") for _ in range(50)])]
    bound = [[[] for _ in range(50)]]
    series = [(f"ind{k}", _lines(f"Indicator {k}"), 0) for k in range(50)]
    assert aligned_page(bands, [], bound, series, scorer, "", 16, 1_000_000, 8_000_000) is None
    small = [(_lines("Koop"), [_row("33.20%", "57.00%")])]
    assert aligned_page(small, [], [[[]]], [], TailScorer(default_catalog()), "", 16, 1_000_000, 10) is None
    fresh = TailScorer(default_catalog())
    assert aligned_page(small, [], [[[]]], [], fresh, "", 16, 1_000_000, 8_000_000) is not None
    assert fresh.aligned_work > 0


def test_labels_that_spell_the_catalog_either_way_follow_the_catalogs_order(scorer):
    # Chromium's page (pdftotext): one band of rows under its label lines, the "Midden- en hoge
    # inkomens" cell's lines interleaved with its first specification's, and the cells of the
    # two rows that print their indicator only at the page's foot. Giving those two cells to
    # the last rows and every label above them one row early spells catalog labels as well;
    # only the catalog's order of the rows tells.
    bands = [(_lines("Afgelopen 10 jaar", "Midden- en hoge", "Middeninkomen (60-200", "inkomens",
                     "procent van mediane", "inkomen)", "Hoog inkomen (meer dan", "200 procent van mediane",
                     "inkomen)", "Armoedegrens", "Aandeel huishoudens", "onder de armoedegrens"),
              [_row("89.54%", "–"), _row("15.18%", "14.81%"), _row("6.80%", "4.00%"), _row("48.67%", "52.16%"),
               _row("9.39%", "18.88%"), _row("7.98%", "3.97%")])]
    series = [("woningenmetenergielabelset/mg", _lines("Woningen met", "energielabels E t/m G", first=30), 1),
              ("energiearmehuishoudens", _lines("Energiearme", "huishoudens", first=32), 1)]
    bound = [[[] for _ in range(6)]]
    assigned, _ = aligned_page(bands, [], bound, series, scorer, "verhuisbeweging:doorloopsnelheid", 16,
                               1_000_000, 8_000_000)
    assert _labels(assigned) == [
        "Afgelopen 10 jaar",
        "Woningen met energielabels E t/m G",
        "Energiearme huishoudens",
        "Midden- en hoge Middeninkomen (60-200 inkomens procent van mediane inkomen)",
        "Hoog inkomen (meer dan 200 procent van mediane inkomen)",
        "Armoedegrens Aandeel huishoudens onder de armoedegrens",
    ]


def test_a_row_reading_the_label_of_the_same_row_of_the_spreads_other_part_counts_more(scorer):
    # Three rows under two labels: any row may be the one whose label stands elsewhere, and the
    # catalog reads each way alike (by default the first rows take the lines). The same rows of
    # the spread's other part say which rows the labels are.
    bands = [(_lines("Particuliere huur", "Corporatie huur"),
              [_row("32.21%", "57.00%"), _row("18.59%", "14.00%"), _row("49.13%", "29.00%")])]
    bound = [[[], [], []]]
    context = [("samenstellingwoningvoorraad", "koop"), ("samenstellingwoningvoorraad", "particulierehuur"),
               ("samenstellingwoningvoorraad", "corporatiehuur")]
    alone, _ = aligned_page(bands, [], bound, [], scorer, "samenstellingwoningvoorraad", 16, 1_000_000, 8_000_000)
    assert _labels(alone) == ["Particuliere huur", "Corporatie huur", ""]
    beside, _ = aligned_page(bands, [], bound, [], TailScorer(default_catalog()), "samenstellingwoningvoorraad", 16,
                             1_000_000, 8_000_000, context)
    assert _labels(beside) == ["", "Particuliere huur", "Corporatie huur"]

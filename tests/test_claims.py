"""Claims: statements about appendix indicators, judged against the table.

Expected verdicts were worked out by hand from the printed table (pages 58-59) and the
reviewed corrections."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.catalog import default_catalog
from pipeline.claims import claims_stage
from pipeline.figures import body_lines, figures_stage
from pipeline.sources import open_edition
from tests.conftest import TEXT_2024
from tests.tables import clean_table


@pytest.fixture(scope="module")
def claims():
    edition = open_edition(TEXT_2024)
    lines = body_lines(edition, {58, 59})
    figures = figures_stage(lines, edition.edition, edition.path.name)
    return claims_stage(lines, figures, clean_table(), default_catalog())


def _claim(claims, line, text, indicator_id=None):
    found = claims[(claims["line"] == line) & (claims["claim_text"] == text)]
    if indicator_id:
        found = found[found["indicator_id"] == indicator_id]
    assert len(found) == 1, claims[claims["line"] == line][["claim_text", "indicator_id", "verdict"]]
    return found.iloc[0]


@pytest.mark.parametrize("line, text, indicator_id, kind, verdict, table_value", [
    # "van 60% naar 55% in de NPLV-gebieden": 60.35 (2018) and 54.74 (2024).
    (43, "60%", "leefbaarometer-algemeen", "change", "consistent", 60.35),
    (43, "55%", "leefbaarometer-algemeen", "change", "consistent", 54.74),
    # "6 keer hoger ... (8,17% tegen 1,36%)": 8.17 / 1.36 = 6.01 in 2024.
    (65, "6 keer", "leefbaarometer-woningvoorraad", "ratio", "consistent", 8.17 / 1.36),
    (66, "1,36%", "leefbaarometer-woningvoorraad", "level", "consistent", 1.36),
    # "circa 12% ... geen startkwalificatie" (2024): 12.07.
    (209, "12%", "startkwalificatie-zonder-opleiding", "level", "consistent", 12.07),
    # "ongeveer 8% in 2023": household poverty NPLV 2023 is 7.66.
    (215, "8%", "armoede-huishoudens", "level", "consistent", 7.66),
    # "bijna 3 keer zo groot" (bijstand): 6.74 / 2.65 = 2.54 in 2023, and no year reaches 2.7.
    (196, "3 keer", "bijstand", "ratio", "inconsistent", 6.74 / 2.65),
    (414, "3 keer", "bijstand", "ratio", "inconsistent", 6.74 / 2.65),
    # "van circa 10 naar 5 procentpunt": 18.18 - 8.75 = 9.43 (2018), 7.66 - 3.68 = 3.98 (2023).
    (2171, "10", "armoede-huishoudens", "gap", "consistent", 18.18 - 8.75),
    (2171, "5 procentpunt", "armoede-huishoudens", "gap", "inconsistent", 7.66 - 3.68),
    # "5 keer zo groot ... dimensie Overlast en Onveiligheid": 40.47 / 8.03 = 5.04 in 2024.
    (2560, "5 keer", "leefbaarometer-overlast-onveiligheid", "ratio", "consistent", 40.47 / 8.03),
    # "bijna 50% ... sociale huurwoning, tegenover bijna 30% in Nederland": 48.46 and 28.28.
    (411, "50%", "woningvoorraad-corporatie-huur", "level", "consistent", 48.46),
    (413, "30%", "woningvoorraad-corporatie-huur", "level", "consistent", 28.28),
])
def test_claims_are_judged_against_the_table(claims, line, text, indicator_id, kind, verdict, table_value):
    claim = _claim(claims, line, text, indicator_id)
    assert (claim["kind"], claim["verdict"]) == (kind, verdict), claim["explanation"]
    assert claim["table_value"] == pytest.approx(table_value, abs=0.005)


def test_a_year_the_table_lacks_is_unverifiable(claims):
    # "kinderen ... in 2024 nog 2 keer hoger": the table prints no 2024 figure for children.
    claim = _claim(claims, 2174, "2 keer", "armoede-kinderen")
    assert claim["verdict"] == "unverifiable"


def test_experienced_nuisance_is_not_the_leefbaarometer_row(claims):
    # "ervaren bijna 2 keer zoveel overlast" is a survey, not the Leefbaarometer dimension.
    assert claims[claims["line"] == 314].empty


def test_chart_callouts_restate_table_cells(claims):
    eleven, fifty_five = _claim(claims, 72, "11%"), _claim(claims, 72, "55%")
    assert (eleven["area"], eleven["table_value"], eleven["verdict"]) == ("NL", 11.44, "consistent")
    assert (fifty_five["area"], fifty_five["table_value"], fifty_five["verdict"]) == ("NPLV", 54.74, "consistent")


def test_range_claims_hold_for_every_year(claims):
    # "5 tot 10 procentpunten lager" (experienced health): 6.12 (2020) and 8.94 (2022).
    claim = _claim(claims, 229, "5 tot 10 procentpunten")
    assert claim["verdict"] == "consistent"
    assert (claim["year_from"], claim["year"]) == (2020, 2022)


def _consistency(text: str):
    from pipeline.claims import text_consistency
    from pipeline.figures import extract_figures

    lines = [(i + 1, 1, line) for i, line in enumerate(text.split("\n"))]
    figures = extract_figures(lines, "2024-2025", "t.txt")
    claims = claims_stage(lines, figures, clean_table(), default_catalog())
    return text_consistency(claims, figures)


def test_a_share_must_match_its_counts():
    good = _consistency("In 2024 kwamen 11.088 kinderen in aanmerking. Er namen 8.372 kinderen deel, zo'n 76%.")
    bad = _consistency("In 2024 kwamen 11.088 kinderen in aanmerking. Er namen 8.372 kinderen deel, zo'n 66%.")
    assert good[good["kind"] == "share"]["consistent"].tolist() == [True]
    assert bad[bad["kind"] == "share"]["consistent"].tolist() == [False]  # 8.372 / 11.088 = 75.5%


def test_one_fact_quoted_with_two_numbers_is_found():
    text = ("In 2024 had circa 12% van de jongeren in de NPLV-gebieden geen startkwalificatie.\n\n"
            "In 2024 had ongeveer 16% van de jongeren in de NPLV-gebieden geen startkwalificatie.")
    repeated = _consistency(text)
    repeated = repeated[repeated["kind"] == "repeated"]
    assert repeated["consistent"].tolist() == [False]


def test_a_chart_of_three_series_is_matched_cell_by_cell(claims):
    # Tenure chart (legend "Koop", "Particuliere huur", "Coporatie huur" [sic]), 2024 from page 59:
    # koop 57.58 NL / 32.04 NPLV; particuliere huur 14.14 / 19.49; corporatie huur 28.28 / 48.46.
    expected = {"58%": ("woningvoorraad-koop", "NL"), "32%": ("woningvoorraad-koop", "NPLV"),
                "14%": ("woningvoorraad-particuliere-huur", "NL"), "19%": ("woningvoorraad-particuliere-huur", "NPLV"),
                "28%": ("woningvoorraad-corporatie-huur", "NL"), "48%": ("woningvoorraad-corporatie-huur", "NPLV")}
    chart = claims[claims["line"].between(1167, 1171)]
    assert {r.claim_text: (r.indicator_id, r.area) for r in chart.itertuples()} == expected
    assert set(chart["verdict"]) == {"consistent"}

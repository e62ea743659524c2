"""Claims: statements about appendix indicators, judged against the table.

Expected verdicts were worked out by hand from the printed table (pages 58-59) and the
reviewed corrections."""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from pipeline.catalog import default_catalog
from pipeline.claims import claims_stage, link_sentences
from pipeline.figures import body_lines, figures_stage
from pipeline.sources import open_edition
from tests.conftest import PDF_2024, TEXT_2024
from tests.support.tables import clean_table

GOLDEN = Path(__file__).parent / "golden"


def _claims_of(source):
    edition = open_edition(source)
    lines = body_lines(edition, {58, 59})
    figures = figures_stage(lines, edition.edition, edition.path.name)
    return claims_stage(lines, figures, clean_table(), default_catalog())


@pytest.fixture(scope="module")
def claims():
    return _claims_of(TEXT_2024)


@pytest.fixture(scope="module")
def pdf_claims():
    """The claims read from the PDF alone: its text layer, page furniture and chart text apart."""
    return _claims_of(PDF_2024)


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


def test_experienced_nuisance_is_listed_but_not_judged_against_the_leefbaarometer_row(claims):
    # "ervaren bijna 2 keer zoveel overlast" is a survey, not the Leefbaarometer dimension: the
    # statement is listed, and the table cannot check it.
    claim = _claim(claims, 314, "2 keer", "leefbaarometer-overlast-onveiligheid")
    assert claim["verdict"] == "unverifiable" and pd.isna(claim["table_value"])
    assert "'ervaren'" in claim["explanation"]


def test_a_figure_about_one_area_is_unverifiable(claims):
    # "Het aantal mensen in de bijstand daalde in Rotterdam-Zuid ... 7%": the table gives averages.
    claim = _claim(claims, 2015, "7%", "bijstand")
    assert claim["verdict"] == "unverifiable" and "rotterdam" in claim["explanation"]


def test_shares_are_judged_as_percentages_including_sums_of_rows(claims):
    # "Ongeveer 7 op de 10 bewoners wonen in een huurwoning ...; 3 op de 10 ... in een koopwoning."
    # Private + social rent NPLV 2024: 19.49 + 48.46 = 67.95; owner-occupied 32.04.
    rent = _claim(claims, 1106, "7 op de 10")
    assert pd.isna(rent["indicator_id"])
    assert rent["sum_of"] == "woningvoorraad-particuliere-huur+woningvoorraad-corporatie-huur"
    assert (rent["claimed"], rent["verdict"]) == (70.0, "consistent")
    assert rent["table_value"] == pytest.approx(67.95, abs=0.005)
    own = _claim(claims, 1107, "3 op de 10", "woningvoorraad-koop")
    assert (own["claimed"], own["verdict"], own["tolerance"]) == (30.0, "consistent", "[25.00, 35.00]")


def test_a_share_of_areas_is_not_a_claim_about_an_indicator(claims):
    # "In 11 van de 20 NPLV-gebieden zijn ... 567 woningen met energielabel E t/m G geïsoleerd."
    assert claims[claims["claim_text"] == "11 van de 20"].empty


def test_how_often_is_not_a_ratio(claims):
    # "liever dat mensen overlast 10 keer te veel melden, dan te weinig"
    assert claims[claims["claim_text"] == "10 keer"].empty


# Statements of the independent inventory (tests/golden/claims-2024-2025.csv) the claims stage
# deliberately does not list, and why.
NOT_LISTED = {
    "15 jaar": "years of healthy life: a duration, not a percentage the table could hold",
    "32.000": "a count of dwellings",
    "(2%)": "a share of benefits in Rotterdam-Zuid, in a sentence that does not name the bijstand",
    "verdubbeld": "a verb, not a figure",
}


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", str(text).replace("\u2019", "'")).strip().lower()


def _inventory() -> list[dict]:
    with (GOLDEN / "claims-2024-2025.csv").open(encoding="utf-8") as handle:
        return [r for r in csv.DictReader(handle) if r["verdict"] != "not_a_claim"]


@pytest.mark.parametrize("path", ["claims", "pdf_claims"])
def test_every_statement_of_the_independent_inventory_is_claimed_with_its_verdict(path, request):
    """An inventory of the statements made by reading the whole text, without the claims stage's
    output (tests/golden/claims-2024-2025.NOTES.md); its verdicts were worked out from the
    printed table as it should have been (the known printing errors corrected, as in
    ``clean_table``). Each one must be a claim with the same indicator, number and verdict, read
    from the text edition or from the PDF alone."""
    claims = request.getfixturevalue(path)
    found = claims.assign(_sentence=claims["sentence"].map(_normal),
                          _rows=claims["indicator_id"].fillna(claims["sum_of"]).str.split("+").map(set))
    inventory = _inventory()
    assert len(inventory) >= 70
    wrong = []
    for row in inventory:
        if row["quote"] in NOT_LISTED:
            continue
        rows, start, quote = set(row["indicator_id"].split("+")), _normal(row["sentence_start"])[:25], _normal(row["quote"])
        candidates = found[found["_rows"].map(lambda r: r == rows) & found["_sentence"].map(
            lambda s: start in s or quote.replace(" ", "") in s.replace(" ", "") or s.startswith("chart callout"))]
        same = candidates[(candidates["claimed"] - float(row["claimed"])).abs() < 0.01]
        if same.empty and " tot " in quote:  # "5 tot 10 procentpunten": one claim for the range
            same = candidates[candidates["claim_text"].str.contains(" tot ")]
        verdict = same["verdict"].iloc[0] if len(same) else "not listed"
        if verdict != row["verdict"]:
            wrong.append(f"p.{row['page']} {row['quote']!r} ({row['indicator_id']}): {verdict}, expected {row['verdict']}")
    assert not wrong, "\n".join(wrong)


def test_chart_callouts_restate_table_cells(claims):
    eleven, fifty_five = _claim(claims, 72, "11%"), _claim(claims, 72, "55%")
    assert (eleven["area"], eleven["table_value"], eleven["verdict"]) == ("NL", 11.44, "consistent")
    assert (fifty_five["area"], fifty_five["table_value"], fifty_five["verdict"]) == ("NPLV", 54.74, "consistent")
    # The chart's two labels and two areas: the pairing is the nearest cells', and the claim says so.
    assert eleven["kind"] == fifty_five["kind"] == "chart"
    assert "paired with the nearest cell" in eleven["explanation"]


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


# --- sentences linked to rows before the table is known ------------------------------------------


@pytest.fixture(scope="module")
def body():
    edition = open_edition(TEXT_2024)
    lines = body_lines(edition, {58, 59})
    return lines, figures_stage(lines, edition.edition, edition.path.name)


def test_linked_sentences_are_the_sentences_with_figures_and_name_their_rows(body):
    lines, figures = body
    linked = link_sentences(lines, figures, default_catalog())
    assert {s.text for s in linked} == set(figures["sentence"])
    by_line = {s.first_line: s for s in linked}
    # p. 9: "Ook het aantal mensen in de bijstand daalt gestaag. Wel blijft het aandeel bijna 3 keer
    # zo groot als in Nederland." The second sentence names no row: it points back to the first.
    back = by_line[195]
    assert back.text.startswith("Wel blijft het aandeel bijna 3 keer zo groot")
    assert [entry.id for _, entry in back.links] == ["bijstand"]
    # p. 39, under "Ontwikkeling in de werkzame beroepsbevolking 15 t/m 74 jaar": "Het aandeel
    # werkenden is ... gestegen van 60% naar 64%" names the row of the 15 to 74 year olds.
    werkenden = next(s for s in linked if s.text.startswith("Het aandeel werkenden is in de afgelopen jaren"))
    assert [entry.id for _, entry in werkenden.links] == ["arbeidsparticipatie-15-74"]


def test_a_sentence_with_a_rows_topic_and_a_veto_word_is_a_look_alike(claims):
    # p. 11: "Inwoners van NPLV-gebieden ervaren bijna 2 keer zoveel overlast en onveiligheid": felt
    # nuisance, not the Leefbaarometer's dimension, so the table cannot check it.
    claim = _claim(claims, 314, "2 keer")
    assert claim["indicator_id"] == "leefbaarometer-overlast-onveiligheid"
    assert claim["verdict"] == "unverifiable"
    assert "it speaks of 'ervaren'" in claim["explanation"]


def test_a_sentence_printed_again_gives_its_claims_again_with_their_own_ids():
    # Page 1's "6 keer hoger ... (8,17% tegen 1,36%)" (lines 65-66) printed three times, as a
    # summary repeats a chapter: three times its claims, not nine, every id unique.
    edition = open_edition(TEXT_2024)
    lines = [line for line in body_lines(edition, {58, 59}) if 60 <= line[0] <= 70]
    once = len(lines)
    repeated = [(number + k * 1000, page, text) for k in range(3) for number, page, text in lines]
    figures = figures_stage(repeated, edition.edition, edition.path.name)
    single = claims_stage(lines, figures_stage(lines, edition.edition, edition.path.name), clean_table(),
                          default_catalog())
    claims = claims_stage(repeated, figures, clean_table(), default_catalog())
    assert once and len(single) >= 2 and len(claims) == 3 * len(single)
    assert claims["claim_id"].is_unique and figures["figure_id"].is_unique
    assert sorted(claims["line"].unique()) == sorted(n + k * 1000 for k in range(3) for n in single["line"].unique())


@pytest.mark.parametrize("path", ["claims", "pdf_claims"])
def test_no_claim_is_inconsistent_that_the_inventory_does_not_call_inconsistent(path, request):
    """A PDF's running heads, page numbers and chart labels once ran into sentences ("NPLV NL
    11%55% Percentage woningen ..."), and their figures were judged against the wrong row."""
    claims = request.getfixturevalue(path)
    inconsistent = [_normal(r["quote"]) for r in _inventory() if r["verdict"] == "inconsistent"]
    for claim in claims[claims["verdict"] == "inconsistent"].itertuples():
        text = _normal(claim.claim_text)
        assert any(text in quote or quote in text for quote in inconsistent), (claim.page, claim.claim_text,
                                                                               claim.sentence)


def test_the_pdf_alone_gives_the_claims_and_verdicts_of_the_text_edition(claims, pdf_claims):
    """Parity: the same statements, numbers, rows and verdicts from either source (there is no
    named difference left; page and line numbers differ, as the sources number them)."""
    def judged(frame):
        return Counter((r.claim_text, r.indicator_id if isinstance(r.indicator_id, str) else r.sum_of, r.kind,
                        r.area if isinstance(r.area, str) else None, r.verdict) for r in frame.itertuples())

    from_text, from_pdf = judged(claims), judged(pdf_claims)
    assert from_pdf == from_text, (sorted((from_text - from_pdf).elements()), sorted((from_pdf - from_text).elements()))


def test_a_chart_that_names_no_row_is_listed_as_unverifiable_with_the_reason():
    lines = [(1, 3, "Aandeel fietsers per buurt"), (2, 3, ""), (3, 3, "NPLV NL"), (4, 3, ""), (5, 3, "23%41%"),
             (6, 3, ""), (7, 3, "Bron: eigen telling")]
    figures = figures_stage(lines, "2024-2025", "t.pdf")
    claims = claims_stage(lines, figures, clean_table(), default_catalog())
    assert claims["claim_text"].tolist() == ["23%", "41%"]
    assert set(claims["kind"]) == {"chart"} and set(claims["verdict"]) == {"unverifiable"}
    assert claims["indicator_id"].isna().all() and claims["explanation"].str.contains("name no row").all()

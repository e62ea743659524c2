"""Validation: the known printing errors are found with the right suggestions, nothing else is
called an error, and injected errors are each found on their cell."""

from __future__ import annotations

import itertools
import random

import pandas as pd
import pytest

from pipeline.catalog import default_catalog
from pipeline.checks import find_anomalies
from tests.support.tables import clean_table, printed_table, set_printed

CATALOG = default_catalog()


def anomalies_of(cells: pd.DataFrame) -> pd.DataFrame:
    return find_anomalies(cells, None, CATALOG)[1]


def errors_by_cell(anomalies: pd.DataFrame) -> dict:
    errors = anomalies[(anomalies["severity"] == "error") & anomalies["year"].notna()]
    return {(r.indicator_id, int(r.year), r.area): (r.check, r.value_suggested) for r in errors.itertuples()}


def test_printed_table_has_exactly_the_two_known_errors():
    anomalies = anomalies_of(printed_table())
    assert errors_by_cell(anomalies) == {
        ("schooladvies-havo-vwo", 2024, "NL"): ("no_scale_slip", 15.0),
        ("middeninkomen", 2022, "NL"): ("no_swapped_cells", 52.16),
        ("hoog-inkomen", 2022, "NPLV"): ("no_swapped_cells", 9.39),
    }
    # Groups broken by those cells are reported, as explained by them.
    groups = anomalies[anomalies["check"].isin(["group_totals_add_up", "group_bounds_hold"])]
    assert set(groups["severity"]) == {"info"}


def test_clean_table_has_no_errors():
    anomalies = anomalies_of(clean_table())
    assert anomalies[anomalies["severity"] == "error"].empty, anomalies[anomalies["severity"] == "error"][["check", "indicator_id", "year", "area"]]


def test_breaks_in_both_areas_are_warnings_not_errors():
    anomalies = anomalies_of(clean_table())
    breaks = anomalies[anomalies["check"] == "no_break_in_series"]
    # Read off the table: household poverty falls from 13.20/6.22 (2021) to 7.98/3.97 (2022).
    poverty = breaks[(breaks["indicator_id"] == "armoede-huishoudens") & (breaks["year"] == 2022)]
    assert set(poverty["area"]) == {"NPLV", "NL"}
    assert set(breaks["severity"]) == {"warning"}


def test_printing_inconsistencies_are_noted():
    anomalies = anomalies_of(printed_table())
    decimals = anomalies[anomalies["check"] == "decimals_as_in_table"]
    # 31%, 4%, 18%, 9%, 15%, 10%, 14% (school advice 2018 NPLV) and 61% (2019 NPLV youth labour).
    assert len(decimals) == 8
    assert set(decimals["severity"]) == {"info"}
    empty = anomalies[anomalies["check"] == "cell_printed"]
    assert {(r.indicator_id, int(r.year), r.area) for r in empty.itertuples()} == {
        ("leefbaarometer-sociale-samenhang", 2021, "NPLV"),
        ("leefbaarometer-sociale-samenhang", 2021, "NL"),
        ("armoede-kinderen", 2024, "NL"),
    }


def test_anomaly_ids_are_stable_across_runs():
    first = anomalies_of(printed_table())["anomaly_id"].tolist()
    second = anomalies_of(printed_table())["anomaly_id"].tolist()
    assert first == second
    assert len(set(first)) == len(first)


def test_finding_anomalies_does_not_change_the_cells():
    cells = printed_table()
    before = cells.copy()
    find_anomalies(cells, None, CATALOG)
    pd.testing.assert_frame_equal(cells, before)


# --- Injected errors ------------------------------------------------------------------------

CLEAN = clean_table()
OK_CELLS = [i for i in CLEAN.index if CLEAN.at[i, "status"] == "ok"]


def flagged(anomalies: pd.DataFrame, cells: pd.DataFrame, index, severity: str | None = None) -> pd.DataFrame:
    row = cells.loc[index]
    hits = anomalies[
        (anomalies["indicator_id"] == row["indicator_id"]) & (anomalies["year"] == row["year"])
        & (anomalies["area"] == row["area"])
    ]
    return hits if severity is None else hits[hits["severity"] == severity]


def _times_100(cells, index):
    value = cells.at[index, "value_printed"] * 100
    return set_printed(cells, index, f"{value:.2f}%")


@pytest.mark.parametrize("index", OK_CELLS[::3])
def test_injected_times_100_slip_is_an_error_with_the_printed_value_suggested(index):
    cells = _times_100(CLEAN, index)
    anomalies = anomalies_of(cells)
    hits = flagged(anomalies, cells, index, "error")
    assert len(hits) == 1, anomalies[["check", "indicator_id", "year", "area", "severity"]].head()
    assert hits["value_suggested"].iloc[0] == pytest.approx(CLEAN.at[index, "value_printed"])
    assert len(errors_by_cell(anomalies)) == 1


def _group_members():
    members = {m for g in CATALOG.groups if g.total is not None for m in g.members}
    return [i for i in OK_CELLS if CLEAN.at[i, "indicator_id"] in members]


def _transpositions():
    """Group members with two digits exchanged, where that breaks the group total."""
    cases = []
    for index in _group_members():
        text = CLEAN.at[index, "printed"].rstrip("%")
        group = next(g for g in CATALOG.groups if CLEAN.at[index, "indicator_id"] in g.members)
        digits = [k for k, ch in enumerate(text) if ch.isdigit()]
        for a, b in itertools.combinations(digits, 2):
            chars = list(text)
            chars[a], chars[b] = chars[b], chars[a]
            new = "".join(chars)
            if abs(float(new) - float(text)) > 2 * group.tolerance and float(new) <= 100:
                cases.append((index, new + "%"))
                break
    return cases


@pytest.mark.parametrize("index, printed", _transpositions()[::2])
def test_injected_digit_transposition_is_an_error_on_its_cell(index, printed):
    cells = set_printed(CLEAN, index, printed)
    anomalies = anomalies_of(cells)
    hits = flagged(anomalies, cells, index, "error")
    assert len(hits) == 1
    assert hits["value_suggested"].iloc[0] == pytest.approx(CLEAN.at[index, "value_printed"])
    assert len(errors_by_cell(anomalies)) == 1


def _swappable_pairs(seed: int = 7, count: int = 40):
    """Pairs of ok cells of one year where each value would stand out in the other's series:
    outside the range of that series' other values, widened by half that range (and a point).
    A swap of lookalike values changes nothing a reader could see, and is not asked for."""
    rng = random.Random(seed)
    by_year = CLEAN.loc[OK_CELLS].groupby("year").groups
    pairs = []
    while len(pairs) < count:
        year = rng.choice(sorted(by_year))
        a, b = rng.sample(list(by_year[year]), 2)
        if _stands_out(CLEAN.at[b, "value_printed"], a) and _stands_out(CLEAN.at[a, "value_printed"], b):
            pairs.append((a, b))
    return pairs


def _stands_out(value: float, index) -> bool:
    row = CLEAN.loc[index]
    series = CLEAN[
        (CLEAN["indicator_id"] == row["indicator_id"]) & (CLEAN["area"] == row["area"])
        & (CLEAN["status"] == "ok") & (CLEAN.index != index)
    ]["value_printed"]
    if len(series) < 3:  # with fewer neighbours nobody can tell an outlier from the series
        return False
    low, high = series.min(), series.max()
    margin = 0.5 * (high - low) + 1.0
    return not (low - margin <= value <= high + margin)


@pytest.mark.parametrize("a, b", _swappable_pairs())
def test_injected_swap_is_an_error_on_both_cells_with_each_others_value(a, b):
    cells = set_printed(CLEAN, a, CLEAN.at[b, "printed"])
    cells = set_printed(cells, b, CLEAN.at[a, "printed"])
    anomalies = anomalies_of(cells)
    for index, original in ((a, CLEAN.at[a, "value_printed"]), (b, CLEAN.at[b, "value_printed"])):
        hits = flagged(anomalies, cells, index, "error")
        assert len(hits) == 1, (index, anomalies[["check", "indicator_id", "year", "area", "severity"]].head(8))
        assert hits["value_suggested"].iloc[0] == pytest.approx(original)
    assert len(errors_by_cell(anomalies)) == 2


@pytest.mark.parametrize("index", OK_CELLS[1::7])
def test_injected_decimal_comma_is_flagged_on_its_cell(index):
    cells = set_printed(CLEAN, index, CLEAN.at[index, "printed"].replace(".", ","))
    anomalies = anomalies_of(cells)
    hits = flagged(anomalies, cells, index).set_index("check")
    assert "decimal_point_used" in hits.index
    assert hits.at["decimal_point_used", "value_suggested"] == pytest.approx(CLEAN.at[index, "value_printed"])
    assert not errors_by_cell(anomalies)


@pytest.mark.parametrize("index", OK_CELLS[2::7])
def test_injected_missing_cell_is_flagged_on_its_cell(index):
    cells = set_printed(CLEAN, index, "")
    anomalies = anomalies_of(cells)
    hits = flagged(anomalies, cells, index)
    assert "cell_printed" in set(hits["check"])
    assert not errors_by_cell(anomalies)


@pytest.mark.parametrize("seed", range(12))
def test_injected_errors_in_combination_are_each_found(seed):
    rng = random.Random(seed)
    years = sorted(CLEAN["year"].unique())
    rng.shuffle(years)
    cells = CLEAN
    expected = {}
    # One injection per year, so that the injected cells do not stand in each other's series.
    slip_year, swap_year, comma_year, missing_year, transposition_year = years[:5]
    ok = CLEAN.loc[OK_CELLS]
    slip = rng.choice(list(ok[ok["year"] == slip_year].index))
    cells = _times_100(cells, slip)
    expected[slip] = "error"
    pair = next(p for p in _swappable_pairs(seed, 200) if CLEAN.at[p[0], "year"] == swap_year)
    a, b = pair
    cells = set_printed(set_printed(cells, a, CLEAN.at[b, "printed"]), b, CLEAN.at[a, "printed"])
    expected[a] = expected[b] = "error"
    comma = rng.choice(list(ok[ok["year"] == comma_year].index))
    cells = set_printed(cells, comma, CLEAN.at[comma, "printed"].replace(".", ","))
    expected[comma] = "warning"
    missing = rng.choice(list(ok[ok["year"] == missing_year].index))
    cells = set_printed(cells, missing, "")
    expected[missing] = None
    transpositions = [(i, p) for i, p in _transpositions() if CLEAN.at[i, "year"] == transposition_year]
    if transpositions:
        index, printed = rng.choice(transpositions)
        cells = set_printed(cells, index, printed)
        expected[index] = "error"
    anomalies = anomalies_of(cells)
    for index, severity in expected.items():
        assert len(flagged(anomalies, cells, index, severity)) >= 1, (index, cells.loc[index, ["indicator_id", "year", "area", "printed"]].tolist())
    assert set(errors_by_cell(anomalies)) <= {
        tuple(cells.loc[i, ["indicator_id", "year", "area"]]) for i, s in expected.items() if s == "error"
    }


def test_anomaly_ids_stay_unique_when_a_damaged_table_repeats_a_finding():
    from pipeline.checks import anomalies_frame

    assert anomalies_frame([]).empty
    base = anomalies_of(printed_table()).iloc[0].to_dict()
    twin = {**base, "message": base["message"] + " (again)"}
    frame = anomalies_frame([base, twin, dict(base)])
    assert len(frame) == 2  # the exact repeat is one finding
    assert frame["anomaly_id"].is_unique


def test_no_anomalies_give_a_valid_typed_frame():
    from pipeline.checks import anomalies_frame
    from schemas.anomalies import Anomalies

    frame = anomalies_frame([])
    assert frame.empty
    assert list(frame.columns) == list(Anomalies.to_schema().columns)
    Anomalies.validate(frame, lazy=True)  # raises if a dtype or column were wrong


# --- failed_rows: the rules' failing rows, as a full lazy validation reports them -------------


def _failed_rows_by_validation(model, frame: pd.DataFrame) -> dict[str, list]:
    import pandera.pandas as pa

    try:
        model.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
        cases = cases[cases["index"].notna()]
        return {str(check): sorted(set(rows["index"].tolist()), key=list(frame.index).index)
                for check, rows in cases.groupby("check", sort=False)}
    return {}


@pytest.fixture(scope="module")
def annotated_cells(text_extraction) -> pd.DataFrame:
    from pipeline.diagnosis import CheckSettings, annotate

    return annotate(text_extraction.cells, default_catalog(), CheckSettings())


def _perturbed(frame: pd.DataFrame, seed: int) -> pd.DataFrame:
    rng = random.Random(seed)
    frame = frame.copy()
    for column in ["spike", "level_shift", "series_break", "decimal_comma"]:
        frame.loc[rng.sample(list(frame.index), rng.randint(0, 150)), column] = True
    for column in ["scale_suggestion", "swap_suggestion", "observed", "group_sum"]:
        rows = rng.sample(list(frame.index), rng.randint(0, 80))
        frame.loc[rows, column] = [rng.uniform(-50, 500) for _ in rows]
    frame.loc[rng.sample(list(frame.index), rng.randint(0, 80)), "status"] = rng.choice(["suspect", "missing"])
    return frame.sample(frac=1, random_state=seed) if seed % 2 else frame


@pytest.mark.parametrize("seed", [None, *range(8)])
def test_failed_rows_are_those_a_full_validation_reports(annotated_cells, seed):
    from pipeline.checks import failed_rows
    from schemas.rules import CellRules

    frame = annotated_cells if seed is None else _perturbed(annotated_cells, seed)
    expected = _failed_rows_by_validation(CellRules, frame)
    assert expected  # failing rules are compared, not only passing ones
    found = failed_rows(CellRules, frame)
    assert found == expected  # the same rules, each with the same rows in frame order
    rules = [check.name for check in CellRules.to_schema().checks]
    assert list(found) == [rule for rule in rules if rule in found]


def test_failed_rows_of_decisions_are_those_a_full_validation_reports(text_extraction):
    from pipeline.checks import failed_rows
    from schemas.rules import DecisionRules

    kinds = ["ragged_row", "split_row", "overfull_row", "overfull_cell", "empty_row", "stray_text", "unknown_row"]
    rng = random.Random(3)
    frame = pd.concat([text_extraction.decisions] * 12, ignore_index=True)
    frame["kind"] = [rng.choice(kinds) for _ in range(len(frame))]
    assert failed_rows(DecisionRules, frame) == _failed_rows_by_validation(DecisionRules, frame)


@pytest.mark.parametrize("seed", [None, *range(4)])
def test_the_frames_the_rules_read_have_the_models_columns(annotated_cells, text_extraction, seed):
    """``failed_rows`` calls the rules on frames it does not validate: the stage builds them to
    its models' columns (names, dtypes, nulls), on the edition and on perturbed cells."""
    from schemas.rules import CellRules, DecisionRules

    frame = annotated_cells if seed is None else _perturbed(annotated_cells, seed)
    for model, checked in ((CellRules, frame), (DecisionRules, text_extraction.decisions)):
        schema = model.to_schema()
        pa_schema = type(schema)(schema.columns, strict=schema.strict)  # the columns, without the rules
        pa_schema.validate(checked, lazy=True)


def test_the_claims_and_their_consistency_have_the_rule_models_columns():
    from pipeline.claims import text_consistency
    from pipeline.run import RunSettings, analyse
    from schemas.rules import ClaimRules, TextRules
    from tests.conftest import TEXT_2024

    result = analyse([TEXT_2024], RunSettings(quiet=True))
    consistency = text_consistency(result.claims, result.figures)
    assert len(result.claims) and len(consistency)
    for model, frame in ((ClaimRules, result.claims), (TextRules, consistency)):
        schema = model.to_schema()
        type(schema)(schema.columns, strict=schema.strict).validate(frame, lazy=True)


def test_a_blank_cell_ocr_doubts_is_said_to_be_unread_not_unprinted():
    cells = printed_table()
    blank = cells.index[(cells["indicator_id"] == "armoede-kinderen") & (cells["year"] == 2024) & (cells["area"] == "NL")]
    cells.loc[blank, "ocr_confidence"] = 0.0
    cells.loc[blank, "ocr_doubt"] = "read as blank, but the page shows 1 mark of ink there that OCR did not read"
    anomalies = anomalies_of(cells)
    messages = dict(zip(anomalies.loc[anomalies["check"] == "cell_printed", "indicator_id"],
                        anomalies.loc[anomalies["check"] == "cell_printed", "message"]))
    assert "nothing was read (OCR)" in messages["armoede-kinderen"]
    assert "nothing is printed" in messages["leefbaarometer-sociale-samenhang"]

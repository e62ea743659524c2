"""Review files: accepted anomalies and reviewed corrections, never silent."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.catalog import default_catalog
from pipeline.checks import apply_statuses, find_anomalies, unaccepted_at_or_above
from pipeline.errors import InputError
from pipeline.review import apply_review, load_review
from tests.conftest import RAW
from tests.support.tables import printed_table

CATALOG = default_catalog()


@pytest.fixture(scope="module")
def printed():
    cells = printed_table()
    return cells, find_anomalies(cells, None, CATALOG)[1]


def _write(tmp_path, text: str):
    path = tmp_path / "edition.review.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_accepted_suggestion_sets_value_and_status_and_keeps_the_printed_value(printed, tmp_path):
    cells, anomalies = printed
    review = load_review(_write(tmp_path, """
[[accept]]
check = "no_scale_slip"
indicator_id = "schooladvies-havo-vwo"
year = 2024
area = "NL"
correction = "suggested"
reason = "sum of the group"
reviewer = "Tester"
"""))
    new_cells, new_anomalies, log = apply_review(cells, anomalies, review)
    cell = new_cells[(new_cells["indicator_id"] == "schooladvies-havo-vwo") & (new_cells["year"] == 2024) & (new_cells["area"] == "NL")].iloc[0]
    assert (cell["printed"], cell["value_printed"], cell["value"], cell["status"]) == ("1500.00%", 1500.0, 15.0, "corrected")
    assert new_anomalies[new_anomalies["check"] == "no_scale_slip"]["accepted"].all()
    assert log.iloc[0][["action", "value", "reason", "reviewer"]].tolist() == ["corrected", 15.0, "sum of the group", "Tester"]
    # Inputs are untouched.
    assert (cells["status"] != "corrected").all()
    assert not anomalies["accepted"].any()


def test_a_number_overrides_the_suggestion(printed, tmp_path):
    cells, anomalies = printed
    review = load_review(_write(tmp_path, """
[[accept]]
check = "no_scale_slip"
indicator_id = "schooladvies-havo-vwo"
year = 2024
area = "NL"
correction = 14.99
reason = "checked with the source table"
"""))
    new_cells, _, _ = apply_review(cells, anomalies, review)
    assert (new_cells["value"] == 14.99).fillna(False).sum() == 1


def test_accepting_without_correction_keeps_the_value(printed, tmp_path):
    cells, anomalies = printed
    review = load_review(_write(tmp_path, """
[[accept]]
check = "no_break_in_series"
indicator_id = "armoede-huishoudens"
year = 2022
reason = "new CBS income statistics from 2022"
"""))
    new_cells, new_anomalies, log = apply_review(cells, anomalies, review)
    pd.testing.assert_series_equal(new_cells["value"], cells["value"])
    accepted = new_anomalies[new_anomalies["accepted"]]
    assert set(accepted["area"]) == {"NPLV", "NL"}  # the entry names no area: both cells
    assert set(log["action"]) == {"accepted"}


def test_stale_review_entry_is_reported_not_ignored(printed, tmp_path):
    cells, anomalies = printed
    review = load_review(_write(tmp_path, """
[[accept]]
check = "no_scale_slip"
indicator_id = "schooladvies-vwo"
year = 2019
area = "NL"
reason = "typo in the review"
"""))
    _, new_anomalies, _ = apply_review(cells, anomalies, review)
    stale = new_anomalies[new_anomalies["check"] == "review_entries_match"]
    assert len(stale) == 1 and stale.iloc[0]["severity"] == "warning"


@pytest.mark.parametrize("text, reason", [
    ("[[accept]]\ncheck = 'x'\n", "gives no reason"),
    ("[[accept]]\nreason = 'why'\n", "names no anomaly"),
    ("[[accept]\n", "cannot be read"),
    ("[[accept]]\ncheck = 'x'\nreason = 'r'\ncorrection = 'lots'\n", "correction must be"),
])
def test_malformed_review_file_is_an_input_error_naming_the_file(tmp_path, text, reason):
    path = _write(tmp_path, text)
    with pytest.raises(InputError, match=reason) as raised:
        load_review(path)
    assert path.name in str(raised.value)


def test_shipped_review_accepts_every_error_of_the_edition(printed):
    cells, anomalies = printed
    review = load_review(RAW / "nplv-voortgangsrapportage-2024-2025.review.toml")
    cells = cells.assign(source="nplv-voortgangsrapportage-2024-2025.pdf")
    anomalies = anomalies.assign(source="nplv-voortgangsrapportage-2024-2025.pdf")
    new_cells, new_anomalies, log = apply_review(cells, anomalies, review)
    assert unaccepted_at_or_above(new_anomalies, "error").empty
    assert len(log) == 3 and set(log["action"]) == {"corrected"}
    statuses = apply_statuses(new_cells, new_anomalies)
    corrected = statuses[statuses["status"] == "corrected"].set_index(["indicator_id", "year", "area"])["value"]
    # The corrections as the printed page makes plain (tests/golden/*.NOTES.md).
    assert corrected.to_dict() == {
        ("middeninkomen", 2022, "NL"): 52.16,
        ("hoog-inkomen", 2022, "NPLV"): 9.39,
        ("schooladvies-havo-vwo", 2024, "NL"): 15.0,
    }


def test_statuses_follow_the_anomalies(printed):
    cells, anomalies = printed
    statuses = apply_statuses(cells, anomalies).set_index(["indicator_id", "year", "area"])["status"]
    assert statuses[("schooladvies-havo-vwo", 2024, "NL")] == "suspect"
    assert statuses[("armoede-huishoudens", 2022, "NPLV")] == "break"
    assert statuses[("armoede-kinderen", 2024, "NL")] == "missing"
    assert statuses[("leefbaarometer-algemeen", 2018, "NPLV")] == "ok"


@pytest.mark.parametrize("level, failing", [("error", 3), ("never", 0)])
def test_fail_level_counts_unaccepted_anomalies(printed, level, failing):
    _, anomalies = printed
    assert len(unaccepted_at_or_above(anomalies, level)) == failing
    assert len(unaccepted_at_or_above(anomalies, "warning")) > failing

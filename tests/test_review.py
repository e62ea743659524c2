"""Review files: accepted anomalies and reviewed corrections, never silent."""

from __future__ import annotations

import os
import threading

import pandas as pd
import pytest

from pipeline.catalog import default_catalog
from pipeline.checks import apply_statuses, find_anomalies, unaccepted_at_or_above
from pipeline.errors import InputError
from pipeline.review import MAX_REVIEW_FILE_BYTES, apply_review, load_review
from tests.conftest import RAW, TEXT_2024
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
matches = "all"
reason = "new CBS income statistics from 2022"
"""))
    new_cells, new_anomalies, log = apply_review(cells, anomalies, review)
    pd.testing.assert_series_equal(new_cells["value"], cells["value"])
    accepted = new_anomalies[new_anomalies["accepted"]]
    assert set(accepted["area"]) == {"NPLV", "NL"}  # the entry names no area, and says it accepts all: both cells
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
    assert stale.iloc[0]["message"].startswith("review entry 1 (check=no_scale_slip, indicator_id=schooladvies-vwo")
    assert not new_anomalies["accepted"].any()


def test_a_stale_entry_among_matching_ones_is_reported_and_the_others_still_apply(printed, tmp_path):
    cells, anomalies = printed
    review = load_review(_write(tmp_path, """
[[accept]]
anomaly_id = "a000000000000"
reason = "an anomaly of an older run"

[[accept]]
check = "no_scale_slip"
indicator_id = "schooladvies-havo-vwo"
year = 2024
area = "NL"
reason = "sum of the group"
"""))
    _, new_anomalies, log = apply_review(cells, anomalies, review)
    stale = new_anomalies[new_anomalies["check"] == "review_entries_match"]
    assert stale["message"].str.startswith("review entry 1 (anomaly_id=a000000000000)").tolist() == [True]
    assert log["check"].tolist() == ["no_scale_slip"]


# --- What a review file may say (pipeline/review_file.py, docs/review-file.md) ---------------

ENTRY = 'check = "no_scale_slip"\nindicator_id = "schooladvies-havo-vwo"\nyear = 2024\narea = "NL"\n'


def _refused(tmp_path, text: str) -> str:
    """The one-line message of the InputError a review file raises, which names the file."""
    path = _write(tmp_path, text)
    with pytest.raises(InputError) as raised:
        load_review(path)
    message = str(raised.value)
    assert raised.value.path == path and message.startswith(f"{path}: ")
    assert "\n" not in message
    return message


def test_a_mistyped_key_is_refused_not_ignored(printed, tmp_path):
    """Ignored, ``indicatr`` left an entry that names only its check: it accepted every anomaly of
    the check (14 series breaks here) and the CI gate widened without a word."""
    message = _refused(tmp_path, """
[[accept]]
check = "no_break_in_series"
indicatr = "armoede-huishoudens"
reason = "new CBS income statistics from 2022"
""")
    assert "review entry 1: unknown key 'indicatr' (did you mean 'indicator_id'? allowed: anomaly_id, check," in message


@pytest.mark.parametrize("text, expected", [
    ('reviewr = "me"\n[[accept]]\n' + ENTRY + 'reason = "r"\n',
     "unknown top-level key 'reviewr' (did you mean 'reviewer'? allowed: reviewer, date, accept)"),
    ('[[accept]]\n' + ENTRY + 'reason = "r"\ncorection = 15\n', "review entry 1: unknown key 'corection'"),
    ('[[accept]]\n' + ENTRY + 'reason = "r"\n[accept.extra]\nx = 1\n', "review entry 1: unknown key 'extra'"),
])
def test_unknown_keys_are_refused(tmp_path, text, expected):
    assert expected in _refused(tmp_path, text)


@pytest.mark.parametrize("key, value, expected", [
    ("year", '"2024"', ''''year' must be a year from 1990 to 2100 (a number), not "2024"'''),
    ("year", "true", "'year' must be a year from 1990 to 2100 (a number), not true"),  # bool is an int in Python
    ("year", "2024.0", "'year' must be a year from 1990 to 2100 (a number), not 2024.0"),
    ("correction", "true", """'correction' must be "suggested" or a number from 0 to 100, not true"""),
    ("correction", '"lots"', ''''correction' must be "suggested" or a number from 0 to 100, not "lots"'''),
    ("reason", "5", "'reason' must be a non-empty text saying why the anomaly is accepted, not 5"),
    ("reviewer", "[1]", "'reviewer' must be a non-empty text naming who reviewed it, not [1]"),
    ("area", "1", """'area' must be one of "NPLV", "NL", not 1"""),
    ("matches", "true", """'matches' must be "one" (the default: the entry accepts exactly one anomaly) or "all", not true"""),
])
def test_a_value_of_the_wrong_type_is_refused_naming_entry_and_key(tmp_path, key, value, expected):
    lines = [line for line in (ENTRY + 'reason = "r"\n').splitlines() if not line.startswith(f"{key} =")]
    message = _refused(tmp_path, "reviewer = 'me'\n[[accept]]\n" + ENTRY + 'reason = "r"\n'
                       "[[accept]]\n" + "\n".join(lines) + f"\n{key} = {value}\n")
    assert f"review entry 2: {expected}" in message


@pytest.mark.parametrize("text, expected", [
    ('accept = "all of them"\n', ''''accept' must be an array of tables ([[accept]]), not "all of them"'''),
    ("accept = [1, 2]\n", "review entry 1 must be a table, not 1; review entry 2 must be a table, not 2"),
    ("[accept]\ncheck = 'no_scale_slip'\n", "'accept' must be an array of tables ([[accept]]), not a table"),
    ("reviewer = 5\n", "'reviewer' must be a non-empty text naming who reviewed (the default of every entry), not 5"),
])
def test_tables_of_the_wrong_type_are_refused(tmp_path, text, expected):
    assert expected in _refused(tmp_path, text)


@pytest.mark.parametrize("correction", ["inf", "-inf", "nan", "-5000", "250", "100.01", "-0.5"])
def test_a_correction_outside_the_units_range_is_refused(tmp_path, correction):
    message = _refused(tmp_path, "[[accept]]\n" + ENTRY + f'reason = "r"\ncorrection = {correction}\n')
    assert f"""review entry 1: 'correction' must be "suggested" or a number from 0 to 100, not {correction}""" in message


@pytest.mark.parametrize("correction, value", [("0", 0.0), ("100", 100.0), ("15", 15.0), ("14.99", 14.99), ('"suggested"', "suggested")])
def test_a_correction_within_the_range_or_suggested_is_read(tmp_path, correction, value):
    (acceptance,) = load_review(_write(tmp_path, "[[accept]]\n" + ENTRY + f'reason = "r"\ncorrection = {correction}\n'))
    assert acceptance.correction == value and type(acceptance.correction) is type(value)


@pytest.mark.parametrize("key, value, expected", [
    ("area", '"nl"', ''''area' must be one of "NPLV", "NL", not "nl"'''),
    ("check", '"no_scale_slp"', ''''check' must be the name of a check of schemas/rules.py, such as "no_scale_slip", not "no_scale_slp"'''),
    ("year", "24", "'year' must be a year from 1990 to 2100 (a number), not 24"),
    ("year", "20240", "'year' must be a year from 1990 to 2100 (a number), not 20240"),
    ("anomaly_id", '"a123"', ''''anomaly_id' must be an anomaly id as in anomalies.parquet ("a" and 12 hex digits), not "a123"'''),
    ("anomaly_id", '"A9EF002984C62"', ''''anomaly_id' must be an anomaly id as in anomalies.parquet ("a" and 12 hex digits), not "A9EF002984C62"'''),
    ("edition", '"2024/2025"', ''''edition' must be an edition id such as "2024-2025" or "2023", not "2024/2025"'''),
    ("indicator_id", '"Middeninkomen"', ''''indicator_id' must be an indicator id of the catalog, such as "middeninkomen", not "Middeninkomen"'''),
    ("reason", '"   "', ''''reason' must be a non-empty text saying why the anomaly is accepted, not "   "'''),
    ("date", '"28-11-2026"', ''''date' must be a date (2026-11-28, or the text "2026-11-28"), not "28-11-2026"'''),
    ("date", '"2026-02-30"', ''''date' must be a date (2026-11-28, or the text "2026-11-28"), not "2026-02-30"'''),
    ("date", "2026-11-28T10:00:00", """'date' must be a date (2026-11-28, or the text "2026-11-28"), not 2026-11-28T10:00:00"""),
    ("matches", '"every"', ''''matches' must be "one" (the default: the entry accepts exactly one anomaly) or "all", not "every"'''),
])
def test_an_impossible_value_is_refused_naming_entry_and_key(tmp_path, key, value, expected):
    lines = [line for line in (ENTRY + 'reason = "r"\n').splitlines() if not line.startswith(f"{key} =")]
    message = _refused(tmp_path, "[[accept]]\n" + "\n".join(lines) + f"\n{key} = {value}\n")
    assert f"review entry 1: {expected}" in message


@pytest.mark.parametrize("text, expected", [
    ("[[accept]]\ncheck = 'no_scale_slip'\n", "review entry 1: 'reason' is missing (a non-empty text saying why"),
    ("[[accept]]\nreason = 'why'\n", "review entry 1 names no anomaly (give its anomaly_id, or its check and cell"),
    ("[[accept]]\nindicator_id = 'middeninkomen'\nyear = 2022\nreason = 'why'\n", "review entry 1 names no anomaly"),
    ("[[accept]\n", "review file cannot be read (Expected ']]' at the end of an array declaration (at line 1, column 9))"),
    ('date = "2026-11-28"\ndate = "2026-11-29"\n', "review file cannot be read (Cannot overwrite a value"),
])
def test_malformed_review_file_is_an_input_error_naming_the_file(tmp_path, text, expected):
    assert expected in _refused(tmp_path, text)


def test_not_utf8_is_an_input_error(tmp_path):
    path = tmp_path / "edition.review.toml"
    path.write_bytes(b'reviewer = "\xff"\n')
    with pytest.raises(InputError, match="review file cannot be read .*utf-8"):
        load_review(path)


def test_several_mistakes_are_told_in_one_line_mistyped_key_first(tmp_path):
    message = _refused(tmp_path, '[[accept]]\ncheck = "no_scale_slip"\nyear = "2024"\nindicatr = "x"\ncorrection = inf\n'
                                 'reason = "r"\n[[accept]]\nreason = ""\ncheck = "no_spike"\n')
    assert message.split(": ", 1)[1] == (
        "review entry 1: unknown key 'indicatr' (did you mean 'indicator_id'? allowed: anomaly_id, check, edition, "
        "indicator_id, year, area, correction, reason, reviewer, date, matches); 'year' must be a year from 1990 to 2100 "
        """(a number), not "2024"; 'correction' must be "suggested" or a number from 0 to 100, not inf (and 1 more)""")


def test_dates_and_reviewers_default_to_the_files(tmp_path):
    first, second = load_review(_write(tmp_path, 'reviewer = "Steward"\ndate = 2026-11-28\n'
                                       "[[accept]]\n" + ENTRY + 'reason = " r "\n'
                                       "[[accept]]\n" + ENTRY + 'reason = "r"\nreviewer = "Other"\ndate = "2026-12-01"\n'))
    assert (first.reviewer, first.date, first.reason) == ("Steward", "2026-11-28", "r")
    assert (second.reviewer, second.date) == ("Other", "2026-12-01")
    assert first.selector == (("check", "no_scale_slip"), ("indicator_id", "schooladvies-havo-vwo"), ("year", 2024), ("area", "NL"))


def test_an_empty_review_file_accepts_nothing(tmp_path):
    assert load_review(_write(tmp_path, "# nothing reviewed yet\n")) == []


def test_a_fifo_as_review_file_is_refused_without_waiting_for_a_writer(tmp_path):
    path = tmp_path / "edition.review.toml"
    os.mkfifo(path)
    outcome: list[BaseException | None] = []

    def load() -> None:
        try:
            load_review(path)
            outcome.append(None)
        except BaseException as exc:  # noqa: BLE001 - handed to the test's thread
            outcome.append(exc)

    reader = threading.Thread(target=load, daemon=True)
    reader.start()
    reader.join(timeout=10)
    if reader.is_alive():  # it blocked opening the FIFO: release it, then fail
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
        reader.join(timeout=10)
        pytest.fail("load_review waited for a writer of a FIFO")
    (error,) = outcome
    assert isinstance(error, InputError) and str(error) == f"{path}: review file is not a regular file"


def test_a_folder_as_review_file_is_refused(tmp_path):
    folder = tmp_path / "edition.review.toml"
    folder.mkdir()
    with pytest.raises(InputError, match="review file is not a regular file"):
        load_review(folder)


def test_a_missing_review_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="review file cannot be read"):
        load_review(tmp_path / "edition.review.toml")


def test_an_oversized_review_file_is_refused_before_it_is_read(tmp_path, monkeypatch):
    path = tmp_path / "edition.review.toml"
    with path.open("wb") as handle:
        handle.truncate(16 * MAX_REVIEW_FILE_BYTES)  # sparse: costs no disk, but would cost memory to read
    monkeypatch.setattr(os, "open", lambda *args, **kwargs: pytest.fail("the oversized file was opened"))
    with pytest.raises(InputError, match=rf"review file is too large \({16 * MAX_REVIEW_FILE_BYTES} bytes; the limit is {MAX_REVIEW_FILE_BYTES}\)"):
        load_review(path)


def test_a_review_file_of_the_largest_size_is_read(tmp_path):
    entry = "[[accept]]\n" + ENTRY + 'reason = "r"\n'
    text = entry + "#" * (MAX_REVIEW_FILE_BYTES - len(entry) - 1) + "\n"
    assert len(load_review(_write(tmp_path, text))) == 1


# --- An entry accepts one anomaly unless it says matches = "all" ----------------------------

def test_an_entry_matching_several_anomalies_without_saying_so_is_refused(printed, tmp_path):
    cells, anomalies = printed
    path = _write(tmp_path, "[[accept]]\n" + ENTRY + 'reason = "sum of the group"\n' + """
[[accept]]
check = "no_break_in_series"
indicator_id = "armoede-huishoudens"
year = 2022
reason = "new CBS income statistics from 2022"
""")
    review = load_review(path)  # the file is well formed: what an entry matches shows only against the anomalies
    with pytest.raises(InputError) as raised:
        apply_review(cells, anomalies, review)
    message = str(raised.value)
    assert message.startswith(f"{path}: review entry 2 matches 2 anomalies (")
    assert "no_break_in_series armoede-huishoudens 2022 NL" in message and "2022 NPLV" in message
    assert message.endswith('name its cell (indicator_id, year, area) or its anomaly_id, or add matches = "all" to accept them all')
    assert not anomalies["accepted"].any() and (cells["status"] != "corrected").all()  # inputs untouched


def test_an_entry_naming_only_a_check_is_refused_when_the_check_failed_more_than_once(printed, tmp_path):
    cells, anomalies = printed
    review = load_review(_write(tmp_path, '[[accept]]\ncheck = "no_break_in_series"\nreason = "all breaks are known"\n'))
    with pytest.raises(InputError, match=r"review entry 1 matches 14 anomalies \(a\w{12} no_break_in_series .*; \.\.\.\)"):
        apply_review(cells, anomalies, review)


def test_matches_all_accepts_every_anomaly_the_entry_matches(printed, tmp_path):
    cells, anomalies = printed
    review = load_review(_write(tmp_path, '[[accept]]\ncheck = "no_break_in_series"\nmatches = "all"\nreason = "all known"\n'))
    _, new_anomalies, log = apply_review(cells, anomalies, review)
    breaks = new_anomalies["check"] == "no_break_in_series"
    assert breaks.sum() == 14 and new_anomalies.loc[breaks, "accepted"].all()
    assert not new_anomalies.loc[~breaks, "accepted"].any()
    assert len(log) == 14


def test_an_entry_naming_one_cell_accepts_that_anomaly_only(printed, tmp_path):
    cells, anomalies = printed
    review = load_review(_write(tmp_path, """
[[accept]]
check = "no_break_in_series"
indicator_id = "armoede-huishoudens"
year = 2022
area = "NL"
reason = "new CBS income statistics from 2022"
"""))
    _, new_anomalies, log = apply_review(cells, anomalies, review)
    accepted = new_anomalies[new_anomalies["accepted"]]
    assert accepted[["indicator_id", "year", "area"]].values.tolist() == [["armoede-huishoudens", 2022, "NL"]]
    assert len(log) == 1


def test_an_entry_naming_an_anomaly_id_accepts_that_anomaly(printed, tmp_path):
    cells, anomalies = printed
    wanted = anomalies[(anomalies["check"] == "no_break_in_series") & (anomalies["area"] == "NPLV")].iloc[0]
    review = load_review(_write(tmp_path, f'[[accept]]\nanomaly_id = "{wanted["anomaly_id"]}"\nreason = "known"\n'))
    _, new_anomalies, _ = apply_review(cells, anomalies, review)
    assert new_anomalies.loc[new_anomalies["accepted"], "anomaly_id"].tolist() == [wanted["anomaly_id"]]


def test_matches_one_is_the_default_said_out_loud(printed, tmp_path):
    cells, anomalies = printed
    review = load_review(_write(tmp_path, '[[accept]]\ncheck = "no_break_in_series"\nmatches = "one"\nreason = "r"\n'))
    with pytest.raises(InputError, match="review entry 1 matches 14 anomalies"):
        apply_review(cells, anomalies, review)


def test_a_bad_review_file_beside_an_edition_stops_the_run_with_one_line_and_exit_2(tmp_path):
    from tests.test_cli import run_cli

    source = tmp_path / TEXT_2024.name
    source.write_bytes(TEXT_2024.read_bytes())
    review = tmp_path / f"{source.stem}.review.toml"
    review.write_text("[[accept]]\ncheck = \"no_break_in_series\"\nindicatr = \"armoede-huishoudens\"\nreason = \"r\"\n",
                      encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    earlier = {name: (RAW.parent / "clean" / name).read_bytes() for name in ("indicators.parquet", "summary.md")}
    for name, content in earlier.items():
        (out / name).write_bytes(content)
    result = run_cli("run", str(source), "--out", str(out))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"error: {review}: review entry 1: unknown key 'indicatr' (did you mean "
                                          "'indicator_id'? allowed: anomaly_id, check, edition, indicator_id, year, area, "
                                          "correction, reason, reviewer, date, matches)"]
    assert {p.name: p.read_bytes() for p in out.iterdir()} == earlier


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


def test_the_example_of_the_documentation_is_a_valid_review_file(tmp_path):
    doc = (RAW.parent / "docs" / "review-file.md").read_text(encoding="utf-8")
    example = doc.split("```toml\n", 1)[1].split("```", 1)[0]
    first, by_id, both = load_review(_write(tmp_path, example))
    assert (first.reviewer, first.date, first.correction) == ("NPLV pipeline data steward", "2026-11-28", "suggested")
    assert by_id.selector == (("anomaly_id", "ada3c0390ca5e"),) and by_id.correction == 15.0
    assert both.matches_all and not first.matches_all

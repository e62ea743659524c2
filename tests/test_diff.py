"""Comparing editions: ``diff_editions`` and ``python -m pipeline diff`` report exactly the changes
the test made to the 2024-2025 table to make its 2025-2026 edition (``tests.support.render_table.next_edition``),
and nothing else."""

from __future__ import annotations

import copy

import pandas as pd
import pandera.errors
import pyarrow.parquet as pq
import pytest

from pipeline.__main__ import main
from pipeline.diff import EditionsError, diff_editions, write_revisions
from pipeline.run import RunSettings, analyse
from schemas.revisions import Revisions
from tests.conftest import PDF_2024, TEXT_2024
from tests.support.render_table import NEXT_YEAR, ONE_PAGE_RULED, load_golden, next_edition, render_table, write_text_edition

QUIET = RunSettings(quiet=True)


@pytest.fixture(scope="module")
def variant():
    return next_edition(load_golden())


@pytest.fixture(scope="module")
def new_pdf(variant, tmp_path_factory):
    folder = tmp_path_factory.mktemp("new")
    return render_table(variant.rows, ONE_PAGE_RULED, folder / "nieuw.pdf", title=variant.title)


@pytest.fixture(scope="module")
def new_text(new_pdf):
    return write_text_edition(new_pdf, new_pdf.with_suffix(".txt"))


@pytest.fixture(scope="module")
def old_result():
    return analyse([PDF_2024, TEXT_2024], QUIET)


@pytest.fixture(scope="module")
def new_result(new_pdf):
    return analyse([new_pdf], QUIET)


@pytest.fixture(scope="module")
def revisions(old_result, new_result):
    return diff_editions(old_result, new_result)


def _shown(value):
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else value


def _year(value):
    return None if pd.isna(value) else int(value)


def _as_changes(frame: pd.DataFrame) -> set[tuple]:
    return {
        (r.change, r.indicator, r.specification, _year(r.year), _shown(r.area), _shown(r.old_printed),
         _shown(r.new_printed), _shown(r.old_indicator), _shown(r.old_specification), bool(r.corrects_anomaly))
        for r in frame.itertuples()
    }


def _expected(variant) -> set[tuple]:
    return {
        (c.change, c.indicator, c.specification, c.year, c.area, c.old_printed, c.new_printed, c.old_indicator,
         c.old_specification, c.corrects)
        for c in variant.changes
    }


def test_diff_reports_exactly_the_changes_the_test_made(revisions, variant):
    assert len(revisions) == len(variant.changes)
    assert _as_changes(revisions) == _expected(variant)
    assert set(revisions["old_edition"]) == {"2024-2025"} and set(revisions["new_edition"]) == {"2025-2026"}


def test_corrected_printing_errors_name_the_anomaly_they_correct(revisions, old_result):
    corrected = revisions[revisions["corrects_anomaly"]]
    checks = {(r.indicator_id, int(r.year), r.area): r.corrected_check for r in corrected.itertuples()}
    # The three printing errors of the notes (tests/golden/appendix-2024-2025.NOTES.md) and the
    # empty cells now printed as a dash.
    assert checks[("schooladvies-havo-vwo", 2024, "NL")] == "no_scale_slip"
    assert checks[("middeninkomen", 2022, "NL")] == "no_swapped_cells"
    assert checks[("hoog-inkomen", 2022, "NPLV")] == "no_swapped_cells"
    assert {checks[k] for k in checks if k[0] in ("leefbaarometer-sociale-samenhang", "armoede-kinderen")} == {"cell_printed"}
    assert set(corrected["corrected_anomaly_id"]) <= set(old_result.anomalies["anomaly_id"])


def test_a_revision_to_another_value_than_suggested_corrects_nothing(old_result, new_result):
    tampered = copy.copy(new_result)
    cells = new_result.cells.copy()
    at = (cells["indicator_id"] == "schooladvies-havo-vwo") & (cells["year"] == 2024) & (cells["area"] == "NL")
    cells.loc[at, ["printed", "value_printed", "value"]] = ["14.00%", 14.0, 14.0]
    tampered.cells = cells
    revisions = diff_editions(old_result, tampered)
    row = revisions[(revisions["indicator_id"] == "schooladvies-havo-vwo") & (revisions["year"] == 2024)]
    assert list(row["change"]) == ["revised"] and not row["corrects_anomaly"].any()


def test_moved_row_is_followed_and_not_reported(revisions, variant, old_result, new_result):
    (moved,) = variant.moved
    assert moved[0] not in set(revisions["indicator"])
    old_row = old_result.cells[old_result.cells["indicator"] == moved[0]]
    new_row = new_result.cells[new_result.cells["indicator"] == moved[0]]
    assert set(old_row["indicator_id"]) == set(new_row["indicator_id"])
    assert set(old_row["row_number"]) != set(new_row["row_number"])


def test_years_printed_by_one_edition_only_are_not_compared(revisions):
    assert NEXT_YEAR not in set(revisions["year"].dropna())


def test_an_edition_compared_with_its_own_text_edition_has_no_revisions(old_result):
    text_only = analyse([TEXT_2024], QUIET)
    pdf_only = copy.copy(old_result)
    assert diff_editions(pdf_only, text_only).empty


def test_new_edition_as_text_edition_gives_the_same_revisions_as_its_pdf(old_result, new_text, revisions):
    from_text = diff_editions(old_result, analyse([new_text], QUIET))
    key = ["indicator_id", "year", "area", "change", "old_printed", "new_printed", "corrects_anomaly"]
    assert from_text[key].equals(revisions[key])


def test_a_run_with_two_editions_cannot_be_one_side_of_a_diff(old_result, new_pdf):
    both = analyse([PDF_2024, new_pdf], QUIET)
    with pytest.raises(EditionsError, match="2 editions"):
        diff_editions(both, old_result)


# --------------------------------------------------------------------------------------------
# The Revisions schema


def test_revisions_frame_passes_its_schema(revisions):
    Revisions.validate(revisions, lazy=True)
    assert list(revisions.columns) == list(Revisions.to_schema().columns)
    assert all(column.description for column in Revisions.to_schema().columns.values())


@pytest.mark.parametrize("check, tamper", [
    ("revised_cells_differ", lambda f, i: f.assign(new_printed=f["new_printed"].where(f.index != i, f.at[i, "old_printed"]),
                                                   new_value=f["new_value"].where(f.index != i, f.at[i, "old_value"]))),
    ("sides_follow_the_change", lambda f, i: f.assign(old_printed=f["old_printed"].where(f.index != i, None))),
    ("only_revisions_correct_anomalies", lambda f, i: f.assign(change=f["change"].where(f.index != i, "added"))),
    ("a_correction_names_its_anomaly", lambda f, i: f.assign(corrected_anomaly_id=f["corrected_anomaly_id"].where(f.index != i, None))),
])
def test_revisions_schema_rejects_an_inconsistent_record(revisions, check, tamper):
    index = revisions.index[revisions["corrects_anomaly"] & revisions["old_value"].notna()][0]
    with pytest.raises(pandera.errors.SchemaErrors) as raised:
        Revisions.validate(tamper(revisions.copy(), index), lazy=True)
    assert check in str(raised.value)


# --------------------------------------------------------------------------------------------
# revisions.parquet


def test_revisions_parquet_is_typed_and_byte_identical_across_runs(revisions, old_result, new_result, tmp_path):
    first = write_revisions(revisions, old_result, new_result, tmp_path / "a")[0]
    second = write_revisions(diff_editions(old_result, new_result), old_result, new_result, tmp_path / "b")[0]
    assert first.name == "revisions.parquet" and first.read_bytes() == second.read_bytes()
    schema = pq.read_schema(first)
    assert str(schema.field("year").type) == "int16" and str(schema.field("old_value").type) == "double"
    meta = {k.decode(): v.decode() for k, v in schema.metadata.items()}
    assert (meta["old_edition"], meta["new_edition"]) == ("2024-2025", "2025-2026")
    assert meta["years_compared"] == "2018,2019,2020,2021,2022,2023,2024"
    back = pd.read_parquet(first)
    assert len(back) == len(revisions) and back["change"].tolist() == revisions["change"].tolist()


def test_writing_revisions_leaves_other_outputs_alone(revisions, old_result, new_result, tmp_path):
    (tmp_path / "summary.md").write_text("earlier\n", encoding="utf-8")
    write_revisions(revisions, old_result, new_result, tmp_path)
    assert (tmp_path / "summary.md").read_text(encoding="utf-8") == "earlier\n"


# --------------------------------------------------------------------------------------------
# The command line


def test_diff_command_prints_a_table_and_writes_revisions_parquet(new_pdf, variant, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["diff", str(PDF_2024), str(new_pdf), "--out", str(out), "--quiet"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert captured.out.startswith("## Revisions 2024-2025 \u2192 2025-2026")
    assert f"Only in 2025-2026: {NEXT_YEAR}." in captured.out
    table = [line for line in captured.out.splitlines() if line.startswith("| ") and not line.startswith(("| change", "| ---"))]
    assert len(table) == len(variant.changes)
    assert "| revised | Definitief schooladvies PO | HAVO/VWO | 2024 | NL | 1500.00% | 15.00% | no_scale_slip |" in table
    assert _as_changes(pd.read_parquet(out / "revisions.parquet")) == _expected(variant)


def test_diff_command_takes_several_sources_per_edition(new_pdf, new_text, variant, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["diff", "--old", str(PDF_2024), str(TEXT_2024), "--new", str(new_pdf), str(new_text),
                 "--out", str(out), "--quiet"]) == 0
    capsys.readouterr()
    assert _as_changes(pd.read_parquet(out / "revisions.parquet")) == _expected(variant)


def test_diff_command_without_out_writes_nothing(new_pdf, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["diff", str(PDF_2024), str(new_pdf), "--quiet"]) == 0
    assert "## Revisions" in capsys.readouterr().out
    assert list(tmp_path.iterdir()) == []


def test_diff_command_of_identical_editions_says_so(capsys):
    assert main(["diff", str(PDF_2024), str(TEXT_2024), "--quiet"]) == 0
    assert "No revisions" in capsys.readouterr().out


@pytest.mark.parametrize("case", ["missing file", "folder of two editions", "no new edition"])
def test_diff_command_input_errors_exit_2_with_one_line(case, new_pdf, tmp_path, capsys):
    if case == "missing file":
        args, named = ["diff", str(PDF_2024), str(tmp_path / "gone.pdf")], "gone.pdf"
    elif case == "folder of two editions":
        folder = tmp_path / "mixed"
        folder.mkdir()
        (folder / "a.pdf").write_bytes(PDF_2024.read_bytes())
        (folder / "b.pdf").write_bytes(new_pdf.read_bytes())
        args, named = ["diff", str(folder), str(new_pdf)], "2 editions"
    else:
        args, named = ["diff", str(PDF_2024)], "the old and the new edition"
    assert main(args + ["--quiet", "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and named in err[0], err
    assert not (tmp_path / "out").exists()


def test_run_with_previous_writes_revisions_and_shows_them_in_the_qa_report(new_pdf, variant, tmp_path):
    from bs4 import BeautifulSoup

    out = tmp_path / "out"
    code = main(["run", str(new_pdf), "--out", str(out), "--fail-on", "never", "--quiet",
                 "--previous", str(PDF_2024), str(TEXT_2024)])
    assert code == 0
    written = pd.read_parquet(out / "revisions.parquet")
    assert _as_changes(written) == _expected(variant)
    package = (out / "datapackage.json").read_text(encoding="utf-8")
    assert '"name": "revisions"' in package
    soup = BeautifulSoup((out / "qa-report.html").read_text(encoding="utf-8"), "html.parser")
    section = soup.find("section", id="revisions")
    assert section is not None
    rows = section.select("tbody tr")
    assert len(rows) == len(variant.changes)
    shown = {tuple(td.get_text(" ", strip=True) for td in row.find_all("td"))[1:5] for row in rows}
    for change in variant.changes:
        if change.change == "revised":
            shown_old, shown_new = (p if p else "(empty)" for p in (change.old_printed, change.new_printed))
            assert (f"{change.year} {change.area}", "revised", shown_old, shown_new) in shown
    fixed = section.find_all(string=lambda s: s and "no_scale_slip" in s)
    assert fixed, "the corrected 1500.00% is not marked as correcting its anomaly"


def test_run_without_previous_writes_no_revisions(tmp_path):
    code = main(["run", str(TEXT_2024), "--out", str(tmp_path), "--fail-on", "never", "--quiet"])
    assert code == 0 and not (tmp_path / "revisions.parquet").exists()
    assert '"name": "revisions"' not in (tmp_path / "datapackage.json").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def wholly_renamed(variant, tmp_path_factory):
    """The 2025-2026 edition with two rows renamed beyond recognition in one label part each: an
    indicator (its specification unchanged) and a specification (its indicator unchanged, the
    indicator's other row printed as before); each renamed row also revises a figure."""
    from tests.support.render_table import Change, find_row

    renamed = copy.deepcopy(variant)
    health = find_row(renamed.rows, "Personen van 18 jaar en ouder dat de eigen gezondheid als (zeer) goed beoordeeld")
    school = find_row(renamed.rows, "Inwoners die geen startkwalificatie hebben en wel een opleiding volgen")
    for row, indicator, specification in (
        (health, "Gezondheidsbeleving van volwassenen", health.specification),
        (school, school.indicator, "Jongeren zonder diploma die nog op school zitten"),
    ):
        old_labels = row.indicator, row.specification  # as 2024-2025 printed them (next_edition keeps both)
        renamed.changes.append(Change("renamed", indicator, specification, *(None, None), None, None, *old_labels))
        row.indicator, row.specification = indicator, specification
        old = row.cells[(2022, "NL")]
        new = f"{float(old.rstrip('%')) + 1.11:.2f}%"
        row.cells[(2022, "NL")] = new
        renamed.changes.append(Change("revised", indicator, specification, 2022, "NL", old, new, *old_labels))
    folder = tmp_path_factory.mktemp("renamed")
    return renamed, render_table(renamed.rows, ONE_PAGE_RULED, folder / "hernoemd.pdf", title=renamed.title)


def test_a_row_renamed_in_one_label_part_keeps_its_id_and_its_revisions(wholly_renamed, old_result):
    renamed, pdf = wholly_renamed
    new = analyse([pdf], QUIET)
    revisions = diff_editions(old_result, new)
    assert _as_changes(revisions) == _expected(renamed)
    decisions = new.decisions[new.decisions["kind"] == "renamed_row"]
    assert sorted(decisions["indicator_id"]) == ["ervaren-gezondheid", "startkwalificatie-met-opleiding"]
    # The edition's own renamed rows (next_edition), reworded and still read alike, are noted too.
    alike = new.decisions[new.decisions["kind"] == "label_alike"]
    assert sorted(alike["indicator_id"]) == ["armoede-kinderen", "bijstand"]
    noted = new.anomalies[new.anomalies["check"] == "rows_named_as_in_catalog"]
    assert sorted(noted["indicator_id"]) == ["armoede-kinderen", "bijstand", "ervaren-gezondheid",
                                             "startkwalificatie-met-opleiding"]
    assert set(noted["severity"]) == {"info"}
    unknown = new.anomalies[new.anomalies["check"] == "every_row_known"]
    assert set(unknown["indicator"]) == {"Eenzaamheid"}  # the row next_edition added, and only that one

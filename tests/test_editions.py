"""Editions as data: later editions made by the tests are read, validated and listed correctly.

The 2025-2026 edition (``tests.support.render_table.next_edition``) is the golden 2024-2025 table with a
2025 column carrying four new printing errors, the old printing errors corrected, two past
figures revised, two rows renamed, one moved, one added and one removed. Every expectation below
comes from the golden transcription or from those changes, never from pipeline output.
"""

from __future__ import annotations

import json
import shutil
from collections import defaultdict
from pathlib import Path

import pandas as pd
import pdfplumber
import pytest
from reportlab.pdfgen import canvas

from pipeline.__main__ import main
from pipeline.appendix import extract_appendix
from pipeline.catalog import normalize_label
from pipeline.editions import edition_period, list_editions, previous_of
from pipeline.run import RunSettings, analyse
from pipeline.sources import open_edition
from tests.conftest import PDF_2024, TEXT_2024
from tests.support.render_table import (
    A4_PORTRAIT,
    LANDSCAPE_SPREAD,
    NEXT_TITLE,
    ONE_PAGE_RULED,
    PORTRAIT_SPREAD_AFTER_BODY,
    TITLE,
    TableLayout,
    drop_years,
    golden_cell_texts,
    load_golden,
    next_edition,
    render_table,
    write_text_edition,
)

NEXT_LAYOUTS = [ONE_PAGE_RULED, LANDSCAPE_SPREAD, PORTRAIT_SPREAD_AFTER_BODY]
# Fewer year columns (2020-2024) on one portrait page, a rule under every row.
FEWER_YEARS_ONE_PORTRAIT_PAGE = TableLayout(
    name="fewer_years_one_portrait_page", years_per_page=(5,), font_size=5.0, year_font_size=6.0,
    indicator_width=70, specification_width=130, margin_left=20, margin_right=20, margin_top=36,
    margin_bottom=20, value_padding=3, row_padding=1.0, header_gap=5, header_rule_gap=4, rules="rows",
)


@pytest.fixture(scope="module")
def golden_rows():
    return load_golden()


@pytest.fixture(scope="module")
def variant(golden_rows):
    return next_edition(golden_rows)


@pytest.fixture(scope="module")
def rendered(variant, tmp_path_factory):
    """The 2025-2026 edition in every layout, as PDF (file names say nothing of the edition)."""
    folder = tmp_path_factory.mktemp("next")
    return {layout.name: render_table(variant.rows, layout, folder / f"{layout.name}.pdf", title=variant.title)
            for layout in NEXT_LAYOUTS}


def _read(path: Path):
    edition = open_edition(path)
    try:
        return edition.edition, extract_appendix(edition)
    finally:
        edition.close() if hasattr(edition, "close") else None


def _by_label(cells) -> dict[tuple, list[str]]:
    read: dict[tuple, list[str]] = defaultdict(list)
    for r in cells.itertuples():
        read[(r.indicator, r.specification, int(r.year), r.area)].append(r.printed)
    return read


def _differences(cells, expected: dict) -> list[str]:
    read = _by_label(cells)
    lines = [f"differs {k}: expected {v!r}, read {read.get(k)!r}" for k, v in expected.items() if read.get(k) != [v]]
    lines += [f"not expected {k}: read {v!r}" for k, v in read.items() if k not in expected]
    return lines


# --------------------------------------------------------------------------------------------
# Edition ids come from the document


def test_two_editions_in_one_run_get_two_edition_ids_from_their_titles(golden_rows, variant, tmp_path):
    # The file names point the wrong way on purpose: the ids must come from the titles.
    old = render_table(golden_rows, TableLayout(), tmp_path / "nplv-2025-2026.pdf")
    new = render_table(variant.rows, ONE_PAGE_RULED, tmp_path / "nplv-2024-2025.pdf", title=NEXT_TITLE)
    result = analyse([old, new], RunSettings(quiet=True))
    by_source = result.cells.groupby("source")["edition"].unique().to_dict()
    assert {k: list(v) for k, v in by_source.items()} == {
        "nplv-2025-2026.pdf": ["2024-2025"], "nplv-2024-2025.pdf": ["2025-2026"],
    }
    assert sorted(result.provenance) == ["2024-2025", "2025-2026"]
    assert set(result.anomalies["edition"]) <= {"2024-2025", "2025-2026"}


# --------------------------------------------------------------------------------------------
# The later edition read from other layouts


@pytest.mark.parametrize("layout", NEXT_LAYOUTS, ids=lambda layout: layout.name)
def test_next_edition_reads_exactly_as_the_test_printed_it(layout, rendered, variant):
    edition, extraction = _read(rendered[layout.name])
    assert edition == "2025-2026"
    lines = _differences(extraction.cells, variant.cells())
    assert not lines, "\n".join(lines[:20])
    assert len(extraction.cells) == len(variant.cells())
    assert sorted(extraction.cells["year"].unique()) == list(range(2018, 2026))


def test_one_page_ruled_table_is_on_one_landscape_page(rendered):
    path = rendered[ONE_PAGE_RULED.name]
    _, extraction = _read(path)
    pages = extraction.cells["page"].unique()
    assert len(pages) == 1
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[int(pages[0]) - 1]
        assert page.width > page.height
        # A fully ruled grid: vertical rules as well as horizontal ones.
        assert any(abs(line["x0"] - line["x1"]) < 0.1 for line in page.lines)


def test_rows_are_followed_by_catalog_id_when_renamed_or_moved(rendered, variant, golden_rows):
    _, extraction = _read(rendered[LANDSCAPE_SPREAD.name])
    cells = extraction.cells
    renamed = [c for c in variant.changes if c.change == "renamed"]
    assert len(renamed) == 2
    _, old = _read(PDF_2024)
    old_ids = dict(zip(zip(old.cells["indicator"], old.cells["specification"]), old.cells["indicator_id"]))
    for change in renamed:
        ids = set(cells.loc[(cells["indicator"] == change.indicator) & (cells["specification"] == change.specification),
                            "indicator_id"])
        assert ids == {old_ids[(change.old_indicator, change.old_specification)]}
    (moved,) = variant.moved
    new_number = cells.loc[(cells["indicator"] == moved[0]), "row_number"].iloc[0]
    assert new_number == len(variant.rows)  # moved to the end
    assert cells.loc[cells["indicator"] == moved[0], "indicator_id"].iloc[0] == old_ids[moved]


def test_fewer_year_columns_on_one_portrait_page_read_like_golden(golden_rows, tmp_path):
    rows = drop_years(golden_rows, [2018, 2019])
    path = render_table(rows, FEWER_YEARS_ONE_PORTRAIT_PAGE, tmp_path / "fewer.pdf")
    _, extraction = _read(path)
    assert not _differences(extraction.cells, golden_cell_texts(rows))
    assert extraction.cells["page"].nunique() == 1
    assert sorted(extraction.cells["year"].unique()) == [2020, 2021, 2022, 2023, 2024]
    with pdfplumber.open(path) as pdf:
        assert pdf.pages[-1].height > pdf.pages[-1].width  # portrait


# --------------------------------------------------------------------------------------------
# Validation of the later edition


@pytest.fixture(scope="module")
def next_result(rendered):
    return analyse([rendered[LANDSCAPE_SPREAD.name]], RunSettings(quiet=True))


def test_new_printing_errors_are_found_with_the_right_suggested_corrections(next_result, variant):
    anomalies, cells = next_result.anomalies, next_result.cells
    assert len(variant.errors) == 5
    for error in variant.errors:
        cell = cells[(cells["indicator"] == error.indicator) & (cells["specification"] == error.specification)
                     & (cells["year"] == error.year) & (cells["area"] == error.area)]
        assert list(cell["printed"]) == [error.printed]
        hits = anomalies[(anomalies["indicator_id"] == cell["indicator_id"].iloc[0]) & (anomalies["year"] == error.year)
                         & (anomalies["area"] == error.area) & (anomalies["severity"] == error.severity)
                         & anomalies["value_suggested"].notna()]
        assert len(hits) == 1, (error, anomalies[anomalies["year"] == error.year][["check", "indicator_id", "area"]])
        assert hits["value_suggested"].iloc[0] == pytest.approx(error.value)


def test_only_the_new_printing_errors_are_errors(next_result, variant):
    """The old edition's errors were corrected in the new one: no error is left on them."""
    anomalies, cells = next_result.anomalies, next_result.cells
    errors = anomalies[(anomalies["severity"] == "error") & anomalies["year"].notna()]
    labels = cells.drop_duplicates("indicator_id").set_index("indicator_id")[["indicator", "specification"]]
    found = {(labels.at[r.indicator_id, "indicator"], labels.at[r.indicator_id, "specification"], int(r.year), r.area)
             for r in errors.itertuples()}
    injected = {(e.indicator, e.specification, e.year, e.area) for e in variant.errors if e.severity == "error"}
    assert found == injected
    assert next_result.exit_code == 1  # unreviewed errors fail the run


# --------------------------------------------------------------------------------------------
# Text editions extracted from rendered variants


def test_text_edition_of_a_rendered_layout_marks_pages_like_the_shipped_one(golden_rows, tmp_path):
    pdf = render_table(golden_rows, TableLayout(), tmp_path / "t.pdf")
    text = write_text_edition(pdf, tmp_path / "t.txt").read_text(encoding="utf-8").splitlines()
    with pdfplumber.open(pdf) as document:
        pages = len(document.pages)
    # Like raw/...txt: a page starts with a line opening with a single space, nowhere else.
    assert sum(1 for line in text if line.startswith(" ") and not line.startswith("  ")) == pages
    assert text[0].strip() == TITLE
    shipped = TEXT_2024.read_text(encoding="utf-8").splitlines()
    assert any(line.strip() == "2018 2019" for line in shipped) and any(line.strip() == "2018 2019" for line in text)


@pytest.mark.parametrize("layout", [TableLayout(name="original"), FEWER_YEARS_ONE_PORTRAIT_PAGE],
                         ids=lambda layout: layout.name)
def test_text_edition_of_the_golden_table_reads_like_golden(layout, golden_rows, tmp_path):
    rows = golden_rows if sum(layout.years_per_page) == 7 else drop_years(golden_rows, [2018, 2019])
    pdf = render_table(rows, layout, tmp_path / f"{layout.name}.pdf")
    text = write_text_edition(pdf, tmp_path / f"{layout.name}.txt")
    edition, extraction = _read(text)
    assert edition == "2024-2025"
    lines = _differences(extraction.cells, golden_cell_texts(rows))
    assert not lines, "\n".join(lines[:20])


def _joined(indicator: str, specification: str) -> str:
    return normalize_label(f"{indicator} {specification}")


def test_text_edition_of_the_next_edition_reads_the_same_cells_as_its_pdf(rendered, variant, tmp_path):
    """Cell by cell (matched on catalog id) the text edition says what the PDF says, and what
    the test printed. Labels: a text edition does not show where an unknown row's label splits
    into Indicator and Specificatie, so that row is compared on its whole label."""
    pdf = rendered[ONE_PAGE_RULED.name]
    _, from_pdf = _read(pdf)
    edition, from_text = _read(write_text_edition(pdf, tmp_path / "next.txt"))
    assert edition == "2025-2026"
    key = ["indicator_id", "year", "area"]
    pdf_cells = from_pdf.cells.set_index(key)["printed"].to_dict()
    text_cells = from_text.cells.set_index(key)["printed"].to_dict()
    assert text_cells == pdf_cells
    expected = {_joined(r.indicator, r.specification) for r in variant.rows}
    read = {_joined(r.indicator, r.specification) for r in from_text.cells.itertuples()}
    assert read == expected


def test_text_edition_keeps_the_labels_of_a_row_renamed_in_its_indicator_cell(rendered, tmp_path):
    pdf = rendered[ONE_PAGE_RULED.name]
    _, from_text = _read(write_text_edition(pdf, tmp_path / "next.txt"))
    row = from_text.cells[from_text.cells["indicator_id"] == "bijstand"].iloc[0]
    assert (row["indicator"], row["specification"]) == (
        "Bijstandsontvangers",
        "Personen van 15 jaar en ouder met een bijstandsuitkering op grond van de WWB t/m 2014 en de Participatiewet vanaf 2015",
    )


def test_text_edition_of_a_table_over_two_spreads_reads_every_row(rendered, variant, tmp_path):
    pdf = rendered[LANDSCAPE_SPREAD.name]
    with pdfplumber.open(pdf) as document:
        assert len(document.pages) == 5  # title page and two spreads
    _, from_pdf = _read(pdf)
    _, from_text = _read(write_text_edition(pdf, tmp_path / "spread.txt"))
    assert len(from_text.cells) == len(variant.cells())
    key = ["indicator_id", "year", "area"]
    assert from_text.cells.set_index(key)["printed"].to_dict() == from_pdf.cells.set_index(key)["printed"].to_dict()
    assert not _differences(from_pdf.cells, variant.cells())
    # Labels as in the test above: an unknown row is compared on its whole label.
    read = {_joined(r.indicator, r.specification) for r in from_text.cells.itertuples()}
    assert read == {_joined(r.indicator, r.specification) for r in variant.rows}


# --------------------------------------------------------------------------------------------
# An appendix that cannot be found or read is refused, naming the file and what is missing


def _pdf_without_table(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4_PORTRAIT)
    c.setFont("Helvetica-Bold", 18)
    c.drawString(40, 700, NEXT_TITLE)
    c.showPage()
    c.setFont("Helvetica", 9)
    c.drawString(40, 780, "In 2025 verbeterde de leefbaarheid in 12 van de 20 gebieden.")
    c.showPage()
    c.save()
    return path


def _cases(tmp_path: Path, golden_rows) -> dict[str, tuple[Path, str]]:
    no_table = _pdf_without_table(tmp_path / "no-table.pdf")
    # The areas are not named as the report names them: the columns cannot be told apart.
    unnamed = render_table(golden_rows, TableLayout(name="unnamed", nplv_header=("Gebied",), nl_header=("Land",)),
                           tmp_path / "unnamed-areas.pdf")
    header_only = tmp_path / "header-only.txt"
    lines = write_text_edition(render_table(golden_rows, TableLayout(), tmp_path / "h.pdf"),
                               tmp_path / "h.txt").read_text(encoding="utf-8").splitlines()
    first_row = next(i for i, line in enumerate(lines) if line.startswith(golden_rows[0].indicator))
    header_only.write_text("\n".join(lines[:first_row]), encoding="utf-8")  # the table cut off under its header
    return {
        "pdf without table": (no_table, "no statistical appendix found"),
        "pdf with unnamed area columns": (unnamed, "no statistical appendix found"),
        "text edition of it": (write_text_edition(unnamed, tmp_path / "unnamed-areas.txt"), "no statistical appendix found"),
        "text edition with only the header": (header_only, "no table rows"),
    }


@pytest.mark.parametrize("case", ["pdf without table", "pdf with unnamed area columns", "text edition of it",
                                  "text edition with only the header"])
def test_unreadable_appendix_exits_2_naming_the_file_and_what_is_missing(case, golden_rows, tmp_path, capsys):
    source, reason = _cases(tmp_path, golden_rows)[case]
    out = tmp_path / "out"
    assert main(["run", str(source), "--out", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and source.name in err[0] and reason in err[0], err
    assert not out.exists()


# --------------------------------------------------------------------------------------------
# Listing editions: `python -m pipeline editions`


@pytest.fixture(scope="module")
def raw_folder(tmp_path_factory, rendered):
    """A raw/ folder as a pull request that adds the 2025-2026 edition leaves it."""
    raw = tmp_path_factory.mktemp("repo") / "raw"
    raw.mkdir()
    for source in (PDF_2024, TEXT_2024, PDF_2024.with_suffix(".review.toml")):
        shutil.copy(source, raw / source.name)
    shutil.copy(rendered[ONE_PAGE_RULED.name], raw / "voortgangsrapportage-nieuw.pdf")
    write_text_edition(raw / "voortgangsrapportage-nieuw.pdf", raw / "voortgangsrapportage-nieuw.txt")
    return raw


def test_editions_are_listed_oldest_first_by_their_title(raw_folder):
    found = list_editions([raw_folder])
    assert [e.edition for e in found] == ["2024-2025", "2025-2026"]
    assert [sorted(p.name for p in e.sources) for e in found] == [
        [PDF_2024.name, TEXT_2024.name], ["voortgangsrapportage-nieuw.pdf", "voortgangsrapportage-nieuw.txt"],
    ]
    assert previous_of(found, "2025-2026").edition == "2024-2025"
    assert previous_of(found, "2024-2025") is None
    assert previous_of(found, "2030").edition == "2025-2026"
    assert edition_period("2023") == (2023, 2023) and edition_period("2024-2025") == (2024, 2025)


def test_editions_command_json_lists_every_edition_with_its_sources(raw_folder, capsys):
    assert main(["editions", str(raw_folder), "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(e["edition"], e["start"], e["end"], len(e["sources"])) for e in listed] == [
        ("2024-2025", 2024, 2025, 2), ("2025-2026", 2025, 2026, 2),
    ]
    assert all(Path(s).parent == raw_folder for e in listed for s in e["sources"])


def test_editions_command_latest_and_previous_of(raw_folder, capsys):
    assert main(["editions", str(raw_folder), "--latest", "--json"]) == 0
    assert [e["edition"] for e in json.loads(capsys.readouterr().out)] == ["2025-2026"]
    assert main(["editions", str(raw_folder), "--previous-of", "2025-2026", "--json"]) == 0
    assert [e["edition"] for e in json.loads(capsys.readouterr().out)] == ["2024-2025"]
    new_pdf = raw_folder / "voortgangsrapportage-nieuw.pdf"
    assert main(["editions", str(raw_folder), "--previous-of", str(new_pdf)]) == 0
    assert capsys.readouterr().out.startswith("2024-2025\t")
    assert main(["editions", str(raw_folder), "--previous-of", "2024-2025", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["editions", str(raw_folder), "--previous-of", "last year"]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_editions_command_github_output_names_latest_and_previous(raw_folder, capsys):
    assert main(["editions", str(raw_folder), "--github-output"]) == 0
    values = dict(line.split("=", 1) for line in capsys.readouterr().out.splitlines())
    assert values["latest"] == "2025-2026" and values["previous"] == "2024-2025"
    assert sorted(Path(s).name for s in values["latest_sources"].split()) == [
        "voortgangsrapportage-nieuw.pdf", "voortgangsrapportage-nieuw.txt"]
    assert sorted(Path(s).name for s in values["previous_sources"].split()) == [PDF_2024.name, TEXT_2024.name]


def test_editions_command_with_one_edition_has_no_previous(capsys):
    assert main(["editions", str(PDF_2024), "--github-output"]) == 0
    values = dict(line.split("=", 1) for line in capsys.readouterr().out.splitlines())
    assert values == {"latest": "2024-2025", "latest_sources": str(PDF_2024), "previous": "", "previous_sources": ""}


def test_editions_command_refuses_a_file_name_that_is_not_one_shell_word(tmp_path, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    risky = raw / "rapport $(reboot).pdf"
    shutil.copy(PDF_2024, risky)
    assert main(["editions", str(raw), "--github-output"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and risky.name in err[0]


def test_editions_command_names_a_file_without_title(tmp_path, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "notes.txt").write_text("Geen titel hier.\n", encoding="utf-8")
    assert main(["editions", str(raw)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "notes.txt" in err[0] and "title" in err[0]


# --------------------------------------------------------------------------------------------
# The CI recipe: .github/workflows/edition-check.yml, its commands run on an edition the test made

WORKFLOW = Path(__file__).resolve().parents[1] / ".github" / "workflows" / "edition-check.yml"
# The rules the injected printing errors break (schemas/rules.py), for the steward's review.
ERROR_CHECKS = {"9166.00%": "no_scale_slip", "3.05%": "no_swapped_cells", "12.65%": "no_swapped_cells",
                "72.97%": "no_digit_transposition"}


def _workflow() -> dict:
    import yaml

    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def _steps() -> list[dict]:
    (job,) = _workflow()["jobs"].values()
    return job["steps"]


def _expression(text: str, outputs: dict, cwd: Path):
    """The few GitHub expressions the workflow uses: !cancelled(), steps.<id>.outputs.<name>,
    hashFiles('<path>'), string literals, ==, !=, &&."""
    import re

    text = text.strip()
    if text.startswith("${{") and text.endswith("}}"):
        text = text[3:-2].strip()
    rest = re.sub(r"steps\.([\w-]+)\.outputs\.([\w-]+)|hashFiles\('[^']*'\)|'[^']*'|!cancelled\(\)|==|!=|&&|\s+", "", text)
    assert rest == "", f"unsupported expression in the workflow: {text!r}"
    text = re.sub(r"steps\.([\w-]+)\.outputs\.([\w-]+)", lambda m: repr(outputs.get(m[1], {}).get(m[2], "")), text)
    text = re.sub(r"hashFiles\('([^']*)'\)", lambda m: repr("hash" if (cwd / m[1]).exists() else ""), text)
    text = text.replace("!cancelled()", "True").replace("&&", " and ")
    return eval(text, {"__builtins__": {}}, {})  # noqa: S307 - only the vetted tokens above remain


def _substitute(value: str, outputs: dict, cwd: Path) -> str:
    import re

    return re.sub(r"\$\{\{(.*?)\}\}", lambda m: str(_expression(m[1], outputs, cwd)), str(value))


def _run_workflow(repo: Path) -> dict[str, int | None]:
    """Run the workflow's shell steps in ``repo`` as GitHub Actions would (bash -eo pipefail,
    step outputs, step conditions, default success()), skipping the install step (the test's
    interpreter has the pipeline) and the `uses:` actions. Returns each step's exit code (None: skipped)."""
    import os
    import subprocess
    import sys

    outputs: dict[str, dict[str, str]] = {}
    codes: dict[str, int | None] = {}
    failed = False
    summary = repo / "step-summary.md"
    for step in _steps():
        name = step.get("name", step.get("uses", ""))
        if "run" not in step or "pip install" in step["run"]:
            continue
        condition = step.get("if")
        runs = _expression(condition, outputs, repo) if condition else not failed
        if not runs:
            codes[name] = None
            continue
        output_file = repo / f".output-{len(codes)}"
        output_file.write_text("", encoding="utf-8")
        env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
               "GITHUB_OUTPUT": str(output_file), "GITHUB_STEP_SUMMARY": str(summary)}
        env.update({k: _substitute(v, outputs, repo) for k, v in step.get("env", {}).items()})
        done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], cwd=repo,
                              env=env, capture_output=True, text=True, timeout=600)
        codes[name] = done.returncode
        failed = failed or done.returncode != 0
        if step.get("id"):
            outputs[step["id"]] = dict(line.split("=", 1) for line in output_file.read_text().splitlines() if "=" in line)
    return codes


@pytest.fixture()
def pull_request_repo(tmp_path, raw_folder):
    """A checkout of a pull request that adds the 2025-2026 edition to raw/."""
    repo = tmp_path / "repo"
    shutil.copytree(raw_folder, repo / "raw")
    return repo


def test_workflow_runs_on_pull_requests_that_change_raw():
    workflow = _workflow()
    trigger = workflow.get("on", workflow.get(True))  # YAML 1.1 reads the key `on` as true
    assert trigger["pull_request"]["paths"] == ["raw/**"]
    upload = next(s for s in _steps() if s.get("uses", "").startswith("actions/upload-artifact"))
    assert "clean/qa-report.html" in upload["with"]["path"].split()
    commands = " ".join(s.get("run", "") for s in _steps())
    for command in ("python -m pipeline editions raw/ --github-output", "python -m pipeline run",
                    "--fail-on error", "python -m pipeline diff", '>> "$GITHUB_STEP_SUMMARY"'):
        assert command in commands


def test_workflow_commands_fail_on_unreviewed_printing_errors_and_still_report(pull_request_repo, variant):
    codes = _run_workflow(pull_request_repo)
    assert codes == {
        "Find the added edition and the one before it": 0,
        "Read and validate the added edition": 1,  # the new printing errors are unreviewed
        "Compare it with the previous edition": 0,
        "Job summary": 0,
        "Revisions in the job summary": 0,
    }
    clean = pull_request_repo / "clean"
    summary = (pull_request_repo / "step-summary.md").read_text(encoding="utf-8")
    assert (clean / "summary.md").read_text(encoding="utf-8") in summary
    assert "## Revisions 2024-2025 \u2192 2025-2026" in summary
    revisions = pd.read_parquet(clean / "revisions.parquet")
    assert len(revisions) == len(variant.changes)
    cells = pd.read_parquet(clean / "indicators.parquet")
    assert set(cells["edition"]) == {"2025-2026"}
    report = (clean / "qa-report.html").read_text(encoding="utf-8")
    assert '<section id="revisions">' in report  # the run was given the previous edition
    upload = next(s for s in _steps() if s.get("uses", "").startswith("actions/upload-artifact"))
    assert all((pull_request_repo / p).is_file() for p in upload["with"]["path"].split())


def test_workflow_commands_pass_once_a_steward_reviewed_the_new_errors(pull_request_repo, variant):
    from pipeline.catalog import default_catalog

    catalog = default_catalog()
    entries = []
    for error in variant.errors:
        if error.severity != "error":
            continue
        entry = catalog.match(error.indicator, error.specification).entry
        entries.append(f'[[accept]]\ncheck = "{ERROR_CHECKS[error.printed]}"\nindicator_id = "{entry.id}"\n'
                       f'year = {error.year}\narea = "{error.area}"\ncorrection = "suggested"\n'
                       f'reason = "Printing error made by the test; it should read {error.value:.2f}%."\n')
    review = pull_request_repo / "raw" / "voortgangsrapportage-nieuw.review.toml"
    review.write_text('reviewer = "test"\ndate = "2026-09-01"\n\n' + "\n".join(entries), encoding="utf-8")
    codes = _run_workflow(pull_request_repo)
    assert set(codes.values()) == {0}, codes

"""The command line: exit codes, one-line errors, outputs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import PDF_2024, ROOT, TEXT_2024


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def text_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    result = run_cli("run", str(TEXT_2024), "--out", str(out))
    return result, out


def test_run_writes_one_row_per_printed_cell(text_run):
    result, out = text_run
    assert result.returncode == 0, result.stderr  # the review file beside the edition accepts its errors
    cells = pd.read_parquet(out / "indicators.parquet")
    assert len(cells) == 37 * 7 * 2
    assert set(cells["edition"]) == {"2024-2025"}
    assert set(cells["source"]) == {TEXT_2024.name}


def test_two_runs_write_identical_bytes(text_run, tmp_path):
    _, out = text_run
    again = run_cli("run", str(TEXT_2024), "--out", str(tmp_path), "--quiet")
    assert again.stderr == ""
    for name in ("indicators.parquet", "anomalies.parquet"):
        assert (out / name).read_bytes() == (tmp_path / name).read_bytes()


def _bad_inputs(tmp_path: Path) -> dict[str, Path]:
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    noise = tmp_path / "noise.pdf"
    noise.write_bytes(bytes(range(256)) * 20)
    html = tmp_path / "page.pdf"
    html.write_text("<!DOCTYPE html><html><body>Not found</body></html>", encoding="utf-8")
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(PDF_2024.read_bytes()[:5000])
    prose = tmp_path / "prose.txt"
    prose.write_text("Voortgangsrapportage 2024 tot en met zomer 2025\nGeen tabel hier.\n", encoding="utf-8")
    untitled = tmp_path / "untitled.txt"
    untitled.write_text("Een tekst zonder titel.\n", encoding="utf-8")
    folder = tmp_path / "folder"
    folder.mkdir()
    fifo = tmp_path / "fifo.txt"
    os.mkfifo(fifo)  # opened, it would wait for a writer for ever
    device = tmp_path / "zero.pdf"
    device.symlink_to("/dev/zero")  # read, it would never end
    return {
        "empty": empty, "noise": noise, "html": html, "truncated": truncated,
        "no appendix": prose, "no title": untitled, "folder": folder, "missing": tmp_path / "nope.pdf",
        "fifo": fifo, "device": device,
    }


@pytest.mark.parametrize("case", ["empty", "noise", "html", "truncated", "no appendix", "no title", "folder", "missing",
                                  "fifo", "device"])
def test_bad_input_exits_2_with_one_line_naming_the_file(case, tmp_path):
    source = _bad_inputs(tmp_path)[case]
    out = tmp_path / "out"
    result = run_cli("run", str(source), "--out", str(out))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert source.name in lines[0]
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_bad_input_leaves_earlier_outputs_untouched(text_run, tmp_path):
    _, out = text_run
    before = (out / "indicators.parquet").read_bytes()
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = run_cli("run", str(empty), "--out", str(out))
    assert result.returncode == 2
    assert (out / "indicators.parquet").read_bytes() == before


def test_default_run_reads_the_editions_in_raw_and_exits_0_thanks_to_the_review(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in (TEXT_2024.name, "nplv-voortgangsrapportage-2024-2025.review.toml"):
        (raw / name).write_bytes((TEXT_2024.parent / name).read_bytes())
    result = run_cli("run", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "clean" / "indicators.parquet").exists()
    assert (tmp_path / "clean" / "anomalies.parquet").exists()


def test_unreviewed_errors_exit_1_with_all_outputs_written(tmp_path):
    source = tmp_path / TEXT_2024.name  # no review file beside this copy
    source.write_bytes(TEXT_2024.read_bytes())
    out = tmp_path / "out"
    result = run_cli("run", str(source), "--out", str(out))
    assert result.returncode == 1
    anomalies = pd.read_parquet(out / "anomalies.parquet")
    errors = anomalies[anomalies["severity"] == "error"]
    assert set(errors["indicator_id"]) == {"schooladvies-havo-vwo", "middeninkomen", "hoog-inkomen"}
    assert "exit 1" in result.stderr


def test_fail_on_never_exits_0(tmp_path):
    source = tmp_path / TEXT_2024.name
    source.write_bytes(TEXT_2024.read_bytes())
    result = run_cli("run", str(source), "--out", str(tmp_path / "out"), "--fail-on", "never", "--quiet")
    assert result.returncode == 0
    assert result.stderr == ""


def test_pdf_is_the_primary_source_when_both_editions_are_given(tmp_path):
    result = run_cli("run", str(TEXT_2024), str(PDF_2024), "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr  # the review file beside them accepts the errors
    cells = pd.read_parquet(tmp_path / "indicators.parquet")
    assert set(cells["source"]) == {PDF_2024.name}
    assert cells["bbox"].notna().all()
    assert "cross-checked" in result.stderr


def test_unknown_option_is_a_usage_error():
    result = run_cli("run", "--fail-on", "sometimes")
    assert result.returncode == 2


@pytest.fixture(scope="module")
def two_editions(tmp_path_factory):
    """The text edition and a copy whose title names the next reporting period: two editions."""
    folder = tmp_path_factory.mktemp("editions")
    text = TEXT_2024.read_text(encoding="utf-8")
    (folder / "this.txt").write_text(text, encoding="utf-8")
    title = "Voortgangsrapportage 2024 tot en met zomer 2025"
    assert title in text
    (folder / "next.txt").write_text(text.replace(title, "Voortgangsrapportage 2025 tot en met zomer 2026"),
                                     encoding="utf-8")
    return [folder / "this.txt", folder / "next.txt"]


def _run_on_a_terminal(sources, out, *options):
    import os

    env = {**os.environ, "TTY_COMPATIBLE": "1"}  # rich draws its progress bar as on a terminal
    return subprocess.run([sys.executable, "-m", "pipeline", "run", *map(str, sources), "--out", str(out),
                           "--fail-on", "never", *options], cwd=ROOT, capture_output=True, text=True,
                          timeout=600, env=env)


def test_several_editions_show_progress_on_stderr(two_editions, tmp_path):
    result = _run_on_a_terminal(two_editions, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "edition 2024-2025 (this.txt)" in result.stderr
    assert "edition 2025-2026 (next.txt)" in result.stderr
    assert "0/2" in result.stderr and result.stdout == ""
    editions = pd.read_parquet(tmp_path / "indicators.parquet")["edition"].astype(str)
    assert sorted(editions.unique()) == ["2024-2025", "2025-2026"]


def test_quiet_silences_progress_and_summary(two_editions, tmp_path):
    result = _run_on_a_terminal(two_editions, tmp_path, "--quiet")
    assert (result.returncode, result.stderr, result.stdout) == (0, "", "")


def test_a_library_import_before_the_command_line_changes_nothing(text_run, tmp_path):
    """A process that imported the library (and so built its schemas) first still runs the command
    line, and writes the same bytes as ``python -m pipeline``."""
    _, out = text_run
    code = ("import sys, pipeline.run, schemas.cells; from pipeline.__main__ import main; "
            f"sys.exit(main(['run', {str(TEXT_2024)!r}, '--out', {str(tmp_path)!r}, '--quiet']))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert (result.returncode, result.stderr) == (0, "")
    for name in ("indicators.parquet", "anomalies.parquet", "claims.parquet", "qa-report.html"):
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), name


def _reader_gives_a_bad_table(monkeypatch):
    """A reader whose table breaks the cells schema, as a reader bug on an unseen layout would."""
    from tests.test_errors import _schema_errors

    def broken(edition, catalog):
        raise _schema_errors()

    monkeypatch.setattr("pipeline.run.extract_appendix", broken)


def test_a_structured_error_is_told_in_one_line_that_says_what_failed(monkeypatch, tmp_path, capsys):
    from pipeline.__main__ import main

    _reader_gives_a_bad_table(monkeypatch)
    assert main(["run", str(TEXT_2024), "--out", str(tmp_path / "out"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"error: {TEXT_2024}: could not be read (SchemaErrors: 3 failures")
    assert "column year (2x: 1800, 1900)" in err and "{" not in err
    assert not (tmp_path / "out").exists()


def test_debug_adds_the_traceback_and_keeps_exit_code_2(monkeypatch, tmp_path, capsys):
    from pipeline.__main__ import main

    _reader_gives_a_bad_table(monkeypatch)
    assert main(["run", str(TEXT_2024), "--out", str(tmp_path / "out"), "--quiet", "--debug"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Traceback (most recent call last):") and "SchemaErrors" in err
    assert err.splitlines()[-1].startswith(f"error: {TEXT_2024}: could not be read (SchemaErrors: 3 failures")


def test_ctrl_c_ends_in_one_line_and_exit_130_with_earlier_outputs_untouched(text_run, monkeypatch, capsys):
    from pipeline.__main__ import main

    _, out = text_run
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("pipeline.run.publish_result", interrupted)
    assert main(["run", str(TEXT_2024), "--out", str(out), "--quiet"]) == 130
    assert capsys.readouterr().err == "interrupted; earlier outputs are untouched\n"
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_a_review_entry_naming_an_anomaly_that_no_longer_exists_is_a_warning_not_an_internal_error(tmp_path):
    source = tmp_path / TEXT_2024.name
    source.write_bytes(TEXT_2024.read_bytes())
    source.with_suffix(".review.toml").write_text(
        '[[accept]]\nanomaly_id = "a000000000000"\nreason = "accepted in an earlier run"\n', encoding="utf-8")
    result = run_cli("run", str(source), "--out", str(tmp_path / "out"), "--fail-on", "never", "--quiet")
    assert result.returncode == 0, result.stderr
    anomalies = pd.read_parquet(tmp_path / "out" / "anomalies.parquet")
    stale = anomalies[anomalies["check"] == "review_entries_match"]
    assert stale["message"].str.startswith("review entry 1 (anomaly_id=a000000000000)").tolist() == [True]
    assert stale["severity"].tolist() == ["warning"]


def test_the_same_edition_under_another_file_name_keeps_its_ids(text_run, tmp_path):
    # Review entries name anomalies by id: renaming the file must not make them stale.
    _, out = text_run
    renamed = tmp_path / "voortgang-kopie.txt"
    renamed.write_bytes(TEXT_2024.read_bytes())
    result = run_cli("run", str(renamed), "--out", str(tmp_path / "out"), "--quiet", "--fail-on", "never")
    assert result.returncode == 0, result.stderr
    for name, column in (("figures", "figure_id"), ("claims", "claim_id"), ("anomalies", "anomaly_id")):
        before = pd.read_parquet(out / f"{name}.parquet")[column].tolist()
        after = pd.read_parquet(tmp_path / "out" / f"{name}.parquet")[column].tolist()
        assert after == before and len(set(after)) == len(after), name

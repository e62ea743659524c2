"""Bad input and failing output never give a traceback and never damage earlier outputs.

Every bad source is run through the CLI against an output folder that already holds a good run:
the run must exit 2 with one line on stderr naming the file, and the folder must stay
byte-identical. Faults while publishing are injected in-process.
"""

from __future__ import annotations

import errno
import io
import shutil
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

import pipeline.publish
from pipeline.errors import OutputError
from pipeline.run import RunSettings, run
from tests.conftest import PDF_2024, TEXT_2024
from tests.test_cli import run_cli

TITLE = "Voortgangsrapportage 2024 tot en met zomer 2025"
PROSE = [
    "Het Nationaal Programma Leefbaarheid en Veiligheid werkt in twintig gebieden",
    "aan betere scholen, veilige straten en goede woningen. Deze rapportage beschrijft",
    "de voortgang per gebied; de cijfers staan in de bijlage van de volledige uitgave.",
]


# --- helpers -----------------------------------------------------------------------------------


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder (relative path -> bytes)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(out: Path) -> list[str]:
    """Staging folders or a lock file publish left in the output folder (it stages in
    `.staging-*` there; earlier versions staged beside it, in `.<name>-*`)."""
    inside = [p.name for p in out.glob(".staging-*")] + [p.name for p in out.glob(".lock")] if out.is_dir() else []
    return sorted(inside + [p.name for p in out.parent.glob(f".{out.name}-*")])


@pytest.fixture(scope="module")
def good_outputs(tmp_path_factory) -> Path:
    """One good run of the text edition, copied into each test's own output folder."""
    out = tmp_path_factory.mktemp("good") / "out"
    result = run_cli("run", str(TEXT_2024), "--out", str(out), "--quiet", "--fail-on", "never")
    assert result.returncode == 0, result.stderr
    assert {"indicators.parquet", "anomalies.parquet"} <= set(snapshot(out))
    return out


@pytest.fixture
def out(good_outputs, tmp_path) -> Path:
    target = tmp_path / "published" / "out"
    shutil.copytree(good_outputs, target)
    return target


def _pdf(path: Path, draw, **canvas_kwargs) -> Path:
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), **canvas_kwargs)
    draw(pdf)
    pdf.showPage()
    pdf.save()
    return path


def _title_and_prose(pdf) -> None:
    pdf.setFont("Helvetica-Bold", 16)
    pdf.drawString(72, 760, TITLE)
    pdf.setFont("Helvetica", 10)
    for i, line in enumerate(PROSE):
        pdf.drawString(72, 720 - 14 * i, line)


def _scan(pdf) -> None:
    """A page that is only a picture: an image plus shapes, no text operators at all."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader

    image = Image.new("L", (400, 560), 255)
    sketch = ImageDraw.Draw(image)
    for i in range(20):  # grey bars where a scanner would have seen lines of text
        sketch.rectangle((30, 30 + 26 * i, 370 - 7 * (i % 5), 42 + 26 * i), fill=60)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    buffer.seek(0)
    pdf.drawImage(ImageReader(buffer), 72, 150, width=400, height=560)
    pdf.setFillGray(0.5)
    pdf.rect(72, 80, 200, 40, fill=1)


def make_bad_input(case: str, tmp_path: Path) -> Path:
    bad = tmp_path / "bad"
    bad.mkdir(exist_ok=True)
    if case == "encrypted":
        # reportlab encrypts with RC4 when given a user password; nobody can open it without it.
        return _pdf(bad / "encrypted.pdf", _title_and_prose, encrypt="secret")
    if case == "scanned":
        return _pdf(bad / "scanned.pdf", _scan)
    if case == "damaged page tree":
        # The document opens, but its first page points at an object that is not there: readers
        # fail only when the page is loaded.
        import re

        path = _pdf(bad / "damaged.pdf", _title_and_prose)
        data = re.sub(rb"/Kids \[ \d+ 0 R", b"/Kids [ 999 0 R", path.read_bytes(), count=1)
        path.write_bytes(data)
        return path
    if case == "damaged page boxes":
        # The real report with every page's MediaBox spoilt: pdfium shrugs it off, pdfminer logs a
        # warning and then fails when the appendix pages are parsed.
        box = b"/MediaBox [ 0 0 595.2756 841.8898 ]"
        data = PDF_2024.read_bytes()
        assert box in data
        path = bad / "damaged-boxes.pdf"
        path.write_bytes(data.replace(box, box[:-1] + b"; ]"))
        return path
    if case == "truncated":
        path = bad / "truncated.pdf"
        path.write_bytes(PDF_2024.read_bytes()[: PDF_2024.stat().st_size // 3])
        return path
    if case == "random bytes":
        import random

        path = bad / "random.pdf"
        path.write_bytes(random.Random(2025).randbytes(64 * 1024))
        return path
    if case == "html":
        path = bad / "report.pdf"
        path.write_text(
            "<!DOCTYPE html>\n<html><head><title>404</title></head><body><h1>Not Found</h1></body></html>\n",
            encoding="utf-8",
        )
        return path
    if case == "empty":
        path = bad / "empty.pdf"
        path.write_bytes(b"")
        return path
    if case == "no appendix":
        return _pdf(bad / "no-appendix.pdf", _title_and_prose)
    if case == "text without appendix":
        path = bad / "no-appendix.txt"
        path.write_text("\n".join([TITLE, "", *PROSE]) + "\n", encoding="utf-8")
        return path
    if case == "text not utf-8":
        path = bad / "latin-1.txt"
        path.write_bytes("\n".join([TITLE, "Caf\u00e9 \u00e0 la carte", *PROSE]).encode("latin-1"))
        return path
    if case == "missing":
        return bad / "does-not-exist.pdf"
    if case == "folder":
        path = bad / "a-folder.pdf"
        path.mkdir()
        return path
    raise ValueError(case)


BAD_INPUTS = ["encrypted", "scanned", "damaged page tree", "damaged page boxes",
              "truncated", "random bytes", "html", "empty", "no appendix", "missing", "folder",
              "text without appendix", "text not utf-8"]


# --- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize("case", BAD_INPUTS)
def test_bad_input_exits_2_with_one_line_and_leaves_outputs_byte_identical(case, out, tmp_path):
    source = make_bad_input(case, tmp_path)
    before = snapshot(out)
    result = run_cli("run", str(source), "--out", str(out))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert source.name in lines[0], lines[0]
    assert snapshot(out) == before
    assert leftovers(out) == []


@pytest.mark.parametrize("case", ["truncated", "no appendix"])
def test_debug_shows_the_traceback_and_still_leaves_outputs_byte_identical(case, out, tmp_path):
    source = make_bad_input(case, tmp_path)
    before = snapshot(out)
    result = run_cli("run", str(source), "--out", str(out), "--debug")
    assert result.returncode != 0
    assert "Traceback" in result.stderr and source.name in result.stderr
    assert snapshot(out) == before
    assert leftovers(out) == []


def test_encrypted_pdf_is_really_encrypted(tmp_path):
    """Guard the fixture: the file must carry an /Encrypt dictionary, or the case tests nothing."""
    data = make_bad_input("encrypted", tmp_path).read_bytes()
    assert data.startswith(b"%PDF-") and b"/Encrypt" in data


def test_scanned_pdf_has_an_image_and_no_text(tmp_path):
    import pdfplumber

    with pdfplumber.open(make_bad_input("scanned", tmp_path)) as pdf:
        assert pdf.pages[0].images
        assert not pdf.pages[0].chars


def test_bad_source_among_good_ones_writes_nothing(out, tmp_path):
    """One bad file in a run of several: still exit 2, and nothing is published."""
    source = make_bad_input("truncated", tmp_path)
    before = snapshot(out)
    result = run_cli("run", str(TEXT_2024), str(source), "--out", str(out))
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1 and source.name in result.stderr
    assert snapshot(out) == before


# --- unwritable output -------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["inside a file", "is a file"])
def test_unwritable_output_folder_exits_2_with_one_line(where, tmp_path):
    # Tests run as root, so permissions do not stop a write; a regular file in the way does.
    blocker = tmp_path / "blocker.txt"
    blocker.write_text("not a folder\n", encoding="utf-8")
    target = blocker / "out" if where == "inside a file" else blocker
    result = run_cli("run", str(TEXT_2024), "--out", str(target), "--quiet", "--fail-on", "never")
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ") and str(target) in lines[0]
    assert "blocker.txt is a file, not a folder" in lines[0] or lines[0].endswith("(is a file, not a folder)")
    assert blocker.read_text(encoding="utf-8") == "not a folder\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blocker.txt"]


# --- faults while publishing (in-process) ------------------------------------------------------


def _fail_on_call(real, n: int, error: BaseException):
    calls = {"n": 0}

    def wrapper(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == n:
            raise error
        return real(*args, **kwargs)

    wrapper.calls = calls
    return wrapper


SETTINGS = dict(quiet=True, fail_on="never")


@pytest.fixture
def other_source(tmp_path) -> Path:
    """The text edition under another name and without its review file: a run on it writes other
    bytes than the outputs already in place, so a half-finished publish would show."""
    source = tmp_path / "renamed-edition.txt"
    source.write_bytes(TEXT_2024.read_bytes())
    return source


@pytest.mark.parametrize(
    "error",
    [OSError(errno.ENOSPC, "No space left on device"), RuntimeError("writer bug")],
    ids=["disk full", "writer bug"],
)
def test_fault_while_writing_the_second_file_leaves_outputs_intact(error, out, other_source, monkeypatch):
    before = snapshot(out)
    failing = _fail_on_call(pq.write_table, 2, error)
    monkeypatch.setattr(pipeline.publish.pq, "write_table", failing)
    expected = OutputError if isinstance(error, OSError) else type(error)
    with pytest.raises(expected) as caught:
        run([other_source], RunSettings(out=out, **SETTINGS))
    assert failing.calls["n"] == 2  # the first file was written, the second failed
    if expected is OutputError:
        assert "\n" not in str(caught.value) and str(out) in str(caught.value)
    assert snapshot(out) == before
    assert leftovers(out) == []


def test_fault_while_moving_the_second_file_into_place_leaves_outputs_intact(out, other_source, monkeypatch):
    """Files are moved one by one; if the second move fails the first must be put back."""
    before = snapshot(out)
    failing = _fail_on_call(pipeline.publish.os.replace, 2, OSError(errno.EIO, "Input/output error"))
    monkeypatch.setattr(pipeline.publish.os, "replace", failing)
    with pytest.raises(OutputError):
        run([other_source], RunSettings(out=out, **SETTINGS))
    monkeypatch.undo()
    assert failing.calls["n"] >= 2
    assert snapshot(out) == before
    assert leftovers(out) == []
    # Guard: without the fault this run does change the outputs, so the comparison above means something.
    run([other_source], RunSettings(out=out, **SETTINGS))
    assert snapshot(out) != before


def test_fault_while_moving_into_a_new_folder_leaves_nothing(tmp_path, monkeypatch):
    out = tmp_path / "fresh"
    failing = _fail_on_call(pipeline.publish.os.replace, 2, OSError(errno.EIO, "Input/output error"))
    monkeypatch.setattr(pipeline.publish.os, "replace", failing)
    with pytest.raises(OutputError):
        run([TEXT_2024], RunSettings(out=out, **SETTINGS))
    monkeypatch.undo()
    assert not out.exists() or snapshot(out) == {}
    assert leftovers(out) == []


def test_publish_succeeds_after_a_fault(out, monkeypatch, good_outputs):
    """A failed publish does not stand in the way of the next one (same bytes as a clean run)."""
    monkeypatch.setattr(pipeline.publish.pq, "write_table", _fail_on_call(pq.write_table, 1, OSError(errno.EIO, "x")))
    shutil.rmtree(out)
    with pytest.raises(OutputError):
        run([TEXT_2024], RunSettings(out=out, **SETTINGS))
    monkeypatch.undo()
    run([TEXT_2024], RunSettings(out=out, **SETTINGS))
    assert snapshot(out) == snapshot(good_outputs)
    assert leftovers(out) == []


# --- malformed tables: the run finishes and reports them ---------------------------------------
#
# The golden table is set as a PDF (tests/support/render_table.py) with one row damaged, and the text
# edition is written from that PDF, so both readers meet the same damage. Whatever a reader makes
# of it, the run must finish and name the damaged row in an anomaly.


def _damage_target(rows):
    """The row to damage: from the middle of the table on, the first with a figure in every cell
    (so any missing-cell report is the damage's)."""
    return next(r for r in rows[len(rows) // 2:] if all(v not in ("", "\u2013") for v in r.cells.values()))


def _malformed_table(case: str):
    from tests.support.render_table import copy_rows, load_golden

    rows = copy_rows(load_golden())
    row = _damage_target(rows)
    keys = sorted(row.cells)
    if case == "too many cells":  # two figures printed in one cell
        key = next(k for k in keys if row.cells[k] not in ("", "\u2013"))
        row.cells[key] = f"{row.cells[key]} {row.cells[key]}"
    elif case == "too few cells":  # a figure left out: the row has one value less than columns
        key = next(k for k in keys if row.cells[k] not in ("", "\u2013"))
        row.cells[key] = ""
    elif case == "label without values":
        row.cells = {k: "" for k in keys}
    else:
        raise ValueError(case)
    return rows, row


MALFORMED = ["too many cells", "too few cells", "label without values"]
# What each damage is reported as, by reader: checks any of which must name the damaged row.
EXPECTED_CHECKS = {
    ("pdf", "too many cells"): {"row_values_fit_columns"},
    ("text", "too many cells"): {"row_values_fit_columns"},
    ("pdf", "too few cells"): {"cell_printed"},
    ("text", "too few cells"): {"rows_complete", "cell_printed"},
    ("pdf", "label without values"): {"cell_printed", "every_row_has_values"},
    # The text edition cannot tell a label without values from a label wrapped over two lines:
    # it joins it to the next row's label, and that row is then unknown to the catalog.
    # The stray label is a catalog specification whose row is not in the table: kept by that part.
    ("text", "label without values"): {"every_row_has_values", "cell_printed", "every_row_known", "rows_named_as_in_catalog"},
}


@pytest.fixture(scope="module")
def malformed_editions(tmp_path_factory) -> dict[str, tuple[Path, Path, object]]:
    """case -> (PDF, text edition, the damaged golden row)."""
    from tests.support.render_table import TableLayout, render_table, write_text_edition

    made = {}
    for case in MALFORMED:
        folder = tmp_path_factory.mktemp(case.replace(" ", "-"))
        rows, row = _malformed_table(case)
        pdf = render_table(rows, TableLayout(), folder / "malformed.pdf")
        made[case] = (pdf, write_text_edition(pdf, folder / "malformed.txt"), row)
    return made


def _about_row(anomalies: pd.DataFrame, row) -> pd.DataFrame:
    """Anomalies whose row label or message names the golden row's specification."""
    names = pd.Series(False, index=anomalies.index)
    for column in ("indicator", "specification", "message"):
        names |= anomalies[column].fillna("").str.contains(row.specification, regex=False)
    return anomalies[names]


@pytest.mark.parametrize("kind", ["pdf", "text"])
@pytest.mark.parametrize("case", MALFORMED)
def test_malformed_table_is_reported_as_an_anomaly_not_a_crash(case, kind, malformed_editions):
    from pipeline.run import analyse

    pdf, text, row = malformed_editions[case]
    result = analyse([pdf if kind == "pdf" else text], RunSettings(**SETTINGS))
    found = set(_about_row(result.anomalies, row)["check"])
    assert found & EXPECTED_CHECKS[(kind, case)], (
        f"{kind} {case}: anomalies on {row.specification!r}: {sorted(found)}; all: {sorted(set(result.anomalies['check']))}")
    assert len(result.cells)  # the rest of the table is read


def test_malformed_table_run_finishes_through_the_cli(malformed_editions, tmp_path):
    pdf, text, _ = malformed_editions["too many cells"]
    out = tmp_path / "out"
    result = run_cli("run", str(pdf), str(text), "--out", str(out), "--quiet")
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    assert (out / "anomalies.parquet").exists()


def test_undamaged_rendered_table_has_none_of_those_anomalies(tmp_path):
    """Guard: the anomalies above come from the damage, not from rendering."""
    from pipeline.run import analyse
    from tests.support.render_table import TableLayout, load_golden, render_table, write_text_edition

    rows = load_golden()
    row = _damage_target(rows)
    pdf = render_table(rows, TableLayout(), tmp_path / "clean.pdf")
    text = write_text_edition(pdf, tmp_path / "clean.txt")
    checks = set().union(*EXPECTED_CHECKS.values())
    for source in (pdf, text):
        found = set(_about_row(analyse([source], RunSettings(**SETTINGS)).anomalies, row)["check"])
        assert not found & checks, (source.suffix, sorted(found))

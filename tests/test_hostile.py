"""A fuzzing corpus of hostile and unlucky inputs (tests/support/hostile.py makes them): every one
gives a result or a one-line refusal naming the file, within bounded time and memory, with the
outputs of an earlier run left as they were; none is an internal error. Property tests mutate the
text edition's lines and require the same.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import PipelineError
from pipeline.run import RunSettings, analyse
from tests.conftest import PDF_2024, ROOT, TEXT_2024
from tests.support import hostile

MAX_SECONDS = 120  # a run on this machine takes 1-3 s; a hang or a quadratic blow-up takes far longer
MAX_MB = 1024


def run_measured(*args: str) -> tuple[int, str, float, float]:
    """Exit code, stderr, wall seconds and peak resident megabytes of one CLI run (``wait4``:
    that run alone), killed and failed past ``MAX_SECONDS``."""
    import tempfile

    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", "pipeline", *args], cwd=ROOT, stdin=subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL, stderr=errors)
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - started > MAX_SECONDS:
                process.kill()
                os.wait4(process.pid, 0)
                pytest.fail(f"{' '.join(args)} ran past {MAX_SECONDS} s")
            time.sleep(0.02)
        process.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        errors.seek(0)
        stderr = errors.read().decode("utf-8", "replace")
    return process.returncode, stderr, seconds, usage.ru_maxrss / 1024


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def earlier(tmp_path_factory) -> Path:
    """The outputs of an earlier good run."""
    out = tmp_path_factory.mktemp("earlier") / "out"
    code, stderr, _, _ = run_measured("run", str(TEXT_2024), "--out", str(out), "--quiet", "--fail-on", "never")
    assert code == 0, stderr
    return out


@pytest.fixture
def out(earlier, tmp_path) -> Path:
    target = tmp_path / "published"
    shutil.copytree(earlier, target)
    return target


# --- refused in one line ------------------------------------------------------------------------


REVIEWS = {
    "a review entry that is a number": "accept = [1]\n",
    "a correction of inf": '[[accept]]\ncheck = "no_scale_slip"\ncorrection = inf\nreason = "x"\n',
    "a correction of -5000": '[[accept]]\ncheck = "no_scale_slip"\ncorrection = -5000.0\nreason = "x"\n',
    "a correction of true": '[[accept]]\ncheck = "no_scale_slip"\ncorrection = true\nreason = "x"\n',
    "a correction of nan": '[[accept]]\ncheck = "no_scale_slip"\ncorrection = nan\nreason = "x"\n',
}


def _refusal(case: str, tmp: Path) -> tuple[list[str], str]:
    """The run's arguments before --out, and words its one line must hold."""
    if case == "a compression bomb and no appendix":
        return [str(hostile.bomb_pdf(tmp / "bomb.pdf", 300 * 2**20))], "page_inflated_bytes"
    if case == "a compression bomb between the appendix pages":
        import pypdfium2 as pdfium

        spread = pdfium.PdfDocument(str(PDF_2024))
        bomb = pdfium.PdfDocument(str(hostile.bomb_pdf(tmp / "bomb-page.pdf", 100 * 2**20)))
        appendix = next(k for k in range(len(spread)) if spread[k].get_textpage().get_text_range().count("%") > 40)
        spread.import_pages(bomb, [1], index=appendix + 1)  # between the two pages of the spread
        spread.save(str(tmp / "spread-bomb.pdf"))
        return [str(tmp / "spread-bomb.pdf")], "page_inflated_bytes"
    if case == "more pages than the edition budget":
        return [str(PDF_2024), "--budget", "edition_pages=10"], "edition_pages"
    if case == "more lines than the text budget":
        return [str(TEXT_2024), "--budget", "text_lines=1000"], "text_lines"
    if case == "a source over the byte budget":
        return [str(TEXT_2024), "--budget", "source_bytes=4096"], "source_bytes"
    if case == "more text than the edition budget":
        return [str(TEXT_2024), "--budget", "edition_chars=10000"], "edition_chars"
    if case == "a table of 200,000 rows":  # read, it passed 1.5 GB and ran for over nine minutes
        return [str(hostile.huge_table_text(tmp / "table.txt", 200_000))], "edition_figures"
    if case == "a table of 200,000 rows in a PDF":
        return [str(hostile.huge_table_pdf(tmp / "table.pdf", 200_000))], "edition_figures"
    if case == "a text of one page over the page budget":  # the title is on the page left out
        source = tmp / "one-page.txt"
        source.write_text(hostile.TITLE + "\n" + "Een regel tekst.\n" * 20_000, encoding="utf-8")
        return [str(source)], "not read: page 1 (its text has"
    if case == "a text of lines of years":  # each line a header's possible first line
        return [str(hostile.header_lines_text(tmp / "years.txt", ["2018 2019 2020"], 100))], "no statistical appendix"
    if case == "a text of headers without rows":
        block = ["Indicator Specificatie 2018 2019", "Gem. NPLV Gem. NL Gem. NPLV Gem. NL"]
        return [str(hostile.header_lines_text(tmp / "headers.txt", block, 100))], "no statistical appendix"
    if case == "a FIFO as source":
        return [str(hostile.fifo(tmp / "source.txt"))], "not a regular file"
    if case == "a folder as source":
        return [str(tmp)], ""
    source = tmp / "edition.txt"
    source.write_bytes(TEXT_2024.read_bytes())
    review = tmp / "edition.review.toml"
    if case in REVIEWS:
        review.write_text(REVIEWS[case], encoding="utf-8")
    elif case == "a FIFO as review file":
        hostile.fifo(review)
    elif case == "a review file linked to /dev/zero":
        os.symlink("/dev/zero", review)
    else:
        raise ValueError(case)
    return [str(source)], "review" if case in REVIEWS else "not a regular file"


REFUSALS = ["a compression bomb and no appendix", "a compression bomb between the appendix pages",
            "more pages than the edition budget", "more lines than the text budget", "a source over the byte budget",
            "more text than the edition budget", "a table of 200,000 rows", "a table of 200,000 rows in a PDF",
            "a text of one page over the page budget",
            "a text of lines of years", "a text of headers without rows",
            "a FIFO as source", "a folder as source", *REVIEWS, "a FIFO as review file",
            "a review file linked to /dev/zero"]


@pytest.mark.parametrize("case", REFUSALS)
def test_a_hostile_input_is_refused_in_one_line_within_bounds(case, out, tmp_path):
    arguments, words = _refusal(case, tmp_path)
    before = snapshot(out)
    code, stderr, seconds, peak_mb = run_measured("run", *arguments, "--out", str(out), "--quiet")
    lines = stderr.strip().splitlines()
    assert code == 2 and len(lines) == 1, stderr
    assert "internal error" not in lines[0] and words in lines[0]
    assert Path(arguments[0]).name in lines[0] or "review" in lines[0]
    assert seconds < MAX_SECONDS and peak_mb < MAX_MB
    assert snapshot(out) == before


# --- read, with what could not be read reported ----------------------------------------------------


def test_a_compression_bomb_on_a_body_page_is_skipped_with_a_warning(tmp_path):
    import pypdfium2 as pdfium

    bomb = pdfium.PdfDocument(str(hostile.bomb_pdf(tmp_path / "bomb.pdf", 300 * 2**20)))
    edition = pdfium.PdfDocument(str(PDF_2024))
    edition.import_pages(bomb, [1], index=5)  # after page 5: it becomes page 6
    edition.save(str(tmp_path / "edition.pdf"))
    out = tmp_path / "out"
    code, stderr, seconds, peak_mb = run_measured("run", str(tmp_path / "edition.pdf"), "--out", str(out),
                                                  "--quiet", "--fail-on", "never")
    assert code == 0, stderr
    assert seconds < MAX_SECONDS and peak_mb < MAX_MB
    anomalies = pd.read_parquet(out / "anomalies.parquet")
    skipped = anomalies[anomalies["check"] == "pages_within_budget"]
    assert skipped["page"].tolist() == [6] and skipped["severity"].tolist() == ["warning"]
    assert len(pd.read_parquet(out / "indicators.parquet")) == 518


def test_a_page_of_one_huge_line_is_skipped_and_the_table_still_read(tmp_path):
    text = TEXT_2024.read_text(encoding="utf-8")
    cut = text.index("\n", len(text) // 4)
    source = tmp_path / "edition.txt"
    source.write_text(text[:cut] + "\n" + "bla " * 1_000_000 + text[cut:], encoding="utf-8")
    out = tmp_path / "out"
    code, stderr, seconds, peak_mb = run_measured("run", str(source), "--out", str(out), "--quiet", "--fail-on", "never")
    assert code == 0, stderr
    assert seconds < MAX_SECONDS and peak_mb < MAX_MB
    anomalies = pd.read_parquet(out / "anomalies.parquet")
    assert len(anomalies[anomalies["check"] == "pages_within_budget"]) == 1
    assert len(pd.read_parquet(out / "indicators.parquet")) == 518


def test_a_body_printed_twenty_times_is_read_with_unique_ids(tmp_path):
    source = hostile.repeated_text(TEXT_2024, tmp_path / "edition.txt", 20)
    out = tmp_path / "out"
    code, stderr, seconds, peak_mb = run_measured("run", str(source), "--out", str(out), "--quiet", "--fail-on", "never")
    assert code == 0, stderr
    assert seconds < MAX_SECONDS and peak_mb < MAX_MB
    for name, column in (("figures", "figure_id"), ("claims", "claim_id"), ("anomalies", "anomaly_id")):
        assert pd.read_parquet(out / f"{name}.parquet")[column].is_unique, name


def test_an_edition_of_about_300_pages_is_read_with_unique_ids(tmp_path):
    # The PDF with its body pages printed again and again (one page's line numbers recur on
    # every copy of it: claim ids once collided there).
    source = hostile.long_edition(PDF_2024, 300, tmp_path / "long.pdf")
    out = tmp_path / "out"
    code, stderr, seconds, peak_mb = run_measured("run", str(source), "--out", str(out), "--quiet", "--fail-on", "never")
    assert code == 0, stderr
    assert seconds < MAX_SECONDS and peak_mb < MAX_MB
    assert len(pd.read_parquet(out / "indicators.parquet")) == 518
    for name, column in (("figures", "figure_id"), ("claims", "claim_id"), ("anomalies", "anomaly_id")):
        assert pd.read_parquet(out / f"{name}.parquet")[column].is_unique, name


# --- property: mutated text editions ----------------------------------------------------------------

LINES = TEXT_2024.read_text(encoding="utf-8").split("\n")
CONTROL = st.sampled_from(["\x00", "\x07", "\x1b", "\x0c", "\r", "\u00ad", "\ufffe", "\u202f", "\u200b"])


@st.composite
def mutated(draw) -> list[str]:
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 6))):
        k = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["duplicate", "delete", "swap", "inject"]))
        if action == "duplicate":
            span = draw(st.integers(1, 40))
            lines[k:k] = lines[k:k + span]
        elif action == "delete":
            del lines[k:k + draw(st.integers(1, 40))]
        elif action == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[k], lines[j] = lines[j], lines[k]
        else:
            at = draw(st.integers(0, len(lines[k])))
            lines[k] = lines[k][:at] + draw(CONTROL) + lines[k][at:]
    return lines


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=mutated())
def test_a_mutated_text_edition_gives_a_result_or_a_one_line_refusal(lines, tmp_path_factory):
    source = tmp_path_factory.mktemp("mutated") / "edition.txt"
    source.write_text("\n".join(lines), encoding="utf-8")
    try:
        result = analyse([source], RunSettings(quiet=True))
    except PipelineError as error:  # a refusal: one line naming the file
        assert "\n" not in str(error) and source.name in str(error)
        return
    assert result.cells["indicator_id"].notna().all()
    assert result.claims["claim_id"].is_unique and result.figures["figure_id"].is_unique

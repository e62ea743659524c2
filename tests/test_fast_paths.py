"""Shortcuts taken for speed give the same answers as the straightforward way.

Each test runs the fast path and the plain one on the same input and compares them exactly, on
the real edition and on perturbed copies of it.
"""

from __future__ import annotations

import os
import random

import pandas as pd
import pandera.pandas as pa
import pytest

import pipeline.checks as checks
from pipeline.forks import FORKS, Preloaded, map_in_forks
from pipeline.catalog import default_catalog
from pipeline.diagnosis import CheckSettings, annotate
from schemas.anomalies import Anomalies
from schemas.rules import CellRules, DecisionRules


def failed_rows_by_full_validation(model, frame: pd.DataFrame) -> dict[str, list]:
    """What ``failed_rows`` returned before its shortcut: one lazy validation, read back."""
    if frame.empty:
        return {}
    try:
        model.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
        cases = cases[cases["index"].notna()]
        return {str(check): list(dict.fromkeys(rows["index"].tolist()))
                for check, rows in cases.groupby("check", sort=False)}
    return {}


@pytest.fixture(scope="module")
def annotated(text_extraction) -> pd.DataFrame:
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


def test_failed_rows_of_the_edition_match_a_full_validation(annotated):
    expected = failed_rows_by_full_validation(CellRules, annotated)
    assert expected  # the edition has anomalies, so the comparison covers failing checks
    assert list(checks.failed_rows(CellRules, annotated).items()) == list(expected.items())


@pytest.mark.parametrize("seed", range(12))
def test_failed_rows_of_perturbed_cells_match_a_full_validation(annotated, seed):
    frame = _perturbed(annotated, seed)
    assert list(checks.failed_rows(CellRules, frame).items()) == list(
        failed_rows_by_full_validation(CellRules, frame).items())


def test_failed_rows_fall_back_to_validation_when_a_column_breaks_its_schema(annotated, monkeypatch):
    """A null status is a schema failure of its own ('not_nullable'): the shortcut must not hide it."""
    frame = annotated.copy()
    frame.loc[frame.index[:3], "status"] = None
    assert checks._failed_rows_of_checks(CellRules, frame) is None
    assert checks.failed_rows(CellRules, frame) == failed_rows_by_full_validation(CellRules, frame)


def test_failed_rows_of_decisions_match_a_full_validation(text_extraction):
    kinds = ["ragged_row", "split_row", "overfull_row", "overfull_cell", "empty_row", "stray_text", "unknown_row"]
    rng = random.Random(3)
    frame = pd.concat([text_extraction.decisions] * 12, ignore_index=True)
    frame["kind"] = [rng.choice(kinds) for _ in range(len(frame))]
    assert list(checks.failed_rows(DecisionRules, frame).items()) == list(
        failed_rows_by_full_validation(DecisionRules, frame).items())


def test_no_anomalies_give_a_valid_typed_frame():
    frame = checks.anomalies_frame([])
    assert frame.empty
    assert list(frame.columns) == list(Anomalies.to_schema().columns)
    Anomalies.validate(frame, lazy=True)  # raises if a dtype or column were wrong


# --- work shared out over forked processes -----------------------------------------------------


def _square_and_pid(x: int) -> tuple[int, int]:
    return x * x, os.getpid()


@pytest.mark.skipif(not FORKS, reason="no forking on this platform")
def test_map_in_forks_keeps_order_and_uses_other_processes():
    results = map_in_forks(_square_and_pid, list(range(7)), workers=3)
    assert [r for r, _ in results] == [x * x for x in range(7)]
    assert len({pid for _, pid in results}) == 3  # this process and two workers
    assert results[0][1] == os.getpid()  # this process takes the first share


def _fails_outside_the_parent(parent: int):
    def function(x: int) -> int:
        if os.getpid() != parent:
            raise RuntimeError("worker failure")
        return x + 1
    return function


@pytest.mark.skipif(not FORKS, reason="no forking on this platform")
def test_map_in_forks_redoes_a_failed_share_here():
    assert map_in_forks(_fails_outside_the_parent(os.getpid()), [1, 2, 3, 4], workers=2) == [2, 3, 4, 5]


def _raises_on_three(x: int) -> int:
    if x == 3:
        raise ValueError(f"bad item {x}")
    return x


@pytest.mark.parametrize("workers", [1, 2])
def test_map_in_forks_raises_an_error_as_one_process_would(workers):
    with pytest.raises(ValueError, match="bad item 3"):
        map_in_forks(_raises_on_three, [1, 2, 3, 4], workers=workers)


def test_pdf_appendix_is_the_same_read_in_one_process_or_several():
    from pipeline.appendix import ReaderSettings, extract_appendix
    from pipeline.appendix.pdf import PdfTableSettings
    from pipeline.sources import open_edition
    from tests.conftest import PDF_2024

    one = extract_appendix(open_edition(PDF_2024), settings=ReaderSettings(pdf=PdfTableSettings(workers=1)))
    two = extract_appendix(open_edition(PDF_2024), settings=ReaderSettings(pdf=PdfTableSettings(workers=2)))
    pd.testing.assert_frame_equal(one.cells, two.cells)
    pd.testing.assert_frame_equal(one.decisions, two.decisions)


# --- figures: spans already read ---------------------------------------------------------------


def test_spans_overlap_like_a_linear_scan():
    from pipeline.figures import _Spans

    rng = random.Random(11)
    for _ in range(500):
        taken: list[tuple[int, int]] = []
        spans = _Spans([])
        for _ in range(rng.randint(0, 25)):
            start = rng.randint(0, 60)
            end = start + rng.randint(0, 8)
            linear = any(start < e and s < end for s, e in taken)
            assert spans.overlaps(start, end) == linear
            if not linear:
                taken.append((start, end))
                spans.add(start, end)


def _raises_on_even(x: int) -> int:
    if x % 2 == 0:
        raise ValueError(f"bad item {x}")
    return x


@pytest.mark.skipif(not FORKS, reason="no forking on this platform")
def test_map_in_forks_raises_the_first_failing_item_in_order():
    """2 (the worker's, second in order) and 4 (this process's, third) fail: the error is 2's, as
    in one process, though this process meets 4 first."""
    with pytest.raises(ValueError, match="bad item 2"):
        map_in_forks(_raises_on_even, [1, 2, 4, 3], workers=2)


# --- a process that preloads modules ----------------------------------------------------------

PRELOAD_PROBE = "wave"  # a standard module nothing here imports


def _pid_and_whether_imported(name: str) -> tuple[int, bool]:
    import sys

    return os.getpid(), name in sys.modules


@pytest.mark.skipif(not FORKS, reason="no forking on this platform")
def test_preloaded_call_runs_in_a_process_that_imported_the_modules():
    import sys

    assert PRELOAD_PROBE not in sys.modules
    with Preloaded([PRELOAD_PROBE]) as process:
        pid, imported = process.call(_pid_and_whether_imported, PRELOAD_PROBE)
    assert pid != os.getpid() and imported
    assert PRELOAD_PROBE not in sys.modules  # imported over there only


@pytest.mark.skipif(not FORKS, reason="no forking on this platform")
def test_preloaded_call_is_made_here_when_it_fails_there_or_an_import_fails():
    with Preloaded([]) as process:
        assert process.call(_fails_outside_the_parent(os.getpid()), 41) == 42
    with Preloaded(["no_such_module_anywhere"]) as process:
        assert process.call(_pid_and_whether_imported, "os") == (os.getpid(), True)


def test_preloaded_call_raises_as_the_function_does_here():
    with Preloaded([]) as process, pytest.raises(ValueError, match="bad item 3"):
        process.call(_raises_on_three, 3)


@pytest.mark.skipif(not FORKS, reason="no forking on this platform")
def test_preloaded_process_answers_call_after_call_and_is_reaped_called_or_not():
    with Preloaded([PRELOAD_PROBE]) as unused:
        pid = unused.pid
    with pytest.raises(ChildProcessError):  # reaped: no such child any more
        os.waitpid(pid, os.WNOHANG)
    with Preloaded([]) as used:
        pid = used.pid
        assert [used.call(_pid_and_whether_imported, "os")[0] for _ in range(3)] == [pid] * 3
        assert used.call(_raises_on_three, 2) == 2
        with pytest.raises(ValueError, match="bad item 3"):  # failed there, made here: raised here
            used.call(_raises_on_three, 3)
        assert used.call(_pid_and_whether_imported, "os")[0] == pid  # still answering
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
    assert used.call(_pid_and_whether_imported, "os")[0] == os.getpid()  # closed: made here


@pytest.mark.skipif(not FORKS, reason="no forking on this platform")
def test_preloaded_with_finds_an_open_process_of_this_process_only():
    from pipeline.forks import preloaded_with

    assert preloaded_with(PRELOAD_PROBE) is None
    with Preloaded([PRELOAD_PROBE]) as process:
        assert preloaded_with(PRELOAD_PROBE) is process and preloaded_with("json") is None
        # A forked worker inherits the object but must not use its pipes: there it is not found,
        # and a call on it is made in the worker itself.
        found_in_worker = map_in_forks(lambda _: (preloaded_with(PRELOAD_PROBE) is None,
                                                  process.call(_pid_and_whether_imported, "os")[0] == os.getpid()),
                                       [0, 1], workers=2)
        assert found_in_worker == [(False, False), (True, True)]  # this process, then the worker
        assert process.call(_pid_and_whether_imported, "os")[0] == process.pid  # pipes still in step
    assert preloaded_with(PRELOAD_PROBE) is None


@pytest.mark.skipif(not FORKS, reason="no forking on this platform")
def test_preloaded_call_made_here_runs_the_given_fallback():
    with Preloaded(["no_such_module_anywhere"]) as process:
        assert process.call(_pid_and_whether_imported, "os", here=lambda: "fallback") == "fallback"
    with Preloaded([]) as process:  # answered there: the fallback is not run
        assert process.call(_pid_and_whether_imported, "os", here=lambda: "fallback")[0] == (process.pid or os.getpid())


@pytest.mark.skipif(not FORKS, reason="no forking on this platform")
def test_preloaded_submitted_calls_are_answered_in_order_and_collected_in_any_order():
    with Preloaded([]) as process:
        first = process.submit(_raises_on_three, 1)
        failing = process.submit(_raises_on_three, 3)
        last = process.submit(_pid_and_whether_imported, "os")
        assert last() == (process.pid, True)
        assert first() == 1
        with pytest.raises(ValueError, match="bad item 3"):
            failing()
        unpicklable = process.submit(lambda: os.getpid())  # cannot be sent: made here
        assert unpicklable() == os.getpid()


# --- a single source read early by the helper process -----------------------------------------


@pytest.mark.skipif(not FORKS, reason="no forking on this platform")
@pytest.mark.parametrize("name", ["nplv-voortgangsrapportage-2024-2025.txt", "nplv-voortgangsrapportage-2024-2025.pdf"])
def test_a_single_source_read_early_by_the_helper_gives_the_same_frames(name):
    from pipeline import preload
    from pipeline.run import RunSettings, analyse
    from tests.conftest import RAW

    settings = RunSettings(quiet=True, fail_on="never")
    here = analyse([RAW / name], settings)
    with preload.helper_process([RAW / name]):
        assert RAW / name in preload._EARLY
        early = analyse([RAW / name], settings)
        assert RAW / name not in preload._EARLY  # taken
    for frame in ("cells", "figures", "claims", "anomalies", "review_log", "decisions"):
        pd.testing.assert_frame_equal(getattr(early, frame), getattr(here, frame))


@pytest.mark.skipif(not FORKS, reason="no forking on this platform")
def test_an_early_reading_is_not_used_for_other_content_or_another_catalog():
    from dataclasses import replace

    from pipeline import preload
    from pipeline.sources import open_edition
    from tests.conftest import TEXT_2024

    source = open_edition(TEXT_2024)
    for sha256, catalog in [("0" * 64, default_catalog()),
                            (source.sha256, replace(default_catalog(), indicators=default_catalog().indicators[:-1]))]:
        with preload.helper_process([TEXT_2024]):
            assert preload.early_reading(TEXT_2024, sha256, catalog) is None
            assert TEXT_2024 not in preload._EARLY
    with preload.helper_process([TEXT_2024]):
        assert preload.early_reading(TEXT_2024, source.sha256, default_catalog()) is not None
    with preload.helper_process([TEXT_2024, TEXT_2024]):  # more than one source: nothing read early
        assert TEXT_2024 not in preload._EARLY


def test_a_closed_pdf_edition_opens_its_file_again_when_needed():
    """The helper closes what it reads early; an edition closed is not left holding a closed file."""
    from pipeline.sources import open_edition
    from tests.conftest import PDF_2024

    edition = open_edition(PDF_2024)
    first = edition.plumber
    edition.close()
    assert first.stream.closed
    assert edition.plumber is not first and len(edition.plumber.pages) == len(edition.page_texts)
    edition.close()


# --- lean pdfplumber pages ---------------------------------------------------------------------


def _assert_lean_page_matches(page) -> None:
    from pipeline.appendix.pdf import _lean_page

    lean = _lean_page(page)
    assert lean.extract_words(keep_blank_chars=False, use_text_flow=False) == page.extract_words(
        keep_blank_chars=False, use_text_flow=False)
    assert lean.horizontal_edges == page.horizontal_edges
    assert lean.rects == page.rects
    assert lean.edges == page.edges


def test_lean_page_gives_pdfplumbers_words_and_edges_on_the_edition():
    """The pages the reader parses (those its cheap text test lets through) and a body page."""
    import re

    import pdfplumber

    from pipeline.appendix.pdf import PdfTableSettings, _may_hold_header
    from pipeline.sources import open_edition
    from tests.conftest import PDF_2024

    edition = open_edition(PDF_2024)
    patterns = [(area, re.compile(p)) for area, p in PdfTableSettings().area_patterns]
    candidates = [i for i, text in enumerate(edition.page_texts) if _may_hold_header(text, patterns)]
    body = next(i for i, text in enumerate(edition.page_texts) if len(text) > 1000 and i not in candidates)
    assert candidates
    with pdfplumber.open(PDF_2024) as pdf:
        for index in [*candidates, body]:
            _assert_lean_page_matches(pdf.pages[index])


@pytest.mark.parametrize("rules, rule_style, shading", [("grid", "line", "none"), ("rows", "rect", "zebra")])
def test_lean_page_gives_pdfplumbers_words_and_edges_on_a_ruled_table(rules, rule_style, shading, tmp_path):
    """Tables drawn with rules (as lines or thin rectangles) and shading: lines and rectangles
    count too."""
    import pdfplumber

    from tests.support.render_table import TableLayout, load_golden, render_table

    layout = TableLayout(name=f"ruled_{rules}_{rule_style}", rules=rules, rule_style=rule_style, shading=shading)
    path = render_table(load_golden(), layout, tmp_path / "ruled.pdf")
    with pdfplumber.open(path) as pdf:
        assert any(page.edges for page in pdf.pages)  # the case has rules to compare
        for page in pdf.pages:
            _assert_lean_page_matches(page)


# --- the claims table rendered ahead -----------------------------------------------------------


class _HereHelper:
    """A helper process stand-in that makes every call here and records it."""

    def __init__(self):
        self.calls = []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def submit(self, function, *args, here=None):
        self.calls.append((function.__name__, args))
        return lambda: function(*args)


def test_a_run_over_several_editions_renders_no_table_ahead(tmp_path):
    from pipeline.run import RunSettings, run
    from tests.conftest import TEXT_2024

    other = tmp_path / "nplv-voortgangsrapportage-2023-2024.txt"
    other.write_text(TEXT_2024.read_text(encoding="utf-8").replace(
        "Voortgangsrapportage 2024 tot en met", "Voortgangsrapportage 2023 tot en met"), encoding="utf-8")
    helper = _HereHelper()
    result = run([TEXT_2024, other], RunSettings(out=tmp_path / "out", quiet=True, fail_on="never"), helper=helper)
    assert result.claims["edition"].nunique() == 2
    assert [name for name, _ in helper.calls] == ["qa_report_html"]


def test_an_analysis_leaves_no_pdf_file_open_in_this_process():
    from pipeline.run import RunSettings, analyse
    from tests.conftest import PDF_2024, TEXT_2024

    result = analyse([PDF_2024, TEXT_2024], RunSettings(quiet=True))
    editions = [s for sources in result.sources.values() for s in sources]
    assert [s.kind for s in editions] == ["pdf", "text"]
    assert all("plumber" not in s.__dict__ for s in editions)
    assert len(editions[0].plumber.pages) == len(editions[0].page_texts)  # opened again when asked
    editions[0].close()

"""The README's promises: its snippets run, its column lists match the schemas, its Quick start
is what CI runs."""

from __future__ import annotations

import os
import re

import pytest

from pipeline.package import README_MARKERS, columns_markdown
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    start = README.index(f"## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start:end if end > 0 else None]


def _snippets() -> dict[str, str]:
    """The Python blocks of "Using the data", by the library each imports."""
    blocks = re.findall(r"```python\n(.*?)```", _section("Using the data"), re.S)
    return {re.search(r"^import (\w+)", block, re.M).group(1): block for block in blocks}


def test_using_the_data_has_one_snippet_per_library():
    assert sorted(_snippets()) == ["duckdb", "pandas", "polars"]


@pytest.mark.parametrize("library", ["pandas", "polars", "duckdb"])
def test_snippet_runs_and_finds_the_three_corrected_cells(library, monkeypatch):
    monkeypatch.chdir(ROOT)
    namespace: dict = {}
    exec(compile(_snippets()[library], f"README ({library})", "exec"), namespace)
    corrected = namespace["corrected"]
    if library == "polars":
        corrected = corrected.to_pandas()
    # From the document: HAVO/VWO 2024 NL printed 1500.00% (15.00 meant); the 2022 middle-income
    # NL and high-income NPLV cells exchanged (9.39 and 52.16).
    found = {(r.indicator_id, int(r.year), str(r.area)): (r.value_printed, r.value) for r in corrected.itertuples()}
    assert found == {
        ("schooladvies-havo-vwo", 2024, "NL"): (1500.0, 15.0),
        ("middeninkomen", 2022, "NL"): (9.39, 52.16),
        ("hoog-inkomen", 2022, "NPLV"): (52.16, 9.39),
    }


def test_column_lists_match_the_schemas():
    start, end = README_MARKERS
    generated = README.split(start, 1)[1].split(end, 1)[0]
    assert generated.strip() == columns_markdown().strip(), (
        "README column lists are stale: run python -c 'from pipeline.package import update_readme; update_readme()'"
    )


def test_quick_start_has_two_commands_and_ci_runs_the_test_command():
    block = re.search(r"## Quick start\n\n```sh\n(.*?)```", README, re.S).group(1)
    commands = [line for line in block.splitlines() if line.strip()]
    assert len(commands) == 2
    assert "-m pipeline run" in commands[0] and "-m pytest" in commands[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci.splitlines()
    assert os.access(ROOT / ".ci" / "run", os.X_OK)

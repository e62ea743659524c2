"""The README's and the docs' promises: their snippets run, the data dictionary's column lists match
the schemas, the README's Quick start is what CI runs, the README stays short, and every relative
link points at a file of the repository."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from pipeline.package import COLUMNS_MARKERS, columns_markdown
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
DATA_DICTIONARY = (ROOT / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
README_MAX_CHARS = 6000

# Pages linked before they exist because another branch writes them; remove an entry once its
# page is in the repository (the link is then checked like any other).
def _section(text: str, title: str) -> str:
    start = text.index(f"## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end if end > 0 else None]


def _snippets() -> dict[str, str]:
    """The Python blocks of "Using the data" (README: pandas; data dictionary: the others), by the
    library each imports."""
    blocks = [block for text in (README, DATA_DICTIONARY)
              for block in re.findall(r"```python\n(.*?)```", _section(text, "Using the data"), re.S)]
    return {re.search(r"^import (\w+)", block, re.M).group(1): block for block in blocks}


def test_readme_has_one_snippet_and_the_data_dictionary_the_others():
    assert [re.search(r"^import (\w+)", b, re.M).group(1)
            for b in re.findall(r"```python\n(.*?)```", README, re.S)] == ["pandas"]
    assert sorted(_snippets()) == ["duckdb", "pandas", "polars"]


@pytest.mark.parametrize("library", ["pandas", "polars", "duckdb"])
def test_snippet_runs_and_finds_the_three_corrected_cells(library, monkeypatch):
    monkeypatch.chdir(ROOT)
    namespace: dict = {}
    exec(compile(_snippets()[library], f"docs ({library})", "exec"), namespace)
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


def test_data_dictionary_column_lists_match_the_schemas():
    start, end = COLUMNS_MARKERS
    assert DATA_DICTIONARY.count(start) == 1 and DATA_DICTIONARY.count(end) == 1
    generated = DATA_DICTIONARY.split(start, 1)[1].split(end, 1)[0]
    assert generated.strip() == columns_markdown().strip(), (
        "docs/data-dictionary.md column lists are stale: run "
        "python -c 'from pipeline.package import update_data_dictionary; update_data_dictionary()'"
    )


def test_quick_start_has_two_commands_and_ci_runs_the_test_command():
    block = re.search(r"## Quick start\n\n```sh\n(.*?)```", README, re.S).group(1)
    commands = [line for line in block.splitlines() if line.strip()]
    assert len(commands) == 2
    assert "-m pipeline run" in commands[0] and "-m pytest" in commands[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci.splitlines()
    assert os.access(ROOT / ".ci" / "run", os.X_OK)


def test_readme_is_short():
    assert len(README) <= README_MAX_CHARS, (
        f"README.md has {len(README)} characters (at most {README_MAX_CHARS}): move detail to docs/")


def _pages() -> list[Path]:
    return [ROOT / "README.md", ROOT / "bench" / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def _links(text: str) -> list[str]:
    """Targets of inline Markdown links, outside code blocks."""
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    return re.findall(r"\]\(([^)\s]+)\)", text)


def _anchors(text: str) -> set[str]:
    """GitHub's ids of a page's headings."""
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    return {re.sub(r"[^\w\- ]", "", title.strip().lower()).replace(" ", "-")
            for title in re.findall(r"^#+ (.+)$", text, re.M)}


def test_readme_links_into_docs():
    assert any(link.startswith("docs/") for link in _links(README))


@pytest.mark.parametrize("page", _pages(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_resolves(page):
    broken = []
    for link in _links(page.read_text(encoding="utf-8")):
        if re.match(r"[a-z]+:", link):  # https:, mailto:
            continue
        path, _, anchor = link.partition("#")
        target = (page.parent / path).resolve() if path else page
        if not target.exists():
            broken.append(link)
        elif anchor and target.suffix == ".md" and anchor not in _anchors(target.read_text(encoding="utf-8")):
            broken.append(link)
    assert not broken, f"{page.relative_to(ROOT)}: links to nothing: {broken}"

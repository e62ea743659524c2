"""Mutants of the text edition: random tokens deleted, duplicated and swapped, many times over.

Whatever a mutant reads as, the reader and the validation must end in one of two ways: a result
(cells, and anomalies in a valid frame) or a clean ``InputError`` naming the file. Any other
exception is a bug, even though the command line would still turn it into a one-line error.

The mutants are seeded, so a failure names a mutant that can be rebuilt and read again.
Most run in-process (reader + validation); a few go through the whole run, and a handful
through the command line.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from pipeline.appendix import extract_appendix
from pipeline.catalog import default_catalog
from pipeline.checks import find_anomalies
from pipeline.errors import InputError
from pipeline.sources import TextEdition, open_edition
from schemas.anomalies import Anomalies
from tests.conftest import TEXT_2024

SEED = 2025
MUTANTS = 200
CHUNKS = 10  # test cases the mutants are shared over (parallel workers pick them up)
OPERATIONS = ("delete", "duplicate", "swap")


@pytest.fixture(scope="module")
def original() -> TextEdition:
    return open_edition(TEXT_2024)


@pytest.fixture(scope="module")
def table_lines(original) -> range:
    """Lines of the appendix (from its header to its last cell): most mutations land there."""
    lines = extract_appendix(original).cells["line"].dropna().astype(int)
    header = max(0, int(lines.min()) - 40)
    return range(header, int(lines.max()))


_TOKEN = re.compile(r"\S+")


def mutate(lines: list[str], rng: random.Random, table: range) -> tuple[list[str], list[str]]:
    """1-6 random token operations; returns the mutant's lines and what was done."""
    lines = list(lines)
    done = []

    def pick_token() -> tuple[int, re.Match] | None:
        for _ in range(50):
            index = rng.choice(table) if rng.random() < 0.85 else rng.randrange(len(lines))
            tokens = list(_TOKEN.finditer(lines[index]))
            if tokens:
                return index, rng.choice(tokens)
        return None

    for _ in range(rng.randint(1, 6)):
        operation = rng.choice(OPERATIONS)
        first = pick_token()
        if first is None:
            continue
        index, token = first
        line = lines[index]
        if operation == "delete":
            lines[index] = line[: token.start()] + line[token.end():].lstrip(" ")
        elif operation == "duplicate":
            lines[index] = line[: token.end()] + " " + token.group() + line[token.end():]
        else:
            second = pick_token()
            if second is None:
                continue
            other_index, other = second
            if other_index == index:
                if other.start() == token.start():
                    continue
                a, b = sorted([token, other], key=lambda m: m.start())
                lines[index] = (line[: a.start()] + b.group() + line[a.end(): b.start()] + a.group()
                                + line[b.end():])
            else:
                other_line = lines[other_index]
                lines[index] = line[: token.start()] + other.group() + line[token.end():]
                lines[other_index] = other_line[: other.start()] + token.group() + other_line[other.end():]
        done.append(f"{operation} line {index + 1}")
    return lines, done


def mutants(original: TextEdition, table: range, chunk: int):
    for number in range(chunk, MUTANTS, CHUNKS):
        rng = random.Random(SEED * 1000 + number)
        lines, done = mutate(original.lines, rng, table)
        yield number, TextEdition(Path(f"mutant-{number:03d}.txt"), lines, f"{number:064x}"), done


def read_and_validate(edition: TextEdition) -> str:
    """'read' or 'refused' (InputError naming the file); any other exception propagates."""
    catalog = default_catalog()
    try:
        extraction = extract_appendix(edition, catalog)
    except InputError as exc:
        assert edition.path.name in str(exc) and "\n" not in str(exc)
        return "refused"
    _, anomalies = find_anomalies(extraction.cells, extraction.decisions, catalog)
    Anomalies.validate(anomalies, lazy=True)
    return "read"


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_mutated_text_edition_is_read_or_refused_cleanly(chunk, original, table_lines):
    outcomes = []
    for number, edition, done in mutants(original, table_lines, chunk):
        try:
            outcomes.append(read_and_validate(edition))
        except Exception as exc:  # a bug: say which mutant, so it can be rebuilt
            pytest.fail(f"mutant {number} ({'; '.join(done)}): {type(exc).__name__}: {exc}", pytrace=True)
    assert outcomes  # the chunk held mutants


def test_mutants_differ_from_the_original_and_from_each_other(original, table_lines):
    """Guard: the mutation test reads many different, damaged editions."""
    seen = set()
    for chunk in range(CHUNKS):
        for _, edition, done in mutants(original, table_lines, chunk):
            assert done and edition.lines != original.lines
            seen.add(tuple(edition.lines))
    assert len(seen) > 0.95 * MUTANTS


def test_some_mutants_are_read_and_some_refused(original, table_lines):
    """Guard: the mutations neither always destroy the table nor never touch it."""
    outcomes = [read_and_validate(edition) for _, edition, _ in mutants(original, table_lines, 0)]
    assert "read" in outcomes


@pytest.mark.parametrize("number", [3, 57, 111])
def test_mutant_through_the_whole_run_gives_a_result_or_a_clean_error(number, original, table_lines, tmp_path):
    from pipeline.run import RunSettings, analyse

    _, edition, _ = next(m for m in mutants(original, table_lines, number % CHUNKS) if m[0] == number)
    source = tmp_path / edition.path.name  # the run reads files: write the mutant
    source.write_text("\n".join(edition.lines) + "\n", encoding="utf-8")
    try:
        result = analyse([source], RunSettings(quiet=True, fail_on="never"))
    except InputError as exc:
        assert source.name in str(exc)
        return
    Anomalies.validate(result.anomalies, lazy=True)


@pytest.mark.parametrize("number", [0, 21, 42, 99, 150])
def test_mutant_through_the_cli_never_shows_a_traceback(number, original, table_lines, tmp_path):
    from tests.test_cli import run_cli

    _, edition, _ = next(m for m in mutants(original, table_lines, number % CHUNKS) if m[0] == number)
    source = tmp_path / edition.path.name
    source.write_text("\n".join(edition.lines) + "\n", encoding="utf-8")
    result = run_cli("run", str(source), "--out", str(tmp_path / "out"), "--quiet", "--fail-on", "never")
    assert "Traceback" not in result.stderr
    assert result.returncode in (0, 2), result.stderr
    if result.returncode == 2:
        assert len(result.stderr.splitlines()) == 1 and source.name in result.stderr


def test_a_value_printed_twice_on_a_page_of_values_only_is_reported_and_the_rows_after_it_keep_theirs(original):
    """Found by the mutants: a paragraph on the values-only page of a spread with more values than
    the page has columns could be taken by no row, so the reader crashed (KeyError) while sharing
    the paragraphs out over the rows. It is now one overfull row, reported, and the rows after it
    are read as before."""
    cells = extract_appendix(original).cells
    values_only_page = cells["page"].max()  # the spread's second page carries no labels
    on_page = cells[cells["page"] == values_only_page]
    # A row printed in full on one line, with rows after it: its paragraph already fills the page.
    full = on_page.groupby("row_number").filter(
        lambda r: r["printed"].ne("").all() and r["line"].nunique() == 1 and r.name < on_page["row_number"].max())
    row = full["row_number"].min()
    line = int(full[full["row_number"] == row]["line"].iloc[0]) - 1
    lines = list(original.lines)
    first = lines[line].split()[0]
    lines[line] = lines[line].replace(first, f"{first} {first}", 1)
    mutant = TextEdition(Path("duplicated-value.txt"), lines, "0" * 64)

    extraction = extract_appendix(mutant, default_catalog())
    decisions = extraction.decisions
    assert "overfull_row" in set(decisions["kind"])
    read = extraction.cells.set_index(["indicator_id", "year", "area"])["printed"]
    before = cells.set_index(["indicator_id", "year", "area"])["printed"]
    later = cells[(cells["page"] == values_only_page) & (cells["row_number"] > row)]
    keys = list(zip(later["indicator_id"], later["year"], later["area"]))
    assert keys and all(read[k] == before[k] for k in keys)

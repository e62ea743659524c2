"""Reading the files of tests/regressions: PDFs and extractors' texts of layouts once read wrong
or refused."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from pipeline.appendix import extract_appendix
from pipeline.errors import InputError
from pipeline.sources import open_edition
from tests.support.render_table import golden_cell_texts, load_golden, next_edition

REGRESSIONS = Path(__file__).parent.parent / "regressions"


def read_cells(name: str) -> pd.DataFrame:
    """The appendix cells the pipeline reads from the regression file ``name``."""
    edition = open_edition(REGRESSIONS / name)
    try:
        return extract_appendix(edition).cells
    finally:
        edition.close()


def refusal(name: str) -> str:
    """The one-line message the pipeline refuses the regression text ``name`` with (the test
    fails when it reads it)."""
    edition = open_edition(REGRESSIONS / name)
    try:
        with pytest.raises(InputError) as refused:
            extract_appendix(edition)
    finally:
        edition.close()
    return str(refused.value)


def read_as_printed(name: str) -> tuple[dict, dict]:
    """(cells read, cells printed) of the regression file ``name``, each keyed by (indicator,
    specification, year, area) with the labels' spaces left out: printed as the hand
    transcription has them, for the edition the file's name gives ("-next-": 2025-2026). A word
    a narrow cell broke without a hyphen is joined where the catalog knows it; a renamed one
    ("Bijstandsontvange" / "rs") keeps the break as a space, so spaces are not compared."""
    def key(indicator: str, specification: str, year: int, area: str) -> tuple:
        return "".join(indicator.split()), "".join(specification.split()), year, area

    cells = read_cells(name)
    read = {key(r.indicator, r.specification or "", int(r.year), r.area): r.printed for r in cells.itertuples()}
    golden = load_golden()
    printed = next_edition(golden).cells() if "-next-" in name else golden_cell_texts(golden)
    if name.startswith("pandoc-"):
        printed = {(_typographic(ind), _typographic(spec), year, area): value
                   for (ind, spec, year, area), value in printed.items()}
    return read, {key(*k): v for k, v in printed.items()}


def _typographic(label: str) -> str:
    """A label as pandoc prints it: its Markdown reader sets quotes typographically
    ('Algemeen' as ‘Algemeen’)."""
    return re.sub(r"'([^']*)'", "\u2018\\1\u2019", label)

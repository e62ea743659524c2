"""Reading the files of tests/regressions: PDFs and extractors' texts of layouts once read wrong."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pipeline.appendix import extract_appendix
from pipeline.errors import InputError
from pipeline.sources import open_edition

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

from __future__ import annotations

import csv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "raw"
PDF_2024 = RAW / "nplv-voortgangsrapportage-2024-2025.pdf"
TEXT_2024 = RAW / "nplv-voortgangsrapportage-2024-2025.txt"
GOLDEN = Path(__file__).parent / "golden" / "appendix-2024-2025.csv"


def load_golden_cells() -> list[dict]:
    """The appendix as transcribed by hand from the printed pages (see golden/*.NOTES.md)."""
    with GOLDEN.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        row["row"] = int(row["row"])
        row["year"] = int(row["year"])
    return rows


@pytest.fixture(scope="session")
def golden_cells() -> list[dict]:
    return load_golden_cells()


@pytest.fixture(scope="session")
def pdf_extraction():
    from pipeline.appendix import extract_appendix
    from pipeline.sources import open_edition

    return extract_appendix(open_edition(PDF_2024))


@pytest.fixture(scope="session")
def text_extraction():
    from pipeline.appendix import extract_appendix
    from pipeline.sources import open_edition

    return extract_appendix(open_edition(TEXT_2024))

"""Hand-built cells frames for the validation tests, from the golden transcription."""

from __future__ import annotations

import pandas as pd

from pipeline.appendix.cells import CELL_DTYPES
from pipeline.catalog import default_catalog
from pipeline.numbers import parse_table_value
from tests.conftest import load_golden_cells

STATUS = {"number": "ok", "dash": "not_available", "empty": "missing", "unreadable": "suspect"}

# The two printing errors of the 2024-2025 edition, corrected as the printed page makes plain
# (see tests/golden/appendix-2024-2025.NOTES.md): this is the table as it should have been.
CORRECTIONS = {
    ("Hoog inkomen (meer dan 200 procent van mediane inkomen)", 2022, "NPLV"): "9.39%",
    ("Middeninkomen (60-200 procent van mediane inkomen)", 2022, "NL"): "52.16%",
    ("HAVO/VWO", 2024, "NL"): "15.00%",
}


def cells_frame(golden: list[dict], corrections: dict | None = None) -> pd.DataFrame:
    catalog = default_catalog()
    records = []
    for cell in golden:
        printed = (corrections or {}).get((cell["specification"], cell["year"], cell["area"]), cell["printed"])
        parsed = parse_table_value(printed)
        records.append({
            "edition": "2024-2025",
            "indicator_id": catalog.match(cell["indicator"], cell["specification"]).entry.id,
            "indicator": cell["indicator"],
            "specification": cell["specification"],
            "year": cell["year"],
            "area": cell["area"],
            "printed": printed,
            "value_printed": parsed.value,
            "value": parsed.value,
            "unit": "percent",
            "status": STATUS[parsed.kind],
            "source": "golden.csv",
            "page": 1,
            "bbox": None,
            "line": cell["row"],
            "ocr_confidence": None,
            "ocr_doubt": None,
            "row_number": cell["row"],
        })
    return pd.DataFrame(records, columns=list(CELL_DTYPES)).astype(CELL_DTYPES)


def printed_table() -> pd.DataFrame:
    return cells_frame(load_golden_cells())


def clean_table() -> pd.DataFrame:
    return cells_frame(load_golden_cells(), CORRECTIONS)


def set_printed(frame: pd.DataFrame, index, printed: str) -> pd.DataFrame:
    """A copy of ``frame`` with one cell printed differently."""
    frame = frame.copy()
    parsed = parse_table_value(printed)
    frame.at[index, "printed"] = printed
    frame.at[index, "value_printed"] = parsed.value if parsed.value is not None else pd.NA
    frame.at[index, "value"] = parsed.value if parsed.value is not None else pd.NA
    frame.at[index, "status"] = STATUS[parsed.kind]
    return frame

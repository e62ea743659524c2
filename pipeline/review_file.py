"""The review file's format (``raw/<edition file stem>.review.toml``) as pydantic models.

Every key, its type and its allowed values are declared here; ``docs/review-file.md`` explains
them with an example. A key the models do not know is an error, never ignored: a mistyped
selector would otherwise widen what an entry accepts.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StringConstraints, model_validator

from pipeline.catalog_file import INDICATOR_ID
from pipeline.input_files import FileModel
from schemas.cells import AREAS
from schemas.rules import PERCENT_MAX, PERCENT_MIN, SEVERITY

ANOMALY_ID = r"^a[0-9a-f]{12}$"  # as pipeline.checks.anomaly_id makes them
EDITION = r"^\d{4}(-\d{4})?$"  # as the edition column of schemas/cells.py
YEARS = (1990, 2100)  # as the year column of schemas/cells.py

CheckName = Literal[tuple(SEVERITY)]  # type: ignore[valid-type]
AreaName = Literal[tuple(AREAS)]  # type: ignore[valid-type]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


def _calendar_date(text: str) -> str:
    datetime.date.fromisoformat(text)  # "2026-02-30" matches the pattern but is no date
    return text


# A TOML date (date = 2026-11-28) or the same as text (date = "2026-11-28").
ReviewDate = datetime.date | Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$"), AfterValidator(_calendar_date)]
Correction = Literal["suggested"] | Annotated[float, Field(ge=PERCENT_MIN, le=PERCENT_MAX, allow_inf_nan=False)]

DATE_EXPECTED = 'a date (2026-11-28, or the text "2026-11-28")'


class ReviewEntry(FileModel):
    """One ``[[accept]]`` table: which anomaly is accepted, why, and the correction if any."""

    anomaly_id: str | None = Field(None, pattern=ANOMALY_ID, description='an anomaly id as in anomalies.parquet ("a" and 12 hex digits)')
    check: CheckName | None = Field(None, description='the name of a check of schemas/rules.py, such as "no_scale_slip"')
    edition: str | None = Field(None, pattern=EDITION, description='an edition id such as "2024-2025" or "2023"')
    indicator_id: str | None = Field(None, pattern=INDICATOR_ID, description='an indicator id of the catalog, such as "middeninkomen"')
    year: int | None = Field(None, ge=YEARS[0], le=YEARS[1], description=f"a year from {YEARS[0]} to {YEARS[1]} (a number)")
    area: AreaName | None = Field(None, description="one of " + ", ".join(f'"{a}"' for a in AREAS))
    correction: Correction | None = Field(
        None, description=f'"suggested" or a number from {PERCENT_MIN:g} to {PERCENT_MAX:g}')
    reason: Text = Field(description="a non-empty text saying why the anomaly is accepted")
    reviewer: Text | None = Field(None, description="a non-empty text naming who reviewed it")
    date: ReviewDate | None = Field(None, description=DATE_EXPECTED)
    matches: Literal["one", "all"] = Field(
        "one", description='"one" (the default: the entry accepts exactly one anomaly) or "all"')

    @model_validator(mode="after")
    def names_an_anomaly(self) -> ReviewEntry:
        if self.anomaly_id is None and self.check is None:
            raise ValueError("names no anomaly (give its anomaly_id, or its check and cell: indicator_id, year, area)")
        return self


class ReviewFile(FileModel):
    """A review file: defaults for its entries, and the entries."""

    reviewer: Text | None = Field(None, description="a non-empty text naming who reviewed (the default of every entry)")
    date: ReviewDate | None = Field(None, description=DATE_EXPECTED)
    accept: list[ReviewEntry] = Field(default_factory=list, description="an array of tables ([[accept]])")


def name_entry(table: str, number: int, raw: object) -> str:
    return f"review entry {number}"

"""Anomalies found by the validation stage (``anomalies.parquet``)."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas.rules import SEVERITY


class Anomalies(pa.DataFrameModel):
    """One anomaly: what is wrong, why we think so, and what the value probably should be."""

    anomaly_id: Series[str] = pa.Field(
        unique=True, str_matches=r"^a[0-9a-f]{12}$",
        description="Stable id: the same anomaly gets the same id in every run.",
    )
    check: Series[str] = pa.Field(isin=sorted(SEVERITY), description="Name of the rule that failed (schemas/rules.py).")
    severity: Series[str] = pa.Field(
        isin=["error", "warning", "info"],
        description="error: the printed value is almost surely wrong; warning: suspicious, needs a human; info: noted.",
    )
    edition: Series[str] = pa.Field(description="Edition of the report.")
    source: Series[str] = pa.Field(description="File the anomaly was found in.")
    indicator_id: Series[str] = pa.Field(nullable=True, description="Row concerned; null for a group or the whole table.")
    indicator: Series[str] = pa.Field(nullable=True, description="Indicator label (or the group's label).")
    specification: Series[str] = pa.Field(nullable=True, description="Specificatie label.")
    year: Series[pd.Int64Dtype] = pa.Field(nullable=True, description="Year of the cell; null for a whole row.")
    area: Series[str] = pa.Field(nullable=True, isin=["NPLV", "NL"], description="Area of the cell; null for a whole row.")
    printed: Series[str] = pa.Field(nullable=True, description="The cell as printed.")
    value_printed: Series[pd.Float64Dtype] = pa.Field(nullable=True, description="The number as printed.")
    value_suggested: Series[pd.Float64Dtype] = pa.Field(
        nullable=True, description="What the value probably should be, when the evidence supports one. Never applied by itself."
    )
    message: Series[str] = pa.Field(description="What is wrong and why we think so, in plain words.")
    evidence: Series[str] = pa.Field(description="The numbers behind the message.")
    accepted: Series[bool] = pa.Field(description="A data steward accepted it in the edition's review file.")
    review_reason: Series[str] = pa.Field(nullable=True, description="The steward's reason, when accepted.")
    page: Series[pd.Int64Dtype] = pa.Field(nullable=True, description="Page of the source.")

    class Config:
        strict = True
        ordered = True

    @pa.dataframe_check
    def cell_anomalies_name_their_cell(cls, df: pd.DataFrame) -> Series[bool]:
        return df["year"].isna() == df["area"].isna()

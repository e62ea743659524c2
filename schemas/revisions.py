"""Revisions between two editions of the appendix (``revisions.parquet``)."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas.cells import AREAS

CHANGES = ["revised", "added", "removed", "renamed"]
EDITION = r"^\d{4}(-\d{4})?$"


class Revisions(pa.DataFrameModel):
    """One difference between an edition's appendix and the previous edition's, in a year both print."""

    old_edition: Series[str] = pa.Field(str_matches=EDITION, description="The earlier edition (from its title).")
    new_edition: Series[str] = pa.Field(str_matches=EDITION, description="The later edition (from its title).")
    indicator_id: Series[str] = pa.Field(
        str_matches=r"^[a-z0-9]+(-[a-z0-9]+)*$",
        description="Catalog id of the row (schemas/indicators.toml): rows are matched on it, so a "
        "renamed or moved row is followed; 'unknown-...' for a row the catalog does not know.",
    )
    indicator: Series[str] = pa.Field(
        description="Indicator label as the new edition prints it (as the old one did, for a removed row)."
    )
    specification: Series[str] = pa.Field(
        description="Specificatie label as the new edition prints it (as the old one did, for a removed row)."
    )
    old_indicator: Series[str] = pa.Field(
        nullable=True, description="Indicator label as the old edition prints it; null for an added row."
    )
    old_specification: Series[str] = pa.Field(
        nullable=True, description="Specificatie label as the old edition prints it; null for an added row."
    )
    year: Series[pd.Int64Dtype] = pa.Field(
        nullable=True, ge=1990, le=2100, description="Year of the cell; null for a change to the whole row (renamed)."
    )
    area: Series[str] = pa.Field(
        nullable=True, isin=AREAS, description="Area of the cell (NPLV or NL); null for a change to the whole row."
    )
    old_printed: Series[str] = pa.Field(
        nullable=True, description="The cell as the old edition prints it ('' nothing, '–' no figure); null when it has no such cell."
    )
    new_printed: Series[str] = pa.Field(
        nullable=True, description="The cell as the new edition prints it; null when it has no such cell."
    )
    old_value: Series[pd.Float64Dtype] = pa.Field(
        nullable=True, description="The number old_printed denotes, as printed (value_printed: no review correction)."
    )
    new_value: Series[pd.Float64Dtype] = pa.Field(
        nullable=True, description="The number new_printed denotes, as printed (value_printed)."
    )
    change: Series[str] = pa.Field(
        isin=CHANGES,
        description="revised: a cell of a year both editions print says something else (another number, or a "
        "dash/blank/number for one another); added: a cell of a row only the new edition prints; removed: a "
        "cell of a row only the old edition prints; renamed: the row's labels changed (one record per row).",
    )
    corrects_anomaly: Series[bool] = pa.Field(
        description="The revision corrects an anomaly the old edition was flagged with: the new value is the "
        "suggested one (when there was a suggestion) and the new edition no longer raises that check there."
    )
    corrected_check: Series[str] = pa.Field(
        nullable=True, description="Rule of the corrected anomaly (schemas/rules.py); null if none."
    )
    corrected_anomaly_id: Series[str] = pa.Field(
        nullable=True, str_matches=r"^a[0-9a-f]{12}$",
        description="anomaly_id of the corrected anomaly in the old edition's anomalies.parquet; null if none.",
    )

    class Config:
        strict = True
        ordered = True

    @pa.dataframe_check
    def one_record_per_change(cls, df: pd.DataFrame) -> Series[bool]:
        return ~df.duplicated(["old_edition", "new_edition", "indicator_id", "year", "area", "change"], keep=False)

    @pa.dataframe_check
    def cell_changes_name_their_cell(cls, df: pd.DataFrame) -> Series[bool]:
        whole_row = df["change"] == "renamed"
        return (df["year"].isna() == whole_row) & (df["area"].isna() == whole_row)

    @pa.dataframe_check
    def sides_follow_the_change(cls, df: pd.DataFrame) -> Series[bool]:
        old, new = df["old_printed"].notna(), df["new_printed"].notna()
        change = df["change"]
        return (
            ((change == "revised") & old & new)
            | ((change == "added") & ~old & new)
            | ((change == "removed") & old & ~new)
            | ((change == "renamed") & ~old & ~new)
        )

    @pa.dataframe_check
    def revised_cells_differ(cls, df: pd.DataFrame) -> Series[bool]:
        same_number = (df["old_value"] == df["new_value"]).fillna(False)
        no_numbers = df["old_value"].isna() & df["new_value"].isna()
        same_text = df["old_printed"].str.strip() == df["new_printed"].str.strip()
        unchanged = same_number | (no_numbers & same_text.fillna(False))
        return (df["change"] != "revised") | ~unchanged

    @pa.dataframe_check
    def renamed_rows_changed_a_label(cls, df: pd.DataFrame) -> Series[bool]:
        same = (df["indicator"] == df["old_indicator"]).fillna(False) & (
            df["specification"] == df["old_specification"]
        ).fillna(False)
        return (df["change"] != "renamed") | ~same

    @pa.dataframe_check
    def only_revisions_correct_anomalies(cls, df: pd.DataFrame) -> Series[bool]:
        return ~df["corrects_anomaly"] | (df["change"] == "revised")

    @pa.dataframe_check
    def a_correction_names_its_anomaly(cls, df: pd.DataFrame) -> Series[bool]:
        return (df["corrects_anomaly"] == df["corrected_anomaly_id"].notna()) & (
            df["corrected_anomaly_id"].notna() == df["corrected_check"].notna()
        )

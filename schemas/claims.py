"""Statements in the text checked against the appendix (``claims.parquet``)."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series


class Claims(pa.DataFrameModel):
    """One statement that quotes or compares an appendix indicator, and what the table says."""

    claim_id: Series[str] = pa.Field(unique=True, str_matches=r"^c[0-9a-f]{12}$", description="Stable id of the claim.")
    edition: Series[str] = pa.Field(description="Edition of the report.")
    source: Series[str] = pa.Field(description="File the sentence was read from.")
    page: Series[int] = pa.Field(ge=1, description="Page of the source.")
    line: Series[int] = pa.Field(ge=1, description="Line the claimed figure starts on.")
    sentence: Series[str] = pa.Field(description="The whole sentence.")
    claim_text: Series[str] = pa.Field(description="The figure as printed ('6 keer', '60%').")
    kind: Series[str] = pa.Field(isin=["level", "change", "ratio", "gap", "chart"],
                                 description="level: a value; change: an end of 'van X naar Y'; ratio: NPLV / NL; gap: NL - NPLV; "
                                 "chart: a chart's data label, paired with a cell of the indicator its title or legend names.")
    indicator_id: Series[str] = pa.Field(nullable=True, description="The appendix row the statement speaks of; null when it speaks of a sum of rows (see sum_of), or for a chart whose title and legend name no row (unverifiable).")
    sum_of: Series[str] = pa.Field(nullable=True, description="For a statement about a sum of rows ('7 op de 10 ... huurwoning'): the summed indicator_ids joined by '+', from the catalog's [[aggregate]] entries.")
    area: Series[str] = pa.Field(nullable=True, isin=["NPLV", "NL"], description="Area of a level or change; null for ratio and gap.")
    year_from: Series[pd.Int64Dtype] = pa.Field(nullable=True, description="First year of a range of years judged.")
    year: Series[pd.Int64Dtype] = pa.Field(nullable=True, description="The year the claim is judged for.")
    claimed: Series[float] = pa.Field(description="The claimed number (ratio for 'keer', points for a gap).")
    qualifier: Series[str] = pa.Field(nullable=True, description="bijna, ruim, circa, ... as printed.")
    table_value: Series[pd.Float64Dtype] = pa.Field(nullable=True, description="What the table says (reviewed values).")
    tolerance: Series[str] = pa.Field(description="The interval the wording allows for the table's value.")
    verdict: Series[str] = pa.Field(isin=["consistent", "inconsistent", "unverifiable"], description="The judgement.")
    explanation: Series[str] = pa.Field(description="One sentence: the table's number, and what the wording allows.")
    bbox: Series[object] = pa.Field(
        nullable=True, description="Box of the claimed figure on the PDF page in points from the top-left (x0, top, "
        "x1, bottom); null for a text edition. The QA report shows the printed crop beside a flagged claim.")

    class Config:
        strict = True
        ordered = True

    @pa.dataframe_check
    def names_one_row_or_one_sum(cls, df: pd.DataFrame) -> Series[bool]:
        """A claim names one row or one sum of rows; only a chart that names neither (unverifiable,
        and said so) names none."""
        unnamed_chart = (df["kind"] == "chart") & (df["verdict"] == "unverifiable") & df["indicator_id"].isna()
        return (df["indicator_id"].isna() != df["sum_of"].isna()) | (unnamed_chart & df["sum_of"].isna())

"""Numeric mentions in the body text (``figures.parquet``)."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

UNITS = ["percent", "percentage_point", "euro", "count", "times", "years", "share", "other"]


class Figures(pa.DataFrameModel):
    """One number the text quotes, read the Dutch way, with where it was printed."""

    figure_id: Series[str] = pa.Field(unique=True, str_matches=r"^f[0-9a-f]{12}$", description="Stable id of the mention.")
    edition: Series[str] = pa.Field(description="Edition of the report.")
    source: Series[str] = pa.Field(description="File the mention was read from.")
    page: Series[int] = pa.Field(ge=1, description="Page of the source.")
    line: Series[int] = pa.Field(ge=1, description="Line the mention starts on (text edition: line of the file; PDF: line of the page).")
    section: Series[str] = pa.Field(nullable=True, description="The nearest heading above the mention.")
    sentence: Series[str] = pa.Field(description="The whole sentence, de-hyphenated, spaces normalised.")
    text: Series[str] = pa.Field(description="The mention as printed (a line break inside it as one space).")
    value: Series[float] = pa.Field(description="Full magnitude: '€129,1 miljoen' -> 129100000, '8,17%' -> 8.17, '1 op de 3' -> 0.3333.")
    unit: Series[str] = pa.Field(isin=UNITS, description="percent, percentage_point, euro, count, times, years, share or other.")
    qualifier: Series[str] = pa.Field(nullable=True, description="ruim, bijna, circa, ongeveer, zo'n, tot wel, meer dan, gemiddeld, ... printed before it.")
    range_low: Series[float] = pa.Field(nullable=True, description="Low end of a range ('5 tot 10').")
    range_high: Series[float] = pa.Field(nullable=True, description="High end of a range.")
    area: Series[str] = pa.Field(nullable=True, description="NPLV or NL when the sentence speaks of one of them only.")
    year: Series[pd.Int64Dtype] = pa.Field(nullable=True, description="The year the sentence ties the mention to, if one.")
    bbox: Series[object] = pa.Field(
        nullable=True, description="Box of the mention on the PDF page in points from the top-left (x0, top, x1, "
        "bottom); null for a text edition, or where the mention was not found on its page.")

    class Config:
        strict = True
        ordered = True

    @pa.dataframe_check
    def ranges_are_ordered(cls, df: pd.DataFrame) -> Series[bool]:
        return df["range_low"].isna() | (df["range_low"] < df["range_high"])

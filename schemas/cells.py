"""The cells of the statistical appendix: one row per printed cell (``indicators.parquet``)."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

AREAS = ["NPLV", "NL"]
STATUSES = ["ok", "not_available", "missing", "suspect", "corrected", "break"]
UNITS = ["percent"]
DASHES = ["\u2013", "\u2014", "\u2012", "\u2212", "-"]


class IndicatorCells(pa.DataFrameModel):
    """One printed cell of the appendix table: where it stands, what it says, where it came from."""

    edition: Series[str] = pa.Field(
        str_matches=r"^\d{4}(-\d{4})?$",
        description="Edition of the report, from its title's reporting period (e.g. 2024-2025).",
    )
    indicator_id: Series[str] = pa.Field(
        str_matches=r"^[a-z0-9]+(-[a-z0-9]+)*$",
        description="Stable id of the indicator row from the catalog (schemas/indicators.toml); "
        "'unknown-...' for a row the catalog does not know.",
    )
    indicator: Series[str] = pa.Field(
        str_length={"min_value": 1},
        description="Indicator label as printed; a blank Indicator cell takes the label above.",
    )
    specification: Series[str] = pa.Field(description="Specificatie label as printed; '' if none.")
    year: Series[int] = pa.Field(ge=1990, le=2100, description="Year of the column.")
    area: Series[str] = pa.Field(
        isin=AREAS, description="NPLV: average of the NPLV areas; NL: average of the Netherlands."
    )
    printed: Series[str] = pa.Field(
        description="Cell text exactly as printed; '' when nothing is printed, '–' for no figure."
    )
    value_printed: Series[pd.Float64Dtype] = pa.Field(
        nullable=True, description="The number the printed text denotes, without any correction."
    )
    value: Series[pd.Float64Dtype] = pa.Field(
        nullable=True,
        description="value_printed, or the reviewed correction when one was accepted (status corrected).",
    )
    unit: Series[str] = pa.Field(isin=UNITS, description="Unit of value: percent (0-100).")
    status: Series[str] = pa.Field(
        isin=STATUSES,
        description="ok; not_available (a dash is printed); missing (nothing printed); suspect "
        "(flagged, not corrected); corrected (a reviewed correction set value); break (series break).",
    )
    source: Series[str] = pa.Field(description="File name of the source the cell was read from.")
    page: Series[int] = pa.Field(ge=1, description="Page of the source the cell is printed on.")
    bbox: Series[object] = pa.Field(
        nullable=True,
        description="Box of the printed cell on the PDF page in points from the top-left "
        "(x0, top, x1, bottom); for an empty cell the space it would fill; null for text editions.",
    )
    line: Series[pd.Int64Dtype] = pa.Field(
        nullable=True, description="Line of the text edition the cell was read from; null for PDFs."
    )
    ocr_confidence: Series[pd.Float64Dtype] = pa.Field(
        nullable=True, ge=0, le=100,
        description="For a cell read by OCR from a scanned page: the OCR engine's confidence (0-100) in "
        "its words, the least sure word's; a dash found by its shape gets 90 (50 for a ragged stroke); a cell "
        "read as blank where the page shows ink that OCR did not read gets 0; null for a cell read from a text "
        "layer or a text edition.",
    )
    ocr_doubt: Series[str] = pa.Field(
        nullable=True,
        description="Why a cell read by OCR is doubtful (low confidence, an unsure character, printed "
        "unlike the other cells, read as blank where the page shows ink); null when it is not. A doubtful "
        "cell gets an ocr_confident anomaly.",
    )
    row_number: Series[int] = pa.Field(ge=1, description="Position of the row in the printed table (1 = top).")

    class Config:
        strict = True
        ordered = True

    @pa.dataframe_check
    def only_ocr_cells_have_a_confidence(cls, df: pd.DataFrame) -> Series[bool]:
        return df["ocr_confidence"].notna() | df["ocr_doubt"].isna()

    @pa.dataframe_check
    def one_cell_per_indicator_year_area(cls, df: pd.DataFrame) -> Series[bool]:
        return ~df.duplicated(["edition", "source", "indicator_id", "year", "area"], keep=False)

    @pa.dataframe_check
    def status_follows_printed_text(cls, df: pd.DataFrame) -> Series[bool]:
        empty = df["printed"].str.strip() == ""
        dash = df["printed"].str.strip().isin(DASHES)
        return (
            (empty == (df["status"] == "missing"))
            & (dash == (df["status"] == "not_available"))
        )

    @pa.dataframe_check
    def number_read_from_every_ok_cell(cls, df: pd.DataFrame) -> Series[bool]:
        return ~df["status"].isin(["ok", "corrected", "break"]) | df["value_printed"].notna()

    @pa.dataframe_check
    def value_is_printed_unless_corrected(cls, df: pd.DataFrame) -> Series[bool]:
        same = (df["value"] == df["value_printed"]).fillna(False) | (df["value"].isna() & df["value_printed"].isna())
        return same | (df["status"] == "corrected")

    @pa.dataframe_check
    def provenance_is_a_box_or_a_line(cls, df: pd.DataFrame) -> Series[bool]:
        return df["bbox"].notna() | df["line"].notna()

    @pa.check("bbox", element_wise=True)
    def bbox_is_a_box(cls, bbox) -> bool:
        if bbox is None:
            return True
        try:
            return bbox["x0"] <= bbox["x1"] and bbox["top"] <= bbox["bottom"]
        except (TypeError, KeyError):
            return False


class ExtractionDecisions(pa.DataFrameModel):
    """A choice a reader made that the document does not state (e.g. where a ragged row's
    missing values go), or a row it could not place; the validation stage reports them."""

    edition: Series[str] = pa.Field(description="Edition of the report.")
    source: Series[str] = pa.Field(description="File name of the source.")
    kind: Series[str] = pa.Field(
        isin=["reading", "ragged_row", "split_row", "overfull_row", "overfull_cell", "wrapped_cell", "empty_row",
              "stray_text", "unknown_row", "renamed_row", "spread_rows", "page_over_budget", "ocr_page",
              "label_spacing", "label_order", "label_alike", "short_table", "pages_counted"],
        description="What was decided: reading (which reading of the table won, and the runner-up), "
        "ragged_row (fewer values than columns), split_row (a row's values over several paragraphs, "
        "or its label over a page break, or a row written on the line of the row before), "
        "overfull_row/overfull_cell (more values than room), "
        "wrapped_cell (a value's unit wrapped onto the line below its figure, read as one cell), "
        "empty_row (a label without values), stray_text (text in no row or column), unknown_row, "
        "renamed_row (a row known by one label part only, the other renamed), spread_rows (a part "
        "of a spread without labels has another number of rows than the labelled part), "
        "page_over_budget (a page left out because it passed a budget of pipeline/budgets.py), "
        "ocr_page (a page without a usable text layer, read by OCR: the engine, its confidence, the skew), "
        "label_spacing (a label whose words the text runs together, read with its catalog label's spaces), "
        "label_order (a label whose lines the text writes out of order, read in its catalog label's order), "
        "label_alike (a row whose labels are not its catalog row's letter for letter but read alike, read as "
        "that row), "
        "short_table (the table's newest year is before the report's period: its last columns may be cut off), "
        "pages_counted (a text that marks no page breaks, paged where the table's header repeats: a page a "
        "message names is such a counted page).",
    )
    indicator_id: Series[str] = pa.Field(nullable=True, description="Row concerned, if any.")
    indicator: Series[str] = pa.Field(nullable=True, description="Indicator label of the row.")
    specification: Series[str] = pa.Field(nullable=True, description="Specificatie label of the row.")
    page: Series[pd.Int64Dtype] = pa.Field(nullable=True, description="Page of the source.")
    line: Series[pd.Int64Dtype] = pa.Field(nullable=True, description="Line of a text edition.")
    message: Series[str] = pa.Field(description="What was found, in plain words.")
    chosen: Series[str] = pa.Field(description="The placement chosen ('' if none was needed).")
    alternatives: Series[str] = pa.Field(description="Runner-up placements, '||'-separated, best first.")
    cost: Series[pd.Float64Dtype] = pa.Field(nullable=True, description="Implausibility score of the choice.")
    margin: Series[pd.Float64Dtype] = pa.Field(
        nullable=True, description="How much more implausible the runner-up is."
    )
    ambiguous: Series[bool] = pa.Field(description="The runner-up was almost as plausible.")

    class Config:
        strict = True
        ordered = True

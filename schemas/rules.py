"""The rules an edition's table must hold. Each rule is a named Pandera check; one lazy
validation pass over the annotated cells yields every failure, and ``pipeline.checks`` turns
each failure into an explained anomaly with a suggestion where the evidence supports one.

The statistics the rules read (what a cell's series expects, group sums, candidate fixes) are
computed by ``pipeline.checks.annotate``; the thresholds live here, with the rules.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

PERCENT_MIN, PERCENT_MAX = 0.0, 100.0

# Severity of each rule's failures: error (the printed value is almost surely wrong), warning
# (suspicious, needs a human), info (noted). Some checks refine this per case (see pipeline.checks).
SEVERITY = {
    "percent_within_bounds": "error",
    "no_scale_slip": "error",
    "no_digit_transposition": "error",
    "no_swapped_cells": "error",
    "group_totals_add_up": "error",
    "group_bounds_hold": "error",
    "no_spike": "warning",
    "no_level_shift": "warning",
    "no_break_in_series": "warning",
    "cell_readable": "error",
    "cell_printed": "warning",
    "decimal_point_used": "warning",
    "decimals_as_in_table": "info",
    "ocr_confident": "warning",
    "row_values_fit_columns": "error",
    "rows_complete": "info",
    "rows_in_one_piece": "info",
    "no_stray_text": "warning",
    "every_row_known": "warning",
    "rows_named_as_in_catalog": "info",
    "every_row_has_values": "warning",
    "spread_parts_align": "error",
    "pages_within_budget": "warning",
    "table_reaches_report_period": "error",
    "pages_have_text": "info",
    "pages_marked": "info",
    "labels_spaced_as_printed": "info",
    "labels_in_printed_order": "info",
    "sources_agree": "warning",
    "claim_vs_table": "warning",
    "text_states_one_value": "warning",
    "text_shares_add_up": "warning",
    "review_entries_match": "warning",
}
SEVERITY_ORDER = {"info": 0, "warning": 1, "error": 2}


class CellRules(pa.DataFrameModel):
    """Rules on the cells of one table, read with the annotations that ``annotate`` adds."""

    observed: Series[pd.Float64Dtype] = pa.Field(nullable=True, description="Printed number of an ok cell.")
    status: Series[str]
    group_sum: Series[pd.Float64Dtype] = pa.Field(nullable=True)
    group_total: Series[pd.Float64Dtype] = pa.Field(nullable=True)
    group_tolerance: Series[pd.Float64Dtype] = pa.Field(nullable=True)
    group_max: Series[pd.Float64Dtype] = pa.Field(nullable=True)
    scale_suggestion: Series[pd.Float64Dtype] = pa.Field(nullable=True)
    transposition_suggestion: Series[pd.Float64Dtype] = pa.Field(nullable=True)
    swap_suggestion: Series[pd.Float64Dtype] = pa.Field(nullable=True)
    spike: Series[bool]
    level_shift: Series[bool]
    series_break: Series[bool]
    decimal_comma: Series[bool]
    printed_decimals: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    table_decimals: Series[pd.Int64Dtype] = pa.Field(nullable=True)

    class Config:
        strict = False  # the annotated frame carries the cells' own columns too

    @pa.dataframe_check
    def percent_within_bounds(cls, df: pd.DataFrame) -> Series[bool]:
        """A percentage lies between 0 and 100."""
        return (df["observed"].isna() | df["observed"].between(PERCENT_MIN, PERCENT_MAX)).astype(bool)

    @pa.dataframe_check
    def no_scale_slip(cls, df: pd.DataFrame) -> Series[bool]:
        """No value is off by a power of ten that, undone, restores its group and series."""
        return df["scale_suggestion"].isna()

    @pa.dataframe_check
    def no_digit_transposition(cls, df: pd.DataFrame) -> Series[bool]:
        """No group total is broken by a value whose digits, reordered, restore it."""
        return df["transposition_suggestion"].isna()

    @pa.dataframe_check
    def no_swapped_cells(cls, df: pd.DataFrame) -> Series[bool]:
        """No two cells of a year sit in each other's place (exchanged, both series are restored)."""
        return df["swap_suggestion"].isna()

    @pa.dataframe_check
    def group_totals_add_up(cls, df: pd.DataFrame) -> Series[bool]:
        """Rows of a group that splits a whole add up to it, within rounding."""
        off = (df["group_sum"] - df["group_total"]).abs() > df["group_tolerance"]
        return ~off.fillna(False).astype(bool)

    @pa.dataframe_check
    def group_bounds_hold(cls, df: pd.DataFrame) -> Series[bool]:
        """Rows of a group that are parts of a whole add up to at most that whole."""
        over = df["group_sum"] > df["group_max"] + 1e-9
        return ~over.fillna(False).astype(bool)

    @pa.dataframe_check
    def no_spike(cls, df: pd.DataFrame) -> Series[bool]:
        """A series does not jump away for one year and straight back."""
        return ~df["spike"]

    @pa.dataframe_check
    def no_level_shift(cls, df: pd.DataFrame) -> Series[bool]:
        """A series does not move to another level in one area only."""
        return ~df["level_shift"]

    @pa.dataframe_check
    def no_break_in_series(cls, df: pd.DataFrame) -> Series[bool]:
        """NPLV and NL do not both move to another level in the same year (a change of method?)."""
        return ~df["series_break"]

    @pa.dataframe_check
    def cell_readable(cls, df: pd.DataFrame) -> Series[bool]:
        """Every printed cell reads as a number or a dash."""
        return df["status"] != "suspect"

    @pa.dataframe_check
    def cell_printed(cls, df: pd.DataFrame) -> Series[bool]:
        """Every cell prints a number or a dash; an empty cell is not the table's convention."""
        return df["status"] != "missing"

    @pa.dataframe_check
    def decimal_point_used(cls, df: pd.DataFrame) -> Series[bool]:
        """The table writes decimals with a point."""
        return ~df["decimal_comma"]

    @pa.dataframe_check
    def decimals_as_in_table(cls, df: pd.DataFrame) -> Series[bool]:
        """A value prints as many decimals as the rest of the table."""
        same = df["printed_decimals"] == df["table_decimals"]
        return (df["printed_decimals"].isna() | same.fillna(True)).astype(bool)

    @pa.dataframe_check
    def ocr_confident(cls, df: pd.DataFrame) -> Series[bool]:
        """A cell read by OCR is read with confidence and printed like the other cells."""
        return df["ocr_doubt"].isna()


class DecisionRules(pa.DataFrameModel):
    """Rules on what the reader had to decide: a clean table needs no decisions."""

    kind: Series[str]
    ambiguous: Series[bool]

    class Config:
        strict = False

    @pa.dataframe_check
    def row_values_fit_columns(cls, df: pd.DataFrame) -> Series[bool]:
        """No row or cell holds more values than the table has room for."""
        return ~df["kind"].isin(["overfull_row", "overfull_cell"])

    @pa.dataframe_check
    def rows_complete(cls, df: pd.DataFrame) -> Series[bool]:
        """Every row prints one value per column (a ragged row needed aligning)."""
        return df["kind"] != "ragged_row"

    @pa.dataframe_check
    def rows_in_one_piece(cls, df: pd.DataFrame) -> Series[bool]:
        """A row's values are printed together."""
        return df["kind"] != "split_row"

    @pa.dataframe_check
    def no_stray_text(cls, df: pd.DataFrame) -> Series[bool]:
        """All text in the table belongs to a row and a column."""
        return df["kind"] != "stray_text"

    @pa.dataframe_check
    def every_row_known(cls, df: pd.DataFrame) -> Series[bool]:
        """Every row is in the indicator catalog."""
        return df["kind"] != "unknown_row"

    @pa.dataframe_check
    def rows_named_as_in_catalog(cls, df: pd.DataFrame) -> Series[bool]:
        """Every row is printed with both of its catalog labels, letter for letter (a row renamed
        in one is kept by the other; a row whose labels read alike, a ligature lost, a misprint or
        a rewording, is read as that row: check it is the same thing)."""
        return ~df["kind"].isin(["renamed_row", "label_alike"])

    @pa.dataframe_check
    def every_row_has_values(cls, df: pd.DataFrame) -> Series[bool]:
        """Every labelled row prints values."""
        return df["kind"] != "empty_row"

    @pa.dataframe_check
    def spread_parts_align(cls, df: pd.DataFrame) -> Series[bool]:
        """The parts of a spread have as many rows as each other (values matched in order)."""
        return df["kind"] != "spread_rows"

    @pa.dataframe_check
    def pages_within_budget(cls, df: pd.DataFrame) -> Series[bool]:
        """Every page was read: none passed a budget (its figures are missing from the run)."""
        return df["kind"] != "page_over_budget"

    @pa.dataframe_check
    def table_reaches_report_period(cls, df: pd.DataFrame) -> Series[bool]:
        """The table's newest year is in the report's period (both editions print up to its first
        year): a table cut between two years at a page's edge prints a smaller table, whole."""
        return df["kind"] != "short_table"

    @pa.dataframe_check
    def pages_have_text(cls, df: pd.DataFrame) -> Series[bool]:
        """The table's pages have a text layer (a page read by OCR may be misread: see its cells'
        ocr_confidence)."""
        return df["kind"] != "ocr_page"

    @pa.dataframe_check
    def pages_marked(cls, df: pd.DataFrame) -> Series[bool]:
        """The text marks its page breaks (one that marks none is paged where the table's header
        repeats, so that a row the break split reads as one: a page its messages name is counted so)."""
        return df["kind"] != "pages_counted"

    @pa.dataframe_check
    def labels_spaced_as_printed(cls, df: pd.DataFrame) -> Series[bool]:
        """Every label is read with its words apart (a text that runs them together gives the
        catalog label's spaces where its letters are that label's, else the label as found)."""
        return df["kind"] != "label_spacing"

    @pa.dataframe_check
    def labels_in_printed_order(cls, df: pd.DataFrame) -> Series[bool]:
        """Every label is read in the order the text writes its lines (a text that writes a
        cell's lines out of order gives the catalog label's order where its words spell it)."""
        return df["kind"] != "label_order"


class SourceRules(pa.DataFrameModel):
    """Two sources of one edition (PDF and text edition) print the same cells."""

    printed: Series[str] = pa.Field(nullable=True)
    printed_other: Series[str] = pa.Field(nullable=True)

    class Config:
        strict = False

    @pa.dataframe_check
    def sources_agree(cls, df: pd.DataFrame) -> Series[bool]:
        return (df["printed"] == df["printed_other"]).fillna(False).astype(bool)


class ClaimRules(pa.DataFrameModel):
    """What the text says of the table agrees with the table."""

    verdict: Series[str]

    class Config:
        strict = False

    @pa.dataframe_check
    def claim_vs_table(cls, df: pd.DataFrame) -> Series[bool]:
        """A statement that quotes or compares an indicator holds within its wording's tolerance."""
        return df["verdict"] != "inconsistent"


class TextRules(pa.DataFrameModel):
    """The text agrees with itself: one fact, one number; a share matches its counts."""

    kind: Series[str]
    consistent: Series[bool]

    class Config:
        strict = False

    @pa.dataframe_check
    def text_states_one_value(cls, df: pd.DataFrame) -> Series[bool]:
        """The same statement about an indicator (kind, year, area) quotes the same number."""
        return (df["kind"] != "repeated") | df["consistent"]

    @pa.dataframe_check
    def text_shares_add_up(cls, df: pd.DataFrame) -> Series[bool]:
        """'8.372 of 11.088 children ... zo'n 76%': a percentage matches the counts it relates."""
        return (df["kind"] != "share") | df["consistent"]

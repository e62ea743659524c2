"""Errors in one line: ``pipeline.errors.describe``."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
import pytest

from pipeline.errors import describe


def _schema_errors() -> pa.errors.SchemaErrors:
    schema = pa.DataFrameSchema({
        "year": pa.Column(int, pa.Check.in_range(2000, 2100)),
        "area": pa.Column(str, pa.Check.isin(["NPLV", "NL"])),
    })
    frame = pd.DataFrame({"year": [2018, 1800, 1900], "area": ["NPLV", "Gem. NL", "NL"]})
    with pytest.raises(pa.errors.SchemaErrors) as raised:
        schema.validate(frame, lazy=True)
    return raised.value


def test_pandera_failures_are_summed_up_by_check_and_column_with_their_values():
    exc = _schema_errors()
    assert str(exc).splitlines()[0].strip() == "{"  # what a first line alone would have said
    line = describe(exc)
    assert "\n" not in line and line.startswith("SchemaErrors: 3 failures: ")
    assert "column year (2x: 1800, 1900)" in line
    assert "column area (1x: 'Gem. NL')" in line
    assert "in_range" in line and "isin" in line


def test_a_message_over_several_lines_is_joined_not_cut():
    line = describe(ValueError("the table header\n  was found twice\n\n on page 58"))
    assert line == "ValueError: the table header was found twice on page 58"


def test_a_long_message_is_cut_at_the_limit_and_says_so():
    line = describe(RuntimeError("x" * 500), limit=50)
    assert len(line) == 50 and line.endswith("…")


def test_an_empty_message_leaves_the_type():
    assert describe(KeyError()) == "KeyError"

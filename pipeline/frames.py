"""Reading a frame's rows as plain Python values, for code that works a row at a time."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd


def records(frame: pd.DataFrame, columns: Sequence[str] | None = None) -> list[dict]:
    """``frame.to_dict("records")`` (of ``columns``, default all), built a column at a time:
    pandas' own boxes every value on its own, which on Arrow-backed text costs several times
    more than converting each column in one call."""
    columns = list(frame.columns if columns is None else columns)
    values = [frame[column].tolist() for column in columns]
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]


def tuples(frame: pd.DataFrame, columns: Sequence[str] | None = None) -> list[tuple]:
    """``frame.itertuples(index=False)`` (of ``columns``, default all) as a list, built a column
    at a time like ``records``. Columns are attributes by name, so names must be identifiers."""
    from collections import namedtuple

    columns = list(frame.columns if columns is None else columns)
    row = namedtuple("Row", columns)
    return [row._make(values) for values in zip(*(frame[column].tolist() for column in columns), strict=True)]

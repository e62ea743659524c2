"""The indicator catalog's file format (``schemas/indicators.toml``) as pydantic models.

The file's own header explains each key; the models say what each may hold. They live beside
the reader (``pipeline.input_files``), not in the ``schemas`` package, which holds the Pandera
models of the frames.
"""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints, model_validator

from pipeline.input_files import FileModel, one_line

INDICATOR_ID = r"^[a-z0-9]+(-[a-z0-9]+)*$"  # as the indicator_id column of schemas/cells.py
# The units schemas/cells.py publishes (its UNITS; a test keeps the two equal). Kept here too so
# that reading the catalog does not import pandera.
UNITS = ("percent",)
AREA_CODES = ("NPLV", "NL")  # the areas schemas/cells.py publishes (its AREAS; a test keeps the two equal)
CYCLE_ANCHOR_YEARS = (1900, 2100)
_ID_SHOWN = 80  # a longer "id" is not named in messages (the table's number still is)

Id = Annotated[str, StringConstraints(pattern=INDICATOR_ID)]
Label = Annotated[str, StringConstraints(pattern=r"^\s*\S")]  # holds more than white space
Keywords = list[Label]
FiniteNumber = Annotated[float, Field(allow_inf_nan=False)]

ID_EXPECTED = 'a slug of lower-case letters, digits and single hyphens, such as "middeninkomen"'
KEYWORDS_EXPECTED = "an array of non-empty texts"


class IndicatorEntry(FileModel):
    """One ``[[indicator]]`` table: a row of the appendix."""

    id: Id = Field(description=ID_EXPECTED)
    indicator: Label = Field(description="a non-empty text: the Indicator label as printed")
    specification: str = Field("", description='a text: the Specificatie label ("" when the row has none)')
    unit: Literal[UNITS] = Field("percent", description="one of " + ", ".join(f'"{u}"' for u in UNITS))  # type: ignore[valid-type]
    cycle: int = Field(1, ge=1, description="a whole number of years, at least 1")
    cycle_anchor: int = Field(2000, ge=CYCLE_ANCHOR_YEARS[0], le=CYCLE_ANCHOR_YEARS[1],
                              description=f"a year from {CYCLE_ANCHOR_YEARS[0]} to {CYCLE_ANCHOR_YEARS[1]}")
    areas: list[Literal[AREA_CODES]] = Field(  # type: ignore[valid-type]
        list(AREA_CODES), min_length=1,
        description="an array of the areas the row is measured for: " + ", ".join(f'"{a}"' for a in AREA_CODES))
    aliases: Keywords = Field(default_factory=list, description='an array of labels ("indicator | specification")')
    keywords: Keywords = Field(default_factory=list, description=KEYWORDS_EXPECTED)
    exclude_keywords: Keywords = Field(default_factory=list, description=KEYWORDS_EXPECTED)
    topic_keywords: Keywords = Field(default_factory=list, description=KEYWORDS_EXPECTED)


class GroupEntry(FileModel):
    """One ``[[group]]`` table: rows whose values add up to a total, or at most to a bound."""

    id: Id = Field(description=ID_EXPECTED)
    label: Label | None = Field(None, description="a non-empty text")
    members: list[Id] = Field(min_length=2, description="an array of at least two indicator ids")
    total: FiniteNumber | None = Field(None, gt=0, description="a number above 0")
    tolerance: FiniteNumber = Field(1.0, ge=0, description="a number, 0 or more")
    max_total: FiniteNumber | None = Field(None, gt=0, description="a number above 0")

    @model_validator(mode="after")
    def states_what_adds_up(self) -> GroupEntry:
        if self.total is None and self.max_total is None:
            raise ValueError("gives neither 'total' nor 'max_total': nothing to check")
        _distinct(self.members)
        return self


class AggregateEntry(FileModel):
    """One ``[[aggregate]]`` table: a sum of rows the text speaks of as one thing."""

    id: Id = Field(description=ID_EXPECTED)
    label: Label | None = Field(None, description="a non-empty text")
    members: list[Id] = Field(min_length=2, description="an array of at least two indicator ids")
    keywords: Keywords = Field(default_factory=list, description=KEYWORDS_EXPECTED)
    exclude_keywords: Keywords = Field(default_factory=list, description=KEYWORDS_EXPECTED)

    @model_validator(mode="after")
    def members_are_distinct(self) -> AggregateEntry:
        _distinct(self.members)
        return self


class CatalogFile(FileModel):
    indicator: list[IndicatorEntry] = Field(default_factory=list, description="an array of tables ([[indicator]])")
    group: list[GroupEntry] = Field(default_factory=list, description="an array of tables ([[group]])")
    aggregate: list[AggregateEntry] = Field(default_factory=list, description="an array of tables ([[aggregate]])")

    @model_validator(mode="after")
    def ids_are_unique_and_known(self) -> CatalogFile:
        """Ids across tables: what no single table's keys can say."""
        first: dict[str, str] = {}
        for number, entry in enumerate(self.indicator, start=1):
            if entry.id in first:
                raise ValueError(f"{name_table('indicator', number, entry.id)}: 'id' repeats that of {first[entry.id]}")
            first[entry.id] = name_table("indicator", number, entry.id)
        for kind, tables in (("group", self.group), ("aggregate", self.aggregate)):
            seen: dict[str, int] = {}
            for number, entry in enumerate(tables, start=1):
                where = name_table(kind, number, entry.id)
                if entry.id in seen:
                    raise ValueError(f"{where}: 'id' repeats that of [[{kind}]] #{seen[entry.id]}")
                seen[entry.id] = number
                if kind == "aggregate" and entry.id in first:
                    raise ValueError(f"{where}: 'id' is the id of {first[entry.id]}; an aggregate needs an id of its own")
                unknown = [m for m in entry.members if m not in first]
                if unknown:
                    raise ValueError(f"{where}: 'members' names unknown indicator ids {_quoted(unknown)}")
        return self


def _distinct(members: list[str]) -> None:
    repeated = [m for m, n in Counter(members).items() if n > 1]
    if repeated:
        raise ValueError(f"names {_quoted(repeated)} more than once in 'members'")


def _quoted(ids: list[str]) -> str:
    return ", ".join(f"'{i}'" for i in ids)


def name_table(kind: str, number: int, raw: Any) -> str:
    """How a message names a table: "[[indicator]] #7 (id 'x')"."""
    table_id = raw.get("id") if isinstance(raw, dict) else raw
    if not isinstance(table_id, str) or not table_id.strip() or len(table_id) > _ID_SHOWN:
        return f"[[{kind}]] #{number}"
    return f"[[{kind}]] #{number} (id '{one_line(table_id)}')"

"""Comparing two editions: what a later edition prints differently in the years both print.

Rows are matched on their catalog id (``indicator_id``), so a row that was renamed (and still
resembles its catalog labels, or is given as an alias) or moved is followed. Every year both
editions print is compared, cell by cell, on what is printed (``value_printed``; a steward's
review corrections are not revisions of the publisher). A year only one edition prints is not a
revision and is not listed (the summary names it).

- ``revised``: the cell says something else: another number, or a dash, a blank and a number
  for one another. A change of notation only (``61%`` -> ``61.00%``, ``12,40%`` -> ``12.40%``) is
  the same number and not a revision.
- ``added`` / ``removed``: each cell of a row only the new / only the old edition prints.
- ``renamed``: one record per row whose Indicator or Specificatie label changed.

A revision ``corrects_anomaly`` when the old edition was flagged on that cell and the new edition
prints the suggested value (when the anomaly suggested one) and no longer raises that check there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.catalog import normalize_label
from pipeline.errors import PipelineError
from pipeline.publish import base_metadata, parquet_writer, write_outputs
from pipeline.run_types import RunResult
from schemas.cells import AREAS

REVISION_DTYPES = {
    "old_edition": "str",
    "new_edition": "str",
    "indicator_id": "str",
    "indicator": "str",
    "specification": "str",
    "old_indicator": "str",
    "old_specification": "str",
    "year": "Int64",
    "area": "str",
    "old_printed": "str",
    "new_printed": "str",
    "old_value": "Float64",
    "new_value": "Float64",
    "change": "str",
    "corrects_anomaly": "bool",
    "corrected_check": "str",
    "corrected_anomaly_id": "str",
}
REVISION_COLUMNS = list(REVISION_DTYPES)
# How close a new value must be to an anomaly's suggestion to be that suggestion (half the last
# printed decimal of a two-decimal table).
SUGGESTION_TOLERANCE = 0.005
_SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}
_CHANGE_RANK = {"renamed": 0, "revised": 1, "removed": 2, "added": 3}


class EditionsError(PipelineError):
    """A run result that does not hold exactly one edition was given to the diff (exit code 2)."""


def edition_of_result(result: RunResult, side: str = "") -> str:
    """The one edition a ``RunResult`` holds."""
    editions = sorted(result.cells["edition"].unique()) if len(result.cells) else []
    if len(editions) != 1:
        held = ", ".join(editions) or "none"
        raise EditionsError(f"the {side + ' ' if side else ''}run holds {len(editions)} editions ({held}); "
                            "a diff compares one edition with one other")
    return str(editions[0])


def years_compared(old: RunResult, new: RunResult) -> list[int]:
    """The years both editions print."""
    return sorted(set(old.cells["year"].astype(int)) & set(new.cells["year"].astype(int)))


def diff_editions(old: RunResult, new: RunResult) -> pd.DataFrame:
    """Every revision between two analysed editions , validated by
    ``schemas.revisions.Revisions``; one edition in each."""
    from schemas.revisions import Revisions

    old_id, new_id = edition_of_result(old, "old"), edition_of_result(new, "new")
    years = years_compared(old, new)
    key = ["indicator_id", "year", "area"]
    columns = key + ["printed", "value_printed"]
    old_cells = old.cells[old.cells["year"].isin(years)][columns]
    new_cells = new.cells[new.cells["year"].isin(years)][columns]
    merged = old_cells.merge(new_cells, on=key, how="outer", suffixes=("_old", "_new"), indicator="side")
    old_rows, new_rows = _rows(old.cells), _rows(new.cells)
    flags = _cell_anomalies(old.anomalies, old_id)
    still_flagged = _flagged_checks(new.anomalies, new_id)

    records = []
    for cell in merged.itertuples(index=False):
        side = str(cell.side)
        if side == "both":
            if _same_cell(cell.printed_old, cell.value_printed_old, cell.printed_new, cell.value_printed_new):
                continue
            change = "revised"
        else:
            change = "removed" if side == "left_only" else "added"
        labels = new_rows.get(cell.indicator_id) or old_rows[cell.indicator_id]
        previous = old_rows.get(cell.indicator_id)
        record = {
            "indicator_id": cell.indicator_id,
            "indicator": labels["indicator"],
            "specification": labels["specification"],
            "old_indicator": previous["indicator"] if previous else None,
            "old_specification": previous["specification"] if previous else None,
            "year": int(cell.year),
            "area": cell.area,
            "old_printed": cell.printed_old if side != "right_only" else None,
            "new_printed": cell.printed_new if side != "left_only" else None,
            "old_value": _number(cell.value_printed_old),
            "new_value": _number(cell.value_printed_new),
            "change": change,
            "corrects_anomaly": False,
            "corrected_check": None,
            "corrected_anomaly_id": None,
        }
        if change == "revised":
            corrected = _corrected(flags.get((cell.indicator_id, int(cell.year), cell.area), []),
                                   record["new_value"], still_flagged.get((cell.indicator_id, int(cell.year), cell.area), set()))
            if corrected is not None:
                record.update(corrects_anomaly=True, corrected_check=corrected["check"],
                              corrected_anomaly_id=corrected["anomaly_id"])
        records.append(record)
    for indicator_id in sorted(set(old_rows) & set(new_rows)):
        before, after = old_rows[indicator_id], new_rows[indicator_id]
        if (normalize_label(before["indicator"]), normalize_label(before["specification"])) != (
            normalize_label(after["indicator"]), normalize_label(after["specification"])
        ):
            records.append({
                "indicator_id": indicator_id, "indicator": after["indicator"], "specification": after["specification"],
                "old_indicator": before["indicator"], "old_specification": before["specification"],
                "year": None, "area": None, "old_printed": None, "new_printed": None, "old_value": None,
                "new_value": None, "change": "renamed", "corrects_anomaly": False, "corrected_check": None,
                "corrected_anomaly_id": None,
            })

    def order(record: dict) -> tuple:
        row = new_rows.get(record["indicator_id"]) or old_rows[record["indicator_id"]]
        year = -1 if record["year"] is None else record["year"]
        area = -1 if record["area"] is None else AREAS.index(record["area"])
        return (row["row_number"], record["indicator_id"], year, area, _CHANGE_RANK[record["change"]])

    records.sort(key=order)
    frame = pd.DataFrame.from_records(
        [{"old_edition": old_id, "new_edition": new_id, **r} for r in records], columns=REVISION_COLUMNS
    )
    frame = frame.astype(REVISION_DTYPES)
    return Revisions.validate(frame, lazy=True)


def _rows(cells: pd.DataFrame) -> dict[str, dict]:
    """Labels and printed position of each row (indicator_id) of an edition."""
    first = cells.sort_values(["row_number", "year", "area"]).drop_duplicates("indicator_id")
    return {
        r.indicator_id: {"indicator": r.indicator, "specification": r.specification, "row_number": int(r.row_number)}
        for r in first.itertuples(index=False)
    }


def _same_cell(old_printed, old_value, new_printed, new_value) -> bool:
    old_number, new_number = _number(old_value), _number(new_value)
    if old_number is not None or new_number is not None:
        return old_number == new_number
    return str(old_printed).strip() == str(new_printed).strip()


def _number(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _cell_anomalies(anomalies: pd.DataFrame, edition: str) -> dict[tuple, list[dict]]:
    """The old edition's anomalies on single cells, most severe first, suggestions first."""
    if anomalies is None or anomalies.empty:
        return {}
    cells = anomalies[
        (anomalies["edition"] == edition) & anomalies["indicator_id"].notna() & anomalies["year"].notna()
        & anomalies["area"].notna()
    ]
    found: dict[tuple, list[dict]] = {}
    for record in cells.to_dict("records"):
        found.setdefault((record["indicator_id"], int(record["year"]), record["area"]), []).append(record)
    for candidates in found.values():
        candidates.sort(key=lambda a: (_SEVERITY_RANK.get(a["severity"], 3), pd.isna(a["value_suggested"]), a["anomaly_id"]))
    return found


def _flagged_checks(anomalies: pd.DataFrame, edition: str) -> dict[tuple, set[str]]:
    if anomalies is None or anomalies.empty:
        return {}
    cells = anomalies[(anomalies["edition"] == edition) & anomalies["year"].notna() & anomalies["area"].notna()]
    found: dict[tuple, set[str]] = {}
    for record in cells[["indicator_id", "year", "area", "check"]].itertuples(index=False):
        found.setdefault((record.indicator_id, int(record.year), record.area), set()).add(record.check)
    return found


def _corrected(candidates: list[dict], new_value: float | None, flagged_now: set[str]) -> dict | None:
    """The old anomaly a revised cell corrects, if any."""
    for anomaly in candidates:
        if anomaly["check"] in flagged_now:
            continue
        suggested = _number(anomaly["value_suggested"])
        if suggested is not None and (new_value is None or abs(new_value - suggested) > SUGGESTION_TOLERANCE):
            continue
        return anomaly
    return None


# --------------------------------------------------------------------------------------------
# Publishing and showing


def revisions_metadata(old: RunResult, new: RunResult) -> dict[str, str]:
    """Key-value metadata of revisions.parquet: both editions and their primary sources."""
    old_id, new_id = edition_of_result(old, "old"), edition_of_result(new, "new")
    provenance = {old_id: old.provenance[old_id], new_id: new.provenance[new_id]}
    metadata = base_metadata(provenance)
    metadata.update({
        "old_edition": old_id,
        "new_edition": new_id,
        "old_source": "{}={}".format(*old.provenance[old_id]),
        "new_source": "{}={}".format(*new.provenance[new_id]),
        "years_compared": ",".join(str(y) for y in years_compared(old, new)),
    })
    return metadata


def revisions_parquet(revisions: pd.DataFrame, old: RunResult, new: RunResult) -> Callable[[Path], None]:
    """A writer for ``pipeline.publish.write_outputs``: revisions.parquet, typed, byte-identical."""
    return parquet_writer(revisions, revisions_metadata(old, new))


def write_revisions(revisions: pd.DataFrame, old: RunResult, new: RunResult, out: Path) -> list[Path]:
    """Write revisions.parquet into ``out`` atomically (other files there are left as they are)."""
    return write_outputs(Path(out), {"revisions.parquet": revisions_parquet(revisions, old, new)})


def revisions_markdown(revisions: pd.DataFrame, old: RunResult, new: RunResult) -> str:
    """The revisions as a Markdown section: readable on a terminal, fit for a CI job summary."""
    old_id, new_id = edition_of_result(old, "old"), edition_of_result(new, "new")
    years = years_compared(old, new)
    only_new = sorted(set(new.cells["year"].astype(int)) - set(years))
    only_old = sorted(set(old.cells["year"].astype(int)) - set(years))
    lines = [f"## Revisions {old_id} \u2192 {new_id}", ""]
    compared = f"{years[0]}\u2013{years[-1]}" if len(years) > 1 else (str(years[0]) if years else "none")
    note = f"Years compared (printed in both editions): {compared}."
    if only_new:
        note += f" Only in {new_id}: {', '.join(map(str, only_new))}."
    if only_old:
        note += f" Only in {old_id}: {', '.join(map(str, only_old))}."
    lines += [note, ""]
    if revisions.empty:
        lines += ["No revisions: every cell of the years compared reads the same, and no row was added, "
                  "removed or renamed.", ""]
        return "\n".join(lines)
    counts = revisions["change"].value_counts()
    parts = []
    for change in ("revised", "added", "removed", "renamed"):
        if counts.get(change, 0):
            text = f"{counts[change]} {change}"
            if change == "revised":
                corrected = int(revisions["corrects_anomaly"].sum())
                text += f" ({corrected} correct{'s' if corrected == 1 else ''} an anomaly of {old_id})"
            parts.append(text)
    lines += [f"**{len(revisions)} change{'s' if len(revisions) != 1 else ''}**: {', '.join(parts)}.", ""]
    lines.append(f"| change | indicator | specification | year | area | {old_id} | {new_id} | corrects |")
    lines.append("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in revisions.itertuples(index=False):
        if r.change == "renamed":
            before, after = _label(r.old_indicator, r.old_specification), _label(r.indicator, r.specification)
        else:
            before, after = _shown(r.old_printed), _shown(r.new_printed)
        cells = [r.change, r.indicator, _short(r.specification), "" if pd.isna(r.year) else str(int(r.year)),
                 "" if pd.isna(r.area) else r.area, before, after, r.corrected_check if r.corrects_anomaly else ""]
        lines.append("| " + " | ".join(_escape(c) for c in cells) + " |")
    lines.append("")
    return "\n".join(lines)


def _shown(printed) -> str:
    if printed is None or (not isinstance(printed, str) and pd.isna(printed)):
        return ""
    return printed if printed.strip() else "(blank)"


def _label(indicator, specification) -> str:
    return f"{indicator} / {specification}" if isinstance(specification, str) and specification else str(indicator)


def _short(text, limit: int = 70) -> str:
    text = "" if text is None or (not isinstance(text, str) and pd.isna(text)) else str(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _escape(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


# --------------------------------------------------------------------------------------------
# From source files


@dataclass
class EditionDiff:
    """Two analysed editions and the revisions between them."""

    old: RunResult
    new: RunResult
    revisions: pd.DataFrame

    @property
    def old_edition(self) -> str:
        return edition_of_result(self.old, "old")

    @property
    def new_edition(self) -> str:
        return edition_of_result(self.new, "new")

    def markdown(self) -> str:
        return revisions_markdown(self.revisions, self.old, self.new)

    def write(self, out: Path) -> list[Path]:
        return write_revisions(self.revisions, self.old, self.new, out)

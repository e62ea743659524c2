"""A data steward's review of an edition: accepted anomalies and reviewed corrections.

The review file sits beside the edition (``raw/<edition file stem>.review.toml``)::

    reviewer = "Name"                  # default for every entry
    [[accept]]
    check = "no_scale_slip"             # or: anomaly_id = "a1b2c3d4e5f6"
    indicator_id = "schooladvies-havo-vwo"
    year = 2024
    area = "NL"
    correction = "suggested"            # or a number; leave out to accept without correcting
    reason = "Sum of the school advice ..."

``docs/review-file.md`` describes every key; ``pipeline.review_file`` declares them. An unknown
key, a value of the wrong type or an impossible value is an input error naming the file, the
entry and the key. An entry accepts exactly one anomaly unless it says ``matches = "all"``.

Accepted corrections set ``value`` and status "corrected"; the printed value is kept in
``value_printed``. Every acceptance is listed in the review log; one that matches no anomaly is
itself reported, so a stale review cannot hide anything.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.checks import anomaly_id
from pipeline.errors import InputError
from pipeline.frames import records
from pipeline.input_files import read_toml, validated
from pipeline.review_file import ReviewFile, name_entry

_SELECTORS = ("anomaly_id", "check", "edition", "indicator_id", "year", "area")
# Review files are a few kilobytes; a larger one is refused before it is read.
MAX_REVIEW_FILE_BYTES = 1 << 20
# Anomalies an ambiguous entry's error message names, of all it matches.
_AMBIGUOUS_SHOWN = 3


@dataclass(frozen=True)
class Acceptance:
    selector: tuple[tuple[str, object], ...]
    reason: str
    reviewer: str
    date: str
    correction: float | str | None  # a number, "suggested", or None (accepted as printed)
    file: str
    entry: int = 0  # its number in the file (1 = the first [[accept]])
    path: Path | None = None  # the review file, for messages
    matches_all: bool = False  # matches = "all": may accept several anomalies

    def matches(self, anomaly: Mapping) -> bool:
        for field, wanted in self.selector:
            have = anomaly[field]
            if pd.isna(have) or str(have) != str(wanted):
                return False
        return True


def review_path_for(source: Path) -> Path:
    return source.with_name(f"{source.stem}.review.toml")


def load_review(path: Path) -> list[Acceptance]:
    """Read a review file; a malformed one is an input error naming the file, entry and key."""
    path = Path(path)
    review = validated(ReviewFile, read_toml(path, "review file", MAX_REVIEW_FILE_BYTES), path, name_entry)
    return [
        Acceptance(
            selector=tuple((k, getattr(entry, k)) for k in _SELECTORS if getattr(entry, k) is not None),
            reason=entry.reason,
            reviewer=_first_given(entry.reviewer, review.reviewer),
            date=_first_given(entry.date, review.date),
            correction=entry.correction,
            file=path.name,
            entry=number,
            path=path,
            matches_all=entry.matches == "all",
        )
        for number, entry in enumerate(review.accept, start=1)
    ]


def _first_given(*values: object) -> str:
    value = next((v for v in values if v is not None), "")
    return value.isoformat() if isinstance(value, datetime.date) else str(value)


def apply_review(
    cells: pd.DataFrame, anomalies: pd.DataFrame, acceptances: list[Acceptance]
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Mark accepted anomalies, apply reviewed corrections, and log both. Inputs are not modified.

    Returns (cells, anomalies, review log). Statuses follow from what remains unaccepted.
    """
    cells = cells.copy()
    anomalies = anomalies.copy()
    log = []
    stale = []
    key = ["edition", "indicator_id", "year", "area"]
    # Rows as plain mappings once: ``anomalies.loc[i]`` per row and acceptance is slow.
    rows = dict(zip(anomalies.index, records(anomalies), strict=True)) if acceptances else {}
    matched = [(a, [i for i, record in rows.items() if a.matches(record)]) for a in acceptances]
    for acceptance, hits in matched:
        if len(hits) > 1 and not acceptance.matches_all:
            raise _ambiguous(acceptance, [rows[i] for i in hits])
    for acceptance, hits in matched:
        if not hits:
            stale.append(acceptance)
            continue
        for i in hits:
            anomaly = rows[i]
            anomalies.at[i, "accepted"] = True
            anomalies.at[i, "review_reason"] = acceptance.reason
            corrected = None
            if acceptance.correction is not None and not pd.isna(anomaly["year"]):
                corrected = anomaly["value_suggested"] if acceptance.correction == "suggested" else float(acceptance.correction)
                if pd.isna(corrected):
                    corrected = None
            if corrected is not None:
                mask = (
                    (cells["edition"] == anomaly["edition"]) & (cells["source"] == anomaly["source"])
                    & (cells["indicator_id"] == anomaly["indicator_id"]) & (cells["year"] == anomaly["year"])
                    & (cells["area"] == anomaly["area"])
                )
                cells.loc[mask, "value"] = float(corrected)
                cells.loc[mask, "status"] = "corrected"
            log.append({
                "anomaly_id": anomaly["anomaly_id"], "check": anomaly["check"], "severity": anomaly["severity"],
                **{k: anomaly[k] for k in key}, "printed": anomaly["printed"],
                "value_printed": anomaly["value_printed"], "value": corrected,
                "action": "corrected" if corrected is not None else "accepted",
                "reason": acceptance.reason, "reviewer": acceptance.reviewer, "date": acceptance.date,
                "review_file": acceptance.file,
            })
    if stale:
        anomalies = pd.concat([anomalies, _stale_anomalies(stale, anomalies)], ignore_index=True)
    return cells, anomalies, pd.DataFrame(log, columns=REVIEW_LOG_COLUMNS)


def _ambiguous(acceptance: Acceptance, hits: list[Mapping]) -> InputError:
    """An entry that would accept several anomalies without saying so: the review must be explicit."""
    shown = "; ".join(_described(hit) for hit in hits[:_AMBIGUOUS_SHOWN]) + ("; ..." if len(hits) > _AMBIGUOUS_SHOWN else "")
    return InputError(
        acceptance.path or acceptance.file,
        f"review entry {acceptance.entry} matches {len(hits)} anomalies ({shown}); an entry accepts one: name its "
        f'cell (indicator_id, year, area) or its anomaly_id, or add matches = "all" to accept them all',
    )


def _described(anomaly: Mapping) -> str:
    cell = [str(anomaly[k]) for k in ("indicator_id", "year", "area") if not pd.isna(anomaly[k])]
    return " ".join([anomaly["anomaly_id"], anomaly["check"], *cell])


REVIEW_LOG_COLUMNS = [
    "anomaly_id", "check", "severity", "edition", "indicator_id", "year", "area", "printed",
    "value_printed", "value", "action", "reason", "reviewer", "date", "review_file",
]


def _stale_anomalies(stale: list[Acceptance], anomalies: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for acceptance in stale:
        selector = dict(acceptance.selector)
        described = ", ".join(f"{k}={v}" for k, v in acceptance.selector)
        rows.append({
            "anomaly_id": anomaly_id("review", acceptance.entry, described),
            "check": "review_entries_match", "severity": "warning",
            "edition": str(selector.get("edition", anomalies["edition"].iloc[0] if len(anomalies) else "")),
            "source": acceptance.file, "indicator_id": selector.get("indicator_id"), "indicator": None,
            "specification": None, "year": selector.get("year"), "area": selector.get("area"),
            "printed": None, "value_printed": None, "value_suggested": None,
            "message": f"review entry {acceptance.entry} ({described}) matches no anomaly of this run: stale or mistyped.",
            "evidence": f"reason given: {acceptance.reason}", "accepted": False, "review_reason": None, "page": None,
        })
    frame = pd.DataFrame(rows)
    if frame["year"].notna().any() != frame["area"].notna().any():
        frame["year"], frame["area"] = None, None
    # The anomalies' own column types: a column of Nones would turn theirs into objects.
    return frame.astype({c: anomalies[c].dtype for c in frame.columns if c in anomalies.columns})

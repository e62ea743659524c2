"""What a run is told (``RunSettings``) and what it gives back (``RunResult``).

Kept apart from the orchestrator (``pipeline.run``) so that stages which take a run's result,
such as the diff of two editions, need not import the orchestrator that calls them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline.budgets import DEFAULT_BUDGETS, Budgets
from pipeline.sources import Edition

DEFAULT_RAW = Path("raw")
DEFAULT_OUT = Path("clean")
FAIL_LEVELS = ("error", "warning", "never")


@dataclass(frozen=True)
class RunSettings:
    out: Path = DEFAULT_OUT
    fail_on: str = "error"  # exit 1 on an unaccepted anomaly at or above this severity
    quiet: bool = False
    previous: tuple[Path, ...] = ()  # sources of the previous edition: its revisions go in the outputs
    budgets: Budgets = DEFAULT_BUDGETS  # how much of an input a run reads (pipeline/budgets.py)


@dataclass
class RunResult:
    """The published frames of one or more editions, and where they came from."""

    cells: pd.DataFrame
    figures: pd.DataFrame
    claims: pd.DataFrame
    anomalies: pd.DataFrame
    review_log: pd.DataFrame
    decisions: pd.DataFrame
    provenance: dict[str, tuple[str, str]] = field(default_factory=dict)  # edition -> (file, sha256)
    sources: dict[str, list[Edition]] = field(default_factory=dict)  # edition -> its sources, primary first
    revisions: pd.DataFrame | None = None  # against a previous edition, when one is given
    previous: RunResult | None = None  # that previous edition, analysed
    written: list[Path] = field(default_factory=list)
    exit_code: int = 0


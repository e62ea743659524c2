"""Placing the values of a ragged row: which columns did the missing values belong to?

A text edition loses the columns: a row with 8 values for 10 columns does not say which two are
empty. We choose the placement that best fits what is known about the data:
- the indicator's measurement cycle (the Leefbaarometer is measured every two years, so a value
  does not belong in an odd year) and its areas (woonduur is not measured for NL);
- series move smoothly from year to year, and an area's series does not jump to the other's level;
- all else equal, a row ends early (the latest figures are the ones not yet available).
Every placement is scored, and the runners-up are kept so the decision can be reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

from pipeline.appendix.model import Slot
from pipeline.catalog import Indicator
from pipeline.numbers import parse_table_value


@dataclass(frozen=True)
class AlignSettings:
    # A figure printed in a year (or an area) the indicator is not measured in.
    off_cycle_cost: float = 10.0
    # An empty cell (or a dash) in a year and area the indicator is measured in.
    empty_measured_cost: float = 0.3
    # Per empty cell, less the later it lies in the row: prefer rows that end early.
    early_gap_cost: float = 0.05
    # Grouping paragraphs into rows (text editions): per value a row lacks, per extra paragraph.
    missing_value_cost: float = 1.0
    merge_cost: float = 0.5
    # A whitespace-only line between two paragraphs hints they are one row split by the extractor.
    soft_break_bonus: float = 0.4
    # A choice that beats the runner-up by less than this is reported as ambiguous.
    ambiguity_margin: float = 0.25
    alternatives_kept: int = 3
    # Above this many placements a row is not searched exhaustively (left-packed instead).
    max_placements: int = 20000


@dataclass(frozen=True)
class Placement:
    slots: tuple[int, ...]  # slot index of each token, increasing
    cost: float


@dataclass(frozen=True)
class Alignment:
    best: Placement
    alternatives: tuple[Placement, ...]

    @property
    def margin(self) -> float | None:
        if not self.alternatives:
            return None
        return self.alternatives[0].cost - self.best.cost


def series_cost(
    values: dict[int, str], slots: list[Slot], entry: Indicator | None, settings: AlignSettings,
    measured: tuple[bool, ...] | None = None,
) -> float:
    """How implausible a full row is: off-cycle figures, jumps within a series, empty cells.
    ``measured``: whether the indicator is measured in each slot's year (computed when omitted)."""
    if measured is None:
        measured = _measured(slots, entry)
    cost = 0.0
    by_area: dict[str, list[tuple[int, float]]] = {}
    for index, slot in enumerate(slots):
        parsed = _parsed(values.get(index, ""))
        if parsed.kind == "number":
            if not measured[index]:
                cost += settings.off_cycle_cost
            by_area.setdefault(slot.area, []).append((slot.year, parsed.value))
        elif parsed.kind in ("empty", "dash") and measured[index]:
            # A dash is no figure either: dashes go where the catalog expects no measurement.
            cost += settings.empty_measured_cost
    for series in by_area.values():
        series.sort()
        for (_, a), (_, b) in zip(series, series[1:]):
            cost += abs(a - b) / ((abs(a) + abs(b)) / 2 + 1.0)
    return cost


def _measured(slots: list[Slot], entry: Indicator | None) -> tuple[bool, ...]:
    """Whether the indicator is measured in each slot: its year (the cycle) and its area."""
    return tuple(entry.measured_in(slot.year) and slot.area in entry.areas if entry else True for slot in slots)


def align_row(
    tokens: list[str],
    slots: list[Slot],
    free: list[int],
    context: dict[int, str],
    entry: Indicator | None,
    settings: AlignSettings = AlignSettings(),
) -> Alignment:
    """Place ``tokens`` (in printed order) into the ``free`` slot indices of a row.

    ``context`` holds the row's cells already known (other pages of the spread), which the
    series cost takes into account.
    """
    n = len(tokens)
    if n > len(free):
        raise ValueError("more tokens than free slots")
    placements: list[Placement] = []
    total = _count_combinations(len(free), n)
    candidates = combinations(range(len(free)), n) if total <= settings.max_placements else [tuple(range(n))]
    measured = _measured(slots, entry)
    for chosen in candidates:
        slot_ids = tuple(free[i] for i in chosen)
        values = dict(context)
        values.update(zip(slot_ids, tokens))
        cost = series_cost(values, slots, entry, settings, measured)
        gaps = [i for i in range(len(free)) if i not in chosen]
        cost += sum(settings.early_gap_cost * (len(free) - 1 - g) / max(len(free), 1) for g in gaps)
        placements.append(Placement(slot_ids, round(cost, 6)))
    placements.sort(key=lambda p: (p.cost, p.slots))
    return Alignment(placements[0], tuple(placements[1 : 1 + settings.alternatives_kept]))


@lru_cache(maxsize=4096)
def _parsed(printed: str):
    return parse_table_value(printed)


def _count_combinations(n: int, k: int) -> int:
    from math import comb

    return comb(n, k)


def describe(placement: Placement, slots: list[Slot], tokens: list[str], free: list[int]) -> str:
    """A placement in words: "2020 NPLV=0.12%; ... | empty: 2021 NPLV, 2021 NL (cost 0.40)"."""
    parts = [f"{slots[s].year} {slots[s].area}={t}" for s, t in zip(placement.slots, tokens)]
    empty = [f"{slots[s].year} {slots[s].area}" for s in free if s not in placement.slots]
    return "; ".join(parts) + (f" | empty: {', '.join(empty)}" if empty else "") + f" (cost {placement.cost:.2f})"


def group_runs(runs: list[list[str]], soft_breaks: list[bool], contexts: list[dict[int, str]],
               entries: list[Indicator | None], slots: list[Slot], slot_ids: list[int], settings: AlignSettings,
               max_runs_per_row: int = 3, a_value_each: bool = False) -> tuple[list[list[int]], int]:
    """Share runs of values (a text's paragraphs or lines, in order) out over the rows of a
    spread's part printed without labels: per row the indices of its runs, and where the runs no
    row takes begin.

    Usually one run is one row; a row may be split over several runs (a value printed off its
    baseline) and a row may have no run at all. The grouping with the lowest total cost wins:
    values a row lacks, runs joined (less where ``soft_breaks`` hints at a split), and the
    plausibility of each row's placement (``contexts``: each row's cells known already).

    With ``a_value_each`` (a part written a value a line), a row takes all its columns' values but
    a quarter, or none, and keeps within a row's worth of runs of where the runs per row so far
    put it: the search stays linear in the runs.
    """
    width = len(slot_ids)
    n_rows, n_runs = len(contexts), len(runs)
    slack = n_runs - n_rows
    inf = float("inf")
    per_row = n_runs / n_rows if a_value_each and n_rows else None
    takes: tuple[int, ...] | range = range(0, max_runs_per_row + 1)
    if per_row is not None:
        takes = (0, *range(max(1, width - width // 4), width + 1))
    best: dict[tuple[int, int], tuple[float, int]] = {(0, 0): (0.0, 0)}
    for i in range(n_rows):
        if per_row is None:  # rows of a few runs each keep near the diagonal
            band = range(max(0, i + min(slack, 0) - 2), min(n_runs, i + max(slack, 0) + 2) + 1)
        else:
            band = range(max(0, round(i * per_row) - width), min(n_runs, round(i * per_row) + width) + 1)
        for j in band:
            if (i, j) not in best:
                continue
            base = best[(i, j)][0]
            for k in takes:
                if j + k > n_runs:
                    break
                tokens = [t for run in runs[j:j + k] for t in run]
                if len(tokens) > width and k != 1:
                    break
                # A single run with more values than the page has columns is still a row (one
                # value too many costs as much as one too few); placing it reports the values
                # that have no column. Without it, such a run could not be taken by any row, and
                # the rows after it would find no values.
                cost = settings.missing_value_cost * abs(width - len(tokens))
                cost += settings.merge_cost * max(k - 1, 0)
                cost -= settings.soft_break_bonus * sum(1 for b in soft_breaks[j:j + k - 1] if b)
                if tokens:
                    cost += align_row(tokens[:width], slots, slot_ids, contexts[i], entries[i], settings).best.cost
                key = (i + 1, j + k)
                if base + cost < best.get(key, (inf, 0))[0]:
                    best[key] = (base + cost, k)
    # Normally every row is reached; if not (the search keeps near the diagonal), the rows past the
    # furthest one reached get no runs and the runs left over are reported as stray.
    reached = max(i for i, _ in best)
    end = max(j for (i, j) in best if i == reached)
    groups: list[list[int]] = [[] for _ in range(n_rows - reached)]
    j = end
    for i in range(reached, 0, -1):
        k = best[(i, j)][1]
        groups.append(list(range(j - k, j)))
        j -= k
    groups.reverse()
    return groups, end

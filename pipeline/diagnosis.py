"""Diagnosis: what each cell's series and group expect, and which printing errors explain what
does not fit.

Candidate explanations compete: a value off by a power of ten (a misplaced decimal point), two
digits exchanged, two cells in each other's place. Each is scored by how much it repairs (cells
brought back to their series, group totals restored); the most convincing is taken, the series
are re-read with it in place, and the search goes on until nothing convincing is left. So one
wrong cell does not make its neighbours look wrong, and a coincidence does not beat a better
explanation.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from statistics import median

import numpy as np
import pandas as pd

from pipeline.catalog import Catalog

SERIES_KEY = ["edition", "source", "indicator_id", "area"]
TABLE_KEY = ["edition", "source"]


@dataclass(frozen=True)
class CheckSettings:
    # A cell more than this many noise units from what its series expects does not fit ...
    misfit_z: float = 4.0
    # ... and a candidate value within this many does.
    fit_z: float = 2.0
    # Noise of a series: its median year-on-year step, but at least these floors.
    noise_floor: float = 0.25  # percentage points
    noise_floor_share: float = 0.03  # of the expected level
    # Powers of ten a misplaced decimal point multiplies by.
    scale_factors: tuple[float, ...] = (0.01, 0.1, 10.0, 100.0)
    # A candidate for a value that is no percentage may be this many times off what is expected.
    near_ratio: float = 1.5
    # A fix must repair at least this much (in noise units; a restored group counts as below).
    min_gain: float = 4.0
    # What a broken group weighs: this much, plus this much per tolerance it is off by.
    group_penalty: float = 6.0
    group_penalty_per_tolerance: float = 2.0
    # A value's misfit counts up to this many noise units (one wild value is one problem).
    z_cap: float = 30.0
    # In a break every area moves by a comparable share: at most this many times the other's.
    comparable_shares: float = 3.0
    # A break moves every area of a row at least this many percentage points.
    break_points: float = 0.5
    # The most fixes one table gets before the search stops.
    max_fixes: int = 50


@dataclass(frozen=True)
class Fix:
    kind: str  # "scale" | "transposition" | "swap"
    values: tuple[tuple[object, float], ...]  # (cell index, value it should have)
    gain: float


def annotate(cells: pd.DataFrame, catalog: Catalog, settings: CheckSettings = CheckSettings()) -> pd.DataFrame:
    """The cells with the statistics the rules read (``schemas.rules.CellRules``).

    Does not modify ``cells``.
    """
    df = cells.copy()
    numeric = df["status"].isin(["ok", "suspect", "corrected", "break"]) & df["value_printed"].notna()
    df["observed"] = df["value_printed"].where(numeric).astype("Float64")
    _group_columns(df, catalog)
    table = _Table(df, catalog)
    fixes = table.search_fixes(settings)
    repaired = dict(table.observed)
    for fix in fixes:
        repaired.update(dict(fix.values))
    suggestion = {kind: {} for kind in ("scale", "transposition", "swap")}
    partner = {}
    for fix in fixes:
        suggestion[fix.kind].update(dict(fix.values))
        if fix.kind == "swap":
            (a, _), (b, _) = fix.values
            partner[a], partner[b] = b, a
    df["expected"] = pd.Series(table.expected, dtype="Float64").reindex(df.index)
    df["noise"] = pd.Series(table.noise, dtype="Float64").reindex(df.index)
    df["z"] = ((df["observed"] - df["expected"]).abs() / df["noise"]).astype("Float64")
    df["scale_suggestion"] = pd.Series(suggestion["scale"], dtype="Float64").reindex(df.index)
    df["transposition_suggestion"] = pd.Series(suggestion["transposition"], dtype="Float64").reindex(df.index)
    df["swap_suggestion"] = pd.Series(suggestion["swap"], dtype="Float64").reindex(df.index)
    df["swap_partner"] = pd.Series(partner, dtype=object).reindex(df.index)
    explained = {i for fix in fixes for i, _ in fix.values}
    table.breaks_spikes_shifts(repaired, explained, settings)
    _printing(df)
    return df


class _Table:
    """Plain-Python views of one cells frame (series, groups, years) for fast lookups."""

    def __init__(self, df: pd.DataFrame, catalog: Catalog):
        self.df = df
        # Plain lists, read once: iterating string columns element by element is slow.
        index = df.index.tolist()
        column = {k: df[k].tolist() for k in ("edition", "source", "indicator_id", "area", "year", "group_id")}
        self.observed = {i: float(v) for i, v in zip(index, df["observed"].tolist()) if not pd.isna(v)}
        self.printed = dict(zip(index, df["printed"].tolist()))
        years = dict(zip(index, column["year"]))
        self.series: dict[tuple, list] = {}
        for i, key in zip(index, zip(*(column[k] for k in SERIES_KEY))):
            self.series.setdefault(key, []).append(i)
        for members in self.series.values():
            members.sort(key=lambda i: years[i])
        self.series_key = {i: key for key, members in self.series.items() for i in members}
        self.row_year: dict[tuple, list] = {}
        for i, key in zip(index, zip(column["edition"], column["source"], column["indicator_id"], column["year"])):
            self.row_year.setdefault(key, []).append(i)
        self.table_year: dict[tuple, list] = {}
        for i, key in zip(index, zip(column["edition"], column["source"], column["year"])):
            self.table_year.setdefault(key, []).append(i)
        groups = {g.id: g for g in catalog.groups}
        self.group_of: dict = {}
        self.group_members: dict[tuple, list] = {}
        for i, key in zip(index, zip(column["edition"], column["source"], column["group_id"], column["year"],
                                     column["area"])):
            if isinstance(key[2], str):
                self.group_of[i] = groups[key[2]]
                self.group_members.setdefault(key, []).append(i)
        self.group_key = {i: key for key, members in self.group_members.items() for i in members}
        self.expected: dict = {}
        self.noise: dict = {}
        self.whole: dict = {}

    # -- series -----------------------------------------------------------------------------
    def series_statistics(self, values: dict, settings: CheckSettings, only: set | None = None) -> None:
        """What each cell's series expects of it (median of the nearest values: two each side,
        or three on the one side there is), and the series' noise (its usual step, with floors).
        A series printed in whole numbers has a noise of at least one. ``only``: the keys of the
        series whose values changed (the others keep their statistics)."""
        if only is None:
            self.expected, self.noise, self.whole = {}, {}, {}
        for key, members in self.series.items():
            if only is not None and key not in only:
                continue
            points = [(i, values[i]) for i in members if i in values]
            numbers = [v for _, v in points]
            for k, (index, _) in enumerate(points):
                before, after = numbers[:k], numbers[k + 1 :]
                if not before and not after:
                    continue
                others = before + after
                whole = len(others) > 1 and all(abs(v - round(v)) < 1e-9 for v in others)
                steps = [abs(b - a) for a, b in zip(others, others[1:])]
                expected = _expectation(before, after)
                self.expected[index] = expected
                self.whole[index] = whole
                self.noise[index] = max(
                    median(steps) if steps else 0.0,
                    1.0 if whole else 0.0,
                    settings.noise_floor,
                    settings.noise_floor_share * abs(expected),
                )

    def z(self, index, value: float) -> float | None:
        if index not in self.expected:
            return None
        return abs(value - self.expected[index]) / self.noise[index]

    def misfit(self, index, value: float, settings: CheckSettings) -> float:
        """How far a value sits from its series, capped (0 when there is no series)."""
        if not 0 <= value <= 100:
            return settings.z_cap
        z = self.z(index, value)
        return 0.0 if z is None else min(z, settings.z_cap)

    # -- groups -----------------------------------------------------------------------------
    def group_deviation(self, index, values: dict, raw: bool = False) -> float | None:
        """How far the cell's group is from adding up beyond its tolerance (0 when it does), or
        with ``raw`` from its exact total; None when the cell is in no complete group."""
        group = self.group_of.get(index)
        if group is None:
            return None
        members = self.group_members[self.group_key[index]]
        if len(members) != len(group.members) or any(m not in values for m in members):
            return None
        total = sum(values[m] for m in members)
        slack = 0.0 if raw else group.tolerance
        if group.total is not None:
            return max(0.0, abs(total - group.total) - slack)
        return max(0.0, total - group.max_total)

    def group_penalty(self, index, values: dict, settings: CheckSettings) -> float:
        """What the group's state weighs: a broken group a lot, and any distance from an exact
        total a little (so of two fixes the one that adds up exactly wins)."""
        group = self.group_of.get(index)
        raw = self.group_deviation(index, values, raw=True)
        if raw is None:
            return 0.0
        broken = self.group_deviation(index, values)
        penalty = settings.group_penalty_per_tolerance * raw / max(group.tolerance, 0.1)
        return penalty + (settings.group_penalty if broken else 0.0)

    # -- the search -------------------------------------------------------------------------
    def search_fixes(self, settings: CheckSettings) -> list[Fix]:
        """The fixes found one after another, each the most convincing given those before it.
        Leaves the series statistics of the values with every fix in place."""
        values = dict(self.observed)
        fixes: list[Fix] = []
        fixed: set = set()
        self.series_statistics(values, settings)
        steps = self.steps(values, settings)
        for _ in range(settings.max_fixes):
            break_like = {i for cells in self.row_year.values() if _moves_together(cells, steps, settings) for i in cells}
            candidates = self._candidates(values, fixed, break_like, settings)
            if not candidates:
                break
            best = max(candidates, key=lambda f: (round(f.gain, 9), -len(f.values)))
            fixes.append(best)
            for index, value in best.values:
                values[index] = value
                fixed.add(index)
            # Only the series of the fixed cells change: re-read those.
            touched = {self.series_key[index] for index, _ in best.values}
            self.series_statistics(values, settings, touched)
            steps.update(self.steps(values, settings, touched))
        return fixes

    def _gain(self, changes: dict, values: dict, settings: CheckSettings) -> float:
        """How much a set of changed values repairs: misfit removed plus group penalties lifted."""
        after = dict(values)
        after.update(changes)
        gain = 0.0
        for index, value in changes.items():
            gain += self.misfit(index, values[index], settings) - self.misfit(index, value, settings)
        for key in {self.group_key[i] for i in changes if i in self.group_key}:
            first = self.group_members[key][0]
            gain += self.group_penalty(first, values, settings) - self.group_penalty(first, after, settings)
        return gain

    def _off(self, index, values: dict, settings: CheckSettings) -> bool:
        """The value misfits its series, or its group does not add up."""
        value = values[index]
        if not 0 <= value <= 100:
            return True
        z = self.z(index, value)
        return (z is not None and z > settings.misfit_z) or bool(self.group_deviation(index, values))

    def _candidates(self, values: dict, fixed: set, break_like: set, settings: CheckSettings) -> list[Fix]:
        candidates = []
        off = [i for i in values if i not in fixed and self._off(i, values, settings)]
        for index in off:
            candidates += self._scale_fixes(index, values, settings)
            candidates += self._transposition_fixes(index, values, settings)
        candidates += self._swap_fixes(values, fixed | break_like, settings)
        return [c for c in candidates if c.gain >= settings.min_gain]

    def _restores(self, index, candidate: float, values: dict) -> bool:
        before = self.group_deviation(index, values)
        after = self.group_deviation(index, {**values, index: candidate})
        return bool(before) and after == 0.0

    def _scale_fixes(self, index, values: dict, settings: CheckSettings) -> list[Fix]:
        value = values[index]
        impossible = not 0 <= value <= 100
        decimals = _decimals(self.printed[index]) or 2
        fixes = []
        for factor in settings.scale_factors:
            candidate = round(value * factor, decimals)
            if not 0 <= candidate <= 100 or candidate == value:
                continue
            z = self.z(index, candidate)
            restores = self._restores(index, candidate, values)
            expected = self.expected.get(index)
            near = expected is not None and _ratio(candidate, expected) <= settings.near_ratio
            in_series = z is not None and (
                z <= (settings.misfit_z if restores else settings.fit_z) or (impossible and near)
            )
            # Borne out by the group it restores, or by the series; a value that is no percentage
            # at all needs only to land near its series.
            if restores and (impossible or z is None or z <= settings.misfit_z) or in_series:
                fixes.append(Fix("scale", ((index, candidate),), self._gain({index: candidate}, values, settings)))
        return fixes

    def _transposition_fixes(self, index, values: dict, settings: CheckSettings) -> list[Fix]:
        group = self.group_of.get(index)
        if group is None or group.total is None or not self.group_deviation(index, values):
            return []
        restoring = [c for c in _digit_swaps(self.printed[index]) if self._restores(index, c, values)]
        fixes = []
        for candidate in restoring:
            z = self.z(index, candidate)
            # The group total is the evidence; the series must not object, unless this is the
            # one reordering of the digits that restores the total.
            if len(restoring) == 1 or z is None or z <= settings.misfit_z:
                gain = self._gain({index: candidate}, values, settings)
                if self.whole.get(index) and abs(candidate - round(candidate)) > 1e-9:
                    gain -= settings.fit_z  # a whole-number series expects a whole number
                fixes.append(Fix("transposition", ((index, candidate),), gain))
        return fixes

    def _swap_fixes(self, values: dict, excluded: set, settings: CheckSettings) -> list[Fix]:
        """Two cells of one year, far apart, both off where they stand; exchanged, both sit near
        their series and at least one fits it (or restores its group)."""
        fixes = []
        for cells in self.table_year.values():
            off = [i for i in cells if i in values and i not in excluded and i in self.expected
                   and self.z(i, values[i]) > settings.fit_z]
            for a, b in itertools.combinations(off, 2):
                va, vb = values[a], values[b]
                if not (self._off(a, values, settings) and self._off(b, values, settings)):
                    continue
                if abs(va - vb) <= settings.misfit_z * min(self.noise[a], self.noise[b]):
                    continue  # lookalike values: exchanging them explains nothing
                anchored, plausible = False, True
                for index, candidate in ((a, vb), (b, va)):
                    z = self.z(index, candidate)
                    if z > settings.misfit_z:
                        plausible = False
                    anchored = anchored or z <= settings.fit_z or self._restores(index, candidate, values)
                if plausible and anchored:
                    fixes.append(Fix("swap", ((a, vb), (b, va)), self._gain({a: vb, b: va}, values, settings)))
        return fixes

    # -- breaks, spikes, shifts -------------------------------------------------------------
    def steps(self, values: dict, settings: CheckSettings, only: set | None = None) -> dict:
        """Each cell's step from the previous value of its series: (change, usual step, previous);
        ``only``: of the series with these keys."""
        steps = {}
        for key, members in self.series.items():
            if only is not None and key not in only:
                continue
            points = [(i, values[i]) for i in members if i in values]
            numbers = [v for _, v in points]
            diffs = [b - a for a, b in zip(numbers, numbers[1:])]
            whole = len(numbers) > 1 and all(abs(v - round(v)) < 1e-9 for v in numbers)
            for k in range(1, len(points)):
                others = [abs(d) for j, d in enumerate(diffs) if j != k - 1]
                noise = max(
                    median(others) if others else 0.0,
                    1.0 if whole else 0.0,
                    settings.noise_floor,
                    settings.noise_floor_share * abs(numbers[k - 1]),
                )
                steps[points[k][0]] = (diffs[k - 1], noise, numbers[k - 1])
        return steps

    def breaks_spikes_shifts(self, repaired: dict, explained: set, settings: CheckSettings) -> None:
        """Breaks (every area moves in one year, the same way, by comparable shares), spikes (one
        year away and straight back) and level shifts (one area moves and stays)."""
        df = self.df
        steps = self.steps(repaired, settings)
        following = {}
        for members in self.series.values():
            points = [i for i in members if i in repaired]
            for a, b in zip(points, points[1:]):
                following[a] = repaired[b]
        breaks = set()
        for cells in self.row_year.values():
            if any(i in explained for i in cells) or not _moves_together(cells, steps, settings):
                continue
            moves = [steps[i] for i in cells]
            if any(abs(d) / n >= settings.misfit_z for d, n, _ in moves) and all(
                abs(d) >= settings.break_points for d, _, _ in moves
            ):
                breaks.update(cells)
        spike, shift = set(), set()
        for index, (change, noise, before) in steps.items():
            if index in explained or index in breaks or abs(change) / noise < settings.misfit_z:
                continue
            after = following.get(index)
            if after is not None and abs(after - before) / noise <= settings.fit_z:
                spike.add(index)
            elif after is None or abs(after - repaired[index]) / noise <= settings.misfit_z:
                shift.add(index)
        df["series_break"] = df.index.isin(list(breaks))
        df["spike"] = df.index.isin(list(spike))
        df["level_shift"] = df.index.isin(list(shift))
        df["previous_value"] = pd.Series({i: s[2] for i, s in steps.items()}, dtype="Float64").reindex(df.index)
        df["step_noise"] = pd.Series({i: s[1] for i, s in steps.items()}, dtype="Float64").reindex(df.index)


def _expectation(before: list[float], after: list[float]) -> float:
    """What a series expects between (or after, or before) its neighbours: the median of the
    nearest values and the straight line through them, so that one wrong neighbour is outvoted
    and a real change of level is followed."""
    if before and after:
        candidates = [before[-1], after[0], (before[-1] + after[0]) / 2] + before[-2:-1] + after[1:2]
    else:
        side = before[::-1] if before else after  # nearest first
        candidates = side[:2] + ([2 * side[0] - side[1]] if len(side) > 1 else [])
    return float(median(candidates))


def _moves_together(cells: list, steps: dict, settings: CheckSettings) -> bool:
    """Every area of a row steps the same way this year, noticeably, by comparable shares."""
    moves = [steps.get(i) for i in cells]
    if len(cells) < 2 or any(m is None for m in moves):
        return False
    if len({np.sign(d) for d, _, _ in moves}) != 1 or any(abs(d) / n < settings.fit_z for d, n, _ in moves):
        return False
    shares = [abs(d) / abs(before) for d, _, before in moves if before]
    return len(shares) == len(moves) and max(shares) <= settings.comparable_shares * min(shares)


def _group_columns(df: pd.DataFrame, catalog: Catalog) -> None:
    member_of = {m: g for g in catalog.groups for m in g.members}
    indicator = df["indicator_id"]
    df["group_id"] = indicator.map({m: g.id for m, g in member_of.items()}).astype(object)
    df["group_id"] = df["group_id"].where(df["group_id"].notna(), None)
    df["group_total"] = indicator.map({m: g.total for m, g in member_of.items()}).astype("Float64")
    df["group_tolerance"] = indicator.map({m: g.tolerance for m, g in member_of.items()}).astype("Float64")
    df["group_max"] = indicator.map({m: g.max_total for m, g in member_of.items()}).astype("Float64")
    sizes = {g.id: len(g.members) for g in catalog.groups}
    keys = [df[k] for k in TABLE_KEY] + [df["group_id"].fillna(""), df["year"], df["area"]]
    grouped = df["observed"].groupby(keys)
    complete = (grouped.transform("count") == df["group_id"].map(sizes)) & df["group_id"].notna()
    df["group_sum"] = grouped.transform("sum").where(complete).astype("Float64")


def _ratio(a: float, b: float) -> float:
    low, high = sorted((abs(a), abs(b)))
    return high / low if low > 0 else float("inf")


def _digit_swaps(printed: str) -> list[float]:
    """Values the printed number would have with two of its digits exchanged."""
    text = printed.strip().rstrip("%").strip()
    digits = [i for i, ch in enumerate(text) if ch.isdigit()]
    out = set()
    for a, b in itertools.combinations(digits, 2):
        if text[a] == text[b]:
            continue
        chars = list(text)
        chars[a], chars[b] = chars[b], chars[a]
        try:
            out.add(float("".join(chars).replace(",", ".")))
        except ValueError:
            continue
    return sorted(out)


def _decimals(printed) -> int | None:
    match = re.search(r"[.,](\d+)\s*%?\s*$", str(printed or ""))
    if match:
        return len(match[1])
    return 0 if re.search(r"\d\s*%?\s*$", str(printed or "")) else None


def _printing(df: pd.DataFrame) -> None:
    numeric = df["value_printed"].notna()
    df["decimal_comma"] = (numeric & df["printed"].str.contains(",", regex=False)).astype(bool)
    decimals = df["printed"].map(_decimals).where(numeric)
    df["printed_decimals"] = decimals.astype("Int64")
    table = decimals.groupby([df[k] for k in TABLE_KEY]).transform(
        lambda d: d.mode().iloc[0] if d.notna().any() else np.nan
    )
    df["table_decimals"] = table.astype("Int64")

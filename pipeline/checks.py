"""Stage 2, validate: find every anomaly in an edition's table, explain it, suggest a fix.

``annotate`` computes, for every cell, what the rules in ``schemas/rules.py`` read: what its
series expects, group sums, and candidate fixes (a power-of-ten slip undone, two digits
reordered, two cells exchanged) that restore both the group and the series. One lazy Pandera
pass collects every failure; ``find_anomalies`` turns each into a row of ``anomalies.parquet``
with a message, the evidence, and a suggested value where the evidence supports one.
Nothing here changes a value: suggestions live in their own column.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from statistics import median
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pandera.pandas as pa

from pipeline.catalog import Catalog
from schemas.anomalies import Anomalies
from schemas.rules import SEVERITY, CellRules, DecisionRules, SourceRules


@dataclass(frozen=True)
class CheckSettings:
    # A cell more than this many noise units from what its series expects does not fit ...
    misfit_z: float = 4.0
    # ... and a candidate value within this many does.
    fit_z: float = 2.0
    # Noise of a series: the median year-on-year change, but at least these floors.
    noise_floor: float = 0.25  # percentage points
    noise_floor_share: float = 0.03  # of the expected level
    # In a break every area moves by a comparable share: at most this many times the other's.
    comparable_shares: float = 3.0
    # A break moves every area of a row at least this many percentage points.
    break_points: float = 0.5
    # Powers of ten a misplaced decimal point multiplies by.
    scale_factors: tuple[float, ...] = (0.01, 0.1, 10.0, 100.0)
    # A candidate for a value that is no percentage may be this many times off what is expected.
    near_ratio: float = 1.5


SERIES_KEY = ["edition", "source", "indicator_id", "area"]
TABLE_KEY = ["edition", "source"]


def annotate(cells: pd.DataFrame, catalog: Catalog, settings: CheckSettings = CheckSettings()) -> pd.DataFrame:
    """The cells with the statistics the rules read. Does not modify ``cells``.

    Order matters: a value off by a power of ten is found first, because once undone it no longer
    distorts what its neighbours' series expect; exchanged cells are looked for next, on the
    repaired series; digit transpositions last, only where nothing else explains a broken group.
    """
    df = cells.copy()
    numeric = df["status"].isin(["ok", "suspect", "corrected", "break"]) & df["value_printed"].notna()
    df["observed"] = df["value_printed"].where(numeric).astype("Float64")
    table = _Table(df, catalog)
    table.series_statistics(table.observed, settings)
    # 1. Values that are no percentage at all, off by a power of ten.
    scale = table.scale_candidates(settings, impossible_only=True)
    repaired = {i: scale.get(i, v) for i, v in table.observed.items()}
    table.series_statistics(repaired, settings)
    # 2. Cells in each other's place (two cells explained at once; rows that really move in
    #    every area, a likely break, are left out).
    break_like = table.moves_with_other_area(table.steps(repaired, settings), settings)
    swaps = table.swap_candidates(settings, exclude=set(scale) | break_like)
    repaired.update({i: v for i, (_, v) in swaps.items()})
    table.series_statistics(repaired, settings)
    # 3. Percentages off by a power of ten, then digit transpositions, where nothing else explains.
    explained = set(scale) | set(swaps)
    slips = table.scale_candidates(settings, exclude=explained)
    transpositions = table.transposition_candidates(settings, exclude=explained)
    for index in set(slips) & set(transpositions):  # keep the fix that fits group and series best
        if table.fix_quality(index, transpositions[index]) <= table.fix_quality(index, slips[index]):
            del slips[index]
        else:
            del transpositions[index]
    scale.update(slips)
    df["expected"] = pd.Series(table.expected, dtype="Float64").reindex(df.index)
    df["noise"] = pd.Series(table.noise, dtype="Float64").reindex(df.index)
    df["z"] = ((df["observed"] - df["expected"]).abs() / df["noise"]).astype("Float64")
    df["scale_suggestion"] = pd.Series(scale, dtype="Float64").reindex(df.index)
    df["swap_suggestion"] = pd.Series({i: v for i, (_, v) in swaps.items()}, dtype="Float64").reindex(df.index)
    df["swap_partner"] = pd.Series({i: p for i, (p, _) in swaps.items()}, dtype=object).reindex(df.index)
    df["transposition_suggestion"] = pd.Series(transpositions, dtype="Float64").reindex(df.index)
    suggestions = {**transpositions, **{i: v for i, (_, v) in swaps.items()}, **scale}
    table.breaks_spikes_shifts({i: suggestions.get(i, v) for i, v in table.observed.items()}, set(suggestions), settings)
    _printing(df)
    return df


class _Table:
    """Plain-Python views of one cells frame: series, groups and years, for fast lookups."""

    def __init__(self, df: pd.DataFrame, catalog: Catalog):
        self.df = df
        self.catalog = catalog
        self.observed = {i: float(v) for i, v in df["observed"].items() if not pd.isna(v)}
        self.printed = df["printed"].to_dict()
        self.series: dict[tuple, list] = {}
        for index, key in zip(df.index, zip(*(df[k] for k in SERIES_KEY))):
            self.series.setdefault(key, []).append(index)
        years = df["year"].to_dict()
        for key in self.series:
            self.series[key].sort(key=lambda i: years[i])
        self.year = years
        self.row_year: dict[tuple, list] = {}
        for index, key in zip(df.index, zip(df["edition"], df["source"], df["indicator_id"], df["year"])):
            self.row_year.setdefault(key, []).append(index)
        self.table_year: dict[tuple, list] = {}
        for index, key in zip(df.index, zip(df["edition"], df["source"], df["year"])):
            self.table_year.setdefault(key, []).append(index)
        _group_statistics(df, catalog)
        self.group_key = {
            i: k for i, k in zip(df.index, zip(df["edition"], df["source"], df["group_id"], df["year"], df["area"]))
            if isinstance(k[2], str)
        }
        self.group_members: dict[tuple, list] = {}
        for index, key in self.group_key.items():
            self.group_members.setdefault(key, []).append(index)
        self.groups = {g.id: g for g in catalog.groups}
        self.group_sums = df["group_sum"].to_dict()
        self.expected: dict = {}
        self.noise: dict = {}
        self.whole_series: dict = {}

    # -- series ---------------------------------------------------------------------------
    def series_statistics(self, values: dict, settings: CheckSettings) -> None:
        """What each cell's series expects of it (median of the nearest values: two each side,
        or three on the one side there is, so one wrong neighbour does not mislead), and the
        series' noise (its usual year-on-year step, with floors)."""
        self.expected, self.noise, self.whole_series = {}, {}, {}
        for members in self.series.values():
            points = [(i, values[i]) for i in members if i in values]
            numbers = np.array([v for _, v in points], dtype=float)
            resolution = 1.0 if len(numbers) and np.allclose(numbers, np.round(numbers)) else 0.0
            for k, (index, _) in enumerate(points):
                others = np.delete(numbers, k)
                self.whole_series[index] = len(others) > 1 and bool(np.allclose(others, np.round(others)))
                before, after = numbers[:k], numbers[k + 1 :]
                if len(before) and len(after):
                    nearest = np.concatenate([before[-2:], after[:2]])
                else:
                    nearest = before[-3:] if len(before) else after[:3]
                if len(nearest) == 0:
                    continue
                expected = float(median(nearest.tolist()))
                changes = np.abs(np.diff(np.delete(numbers, k)))
                typical = float(median(changes.tolist())) if len(changes) else 0.0
                self.expected[index] = expected
                self.noise[index] = max(
                    typical, resolution, settings.noise_floor, settings.noise_floor_share * abs(expected)
                )

    def z(self, index, value: float) -> float | None:
        if index not in self.expected:
            return None
        return abs(value - self.expected[index]) / self.noise[index]

    def fits(self, index, value: float, settings: CheckSettings) -> bool:
        z = self.z(index, value)
        return z is not None and z <= settings.fit_z

    def misfits(self, index, settings: CheckSettings) -> bool:
        """The printed value does not fit its series (less strictly when its group is broken)."""
        value = self.observed.get(index)
        if value is None:
            return False
        if not 0 <= value <= 100:
            return True
        z = self.z(index, value)
        if z is None:
            return False
        return z > settings.misfit_z or (self.group_off(index) and z > settings.fit_z)

    def steps(self, values: dict, settings: CheckSettings) -> dict:
        """Each cell's step from the previous value of its series, in units of the usual step."""
        steps = {}
        for members in self.series.values():
            points = [(i, values[i]) for i in members if i in values]
            numbers = np.array([v for _, v in points], dtype=float)
            diffs = np.diff(numbers)
            resolution = 1.0 if len(numbers) and np.allclose(numbers, np.round(numbers)) else 0.0
            for k in range(1, len(points)):
                others = np.abs(np.delete(diffs, k - 1))
                typical = float(median(others.tolist())) if len(others) else 0.0
                noise = max(typical, resolution, settings.noise_floor, settings.noise_floor_share * abs(numbers[k - 1]))
                steps[points[k][0]] = (diffs[k - 1], noise, numbers[k - 1])
        return steps

    def moves_with_other_area(self, steps: dict, settings: CheckSettings) -> set:
        """Cells whose row moves the same way, by comparable shares, in every area that year:
        a likely break, which must not be mistaken for a value standing in another cell's place."""
        return {i for cells in self.row_year.values() if _moves_together(cells, steps, settings) for i in cells}

    # -- groups ---------------------------------------------------------------------------
    def group_sum(self, index):
        value = self.group_sums.get(index)
        return None if value is None or pd.isna(value) else float(value)

    def group_of(self, index):
        key = self.group_key.get(index)
        return self.groups[key[2]] if key else None

    def group_off(self, index) -> bool:
        group, total = self.group_of(index), self.group_sum(index)
        if group is None or total is None:
            return False
        if group.total is not None and abs(total - group.total) > group.tolerance:
            return True
        return group.max_total is not None and total > group.max_total + 1e-9

    def group_holds_with(self, index, candidate: float) -> bool | None:
        """Whether the group adds up with ``candidate`` in this cell (None: not in a full group)."""
        group, total = self.group_of(index), self.group_sum(index)
        if group is None or total is None:
            return None
        new_total = total - self.observed[index] + candidate
        if group.total is not None:
            return abs(new_total - group.total) <= group.tolerance
        return new_total <= group.max_total + 1e-9

    def fix_quality(self, index, candidate: float) -> tuple[bool, float, float]:
        """How well a candidate value fixes a cell: distance from an exact group total, then from
        what the series expects (lower is better)."""
        group, total = self.group_of(index), self.group_sum(index)
        off = 0.0
        if group is not None and total is not None and group.total is not None:
            off = abs(total - self.observed[index] + candidate - group.total)
        z = self.z(index, candidate)
        # A series printed in whole numbers expects a whole number.
        whole = self.whole_series.get(index, False)
        odd_format = whole and abs(candidate - round(candidate)) > 1e-9
        return (odd_format, round(off, 6), z if z is not None else 0.0)

    # -- candidate fixes --------------------------------------------------------------------
    def scale_candidates(self, settings: CheckSettings, impossible_only: bool = False, exclude: set = frozenset()) -> dict:
        """Values off by a power of ten (a misplaced decimal point), and the value meant.

        Undoing the slip must be borne out: by a group total it restores, else by the series (a
        candidate that fits it), or, for a value that is no percentage at all, by being the one
        power of ten that gives a percentage near what the series expects.
        """
        found = {}
        for index, value in self.observed.items():
            impossible = not 0 <= value <= 100
            if index in exclude or (impossible_only and not impossible):
                continue
            if not (impossible or self.misfits(index, settings)):
                continue
            decimals = _decimals(self.printed[index]) or 2
            expected = self.expected.get(index)
            group = self.group_of(index)
            best = None
            for factor in settings.scale_factors:
                candidate = round(value * factor, decimals)
                if not 0 <= candidate <= 100 or candidate == value:
                    continue
                holds = self.group_holds_with(index, candidate)
                fits = self.fits(index, candidate, settings)
                near = expected is not None and _ratio(candidate, expected) <= settings.near_ratio
                z = self.z(index, candidate)
                if holds is not None and group.total is not None:
                    # The group total bears it out; a percentage must not contradict its series.
                    borne_out = holds and (impossible or (z is not None and z <= settings.misfit_z))
                else:
                    borne_out = (fits or (impossible and near)) and holds is not False
                if borne_out:
                    distance = abs(candidate - expected) if expected is not None else 0.0
                    score = (not holds, not fits, distance, abs(np.log10(factor)))
                    if best is None or score < best[0]:
                        best = (score, candidate)
            if best is not None:
                found[index] = best[1]
        return found

    def swap_candidates(self, settings: CheckSettings, exclude: set) -> dict:
        """Pairs of cells of one year that misfit where they stand and fit after exchanging
        their values: each fits the other's series (or restores the other's group total)."""
        found = {}
        for cells in self.table_year.values():
            # One of the two must clearly misfit; the other at least be noticeably off (a short
            # or noisy series tolerates more).
            off = [i for i in cells if i in self.observed and i not in exclude and i in self.expected
                   and self.z(i, self.observed[i]) > settings.fit_z]
            pairs = []
            for a, b in itertools.combinations(off, 2):
                if not (self.misfits(a, settings) or self.misfits(b, settings)):
                    continue
                va, vb = self.observed[a], self.observed[b]
                fit_a, fit_b = self.supports(a, vb, settings), self.supports(b, va, settings)
                if fit_a is not None and fit_b is not None:
                    pairs.append((fit_a + fit_b, a, b))
            used: set = set()
            for _, a, b in sorted(pairs):
                if a in used or b in used:
                    continue
                used |= {a, b}
                found[a] = (b, self.observed[b])
                found[b] = (a, self.observed[a])
        return found

    def supports(self, index, candidate: float, settings: CheckSettings) -> float | None:
        """How well ``candidate`` would sit in this cell (lower is better), or None if it would not:
        it fits the series, restores a broken group total, or leaves the cell far nearer its
        series than the printed value (a series with a real dip next to it)."""
        z_after = self.z(index, candidate)
        z_before = self.z(index, self.observed[index])
        if z_after is None:
            return None
        if z_after <= settings.fit_z:
            return z_after
        if self.group_off(index) and self.group_holds_with(index, candidate):
            return z_after
        if z_after <= settings.misfit_z and z_before is not None and z_after <= z_before / 4:
            return z_after
        return None

    def transposition_candidates(self, settings: CheckSettings, exclude: set) -> dict:
        """In a group that does not add up, a member that misfits its series and whose digits,
        two exchanged, restore both the total and the series."""
        found = {}
        for members in self.group_members.values():
            if not self.group_off(members[0]) or any(i in exclude for i in members):
                continue
            options = []
            for index in members:
                if index not in self.observed or not self.misfits(index, settings):
                    continue
                restoring = [c for c in _digit_swaps(self.printed[index]) if self.group_holds_with(index, c)]
                for candidate in restoring:
                    z = self.z(index, candidate)
                    # The group total is the strong evidence; the series need only not object,
                    # unless this is the one reordering of the digits that restores the total.
                    if len(restoring) == 1 or (z is not None and z <= settings.misfit_z):
                        options.append((self.fix_quality(index, candidate), index, candidate))
            if options:
                _, index, candidate = min(options)
                found[index] = candidate
        return found

    # -- breaks, spikes, shifts ---------------------------------------------------------------
    def breaks_spikes_shifts(self, repaired: dict, explained: set, settings: CheckSettings) -> None:
        """Breaks (every area moves in one year, the same way), spikes (one year away and straight
        back) and level shifts (one area moves and stays), on the series with fixes in place."""
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


def _moves_together(cells: list, steps: dict, settings: CheckSettings) -> bool:
    """Every area of a row steps the same way this year, noticeably, by comparable shares."""
    moves = [steps.get(i) for i in cells]
    if len(cells) < 2 or any(m is None for m in moves):
        return False
    if len({np.sign(d) for d, _, _ in moves}) != 1 or any(abs(d) / n < settings.fit_z for d, n, _ in moves):
        return False
    shares = [abs(d) / abs(before) for d, _, before in moves if before]
    return len(shares) == len(moves) and max(shares) <= settings.comparable_shares * min(shares)


def _group_statistics(df: pd.DataFrame, catalog: Catalog) -> None:
    member_of = {m: g for g in catalog.groups for m in g.members}
    df["group_id"] = df["indicator_id"].map(lambda i: member_of[i].id if i in member_of else None).astype(object)
    df["group_total"] = df["indicator_id"].map(lambda i: member_of[i].total if i in member_of else None).astype("Float64")
    df["group_tolerance"] = df["indicator_id"].map(
        lambda i: member_of[i].tolerance if i in member_of else None
    ).astype("Float64")
    df["group_max"] = df["indicator_id"].map(lambda i: member_of[i].max_total if i in member_of else None).astype("Float64")
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


# --- From rule failures to anomalies ---------------------------------------------------------

# Checks about one cell's value, strongest explanation first: a cell gets one of them.
CELL_VALUE_CHECKS = [
    "no_scale_slip",
    "no_digit_transposition",
    "no_swapped_cells",
    "percent_within_bounds",
    "cell_readable",
    "no_spike",
    "no_level_shift",
    "decimal_point_used",
]
GROUP_CHECKS = ["group_totals_add_up", "group_bounds_hold"]


def failed_rows(model: type[pa.DataFrameModel], frame: pd.DataFrame) -> dict[str, list]:
    """Run one lazy validation and return, per failed check, the index labels that failed."""
    if frame.empty:
        return {}
    try:
        model.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
        cases = cases[cases["index"].notna()]
        failed: dict[str, list] = {}
        for check, rows in cases.groupby("check", sort=False):
            failed[str(check)] = list(dict.fromkeys(rows["index"].tolist()))
        return failed
    return {}


def anomaly_id(*parts) -> str:
    key = "|".join("" if p is None or (not isinstance(p, str) and pd.isna(p)) else str(p) for p in parts)
    return "a" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def find_anomalies(
    cells: pd.DataFrame,
    decisions: pd.DataFrame,
    catalog: Catalog,
    source_pairs: pd.DataFrame | None = None,
    settings: CheckSettings = CheckSettings(),
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """All anomalies of the cells, the reader's decisions and source disagreements.

    Returns the annotated cells (for the report) and the anomalies frame (``schemas.anomalies``).
    """
    annotated = annotate(cells, catalog, settings)
    records: list[dict] = []
    failures = failed_rows(CellRules, annotated)
    try:
        records += _cell_anomalies(annotated, failures, catalog)
        records += _group_anomalies(annotated, failures, catalog)
    finally:
        _LOOKUPS.pop(id(annotated), None)
    if decisions is not None and len(decisions):
        records += _decision_anomalies(decisions, failed_rows(DecisionRules, decisions))
    if source_pairs is not None and len(source_pairs):
        records += _source_anomalies(source_pairs, failed_rows(SourceRules, source_pairs))
    return annotated, anomalies_frame(records)


def anomalies_frame(records: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(records, columns=ANOMALY_COLUMNS)
    frame = frame.astype(ANOMALY_DTYPES)
    order = frame["severity"].map({"error": 0, "warning": 1, "info": 2})
    frame = frame.assign(_order=order).sort_values(
        ["_order", "edition", "source", "page", "indicator_id", "year", "area", "check"], na_position="last"
    )
    return Anomalies.validate(frame.drop(columns="_order").reset_index(drop=True), lazy=True)


ANOMALY_DTYPES = {
    "anomaly_id": "str",
    "check": "str",
    "severity": "str",
    "edition": "str",
    "source": "str",
    "indicator_id": "object",
    "indicator": "object",
    "specification": "object",
    "year": "Int64",
    "area": "object",
    "printed": "object",
    "value_printed": "Float64",
    "value_suggested": "Float64",
    "message": "str",
    "evidence": "str",
    "accepted": "bool",
    "review_reason": "object",
    "page": "Int64",
}
ANOMALY_COLUMNS = list(ANOMALY_DTYPES)


def _fmt(value) -> str:
    return "–" if value is None or pd.isna(value) else f"{float(value):.2f}"


def _series_text(df: pd.DataFrame, index) -> str:
    """The cell's series as printed, the cell in brackets: "NL series: 2018 10.00%, [2024 1500.00%]"."""
    cache = _LOOKUPS.setdefault(id(df), {}).get("series_text")
    if cache is None:  # built once per annotated frame; row lookups in a wide frame are slow
        years, printed, areas = df["year"].to_dict(), df["printed"].to_dict(), df["area"].to_dict()
        cache = {}
        for group in df.groupby(SERIES_KEY, sort=False).groups.values():
            ordered = sorted(group, key=lambda i: years[i])
            for i in ordered:
                parts = [
                    f"[{years[j]} {printed[j] or '(empty)'}]" if j == i else f"{years[j]} {printed[j] or '(empty)'}"
                    for j in ordered
                ]
                cache[i] = f"{areas[i]} series: " + ", ".join(parts)
        _LOOKUPS[id(df)]["series_text"] = cache
    return cache[index]


def _row(df: pd.DataFrame, index) -> dict:
    """One cell as a dict (cached per frame: row lookups in a wide frame are slow)."""
    cache = _LOOKUPS.setdefault(id(df), {}).get("rows")
    if cache is None:
        cache = df.to_dict("index")
        _LOOKUPS[id(df)]["rows"] = cache
    return cache[index]


# Per-frame lookup tables for the explainers, dropped when find_anomalies returns.
_LOOKUPS: dict[int, dict] = {}


def _label(row) -> str:
    spec = f" – {row['specification']}" if row["specification"] else ""
    return f"{row['indicator']}{spec}"


def _group_text(df: pd.DataFrame, index, catalog: Catalog, replacement: float | None = None) -> str:
    row = _row(df, index)
    if pd.isna(row["group_sum"]):
        return ""
    group = next(g for g in catalog.groups if g.id == row["group_id"])
    target = f"{_fmt(group.total)} ± {_fmt(group.tolerance)}" if group.total is not None else f"at most {_fmt(group.max_total)}"
    text = f"{group.label} {row['year']} {row['area']} adds up to {_fmt(row['group_sum'])} as printed"
    if replacement is not None:
        text += f", {_fmt(row['group_sum'] - row['observed'] + replacement)} with {_fmt(replacement)}"
    return text + f" (should be {target})"


def _cell_record(df: pd.DataFrame, index, check: str, severity: str, message: str, evidence: str,
                 suggestion=None) -> dict:
    row = _row(df, index)
    return {
        "anomaly_id": anomaly_id(row["edition"], row["source"], check, row["indicator_id"], row["year"], row["area"]),
        "check": check,
        "severity": severity,
        "edition": row["edition"],
        "source": row["source"],
        "indicator_id": row["indicator_id"],
        "indicator": row["indicator"],
        "specification": row["specification"],
        "year": row["year"],
        "area": row["area"],
        "printed": row["printed"],
        "value_printed": row["value_printed"],
        "value_suggested": suggestion,
        "message": message,
        "evidence": evidence,
        "accepted": False,
        "review_reason": None,
        "page": row["page"],
    }


def _cell_anomalies(df: pd.DataFrame, failures: dict[str, list], catalog: Catalog) -> list[dict]:
    records = []
    claimed: set = set()
    for check in CELL_VALUE_CHECKS:
        for index in failures.get(check, []):
            if index in claimed:
                continue  # one value, one explanation: the strongest
            claimed.add(index)
            records.append(_explain_value(df, index, check, catalog))
    for index in failures.get("no_break_in_series", []):
        row = _row(df, index)
        records.append(_cell_record(
            df, index, "no_break_in_series", SEVERITY["no_break_in_series"],
            f"{_label(row)}: in {row['year']} both NPLV and NL move from their previous level the same way; "
            "more likely a change of method or definition than a typo (status 'break').",
            f"{_series_text(df, index)}; previous {_fmt(row['previous_value'])}, usual step {_fmt(row['step_noise'])}",
        ))
    for index in failures.get("cell_printed", []):
        row = _row(df, index)
        entry = catalog.by_id(row["indicator_id"])
        measured = entry.measured_in(int(row["year"])) if entry else True
        records.append(_cell_record(
            df, index, "cell_printed", "warning" if measured else "info",
            f"{_label(row)}, {row['year']} {row['area']}: nothing is printed, where the table prints a figure or "
            + ("a dash." if measured else "a dash; the indicator is not measured this year, so a dash was meant."),
            _series_text(df, index),
        ))
    for index in failures.get("decimals_as_in_table", []):
        row = _row(df, index)
        if index in claimed:
            continue
        records.append(_cell_record(
            df, index, "decimals_as_in_table", SEVERITY["decimals_as_in_table"],
            f"{_label(row)}, {row['year']} {row['area']}: {row['printed']} is printed with "
            f"{row['printed_decimals']} decimals where the table prints {row['table_decimals']}; the value is read as "
            f"{_fmt(row['value_printed'])}.",
            f"printed {row['printed']!r}",
        ))
    return records


def _explain_value(df: pd.DataFrame, index, check: str, catalog: Catalog) -> dict:
    row = _row(df, index)
    where = f"{_label(row)}, {row['year']} {row['area']}"
    series = _series_text(df, index)
    severity = SEVERITY[check]
    if check == "no_scale_slip":
        suggestion = float(row["scale_suggestion"])
        factor = suggestion / float(row["observed"])
        shift = round(abs(np.log10(factor)))
        group = _group_text(df, index, catalog, suggestion)
        because = "restores the group total and the series" if group else "fits the series"
        message = (f"{where}: {row['printed']} looks like {_fmt(suggestion)} with the decimal point "
                   f"{shift} place{'s' if shift > 1 else ''} off; {_fmt(suggestion)} {because}.")
        return _cell_record(df, index, check, severity, message, "; ".join(x for x in [group, series] if x), suggestion)
    if check == "no_digit_transposition":
        suggestion = float(row["transposition_suggestion"])
        message = (f"{where}: {row['printed']} breaks its group total; with two digits exchanged it reads "
                   f"{_fmt(suggestion)}, which restores the total and fits the series.")
        return _cell_record(df, index, check, severity, message,
                            f"{_group_text(df, index, catalog, suggestion)}; {series}", suggestion)
    if check == "no_swapped_cells":
        partner = _row(df, row["swap_partner"])
        suggestion = float(row["swap_suggestion"])
        message = (f"{where}: {row['printed']} does not fit its series but fits that of {_label(partner)} "
                   f"{partner['area']}, whose {partner['printed']} fits this one: the two cells look exchanged. "
                   f"Suggested: {_fmt(suggestion)}.")
        evidence = (f"{series} (expects about {_fmt(row['expected'])}); "
                    f"{_series_text(df, row['swap_partner'])} (expects about {_fmt(partner['expected'])})")
        group = _group_text(df, index, catalog)
        return _cell_record(df, index, check, severity, message, "; ".join(x for x in [evidence, group] if x), suggestion)
    if check == "percent_within_bounds":
        message = f"{where}: {row['printed']} is not a percentage between 0 and 100, and no simple slip explains it."
        return _cell_record(df, index, check, severity, message, series)
    if check == "cell_readable":
        message = f"{where}: {row['printed']!r} cannot be read as a number or a dash."
        return _cell_record(df, index, check, severity, message, series)
    if check == "no_spike":
        message = (f"{where}: {row['printed']} stands apart from the years before and after "
                   f"(about {_fmt(row['previous_value'])}); check the source.")
        return _cell_record(df, index, check, severity, message,
                            f"{series}; usual step {_fmt(row['step_noise'])}")
    if check == "no_level_shift":
        message = (f"{where}: the {row['area']} series moves from {_fmt(row['previous_value'])} to "
                   f"{row['printed']} and the other area does not; a real change, or a wrong value?")
        return _cell_record(df, index, check, severity, message,
                            f"{series}; usual step {_fmt(row['step_noise'])}")
    if check == "decimal_point_used":
        message = f"{where}: {row['printed']} uses a decimal comma where the table uses points; read as {_fmt(row['value_printed'])}."
        return _cell_record(df, index, check, severity, message, f"printed {row['printed']!r}",
                            float(row["value_printed"]))
    raise KeyError(check)


def _group_anomalies(df: pd.DataFrame, failures: dict[str, list], catalog: Catalog) -> list[dict]:
    records = []
    suggestions = df["scale_suggestion"].fillna(df["transposition_suggestion"]).fillna(df["swap_suggestion"])
    for check in GROUP_CHECKS:
        indices = failures.get(check, [])
        if not indices:
            continue
        failed = df.loc[indices]
        for key, members in failed.groupby(TABLE_KEY + ["group_id", "year", "area"], sort=False):
            edition, source, group_id, year, area = key
            group = next(g for g in catalog.groups if g.id == group_id)
            first = members.index[0]
            fixed_sum = float((suggestions[members.index].fillna(members["observed"])).sum())
            holds = (abs(fixed_sum - group.total) <= group.tolerance) if group.total is not None else fixed_sum <= group.max_total + 1e-9
            culprits = [i for i in members.index if not pd.isna(suggestions[i])]
            text = _group_text(df, first, catalog)
            if culprits and holds:
                names = ", ".join(_cell_name(df, i) for i in culprits)
                severity = "info"
                message = (f"{group.label} {year} {area} does not add up as printed; explained by {names} "
                           f"(see that cell's anomaly), with whose suggested value it holds ({_fmt(fixed_sum)}).")
            else:
                severity = SEVERITY[check]
                message = f"{group.label} {year} {area} does not add up: {_fmt(members['group_sum'].iloc[0])}."
            values = "; ".join(_cell_name(df, i) for i in members.index)
            records.append({
                "anomaly_id": anomaly_id(edition, source, check, group_id, year, area),
                "check": check, "severity": severity, "edition": edition, "source": source,
                "indicator_id": None, "indicator": group.label, "specification": None,
                "year": None, "area": None, "printed": None, "value_printed": members["group_sum"].iloc[0],
                "value_suggested": None, "message": message, "evidence": f"{text}: {values}",
                "accepted": False, "review_reason": None, "page": _row(df, first)["page"],
            })
    return records


def _cell_name(df: pd.DataFrame, index) -> str:
    row = _row(df, index)
    return f"{row['specification'] or row['indicator']} {row['printed']}"


def _decision_anomalies(decisions: pd.DataFrame, failures: dict[str, list]) -> list[dict]:
    records = []
    for check, indices in failures.items():
        for index in indices:
            d = decisions.loc[index]
            severity = SEVERITY[check]
            if check == "rows_complete" and bool(d["ambiguous"]):
                severity = "warning"
            message = d["message"]
            if d["chosen"]:
                message += f". Chosen: {d['chosen']}"
                if bool(d["ambiguous"]):
                    message += " (almost as plausible as the runner-up: check the printed page)"
            evidence = f"alternatives: {d['alternatives']}" if d["alternatives"] else f"line {d['line']}" if not pd.isna(d["line"]) else ""
            records.append({
                "anomaly_id": anomaly_id(d["edition"], d["source"], check, d["indicator_id"], d["kind"], d["line"], d["message"]),
                "check": check, "severity": severity, "edition": d["edition"], "source": d["source"],
                "indicator_id": d["indicator_id"], "indicator": d["indicator"], "specification": d["specification"],
                "year": None, "area": None, "printed": None, "value_printed": None, "value_suggested": None,
                "message": message, "evidence": evidence or d["message"], "accepted": False, "review_reason": None,
                "page": d["page"],
            })
    return records


def _source_anomalies(pairs: pd.DataFrame, failures: dict[str, list]) -> list[dict]:
    records = []
    for index in failures.get("sources_agree", []):
        p = pairs.loc[index]
        records.append({
            "anomaly_id": anomaly_id(p["edition"], p["source"], "sources_agree", p["indicator_id"], p["year"], p["area"]),
            "check": "sources_agree", "severity": SEVERITY["sources_agree"], "edition": p["edition"],
            "source": p["source"], "indicator_id": p["indicator_id"], "indicator": p["indicator"],
            "specification": p["specification"], "year": p["year"], "area": p["area"], "printed": p["printed"],
            "value_printed": p["value_printed"], "value_suggested": None,
            "message": f"{p['source']} prints {p['printed']!r} but {p['source_other']} prints {p['printed_other']!r}.",
            "evidence": f"{p['source']} page {p['page']}; {p['source_other']} page {p['page_other']}",
            "accepted": False, "review_reason": None, "page": p["page"],
        })
    return records


def apply_statuses(cells: pd.DataFrame, anomalies: pd.DataFrame) -> pd.DataFrame:
    """Cell statuses that follow from the anomalies: 'break' for a series break, 'suspect' for a
    value with an unaccepted error or warning. Corrected cells stay corrected. Returns a copy."""
    cells = cells.copy()
    key = ["edition", "source", "indicator_id", "year", "area"]
    on_cells = anomalies[anomalies["year"].notna() & anomalies["area"].notna()]
    breaks = on_cells[on_cells["check"] == "no_break_in_series"]
    flagged = on_cells[
        on_cells["check"].isin(CELL_VALUE_CHECKS) & ~on_cells["accepted"] & on_cells["severity"].isin(["error", "warning"])
    ]
    index = cells.set_index(key).index
    for frame, status in ((breaks, "break"), (flagged, "suspect")):
        marks = index.isin(frame.set_index(key).index)
        eligible = marks & cells["status"].isin(["ok", "break"]).to_numpy()
        cells.loc[eligible, "status"] = status
    return cells


def unaccepted_at_or_above(anomalies: pd.DataFrame, level: str) -> pd.DataFrame:
    """The anomalies that should fail a run gated at ``level`` (error, warning or never)."""
    if level == "never":
        return anomalies.iloc[0:0]
    order = {"info": 0, "warning": 1, "error": 2}
    severe = anomalies["severity"].map(order) >= order[level]
    return anomalies[severe & ~anomalies["accepted"]]

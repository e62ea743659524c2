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
    # A change in both areas in the same year, this large relative and absolute, is a break.
    break_share: float = 0.2
    break_points: float = 0.5
    # Powers of ten a misplaced decimal point multiplies by.
    scale_factors: tuple[float, ...] = (0.01, 0.1, 10.0, 100.0)
    # A candidate for a value that is no percentage may be this many times off what is expected.
    near_ratio: float = 1.5


SERIES_KEY = ["edition", "source", "indicator_id", "area"]
TABLE_KEY = ["edition", "source"]


def annotate(cells: pd.DataFrame, catalog: Catalog, settings: CheckSettings = CheckSettings()) -> pd.DataFrame:
    """The cells with the statistics the rules read. Does not modify ``cells``."""
    df = cells.copy()
    df["observed"] = df["value_printed"].where(df["status"].isin(["ok", "suspect", "corrected", "break"]))
    df["observed"] = df["observed"].astype("Float64")
    _series_statistics(df, settings)
    _group_statistics(df, catalog)
    _scale_candidates(df, settings)
    _transposition_candidates(df, settings)
    _swap_candidates(df, settings)
    _breaks_spikes_shifts(df, settings)
    _printing(df)
    return df


def _series_statistics(df: pd.DataFrame, settings: CheckSettings) -> None:
    """What each cell's series expects of it from its neighbours, and the series' noise.

    The expectation is the median of the nearest values (two each side, or three on the one side
    there is), so one wrong neighbour does not make a right cell look wrong.
    """
    expected = pd.Series(np.nan, index=df.index)
    noise = pd.Series(np.nan, index=df.index)
    prev_value = pd.Series(np.nan, index=df.index)
    next_value = pd.Series(np.nan, index=df.index)
    for _, series in df[df["observed"].notna()].groupby(SERIES_KEY, sort=False):
        series = series.sort_values("year")
        years = series["year"].to_numpy()
        values = series["observed"].to_numpy(dtype=float)
        resolution = 1.0 if np.allclose(values, np.round(values)) else 0.0
        for i, index in enumerate(series.index):
            before, after = values[:i], values[i + 1 :]
            if len(before):
                prev_value[index] = before[-1]
            if len(after):
                next_value[index] = after[0]
            if len(before) and len(after):
                nearest = np.concatenate([before[-2:], after[:2]])
            else:
                nearest = before[-3:] if len(before) else after[:3]
            if len(nearest) == 0:
                continue
            expected[index] = float(np.median(nearest))
            others = np.delete(values, i)
            changes = np.abs(np.diff(others))
            typical = float(np.median(changes)) if len(changes) else 0.0
            noise[index] = max(
                typical, resolution, settings.noise_floor, settings.noise_floor_share * abs(expected[index])
            )
    df["expected"] = expected.astype("Float64")
    df["noise"] = noise.astype("Float64")
    df["prev_value"] = prev_value.astype("Float64")
    df["next_value"] = next_value.astype("Float64")
    df["z"] = ((df["observed"] - df["expected"]).abs() / df["noise"]).astype("Float64")


def _group_statistics(df: pd.DataFrame, catalog: Catalog) -> None:
    member_of = {m: g for g in catalog.groups for m in g.members}
    df["group_id"] = df["indicator_id"].map(lambda i: member_of[i].id if i in member_of else None).astype(object)
    df["group_total"] = df["indicator_id"].map(lambda i: member_of[i].total if i in member_of else None).astype("Float64")
    df["group_tolerance"] = df["indicator_id"].map(
        lambda i: member_of[i].tolerance if i in member_of else None
    ).astype("Float64")
    df["group_max"] = df["indicator_id"].map(lambda i: member_of[i].max_total if i in member_of else None).astype("Float64")
    df["group_sum"] = pd.Series(pd.NA, index=df.index, dtype="Float64")
    grouped = df[df["group_id"].notna()].groupby(TABLE_KEY + ["group_id", "year", "area"], sort=False)
    sizes = {g.id: len(g.members) for g in catalog.groups}
    for key, members in grouped:
        group_id = key[len(TABLE_KEY)]
        expected_members = sizes[group_id]
        if len(members) == expected_members and members["observed"].notna().all():
            df.loc[members.index, "group_sum"] = float(members["observed"].sum())
    # The value each member would need for its group to add up exactly.
    df["group_needed"] = (df["group_total"] - (df["group_sum"] - df["observed"])).astype("Float64")


def _fits(df: pd.DataFrame, index, candidate: float, settings: CheckSettings) -> bool:
    expected, noise = df.at[index, "expected"], df.at[index, "noise"]
    if pd.isna(expected):
        return False
    return abs(candidate - expected) <= settings.fit_z * noise


def _misfits(df: pd.DataFrame, index, settings: CheckSettings) -> bool:
    value = df.at[index, "observed"]
    if pd.isna(value):
        return False
    if not 0 <= value <= 100:
        return True
    z = df.at[index, "z"]
    return not pd.isna(z) and z > settings.misfit_z


def _group_off(df: pd.DataFrame, index) -> bool:
    total, tolerance, maximum, sum_ = (df.at[index, c] for c in ("group_total", "group_tolerance", "group_max", "group_sum"))
    if pd.isna(sum_):
        return False
    if not pd.isna(total) and abs(sum_ - total) > tolerance:
        return True
    return not pd.isna(maximum) and sum_ > maximum + 1e-9


def _restores_group(df: pd.DataFrame, index, candidate: float) -> bool:
    needed, tolerance = df.at[index, "group_needed"], df.at[index, "group_tolerance"]
    return not pd.isna(needed) and abs(candidate - needed) <= tolerance


def _scale_candidates(df: pd.DataFrame, settings: CheckSettings) -> None:
    """Values off by a power of ten (a misplaced decimal point), and the value meant.

    Undoing the slip must be borne out: by the group total (for a group member), by the series
    (a candidate that fits it), or, for a value that is no percentage at all, by being the one
    power of ten that gives a percentage near what the series expects.
    """
    suggestion = pd.Series(pd.NA, index=df.index, dtype="Float64")
    for index in df.index[df["observed"].notna()]:
        value = float(df.at[index, "observed"])
        impossible = not 0 <= value <= 100
        if not (impossible or _misfits(df, index, settings)):
            continue
        decimals = _decimals(df.at[index, "printed"]) or 2
        expected = df.at[index, "expected"]
        in_group = not pd.isna(df.at[index, "group_sum"])
        best = None
        for factor in settings.scale_factors:
            candidate = round(value * factor, decimals)
            if not 0 <= candidate <= 100 or candidate == value:
                continue
            restores = _restores_group(df, index, candidate)
            fits = _fits(df, index, candidate, settings)
            near = not pd.isna(expected) and _ratio(candidate, expected) <= settings.near_ratio
            if in_group:
                borne_out = restores
            else:
                borne_out = fits or (impossible and near)
            if borne_out:
                distance = abs(candidate - expected) if not pd.isna(expected) else 0.0
                score = (not restores, not fits, distance, abs(np.log10(factor)))
                if best is None or score < best[0]:
                    best = (score, candidate)
        if best is not None:
            suggestion[index] = best[1]
    df["scale_suggestion"] = suggestion


def _ratio(a: float, b: float) -> float:
    low, high = sorted((abs(a), abs(b)))
    return high / low if low > 0 else float("inf")


def _transposition_candidates(df: pd.DataFrame, settings: CheckSettings) -> None:
    suggestion = pd.Series(pd.NA, index=df.index, dtype="Float64")
    grouped = df[df["group_sum"].notna() & df["group_total"].notna()].groupby(
        TABLE_KEY + ["group_id", "year", "area"], sort=False
    )
    for _, members in grouped:
        first = members.index[0]
        if not _group_off(df, first):
            continue
        options = []
        for index in members.index:
            if not pd.isna(df.at[index, "scale_suggestion"]):
                continue
            for candidate in _digit_swaps(df.at[index, "printed"]):
                if _restores_group(df, index, candidate):
                    z = abs(candidate - df.at[index, "expected"]) / df.at[index, "noise"] if not pd.isna(df.at[index, "expected"]) else 0.0
                    options.append((z, index, candidate))
        if options:
            z, index, candidate = min(options)
            if z <= settings.misfit_z:
                suggestion[index] = candidate
    df["transposition_suggestion"] = suggestion


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


def _swap_candidates(df: pd.DataFrame, settings: CheckSettings) -> None:
    """Pairs of cells of one year that fit their series only after exchanging their values."""
    suggestion = pd.Series(pd.NA, index=df.index, dtype="Float64")
    partner = pd.Series(None, index=df.index, dtype=object)
    explained = df["scale_suggestion"].notna() | df["transposition_suggestion"].notna()
    for _, year_cells in df[df["observed"].notna() & ~explained].groupby(TABLE_KEY + ["year"], sort=False):
        off = [i for i in year_cells.index if _misfits(df, i, settings) and not pd.isna(df.at[i, "expected"])]
        pairs = []
        for a, b in itertools.combinations(off, 2):
            va, vb = float(df.at[a, "observed"]), float(df.at[b, "observed"])
            if _fits(df, a, vb, settings) and _fits(df, b, va, settings):
                za = abs(vb - df.at[a, "expected"]) / df.at[a, "noise"]
                zb = abs(va - df.at[b, "expected"]) / df.at[b, "noise"]
                pairs.append((za + zb, a, b))
        used: set = set()
        for _, a, b in sorted(pairs):
            if a in used or b in used:
                continue
            used |= {a, b}
            suggestion[a], suggestion[b] = df.at[b, "observed"], df.at[a, "observed"]
            partner[a], partner[b] = b, a
    df["swap_suggestion"] = suggestion
    df["swap_partner"] = partner


def _breaks_spikes_shifts(df: pd.DataFrame, settings: CheckSettings) -> None:
    """Breaks (both areas move in one year), spikes (one year away and back) and level shifts
    (one area moves and stays), judged on the series with suggested fixes in place so that one
    wrong cell does not make its neighbours look wrong."""
    suggestions = df["scale_suggestion"].fillna(df["transposition_suggestion"]).fillna(df["swap_suggestion"])
    explained = suggestions.notna()
    repaired = suggestions.fillna(df["observed"])
    previous = pd.Series(np.nan, index=df.index)
    following = pd.Series(np.nan, index=df.index)
    step_noise = pd.Series(np.nan, index=df.index)
    for _, series in df[df["observed"].notna()].groupby(SERIES_KEY, sort=False):
        series = series.sort_values("year")
        values = repaired[series.index].to_numpy(dtype=float)
        steps = np.abs(np.diff(values))
        resolution = 1.0 if np.allclose(values, np.round(values)) else 0.0
        for i, index in enumerate(series.index):
            if i:
                previous[index] = values[i - 1]
                # The usual step of this series, leaving out the step into this cell.
                others = np.delete(steps, i - 1)
                typical = float(np.median(others)) if len(others) else 0.0
                step_noise[index] = max(
                    typical, resolution, settings.noise_floor, settings.noise_floor_share * abs(values[i - 1])
                )
            if i + 1 < len(values):
                following[index] = values[i + 1]
    change = repaired - previous
    jump = (change / step_noise).astype(float)
    df["series_break"] = False
    candidates = df["observed"].notna() & previous.notna() & ~explained
    for _, row_cells in df[candidates].groupby(TABLE_KEY + ["indicator_id", "year"], sort=False):
        cells = row_cells.index
        if len(cells) < 2 or len(set(np.sign(jump[cells]))) != 1:
            continue
        strength = jump[cells].abs()
        if (strength >= settings.misfit_z).any() and (strength >= settings.fit_z).all() and (
            change[cells].abs() >= settings.break_points
        ).all():
            df.loc[cells, "series_break"] = True
    back = ((following - previous).abs() / step_noise).astype(float)
    big = jump.abs() >= settings.misfit_z
    spike = big & following.notna() & (back <= settings.fit_z)
    stays = following.isna() | ((following - repaired).abs() / step_noise <= settings.misfit_z)
    quiet = candidates & ~df["series_break"]
    df["spike"] = (spike & quiet).fillna(False).astype(bool)
    df["level_shift"] = (big & ~spike & stays & quiet).fillna(False).astype(bool)
    df["previous_value"] = previous.astype("Float64")
    df["step_noise"] = step_noise.astype("Float64")


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
    records += _cell_anomalies(annotated, failures, catalog)
    records += _group_anomalies(annotated, failures, catalog)
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
    row = df.loc[index]
    series = df[
        (df["edition"] == row["edition"]) & (df["source"] == row["source"])
        & (df["indicator_id"] == row["indicator_id"]) & (df["area"] == row["area"])
    ].sort_values("year")
    parts = []
    for i, cell in series.iterrows():
        text = cell["printed"] or "(empty)"
        parts.append(f"[{cell['year']} {text}]" if i == index else f"{cell['year']} {text}")
    return f"{row['area']} series: " + ", ".join(parts)


def _label(row) -> str:
    spec = f" – {row['specification']}" if row["specification"] else ""
    return f"{row['indicator']}{spec}"


def _group_text(df: pd.DataFrame, index, catalog: Catalog, replacement: float | None = None) -> str:
    row = df.loc[index]
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
    row = df.loc[index]
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
        row = df.loc[index]
        records.append(_cell_record(
            df, index, "no_break_in_series", SEVERITY["no_break_in_series"],
            f"{_label(row)}: in {row['year']} both NPLV and NL move from their previous level the same way; "
            "more likely a change of method or definition than a typo (status 'break').",
            f"{_series_text(df, index)}; previous {_fmt(row['previous_value'])}, usual step {_fmt(row['step_noise'])}",
        ))
    for index in failures.get("cell_printed", []):
        row = df.loc[index]
        entry = catalog.by_id(row["indicator_id"])
        measured = entry.measured_in(int(row["year"])) if entry else True
        records.append(_cell_record(
            df, index, "cell_printed", "warning" if measured else "info",
            f"{_label(row)}, {row['year']} {row['area']}: nothing is printed, where the table prints a figure or "
            + ("a dash." if measured else "a dash; the indicator is not measured this year, so a dash was meant."),
            _series_text(df, index),
        ))
    for index in failures.get("decimals_as_in_table", []):
        row = df.loc[index]
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
    row = df.loc[index]
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
        partner = df.loc[row["swap_partner"]]
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
                names = ", ".join(f"{df.at[i, 'specification'] or df.at[i, 'indicator']} {df.at[i, 'printed']}" for i in culprits)
                severity = "info"
                message = (f"{group.label} {year} {area} does not add up as printed; explained by {names} "
                           f"(see that cell's anomaly), with whose suggested value it holds ({_fmt(fixed_sum)}).")
            else:
                severity = SEVERITY[check]
                message = f"{group.label} {year} {area} does not add up: {_fmt(members['group_sum'].iloc[0])}."
            values = "; ".join(f"{df.at[i, 'specification'] or df.at[i, 'indicator']} {df.at[i, 'printed']}" for i in members.index)
            records.append({
                "anomaly_id": anomaly_id(edition, source, check, group_id, year, area),
                "check": check, "severity": severity, "edition": edition, "source": source,
                "indicator_id": None, "indicator": group.label, "specification": None,
                "year": None, "area": None, "printed": None, "value_printed": members["group_sum"].iloc[0],
                "value_suggested": None, "message": message, "evidence": f"{text}: {values}",
                "accepted": False, "review_reason": None, "page": df.at[first, "page"],
            })
    return records


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

"""Stage 2, validate: find every anomaly in an edition's table, explain it, suggest a fix.

``pipeline.diagnosis.annotate`` computes, for every cell, what the rules in ``schemas/rules.py``
read: what its series expects, group sums, and the printing errors that best explain what does
not fit. One lazy Pandera pass collects every failure; ``find_anomalies`` turns each into a row of ``anomalies.parquet``
with a message, the evidence, and a suggested value where the evidence supports one.
Nothing here changes a value: suggestions live in their own column.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
import pandera.pandas as pa

from pipeline.catalog import Catalog
from pipeline.ids import source_kind, stable_id
from pipeline.diagnosis import SERIES_KEY, TABLE_KEY, CheckSettings, annotate
from schemas.anomalies import Anomalies
from schemas.rules import SEVERITY, CellRules, ClaimRules, DecisionRules, SourceRules, TextRules


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
    "ocr_confident",
]
GROUP_CHECKS = ["group_totals_add_up", "group_bounds_hold"]


def failed_rows(model: type[pa.DataFrameModel], frame: pd.DataFrame) -> dict[str, list]:
    """Per failed rule of ``model``, the index labels of the rows that fail it (frame order), in
    the model's order of rules.

    Each rule, a named dataframe check of the model, is called on the frame, with Pandera's
    handling of nulls (``ignore_na``: a row of nulls passes). A lazy validation finds the same
    rows, but Pandera spends most of a failing validation collecting failure cases of which only
    the index is read here. The frames are this stage's own (``annotate``'s, the extraction's
    decisions, the claims), built to the model's columns: tests validate them against the models.
    """
    if frame.empty:
        return {}
    failed: dict[str, list] = {}
    all_null = None
    for rule in _rules(model):
        passed = getattr(model, rule.name)(frame).to_numpy(dtype=bool)
        if rule.ignore_na:
            all_null = frame.isna().all(axis="columns").to_numpy() if all_null is None else all_null
            passed = passed | all_null
        rows = frame.index[~passed].tolist()
        if rows:
            failed[rule.name] = rows
    return failed


@lru_cache(maxsize=None)
def _rules(model: type[pa.DataFrameModel]) -> tuple[pa.Check, ...]:
    """The model's rules: its dataframe checks, in order."""
    return tuple(model.to_schema().checks)


def anomaly_id(*parts) -> str:
    """An anomaly's id (``pipeline.ids``): pass the source through ``source_kind``."""
    return stable_id("a", *parts)


def find_anomalies(
    cells: pd.DataFrame,
    decisions: pd.DataFrame,
    catalog: Catalog,
    source_pairs: pd.DataFrame | None = None,
    settings: CheckSettings = CheckSettings(),
    validate: bool = True,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """All anomalies of the cells, the reader's decisions and source disagreements.

    Returns the annotated cells (for the report) and the anomalies frame (``schemas.anomalies``;
    validated unless ``validate=False``: for a caller that validates the frame it becomes part of).
    """
    annotated = annotate(cells, catalog, settings)
    records: list[dict] = []
    failures = failed_rows(CellRules, annotated)
    try:
        # The explainers read failed cells (and swap partners) as dicts: make only those.
        wanted = list(dict.fromkeys(i for rows in failures.values() for i in rows))
        partners = annotated.loc[wanted, "swap_partner"].dropna().tolist() if "swap_partner" in annotated else []
        wanted += [i for i in dict.fromkeys(partners) if i in annotated.index and i not in set(wanted)]
        _LOOKUPS.setdefault(id(annotated), {})["rows"] = annotated.loc[wanted].to_dict("index")
        records += _cell_anomalies(annotated, failures, catalog)
        records += _group_anomalies(annotated, failures, catalog)
    finally:
        _LOOKUPS.pop(id(annotated), None)
    if decisions is not None and len(decisions):
        records += _decision_anomalies(decisions, failed_rows(DecisionRules, decisions))
    if source_pairs is not None and len(source_pairs):
        records += _source_anomalies(source_pairs, failed_rows(SourceRules, source_pairs))
    return annotated, anomalies_frame(records, validate)


def anomalies_frame(records: list[dict], validate: bool = True) -> pd.DataFrame:
    """Anomaly records as a typed, ordered frame with unique ids; validated against
    ``schemas.anomalies.Anomalies`` unless the caller validates the frame it becomes part of.

    Duplicates are dropped, ids numbered and rows ordered on the records, before the frame is
    built: a stage makes a few dozen anomalies, and pandas' per-frame work (types, duplicates,
    a sort on eight keys) cost more than the records themselves."""
    rows: dict[tuple, dict] = {}
    for record in records:
        row = {c: None if _missing(record.get(c)) else record.get(c) for c in ANOMALY_COLUMNS}
        rows.setdefault(tuple(row.values()), row)
    # Two different findings with the same key (a damaged table can repeat a row): number them,
    # in a stable order, so ids stay unique and the same across runs.
    seen: dict[str, int] = {}
    for row in rows.values():
        k = seen.get(row["anomaly_id"], 0)
        seen[row["anomaly_id"]] = k + 1
        if k:
            row["anomaly_id"] = anomaly_id(row["anomaly_id"], k)
    ordered = sorted(rows.values(), key=_anomaly_order)
    frame = pd.DataFrame({c: pd.array([r[c] for r in ordered], dtype=t) for c, t in ANOMALY_DTYPES.items()})
    if frame.empty or not validate:  # an empty typed frame holds no value a check could fail
        return frame
    return Anomalies.validate(frame, lazy=True)


_SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}
_ORDER_KEYS = ("edition", "source", "page", "indicator_id", "year", "area", "check")


def _anomaly_order(row: dict) -> tuple:
    """Severity, then edition, source, page, indicator, year, area and check; a missing value last."""
    return (_SEVERITY_RANK[row["severity"]],
            *((row[k] is None, row[k] if row[k] is not None else 0) for k in _ORDER_KEYS))


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and value != value) or value is pd.NA


ANOMALY_DTYPES = {
    "anomaly_id": "str",
    "check": "str",
    "severity": "str",
    "edition": "str",
    "source": "str",
    "indicator_id": "str",
    "indicator": "str",
    "specification": "str",
    "year": "Int64",
    "area": "str",
    "printed": "str",
    "value_printed": "Float64",
    "value_suggested": "Float64",
    "message": "str",
    "evidence": "str",
    "accepted": "bool",
    "review_reason": "str",
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
    cache = _LOOKUPS.setdefault(id(df), {}).setdefault("rows", {})
    if index not in cache:
        cache.update(df.loc[[index]].to_dict("index"))
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
        "anomaly_id": anomaly_id(row["edition"], source_kind(row["source"]), check, row["indicator_id"], row["year"], row["area"]),
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
            f"{_label(row)}, {row['year']} {row['area']}: "
            # OCR that read nothing where the page shows ink does not know that nothing is printed
            + ("nothing was read (OCR)" if isinstance(row.get("ocr_doubt"), str) else "nothing is printed")
            + ", where the table prints a figure or "
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
    if check == "ocr_confident":
        message = (f"{where}: read by OCR as {row['printed']!r}, with doubt: {row['ocr_doubt']}; "
                   "compare it with the printed image.")
        return _cell_record(df, index, check, severity, message,
                            f"OCR confidence {_fmt(row['ocr_confidence'])}; {series}")
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
            holds = group.holds(fixed_sum)
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
                "anomaly_id": anomaly_id(edition, source_kind(source), check, group_id, year, area),
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
                "anomaly_id": anomaly_id(d["edition"], source_kind(d["source"]), check, d["indicator_id"], d["kind"], d["line"], d["message"]),
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
            "anomaly_id": anomaly_id(p["edition"], source_kind(p["source"]), "sources_agree", p["indicator_id"], p["year"], p["area"]),
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
    key = ["edition", "source", "indicator_id", "year", "area"]
    on_cells = anomalies[anomalies["year"].notna() & anomalies["area"].notna()]
    breaks = on_cells[on_cells["check"] == "no_break_in_series"]
    flagged = on_cells[
        on_cells["check"].isin(CELL_VALUE_CHECKS) & ~on_cells["accepted"] & on_cells["severity"].isin(["error", "warning"])
    ]
    cell_keys = list(zip(*(cells[c].tolist() for c in key), strict=True))
    statuses = cells["status"].tolist()
    for frame, status in ((breaks, "break"), (flagged, "suspect")):
        marked = set(zip(*(frame[c].tolist() for c in key), strict=True))
        statuses = [status if k in marked and s in ("ok", "break") else s
                    for k, s in zip(cell_keys, statuses, strict=True)]
    return cells.assign(status=pd.Series(statuses, index=cells.index, dtype=cells["status"].dtype))


def unaccepted_at_or_above(anomalies: pd.DataFrame, level: str) -> pd.DataFrame:
    """The anomalies that should fail a run gated at ``level`` (error, warning or never)."""
    if level == "never":
        return anomalies.iloc[0:0]
    order = {"info": 0, "warning": 1, "error": 2}
    severe = anomalies["severity"].map(order) >= order[level]
    return anomalies[severe & ~anomalies["accepted"]]


def claim_anomalies(claims: pd.DataFrame, validate: bool = True) -> pd.DataFrame:
    """Statements the table does not bear out, as anomalies (check ``claim_vs_table``)."""
    records = []
    for index in failed_rows(ClaimRules, claims).get("claim_vs_table", []):
        c = claims.loc[index]
        on_cell = c["kind"] in ("level", "change", "chart") and not pd.isna(c["year"]) and isinstance(c["area"], str)
        records.append({
            "anomaly_id": anomaly_id(c["edition"], source_kind(c["source"]), "claim_vs_table", c["claim_id"]),
            "check": "claim_vs_table", "severity": SEVERITY["claim_vs_table"], "edition": c["edition"],
            "source": c["source"], "indicator_id": c["indicator_id"], "indicator": None, "specification": None,
            "year": c["year"] if on_cell else None, "area": c["area"] if on_cell else None,
            "printed": c["claim_text"], "value_printed": c["claimed"], "value_suggested": None,
            "message": f"The text says {c['claim_text']!r} ({c['kind']} of "
                       f"{c['indicator_id'] if isinstance(c['indicator_id'], str) else 'the sum ' + str(c['sum_of'])}), "
                       f"but {c['explanation']}",
            "evidence": f"line {c['line']}: {c['sentence']}", "accepted": False, "review_reason": None,
            "page": c["page"],
        })
    return anomalies_frame(records, validate)


def text_anomalies(consistency: pd.DataFrame, validate: bool = True) -> pd.DataFrame:
    """The text contradicting itself, as anomalies (checks in ``schemas.rules.TextRules``)."""
    records = []
    for check, indices in failed_rows(TextRules, consistency).items():
        for index in indices:
            r = consistency.loc[index]
            records.append({
                "anomaly_id": anomaly_id(r["edition"], source_kind(r["source"]), check, r["message"]),
                "check": check, "severity": SEVERITY[check], "edition": r["edition"], "source": r["source"],
                "indicator_id": r["indicator_id"], "indicator": None, "specification": None, "year": None,
                "area": None, "printed": None, "value_printed": None, "value_suggested": None,
                "message": r["message"], "evidence": r["message"], "accepted": False, "review_reason": None,
                "page": r["page"],
            })
    return anomalies_frame(records, validate)

"""Human-facing outputs: the run summary (``summary.md``, also printed on stderr) for a CI job
summary. The HTML QA report comes with the publish issue."""

from __future__ import annotations

import pandas as pd

SEVERITIES = ["error", "warning", "info"]


def summary_markdown(cells: pd.DataFrame, anomalies: pd.DataFrame, claims: pd.DataFrame,
                     review_log: pd.DataFrame, fail_on: str, exit_code: int, listed: int = 15) -> str:
    editions = ", ".join(sorted(cells["edition"].unique())) if len(cells) else "none"
    lines = [f"# NPLV pipeline: {editions}", ""]
    lines.append(f"{len(cells)} appendix cells, {len(claims)} claims checked; gate `--fail-on {fail_on}`: "
                 f"**{'pass' if exit_code == 0 else 'fail'}** (exit {exit_code}).")
    lines += ["", "| severity | unaccepted | accepted |", "| --- | ---: | ---: |"]
    for severity in SEVERITIES:
        of = anomalies[anomalies["severity"] == severity] if len(anomalies) else anomalies
        accepted = int(of["accepted"].sum()) if len(of) else 0
        lines.append(f"| {severity} | {len(of) - accepted} | {accepted} |")
    open_ = anomalies[~anomalies["accepted"] & anomalies["severity"].isin(["error", "warning"])] if len(anomalies) else anomalies
    lines += ["", f"## Unaccepted errors and warnings ({len(open_)})", ""]
    for row in open_.head(listed).itertuples():
        where = " ".join(str(x) for x in (row.indicator_id, _year(row.year), row.area) if isinstance(x, str) and x)
        lines.append(f"- **{row.severity}** `{row.check}` {where}: {row.message}")
    if len(open_) > listed:
        lines.append(f"- ... and {len(open_) - listed} more in `anomalies.parquet`")
    failing = claims[claims["verdict"] == "inconsistent"] if len(claims) else claims
    lines += ["", f"## Claims the table does not bear out ({len(failing)})", ""]
    for row in failing.head(listed).itertuples():
        lines.append(f"- line {row.line}: '{row.claim_text}' ({row.indicator_id}): {row.explanation}")
    lines += ["", f"## Reviewed ({len(review_log)})", ""]
    for row in review_log.itertuples() if len(review_log) else []:
        change = f"{row.printed} → {row.value:.2f}" if row.action == "corrected" else "accepted as printed"
        lines.append(f"- `{row.check}` {row.indicator_id} {row.year} {row.area}: {change} — {row.reason}")
    return "\n".join(lines) + "\n"


def _year(year) -> str:
    return "" if year is None or pd.isna(year) else str(int(year))

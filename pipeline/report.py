"""Human-facing outputs: the run summary (``summary.md``, also on stderr, fit for a CI job
summary) and the HTML QA report (``qa-report.html``): what a reviewer needs to act on a run.

Every table of the QA report is a great-tables table; the page around them is a Jinja2 template
(``templates/qa-report.html.j2``) with its own small style sheet, images embedded as data URIs and
trend plots as inline SVG, so the file opens from disk with no network. Tables get fixed ids
(great-tables would draw random ones) so two runs on the same input write identical bytes.

The report's input is text from documents and hand-written review files, so every piece of HTML
is ``markupsafe.Markup`` and every text goes into it escaped: ``Markup("<b>{}</b>").format(text)``
escapes ``text``, the template escapes what is not Markup, the HTML cells of a table accept only
Markup (``_RawCells``), and great-tables escapes the plain text it is given (labels, row and group
names, notes, other cells). Ids and ``#links`` made from input go through ``html_id``.

QA report sections: headline, legend, the appendix as printed (cells coloured by status and
severity, suggested and corrected values beside the printed ones, a trend plot per row),
anomalies with their evidence and the printed cell cut from the PDF, claims and verdicts,
revisions against a previous edition (when given), the review log, what the reader had to
decide, provenance.
"""

from __future__ import annotations

import base64
import hashlib
import re
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import cache

import pandas as pd
from markupsafe import Markup, escape

from pipeline import __version__
from pipeline.cell_images import CellKey
from pipeline.frames import records, tuples

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
        about = row.indicator_id if isinstance(row.indicator_id, str) else f"sum of {row.sum_of}"
        lines.append(f"- line {row.line}: '{row.claim_text}' ({about}): {row.explanation}")
    lines += ["", f"## Reviewed ({len(review_log)})", ""]
    for row in review_log.itertuples() if len(review_log) else []:
        change = f"{row.printed} → {row.value:.2f}" if row.action == "corrected" else "accepted as printed"
        lines.append(f"- `{row.check}` {row.indicator_id} {row.year} {row.area}: {change} — {row.reason}")
    return "\n".join(lines) + "\n"


def _year(year) -> str:
    return "" if year is None or pd.isna(year) else str(int(year))


SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
VERDICT_ORDER = {"inconsistent": 0, "unverifiable": 1, "consistent": 2}


@dataclass(frozen=True)
class Palette:
    """Cell fills: the state a reviewer must see first wins (error over warning over info)."""

    error: str = "#f4b6b6"
    warning: str = "#fbd99a"
    info: str = "#d6e6f5"
    corrected: str = "#bfe5c0"
    accepted: str = "#e3e3e3"
    break_in_series: str = "#e2d5f2"
    missing: str = "#f0f0f0"
    consistent: str = "#d9efd9"
    unverifiable: str = "#ececec"
    nplv_line: str = "#c0392b"
    nl_line: str = "#2c3e50"


@dataclass(frozen=True)
class QaReportSettings:
    palette: Palette = Palette()
    trend_width: int = 110
    trend_height: int = 30
    font_size: str = "12px"


@dataclass(frozen=True)
class QaReportInputs:
    """What the report shows; the frames are the run's published frames."""

    cells: pd.DataFrame
    anomalies: pd.DataFrame
    claims: pd.DataFrame
    review_log: pd.DataFrame
    decisions: pd.DataFrame
    provenance: pd.DataFrame  # edition, role, file, kind, sha256
    fail_on: str
    exit_code: int
    images: Mapping[CellKey, bytes]
    revisions: pd.DataFrame | None = None
    claim_images: Mapping[str, bytes] = field(default_factory=dict)  # claim id -> the printed figure


@dataclass(frozen=True)
class _Section:
    id: str
    label: str
    body: Markup


def qa_report_html(inputs: QaReportInputs, settings: QaReportSettings = QaReportSettings()) -> str:
    editions = sorted(inputs.cells["edition"].astype(str).unique()) if len(inputs.cells) else []
    # great-tables builds its output frame of "string" dtype and fills it a cell at a time; such a
    # fill costs a quarter less on Python-backed strings than on Arrow-backed ones (the default).
    with pd.option_context("mode.string_storage", "python"):
        sections = [
            _Section("headline", "Headline", _headline(inputs, settings)),
            _Section("legend", "How to read the colours", _legend(settings.palette)),
            *(_Section(html_id("appendix", edition), f"Appendix {edition} as printed", _appendix(inputs, edition, settings))
              for edition in editions),
            _Section("anomalies", f"Anomalies ({len(inputs.anomalies)})", _per_edition(inputs, "anomalies", _anomalies, settings)),
            _Section("claims", f"Claims about the table ({len(inputs.claims)})", _per_edition(inputs, "claims", _claims, settings)),
        ]
        if inputs.revisions is not None:
            sections.append(_Section("revisions", f"Revisions against the previous edition ({len(inputs.revisions)})",
                                     _revisions(inputs.revisions, settings)))
        sections += [
            _Section("review", f"Review log ({len(inputs.review_log)})", _review_log(inputs, settings)),
            _Section("decisions", f"What the reader had to decide ({len(inputs.decisions)})", _decisions(inputs, settings)),
            _Section("provenance", "Provenance", _provenance(inputs, settings)),
        ]
    return _page_template().render(title=f"NPLV QA report: {', '.join(editions) or 'no edition'}", sections=sections)


@cache
def _templates():
    import jinja2

    return jinja2.Environment(loader=jinja2.PackageLoader("pipeline", "templates"), autoescape=True,
                              trim_blocks=True, keep_trailing_newline=True)


def _page_template():
    return _templates().get_template("qa-report.html.j2")


@dataclass(frozen=True)
class GridColumn:
    key: str  # plain word: it is part of the header cell's id
    label: str
    align: str = "left"  # or "right"


@dataclass(frozen=True)
class GridRow:
    cells: Mapping[str, Markup | str]  # column key -> text (escaped) or Markup
    fills: Mapping[str, str] = field(default_factory=dict)  # column key -> background colour
    group: str | None = None  # a group heading above this row


@dataclass(frozen=True)
class Grid:
    """A data table of the report, rendered by ``templates/grid.html.j2``.

    The report's large tables (the appendix, the anomalies, the claims: a cell each per printed
    cell, anomaly or claim, with links, images and colours) are rendered by the template, at a
    small cost per cell; great-tables renders the summary tables, whose cost per cell is high
    (about a tenth of a millisecond) and would grow the report with every edition."""

    id: str
    columns: tuple[GridColumn, ...]
    rows: tuple[GridRow, ...]
    spanners: tuple[tuple[str, int], ...] = ()  # (label, columns spanned) over the header, left to right
    note: Markup | str = ""

    def body(self) -> list[tuple[str | None, list[tuple[str, str, Markup | str, str | None]]]]:
        """Each row as (group heading or None, its cells as (header id, align, content, fill)),
        laid out here so that the template's loop over the cells only prints."""
        heads = [(f"{self.id}-{c.key}", c.align, c.key) for c in self.columns]
        return [(row.group, [(h, align, row.cells.get(k, ""), row.fills.get(k)) for h, align, k in heads])
                for row in self.rows]


def _grid(grid: Grid) -> Markup:
    return Markup(_templates().get_template("grid.html.j2").render(grid=grid))


_PLAIN_ID = re.compile(r"[A-Za-z0-9_-]+")


def html_id(*parts: str) -> str:
    """An id for an element (and its ``#link``): ``parts`` joined by "-", each kept when it is a
    plain word of letters, digits, "-" and "_" (as editions, anomaly and claim ids are), else
    replaced by "x" and the start of its SHA-1. An id from input text can then close no attribute,
    and open nothing in the CSS selectors great-tables writes from its table's id; the same parts
    always give the same id, so a link finds its target."""
    return "-".join(part if _PLAIN_ID.fullmatch(part) else "x" + hashlib.sha1(part.encode("utf-8")).hexdigest()[:12]
                    for part in map(str, parts))


def _per_edition(inputs: QaReportInputs, name: str, render: Callable[..., Markup], settings: QaReportSettings) -> Markup:
    """The section listing ``inputs.<name>``: one table, or with several editions one table per
    edition under its own heading (each table's id ends in the edition)."""
    frame = getattr(inputs, name)
    editions = sorted(frame["edition"].astype(str).unique()) if len(frame) else []
    if len(editions) < 2:
        return render(inputs, settings)
    parts = []
    for edition in editions:
        of_edition = frame[frame["edition"].astype(str) == edition]
        heading = Markup('<h3 id="{}">Edition {} ({})</h3>\n').format(html_id(name, edition), edition, len(of_edition))
        parts.append(heading + render(replace(inputs, **{name: of_edition}), settings, edition))
    return Markup("\n").join(parts)


# --------------------------------------------------------------------------------------------
# Sections


def _headline(inputs: QaReportInputs, settings: QaReportSettings) -> Markup:
    anomalies, claims = inputs.anomalies, inputs.claims
    gate = "passes" if inputs.exit_code == 0 else "fails"
    unaccepted = anomalies[~anomalies["accepted"]] if len(anomalies) else anomalies
    counts = {s: int((unaccepted["severity"] == s).sum()) if len(unaccepted) else 0 for s in SEVERITY_ORDER}
    inconsistent = int((claims["verdict"] == "inconsistent").sum()) if len(claims) else 0
    corrected = int((inputs.cells["status"] == "corrected").sum()) if len(inputs.cells) else 0
    revisions = f" {len(inputs.revisions)} revisions against the previous edition." if inputs.revisions is not None else ""
    lead = Markup(
        '<p class="lead gate-{gate}">The gate <code>--fail-on {fail_on}</code> <strong>{gate}</strong> (exit {exit_code}). '
        "{cells} appendix cells read; {error} unaccepted errors, {warning} warnings and {info} notes to look at; "
        "{corrected} cells corrected in review; {inconsistent} of {claims} claims in the text are not borne out by "
        "the table.{revisions}</p>"
    ).format(gate=gate, fail_on=inputs.fail_on, exit_code=inputs.exit_code, cells=len(inputs.cells), **counts,
             corrected=corrected, inconsistent=inconsistent, claims=len(claims), revisions=revisions)
    rows = []
    for severity in SEVERITY_ORDER:
        of = anomalies[anomalies["severity"] == severity] if len(anomalies) else anomalies
        accepted = int(of["accepted"].sum()) if len(of) else 0
        rows.append({"severity": severity, "unaccepted": len(of) - accepted, "accepted": accepted})
    from great_tables import loc, style

    table = _table(pd.DataFrame(rows), id="headline-counts").cols_label(
        severity="Severity", unaccepted="Unaccepted", accepted="Accepted in review")
    for i, row in enumerate(rows):
        if row["unaccepted"]:
            table = table.tab_style(style.fill(getattr(settings.palette, row["severity"])),
                                    loc.body(columns="unaccepted", rows=[i]))
    verdicts = pd.DataFrame([
        {"verdict": v, "claims": int((claims["verdict"] == v).sum()) if len(claims) else 0} for v in VERDICT_ORDER
    ])
    verdict_table = _table(verdicts, id="headline-claims").cols_label(verdict="Claim verdict", claims="Claims")
    return Markup('{}<div class="side-by-side">{}{}</div>').format(
        lead, _render(table, settings), _render(verdict_table, settings))


def _legend(palette: Palette) -> Markup:
    items = [
        (palette.error, Markup("error: the printed value is almost surely wrong (unaccepted)")),
        (palette.warning, Markup("warning: suspicious, needs a human (unaccepted)")),
        (palette.info, Markup("info: noted (for example decimals printed differently)")),
        (palette.break_in_series, Markup("break in series: NPLV and NL move together (status <code>break</code>)")),
        (palette.corrected, Markup("corrected in review: <code>value</code> differs from <code>value_printed</code>")),
        (palette.accepted, Markup("accepted as printed in review")),
        (palette.missing, Markup("nothing printed where a figure or dash belongs (status <code>missing</code>)")),
    ]
    swatches = Markup("").join(Markup('<li><span class="swatch" style="background:{}"></span>{}</li>').format(c, t)
                               for c, t in items)
    return Markup('<ul class="legend">{}</ul><p>In the appendix, <span class="suggested">→ 15.00?</span> is a '
                  'suggested value that no one has reviewed yet and <span class="fixed">→ 15.00 ✓</span> a reviewed '
                  "correction; the printed text always stays. Click a coloured cell to jump to its anomalies; "
                  "hover to read them.</p>").format(swatches)


def _appendix(inputs: QaReportInputs, edition: str, settings: QaReportSettings) -> Markup:
    cells = inputs.cells[inputs.cells["edition"].astype(str) == edition]
    years = sorted(int(y) for y in cells["year"].unique())
    anomalies = inputs.anomalies
    by_cell = _anomalies_by_cell(anomalies[anomalies["edition"].astype(str) == edition] if len(anomalies) else anomalies)
    by_row: dict[int, list[dict]] = {}
    for cell in records(cells.sort_values(["row_number", "year", "area"], key=_area_key)):
        by_row.setdefault(int(cell["row_number"]), []).append(cell)
    rows, indicator = [], None
    for row_number in sorted(by_row):
        row_cells = by_row[row_number]
        first = row_cells[0]
        values, fills = {"specification": first["specification"] or first["indicator"]}, {}
        for cell in row_cells:
            column = f"{cell['year']}-{cell['area']}"
            found = by_cell.get(_cell_key(cell), [])
            values[column] = _cell_html(cell, found)
            fill = _cell_fill(cell, found, settings.palette)
            if fill:
                fills[column] = fill
        values["trend"] = _trend_svg(row_cells, years, settings)
        # Rows are grouped under their indicator, printed once above its rows.
        group = first["indicator"] if first["indicator"] != indicator else None
        indicator = first["indicator"]
        rows.append(GridRow(values, fills, group))
    columns = (GridColumn("specification", ""),
               *(GridColumn(f"{y}-{a}", a, "right") for y in years for a in ("NPLV", "NL")),
               GridColumn("trend", "NPLV vs NL"))
    spanners = (("", 1), *((str(y), 2) for y in years), ("", 1))
    sources = ", ".join(sorted(cells["source"].astype(str).unique()))
    pages = ", ".join(str(int(p)) for p in sorted(cells["page"].dropna().unique()))
    note = Markup('<p>Read from <code>{}</code>, pages {}. Trend: <span style="color:{}">━ NPLV</span> '
                  '<span style="color:{}">┅ NL</span>, reviewed values, each row on its own scale.</p>').format(
        sources, pages, settings.palette.nplv_line, settings.palette.nl_line)
    return note + _grid(Grid(html_id("appendix-table", edition), columns, tuple(rows), spanners))


ANOMALY_COLUMNS = (
    GridColumn("severity", "Severity"), GridColumn("check", "Check, id"), GridColumn("where", "Where"),
    GridColumn("printed", "Printed → suggested", "right"), GridColumn("message", "What and why"),
    GridColumn("evidence", "Evidence"), GridColumn("review", "Review"), GridColumn("source", "Printed source"),
)


def _anomalies(inputs: QaReportInputs, settings: QaReportSettings, edition: str | None = None) -> Markup:
    anomalies = inputs.anomalies
    if anomalies.empty:
        return Markup("<p>No anomalies.</p>")
    labels = _row_labels(inputs.cells)
    ordered = anomalies.assign(
        _severity=anomalies["severity"].map(SEVERITY_ORDER),
        _year=anomalies["year"].astype("Float64"),
    ).sort_values(["_severity", "accepted", "indicator_id", "_year", "area", "check"], na_position="last", kind="stable")
    rows = []
    for a in records(ordered):
        key = _cell_key(a)
        image = inputs.images.get(key) if key else None
        label = (a["indicator"], a["specification"]) if isinstance(a["indicator"], str) else labels.get(a["indicator_id"], ())
        where = escape(" – ".join(x for x in label if isinstance(x, str) and x) or str(a["indicator_id"] or ""))
        if key:
            where += Markup("<br><strong>{} {}</strong>").format(int(a["year"]), a["area"])
        suggested = "" if pd.isna(a["value_suggested"]) else f"{a['value_suggested']:.2f}"
        printed = a["printed"] if isinstance(a["printed"], str) else ""
        fills = {"severity": getattr(settings.palette, a["severity"])}
        if a["accepted"]:
            fills["review"] = settings.palette.corrected
        rows.append(GridRow({
            "severity": a["severity"],
            "check": Markup('<a id="{}"></a><code>{}</code><br><span class="source">{}</span>').format(
                html_id(a["anomaly_id"]), a["check"], a["anomaly_id"]),
            "where": where,
            "printed": escape(printed) + (Markup('<br><span class="suggested">→ {}</span>').format(suggested)
                                          if suggested else ""),
            "message": str(a["message"]),
            "evidence": str(a["evidence"]),
            "review": Markup("accepted: {}").format(a["review_reason"] or "") if a["accepted"] else "open",
            "source": _source_html(a, image),
        }, fills))
    return _grid(Grid(_table_id("anomalies-table", edition), ANOMALY_COLUMNS, tuple(rows)))


CLAIM_COLUMNS = (
    GridColumn("where", "Where"), GridColumn("sentence", "Sentence (claim marked)"),
    GridColumn("about", "Indicator, kind, area, years"), GridColumn("claimed", "Claimed (the wording allows)", "right"),
    GridColumn("table", "Table says", "right"), GridColumn("verdict", "Verdict"), GridColumn("explanation", "Why"),
)


def _claims(inputs: QaReportInputs, settings: QaReportSettings, edition: str | None = None) -> Markup:
    claims = inputs.claims
    if claims.empty:
        return Markup("<p>No statements about the table's indicators found.</p>")
    palette = settings.palette
    verdict_fills = {"inconsistent": palette.error, "unverifiable": palette.unverifiable, "consistent": palette.consistent}
    ordered = claims.assign(_verdict=claims["verdict"].map(VERDICT_ORDER)).sort_values(
        ["_verdict", "page", "line"], kind="stable")
    rows = []
    for c in records(ordered):
        years = (f"{int(c['year_from'])}–{int(c['year'])}" if not pd.isna(c["year_from"]) else
                 (str(int(c["year"])) if not pd.isna(c["year"]) else ""))
        claimed = f"{c['qualifier']} {c['claimed']:g}" if isinstance(c["qualifier"], str) and c["qualifier"] else f"{c['claimed']:g}"
        if isinstance(c["indicator_id"], str):
            about = Markup("<code>{}</code>").format(c["indicator_id"])
        elif isinstance(c["sum_of"], str):
            about = Markup("sum of ") + Markup(" + ").join(Markup("<code>{}</code>").format(m)
                                                           for m in c["sum_of"].split("+"))
        else:
            about = Markup("no row named")
        detail = " ".join(x for x in (c["kind"], c["area"] if isinstance(c["area"], str) else "", years) if x)
        tolerance = str(c["tolerance"])
        image = inputs.claim_images.get(c["claim_id"])
        where = Markup('<a id="{}"></a>p. {}, line {}').format(html_id(c["claim_id"]), int(c["page"]), int(c["line"]))
        if image is not None:
            where = Markup('<img class="cell" alt="printed: {}" src="data:image/png;base64,{}"><br>{}').format(
                c["claim_text"], base64.b64encode(image).decode("ascii"), where)
        rows.append(GridRow({
            "where": where,
            "sentence": _highlight(str(c["sentence"]), str(c["claim_text"])),
            "about": Markup("{}<br>{}").format(about, detail),
            "claimed": escape(claimed) + (Markup('<br><span class="source">allows {}</span>').format(tolerance)
                                          if tolerance.startswith("[") else ""),
            "table": "" if pd.isna(c["table_value"]) else f"{c['table_value']:.2f}",
            "verdict": c["verdict"],
            "explanation": str(c["explanation"]),
        }, {"verdict": verdict_fills[c["verdict"]]} if c["verdict"] in verdict_fills else {}))
    return _grid(Grid(_table_id("claims-table", edition), CLAIM_COLUMNS, tuple(rows)))


def _revisions(revisions: pd.DataFrame, settings: QaReportSettings) -> Markup:
    from great_tables import loc, style

    if revisions.empty:
        return Markup("<p>No cell differs from the previous edition in the years both print, and no row was renamed.</p>")
    first = revisions.iloc[0]
    counts = revisions["change"].value_counts()
    lead = Markup("<p>Edition {} against {}: {}; {} of the revisions correct an anomaly flagged in the previous "
                  "edition. Revising past years is normal; each one is listed so that it is seen.</p>").format(
        first["new_edition"], first["old_edition"],
        ", ".join(f"{int(counts.get(c, 0))} {c}" for c in ("revised", "added", "removed", "renamed")),
        int(revisions["corrects_anomaly"].sum()))
    rows = []
    for r in records(revisions):
        row = Markup("<code>{}</code><br>{}").format(r["indicator_id"], _label(r["indicator"], r["specification"]))
        if r["change"] == "renamed":
            row += Markup('<br><span class="source">was: {}</span>').format(
                _label(r["old_indicator"], r["old_specification"]))
        rows.append({
            "row": row,
            "cell": " ".join(x for x in (_int(r["year"]), r["area"] if isinstance(r["area"], str) else "") if x),
            "change": r["change"],
            "old": _printed_html(r["old_printed"]),
            "new": _printed_html(r["new_printed"]),
            "corrects": Markup("yes: <code>{}</code>").format(r["corrected_check"]) if r["corrects_anomaly"] else "",
        })
    raw = _RawCells()
    table = (_table(raw.frame(rows, list(rows[0])), id="revisions-table")
             .cols_label(row="Row", cell="Year, area", change="Change", old="Previous edition printed",
                         new="This edition prints", corrects="Corrects a flagged anomaly"))
    fixed = [i for i, r in enumerate(rows) if r["corrects"]]
    if fixed:
        table = table.tab_style(style.fill(settings.palette.corrected), loc.body(columns="corrects", rows=fixed))
    return lead + _render(table, settings, raw)


def _review_log(inputs: QaReportInputs, settings: QaReportSettings) -> Markup:
    log = inputs.review_log
    if log.empty:
        return Markup("<p>No review file, or nothing accepted in it.</p>")
    records = [{
        "anomaly": (Markup('<a href="#{}"><code>{}</code></a>').format(html_id(r.anomaly_id), r.anomaly_id)
                    if isinstance(r.anomaly_id, str) else ""),
        "check": str(r.check),
        "cell": " ".join(str(x) for x in (r.indicator_id, _int(r.year), r.area) if x not in (None, "", "nan")),
        "printed": _text(r.printed),
        "action": f"corrected to {r.value:.2f}" if r.action == "corrected" else "accepted as printed",
        "reason": _text(r.reason),
        "by": f"{_text(r.reviewer)}, {_text(r.date)}",
        "file": Markup("<code>{}</code>").format(_text(r.review_file)),
    } for r in log.itertuples()]
    raw = _RawCells()
    table = _table(raw.frame(records, ["anomaly", "reason", "by", "file"]), id="review-log").cols_label(
        anomaly="Anomaly", check="Check", cell="Cell", printed="Printed", action="Action", reason="Reason",
        by="Reviewer, date", file="Review file").cols_align("right", columns=["printed"])
    return _render(table, settings, raw)


def _decisions(inputs: QaReportInputs, settings: QaReportSettings) -> Markup:
    decisions = inputs.decisions
    if decisions.empty:
        return Markup("<p>The table was read without a decision to make.</p>")
    frame = pd.DataFrame({
        "source": decisions["source"].astype(str),
        "where": [f"p. {_int(r.page)}" + (f", line {_int(r.line)}" if _int(r.line) else "") for r in decisions.itertuples()],
        "kind": decisions["kind"].astype(str),
        "row": decisions["indicator_id"].fillna("").astype(str),
        "decision": decisions["message"].fillna("").astype(str),
        "ambiguous": decisions["ambiguous"].map(lambda a: "yes" if a else ""),
    })
    return _render(_table(frame, id="decisions-table").cols_label(
        source="Source", where="Where", kind="Kind", row="Row", decision="Decision", ambiguous="Ambiguous"), settings)


def _provenance(inputs: QaReportInputs, settings: QaReportSettings) -> Markup:
    frame = inputs.provenance.copy()
    cells = inputs.cells
    pages = {}
    for (edition, source), group in cells.groupby([cells["edition"].astype(str), cells["source"].astype(str)]):
        pages[(edition, source)] = ", ".join(str(int(p)) for p in sorted(group["page"].dropna().unique()))
    frame["appendix pages"] = [pages.get((e, f), "") for e, f in zip(frame["edition"], frame["file"], strict=True)]
    table = _table(frame, id="provenance-table").tab_source_note(
        f"nplv-pipeline {__version__}; indicator catalog schemas/indicators.toml; rules schemas/rules.py.")
    return _render(table, settings)


# --------------------------------------------------------------------------------------------
# Pieces


def _table(frame: pd.DataFrame, **options):
    """A great-tables table of ``frame``: numbers right-aligned, text left (callers align number-like
    text themselves).

    great-tables fills its output frame a cell at a time, and most of a report's time goes there: on
    a pyarrow table, which great-tables supports (it warns that the support is experimental), that
    costs about half of what it costs on a pandas frame. The rendered HTML is the same; the tests
    of the report read it.
    """
    import pyarrow as pa
    from great_tables import GT

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "PyArrow Table support is currently experimental")
        table = GT(pa.Table.from_pandas(frame, preserve_index=False), **options)
    numeric = [c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])]
    text = [c for c in frame.columns if c not in numeric]
    table = table.cols_align("right", columns=numeric) if numeric else table
    return table.cols_align("left", columns=text) if text else table


def _table_id(name: str, edition: str | None) -> str:
    return html_id(name) if edition is None else html_id(name, edition)


def _render(table, settings: QaReportSettings, raw: _RawCells | None = None) -> Markup:
    if raw is not None and raw.columns:
        # A cell great-tables formats is taken as it is; every other cell is escaped for HTML one
        # at a time, which costs great-tables more than the cell's whole formatting. Placeholders
        # need no escaping.
        table = table.fmt(_as_is, columns=raw.columns)
    rendered = table.tab_options(table_font_size=settings.font_size, container_overflow_x="auto").as_raw_html()
    # The table's own HTML: great-tables escapes every text it is given (labels, row and group
    # names, notes, the cells it formats), its ids are html_id's, and the HTML cells are Markup.
    return raw.restore(rendered) if raw else Markup(rendered)


def _as_is(value: str) -> str:
    return value


class _RawCells:
    """HTML cells for a great-tables table: only Markup goes in as HTML (any other value is escaped).
    Each goes in as a placeholder, which great-tables neither escapes nor transforms (``_render``
    formats them as they are), and is put back into the rendered table. A placeholder holds a
    "<", which no text that great-tables escaped can hold: input text cannot pose as one.

    The frame is made from records, not from a frame: pandas stores Markup as plain str."""

    _MARK = "\u2063"  # INVISIBLE SEPARATOR: after "<", it begins no tag that great-tables writes

    def __init__(self):
        self.items: list[Markup] = []
        self.columns: list[str] = []  # the columns of placeholders

    def frame(self, records: list[dict], columns: list[str]) -> pd.DataFrame:
        """A frame of ``records``, the cells of ``columns`` as placeholders."""
        self.columns += [c for c in columns if c not in self.columns]
        return pd.DataFrame([{k: self._placeholder(v) if k in columns else v for k, v in record.items()}
                             for record in records])

    def _placeholder(self, value) -> str:
        self.items.append(escape("" if value is None else value))  # Markup stays as it is
        return f"<{self._MARK}{len(self.items) - 1}>"

    def restore(self, rendered: str) -> Markup:
        return Markup(re.sub(f"<{self._MARK}(\\d+)>", lambda m: self.items[int(m[1])], rendered))


def _label(indicator, specification) -> str:
    return " – ".join(x for x in (indicator, specification) if isinstance(x, str) and x)


def _row_labels(cells: pd.DataFrame) -> dict[str, tuple[str, str]]:
    first = cells.drop_duplicates("indicator_id")
    return {r.indicator_id: (r.indicator, r.specification) for r in tuples(first, ["indicator_id", "indicator", "specification"])}


def _cell_key(record: Mapping) -> CellKey | None:
    if pd.isna(record.get("year")) or not isinstance(record.get("area"), str) or not isinstance(record.get("indicator_id"), str):
        return None
    return (str(record["edition"]), record["indicator_id"], int(record["year"]), record["area"])


def _anomalies_by_cell(anomalies: pd.DataFrame) -> dict[CellKey, list[dict]]:
    found: dict[CellKey, list[dict]] = {}
    for a in records(anomalies) if len(anomalies) else []:
        key = _cell_key(a)
        if key:
            found.setdefault(key, []).append(a)
    return found


_EMPTY = Markup('<span class="empty">(empty)</span>')
# One Markup % per cell: it escapes its arguments as .format does, at a fraction of the cost.
_CELL = Markup('<span class="cell" data-cell="%s|%d|%s" data-status="%s">%s%s</span>')
_FLAGGED_CELL = Markup('<span class="cell" data-cell="%s|%d|%s" data-status="%s">'
                       '<a class="flag" href="#%s" title="%s">%s</a>%s</span>')
_FIXED = Markup('<br><span class="fixed">→ %.2f ✓</span>')
_SUGGESTED = Markup('<br><span class="suggested">→ %.2f?</span>')


def _cell_html(cell: Mapping, found: list[dict]) -> Markup:
    text = cell["printed"] or _EMPTY
    extra = ""
    if cell["status"] == "corrected" and not pd.isna(cell["value"]):
        extra = _FIXED % cell["value"]
    else:
        suggestions = [a["value_suggested"] for a in found if not pd.isna(a["value_suggested"]) and not a["accepted"]]
        if suggestions:
            extra = _SUGGESTED % suggestions[0]
    where = (cell["indicator_id"], int(cell["year"]), cell["area"], cell["status"])
    if not found:
        return _CELL % (*where, text, extra)
    title = " | ".join(f"{a['severity']} {a['check']}: {a['message']}" for a in found)
    first = sorted(found, key=lambda a: SEVERITY_ORDER[a["severity"]])[0]["anomaly_id"]
    return _FLAGGED_CELL % (*where, html_id(first), title, text, extra)


def _cell_fill(cell: Mapping, found: list[dict], palette: Palette) -> str | None:
    open_ = [a for a in found if not a["accepted"]]
    if open_:
        return getattr(palette, min((a["severity"] for a in open_), key=SEVERITY_ORDER.__getitem__))
    status = cell["status"]
    if status == "corrected":
        return palette.corrected
    if found:
        return palette.accepted
    if status == "break":
        return palette.break_in_series
    if status == "missing":
        return palette.missing
    return None


def _trend_svg(row_cells: list[dict], years: list[int], settings: QaReportSettings) -> Markup:
    """Two polylines, NPLV and NL, on the row's own scale; a gap where a year has no value."""
    width, height, pad = settings.trend_width, settings.trend_height, 3
    values = {(int(r["year"]), r["area"]): r["value"] for r in row_cells if not pd.isna(r["value"])}
    if not values:
        return Markup("")
    low, high = min(values.values()), max(values.values())
    span = (high - low) or 1.0
    step = (width - 2 * pad) / max(len(years) - 1, 1)

    def point(i: int, value: float) -> tuple[str, str]:
        return f"{pad + i * step:.1f}", f"{height - pad - (value - low) / span * (height - 2 * pad):.1f}"

    shapes = []
    for area, colour, dashed in (("NPLV", settings.palette.nplv_line, False), ("NL", settings.palette.nl_line, True)):
        # Years without a figure are skipped, not broken: many indicators are measured every other year.
        points = [point(i, values[(year, area)]) for i, year in enumerate(years) if (year, area) in values]
        if len(points) > 1:
            shapes.append(Markup('<polyline points="{}" fill="none" stroke="{}" stroke-width="1.5"{}/>').format(
                " ".join(f"{x},{y}" for x, y in points), colour, Markup(' stroke-dasharray="3 2"') if dashed else ""))
        # The coordinates are numbers formatted here; only the colour needs escaping, once.
        fill = escape(colour)
        shapes.append(Markup("".join(f'<circle cx="{x}" cy="{y}" r="1.6" fill="{fill}"/>' for x, y in points)))
    label = f"{years[0]}–{years[-1]}: NPLV and NL, from {low:.2f} to {high:.2f}"
    return Markup('<svg class="trend" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-label="{label}">'
                  "<title>{label}</title>{shapes}</svg>").format(w=width, h=height, label=label, shapes=Markup("").join(shapes))


def _source_html(anomaly: Mapping, image: bytes | None) -> Markup:
    page = "" if pd.isna(anomaly["page"]) else f", p. {int(anomaly['page'])}"
    where = Markup('<span class="source">{}{}</span>').format(anomaly["source"], page)
    if image is None:
        return where
    data = base64.b64encode(image).decode("ascii")
    return Markup('<img class="cell" alt="printed cell: {}" src="data:image/png;base64,{}"><br>{}').format(
        anomaly["printed"], data, where)


def _printed_html(printed) -> Markup:
    """A printed cell for the revisions table: '' is a cell printed empty; None a cell not printed."""
    if not isinstance(printed, str):
        return Markup("")
    return escape(printed) if printed else Markup('<span class="empty">(empty)</span>')


def _highlight(sentence: str, claim: str) -> Markup:
    before, found, after = sentence.partition(claim) if claim else (sentence, "", "")
    if not found:
        return escape(sentence)
    return Markup("{}<mark>{}</mark>{}").format(before, claim, after)


def _area_key(column: pd.Series) -> pd.Series:
    return column.map({"NPLV": 0, "NL": 1}) if column.name == "area" else column


def _text(value) -> str:
    return "" if value is None or pd.isna(value) else str(value)


def _int(value) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(int(value))

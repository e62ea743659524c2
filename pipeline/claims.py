"""Stage: claims. Statements in the text that quote or compare appendix indicators, checked
against the table.

A sentence is linked to an indicator by the catalog's keywords (how the text speaks of a row);
a sentence without one ("Wel blijft het aandeel bijna 3 keer zo groot") takes the link of the
sentence before it. Each percentage, multiplier or percentage-point figure in a linked sentence
becomes a claim: a level ("circa 12%"), a change ("van 60% naar 55%"), a ratio ("2 keer zo hoog
als landelijk": NPLV / NL) or a gap ("5 tot 10 procentpunten lager": NL - NPLV). The table's value
is judged with a tolerance that follows the wording: the rounding of the printed figure, and
"bijna" a little less, "ruim" a little more, "circa"/"ongeveer" close either side.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipeline.catalog import Catalog, Indicator
from pipeline.figures import body_sentences

_YEAR = re.compile(r"(?<![\d/.-])((?:19|20)\d{2})(?![\d/])")
USABLE = ("ok", "corrected", "break", "suspect")


@dataclass(frozen=True)
class ClaimSettings:
    # "bijna 3" means a little less than 3: at least this share of it; "ruim" at most this much more.
    approximate_share: float = 0.1


CLAIM_COLUMNS = [
    "claim_id", "edition", "source", "page", "line", "sentence", "claim_text", "kind", "indicator_id",
    "area", "year_from", "year", "claimed", "qualifier", "table_value", "tolerance", "verdict", "explanation",
]


CLAIM_DTYPES = {
    "claim_id": "str", "edition": "str", "source": "str", "page": "int64", "line": "int64", "sentence": "str",
    "claim_text": "str", "kind": "str", "indicator_id": "str", "area": "str", "year_from": "Int64",
    "year": "Int64", "claimed": "float64", "qualifier": "str", "table_value": "Float64", "tolerance": "str",
    "verdict": "str", "explanation": "str",
}


def claims_stage(lines: list[tuple[int, int, str]], figures: pd.DataFrame, cells: pd.DataFrame,
                 catalog: Catalog, settings: ClaimSettings = ClaimSettings()) -> pd.DataFrame:
    """Every claim about an appendix indicator, with its verdict (``schemas.claims.Claims``)."""
    from schemas.claims import Claims

    sentences = body_sentences(lines)
    by_sentence = {s: group for s, group in figures.groupby("sentence", sort=False)} if len(figures) else {}
    table = _TableLookup(cells)
    records = []
    previous_links: list[tuple[int, Indicator]] = []
    for first_line, page, sentence in sentences:
        links = _links(sentence, catalog)
        if not links and previous_links and by_sentence.get(sentence) is not None:
            links = [(0, entry) for _, entry in previous_links]  # "Wel blijft het aandeel ..."
        if links:
            previous_links = links
        elif by_sentence.get(sentence) is None:
            previous_links = previous_links if len(sentence) < 40 else []
        group = by_sentence.get(sentence)
        if group is not None and _is_callout(sentence, group):
            records += _callout_claims(first_line, group, lines, catalog, table, settings)
            continue
        if group is None or not links:
            continue
        for figure in group.itertuples():
            if figure.unit not in ("percent", "times", "percentage_point"):
                continue
            position = _position(sentence, figure.text)
            if re.search(r"\b(?:sommige|enkele|uitschieters)\b[^;:]*$", sentence[max(0, position - 60):position], re.I):
                continue  # about some areas, not the average the table gives
            for entry in _nearest(links, position, catalog):
                claim = _claim(sentence, position, figure, entry, table, settings)
                if claim is not None:
                    claim.update(edition=figure.edition, source=figure.source, page=int(figure.page),
                                 line=int(figure.line), sentence=sentence)
                    records.append(claim)
    frame = pd.DataFrame.from_records(records, columns=[c for c in CLAIM_COLUMNS if c != "claim_id"])
    frame.insert(0, "claim_id", [
        "c" + hashlib.sha1(f"{r.edition}|{r.source}|{r.line}|{r.claim_text}|{r.indicator_id}|{r.kind}".encode()).hexdigest()[:12]
        for r in frame.itertuples()
    ])
    frame = frame.astype(CLAIM_DTYPES)
    return Claims.validate(frame.reset_index(drop=True), lazy=True)


def _is_callout(sentence: str, group: pd.DataFrame) -> bool:
    """A chart label: nothing but its figures ("11%55%", "18% 8%")."""
    rest = sentence
    for text in group["text"]:
        rest = rest.replace(text, "", 1)
    return len(re.sub(r"[\W_]+", "", re.sub(r"NPLV|NL", "", rest))) == 0


def _callout_claims(first_line, group, lines, catalog: Catalog, table, settings, reach: int = 10) -> list[dict]:
    """A chart callout restates table cells: the chart's caption (nearby lines) names the
    indicator and perhaps years; each figure is matched to the cell it restates, if any."""
    numbers = {n: i for i, (n, _, _) in enumerate(lines)}
    at = numbers.get(first_line, 0)
    caption = " ".join(t for _, _, t in lines[max(0, at - reach): at + reach + 1])
    caption_lines = [t for _, _, t in lines[max(0, at - reach): at + reach + 1]]
    # Line by line, so that a veto word in a neighbouring paragraph does not unlink the caption.
    keyword_links = [e for line in caption_lines for _, e in _links(line, catalog)]
    entries = list(dict.fromkeys(keyword_links + _label_links(caption_lines, catalog)))
    if not entries:
        return []
    out = []
    for figure in group.itertuples():
        if figure.unit != "percent":
            continue
        low, high = _tolerance(float(figure.value), figure.text, None, settings)
        options = []
        for entry in entries:
            years = [y for _, y in _years(caption)] or table.years(entry.id, ("NPLV", "NL"))[-1:]
            options += [(abs(v - figure.value), area, year, v, entry) for year in years for area in ("NPLV", "NL")
                        if (v := table.get(entry.id, year, area)) is not None]
        entry = min(options, key=lambda o: o[0])[4] if options else entries[0]
        record = {"claim_text": figure.text, "indicator_id": entry.id, "claimed": float(figure.value), "qualifier": None,
                  "year_from": None, "kind": "level", "tolerance": f"[{_f(low)}, {_f(high)}]",
                  "edition": figure.edition, "source": figure.source, "page": int(figure.page), "line": int(figure.line),
                  "sentence": f"chart callout {figure.text} (caption: {re.sub(chr(10), ' ', caption)[:160].strip()})"}
        if not options:
            record.update(area=None, year=None, table_value=None, verdict="unverifiable",
                          explanation="the chart's indicator has no value in the table for its years.")
        else:
            _, area, year, value, _ = min(options, key=lambda o: o[0])
            record.update(area=area, year=year, table_value=value, indicator_id=entry.id)
            _verdict(record, value, low, high, f"{area}, nearest cell of the chart's indicator", year)
        out.append(record)
    return out


def _label_links(caption_lines: list[str], catalog: Catalog) -> list[Indicator]:
    """Rows whose short printed label names a chart's series ("Koop", "Particuliere huur",
    even misspelt as "Coporatie huur")."""
    from rapidfuzz import fuzz

    found = []
    for entry in catalog.indicators:
        label = entry.specification.lower()
        if not 4 <= len(label) <= 30:
            continue
        for line in caption_lines:
            text = line.strip().lower()
            if re.search(rf"\b{re.escape(label)}\b", text) or fuzz.ratio(text, label) >= 85:
                found.append(entry)
                break
    return found


class _TableLookup:
    def __init__(self, cells: pd.DataFrame):
        usable = cells[cells["status"].isin(USABLE) & cells["value"].notna()]
        self.values = {(r.indicator_id, int(r.year), r.area): float(r.value) for r in usable.itertuples()}

    def get(self, indicator_id: str, year: int | None, area: str) -> float | None:
        return None if year is None else self.values.get((indicator_id, year, area))

    def years(self, indicator_id: str, areas: tuple[str, ...]) -> list[int]:
        years = {y for (i, y, a) in self.values if i == indicator_id}
        return sorted(y for y in years if all((indicator_id, y, a) in self.values for a in areas))


def _links(sentence: str, catalog: Catalog) -> list[tuple[int, Indicator]]:
    lower = sentence.lower()
    links = []
    for entry in catalog.indicators:
        if any(word in lower for word in entry.exclude_keywords):
            continue
        hits = [lower.find(k) for k in entry.keywords if k in lower]
        if hits:
            links.append((min(hits), entry))
    return links


def _nearest(links, position: int, catalog: Catalog) -> list[Indicator]:
    """The indicator a figure speaks of: the keyword nearest to it (rows sharing it all count)."""
    best = min(abs(p - position) for p, _ in links)
    return [entry for p, entry in links if abs(p - position) == best]


def _position(sentence: str, text: str) -> int:
    """Where the figure stands in its sentence ("8%" is not the end of "18%")."""
    found = re.search(r"(?<![\d.,])" + re.escape(text), sentence)
    return found.start() if found else 0


def _years(sentence: str) -> list[tuple[int, int]]:
    return [(m.start(), int(m.group(1))) for m in _YEAR.finditer(sentence)]


def _claim(sentence, position, figure, entry, table: _TableLookup, settings: ClaimSettings) -> dict | None:
    claimed = float(figure.value)
    qualifier = figure.qualifier if isinstance(figure.qualifier, str) else None
    years = _years(sentence)
    after = sentence[position + len(figure.text): position + len(figure.text) + 40].lower()
    before = sentence[max(0, position - 40): position].lower()
    record = {"claim_text": figure.text, "indicator_id": entry.id, "claimed": claimed, "qualifier": qualifier,
              "year_from": None, "area": None}
    if figure.unit == "times":
        kind, areas = "ratio", ("NPLV", "NL")
        year = _one_year(years, entry.id, areas, table)
        value = _ratio(table, entry.id, year)
        described = "NPLV / NL"
    elif figure.unit == "percentage_point" or re.match(r"\s*achter", after):
        kind, areas = "gap", ("NPLV", "NL")
        year = _one_year(years, entry.id, areas, table, position=position, sentence=sentence,
                         change_end=_is_change_end(before), change_start=_is_change_start(after))
        value = _gap(table, entry.id, year)
        described = "NL - NPLV"
        if not pd.isna(figure.range_low):
            return _judge_range(record, kind, entry, table, years, figure, settings)
    else:
        kind = "level"
        # NL: "(8,17% tegen 1,36%)" in a sentence about Nederland, or "30% in Nederland".
        national = re.search(r"\b(?:landelijk\w*|nederland)\b", sentence.lower()) is not None
        area = "NL" if (national and re.search(r"\b(?:tegen|tegenover)\s+(?:\w+\s+)?$", before)) or re.match(
            r"[^.;]{0,25}\b(?:landelijk|in nederland)", after) else "NPLV"
        record["area"] = area
        year = _one_year(years, entry.id, (area,), table, position=position, sentence=sentence,
                         change_end=_is_change_end(before), change_start=_is_change_start(after))
        value = table.get(entry.id, year, area)
        described = f"{area}"
        if re.search(r"\bvan\s+(?:\w+\s+)?$", before) and re.match(r"\s+(?:in\s+\d{4}\s+)?naar\b", after):
            kind = "change"
        elif _is_change_end(before):
            kind = "change"
    low, high = _tolerance(claimed, figure.text, qualifier, settings)
    record.update(kind=kind, year=year, table_value=value, tolerance=f"[{_f(low)}, {_f(high)}]")
    return _verdict(record, value, low, high, described, year)


def _is_change_end(before: str) -> bool:
    return bool(re.search(r"\bnaar\s+(?:\w+\s+)?$", before))


def _is_change_start(after: str) -> bool:
    return bool(re.match(r"\s+(?:in\s+\d{4}\s+)?naar\b", after))


def _one_year(years, indicator_id, areas, table: _TableLookup, position=None, sentence=None,
              change_end=False, change_start=False) -> int | None:
    """The year a figure speaks of: one year in the sentence; in a change, the first (start) or
    last (end) year; else the latest year the table has."""
    available = table.years(indicator_id, areas)
    if change_start or change_end:
        if len(years) >= 2:
            return years[0][1] if change_start else years[-1][1]
        if available:
            return available[0] if change_start else available[-1]
    if len(years) == 1:
        return years[0][1]
    if len(years) > 1 and position is not None:
        following = [y for p, y in years if p > position]
        return following[0] if following else years[-1][1]
    return available[-1] if available else None


def _ratio(table, indicator_id, year):
    nplv, nl = table.get(indicator_id, year, "NPLV"), table.get(indicator_id, year, "NL")
    return None if nplv is None or not nl else nplv / nl


def _gap(table, indicator_id, year):
    nplv, nl = table.get(indicator_id, year, "NPLV"), table.get(indicator_id, year, "NL")
    return None if nplv is None or nl is None else abs(nl - nplv)


def _half_unit(text: str) -> float:
    match = re.search(r"\d+(?:[.,](\d+))?", text.replace(".", "") if re.search(r"\d\.\d{3}", text) else text)
    if not match:
        return 0.5
    decimals = len(match.group(1)) if match.group(1) else 0
    return 0.5 * 10 ** (-decimals)


def _tolerance(claimed: float, text: str, qualifier: str | None, settings: ClaimSettings) -> tuple[float, float]:
    h = _half_unit(text)
    share = settings.approximate_share * abs(claimed)
    q = (qualifier or "").lower()
    if q == "bijna":  # almost: a little less, never more
        return claimed - share, claimed
    if q in ("ruim", "iets meer dan"):
        return claimed - h, claimed * (1 + settings.approximate_share) + h
    if q == "meer dan":
        return claimed, float("inf")
    if q in ("tot wel", "maximaal"):
        return float("-inf"), claimed + h
    if q in ("circa", "ongeveer", "zo'n", "gemiddeld", "gemiddeld zo'n", "ca."):
        spread = max(h, share)
        return claimed - spread, claimed + spread
    return claimed - h, claimed + h


def _judge_range(record, kind, entry, table, years, figure, settings) -> dict:
    """'5 tot 10 procentpunten lager': every year the table has must fall in the range."""
    h = _half_unit(figure.text)
    low, high = float(figure.range_low) - h, float(figure.range_high) + h
    wanted = [y for _, y in years] or table.years(entry.id, ("NPLV", "NL"))
    gaps = {y: _gap(table, entry.id, y) for y in wanted}
    gaps = {y: g for y, g in gaps.items() if g is not None}
    record.update(kind=kind, year=max(gaps) if gaps else None, year_from=min(gaps) if gaps else None,
                  tolerance=f"[{_f(low)}, {_f(high)}]")
    if not gaps:
        record.update(table_value=None, verdict="unverifiable",
                      explanation="the table has no year with both NPLV and NL for this indicator.")
        return record
    outside = {y: g for y, g in gaps.items() if not low <= g <= high}
    record["table_value"] = max(gaps.values(), key=lambda g: abs(g - (low + high) / 2))
    listing = ", ".join(f"{y}: {g:.2f}" for y, g in sorted(gaps.items()))
    record["verdict"] = "inconsistent" if outside else "consistent"
    record["explanation"] = (f"the table's NL - NPLV gap is {listing}; "
                             + (f"{', '.join(map(str, outside))} fall outside {_f(low)}-{_f(high)}." if outside
                                else f"all within {_f(low)}-{_f(high)}."))
    return record


def _verdict(record, value, low, high, described, year) -> dict:
    if value is None:
        record.update(verdict="unverifiable", table_value=None,
                      explanation=f"the table has no {described} value for {year if year else 'any year'}.")
        return record
    within = low <= value <= high
    record["verdict"] = "consistent" if within else "inconsistent"
    wording = f"{record['qualifier']} {record['claim_text']}" if record["qualifier"] else record["claim_text"]
    record["explanation"] = (f"the table gives {value:.2f} ({described}, {year}), "
                             f"where '{wording}' allows {_f(low)} to {_f(high)}.")
    return record


def _f(x: float) -> str:
    if x == float("inf"):
        return "∞"
    if x == float("-inf"):
        return "-∞"
    return f"{x:.2f}"


def text_consistency(claims: pd.DataFrame, figures: pd.DataFrame, settings: ClaimSettings = ClaimSettings()) -> pd.DataFrame:
    """Checks of the text against itself (``schemas.rules.TextRules``):

    - repeated: claims about the same indicator, kind, year and area that quote different numbers
      (the summary and the chapter saying "12%" and "14%" of one fact);
    - share: a percentage printed with a count ("8.372 kinderen ..., zo'n 76%") against the larger
      count of the same thing in the sentence before ("11.088 kinderen").
    """
    rows = []
    if len(claims):
        keyed = claims.assign(_area=claims["area"].fillna("-"), _year=claims["year"].fillna(-1))
        for key, group in keyed.groupby(["edition", "indicator_id", "kind", "_year", "_area"], sort=False):
            if len(group) < 2:
                continue
            values = sorted(set(group["claimed"]))
            consistent = len(values) == 1 or all(
                _overlap(a, b) for a, b in zip(group["tolerance"], group["tolerance"].iloc[1:])
            )
            first = group.iloc[0]
            rows.append({
                "kind": "repeated", "consistent": consistent, "edition": first["edition"], "source": first["source"],
                "page": int(first["page"]), "indicator_id": key[1],
                "message": f"{key[1]} ({key[2]}) is quoted as " + ", ".join(
                    f"{t} (line {l})" for t, l in zip(group["claim_text"], group["line"])),
            })
    for sentence, group in (figures.groupby("sentence", sort=False) if len(figures) else []):
        percents = group[group["unit"] == "percent"]
        counts = group[group["unit"] == "count"]
        if percents.empty or counts.empty:
            continue
        for count in counts.itertuples():
            noun = _noun_after(sentence, count.text)
            whole = _larger_count_before(figures, count, noun)
            if whole is None:
                continue
            percent = percents.iloc[0]
            share = 100 * count.value / whole.value
            qualifier = percent["qualifier"] if isinstance(percent["qualifier"], str) else None
            low, high = _tolerance(float(percent["value"]), percent["text"], qualifier, settings)
            rows.append({
                "kind": "share", "consistent": bool(low <= share <= high), "edition": count.edition,
                "source": count.source, "page": int(count.page), "indicator_id": None,
                "message": f"{count.text} of {whole.text} {noun} is {share:.1f}%; the text says "
                           f"{qualifier + ' ' if qualifier else ''}{percent['text']} (line {percent['line']}).",
            })
    frame = pd.DataFrame(rows, columns=["kind", "consistent", "edition", "source", "page", "indicator_id", "message"])
    return frame.drop_duplicates("message").reset_index(drop=True)


def _overlap(a: str, b: str) -> bool:
    (a0, a1), (b0, b1) = (_interval(a), _interval(b))
    return a0 <= b1 and b0 <= a1


def _interval(text: str) -> tuple[float, float]:
    low, high = text.strip("[]").split(", ")
    parse = lambda v: float("inf") if v == "∞" else float("-inf") if v == "-∞" else float(v)
    return parse(low), parse(high)


def _noun_after(sentence: str, text: str) -> str | None:
    match = re.search(re.escape(text) + r"\s+([a-zà-ÿ]+)", sentence)
    return match.group(1) if match else None


def _larger_count_before(figures: pd.DataFrame, count, noun: str | None):
    """The whole a count is part of: a larger count of the same noun in the sentence before."""
    if not noun:
        return None
    earlier = figures[(figures["source"] == count.source) & (figures["line"] <= count.line)
                      & (figures["line"] >= count.line - 4) & (figures["unit"] == "count")
                      & (figures["value"] > count.value)]
    for row in earlier.itertuples():
        if _noun_after(row.sentence, row.text) == noun:
            return row
    return None

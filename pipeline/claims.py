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

import re
from bisect import bisect_right
from dataclasses import dataclass

import pandas as pd

from pipeline.catalog import Aggregate, Catalog, Indicator
from pipeline.figures import body_sentences
from pipeline.frames import tuples
from pipeline.ids import source_kind, stable_id

_YEAR = re.compile(r"(?<![\d/.-])((?:19|20)\d{2})(?![\d/])")
USABLE = ("ok", "corrected", "break", "suspect")
CLAIMED_UNITS = ("percent", "times", "percentage_point", "share")
_AREA_NOUN = re.compile(r"\s*(?:\w+-)?(?:gebieden|gemeenten|wijken|buurten)\b", re.I)
_COMPARATIVE = re.compile(r"\s*(?:zo\b|zoveel|hoger|vaker|groter|meer|lager|kleiner|minder)", re.I)
# A sentence without a keyword of its own continues the previous one only when it points back
# ("Wel blijft het aandeel ...", "Dit is ..."); one with its own subject does not.
_POINTS_BACK = re.compile(r"\b(?:aandeel|percentage|dit|dat|deze|daarmee|hiermee|hierbij|dat cijfer)\b", re.I)


@dataclass(frozen=True)
class ClaimSettings:
    # "bijna 3" means a little less than 3: at least this share of it; "ruim" at most this much more.
    approximate_share: float = 0.1


CLAIM_COLUMNS = [
    "claim_id", "edition", "source", "page", "line", "sentence", "claim_text", "kind", "indicator_id", "sum_of",
    "area", "year_from", "year", "claimed", "qualifier", "table_value", "tolerance", "verdict", "explanation",
    "bbox",
]


CLAIM_DTYPES = {
    "claim_id": "str", "edition": "str", "source": "str", "page": "int64", "line": "int64", "sentence": "str",
    "claim_text": "str", "kind": "str", "indicator_id": "str", "sum_of": "str", "area": "str", "year_from": "Int64",
    "year": "Int64", "claimed": "float64", "qualifier": "str", "table_value": "Float64", "tolerance": "str",
    "verdict": "str", "explanation": "str", "bbox": "object",
}


@dataclass(frozen=True)
class LinkedSentence:
    """A body sentence with figures, and the table rows it speaks of (read from the text alone)."""

    first_line: int
    page: int
    text: str
    links: tuple[tuple[int, Indicator | Aggregate], ...]  # (where its keyword stands, row)
    look_alikes: tuple[tuple[Indicator, str], ...]  # rows it seems to speak of, and why the table cannot check it


def link_sentences(lines: list[tuple[int, int, str]], figures: pd.DataFrame, catalog: Catalog) -> list[LinkedSentence]:
    """The sentences of the body that hold figures, each with the rows it speaks of: what
    ``claims_stage`` reads before it looks at the table (so it can be read ahead of it)."""
    with_figures = set(figures["sentence"]) if len(figures) else set()
    linked = []
    previous_links: list[tuple[int, Indicator]] = []
    for first_line, page, sentence in body_sentences(lines):
        has_figures = sentence in with_figures
        links = _links(sentence, catalog)
        look_alikes = _look_alikes(sentence, catalog) if not links and has_figures else []
        if not links and not look_alikes and previous_links and has_figures and _POINTS_BACK.search(sentence):
            links = [(0, entry) for _, entry in previous_links]  # "Wel blijft het aandeel ..."
        if links:
            previous_links = links
        elif not has_figures:
            previous_links = previous_links if len(sentence) < 40 else []
        if has_figures:
            linked.append(LinkedSentence(first_line, page, sentence, tuple(links), tuple(look_alikes)))
    return linked


def claims_stage(lines: list[tuple[int, int, str]], figures: pd.DataFrame, cells: pd.DataFrame,
                 catalog: Catalog, settings: ClaimSettings = ClaimSettings(), validate: bool = True) -> pd.DataFrame:
    """Every claim about an appendix indicator, with its verdict (``schemas.claims.Claims``;
    validated unless ``validate=False``: for a caller that validates the frame it becomes part of)."""
    from schemas.claims import Claims

    linked = link_sentences(lines, figures, catalog)
    # A sentence may be printed more than once (a summary repeats the chapter): each occurrence
    # is judged with its own figures, so that claims stay as many as the figures and their ids
    # unique. Figures are grouped by sentence and by the occurrence whose first line they follow.
    seen: set[tuple[int, str]] = set()
    occurrences: dict[str, list[int]] = {}
    unique_linked = []
    for linked_sentence in linked:
        key = (linked_sentence.first_line, linked_sentence.text)
        if key not in seen:
            seen.add(key)
            unique_linked.append(linked_sentence)
            occurrences.setdefault(linked_sentence.text, []).append(linked_sentence.first_line)
    by_occurrence: dict[tuple[str, int], list] = {}
    for figure in (tuples(figures) if len(figures) else ()):
        starts = occurrences.get(figure.sentence)
        if starts:
            start = starts[max(bisect_right(starts, figure.line) - 1, 0)]
            by_occurrence.setdefault((figure.sentence, start), []).append(figure)
    # A line is known by its number and page (a PDF numbers lines per page); the first of a
    # number's lines on a page is where it stands (a blank line that ends a block repeats it).
    line_index: dict[tuple[int, int], int] = {}
    for i, (n, page, _) in enumerate(lines):
        line_index.setdefault((n, page), i)
    table = _TableLookup(cells, catalog.aggregates)
    records = []
    for linked_sentence in unique_linked:
        first_line, sentence = linked_sentence.first_line, linked_sentence.text
        links, look_alikes = linked_sentence.links, linked_sentence.look_alikes
        group = by_occurrence.get((sentence, first_line))
        if group is None:
            continue
        if _is_callout(sentence, group):
            records += _callout_claims((first_line, linked_sentence.page), group, lines, catalog, table, settings,
                                       line_index=line_index)
            continue
        if not (links or look_alikes):
            continue
        for figure in group:
            if figure.unit not in CLAIMED_UNITS:
                continue
            position = _position(sentence, figure.text)
            after = sentence[position + len(figure.text):]
            if figure.unit == "share" and _AREA_NOUN.match(after):
                continue  # "11 van de 20 gebieden": a count of areas, not a share of the population
            claim = None
            if not links:
                if figure.unit == "times" and not _COMPARATIVE.match(after):
                    continue  # "10 keer te veel melden": how often, not a ratio of two areas
                entry, reason = look_alikes[0]
                claim = _unverifiable(figure, entry, f"the table cannot check this: {reason}.")
            elif re.search(r"\b(?:sommige|enkele|uitschieters)\b[^;:]*$", sentence[max(0, position - 60):position], re.I):
                claim = _unverifiable(figure, _nearest(links, position, catalog)[0],
                                      "it speaks of some areas; the table gives only the average of the NPLV areas.")
            if claim is not None:
                claim.update(edition=figure.edition, source=figure.source, page=int(figure.page),
                             line=int(figure.line), sentence=sentence, bbox=figure.bbox)
                records.append(claim)
                continue
            for entry in _nearest(links, position, catalog):
                claim = _claim(sentence, position, figure, entry, table, settings)
                if claim is not None:
                    claim.update(edition=figure.edition, source=figure.source, page=int(figure.page),
                                 line=int(figure.line), sentence=sentence, bbox=figure.bbox)
                    records.append(claim)
    frame = pd.DataFrame.from_records(records, columns=[c for c in CLAIM_COLUMNS if c not in ("claim_id", "sum_of")])
    # A claim about a sum of rows names its members instead of one row.
    members = {a.id: "+".join(a.members) for a in catalog.aggregates}
    frame["sum_of"] = frame["indicator_id"].map(members)
    frame["indicator_id"] = frame["indicator_id"].where(frame["sum_of"].isna(), None)
    frame = frame[[c for c in CLAIM_COLUMNS if c != "claim_id"]]
    frame.insert(0, "claim_id", [
        stable_id("c", r.edition, source_kind(r.source), r.page, r.line, r.claim_text,
                  r.indicator_id if isinstance(r.indicator_id, str) else r.sum_of, r.kind)
        for r in tuples(frame, ["edition", "source", "page", "line", "claim_text", "indicator_id", "sum_of", "kind"])
    ])
    frame = frame.astype(CLAIM_DTYPES)
    frame = frame.reset_index(drop=True)
    return Claims.validate(frame, lazy=True) if validate else frame


def _is_callout(sentence: str, group: list) -> bool:
    """A chart label: nothing but its figures ("11%55%", "18% 8%")."""
    rest = sentence
    for figure in group:
        rest = rest.replace(figure.text, "", 1)
    return len(re.sub(r"[\W_]+", "", re.sub(r"NPLV|NL", "", rest))) == 0


def _callout_claims(where: tuple[int, int], group, lines, catalog: Catalog, table, settings, reach: int = 10,
                    line_index: dict[tuple[int, int], int] | None = None) -> list[dict]:
    """A chart callout restates table cells: the chart's caption (nearby lines) names the
    indicator and perhaps years; each figure is matched to the cell it restates, if any.
    ``where`` is the callout's (line, page); ``group`` holds its figures as row tuples;
    ``line_index`` maps a (line, page) to its index in ``lines`` (built here when not given)."""
    numbers = line_index if line_index is not None else {}
    if line_index is None:
        for i, (n, page, _) in enumerate(lines):
            numbers.setdefault((n, page), i)
    at = numbers.get(where, 0)
    caption = " ".join(t for _, _, t in lines[max(0, at - reach): at + reach + 1])
    caption_lines = [t for _, _, t in lines[max(0, at - reach): at + reach + 1]]
    # Line by line, so that a veto word in a neighbouring paragraph does not unlink the caption.
    keyword_links = [e for line in caption_lines for _, e in _links(line, catalog)]
    entries = list(dict.fromkeys(keyword_links + _label_links(caption_lines, catalog)))
    if not entries:  # a chart the table cannot check: listed, with the reason
        return [{"claim_text": f.text, "indicator_id": None, "claimed": float(f.value), "qualifier": None,
                 "year_from": None, "kind": "chart", "tolerance": "", "area": None, "year": None, "table_value": None,
                 "verdict": "unverifiable", "edition": f.edition, "source": f.source, "page": int(f.page),
                 "line": int(f.line), "sentence": _callout_sentence(f.text, caption), "bbox": f.bbox,
                 "explanation": "the chart's title and legend (the lines around it) name no row of the table."}
                for f in group if f.unit == "percent"]
    out = []
    for figure in group:
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
                  "year_from": None, "kind": "chart", "tolerance": f"[{_f(low)}, {_f(high)}]",
                  "edition": figure.edition, "source": figure.source, "page": int(figure.page), "line": int(figure.line),
                  "sentence": _callout_sentence(figure.text, caption), "bbox": figure.bbox}
        if not options:
            record.update(area=None, year=None, table_value=None, verdict="unverifiable",
                          explanation="the chart's indicator has no value in the table for its years.")
        else:
            _, area, year, value, _ = min(options, key=lambda o: o[0])
            record.update(area=area, year=year, table_value=value, indicator_id=entry.id)
            # The text does not say which label belongs to which series and area: the label is
            # paired with the cell it is nearest to, and the explanation says so.
            paired = "the label paired with the nearest cell of the chart's indicator, the text not saying which series it is"
            _verdict(record, value, low, high, f"{area}; {paired}" if len(options) > 1 else area, year)
        out.append(record)
    return out


def _callout_sentence(text: str, caption: str) -> str:
    return f"chart callout {text} (caption: {re.sub(chr(10), ' ', caption)[:160].strip()})"


def _label_links(caption_lines: list[str], catalog: Catalog) -> list[Indicator]:
    """Rows whose short printed label names a chart's series ("Koop", "Particuliere huur",
    even misspelt as "Coporatie huur")."""
    from rapidfuzz import fuzz

    found = []
    texts = [line.strip().lower() for line in caption_lines]
    for entry, label, pattern in catalog.label_patterns:
        for text in texts:
            if pattern.search(text) or fuzz.ratio(text, label) >= 85:
                found.append(entry)
                break
    return found


class _TableLookup:
    def __init__(self, cells: pd.DataFrame, aggregates: tuple[Aggregate, ...] = ()):
        usable = cells[cells["status"].isin(USABLE) & cells["value"].notna()]
        self.values = {(r.indicator_id, int(r.year), r.area): float(r.value) for r in tuples(usable, ["indicator_id", "year", "area", "value"])}
        # A sum of rows where every member has a value.
        for aggregate in aggregates:
            keys = {(y, a) for (i, y, a) in self.values if i == aggregate.members[0]}
            for year, area in sorted(keys):
                parts = [self.values.get((m, year, area)) for m in aggregate.members]
                if all(p is not None for p in parts):
                    self.values[(aggregate.id, year, area)] = sum(parts)

    def get(self, indicator_id: str, year: int | None, area: str) -> float | None:
        return None if year is None else self.values.get((indicator_id, year, area))

    def years(self, indicator_id: str, areas: tuple[str, ...]) -> list[int]:
        years = {y for (i, y, a) in self.values if i == indicator_id}
        return sorted(y for y in years if all((indicator_id, y, a) in self.values for a in areas))


def _links(sentence: str, catalog: Catalog) -> list[tuple[int, Indicator]]:
    lower = sentence.lower()
    if not catalog.any_keyword.search(lower):  # most sentences name no indicator at all
        return []
    links = []
    for entry in (*catalog.indicators, *catalog.aggregates):
        if any(word in lower for word in entry.exclude_keywords):
            continue
        hits = [lower.find(k) for k in entry.keywords if k in lower]
        if hits:
            links.append((min(hits), entry))
    return links


def _look_alikes(sentence: str, catalog: Catalog) -> list[tuple[Indicator, str]]:
    """Rows a sentence seems to speak of but the table cannot check it against: a keyword with a
    veto word ("bijstand" ... "Rotterdam"), or only the topic's words ("ervaart ... overlast")."""
    lower = sentence.lower()
    if not catalog.any_keyword.search(lower) and not catalog.any_topic_keyword.search(lower):
        return []  # a look-alike needs a row's keyword or its topic's words; most sentences hold neither
    found = []
    for entry in catalog.indicators:
        veto = next((w for w in entry.exclude_keywords if w in lower), None)
        keyword = any(k in lower for k in entry.keywords)
        topic = next((w for w in entry.topic_keywords if w in lower), None)
        if keyword and veto:
            found.append((entry, f"it speaks of '{veto}', not of the table's average"))
        elif topic and not keyword:
            reason = f"it speaks of '{veto}'" if veto else f"it speaks of '{topic}' but not of the measure"
            found.append((entry, f"{reason}; the table's row is {entry.indicator} ({entry.specification})"))
    return found


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
    claimed, _ = _claimed(figure)
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
    low, high = _tolerance(claimed, figure.text, qualifier, settings, share=figure.unit == "share")
    record.update(kind=kind, year=year, table_value=value, tolerance=f"[{_f(low)}, {_f(high)}]")
    return _verdict(record, value, low, high, described, year)


def _unverifiable(figure, entry, explanation: str) -> dict:
    claimed, kind = _claimed(figure)
    qualifier = figure.qualifier if isinstance(figure.qualifier, str) else None
    return {"claim_text": figure.text, "indicator_id": entry.id, "claimed": claimed, "qualifier": qualifier,
            "kind": kind, "area": None, "year_from": None, "year": None, "table_value": None,
            "tolerance": "(none)", "verdict": "unverifiable", "explanation": explanation}


def _claimed(figure) -> tuple[float, str]:
    """The claimed number in the table's terms ("7 op de 10" is 70 percent) and its kind."""
    value = float(figure.value if not pd.isna(figure.value) else figure.range_low)
    if figure.unit == "share":
        return round(100 * value, 4), "level"
    return value, {"times": "ratio", "percentage_point": "gap"}.get(figure.unit, "level")


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


def _share_half_unit(text: str) -> float:
    """Half the rounding step of "X op de Y" in percent: X/Y is the nearest such fraction, so
    "7 op de 10" covers 65-75%; "1 op de Y" the span between 1/(Y+0.5) and 1/(Y-0.5). Word
    shares ("de helft") are exact."""
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    if len(numbers) < 2 or numbers[-1] < 2:
        return 0.0
    x, y = numbers[0], numbers[-1]
    if x == 1:
        return (100 / (y - 0.5) - 100 / (y + 0.5)) / 2
    return 50 / y


def _half_unit(text: str) -> float:
    match = re.search(r"\d+(?:[.,](\d+))?", text.replace(".", "") if re.search(r"\d\.\d{3}", text) else text)
    if not match:
        return 0.5
    decimals = len(match.group(1)) if match.group(1) else 0
    return 0.5 * 10 ** (-decimals)


def _tolerance(claimed: float, text: str, qualifier: str | None, settings: ClaimSettings,
               share: bool = False) -> tuple[float, float]:
    # "7 op de 10" is rounded to tenths: half of one in ten is 5 percent; "de helft" is exact.
    h = _share_half_unit(text) if share else _half_unit(text)
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

    - repeated: checked claims about the same indicator, kind, year and area that quote different numbers
      (the summary and the chapter saying "12%" and "14%" of one fact);
    - share: a percentage printed with a count ("8.372 kinderen ..., zo'n 76%") against the larger
      count of the same thing in the sentence before ("11.088 kinderen").
    """
    rows = []
    # Claims the table cannot check have no year or interval to compare by.
    judged = claims[claims["verdict"] != "unverifiable"] if len(claims) else claims
    # Grouped in plain Python (first appearance order, as groupby(sort=False)): most groups hold
    # one claim, and a pandas group costs far more than the check.
    groups: dict[tuple, list] = {}
    columns = ["edition", "source", "page", "line", "indicator_id", "kind", "year", "area", "claimed", "tolerance",
               "claim_text"]
    for claim in (tuples(judged, columns) if len(judged) else ()):
        if not isinstance(claim.indicator_id, str):
            continue  # a claim about a sum of rows has no row of its own to be compared by
        year = -1 if pd.isna(claim.year) else claim.year
        area = "-" if pd.isna(claim.area) else claim.area
        kind = "level" if claim.kind == "chart" else claim.kind  # a chart's label states a level too
        groups.setdefault((claim.edition, claim.indicator_id, kind, year, area), []).append(claim)
    for key, group in groups.items():
        if len(group) < 2:
            continue
        consistent = len({c.claimed for c in group}) == 1 or all(
            _overlap(a.tolerance, b.tolerance) for a, b in zip(group, group[1:]))
        first = group[0]
        rows.append({
            "kind": "repeated", "consistent": consistent, "edition": first.edition, "source": first.source,
            "page": int(first.page), "indicator_id": key[1],
            "message": f"{key[1]} ({key[2]}) is quoted as " + _listed([f"{c.claim_text} (line {c.line})" for c in group]),
        })
    # Figures as plain records grouped by sentence (first appearance order, as groupby(sort=False)):
    # boolean masks on the frame per sentence cost far more than the checks themselves.
    records = _figure_records(figures)
    by_sentence: dict[str, list[_Figure]] = {}
    counts_by_line: dict[tuple[str, int], list[_Figure]] = {}
    for record in records:
        by_sentence.setdefault(record.sentence, []).append(record)
        if record.unit == "count":
            counts_by_line.setdefault((record.source, record.line), []).append(record)
    for sentence, group in by_sentence.items():
        percents = [f for f in group if f.unit == "percent"]
        counts = [f for f in group if f.unit == "count"]
        if not percents or not counts:
            continue
        for count in counts:
            noun = _noun_after(sentence, count.text)
            whole = _larger_count_before(counts_by_line, count, noun)
            if whole is None:
                continue
            percent = percents[0]
            share = 100 * count.value / whole.value
            qualifier = percent.qualifier if isinstance(percent.qualifier, str) else None
            low, high = _tolerance(float(percent.value), percent.text, qualifier, settings)
            rows.append({
                "kind": "share", "consistent": bool(low <= share <= high), "edition": count.edition,
                "source": count.source, "page": int(count.page), "indicator_id": None,
                "message": f"{count.text} of {whole.text} {noun} is {share:.1f}%; the text says "
                           f"{qualifier + ' ' if qualifier else ''}{percent.text} (line {percent.line}).",
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


@dataclass(frozen=True)
class _Figure:
    """The fields of a figure the text checks read."""

    sentence: str
    text: str
    unit: str
    value: float
    qualifier: object
    edition: str
    source: str
    page: int
    line: int


def _figure_records(figures: pd.DataFrame) -> list[_Figure]:
    if not len(figures):
        return []
    columns = [figures[c].tolist() for c in ("sentence", "text", "unit", "value", "qualifier", "edition", "source",
                                              "page", "line")]
    return [_Figure(*values) for values in zip(*columns)]


def _listed(items: list[str], shown: int = 6) -> str:
    """Items joined with commas; past ``shown``, the rest counted (a text that repeats a fact on
    every page gives a message of one line, not of every page)."""
    more = len(items) - shown
    return ", ".join(items[:shown]) + (f" and {more} more" if more > 0 else "")


def _larger_count_before(counts_by_line: dict[tuple[str, int], list[_Figure]], count: _Figure,
                         noun: str | None) -> _Figure | None:
    """The whole a count is part of: a larger count of the same noun in the sentence before
    (the counts looked up by source and line, not searched for among all figures)."""
    if not noun:
        return None
    for line in range(count.line - 4, count.line + 1):
        for row in counts_by_line.get((count.source, line), ()):
            if row.value > count.value and _noun_after(row.sentence, row.text) == noun:
                return row
    return None

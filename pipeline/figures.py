"""Stage: figures. Every numeric mention in the body text, read the Dutch way.

Dutch numbers: "." groups thousands and "," is the decimal separator ("27.470", "8,17%",
"€129,1 miljoen"); words count too ("twee keer", "anderhalf", "1 op de 3", "de helft"). Not
figures: years and dates, page numbers, footnote markers, document numbers ("33 340, nr. 35"),
labels ("actielijn 3", "Thema 1"), age brackets used as categories ("jongeren tussen 18 en 30
jaar"), rate bases ("per 10.000 bewoners").

The body text is scanned as one stream (a mention may wrap over a line break); every match keeps
the line and page it starts on.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

import pandas as pd

from pipeline.ids import source_kind, stable_id

_NUMBER_WORDS = {
    "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8, "negen": 9,
    "tien": 10, "elf": 11, "twaalf": 12, "dertien": 13, "veertien": 14, "vijftien": 15,
    "zestien": 16, "zeventien": 17, "achttien": 18, "negentien": 19, "twintig": 20,
    "dertig": 30, "veertig": 40, "vijftig": 50, "honderd": 100, "duizend": 1000,
}
_MONTHS = ("januari februari maart april mei juni juli augustus september oktober november december").split()
_QUALIFIERS = [
    "gemiddeld zo'n", "iets meer dan", "meer dan", "minder dan", "tot wel", "zo'n", "ruim", "bijna",
    "circa", "ongeveer", "gemiddeld", "maximaal", "minimaal", "ca.",
]
# Words before a number that make it a label or a reference, not a quantity.
_LABEL_WORDS = {"actielijn", "actielijnen", "thema", "thema's", "figuur", "groep", "groepen", "fase",
                "artikel", "nr", "nr.", "pagina", "bijlage", "tabel", "stap", "per", "niveau"}
_PERSON_WORDS = {"jongeren", "kinderen", "jongvolwassenen", "leerlingen", "inwoners", "personen",
                 "mensen", "bewoners", "volwassenen"}

_NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_WORD_NUM = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
_QTY = rf"(?:{_NUM}|anderhalf|(?:{_WORD_NUM}))"
# What a quantity can start with: patterns that start with one look ahead for it first (and the
# word patterns for their first letters), which lets the regex engine pass over most of the text
# quickly.
_QTY_AHEAD = "(?=[\\d" + "".join(sorted({w[0] for w in (*_NUMBER_WORDS, "anderhalf")})) + "])"
_UNIT_WORDS = {
    "%": "percent", "procent": "percent", "procentpunt": "percentage_point", "procentpunten": "percentage_point",
    "keer": "times", "jaar": "years", "graden": "other", "gram": "other", "weken": "other", "dagen": "other",
    "ochtenden": "other", "maanden": "other", "uur": "other", "minuten": "other",
}
_UNIT = r"(?:\s?%|\s+(?:procentpunten|procentpunt|procent|keer|jaar|graden|gram|weken|dagen|ochtenden|maanden|uur|minuten)\b)"
_SCALE = r"(?:\s+(?:miljoen|miljard))"

_PATTERNS = [
    # Shares: "1 op de 3", "11 van de 20".
    ("share", re.compile(rf"{_QTY_AHEAD}(?<![\w.,])(?P<a>{_QTY})\s+(?:op|van)\s+de\s+(?P<b>{_NUM}|{_WORD_NUM})\b(?!\s*(?:jaar|%|tot\s))", re.I)),
    ("share_word", re.compile(r"(?=[de])\b(?P<w>de helft|driekwart|een kwart)\b", re.I)),
    ("double", re.compile(r"(?=[dv])\b(?P<w>dubbel zo(?:veel| hoog| groot| vaak)|verdubbeld)\b", re.I)),
    # Euro amounts: "€129,1 miljoen", "€ 280.619", "2 miljard euro".
    ("euro", re.compile(rf"€\s?(?P<a>{_NUM})(?P<scale>{_SCALE})?")),
    ("euro_after", re.compile(rf"(?=\d)(?<![\w.,])(?P<a>{_NUM})(?P<scale>{_SCALE})?\s+euro\b", re.I)),
    # Ranges: "5 tot 10 procentpunten", "36.900 tot 44.000", "anderhalf tot 2 keer".
    ("range", re.compile(rf"{_QTY_AHEAD}(?<![\w.,€])(?P<a>{_QTY})\s+(?:tot|à|-|–)\s+(?P<b>{_QTY})(?P<unit>{_UNIT})?(?P<scale>{_SCALE})?(?(unit)|(?!\w))", re.I)),
    # A number with its unit or scale, or a bare number ("11%55%": a unit may be glued to more).
    ("number", re.compile(rf"{_QTY_AHEAD}(?<![\w€])(?P<a>{_QTY})(?P<unit>{_UNIT})?(?P<scale>{_SCALE})?(?(unit)|(?!\w))", re.I)),
]


# The patterns that begin with a quantity are tried only where one can start (a digit, a number
# word): the same matches as ``finditer`` in about a third of the time, since the regex engine
# cannot skip over text to a pattern that opens with a lookbehind.
_STARTS_WITH_QUANTITY = frozenset({"share", "euro_after", "range", "number"})
_DIGITS = re.compile(r"\d+")
_NUMBER_WORD = re.compile(f"anderhalf|{_WORD_NUM}")  # in lower case: a case-blind search is slow


def _quantity_starts(text: str) -> list[int]:
    lowered = text.lower()
    if len(lowered) != len(text):  # a letter whose lower case is longer ("İ") would shift offsets
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return sorted({m.start() for m in _DIGITS.finditer(text)} | {m.start() for m in _NUMBER_WORD.finditer(lowered)})


def _matches_at(pattern: re.Pattern, text: str, starts: list[int]):
    """``pattern.finditer(text)`` for a pattern whose matches all start at one of ``starts``."""
    end = 0
    for start in starts:
        if start >= end and (match := pattern.match(text, start)):
            end = match.end()
            yield match


@dataclass(frozen=True)
class FigureSettings:
    # Years are not figures: a bare four-digit number in this range is read as a year.
    year_range: tuple[int, int] = (1900, 2099)
    qualifiers: tuple[str, ...] = tuple(_QUALIFIERS)
    label_words: frozenset[str] = frozenset(_LABEL_WORDS)
    person_words: frozenset[str] = frozenset(_PERSON_WORDS)


@dataclass
class _Stream:
    text: str
    starts: list[int] = field(default_factory=list)  # offset where each line starts
    lines: list[int] = field(default_factory=list)  # 1-based line number of each line
    pages: list[int] = field(default_factory=list)

    def locate(self, offset: int) -> int:
        """Index of the line holding ``offset``."""
        low, high = 0, len(self.starts) - 1
        while low < high:
            mid = (low + high + 1) // 2
            if self.starts[mid] <= offset:
                low = mid
            else:
                high = mid - 1
        return low


class _Spans:
    """Disjoint text spans already read, sorted, with an overlap test in O(log n)."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans: list[tuple[int, int]] = []
        for start, end in spans:
            if not self.overlaps(start, end):
                self.add(start, end)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether [start, end) overlaps a span: one starting before ``end`` that ends after
        ``start``. The spans are disjoint, so of those starting before ``end`` the last ends last."""
        from bisect import bisect_left

        i = bisect_left(self.spans, (end, -1))  # spans starting before end
        return i > 0 and self.spans[i - 1][1] > start

    def add(self, start: int, end: int) -> None:
        from bisect import insort

        insort(self.spans, (start, end))


def parse_dutch_number(text: str) -> float:
    """'27.470' -> 27470, '8,17' -> 8.17, 'twee' -> 2, 'anderhalf' -> 1.5."""
    word = text.strip().lower()
    if word == "anderhalf":
        return 1.5
    if word in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[word])
    return float(word.replace(".", "").replace(",", "."))


def extract_figures(lines: list[tuple[int, int, str]], edition: str, source: str,
                    settings: FigureSettings = FigureSettings()) -> pd.DataFrame:
    """Every figure in body lines given as (line number, page, text)."""
    stream = _Stream("")
    parts = []
    offset = 0
    for number, page, text in lines:
        text = _normalise_line(text)
        stream.starts.append(offset)
        stream.lines.append(number)
        stream.pages.append(page)
        parts.append(text)
        offset += len(text) + 1
    stream.text = "\n".join(parts)
    # Addresses are no figures: "…/2024/10/17/…", "stcrt-2023-17605".
    taken = _Spans([m.span() for m in re.finditer(r"(?:https?://|www\.)\S+", stream.text)])
    records = []
    starts = _quantity_starts(stream.text)
    for kind, pattern in _PATTERNS:
        matches = (_matches_at(pattern, stream.text, starts) if kind in _STARTS_WITH_QUANTITY
                   else pattern.finditer(stream.text))
        for match in matches:
            start, end = match.span()
            if taken.overlaps(start, end):
                continue
            figure = _read(kind, match, stream, settings)
            if figure is None:
                continue
            taken.add(start, end)
            if figure is not _SKIP:  # a span read as a non-figure is consumed all the same
                records.append(figure)
    records.sort(key=lambda r: r["_offset"])
    sentences = _sentences(stream)
    headings = _headings(lines)
    for record in records:
        index = stream.locate(record["_offset"])
        sentence = sentences(record["_offset"])
        record.update({
            "edition": edition,
            "source": source,
            "line": stream.lines[index],
            "page": stream.pages[index],
            "section": headings(stream.lines[index]),
            "sentence": sentence,
            "area": _area(sentence),
            "year": _year(sentence, record["text"], settings),
        })
    frame = pd.DataFrame.from_records(records)
    if frame.empty:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in FIGURE_DTYPES.items()})
    kind = source_kind(source)
    frame["figure_id"] = [stable_id("f", edition, kind, o, t) for o, t in zip(frame["_offset"], frame["text"])]
    frame["bbox"] = None  # a PDF's boxes are added by ``with_boxes``
    return frame[FIGURE_COLUMNS].reset_index(drop=True).astype(FIGURE_DTYPES)


def figures_stage(lines: list[tuple[int, int, str]], edition: str, source: str) -> pd.DataFrame:
    """The figures frame, validated by ``schemas.figures.Figures``."""
    return validated_figures(extract_figures(lines, edition, source))


def with_boxes(figures: pd.DataFrame, edition) -> pd.DataFrame:
    """Figures read from a PDF, each with the box of its text on its page (``bbox``); a text
    edition's keep none. Claims take their figure's box."""
    if edition.kind != "pdf" or figures.empty:
        return figures
    wanted = [(int(p), int(n), str(t)) for p, n, t in zip(figures["page"], figures["line"], figures["text"])]
    return figures.assign(bbox=pd.Series(edition.text_boxes(wanted), index=figures.index, dtype=object))


def validated_figures(figures: pd.DataFrame) -> pd.DataFrame:
    from schemas.figures import Figures

    return Figures.validate(figures, lazy=True)


def _headings(lines: list[tuple[int, int, str]]):
    """A function giving the nearest heading above a line: a short line standing on its own
    after a blank line, starting with a capital and not ending a sentence."""
    found: list[tuple[int, str]] = []
    previous_blank = True
    for number, _, text in lines:
        stripped = text.strip()
        # A text extractor ends a line that runs on into the next with a space.
        runs_on = text.endswith((" ", "\t"))
        if (previous_blank and stripped and not runs_on and len(stripped) <= 70 and stripped[0].isupper()
                and not re.search(r"[.,;:!?\-]$", stripped) and not re.fullmatch(r"[\d\s%€.,]+", stripped)
                and not stripped.startswith(("NPLV NL", "Percentage", "Aantal"))):
            found.append((number, stripped))
        previous_blank = not stripped

    numbers = [n for n, _ in found]

    def heading(line: int) -> str | None:
        k = bisect_right(numbers, line) - 1
        return found[k][1] if k >= 0 else None

    return heading


def _area(sentence: str) -> str | None:
    nplv = re.search(r"NPLV", sentence) is not None
    nl = re.search(r"\b(?:landelijk\w*|Nederland|NL)\b", sentence) is not None
    if nplv != nl:
        return "NPLV" if nplv else "NL"
    return None


def _year(sentence: str, text: str, settings: FigureSettings) -> int | None:
    years = {int(y) for y in re.findall(r"(?<![\d/.-])((?:19|20)\d{2})(?![\d/])", sentence)
             if settings.year_range[0] <= int(y) <= settings.year_range[1]}
    return years.pop() if len(years) == 1 else None


FIGURE_COLUMNS = [
    "figure_id", "edition", "source", "page", "line", "section", "sentence", "text", "value", "unit",
    "qualifier", "range_low", "range_high", "area", "year", "bbox",
]


FIGURE_DTYPES = {
    "figure_id": "str", "edition": "str", "source": "str", "page": "int64", "line": "int64", "section": "str",
    "sentence": "str", "text": "str", "value": "float64", "unit": "str", "qualifier": "str",
    "range_low": "float64", "range_high": "float64", "area": "str", "year": "Int64", "bbox": "object",
}


def _read(kind: str, match: re.Match, stream: _Stream, settings: FigureSettings) -> dict | None:
    text = stream.text
    start, end = match.span()
    before = text[max(0, start - 40):start]
    after = text[end:end + 30]
    record = {"_offset": start, "text": re.sub(r"\s*\n\s*", " ", match.group(0)),
              "range_low": None, "range_high": None}
    if kind == "share":
        a, b = parse_dutch_number(match["a"]), parse_dutch_number(match["b"])
        if not b or a > b:
            return None
        record.update(value=round(a / b, 4), unit="share")
    elif kind == "share_word":
        record.update(value={"de helft": 0.5, "driekwart": 0.75, "een kwart": 0.25}[match["w"].lower()], unit="share")
    elif kind == "double":
        record.update(value=2.0, unit="times")
    elif kind in ("euro", "euro_after"):
        value = parse_dutch_number(match["a"]) * _scale(match["scale"])
        record.update(value=value, unit="euro")
    else:
        a = match["a"]
        if _is_excluded(a, before, after, text, start, end, settings, text[match.end("a"):match.end("a") + 30]):
            return None
        low = parse_dutch_number(a)
        unit = _unit(match["unit"]) if match["unit"] else None
        scale = _scale(match["scale"])
        if kind == "range":
            if _is_age_bracket(before, unit, settings):
                return _SKIP
            if _is_year(match["b"], settings):
                return None
            high = parse_dutch_number(match["b"])
            if high <= low:
                return None
            record.update(value=low * scale, range_low=low * scale, range_high=high * scale)
        else:
            if unit in (None, "years") and _is_age_bracket_end(before, after, settings):
                return None
            record.update(value=low * scale)
        if unit is None:
            unit = _borrowed_unit(text, end) or ("euro" if scale != 1 and re.match(r"\s+euro", after) else "count")
        record["unit"] = unit
        if unit == "years" and re.search(r"\b(?:tussen|t/m|tot en met)\s*$", before, re.I):
            return None
    record["qualifier"] = _qualifier(before, settings)
    return record


_SKIP = {"skip": True}


def _scale(scale: str | None) -> float:
    if not scale:
        return 1.0
    return 1e6 if "miljoen" in scale else 1e9


def _unit(unit: str) -> str:
    word = unit.strip().lower()
    return _UNIT_WORDS.get(word, "other")


def _borrowed_unit(text: str, end: int) -> str | None:
    """'van circa 10 naar 5 procentpunt': the first number takes the second's unit."""
    match = re.match(rf"\s+naar\s+(?:\w+\s+)?(?:{_QTY})(?P<unit>{_UNIT})", text[end:end + 40], re.I)
    return _unit(match["unit"]) if match else None


def _is_year(text: str, settings: FigureSettings) -> bool:
    return bool(re.fullmatch(r"\d{4}", text)) and settings.year_range[0] <= int(text) <= settings.year_range[1]


def _is_excluded(a: str, before: str, after: str, text: str, start: int, end: int, settings: FigureSettings,
                 after_number: str = "") -> bool:
    if a.lower() in _NUMBER_WORDS or a.lower() == "anderhalf":
        # A number word is a figure when it counts something: followed by a word, not a hyphen.
        return bool(re.match(r"^[-–]", after))
    if _is_year(a, settings) and not re.match(r"\s?%", after):
        return True
    # Footnote markers, names and references: digits glued to a word, a bracket, a full stop,
    # a slash or a hyphen ("Koninkrijksrelaties.1", "Platform31", "2024/25").
    if start > 0 and re.match(r"[\w).\-/]", text[start - 1]):
        return True
    # A footnote line starts with its number and a tab.
    if re.match(r"\t", after) and (start == 0 or text[start - 1] == "\n"):
        return True
    # A page number alone on its line.
    if (start == 0 or text[start - 1] == "\n") and re.match(r"\s*(\n|$)", after):
        return True
    previous = re.findall(r"[\w.']+", before.lower())
    if previous and previous[-1] in settings.label_words:
        return True
    if len(previous) >= 3 and previous[-1] == "en" and previous[-3] in settings.label_words:
        return True  # "actielijnen 1 en 3"
    # A numbered list: "1.\t Samenhangende aanpak".
    if (start == 0 or text[start - 1] == "\n") and re.match(r"\.\s", after):
        return True
    # Part of a compound ("1-op-1", "niveau 3-opleiding"), except an age or duration ("9-jarige").
    if re.match(r"-(?!jarig)[a-z]", after, re.I):
        return True
    # A clock time ("7 uur 's ochtends") or an age threshold ("vanaf 0 jaar"); the unit is part
    # of the match, so look right after the number.
    if re.match(r"\s+uur\s+['’]s\s+(?:ochtends|middags|avonds|nachts)", after_number, re.I):
        return True
    if previous and previous[-1] == "vanaf" and re.match(r"\s+(?:jaar|maanden)\b", after_number, re.I):
        return True
    # Dates: "26 juni 2025"; document numbers: "33 340, nr. 35", "Staatscourant 2023, 17605".
    if re.match(rf"\s+(?:{'|'.join(_MONTHS)})\b", after, re.I):
        return True
    if re.match(r"\s\d{3}\b", after) or re.match(r",\s*nr\.", after):
        return True
    if re.search(r"\bgroep\s+\d+\s+en\s*$", before, re.I):  # "groep 1 en 2": school grades
        return True
    if re.search(r"(?:Staatscourant|Kamerstukk?en[^,\n]*)\s+\d{4},\s*$", before):
        return True
    if re.search(r"nr\.\s*$", before) or re.search(r"(?:https?://|www\.)\S*$", before):
        return True
    # Time of day and decades.
    if re.match(r"[:.]\d{2}\s*uur", after) or re.search(r"['’]$", before):
        return True
    return False


def _is_age_bracket(before: str, unit: str | None, settings: FigureSettings) -> bool:
    """'jongeren van 10 tot 27 jaar', 'tussen 18 en 30 jaar': a category, not a quantity."""
    if unit != "years":
        return False
    words = re.findall(r"[\w']+", before.lower())[-3:]
    return bool(words) and (words[-1] == "van" or any(w in settings.person_words for w in words))


def _is_age_bracket_end(before: str, after: str, settings: FigureSettings) -> bool:
    """The numbers of 'tussen 18 en 30 jaar' and '12 tot en met 22 jaar'."""
    if re.match(r"\s+(?:en|t/m|tot\s+en\s+met)\s+\d+\s+jaar", after, re.I):
        return True
    return bool(re.search(r"(?:tussen\s+\d+\s+en|\d+\s+(?:t/m|tot\s+en\s+met)|\btot)\s*$", before, re.I))


def _qualifier(before: str, settings: FigureSettings) -> str | None:
    tail = re.sub(r"\s+", " ", before.lower()).rstrip()
    tail = re.sub(r"\s+met$", "", tail)  # "gemiddeld met 5 procentpunt"
    for qualifier in sorted(settings.qualifiers, key=len, reverse=True):
        if tail.endswith(qualifier) and (len(tail) == len(qualifier) or not tail[-len(qualifier) - 1].isalnum()):
            return qualifier
    return None


def _normalise_line(text: str) -> str:
    """Curly apostrophes and (narrow) no-break spaces as their plain forms."""
    return text.replace("\u2019", "'").replace("\u202f", " ").replace("\u00a0", " ")


_LINE_END_HYPHEN = re.compile(r"(?<=[a-z])-\n(?=[a-z])")


def _clean_sentence(raw: str) -> str:
    """A sentence de-hyphenated at line ends and with its spaces normalised. Figures and claims
    both use it, so a figure's sentence is exactly the sentence the claims stage reads."""
    if "-\n" in raw:
        raw = _LINE_END_HYPHEN.sub("", raw)
    return " ".join(raw.split())  # runs of whitespace as one space, none at the ends


def sentence_boundaries(text: str) -> list[int]:
    """Offsets where sentences start: after . ! ? (and a footnote number glued to it, "2023.5")
    before a capital, at blank lines, and where a page starts (a line set off by one leading
    space) with a capital: a chart title ends there even without a full stop."""
    ends = [m.end() for m in re.finditer(r"[.!?](?:\d{1,2})?(?=\s+[A-Z‘“(])|\n\s*\n|\n(?= [A-Z‘“(])", text)]
    return [0] + ends + [len(text)]


def body_sentences(lines: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The body text as sentences: (first line, page, sentence de-hyphenated and normalised)."""
    texts = [_normalise_line(t) for _, _, t in lines]
    text = "\n".join(texts)
    starts, offset = [], 0
    for t in texts:
        starts.append(offset)
        offset += len(t) + 1
    from bisect import bisect_right

    out = []
    bounds = sentence_boundaries(text)
    for a, b in zip(bounds, bounds[1:]):
        raw = text[a:b]
        sentence = _clean_sentence(raw)
        if sentence:
            k = bisect_right(starts, a + (len(raw) - len(raw.lstrip()))) - 1
            out.append((lines[k][0], lines[k][1], sentence))
    return out


def _sentences(stream: _Stream):
    """A function giving the whole sentence (de-hyphenated, spaces normalised) around an offset."""
    text = stream.text
    boundaries = sentence_boundaries(text)

    def sentence(offset: int) -> str:
        from bisect import bisect_right

        k = bisect_right(boundaries, offset) - 1
        return _clean_sentence(text[boundaries[k]:boundaries[min(k + 1, len(boundaries) - 1)]])

    return sentence


def body_lines(edition, appendix_pages: set[int]) -> list[tuple[int, int, str]]:
    """The body text of an edition as (line, page, text), leaving out the appendix pages.

    A text edition gives its file's lines; a PDF the lines of each page's text layer (numbered
    per page), read with pdfium, which is fast and keeps reading order.
    """
    if edition.kind == "text":
        return [(i + 1, page, text) for i, (page, text) in enumerate(zip(edition.line_pages, edition.lines))
                if page not in appendix_pages]
    pages = {number: text.split("\n") for number, text in enumerate(edition.page_texts, start=1)
             if number not in appendix_pages}
    boxes = edition.page_line_boxes
    furniture = page_furniture({n: list(zip(lines, boxes.get(n, []))) for n, lines in pages.items()})
    lines: list[tuple[int, int, str]] = []
    previous: tuple[str, object] | None = None
    for number, texts in pages.items():
        for k, (text, box) in enumerate(zip(texts, boxes.get(number, [None] * len(texts))), start=1):
            if (number, k) in furniture or not text.strip():
                continue
            if previous is not None and not _continues(previous, (text, box)):
                lines.append((lines[-1][0], lines[-1][1], ""))  # a blank line: the block ends here
            lines.append((k, number, text))
            previous = (text, box)
    return lines


# A page's head and foot: the top and bottom this share of its height.
_MARGIN_SHARE = 0.07


def page_furniture(pages: dict[int, list[tuple[str, object]]], min_pages: int = 3) -> set[tuple[int, int]]:
    """(page, line) of running heads and feet and page numbers: lines in a page's head or foot
    margin that are a bare number, or whose text (digits aside) recurs there on ``min_pages``
    pages or more. Found from the layout, not from any edition's words."""
    def margin(box) -> str | None:
        if box is None:
            return None
        if box.top < _MARGIN_SHARE * box.page_height:
            return "head"
        if box.bottom > (1 - _MARGIN_SHARE) * box.page_height:
            return "foot"
        return None

    seen: dict[tuple[str, str], set[int]] = {}
    candidates: list[tuple[int, int, str, str]] = []
    for number, lines in pages.items():
        for k, (text, box) in enumerate(lines, start=1):
            where = margin(box)
            if where is None or not text.strip():
                continue
            shape = re.sub(r"\d+", "#", " ".join(text.split()))
            candidates.append((number, k, where, shape))
            seen.setdefault((where, shape), set()).add(number)
    return {(number, k) for number, k, where, shape in candidates
            if shape == "#" or len(seen[(where, shape)]) >= min_pages}


def _continues(previous: tuple[str, object], line: tuple[str, object]) -> bool:
    """Whether a line goes on with the block of the line before: close under it in the same
    column, or a sentence left open (no full stop) going on in lower case in the next column or
    page. Chart labels, captions and headings stand apart, so they never run into a sentence."""
    (text_a, a), (text_b, b) = previous, line
    open_sentence = not re.search(r"[.!?:;]\W*$", text_a.rstrip()) and re.match(r"\s*[a-z0-9(‘'\"]", text_b)
    if a is None or b is None:
        return True
    height = max(a.bottom - a.top, b.bottom - b.top, 1.0)
    close_below = 0 <= b.top - a.bottom <= 1.0 * height and abs(b.x0 - a.x0) <= 3 * height
    return bool(close_below or (open_sentence and len(text_a.split()) >= 5))

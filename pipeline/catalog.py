"""The indicator catalog: stable ids, labels, units, groups and measurement cycles, kept as data.

Printed rows are matched to catalog entries by label similarity, so a row that a later edition
renames slightly, or moves, keeps its id. A row that matches nothing gets a generated id and is
reported; it is never dropped.
"""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd
from rapidfuzz import fuzz

from pipeline.catalog_file import CatalogFile, name_table
from pipeline.input_files import parse_toml, read_toml, validated


@dataclass(frozen=True)
class Indicator:
    id: str
    indicator: str
    specification: str
    unit: str = "percent"
    cycle: int = 1
    cycle_anchor: int = 2000
    aliases: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()  # how the body text speaks of the row (lower case)
    exclude_keywords: tuple[str, ...] = ()
    # Words of the row's topic that, without a keyword, mark a look-alike statement the table
    # cannot check ("ervaren overlast": a survey, not the Leefbaarometer).
    topic_keywords: tuple[str, ...] = ()
    areas: tuple[str, ...] = ("NPLV", "NL")  # the areas the row is measured for

    def measured_in(self, year: int) -> bool:
        return (year - self.cycle_anchor) % self.cycle == 0

    def labels(self) -> list[tuple[str, str]]:
        """(indicator, specification) pairs this entry is known by: its own and its aliases'."""
        pairs = [(self.indicator, self.specification)]
        for alias in self.aliases:
            ind, _, spec = alias.partition("|")
            pairs.append((ind.strip(), spec.strip()))
        return pairs


@dataclass(frozen=True)
class Group:
    id: str
    label: str
    members: tuple[str, ...]
    total: float | None = None
    tolerance: float = 1.0
    max_total: float | None = None

    def holds(self, total: float) -> bool:
        """Whether the members' sum keeps the group's rule: its total within the tolerance, and
        at most its upper bound (the rules ``group_totals_add_up`` and ``group_bounds_hold``)."""
        return ((self.total is None or abs(total - self.total) <= self.tolerance)
                and (self.max_total is None or total <= self.max_total + 1e-9))


@dataclass(frozen=True)
class Aggregate:
    """A sum of rows the text speaks of as one thing ("huurwoningen": private + social rent)."""

    id: str
    label: str
    members: tuple[str, ...]
    keywords: tuple[str, ...] = ()
    exclude_keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class MatchSettings:
    """How closely a printed label must resemble a catalog label to take its id."""

    min_similarity: float = 0.8
    # A row that continues the indicator above prefers entries of that indicator.
    same_indicator_bonus: float = 0.05
    # A row renamed in one label part keeps its entry when the other part is this similar (and
    # names one entry no other row took).
    exact_part: float = 0.95


@dataclass(frozen=True)
class Match:
    entry: Indicator | None
    score: float
    indicator: str
    specification: str


@dataclass(frozen=True)
class Catalog:
    indicators: tuple[Indicator, ...]
    groups: tuple[Group, ...] = ()
    aggregates: tuple[Aggregate, ...] = ()
    settings: MatchSettings = field(default_factory=MatchSettings)

    def by_id(self, indicator_id: str) -> Indicator | None:
        return self._by_id.get(indicator_id)

    # Derived lookups, computed once per catalog (cached_property writes the instance __dict__,
    # which a frozen dataclass allows; they take no part in equality or hashing).
    @cached_property
    def _by_id(self) -> dict[str, Indicator]:
        by_id: dict[str, Indicator] = {}
        for entry in self.indicators:
            by_id.setdefault(entry.id, entry)  # the first entry with an id, as a linear search finds
        return by_id

    @cached_property
    def any_keyword(self) -> re.Pattern:
        """Matches where any entry's keyword occurs in lower-case text (a substring, like ``in``)."""
        keywords = sorted({k for e in (*self.indicators, *self.aggregates) for k in e.keywords}, key=len, reverse=True)
        return re.compile("|".join(re.escape(k) for k in keywords)) if keywords else re.compile(r"(?!)")

    @cached_property
    def any_topic_keyword(self) -> re.Pattern:
        """Matches where any indicator's topic keyword occurs in lower-case text (a substring)."""
        topics = sorted({k for e in self.indicators for k in e.topic_keywords}, key=len, reverse=True)
        return re.compile("|".join(re.escape(k) for k in topics)) if topics else re.compile(r"(?!)")

    @cached_property
    def label_patterns(self) -> tuple[tuple[Indicator, str, re.Pattern], ...]:
        """(entry, lower-case specification, whole-word pattern) for short specifications
        (4 to 30 characters), which chart captions use to name a series."""
        return tuple(
            (e, e.specification.lower(), re.compile(rf"\b{re.escape(e.specification.lower())}\b"))
            for e in self.indicators
            if 4 <= len(e.specification.lower()) <= 30
        )

    def frame(self) -> pd.DataFrame:
        """The catalog as a table (one row per indicator), for joins in later stages."""
        return pd.DataFrame(
            [
                {
                    "indicator_id": e.id,
                    "indicator": e.indicator,
                    "specification": e.specification,
                    "unit": e.unit,
                    "cycle": e.cycle,
                    "cycle_anchor": e.cycle_anchor,
                }
                for e in self.indicators
            ]
        )

    @cached_property
    def vocabulary(self) -> frozenset[str]:
        """The words of every label and alias, lower case (how wrapped labels are joined)."""
        return frozenset(vocabulary_word(word) for entry in self.indicators for pair in entry.labels()
                         for part in pair for word in part.split())

    @cached_property
    def label_parts(self) -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
        """Every label's parts as ``label_key``s: the specifications of each indicator, and the
        indicators of each specification."""
        specs: dict[str, set[str]] = {}
        indicators: dict[str, set[str]] = {}
        for entry in self.indicators:
            for indicator, specification in entry.labels():
                ind, spec = label_key(indicator), label_key(specification)
                specs.setdefault(ind, set()).add(spec)
                indicators.setdefault(spec, set()).add(ind)
        return ({k: frozenset(v) for k, v in specs.items()}, {k: frozenset(v) for k, v in indicators.items()})

    @cached_property
    def parts_short_of_a_word(self) -> frozenset[tuple[str, str]]:
        """(label part, other part) as ``label_key``s, a short word (up to three letters: "en",
        "de", "van") left out of the first: how a reader that lost such a word spells a label,
        which a renamed label does not (a rename changes words, not only a little one)."""
        short: set[tuple[str, str]] = set()
        for entry in self.indicators:
            for pair in entry.labels():
                for part, other in (pair, pair[::-1]):
                    words = part.split()
                    short |= {(label_key(" ".join(words[:k] + words[k + 1:])), label_key(other))
                              for k, word in enumerate(words) if len(label_key(word)) <= 3 and len(words) > 1}
        return frozenset(short)

    @cached_property
    def longest_label_word(self) -> int:
        """How many characters the longest word of a label has ("niet-beroepsbevolking)": 22)."""
        return max((len(word) for entry in self.indicators for pair in entry.labels() for part in pair
                    for word in part.split()), default=0)

    @cached_property
    def joined_label_keys(self) -> frozenset[str]:
        """Every label of both parts, the two run together, as ``label_key``s."""
        specs, _ = self.label_parts
        return frozenset(ind + spec for ind, all_specs in specs.items() for spec in all_specs if ind and spec)

    @cached_property
    def label_text(self) -> str:
        """Every label (``whole_label_keys``), a line each: a word's key found in it is spelled
        by some label."""
        return "\n".join(sorted(self.whole_label_keys))

    @cached_property
    def specification_parts(self) -> tuple[frozenset[tuple[str, ...]], frozenset[tuple[str, ...]], int]:
        """The first words and the last words of every specification, but all of it (as tuples
        of their ``label_key``s), and the most words a specification has."""
        specs = {tuple(label_key(word) for word in specification.split())
                 for entry in self.indicators for _, specification in entry.labels() if specification}
        starts = frozenset(spec[:k] for spec in specs for k in range(1, len(spec)))
        ends = frozenset(spec[k:] for spec in specs for k in range(1, len(spec)))
        return starts, ends, max((len(spec) for spec in specs), default=0)

    @cached_property
    def joined_label_letters(self) -> frozenset[str]:
        """The letters of every label of both parts (``joined_label_keys``), sorted: the same
        letters in another order (a word moved from one part into the other) spell one of these."""
        return frozenset("".join(sorted(key)) for key in self.joined_label_keys)

    @cached_property
    def whole_label_keys(self) -> frozenset[str]:
        """Every indicator, specification and label (the two run together) as ``label_key``s."""
        specs, indicators = self.label_parts
        return frozenset(specs) | frozenset(indicators) | self.joined_label_keys

    @cached_property
    def _labels_by_joined_key(self) -> dict[str, tuple[tuple[str, str], ...]]:
        by_key: dict[str, list[tuple[str, str]]] = {}
        for entry in self.indicators:
            for indicator, specification in entry.labels():
                if indicator and specification:
                    by_key.setdefault(label_key(indicator) + label_key(specification), []).append(
                        (indicator, specification))
        return {key: tuple(dict.fromkeys(labels)) for key, labels in by_key.items()}

    def divided_inside_word(self, indicator: str, specification: str) -> tuple[str, str] | None:
        """A label whose indicator runs into its specification in one word (a word too wide for
        its cell: TeX's "BijstandsgerechtigdenPersonen"), divided where the catalog divides it:
        where the one catalog label whose parts run together spell the same letters ends its
        indicator, when that place falls inside a word of the text. None otherwise (a division
        at a space is the reading's, right or wrong)."""
        text = f"{indicator} {specification}".strip()
        labels = self._labels_by_joined_key.get(label_key(text), ())
        if len(labels) != 1 or (indicator and specification and (indicator, specification) == labels[0]):
            return None
        letters = len(label_key(labels[0][0]))
        at = 0
        for at, char in enumerate(text):
            if letters == 0:
                break
            letters -= bool(label_key(char))
        if at == 0 or text[at - 1].isspace() or text[at].isspace() or label_key(text[:at]) == label_key(indicator):
            return None
        return text[:at], text[at:]

    @cached_property
    def label_parts_by_letters(self) -> dict[str, tuple[str, ...]]:
        """Every indicator and specification as printed (one per ``label_key``), by the letters
        of its key sorted (a part whose lines a text wrote in another order has the same letters)."""
        by_letters: dict[str, dict[str, str]] = {}
        for entry in self.indicators:
            for pair in entry.labels():
                for part in pair:
                    key = label_key(part, keep_case=True)
                    if key:
                        by_letters.setdefault("".join(sorted(key)), {}).setdefault(key, part)
        return {letters: tuple(parts.values()) for letters, parts in by_letters.items()}

    @cached_property
    def label_keys_by_length(self) -> dict[int, tuple[tuple[str, str], ...]]:
        """Every (indicator, specification) label as ``label_key``s, and every specification
        alone (a row continuing the indicator above), by total key length, in catalog order."""
        by_length: dict[int, list[tuple[str, str]]] = {}
        for keys in self.cased_label_keys:
            by_length.setdefault(len(keys[0]) + len(keys[1]), []).append(keys)
        return {length: tuple(pairs) for length, pairs in by_length.items()}

    @cached_property
    def cased_label_keys(self) -> dict[tuple[str, str], tuple[tuple[str, str], ...]]:
        """Every label of ``label_keys_by_length``, in catalog order, with its keys as printed
        (``label_key`` keeping case): the labels a key stands for."""
        cased: dict[tuple[str, str], list[tuple[str, str]]] = {}
        for entry in self.indicators:
            for indicator, specification in entry.labels():
                for ind in (indicator, ""):
                    keys = cased.setdefault((label_key(ind), label_key(specification)), [])
                    kept = (label_key(ind, keep_case=True), label_key(specification, keep_case=True))
                    if kept not in keys:
                        keys.append(kept)
        return {keys: tuple(kept) for keys, kept in cased.items()}

    @cached_property
    def _indicator_names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(ind for entry in self.indicators for ind, _ in entry.labels() if ind))

    def indicator_similarity(self, text: str) -> float:
        """How closely a label reads as the most similar of the catalog's indicators (0 to 1)."""
        return max((_similarity(text, name) for name in self._indicator_names), default=0.0)

    def names_indicator(self, text: str) -> bool:
        """Whether a label reads as one of the catalog's indicators."""
        return self.indicator_similarity(text) >= self.settings.min_similarity

    def names_indicator_exactly(self, text: str) -> bool:
        """Whether a label spells one of the catalog's indicators, letter for letter."""
        key = label_key(text)
        return bool(key) and any(label_key(name) == key for name in self._indicator_names)

    def match(self, indicator: str, specification: str) -> Match:
        """The entry whose labels best resemble a row already split into its two label cells."""
        best: tuple[float, Indicator | None] = (0.0, None)
        for entry in self.indicators:
            for ind, spec in entry.labels():
                score = _pair_similarity(indicator, specification, ind, spec)
                if score > best[0]:
                    best = (score, entry)
        score, entry = best
        if score < self.settings.min_similarity:
            entry = None
        return Match(entry, score, indicator, specification)

    def match_one_part(self, indicator: str, specification: str, untaken: set[str]) -> tuple[Match, str] | None:
        """A row renamed in one of its two label parts: the one entry, of those no other row of
        the table took, that the unchanged part names (as printed, ``exact_part`` similar), and
        which part that was ("specification" or "indicator"). A row whose labels run together
        (a text edition) is split where the entry's specification starts. None when no entry, or
        more than one, fits."""
        exact = self.settings.exact_part
        found: dict[str, tuple[Match, str]] = {}
        words = normalize_label(f"{indicator} {specification}").split(" ")
        # Run together: the label ends with the specification, the renamed indicator before it.
        run_together = ([(" ".join(words[:k]), " ".join(words[k:])) for k in range(1, len(words))]
                        if not specification else [])
        for entry in self.indicators:
            if entry.id not in untaken:
                continue
            for ind, spec in entry.labels():
                if spec and _similarity(specification, spec) >= exact:
                    found.setdefault(entry.id, (Match(entry, exact, indicator, specification), "specification"))
                elif spec:
                    split = next(((h, t) for h, t in run_together if _similarity(t, spec) >= exact), None)
                    if split:
                        found.setdefault(entry.id, (Match(entry, exact, *split), "specification"))
                if entry.id not in found and _similarity(indicator, ind) >= exact and (specification or not spec):
                    found[entry.id] = (Match(entry, exact, indicator, specification), "indicator")
        if len(found) != 1:
            return None
        return next(iter(found.values()))

    def similar(self, label: str, other: str) -> bool:
        """Whether two labels read alike enough to be one row's (``min_similarity``)."""
        return _similarity(label, other) >= self.settings.min_similarity

    def match_text(self, label: str, previous_indicator: str | None,
                   previous_entry: Indicator | None = None) -> Match:
        """Match a label whose indicator and specification parts are run together, as in a text
        edition, and split it where the catalog says the indicator ends.

        ``previous_indicator`` is the indicator of the row above (``previous_entry`` its catalog
        entry, when known): a label that only holds a specification continues it. A row can
        only continue an indicator it belongs to, so a row whose own Indicator label was renamed
        ("Bijstandsontvangers ...") is not read as the specification of the row above.
        """
        label = normalize_label(label)
        best: tuple[float, Indicator | None, str, str] = (0.0, None, label, "")
        for entry in self.indicators:
            for ind, spec in entry.labels():
                # The label starts with the indicator ...
                score, head, tail = _best_split(label, ind, spec)
                candidate = (score, entry, head, tail)
                # ... or holds only the specification and continues the indicator above.
                continues = previous_entry is None or previous_entry.indicator == entry.indicator or (
                    previous_indicator is not None and _similarity(previous_indicator, ind) >= self.settings.min_similarity)
                if previous_indicator and spec and continues:
                    cont = _similarity(label, spec)
                    if _similarity(previous_indicator, ind) >= self.settings.min_similarity:
                        cont += self.settings.same_indicator_bonus
                    if cont > score:
                        candidate = (cont, entry, "", label)
                if candidate[0] > best[0]:
                    best = candidate
        score, entry, head, tail = best
        if score >= self.settings.min_similarity:
            return Match(entry, min(score, 1.0), head, tail)
        # Unknown row: a known indicator label at its start still tells where to split.
        for ind in dict.fromkeys(e.indicator for e in self.indicators):
            head, tail = _split_after_prefix(label, ind)
            if _similarity(head, ind) >= 0.95 and tail:
                return Match(None, score, head, tail)
        return Match(None, score, label, "")


_SPACES = re.compile(r"\s+")
_EDGE_PUNCTUATION = "()[]'\",.;:\u2018\u2019\u201c\u201d"


# A hyphen, soft hyphen or pdfium's hyphenation mark: where lines break inside a word.
_HYPHENS = "-\u00ad\u2010\u2011\ufffe"
_KEY_DROPPED = re.compile(r"[\s" + re.escape(_HYPHENS) + "]+")
# A typesetter's curly quotes (TeX, word processors) are the catalog's straight ones.
_SAME_QUOTES = str.maketrans("\u2018\u2019\u201a\u201b\u201c\u201d\u201e", "''''\"\"\"")


@lru_cache(maxsize=65536)  # label words repeat from row to row and reading to reading
def label_key(text: str, keep_case: bool = False) -> str:
    """A label as compared letter for letter: no spaces or hyphens (lines break at both), quotes
    straight, lower case unless ``keep_case``."""
    key = _KEY_DROPPED.sub("", text).translate(_SAME_QUOTES)
    return key if keep_case else key.lower()




def spelled_as(text: str, label: str) -> str | None:
    """``text`` with the spaces and hyphens of ``label``, where the two spell the same characters
    but for those: a text that ran printed words together ("Energiearmehuishoudens"), lost a
    hyphen at a line's end ("niet-" + "beroepsbevolking" joined as a hyphenation) or kept one
    the label does not print ("Won-" + "ingvoorraad"). The text's own characters are kept
    (curly quotes stay curly). None where the two spell otherwise."""
    chars = [c for c in text if not c.isspace()]
    out, k = [], 0
    for char in label:
        while k < len(chars) and chars[k] in _HYPHENS and char not in _HYPHENS:
            k += 1  # a line-end hyphen the label does not print
        if char.isspace():
            out.append(" ")
        elif k < len(chars) and chars[k].translate(_SAME_QUOTES) == char.translate(_SAME_QUOTES):
            out.append(chars[k])
            k += 1
        elif char in _HYPHENS:
            out.append(char)
        else:
            return None
    return "".join(out) if all(c in _HYPHENS for c in chars[k:]) else None


def vocabulary_word(word: str) -> str:
    """A label word as the catalog's vocabulary holds it: lower case, no enclosing punctuation."""
    return word.strip(_EDGE_PUNCTUATION).lower()


def normalize_label(text: str) -> str:
    return _SPACES.sub(" ", text.replace("\u00ad", "")).strip()


def slug(text: str) -> str:
    text = normalize_label(text).lower()
    text = re.sub(r"[^a-z0-9]+", "-", text.encode("ascii", "ignore").decode())
    return text.strip("-")[:60].strip("-") or "row"


@lru_cache(maxsize=65536)
def _folded(text: str) -> str:
    return normalize_label(text).translate(_SAME_QUOTES).lower()


@lru_cache(maxsize=65536)
def _similarity(a: str, b: str) -> float:
    """Similarity of two labels in [0, 1], ignoring case and spacing (normalised Indel distance)."""
    a, b = _folded(a), _folded(b)
    if a == b:
        return 1.0
    return fuzz.ratio(a, b) / 100.0


def _pair_similarity(ind: str, spec: str, cat_ind: str, cat_spec: str, part_floor: float = 0.6) -> float:
    """Similarity of an (indicator, specification) pair, weighted by label length so a long
    specification is not drowned by a short indicator; but each part must resemble its
    counterpart, so "Definitief schooladvies PO | Praktijkonderwijs" is not "... | VWO"."""
    si = _similarity(ind, cat_ind)
    if not (cat_spec or spec):
        return si
    ss = _similarity(spec, cat_spec)
    if min(si, ss) < part_floor:
        return min(si, ss)
    wi, ws = max(len(cat_ind), 1), max(len(cat_spec), 1)
    return (wi * si + ws * ss) / (wi + ws)


@lru_cache(maxsize=65536)  # entries share indicators, hence lengths
def _splits_near(label: str, length: int) -> tuple[tuple[str, str], ...]:
    """(head, tail) splits of ``label`` at word boundaries whose head is about ``length`` long."""
    words = label.split(" ")
    heads = ((" ".join(words[:i]), i) for i in range(len(words) + 1))
    return tuple((head, " ".join(words[i:])) for head, i in heads if abs(len(head) - length) <= max(12, length // 3))


@lru_cache(maxsize=65536)
def _best_split(label: str, ind: str, spec: str) -> tuple[float, str, str]:
    """The split of a run-together label into (indicator, specification) that resembles the
    catalog pair best, and its similarity: the indicator's length only bounds where to look, so
    a renamed indicator ("Bijstandsontvangers" for "Bijstandsgerechtigden") still splits where
    the specification begins."""
    scored = [(_pair_similarity(head, tail, ind, spec), head, tail) for head, tail in _splits_near(label, len(ind))]
    return max(scored, key=lambda s: s[0], default=(-1.0, label, ""))


@lru_cache(maxsize=65536)  # rows are tried against every entry, and entries share indicators
def _split_after_prefix(label: str, prefix: str) -> tuple[str, str]:
    """Split ``label`` at the word boundary where it best matches ``prefix`` as its start."""
    scored = [(_similarity(head, prefix), head, tail) for head, tail in _splits_near(label, len(prefix))]
    _, head, tail = max(scored, key=lambda s: s[0], default=(-1.0, label, ""))
    return head, tail


CATALOG_FILE = "indicators.toml"  # in the schemas package


def load_catalog(path: Path | None = None) -> Catalog:
    """Read the catalog; by default the one shipped in ``schemas/indicators.toml``. A catalog
    that breaks its format (``pipeline.catalog_file``) is an InputError naming the file, the
    table and the key."""
    if path is None:
        # Found without importing the schemas package (which loads pandera, not needed to read it).
        package = importlib.util.find_spec("schemas")
        folder = next(iter(package.submodule_search_locations)) if package and package.submodule_search_locations else None
        if folder is None:  # not a folder on disk (a zipped install): read as a package resource
            resource = resources.files("schemas") / CATALOG_FILE
            return _parse_catalog(resource.read_text(encoding="utf-8"), f"schemas/{CATALOG_FILE}")
        path = Path(folder) / CATALOG_FILE
    return _catalog(read_toml(Path(path), "indicator catalog"), path)


@lru_cache(maxsize=1)
def default_catalog() -> Catalog:
    return load_catalog()


def _parse_catalog(raw: str, path: Path | str = CATALOG_FILE) -> Catalog:
    """The catalog a TOML text holds (``path``: what a message names it by)."""
    return _catalog(parse_toml(raw, path, "indicator catalog"), path)


def _catalog(data: dict, path: Path | str) -> Catalog:
    file = validated(CatalogFile, data, path, name_table)
    indicators = tuple(
        Indicator(
            id=item.id,
            indicator=item.indicator,
            specification=item.specification,
            unit=item.unit,
            cycle=item.cycle,
            cycle_anchor=item.cycle_anchor,
            areas=tuple(item.areas),
            aliases=tuple(item.aliases),
            keywords=_lower(item.keywords),
            exclude_keywords=_lower(item.exclude_keywords),
            topic_keywords=_lower(item.topic_keywords),
        )
        for item in file.indicator
    )
    aggregates = tuple(
        Aggregate(
            id=item.id,
            label=item.label if item.label is not None else item.id,
            members=tuple(item.members),
            keywords=_lower(item.keywords),
            exclude_keywords=_lower(item.exclude_keywords),
        )
        for item in file.aggregate
    )
    groups = tuple(
        Group(
            id=item.id,
            label=item.label if item.label is not None else item.id,
            members=tuple(item.members),
            total=item.total,
            tolerance=item.tolerance,
            max_total=item.max_total,
        )
        for item in file.group
    )
    return Catalog(indicators, groups, aggregates)


def _lower(words: list[str]) -> tuple[str, ...]:
    return tuple(w.lower() for w in words)

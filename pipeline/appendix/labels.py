"""Joining wrapped label lines back into the label as printed."""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.catalog import Catalog, label_key, vocabulary_word

# After a line-end hyphen these words show a real hyphen ("beroeps- en niet-beroepsbevolking").
_CONJUNCTIONS = frozenset({"en", "of", "tot", "t/m", "naar"})
# Punctuation that closes what stands before it (a closing quote too): a line that starts with it
# was broken before it ("Verhuisbeweging" + ": woonduur", "‘Woningvoorraad" + "’"), as a
# narrow cell breaks where the next character no longer fits.
_CLOSING = (":", ";", ",", ".", ")", "?", "!", "\u2019", "\u201d")
# Hyphens a typesetter breaks a word with, besides "-": read as "-" at a line's end.
_LINE_END_HYPHENS = ("\u2010", "\u2011")


def row_cut_short(key: tuple[str, str], candidates: list[tuple[int, tuple[str, str]]], fewest_words: int) -> list[int]:
    """The one row (of ``candidates``: index, (indicator, specification)) that a row labelled
    ``key`` is in another part of a spread, where one of the two prints its specification cut
    short after a word: the same indicator, one specification the other's start, the shorter of
    at least ``fewest_words`` words. A producer that splits a row over a page break in one part
    may drop the rest of the cell in another (jsPDF's autoTable). ``[]`` where no row or several
    are."""
    indicator, specification = key[0], " ".join(key[1].split())

    def cut(short: str, whole: str) -> bool:
        return len(short.split()) >= fewest_words and whole.startswith(short + " ")

    found = [k for k, (other_indicator, other) in candidates
             if other_indicator == indicator
             and (cut(specification, " ".join(other.split())) or cut(" ".join(other.split()), specification))]
    return found if len(found) == 1 else []


def join_label_lines(lines: list[str], trailing_space_marks_word_end: bool = False,
                     vocabulary: frozenset[str] = frozenset()) -> str:
    """Join the lines of one wrapped label.

    A line-end hyphen between lowercase letters is a hyphenation ("oplei-" + "ding"); after a
    capital or digit it is part of the word ("NPLV-" + "gebieden"); before "en"/"of" it stays
    ("beroeps-" + "en"). A text extractor marks a line that ends a word with a trailing space, so
    with ``trailing_space_marks_word_end`` a line ending in a letter continues the word
    ("betalings" + "achterstand").

    The words the catalog's labels use (``vocabulary``, lower case) settle what the rules cannot:
    "niet-" + "beroepsbevolking" keeps its hyphen, and a word a narrow cell broke without one
    ("Bijstandsgerechtigd" + "en") is joined. A line that starts with closing punctuation, or that
    is a single lower-case letter the vocabulary does not hold as a word, ends the line above
    ("Verhuisbeweging" + ": woonduur", "Bijstandsontvanger" + "s"): a narrow cell broke there.
    """
    if vocabulary:
        lines = _broken_words_joined(lines, vocabulary)
    text = ""
    for raw in lines:
        if not raw.strip():
            continue
        line = raw.strip()
        if text and text.endswith(_LINE_END_HYPHENS):  # Gnumeric breaks a word with U+2010
            text = text[:-1] + "-"
        if not text:
            text = line
        else:
            text = _join_two(text, line, ended_with_space, vocabulary)
        ended_with_space = raw.endswith((" ", "\t", "\u00a0")) or not trailing_space_marks_word_end
    text = re.sub(r"\s+", " ", text).strip()
    if vocabulary:
        text = " ".join(_rehyphenated(word, vocabulary) for word in text.split(" "))
    return text


def _broken_words_joined(lines: list[str], vocabulary: frozenset[str]) -> list[str]:
    """The lines with a word a narrow cell broke over several lines without a hyphen put back
    on the line it starts: "betalingsa" / "chterstan" / "d heeft" is "betalingsachterstand" /
    "heeft", where the catalog's words hold the whole and not its first piece (the pieces between
    are lines of one word: a cell breaks a word only where no more of it fits)."""
    out = [line for line in lines if line.strip()]
    k = 0
    while k + 1 < len(out):
        head = out[k].rstrip()
        start = vocabulary_word(head.rsplit(" ", 1)[-1])
        if not start or start in vocabulary or not start[-1:].isalpha():
            k += 1
            continue
        word, end = start, None
        for j in range(k + 1, len(out)):
            pieces = out[j].split()
            word += vocabulary_word(pieces[0])
            if word in vocabulary:
                end = j
                break
            if len(pieces) > 1:
                break
        if end is None:
            k += 1
            continue
        first, _, rest = out[end].strip().partition(" ")
        joined = head + "".join(line.strip() for line in out[k + 1:end]) + first
        out[k:end + 1] = [joined] + ([rest] if rest.strip() else [])
        k += 1
    return out


def _rehyphenated(word: str, vocabulary: frozenset[str]) -> str:
    """A word an extractor joined over a line-end hyphen it took for a hyphenation ("74-" +
    "jarigen" as "74jarigen", poppler's default mode), given back its hyphen where the catalog's
    words spell it with one and never without."""
    core = vocabulary_word(word)
    if not core or core in vocabulary:
        return word
    spelled = _hyphenated_words(vocabulary).get(core)
    if spelled is None:
        return word
    start = word.lower().find(core)
    return word[:start] + _with_hyphens(word[start:start + len(core)], spelled) + word[start + len(core):]


def _with_hyphens(printed: str, spelled: str) -> str:
    """``printed`` (``spelled`` without its hyphens, in its own case) with the hyphens put back."""
    out, k = [], 0
    for ch in spelled:
        if ch == "-":
            out.append("-")
        else:
            out.append(printed[k])
            k += 1
    return "".join(out)


@lru_cache(maxsize=8)
def _hyphenated_words(vocabulary: frozenset[str]) -> dict[str, str]:
    """The catalog's hyphenated words by their letters without hyphens."""
    return {w.replace("-", ""): w for w in vocabulary if "-" in w.strip("-")}


def _join_two(left: str, right: str, ended_with_space: bool, vocabulary: frozenset[str] = frozenset()) -> str:
    first_word = right.split(" ", 1)[0]
    if right.startswith(_CLOSING) and left[-1:].isalnum():
        return left + right
    if (vocabulary and len(right) == 1 and right.islower() and right not in vocabulary
            and left[-1:].isalpha()):
        return left + right
    if vocabulary:
        last_word = left.rsplit(" ", 1)[-1]
        head, tail = vocabulary_word(last_word), vocabulary_word(first_word)
        if head.endswith("-") and len(head) > 1:
            if head + tail in vocabulary:
                return left + right
            if head[:-1] + tail in vocabulary:
                return left[:-1] + right
        elif head and tail and head + tail in vocabulary and head not in vocabulary:
            return left + right
    if left.endswith("-") and len(left) > 1:
        before = left[-2]
        if first_word in _CONJUNCTIONS:
            return f"{left} {right}"
        if before.islower() and right[:1].islower():
            return left[:-1] + right
        return left + right
    if not ended_with_space and left[-1:].isalpha() and right[:1].isalpha():
        return left + right
    return f"{left} {right}"


def split_interleaved(lines: list[list[str]], catalog: Catalog) -> tuple[str, str] | None:
    """The indicator and specification of a row whose two label cells' lines an extractor
    interleaved ("Leefbaarometer | Woningen binnen een gebied dat een (zeer) grote" then
    "'Woningvoorraad' | negatieve bijdrage ..."), or put one after the other: every line is some
    words of the indicator followed by some of the specification. The catalog's labels say where
    each line divides; a row they cannot explain exactly gives None (and is read as laid out).
    A row that prints no indicator of its own (it continues the one above) divides as ("", spec).
    Where words differ only in case ("Armoedegrens" beside "... onder de armoedegrens"), the
    division that keeps the catalog's case wins.
    """
    keys = [[label_key(w) for w in words] for words in lines]
    total = "".join("".join(k) for k in keys)
    if not total:
        return None
    cased = [[label_key(w, keep_case=True) for w in words] for words in lines]
    for ind_key, spec_key in catalog.label_keys_by_length.get(len(total), ()):
        cuts = label_cuts(keys, ind_key, spec_key)
        if cuts is not None:
            cuts = next((found for ind_cased, spec_cased in catalog.cased_label_keys[(ind_key, spec_key)]
                         if (found := label_cuts(cased, ind_cased, spec_cased)) is not None), cuts)
            ind_lines = [" ".join(words[:j]) for words, j in zip(lines, cuts) if j]
            spec_lines = [" ".join(words[j:]) for words, j in zip(lines, cuts) if j < len(words)]
            vocabulary = catalog.vocabulary
            return (join_label_lines(ind_lines, vocabulary=vocabulary),
                    join_label_lines(spec_lines, vocabulary=vocabulary))
    return None


def label_cuts(keys: list[list[str]], ind_key: str | None, spec_key: str | None) -> list[int] | None:
    """Per line, how many of its words belong to the indicator, so that the lines' indicator
    words spell ``ind_key`` and the rest ``spec_key`` (None: any words, a renamed part); None if
    no division does."""
    states: dict[tuple[int, int], list[int]] = {(0, 0): []}
    for words in keys:
        following: dict[tuple[int, int], list[int]] = {}
        for (i, s), path in states.items():
            head = ""
            for j in range(len(words) + 1):
                if j:
                    head += words[j - 1]
                if ind_key is not None and ind_key[i:i + len(head)] != head:
                    break
                tail = "".join(words[j:])
                if spec_key is None or spec_key[s:s + len(tail)] == tail:
                    state = (i + len(head) if ind_key is not None else 0, s + len(tail) if spec_key is not None else 0)
                    following.setdefault(state, path + [j])
        states = following
        if not states:
            return None
    end = (len(ind_key) if ind_key is not None else 0, len(spec_key) if spec_key is not None else 0)
    return states.get(end)

"""Joining wrapped label lines back into the label as printed."""

from __future__ import annotations

import re

from pipeline.catalog import vocabulary_word

# After a line-end hyphen these words show a real hyphen ("beroeps- en niet-beroepsbevolking").
_CONJUNCTIONS = frozenset({"en", "of", "tot", "t/m", "naar"})


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
    ("Bijstandsgerechtigd" + "en") is joined.
    """
    text = ""
    for raw in lines:
        if not raw.strip():
            continue
        line = raw.strip()
        if not text:
            text = line
        else:
            text = _join_two(text, line, ended_with_space, vocabulary)
        ended_with_space = raw.endswith((" ", "\t", "\u00a0")) or not trailing_space_marks_word_end
    return re.sub(r"\s+", " ", text).strip()


def _join_two(left: str, right: str, ended_with_space: bool, vocabulary: frozenset[str] = frozenset()) -> str:
    first_word = right.split(" ", 1)[0]
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

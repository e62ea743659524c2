"""Geometry helpers for reading tables from word boxes: lines, phrases and rules."""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def xmid(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def ymid(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True)
class Phrase:
    """Words on one line close enough to read as one piece of text."""

    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)


def union_bbox(words) -> tuple[float, float, float, float]:
    words = list(words)
    return (
        round(min(w.x0 for w in words), 2),
        round(min(w.top for w in words), 2),
        round(max(w.x1 for w in words), 2),
        round(max(w.bottom for w in words), 2),
    )


def text_height(words: list[Word]) -> float:
    return median(w.height for w in words) if words else 1.0


def group_lines(words: list[Word], tolerance: float) -> list[list[Word]]:
    """Words grouped into text lines: a word joins a line whose top is within ``tolerance``."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        if lines and abs(word.top - lines[-1][0].top) <= tolerance:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w.x0) for line in lines]


def split_phrases(line: list[Word], max_gap: float) -> list[Phrase]:
    """Split one line into phrases where the gap between words is wider than ``max_gap``."""
    phrases: list[list[Word]] = []
    for word in sorted(line, key=lambda w: w.x0):
        if phrases and word.x0 - phrases[-1][-1].x1 <= max_gap:
            phrases[-1].append(word)
        else:
            phrases.append([word])
    return [Phrase(tuple(p)) for p in phrases]


def horizontal_rules(page, min_width: float) -> list[float]:
    """Y positions of horizontal rules at least ``min_width`` long (lines, thin rects, rect edges)."""
    ys: list[float] = []
    for edge in page.horizontal_edges:
        if edge["x1"] - edge["x0"] >= min_width:
            ys.append(round((edge["top"] + edge["bottom"]) / 2, 2))
    for rect in page.rects:  # a rule drawn as a filled, thin rectangle
        if rect["bottom"] - rect["top"] <= 2 and rect["x1"] - rect["x0"] >= min_width:
            ys.append(round((rect["top"] + rect["bottom"]) / 2, 2))
    merged: list[float] = []
    for y in sorted(ys):
        if not merged or y - merged[-1] > 1.0:
            merged.append(y)
    return merged


def interval_gap(a0: float, a1: float, b0: float, b1: float) -> float:
    """Distance between two intervals (0 when they overlap)."""
    return max(0.0, max(a0, b0) - min(a1, b1))


def overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return max(0.0, min(a1, b1) - max(a0, b0))


def merge_spans(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    merged: list[list[float]] = []
    for x0, x1 in sorted(spans):
        if merged and x0 <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], x1)
        else:
            merged.append([x0, x1])
    return [(a, b) for a, b in merged]


def merge_words(words) -> Word:
    x0, top, x1, bottom = union_bbox(words)
    return Word("".join(w.text for w in words), x0, top, x1, bottom)


def monotone_match(spans, zones, cost, share_penalty: float = 1000.0) -> list[int]:
    """Order-preserving assignment of spans to zones minimising ``cost(span, zone)`` summed.

    With as many spans as zones this is the identity; with fewer (an empty column) it chooses
    which zone is skipped; with more (a column split in two) neighbouring spans share a zone.
    """
    n, m = len(spans), len(zones)
    if n == 0:
        return []
    best = [[cost(spans[0], zones[k]) for k in range(m)]]
    back: list[list[int]] = [[-1] * m]
    for i in range(1, n):
        row, links = [], []
        prefix, prefix_arg = float("inf"), -1  # best over zones left of k
        for k in range(m):
            stay = best[i - 1][k] + share_penalty
            if prefix <= stay:
                row.append(prefix + cost(spans[i], zones[k]))
                links.append(prefix_arg)
            else:
                row.append(stay + cost(spans[i], zones[k]))
                links.append(k)
            if best[i - 1][k] < prefix:
                prefix, prefix_arg = best[i - 1][k], k
        best.append(row)
        back.append(links)
    k = min(range(m), key=lambda j: best[n - 1][j])
    assignment = [0] * n
    for i in range(n - 1, -1, -1):
        assignment[i] = k
        k = back[i][k]
    return assignment

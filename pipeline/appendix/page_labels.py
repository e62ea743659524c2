"""A page's label lines and its indicator column, aligned to its rows in one pass.

Text written block by block (``pipeline.appendix.blocks``) puts a page's label lines in groups
between its bands of rows, and may write the indicator column apart (a cell spanning rows comes
after the others: Chromium writes several at the page's foot). Sharing each band's lines out in
turn (``blocks._assign``) decides band by band; where a band's last row has its label after the
band and the next rows' indicators stand far away, a choice that reads one band best can shift
every label below it by a row, and each shifted label still spells a catalog label.

Here the whole page is read at once: the rows in order take the label lines in order, each row
a run from the group just before its band or just after it, and the indicators written apart in
order, each starting the row it heads; where the catalog reads the rows best wins (a dynamic
programme over rows, label lines and indicators). A line or indicator no row takes costs a
little, so a row never takes its neighbour's label to avoid leaving one over.
"""

from __future__ import annotations

from itertools import accumulate
from typing import NamedTuple

from pipeline.appendix.tail import TailScorer

__all__ = ["aligned_page"]

_Line = tuple[str, int]  # a label line: its text and its line in the source
Assigned = list[tuple[list[_Line], list[_Line] | None, tuple[int, int]]]

# In points, a label spelled exactly being 100: a label line or an indicator no row takes (a
# stray line, a repeated cell) ...
_SKIP = 5
# ... and a row that reads the label the same row of a spread's other part reads: less than a
# label spelled exactly, more than the lines and indicators it may leave over.
_AGREEMENT = 50


def aligned_page(bands: list[tuple[list[_Line], list[list[_Line]]]], trailing: list[_Line],
                 bound: list[list[list[_Line]]], series: list[tuple[str, list[_Line], int]],
                 scorer: TailScorer, indicator: str, most: int, max_work: int, max_text_work: int,
                 context: list[tuple[str, str] | None] = ()) -> tuple[Assigned, list[list[list[_Line]]]] | None:
    """The page in order as (label lines, row or None, (band, row)), every row's label being the
    indicator it heads (if any), its own lines (``bound``) and its run of label lines, and the
    indicator lines placed per band, per row; the lines no row takes come after the rows. Each
    row of band ``b`` takes its run (at most ``most`` lines) from the lines before band ``b``
    or after it (``bands[b][0]``, then the next band's or ``trailing``); the runs and the
    indicators (``series``, in the text's order) are taken in order. ``context``: per row, the
    catalog label (keys) the same row of a spread's other part reads; a row reading it too
    counts a little more (labels shifted by a row may each spell a catalog label as well as the
    right ones). None when the page has no rows, or its work would pass ``max_work`` or take the
    work spent on the text's pages so far (``TailScorer.aligned_work``) past ``max_text_work``:
    bounds a hostile text cannot pass."""
    groups = [labels for labels, _ in bands] + [trailing]
    lines = [line for group in groups for line in group]
    group_of = [g for g, group in enumerate(groups) for _ in group]
    starts = [0, *accumulate(len(group) for group in groups)]  # where each group's lines start
    rows = [(b, r, row) for b, (_, band_rows) in enumerate(bands) for r, row in enumerate(band_rows)]
    if not rows:
        return None
    words = tuple(tuple(text.split()) for text, _ in lines)
    heads = tuple(tuple(tuple(text.split()) for text, _ in head) for _, head, _ in series)
    owns_words = tuple(tuple(tuple(text.split()) for text, _ in bound[b][r]) for b, r, _ in rows)
    context = tuple(context[:len(rows)])
    key = (words, tuple(group_of), tuple(b for b, _, _ in rows), owns_words, heads, indicator, most, context)
    if key not in scorer.aligned:  # the ways of rebuilding a text share most of its pages
        work = _work(starts, [b for b, _, _ in rows], len(series), most)
        if work > max_work or scorer.aligned_work + work > max_text_work:
            return None
        scorer.aligned_work += work
        scorer.aligned[key] = _runs(words, group_of, starts, [b for b, _, _ in rows], owns_words, heads,
                                    scorer, indicator, most, context)
    taken_runs = scorer.aligned[key]

    assigned: Assigned = []
    owns: list[list[list[_Line]]] = [[[] for _ in band_rows] for _, band_rows in bands]
    taken: set[int] = set()
    for (b, r, row), (start, end, head, chunk_first) in zip(rows, taken_runs):
        chunk = lines[start:end]
        taken.update(range(start, end))
        placed = series[head][1] if head is not None else []
        owns[b][r] = placed  # the series' own list: what no row took is known by it
        label = placed + (chunk + bound[b][r] if chunk_first else bound[b][r] + chunk)
        assigned.append((label, row, (b, r)))
    assigned.append(([line for k, line in enumerate(lines) if k not in taken], None, (len(bands), -1)))
    return assigned, owns


def _runs(words: tuple, group_of: list[int], starts: list[int], row_bands: list[int], owns: tuple,
          heads: tuple, scorer: TailScorer, indicator: str, most: int, context: tuple
          ) -> list[tuple[int, int, int | None, bool]]:
    """Per row: the run of lines it takes (start, end), the indicator it heads (its place in
    ``heads``, or None) and whether its run comes before its own lines."""
    n_lines, n_series, n_rows = len(words), len(heads), len(row_bands)
    # Per label and indicator above: (points, indicator below, catalog label read, its place),
    # kept for the text's other pages and rebuilds.
    scores = scorer.aligned_labels
    # best[(j, s)]: the rows so far having used lines[:j] and heads[:s] (``_State``).
    best: dict[tuple[int, int], _State] = {(0, 0): _State(0, 0, 0, indicator, -1)}
    back: list[tuple[dict, dict]] = []  # per row: how each state was reached, and whence its skips
    for n, (b, own) in enumerate(zip(row_bands, owns)):
        # A line is passed over as late as it can be: only up to the lines this row may take.
        best, origin = _skipped(best, starts[b], starts[min(b + 2, len(starts) - 1)], n_series)
        layer: dict[tuple[int, int], _State] = {}
        how: dict[tuple[int, int], tuple] = {}
        expected = context[n] if n < len(context) else None
        for (j, s), state in best.items():
            above = state.indicator
            for s_next, head in [(s, ())] + ([(s + 1, heads[s])] if s < n_series else []):
                length = 0
                for end in range(j, min(n_lines, j + most) + 1):
                    if end > j:
                        if group_of[end - 1] not in (b, b + 1):
                            break
                        length += scorer.length(words[end - 1])
                        if length > scorer.longest:
                            break
                    chunk = words[j:end]
                    for chunk_first in ((False, True) if chunk and own else (False,)):
                        label = head + (chunk + own if chunk_first else own + chunk)
                        found = scores.get((label, above))
                        if found is None:
                            score, below, read = scorer.score_and_read(label, above)
                            found = scores[label, above] = (round(100 * score), below if score >= 1 else above, read,
                                                            None if read is None else scorer.order[read])
                        points, below, read, place = found
                        new = _State(state.points + points + (_AGREEMENT if read is not None and read == expected else 0),
                                     state.in_order + (place is not None and place > state.last),
                                     state.early + (end - j) * (n_rows - n),
                                     below, state.last if place is None else place)
                        old = layer.get((end, s_next))
                        if old is None or new[:3] > old[:3]:
                            layer[end, s_next] = new
                            how[end, s_next] = (j, s, chunk_first)
        back.append((how, origin))
        best = layer
    # What no row took is left over, at a small cost each.
    (j, s), _ = max(best.items(), key=lambda item: (item[1].points - _SKIP * (n_lines - item[0][0] + n_series - item[0][1]),
                                                    *item[1][1:3], -item[0][0]))
    runs: list[tuple[int, int, int | None, bool]] = []
    for how, origin in reversed(back):
        j0, s0, chunk_first = how[(j, s)]
        runs.append((j0, j, s0 if s > s0 else None, chunk_first))
        j, s = origin[(j0, s0)]
    return runs[::-1]


class _State(NamedTuple):
    """How well the rows so far read, compared on the first three: the catalog's points (100 a
    label spelled exactly, ``_AGREEMENT`` more where the spread's other part reads it too, less
    ``_SKIP`` a line or indicator passed over); on a tie, how many rows read a label later in
    the catalog than the row above's (labels shifted past rows that print their indicator only
    each spell a label as well, out of the table's order); then how early rows took their
    lines (a tail is written in row order). Also the indicator the rows leave, and the catalog
    place of the last label read."""

    points: int
    in_order: int
    early: int
    indicator: str
    last: int


def _work(starts: list[int], row_bands: list[int], n_series: int, most: int) -> int:
    """How many labels ``_runs`` scores at most: per row, the states its band's lines and the
    indicators make, each with every run it may take, with or without the next indicator."""
    work = 0
    for b in row_bands:
        reach = starts[min(b + 2, len(starts) - 1)] - starts[b]
        work += (reach + 1) * (n_series + 1) * (min(most, reach) + 1) * 4
    return work


def _skipped(best: dict[tuple[int, int], _State], first: int, last: int, n_series: int
             ) -> tuple[dict[tuple[int, int], _State], dict[tuple[int, int], tuple[int, int]]]:
    """The states with lines and indicators passed over before the next row's run (the lines
    before ``first``, a group no row of this band can take, at once; lines up to ``last``), and
    the state each came from."""
    out: dict[tuple[int, int], _State] = {}
    origin: dict[tuple[int, int], tuple[int, int]] = {}

    def offer(key, state, source):
        old = out.get(key)
        if old is None or state[:3] > old[:3]:
            out[key] = state
            origin[key] = source

    for (j, s), state in best.items():
        offer((max(j, first), s), state._replace(points=state.points - _SKIP * max(0, first - j)), (j, s))
    for j in range(first, last + 1):  # passing over lines and indicators in either order
        for s in range(n_series + 1):
            state = out.get((j, s))
            if state is None:
                continue
            passed = state._replace(points=state.points - _SKIP)
            if j < last:
                offer((j + 1, s), passed, origin[(j, s)])
            if s < n_series:
                offer((j, s + 1), passed, origin[(j, s)])
    return out, origin

"""Label lines written after a table's rows, shared out over those rows.

LibreOffice's PDF read in content order (pypdfium2, ``pdftotext -raw``) writes a label cell on
its row's line only when the cell holds one line; its wrapped cells come after all the page's
rows, in row order. ``TailScorer.share`` gives each row a run of those lines (before or after its
own label words) where the catalog spells the rows' labels best: a dynamic programme over rows
and tail lines, a row that names no indicator continuing the one above. The line reader
(``pipeline.appendix.lines``) makes a reading of it; the fit decides whether it wins.

A label is a tuple of lines, a line a tuple of words.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.appendix.labels import label_cuts
from pipeline.catalog import Catalog, label_key

__all__ = ["ANY_INDICATOR", "Label", "Shared", "TailScorer"]

Label = tuple[tuple[str, ...], ...]
# The indicator of the rows above when it is not known: a row that names none may continue any
# (a label that is a catalog specification alone reads exactly), and so may the rows below it.
ANY_INDICATOR = "*"


@dataclass(frozen=True)
class Shared:
    """How a tail was shared out: per row, the run ``tail[start:end]`` it takes and whether the
    run comes before the row's own words; whether the first row takes the lines before the rows;
    and where the tail lines no row takes begin (after the last row's)."""

    runs: tuple[tuple[int, int, bool], ...]
    with_before: bool
    end: int


class TailScorer:
    """Scores label lines against the catalog's labels letter for letter, many times over one
    tail: each line is first matched to the labels it can be part of, so only those are tried."""

    # A row renamed in one part scores under half an exact label: lines cut anywhere often read
    # as two renamed rows, which must not outweigh one exact row and one unknown.
    renamed_score = 0.4
    # A row whose lines name its indicator reads no better than one that continues the indicator
    # above, but where a table prints the indicator on every row, each row's lines name it: a
    # bonus (under a skipped line's cost) for naming keeps each copy with its row, rather than
    # with a row the catalog does not know, which reads no worse for taking them.
    naming_bonus = 0.01

    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        self.pairs = [(label_key(i), label_key(s)) for entry in catalog.indicators for i, s in entry.labels()]
        self.specs_of: dict[str, list[str]] = {}  # an indicator's specifications
        for ind_key, spec_key in self.pairs:
            if spec_key:
                self.specs_of.setdefault(ind_key, []).append(spec_key)
        self.respecified: dict[tuple, bool] = {}
        self.joined = [ind + spec for ind, spec in self.pairs]
        # Each label's place in the catalog (the table's order).
        self.order = {pair: k for k, pair in reversed(list(enumerate(self.pairs)))}
        # Each label's catalog row (an entry known by aliases has several labels), and each row's.
        self.row_of = [k for k, entry in enumerate(catalog.indicators) for _ in entry.labels()]
        self.labels_of_row: list[list[tuple[str, str]]] = [[] for _ in catalog.indicators]
        self.labels_of_spec: dict[str, list[tuple[str, str]]] = {}  # a specification's labels
        for pair, row in zip(self.pairs, self.row_of):
            self.labels_of_row[row].append(pair)
            self.labels_of_spec.setdefault(pair[1], []).append(pair)
        # A renamed part may be somewhat longer than the catalog's; a row's label, not much more.
        self.longest = max((len(j) for j in self.joined), default=0) + 40
        self.shared: dict[tuple, Shared] = {}  # by tail: the readings of one text share its tails
        self.keys: dict[tuple[str, ...], tuple[list[str], str]] = {}
        self.holding: dict[tuple[str, ...], frozenset[int]] = {}
        self.exact: dict[tuple, tuple[tuple[str, int], ...]] = {}
        self.renamed: dict[tuple, tuple[float, str]] = {}
        # By page: its rows' runs (``pipeline.appendix.page_labels``), and the work they took; by
        # label and indicator above, how those pages read it.
        self.aligned: dict[tuple, list] = {}
        self.aligned_work = 0
        # Placements of short rows the block reader tried over the text's rebuilds (``_Rows``).
        self.resplit_work = 0
        self.aligned_labels: dict[tuple, tuple] = {}

    def share(self, before: Label, owns: list[Label], tail: Label, most: int, indicator: str = "") -> Shared:
        """Each row's run of the tail's lines (at most ``most``), where the catalog reads the
        rows best; a row the catalog does not know (new, or renamed) takes the lines between its
        neighbours'. A tail line no row takes is skipped at a small cost (a header cell written
        late); the lines after the last row's are left over. The first row takes the lines
        ``before`` the rows if they help. ``indicator`` (a key) is the indicator of the rows
        above, which a first row that names none continues."""
        key = before, tuple(owns), tail, most, indicator
        if key not in self.shared:
            self.shared[key] = self._share(before, owns, tail, most, indicator)
        return self.shared[key]

    def _share(self, before: Label, owns: list[Label], tail: Label, most: int, indicator: str) -> Shared:
        skip_cost = 0.05
        n, m = len(owns), len(tail)
        tie = skip_cost / (2 * max(n * m, 1))
        with_before = bool(before) and self.score(before + owns[0], "")[0] > self.score(owns[0], "")[0]
        owns = [before + owns[0]] + owns[1:] if with_before else owns
        # best[r][j]: (score, indicator) of rows 0..r-1 having used tail[:j]; back[r][j]: how.
        best: list[dict[int, tuple[float, str]]] = [{j: (-skip_cost * j, indicator) for j in range(m + 1)}]
        back: list[dict[int, tuple]] = [{j: ("skip", j - 1) for j in range(1, m + 1)}]
        for r in range(n):
            own = owns[r]
            layer: dict[int, tuple[float, str]] = {}
            how: dict[int, tuple] = {}
            for j, (total, indicator) in best[r].items():
                length = 0
                for end in range(j, min(m, j + most) + 1):
                    if end > j:
                        length += self.length(tail[end - 1])
                        if length > self.longest:
                            break  # longer than any label, even renamed
                    chunk = tail[j:end]
                    options = [(own + chunk, False)] + ([(chunk + own, True)] if chunk and own else [])
                    for label, chunk_first in options:
                        score, after = self.score(label, indicator)
                        score += self.naming_bonus * self.names_indicator(label)
                        # On a tie the earlier row takes the lines: a tail is written in row
                        # order, and an indicator printed once belongs to its group's first row
                        # (a bonus too small to outweigh a skipped line, however long the table).
                        value = total + score + tie * (end - j) * (n - r)
                        if end not in layer or value > layer[end][0] + 1e-9:
                            layer[end] = (value, after)
                            how[end] = ("take", j, chunk_first)
            for j in range(1, m + 1):  # a line no row reads better with, after this row's lines
                if j - 1 in layer and (j not in layer or layer[j - 1][0] - skip_cost > layer[j][0] + 1e-9):
                    layer[j] = (layer[j - 1][0] - skip_cost, layer[j - 1][1])
                    how[j] = ("skip", j - 1)
            best.append(layer)
            back.append(how)
        end = max(best[n], key=lambda j: (best[n][j][0], -j))
        runs: list[tuple[int, int, bool]] = [(0, 0, False)] * n
        r, j = n, end
        while r > 0 or j > 0:
            step = back[r][j]
            if step[0] == "skip":
                j = step[1]
                continue
            runs[r - 1] = (step[1], j, step[2])
            r, j = r - 1, step[1]
        return Shared(tuple(runs), with_before, end)

    def _keys(self, line: tuple[str, ...]) -> tuple[list[str], str]:
        if line not in self.keys:
            keys = [label_key(w) for w in line]
            self.keys[line] = (keys, "".join(keys))
        return self.keys[line]

    def length(self, line: tuple[str, ...]) -> int:
        return len(self._keys(line)[1])

    def _holding(self, line: tuple[str, ...]) -> frozenset[int]:
        """The labels a line can be part of: its words, run together, are in the indicator and
        specification run together (a line of one column, or of both), or are a piece of the
        indicator followed by a piece of the specification (the indicator's cell goes on below:
        "Bijstandsgerechtigde Personen van 15 jaar" over "n")."""
        if line not in self.holding:
            key = self._keys(line)[1]
            self.holding[line] = frozenset(
                k for k, joined in enumerate(self.joined) if key in joined or _straddles(key, *self.pairs[k]))
        return self.holding[line]

    def _candidates(self, lines: tuple[tuple[str, ...], ...]) -> frozenset[int]:
        return frozenset.intersection(*(self._holding(line) for line in lines))

    def possible(self, lines: tuple[tuple[str, ...], ...]) -> bool:
        return bool(self._candidates(lines))

    def _exact(self, lines: tuple[tuple[str, ...], ...]) -> tuple[tuple[str, int, str], ...]:
        """The labels the lines spell exactly, the specification whole and the indicator from its
        start (``_exact_division``): each as (indicator key, how much of it, specification key)."""
        if lines not in self.exact:
            keys = [self._keys(line)[0] for line in lines]
            total = sum(len(k) for line in keys for k in line)
            found = []
            for k in sorted(self._candidates(lines)):
                ind_key, spec_key = self.pairs[k]
                piece = total - len(spec_key)
                if 0 <= piece <= len(ind_key) and label_cuts(keys, ind_key[:piece], spec_key) is not None:
                    found.append((ind_key, piece, spec_key))
            self.exact[lines] = tuple(found)
        return self.exact[lines]

    def reads(self, label: tuple[tuple[str, ...], ...], indicator: str) -> tuple[str, str] | None:
        """The catalog label (indicator and specification keys) a row's label lines spell under
        the indicator of the rows above, as ``score`` reads them exactly; None for any other."""
        if label and self.possible(label):
            for ind_key, piece, spec_key in self._exact(label):
                if piece == len(ind_key) or (piece == 0 and indicator in (ind_key, ANY_INDICATOR)):
                    return ind_key, spec_key
        return None

    def names_indicator(self, label: tuple[tuple[str, ...], ...]) -> bool:
        """Whether the label lines spell a catalog label exactly, its indicator whole."""
        return bool(label) and self.possible(label) and any(
            piece == len(ind_key) for ind_key, piece, _ in self._exact(label))

    def score(self, label: tuple[tuple[str, ...], ...], indicator: str) -> tuple[float, str]:
        """1 for a row's label lines that spell a catalog label under the indicator of the rows
        above (a label that names none continues it; any indicator under ``ANY_INDICATOR``), less
        for one renamed part, else 0; and the indicator of the rows below. A wrapped cell is
        written whole, so a row names all of its indicator or none."""
        score, below, _ = self.score_and_read(label, indicator)
        return score, below

    def score_and_read(self, label: tuple[tuple[str, ...], ...], indicator: str
                       ) -> tuple[float, str, tuple[str, str] | None]:
        """``score`` and ``reads`` at once."""
        read = self.reads(label, indicator)
        if read is not None:
            return 1.0, read[0] if indicator != ANY_INDICATOR else ANY_INDICATOR, read
        if not label:
            return 0.0, indicator, None
        score, below = self._one_part(label)
        if not score and self._respecified(label, indicator):
            return self.renamed_score, indicator, None
        return score, below, None

    def _respecified(self, label: tuple[tuple[str, ...], ...], indicator: str) -> bool:
        """Whether a label that names no indicator reads as a specification of the indicator
        above renamed (``Catalog.similar``: "Aandeel kinderen in een huishouden ..." for "...
        in huishoudens ..."): a row renamed in its specification under an indicator printed once
        is as much a renamed row as one that prints both parts."""
        if indicator not in self.specs_of:
            return False
        key = (label, indicator)
        if key not in self.respecified:
            joined = "".join(self._keys(line)[1] for line in label)
            self.respecified[key] = self._reads_as_specification(indicator, joined)
        return self.respecified[key]

    def _reads_as_specification(self, ind_key: str, text: str) -> bool:
        """Whether ``text`` reads like one of the indicator's specifications (``Catalog.similar``)."""
        return any(self.catalog.similar(text, spec) for spec in self.specs_of.get(ind_key, []))

    def _names_entry(self, ind_key: str, joined: str) -> bool:
        """Whether a label that starts with a catalog indicator, other words after it, names one
        of its entries renamed: the indicator has one, or the words read as one of its
        specifications (``Catalog.similar``). Other words under an indicator of several rows
        ("Definitief schooladvies PO" + "Eenzaamheid") are a row the catalog does not know."""
        return len(self.specs_of.get(ind_key, [])) <= 1 or self._reads_as_specification(ind_key, joined[len(ind_key):])

    def _one_part(self, label: tuple[tuple[str, ...], ...]) -> tuple[float, str]:
        """A row renamed in one part (``_one_part_division``): its label ends in a catalog
        specification after other words, or starts with a catalog indicator before them."""
        if label in self.renamed:
            return self.renamed[label]
        self.renamed[label] = (0.0, "")
        keys = [self._keys(line)[0] for line in label]
        joined = "".join(self._keys(line)[1] for line in label)
        for k in sorted(self._holding(label[0]) | self._holding(label[-1])):
            ind_key, spec_key = self.pairs[k]
            if spec_key and len(joined) > len(spec_key) and joined.endswith(spec_key):
                cuts = label_cuts(keys, None, spec_key)
                if cuts is not None and any(cuts):
                    self.renamed[label] = (self.renamed_score, "")
                    break
            if len(joined) > len(ind_key) and joined.startswith(ind_key) and self._names_entry(ind_key, joined):
                cuts = label_cuts(keys, ind_key, None)
                if cuts is not None and any(j < len(line) for line, j in zip(keys, cuts)):
                    self.renamed[label] = (self.renamed_score, ind_key)
                    break
        return self.renamed[label]


def _straddles(key: str, indicator: str, specification: str) -> bool:
    """Whether ``key`` is a piece of the indicator followed by a piece of the specification. A
    piece's pieces are pieces too, so the longest indicator prefix and the longest specification
    suffix are found by growing each until it no longer fits (a step or two for most labels)."""
    prefix = 0  # the longest start of key found in the indicator
    while prefix < len(key) and key[:prefix + 1] in indicator:
        prefix += 1
    suffix = len(key)  # where the longest end of key found in the specification starts
    while suffix > 0 and key[suffix - 1:] in specification:
        suffix -= 1
    return 0 < prefix and suffix < len(key) and suffix <= prefix

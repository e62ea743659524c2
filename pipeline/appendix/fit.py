"""How well a reading of the table fits what we know: the catalog and one value per cell.

Readers make several readings when the page allows several (how label text aligns with its
row, which table reader), and the fit decides between them; the winner and the runner-up are
recorded as a decision. A best reading that still fits badly is refused, not published.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, replace

from pipeline.appendix.align import AlignSettings, series_cost
from pipeline.appendix.model import LABEL_HEADINGS, Decision, RawRow, RawTable, is_area_name_piece
from pipeline.appendix.page_break import PageBreakSettings
from pipeline.catalog import Catalog, label_key
from pipeline.errors import InputError
from pipeline.numbers import DASHES, TRAILING_UNITS, YEAR, is_value_token, parse_table_value


@dataclass(frozen=True)
class FitSettings:
    # A reading is trusted when at least this share of its rows match a catalog entry ...
    min_known_share: float = 0.9
    # ... and at most this share of its cells (and of its rows) hold more values than they have
    # room for ...
    max_overfull_share: float = 0.05
    # ... and at most this share of its figures stand where the catalog expects a dash (a year the
    # row is not measured in, an area it is not measured for): values read into the wrong rows or
    # columns. The editions print none (nor does any reading of the corpus or of the layouts
    # printed outside it that reads right); a few are the table's own business, which the checks
    # report. A spread part's area columns swapped put about 20 of 518 there.
    max_implausible_share: float = 0.02
    # ... and at most that share of its cells (or this many, in a small table) are left blank
    # where the catalog expects a figure (a ragged row's one or two).
    max_blanks: int = 2
    # Readings whose fits differ by less than this (about a row's label) are a close call.
    min_margin: float = 0.5
    # Whether labels are read as printed, letter for letter (a text layer or a text edition):
    # then a row labelled with a catalog label cut short or run on is not trusted. OCR's labels
    # are not (a rule read as "=", a letter lost at an edge), and the catalog's likeness decides.
    exact_labels: bool = True


@dataclass(frozen=True)
class Fit:
    rows: int
    known: int  # rows matched to a catalog entry no earlier row took
    similarity: float  # summed label similarity of the known rows
    cells: int
    filled: int  # cells with printed text
    overfull: int  # cells with several values
    overfull_rows: int = 0  # rows with more values than the header has columns
    misaligned_parts: int = 0  # parts of a spread matched in order to a labelled part of another length
    unmeasured: int = 0  # figures in an area the catalog says the row is not measured for
    off_cycle: int = 0  # figures in a year the catalog says the row is not measured in
    orphans: int = 0  # rows before any indicator, continuing none (a table's first row prints one)
    unclaimed_pages: int = 0  # pages of the table with lines of values no part of the reading holds
    broken_totals: int = 0  # a group's year and area whose rows, all printed, do not add up (``Group``)
    mangled: int = 0  # rows whose label is a catalog label with text cut off or run on (``_mangled``)
    figures_in_labels: int = 0  # rows whose label holds a table figure ("leef- 60.35% 14.11%"): cells read as label
    # columns whose cells hold two values beside an empty cell (or the header's edge), in two rows
    # or more: a column boundary misplaced or lost (a printed cell of two values is one row's
    # printing error)
    spilled_columns: int = 0
    # columns of the header that fewer than half the rows print a cell in (a figure or a dash):
    # a part of the table not read (the editions print a cell in all but a ragged row's few)
    empty_columns: int = 0
    # rows that print fewer than half their cells under the label of another row: values of one
    # row read apart from it (a cell wrapped below the row, its last value on a line of its own)
    fragments: int = 0
    # figures the reading placed in no cell (``stray_text``): a value lost, run into a word
    # ("en12.61%") or spelled otherwise by the text layer; the editions print none outside the
    # table's cells but years
    stray_figures: int = 0
    # indicators whose rows another indicator's rows part (``_parted_groups``): labels shifted
    # past a row whose own label the text wrote elsewhere (a table prints a group's rows together)
    parted_groups: int = 0
    # label text the reading left in no row among the rows' labels (``stray_text``), not a
    # catalog indicator printed once more, while a row is unknown to the catalog: likely that
    # row's own label, the row's a guess (counted only then, and not text before or after the
    # rows: a heading or a footnote beside a new row is the table's business)
    unplaced_labels: int = 0
    # columns most of whose figures (two or more) lack the unit every other figure of their row
    # carries (``_cut_columns``): figures cut at the page's edge ("11.4" for "11.44%", a table
    # wider than its page), or whose unit a narrow cell wrapped where no reading took it
    cut_columns: int = 0
    # years of the header with fewer area columns than another year (``_short_years``): a table
    # cut at the page's edge through a year's columns (the editions print every area every year)
    short_years: int = 0
    # rows the catalog does not know whose specification, of four words or more, is that of a row
    # it knows: a label read from another row's lines (a short one, "Koop", may head a new group)
    borrowed_labels: int = 0
    # cells left blank where the catalog expects a figure (a year and area the row is measured
    # in), in rows that print others: a row's values read short, a page of a spread's part not
    # read under labels the other part printed (the editions leave one such cell blank, a ragged
    # row's; a row printed without any values is the QA's ``empty_row``)
    blanks: int = 0

    @property
    def value(self) -> float:
        """Higher is better: matched rows count most, then filled cells (a reading that leaves a
        part of a spread unread fills fewer); overfull cells, unmatched rows and figures where the
        catalog expects a dash cost."""
        if not self.rows:
            return -math.inf  # no table at all: any reading with rows says more
        per_row = self.cells / self.rows
        # A part matched in order to rows it does not fit puts many values in other rows' cells.
        misplaced = 5.0 * (self.misaligned_parts + self.unclaimed_pages) + self.orphans
        # A value placed in a neighbour's cell of a group breaks its totals; the edition's own
        # printing errors break them alike in every reading.
        return (self.similarity - 0.5 * (self.rows - self.known) - 0.5 * (self.overfull + self.overfull_rows)
                - 0.5 * (self.unmeasured + self.off_cycle + self.broken_totals + self.mangled + self.stray_figures
                         + self.parted_groups + self.unplaced_labels + self.cut_columns + self.short_years
                         + self.borrowed_labels)
                - 5.0 * self.figures_in_labels - misplaced
                + 0.2 * self.filled / per_row + 0.01 * self.filled)

    def summary(self) -> str:
        notes = [(self.overfull_rows, f"{self.overfull_rows} rows with more values than columns"),
                 (self.misaligned_parts, f"{self.misaligned_parts} part(s) of a spread with another number of rows"),
                 (self.unmeasured, f"{self.unmeasured} figures in an area the row is not measured for"),
                 (self.off_cycle, f"{self.off_cycle} figures in a year the row is not measured in"),
                 (self.orphans, f"{self.orphans} rows before the first indicator"),
                 (self.unclaimed_pages, f"rows on {self.unclaimed_pages} page(s) under no header read"),
                 (self.broken_totals, f"{self.broken_totals} group totals that do not add up"),
                 (self.mangled, f"{self.mangled} rows labelled with a catalog label cut short or run on"),
                 (self.figures_in_labels, f"{self.figures_in_labels} rows with figures read into their label"),
                 (self.spilled_columns, f"{self.spilled_columns} columns holding their neighbour's values"),
                 (self.empty_columns, f"{self.empty_columns} columns that most rows print no cell in"),
                 (self.fragments, f"{self.fragments} rows of a few values under another row's label or a piece "
                                  "of it"),
                 (self.stray_figures, f"{self.stray_figures} figures in no cell"),
                 (self.parted_groups, f"{self.parted_groups} groups whose rows other rows part"),
                 (self.unplaced_labels, f"{self.unplaced_labels} lines of label text in no row beside a row "
                                        "the catalog does not know"),
                 (self.cut_columns, f"{self.cut_columns} columns of figures without the unit of their rows"),
                 (self.short_years, f"{self.short_years} years with fewer area columns than the others"),
                 (self.borrowed_labels, f"{self.borrowed_labels} rows the catalog does not know with another row's "
                                        "specification"),
                 (self.blanks, f"{self.blanks} cells blank where the catalog expects a figure")]
        said = "".join(f", {text}" for count, text in notes if count)
        return f"{self.known} of {self.rows} rows in the catalog{said}, {self.overfull} overfull of {self.cells} cells"

    def trusted(self, settings: FitSettings = FitSettings()) -> bool:
        return (self.rows > 0 and self.known >= settings.min_known_share * self.rows
                and self.overfull <= settings.max_overfull_share * max(self.cells, 1)
                and self.overfull_rows <= settings.max_overfull_share * self.rows
                and not self.misaligned_parts and not self.orphans and not self.unclaimed_pages and not self.mangled
                and not self.figures_in_labels and not self.spilled_columns and not self.empty_columns
                and not self.fragments and not self.stray_figures and not self.parted_groups
                and not self.unplaced_labels and not self.cut_columns and not self.short_years
                and not self.borrowed_labels
                and self.unmeasured + self.off_cycle <= settings.max_implausible_share * max(self.filled, 1)
                and self.blanks <= max(settings.max_blanks, settings.max_implausible_share * self.filled))


def fit(table: RawTable, catalog: Catalog, matches: dict | None = None) -> Fit:
    """The reading's fit; ``matches`` keeps catalog matches between readings of one table (most
    rows read alike)."""
    matches = {} if matches is None else matches
    taken: set[str] = set()
    indicator = ""
    known, similarity, filled, overfull, cells, unmeasured, off_cycle, orphans, blanks = 0, 0.0, 0, 0, 0, 0, 0, 0, 0
    figures: dict[tuple[str, int], float] = {}  # (catalog id, slot) -> the figure the reading puts there
    spills: dict[int, int] = {}  # slot -> rows whose cell there holds two values beside an empty cell
    printed_in_slot = [0] * len(table.slots)  # rows that print a cell there
    printed_in_row: list[int] = []  # cells each row prints
    known_specs: set[str] = set()  # the specifications of rows the catalog knows
    unknown_specs: list[str] = []  # those of rows it does not, long enough to be no new group's
    for row in table.rows:
        printed_in_row.append(0)
        indicator = row.indicator or indicator
        orphans += not indicator
        key = (indicator, row.specification)
        match = matches.get(key)
        if match is None:
            match = matches[key] = catalog.match(indicator, row.specification)
        if match.entry is not None and match.entry.id not in taken:
            taken.add(match.entry.id)
            known += 1
            similarity += match.score
        entry = match.entry
        if entry is not None:
            known_specs.add(label_key(row.specification))
        elif len(row.specification.split()) >= _LONG_SPECIFICATION_WORDS:
            unknown_specs.append(label_key(row.specification))
        # (a row that prints no cell at all is a label without values, which the QA reports)
        if entry is not None and any(cell.printed.strip() for cell in row.cells.values()):
            blanks += sum(1 for k, slot in enumerate(table.slots)
                          if slot.area in entry.areas and entry.measured_in(slot.year)
                          and not (k in row.cells and row.cells[k].printed.strip()))
        for slot, cell in row.cells.items():
            cells += 1
            text = cell.printed.strip()
            filled += bool(text)
            if text and slot < len(printed_in_slot):
                printed_in_slot[slot] += 1
                printed_in_row[-1] += 1
            several = sum(1 for t in text.split() if any(c.isdigit() for c in t) or t in DASHES) > 1
            overfull += several
            # (a side past the header's columns is empty: a column the header lost)
            if several and not (_printed(row, slot - 1) and _printed(row, slot + 1)):
                spills[slot] = spills.get(slot, 0) + 1
            # A figure where the catalog expects a dash: values read into the wrong rows or columns.
            if entry is not None and any(c.isdigit() for c in text):
                unmeasured += table.slots[slot].area not in entry.areas
                off_cycle += not entry.measured_in(table.slots[slot].year)
                value = parse_table_value(text)
                if value.kind == "number":
                    figures[(entry.id, slot)] = value.value
    overfull_rows = sum(1 for d in table.decisions if d.kind == "overfull_row")
    misaligned = sum(1 for d in table.decisions if d.kind == "spread_rows")
    unclaimed = sum(1 for d in table.decisions if d.kind == "unclaimed_rows")
    return Fit(len(table.rows), known, similarity, cells, filled, overfull, overfull_rows, misaligned, unmeasured,
               off_cycle, orphans, unclaimed, _broken_totals(figures, len(table.slots), catalog),
               _mangled(table, catalog), _figures_in_labels(table),
               sum(1 for rows in spills.values() if rows > 1),
               sum(1 for count in printed_in_slot if 2 * count < len(table.rows)),
               _fragments(table, printed_in_row), _stray_figures(table), _parted_groups(table),
               _unplaced_labels(table, catalog) if known < len(table.rows) else 0, _cut_columns(table),
               _short_years(table), sum(1 for spec in unknown_specs if spec in known_specs), blanks)


def _short_years(table: RawTable) -> int:
    """Years with fewer area columns than the year with most: a table wider than its page,
    whose last columns the page's edge cut ("2023 NPLV" printed, "2023 NL" not)."""
    per_year = Counter(slot.year for slot in table.slots)
    most = max(per_year.values(), default=0)
    return sum(1 for count in per_year.values() if count < most)


def _cut_columns(table: RawTable) -> int:
    """Columns where two figures or more, and at least half the column's figures, lack the unit
    that every other figure of their row ends in. The editions print every figure of a row with
    the same unit; a printing error that drops one is a cell, not a column."""
    lacking: Counter = Counter()
    figures: Counter = Counter()
    for row in table.rows:
        texts = {slot: cell.printed.strip() for slot, cell in row.cells.items()
                 if any(c.isdigit() for c in cell.printed)}
        units = Counter(text[-1] for text in texts.values() if text[-1:] in TRAILING_UNITS)
        for slot, text in texts.items():
            figures[slot] += 1
            others = len(texts) - 1
            lacking[slot] += others > 0 and text[-1:] not in TRAILING_UNITS and any(n == others for n in units.values())
    return sum(1 for slot, n in lacking.items() if n >= 2 and 2 * n >= figures[slot])


def _unplaced_labels(table: RawTable, catalog: Catalog, header: PageBreakSettings = PageBreakSettings()) -> int:
    """Text the reading left in no row among the rows' labels (``stray_text``) that holds a word
    and is no catalog indicator (one printed on every row may be left over) and no header's text
    (``PageBreakSettings.is_header``: a header's area cells written after the rows, as Calc's
    wrapped cells are, "Gem. NPLV- gebied en")."""
    indicators = catalog.label_parts[0].keys()
    return sum(1 for decision in table.decisions if decision.kind == "stray_text" and decision.among_rows
               and any(c.isalpha() for c in decision.text) and label_key(decision.text) not in indicators
               and not header.is_header(decision.text))


def _parted_groups(table: RawTable) -> int:
    """Indicators whose rows come in more than one run, other indicators' rows between (each
    indicator carried down to the rows that print none)."""
    runs: list[str] = []
    indicator = ""
    for row in table.rows:
        indicator = row.indicator or indicator
        key = label_key(indicator)
        if key and (not runs or runs[-1] != key):
            runs.append(key)
    return len(runs) - len(set(runs))


def _stray_figures(table: RawTable) -> int:
    return len(stray_figures(table))


def stray_figures(table: RawTable) -> list[tuple[str, Decision]]:
    """Words with a digit, years aside, among the text the reading left in no cell
    (``stray_text`` decisions), each with its decision: a figure alone or run into a word, or one
    a text layer spells otherwise (a font re-encoded by Ghostscript gives the dash's glyph as
    "3"); and a figure's unit alone ("%"): the rest of a figure a narrow cell wrapped, so a cell
    read without it."""
    return [(word, decision) for decision in table.decisions if decision.kind == "stray_text"
            for word in decision.text.split()
            if (any(c.isdigit() for c in word) and not YEAR.match(word.strip("(),.;:")))
            or word in TRAILING_UNITS]


def _fragments(table: RawTable, printed_in_row: list[int]) -> int:
    """Rows that print fewer than half their cells (``printed_in_row``) under a label (indicator
    continued) that another row of the reading also has, or beside a row that prints nothing
    where they print and whose specification is theirs cut short after a word, or the reverse:
    pieces of one row read apart ("1 tot" under one part of a spread, "1 tot 3 jaar" blank
    there)."""
    labels: list[tuple[str, str]] = []
    indicator = ""
    for row in table.rows:
        indicator = row.indicator or indicator
        labels.append((label_key(indicator), label_key(row.specification)))
    counts: dict[tuple[str, str], int] = {}
    for label in labels:
        counts[label] = counts.get(label, 0) + 1
    thin = [k for k, printed in enumerate(printed_in_row) if 2 * printed < len(table.slots)]
    if not thin:
        return 0
    # Specifications by their starts that end after a word, and whole: looked up, not compared
    # pairwise (a hostile table's rows are many).
    starts: dict[str, list[int]] = {}
    whole: dict[str, list[int]] = {}
    for k, row in enumerate(table.rows):
        for start in _word_starts(row.specification):
            starts.setdefault(start, []).append(k)
        if labels[k][1]:
            whole.setdefault(labels[k][1], []).append(k)
    printed_at: dict[int, frozenset[int]] = {}

    def printed(k: int) -> frozenset[int]:
        if k not in printed_at:
            printed_at[k] = frozenset(slot for slot in range(len(table.slots)) if _printed(table.rows[k], slot))
        return printed_at[k]

    def piece_of_another(k: int) -> bool:
        # Rows whose specification starts with this one's, and rows whose specification this
        # one's starts with.
        candidates = starts.get(labels[k][1], [])[:_MOST_PIECE_CANDIDATES] + [
            other for start in _word_starts(table.rows[k].specification)
            for other in whole.get(start, [])[:_MOST_PIECE_CANDIDATES]]
        return any(other != k and not printed(other) & printed(k) for other in candidates)

    return sum(1 for k in thin if counts[labels[k]] > 1 or (labels[k][1] and piece_of_another(k)))


# Rows looked at as the rest of a row's piece: a table prints a specification, or its start, on a
# row or two (a hostile table's thousands of rows alike cost no more) ...
_MOST_PIECE_CANDIDATES = 4
# ... and the words of a specification whose starts are looked up (the catalog's longest has 25).
_MOST_START_WORDS = 40


def _word_starts(specification: str) -> list[str]:
    """The specification's starts that end after a word, as ``label_key``s ("1", "1tot",
    "1tot3", "1tot3jaar"), up to ``_MOST_START_WORDS`` words. (A key drops spaces, so a start's
    key is the keys of its words run together.)"""
    starts, start = [], ""
    for word in specification.split()[:_MOST_START_WORDS]:
        key = label_key(word)
        if key:  # a hyphen alone adds no start
            start += key
            starts.append(start)
    return starts


def _printed(row: RawRow, slot: int) -> bool:
    cell = row.cells.get(slot)
    return bool(cell and cell.printed.strip())


# A specification of this many words or more, under an indicator the catalog does not know, is
# another row's read there when a known row has it (``Fit.borrowed_labels``); a shorter one
# ("Koop", "Particuliere huur") may head a new group.
_LONG_SPECIFICATION_WORDS = 4
# A figure run into a label word ("een60.35%", "startkwalificatie12.61%"): a percentage, or a
# decimal touching letters. No catalog label holds either.
_FIGURE_IN_WORD = re.compile(r"\d%|[^\W\d_]\d+[.,]\d|\d[.,]\d+[^\W\d_]")
# A word ending in digits run onto its letters ("één1" beside "3.35%": a figure wider than its
# cell ran into the label, its first digit read as the label's), where no catalog label spells
# the word so (a text run together spells "t/m2014").
_FIGURE_START = re.compile(r"[^\W\d_]\d+$")
# Where two words printed with no gap between them meet: a small letter, then a capital.
_CAPITAL_INSIDE = re.compile(r"(?<=[a-zß-ÿ])(?=[A-ZÀ-Þ])")


def _figures_in_labels(table: RawTable) -> int:
    """Rows whose label text holds a table figure, alone or run into a word, or a figure's unit
    alone: no catalog label does, so the row's cells were read as its label (a fixed-width text
    that set a figure a space from the label, or none: ``pdftotext -fixed``; a narrow cell's
    "%" wrapped onto the label's line)."""
    return sum(1 for row in table.rows
               if any((is_value_token(word) and any(c.isdigit() for c in word)) or _FIGURE_IN_WORD.search(word)
                      or word in TRAILING_UNITS
                      for word in f"{row.indicator} {row.specification}".split()))


def _mangled(table: RawTable, catalog: Catalog) -> int:
    """Rows whose label is no catalog label but a catalog label with text cut off or run on: one
    part a catalog label's and the other that label's other part cut or run on at either end
    ("Bijstandsgerechtigd" for "Bijstandsgerechtigden", "% Afstromers in VO"), or the starts of
    both parts (a row split over a page break, its label's end lost under the next header). A
    label lost its end or took up a stray cell; a row renamed differs within. (A label run on
    by a whole catalog label is a row printed without values, its label joined to the next:
    the QA names both rows.) So are labels made of a header's broken area names, and catalog
    labels short of one little word ("en", "de", "van"): a reader lost it, a rename does not; a
    catalog indicator over another's specification (rows read into the wrong group); and labels
    that run into the next cell ("één1" before "3.35%", "BijstandsontvangersPersonen") or hold a
    part of a specification cut where the next row's label began."""
    specs_of, indicators_of = catalog.label_parts
    whole = catalog.whole_label_keys
    joined = catalog.joined_label_keys
    reordered = catalog.label_parts_by_letters  # every catalog part, by its letters sorted
    # The label columns' headings, where no catalog label spells them.
    headings = {key for key in map(label_key, LABEL_HEADINGS) if key not in catalog.label_text}
    alike: dict[str, frozenset[str]] = {}

    def read_as(ind: str) -> frozenset[str]:
        # An indicator the catalog reads alike but not letter for letter (a ligature lost:
        # "Defnitief ...") is the catalog's: its rows' specifications are its own.
        if ind not in alike:
            alike[ind] = frozenset([ind] if ind in specs_of else
                                   [ind] + [other for other in specs_of if other and catalog.similar(ind, other)])
        return alike[ind]

    mangled, indicator = 0, ""
    for row in table.rows:
        indicator = row.indicator or indicator
        ind, spec = label_key(indicator), label_key(row.specification)
        if spec in specs_of.get(ind, ()):
            continue
        if spec and ind in specs_of and ind not in indicators_of.get(spec, (ind,)):
            mangled += 1  # a catalog indicator over another's specification: rows read into the wrong group
            continue
        if any(part and not any(c.isalpha() for c in part) for part in (row.indicator, row.specification)):
            mangled += 1  # a label part without a letter: a figure's unit ("%") or a stray mark, no label
            continue
        label_words = f"{row.indicator} {row.specification}".split()
        if label_words and all(w == "-" or is_area_name_piece(w) for w in label_words):
            mangled += 1  # the pieces of a header's broken area names ("gebie gebie" / "den den"), no label
            continue
        if any(label_key(w) in headings for w in label_words):
            mangled += 1  # a label column's heading ("Afstromers in VO Indicator"): a header repeated, read as a label
            continue
        if ind not in specs_of and (not spec or spec not in indicators_of) and (
                any(_cut_or_run_on(spec, other, whole) for other in indicators_of if other)
                or any(_cut_or_run_on(ind, other, whole) for other in specs_of)):
            # Neither part a catalog part, one a catalog part cut short or run on: a letter read
            # across the division ("Bijstandsontvanger" | "sPersonen van 15 ..."), an indicator
            # without its specification's text. A renamed row keeps one part.
            mangled += 1
            continue
        if (ind, spec) in catalog.parts_short_of_a_word or (spec, ind) in catalog.parts_short_of_a_word:
            mangled += 1  # a catalog label that lost a little word ("Overlast onveiligheid"): read, not renamed
            continue
        if not spec and ind in indicators_of and ind not in specs_of:
            mangled += 1  # a catalog specification read as an indicator of its own: its row's indicator lost
            continue
        if ind + spec in whole or (not row.indicator
                                   and (spec in joined or _ends_in_anothers(spec, read_as(ind), indicators_of))):
            # A catalog label divided in the wrong place, at a space ("Bijstandsgerechtigden Personen" |
            # "van 15 ..."; inside a word the catalog divides it, ``divided_as_catalog``), or whole
            # as a specification under the indicator above (its indicator cell read into it; renamed,
            # the specification of another indicator run on after it).
            mangled += 1
            continue
        if (ind not in specs_of and spec not in indicators_of
                and "".join(sorted(ind + spec)) in catalog.joined_label_letters):
            # Neither part a catalog part, but a catalog label's letters in another order: a word
            # read into the other part across the columns ("(netto participatiegraad)bevolking" |
            # "Werkzame ... in de (beroeps- ..."). A renamed row changes words, or one part only.
            mangled += 1
            continue
        if any(key and key not in known and "".join(sorted(label_key(part, keep_case=True))) in reordered
               for part, key, known in ((row.indicator, ind, specs_of), (row.specification, spec, indicators_of))):
            # A part that is no catalog part but a catalog part's words in another order
            # ("doorloopsnelheid Verhuisbeweging:"): a line of the row above read into it, before
            # its own. A rename changes words.
            mangled += 1
            continue
        if row.indicator and _divided_off_a_part(row.indicator, row.specification, specs_of, indicators_of):
            # A renamed row divided in the wrong place, at a space ("Bijstandsontvangers Personen" |
            # "van 15 ..."): a word or two across the division, one part is a catalog part.
            mangled += 1
            continue
        if any(_FIGURE_START.search(word) and label_key(word) not in catalog.label_text
               for word in f"{row.indicator} {row.specification}".split()):
            mangled += 1  # a figure's first digits run onto a label word ("één1"): the label run on
            continue
        if _part_of_a_specification(
                [label_key(w) for w in _CAPITAL_INSIDE.sub(" ", f"{row.indicator} {row.specification}").split()],
                catalog):
            # A catalog specification's first words at the label's end, or its last words at the
            # label's start: a row's label cut where another row's began.
            mangled += 1
            continue
        words = [label_key(word) for word in f"{row.indicator} {row.specification}".split()] if row.indicator else []
        mangled += (any(_cut_or_run_on(spec, other, whole) for other in specs_of.get(ind, ()))
                    or any(_cut_or_run_on(ind, other, whole) for other in indicators_of.get(spec, ()))
                    or any(_starts_of_both(words, whole_ind, whole_spec)
                           for whole_ind, specs in specs_of.items() if words and whole_ind.startswith(words[0])
                           for whole_spec in specs))
    return mangled


def _ends_in_anothers(spec: str, indicators: frozenset[str], indicators_of: dict[str, frozenset[str]]) -> bool:
    """Whether the specification key ends in the whole specification of an indicator other than
    ``indicators`` (the row's, as the catalog reads it), after text of its own."""
    return any(len(spec) > len(other) and spec.endswith(other) and indicators.isdisjoint(owners)
               for other, owners in indicators_of.items() if other)


def _part_of_a_specification(words: list[str], catalog: Catalog, least: int = 3) -> bool:
    """Whether the label's words (``label_key``s) end in a specification's first words, or begin
    with its last words, at least ``least`` of them and not all."""
    starts, ends, longest = catalog.specification_parts
    return any(tuple(words[len(words) - k:]) in starts or tuple(words[:k]) in ends
               for k in range(least, min(len(words), longest) + 1))


def _divided_off_a_part(indicator: str, specification: str, specs_of: dict[str, frozenset[str]],
                        indicators_of: dict[str, frozenset[str]], most_words: int = 3) -> bool:
    """Whether the label, neither of whose parts is a catalog part, has one when up to
    ``most_words`` words move across the division (the other part keeping a word)."""
    if label_key(indicator) in specs_of or label_key(specification) in indicators_of:
        return False
    # Two words printed with no gap are one word of the text ("BijstandsontvangersPersonen": an
    # indicator wider than its cell running into the specification): a capital after a small
    # letter starts the second.
    ind_words, spec_words = _CAPITAL_INSIDE.sub(" ", indicator).split(), _CAPITAL_INSIDE.sub(" ", specification).split()
    for k in range(1, most_words + 1):
        if k < len(ind_words) and label_key(" ".join(ind_words[-k:] + spec_words)) in indicators_of:
            return True
        if k < len(spec_words) and label_key(" ".join(ind_words + spec_words[:k])) in specs_of:
            return True
    return False


def _cut_or_run_on(text: str, label: str, whole: frozenset[str]) -> bool:
    """Whether ``text`` is ``label`` with text cut off or added at either end (both non-empty),
    the text added not one of the labels ``whole``."""
    if not text or not label or text == label:
        return False
    if text == label + label:
        return True  # the label read twice: a cell printed again (on the next page) read into its own
    if len(text) > len(label):
        return ((text.startswith(label) and _content(text[len(label):], whole))
                or (text.endswith(label) and _content(text[:-len(label)], whole)))
    return label.startswith(text) or label.endswith(text)


def _content(added: str, whole: frozenset[str]) -> bool:
    """Whether text run on to a label is content (a word, a figure or a figure's unit, not a
    rule OCR read as "="), and not a whole label of its own."""
    return added not in whole and any(c.isalnum() or c in TRAILING_UNITS for c in added)


def _starts_of_both(words: list[str], indicator: str, specification: str) -> bool:
    """Whether the words, in order, spell the start of the indicator and the start of the
    specification (each word of one, the two interleaved as wrapped cells are read), one of
    them short of its end."""
    states = {(0, 0)}
    for word in words:
        states = ({(i + len(word), s) for i, s in states if indicator.startswith(word, i)}
                  | {(i, s + len(word)) for i, s in states if specification.startswith(word, s)})
        if not states:
            return False
    return any(i and s and (i < len(indicator) or s < len(specification)) for i, s in states)


def _broken_totals(figures: dict[tuple[str, int], float], slots: int, catalog: Catalog) -> int:
    """The groups' columns whose member rows all print a figure there and miss their total."""
    broken = 0
    for group in catalog.groups:
        for slot in range(slots):
            values = [figures.get((member, slot)) for member in group.members]
            if any(v is None for v in values):
                continue
            broken += not group.holds(sum(values))
    return broken


def choose_reading(named: list[tuple[str, RawTable]], catalog: Catalog, path, settings: FitSettings,
                   given_pages: dict[int, int] | None = None) -> RawTable:
    """The reading the catalog fits best, with the winner and runner-up recorded; refused in one
    line when even the best does not fit. ``given_pages``: where the readers counted pages of
    their own, each one's page as the edition numbers it (for the message)."""
    matches: dict = {}
    named = [(name, indicators_at_group_start(indicators_made_whole(divided_as_catalog(table, catalog), catalog), catalog))
             for name, table in named]
    fits = [fit(table, catalog, matches) for _, table in named]
    if not settings.exact_labels:
        fits = [replace(f, mangled=0, parted_groups=0, unplaced_labels=0) for f in fits]
    # Readings that fit alike (a ragged row's blank placed otherwise, a text that keeps no columns
    # to place it by): the one whose rows' series run smoothest.
    top = max(f.value for f in fits)
    rough = {k: roughness(named[k][1], catalog, matches) for k, f in enumerate(fits) if f.value == top}
    scored = sorted(((f, k) for k, f in enumerate(fits)),
                    key=lambda fk: (-fk[0].value, rough.get(fk[1], 0.0), fk[1]))
    best_fit, best = scored[0]
    name, table = named[best]
    pages = pages_named(sorted({given_pages[p] for p in table.pages}) if given_pages else table.pages)
    if not table.rows:
        raise InputError(path, f"the appendix header was found on {pages} but no table rows under it")
    if not best_fit.trusted(settings):
        raise InputError(path, f"the appendix table on {pages} was not read reliably: the best reading "
                               f"({name}) has {best_fit.summary()}{_strays_named(table, given_pages)}")
    # The runner-up is the best reading that reads the table differently (several hypotheses
    # often agree on a clean table).
    runner = next((fk for fk in scored[1:] if same_content_key(named[fk[1]][1]) != same_content_key(table)), None)
    margin = round(best_fit.value - runner[0].value, 3) if runner else None
    table.decisions.insert(0, Decision(
        "reading", None, table.pages[0], None,
        f"read by the {name}: {best_fit.summary()}"
        + (f"; runner-up {named[runner[1]][0]}: {runner[0].summary()}" if runner else "; every other reading agrees")
        + (f"; the two fit alike, and the smoother series decided ({rough[best]:.2f} against {rough[runner[1]]:.2f})"
           if runner and runner[1] in rough and rough[runner[1]] != rough[best] else ""),
        chosen=name, alternatives=(named[runner[1]][0],) if runner else (),
        cost=round(-best_fit.value, 3), margin=margin,
        ambiguous=margin is not None and margin < settings.min_margin,
    ))
    return table


def _strays_named(table: RawTable, given_pages: dict[int, int] | None, most: int = 3) -> str:
    """Where the reading's figures in no cell stand, the first ``most`` of them (what a reader
    of the message looks up first: a figure written apart from its row, a lost value)."""
    strays = stray_figures(table)
    if not strays:
        return ""

    def where(decision: Decision) -> str:
        if decision.line is not None:
            return f"line {decision.line}"
        page = given_pages.get(decision.page, decision.page) if given_pages else decision.page
        return f"page {page}"

    named = ", ".join(f"{word!r} ({where(decision)})" for word, decision in strays[:most])
    more = f" and {len(strays) - most} more" if len(strays) > most else ""
    return f"; figures in no cell: {named}{more}"


def roughness(table: RawTable, catalog: Catalog, matches: dict) -> float:
    """How far the rows the catalog knows are from smooth series (``series_cost``: jumps within a
    series, figures off the measurement cycle, blanks where it expects one)."""
    settings = AlignSettings()
    total, indicator = 0.0, ""
    for row in table.rows:
        indicator = row.indicator or indicator
        key = (indicator, row.specification)
        match = matches.get(key)
        if match is None:
            match = matches[key] = catalog.match(indicator, row.specification)
        if match.entry is not None:
            total += series_cost({k: cell.printed for k, cell in row.cells.items()}, table.slots, match.entry, settings)
    return total


def divided_as_catalog(table: RawTable, catalog: Catalog) -> RawTable:
    """The reading with every label whose indicator runs into its specification in one word (no
    reader can divide what the text prints without a gap) divided where the catalog divides it
    (``Catalog.divided_inside_word``); each is a decision."""
    rows = list(table.rows)
    decisions = list(table.decisions)
    for k, row in enumerate(table.rows):
        divided = catalog.divided_inside_word(row.indicator, row.specification)
        if divided is None:
            continue
        rows[k] = replace(row, indicator=divided[0], specification=divided[1])
        printed = " | ".join(part for part in (row.indicator, row.specification) if part)
        decisions.append(Decision(
            "label_spacing", k, row.page, row.line,
            f"the text runs the label's indicator into its specification in one word ({printed!r}); divided "
            "where its catalog label divides them", chosen=" | ".join(divided), alternatives=(printed,)))
    return replace(table, rows=rows, decisions=decisions) if rows != table.rows else table


def indicators_made_whole(table: RawTable, catalog: Catalog, most_words: int = 3) -> RawTable:
    """The reading with an indicator printed once over its group made whole where its end was
    read beside a later row: as that row's own indicator (a cell wrapped past its group's first
    row: "Verhuisbeweging:" / "woonduur afgelopen 10 jaar"), or, on the next page, as the first
    words beside the page's first row, at most ``most_words`` (a page break split the cell:
    "Definitief schooladvies" / "PO"). Only where the indicator above names no catalog indicator,
    and together they name one whose specifications include the rows' of both. Each is a
    decision."""
    specs_of, _ = catalog.label_parts
    rows = list(table.rows)
    decisions = list(table.decisions)
    group = None  # the row that prints the indicator the rows below continue
    for k, row in enumerate(table.rows):
        above = rows[group].indicator if group is not None else ""
        broken = bool(k) and row.page != rows[k - 1].page
        below = group is not None and k == group + 1 and not row.indicator
        if above and label_key(above) not in specs_of and (row.indicator or broken or below):
            completed = _completion(above, row, specs_of, most_words if broken or below else 0)
            if completed is not None and label_key(rows[group].specification) in specs_of[label_key(completed[0])]:
                indicator, specification = completed
                rows[group] = replace(rows[group], indicator=indicator)
                rows[k] = row = replace(row, indicator="", specification=specification)
                where = f"the first row of page {row.page}" if broken else "a row below"
                decisions.append(Decision(
                    "split_row", group, row.page, row.line,
                    f"the indicator {above!r} goes on beside {where} ({indicator!r}): one cell over the group's rows"))
        if row.indicator:
            group = k
    return replace(table, rows=rows, decisions=decisions) if rows != table.rows else table


def indicators_at_group_start(table: RawTable, catalog: Catalog) -> RawTable:
    """The reading with an indicator the text writes after its group's first rows moved up to the
    first of them (Typst draws a cell spanning rows with its last row, and a content-order
    extractor writes it there): where the rows above the row that prints it print no indicator of
    their own, and the catalog gives their specifications to it and not to the indicator they
    would otherwise continue. Each is a ``label_order`` decision."""
    specs_of, indicators_of = catalog.label_parts
    rows = list(table.rows)
    decisions = list(table.decisions)
    carried, indicator = [], ""
    for row in table.rows:
        indicator = row.indicator or indicator
        carried.append(label_key(indicator))
    for k, row in enumerate(table.rows):
        specs = specs_of.get(label_key(row.indicator), frozenset()) if row.indicator else frozenset()
        own = label_key(row.specification)
        if not specs or (own not in specs and own in indicators_of):
            continue  # the row's own specification (or a renamed one) must not be another indicator's
        start = k
        while (start > 0 and not rows[start - 1].indicator and rows[start - 1].specification
               and label_key(rows[start - 1].specification) in specs
               and label_key(rows[start - 1].specification) not in specs_of.get(carried[start - 1], ())):
            start -= 1
        if start < k:
            rows[start] = replace(rows[start], indicator=row.indicator)
            rows[k] = replace(row, indicator="")
            decisions.append(Decision(
                "label_order", start, rows[start].page, rows[start].line,
                f"the indicator {row.indicator!r} is written beside the group's row {k - start + 1}, after rows "
                "whose specifications the catalog gives to it: read from the group's first row",
                chosen="the group's first row", alternatives=(f"row {k - start + 1} of the group",)))
    return replace(table, rows=rows, decisions=decisions) if rows != table.rows else table


def _completion(above: str, row: RawRow, specs_of: dict[str, frozenset[str]], most_words: int
                ) -> tuple[str, str] | None:
    """The whole indicator and the row's specification, where the row's own indicator, or the
    first words or letters beside it (within ``most_words`` words), complete ``above`` into a
    catalog indicator whose specifications include the rest."""
    text = " ".join(f"{row.indicator} {row.specification}".split())
    ways = [(f"{above} {row.indicator}", row.specification)] if row.indicator else []
    # The first words, or letters of them where the text ran them into the specification ("PO" +
    # "VMBOBK/GT" printed as "POVMBOBK/GT" by a text without spaces).
    reach = len(" ".join(text.split()[:most_words]))
    ways += [(f"{above} {text[:cut]}", text[cut:].strip()) for cut in range(1, reach + 1)
             if not text[cut - 1].isspace() and cut < len(text)]
    return next(((indicator, specification) for indicator, specification in ways
                 if label_key(specification) in specs_of.get(label_key(indicator), ())), None)


def pages_named(pages: list[int]) -> str:
    """"page 3" or "pages 2-4": where a table was read, for a message."""
    return f"page {pages[0]}" if len(pages) == 1 else f"pages {pages[0]}-{pages[-1]}"


def same_content_key(table: RawTable) -> tuple:
    """What a reading reads: its rows and their printed cells (readings alike in this agree)."""
    return tuple((r.indicator, r.specification, tuple(sorted((k, c.printed) for k, c in r.cells.items())))
                 for r in table.rows)

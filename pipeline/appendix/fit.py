"""How well a reading of the table fits what we know: the catalog and one value per cell.

Readers make several readings when the page allows several (how label text aligns with its
row, which table reader), and the fit decides between them; the winner and the runner-up are
recorded as a decision. A best reading that still fits badly is refused, not published.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.appendix.model import RawTable
from pipeline.catalog import Catalog
from pipeline.numbers import DASHES


@dataclass(frozen=True)
class FitSettings:
    # A reading is trusted when at least this share of its rows match a catalog entry ...
    min_known_share: float = 0.5
    # ... and at most this share of its cells hold more than one value.
    max_overfull_share: float = 0.05
    # Readings whose fits differ by less than this (about a row's label) are a close call.
    min_margin: float = 0.5


@dataclass(frozen=True)
class Fit:
    rows: int
    known: int  # rows matched to a catalog entry no earlier row took
    similarity: float  # summed label similarity of the known rows
    cells: int
    filled: int  # cells with printed text
    overfull: int  # cells with several values

    @property
    def value(self) -> float:
        """Higher is better: matched rows count most, then filled cells; overfull cells and
        unmatched rows cost."""
        per_row = self.cells / self.rows if self.rows else 1
        return self.similarity - 0.5 * (self.rows - self.known) - 0.5 * self.overfull + 0.2 * self.filled / per_row

    def summary(self) -> str:
        return f"{self.known} of {self.rows} rows in the catalog, {self.overfull} overfull of {self.cells} cells"

    def trusted(self, settings: FitSettings = FitSettings()) -> bool:
        return (self.rows > 0 and self.known >= settings.min_known_share * self.rows
                and self.overfull <= settings.max_overfull_share * max(self.cells, 1))


def fit(table: RawTable, catalog: Catalog) -> Fit:
    taken: set[str] = set()
    indicator = ""
    known, similarity, filled, overfull, cells = 0, 0.0, 0, 0, 0
    for row in table.rows:
        indicator = row.indicator or indicator
        match = catalog.match(indicator, row.specification)
        if match.entry is not None and match.entry.id not in taken:
            taken.add(match.entry.id)
            known += 1
            similarity += match.score
        for cell in row.cells.values():
            cells += 1
            text = cell.printed.strip()
            filled += bool(text)
            overfull += sum(1 for t in text.split() if any(c.isdigit() for c in t) or t in DASHES) > 1
    return Fit(len(table.rows), known, similarity, cells, filled, overfull)

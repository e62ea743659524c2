"""From a reader's ``RawTable`` to the tidy cells frame: one row per printed cell."""

from __future__ import annotations

import pandas as pd

from pipeline.appendix.model import Decision, RawRow, RawTable
from pipeline.catalog import Catalog, label_key, slug, spelled_as, vocabulary_word
from pipeline.numbers import parse_table_value

STATUS_BY_KIND = {"number": "ok", "dash": "not_available", "empty": "missing", "unreadable": "suspect"}


def resolve_rows(table: RawTable, catalog: Catalog) -> list[dict]:
    """Each printed row with its indicator filled in (a blank Indicator cell continues the row
    above) and its catalog id; unknown rows get a generated id and are marked unknown.

    Rows are matched to the catalog by their labels first; a row that matches no entry then
    keeps the one entry that its unchanged label part names among those no other row took (a
    row renamed in one part: ``renamed`` says which part was kept)."""
    labels, ids = [], []
    current_indicator = ""
    for row in table.rows:
        if row.indicator:
            current_indicator = row.indicator
        labels.append((current_indicator, row.specification))
        indicator_id = row.indicator_id
        if indicator_id is None:
            match = catalog.match(current_indicator, row.specification)
            indicator_id = match.entry.id if match.entry else None
        ids.append(indicator_id)
    matched = [i for i in ids if i is not None]
    untaken = {e.id for e in catalog.indicators} - set(matched)
    renamed: dict[int, str] = {}
    for k, indicator_id in enumerate(ids):
        if indicator_id is None and untaken:
            found = catalog.match_one_part(*labels[k], untaken)
            if found is not None:
                match, kept = found
                ids[k], labels[k], renamed[k] = match.entry.id, (match.indicator, match.specification), kept
                untaken.discard(match.entry.id)
    resolved = []
    taken: set[str] = set()
    for number, (row, (indicator, specification), indicator_id) in enumerate(zip(table.rows, labels, ids), start=1):
        known = indicator_id is not None and indicator_id not in taken
        entry = catalog.by_id(indicator_id) if known else None
        spaced = (_spaced(indicator, entry.indicator), _spaced(specification, entry.specification)) if entry else None
        respaced, run_together = None, False
        if spaced and spaced != (indicator, specification):
            respaced, (indicator, specification) = (indicator, specification), spaced
        elif entry is None or (indicator, specification) not in set(entry.labels()):
            # a label no catalog label spells as printed: the text may have run its words together
            longest = catalog.longest_label_word + _LONGER_WORD_ROOM
            run_together = any(len(word) > longest or _run_together(word, catalog.vocabulary)
                               for word in f"{indicator} {specification}".split())
        # Labels the catalog reads alike but not letter for letter (a ligature lost, a misprint, a
        # rewording): read as that row, which a reviewer should know.
        alike = (known and number - 1 not in renamed and respaced is None and not run_together
                 and _keys(indicator, specification) not in {_keys(*pair) for pair in entry.labels()})
        if not known:
            base = f"unknown-{slug(f'{indicator} {specification}')}"
            indicator_id, suffix = base, 2
            while indicator_id in taken:
                indicator_id, suffix = f"{base}-{suffix}", suffix + 1
        taken.add(indicator_id)
        entry = catalog.by_id(indicator_id)
        resolved.append(
            {
                "row_number": number,
                "indicator_id": indicator_id,
                "indicator": indicator,
                "specification": specification,
                "unit": entry.unit if entry else "percent",
                "known": known,
                "renamed": renamed.get(number - 1) if known else None,
                "respaced": respaced,
                "run_together": run_together,
                "alike": alike,
            }
        )
    return resolved


def _keys(indicator: str, specification: str) -> tuple[str, str]:
    return label_key(indicator), label_key(specification)


# Characters a word may have beyond the catalog's longest (a new label's compound) before it is
# taken for words an extractor ran together.
_LONGER_WORD_ROOM = 2


def _run_together(word: str, vocabulary: frozenset[str]) -> bool:
    """Whether a word the catalog does not hold is two or more of its words run together
    ("onderdearmoedegrens"), each of two letters or more."""
    word = vocabulary_word(word)
    if len(word) < 4 or word in vocabulary:
        return False
    # ends[k]: the fewest vocabulary words that spell word[:k] (0 for the empty start).
    ends: dict[int, int] = {0: 0}
    for k in range(2, len(word) + 1):
        pieces = [ends[j] + 1 for j in range(0, k - 1) if j in ends and word[j:k] in vocabulary]
        if pieces:
            ends[k] = min(pieces)
    return ends.get(len(word), 0) >= 2


def _spaced(text: str, label: str) -> str:
    """``text`` spaced where the catalog's ``label`` spaces it (``spelled_as``) when ``text`` has
    fewer spaces: an extractor that ran printed words together (TeX writes no space
    characters). Else ``text``."""
    if text.count(" ") >= label.count(" "):
        return text
    return spelled_as(text, label) or text


def cells_frame(table: RawTable, catalog: Catalog, edition: str, source: str) -> pd.DataFrame:
    rows = resolve_rows(table, catalog)
    records = []
    for row, info in zip(table.rows, rows):
        for slot_index, slot in enumerate(table.slots):
            cell = row.cells.get(slot_index)
            printed = cell.printed if cell else ""
            parsed = parse_table_value(printed)
            records.append(
                {
                    "edition": edition,
                    "indicator_id": info["indicator_id"],
                    "indicator": info["indicator"],
                    "specification": info["specification"],
                    "year": slot.year,
                    "area": slot.area,
                    "printed": printed,
                    "value_printed": parsed.value,
                    "value": parsed.value,
                    "unit": info["unit"],
                    "status": STATUS_BY_KIND[parsed.kind],
                    "source": source,
                    "page": cell.page if cell else row.page,
                    # A cell no reader placed has its row's place as provenance.
                    "bbox": _bbox_dict(cell.bbox) if cell and cell.bbox else None if cell else _row_box(row),
                    "line": cell.line if cell else row.line,
                    "ocr_confidence": None,  # set for a page read by OCR (pipeline.ocr.with_confidence)
                    "ocr_doubt": None,
                    "row_number": info["row_number"],
                }
            )
    frame = pd.DataFrame.from_records(records, columns=CELL_COLUMNS)
    return frame.astype(CELL_DTYPES)


def decisions_frame(table: RawTable, catalog: Catalog, edition: str, source: str) -> pd.DataFrame:
    """Every choice the reader made that the document did not state, and every unknown row."""
    rows = resolve_rows(table, catalog)
    decided = [(decision, rows[decision.row] if decision.row is not None else {}) for decision in table.decisions]
    decided += [(decision, info) for row, info in zip(table.rows, rows) for decision in _row_decisions(row, info, catalog)]
    records = [
        {
            "edition": edition,
            "source": source,
            "kind": decision.kind,
            "indicator_id": info.get("indicator_id"),
            "indicator": info.get("indicator"),
            "specification": info.get("specification"),
            "page": decision.page,
            "line": decision.line,
            "message": decision.message,
            "chosen": decision.chosen,
            "alternatives": " || ".join(decision.alternatives),
            "cost": decision.cost,
            "margin": decision.margin,
            "ambiguous": decision.ambiguous,
        }
        for decision, info in decided
    ]
    frame = pd.DataFrame.from_records(records, columns=DECISION_COLUMNS)
    return frame.astype(DECISION_DTYPES)


def _row_decisions(row: RawRow, info: dict, catalog: Catalog) -> list[Decision]:
    """What resolving a row's labels decided: spaces given back, a label renamed, a row unknown."""
    out = []
    label = " | ".join(part for part in (info["indicator"], info["specification"]) if part)
    if info["respaced"]:
        printed = " | ".join(part for part in info["respaced"] if part)
        out.append(Decision("label_spacing", None, row.page, row.line,
                            f"the text runs the label's words together ({printed!r}); read with the spaces of its "
                            "catalog label, the same letters", chosen=label, alternatives=(printed,)))
    if info["run_together"]:
        out.append(Decision("label_spacing", None, row.page, row.line,
                            "the text seems to run the label's words together (a word longer than any of the "
                            "catalog's labels, or made of its words); kept as found: no catalog label spells it"))
    if info["renamed"]:
        entry = catalog.by_id(info["indicator_id"])
        changed = "indicator" if info["renamed"] == "specification" else "specification"
        out.append(Decision("renamed_row", None, row.page, row.line,
                            f"row matches no catalog entry by both labels; its {info['renamed']} is that of "
                            f"catalog row {entry.id} ({entry.indicator} | {entry.specification}), which no other "
                            f"row took: read as that row with its {changed} renamed", chosen=entry.id))
    if info["alike"]:
        entry = catalog.by_id(info["indicator_id"])
        similarity = catalog.match(info["indicator"] or "", info["specification"] or "").score
        out.append(Decision("label_alike", None, row.page, row.line,
                            f"the row's labels ({label!r}) are not those of catalog row {entry.id} "
                            f"({entry.indicator} | {entry.specification}) letter for letter, but read alike "
                            f"({similarity:.0%}): read as that row, its labels as printed; check that it is the same "
                            "indicator (a ligature lost or a letter misread by the extractor, a misprint, a rewording)",
                            chosen=entry.id, alternatives=(label,)))
    if not info["known"]:
        out.append(Decision("unknown_row", None, row.page, row.line,
                            "row matches no entry of the indicator catalog; given a generated id"))
    return out


def _row_box(row) -> dict[str, float] | None:
    """Where a row is printed: its label, else the cells it has."""
    if row.label_bbox:
        return _bbox_dict(row.label_bbox)
    boxes = [c.bbox for c in row.cells.values() if c.bbox]
    if not boxes:
        return None
    return _bbox_dict((min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)))


def _bbox_dict(bbox) -> dict[str, float]:
    x0, top, x1, bottom = bbox
    return {"x0": float(x0), "top": float(top), "x1": float(x1), "bottom": float(bottom)}


CELL_DTYPES = {
    "edition": "str",
    "indicator_id": "str",
    "indicator": "str",
    "specification": "str",
    "year": "int64",
    "area": "str",
    "printed": "str",
    "value_printed": "Float64",
    "value": "Float64",
    "unit": "str",
    "status": "str",
    "source": "str",
    "page": "int64",
    "bbox": "object",
    "line": "Int64",
    "ocr_confidence": "Float64",
    "ocr_doubt": "str",
    "row_number": "int64",
}
CELL_COLUMNS = list(CELL_DTYPES)

DECISION_DTYPES = {
    "edition": "str",
    "source": "str",
    "kind": "str",
    "indicator_id": "str",
    "indicator": "str",
    "specification": "str",
    "page": "Int64",
    "line": "Int64",
    "message": "str",
    "chosen": "str",
    "alternatives": "str",
    "cost": "Float64",
    "margin": "Float64",
    "ambiguous": "bool",
}
DECISION_COLUMNS = list(DECISION_DTYPES)

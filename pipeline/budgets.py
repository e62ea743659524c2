"""Budgets: how much of an input a run reads, so that no file, page or text can make it hang or
take more than about a gigabyte.

Every limit has a default that the real editions stay far below, and the command line raises it
(``--budget NAME=VALUE``). Past a budget on a body page, that page is skipped with a warning
anomaly naming it (``pages_within_budget``); past a budget on the whole source, or on a page the
appendix needs, the run is refused in one line naming the file and the budget.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace


@dataclass(frozen=True)
class Budgets:
    # Bytes of any source file (checked before it is read). A report with its photos is tens of
    # megabytes; a text edition of this size already takes a few hundred megabytes to read.
    source_bytes: int = 128 * 2**20
    # Pages of one edition.
    edition_pages: int = 2_000
    # Lines of a text edition.
    text_lines: int = 500_000
    # Characters of one page's text.
    page_chars: int = 200_000
    # Characters of the whole edition's text (the 2024-2025 edition has 140 thousand; a report of
    # 2,000 dense pages about 8 million). Pages under page_chars can add up to gigabytes.
    edition_chars: int = 10_000_000
    # Figures in the whole edition's text (values: a percentage, a decimal, a dash alone; the
    # 2024-2025 edition has about 600). Every reading of the table places all it finds, so the time
    # and memory a table takes grow with them: 20,000 take about 20 seconds and 500 MB.
    edition_figures: int = 20_000
    # Bytes of a PDF page's content streams once inflated (a compression bomb is stopped as its
    # inflated size passes this, never inflated whole).
    page_inflated_bytes: int = 64 * 2**20
    # Graphic objects of a PDF page (text runs, paths, images).
    page_objects: int = 200_000
    # Seconds spent reading one page (measured after the page: a page over it is dropped; OCR
    # is stopped when it passes it).
    page_seconds: float = 30.0
    # Pixels of a page rendered for OCR (an A4 page at 300 dpi has 8.7 million; a page of an
    # absurd size would take gigabytes).
    page_pixels: int = 60_000_000
    # Pages of one edition read by OCR (3 to 4 seconds each): a scanned edition of more pages
    # has the rest left out.
    ocr_pages: int = 400

    def raised(self, settings: list[str]) -> Budgets:
        """These budgets with ``NAME=VALUE`` settings applied; a ValueError says what is wrong."""
        known = {f.name: f.type for f in fields(self)}
        changes: dict[str, float | int] = {}
        for setting in settings:
            name, _, text = setting.partition("=")
            name = name.strip().replace("-", "_")
            if name not in known:
                raise ValueError(f"unknown budget {name!r} (budgets: {', '.join(known)})")
            try:
                value = float(text) if known[name] in (float, "float") else int(text)
            except ValueError:
                raise ValueError(f"budget {name} must be a {'number' if known[name] in (float, 'float') else 'whole number'}, "
                                 f"not {text!r}") from None
            if not value > 0:
                raise ValueError(f"budget {name} must be above 0, not {text!r}")
            changes[name] = value
        return replace(self, **changes)


DEFAULT_BUDGETS = Budgets()


"""The PDF reader reads the appendix table from other typesettings, with no code change.

``render_table`` sets the golden table (tests/golden/appendix-2024-2025.csv) as a PDF in a
given ``TableLayout``; each test reads that PDF with ``extract_appendix`` and requires every
golden cell back with exactly its printed text, and no other cell. The reader must not be
told anything about the layout: the default ``ReaderSettings`` are used throughout.

A layout that fails here is a layout the reader cannot handle (the renderer refuses layouts
whose text would overlap or overflow its column; ``test_rendered_pdf_is_cleanly_typeset``
checks that independently with pdfplumber).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pdfplumber
import pytest

from pipeline.appendix import extract_appendix
from pipeline.sources import open_edition
from tests.support.render_table import (
    A4_LANDSCAPE,
    A4_PORTRAIT,
    TITLE,
    TableLayout,
    golden_cell_texts,
    load_golden,
    render_table,
)

# The layout of the printed original (pp. 58-59): portrait A4, Helvetica-like 6 pt, 2018-2019
# with the labels on the left page and 2020-2024 on the facing page, rules between groups.
ORIGINAL = TableLayout(name="original_2_5_portrait", pagesize=A4_PORTRAIT, years_per_page=(2, 5))

VARIANTS = [
    # All seven years on one landscape page, fully ruled grid (the Indicator cell spans its
    # group); the rows run on to a second page under a repeated header.
    TableLayout(
        name="landscape_7_years_grid",
        pagesize=A4_LANDSCAPE,
        years_per_page=(7,),
        rules="grid",
        indicator_width=82,
        specification_width=160,
        margin_left=28,
        margin_right=28,
        margin_top=45,
        value_padding=4,
    ),
    # The whole table on a single landscape page in 5 pt.
    TableLayout(
        name="landscape_one_page_5pt",
        pagesize=A4_LANDSCAPE,
        years_per_page=(7,),
        font_size=5.0,
        year_font_size=6.0,
        indicator_width=90,
        specification_width=200,
        margin_left=28,
        margin_right=28,
        margin_top=40,
        margin_bottom=20,
        value_padding=4,
        row_padding=1.5,
        header_gap=6,
    ),
    # A 3 + 4 spread in Times-Roman 7 pt (rows run on to a second spread).
    TableLayout(
        name="spread_3_4_times_7pt",
        font="Times-Roman",
        font_size=7.0,
        year_font_size=8.0,
        years_per_page=(3, 4),
        indicator_width=90,
        specification_width=150,
    ),
    # Courier, values and area headers centred in their columns.
    TableLayout(
        name="courier_centred_values",
        font="Courier",
        value_align="center",
        header_align="center",
        indicator_width=110,
        specification_width=190,
        value_padding=3,
    ),
    # Values on the first line of their row instead of vertically centred, more padding.
    TableLayout(
        name="top_aligned_values_padded",
        font="Times-Roman",
        font_size=6.5,
        value_valign="top",
        row_padding=4.5,
    ),
    # Two pages of running text first; the table starts low on its page under a heading and a
    # paragraph, and continues on a second spread.
    TableLayout(name="shifted_down_after_body_pages", body_pages=2, intro=True, table_top=150),
    # Narrow label columns (more wrapped lines), fixed-width value columns, a 3 + 4 spread.
    TableLayout(
        name="narrow_labels_fixed_value_width",
        indicator_width=70,
        specification_width=110,
        value_width=55,
        years_per_page=(3, 4),
        margin_left=50,
    ),
    # No rules between rows at all, only extra space between indicator groups; a top rule.
    TableLayout(name="no_rules_group_gap", rules="none_between_rows", group_gap=6, top_rule=True),
    # A rule under every row, drawn as thin filled rectangles, on zebra-shaded rows.
    TableLayout(name="zebra_rows_rect_rules", shading="zebra", rule_style="rect", rules="rows", row_padding=2.5),
    # The Indicator printed on every row, values left-aligned, a rule under every row.
    TableLayout(
        name="repeated_indicator_left_values",
        repeat_indicator=True,
        value_align="left",
        years_per_page=(3, 4),
        rules="rows",
    ),
    # The Indicator cell spans its group (its text runs on past the first row), grid rules,
    # years left-aligned over their columns.
    TableLayout(
        name="spanning_indicator_grid_years_left",
        indicator_spans_group=True,
        year_align="left",
        rules="grid",
        indicator_width=80,
        specification_width=170,
        value_padding=5,
    ),
    # Wide landscape columns: "Gem. NPLV-gebieden" on one line; the table fits one spread.
    TableLayout(
        name="one_line_area_headers",
        pagesize=A4_LANDSCAPE,
        years_per_page=(3, 4),
        nplv_header=("Gem. NPLV-gebieden",),
        font_size=5.5,
        indicator_width=100,
        specification_width=200,
        margin_top=40,
        margin_bottom=25,
        row_padding=1.5,
    ),
    # Helvetica 8 pt: the 2 + 5 spread repeats over two spreads of rows.
    TableLayout(
        name="helvetica_8pt_two_spreads",
        font_size=8.0,
        year_font_size=9.0,
        indicator_width=110,
        specification_width=170,
    ),
    # Header cells bottom-aligned (booktabs style): "Gem. NL", "Indicator" and "Specificatie"
    # share the line of "gebieden", below the line holding "Gem. NPLV-".
    TableLayout(name="header_bottom_aligned", header_valign="bottom"),
    # Every column header centred over its column, "Indicator" and "Specificatie" included.
    TableLayout(name="label_headers_centred", label_header_align="center", header_align="center"),
    # Wide landscape label columns in which the last group's labels fit on one line; the table
    # runs on to a second spread holding only that group (two rows, no rule between them).
    TableLayout(
        name="landscape_wide_labels_continued",
        pagesize=A4_LANDSCAPE,
        years_per_page=(3, 4),
        nplv_header=("Gem. NPLV-gebieden",),
        indicator_width=120,
        specification_width=220,
    ),
]

ALL_LAYOUTS = [ORIGINAL, *VARIANTS]
SHOWN = 10  # how many differing cells a failure message lists


@pytest.fixture(scope="module")
def golden_rows():
    return load_golden()


@pytest.fixture(scope="module")
def golden(golden_rows):
    return golden_cell_texts(golden_rows)


def test_variants_are_distinct_and_differ_from_the_original():
    names = [layout.name for layout in VARIANTS]
    assert len(set(names)) == len(names)
    fields = [{k: v for k, v in vars(layout).items() if k != "name"} for layout in VARIANTS]
    original = {k: v for k, v in vars(ORIGINAL).items() if k != "name"}
    assert original not in fields
    assert all(a != b for i, a in enumerate(fields) for b in fields[i + 1 :])


def _read(path: Path):
    edition = open_edition(path)
    try:
        extraction = extract_appendix(edition)
    finally:
        edition.close()
    return edition, extraction


def _where(record) -> str:
    bbox = record["bbox"]
    box = f"({bbox['x0']:.1f}, {bbox['top']:.1f}, {bbox['x1']:.1f}, {bbox['bottom']:.1f})" if bbox else "-"
    return f"p.{record['page']} {box}"


def _differences(cells, golden: dict) -> tuple[list[str], int]:
    """Lines describing every difference between the cells read and the golden cells."""
    read: dict[tuple, list[dict]] = defaultdict(list)
    for record in cells.to_dict("records"):
        read[(record["indicator"], record["specification"], int(record["year"]), record["area"])].append(record)
    differing, missing, unexpected, doubled = [], [], [], []
    for key, printed in golden.items():
        found = read.get(key)
        if not found:
            missing.append(f"  not read:   {key} golden {printed!r}")
        elif len(found) > 1:
            doubled.append(f"  read twice: {key} golden {printed!r}, read {[r['printed'] for r in found]!r}")
        elif found[0]["printed"] != printed:
            differing.append(f"  differs:    {key} golden {printed!r}, read {found[0]['printed']!r} at {_where(found[0])}")
    for key, found in read.items():
        if key not in golden:
            unexpected.append(f"  not golden: {key} read {[r['printed'] for r in found]!r} at {_where(found[0])}")
    lines = []
    for title, group in (
        ("cells read with other text", differing),
        ("golden cells not read", missing),
        ("cells read more than once", doubled),
        ("cells read that are not in the golden table", unexpected),
    ):
        if group:
            lines.append(f"{len(group)} {title} (first {min(SHOWN, len(group))}):")
            lines += group[:SHOWN]
    return lines, len(differing) + len(missing) + len(doubled) + len(unexpected)


def _decisions(extraction) -> list[str]:
    rows = extraction.decisions.to_dict("records")
    if not rows:
        return []
    return [f"{len(rows)} reader decisions (first {min(SHOWN, len(rows))}):"] + [
        f"  {d['kind']} p.{d['page']}: {d['message']}" for d in rows[:SHOWN]
    ]


def _raw_rows(path: Path) -> list[str]:
    """What the PDF reader made of the rows before validation (for a reader that raised)."""
    try:
        from pipeline.appendix.pdf import read_pdf_appendix
        from pipeline.catalog import default_catalog

        edition = open_edition(path)
        try:
            table = read_pdf_appendix(edition, default_catalog())
        finally:
            edition.close()
    except Exception as exc:  # noqa: BLE001 - diagnostics only
        return [f"  (the PDF reader itself raised {type(exc).__name__}: {str(exc)[:300]})"]
    return [f"  row {i + 1}: {r.indicator!r} | {r.specification!r}" for i, r in enumerate(table.rows[:SHOWN])]


def _first_lines(text: str, limit: int = 600) -> str:
    text = " ".join(line.strip() for line in text.strip().splitlines()[:8])
    return text if len(text) <= limit else text[:limit] + " ..."


def _check_reads_golden(layout: TableLayout, golden_rows, golden, path: Path) -> None:
    render_table(golden_rows, layout, path)
    try:
        _edition, extraction = _read(path)
        raised = None
    except Exception as exc:  # the reader gave up on the layout: say how, and what it had read
        raised = f"{type(exc).__name__}: {_first_lines(str(exc))}"
    if raised is not None:
        pytest.fail(
            "\n".join(
                [f"{layout.name}: extract_appendix raised {raised}", f"PDF: {path}",
                 "rows as the PDF reader split them:", *_raw_rows(path)]
            ),
            pytrace=False,
        )
    cells = extraction.cells
    lines, count = _differences(cells, golden)
    header = (
        f"{layout.name}: {len(cells)} cells read, {len(golden)} golden cells, {count} differences\nPDF: {path}"
    )
    assert count == 0 and len(cells) == len(golden), "\n".join([header, *lines, *_decisions(extraction)])


def test_original_layout_reads_like_golden(golden_rows, golden, tmp_path):
    """The renderer's reproduction of the printed layout (2 + 5 spread, portrait) reads right."""
    _check_reads_golden(ORIGINAL, golden_rows, golden, tmp_path / "original.pdf")


@pytest.mark.parametrize("layout", VARIANTS, ids=lambda layout: layout.name)
def test_layout_variant_reads_like_golden(layout, golden_rows, golden, tmp_path):
    _check_reads_golden(layout, golden_rows, golden, tmp_path / f"{layout.name}.pdf")


# --------------------------------------------------------------------------------------------
# The renderer itself: the PDFs are clean tables, so a failure above is the reader's.


def _overlaps(words, tolerance: float = 0.05):
    """Pairs of words whose boxes overlap (a sweep over the words sorted by x0)."""
    found = []
    words = sorted(words, key=lambda w: w["x0"])
    for i, a in enumerate(words):
        for b in words[i + 1 :]:
            if b["x0"] >= a["x1"] - tolerance:
                break
            if min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > tolerance:
                found.append((a["text"], b["text"], round(a["x0"], 1), round(a["top"], 1)))
    return found


@pytest.mark.parametrize("layout", ALL_LAYOUTS, ids=lambda layout: layout.name)
def test_rendered_pdf_is_cleanly_typeset(layout, golden_rows, golden, tmp_path):
    path = render_table(golden_rows, layout, tmp_path / f"{layout.name}.pdf")
    values = sorted(p for p in golden.values() if p)
    with pdfplumber.open(path) as pdf:
        assert TITLE in (pdf.pages[0].extract_text() or "")
        printed = []
        for page in pdf.pages:
            words = page.extract_words()
            assert not _overlaps(words), f"page {page.page_number}: overlapping words {_overlaps(words)[:5]}"
            for w in words:
                assert 0 <= w["x0"] and w["x1"] <= page.width and 0 <= w["top"] and w["bottom"] <= page.height
            printed += [w["text"] for w in words if w["text"] in set(values)]
    # Every printed value of the golden table appears as a word of its own, as often as it should.
    for value in set(values):
        assert printed.count(value) >= values.count(value), value

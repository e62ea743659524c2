"""Test-only typesetter: the NPLV appendix table rendered as a PDF in other layouts.

The golden transcription (``tests/golden/appendix-2024-2025.csv``) is drawn with reportlab's
canvas API the way a typesetter might set it: a line of bold years centred over their two area
columns, the column headers ("Indicator", "Specificatie", "Gem. NPLV-" / "gebieden", "Gem. NL"), a
rule under the header, labels wrapped inside their columns, the Indicator printed only on the
first row of its group, rules between groups. ``TableLayout`` varies the page, fonts, the split of
the years over pages, alignment, rules, padding, column widths and where the table starts, so the
reader can be shown to read the same table from other layouts.

Everything is measured with ``reportlab.pdfbase.pdfmetrics.stringWidth``; a layout whose text
does not fit (a label word wider than its column, a value wider than its cell, a header wider
than its column, rows that cannot fit a page) raises ``LayoutError`` instead of producing
overlapping text, so every PDF this module writes is a clean table.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase.pdfmetrics import getDescent, stringWidth
from reportlab.pdfgen import canvas

__all__ = [
    "A4_PORTRAIT",
    "A4_LANDSCAPE",
    "GOLDEN_CSV",
    "TITLE",
    "GoldenRow",
    "LANDSCAPE_SPREAD",
    "LayoutError",
    "ONE_PAGE_RULED",
    "PORTRAIT_SPREAD_AFTER_BODY",
    "NEXT_TITLE",
    "NEXT_YEAR",
    "Change",
    "EditionVariant",
    "PrintingError",
    "TableLayout",
    "copy_rows",
    "drop_years",
    "find_row",
    "golden_cell_texts",
    "load_golden",
    "next_edition",
    "render_table",
    "renumber",
    "write_text_edition",
]

GOLDEN_CSV = Path(__file__).parents[1] / "golden" / "appendix-2024-2025.csv"
TITLE = "Voortgangsrapportage 2024 tot en met zomer 2025"
PROGRAMME = "Nationaal Programma Leefbaarheid en Veiligheid (NPLV)"
AREAS = ("NPLV", "NL")
A4_PORTRAIT = tuple(A4)
A4_LANDSCAPE = tuple(landscape(A4))

_BOLD = {
    "Helvetica": "Helvetica-Bold",
    "Times-Roman": "Times-Bold",
    "Courier": "Courier-Bold",
}


class LayoutError(ValueError):
    """The layout cannot typeset the table cleanly (text would not fit or would overlap)."""


# --------------------------------------------------------------------------------------------
# The golden table


@dataclass
class GoldenRow:
    number: int
    indicator: str
    specification: str
    cells: dict[tuple[int, str], str] = field(default_factory=dict)  # (year, area) -> printed


def load_golden(path: Path | str = GOLDEN_CSV) -> list[GoldenRow]:
    """The golden table's rows in printed order, each with its printed cells."""
    rows: dict[int, GoldenRow] = {}
    with open(path, encoding="utf-8", newline="") as handle:
        for record in csv.DictReader(handle):
            number = int(record["row"])
            row = rows.setdefault(number, GoldenRow(number, record["indicator"], record["specification"]))
            key = (int(record["year"]), record["area"])
            if key in row.cells:
                raise ValueError(f"golden row {number} has two cells for {key}")
            row.cells[key] = record["printed"]
    return [rows[n] for n in sorted(rows)]


def golden_cell_texts(rows: list[GoldenRow]) -> dict[tuple[str, str, int, str], str]:
    """(indicator, specification, year, area) -> printed, for every golden cell."""
    cells: dict[tuple[str, str, int, str], str] = {}
    for row in rows:
        for (year, area), printed in row.cells.items():
            key = (row.indicator, row.specification, year, area)
            if key in cells:
                raise ValueError(f"golden cell {key} is not unique")
            cells[key] = printed
    return cells


def years_of(rows: list[GoldenRow]) -> list[int]:
    return sorted({year for row in rows for year, _ in row.cells})


# --------------------------------------------------------------------------------------------
# Layout


@dataclass(frozen=True)
class TableLayout:
    """How the table is typeset. Lengths are in PDF points; ``*_top`` count from the page's top."""

    name: str = "original"
    pagesize: tuple[float, float] = A4_PORTRAIT
    # reportlab standard fonts: Helvetica, Times-Roman, Courier (text must be cp1252).
    font: str = "Helvetica"
    bold_font: str | None = None  # the years; default: the bold face of ``font``
    font_size: float = 6.0
    year_font_size: float = 7.0
    leading: float = 1.22  # line pitch as a multiple of font_size
    # How the years are split over consecutive pages: (2, 5) = 2018-2019 with the labels on the
    # first page, 2020-2024 on the facing page; (7,) = one page.
    years_per_page: tuple[int, ...] = (2, 5)
    value_align: str = "right"  # right | center | left, within the value's column
    value_valign: str = "center"  # center | top, within the row
    year_align: str = "center"  # center | left: each year over its two area columns
    header_align: str = "left"  # left | center: area headers over their column
    label_header_align: str = "left"  # left | center: "Indicator", "Specificatie" over their column
    header_valign: str = "top"  # top | bottom: header cells of fewer lines than the tallest
    # groups: a rule between indicator groups; rows: a rule between every row; grid: ruled
    # grid with vertical lines too (the Indicator cell spans its group); none_between_rows:
    # only the rules under the header and under the table.
    rules: str = "groups"
    rule_style: str = "line"  # line | rect (a rule drawn as a thin filled rectangle)
    rule_width: float = 0.5
    top_rule: bool = False  # a rule above the line of years
    shading: str = "none"  # none | zebra (every other row on a light grey band)
    row_padding: float = 2.0  # space above and below a row's text
    group_gap: float = 0.0  # extra space between indicator groups
    header_gap: float = 8.0  # between the line of years and the area headers
    header_rule_gap: float = 6.0  # between the last header line and the rule under the header
    repeat_indicator: bool = False  # print the Indicator on every row, not only on its group's first
    # The Indicator cell spans its group (a row-spanning cell): its text runs on past the group's
    # first row instead of making that row taller. Without it the first row grows to fit.
    indicator_spans_group: bool = False
    indicator_width: float = 92.0
    specification_width: float = 150.0
    value_width: float | None = None  # None: the value columns share the text width equally
    cell_padding: float = 2.0  # left/right inset of labels and headers in their column
    value_padding: float = 6.0  # inset of a right- or left-aligned value from its column's edge
    margin_left: float = 40.0
    margin_right: float = 30.0
    margin_top: float = 50.0  # top of the line of years on table pages after the first
    margin_bottom: float = 40.0
    table_top: float | None = None  # top of the line of years on the first table page (None: margin_top)
    body_pages: int = 0  # pages of running text between the title page and the table
    intro: bool = False  # a heading and a paragraph above the table on its first page
    running_header: bool = True  # page number and title at the top of every page after the title
    nplv_header: tuple[str, ...] = ("Gem. NPLV-", "gebieden")
    nl_header: tuple[str, ...] = ("Gem. NL",)
    body_font_size: float = 9.0

    @property
    def bold(self) -> str:
        return self.bold_font or _BOLD.get(self.font, self.font)

    @property
    def pitch(self) -> float:
        return self.font_size * self.leading

    @property
    def first_top(self) -> float:
        return self.margin_top if self.table_top is None else self.table_top

    def check(self) -> None:
        choices = {
            "value_align": ("right", "center", "left"),
            "value_valign": ("center", "top"),
            "year_align": ("center", "left"),
            "header_align": ("left", "center"),
            "label_header_align": ("left", "center"),
            "header_valign": ("top", "bottom"),
            "rules": ("groups", "rows", "grid", "none_between_rows"),
            "rule_style": ("line", "rect"),
            "shading": ("none", "zebra"),
        }
        for name, allowed in choices.items():
            if getattr(self, name) not in allowed:
                raise LayoutError(f"{self.name}: {name}={getattr(self, name)!r} is not one of {allowed}")
        if self.indicator_spans_group and self.repeat_indicator:
            raise LayoutError(f"{self.name}: a repeated Indicator cannot also span its group")
        if any(n < 1 for n in self.years_per_page):
            raise LayoutError(f"{self.name}: years_per_page {self.years_per_page} has an empty page")


# --------------------------------------------------------------------------------------------
# Text measuring and wrapping


def _width(text: str, font: str, size: float) -> float:
    return stringWidth(text, font, size)


def wrap(text: str, font: str, size: float, width: float, what: str = "text") -> list[str]:
    """Greedy word wrap at spaces. A word wider than ``width`` is a layout error (no hyphenation)."""
    if not text:
        return []
    lines: list[str] = []
    current = ""
    for word in text.split():
        if _width(word, font, size) > width + 1e-6:
            raise LayoutError(f"{what}: the word {word!r} is wider than its column ({width:.1f} pt)")
        candidate = f"{current} {word}" if current else word
        if _width(candidate, font, size) <= width + 1e-6:
            current = candidate
        else:
            lines.append(current)
            current = word
    lines.append(current)
    return lines


# --------------------------------------------------------------------------------------------
# Geometry


@dataclass
class _Column:
    kind: str  # indicator | specification | value
    x0: float
    x1: float
    year: int | None = None
    area: str | None = None


@dataclass
class _Row:
    golden: GoldenRow
    group_start: bool  # first row of its indicator group
    indicator_lines: list[str]
    specification_lines: list[str]
    lines: int
    height: float


def _columns(layout: TableLayout, years: list[int], labelled: bool) -> list[_Column]:
    page_width = layout.pagesize[0]
    text_width = page_width - layout.margin_left - layout.margin_right
    x = layout.margin_left
    columns: list[_Column] = []
    if labelled:
        columns.append(_Column("indicator", x, x + layout.indicator_width))
        x += layout.indicator_width
        columns.append(_Column("specification", x, x + layout.specification_width))
        x += layout.specification_width
    n = len(years) * len(AREAS)
    width = layout.value_width if layout.value_width is not None else (layout.margin_left + text_width - x) / n
    if width <= 0:
        raise LayoutError(f"{layout.name}: no room for the value columns")
    for year in years:
        for area in AREAS:
            columns.append(_Column("value", x, x + width, year, area))
            x += width
    if x > page_width - layout.margin_right + 0.01:
        raise LayoutError(f"{layout.name}: the table ({x:.1f} pt) runs into the right margin")
    return columns


def _rows(layout: TableLayout, golden: list[GoldenRow], columns: list[_Column]) -> list[_Row]:
    indicator_col = next(c for c in columns if c.kind == "indicator")
    spec_col = next(c for c in columns if c.kind == "specification")
    pad = layout.cell_padding
    rows = []
    previous = None
    for g in golden:
        group_start = g.indicator != previous
        previous = g.indicator
        indicator_lines = (
            wrap(g.indicator, layout.font, layout.font_size, indicator_col.x1 - indicator_col.x0 - 2 * pad,
                 f"{layout.name}: row {g.number} Indicator")
            if group_start or layout.repeat_indicator
            else []
        )
        spec_lines = wrap(g.specification, layout.font, layout.font_size, spec_col.x1 - spec_col.x0 - 2 * pad,
                          f"{layout.name}: row {g.number} Specificatie")
        own_indicator = 0 if layout.indicator_spans_group else len(indicator_lines)
        lines = max(own_indicator, len(spec_lines), 1)
        rows.append(_Row(g, group_start, indicator_lines, spec_lines, lines, 0.0))
    if layout.indicator_spans_group:
        # A spanning Indicator flows on through its group's rows (and the padding between them);
        # only when the whole group is too short does its last row grow.
        starts = [i for i, r in enumerate(rows) if r.group_start] + [len(rows)]
        for a, b in zip(starts, starts[1:]):
            group = rows[a:b]
            room = sum(r.lines * layout.pitch for r in group) + 2 * layout.row_padding * (len(group) - 1)
            need = len(group[0].indicator_lines) * layout.pitch
            while need > room + 1e-6:
                group[-1].lines += 1
                room += layout.pitch
    for row in rows:
        row.height = row.lines * layout.pitch + 2 * layout.row_padding
    return rows


def _header_height(layout: TableLayout) -> float:
    lines = max(len(layout.nplv_header), len(layout.nl_header), 1)
    return layout.year_font_size + layout.header_gap + lines * layout.pitch + layout.header_rule_gap


def _paginate(layout: TableLayout, rows: list[_Row]) -> list[list[_Row]]:
    """Rows per page: a page break falls between rows, never inside one."""
    height = layout.pagesize[1]
    chunks: list[list[_Row]] = [[]]
    top = layout.first_top + _header_height(layout)
    y = top
    for row in rows:
        extra = layout.group_gap if (row.group_start and chunks[-1]) else 0.0
        if chunks[-1] and y + extra + row.height > height - layout.margin_bottom:
            if layout.indicator_spans_group and not row.group_start:
                raise LayoutError(f"{layout.name}: a page break would cut a spanning Indicator cell (row {row.golden.number})")
            chunks.append([])
            y = layout.margin_top + _header_height(layout)
            extra = 0.0
        if y + row.height > height - layout.margin_bottom:
            raise LayoutError(f"{layout.name}: row {row.golden.number} is taller than a page")
        chunks[-1].append(row)
        y += extra + row.height
    return chunks


# --------------------------------------------------------------------------------------------
# Drawing


class _Page:
    """Drawing in top-down coordinates (pdfplumber's), so the geometry reads like the reader's."""

    def __init__(self, c: canvas.Canvas, layout: TableLayout):
        self.c = c
        self.layout = layout
        self.height = layout.pagesize[1]

    def text(self, s: str, x: float, top: float, font: str, size: float, align: str = "left",
             x1: float | None = None) -> None:
        """Draw ``s`` so that its text box (as pdfminer computes it: from the font's descent up
        one font size) starts at ``top``; aligned at ``x`` (left), or within [x, x1]."""
        if not s:
            return
        width = _width(s, font, size)
        if align == "right":
            x = x1 - width
        elif align == "center":
            x = (x + x1 - width) / 2
        descent = getDescent(font, size)  # negative
        baseline = self.height - top - size - descent
        self.c.setFont(font, size)
        self.c.drawString(x, baseline, s)

    def hrule(self, x0: float, x1: float, y: float) -> None:
        w = self.layout.rule_width
        if self.layout.rule_style == "rect":
            self.c.rect(x0, self.height - y - w / 2, x1 - x0, w, stroke=0, fill=1)
        else:
            self.c.setLineWidth(w)
            self.c.line(x0, self.height - y, x1, self.height - y)

    def vrule(self, x: float, y0: float, y1: float) -> None:
        self.c.setLineWidth(self.layout.rule_width)
        self.c.line(x, self.height - y0, x, self.height - y1)

    def band(self, x0: float, x1: float, y0: float, y1: float, grey: float) -> None:
        self.c.setFillGray(grey)
        self.c.rect(x0, self.height - y1, x1 - x0, y1 - y0, stroke=0, fill=1)
        self.c.setFillGray(0)


_BODY_PARAGRAPHS = (
    "Het Nationaal Programma Leefbaarheid en Veiligheid richt zich op twintig stedelijke gebieden "
    "waar de leefbaarheid al jaren onder druk staat. Deze rapportage beschrijft de voortgang in de "
    "periode 2024 tot en met de zomer van 2025 en volgt de ontwikkeling van de gebieden ten opzichte "
    "van het gemiddelde van Nederland.",
    "In de gebieden wonen relatief veel huishoudens met een laag inkomen, is de gezondheid minder "
    "goed en voelen bewoners zich vaker onveilig. Het programma werkt langs de lijnen wonen, "
    "onderwijs, werk en inkomen, gezondheid en veiligheid, samen met gemeenten, corporaties, "
    "scholen en maatschappelijke partners.",
    "De cijfers in de bijlage komen uit openbare bronnen zoals de Leefbaarometer en het CBS. Niet "
    "elke indicator wordt ieder jaar gemeten; een streepje betekent dat er voor dat jaar geen "
    "cijfer beschikbaar is. Verschillen tussen jaren moeten daarom met enige voorzichtigheid worden "
    "gelezen.",
    "Voor de komende jaren ligt de nadruk op het versterken van de samenwerking in de wijk, het "
    "verbeteren van de woningvoorraad en het vergroten van de kansen van kinderen en jongeren. "
    "Gemeenten rapporteren jaarlijks over de inzet en de resultaten in hun gebieden.",
)


def _draw_paragraphs(page: _Page, layout: TableLayout, top: float, bottom: float, paragraphs,
                     must_fit: bool = False) -> float:
    """Running text from ``top``; stops at ``bottom`` (or raises, if it ``must_fit``)."""
    size = layout.body_font_size
    width = layout.pagesize[0] - layout.margin_left - layout.margin_right
    y = top
    for paragraph in paragraphs:
        for line in wrap(paragraph, layout.font, size, width, "body text"):
            if y + size * 1.35 > bottom:
                if must_fit:
                    raise LayoutError(f"{layout.name}: the text above the table runs into the table")
                return y
            page.text(line, layout.margin_left, y, layout.font, size)
            y += size * 1.35
        y += size * 0.8
    return y


def _running_header(page: _Page, layout: TableLayout, number: int, report_title: str = TITLE) -> None:
    if not layout.running_header:
        return
    title = report_title if number % 2 == 0 else PROGRAMME
    page.text(str(number), layout.margin_left, 22.7, layout.font, 7.0)
    page.text(title, layout.margin_left + 20, 22.7, layout.font, 7.0)


def _draw_table_page(page: _Page, layout: TableLayout, columns: list[_Column], rows: list[_Row],
                     top: float, years: list[int], row_index0: int) -> None:
    L = layout
    pad = L.cell_padding
    value_cols = [c for c in columns if c.kind == "value"]
    left, right = columns[0].x0, columns[-1].x1
    labelled = columns[0].kind == "indicator"
    n_header_lines = max(len(L.nplv_header), len(L.nl_header), 1)

    # Header: the years, centred over their two columns, in bold.
    if L.top_rule or L.rules == "grid":
        page.hrule(left, right, top - 4)
    for year in years:
        cols = [c for c in value_cols if c.year == year]
        if L.year_align == "center":
            page.text(str(year), cols[0].x0, top, L.bold, L.year_font_size, "center", cols[-1].x1)
        else:
            page.text(str(year), cols[0].x0 + pad, top, L.bold, L.year_font_size)
    areas_top = top + L.year_font_size + L.header_gap
    if L.rules == "grid":
        page.hrule(value_cols[0].x0, right, areas_top - L.header_gap / 2)

    def header_cell(lines, col, align):
        first = n_header_lines - len(lines) if L.header_valign == "bottom" else 0
        for i, line in enumerate(lines):
            available = col.x1 - col.x0 - 2 * pad
            if _width(line, L.font, L.font_size) > available + 1e-6:
                raise LayoutError(f"{L.name}: header {line!r} is wider than its column ({available:.1f} pt)")
            line_top = areas_top + (first + i) * L.pitch + (L.pitch - L.font_size) / 2
            page.text(line, col.x0 + pad, line_top, L.font, L.font_size, align, col.x1 - pad)

    for col in columns:
        if col.kind == "indicator":
            header_cell(["Indicator"], col, L.label_header_align)
        elif col.kind == "specification":
            header_cell(["Specificatie"], col, L.label_header_align)
        else:
            header_cell(list(L.nplv_header if col.area == "NPLV" else L.nl_header), col, L.header_align)
    header_bottom = areas_top + n_header_lines * L.pitch + L.header_rule_gap
    page.hrule(left, right, header_bottom)

    # Body rows.
    y = header_bottom
    boundaries: list[tuple[float, bool]] = []  # (y, group boundary) between rows of this page
    for k, row in enumerate(rows):
        if k and row.group_start:
            y += L.group_gap / 2
            boundaries.append((y, True))
            y += L.group_gap / 2
        elif k:
            boundaries.append((y, False))
        row_top, row_bottom = y, y + row.height
        if L.shading == "zebra" and (row_index0 + k) % 2 == 1:
            page.band(left, right, row_top, row_bottom, 0.9)
        content_top = row_top + L.row_padding
        for col in columns:
            if col.kind in ("indicator", "specification"):
                lines = row.indicator_lines if col.kind == "indicator" else row.specification_lines
                for i, line in enumerate(lines):
                    line_top = content_top + i * L.pitch + (L.pitch - L.font_size) / 2
                    page.text(line, col.x0 + pad, line_top, L.font, L.font_size)
            else:
                printed = row.golden.cells[(col.year, col.area)]
                if not printed:
                    continue
                available = col.x1 - col.x0 - 2 * L.value_padding
                if _width(printed, L.font, L.font_size) > available + 1e-6:
                    raise LayoutError(f"{L.name}: value {printed!r} is wider than its cell ({available:.1f} pt)")
                if L.value_valign == "top":
                    value_top = content_top + (L.pitch - L.font_size) / 2
                else:
                    value_top = (row_top + row_bottom) / 2 - L.font_size / 2
                page.text(printed, col.x0 + L.value_padding, value_top, L.font, L.font_size,
                          L.value_align, col.x1 - L.value_padding)
        y = row_bottom
    table_bottom = y

    # Rules between rows, under the table, and the grid's vertical lines.
    for boundary, group in boundaries:
        # Within a group a rule does not cross the Indicator cell when that cell spans the group
        # (always so in the grid, whose Indicator cell is drawn as one cell per group).
        spanning = labelled and not group and (L.indicator_spans_group or (L.rules == "grid" and not L.repeat_indicator))
        if L.rules in ("rows", "grid") or (L.rules == "groups" and group):
            page.hrule(columns[1].x0 if spanning else left, right, boundary)
    page.hrule(left, right, table_bottom)
    if L.rules == "grid":
        grid_top = top - 4
        for col in columns:
            if col.kind == "value" and col.area != AREAS[0]:
                page.vrule(col.x0, areas_top - L.header_gap / 2, table_bottom)  # within a year
            else:
                page.vrule(col.x0, grid_top, table_bottom)
        page.vrule(right, grid_top, table_bottom)


def render_table(rows: list[GoldenRow], layout: TableLayout, path: Path | str, title: str = TITLE) -> Path:
    """Write the table ``rows`` typeset with ``layout`` as a PDF at ``path``.

    Page 1 carries the report ``title`` (the edition id comes from it), then ``body_pages`` pages of
    running text, then the table: for every chunk of rows that fits a page, one page per entry of
    ``years_per_page`` (the first with the label columns), so a split table forms spreads.
    """
    layout.check()
    path = Path(path)
    years = years_of(rows)
    if sum(layout.years_per_page) != len(years):
        raise LayoutError(f"{layout.name}: years_per_page {layout.years_per_page} does not cover {len(years)} years")
    year_chunks, start = [], 0
    for n in layout.years_per_page:
        year_chunks.append(years[start : start + n])
        start += n
    page_columns = [_columns(layout, ys, labelled=(i == 0)) for i, ys in enumerate(year_chunks)]
    table_rows = _rows(layout, rows, page_columns[0])
    row_chunks = _paginate(layout, table_rows)

    c = canvas.Canvas(str(path), pagesize=layout.pagesize)
    c.setTitle(title)
    c.setAuthor("render_table (test fixture)")
    width, height = layout.pagesize
    page = _Page(c, layout)

    # Title page.
    text_width = width - layout.margin_left - layout.margin_right
    title_size = min(20.0, text_width / _width(title, layout.bold, 1.0))
    programme_size = min(12.0, text_width / _width(PROGRAMME, layout.font, 1.0))
    page.text(title, layout.margin_left, height * 0.3, layout.bold, title_size)
    page.text(PROGRAMME, layout.margin_left, height * 0.3 + 30, layout.font, programme_size)
    c.showPage()
    number = 2
    paragraphs = list(_BODY_PARAGRAPHS)
    for _ in range(layout.body_pages):
        _running_header(page, layout, number, title)
        page.text("Voortgang in de gebieden", layout.margin_left, layout.margin_top, layout.bold, 12)
        _draw_paragraphs(page, layout, layout.margin_top + 24, height - layout.margin_bottom, paragraphs * 3)
        c.showPage()
        number += 1

    index0 = 0
    for chunk_number, chunk in enumerate(row_chunks):
        top = layout.first_top if chunk_number == 0 else layout.margin_top
        for page_number, (ys, columns) in enumerate(zip(year_chunks, page_columns)):
            _running_header(page, layout, number, title)
            if chunk_number == 0 and page_number == 0 and layout.intro:
                heading_top = layout.margin_top
                page.text("Bijlage: Indicatoren", layout.margin_left, heading_top, layout.bold, 12)
                _draw_paragraphs(page, layout, heading_top + 24, top - 10, _BODY_PARAGRAPHS[2:3], must_fit=True)
            _draw_table_page(page, layout, columns, chunk, top, ys, index0)
            c.showPage()
            number += 1
        index0 += len(chunk)
    c.save()
    return path


# --------------------------------------------------------------------------------------------
# Text editions


def write_text_edition(pdf: Path | str, path: Path | str) -> Path:
    """The text edition of a PDF, written the way ``raw/nplv-voortgangsrapportage-2024-2025.txt``
    is: pdfium's text of each page in reading order, the first line of every page starting with
    a single space (that is how a text edition marks a page start), an empty line wherever the
    next line does not follow directly under the one before (a new paragraph: a new table row,
    or a cell further up), and a space at the end of every line that ends a word.

    Only pdfium's text and the boxes of its characters are used; nothing of the table is known here.
    """
    import pypdfium2 as pdfium

    out: list[str] = []
    document = pdfium.PdfDocument(str(pdf))
    try:
        for page in document:
            out += _page_lines(page)
            out.append("")
    finally:
        document.close()
    path = Path(path)
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def _page_lines(page) -> list[str]:
    height = page.get_height()
    textpage = page.get_textpage()
    lines: list[tuple[str, float, float]] = []  # (text, top, bottom) in points from the page top
    text, top, bottom = "", None, None
    for index in range(textpage.count_chars()):
        char = textpage.get_text_range(index, 1)
        if char in ("\r", "\n", "\ufffe"):
            # pdfium marks a hyphen at a line end with U+FFFE and runs the next line on; a text
            # edition keeps the hyphen and the line break ("Gem. NPLV-" / "gebieden").
            text = text.strip() + ("-" if char == "\ufffe" else "")
            if text:
                lines.append((text, top, bottom))
            text, top, bottom = "", None, None
            continue
        text += char
        if char.strip():
            _, char_bottom, _, char_top = textpage.get_charbox(index, loose=True)
            top = height - char_top if top is None else min(top, height - char_top)
            bottom = height - char_bottom if bottom is None else max(bottom, height - char_bottom)
    if text.strip():
        lines.append((text.strip(), top, bottom))
    result: list[str] = []
    previous = None
    for text, top, bottom in lines:
        if previous is not None:
            previous_top, previous_bottom = previous
            if top < previous_top or top - previous_bottom > 0.5 * (previous_bottom - previous_top):
                result.append("")
        result.append(text if text.endswith("-") else text + " ")  # a trailing space ends a word
        previous = (top, bottom)
    if result:
        result[0] = " " + result[0]
    return result


# --------------------------------------------------------------------------------------------
# Editions made by the tests: the golden table changed the way a later edition changes it


def copy_rows(rows: list[GoldenRow]) -> list[GoldenRow]:
    return [GoldenRow(r.number, r.indicator, r.specification, dict(r.cells)) for r in rows]


def renumber(rows: list[GoldenRow]) -> list[GoldenRow]:
    """The rows in their (new) printed order, numbered from 1."""
    return [GoldenRow(n, r.indicator, r.specification, dict(r.cells)) for n, r in enumerate(rows, start=1)]


def find_row(rows: list[GoldenRow], specification: str, indicator: str | None = None) -> GoldenRow:
    found = [r for r in rows if r.specification == specification and (indicator is None or r.indicator == indicator)]
    if len(found) != 1:
        raise KeyError(f"{len(found)} rows with specification {specification!r} (indicator {indicator!r})")
    return found[0]


def drop_years(rows: list[GoldenRow], years) -> list[GoldenRow]:
    """The table without the columns of ``years``."""
    drop = set(years)
    return [GoldenRow(r.number, r.indicator, r.specification, {k: v for k, v in r.cells.items() if k[0] not in drop})
            for r in rows]


NEXT_TITLE = "Voortgangsrapportage 2025 tot en met zomer 2026"
NEXT_YEAR = 2025
# Rows whose shares add up to 100 in every year and area: the added year keeps them so.
_SUMMING_INDICATORS = ("Samenstelling woningvoorraad", "Verhuisbeweging: woonduur afgelopen 10 jaar",
                       "Definitief schooladvies PO")


@dataclass(frozen=True)
class Change:
    """A change the test made to the table that a diff of the two editions must report."""

    change: str  # revised | added | removed | renamed
    indicator: str  # as printed in the new edition (in the old one for a removed row)
    specification: str
    year: int | None = None  # None: the change is to the whole row (renamed)
    area: str | None = None
    old_printed: str | None = None
    new_printed: str | None = None
    old_indicator: str | None = None  # renamed: the labels the old edition printed
    old_specification: str | None = None
    corrects: bool = False  # the revision prints what the old edition's anomaly said it should be


@dataclass(frozen=True)
class PrintingError:
    """A printing error the test put into the new edition: what is printed and what it should be."""

    indicator: str
    specification: str
    year: int
    area: str
    printed: str
    value: float
    severity: str  # of the anomaly it must raise


@dataclass
class EditionVariant:
    title: str
    rows: list[GoldenRow]
    changes: list[Change] = field(default_factory=list)
    errors: list[PrintingError] = field(default_factory=list)
    moved: list[tuple[str, str]] = field(default_factory=list)  # rows printed elsewhere, unchanged

    def cells(self) -> dict[tuple[str, str, int, str], str]:
        return golden_cell_texts(self.rows)


def _number(printed: str) -> float | None:
    try:
        return float(printed.rstrip("%"))
    except ValueError:
        return None


def _with_next_year(rows: list[GoldenRow]) -> None:
    """A column for NEXT_YEAR: a yearly series (a figure in both of the last two years) goes on a
    little up, a row measured every other year or not yet published gets a dash; in a group of
    shares that adds up to 100 the first share gains what the last one loses."""
    last, before = NEXT_YEAR - 1, NEXT_YEAR - 2
    groups: dict[str, list[GoldenRow]] = {}
    for row in rows:
        groups.setdefault(row.indicator, []).append(row)
    for row in rows:
        summing = row.indicator in _SUMMING_INDICATORS
        members = groups[row.indicator]
        for area, step in (("NPLV", 0.25), ("NL", 0.10)):
            value, previous = _number(row.cells[(last, area)]), _number(row.cells[(before, area)])
            if value is None or previous is None:
                row.cells[(NEXT_YEAR, area)] = "\u2013"
                continue
            if summing:
                step = step if row is members[0] else -step if row is members[-1] else 0.0
            row.cells[(NEXT_YEAR, area)] = f"{value + step:.2f}%"


def next_edition(golden: list[GoldenRow]) -> EditionVariant:
    """The 2025-2026 edition as the tests make it from the 2024-2025 table (the golden rows):

    - a column for 2025, with four new printing errors (a value 100 times too large, two cells
      exchanged, two digits exchanged, a decimal comma);
    - the printing errors of 2024-2025 corrected (tests/golden/appendix-2024-2025.NOTES.md: the
      1500.00% school-advice cell, the exchanged 2022 income cells, the empty cells of Sociale
      Samenhang 2021 and of the children's poverty row 2024 NL now a dash) and two past figures
      revised;
    - a row renamed in its Indicator cell and one in its Specificatie cell; a row moved; a row
      added and a row removed.
    """
    rows = copy_rows(golden)
    variant = EditionVariant(NEXT_TITLE, rows)
    printed_before = {id(row): before for row, before in zip(rows, golden)}
    no_course = "Inwoners die geen startkwalificatie hebben en geen opleiding volgen"

    def revise(specification, year, area, printed, indicator=None, corrects=False):
        row = find_row(rows, specification, indicator)
        before = printed_before[id(row)]
        row.cells[(year, area)] = printed
        variant.changes.append(Change("revised", row.indicator, row.specification, year, area,
                                      before.cells[(year, area)], printed, before.indicator, before.specification,
                                      corrects))

    def misprint(specification, area, printed, severity, indicator=None):
        row = find_row(rows, specification, indicator)
        value = _number(row.cells[(NEXT_YEAR, area)])
        row.cells[(NEXT_YEAR, area)] = printed
        variant.errors.append(PrintingError(row.indicator, row.specification, NEXT_YEAR, area, printed, value, severity))

    # Renamed rows (the catalog still knows them by label similarity).
    assistance = next(r for r in rows if r.indicator == "Bijstandsgerechtigden")
    children = find_row(rows, "Aandeel kinderen in huishoudens onder de armoedegrens")
    for row, indicator, specification in (
        (assistance, "Bijstandsontvangers", assistance.specification),
        (children, children.indicator, "Aandeel kinderen in een huishouden onder de armoedegrens"),
    ):
        variant.changes.append(Change("renamed", indicator, specification, old_indicator=row.indicator,
                                      old_specification=row.specification))
        row.indicator, row.specification = indicator, specification

    # The old edition's printing errors corrected, as its notes say they should read.
    revise("HAVO/VWO", 2024, "NL", "15.00%", corrects=True)
    revise("Middeninkomen (60-200 procent van mediane inkomen)", 2022, "NL", "52.16%", corrects=True)
    revise("Hoog inkomen (meer dan 200 procent van mediane inkomen)", 2022, "NPLV", "9.39%", corrects=True)
    social = "Woningen binnen een gebied dat een (zeer) grote negatieve bijdrage heeft op dimensie Sociale Samenhang"
    revise(social, 2021, "NPLV", "\u2013", corrects=True)
    revise(social, 2021, "NL", "\u2013", corrects=True)
    revise("Aandeel kinderen in een huishouden onder de armoedegrens", 2024, "NL", "\u2013", corrects=True)
    # Two past figures revised by the statistics' source.
    revise(no_course, 2023, "NPLV", "12.41%")
    revise("18 t/m 22 jaar", 2023, "NL", "1.78%")

    # The added year follows the corrected table.
    _with_next_year(rows)

    # New printing errors in the added year.
    ten_years = find_row(rows, "Afgelopen 10 jaar").cells[(NEXT_YEAR, "NPLV")]
    misprint("Afgelopen 10 jaar", "NPLV", f"{_number(ten_years) * 100:.2f}%", "error")
    labels = find_row(rows, "", "Woningen met energielabels E t/m G")
    youth = find_row(rows, "12 t/m 17 jaar")
    labels_2025, youth_2025 = labels.cells[(NEXT_YEAR, "NPLV")], youth.cells[(NEXT_YEAR, "NPLV")]
    misprint("", "NPLV", youth_2025, "error", indicator=labels.indicator)
    misprint("12 t/m 17 jaar", "NPLV", labels_2025, "error")
    stay = find_row(rows, "5 tot 10 jaar").cells[(NEXT_YEAR, "NPLV")]
    misprint("5 tot 10 jaar", "NPLV", stay[1] + stay[0] + stay[2:], "error")
    misprint(no_course, "NL", find_row(rows, no_course).cells[(NEXT_YEAR, "NL")].replace(".", ","), "warning")

    # A row moved to the end of the table, one added where it stood, one removed.
    health = next(r for r in rows if r.indicator == "Ervaren gezondheid")
    at = rows.index(health)
    rows.remove(health)
    rows.append(health)
    variant.moved.append((health.indicator, health.specification))
    lonely = GoldenRow(0, "Eenzaamheid", "Personen van 18 jaar en ouder die zich (zeer) ernstig eenzaam voelen")
    lonely_values = {2020: ("12.30%", "10.20%"), 2022: ("14.10%", "11.60%"), 2024: ("13.70%", "11.10%")}
    for year in years_of(rows):
        for area, printed in zip(AREAS, lonely_values.get(year, ("\u2013", "\u2013"))):
            lonely.cells[(year, area)] = printed
    rows.insert(at, lonely)
    dropout = next(r for r in rows if r.indicator == "Afstromers in VO")
    rows.remove(dropout)
    for year in years_of(golden):
        for area in AREAS:
            variant.changes.append(Change("added", lonely.indicator, lonely.specification, year, area, None,
                                          lonely.cells[(year, area)]))
            variant.changes.append(Change("removed", dropout.indicator, dropout.specification, year, area,
                                          dropout.cells[(year, area)], None, dropout.indicator,
                                          dropout.specification))
    variant.rows = renumber(rows)
    return variant


# Layouts the tests set later editions in (eight years: 2018-2025).
ONE_PAGE_RULED = TableLayout(
    name="one_page_ruled_landscape", pagesize=A4_LANDSCAPE, years_per_page=(8,), rules="grid",
    indicator_spans_group=True, font_size=5.0, year_font_size=6.0, indicator_width=85, specification_width=190,
    margin_left=24, margin_right=24, margin_top=36, margin_bottom=16, value_padding=3, row_padding=1.2,
    header_gap=5, header_rule_gap=4,
)
LANDSCAPE_SPREAD = TableLayout(
    name="landscape_spread_3_5_times_top_aligned", pagesize=A4_LANDSCAPE, years_per_page=(3, 5),
    font="Times-Roman", font_size=6.5, year_font_size=7.5, indicator_width=110, specification_width=220,
    margin_top=40, margin_bottom=25, value_valign="top",
)
PORTRAIT_SPREAD_AFTER_BODY = TableLayout(
    name="portrait_spread_2_6_after_body_pages", years_per_page=(2, 6), value_padding=4, body_pages=1,
    intro=True, table_top=160,
)

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
    "LayoutError",
    "TableLayout",
    "golden_cell_texts",
    "load_golden",
    "render_table",
]

GOLDEN_CSV = Path(__file__).parent / "golden" / "appendix-2024-2025.csv"
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


def _running_header(page: _Page, layout: TableLayout, number: int) -> None:
    if not layout.running_header:
        return
    title = TITLE if number % 2 == 0 else PROGRAMME
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


def render_table(rows: list[GoldenRow], layout: TableLayout, path: Path | str) -> Path:
    """Write the table ``rows`` typeset with ``layout`` as a PDF at ``path``.

    Page 1 carries the report title (the edition id comes from it), then ``body_pages`` pages of
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
    c.setTitle(TITLE)
    c.setAuthor("render_table (test fixture)")
    width, height = layout.pagesize
    page = _Page(c, layout)

    # Title page.
    text_width = width - layout.margin_left - layout.margin_right
    title_size = min(20.0, text_width / _width(TITLE, layout.bold, 1.0))
    programme_size = min(12.0, text_width / _width(PROGRAMME, layout.font, 1.0))
    page.text(TITLE, layout.margin_left, height * 0.3, layout.bold, title_size)
    page.text(PROGRAMME, layout.margin_left, height * 0.3 + 30, layout.font, programme_size)
    c.showPage()
    number = 2
    paragraphs = list(_BODY_PARAGRAPHS)
    for _ in range(layout.body_pages):
        _running_header(page, layout, number)
        page.text("Voortgang in de gebieden", layout.margin_left, layout.margin_top, layout.bold, 12)
        _draw_paragraphs(page, layout, layout.margin_top + 24, height - layout.margin_bottom, paragraphs * 3)
        c.showPage()
        number += 1

    index0 = 0
    for chunk_number, chunk in enumerate(row_chunks):
        top = layout.first_top if chunk_number == 0 else layout.margin_top
        for page_number, (ys, columns) in enumerate(zip(year_chunks, page_columns)):
            _running_header(page, layout, number)
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

"""Test-only corpus generator: the NPLV appendix table typeset by real document engines.

``python -m tests.support.corpus build OUTDIR`` writes, for every style in ``STYLES``, a PDF of a
short report (a title page whose first line is the edition's title and a paragraph of body text,
then the appendix under the heading "Bijlage: Monitor") and five text exports of it, plus
``OUTDIR/MANIFEST.csv``. The table is the golden hand transcription
(``tests/golden/appendix-2024-2025.csv``) or its 2025-2026 variant (``next_edition``).

Five producers print the PDFs, each from a source file this module writes:

- Chromium (``--headless --print-to-pdf``) from HTML: ``thead`` repeats on every page;
- LibreOffice Calc from a flat ODF spreadsheet (``.fods``): merged cells, print-title rows,
  landscape, fitted to one page wide;
- LibreOffice Writer from a flat ODF text document (``.fodt``): merged cells, repeated header
  rows, rows allowed to split over a page break;
- wkhtmltopdf (Qt WebKit) from the same HTML: no header repeated, pages shrunk to fit;
- pdfLaTeX from a ``longtable`` (``.tex``): justified, hyphenated label cells, no space
  characters in the PDF, typographic quotes.

Text exports per PDF: ``pdftotext`` (default, ``-layout``, ``-raw``), pdfplumber's
``extract_text`` (plain and ``layout=True``), pypdfium2's ``get_text_range`` (pages joined with
form feeds), pdfminer.six's ``extract_text``, MuPDF's ``mutool draw -F txt`` and pypdf's
``extract_text`` (plain and ``extraction_mode="layout"``, fixed-width columns of its own; pages
joined with form feeds; it keeps ligatures such as "ﬁ" as one character).

Debian packages needed to rebuild: ``chromium libreoffice-calc libreoffice-writer poppler-utils
mupdf-tools fonts-dejavu fonts-liberation wkhtmltopdf texlive-latex-recommended
texlive-fonts-recommended``. The committed outputs (``tests/corpus/``) need none of them.
This module is test support only: the pipeline never imports it.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from html import escape as html_escape
from pathlib import Path
from xml.sax.saxutils import escape as _xml_escape

from tests.support.render_table import NEXT_TITLE, TITLE, GoldenRow, golden_cell_texts, load_golden, next_edition

EDITIONS = {"2024-2025": TITLE, "2025-2026": NEXT_TITLE}
EXTRACTORS = ("pdftotext", "pdftotext-layout", "pdftotext-raw", "pdfplumber", "pdfplumber-layout", "pdfium", "pdfminer",
              "mupdf", "pypdf", "pypdf-layout")
HEADING = "Bijlage: Monitor"
BODY = (
    "Deze voortgangsrapportage beschrijft hoe het Nationaal Programma Leefbaarheid en Veiligheid "
    "in de twintig stedelijke vernieuwingsgebieden vordert. De gemeenten, corporaties en het Rijk "
    "werken samen aan wonen, onderwijs, werk, gezondheid en veiligheid. In de bijlage staat de "
    "monitor met de indicatoren van het programma, voor de gebieden samen en voor heel Nederland."
)
PAGES_MM = {  # width, height in mm, portrait
    "a4": (210.0, 297.0),
    "letter": (215.9, 279.4),
}


def xml_escape(text: str) -> str:
    return _xml_escape(text, {'"': "&quot;"})


@dataclass(frozen=True)
class Style:
    """One corpus file: which engine prints it and how the table looks."""

    stem: str
    producer: str  # chromium | calc | writer | wkhtmltopdf | latex (corpus); weasyprint | gnumeric | typst | groff |
    #                abiword | fop | asciidoctor | docx (Word, printed by LibreOffice) | firefox |
    #                pandas-chromium | pandas-firefox | pandas-weasyprint | pandas-wkhtmltopdf (pandas' own
    #                HTML; it sets no widths) | pandoc-weasyprint | pandoc-chromium | pandoc-docx (a Markdown
    #                table made a PDF by pandoc; it sets no widths either) | fpdf (fpdf2, a Python PDF
    #                library)
    description: str
    edition: str = "2024-2025"
    page: str = "a4"  # a4 | letter
    landscape: bool = False
    font: str = "Liberation Sans"
    generic: str = "sans-serif"  # sans-serif | serif (CSS); ODF uses swiss | roman
    size: float = 8.0  # pt, table text
    borders: str = "grid"  # grid | hrules | none | zebra
    header: str = "two-level"  # two-level (year over NPLV / NL) | one-level ("2018 NPLV") | area-year ("NPLV 2018")
    areas: tuple[str, str] = ("Gem. NPLV-gebieden", "Gem. NL")
    indicator_once: bool = True  # the Indicator printed once per group (rowspan) or on every row
    indicator_mm: float = 38.0
    specification_mm: float = 60.0
    value_mm: float = 17.0
    split: tuple[int, ...] = ()  # years per page of a spread, e.g. (4, 3); () = all on one table
    labels_on_every_part: bool = True  # in a spread: the labels on each part or only on the first
    space_before_mm: float = 0.0  # space above the table (Writer: moves a row onto the page break)
    # (first words, last words) of a cell that must start on one page and end on the next; the
    # build fails when the engine no longer splits that row over the page break.
    split_cell: tuple[str, str] | None = None
    # Values a narrow cell wraps over two lines ("1500.00" over "%"): printed as their pieces.
    wrapped: tuple[str, ...] = ()
    # groff: label cells filled to both edges and hyphenated (its default), or ragged and whole
    justified: bool = True
    # HTML: the cells' vertical alignment (top, or the browsers' default, middle: a wrapped
    # label centred on its row's values)
    valign: str = "top"

    @property
    def title(self) -> str:
        return EDITIONS[self.edition]

    def check_fits(self, years: int) -> None:
        """Chromium, Writer, wkhtmltopdf and LaTeX print the widths as given: each part must fit
        between the margins (Calc scales the sheet to one page wide)."""
        if self.producer in ("calc", "gnumeric"):  # Gnumeric prints a sheet wider than its page over pages
            return
        if self.producer.startswith(("pandas", "pandoc")):  # no widths: the engine sizes the columns to their text
            return
        usable = self.page_mm()[0] - 30.0
        padding = 4 * 25.4 / 72 if self.producer == "latex" else 0.0  # \tabcolsep (2pt) on both sides of a column
        for count, labelled in parts(self, list(range(years))):
            width = ((self.indicator_mm + self.specification_mm + 2 * padding if labelled else 0.0)
                     + 2 * len(count) * (self.value_mm + padding))
            if width > usable + 0.5:
                raise ValueError(f"{self.stem}: a part of the table is {width:.1f} mm wide, the page {usable:.1f} mm")

    def page_mm(self) -> tuple[float, float]:
        width, height = PAGES_MM[self.page]
        return (height, width) if self.landscape else (width, height)


STYLES: tuple[Style, ...] = (
    # ---- Chromium (HTML) ----
    Style("chromium-a4l-grid-serif", "chromium",
          "A4 landscape, full grid, Liberation Serif 7pt, two-level header, indicator once per group "
          "(rowspan); continued over pages with the header (thead) repeated",
          landscape=True, font="Liberation Serif", generic="serif", size=7.0,
          indicator_mm=40.0, specification_mm=62.0, value_mm=11.5),
    Style("chromium-a4l-hrules-sans", "chromium",
          "A4 landscape, horizontal rules only, Liberation Sans 8pt, areas NPLV/NL, indicator on every row, "
          "narrow wrapped label columns",
          landscape=True, size=8.0, borders="hrules", areas=("NPLV", "NL"), indicator_once=False,
          indicator_mm=28.0, specification_mm=40.0, value_mm=14.2),
    Style("chromium-letterl-zebra-onelevel", "chromium",
          "Letter landscape, zebra rows (background fill), DejaVu Sans 7pt, one-level header ('2018 NPLV')",
          page="letter", landscape=True, font="DejaVu Sans", borders="zebra", header="one-level",
          size=7.0, areas=("NPLV", "NL"), indicator_mm=28.0, specification_mm=42.0, value_mm=12.8),
    Style("chromium-a4-spread-unruled", "chromium",
          "A4 portrait spread (2018-2021 | 2022-2024 on the next page), unruled, Liberation Serif 9pt, "
          "areas NPLV-gebieden/Nederland, labels repeated on both parts",
          font="Liberation Serif", generic="serif", size=9.0, borders="none",
          areas=("NPLV-gebieden", "Nederland"), split=(4, 3), indicator_mm=26.0,
          specification_mm=38.0, value_mm=14.5),
    Style("chromium-a4l-spread-labels-first", "chromium",
          "A4 landscape spread (2018-2021 | 2022-2024), full grid, Liberation Serif 11pt, "
          "labels only on the first part",
          landscape=True, font="Liberation Serif", generic="serif", size=11.0, split=(4, 3),
          labels_on_every_part=False, indicator_mm=50.0, specification_mm=75.0, value_mm=17.5),
    Style("chromium-next-a4l-grid", "chromium",
          "2025-2026 edition: A4 landscape, full grid, Liberation Sans 7pt, two-level header, 8 years",
          edition="2025-2026", landscape=True, size=7.0, indicator_mm=27.0, specification_mm=40.0,
          value_mm=12.5),
    Style("chromium-next-a4-spread-unruled", "chromium",
          "2025-2026 edition: A4 portrait spread (2018-2021 | 2022-2025), unruled, Liberation Sans 8pt, "
          "areas NPLV-gebieden/Nederland, labels on both parts (rows printing their indicator only)",
          edition="2025-2026", size=8.0, borders="none", split=(4, 4), areas=("NPLV-gebieden", "Nederland"),
          indicator_mm=26.0, specification_mm=38.0, value_mm=14.5),
    Style("chromium-letter-spread-first-zebra-onelevel", "chromium",
          "Letter portrait spread (2018-2021 | 2022-2024), zebra rows, Liberation Serif 7pt, one-level header, "
          "labels only on the first part; the last column is wide enough for 'Gem. NL' on one line, the other "
          "area cells wrap",
          page="letter", font="Liberation Serif", generic="serif", size=7.0, borders="zebra", header="one-level",
          split=(4, 3), labels_on_every_part=False, indicator_mm=28.0, specification_mm=46.0, value_mm=11.0),
    Style("chromium-next-letterl-unruled-onelevel", "chromium",
          "2025-2026 edition: Letter landscape, unruled, Liberation Sans 7pt, one-level header, areas "
          "NPLV/Nederland; a page ends in a label line naming a year ('vanaf 2015')",
          edition="2025-2026", page="letter", landscape=True, size=7.0, borders="none", header="one-level",
          areas=("NPLV", "Nederland"), indicator_mm=28.0, specification_mm=46.0, value_mm=10.0),
    # ---- LibreOffice Calc (flat ODS) ----
    Style("calc-a4l-grid", "calc",
          "A4 landscape sheet fitted to one page wide, full grid, Liberation Sans 8pt, merged year and "
          "indicator cells, header rows repeated on the next page (print titles)",
          landscape=True, indicator_mm=40.0, specification_mm=70.0, value_mm=18.0),
    Style("calc-a4-hrules-serif", "calc",
          "A4 portrait sheet fitted to one page wide (the whole table lands on one page, scaled down), "
          "horizontal rules, Liberation Serif 9pt, areas NPLV/NL",
          font="Liberation Serif", generic="serif", size=9.0, borders="hrules", areas=("NPLV", "NL"),
          indicator_mm=35.0, specification_mm=55.0, value_mm=16.0),
    Style("calc-letterl-zebra-onelevel", "calc",
          "Letter landscape sheet fitted to one page wide, zebra fill, DejaVu Sans 7pt, one-level header, "
          "indicator on every row",
          page="letter", landscape=True, font="DejaVu Sans", size=7.0, borders="zebra",
          header="one-level", indicator_once=False, areas=("NPLV", "NL"),
          indicator_mm=40.0, specification_mm=70.0, value_mm=17.0),
    Style("calc-a4-spread-sheets", "calc",
          "A4 portrait, the years on two sheets (2018-2021 | 2022-2024), unruled, Liberation Sans 10pt, "
          "areas NPLV-gebieden/Nederland, labels only on the first sheet",
          size=10.0, borders="none", areas=("NPLV-gebieden", "Nederland"), split=(4, 3),
          labels_on_every_part=False, indicator_mm=35.0, specification_mm=60.0, value_mm=22.0),
    Style("calc-next-a4l-hrules", "calc",
          "2025-2026 edition: A4 landscape sheet fitted to one page wide, horizontal rules, "
          "Liberation Sans 8pt, 8 years",
          edition="2025-2026", landscape=True, borders="hrules", indicator_mm=40.0,
          specification_mm=70.0, value_mm=16.0),
    Style("calc-next-letterl-zebra-onelevel", "calc",
          "2025-2026 edition: Letter landscape sheet fitted to one page wide, zebra fill, Liberation Sans 8pt, "
          "one-level header, areas NPLV/NL",
          edition="2025-2026", page="letter", landscape=True, borders="zebra", header="one-level",
          areas=("NPLV", "NL"), indicator_mm=40.0, specification_mm=70.0, value_mm=18.0),
    # ---- LibreOffice Writer (flat ODT) ----
    Style("writer-a4l-grid-split-row", "writer",
          "A4 landscape, full grid, Liberation Serif 8pt, one-level header, indicator cells merged "
          "over their group, header row repeated, a row split across the page break",
          landscape=True, font="Liberation Serif", generic="serif", size=8.0, header="one-level",
          areas=("NPLV", "NL"), indicator_mm=32.0, specification_mm=48.0, value_mm=13.3, space_before_mm=22.0,
          split_cell=("Huishoudens waarvan", "WSNP-traject")),
    Style("writer-a4l-hrules-sans", "writer",
          "A4 landscape, horizontal rules, DejaVu Sans 7pt, two-level header, indicator on every row",
          landscape=True, font="DejaVu Sans", size=7.0, borders="hrules", indicator_once=False,
          indicator_mm=28.0, specification_mm=40.0, value_mm=14.2),
    Style("writer-letter-spread-unruled", "writer",
          "Letter portrait spread (2018-2021 | 2022-2024), unruled, Liberation Serif 9pt, "
          "areas NPLV-gebieden/Nederland, labels on both parts",
          page="letter", font="Liberation Serif", generic="serif", size=9.0, borders="none",
          areas=("NPLV-gebieden", "Nederland"), split=(4, 3), indicator_mm=27.0,
          specification_mm=41.0, value_mm=14.6),
    Style("writer-next-a4l-zebra", "writer",
          "2025-2026 edition: A4 landscape, zebra fill, Liberation Sans 7pt, two-level header, 8 years",
          edition="2025-2026", landscape=True, size=7.0, borders="zebra",
          indicator_mm=25.0, specification_mm=31.0, value_mm=13.2),
    Style("writer-next-a4l-hrules-onelevel", "writer",
          "2025-2026 edition: A4 landscape, horizontal rules, Liberation Sans 7pt, one-level header, narrow label "
          "columns, a row split across the page break",
          edition="2025-2026", landscape=True, borders="hrules", header="one-level", size=7.0, areas=("NPLV", "NL"),
          indicator_mm=26.0, specification_mm=34.0, value_mm=12.5, split_cell=("Arbeidsparticipatie", "74-jarigen")),
    Style("writer-a4l-grid-narrow", "writer",
          "A4 landscape, full grid, DejaVu Sans 8pt, two-level header in value columns 13 mm wide "
          "('gebied' / 'en', '1500.00' / '%' wrapped)",
          landscape=True, size=8.0, font="DejaVu Sans", indicator_mm=34.0, specification_mm=50.0, value_mm=13.0,
          wrapped=("1500.00%",)),
    Style("writer-a4l-unruled-nederland", "writer",
          "A4 landscape, unruled, Liberation Sans 7.5pt, areas NPLV-gebieden/Nederland",
          landscape=True, borders="none", areas=("NPLV-gebieden", "Nederland"), size=7.5, indicator_mm=32.0,
          specification_mm=48.0, value_mm=13.0, wrapped=("1500.00%",)),
    Style("writer-next-a4-spread-grid", "writer",
          "2025-2026 edition: A4 portrait spread (2018-2021 | 2022-2025), full grid, Liberation Sans 7.5pt; "
          "'9166.00' / '%' wrapped, the row's last cell written after it",
          edition="2025-2026", size=7.5, split=(4, 4), indicator_mm=28.0, specification_mm=46.0, value_mm=12.5,
          wrapped=("9166.00%",)),
    # ---- wkhtmltopdf (Qt WebKit, the same HTML) ----
    Style("wkhtmltopdf-a4l-grid", "wkhtmltopdf",
          "A4 landscape, full grid, Liberation Sans 7pt, two-level header; WebKit repeats no header, so the last "
          "row stands alone at the top of the next page",
          landscape=True, size=7.0, indicator_mm=38.0, specification_mm=58.0, value_mm=12.0),
    Style("wkhtmltopdf-a4-spread-hrules", "wkhtmltopdf",
          "A4 portrait spread (2018-2021 | 2022-2024), horizontal rules, Liberation Sans 8pt, each part's last "
          "rows on a page of their own without the header",
          size=8.0, borders="hrules", split=(4, 3), indicator_mm=26.0, specification_mm=38.0, value_mm=14.0),
    Style("wkhtmltopdf-next-a4l-unruled", "wkhtmltopdf",
          "2025-2026 edition: A4 landscape, unruled, Liberation Sans 7pt, areas NPLV-gebieden/Nederland; the "
          "pages WebKit shrank to fit run a row's last label line into the next row's label",
          edition="2025-2026", landscape=True, size=7.0, borders="none", areas=("NPLV-gebieden", "Nederland"),
          indicator_mm=27.0, specification_mm=40.0, value_mm=12.5),
    Style("wkhtmltopdf-next-letterl-grid", "wkhtmltopdf",
          "2025-2026 edition: US letter landscape, full grid, Liberation Sans 7pt; the page breaks the last row, "
          "whose label's last line stands alone at the top of the next page",
          edition="2025-2026", page="letter", landscape=True, size=7.0, indicator_mm=30.0, specification_mm=50.0,
          value_mm=10.0),
    Style("writer-next-a4l-hrules-every", "writer",
          "2025-2026 edition: A4 landscape, horizontal rules, Liberation Sans 7pt, indicator on every row; the "
          "page breaks the last row, whose label's last line stands under the header repeated on the next page",
          edition="2025-2026", landscape=True, size=7.0, borders="hrules", indicator_once=False, indicator_mm=28.0,
          specification_mm=46.0, value_mm=11.0, wrapped=("9166.00%",)),
    # ---- LaTeX (pdfTeX, longtable) ----
    Style("latex-a4l-grid-lm", "latex",
          "A4 landscape longtable, full grid, Latin Modern 7pt, justified and hyphenated label cells (TeX writes "
          "no space characters; typographic quotes)",
          landscape=True, font="Latin Modern", size=7.0, indicator_mm=38.0, specification_mm=58.0, value_mm=10.5),
    Style("latex-a4l-booktabs-helv", "latex",
          "A4 landscape longtable, booktabs rules, Helvetica 7pt, areas NPLV/NL, indicator on every row",
          landscape=True, font="Helvetica", size=7.0, borders="hrules", areas=("NPLV", "NL"), indicator_once=False,
          indicator_mm=30.0, specification_mm=50.0, value_mm=11.0),
    Style("latex-next-letterl-zebra-onelevel", "latex",
          "2025-2026 edition: Letter landscape longtable, zebra rows, Helvetica 6.5pt, one-level header",
          edition="2025-2026", page="letter", landscape=True, font="Helvetica", size=6.5, borders="zebra",
          header="one-level", areas=("NPLV", "NL"), indicator_mm=22.0, specification_mm=33.0, value_mm=10.2),
)


# --------------------------------------------------------------------------------------------
# The table as parts (a spread has more than one)


def printed_label(stem: str, label: str) -> str:
    """A golden label as the style's engine prints it: TeX sets the apostrophe as a closing quote
    (U+2019)."""
    style = next((s for s in STYLES if s.stem == stem), None)
    return label.replace("'", "\u2019") if style is not None and style.producer == "latex" else label


def edition_rows(edition: str) -> list[GoldenRow]:
    golden = load_golden()
    return golden if edition == "2024-2025" else next_edition(golden).rows


def years_of(rows: list[GoldenRow]) -> list[int]:
    return sorted({year for row in rows for year, _ in row.cells})


def parts(style: Style, years: list[int]) -> list[tuple[list[int], bool]]:
    """(years, labelled) for each part of the table."""
    if not style.split:
        return [(years, True)]
    if sum(style.split) != len(years):
        raise ValueError(f"{style.stem}: split {style.split} does not cover {len(years)} years")
    out, start = [], 0
    for i, count in enumerate(style.split):
        out.append((years[start:start + count], i == 0 or style.labels_on_every_part))
        start += count
    return out


def groups(rows: list[GoldenRow]) -> list[list[GoldenRow]]:
    """Consecutive rows of the same Indicator."""
    out: list[list[GoldenRow]] = []
    for row in rows:
        if out and out[-1][0].indicator == row.indicator:
            out[-1].append(row)
        else:
            out.append([row])
    return out


# --------------------------------------------------------------------------------------------
# HTML (Chromium)


def _css(style: Style) -> str:
    width, height = style.page_mm()
    border = {
        "grid": "th, td { border: 0.5pt solid #000; }",
        "hrules": "tr { border-bottom: 0.5pt solid #000; } thead tr:last-child { border-bottom: 1pt solid #000; }",
        "none": "",
        "zebra": "tbody tr:nth-child(even) td { background: #e4e4e4; }",
    }[style.borders]
    return f"""
@page {{ size: {width}mm {height}mm; margin: 15mm; }}
* {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
body {{ font-family: "{style.font}", {style.generic}; font-size: {style.size}pt; margin: 0; }}
h1 {{ font-size: 18pt; margin: 0 0 8mm 0; }}
p.body {{ font-size: 11pt; line-height: 1.4; }}
h2 {{ font-size: 13pt; margin: 0 0 4mm 0; }}
.part {{ break-before: page; }}
table {{ border-collapse: collapse; table-layout: fixed; }}
th, td {{ padding: 1pt 2pt; vertical-align: {style.valign}; text-align: left; }}
th {{ font-weight: bold; }}
th.year {{ text-align: center; }}
td.v {{ text-align: right; white-space: nowrap; }}
tr {{ break-inside: avoid; }}
{border}
"""


def _html_table(style: Style, rows: list[GoldenRow], years: list[int], labelled: bool) -> str:
    e = html_escape
    out = ["<table>", "<colgroup>"]
    if labelled:
        out.append(f'<col style="width:{style.indicator_mm}mm"><col style="width:{style.specification_mm}mm">')
    out.append(f'<col style="width:{style.value_mm}mm">' * (2 * len(years)))
    out.append("</colgroup><thead>")
    if style.header == "two-level":
        out.append("<tr>")
        if labelled:
            out.append('<th rowspan="2">Indicator</th><th rowspan="2">Specificatie</th>')
        out.extend(f'<th class="year" colspan="2">{year}</th>' for year in years)
        out.append("</tr><tr>")
        out.extend(f"<th>{e(area)}</th>" for _ in years for area in style.areas)
        out.append("</tr>")
    else:
        out.append("<tr>")
        if labelled:
            out.append("<th>Indicator</th><th>Specificatie</th>")
        out.extend(f"<th>{year} {e(area)}</th>" for year in years for area in style.areas)
        out.append("</tr>")
    out.append("</thead><tbody>")
    for group in groups(rows):
        for i, row in enumerate(group):
            out.append("<tr>")
            if labelled:
                if not style.indicator_once:
                    out.append(f"<td>{e(row.indicator)}</td>")
                elif i == 0:
                    out.append(f'<td rowspan="{len(group)}">{e(row.indicator)}</td>')
                out.append(f"<td>{e(row.specification)}</td>")
            for year in years:
                for area in ("NPLV", "NL"):
                    out.append(f'<td class="v">{e(row.cells.get((year, area), ""))}</td>')
            out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def write_html(style: Style, rows: list[GoldenRow], path: Path) -> Path:
    e = html_escape
    body = [f"<h1>{e(style.title)}</h1>", f'<p class="body">{e(BODY)}</p>']
    for i, (years, labelled) in enumerate(parts(style, years_of(rows))):
        heading = HEADING if i == 0 else f"{HEADING} (vervolg)"
        body.append(f'<section class="part"><h2>{e(heading)}</h2>')
        body.append(_html_table(style, rows, years, labelled))
        body.append("</section>")
    html = (f'<!DOCTYPE html>\n<html lang="nl"><head><meta charset="utf-8"><title>{e(style.title)}</title>'
            f"<style>{_css(style)}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n")
    path.write_text(html, encoding="utf-8")
    return path


def write_pandas_html(style: Style, rows: list[GoldenRow], path: Path) -> Path:
    """The table as an analyst makes it: a DataFrame indexed by (Indicator, Specificatie) with
    (year, area) columns, written by pandas' own ``DataFrame.to_html``. pandas writes the header
    in three rows (the years spanning their areas, the areas, then the index's names alone on a
    row of their own), every label cell a ``<th>`` (bold and centred by the browser's defaults),
    an indicator over its group with ``rowspan`` and ``valign="top"``, and a single row's label
    in the middle. Only page, font and rules come from the style sheet."""
    import pandas as pd

    years = years_of(rows)
    columns = pd.MultiIndex.from_product([years, list(style.areas)])
    index = pd.MultiIndex.from_tuples([(row.indicator, row.specification) for row in rows],
                                      names=["Indicator", "Specificatie"])
    data = [[row.cells.get((year, area), "") for year in years for area in ("NPLV", "NL")] for row in rows]
    table = pd.DataFrame(data, index=index, columns=columns).to_html(na_rep="")
    width, height = style.page_mm()
    rules = {"grid": "td, th { border: 1px solid #999; }", "zebra": "tbody tr:nth-child(even) { background: #eee; }",
             "hrules": "tr { border-bottom: 1px solid #999; }", "none": ""}[style.borders]
    css = (f"@page {{ size: {width}mm {height}mm; margin: 12mm; }} "
           f"table {{ border-collapse: collapse; font: {style.size}pt '{style.font}', {style.generic}; }} "
           f"td, th {{ padding: 1px 3px; }} {rules}")
    e = html_escape
    path.write_text(
        f'<!DOCTYPE html>\n<html lang="nl"><head><meta charset="utf-8"><title>{e(style.title)}</title>'
        f"<style>{css}</style></head><body>\n<h1>{e(style.title)}</h1><p>{e(BODY)}</p>\n"
        f'<h2 style="break-before: page">{e(HEADING)}</h2>\n{table}\n</body></html>\n', encoding="utf-8")
    return path


def write_pandoc_markdown(style: Style, rows: list[GoldenRow], path: Path) -> Path:
    """The table as a Markdown pipe table, the way R Markdown and Quarto users write one for
    pandoc: one header row ("2018 NPLV", or "NPLV 2018" for ``area-year``), the indicator
    printed once per group or on every row, figures right-aligned; title and body before it.
    pandoc's Markdown reader sets quotes typographically ('Algemeen' prints as ‘Algemeen’)."""
    years = years_of(rows)
    areas = dict(zip(("NPLV", "NL"), style.areas))
    head = ["Indicator", "Specificatie"] + [
        f"{areas[a]} {y}" if style.header == "area-year" else f"{y} {areas[a]}" for y in years for a in ("NPLV", "NL")]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(["---"] * 2 + ["--:"] * (len(head) - 2)) + "|"]
    above = None
    for row in rows:
        indicator = "" if style.indicator_once and row.indicator == above else row.indicator
        above = row.indicator
        cells = [row.cells.get((year, area), "") for year in years for area in ("NPLV", "NL")]
        lines.append("| " + " | ".join([indicator, row.specification] + cells) + " |")
    path.write_text(f"# {style.title}\n\n{BODY}\n\n## {HEADING}\n\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def _pandoc(source: Path, target: Path, *options: str) -> None:
    # pandoc finds WeasyPrint on the PATH: the one installed beside this Python.
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    subprocess.run(["pandoc", str(source), "-o", str(target), *options], check=True, capture_output=True, timeout=300,
                   env=env)


def _pandoc_css(style: Style, path: Path) -> Path:
    width, height = style.page_mm()
    rules = {"grid": "td, th { border: 0.5pt solid #888; }", "zebra": "tbody tr:nth-child(even) { background: #eee; }",
             "hrules": "tr { border-bottom: 0.5pt solid #888; }", "none": ""}[style.borders]
    path.write_text(f"@page {{ size: {width}mm {height}mm; margin: 10mm; }} "
                    f"body {{ font-family: '{style.font}', {style.generic}; font-size: {style.size}pt; }} "
                    f"table {{ border-collapse: collapse; }} td, th {{ padding: 1pt 2pt; }} {rules} "
                    "h2 { break-before: page; }", encoding="utf-8")
    return path


def print_pandoc_weasyprint(style: Style, markdown: Path, pdf: Path) -> None:
    """pandoc's own HTML (its standalone template) printed by WeasyPrint (``--pdf-engine``)."""
    css = _pandoc_css(style, markdown.with_suffix(".css"))
    _pandoc(markdown, pdf, "--standalone", "--css", str(css), "--metadata", "title= ", "--pdf-engine=weasyprint")


def print_pandoc_chromium(style: Style, markdown: Path, pdf: Path) -> None:
    """pandoc's own HTML (its standalone template, the style sheet inlined) printed by Chromium."""
    html = markdown.with_suffix(".html")
    _pandoc(markdown, html, "--standalone", "--self-contained", "--css", str(_pandoc_css(style, markdown.with_suffix(".css"))),
            "--metadata", "title= ")
    print_chromium(html, pdf)


def print_pandoc_docx(style: Style, markdown: Path, pdf: Path) -> None:
    """pandoc's Word document, printed by LibreOffice: pandoc's reference document with the
    style's page (python-docx) and text size; pandoc gives every column of a table with long
    cells the same share of the width."""
    from docx import Document
    from docx.shared import Pt

    reference = markdown.with_name(markdown.stem + "-reference.docx")
    reference.write_bytes(subprocess.run(["pandoc", "--print-default-data-file", "reference.docx"], check=True,
                                         capture_output=True, timeout=60).stdout)
    document = Document(str(reference))
    _word_page(document.sections[0], style, 12.0)
    for name in ("Normal", "Body Text", "First Paragraph", "Compact"):
        document.styles[name].font.size = Pt(style.size)
    document.save(str(reference))
    docx = markdown.with_suffix(".docx")
    _pandoc(markdown, docx, "--reference-doc", str(reference))
    print_libreoffice(docx, pdf)


def print_chromium(html: Path, pdf: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="corpus-chromium-") as profile:
        subprocess.run(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", f"--print-to-pdf={pdf}", "--no-pdf-header-footer",
             html.resolve().as_uri()],
            check=True, capture_output=True, timeout=120)


def print_firefox(style: Style, html: Path, pdf: Path) -> None:
    """Firefox (Gecko, Debian firefox-esr) prints the HTML, driven over Marionette, its own remote
    protocol (length-prefixed JSON on a local port; WebDriver's Print command), so no driver
    binary is needed. The page size and orientation go with the command."""
    import base64
    import json
    import socket
    import time

    with socket.socket() as probe:  # a free local port for this run
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with tempfile.TemporaryDirectory(prefix="corpus-firefox-") as profile:
        (Path(profile) / "user.js").write_text(f'user_pref("marionette.port", {port});\n', encoding="utf-8")
        browser = subprocess.Popen(["firefox-esr", "--headless", "--marionette", "--no-remote", "--profile", profile],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    connection = socket.create_connection(("127.0.0.1", port), timeout=120)
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)
            with connection:
                pending = b""

                def receive():
                    nonlocal pending
                    while b":" not in pending:
                        pending += connection.recv(65536)
                    size, rest = pending.split(b":", 1)
                    while len(rest) < int(size):
                        rest += connection.recv(1 << 20)
                    pending = rest[int(size):]
                    return json.loads(rest[:int(size)])

                def command(number: int, name: str, parameters: dict):
                    data = json.dumps([0, number, name, parameters]).encode()
                    connection.sendall(str(len(data)).encode() + b":" + data)
                    _, _, error, result = receive()  # [1, its number, error, result]
                    if error:
                        raise RuntimeError(f"Firefox {name}: {error}")
                    return result

                receive()  # the server's greeting
                command(1, "WebDriver:NewSession", {"capabilities": {}})
                command(2, "WebDriver:Navigate", {"url": html.resolve().as_uri()})
                width, height = PAGES_MM[style.page]
                printed = command(3, "WebDriver:Print", {
                    "orientation": "landscape" if style.landscape else "portrait",
                    "page": {"width": width / 10, "height": height / 10}, "background": True, "shrinkToFit": False,
                    "margin": {"top": 1.5, "bottom": 1.5, "left": 1.5, "right": 1.5}})
                pdf.write_bytes(base64.b64decode(printed["value"]))
        finally:
            browser.terminate()
            browser.wait(30)


# --------------------------------------------------------------------------------------------
# Flat ODF (LibreOffice Calc and Writer)

_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:loext="urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0" '
    'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"'
)


def _font_decl(style: Style) -> str:
    generic = "roman" if style.generic == "serif" else "swiss"
    return (f'<office:font-face-decls><style:font-face style:name="{xml_escape(style.font)}" '
            f'svg:font-family="&apos;{xml_escape(style.font)}&apos;" style:font-family-generic="{generic}" '
            'style:font-pitch="variable"/></office:font-face-decls>')


def _page_layout(style: Style, extra: str = "") -> str:
    width, height = style.page_mm()
    orientation = "landscape" if style.landscape else "portrait"
    return (f'<style:page-layout style:name="pl1"><style:page-layout-properties fo:page-width="{width}mm" '
            f'fo:page-height="{height}mm" style:print-orientation="{orientation}" fo:margin-top="15mm" '
            f'fo:margin-bottom="15mm" fo:margin-left="15mm" fo:margin-right="15mm"{extra}/></style:page-layout>')


def _cell_props(style: Style, kind: str, shaded: bool, calc: bool) -> str:
    """table-cell-properties attributes for a header, label or value cell."""
    props = f' fo:padding="{"1.2mm" if calc else "0.6mm"}"'
    if style.borders == "grid":
        props += ' fo:border="0.5pt solid #000000"'
    elif style.borders == "hrules":
        width = "1pt" if kind == "header-last" else "0.5pt"
        props += f' fo:border-bottom="{width} solid #000000"'
    if shaded:
        props += ' fo:background-color="#e4e4e4"'
    return props


_CELL_KINDS = ("header", "header-last", "year", "label", "value")


def _cell_style_name(kind: str, shaded: bool) -> str:
    return f"c-{kind}{'-z' if shaded else ''}"


class _OdfTable:
    """The table as rows of (kind, text, colspan, rowspan) cells, shared by Calc and Writer.

    A covered cell (under a span) is ``None``."""

    def __init__(self, style: Style, rows: list[GoldenRow], years: list[int], labelled: bool):
        self.header: list[list] = []
        self.body: list[list] = []
        self.shaded: list[bool] = []
        areas = style.areas
        if style.header == "two-level":
            first, second = [], []
            if labelled:
                first += [("header-last", "Indicator", 1, 2), ("header-last", "Specificatie", 1, 2)]
                second += [None, None]
            for year in years:
                first += [("year", str(year), 2, 1), None]
                second += [("header-last", areas[0], 1, 1), ("header-last", areas[1], 1, 1)]
            self.header = [first, second]
        else:
            line = [("header-last", "Indicator", 1, 1), ("header-last", "Specificatie", 1, 1)] if labelled else []
            line += [("header-last", f"{year} {area}", 1, 1) for year in years for area in areas]
            self.header = [line]
        index = 0
        for group in groups(rows):
            for i, row in enumerate(group):
                line = []
                if labelled:
                    if not style.indicator_once:
                        line.append(("label", row.indicator, 1, 1))
                    elif i == 0:
                        line.append(("label", row.indicator, 1, len(group)))
                    else:
                        line.append(None)
                    line.append(("label", row.specification, 1, 1))
                line += [("value", row.cells.get((year, area), ""), 1, 1) for year in years for area in ("NPLV", "NL")]
                self.body.append(line)
                self.shaded.append(style.borders == "zebra" and index % 2 == 1)
                index += 1
        self.widths = ([style.indicator_mm, style.specification_mm] if labelled else []) + \
            [style.value_mm] * (2 * len(years))


def _odf_cell(cell, shaded: bool, element: str, value_type: bool) -> str:
    if cell is None:
        return f"<{element.replace('table-cell', 'covered-table-cell')}/>"
    kind, text, colspan, rowspan = cell
    attrs = f' table:style-name="{_cell_style_name(kind, shaded and kind in ("label", "value"))}"'
    if colspan > 1:
        attrs += f' table:number-columns-spanned="{colspan}"'
    if rowspan > 1:
        attrs += f' table:number-rows-spanned="{rowspan}"'
    if not text:
        return f"<{element}{attrs}/>"
    pstyle = {"value": "P-num", "year": "P-year"}.get(kind, "P-head" if kind.startswith("header") else "P-cell")
    if value_type:
        attrs += ' office:value-type="string" calcext:value-type="string"'
    return f'<{element}{attrs}><text:p text:style-name="{pstyle}">{xml_escape(text)}</text:p></{element}>'


def _paragraph_styles(style: Style) -> str:
    font = xml_escape(style.font)
    base = f'style:font-name="{font}"'
    return (
        f'<style:style style:name="P-title" style:family="paragraph"><style:paragraph-properties fo:margin-bottom="8mm"/>'
        f'<style:text-properties {base} fo:font-size="18pt" fo:font-weight="bold"/></style:style>'
        f'<style:style style:name="P-body" style:family="paragraph"><style:paragraph-properties fo:line-height="140%"/>'
        f'<style:text-properties {base} fo:font-size="11pt"/></style:style>'
        f'<style:style style:name="P-heading" style:family="paragraph"><style:paragraph-properties fo:break-before="page" fo:margin-bottom="4mm"/>'
        f'<style:text-properties {base} fo:font-size="13pt" fo:font-weight="bold"/></style:style>'
        f'<style:style style:name="P-space" style:family="paragraph"><style:paragraph-properties fo:margin-bottom="{style.space_before_mm}mm"/>'
        f'<style:text-properties {base} fo:font-size="2pt"/></style:style>'
        f'<style:style style:name="P-cell" style:family="paragraph"><style:text-properties {base} fo:font-size="{style.size}pt"/></style:style>'
        f'<style:style style:name="P-head" style:family="paragraph"><style:text-properties {base} fo:font-size="{style.size}pt" fo:font-weight="bold"/></style:style>'
        f'<style:style style:name="P-year" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/>'
        f'<style:text-properties {base} fo:font-size="{style.size}pt" fo:font-weight="bold"/></style:style>'
        f'<style:style style:name="P-num" style:family="paragraph"><style:paragraph-properties fo:text-align="end"/>'
        f'<style:text-properties {base} fo:font-size="{style.size}pt"/></style:style>'
    )


def _cell_styles(style: Style, calc: bool) -> str:
    out = []
    for kind in _CELL_KINDS:
        for shaded in (False, True):
            props = _cell_props(style, kind, shaded, calc)
            if calc:
                props += ' fo:wrap-option="wrap" style:vertical-align="top"'
                align = {"value": "end", "year": "center"}.get(kind, "start")
                weight = ' fo:font-weight="bold"' if kind in ("header", "header-last", "year") else ""
                out.append(f'<style:style style:name="{_cell_style_name(kind, shaded)}" style:family="table-cell">'
                           f'<style:table-cell-properties{props}/><style:paragraph-properties fo:text-align="{align}"/>'
                           f'<style:text-properties style:font-name="{xml_escape(style.font)}" '
                           f'fo:font-size="{style.size}pt"{weight}/></style:style>')
            else:
                out.append(f'<style:style style:name="{_cell_style_name(kind, shaded)}" style:family="table-cell">'
                           f'<style:table-cell-properties{props} style:vertical-align="top"/></style:style>')
    return "".join(out)


def _odf_rows(table, row_style: str, value_type: bool) -> list[str]:
    """The table's header rows (repeated on every page) and body rows as ODF table rows."""
    def row(line, shaded: bool) -> str:
        cells = "".join(_odf_cell(c, shaded, "table:table-cell", value_type) for c in line)
        return f'<table:table-row table:style-name="{row_style}">{cells}</table:table-row>'

    return (["<table:table-header-rows>", *(row(line, False) for line in table.header), "</table:table-header-rows>"]
            + [row(line, shaded) for line, shaded in zip(table.body, table.shaded)])


def write_fodt(style: Style, rows: list[GoldenRow], path: Path) -> Path:
    """A Writer document: title page, then each part of the table on a new page."""
    tables, auto = [], []
    for n, (years, labelled) in enumerate(parts(style, years_of(rows))):
        table = _OdfTable(style, rows, years, labelled)
        name = f"T{n}"
        auto.append(f'<style:style style:name="{name}" style:family="table"><style:table-properties '
                    f'style:width="{sum(table.widths)}mm" table:align="left"/></style:style>')
        columns = []
        for i, width in enumerate(table.widths):
            auto.append(f'<style:style style:name="{name}.{i}" style:family="table-column">'
                        f'<style:table-column-properties style:column-width="{width}mm"/></style:style>')
            columns.append(f'<table:table-column table:style-name="{name}.{i}"/>')
        heading = HEADING if n == 0 else f"{HEADING} (vervolg)"
        xml = [f'<text:p text:style-name="P-heading">{xml_escape(heading)}</text:p>']
        if style.space_before_mm:
            xml.append('<text:p text:style-name="P-space"/>')
        xml.append(f'<table:table table:name="Monitor{n + 1}" table:style-name="{name}">' + "".join(columns))
        xml += _odf_rows(table, "R", value_type=False)
        xml.append("</table:table>")
        tables.append("".join(xml))
    auto.append('<style:style style:name="R" style:family="table-row"><style:table-row-properties '
                'fo:keep-together="auto"/></style:style>')
    doc = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document {_NS} office:version="1.3" '
        'office:mimetype="application/vnd.oasis.opendocument.text">'
        f"<office:meta><dc:title>{xml_escape(style.title)}</dc:title></office:meta>"
        + _font_decl(style)
        + "<office:styles>" + _paragraph_styles(style) + "</office:styles>"
        + "<office:automatic-styles>" + _page_layout(style) + _cell_styles(style, calc=False) + "".join(auto)
        + '</office:automatic-styles><office:master-styles><style:master-page style:name="Standard" '
        'style:page-layout-name="pl1"/></office:master-styles><office:body><office:text>'
        f'<text:p text:style-name="P-title">{xml_escape(style.title)}</text:p>'
        f'<text:p text:style-name="P-body">{xml_escape(BODY)}</text:p>'
        + "".join(tables) + "</office:text></office:body></office:document>\n"
    )
    path.write_text(doc, encoding="utf-8")
    return path


def _word_page(section, style: Style, margin_mm: float) -> None:
    """A Word section set to the style's page and orientation, with even margins."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    width, height = style.page_mm()
    section.orientation = WD_ORIENT.LANDSCAPE if style.landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(width), Mm(height)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(margin_mm))


def write_docx(style: Style, rows: list[GoldenRow], path: Path) -> Path:
    """A Word document (python-docx, PyPI): title and body, then each part of the table on a new
    page, merged cells as Word merges them, the header rows marked to repeat on every page, rows
    allowed to break over pages. LibreOffice prints it through its Word import."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    def element(tag: str, **attrs: str):
        node = OxmlElement(tag)
        for key, value in attrs.items():
            node.set(qn(f"w:{key}"), value)
        return node

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = style.font, Pt(style.size)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), style.font)
    normal.paragraph_format.space_after = Pt(0)
    _word_page(doc.sections[0], style, 15.0)
    title = doc.add_paragraph().add_run(style.title)
    title.bold, title.font.size = True, Pt(16)
    doc.add_paragraph().add_run(BODY).font.size = Pt(11)
    rule = {"grid": ("top", "left", "bottom", "right", "insideH", "insideV"), "hrules": ("top", "bottom", "insideH"),
            "none": (), "zebra": ()}[style.borders]
    for n, (years, labelled) in enumerate(parts(style, years_of(rows))):
        heading = doc.add_paragraph()
        heading.paragraph_format.page_break_before = True
        heading.paragraph_format.space_after = Pt(6)
        run = heading.add_run(HEADING if n == 0 else f"{HEADING} (vervolg)")
        run.bold, run.font.size = True, Pt(12)
        table = _OdfTable(style, rows, years, labelled)
        lines = table.header + table.body
        grid = doc.add_table(rows=len(lines), cols=len(table.widths))
        grid.autofit = False
        for column, width_mm in zip(grid.columns, table.widths):
            column.width = Mm(width_mm)  # the grid's widths, which LibreOffice lays out by
        borders = element("w:tblBorders")
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
            borders.append(element(f"w:{edge}", val="single" if edge in rule else "nil", sz="4", color="000000"))
        grid._tbl.tblPr.append(borders)
        for r in range(len(table.header)):
            grid.rows[r]._tr.get_or_add_trPr().append(element("w:tblHeader", val="true"))
        for r, line in enumerate(lines):
            shaded = r >= len(table.header) and table.shaded[r - len(table.header)]
            for c, cell in enumerate(line):
                grid.cell(r, c).width = Mm(table.widths[c])
                if shaded:
                    grid.cell(r, c)._tc.get_or_add_tcPr().append(element("w:shd", val="clear", color="auto",
                                                                          fill="E4E4E4"))
                if cell is None:
                    continue
                kind, text, colspan, rowspan = cell
                paragraph = grid.cell(r, c).paragraphs[0]
                run = paragraph.add_run(text)
                run.bold = kind in ("header", "header-last", "year")
                paragraph.alignment = {"value": WD_ALIGN_PARAGRAPH.RIGHT,
                                       "year": WD_ALIGN_PARAGRAPH.CENTER}.get(kind, WD_ALIGN_PARAGRAPH.LEFT)
            for c, cell in enumerate(line):
                if cell is not None and (cell[2] > 1 or cell[3] > 1):
                    grid.cell(r, c).merge(grid.cell(r + cell[3] - 1, c + cell[2] - 1))
    doc.save(str(path))
    return path


def write_fods(style: Style, rows: list[GoldenRow], path: Path) -> Path:
    """A Calc workbook: a title sheet, then a sheet per part of the table, each fitted to one page
    wide, the header rows repeated on every page (print titles)."""
    auto = ['<style:style style:name="ta1" style:family="table" style:master-page-name="PM1">'
            '<style:table-properties table:display="true"/></style:style>',
            '<style:style style:name="ro" style:family="table-row"><style:table-row-properties '
            'style:use-optimal-row-height="true" fo:break-before="auto"/></style:style>',
            '<style:style style:name="co-title" style:family="table-column"><style:table-column-properties '
            'style:column-width="175mm"/></style:style>',
            '<style:style style:name="c-title" style:family="table-cell"><style:table-cell-properties '
            'fo:wrap-option="wrap" style:vertical-align="top"/><style:text-properties '
            f'style:font-name="{xml_escape(style.font)}" fo:font-size="14pt" fo:font-weight="bold"/></style:style>',
            '<style:style style:name="c-body" style:family="table-cell"><style:table-cell-properties '
            'fo:wrap-option="wrap" style:vertical-align="top"/><style:text-properties '
            f'style:font-name="{xml_escape(style.font)}" fo:font-size="11pt"/></style:style>']
    sheets = [
        '<table:table table:name="Titel" table:style-name="ta1"><table:table-column table:style-name="co-title"/>'
        f'<table:table-row table:style-name="ro"><table:table-cell table:style-name="c-title" office:value-type="string" '
        f'calcext:value-type="string"><text:p>{xml_escape(style.title)}</text:p></table:table-cell></table:table-row>'
        '<table:table-row table:style-name="ro"><table:table-cell/></table:table-row>'
        f'<table:table-row table:style-name="ro"><table:table-cell table:style-name="c-body" office:value-type="string" '
        f'calcext:value-type="string"><text:p>{xml_escape(BODY)}</text:p></table:table-cell></table:table-row>'
        '</table:table>'
    ]
    for n, (years, labelled) in enumerate(parts(style, years_of(rows))):
        table = _OdfTable(style, rows, years, labelled)
        width = len(table.widths)
        columns = []
        for i, col_width in enumerate(table.widths):
            auto.append(f'<style:style style:name="co{n}.{i}" style:family="table-column">'
                        f'<style:table-column-properties style:column-width="{col_width}mm"/></style:style>')
            columns.append(f'<table:table-column table:style-name="co{n}.{i}"/>')
        heading = HEADING if n == 0 else f"{HEADING} (vervolg)"
        xml = [f'<table:table table:name="Monitor {n + 1}" table:style-name="ta1">' + "".join(columns)]
        xml.append(f'<table:table-row table:style-name="ro"><table:table-cell table:style-name="c-heading" '
                   f'table:number-columns-spanned="{width}" office:value-type="string" calcext:value-type="string">'
                   f'<text:p>{xml_escape(heading)}</text:p></table:table-cell>'
                   + "<table:covered-table-cell/>" * (width - 1) + "</table:table-row>")
        xml += _odf_rows(table, "ro", value_type=True)
        xml.append("</table:table>")
        sheets.append("".join(xml))
    auto.append('<style:style style:name="c-heading" style:family="table-cell"><style:text-properties '
                f'style:font-name="{xml_escape(style.font)}" fo:font-size="13pt" fo:font-weight="bold"/></style:style>')
    fit = ' style:scale-to-X="1" style:scale-to-Y="0" loext:scale-to-X="1" loext:scale-to-Y="0"'
    doc = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document {_NS} office:version="1.3" '
        'office:mimetype="application/vnd.oasis.opendocument.spreadsheet">'
        f"<office:meta><dc:title>{xml_escape(style.title)}</dc:title></office:meta>"
        + _font_decl(style)
        + "<office:styles>" + _paragraph_styles(style) + "</office:styles>"
        + "<office:automatic-styles>" + _page_layout(style, fit) + _cell_styles(style, calc=True) + "".join(auto)
        + '</office:automatic-styles><office:master-styles><style:master-page style:name="PM1" '
        'style:page-layout-name="pl1"><style:header style:display="false"/><style:footer style:display="false"/>'
        "</style:master-page></office:master-styles><office:body><office:spreadsheet>"
        + "".join(sheets) + "</office:spreadsheet></office:body></office:document>\n"
    )
    path.write_text(doc, encoding="utf-8")
    return path


def _soffice_convert(source: Path, outdir: Path, to: str) -> Path:
    """``source`` converted by LibreOffice into ``outdir`` (a fresh profile each time)."""
    with tempfile.TemporaryDirectory(prefix="corpus-lo-") as profile:
        subprocess.run(
            ["soffice", f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
             "--convert-to", to, "--outdir", str(outdir), str(source)],
            check=True, capture_output=True, timeout=180)
    return outdir / f"{source.stem}.{to}"


def print_libreoffice(source: Path, pdf: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="corpus-lo-out-") as outdir:
        shutil.move(str(_soffice_convert(source, Path(outdir), "pdf")), pdf)


# --------------------------------------------------------------------------------------------
# wkhtmltopdf (Qt WebKit) from the same HTML


def print_wkhtmltopdf(style: Style, html: Path, pdf: Path) -> None:
    """WebKit ignores ``@page size``: the page size and orientation go on the command line."""
    subprocess.run(
        ["wkhtmltopdf", "--quiet", "--page-size", style.page.capitalize() if style.page == "letter" else "A4",
         "--orientation", "Landscape" if style.landscape else "Portrait", "-T", "15mm", "-B", "15mm", "-L", "15mm",
         "-R", "15mm", "--enable-local-file-access", str(html), str(pdf)],
        check=True, capture_output=True, timeout=180)


# --------------------------------------------------------------------------------------------
# LaTeX (pdflatex, longtable)

_TEX_SPECIALS = {"\\": r"\textbackslash{}", "%": r"\%", "&": r"\&", "$": r"\$", "#": r"\#", "_": r"\_",
                 "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
_TEX_FONTS = {"Latin Modern": r"\usepackage{lmodern}", "Helvetica": r"\usepackage[scaled]{helvet}"
              r"\renewcommand{\familydefault}{\sfdefault}", "Times": r"\usepackage{mathptmx}"}


def tex_escape(text: str) -> str:
    return "".join(_TEX_SPECIALS.get(char, char) for char in text)


def _tex_table(style: Style, rows: list[GoldenRow], years: list[int], labelled: bool) -> str:
    e = tex_escape
    rule = {"grid": r"\hline", "hrules": r"\midrule", "none": "", "zebra": ""}[style.borders]
    bar = "|" if style.borders == "grid" else ""
    cols = (f"{bar}p{{{style.indicator_mm}mm}}{bar}p{{{style.specification_mm}mm}}" if labelled else "")
    cols += "".join(f"{bar}R{{{style.value_mm}mm}}" for _ in range(2 * len(years))) + bar
    top = r"\hline" if style.borders == "grid" else (r"\toprule" if style.borders == "hrules" else "")
    labels = [r"\textbf{Indicator}", r"\textbf{Specificatie}"] if labelled else []
    head = [top]
    if style.header == "two-level":
        span = f"{bar}c{bar}" if bar else "c"
        head.append(" & ".join(labels + [rf"\multicolumn{{2}}{{{span}}}{{\textbf{{{y}}}}}" for y in years]) + r" \\")
        head.append(" & ".join([""] * len(labels) + [rf"\textbf{{{e(a)}}}" for _ in years for a in style.areas])
                    + r" \\")
    else:
        head.append(" & ".join(labels + [rf"\textbf{{{y} {e(a)}}}" for y in years for a in style.areas]) + r" \\")
    head.append(rule if rule else "")
    out = [r"\begin{longtable}{" + cols + "}", *head, r"\endhead"]
    shaded = False
    for group in groups(rows):
        for i, row in enumerate(group):
            cells = []
            if labelled:
                cells.append(e(row.indicator) if i == 0 or not style.indicator_once else "")
                cells.append(e(row.specification))
            cells += [e(row.cells.get((year, area), "")) for year in years for area in ("NPLV", "NL")]
            colour = r"\rowcolor[gray]{0.9}" if style.borders == "zebra" and shaded else ""
            shaded = not shaded
            out.append(colour + " & ".join(cells) + r" \\" + (rule if i == len(group) - 1 or not style.indicator_once
                                                                  else (r"\cline{2-" + str(len(cells)) + "}"
                                                                        if style.borders == "grid" else "")))
    out.append(r"\end{longtable}")
    return "\n".join(out)


def write_tex(style: Style, rows: list[GoldenRow], path: Path) -> Path:
    width, height = style.page_mm()
    parts_tex = []
    for i, (years, labelled) in enumerate(parts(style, years_of(rows))):
        heading = HEADING if i == 0 else f"{HEADING} (vervolg)"
        parts_tex.append(r"\newpage\section*{" + tex_escape(heading) + "}\n" + _tex_table(style, rows, years, labelled))
    doc = "\n".join([
        r"\documentclass{article}",
        r"\usepackage[utf8]{inputenc}\usepackage[T1]{fontenc}\usepackage{textcomp}",
        _TEX_FONTS[style.font],
        rf"\usepackage[paperwidth={width}mm,paperheight={height}mm,margin=15mm]{{geometry}}",
        r"\usepackage{array,longtable,booktabs}\usepackage[table]{xcolor}",
        r"\newcolumntype{R}[1]{>{\raggedleft\arraybackslash}p{#1}}",
        r"\pagestyle{empty}\setlength{\tabcolsep}{2pt}\setlength{\LTleft}{0pt}",
        r"\begin{document}",
        r"\noindent{\LARGE\bfseries " + tex_escape(style.title) + r"}\par\bigskip",
        r"\noindent{\large " + tex_escape(BODY) + r"}\par",
        r"{\fontsize{" + f"{style.size}" + "}{" + f"{style.size * 1.2:.1f}" + r"}\selectfont",
        *parts_tex,
        "}",
        r"\end{document}",
        ""])
    path.write_text(doc, encoding="utf-8")
    return path


def print_latex(source: Path, pdf: Path) -> None:
    """pdflatex twice (longtable settles its column widths on the second pass); SOURCE_DATE_EPOCH
    keeps the PDF's dates fixed."""
    env = {"PATH": "/usr/bin:/bin", "SOURCE_DATE_EPOCH": "0", "FORCE_SOURCE_DATE": "1", "HOME": str(source.parent)}
    for _ in range(2):
        subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", source.name],
                       cwd=source.parent, check=True, capture_output=True, timeout=180, env=env)
    shutil.move(str(source.with_suffix(".pdf")), pdf)


# --------------------------------------------------------------------------------------------
# Engines outside the committed corpus, for held-out layouts (``tests/regressions``): WeasyPrint
# from the same HTML, Gnumeric from Calc's sheet, Typst from a table of its own, groff's tbl
# (PostScript made a PDF by Ghostscript), AbiWord from Writer's document. WeasyPrint and Typst are
# PyPI packages (``pip install weasyprint typst``); Gnumeric, groff and AbiWord Debian ones
# (gnumeric, groff-base and ghostscript, abiword).


def print_weasyprint(html: Path, pdf: Path) -> None:
    import weasyprint

    weasyprint.HTML(filename=str(html)).write_pdf(str(pdf))


def print_gnumeric(fods: Path, pdf: Path) -> None:
    """LibreOffice saves the sheet as .xlsx (Gnumeric reads no flat ODF); Gnumeric prints every
    sheet of it, at its own page breaks (no fit to width, no repeated header)."""
    with tempfile.TemporaryDirectory(prefix="corpus-lo-out-") as outdir:
        xlsx = _soffice_convert(fods, Path(outdir), "xlsx")
        subprocess.run(["ssconvert", "--export-type=Gnumeric_pdf:pdf_assistant", str(xlsx), str(pdf)],
                       check=True, capture_output=True, timeout=300)


def _typst_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_typst(style: Style, rows: list[GoldenRow], path: Path) -> Path:
    """A Typst document: ``table.header`` repeats on every page, an indicator printed once spans
    its group (``rowspan``); cells tight (1pt inset), so a one-line row stands closer than a
    wrapped cell's lines, and text wider than its cell runs out of it."""
    s = _typst_string
    width, height = style.page_mm()
    stroke = {"grid": "stroke: 0.5pt,", "hrules": "stroke: (x, y) => (bottom: 0.5pt),", "none": "stroke: none,",
              "zebra": "stroke: none, fill: (x, y) => if y > 1 and calc.even(y) { luma(228) },"}[style.borders]
    out = [f"#set page(width: {width}mm, height: {height}mm, margin: 15mm)",
           f'#set text(font: {s(style.font)}, size: {style.size}pt, lang: "nl")',
           f'#text(size: 18pt, weight: "bold")[#{s(style.title)}]', "", f"#text(size: 11pt)[#{s(BODY)}]"]
    for i, (years, labelled) in enumerate(parts(style, years_of(rows))):
        heading = HEADING if i == 0 else f"{HEADING} (vervolg)"
        out += ["#pagebreak()", f'#text(size: 13pt, weight: "bold")[#{s(heading)}]']
        columns = ([f"{style.indicator_mm}mm", f"{style.specification_mm}mm"] if labelled else [])
        columns += [f"{style.value_mm}mm"] * (2 * len(years))
        if style.header == "two-level":
            head = ["table.cell(rowspan: 2)[*Indicator*]", "table.cell(rowspan: 2)[*Specificatie*]"] if labelled else []
            head += [f"table.cell(colspan: 2, align: center, strong({s(str(year))}))" for year in years]
            head += [f"strong({s(area)})" for _ in years for area in style.areas]
        else:
            head = ["[*Indicator*]", "[*Specificatie*]"] if labelled else []
            head += [f"strong({s(f'{year} {area}')})" for year in years for area in style.areas]
        cells = ["table.header(" + ", ".join(head) + "),"]
        for group in groups(rows):
            for k, row in enumerate(group):
                line = []
                if labelled:
                    if not style.indicator_once:
                        line.append(s(row.indicator))
                    elif k == 0:
                        line.append(f"table.cell(rowspan: {len(group)}, {s(row.indicator)})")
                    line.append(s(row.specification))
                line += [f"table.cell(align: right, {s(row.cells.get((year, area), ''))})"
                         for year in years for area in ("NPLV", "NL")]
                cells.append(", ".join(line) + ",")
        out.append(f"#table(columns: ({', '.join(columns)}), inset: (x: 2pt, y: 1pt), {stroke}\n"
                   + "\n".join(cells) + "\n)")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def print_typst(source: Path, pdf: Path) -> None:
    import typst

    typst.compile(str(source), output=str(pdf))


# groff's font families for the styles' fonts: Times, Helvetica, Palatino (Ghostscript's URW).
_GROFF_FAMILIES = {"Liberation Serif": "T", "Liberation Sans": "H", "DejaVu Sans": "H", "DejaVu Serif": "P"}


def _roff(text: str) -> str:
    """A line of text for troff: "\\&" first, so a leading "." or "'" is no request."""
    return "\\&" + text.replace("\\", "\\e").replace("\u2013", "\\(en")


def write_groff(style: Style, rows: list[GoldenRow], path: Path) -> Path:
    """A groff ``ms`` document with a ``tbl`` table per part: the header repeated on every page
    (``.TS H`` / ``.TH``), an indicator printed once spans its group (``\\^``), label cells as
    text blocks (``T{`` / ``T}``), filled and hyphenated unless ``style.justified`` is off. tbl
    puts a gap between columns the widths leave out, and prints a table wider than its line on,
    past the page's edge (it warns)."""
    width, height = style.page_mm()
    out = [".nr PO 1.5c", f".nr LL {(width - 30) / 10:.2f}c", f".pl {height / 10:.2f}c",
           f".fam {_GROFF_FAMILIES.get(style.font, 'T')}", ".nr HM 1.5c", ".nr FM 1.5c", ".LP",
           f".ll {(width - 30) / 10:.2f}c"] + ([] if style.justified else [".na", ".nh"])
    out += [".ps 16", f'.B "{style.title}"', ".ps 10", ".LP", _roff(BODY)]
    for i, (years, labelled) in enumerate(parts(style, years_of(rows))):
        heading = HEADING if i == 0 else f"{HEADING} (vervolg)"
        out += [".bp", ".LP", ".ps 13", f'.B "{heading}"', f".ps {style.size}", f".vs {style.size * 1.2:.1f}p",
                f".nr PS {style.size}", f".nr VS {style.size * 1.2:.1f}"]
        label_heads = ["Indicator", "Specificatie"] if labelled else []
        if style.header == "two-level":
            formats = [" ".join((["cb", "cb"] if labelled else []) + ["cb s"] * len(years)),
                       " ".join((["^", "^"] if labelled else []) + ["cb cb"] * len(years))]
            head = ["|".join(label_heads + [str(year) for year in years]),  # a spanned column takes no entry
                    "|".join((["\\^", "\\^"] if labelled else []) + [_roff(a) for _ in years for a in style.areas])]
        else:
            formats = [" ".join((["cb", "cb"] if labelled else []) + ["cb cb"] * len(years))]
            head = ["|".join(label_heads + [f"T{{\n{year} {area}\nT}}" for year in years for area in style.areas])]
        label_formats = [f"lw({style.indicator_mm / 10:.2f}c){'t' if style.size < 8 else ''}",
                         f"lw({style.specification_mm / 10:.2f}c)"] if labelled else []
        body = " ".join(label_formats + [f"rw({style.value_mm / 10:.2f}c)"] * (2 * len(years))) + "."
        box = {"grid": "allbox ", "zebra": "box ", "hrules": "", "none": ""}[style.borders]
        rule = ["_"] if style.borders == "hrules" else []
        out += [".TS H", f"{box}tab(|);", *formats, body, *head, *rule, ".TH"]
        for group in groups(rows):
            for k, row in enumerate(group):
                line = []
                if labelled:
                    spans = style.indicator_once and k > 0
                    line.append("\\^" if spans else f"T{{\n{_roff(row.indicator)}\nT}}")
                    line.append(f"T{{\n{_roff(row.specification)}\nT}}" if row.specification else "")
                line += [_roff(row.cells[(year, area)]) if row.cells.get((year, area)) else ""
                         for year in years for area in ("NPLV", "NL")]
                out += ["|".join(line), *rule]
        out.append(".TE")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def print_groff(style: Style, source: Path, pdf: Path) -> None:
    """groff (-k: UTF-8 input, -t: tbl, -ms) to PostScript, Ghostscript's ps2pdf to a PDF of the
    style's page."""
    width, height = style.page_mm()
    postscript = source.with_suffix(".ps")
    with open(postscript, "wb") as out:
        subprocess.run(["groff", "-k", "-ms", "-t", "-Tps", f"-P-p{height / 10:.2f}c,{width / 10:.2f}c", str(source)],
                       check=True, stdout=out, stderr=subprocess.DEVNULL, timeout=300)
    subprocess.run(["ps2pdf", f"-dDEVICEWIDTHPOINTS={width / 25.4 * 72:.0f}",
                    f"-dDEVICEHEIGHTPOINTS={height / 25.4 * 72:.0f}", "-dFIXEDMEDIA", str(postscript), str(pdf)],
                   check=True, capture_output=True, timeout=300)


def print_abiword(fodt: Path, pdf: Path) -> None:
    """LibreOffice saves Writer's document as .odt (AbiWord reads no flat ODF, nor this HTML);
    AbiWord lays it out with its own engine (a table wider than its page runs past the edge)."""
    with tempfile.TemporaryDirectory(prefix="corpus-lo-out-") as outdir, \
            tempfile.TemporaryDirectory(prefix="corpus-abiword-home-") as home:
        odt = _soffice_convert(fodt, Path(outdir), "odt")
        subprocess.run(["abiword", "--to=pdf", "-o", str(pdf), str(odt)], check=True, capture_output=True,
                       timeout=300, env={"PATH": "/usr/bin:/bin", "HOME": home})


def write_fo(style: Style, rows: list[GoldenRow], path: Path) -> Path:
    """An XSL-FO document (the formatting objects DocBook and DITA publish through) with an
    ``fo:table`` per part: the header repeated at every page break (``fo:table-header``), an
    indicator printed once spans its group (``number-rows-spanned``), a year its two area columns.
    FOP sets it in its base-14 fonts (Helvetica for sans-serif, Times for serif)."""
    width, height = style.page_mm()
    family = "Times" if style.generic == "serif" else "Helvetica"
    border = "0.5pt solid black"

    def cell(text: str, bold: bool = False, columns: int = 1, rows_spanned: int = 1, align: str = "start",
             shade: bool = False) -> str:
        attrs = ' padding="1pt"'
        if style.borders == "grid":
            attrs += f' border="{border}"'
        elif style.borders == "hrules":
            attrs += f' border-bottom="{border}"'
        if shade:
            attrs += ' background-color="#e8e8e8"'
        if columns > 1:
            attrs += f' number-columns-spanned="{columns}"'
        if rows_spanned > 1:
            attrs += f' number-rows-spanned="{rows_spanned}"'
        weight = ' font-weight="bold"' if bold else ""
        return (f'<fo:table-cell{attrs}><fo:block text-align="{align}"{weight}>{xml_escape(text)}</fo:block>'
                f'</fo:table-cell>')

    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<fo:root xmlns:fo="http://www.w3.org/1999/XSL/Format"><fo:layout-master-set>',
           f'<fo:simple-page-master master-name="page" page-width="{width}mm" page-height="{height}mm" '
           'margin="15mm"><fo:region-body/></fo:simple-page-master></fo:layout-master-set>',
           f'<fo:page-sequence master-reference="page"><fo:flow flow-name="xsl-region-body" font-family="{family}">',
           f'<fo:block font-size="16pt" font-weight="bold" space-after="6pt">{xml_escape(style.title)}</fo:block>',
           f'<fo:block font-size="10pt">{xml_escape(BODY)}</fo:block>']
    for i, (years, labelled) in enumerate(parts(style, years_of(rows))):
        heading = HEADING if i == 0 else f"{HEADING} (vervolg)"
        out.append(f'<fo:block break-before="page" font-size="13pt" font-weight="bold" space-after="4pt">'
                   f'{xml_escape(heading)}</fo:block>')
        out.append(f'<fo:table table-layout="fixed" font-size="{style.size}pt" border-collapse="collapse">')
        widths = ([style.indicator_mm, style.specification_mm] if labelled else []) + [style.value_mm] * (2 * len(years))
        out += [f'<fo:table-column column-width="{w}mm"/>' for w in widths]
        out.append("<fo:table-header>")
        if style.header == "two-level":
            heads = [cell(h, bold=True, rows_spanned=2) for h in ("Indicator", "Specificatie")] if labelled else []
            out.append("<fo:table-row>" + "".join(heads + [cell(str(y), True, columns=2, align="center")
                                                           for y in years]) + "</fo:table-row>")
            out.append("<fo:table-row>" + "".join(cell(a, True, align="center") for _ in years for a in style.areas)
                       + "</fo:table-row>")
        else:
            heads = [cell(h, bold=True) for h in ("Indicator", "Specificatie")] if labelled else []
            out.append("<fo:table-row>" + "".join(heads + [cell(f"{y} {a}", True, align="center")
                                                           for y in years for a in style.areas]) + "</fo:table-row>")
        out.append("</fo:table-header><fo:table-body>")
        number = 0
        for group in groups(rows):
            for k, row in enumerate(group):
                shade = style.borders == "zebra" and number % 2 == 1
                number += 1
                line = []
                if labelled:
                    if not style.indicator_once:
                        line.append(cell(row.indicator, shade=shade))
                    elif k == 0:
                        line.append(cell(row.indicator, rows_spanned=len(group), shade=shade))
                    line.append(cell(row.specification, shade=shade))
                line += [cell(row.cells.get((year, area), ""), align="end", shade=shade)
                         for year in years for area in ("NPLV", "NL")]
                out.append("<fo:table-row>" + "".join(line) + "</fo:table-row>")
        out.append("</fo:table-body></fo:table>")
    out.append("</fo:flow></fo:page-sequence></fo:root>")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def print_fop(source: Path, pdf: Path) -> None:
    """Apache FOP (Debian fop) formats the XSL-FO to a PDF."""
    subprocess.run(["fop", "-q", "-fo", str(source), "-pdf", str(pdf)], check=True, capture_output=True, timeout=600)


_FONT_FILES = {  # a style's font as a TrueType file to embed (asciidoctor-pdf, fpdf2), by face
    "Liberation Sans": "/usr/share/fonts/truetype/liberation/LiberationSans-{}.ttf",
    "Liberation Serif": "/usr/share/fonts/truetype/liberation/LiberationSerif-{}.ttf",
    "DejaVu Sans": "/usr/share/fonts/truetype/dejavu/DejaVuSans{}.ttf",
}


def _font_faces(font: str) -> dict[str, str]:
    """What a face adds to ``_FONT_FILES``' name of ``font``'s file."""
    if font == "DejaVu Sans":
        return {"normal": "", "bold": "-Bold", "italic": "-Oblique", "bold_italic": "-BoldOblique"}
    return {"normal": "Regular", "bold": "Bold", "italic": "Italic", "bold_italic": "BoldItalic"}


def write_adoc(style: Style, rows: list[GoldenRow], path: Path) -> Path:
    """An AsciiDoc document (a documentation chain's source) with a table per part, and the theme
    asciidoctor-pdf sets it with beside it (``<stem>-theme.yml``): its font (Helvetica or Times,
    Prawn's built-in fonts, or an embedded TrueType font) and size. AsciiDoc's header is one row,
    repeated at page breaks; a two-level header prints its area names as the first body row, under
    empty label cells. An indicator printed once spans its group (``.3+|``); labels are passed
    through as written (no typographic quotes); rules are the table's frame and grid; page numbers
    in the footer, as the default theme prints them."""
    width, height = style.page_mm()
    ttf = _FONT_FILES.get(style.font)
    family = style.font if ttf else ("Times-Roman" if style.generic == "serif" else "Helvetica")
    theme = ["extends: base", f"base:\n  font-family: {family}\n  font-size: 10",
             f"table:\n  font-size: {style.size}\n  border-width: 0.5\n  grid-width: 0.5\n  cell-padding: [2, 3, 2, 3]",
             "footer:\n  height: 12mm\n  recto:\n    right:\n      content: '{page-number}'\n"
             "  verso:\n    left:\n      content: '{page-number}'"]
    if ttf:
        faces = _font_faces(style.font)
        theme.append("font:\n  catalog:\n    merge: true\n    " + f"{style.font}:\n"
                     + "".join(f"      {face}: {ttf.format(name)}\n" for face, name in faces.items()))
    theme_path = path.with_name(f"{path.stem}-theme.yml")
    theme_path.write_text("\n".join(theme) + "\n", encoding="utf-8")
    frame, grid = {"grid": ("all", "all"), "hrules": ("topbot", "rows"), "none": ("none", "none"),
                   "zebra": ("none", "none")}[style.borders]
    stripes = "even" if style.borders == "zebra" else "none"

    def text(value: str) -> str:
        return f"pass:[{value}]" if value else ""

    out = [f"= {style.title}", f":pdf-page-size: [{width:.1f}mm, {height:.1f}mm]", ":pdf-page-margin: 15mm",
           f":pdf-theme: {theme_path.name}", ":pdf-themesdir: {docdir}", ":nofooter!:", "", BODY, ""]
    for i, (years, labelled) in enumerate(parts(style, years_of(rows))):
        out += ["<<<", f"== {HEADING}" if i == 0 else f"== {HEADING} (vervolg)", ""]
        widths = ([style.indicator_mm, style.specification_mm] if labelled else []) + [style.value_mm] * (2 * len(years))
        out.append(f'[cols="{",".join(f"{w:g}" for w in widths)}",options="header",frame={frame},grid={grid},'
                   f'stripes={stripes},width=100%]')
        out.append("|===")
        labels = ["|Indicator", "|Specificatie"] if labelled else []
        if style.header == "two-level":
            out.append(" ".join(labels + [f"2+^|{y}" for y in years]))
            out.append(" ".join((["|", "|"] if labelled else []) + [f"^|{a}" for _ in years for a in style.areas]))
        else:
            out.append(" ".join(labels + [f"^|{y} {a}" for y in years for a in style.areas]))
        for group in groups(rows):
            for k, row in enumerate(group):
                line = []
                if labelled:
                    if not style.indicator_once:
                        line.append(f"|{text(row.indicator)}")
                    elif k == 0:
                        span = f".{len(group)}+" if len(group) > 1 else ""
                        line.append(f"{span}|{text(row.indicator)}")
                    line.append(f"|{text(row.specification)}")
                line += [f">|{row.cells.get((year, area), '')}" for year in years for area in ("NPLV", "NL")]
                out.append(" ".join(line))
        out += ["|===", ""]
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def print_asciidoctor(source: Path, pdf: Path) -> None:
    """asciidoctor-pdf (Debian ruby-asciidoctor-pdf: Ruby's Prawn) converts the AsciiDoc to a PDF."""
    subprocess.run(["asciidoctor-pdf", "-o", str(pdf), str(source)], check=True, capture_output=True, timeout=600)


# --------------------------------------------------------------------------------------------
# Text exports and the manifest


def page_texts(pdf: Path, extractor: str) -> str:
    if extractor.startswith("pdftotext"):
        flag = {"pdftotext": [], "pdftotext-layout": ["-layout"], "pdftotext-raw": ["-raw"]}[extractor]
        return subprocess.run(["pdftotext", *flag, "-enc", "UTF-8", str(pdf), "-"], check=True,
                              capture_output=True).stdout.decode("utf-8")
    if extractor == "ghostscript":  # Ghostscript's txtwrite (ps2ascii): lines in columns of spaces
        return subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=txtwrite", "-sOutputFile=-", str(pdf)],
                              check=True, capture_output=True, timeout=300).stdout.decode("utf-8")
    if extractor == "pdfbox":  # Apache PDFBox's ExtractText (Debian libpdfbox2-java, on Java)
        jars = ":".join(str(jar) for jar in sorted(Path("/usr/share/java").glob("*.jar"))
                        if jar.name.startswith(("pdfbox", "fontbox", "commons-logging")))
        return subprocess.run(["java", "-cp", jars, "org.apache.pdfbox.tools.ExtractText", "-encoding", "UTF-8",
                               str(pdf), "/dev/stdout"], check=True, capture_output=True, timeout=300).stdout.decode("utf-8")
    if extractor == "pymupdf4llm":  # PyMuPDF4LLM's Markdown (PyPI pymupdf4llm 0.3): ruled tables as pipe tables
        import pymupdf4llm

        return pymupdf4llm.to_markdown(str(pdf), show_progress=False)
    if extractor in ("pymupdf", "pymupdf-sort"):  # PyMuPDF's page.get_text(), in its stream's order or sorted
        import pymupdf

        with pymupdf.open(pdf) as doc:
            return "\f".join(page.get_text(sort=extractor.endswith("sort")) for page in doc)
    if extractor == "pymupdf-blocks":  # PyMuPDF's sorted text blocks, a blank line between them
        import pymupdf

        with pymupdf.open(pdf) as doc:
            return "\f".join("\n\n".join(block[4].strip() for block in page.get_text("blocks", sort=True))
                             for page in doc)
    if extractor == "mupdf":  # MuPDF's text (mupdf-tools): a form feed ends each page
        return subprocess.run(["mutool", "draw", "-q", "-F", "txt", "-o", "-", str(pdf)], check=True,
                              capture_output=True).stdout.decode("utf-8")
    if extractor in ("pdfplumber", "pdfplumber-layout"):
        import pdfplumber

        with pdfplumber.open(pdf) as doc:
            return "\f".join(page.extract_text(layout=extractor.endswith("layout")) or "" for page in doc.pages)
    if extractor == "pdfminer":
        from pdfminer.high_level import extract_text

        return extract_text(str(pdf))  # pages end in a form feed
    if extractor in ("pypdf", "pypdf-layout"):
        from pypdf import PdfReader

        mode = "layout" if extractor.endswith("layout") else "plain"
        return "\f".join(page.extract_text(extraction_mode=mode) for page in PdfReader(str(pdf)).pages)
    if extractor in ("pdfjs", "pdf-parse"):  # Node: pdf.js's text items, or the npm package pdf-parse
        script = {"pdfjs": "pdfjs-text.mjs", "pdf-parse": "pdf-parse-text.cjs"}[extractor]
        node = Path(__file__).parent / "node"  # `npm install` there first (tests/support/node/package.json)
        return subprocess.run(["node", str(node / script), str(Path(pdf).resolve())], check=True, capture_output=True, cwd=node,
                              timeout=300).stdout.decode("utf-8")
    if extractor == "pdfium":
        import pypdfium2

        doc = pypdfium2.PdfDocument(str(pdf))
        try:
            return "\f".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
        finally:
            doc.close()
    raise ValueError(extractor)


def check_split(pdf: Path, first: str, last: str) -> None:
    """``first`` on a page and ``last`` only on the next one: the row is split over the page break."""
    pages = page_texts(pdf, "pdftotext").replace("\n", " ").split("\f")
    for here, there in zip(pages, pages[1:]):
        if first in here and last not in here and last in there:
            return
    raise RuntimeError(f"{pdf.name}: the cell {first!r} ... {last!r} is not split over a page break")


def pdf_info(pdf: Path) -> tuple[str, int]:
    """('Producer / Creator', pages) from the PDF's metadata."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        meta = doc.get_metadata_dict()
        return f"{meta.get('Producer', '')} / {meta.get('Creator', '')}", len(doc)
    finally:
        doc.close()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


MANIFEST_FIELDS = ("file", "edition", "producer", "kind", "extractor", "style", "pages", "sha256")

# Each producer: the source it prints (written by a function of the style and the rows, with its
# file suffix), and how it prints that source to a PDF.
def write_rows_json(style: Style, rows: list[GoldenRow], path: Path) -> Path:
    """The rows as JSON, for a producer that draws the table itself from Python (fpdf2)."""
    path.write_text(json.dumps([dict(indicator=r.indicator, specification=r.specification,
                                     cells={f"{year} {area}": text for (year, area), text in r.cells.items()})
                                for r in rows], ensure_ascii=False), encoding="utf-8")
    return path


def print_fpdf(style: Style, source: Path, pdf: Path) -> None:
    """fpdf2 (a Python PDF library, ``pip install fpdf2``) draws the table with its ``table()``:
    the header repeated on each page, an indicator printed once spanning its group (rowspan),
    cells centred on their rows (its default), text wider than its cell wrapped, anywhere in a
    word that has no room ("9166.00" / "%")."""
    from fpdf import FPDF  # test support only: the committed PDFs need no fpdf2

    rows = [GoldenRow(n, r["indicator"], r["specification"],
                      {(int(k.split()[0]), k.split()[1]): v for k, v in r["cells"].items()})
            for n, r in enumerate(json.loads(source.read_text(encoding="utf-8")), 1)]
    years = years_of(rows)
    width, height = style.page_mm()
    document = FPDF(unit="mm", format=(width, height))
    ttf, faces = _FONT_FILES[style.font], _font_faces(style.font)
    document.add_font("F", "", ttf.format(faces["normal"]))
    document.add_font("F", "B", ttf.format(faces["bold"]))
    document.set_auto_page_break(True, 12)
    document.add_page()
    document.set_font("F", "B", 14)
    document.multi_cell(0, 7, style.title, new_x="LMARGIN", new_y="NEXT")
    document.set_font("F", "", 10)
    document.multi_cell(0, 5, BODY, new_x="LMARGIN", new_y="NEXT")
    document.add_page()
    document.set_font("F", "B", 12)
    document.cell(0, 8, HEADING, new_x="LMARGIN", new_y="NEXT")
    document.set_font("F", "", style.size)
    two_level = style.header == "two-level"
    borders = {"grid": "ALL", "hrules": "HORIZONTAL_LINES", "none": "NONE", "zebra": "NONE"}[style.borders]
    with document.table(col_widths=[style.indicator_mm, style.specification_mm] + [style.value_mm] * (2 * len(years)),
                        width=style.indicator_mm + style.specification_mm + 2 * len(years) * style.value_mm,
                        text_align="LEFT", line_height=style.size * 0.45, first_row_as_headings=True,
                        num_heading_rows=2 if two_level else 1, repeat_headings=1, borders_layout=borders,
                        cell_fill_color=(230, 230, 230) if style.borders == "zebra" else None,
                        cell_fill_mode="ROWS" if style.borders == "zebra" else "NONE") as table:
        head = table.row()
        if two_level:
            head.cell("Indicator", rowspan=2)
            head.cell("Specificatie", rowspan=2)
            for year in years:
                head.cell(str(year), colspan=2, align="CENTER")
            head = table.row()
            for _ in years:
                for area in style.areas:
                    head.cell(area)
        else:
            head.cell("Indicator")
            head.cell("Specificatie")
            for year in years:
                for area in style.areas:
                    head.cell(f"{year} {area}")
        for group in groups(rows):
            for k, row in enumerate(group):
                line = table.row()
                if not style.indicator_once:
                    line.cell(row.indicator)
                elif k == 0:
                    line.cell(row.indicator, rowspan=len(group))
                line.cell(row.specification)
                for year in years:
                    for area in ("NPLV", "NL"):
                        line.cell(row.cells.get((year, area), ""), align="RIGHT")
    document.output(str(pdf))


PRODUCERS = {
    "chromium": (write_html, "html", lambda style, source, pdf: print_chromium(source, pdf)),
    "calc": (write_fods, "fods", lambda style, source, pdf: print_libreoffice(source, pdf)),
    "writer": (write_fodt, "fodt", lambda style, source, pdf: print_libreoffice(source, pdf)),
    "wkhtmltopdf": (write_html, "html", print_wkhtmltopdf),
    "latex": (write_tex, "tex", lambda style, source, pdf: print_latex(source, pdf)),
    "weasyprint": (write_html, "html", lambda style, source, pdf: print_weasyprint(source, pdf)),
    "gnumeric": (write_fods, "fods", lambda style, source, pdf: print_gnumeric(source, pdf)),
    "typst": (write_typst, "typ", lambda style, source, pdf: print_typst(source, pdf)),
    "groff": (write_groff, "ms", print_groff),
    "abiword": (write_fodt, "fodt", lambda style, source, pdf: print_abiword(source, pdf)),
    "fop": (write_fo, "fo", lambda style, source, pdf: print_fop(source, pdf)),
    "asciidoctor": (write_adoc, "adoc", lambda style, source, pdf: print_asciidoctor(source, pdf)),
    "docx": (write_docx, "docx", lambda style, source, pdf: print_libreoffice(source, pdf)),
    "firefox": (write_html, "html", print_firefox),
    # pandas' own HTML (``DataFrame.to_html``), printed by Chromium and Firefox
    "pandas-chromium": (write_pandas_html, "html", lambda style, source, pdf: print_chromium(source, pdf)),
    "pandas-firefox": (write_pandas_html, "html", print_firefox),
    "pandas-weasyprint": (write_pandas_html, "html", lambda style, source, pdf: print_weasyprint(source, pdf)),
    "pandas-wkhtmltopdf": (write_pandas_html, "html", print_wkhtmltopdf),
    # A Markdown table made a PDF by pandoc, through its HTML or its Word document
    "pandoc-weasyprint": (write_pandoc_markdown, "md", print_pandoc_weasyprint),
    "pandoc-chromium": (write_pandoc_markdown, "md", print_pandoc_chromium),
    "pandoc-docx": (write_pandoc_markdown, "md", print_pandoc_docx),
    "fpdf": (write_rows_json, "json", print_fpdf),
}


def build_one(style: Style, outdir: Path, workdir: Path) -> list[dict]:
    rows = edition_rows(style.edition)
    style.check_fits(len(years_of(rows)))
    pdf = outdir / f"{style.stem}.pdf"
    if style.producer not in PRODUCERS:
        raise ValueError(style.producer)
    write, suffix, print_pdf = PRODUCERS[style.producer]
    print_pdf(style, write(style, rows, workdir / f"{style.stem}.{suffix}"), pdf)
    producer, pages = pdf_info(pdf)
    if style.split_cell:
        check_split(pdf, *style.split_cell)
    entries = [dict(file=pdf.name, edition=style.edition, producer=producer, kind="pdf", extractor="none",
                    style=style.description, pages=pages, sha256=sha256(pdf))]
    for extractor in EXTRACTORS:
        text = outdir / f"{style.stem}.{extractor}.txt"
        text.write_text(page_texts(pdf, extractor), encoding="utf-8")
        entries.append(dict(entries[0], file=text.name, kind="text", extractor=extractor, sha256=sha256(text)))
    return entries


def write_manifest(outdir: Path, entries: list[dict]) -> Path:
    path = outdir / "MANIFEST.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, MANIFEST_FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(sorted(entries, key=lambda e: e["file"]))
    return path


def add_exports(outdir: Path, extractors: list[str]) -> None:
    """Write the given extractors' text exports of every PDF in the manifest (the PDFs as they
    are: no engine needed) and list them in the manifest."""
    with (outdir / "MANIFEST.csv").open(encoding="utf-8", newline="") as handle:
        entries = [e for e in csv.DictReader(handle)]
    pdfs = [e for e in entries if e["kind"] == "pdf"]
    for entry in pdfs:
        pdf = outdir / entry["file"]
        for extractor in extractors:
            text = outdir / f"{pdf.stem}.{extractor}.txt"
            text.write_text(page_texts(pdf, extractor), encoding="utf-8")
            entries = [e for e in entries if e["file"] != text.name]
            entries.append(dict(entry, file=text.name, kind="text", extractor=extractor, sha256=sha256(text)))
    write_manifest(outdir, entries)


def build(outdir: Path, only: list[str] | None = None, keep_sources: Path | None = None) -> None:
    outdir.mkdir(parents=True, exist_ok=True)
    entries = []
    with tempfile.TemporaryDirectory(prefix="corpus-src-") as tmp:
        workdir = keep_sources or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        for style in STYLES:
            if only and style.stem not in only:
                continue
            print(f"{style.stem} ({style.producer})", file=sys.stderr)
            entries += build_one(style, outdir, workdir)
    if not only:
        write_manifest(outdir, entries)


def measure(corpus: Path, outdir: Path) -> list[dict]:
    """Run the pipeline (as a separate process, never imported here) on every file of the corpus;
    where it wrote indicators.parquet, count the cells whose printed text matches the golden."""
    import pandas as pd

    golden = load_golden()
    cells = {"2024-2025": golden_cell_texts(golden), "2025-2026": next_edition(golden).cells()}
    results = []
    with (corpus / "MANIFEST.csv").open(encoding="utf-8", newline="") as handle:
        entries = list(csv.DictReader(handle))
    for entry in entries:
        out = outdir / Path(entry["file"]).name
        run = subprocess.run([sys.executable, "-m", "pipeline", "run", str(corpus / entry["file"]), "--out", str(out),
                              "--quiet", "--fail-on", "never"], capture_output=True, text=True, timeout=600)
        result = dict(file=entry["file"], edition=entry["edition"], exit=run.returncode,
                      stderr=(run.stderr.strip().splitlines() or [""])[0], cells="", matching="")
        parquet = out / "indicators.parquet"
        if run.returncode in (0, 1) and parquet.exists():
            frame = pd.read_parquet(parquet)
            got = {(r.indicator, r.specification or "", int(r.year), r.area): r.printed for r in frame.itertuples()}
            stem = entry["file"].split(".")[0]
            expected = {(printed_label(stem, ind), printed_label(stem, spec), year, area): text
                        for (ind, spec, year, area), text in cells[entry["edition"]].items()}
            # A label the run reports as run together and kept as found: its letters are compared.
            anomalies = pd.read_parquet(out / "anomalies.parquet")
            kept = set(anomalies.loc[(anomalies["check"] == "labels_spaced_as_printed")
                                     & anomalies["message"].str.contains("kept as found"), "indicator_id"])
            squeezed = {("".join(r.indicator.split()), "".join((r.specification or "").split()), int(r.year), r.area):
                        r.printed for r in frame.itertuples() if r.indicator_id in kept}
            for ind, spec, year, area in expected:
                key = ("".join(ind.split()), "".join(spec.split()), year, area)
                if (ind, spec, year, area) not in got and key in squeezed:
                    got[(ind, spec, year, area)] = squeezed[key]
            result["cells"] = len(frame)
            result["matching"] = f"{sum(got.get(key) == printed for key, printed in expected.items())}/{len(expected)}"
        print(f"{result['file']}: exit {result['exit']} {result['matching']}", file=sys.stderr)
        results.append(result)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.support.corpus", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    build_cmd = sub.add_parser("build", help="print every style's PDF and its text exports into OUTDIR")
    build_cmd.add_argument("outdir", type=Path)
    build_cmd.add_argument("--only", nargs="*", help="build only these stems (no MANIFEST.csv is written)")
    build_cmd.add_argument("--keep-sources", type=Path, help="keep the HTML/FODS/FODT sources in this folder")
    exports_cmd = sub.add_parser("exports", help="write text exports of the corpus PDFs as they are (no engine needed)")
    exports_cmd.add_argument("outdir", type=Path)
    exports_cmd.add_argument("--extractors", nargs="+", choices=EXTRACTORS, default=list(EXTRACTORS))
    measure_cmd = sub.add_parser("measure", help="run the pipeline on every corpus file; print a Markdown table")
    measure_cmd.add_argument("corpus", type=Path)
    measure_cmd.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "corpus-out")
    args = parser.parse_args(argv)
    if args.command == "build":
        build(args.outdir, args.only, args.keep_sources)
        return 0
    if args.command == "exports":
        add_exports(args.outdir, args.extractors)
        return 0
    print("| file | edition | exit | first line of stderr | cells read | matching golden |")
    print("| --- | --- | --- | --- | --- | --- |")
    for r in measure(args.corpus, args.out):
        stderr = r["stderr"].replace("|", "\\|").replace(f"{args.corpus}/", "")
        print(f"| {r['file']} | {r['edition']} | {r['exit']} | {stderr} | {r['cells']} | {r['matching']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Images of printed cells, cut from the PDF page, so a reviewer sees the source without the PDF.

pdfplumber renders each page once; every requested cell is cropped from that page image with a
margin around its bounding box. PNG bytes are deterministic for the same input, so the QA report
that embeds them stays byte-identical across runs.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

CellKey = tuple[str, str, int, str]  # edition, indicator_id, year, area


@dataclass(frozen=True)
class CellImageSettings:
    resolution: int = 200  # dots per inch of the rendered page
    margin_x: float = 6.0  # points of the page kept left and right of the cell
    margin_y: float = 3.0  # points kept above and below


def cell_images(
    cells: pd.DataFrame,
    wanted: Iterable[CellKey],
    pdf_sources: Mapping[str, object],
    settings: CellImageSettings = CellImageSettings(),
) -> dict[CellKey, bytes]:
    """PNG images of the wanted cells that were read from a PDF (``pdf_sources``: file name -> PdfEdition).

    A cell without a PDF source or bounding box (a text edition's cell) gets no image.
    """
    wanted = set(wanted)
    if not wanted or cells.empty:
        return {}
    keyed = cells.assign(cell_key=list(zip(cells["edition"].astype(str), cells["indicator_id"],
                                       cells["year"].astype(int), cells["area"].astype(str), strict=True)))
    keyed = keyed[keyed["cell_key"].isin(wanted) & keyed["bbox"].map(lambda b: isinstance(b, dict))]
    images: dict[CellKey, bytes] = {}
    rendered: dict[tuple[str, int], object] = {}
    scale = settings.resolution / 72
    for row in keyed.sort_values(["source", "page"]).itertuples():
        source = pdf_sources.get(str(row.source))
        if source is None or pd.isna(row.page):
            continue
        page_key = (str(row.source), int(row.page))
        if page_key not in rendered:
            page = source.plumber.pages[int(row.page) - 1]
            rendered[page_key] = page.to_image(resolution=settings.resolution).original
        picture = rendered[page_key]
        box = row.bbox
        left = max(0, round((box["x0"] - settings.margin_x) * scale))
        top = max(0, round((box["top"] - settings.margin_y) * scale))
        right = min(picture.width, round((box["x1"] + settings.margin_x) * scale))
        bottom = min(picture.height, round((box["bottom"] + settings.margin_y) * scale))
        if right <= left or bottom <= top:
            continue
        buffer = io.BytesIO()
        picture.crop((left, top, right, bottom)).convert("RGB").save(buffer, format="PNG", optimize=True)
        images[row.cell_key] = buffer.getvalue()
    return images

"""Images of printed cells, cut from the PDF page, so a reviewer sees the source without the PDF.

``CellImages`` is a mapping from a cell to its PNG image that cuts each image when it is first
asked for: built where the run knows which cells are flagged, it is read by the QA report, which
renders each page it needs once (pdfium) and crops every requested cell from it with a margin
around its bounding box. PNG bytes are
deterministic for the same input, so the QA report that embeds them stays byte-identical.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

CellKey = tuple[str, str, int, str]  # edition, indicator_id, year, area


@dataclass(frozen=True)
class CellImageSettings:
    resolution: int = 200  # dots per inch of the rendered page
    margin_x: float = 6.0  # points of the page kept left and right of the cell
    margin_y: float = 3.0  # points kept above and below


class CellImages(Mapping[CellKey, bytes]):
    """PNG images of the wanted cells that were read from a PDF, cut when first asked for.

    ``pdfs``: source file name -> path of the PDF. A cell without a PDF source or bounding box (a
    text edition's cell) has no image.
    """

    def __init__(self, cells: pd.DataFrame, wanted: Iterable[CellKey], pdfs: Mapping[str, Path],
                 settings: CellImageSettings = CellImageSettings()):
        wanted = set(wanted)
        # cell -> (source file, page number, bounding box)
        boxes: dict = {}
        if wanted and not cells.empty:
            for row in cells[["edition", "indicator_id", "year", "area", "source", "page", "bbox"]].itertuples(index=False):
                key = (str(row.edition), row.indicator_id, int(row.year), str(row.area))
                if key in wanted and isinstance(row.bbox, dict) and str(row.source) in pdfs and not pd.isna(row.page):
                    boxes[key] = (str(row.source), int(row.page), row.bbox)
        self._start(boxes, pdfs, settings)

    @classmethod
    def of_boxes(cls, boxes: Mapping, pdfs: Mapping[str, Path], settings: CellImageSettings = CellImageSettings()):
        """Images of anything printed in a box: key -> (source file, page number, bounding box)
        (a flagged claim's figure, say); boxes on sources that are not PDFs have none."""
        images = cls.__new__(cls)
        images._start({k: v for k, v in boxes.items() if v[0] in pdfs}, pdfs, settings)
        return images

    def _start(self, boxes: Mapping, pdfs: Mapping[str, Path], settings: CellImageSettings) -> None:
        self.settings = settings
        self.pdfs = {name: Path(path) for name, path in pdfs.items()}
        self.boxes = dict(boxes)
        self._pages: dict[str, object] = {}  # source -> the PDF opened by pdfium
        self._images: dict = {}

    def __getitem__(self, key: CellKey) -> bytes:
        if key not in self._images:
            self._images[key] = self._cut(key) if key in self.boxes else None
        image = self._images[key]
        if image is None:
            raise KeyError(key)
        return image

    def __iter__(self) -> Iterator[CellKey]:
        """The cells with a box on a PDF page; iterating cuts nothing (a box that lies wholly off
        its page, which a sound reader never gives, has no image when asked for)."""
        return iter(sorted(self.boxes))

    def __len__(self) -> int:
        return len(self.boxes)

    def _cut(self, key: CellKey) -> bytes | None:
        """The box with its margin, rendered by pdfium at the settings' resolution as pdfplumber's
        ``to_image`` renders a page (no smoothing), only that part of the page (a page at 200 dpi
        is about 12 MB; a long edition flags claims on hundreds of pages)."""
        source, page_number, box = self.boxes[key]
        settings = self.settings
        page = self._document(source)[page_number - 1]
        try:
            width, height = page.get_size()
            left, right = max(0.0, box["x0"] - settings.margin_x), min(width, box["x1"] + settings.margin_x)
            top, bottom = max(0.0, box["top"] - settings.margin_y), min(height, box["bottom"] + settings.margin_y)
            if right - left < 0.5 or bottom - top < 0.5:
                return None
            bitmap = page.render(scale=settings.resolution / 72, crop=(left, height - bottom, width - right, top),
                                 no_smoothtext=True, no_smoothpath=True, no_smoothimage=True, prefer_bgrx=True)
            picture = bitmap.to_pil().convert("RGB")
        finally:
            page.close()
        buffer = io.BytesIO()
        picture.save(buffer, format="PNG", optimize=True)
        return buffer.getvalue()

    def _document(self, source: str):
        """The source PDF opened by pdfium, once."""
        if source not in self._pages:
            import pypdfium2 as pdfium

            self._pages[source] = pdfium.PdfDocument(str(self.pdfs[source]))
        return self._pages[source]

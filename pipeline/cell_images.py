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
        self._pages: dict[tuple[str, int], object] = {}
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
        source, page_number, box = self.boxes[key]
        settings = self.settings
        picture = self._page(source, page_number)
        scale = settings.resolution / 72
        left = max(0, round((box["x0"] - settings.margin_x) * scale))
        top = max(0, round((box["top"] - settings.margin_y) * scale))
        right = min(picture.width, round((box["x1"] + settings.margin_x) * scale))
        bottom = min(picture.height, round((box["bottom"] + settings.margin_y) * scale))
        if right <= left or bottom <= top:
            return None
        buffer = io.BytesIO()
        picture.crop((left, top, right, bottom)).convert("RGB").save(buffer, format="PNG", optimize=True)
        return buffer.getvalue()

    def _page(self, source: str, page_number: int):
        """The page rendered by pdfium as pdfplumber's ``to_image`` renders it (no smoothing, the
        page's full box), without parsing the PDF again to get there."""
        if (source, page_number) not in self._pages:
            import pypdfium2 as pdfium

            document = pdfium.PdfDocument(str(self.pdfs[source]))
            try:
                bitmap = document[page_number - 1].render(
                    scale=self.settings.resolution / 72, no_smoothtext=True, no_smoothpath=True,
                    no_smoothimage=True, prefer_bgrx=True)
                self._pages[(source, page_number)] = bitmap.to_pil().convert("RGB")
            finally:
                document.close()
        return self._pages[(source, page_number)]

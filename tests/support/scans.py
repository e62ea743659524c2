"""Scans made from PDFs: pages rendered as a scanner would see them, wrapped as image-only PDFs.

A scan here is what an archive holds of a printed edition: each page rendered (pdfium) at 150-300
dpi, grey or black-and-white, turned by up to a degree, blurred, with sensor noise and JPEG
compression, every page an image and no text layer. Deterministic for a seed, so a test makes
the same scan every time without any engine installed (pypdfium2, Pillow and numpy are the
pipeline's own dependencies).

    python -m tests.support.scans SOURCE.pdf OUT.pdf --pages 1,58,59 --dpi 200 --angle 0.7
"""

from __future__ import annotations

import argparse
import io
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter


@dataclass(frozen=True)
class ScanStyle:
    dpi: int = 200
    mode: str = "grey"  # "grey" or "bw" (black-and-white, thresholded as a fax or a cheap scanner does)
    angle: float = 0.7  # degrees; alternate pages turn the other way, as sheets fed by hand do
    blur: float = 0.6  # Gaussian radius in pixels
    noise: float = 12.0  # standard deviation of the grey noise, 0-255
    jpeg_quality: int = 70
    seed: int = 1

    def describe(self) -> str:
        return (f"{self.dpi} dpi {self.mode}, turned {self.angle:g} degrees, blur {self.blur:g} px, noise {self.noise:g}, "
                f"JPEG quality {self.jpeg_quality}")


def scan_pages(source: Path, pages: list[int], style: ScanStyle = ScanStyle()) -> list[Image.Image]:
    """The 1-based ``pages`` of ``source`` as scanned images."""
    rng = np.random.default_rng(style.seed)
    document = pdfium.PdfDocument(str(source))
    images = []
    try:
        for k, number in enumerate(pages):
            page = document[number - 1]
            image = page.render(scale=style.dpi / 72, grayscale=True).to_pil().convert("L")
            page.close()
            angle = style.angle if k % 2 == 0 else -style.angle
            image = image.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
            if style.blur:
                image = image.filter(ImageFilter.GaussianBlur(style.blur))
            pixels = np.asarray(image, dtype=np.float32)
            if style.noise:
                pixels = pixels + rng.normal(0, style.noise, pixels.shape)
            pixels = np.clip(pixels, 0, 255)
            if style.mode == "bw":
                pixels = np.where(pixels < 160, 0, 255)
            image = Image.fromarray(pixels.astype(np.uint8))
            if style.mode == "bw":
                images.append(image.convert("1"))
                continue
            buffer = io.BytesIO()
            image.save(buffer, "JPEG", quality=style.jpeg_quality)
            images.append(Image.open(io.BytesIO(buffer.getvalue())))
    finally:
        document.close()
    return images


def image_pdf(images: list[Image.Image], dpi: int) -> bytes:
    """The images as a PDF of one image per page, no text layer (Pillow's PDF writer)."""
    buffer = io.BytesIO()
    fixed = time.gmtime(1767225600)  # 2026-01-01: the same bytes on every run
    images[0].save(buffer, "PDF", resolution=dpi, save_all=True, append_images=images[1:],
                   title="scan", producer="tests.support.scans", creationDate=fixed, modDate=fixed)
    return buffer.getvalue()


def make_scan(source: Path, out: Path, pages: list[int], style: ScanStyle = ScanStyle()) -> Path:
    out.write_bytes(image_pdf(scan_pages(source, pages, style), style.dpi))
    return out


def with_scanned_pages(source: Path, out: Path, pages: list[int], style: ScanStyle = ScanStyle()) -> Path:
    """``source`` with the given pages replaced by their scans (a report whose appendix was pasted
    in as a scan): every other page keeps its text layer."""
    scanned = pdfium.PdfDocument(image_pdf(scan_pages(source, pages, style), style.dpi))
    original = pdfium.PdfDocument(str(source))
    document = pdfium.PdfDocument.new()
    try:
        for number in range(1, len(original) + 1):
            if number in pages:
                document.import_pages(scanned, [pages.index(number)])
            else:
                document.import_pages(original, [number - 1])
        with out.open("wb") as handle:
            document.save(handle)
    finally:
        for pdf in (document, original, scanned):
            pdf.close()
    return out


def pages_parser(description: str) -> argparse.ArgumentParser:
    """The command line of a fixture made from some pages of a PDF: SOURCE OUT --pages 1,58,59."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("source", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--pages", required=True, type=lambda text: [int(p) for p in text.split(",")],
                        help="1-based pages, comma-separated")
    return parser


def main(argv: list[str] | None = None) -> None:
    parser = pages_parser(__doc__.splitlines()[0])
    parser.add_argument("--dpi", type=int, default=200)
    parser.add_argument("--mode", choices=["grey", "bw"], default="grey")
    parser.add_argument("--angle", type=float, default=0.7)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    style = ScanStyle(dpi=args.dpi, mode=args.mode, angle=args.angle, seed=args.seed)
    make_scan(args.source, args.out, args.pages, style)


if __name__ == "__main__":
    main()

"""A scan with another engine's OCR text layer, as archives and ocrmypdf make them.

Each page's picture is taken out of a scan as it is stored (poppler's ``pdfimages -j``: the
JPEG unchanged) and given to the Tesseract command line with its ``pdf`` output: the picture with
Tesseract's words drawn invisibly over it (text rendering mode 3, its GlyphLessFont). The pages
are joined by poppler's ``pdfunite``. Real engines, so the result is committed
(``tests/scans/edition-200dpi-grey.ocr-layer.pdf``) and the tests need none of them:

    apt-get install poppler-utils tesseract-ocr tesseract-ocr-eng
    python -m tests.support.ocr_layer tests/scans/edition-200dpi-grey.pdf \
        tests/scans/edition-200dpi-grey.ocr-layer.pdf --dpi 200

Built with Tesseract 5.3.0 and poppler 22.12.0 (Debian 12).
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
from pathlib import Path


def ocr_layer_pdf(scan: Path, out: Path, dpi: int) -> Path:
    """``scan`` (a PDF of one picture a page) with Tesseract's invisible text over each page."""
    with tempfile.TemporaryDirectory() as work:
        subprocess.run(["pdfimages", "-j", str(scan), f"{work}/page"], check=True)
        pages = sorted(Path(work).glob("page-*.jpg"))
        for picture in pages:
            subprocess.run(["tesseract", str(picture), str(picture.with_suffix("")), "-l", "eng", "--dpi", str(dpi),
                            "pdf"], check=True, capture_output=True, env={"OMP_THREAD_LIMIT": "1", "PATH": "/usr/bin:/bin"})
        subprocess.run(["pdfunite", *[str(p.with_suffix(".pdf")) for p in pages], str(out)], check=True)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scan", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--dpi", type=int, default=200)
    args = parser.parse_args(argv)
    ocr_layer_pdf(args.scan, args.out, args.dpi)


if __name__ == "__main__":
    main()

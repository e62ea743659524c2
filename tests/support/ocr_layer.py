"""A scan with another engine's OCR text layer, as archives and ocrmypdf make them.

Two engines, both real, so their results are committed and the tests need neither:

- ``tesseract``: each page's picture is taken out of a scan as it is stored (poppler's
  ``pdfimages -j``: the JPEG unchanged) and given to the Tesseract command line with its ``pdf``
  output: the picture with Tesseract's words drawn invisibly over it (text rendering mode 3, its
  GlyphLessFont, on the page itself). The pages are joined by poppler's ``pdfunite``
  (``tests/scans/edition-200dpi-grey.ocr-layer.pdf``).
- ``ocrmypdf``: the scan through ocrmypdf, pictures kept as they are (``--optimize 0``); it draws
  its invisible words (NotoSans) in a form XObject grafted onto each page
  (``tests/scans/edition-200dpi-grey.ocrmypdf.pdf``).

    apt-get install poppler-utils tesseract-ocr tesseract-ocr-eng ghostscript
    pip install ocrmypdf                      # in a virtual environment of its own
    python -m tests.support.ocr_layer tests/scans/edition-200dpi-grey.pdf \
        tests/scans/edition-200dpi-grey.ocr-layer.pdf --dpi 200
    python -m tests.support.ocr_layer tests/scans/edition-200dpi-grey.pdf \
        tests/scans/edition-200dpi-grey.ocrmypdf.pdf --engine ocrmypdf --ocrmypdf OCRMYPDF

Built with Tesseract 5.3.0, poppler 22.12.0 (Debian 12) and ocrmypdf 17.13.0.
"""

from __future__ import annotations

import argparse
import os
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
                            "pdf"], check=True, capture_output=True, env={**os.environ, "OMP_THREAD_LIMIT": "1"})
        subprocess.run(["pdfunite", *[str(p.with_suffix(".pdf")) for p in pages], str(out)], check=True)
    return out


def ocrmypdf_pdf(scan: Path, out: Path, ocrmypdf: str = "ocrmypdf") -> Path:
    """``scan`` through ocrmypdf (the command ``ocrmypdf``), its pictures unchanged."""
    subprocess.run([ocrmypdf, "-l", "eng", "--output-type", "pdf", "--optimize", "0", "-j", "1", "--quiet",
                    str(scan), str(out)], check=True)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scan", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--dpi", type=int, default=200)
    parser.add_argument("--engine", choices=["tesseract", "ocrmypdf"], default="tesseract")
    parser.add_argument("--ocrmypdf", default="ocrmypdf", help="the ocrmypdf command")
    args = parser.parse_args(argv)
    if args.engine == "ocrmypdf":
        ocrmypdf_pdf(args.scan, args.out, args.ocrmypdf)
    else:
        ocr_layer_pdf(args.scan, args.out, args.dpi)


if __name__ == "__main__":
    main()

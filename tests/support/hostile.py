"""Hostile and unlucky inputs, made in a test's folder: compression bombs, huge and repeated
texts, malformed review files, special files. Nothing is committed: every file is generated.
"""

from __future__ import annotations

import os
import zlib
from pathlib import Path

TITLE = "Voortgangsrapportage 2024 tot en met zomer 2025"


def pdf_with_pages(path: Path, streams: list[bytes], compressed: list[bool] | None = None) -> Path:
    """A PDF whose pages draw the given content streams (Helvetica as /F1), written by hand so
    a stream can be anything, a compression bomb included; ``compressed`` marks streams that are
    already Flate data."""
    compressed = compressed or [False] * len(streams)
    objects: list[bytes] = []
    count = len(streams)
    kids = " ".join(f"{3 + 2 * k} 0 R" for k in range(count))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {count} >>".encode())
    font = 3 + 2 * count
    for k, (stream, flate) in enumerate(zip(streams, compressed)):
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {4 + 2 * k} 0 R "
                       f"/Resources << /Font << /F1 {font} 0 R >> >> >>".encode())
        header = f"<< /Length {len(stream)}{' /Filter /FlateDecode' if flate else ''} >>".encode()
        objects.append(header + b"\nstream\n" + stream + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))
    return path


def text_stream(lines: list[str], size: float = 10) -> bytes:
    """A content stream printing lines of text from the top of the page, in ``size`` points."""
    parts = [f"BT /F1 {size:g} Tf 50 800 Td {size * 1.2:g} TL".encode()]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        parts.append(b"(" + escaped.encode("latin-1", "replace") + b") '")
    parts.append(b"ET")
    return b"\n".join(parts)


def bomb_stream(inflated_bytes: int, block: int = 1 << 22) -> bytes:
    """Flate data that inflates to ``inflated_bytes`` of spaces (valid, empty page content)."""
    deflater = zlib.compressobj(9)
    chunk = b" " * block
    parts = []
    left = inflated_bytes
    while left > 0:
        parts.append(deflater.compress(chunk[: min(block, left)]))
        left -= block
    parts.append(deflater.flush())
    return b"".join(parts)


def bomb_pdf(path: Path, inflated_bytes: int) -> Path:
    """A title page, then a page whose content inflates to ``inflated_bytes``."""
    title = text_stream([TITLE, "Een pagina tekst met 12% en 8,17% erin."])
    return pdf_with_pages(path, [title, bomb_stream(inflated_bytes)], [False, True])


def repeated_text(source: Path, path: Path, copies: int) -> Path:
    """The text edition with its body (everything before the appendix's line of years) printed
    ``copies`` times, as a summary repeats the chapters."""
    lines = source.read_text(encoding="utf-8").split("\n")
    start = next(k for k, line in enumerate(lines) if line.split() and all(w.isdigit() and len(w) == 4 for w in line.split())
                 and len(line.split()) >= 5)
    path.write_text("\n".join(lines[:start] * copies + lines), encoding="utf-8")
    return path


def header_lines_text(path: Path, block: list[str], pages: int, lines_per_page: int = 1000) -> Path:
    """A text edition whose pages repeat ``block`` (lines that look like a table header: years,
    area names) over and over, under the report's title: every line a header might start on."""
    page = "\n".join((block * lines_per_page)[:lines_per_page])
    path.write_text("Voortgangsrapportage 2024 tot en met zomer 2025\n" + "\f".join([page] * pages) + "\n",
                    encoding="utf-8")
    return path


def huge_table_rows(rows: int, years: int = 4) -> list[str]:
    """The appendix's header and ``rows`` rows of its figures (two areas a year), the header
    repeated before every 150 rows: a table as long as no edition prints, every row plausible."""
    header = ["Indicator Specificatie " + " ".join(str(2018 + k) for k in range(years)),
              " ".join(["Gem. NPLV-gebieden Gem. NL"] * years)]
    lines = ["Bijlage: Monitor"]
    for row in range(rows):
        if row % 150 == 0:
            lines += header
        figures = " ".join(f"{(row * 7 + k * 13) % 9000 / 100:.2f}%" for k in range(2 * years))
        lines.append(f"Indicator {row} Specificatie {row} {figures}")
    return lines


def huge_table_text(path: Path, rows: int) -> Path:
    """A text edition of the title and a table of ``rows`` rows, 152 lines a page (form feeds)."""
    lines = huge_table_rows(rows)
    pages = ["\n".join(lines[k:k + 152]) for k in range(0, len(lines), 152)]
    path.write_text(TITLE + "\n\f" + "\f".join(pages) + "\n", encoding="utf-8")
    return path


def huge_table_pdf(path: Path, rows: int) -> Path:
    """A PDF of the title page and a table of ``rows`` rows, 152 lines a page in 4 points."""
    lines = huge_table_rows(rows)
    return pdf_with_pages(path, [text_stream([TITLE])] + [text_stream(lines[k:k + 152], size=4)
                                                          for k in range(0, len(lines), 152)])


def fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def long_edition(pdf: Path, pages: int, out: Path) -> Path:
    """The PDF with its body pages (all but the title page and the appendix, which is found as
    the pages after the last body page) repeated to about ``pages`` pages, written with pdfium."""
    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(str(pdf))
    try:
        texts = [source[k].get_textpage().get_text_range() for k in range(len(source))]
        # The appendix: the first page of the last run of pages that print many percentages.
        heavy = [k for k, t in enumerate(texts) if t.count("%") >= 40]
        start = heavy[0] if heavy else len(source)
        while heavy and start - 1 in heavy:
            start -= 1
        body = list(range(1, start))
        copy = pdfium.PdfDocument.new()
        copy.import_pages(source, [0])
        while body and len(copy) + len(body) + len(source) - start <= pages:
            copy.import_pages(source, body)
        copy.import_pages(source, list(range(start, len(source))))
        copy.save(str(out))
        copy.close()
    finally:
        source.close()
    return out

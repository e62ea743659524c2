"""The fixture corpus (tests/corpus/): the appendix table printed by real document engines.

These tests need no engine: they check the committed files against MANIFEST.csv and against the
golden transcription. ``python -m tests.support.corpus build tests/corpus`` rebuilds the corpus.
"""

from __future__ import annotations

import csv
import hashlib
from collections import Counter
from pathlib import Path

import pdfplumber
import pypdfium2
import pytest

from tests.support.corpus import EXTRACTORS, STYLES  # the generator's list: every export it writes
from tests.support.render_table import NEXT_TITLE, TITLE, load_golden, next_edition

CORPUS = Path(__file__).parent / "corpus"
MANIFEST = CORPUS / "MANIFEST.csv"
TITLES = {"2024-2025": TITLE, "2025-2026": NEXT_TITLE}
ENGINES = ("chromium", "skia", "libreoffice", "wkhtmltopdf", "pdftex")
NOT_PRINTED = ("", "–")


def manifest() -> list[dict]:
    with MANIFEST.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def pdf_entries() -> list[dict]:
    return [entry for entry in manifest() if entry["kind"] == "pdf"]


def metadata(path: Path) -> dict:
    doc = pypdfium2.PdfDocument(str(path))
    try:
        return doc.get_metadata_dict()
    finally:
        doc.close()


def golden_rows(edition: str):
    golden = load_golden()
    return golden if edition == "2024-2025" else next_edition(golden).rows


@pytest.fixture(scope="module")
def pdf_words() -> dict[str, list[list[str]]]:
    """file -> the words of each page, as pdfplumber reads them."""
    words = {}
    for entry in pdf_entries():
        with pdfplumber.open(CORPUS / entry["file"]) as pdf:
            words[entry["file"]] = [[w["text"] for w in page.extract_words()] for page in pdf.pages]
    return words


def test_manifest_lists_every_file_with_its_hash():
    entries = manifest()
    assert entries, "MANIFEST.csv is empty"
    listed = {entry["file"] for entry in entries}
    assert len(listed) == len(entries), "a file is listed twice"
    on_disk = {p.name for p in CORPUS.iterdir() if p.name not in ("MANIFEST.csv", "README.md")}
    assert on_disk == listed, f"not listed: {sorted(on_disk - listed)}; missing: {sorted(listed - on_disk)}"
    for entry in entries:
        path = CORPUS / entry["file"]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == entry["sha256"], entry["file"]
        assert entry["edition"] in TITLES, entry["file"]
        assert entry["kind"] in ("pdf", "text"), entry["file"]


def test_pdfs_are_printed_by_real_engines_not_reportlab():
    for entry in pdf_entries():
        meta = metadata(CORPUS / entry["file"])
        made_by = f"{meta.get('Producer', '')} / {meta.get('Creator', '')}"
        assert made_by == entry["producer"], entry["file"]
        assert any(engine in made_by.lower() for engine in ENGINES), f"{entry['file']}: {made_by}"
        assert "reportlab" not in made_by.lower(), f"{entry['file']}: {made_by}"


def test_at_least_twelve_pdfs_from_three_producers():
    entries = pdf_entries()
    assert len(entries) >= 12
    assert len({entry["producer"] for entry in entries}) >= 3, {entry["producer"] for entry in entries}
    assert {entry["edition"] for entry in entries} == set(TITLES)


def test_each_pdf_has_every_text_export():
    by_file = {entry["file"]: entry for entry in manifest()}
    for entry in pdf_entries():
        stem = entry["file"].removesuffix(".pdf")
        pages = int(entry["pages"])
        assert pages == len(pypdfium2.PdfDocument(str(CORPUS / entry["file"]))), entry["file"]
        for extractor in EXTRACTORS:
            name = f"{stem}.{extractor}.txt"
            assert name in by_file, f"{name} is missing"
            text_entry = by_file[name]
            assert (text_entry["kind"], text_entry["extractor"], text_entry["edition"]) == \
                ("text", extractor, entry["edition"]), name
            text = (CORPUS / name).read_text(encoding="utf-8")
            assert TITLES[entry["edition"]] in " ".join(text.split()), name  # a layout export widens spaces
            # Every page's text, form feeds between pages (pdftotext and MuPDF also end the last;
            # a last page left blank, Writer's, is a form feed too).
            assert text.count("\f") in (pages - 1, pages), name


def test_first_page_holds_the_edition_title():
    for entry in pdf_entries():
        with pdfplumber.open(CORPUS / entry["file"]) as pdf:
            first = pdf.pages[0].extract_text()
        assert first.splitlines()[0].strip() == TITLES[entry["edition"]], entry["file"]
        other = TITLES["2025-2026" if entry["edition"] == "2024-2025" else "2024-2025"]
        assert other not in first, entry["file"]


@pytest.mark.parametrize("entry", pdf_entries(), ids=lambda entry: entry["file"])
def test_every_golden_value_is_printed(entry, pdf_words):
    """The engine really printed the table: each printed golden value occurs among the words of
    the appendix pages at least as often as in the golden table."""
    expected = Counter(printed for row in golden_rows(entry["edition"]) for printed in row.cells.values()
                       if printed not in NOT_PRINTED)
    pages = pdf_words[entry["file"]]
    found = Counter(word for page in pages[1:] for word in page)
    # A value the layout's narrow cell wraps is printed as its pieces: the figure, then its unit.
    style = next(s for s in STYLES if s.stem == Path(entry["file"]).stem)
    for value in style.wrapped:
        if found[value[:-1]] and found[value[-1]]:
            found[value] += 1
    missing = expected - found
    assert not missing, f"{entry['file']}: not printed often enough: {dict(missing)}"
    assert not Counter(word for word in pages[0]) & expected, f"{entry['file']}: values on the title page"

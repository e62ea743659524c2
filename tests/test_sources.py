"""Opening sources: a PDF edition's file is opened when needed and closed when done."""

from __future__ import annotations

from pipeline.run import RunSettings, analyse
from pipeline.sources import open_edition
from tests.conftest import PDF_2024, TEXT_2024


def test_a_closed_pdf_edition_opens_its_file_again_when_needed():
    edition = open_edition(PDF_2024)
    first = edition.plumber
    edition.close()
    assert first.stream.closed
    assert edition.plumber is not first and len(edition.plumber.pages) == len(edition.page_texts)
    edition.close()


def test_an_analysis_leaves_no_pdf_file_open():
    result = analyse([PDF_2024, TEXT_2024], RunSettings(quiet=True))
    editions = [s for sources in result.sources.values() for s in sources]
    assert [s.kind for s in editions] == ["pdf", "text"]
    assert all("plumber" not in s.__dict__ for s in editions)
    assert len(editions[0].plumber.pages) == len(editions[0].page_texts)  # opened again when asked
    editions[0].close()

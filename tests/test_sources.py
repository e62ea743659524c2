"""Opening sources: a PDF edition's file is opened when needed and closed when done."""

from __future__ import annotations

import pytest

from pipeline.errors import InputError
from pipeline.run import RunSettings, analyse
from pipeline.sources import edition_id_from_text, open_edition
from tests.conftest import PDF_2024, TEXT_2024
from tests.support.regressions import read_as_printed


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


def test_a_text_editions_ligatures_read_as_the_letters_they_join(tmp_path):
    # pypdf keeps the "fi" ligature of Chromium's fonts as one character (U+FB01): the edition's
    # own text with its labels so written still names the catalog's rows, letter for letter.
    text = TEXT_2024.read_text(encoding="utf-8")
    assert "Definitief schooladvies PO" in text
    source = tmp_path / "edition.txt"
    source.write_text(text.replace("fi", "\ufb01").replace("fl", "\ufb02"), encoding="utf-8")
    edition = open_edition(source)
    assert any(line.startswith("Definitief schooladvies PO VMBO BK") for line in edition.lines)
    assert not any("\ufb01" in line or "\ufb02" in line for line in edition.lines)


def test_control_characters_in_a_text_edition_never_reach_its_lines(tmp_path):
    # pypdfium2's bounded text marks a hyphen at a line's end as U+0002 ("niet\x02beroepsbevolking"),
    # where its full text writes U+FFFE: the same mark. Other control characters are no printed
    # text; line ends and form feeds keep their meaning.
    source = tmp_path / "edition.txt"
    source.write_text("bevolking (beroeps- en niet\x02beroepsbevolking) van\x0315 t/m\x1b74-jarigen\n"
                      "tweede\x7fregel\ftweede pagina\n", encoding="utf-8")
    edition = open_edition(source)
    assert edition.lines == ["bevolking (beroeps- en niet\ufffeberoepsbevolking) van 15 t/m 74-jarigen",
                             "tweede regel", "tweede pagina"]
    assert edition.line_pages == [1, 1, 2]


@pytest.mark.parametrize("footer", [True, False], ids=["footers", "headers"])
def test_a_text_that_marks_no_page_break_is_paged_by_its_page_numbers(tmp_path, footer):
    # PDFBox and Ghostscript write no form feed; the pages' numbers, alone on their lines and
    # counting up by one, mark the breaks. Other numbers alone ("12", a wrapped label's) do not.
    pages = [["Voortgangsrapportage 2024 tot en met zomer 2025", "tekst"], ["Bijlage: Monitor", "12", "rij"],
             ["Bijlage: Monitor (vervolg)", "rij"]]
    lines = [line for number, page in enumerate(pages, start=1)
             for line in ((page + [f"  {number}"]) if footer else ([f"{number}  "] + page))]
    source = tmp_path / "edition.txt"
    source.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    edition = open_edition(source)
    assert edition.line_pages == [number for number, page in enumerate(pages, start=1) for _ in range(len(page) + 1)]


def test_a_page_number_over_a_running_header_names_its_page_and_starts_none_where_form_feeds_mark_pages(tmp_path):
    # PyMuPDF's sorted text: each page's footer number, then a form feed, then the table's header
    # repeated. The number once started a page of its own, one line long, and the table's next
    # page was numbered past the pages the left-out check looks at.
    header = "Indicator Specificatie 2018 2019 2020"
    pages = [["Voortgangsrapportage 2024 tot en met zomer 2025", "tekst", "", "1"],
             ["Bijlage: Monitor", header, "rij", "", "2"], [header, "rij", "", "3"]]
    source = tmp_path / "edition.txt"
    source.write_text("\f".join("\n".join(page) for page in pages) + "\n", encoding="utf-8")
    edition = open_edition(source)
    assert edition.line_pages == [number for number, page in enumerate(pages, start=1) for _ in page]


@pytest.mark.parametrize("footer", [True, False], ids=["footers", "headers"])
@pytest.mark.parametrize("space", [" ", ""], ids=["spaced", "run-together"])
def test_a_text_that_marks_no_page_break_is_paged_by_numbers_on_its_running_lines(tmp_path, footer, space):
    # The edition prints each page's number beside its running head. PDFBox and
    # ``pdftotext -nopgbrk`` write it at the page's foot ("58 Voortgangsrapportage ..."), pdf-parse
    # at its head, run together ("59Nationaal Programma ..."), and joins pages with a blank line.
    # A number before a line the text does not repeat ("12 jaar ...") pages nothing.
    running = {0: "Voortgangsrapportage 2024 tot en met zomer 2025",
               1: "Nationaal Programma Leefbaarheid en Veiligheid (NPLV)"}
    pages = [["tekst", "12 jaar en ouder met een uitkering", "tekst"], ["Bijlage: Monitor", "rij", "rij"],
             ["rij", "rij", "rij"], ["rij", "tekst"]]
    lines, expected = [], []
    for number, page in enumerate(pages, start=57):
        mark = f"{number}{space}{running[number % 2]}"
        written = page + [mark] if footer else [mark] + page + [""]
        lines += written
        expected += [number] * len(written)
    source = tmp_path / "edition.txt"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert open_edition(source).line_pages == expected


def test_a_text_with_one_number_alone_is_one_page(tmp_path):
    source = tmp_path / "edition.txt"
    source.write_text("Voortgangsrapportage 2024 tot en met zomer 2025\n12\nrij\n3\nrij\n", encoding="utf-8")
    assert open_edition(source).line_pages == [1] * 5


@pytest.mark.parametrize("title, edition", [
    ("Voortgangsrapportage 2024 tot en met zomer 2025", "2024-2025"),
    # groff kerns the title's letters in its PostScript, and an extractor spaces them apart.
    ("Voor tgangsrappor tage 2025 tot en met zomer 2026", "2025-2026"),
    ("Vo    or tgangsrappor  tage 2025  tot en met zomer  2026", "2025-2026"),  # and a layout mode
    ("Voortgangsrapportage 2023", "2023"),
])
def test_the_edition_is_named_by_its_titles_reporting_period(title, edition):
    assert edition_id_from_text(title + "\nDeze voortgangsrapportage beschrijft ...") == edition


def test_a_text_without_the_report_title_names_no_edition():
    assert edition_id_from_text("Rapportage 2024 tot en met 2025") is None


def test_ghostscripts_ligatures_read_a_byte_off_are_the_letters_they_join(tmp_path):
    # Ghostscript's txtwrite gives "fi" as U+6600 U+6900 ("De昀椀nitief"); the text of a Calc sheet
    # (tests/regressions) so written reads every cell under its label as printed.
    source = tmp_path / "edition.txt"
    source.write_text("Voortgangsrapportage 2024 tot en met zomer 2025\nDe\u6600\u6900nitief Startkwali\u6600\u6900catie "
                      "\u6600\u6c00\n", encoding="utf-8")
    assert open_edition(source).lines[1] == "Definitief Startkwalificatie fl"
    read, printed = read_as_printed("calc-letterl-zebra-onelevel-ligatures-byte-off.ghostscript.txt")
    assert read == printed


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "utf-8-sig"])
def test_a_text_edition_saved_with_a_byte_order_mark_reads_as_its_utf8_twin(encoding, tmp_path):
    # Windows' "Unicode" text is UTF-16 with a mark saying so; before, it was refused as binary.
    text = TEXT_2024.read_text(encoding="utf-8")
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    source = tmp_path / "edition.txt"
    source.write_bytes(data)
    assert open_edition(source).lines == open_edition(TEXT_2024).lines


def test_a_text_edition_in_another_encoding_is_refused_naming_the_byte_and_its_line(tmp_path):
    source = tmp_path / "edition.txt"
    source.write_bytes("Voortgangsrapportage 2024 tot en met zomer 2025\n\nde wijk \u2013 de stad\n".encode("cp1252"))
    with pytest.raises(InputError) as refused:
        open_edition(source)
    assert "byte 0x96 on line 3" in str(refused.value) and "UTF-8" in str(refused.value)

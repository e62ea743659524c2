"""A text edition written as Markdown (pipeline/appendix/markdown.py).

The small tables below are written as PyMuPDF4LLM writes a table (tests/regressions/*.pymupdf4llm.txt
are its Markdown of corpus PDFs): a pipe table, the converter's own names for header cells it
found empty ("Col4"), a year repeated over its two area columns, "<br>" between a cell's lines,
emphasis around header cells. The figures are the 2024-2025 appendix as printed
(tests/golden/appendix-2024-2025.csv).
"""

from __future__ import annotations

from pipeline.appendix.markdown import markdown_laid_out
from tests.support.regressions import read_as_printed, refusal

TABLE = [
    "# **Voortgangsrapportage 2024 tot en met zomer 2025**",  # 0
    "",
    "|Bijlage: Monitor|Col2|Col3|Col4|Col5|Col6|",  # 2
    "|---|---|---|---|---|---|",
    "|**Indicator**|**Specificatie**|**2018**|**2018**|**2019**|**2019**|",  # 4
    "|**Indicator**|**Specifcatie**|**Gem.**<br>**NPLV-**<br>**gebieden**|**Gem. NL **|**Gem.**<br>**NPLV-**<br>**gebieden**|**Gem. NL **|",
    "|Samenstelling<br>woningvoorraad|Koop|33.20%|57.00%|33.62%|57.58%|",  # 6
    "|Samenstelling<br>woningvoorraad|Particuliere huur|15.93%|<br>13.00%|16.17%|13.13%|",
    "",
    "Een **voetnoot** met \\*sterretje\\*.",  # 9
]


def _laid_out(lines: list[str], pages: list[int] | None = None):
    written = markdown_laid_out(lines, pages or [1] * len(lines))
    assert written is not None
    return written


def _column(line: str, word: str) -> int:
    return line.index(word)


def test_a_text_without_markdown_is_left_to_the_other_readers():
    lines = ["Voortgangsrapportage 2024 tot en met zomer 2025", "", "Koop 33.20% 57.00% | 33.62%", "a * b * c"]
    assert markdown_laid_out(lines, [1] * len(lines)) is None


def test_a_pipe_table_is_laid_out_in_columns_its_header_cells_printed_once():
    written = _laid_out(TABLE)
    years = next(line for line in written.lines if "2018" in line)
    assert years.split() == ["Indicator", "Specificatie", "2018", "2019"]  # each year once, no "Col4"
    areas = next(line for line in written.lines if "NL" in line)
    # The second header row's label cells repeat the headings above them (one misspelled, as the
    # text layer lost the "fi" ligature): a heading spans the header, so they are not written.
    assert areas.split() == ["Gem.", "Gem.", "NL", "Gem.", "Gem.", "NL"]
    assert "*" not in "".join(written.lines[:written.lines.index(years) + 4])
    koop = next(line for line in written.lines if "Koop" in line)
    assert koop.split() == ["Samenstelling", "Koop", "33.20%", "57.00%", "33.62%", "57.58%"]
    # Every cell keeps its column: each figure under its year's area heading.
    assert _column(koop, "33.62%") == _column(years, "2019")
    assert _column(koop, "57.00%") == _column(areas, "Gem. NL")


def test_a_cells_lines_stand_under_each_other_and_point_to_their_row():
    written = _laid_out(TABLE)
    first = next(k for k, line in enumerate(written.lines) if "Koop" in line)
    assert written.lines[first + 1].split() == ["woningvoorraad"]
    assert written.lines[first + 2] == ""  # a blank line ends the row
    assert written.origins[first] == written.origins[first + 1] == 6
    # A cell's empty first line is no line of the row: its figure stands on the row's line.
    huur = next(line for line in written.lines if "Particuliere" in line)
    assert huur.split()[-4:] == ["15.93%", "13.00%", "16.17%", "13.13%"]


def test_text_outside_tables_loses_its_marks_line_for_line():
    written = _laid_out(TABLE)
    assert written.lines[0] == "Voortgangsrapportage 2024 tot en met zomer 2025"
    assert written.origins[0] == 0
    note = written.lines[-1]
    assert note == "Een voetnoot met *sterretje*."
    assert written.origins[-1] == 9


def test_a_rule_through_a_cells_text_keeps_the_text_and_escaped_pipes_stay_in_their_cell():
    # PyMuPDF4LLM writes text a rule crosses as struck out ("doorloopsnelhe" / "~~id~~").
    lines = ["|Indicator|Specificatie|2018|Col4|",
             "|---|---|---|---|",
             "|**Indicator**|**Specificatie**|**NPLV**|**NL**|",
             "|Verhuisbeweging:<br>doorloopsnelhe<br>~~id~~|Afgelopen 5 \\| 10 jaar|57.16%|–|"]
    written = _laid_out(lines)
    row = written.lines.index(next(line for line in written.lines if "57.16%" in line))
    assert written.lines[row].split() == ["Verhuisbeweging:", "Afgelopen", "5", "|", "10", "jaar", "57.16%", "–"]
    assert written.lines[row + 2].split() == ["id"]


def test_every_table_begins_a_page_of_its_own_that_keeps_the_texts_page():
    # A converter writes a table a page (the header repeated), a spread's parts as two tables.
    lines = TABLE[2:8] + [""] + TABLE[2:8] + ["", "Tekst erna."]
    written = _laid_out(lines, [3] * len(lines))
    first, second = [written.line_pages[k] for k, line in enumerate(written.lines) if "Bijlage" in line]
    assert first != second
    assert written.line_pages[-1] == second  # the text after a table is on its page
    assert set(written.pages.values()) == {3}


def test_pymupdf4llm_markdown_of_corpus_tables_reads_as_printed():
    # tests/regressions/README.md: PyMuPDF4LLM's Markdown of three corpus PDFs, a table a page
    # (the header repeated), a spread's parts as tables one after the other, the 2025-2026
    # edition with its renamed rows.
    for name in ["chromium-a4l-grid-serif.pymupdf4llm.txt", "chromium-a4l-spread-labels-first.pymupdf4llm.txt",
                 "chromium-next-a4l-grid.pymupdf4llm.txt"]:
        read, printed = read_as_printed(name)
        assert read == printed, name


def test_a_letter_read_across_a_tables_label_cells_is_refused():
    # tests/regressions/README.md: PyMuPDF4LLM puts the "s" of "Bijstandsontvangers", which
    # Typst ran out of its cell, in the specification's cell ("sPersonen van 15 ...").
    message = refusal("typst-next-letterl-grid-indicator-run-into-specification.pymupdf4llm.txt")
    assert "not read reliably" in message and "cut short or run on" in message


def test_markdown_is_parsed_a_block_at_a_time_and_only_so_much():
    # The parser's tokens take memory by the character: a block longer than a table of the
    # appendix, or past the text's allowance, is read as written.
    from pipeline.appendix.markdown import MarkdownSettings

    lines = TABLE[2:8]
    size = len("\n".join(lines))
    assert markdown_laid_out(lines, [1] * len(lines), MarkdownSettings(max_block_chars=size)) is not None
    assert markdown_laid_out(lines, [1] * len(lines), MarkdownSettings(max_block_chars=size - 1)) is None
    twice = lines + [""] + lines
    allowed = markdown_laid_out(twice, [1] * len(twice), MarkdownSettings(max_parsed_chars=size))
    assert allowed is not None and "|Bijlage: Monitor|Col2|Col3|Col4|Col5|Col6|" in allowed.lines  # the second left

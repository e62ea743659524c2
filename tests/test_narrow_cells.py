"""Rows a narrow table wrapped cell by cell, joined back into lines (pipeline/appendix/narrow_cells.py).

Lines as pypdfium2 and ``pdftotext -raw`` write a Writer table whose value columns are too narrow
for a figure: each figure over its "%", a row's cells a few a line after its label. Labels and
values are the appendix as printed (tests/golden/appendix-2024-2025.NOTES.md).
"""

from __future__ import annotations

from pipeline.appendix.fit import fit
from pipeline.appendix.lines import read_lines
from pipeline.appendix.narrow_cells import narrow_cells_joined
from pipeline.catalog import default_catalog
from tests.support.regressions import read_as_printed

CATALOG = default_catalog()

HEADER = ["Bijlage: Monitor", "Indicator Specificatie 2018 2019", "NPLV NL NPLV NL"]
WRAPPED = ["Leefbaarometer", "'Algemeen'", "Woningen binnen een gebied dat een",
           "leefbaarheidscore van zwak of lager heeft",
           "60.35", "%", "14.11", "%", "– –",
           "Samenstelling", "woningvoorraad",
           "Koop 33.20", "%", "57.00", "%", "33.62", "%", "57.58", "%"]


def test_a_row_wrapped_cell_by_cell_is_one_line_again():
    lines = HEADER + WRAPPED
    joined = narrow_cells_joined(lines, [1] * len(lines))
    assert joined is not None
    assert "60.35% 14.11% – –" in joined.lines
    assert "Koop 33.20% 57.00% 33.62% 57.58%" in joined.lines
    # Every joined line points at the text line it begins on.
    assert joined.origins[joined.lines.index("60.35% 14.11% – –")] == lines.index("60.35")
    kinds = [d.kind for d in joined.decisions]
    assert kinds.count("wrapped_cell") == 6 and kinds.count("split_row") == 2


def test_the_line_reader_reads_the_joined_rows_under_their_labels():
    lines = HEADER + WRAPPED
    joined = narrow_cells_joined(lines, [1] * len(lines))
    best = max((t for _, t in read_lines(joined.lines, joined.line_pages, CATALOG)),
               key=lambda t: fit(t, CATALOG).value)
    assert [(r.indicator, r.specification) for r in best.rows] == [
        ("Leefbaarometer 'Algemeen'", "Woningen binnen een gebied dat een leefbaarheidscore van zwak of lager heeft"),
        ("Samenstelling woningvoorraad", "Koop")]
    assert [c.printed for _, c in sorted(best.rows[0].cells.items())] == ["60.35%", "14.11%", "–", "–"]


def test_a_row_ends_where_its_cells_would_outgrow_the_columns_or_a_figure_did_not_wrap():
    # Four columns: "– – –" after two wrapped figures would make five, so the row ends before it;
    # "Koop 33.20%" goes on after its wrapped figures and ends, one short, where the text does:
    # a ragged row, which the reader aligns.
    lines = HEADER + ["60.35", "%", "14.11", "%", "– – –", "Koop 33.20", "%", "57.00", "%", "33.62", "%"]
    joined = narrow_cells_joined(lines, [1] * len(lines))
    assert joined is not None
    assert joined.lines[3:] == ["60.35% 14.11%", "– – –", "Koop 33.20% 57.00% 33.62%"]


def test_a_text_with_few_wrapped_units_is_not_rebuilt():
    # One or two figures over their "%" are the line reader's own case.
    lines = HEADER + ["Koop 33.20 57.00% 33.62% 57.58%", "%", "Particuliere huur 15.93% 13.00% 16.17% 13.13%"]
    assert narrow_cells_joined(lines, [1] * len(lines)) is None


def test_a_unit_is_not_joined_across_a_page_break_or_to_a_label():
    lines = HEADER + ["60.35", "%", "Woningen", "%", "14.11", "%", "57.00", "%", "33.62", "%", "8.76"]
    pages = [1] * len(lines) + [2]
    joined = narrow_cells_joined(lines + ["%"], pages)
    assert joined is not None
    assert "Woningen" in joined.lines and joined.lines[-1] == "%"


def test_a_ragged_row_whose_figures_did_not_wrap_is_not_joined_with_the_next():
    # A part of a spread without labels: Sociale Samenhang prints no 2021 cells, so its line holds
    # six whole figures of eight; the next row's wrapped figures are no end of it.
    lines = ["Bijlage: Monitor (vervolg)", "2021 2022 2023 2024", "NPLV NL NPLV NL NPLV NL NPLV NL",
             "– – 52.17", "%", "11.14", "%", "– – 54.74", "%", "11.44", "%",
             "0.04% 0.03% – – 0.12% 0.05%",
             "32.51", "%", "57.00", "%", "32.21", "%", "57.00", "%", "31.98", "%", "57.58", "%", "32.04", "%", "57.58", "%"]
    joined = narrow_cells_joined(lines, [1] * len(lines))
    assert joined.lines[3:] == ["– – 52.17% 11.14% – – 54.74% 11.44%", "0.04% 0.03% – – 0.12% 0.05%",
                                "32.51% 57.00% 32.21% 57.00% 31.98% 57.58% 32.04% 57.58%"]


def test_real_engines_texts_of_narrow_columns_read_as_printed():
    # tests/regressions/README.md: pypdf of Writer's unruled table, every figure over its "%";
    # pypdfium2 of a zebra table whose ragged and page-split rows wrapped too.
    for name in ("writer-next-a4l-unruled-narrow.pypdf.txt", "writer-a4l-zebra-narrow-split-row.pdfium.txt"):
        read, printed = read_as_printed(name)
        assert read == printed, name

"""Text whose runs were joined without spaces (pipeline/appendix/runs.py).

The lines are written as the npm package pdf-parse writes a Chromium table (its text of
tests/corpus/chromium-a4l-hrules-sans.pdf, kept in tests/regressions): a line's text runs with
nothing between them. The figures expected are the appendix as printed
(tests/golden/appendix-2024-2025.csv).
"""

from __future__ import annotations

from pipeline.appendix.runs import RunSettings, runs_set_apart
from tests.support.regressions import read_as_printed, refusal

PDF_PARSE_LINES = [
    "Bijlage: Monitor",
    "IndicatorSpecificatie2018201920202021202220232024",
    "NPLVNLNPLVNLNPLVNLNPLVNLNPLVNLNPLVNLNPLVNL",
    "",
    "Koop33.20%57.00%33.62%57.58%33.26%57.58%32.51%57.00%32.21%57.00%31.98%57.58%32.04%57.58%",
    "Minder dan 1 jaar8.97%–8.86%–9.16%–8.78%–9.44%–9.70%–9.95%–",
    "––––––––6.80%4.00%7.10%4.00%12.20%6.10%",
    "ArmoedegrensAandeel huishoudens onder",
    "Afstromers in VOLeerlingen die naar lager",
    "Personen van 15 jaar en ouder met een bijstandsuitkering vanaf 2015",
    "VMBO BK/GT4%4.00%5.00%4.00%",
]


def test_figures_years_and_cells_run_together_are_set_apart_line_for_line():
    apart = runs_set_apart(PDF_PARSE_LINES)
    assert apart is not None and len(apart) == len(PDF_PARSE_LINES)
    assert apart[1] == "Indicator Specificatie 2018 2019 2020 2021 2022 2023 2024"
    # The area names run together are the line reader's to take apart (lines.unglued).
    assert apart[2] == PDF_PARSE_LINES[2]
    assert apart[3] == ""
    assert apart[4].split() == ["Koop", "33.20%", "57.00%", "33.62%", "57.58%", "33.26%", "57.58%", "32.51%",
                                "57.00%", "32.21%", "57.00%", "31.98%", "57.58%", "32.04%", "57.58%"]
    assert apart[5] == "Minder dan 1 jaar 8.97% – 8.86% – 9.16% – 8.78% – 9.44% – 9.70% – 9.95% –"
    assert apart[6].split() == ["–"] * 8 + ["6.80%", "4.00%", "7.10%", "4.00%", "12.20%", "6.10%"]
    # Where an indicator's cell runs into its specification's.
    assert apart[7] == "Armoedegrens Aandeel huishoudens onder"
    assert apart[8] == "Afstromers in VO Leerlingen die naar lager"
    # A label's own words and years stay as printed.
    assert apart[9] == PDF_PARSE_LINES[9]
    assert apart[10] == "VMBO BK/GT 4% 4.00% 5.00% 4.00%"


def test_years_run_into_each_other_alone_are_set_apart():
    # pdf.js writes Gnumeric's header cells last year first, run together, its rows spaced.
    lines = ["20252024202320222021202020192018SpecificatieIndicator", "Koop 33.20% 57.00%"]
    assert runs_set_apart(lines) == ["2025 2024 2023 2022 2021 2020 2019 2018 Specificatie Indicator",
                                     "Koop 33.20% 57.00%"]


def test_a_text_that_keeps_its_spaces_is_read_as_given():
    spaced = ["Indicator Specificatie 2018 2019", "NPLV NL NPLV NL", "Koop 33.20% 57.00% 33.62% 57.58%",
              "Energiearme huishoudens – – – –", "WhatsAppGebruik 12.00% 13.00% – –"]
    assert runs_set_apart(spaced) is None
    # Figures touching on fewer lines than a table has rows are no text written that way: the
    # edition's own text runs four charts' labels together, and ranges of years are no figures.
    few = ["Koop33.20%57.00%"] * (RunSettings().min_lines - 1) + spaced
    assert runs_set_apart(few) is None
    charts = ["11%55%", "58%32%", "14%19%", "28%48%", "Voor de periode 2023–2025 heeft", "in 2025–2029"]
    assert runs_set_apart(charts + spaced) is None


def test_a_wide_figure_run_into_its_neighbour_on_a_spaced_row_is_set_apart_alone():
    # pdfplumber's text of a Firefox table: "1500.00%" fills its cell and touches "14.00%".
    spaced = ["Indicator Specificatie 2023 2024", "NPLV NL NPLV NL", "HAVO/VWO 11.00% 12.00% 14.00%1500.00%",
              "WhatsAppGebruik 12.00% 13.00% – –", "11%55%"]
    apart = runs_set_apart(spaced)
    assert apart == spaced[:2] + ["HAVO/VWO 11.00% 12.00% 14.00% 1500.00%"] + spaced[3:4] + ["11% 55%"]
    # Alone on its line, figures run together are a chart's labels: the text is read as given.
    assert runs_set_apart(spaced[:2] + spaced[3:]) is None


def test_a_pdfplumber_text_with_one_figure_run_into_the_next_reads_as_printed():
    # tests/regressions/README.md: "9166.00%" runs into the dash beside it, on one row only.
    read, printed = read_as_printed("fop-next-letter-spread-none-figures-run-together.pdfplumber.txt")
    assert read == printed


def test_a_label_heading_run_into_an_area_name_is_set_apart():
    # pdf.js's and PDFBox's text of the edition: its rows keep their spaces, its header does not.
    lines = ["2018 2019", "Gem. NPLV-", "gebieden", "Gem. NLIndicator Specificatie", "Koop 33.20% 57.00%"]
    apart = runs_set_apart(lines)
    assert apart is not None and apart[3] == "Gem. NL Indicator Specificatie"


def test_a_hyphen_that_ends_a_line_of_a_label_is_no_minus():
    # pdftotext -layout -fixed 5 runs "leef-" (a hyphenated line end) into the row's first figure.
    apart = runs_set_apart(["dat eenleef-60.35% 14.11%     –      –  54.16%11.60%"] * RunSettings().min_lines)
    assert apart is not None
    assert apart[0].split()[-6:] == ["60.35%", "14.11%", "–", "–", "54.16%", "11.60%"]
    assert apart[0].split()[1] == "eenleef-"


def test_pdf_parse_texts_of_chromium_tables_read_as_printed():
    # tests/regressions/README.md: every pdf-parse text was refused; each word ran figures,
    # years or cells together.
    for name in ("chromium-a4l-hrules-sans.pdf-parse.txt", "chromium-next-a4l-grid.pdf-parse.txt"):
        read, printed = read_as_printed(name)
        assert read == printed, name


def test_pdfjs_header_of_years_run_together_reads_as_printed():
    read, printed = read_as_printed("gnumeric-next-a4l-hrules.pdfjs.txt")
    assert read == printed


def test_a_hyphen_run_into_a_figure_is_not_published_as_its_sign():
    # Once read as "-60.35%" by a first version of the set-apart text. TeX prints the labels'
    # apostrophes as closing quotes.
    read, printed = read_as_printed("latex-a4l-grid-lm.pdftotext-fixed5.txt")
    as_typed = {(indicator.replace("\u2019", "'"), specification, year, area): value
                for (indicator, specification, year, area), value in read.items()}
    assert as_typed == printed


def test_a_cell_run_into_the_next_in_lower_case_is_refused():
    # tests/regressions/README.md: pdf-parse's text of a Writer spread. The page break splits the
    # indicator "Bijstandsgerechtigd" / "en", and its "en" runs into the specification's "met"
    # ("enmet"): small letters into small letters, one word to any rule. Refused in one line.
    message = refusal("writer-letter-spread-unruled.pdf-parse.txt")
    assert "was not read reliably" in message
    assert "1 rows labelled with a catalog label cut short or run on" in message

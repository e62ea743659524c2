"""Body figures: Dutch number formats, and recall and precision on hand-annotated pages."""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.figures import extract_figures, parse_dutch_number
from pipeline.sources import open_edition
from tests.conftest import PDF_2024, TEXT_2024

GOLDEN = Path(__file__).parent / "golden"


def figures_of(text: str):
    lines = [(i + 1, 1, line) for i, line in enumerate(text.split("\n"))]
    return extract_figures(lines, "2024-2025", "t.txt")


@pytest.mark.parametrize("text, value", [("27.470", 27470), ("8,17", 8.17), ("1.286", 1286), ("2,5", 2.5),
                                         ("twee", 2), ("anderhalf", 1.5), ("12.793", 12793)])
def test_dutch_numbers(text, value):
    assert parse_dutch_number(text) == value


@pytest.mark.parametrize("sentence, text, value, unit, qualifier", [
    ("een tekort van €129,1 miljoen in 2024", "€129,1 miljoen", 129_100_000, "euro", None),
    ("een WOZ-waarde van €\u202f280.619 per woning", "€ 280.619", 280_619, "euro", None),
    ("gemiddeld € 280.619 per woning", "€ 280.619", 280_619, "euro", "gemiddeld"),
    ("6 keer hoger (8,17% tegen 1,36%)", "8,17%", 8.17, "percent", None),
    ("ruim 7.500 woningen", "7.500", 7500, "count", "ruim"),
    ("bijna 3 keer zo hoog als landelijk", "3 keer", 3, "times", "bijna"),
    ("5 procentpunt lager", "5 procentpunt", 5, "percentage_point", None),
    ("1 op de 3 kinderen", "1 op de 3", 0.3333, "share", None),
    ("twee keer zo vaak", "twee keer", 2, "times", None),
    ("anderhalf tot 2 keer vaker", "anderhalf tot 2 keer", 1.5, "times", None),
    ("dubbel zoveel huishoudens", "dubbel zoveel", 2, "times", None),
    ("in zeven gemeenten", "zeven", 7, "count", None),
    ("tot wel 70% van de bewoners", "70%", 70, "percent", "tot wel"),
    ("circa\n12% van de jongeren", "12%", 12, "percent", "circa"),
])
def test_mentions_are_read_with_value_unit_and_qualifier(sentence, text, value, unit, qualifier):
    figures = figures_of(sentence)
    hit = figures[figures["text"] == text]
    assert len(hit) == 1, figures[["text", "value"]]
    row = hit.iloc[0]
    assert row["value"] == pytest.approx(value, rel=1e-4)
    assert row["unit"] == unit
    assert (row["qualifier"] if isinstance(row["qualifier"], str) else None) == qualifier


def test_glued_chart_callouts_are_split():
    assert figures_of("11%55%")["value"].tolist() == [11, 55]
    assert figures_of("€ 280.619NPLV")["value"].tolist() == [280619]


def test_ranges_keep_both_ends():
    row = figures_of("36.900 tot 44.000 woningen").iloc[0]
    assert (row["range_low"], row["range_high"], row["unit"]) == (36900, 44000, "count")


@pytest.mark.parametrize("sentence", [
    "Tussen 2018 en 2024 verbeterde de leefbaarheid",
    "Kamerstukken II 2024/25, 33 340, nr. 35.",
    "Binnenlandse Zaken en Koninkrijksrelaties.1",
    "de Huisvestingswet 2014",
    "op 26 juni 2025 aangenomen",
    "jongeren tussen 18 en 30 jaar",
    "Jongeren van 10 tot 27 jaar",
    "12 tot en met 22 jaar per 10.000 bewoners",
    "zie actielijn 3 en Thema 1",
    "https://www.scp.nl/publicaties/2024/10/17/de-nieuwe-methode",
    "Platform31 en de zesjaarseis",
    "38",
])
def test_non_figures_are_not_read(sentence):
    assert figures_of(sentence).empty, figures_of(sentence)[["text", "value"]]


def _measure(figure_file: str, pages_file: str):
    edition = open_edition(TEXT_2024)
    lines = [(i + 1, page, text) for i, (page, text) in enumerate(zip(edition.line_pages, edition.lines))]
    found = extract_figures(lines, edition.edition, edition.path.name)
    with (GOLDEN / pages_file).open(encoding="utf-8") as handle:
        pages = [(int(r["first_line"]), int(r["last_line"])) for r in csv.DictReader(handle)]
    with (GOLDEN / figure_file).open(encoding="utf-8") as handle:
        # A range is counted at its low end, as the extractor's ``value`` holds it.
        gold = Counter((int(r["line"]), round(float(r["value"] or r["range_low"]), 4)) for r in csv.DictReader(handle))
    predicted = Counter(
        (int(r.line), round(float(r.value), 4)) for r in found.itertuples()
        if any(a <= r.line <= b for a, b in pages)
    )
    hits = sum((predicted & gold).values())
    return hits / sum(predicted.values()), hits / sum(gold.values()), predicted, gold


def _pdf_pages_of_text_lines() -> list[int | None]:
    """The PDF page of every line of the text edition, found by content (a line of 20 letters
    or more that one page holds; a shorter line takes the page of the line before)."""
    def key(text: str) -> str:
        return re.sub(r"[^a-z0-9]", "", text.lower())

    pdf = open_edition(PDF_2024)
    pages = {number: key(text) for number, text in enumerate(pdf.page_texts, start=1)}
    found: list[int | None] = []
    current = None
    for line in open_edition(TEXT_2024).lines:
        text = key(line)
        hits = [n for n, page in pages.items() if text in page] if len(text) >= 20 else []
        current = hits[0] if len(hits) == 1 else current
        found.append(current)
    return found


@pytest.fixture(scope="module")
def pdf_figures():
    from pipeline.figures import body_lines

    pdf = open_edition(PDF_2024)
    return extract_figures(body_lines(pdf, {58, 59}), pdf.edition, pdf.path.name), _pdf_pages_of_text_lines()


@pytest.mark.parametrize("name", ["", ".heldout", ".blind"])
def test_recall_and_precision_from_the_pdf_alone_on_the_same_annotated_pages(name, pdf_figures):
    """The annotated text-edition lines mapped to their PDF pages; a PDF page counts when all its
    lines are annotated. Page numbers and running heads ("20 Voortgangsrapportage 2024 tot en met
    zomer 2025") and footnote numbers are not figures."""
    found, page_of = pdf_figures
    with (GOLDEN / f"figures-2024-2025{name}.pages.csv").open(encoding="utf-8") as handle:
        ranges = [(int(r["first_line"]), int(r["last_line"])) for r in csv.DictReader(handle)]
    lines_of: dict[int, list[int]] = {}
    for line, page in enumerate(page_of, start=1):
        if page is not None:
            lines_of.setdefault(page, []).append(line)
    pages = {p for p, lines in lines_of.items() if len(lines) >= 3 and all(any(a <= n <= b for a, b in ranges)
                                                                           for n in lines)}
    with (GOLDEN / f"figures-2024-2025{name}.csv").open(encoding="utf-8") as handle:
        gold = Counter((page_of[int(r["line"]) - 1], round(float(r["value"] or r["range_low"]), 4))
                       for r in csv.DictReader(handle) if page_of[int(r["line"]) - 1] in pages)
    predicted = Counter((int(r.page), round(float(r.value), 4)) for r in found.itertuples() if r.page in pages)
    hits = sum((predicted & gold).values())
    precision, recall = hits / sum(predicted.values()), hits / sum(gold.values())
    print(f"figures from the PDF{name}: precision {precision:.3f}, recall {recall:.3f} on {len(pages)} pages")
    assert sum(gold.values()) >= 40
    assert precision >= 0.95, sorted((predicted - gold).elements())
    assert recall >= 0.95, sorted((gold - predicted).elements())


def test_page_furniture_is_found_from_the_layout():
    from pipeline.figures import page_furniture
    from pipeline.sources import LineBox

    def box(top):
        return LineBox(40.0, top, top + 6.0, 842.0)

    pages = {n: [(f"{n} Voortgangsrapportage 2024 tot en met zomer 2025", box(20.0)),
                 ("Het aandeel is 12% gedaald.", box(400.0)),
                 (f"{n}", box(820.0))] for n in range(3, 7)}
    pages[7] = [("Een kop die één keer bovenaan staat", box(20.0)), ("7", box(400.0))]
    assert page_furniture(pages) == {(n, k) for n in range(3, 7) for k in (1, 3)}


def test_a_line_end_hyphen_marked_by_pdfium_is_read_as_dutch_is_written():
    from pipeline.sources import dehyphenated

    assert dehyphenated("voorzie\ufffeningen en het Volkshuis\ufffevestingsfonds") == "voorzieningen en het Volkshuisvestingsfonds"
    assert dehyphenated("de NPLV\ufffegebieden in 2024\ufffe2025") == "de NPLV-gebieden in 2024-2025"


def test_recall_and_precision_on_annotated_pages():
    precision, recall, predicted, gold = _measure("figures-2024-2025.csv", "figures-2024-2025.pages.csv")
    print(f"figures: precision {precision:.3f}, recall {recall:.3f} on {sum(gold.values())} annotated mentions")
    assert precision >= 0.95, sorted((predicted - gold).elements())
    assert recall >= 0.95, sorted((gold - predicted).elements())


def test_recall_and_precision_on_held_out_pages():
    """Pages annotated after the extractor was written, and never used to tune it."""
    precision, recall, predicted, gold = _measure(
        "figures-2024-2025.heldout.csv", "figures-2024-2025.heldout.pages.csv"
    )
    print(f"figures (held out): precision {precision:.3f}, recall {recall:.3f} on {sum(gold.values())} mentions")
    assert precision >= 0.95, sorted((predicted - gold).elements())
    assert recall >= 0.95, sorted((gold - predicted).elements())


def test_recall_and_precision_on_the_last_unused_pages():
    """The three body pages in neither set above, annotated last (two figure-free title pages and a story)."""
    precision, recall, predicted, gold = _measure(
        "figures-2024-2025.heldout2.csv", "figures-2024-2025.heldout2.pages.csv"
    )
    assert (precision, recall) == (1.0, 1.0), (sorted((predicted - gold).elements()), sorted((gold - predicted).elements()))


def test_recall_and_precision_against_a_blind_second_annotator():
    """Twelve pages annotated again by a second annotator who saw neither the first annotation nor
    the extractor's output: a measurement free of what the extractor was tuned on. The one
    disagreement left, '11 van de 20 gebieden' (a share for the extractor and the first annotator,
    two counts for the second), is a convention, recorded in the NOTES."""
    precision, recall, predicted, gold = _measure(
        "figures-2024-2025.blind.csv", "figures-2024-2025.blind.pages.csv"
    )
    print(f"figures (blind): precision {precision:.3f}, recall {recall:.3f} on {sum(gold.values())} mentions")
    assert precision >= 0.95, sorted((predicted - gold).elements())
    assert recall >= 0.95, sorted((gold - predicted).elements())


def test_clock_times_and_age_thresholds_are_not_figures():
    found = figures_of("welkom vanaf 0\u00a0 jaar en van\n7 uur \u2019s ochtends tot 19 uur 's avonds; binnen 48 uur")
    assert found["text"].tolist() == ["48 uur"]


def test_text_without_figures_gives_an_empty_but_typed_frame():
    from pipeline.figures import figures_stage

    figures = figures_stage([(1, 1, "Geen getallen hier.")], "2024-2025", "t.txt")
    assert figures.empty and str(figures["value"].dtype) == "float64"


def test_a_sentence_is_dehyphenated_at_line_ends_and_its_spaces_normalised():
    from pipeline.figures import _clean_sentence

    # p. 9 of the text edition: "... in de NPLV-gebie-\nden: bewoners ..." and narrow spacing.
    assert _clean_sentence(" De verhouding verandert in de NPLV-gebie-\nden:  bewoners\tverdienen \n") == (
        "De verhouding verandert in de NPLV-gebieden: bewoners verdienen")
    assert _clean_sentence("NPLV-\nGebieden") == "NPLV- Gebieden"  # a capital after the hyphen: a real hyphen
    assert _clean_sentence("50 -\n60%") == "50 - 60%"


@given(st.text(alphabet=st.sampled_from(list("ab-Z9 \t\n\r\u00a0\u2003\u202f\x1c.")), max_size=40))
def test_a_cleaned_sentence_has_no_whitespace_runs_and_no_line_end_hyphen_between_letters(raw):
    import re

    from pipeline.figures import _clean_sentence

    cleaned = _clean_sentence(raw)
    assert cleaned == cleaned.strip() and not re.search(r"\s\s|[^\S ]", cleaned)
    assert cleaned == re.sub(r"\s+", " ", re.sub(r"(?<=[a-z])-\n(?=[a-z])", "", raw)).strip()


def test_spans_overlap_like_a_linear_scan():
    import random

    from pipeline.figures import _Spans

    rng = random.Random(11)
    for _ in range(500):
        taken: list[tuple[int, int]] = []
        spans = _Spans([])
        for _ in range(rng.randint(0, 25)):
            start = rng.randint(0, 60)
            end = start + rng.randint(0, 8)
            linear = any(start < e and s < end for s, e in taken)
            assert spans.overlaps(start, end) == linear
            if not linear:
                taken.append((start, end))
                spans.add(start, end)


@pytest.mark.parametrize("text, every_kind_found", [
    ("İstanbul: Twee keer zo hoog, ANDERHALF tot 2 keer, 1 op de 3 en €129,1 miljoen; 36.900 tot 44.000 "
     "woningen, 8,17% (2024), twintig gebieden, verwacht 3 procentpunt, 2 miljard euro.", True),
    ("\n".join(open_edition(TEXT_2024).lines), False),
])
def test_patterns_tried_at_quantity_starts_match_as_finditer_does(text, every_kind_found):
    """The patterns that begin with a quantity are only tried where one starts: that must find
    exactly what scanning the whole text finds, upper-case words and a letter whose lower case
    is longer ("İ", which would shift offsets) included."""
    from pipeline.figures import _PATTERNS, _STARTS_WITH_QUANTITY, _matches_at, _quantity_starts

    starts = _quantity_starts(text)
    for kind, pattern in _PATTERNS:
        if kind in _STARTS_WITH_QUANTITY:
            expected = [m.span() for m in pattern.finditer(text)]
            assert [m.span() for m in _matches_at(pattern, text, starts)] == expected, kind
            assert expected or not every_kind_found, kind  # the sentence gives each pattern a match

"""The HTML QA report: parsed, its structure and contents checked against the document."""

from __future__ import annotations

import base64
import hashlib
import io
import shutil
import tomllib

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from PIL import Image

from pipeline.cell_images import CellImageSettings
from pipeline.run import RunSettings, run
from tests.conftest import PDF_2024, RAW, TEXT_2024

REVIEW = RAW / "nplv-voortgangsrapportage-2024-2025.review.toml"


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory):
    """The default run: PDF and text edition, with the shipped review."""
    out = tmp_path_factory.mktemp("out")
    result = run([PDF_2024, TEXT_2024], RunSettings(out=out, quiet=True))
    return result, BeautifulSoup((out / "qa-report.html").read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def unreviewed(tmp_path_factory):
    """The same edition without its review file: suggestions are open, nothing corrected."""
    raw = tmp_path_factory.mktemp("raw")
    sources = [shutil.copy(PDF_2024, raw), shutil.copy(TEXT_2024, raw)]
    out = tmp_path_factory.mktemp("out")
    result = run(sources, RunSettings(out=out, quiet=True, fail_on="never"))
    return result, BeautifulSoup((out / "qa-report.html").read_text(encoding="utf-8"), "html.parser")


def cell_span(soup: BeautifulSoup, indicator_id: str, year: int, area: str):
    spans = soup.select(f'span.cell[data-cell="{indicator_id}|{year}|{area}"]')
    assert len(spans) == 1, f"{indicator_id} {year} {area}: {len(spans)} cells in the report"
    return spans[0]


def test_report_has_every_section(reviewed):
    _, soup = reviewed
    sections = [s["id"] for s in soup.find_all("section")]
    assert sections == ["headline", "legend", "appendix-2024-2025", "anomalies", "claims", "review",
                        "decisions", "provenance"]
    nav_targets = [a["href"] for a in soup.find("nav").find_all("a")]
    assert nav_targets == [f"#{s}" for s in sections]


def test_report_is_self_contained(reviewed):
    _, soup = reviewed
    assert not soup.find_all("script", src=True)
    assert not soup.find_all("link")
    for tag in soup.find_all(src=True):
        assert tag["src"].startswith("data:"), tag["src"][:60]
    for tag in soup.find_all(href=True):
        assert tag["href"].startswith("#"), tag["href"]
    assert "@import" not in str(soup) and "url(http" not in str(soup)


def test_headline_states_the_gate_and_counts(reviewed):
    result, soup = reviewed
    lead = soup.select_one("#headline p.lead").get_text(" ", strip=True)
    assert "passes (exit 0)" in lead
    assert f"{len(result.cells)} appendix cells" in lead
    assert "3 cells corrected in review" in lead


def test_appendix_shows_every_printed_cell_as_printed(reviewed, golden_cells):
    result, soup = reviewed
    ids = dict(zip(result.cells["row_number"].astype(int), result.cells["indicator_id"], strict=False))
    for golden in golden_cells:
        span = cell_span(soup, ids[golden["row"]], golden["year"], golden["area"])
        shown = span.find("a") or span
        text = shown.get_text(strip=True)
        assert text == (golden["printed"] or "(empty)"), (golden, text)


def test_corrected_cells_show_printed_and_corrected_value(reviewed):
    _, soup = reviewed
    # From the document: 1500.00% printed where 15.00 is meant; 2022 income cells exchanged.
    for indicator_id, year, area, printed, meant in [
        ("schooladvies-havo-vwo", 2024, "NL", "1500.00%", "15.00"),
        ("middeninkomen", 2022, "NL", "9.39%", "52.16"),
        ("hoog-inkomen", 2022, "NPLV", "52.16%", "9.39"),
    ]:
        span = cell_span(soup, indicator_id, year, area)
        assert span["data-status"] == "corrected"
        assert span.find("a", class_="flag").get_text(strip=True) == printed
        assert span.find(class_="fixed").get_text(strip=True) == f"→ {meant} ✓"
        assert "background-color: #bfe5c0" in span.find_parent("td").get("style", "")


def test_unreviewed_suggestions_are_shown_beside_the_printed_value(unreviewed):
    _, soup = unreviewed
    span = cell_span(soup, "schooladvies-havo-vwo", 2024, "NL")
    assert span["data-status"] == "suspect"
    assert span.find("a", class_="flag").get_text(strip=True) == "1500.00%"
    assert span.find(class_="suggested").get_text(strip=True) == "→ 15.00?"
    assert "background-color: #f4b6b6" in span.find_parent("td").get("style", "")
    lead = soup.select_one("#headline p.lead").get_text(" ", strip=True)
    assert "3 unaccepted errors" in lead


def test_every_flagged_cell_links_to_an_anomaly_with_its_printed_image(reviewed):
    result, soup = reviewed
    flagged = soup.select("span.cell a.flag")
    assert flagged, "no flagged cell in the report"
    settings = CellImageSettings()
    resolution = settings.resolution
    cells = result.cells.set_index(["indicator_id", "year", "area"])
    for link in flagged:
        anchor = soup.find("a", id=link["href"][1:])
        assert anchor is not None, link["href"]
        row = anchor.find_parent("tr")
        image = row.find("img", class_="cell")
        indicator_id, year, area = link.find_parent("span")["data-cell"].split("|")
        assert image is not None, f"{indicator_id} {year} {area} has no image of its printed cell"
        assert image["src"].startswith("data:image/png;base64,")
        picture = Image.open(io.BytesIO(base64.b64decode(image["src"].split(",", 1)[1]))).convert("L")
        box = cells.loc[(indicator_id, int(year), area), "bbox"]
        assert picture.width == pytest.approx((box["x1"] - box["x0"] + 2 * settings.margin_x) * resolution / 72, abs=2)
        assert picture.height == pytest.approx((box["bottom"] - box["top"] + 2 * settings.margin_y) * resolution / 72, abs=2)
        if cells.loc[(indicator_id, int(year), area), "printed"]:
            assert picture.getextrema()[0] < 100, f"{indicator_id} {year} {area}: the image shows no ink"


def test_every_cell_anomaly_from_the_pdf_has_an_image(reviewed):
    result, soup = reviewed
    named = result.anomalies[result.anomalies["area"].notna()]
    for anomaly_id in named["anomaly_id"]:
        row = soup.find("a", id=anomaly_id).find_parent("tr")
        assert row.find("img", class_="cell") is not None, anomaly_id


def test_claims_are_listed_with_their_verdicts(reviewed):
    result, soup = reviewed
    for claim in result.claims.itertuples():
        row = soup.find("a", id=claim.claim_id).find_parent("tr")
        cells = [td.get_text(" ", strip=True) for td in row.find_all("td")]
        assert claim.verdict in cells
        assert row.find("mark").get_text() == claim.claim_text
    # From the document (p. 39): werkenden 'van 60%' in 2018, where the table prints 60.71% for NPLV.
    marks = [m for m in soup.select("#claims mark") if m.get_text() == "60%"]
    verdicts = {m.find_parent("tr").find("td", headers=lambda h: h and "claims-table-verdict" in h).get_text(strip=True)
                for m in marks}
    assert "inconsistent" in verdicts


def test_review_log_names_reviewer_reason_and_file(reviewed):
    _, soup = reviewed
    review = tomllib.loads(REVIEW.read_text(encoding="utf-8"))
    rows = soup.select("#review tbody tr")
    assert len(rows) == len(review["accept"])
    for row in rows:
        text = row.get_text(" ", strip=True)
        assert review["reviewer"] in text and REVIEW.name in text and "corrected to" in text


def test_provenance_gives_files_hashes_and_pages(reviewed):
    _, soup = reviewed
    text = soup.select_one("#provenance").get_text(" ", strip=True)
    for path in (PDF_2024, TEXT_2024):
        assert path.name in text
        assert hashlib.sha256(path.read_bytes()).hexdigest() in text
    assert "58, 59" in text  # the appendix spread, as printed


def test_trend_plot_per_row_with_both_areas(reviewed):
    result, soup = reviewed
    plots = soup.select("#appendix-2024-2025 svg.trend")
    assert len(plots) == result.cells["row_number"].nunique()
    havo = cell_span(soup, "schooladvies-havo-vwo", 2024, "NL").find_parent("tr").find("svg")
    assert len(havo.find_all("polyline")) == 2
    assert havo["aria-label"].endswith("to 15.00")  # the corrected 15.00, not 1500, sets the scale


def test_report_is_written_identically_twice(tmp_path):
    outs = []
    for k in range(2):
        out = tmp_path / f"out{k}"
        run([PDF_2024], RunSettings(out=out, quiet=True))
        outs.append((out / "qa-report.html").read_bytes())
    assert outs[0] == outs[1]


def test_text_edition_report_has_no_images_but_names_pages(tmp_path):
    run([TEXT_2024], RunSettings(out=tmp_path, quiet=True, fail_on="never"))
    soup = BeautifulSoup((tmp_path / "qa-report.html").read_text(encoding="utf-8"), "html.parser")
    assert not soup.select("img.cell")
    assert soup.select("#anomalies .source")
    assert isinstance(pd.read_parquet(tmp_path / "indicators.parquet"), pd.DataFrame)


def test_cell_images_are_cut_when_asked_for(reviewed):
    """Listing the flagged cells cuts nothing; each image is cut from its page when asked for,
    the same PNG every time, as large as the cell's box and its margins at the resolution."""
    from pipeline.cell_images import CellImages

    result, _ = reviewed
    flagged = result.anomalies[result.anomalies["indicator_id"].eq("schooladvies-havo-vwo") & result.anomalies["year"].eq(2024)]
    wanted = {(str(a.edition), a.indicator_id, int(a.year), str(a.area)) for a in flagged.itertuples()}
    assert wanted
    images = CellImages(result.cells, wanted, {PDF_2024.name: PDF_2024})
    assert set(images) == wanted and not images._images  # listed, none cut
    again = CellImages(result.cells, wanted, {PDF_2024.name: PDF_2024})
    assert {key: again[key] for key in wanted} == {key: images[key] for key in wanted}
    scale = images.settings.resolution / 72
    for key in wanted:
        assert images[key].startswith(b"\x89PNG")
        width, height = int.from_bytes(images[key][16:20], "big"), int.from_bytes(images[key][20:24], "big")
        _, _, box = images.boxes[key]
        assert abs(width - (box["x1"] - box["x0"] + 2 * images.settings.margin_x) * scale) <= 2
        assert abs(height - (box["bottom"] - box["top"] + 2 * images.settings.margin_y) * scale) <= 2
    assert CellImages(result.cells, wanted, {}).get(next(iter(wanted))) is None  # no PDF: no image


@pytest.fixture(scope="module")
def pdf_alone(tmp_path_factory):
    """A run on the PDF alone: the body's figures and claims come from its text layer."""
    out = tmp_path_factory.mktemp("out")
    result = run([PDF_2024], RunSettings(out=out, quiet=True, fail_on="never"))
    return result, BeautifulSoup((out / "qa-report.html").read_text(encoding="utf-8"), "html.parser")


def test_figures_and_claims_from_a_pdf_carry_page_and_box(pdf_alone):
    result, _ = pdf_alone
    for frame in (result.figures, result.claims):
        assert frame["bbox"].map(lambda b: isinstance(b, dict) and b["x0"] < b["x1"] and b["top"] < b["bottom"]).all()
    # p. 2 (the summary): "van 60% naar 55% in de NPLV-gebieden"; pdfplumber, another reader of
    # the page, finds exactly that text in the box.
    import pdfplumber

    fifty_five = result.figures[(result.figures["page"] == 2) & (result.figures["text"] == "55%")
                                & result.figures["sentence"].str.contains("van 60% naar 55%")].iloc[0]
    box = fifty_five["bbox"]
    with pdfplumber.open(PDF_2024) as pdf:  # the characters whose centre lies in the box
        inside = "".join(c["text"] for c in pdf.pages[1].chars
                         if box["x0"] <= (c["x0"] + c["x1"]) / 2 <= box["x1"]
                         and box["top"] <= (c["top"] + c["bottom"]) / 2 <= box["bottom"])
    assert inside == "55%"


def test_a_flagged_claim_shows_its_printed_figure(pdf_alone):
    result, soup = pdf_alone
    flagged = result.claims[result.claims["verdict"] == "inconsistent"]
    assert len(flagged) >= 1
    for claim in flagged.itertuples():
        image = soup.find("a", id=claim.claim_id).find_parent("td").find("img")
        assert image is not None and image["alt"] == f"printed: {claim.claim_text}", claim.claim_text
        picture = Image.open(io.BytesIO(base64.b64decode(image["src"].split(",", 1)[1])))
        box = claim.bbox
        assert picture.width >= (box["x1"] - box["x0"]) * 200 / 72  # the figure, at 200 dpi, with a margin

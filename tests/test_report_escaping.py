"""The QA report shows any input text as text: a real run's frames, every text in them replaced
by markup, script and template syntax, give a page with no script, no event handler, no
injected element or attribute, and ids and links that are safe and still match."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from html.parser import HTMLParser

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from PIL import Image

from pipeline.report import qa_report_html
from pipeline.run import RunSettings, _report_inputs, analyse
from tests.conftest import TEXT_2024

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' onmouseover='alert(1)",
    "javascript:alert(1)",
    "</style><script>x()</script>",
    "{{7*7}}",
    "&amp;lt;",
    "<br><strong>bold</strong>",
    "\u2063R0\u2063",  # shaped like the placeholders the report put in a table for its HTML cells
    "<\u20630>",  # and like those it puts there now
    "</td></tr></table><svg onload=alert(1)>",
]

# Values the report branches on, each one of a few words the schemas allow; left as they are.
ENUMERATIONS = {"severity", "verdict", "status", "area", "unit", "action", "change"}


class Hostile:
    """Gives each distinct text a distinct hostile one, the same wherever the text occurs (so an
    anomaly's id in the review log still names that anomaly, a cell's source still matches its
    provenance row). The empty text stays empty: it means a cell printed empty."""

    def __init__(self):
        self.given: dict[str, str] = {}

    def __call__(self, text):
        if not isinstance(text, str) or text == "":
            return text
        if text not in self.given:
            k = len(self.given)
            self.given[text] = f"{HOSTILE[k % len(HOSTILE)]} #{k}."
        return self.given[text]

    def frame(self, frame: pd.DataFrame) -> pd.DataFrame:
        out = frame.copy()
        for column in out.columns:
            if column not in ENUMERATIONS and not pd.api.types.is_numeric_dtype(out[column]):
                out[column] = out[column].map(self, na_action="ignore").astype(out[column].dtype)
        return out


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("L", (6, 4), 0).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    """Two editions (the text edition, and a copy titled as the previous one), so that anomalies and
    claims are listed per edition; then every text replaced."""
    other = tmp_path_factory.mktemp("raw") / "nplv-voortgangsrapportage-2023-2024.txt"
    other.write_text(TEXT_2024.read_text(encoding="utf-8").replace(
        "Voortgangsrapportage 2024 tot en met", "Voortgangsrapportage 2023 tot en met"), encoding="utf-8")
    settings = RunSettings(quiet=True, fail_on="never")
    inputs = _report_inputs(analyse([TEXT_2024, other], settings), settings)
    assert inputs.cells["edition"].nunique() == 2 and len(inputs.review_log) and len(inputs.decisions)

    hostile = Hostile()
    cells, anomalies, review_log, decisions, provenance = (
        hostile.frame(f) for f in (inputs.cells, inputs.anomalies, inputs.review_log, inputs.decisions, inputs.provenance))
    claims = hostile.frame(inputs.claims)
    # The sentence holds its claim, so that the claim is marked in it.
    claims["sentence"] = claims["sentence"] + " " + claims["claim_text"] + " " + hostile("after the claim")
    claims["tolerance"] = claims["tolerance"].where(~inputs.claims["tolerance"].str.startswith("["),
                                                    "[" + claims["tolerance"])
    first = cells.iloc[0]
    revisions = pd.DataFrame([
        {"old_edition": hostile("previous edition"), "new_edition": first["edition"],
         "indicator_id": first["indicator_id"], "indicator": first["indicator"], "specification": first["specification"],
         "old_indicator": hostile("old indicator label"), "old_specification": hostile("old specification label"),
         "year": None, "area": None, "old_printed": None, "new_printed": None, "old_value": None, "new_value": None,
         "change": "renamed", "corrects_anomaly": False, "corrected_check": None, "corrected_anomaly_id": None},
        {"old_edition": hostile("previous edition"), "new_edition": first["edition"],
         "indicator_id": first["indicator_id"], "indicator": first["indicator"], "specification": first["specification"],
         "old_indicator": first["indicator"], "old_specification": first["specification"],
         "year": 2018, "area": "NL", "old_printed": hostile("old printed"), "new_printed": hostile("new printed"),
         "old_value": 1.0, "new_value": 2.0, "change": "revised", "corrects_anomaly": True,
         "corrected_check": hostile("corrected check"), "corrected_anomaly_id": hostile("corrected anomaly")},
    ]).astype({"year": "Int64", "old_value": "Float64", "new_value": "Float64"})
    keyed = anomalies[anomalies["year"].notna() & anomalies["area"].notna() & anomalies["indicator_id"].notna()]
    images = {(a.edition, a.indicator_id, int(a.year), a.area): _png() for a in keyed.itertuples()}
    hostile_inputs = replace(inputs, cells=cells, anomalies=anomalies, claims=claims, review_log=review_log,
                             decisions=decisions, provenance=provenance, revisions=revisions, images=images,
                             fail_on=hostile("error"))
    page = qa_report_html(hostile_inputs)
    return hostile_inputs, page, BeautifulSoup(page, "html.parser")


def test_no_script_handler_or_javascript_link(hostile_run):
    _, _, soup = hostile_run
    assert soup.find_all("script") == []
    for tag in soup.find_all(True):
        handlers = [name for name in tag.attrs if name.lower().startswith("on")]
        assert not handlers, (tag.name, handlers)
        for name in ("href", "src", "action", "formaction", "xlink:href"):
            assert not str(tag.get(name, "")).strip().lower().startswith("javascript:"), tag
    assert not soup.find_all(["iframe", "object", "embed", "form", "textarea", "foreignobject"])


def test_the_only_images_are_the_cell_images(hostile_run):
    inputs, _, soup = hostile_run
    images = soup.find_all("img")
    of_a_cell = inputs.anomalies[["indicator_id", "year", "area"]].notna().all(axis=1)
    assert of_a_cell.any() and len(images) == of_a_cell.sum()  # one beside each anomaly of a cell
    for image in images:
        assert image.get("class") == ["cell"]
        assert image["src"].startswith("data:image/png;base64,")
        assert image["alt"].startswith("printed cell: ")


def test_style_sheets_hold_only_css(hostile_run):
    _, _, soup = hostile_run
    for sheet in soup.find_all("style"):
        text = sheet.get_text()
        assert "<" not in text and "script" not in text.lower(), text[:200]


def test_ids_are_safe_unique_and_every_link_finds_its_target(hostile_run):
    _, _, soup = hostile_run
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    for id_ in ids:
        assert re.fullmatch(r"[A-Za-z0-9_-]+", id_), id_
    assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1][:5]
    links = [tag["href"] for tag in soup.find_all(href=True)]
    assert links
    for link in links:
        assert link.startswith("#") and link[1:] in ids, link
    for tag in soup.find_all(headers=True):  # great-tables' cell headers name header cells
        assert all(h in ids for h in tag["headers"]), tag["headers"]


def test_sections_and_tables_keep_their_structure(hostile_run):
    inputs, page, soup = hostile_run
    balance = _Balance()
    balance.feed(page)
    balance.close()
    assert balance.mismatched == [] and balance.open == []
    sections = soup.find_all("section")
    assert len(sections) == 10  # headline, legend, two appendices, anomalies ... provenance
    assert [a["href"][1:] for a in soup.find("nav").find_all("a")] == [s["id"] for s in sections]
    for section, rows in [("anomalies", len(inputs.anomalies)), ("claims", len(inputs.claims)),
                          ("revisions", len(inputs.revisions)), ("review", len(inputs.review_log)),
                          ("decisions", len(inputs.decisions)), ("provenance", len(inputs.provenance))]:
        assert len(soup.select(f"section#{section} tbody tr")) == rows, section
    assert len(soup.select("section#anomalies h3")) == 2 and len(soup.select("section#claims h3")) == 2


def test_every_text_is_shown_as_it_is(hostile_run):
    inputs, _, soup = hostile_run
    text = soup.get_text()
    shown = {
        "cells": ["edition", "indicator", "specification", "printed", "source"],
        "anomalies": ["anomaly_id", "check", "printed", "message", "evidence", "source", "indicator", "specification"],
        "claims": ["sentence", "claim_text", "explanation", "kind", "qualifier", "indicator_id"],
        "review_log": ["anomaly_id", "check", "indicator_id", "printed", "reason", "reviewer", "date", "review_file"],
        "decisions": ["source", "kind", "indicator_id", "message"],
        "provenance": ["edition", "role", "file", "kind", "sha256"],
        "revisions": ["old_edition", "new_edition", "indicator_id", "indicator", "specification", "old_indicator",
                      "old_specification", "old_printed", "new_printed", "corrected_check"],
    }
    for name, columns in shown.items():
        frame = getattr(inputs, name)
        for column in columns:
            for value in frame[column].dropna().unique():
                assert value in text, (name, column, value)
    tolerances = inputs.claims["tolerance"]
    assert all(tolerance in text for tolerance in tolerances[tolerances.str.startswith("[")])  # a range is shown
    accepted = inputs.anomalies[inputs.anomalies["accepted"]]
    assert all(reason in text for reason in accepted["review_reason"])
    assert inputs.fail_on in soup.select_one("#headline p.lead").get_text()
    marked = {m.get_text() for m in soup.find_all("mark")}
    assert set(inputs.claims["claim_text"]) <= marked
    for hostile in HOSTILE:
        assert hostile in text


def test_attributes_hold_the_text_as_it_is(hostile_run):
    inputs, _, soup = hostile_run
    shown_cells = {span["data-cell"] for span in soup.find_all("span", attrs={"data-cell": True})}
    for cell in inputs.cells.itertuples():
        assert f"{cell.indicator_id}|{cell.year}|{cell.area}" in shown_cells, (cell.indicator_id, cell.year, cell.area)
    titles = " ".join(a["title"] for a in soup.select("a.flag"))
    for anomaly in inputs.anomalies[inputs.anomalies["year"].notna()].itertuples():
        assert anomaly.message in titles
    alts = {image["alt"] for image in soup.find_all("img")}
    for printed in inputs.anomalies.loc[inputs.anomalies["year"].notna(), "printed"].dropna():
        assert f"printed cell: {printed}" in alts


def test_hostile_input_renders_identically_twice(hostile_run):
    inputs, page, _ = hostile_run
    assert qa_report_html(inputs) == page


class _Balance(HTMLParser):
    """Every element closed, in order (HTML's void elements have no end tag)."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.mismatched: list[tuple[str, list[str]]] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        pass  # <polyline .../> in SVG: opens and closes

    def handle_endtag(self, tag):
        if self.open and self.open[-1] == tag:
            self.open.pop()
        else:
            self.mismatched.append((tag, self.open[-3:]))

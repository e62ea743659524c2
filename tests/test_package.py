"""datapackage.json and summary.md: generated from the schemas and the run, true to the data."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pyarrow.parquet as pq
import pytest

from tests.conftest import ROOT

TYPES = {"string": ("string", "large_string", "dictionary"), "integer": ("int",), "number": ("double", "float"),
         "boolean": ("bool",), "object": ("struct",)}


@pytest.fixture(scope="module")
def run_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    result = subprocess.run([sys.executable, "-m", "pipeline", "run", "--out", str(out)], cwd=ROOT,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return out, result


def test_every_resource_describes_its_file_column_by_column(run_out):
    out, _ = run_out
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["name"] for r in package["resources"]] == ["indicators", "anomalies", "figures", "claims"]
    for resource in package["resources"]:
        schema = pq.read_schema(out / resource["path"])
        fields = resource["schema"]["fields"]
        assert [f["name"] for f in fields] == schema.names
        for field in fields:
            assert field["description"], field["name"]
            arrow = str(schema.field(field["name"]).type)
            assert arrow.startswith(TYPES[field["type"]]), (resource["name"], field["name"], arrow)


def test_primary_keys_are_unique_in_the_data(run_out):
    out, _ = run_out
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        frame = pd.read_parquet(out / resource["path"])
        assert not frame.duplicated(resource["schema"]["primaryKey"]).any(), resource["name"]


def test_foreign_keys_point_at_existing_cells(run_out):
    out, _ = run_out
    cells = pd.read_parquet(out / "indicators.parquet")
    keys = set(zip(cells["edition"].astype(str), cells["indicator_id"], cells["year"], cells["area"].astype(str)))
    claims = pd.read_parquet(out / "claims.parquet")
    # As SQL's MATCH SIMPLE: a key with a null part (a ratio has no area; a sum of rows no single
    # indicator_id) refers to nothing; every complete key must exist.
    on_cells = claims[claims["indicator_id"].notna() & claims["year"].notna() & claims["area"].notna()]
    assert len(on_cells) >= 20
    for row in on_cells.itertuples():
        assert (str(row.edition), row.indicator_id, int(row.year), str(row.area)) in keys
    for row in claims[claims["sum_of"].notna() & claims["year"].notna() & claims["area"].notna()].itertuples():
        for member in row.sum_of.split("+"):
            assert (str(row.edition), member, int(row.year), str(row.area)) in keys


def test_summary_counts_the_anomalies_and_is_printed_on_stderr(run_out):
    out, result = run_out
    summary = (out / "summary.md").read_text(encoding="utf-8")
    anomalies = pd.read_parquet(out / "anomalies.parquet")
    errors = anomalies[anomalies["severity"] == "error"]
    assert f"| error | {int((~errors['accepted']).sum())} | {int(errors['accepted'].sum())} |" in summary
    assert "**pass** (exit 0)" in summary
    assert summary.strip() in result.stderr

"""The outputs committed in clean/ are those of the default edition: analysts read them straight
from the repository, so they must not go stale."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pyarrow.parquet as pq
import pytest

from tests.conftest import ROOT

OUTPUTS = ["indicators.parquet", "anomalies.parquet", "figures.parquet", "claims.parquet"]
TEXT_OUTPUTS = ["datapackage.json", "summary.md", "qa-report.html"]


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    out = tmp_path_factory.mktemp("clean")
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", "--out", str(out), "--quiet"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return out


@pytest.mark.parametrize("name", OUTPUTS)
def test_committed_output_matches_a_fresh_run(fresh, name):
    committed, rebuilt = ROOT / "clean" / name, fresh / name
    assert committed.exists(), f"clean/{name} is missing: run `python -m pipeline run` and commit it"
    pd.testing.assert_frame_equal(pd.read_parquet(committed), pd.read_parquet(rebuilt))
    assert pq.read_schema(committed).metadata == pq.read_schema(rebuilt).metadata, (
        f"clean/{name} is stale: run `python -m pipeline run` and commit it"
    )


def test_published_types_suit_every_reader(fresh):
    schema = pq.read_schema(fresh / "indicators.parquet")
    assert str(schema.field("year").type) == "int16"
    assert str(schema.field("area").type).startswith("dictionary")
    assert str(schema.field("value").type) == "double"
    assert str(schema.field("bbox").type).startswith("struct")
    assert schema.metadata[b"editions"] == b"2024-2025"
    assert len(schema.metadata[b"source_sha256"].split(b"=")[1]) == 64


@pytest.mark.parametrize("name", TEXT_OUTPUTS)
def test_committed_text_output_matches_a_fresh_run(fresh, name):
    committed, rebuilt = ROOT / "clean" / name, fresh / name
    assert committed.exists(), f"clean/{name} is missing: run `python -m pipeline run` and commit it"
    assert committed.read_text(encoding="utf-8") == rebuilt.read_text(encoding="utf-8"), f"clean/{name} is stale"


def test_outputs_do_not_depend_on_how_pandas_holds_text(fresh, tmp_path):
    """The command line (``fresh``) runs on pandas' default string storage; a library user whose
    pandas holds text as Python strings (set before the pipeline builds its schemas) gets the very
    same bytes."""
    code = ("import pandas as pd; pd.set_option('mode.string_storage', 'python'); "
            "from pipeline.run import RunSettings, run; "
            f"run(None, RunSettings(out=__import__('pathlib').Path({str(tmp_path)!r}), quiet=True))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    for name in OUTPUTS + TEXT_OUTPUTS:
        assert (tmp_path / name).read_bytes() == (fresh / name).read_bytes(), name


def test_text_columns_are_published_as_large_string_whatever_the_string_storage():
    import pyarrow as pa

    from pipeline.publish import to_arrow

    for storage in ("python", "pyarrow"):
        with pd.option_context("mode.string_storage", storage):
            frame = pd.DataFrame({"claim_id": ["c0123456789ab", None], "claimed": [1.5, 2.0]}).astype(
                {"claim_id": "str"})
        table = to_arrow(frame, {})
        assert table.schema.field("claim_id").type == pa.large_string()
        assert table.column("claim_id").to_pylist() == ["c0123456789ab", None]
        assert table.schema.field("claimed").type == pa.float64()


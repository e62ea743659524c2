"""Stage: publish. Typed Parquet files written atomically and byte-identically across runs.

All files are first written into a temporary folder beside the output folder (same file system),
and only when every one is complete are they moved into place; a failure before that leaves the
previous outputs untouched, and a failure while moving them puts the previous outputs back.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline import __version__
from pipeline.errors import OutputError

_CATEGORY = pa.dictionary(pa.int8(), pa.string())
_BBOX = pa.struct([("x0", pa.float64()), ("top", pa.float64()), ("x1", pa.float64()), ("bottom", pa.float64())])

# Arrow types of published columns; a text column not listed is published as large_string (as
# pandas' Arrow-backed strings are, so that a file does not depend on how pandas held the text),
# any other keeps the type pyarrow infers.
ARROW_TYPES: dict[str, pa.DataType] = {
    "edition": _CATEGORY,
    "area": _CATEGORY,
    "status": _CATEGORY,
    "unit": _CATEGORY,
    "source": _CATEGORY,
    "kind": _CATEGORY,
    "year": pa.int16(),
    "page": pa.int32(),
    "line": pa.int32(),
    "row_number": pa.int16(),
    "value": pa.float64(),
    "value_printed": pa.float64(),
    "bbox": _BBOX,
}


def to_arrow(frame: pd.DataFrame, metadata: Mapping[str, str]) -> pa.Table:
    """The frame as an Arrow table with the published types and key-value metadata."""
    fields, arrays = [], []
    for column in frame.columns:
        wanted = ARROW_TYPES.get(column)
        values = frame[column]
        if wanted == _BBOX:
            array = pa.array([v if isinstance(v, dict) else None for v in values], type=_BBOX)
        elif wanted is not None and pa.types.is_dictionary(wanted):
            array = pa.array(values.astype(object).where(values.notna(), None).tolist(), type=pa.string())
            array = array.dictionary_encode().cast(wanted)
        elif wanted is not None:
            array = pa.array(values.astype(object).where(values.notna(), None).tolist(), type=wanted)
        elif isinstance(values.dtype, pd.StringDtype):
            array = pa.array(values, type=pa.large_string(), from_pandas=True)
        else:
            array = pa.Array.from_pandas(values)
        fields.append(pa.field(column, array.type, nullable=True))
        arrays.append(array)
    schema = pa.schema(fields, metadata={k.encode(): str(v).encode() for k, v in sorted(metadata.items())})
    return pa.Table.from_arrays(arrays, schema=schema)


def parquet_writer(frame: pd.DataFrame, metadata: Mapping[str, str]) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        pq.write_table(to_arrow(frame, metadata), path, compression="zstd", write_statistics=True)

    return write


def text_writer(text: str) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        path.write_text(text, encoding="utf-8", newline="\n")

    return write


def base_metadata(editions: Mapping[str, tuple[str, str]]) -> dict[str, str]:
    """Key-value metadata every published file carries: editions, their sources' SHA-256, version."""
    return {
        "pipeline_version": __version__,
        "editions": ",".join(sorted(editions)),
        "sources": ";".join(f"{e}={name}" for e, (name, _) in sorted(editions.items())),
        "source_sha256": ";".join(f"{name}={digest}" for _, (name, digest) in sorted(editions.items())),
    }


def write_outputs(out_dir: Path, writers: Mapping[str, Callable[[Path], None]]) -> list[Path]:
    """Write every output with its writer into a temporary folder, then move them all into place."""
    out_dir = Path(out_dir)
    created = not out_dir.exists()
    staging: Path | None = None
    try:
        _check_out_dir(out_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", dir=out_dir.parent))
        for name, write in writers.items():
            write(staging / name)
        return _move_into_place(staging, out_dir, list(writers))
    except OSError as exc:
        raise OutputError(out_dir, f"cannot write outputs here ({exc.strerror or exc})") from None
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        # "Nothing written" includes the folder itself when this call created it and then failed.
        if created and out_dir.is_dir() and not any(out_dir.iterdir()):
            with contextlib.suppress(OSError):
                out_dir.rmdir()


def _check_out_dir(out_dir: Path) -> None:
    """A regular file where the output folder (or one of its parents) should be: say so plainly.

    Without this, mkdir reports only "File exists" or "Not a directory", which does not tell the
    user which path is in the way.
    """
    for path in (out_dir, *out_dir.parents):
        if path.exists():
            if not path.is_dir():
                where = "is a file, not a folder" if path == out_dir else f"{path} is a file, not a folder"
                raise OutputError(out_dir, f"cannot write outputs here ({where})")
            return


def _move_into_place(staging: Path, out_dir: Path, names: list[str]) -> list[Path]:
    """Move the staged files over the outputs, all or none.

    The files are moved one at a time, so a failure after the first move would leave new and old
    outputs mixed. Each previous output is kept (as a hard link, else a copy) until every move has
    succeeded, and put back if one fails; a file that had no previous version is removed again.
    """
    previous = staging / ".previous"
    previous.mkdir()
    moved: list[str] = []
    try:
        for name in names:
            target = out_dir / name
            if target.is_file():
                try:
                    os.link(target, previous / name)
                except OSError:  # a file system without hard links
                    shutil.copy2(target, previous / name)
            os.replace(staging / name, target)
            moved.append(name)
    except BaseException:
        for name in reversed(moved):
            try:
                if (previous / name).exists():
                    os.replace(previous / name, out_dir / name)
                else:
                    (out_dir / name).unlink()
            except OSError:
                pass  # best effort; the original error is the one to report
        raise
    return [out_dir / name for name in names]

"""Stage: publish. Typed Parquet files written atomically and byte-identically across runs.

All files are first written into a staging folder inside the output folder (the same file system
even when the output folder is a mount point), and only when every one is complete are they moved
into place; a failure before that leaves the previous outputs untouched, and a failure while
moving them puts the previous outputs back. A lock file in the output folder keeps two runs from
publishing into it at once (the second is refused in one line), and staging folders that a killed
run left behind are removed by the next run that holds the lock.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
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


LOCK_NAME = ".lock"
STAGING_PREFIX = ".staging-"


def write_outputs(out_dir: Path, writers: Mapping[str, Callable[[Path], None]]) -> list[Path]:
    """Write every output with its writer into a staging folder, then move them all into place."""
    out_dir = Path(out_dir)
    created = not out_dir.exists()
    try:
        _check_out_dir(out_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        with _locked(out_dir):
            _remove_stale_staging(out_dir, list(writers))
            staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out_dir))
            try:
                for name, write in writers.items():
                    write(staging / name)
                return _move_into_place(staging, out_dir, list(writers))
            finally:
                shutil.rmtree(staging, ignore_errors=True)
    except OSError as exc:
        raise OutputError(out_dir, f"cannot write outputs here ({exc.strerror or exc})") from None
    finally:
        # "Nothing written" includes the folder itself when this call created it and then failed.
        if created and out_dir.is_dir() and not any(out_dir.iterdir()):
            with contextlib.suppress(OSError):
                out_dir.rmdir()


@contextlib.contextmanager
def _locked(out_dir: Path):
    """Hold the output folder's lock file (``flock``) while publishing; refuse when another run
    holds it. The file is removed on release; a run that locked a file another run had just
    removed locks the new one instead."""
    path = out_dir / LOCK_NAME
    while True:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(descriptor)
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise OutputError(out_dir, "another run is publishing into this folder; try again when it is done") from None
            raise
        try:
            same = os.path.samestat(os.fstat(descriptor), os.stat(path))
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(descriptor)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            path.unlink()
        os.close(descriptor)


def _remove_stale_staging(out_dir: Path, names: list[str]) -> None:
    """Staging folders of a run that was killed: inside the folder (with the lock held, none is
    in use), and beside it where earlier versions staged (``.<folder>-xxxxxxxx`` holding only
    outputs)."""
    for path in out_dir.glob(STAGING_PREFIX + "*"):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
    legacy = re.compile(re.escape(f".{out_dir.name}-") + r"[a-z0-9_]{8}$")
    known = set(names) | {".previous"}
    with contextlib.suppress(OSError):
        for path in out_dir.parent.iterdir():
            if (legacy.match(path.name) and path.is_dir() and not path.is_symlink()
                    and {p.name for p in path.iterdir()} <= known):
                shutil.rmtree(path, ignore_errors=True)


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

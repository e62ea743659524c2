"""Publishing (pipeline/publish.py): staging inside the output folder, one run at a time,
stale staging removed, all or nothing."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

import pytest

from pipeline.errors import OutputError
from pipeline.publish import LOCK_NAME, STAGING_PREFIX, write_outputs


def _writer(text: str, seen: list[Path] | None = None):
    def write(path: Path) -> None:
        if seen is not None:
            seen.append(path)
        path.write_text(text, encoding="utf-8")

    return write


def test_files_are_staged_inside_the_output_folder(tmp_path):
    # A mount point (a container volume) cannot take a rename from its parent's file system:
    # staging inside the folder keeps every move on one file system.
    out = tmp_path / "out"
    seen: list[Path] = []
    write_outputs(out, {"a.txt": _writer("a", seen), "b.txt": _writer("b", seen)})
    assert all(path.parent.parent == out and path.parent.name.startswith(STAGING_PREFIX) for path in seen)
    assert sorted(p.name for p in out.iterdir()) == ["a.txt", "b.txt"]  # no staging, no lock left


def test_a_second_run_into_the_same_folder_is_refused_while_the_first_publishes(tmp_path):
    out = tmp_path / "out"
    write_outputs(out, {"a.txt": _writer("first")})
    descriptor = os.open(out / LOCK_NAME, os.O_RDWR | os.O_CREAT)
    fcntl.flock(descriptor, fcntl.LOCK_EX)  # as a run that is publishing holds it
    try:
        with pytest.raises(OutputError, match="another run is publishing into this folder"):
            write_outputs(out, {"a.txt": _writer("second")})
    finally:
        os.close(descriptor)
    assert (out / "a.txt").read_text() == "first"
    write_outputs(out, {"a.txt": _writer("third")})  # released: the next run publishes
    assert (out / "a.txt").read_text() == "third"


def test_staging_left_by_a_killed_run_is_removed(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / f"{STAGING_PREFIX}k1ll3d00").mkdir()
    (out / f"{STAGING_PREFIX}k1ll3d00" / "a.txt").write_text("half")
    legacy = tmp_path / ".out-ab12cd34"  # where earlier versions staged, beside the folder
    legacy.mkdir()
    (legacy / "a.txt").write_text("half")
    someone_elses = tmp_path / ".out-zz99yy88"
    someone_elses.mkdir()
    (someone_elses / "notes.md").write_text("not ours")
    write_outputs(out, {"a.txt": _writer("whole")})
    assert sorted(p.name for p in out.iterdir()) == ["a.txt"]
    assert not legacy.exists()
    assert (someone_elses / "notes.md").exists()


def test_a_failing_writer_leaves_the_previous_outputs(tmp_path):
    out = tmp_path / "out"
    write_outputs(out, {"a.txt": _writer("before")})

    def broken(path: Path) -> None:
        raise OSError(28, "No space left on device")

    with pytest.raises(OutputError, match="No space left on device"):
        write_outputs(out, {"a.txt": _writer("after"), "b.txt": broken})
    assert sorted(p.name for p in out.iterdir()) == ["a.txt"]
    assert (out / "a.txt").read_text() == "before"

"""Sharing independent work out over forked processes (POSIX), with the same results as in one.

Parsing a PDF page with pdfplumber is pure Python and CPU-bound; an appendix spans several pages,
so they are parsed side by side, one process per available CPU. A fork inherits everything
imported, so a worker starts in milliseconds. Results come back pickled through a pipe. When a
worker fails in any way its share is redone in this process, so errors surface exactly as they
would without workers (same exception, same message).
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


# Forking a process that has loaded system frameworks is unsafe on macOS, and Windows cannot fork:
# there the work is done in this process.
FORKS = hasattr(os, "fork") and sys.platform.startswith("linux")


def available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on every platform
        return os.cpu_count() or 1


def map_in_forks(function: Callable[[T], R], items: Sequence[T], workers: int | None = None) -> list[R]:
    """``[function(item) for item in items]``, the items shared out over ``workers`` processes
    (default: one per available CPU; this process takes the first share).

    ``function`` must not depend on state another process could change (open files are not
    safe to share: give each call its own). Works in this process alone where forking is not
    safe (see ``FORKS``).
    """
    items = list(items)
    workers = min(len(items), available_cpus() if workers is None else workers)
    if workers < 2 or not FORKS:
        return [function(item) for item in items]
    shares = [list(range(k, len(items), workers)) for k in range(workers)]
    pending: dict[int, tuple[int, list[int]]] = {}  # pid -> (read end of its pipe, its share)
    results: dict[int, R] = {}
    errors: dict[int, BaseException] = {}

    def here(i: int) -> None:
        try:
            results[i] = function(items[i])
        except Exception as exc:  # raised below, in item order, as one process would
            errors[i] = exc

    try:
        for share in shares[1:]:
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:  # the worker: compute its share, send it back, leave without cleanup
                try:
                    os.close(read_end)
                    try:
                        payload = pickle.dumps(("ok", [function(items[i]) for i in share]))
                    except BaseException:  # noqa: BLE001 - redone (and raised) by the parent
                        payload = pickle.dumps(("failed", None))
                    with os.fdopen(write_end, "wb") as pipe:
                        pipe.write(payload)
                finally:
                    os._exit(0)
            os.close(write_end)
            pending[pid] = (read_end, share)
        for i in shares[0]:
            here(i)
        while pending:
            pid, (read_end, share) = next(iter(pending.items()))
            with os.fdopen(read_end, "rb") as pipe:
                data = pipe.read()
            os.waitpid(pid, 0)
            del pending[pid]
            try:
                status, values = pickle.loads(data)
            except Exception:  # the worker died before it could answer
                status, values = "failed", None
            if status == "ok":
                results.update(zip(share, values))
            else:
                for i in share:
                    here(i)
    finally:
        for pid, (read_end, _) in pending.items():  # this process failed: stop and reap the workers
            os.close(read_end)
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    for i in range(len(items)):
        if i in errors:
            raise errors[i]
    return [results[i] for i in range(len(items))]

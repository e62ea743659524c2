"""Sharing independent work out over forked processes (POSIX), with the same results as in one.

A run's heavy parts are CPU-bound pure Python: parsing the appendix pages with pdfplumber,
analysing several editions, rendering the QA report's tables. ``map_in_forks`` shares such work
out over one process per available CPU; ``Preloaded`` starts a process early that imports what
work at the end of a run needs. A fork inherits everything imported, so a worker starts in
milliseconds. Results come back pickled through a pipe. When a worker fails in any way its share
is redone in this process, so errors surface exactly as they would without workers (same
exception, same message).
"""

from __future__ import annotations

import importlib
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


class Preloaded:
    """A process forked now that imports ``modules`` while this one works on, and later makes one
    call in them: ``call(function, *args)``.

    A run needs great-tables only at its end, for the QA report, and importing it takes a third of
    a second; forked at the start, a process pays that on another CPU. The call's arguments and
    result travel pickled (``function`` by reference, so a module-level function). Whenever the
    process cannot answer (no fork here, an import or the call failed, it died) the call is made in
    this process instead: the result, or the exception, is the same. Use it as a context manager,
    so that the process is always reaped.
    """

    def __init__(self, modules: Sequence[str]):
        self.pid: int | None = None
        if not FORKS or available_cpus() < 2:
            return
        request_read, request_write = os.pipe()
        reply_read, reply_write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the preloading process: import, wait for the call, answer, leave without cleanup
            try:
                os.close(request_write)
                os.close(reply_read)
                try:
                    for module in modules:
                        importlib.import_module(module)
                    with os.fdopen(request_read, "rb") as pipe:
                        request = pipe.read()
                    if request:  # empty: this process was let go without a call
                        function, args = pickle.loads(request)
                        payload = pickle.dumps(("ok", function(*args)))
                    else:
                        payload = b""
                except BaseException:  # noqa: BLE001 - the caller makes the call itself
                    payload = pickle.dumps(("failed", None))
                with os.fdopen(reply_write, "wb") as pipe:
                    pipe.write(payload)
            finally:
                os._exit(0)
        os.close(request_read)
        os.close(reply_write)
        self.pid, self._request, self._reply = pid, request_write, reply_read

    def call(self, function: Callable[..., R], *args) -> R:
        """``function(*args)``, made in the preloaded process when it can (once; later calls here)."""
        if self.pid is None:
            return function(*args)
        status, value = "failed", None
        try:
            request = pickle.dumps((function, args))
            with os.fdopen(self._request, "wb") as pipe:
                self._request = None
                pipe.write(request)
            with os.fdopen(self._reply, "rb") as pipe:
                self._reply = None
                reply = pipe.read()
            status, value = pickle.loads(reply)
        except Exception:  # noqa: BLE001 - could not be sent, or no answer: made here below
            pass
        finally:
            self.close()
        return value if status == "ok" else function(*args)

    def close(self) -> None:
        """Reap the process; one never called is stopped first (it may still be importing)."""
        if self.pid is None:
            return
        if self._request is not None:
            os.kill(self.pid, signal.SIGKILL)
        for end in (self._request, self._reply):
            if end is not None:
                os.close(end)
        self._request = self._reply = None
        os.waitpid(self.pid, 0)
        self.pid = None

    def __enter__(self) -> Preloaded:
        return self

    def __exit__(self, *exc) -> bool:
        self.close()
        return False

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
import select
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
    """A process forked now that imports ``modules`` while this one works on, then makes the
    calls it is sent: ``call(function, *args)``, one at a time.

    A run needs great-tables only at its end, for the QA report, and importing it takes a third of
    a second; forked at the start, a process pays that on another CPU. Calls and results travel
    pickled (``function`` by reference, so a module-level function). Whenever the process cannot
    answer (no fork here, an import or the call failed, it died) the call is made in this process
    instead: the result, or the exception, is the same. Only the process that started it uses it
    (a fork inherits the object, not the right to use it). Use it as a context manager, so that
    the process is always reaped; while open, ``preloaded_with`` finds it.
    """

    def __init__(self, modules: Sequence[str], later: Sequence[str] = ()):
        """``modules`` are imported before any call is made, ``later`` ones while no call waits."""
        self.modules = tuple(modules) + tuple(later)
        self.pid: int | None = None
        self._owner = os.getpid()
        self._sent = self._received = 0  # calls sent and answers read, in order
        self._answers: dict[int, tuple[str, object]] = {}  # read, not yet collected
        if not FORKS or available_cpus() < 2:
            return
        request_read, request_write = os.pipe()
        reply_read, reply_write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the preloading process: import, answer calls until let go, leave without cleanup
            try:
                os.close(request_write)
                os.close(reply_read)
                _serve(tuple(modules), tuple(later), request_read, reply_write)
            finally:
                os._exit(0)
        os.close(request_read)
        os.close(reply_write)
        self.pid = pid
        self._requests = os.fdopen(request_write, "wb")
        self._replies = os.fdopen(reply_read, "rb")
        _OPEN.append(self)

    def usable(self) -> bool:
        return self.pid is not None and os.getpid() == self._owner

    def call(self, function: Callable[..., R], *args, here: Callable[[], R] | None = None) -> R:
        """``function(*args)``, made in the preloaded process when it can; else ``here()`` (default:
        ``function(*args)`` in this process)."""
        return self.submit(function, *args, here=here)()

    def submit(self, function: Callable[..., R], *args, here: Callable[[], R] | None = None) -> Callable[[], R]:
        """Send ``function(*args)`` to the preloaded process now, and return what waits for its
        result (made by ``here()``, default ``function(*args)``, in this process when the process
        cannot answer). Calls are answered in the order they are sent."""
        fallback = here if here is not None else (lambda: function(*args))
        if not self.usable():
            return fallback
        ticket = self._sent
        try:
            _send(self._requests, pickle.dumps((function, args)))
        except Exception:  # noqa: BLE001 - not picklable (nothing sent), or the process is gone
            return fallback
        self._sent += 1

        def result():
            while ticket not in self._answers and self.usable():
                reply = _receive(self._replies)
                if reply is None:  # the process is gone, or the pipe out of step: no more calls there
                    self.close()
                    break
                try:
                    self._answers[self._received] = pickle.loads(reply)
                except Exception:  # noqa: BLE001
                    self._answers[self._received] = ("failed", None)
                self._received += 1
            status, value = self._answers.pop(ticket, ("failed", None))
            return value if status == "ok" else fallback()

        return result

    def close(self) -> None:
        """Let the process go and reap it; one never called, or still busy with a call whose answer
        no one waits for (an error stopped this process), is stopped at once."""
        if not self.usable():
            return
        if self._sent == 0 or self._received < self._sent:
            os.kill(self.pid, signal.SIGKILL)
        for stream in (self._requests, self._replies):
            try:
                stream.close()
            except OSError:  # a dead reader: nothing left to flush
                pass
        os.waitpid(self.pid, 0)
        self.pid = None
        _OPEN.remove(self)

    def __enter__(self) -> Preloaded:
        return self

    def __exit__(self, *exc) -> bool:
        self.close()
        return False


_OPEN: list[Preloaded] = []  # this process's open preloaded processes, oldest first


def preloaded_with(module: str) -> Preloaded | None:
    """An open preloaded process of this process that has imported ``module`` (the latest), if any."""
    return next((p for p in reversed(_OPEN) if p.usable() and module in p.modules), None)


def _serve(modules: tuple[str, ...], later: tuple[str, ...], request_read: int, reply_write: int) -> None:
    """The preloaded process: import ``modules``, then answer each call until the pipe closes,
    importing the ``later`` modules while no call waits."""
    try:
        for module in modules:
            importlib.import_module(module)
        imported = True
    except BaseException:  # noqa: BLE001 - every call is then made by the caller
        imported = False
    waiting = list(later) if imported else []
    with os.fdopen(request_read, "rb") as requests, os.fdopen(reply_write, "wb") as replies:
        while True:
            if waiting and not select.select([request_read], [], [], 0)[0]:
                try:
                    importlib.import_module(waiting.pop(0))
                except BaseException:  # noqa: BLE001 - a call needing it fails here and is made by the caller
                    pass
                continue
            request = _receive(requests)
            if request is None:
                return
            try:
                if not imported:
                    raise ImportError(f"could not import {modules}")
                function, args = pickle.loads(request)
                payload = pickle.dumps(("ok", function(*args)))
            except BaseException:  # noqa: BLE001 - the caller makes the call itself
                payload = pickle.dumps(("failed", None))
            _send(replies, payload)


def _send(stream, payload: bytes) -> None:
    stream.write(len(payload).to_bytes(8, "big"))
    stream.write(payload)
    stream.flush()


def _receive(stream) -> bytes | None:
    """One message, or None at the end of the stream (or a message cut short)."""
    header = stream.read(8)
    if len(header) < 8:
        return None
    size = int.from_bytes(header, "big")
    payload = stream.read(size)
    return payload if len(payload) == size else None

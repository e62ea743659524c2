"""Typed errors. The CLI turns them into one-line messages and exit codes; nothing else catches them."""

from __future__ import annotations

from pathlib import Path


class PipelineError(Exception):
    """Base class of every error the pipeline raises on purpose."""

    exit_code = 2


class InputError(PipelineError):
    """A source that cannot be read as an edition of the report (exit code 2)."""

    def __init__(self, path: Path | str, reason: str):
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class OutputError(PipelineError):
    """The output folder cannot be written (exit code 2); earlier outputs are left as they were."""

    def __init__(self, path: Path | str, reason: str):
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


def describe(exc: BaseException, limit: int = 240) -> str:
    """An exception in one line: its type and what its message says, whatever the message's shape.

    A message that spans lines (pandera's JSON-like report, a traceback-like text) is not cut to
    its first line ("SchemaErrors: {"), which says nothing: pandera's failures are summed up by
    check and column with a few of the failing values, any other message is joined into one line.
    """
    cases = getattr(exc, "failure_cases", None)
    if cases is not None and hasattr(cases, "groupby") and {"column", "check", "failure_case"} <= set(cases.columns):
        parts = []
        for (column, check), group in cases.groupby(["column", "check"], sort=False, dropna=False):
            examples = ", ".join(repr(v) for v in group["failure_case"].head(3).tolist())
            where = f"column {column}" if isinstance(column, str) else "the frame"
            parts.append(f"{check} fails on {where} ({len(group)}x: {examples})")
        text = f"{len(cases)} failure{'s' if len(cases) != 1 else ''}: " + "; ".join(parts)
    else:
        text = " ".join(str(exc).split())
    text = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"

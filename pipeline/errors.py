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

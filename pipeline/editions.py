"""Which editions a folder holds: every source file grouped by the edition id its title gives.

The id comes from the document (``pipeline.sources``), never from the file name, so a CI job can
ask for "the latest edition" and "the edition before it" without parsing names in shell.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import InputError

EDITION_SUFFIXES = (".pdf", ".txt")

# A source name that is one shell word as it is: letters, digits and . _ - + / (no leading '-').
_SHELL_SAFE = re.compile(r"^[A-Za-z0-9._+/][A-Za-z0-9._+/-]*$")


@dataclass(frozen=True)
class EditionSources:
    """One edition and the source files (PDF and/or text edition) that hold it."""

    edition: str
    sources: tuple[Path, ...]

    @property
    def period(self) -> tuple[int, int]:
        return edition_period(self.edition)

    def as_dict(self) -> dict:
        start, end = self.period
        return {"edition": self.edition, "start": start, "end": end, "sources": [str(p) for p in self.sources]}


def edition_period(edition: str) -> tuple[int, int]:
    """(first year, last year) of an edition id such as ``2024-2025`` or ``2023``."""
    match = re.fullmatch(r"(\d{4})(?:-(\d{4}))?", edition)
    if not match:
        raise ValueError(f"not an edition id: {edition!r} (expected e.g. 2024-2025)")
    start = int(match[1])
    return start, int(match[2] or start)


def default_sources(raw: Path = Path("raw")) -> list[Path]:
    """The editions in a folder (default ``raw/``): its .pdf and .txt files, by name."""
    if not raw.is_dir():
        raise InputError(raw, "no sources given and no raw/ folder with editions here")
    sources = sorted(p for p in raw.iterdir() if p.is_file() and p.suffix.lower() in EDITION_SUFFIXES)
    if not sources:
        raise InputError(raw, "holds no edition (.pdf or .txt)")
    return sources


def expand_sources(paths: Sequence[Path]) -> list[Path]:
    """The source files the paths stand for: a folder stands for its .pdf and .txt files."""
    files: list[Path] = []
    for path in paths:
        path = Path(path)
        for source in default_sources(path) if path.is_dir() else [path]:
            if source not in files:
                files.append(source)
    return files


def edition_of(path: Path) -> str:
    """The edition id of one source file, from its title (``InputError`` when it has none)."""
    from pipeline.sources import open_edition

    edition = open_edition(path)
    try:
        return edition.edition
    finally:
        if hasattr(edition, "close"):
            edition.close()


def list_editions(paths: Sequence[Path]) -> list[EditionSources]:
    """Every edition the paths (files and folders) hold, oldest first, with its sources."""
    by_edition: dict[str, list[Path]] = {}
    for source in expand_sources(paths):
        by_edition.setdefault(edition_of(source), []).append(source)
    return [EditionSources(e, tuple(by_edition[e])) for e in sorted(by_edition, key=edition_period)]


def latest(editions: Sequence[EditionSources]) -> EditionSources | None:
    return editions[-1] if editions else None


def previous_of(editions: Sequence[EditionSources], edition: str) -> EditionSources | None:
    """The latest edition whose reporting period comes before ``edition``'s (None if there is none)."""
    key = edition_period(edition)
    earlier = [e for e in editions if e.period < key]
    return earlier[-1] if earlier else None


def github_output(editions: Sequence[EditionSources]) -> str:
    """``key=value`` lines for ``$GITHUB_OUTPUT``: the latest edition and the one before it.

    ``latest_sources`` and ``previous_sources`` are space-separated; every name is checked to be one
    shell word, so a workflow can pass them on unquoted without a file name becoming a command.
    """
    newest = latest(editions)
    before = previous_of(editions, newest.edition) if newest else None
    lines = []
    for key, entry in (("latest", newest), ("previous", before)):
        sources = list(entry.sources) if entry else []
        for source in sources:
            if not _SHELL_SAFE.match(str(source)):
                raise InputError(source, "has a name that is not one plain shell word; rename it "
                                         "(letters, digits and . _ - + / only)")
        lines.append(f"{key}={entry.edition if entry else ''}")
        lines.append(f"{key}_sources={' '.join(str(s) for s in sources)}")
    return "\n".join(lines) + "\n"


def editions_json(editions: Sequence[EditionSources]) -> str:
    return json.dumps([e.as_dict() for e in editions], indent=2, ensure_ascii=False) + "\n"


def editions_table(editions: Sequence[EditionSources]) -> str:
    return "".join(f"{e.edition}\t{' '.join(str(s) for s in e.sources)}\n" for e in editions)

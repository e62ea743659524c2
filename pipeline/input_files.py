"""TOML files a person writes for the pipeline (a review file, the indicator catalog): read safely,
validated against a pydantic model, and every mistake told in one line naming the file, the table
and the key.
"""

from __future__ import annotations

import datetime
import difflib
import itertools
import math
import os
import stat
import tomllib
import typing
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from pipeline.errors import InputError

# A hand-written TOML file of this project is a few kilobytes: anything this large is not one, and
# is refused before it is read.
MAX_INPUT_BYTES = 1 << 20
# At most this many mistakes are told (joined with "; "), so the message stays one readable line.
MAX_REPORTED_ERRORS = 3
_INPUT_SHOWN = 40  # characters of a refused value quoted in a message


class FileModel(BaseModel):
    """A table of an input file: no unknown keys, no conversions (TOML has its own types), immutable."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


M = TypeVar("M", bound=BaseModel)

# (table key, 1-based number, the table as written) -> how a message names it: "review entry 3".
TableNamer = Callable[[str, int, Any], str]


def read_toml(path: Path, what: str, max_bytes: int = MAX_INPUT_BYTES) -> dict:
    """The parsed TOML of a regular file of at most ``max_bytes``; anything else is an InputError.

    The file's kind and size are checked before it is read, so a FIFO or a device cannot hang the
    run and a huge file is not read into memory."""
    path = Path(path)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise InputError(path, f"{what} is not a regular file")
        if info.st_size > max_bytes:
            raise InputError(path, f"{what} is too large ({info.st_size} bytes; the limit is {max_bytes})")
        # Non-blocking, in case the path became a FIFO since stat; the size read is bounded too.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(descriptor, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise InputError(path, f"{what} is not a regular file")
            content = handle.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(path, f"{what} cannot be read ({exc.strerror or exc})") from None
    if len(content) > max_bytes:
        raise InputError(path, f"{what} is too large (more than the limit of {max_bytes} bytes)")
    return parse_toml(content, path, what)


def parse_toml(content: bytes | str, path: Path | str, what: str) -> dict:
    try:
        text = content.decode("utf-8") if isinstance(content, bytes) else content
        return tomllib.loads(text)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(path, f"{what} cannot be read ({exc})") from None


def validated(model: type[M], data: dict, path: Path | str, name_table: TableNamer) -> M:
    """``data`` as ``model``; a validation error becomes an InputError of one line."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise InputError(path, describe(error, model, data, name_table)) from None


def describe(error: ValidationError, model: type[BaseModel], data: Mapping, name_table: TableNamer) -> str:
    """One line for a pydantic validation error: a sentence per table and key, joined with "; ".

    Each field's ``description`` says what it must be; so "'correction' must be "suggested" or a
    number from 0 to 100, not inf" whichever branch of its type pydantic tried."""
    told: dict[str, dict[str | None, str]] = {}  # table -> key -> sentence, in pydantic's order
    for item in error.errors(include_url=False):
        where, key, sentence = _sentence(item, model, data, name_table)
        told.setdefault(where, {}).setdefault(key, sentence)
    # In each table a mistyped key first: it is the likeliest cause of what else is wrong there.
    sentences = [(where, key, sentence) for where, keys in told.items()
                 for key, sentence in sorted(keys.items(), key=lambda ks: not ks[1].startswith("unknown "))]
    shown = sentences[:MAX_REPORTED_ERRORS]
    parts = []
    for where, group in itertools.groupby(shown, key=lambda s: s[0]):
        group = list(group)
        text = "; ".join(sentence for _, _, sentence in group)
        if not where:
            parts.append(text)
        elif all(key is None for _, key, _ in group):  # about the table: "review entry 3 names no anomaly"
            parts.append(f"{where} {text}")
        else:
            parts.append(f"{where}: {text}")
    more = len(sentences) - len(shown)
    return "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")


def _sentence(item: Mapping, model: type[BaseModel], data: Any, name_table: TableNamer) -> tuple[str, str | None, str]:
    """(where, key, what is wrong) for one pydantic error."""
    loc = list(item["loc"])
    where = ""
    raw: Any = data
    while loc:
        key = loc.pop(0)
        field = model.model_fields.get(key) if isinstance(key, str) else None
        if field is None:  # a key the model does not know
            return where, str(key), _unknown_key(str(key), model, top_level=not where)
        raw = raw.get(key) if isinstance(raw, Mapping) else None
        table = _table_model(field.annotation)
        if table is not None and loc and isinstance(loc[0], int):  # into the n-th table of an array
            number = loc.pop(0) + 1
            raw = raw[number - 1] if isinstance(raw, list) and len(raw) >= number else None
            where, model = name_table(key, number, raw), table
            continue
        index = next((part for part in loc if isinstance(part, int)), None)  # an array's item
        return where, key, _wrong_value(item, key, field.description or "valid", raw, index)
    # The error is about a whole table: its type, or a rule across its keys.
    if item["type"] in ("model_type", "dict_type", "model_attributes_type"):
        return where, None, f"must be a table, not {_shown(item['input'])}"
    return where, None, _custom_message(item)


def _unknown_key(key: str, model: type[BaseModel], top_level: bool) -> str:
    allowed = list(model.model_fields)
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.75)
    hint = f"did you mean '{close[0]}'? " if close else ""
    scope = "top-level key" if top_level else "key"
    return f"unknown {scope} '{one_line(key)}' ({hint}allowed: {', '.join(allowed)})"


def _wrong_value(item: Mapping, key: str, expected: str, raw: Any, index: int | None) -> str:
    if item["type"] == "missing":
        return f"'{key}' is missing ({expected})"
    if index is not None:
        return f"'{key}' must be {expected}; item {index + 1} is {_shown(item['input'])}"
    return f"'{key}' must be {expected}, not {_shown(raw if raw is not None else item['input'])}"


def _custom_message(item: Mapping) -> str:
    """The message a validator gave (pydantic prefixes "Value error, ")."""
    error = (item.get("ctx") or {}).get("error")
    return str(error) if error is not None else str(item["msg"])


def _table_model(annotation: Any) -> type[BaseModel] | None:
    """The table model of an array of tables (``list[Entry]``), else None."""
    if typing.get_origin(annotation) is list:
        (inner,) = typing.get_args(annotation)
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            return inner
    return None


def one_line(text: str) -> str:
    """``text`` with its line breaks escaped (a TOML key or value may hold one: "a\\nb" = 1), so
    that a message quoting it stays one line."""
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")


def _shown(value: Any) -> str:
    """A refused value as TOML writes it ("2024", true, inf, a table), shortened."""
    if isinstance(value, bool):
        shown = "true" if value else "false"
    elif isinstance(value, str):
        shown = '"' + one_line(value).replace('"', '\\"') + '"'
    elif isinstance(value, float) and not math.isfinite(value):
        shown = "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    elif isinstance(value, datetime.date | datetime.time):
        shown = value.isoformat()
    elif isinstance(value, Mapping):
        shown = "a table"
    elif isinstance(value, list):
        shown = "[" + ", ".join(_shown(v) for v in value) + "]"
    else:
        shown = str(value)
    return shown if len(shown) <= _INPUT_SHOWN else shown[: _INPUT_SHOWN - 3] + "..."

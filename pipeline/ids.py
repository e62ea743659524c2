"""Ids of published rows (figures, claims, anomalies).

An id derives from the edition, the kind of source (a PDF or a text edition) and where in it the
thing was found (its content and position), never from the file's name or path: the same edition
under another file name keeps its ids, and the review entries that name them keep matching.
"""

from __future__ import annotations

import hashlib

import pandas as pd


def source_kind(source: str) -> str:
    """The kind of source a published ``source`` (a file name) names: "pdf" or "text"."""
    return "pdf" if str(source).lower().endswith(".pdf") else "text"


def stable_id(prefix: str, *parts) -> str:
    """``prefix`` and 12 hex digits of the parts' SHA-1 (a missing part counts as empty)."""
    key = "|".join("" if p is None or (not isinstance(p, str) and pd.isna(p)) else str(p) for p in parts)
    return prefix + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]

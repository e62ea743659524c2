"""Pandera models of the published tables, the rules an edition's table must hold, and the
indicator catalog."""

import sys as _sys


def _load_pandera_strategies_without_hypothesis() -> None:
    """Load pandera's data-synthesis module with hypothesis hidden, unless hypothesis is loaded.

    pandera registers its pandas backends at the first validation, and that imports its
    data-synthesis strategies, which import hypothesis whenever it is installed: in a development
    or CI environment (where the test extra installs it) that is about 0.2 s of every run, for a
    feature the pipeline never uses (it validates, it does not synthesise data). Hidden, pandera
    notes that hypothesis is missing, exactly as in a plain install. A process that has already
    imported hypothesis (a test using it) is left alone.
    """
    if "hypothesis" in _sys.modules or "pandera.strategies.pandas_strategies" in _sys.modules:
        return
    _sys.modules["hypothesis"] = None  # type: ignore[assignment]  # `import hypothesis` -> ImportError
    try:
        import pandera.strategies.pandas_strategies  # noqa: F401
    finally:
        del _sys.modules["hypothesis"]


_load_pandera_strategies_without_hypothesis()

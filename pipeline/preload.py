"""The process that renders the QA report, started before the heavy imports.

A run needs great-tables only at its end, for the QA report. The command line starts this
process first thing, so that what the report needs (pandas, great-tables: about a second) is
imported on another CPU while this process imports the rest and analyses. This module imports
nothing heavy itself.
"""

from __future__ import annotations

from pipeline.forks import Preloaded

REPORT_MODULES = ("pipeline.report", "great_tables", "pyarrow", "pdfplumber")  # pdfplumber: the cell images


def report_process() -> Preloaded:
    """A process importing what rendering the QA report imports; ``pipeline.run.run`` has it
    render the report (or renders it itself where there is no such process)."""
    return Preloaded(REPORT_MODULES)

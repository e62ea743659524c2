"""A helper process started before the heavy imports, for the work a run does with great-tables
and pdfplumber.

The command line starts it first thing, so that what it imports (pandas, great-tables, pdfplumber:
about a second) is imported on another CPU while this process imports the rest. It then parses
the PDF appendix pages (``preloaded_with("pdfplumber")`` finds it), and at the end it renders the
QA report and cuts the cell images. This module imports nothing heavy itself.
"""

from __future__ import annotations

from pipeline.forks import Preloaded

MODULES = (
    "pipeline.report", "great_tables", "pyarrow",  # the QA report
    "pdfplumber", "pipeline.appendix.pdf",  # PDF appendix pages, cell images
)


def helper_process() -> Preloaded:
    """A process importing ``MODULES``; ``pipeline.run.run`` has it render the QA report (or
    renders it itself where there is no such process)."""
    return Preloaded(MODULES)

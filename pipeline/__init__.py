"""NPLV report pipeline: extract, validate and publish the statistics of an edition of the report."""

__version__ = "0.1.0"

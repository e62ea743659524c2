"""The golden table as JSON for the renderers that are not Python (``tests/support/node``: jsPDF
and pdfmake; ``tests/support/tcpdf_table.php``: TCPDF):
``python -m tests.support.golden_json 2024-2025 > golden.json``."""

from __future__ import annotations

import json
import sys

from tests.support.corpus import edition_rows, years_of
from tests.support.render_table import NEXT_TITLE, TITLE


def golden_json(edition: str) -> str:
    rows = edition_rows(edition)
    years = years_of(rows)
    return json.dumps({
        "title": TITLE if edition == "2024-2025" else NEXT_TITLE,
        "years": years,
        "rows": [{"indicator": row.indicator, "specification": row.specification,
                  "cells": {f"{year}-{area}": row.cells.get((year, area), "") for year in years for area in ("NPLV", "NL")}}
                 for row in rows],
    }, ensure_ascii=False)


if __name__ == "__main__":
    print(golden_json(sys.argv[1]))

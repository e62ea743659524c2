"""A PDF whose text layer lies: its fonts' ToUnicode maps send every digit to a letter, so the
page shows "60.35%" while its text says "GA.DF%" (as a font without a usable ToUnicode map does).

    python -m tests.support.garbled SOURCE.pdf OUT.pdf --pages 1,58,59

The drawing is untouched: only the map from the fonts' codes to text changes (pikepdf). The
pages kept are the title page and the appendix, so the file stays small.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.support.scans import pages_parser

# Digit d is written as the (d+1)th capital letter: '0' -> 'A', ..., '9' -> 'J'.
DIGIT_AS = {f"{0x30 + d:04X}": f"{0x41 + d:04X}" for d in range(10)}


def garble(source: Path, out: Path, pages: list[int]) -> Path:
    import pikepdf

    with pikepdf.open(source) as pdf:
        keep = [pdf.pages[n - 1] for n in pages]
        del pdf.pages[:]
        pdf.pages.extend(keep)
        done = set()
        for page in pdf.pages:
            fonts = page.obj.get("/Resources", {}).get("/Font", {})
            for _, font in fonts.items():
                cmap = font.get("/ToUnicode")
                if cmap is None or cmap.objgen in done:
                    continue
                done.add(cmap.objgen)
                text = cmap.read_bytes().decode("latin-1")
                text = re.sub(r"(<[0-9A-Fa-f]+>\s*)<(003[0-9])>",
                              lambda m: f"{m[1]}<{DIGIT_AS[m[2].upper()]}>", text)
                cmap.write(text.encode("latin-1"))
        pdf.remove_unreferenced_resources()
        pdf.save(out, deterministic_id=True, compress_streams=True)
    return out


def main(argv: list[str] | None = None) -> None:
    args = pages_parser(__doc__.splitlines()[0]).parse_args(argv)
    garble(args.source, args.out, args.pages)


if __name__ == "__main__":
    main()

"""Reading a page that has no usable text layer: rendered and read by Tesseract (tesserocr).

OCR is optional (``pip install -e ".[ocr]"`` and Tesseract's language data from the system's
package manager, e.g. Debian's ``tesseract-ocr-eng``); ``ocr_unavailable`` says what is missing.
No model is ever downloaded at run time. How a page is read, step by step: docs/ocr.md.

``OcrEngine.read`` gives a page's words (``OcrPage``) with their boxes, level (the scan's skew,
measured from Tesseract's text-line baselines, taken out), in PDF points from the page's top
left, each with Tesseract's confidence in the word and in its least sure character; dashes are
found by their shape. The table readers read these words as they read a PDF's. ``to_page`` turns a
box back onto the page as printed; ``with_confidence`` gives each cell its confidence and doubt.
"""

from __future__ import annotations

import math
import os
import re
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

# Where Tesseract's language data may be, besides TESSDATA_PREFIX: Debian and Ubuntu, Fedora,
# Homebrew and a prefix install.
_TESSDATA_DIRS = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/opt/homebrew/share/tessdata",
    "/usr/local/share/tessdata",
)
ENABLE_HINT = 'install OCR to read it: pip install -e ".[ocr]" and Tesseract\'s language data (apt-get install tesseract-ocr-eng)'


@dataclass(frozen=True)
class OcrSettings:
    """How pages are read by OCR."""

    # Rendering resolution: a 200 dpi scan's small table text reads better enlarged.
    dpi: int = 300
    # Languages tried in this order; the first whose data is installed is used. English, for
    # Dutch too: the Dutch model reads a decimal point as a comma far more often, and the
    # figures matter more than the words.
    languages: tuple[str, ...] = ("eng", "nld")
    # Words below this confidence (0-100) are read again on their own; cells below it are doubtful.
    doubtful_below: float = 80.0
    # A character below this confidence (0-100) makes its word doubtful, whatever the word's.
    doubtful_char_below: float = 60.0
    # A skew larger than this (degrees) is not a scan's slant but a page turned on purpose.
    max_skew: float = 5.0
    # Whether doubtful runs of words are read a second time, alone.
    reread: bool = True
    # A text layer that has fewer than this share of the words OCR reads confidently on its page
    # does not say what the page shows, as when a font maps characters wrongly (asked only when
    # the text layer failed: no title, no appendix).
    text_layer_agreement: float = 0.9
    # Tesseract's page segmentation modes for the reading without ruling lines (11: sparse
    # text; 6, a uniform block, reads a dense grid's labels better but misreads more values).
    clean_modes: tuple[int, ...] = (11,)
    # Ink left unread by OCR counts from this share of a digit's height (a glyph, not a speck).
    unread_mark: float = 0.6
    # A lone character closer than this (in the words' height) to a word on its line is a piece of
    # it the engine broke off ("N" "L" for "NL"): a word space is about half a capital's height.
    piece_gap: float = 0.2
    # A cell printed in a shape fewer than this share of its pages' cells have is doubtful.
    usual_shape_share: float = 0.02
    # A one-character word of punctuation below this confidence is a speck, not a word.
    stray_below: float = 40.0
    # A dash is a short, thin, solid stroke standing alone, in units of the page's digit height.
    dash_length: tuple[float, float] = (0.25, 1.3)
    dash_thickness: float = 0.35
    dash_aspect: float = 1.5  # at least this many times as long as it is thick
    dash_clearance: float = 0.5
    # A ruling line is a straight dark run at least this long (inches): longer than any stroke of
    # a letter of table or title text.
    rule_length: tuple[float, float] = (0.5, 0.3)  # horizontal, vertical
    rule_fill: float = 0.9  # the share of such a run that is ink (a scanned line is not solid)
    # Confidence given to a dash found by its shape (Tesseract reads few lone dashes at all): a
    # clean stroke, and one that is less so.
    dash_confidence: tuple[float, float] = (90.0, 50.0)


@dataclass(frozen=True)
class OcrWord:
    """A word read by OCR, level (the page's skew taken out), in PDF points from the top left."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    confidence: float  # Tesseract's word confidence, 0-100
    weakest_char: float  # the confidence of its least sure character, 0-100


@dataclass
class OcrPage:
    number: int
    width: float  # points
    height: float
    skew: float  # degrees the page's lines rise to the right, taken out of the words' boxes
    words: list[OcrWord] = field(default_factory=list)
    engine: str = ""
    rules: list[tuple[float, float, float]] = field(default_factory=list)  # horizontal rules: y, x0, x1 (level)
    # The page's text lines in reading order (column by column), each with its level box.
    reading: list[tuple[str, tuple[float, float, float, float]]] = field(default_factory=list)
    # Marks of ink the size of a glyph that no word or dash read covers (level boxes): where a
    # cell read as blank shows one, OCR missed what is printed there.
    unread_ink: list[tuple[float, float, float, float]] = field(default_factory=list)

    def lines(self) -> list[list[OcrWord]]:
        """The words in lines, top to bottom, left to right (a word joins the line whose middle
        its own middle is closest to, within half its height)."""
        lines: list[list[OcrWord]] = []
        for word in sorted(self.words, key=lambda w: ((w.top + w.bottom) / 2, w.x0)):
            middle = (word.top + word.bottom) / 2
            if lines:
                last = lines[-1]
                last_middle = sum((w.top + w.bottom) / 2 for w in last) / len(last)
                if abs(middle - last_middle) <= 0.5 * (word.bottom - word.top):
                    last.append(word)
                    continue
            lines.append([word])
        return [sorted(line, key=lambda w: w.x0) for line in lines]

    def text(self) -> str:
        return "\n".join(" ".join(w.text for w in line) for line in self.lines())

    def mean_confidence(self) -> float:
        return sum(w.confidence for w in self.words) / len(self.words) if self.words else 0.0

    def to_page(self, box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        """A level box put back onto the page as printed (turned by the skew about the middle)."""
        corners = [self._turn(x, y, self.skew) for x in (box[0], box[2]) for y in (box[1], box[3])]
        xs, ys = [c[0] for c in corners], [c[1] for c in corners]
        return (min(xs), min(ys), max(xs), max(ys))

    def _turn(self, x: float, y: float, degrees: float) -> tuple[float, float]:
        # y grows downwards: a line that rises to the right has a negative slope in page terms.
        cx, cy, a = self.width / 2, self.height / 2, math.radians(degrees)
        dx, dy = x - cx, y - cy
        return (cx + dx * math.cos(a) + dy * math.sin(a), cy - dx * math.sin(a) + dy * math.cos(a))


def tessdata_dir() -> Path | None:
    """The folder holding Tesseract's language data, or None: TESSDATA_PREFIX when it is set (as
    Tesseract itself reads it), else the system's usual places."""
    prefix = os.environ.get("TESSDATA_PREFIX")
    for folder in [prefix] if prefix else _TESSDATA_DIRS:
        path = Path(folder)
        if path.is_dir() and any(path.glob("*.traineddata")):
            return path
    return None


def ocr_unavailable(settings: OcrSettings = OcrSettings()) -> str | None:
    """Why pages cannot be read by OCR here, or None when they can."""
    try:
        import tesserocr  # noqa: F401
    except ImportError:
        return "the OCR extra is not installed"
    folder = tessdata_dir()
    if folder is None or not any((folder / f"{lang}.traineddata").exists() for lang in settings.languages):
        return f"no Tesseract language data ({' or '.join(settings.languages)}) was found"
    return None


class OcrTimeout(Exception):
    """Reading a page took longer than it may (the page_seconds budget)."""


@dataclass(frozen=True)
class _Read:
    """A word as Tesseract read it, in pixels of the rendered page."""

    text: str
    box: tuple[int, int, int, int]
    confidence: float
    weakest: float
    line: int  # which text line of the reading
    baseline: float | None = None  # y of the line's baseline under the word's middle


class OcrEngine:
    """One Tesseract instance, reused for every page of a run (starting one takes a while)."""

    def __init__(self, settings: OcrSettings = OcrSettings()):
        import tesserocr

        folder = tessdata_dir()
        if folder is None:
            raise RuntimeError("no Tesseract language data")
        language = next(lang for lang in settings.languages if (folder / f"{lang}.traineddata").exists())
        self.settings = settings
        self._tesserocr = tesserocr
        self._api = tesserocr.PyTessBaseAPI(path=str(folder) + "/", lang=language,
                                            psm=tesserocr.PSM.SPARSE_TEXT)
        self.name = f"Tesseract {tesserocr.tesseract_version().split()[1]} ({language}, {settings.dpi} dpi)"
        self._deadline = math.inf

    def close(self) -> None:
        self._api.End()

    def read(self, number: int, image, width: float, height: float, seconds: float = math.inf) -> OcrPage:
        """The words of a page rendered as ``image`` (grey PIL image of a page ``width`` x
        ``height`` points), level, with the page's dashes; ``OcrTimeout`` past ``seconds``."""
        settings = self.settings
        self._deadline = time.monotonic() + seconds
        # Tesseract adapts to what it has read: each page starts afresh, so that a page reads the
        # same whichever pages were read before it.
        self._api.ClearAdaptiveClassifier()
        # The page is read as sparse text (a table's words read best so) and by Tesseract's
        # layout analysis, whose lines in reading order (column by column) are the page's text;
        # where it has ruling lines, also with the lines taken out (text that touches a cell's
        # border reads badly, but taking the lines out can also cost a column's words). Each part
        # of the page keeps the reading Tesseract is surer of.
        words, slopes = self._recognise(image, self._tesserocr.PSM.SPARSE_TEXT, (0, 0), image.width / 8)
        in_order = self._recognise(image, self._tesserocr.PSM.AUTO, (0, 0), math.inf)[0]
        words = _surer(words, in_order)
        dark = _dark(image)
        clean, rules = without_rules(image, settings, dark)
        if rules:
            for mode in settings.clean_modes:
                words = _surer(words, self._recognise(clean, mode, (0, 0), math.inf)[0])
            image, dark = clean, _dark(clean)
        skew = 0.0
        if slopes:
            skew = -math.degrees(math.atan(sorted(slopes)[len(slopes) // 2]))
            if abs(skew) > settings.max_skew:
                skew = 0.0
        if settings.reread:
            words = self._reread_doubtful(image, words)
        digit_heights = sorted(w.box[3] - w.box[1] for w in words if any(c.isdigit() for c in w.text) and w.confidence >= 60)
        text_height = digit_heights[len(digit_heights) // 2] if digit_heights else 0
        dashes = find_dashes(image, text_height, settings, dark) if text_height else []
        scale = width / image.width
        page = OcrPage(number, width, height, skew, engine=self.name)
        kept: list[_Read] = []
        for word in words:
            if any(_inside(d[0], word.box) for d in dashes) and not _is_word(word.text):
                continue  # a dash Tesseract read as a stray mark ("=", "_", "«", "s")
            if is_speck(word.text, word.confidence, settings):
                continue
            kept.append(word)
            page.words.append(OcrWord(word.text, *_level(page, [v * scale for v in _font_box(word, text_height)]),
                                      round(word.confidence, 1), round(word.weakest, 1)))
        page.words = _without_rule_marks(_joined_pieces(page, settings.piece_gap))
        page.reading = _reading_lines(page, _without_rule_marks(in_order), scale)
        for x0, y, x1 in rules:
            left, top, right, _ = _level(page, (x0 * scale, y * scale, x1 * scale, y * scale))
            page.rules.append((round(top, 2), left, right))
        for box, confidence in dashes:
            if any(_inside(box, w.box) and _area(w.box) > 2 * _area(box) for w in kept):
                continue  # a hyphen or a dash inside a word the engine read ("NPLV-", "60-200")
            level_box = _level(page, [v * scale for v in box])
            page.words.append(OcrWord("\u2013", *_on_its_line(level_box, page.words, text_height * scale),
                                      confidence, confidence))
        if text_height:
            read = [w.box for w in kept] + [box for box, _ in dashes]
            page.unread_ink = [_level(page, [v * scale for v in box])
                               for box in unread_marks(dark, read, text_height, settings)]
        return page

    def _recognise(self, image, mode, offset: tuple[int, int], long_line: float) -> tuple[list[_Read], list[float]]:
        """Tesseract's words of ``image`` (boxes moved by ``offset``), and the slopes of its text
        lines longer than ``long_line`` pixels."""
        tesserocr = self._tesserocr
        api = self._api
        api.SetPageSegMode(mode)
        api.SetImage(image)
        api.SetSourceResolution(self.settings.dpi)
        left = self._deadline - time.monotonic()
        if left <= 0 or not api.Recognize(timeout=int(min(left, 86_400) * 1000)):
            raise OcrTimeout()
        words: list[_Read] = []
        slopes: list[float] = []
        chars: list[tuple[str, tuple, float]] = []
        word_confidence, line, word_baseline = 0.0, -1, None
        level = tesserocr.RIL.SYMBOL

        def flush():
            if chars:
                box = (min(c[1][0] for c in chars) + offset[0], min(c[1][1] for c in chars) + offset[1],
                       max(c[1][2] for c in chars) + offset[0], max(c[1][3] for c in chars) + offset[1])
                middle = (box[0] + box[2]) / 2
                base = None
                if word_baseline:
                    (bx1, by1), (bx2, by2) = word_baseline
                    base = by1 + (by2 - by1) * ((middle - offset[0] - bx1) / (bx2 - bx1) if bx2 != bx1 else 0) + offset[1]
                words.append(_Read("".join(c[0] for c in chars), box, word_confidence, min(c[2] for c in chars), line, base))
                chars.clear()

        iterator = api.GetIterator()
        if iterator is None or not (api.GetUTF8Text() or "").strip():
            return [], slopes  # nothing on it (tesserocr raises on iterating an empty result)
        for symbol in tesserocr.iterate_level(iterator, level):
            if symbol.IsAtBeginningOf(tesserocr.RIL.TEXTLINE):
                line += 1
                baseline = symbol.Baseline(tesserocr.RIL.TEXTLINE)
                if baseline:
                    (x1, y1), (x2, y2) = baseline
                    if x2 - x1 > long_line:  # a long line measures the slant well
                        slopes.append((y2 - y1) / (x2 - x1))
            if symbol.IsAtBeginningOf(tesserocr.RIL.WORD):
                flush()
                word_confidence = symbol.Confidence(tesserocr.RIL.WORD)
                word_baseline = symbol.Baseline(tesserocr.RIL.WORD)
            char, box = symbol.GetUTF8Text(level), symbol.BoundingBox(level)
            if char and box:
                chars.append((char, box, symbol.Confidence(level)))
        flush()
        return [w for w in words if w.text.strip()], slopes

    def _reread_doubtful(self, image, words: list[_Read]) -> list[_Read]:
        """Runs of doubtful words (neighbours on a line, each below the doubt threshold) read
        again as one line from their part of the image; the second reading replaces the first
        when Tesseract is surer of it."""
        settings = self.settings
        doubtful = [w.confidence < settings.doubtful_below or w.weakest < settings.doubtful_char_below for w in words]

        def beside(a: _Read, b: _Read, most: float) -> bool:
            # b follows a on its line, at most ``most`` heights after it.
            height = max(a.box[3] - a.box[1], b.box[3] - b.box[1])
            overlap = min(a.box[3], b.box[3]) - max(a.box[1], b.box[1])
            return overlap > 0.5 * height and -0.5 * height < b.box[0] - a.box[2] < most * height

        def joined(a: _Read, b: _Read) -> bool:  # a doubtful run
            return beside(a, b, 1.5)

        def tight(a: _Read, b: _Read) -> bool:  # the pieces of a word the engine broke ("N", "|", "L")
            return beside(a, b, 0.3)

        out: list[_Read] = []
        k = 0
        while k < len(words):
            if not doubtful[k]:
                out.append(words[k])
                k += 1
                continue
            # The run: doubtful neighbours, and the pieces of a broken word on either side.
            start, end = k, k + 1
            while start > 0 and out and out[-1] is words[start - 1] and tight(words[start - 1], words[start]):
                start -= 1
                out.pop()
            while end < len(words) and ((doubtful[end] and joined(words[end - 1], words[end]))
                                        or tight(words[end - 1], words[end])):
                end += 1
            out.extend(self._reread(image, words[start:end]))
            k = end
        return out

    def _reread(self, image, run: list[_Read]) -> list[_Read]:
        """The run read as one line, alone: its box (and a hair around it) on a white margin, so
        neighbouring words are not read into it."""
        from PIL import Image

        x0, y0 = min(w.box[0] for w in run) - 2, min(w.box[1] for w in run) - 2
        x1, y1 = max(w.box[2] for w in run) + 2, max(w.box[3] for w in run) + 2
        margin = int(0.6 * (y1 - y0)) + 2
        canvas = Image.new("L", (x1 - x0 + 2 * margin, y1 - y0 + 2 * margin), 255)
        canvas.paste(image.crop((x0, y0, x1, y1)), (margin, margin))
        again, _ = self._recognise(canvas, self._tesserocr.PSM.SINGLE_LINE, (x0 - margin, y0 - margin), math.inf)
        before = sum(w.confidence * len(w.text) for w in run) / sum(len(w.text) for w in run)
        after = sum(w.confidence * len(w.text) for w in again) / max(1, sum(len(w.text) for w in again))
        if again and after > before:
            return [replace(w, line=run[0].line) for w in again]
        return run


def _reading_lines(page: OcrPage, words: list[_Read], scale: float) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Tesseract's text lines in its reading order, each with its level box (points)."""
    lines: dict[int, list[_Read]] = {}
    for word in words:
        lines.setdefault(word.line, []).append(word)
    out = []
    for line in lines.values():  # dicts keep Tesseract's order
        box = (min(w.box[0] for w in line), min(w.box[1] for w in line), max(w.box[2] for w in line), max(w.box[3] for w in line))
        out.append((" ".join(w.text for w in line), _level(page, [v * scale for v in box])))
    return out


def _surer(first: list[_Read], second: list[_Read]) -> list[_Read]:
    """Two readings of a page merged: words that overlap form a group, and each group keeps the
    reading whose characters Tesseract was surer of; a word only one reading has is kept."""
    words = first + second
    parent = list(range(len(words)))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    # Overlaps are looked for among words whose tops fall in the same or a neighbouring band.
    band = max(8, int(sorted(w.box[3] - w.box[1] for w in words)[len(words) // 2])) if words else 8
    bands: dict[int, list[int]] = {}
    for k, word in enumerate(words):
        bands.setdefault(word.box[1] // band, []).append(k)
    for k in range(len(first)):
        key = words[k].box[1] // band
        for j in (i for b in (key - 1, key, key + 1) for i in bands.get(b, ()) if i >= len(first)):
            overlap = _overlap_area(words[k].box, words[j].box)
            if overlap > 0.3 * min(_area(words[k].box), _area(words[j].box)):
                parent[root(j)] = root(k)
    groups: dict[int, list[int]] = {}
    for k in range(len(words)):
        groups.setdefault(root(k), []).append(k)
    kept: list[_Read] = []
    for members in groups.values():
        sides = [[words[k] for k in members if k < len(first)], [words[k] for k in members if k >= len(first)]]
        sides = [side for side in sides if side]
        kept += max(sides, key=lambda side: sum(w.confidence * len(w.text) for w in side) / sum(len(w.text) for w in side))
    return sorted(kept, key=lambda w: (w.line, w.box[0]))


def _joined_pieces(page: OcrPage, gap: float) -> list[OcrWord]:
    """The page's words with the pieces of a word the engine broke joined: neighbours on a line
    with less than ``gap`` (of their height) between them, and a piece read twice dropped."""
    out: list[OcrWord] = []
    for line in page.lines():
        joined: list[OcrWord] = []
        for word in line:
            last = joined[-1] if joined else None
            if last is None:
                joined.append(word)
                continue
            box, last_box = (word.x0, word.top, word.x1, word.bottom), (last.x0, last.top, last.x1, last.bottom)
            if _overlap_area(last_box, box) > 0.7 * _area(box):
                continue  # a piece of the word before read twice (the stem of an "N" read as "|")
            height = max(last.bottom - last.top, word.bottom - word.top)
            # A broken word leaves a lone character; two words set tight ("lager heeft") stay two.
            if word.x0 - last.x1 < gap * height and min(len(last.text), len(word.text)) == 1:
                joined[-1] = OcrWord(last.text + word.text, last.x0, min(last.top, word.top), max(last.x1, word.x1),
                                     max(last.bottom, word.bottom), min(last.confidence, word.confidence),
                                     min(last.weakest_char, word.weakest_char))
            else:
                joined.append(word)
        out.extend(joined)
    return out


def _without_rule_marks(words: list) -> list:
    """The words without the "|" Tesseract reads for a cell's border: a word of nothing else is
    dropped, and one standing at a word's edge ("|Woningen", a label cell's left rule joined to
    its first word) is taken off. No text the report prints holds a "|"; one inside a word (the
    stem of a letter) is left, so the word stays visibly doubtful."""
    kept = []
    for word in words:  # OcrWord or _Read
        text = word.text.strip("|")
        if text:
            kept.append(word if text == word.text else replace(word, text=text))
    return kept


def _dark(image):
    """The page's ink: smoothed (scanner noise), then darker than halfway from paper to ink."""
    import numpy as np
    from scipy import ndimage

    grey = ndimage.gaussian_filter(np.asarray(image, dtype=np.float32), 1.0)
    background, ink = float(np.median(grey)), float(np.percentile(grey, 0.5))
    return grey < (background + ink) / 2


def without_rules(image, settings: OcrSettings, dark=None):
    """The page image with its ruling lines painted out, and the horizontal rules as pixel
    segments (x0, y, x1). A pixel is on a rule when a run of ink at least ``rule_length`` long
    passes through it (a sliding window of that length, ``rule_fill`` of it ink). ``dark``: the
    image's ink (``_dark``), when it is already known."""
    import numpy as np
    from PIL import Image
    from scipy import ndimage

    dark = (_dark(image) if dark is None else dark).astype(np.float32)
    masks = []
    for axis, inches in ((1, settings.rule_length[0]), (0, settings.rule_length[1])):
        length = max(3, int(inches * settings.dpi))
        full = ndimage.uniform_filter1d(dark, length, axis=axis) >= settings.rule_fill
        masks.append(ndimage.maximum_filter1d(full.astype(np.uint8), length, axis=axis).astype(bool) & (dark > 0))
    horizontal, vertical = masks
    lines = ndimage.binary_dilation(horizontal | vertical, iterations=3)  # and its soft edges
    if not lines.any():
        return image, []
    pixels = np.asarray(image).copy()
    pixels[lines] = int(np.median(pixels))
    labels, _ = ndimage.label(horizontal, structure=np.ones((3, 3)))
    rules = [(cols.start, (rows.start + rows.stop) / 2, cols.stop) for rows, cols in ndimage.find_objects(labels)]
    return Image.fromarray(pixels), rules


def find_dashes(image, text_height: float, settings: OcrSettings, dark=None) -> list[tuple[tuple[int, int, int, int], float]]:
    """Dashes ("–", a cell with no figure) in a grey page image, as pixel boxes with a confidence.

    Tesseract reads few lone dashes: a 7-point dash scanned at 200 dpi is a faint stroke a pixel
    or two thick. A dash is a dark connected component that is short, thin and solid, with no
    other ink around it (so a hyphen in a word, a rule or part of a letter is not one). ``dark``:
    the image's ink (``_dark``), when it is already known."""
    import numpy as np
    from scipy import ndimage

    dark = _dark(image) if dark is None else dark
    labels, _ = ndimage.label(dark, structure=np.ones((3, 3)))
    lo, hi = settings.dash_length
    found = []
    margin = int(settings.dash_clearance * text_height)
    for index, (rows, cols) in enumerate(ndimage.find_objects(labels), start=1):
        h, w = rows.stop - rows.start, cols.stop - cols.start
        if not (lo * text_height <= w <= hi * text_height and h <= settings.dash_thickness * text_height and w >= settings.dash_aspect * h):
            continue
        own = labels[rows, cols] == index
        fill = own.sum() / (h * w)
        if fill < 0.5:
            continue
        window = dark[max(0, rows.start - margin): rows.stop + margin, max(0, cols.start - margin): cols.stop + margin]
        if window.sum() - own.sum() > 0.05 * own.sum() + 2:
            continue  # other ink around it: part of something else
        clean = fill >= 0.7
        confidence = settings.dash_confidence[0] if clean else settings.dash_confidence[1]
        found.append(((cols.start, rows.start, cols.stop, rows.stop), confidence))
    return found


def is_speck(text: str, confidence: float, settings: OcrSettings) -> bool:
    """A speck (or a rule's remnant) read as punctuation: one character that is no letter or
    digit, read unsure; Tesseract may give it a space before it (" —")."""
    text = text.strip()
    return len(text) == 1 and not text.isalnum() and confidence < settings.stray_below


def unread_marks(dark, read: list[tuple[int, int, int, int]], text_height: float,
                 settings: OcrSettings) -> list[tuple[int, int, int, int]]:
    """Pixel boxes of the marks of ink at least ``unread_mark`` of a digit's height tall that no
    box in ``read`` (the words and dashes read) touches: what OCR left unread, glyphs not specks."""
    import numpy as np
    from scipy import ndimage

    covered = np.zeros(dark.shape, dtype=bool)
    for x0, y0, x1, y1 in read:
        covered[max(0, int(y0) - 1): int(y1) + 2, max(0, int(x0) - 1): int(x1) + 2] = True
    labels, _ = ndimage.label(dark & ~covered, structure=np.ones((3, 3)))
    least = settings.unread_mark * text_height
    return [(cols.start, rows.start, cols.stop, rows.stop) for rows, cols in ndimage.find_objects(labels)
            if rows.stop - rows.start >= least]


def _is_word(text: str) -> bool:
    """Text around a dash that is a word with a hyphen ("NPLV-", "60-200"), not the dash misread
    ("=", "_", "ee"): three letters or digits at least."""
    return sum(c.isalnum() for c in text) >= 3


def _font_box(word: _Read, text_height: float) -> tuple[float, float, float, float]:
    """A word's box as a text layer gives it: from a capital's height above its baseline to a
    descender below, whatever letters it has ("een" and "Leefbaarometer" on one line get one top
    and bottom), so the readers see lines of a label at an even pitch."""
    if word.baseline is None or not text_height:
        return word.box
    return (word.box[0], word.baseline - text_height, word.box[2], word.baseline + 0.25 * text_height)


def _on_its_line(box, words: list[OcrWord], text_height: float) -> tuple[float, float, float, float]:
    """A dash's box given the height of the text it stands among, as a text layer gives a dash
    the height of its line: the top and bottom of the nearest word beside it whose height spans
    the stroke (else the stroke's middle with a digit's height around it)."""
    x0, top, x1, bottom = box
    middle = (top + bottom) / 2
    beside = [w for w in words if w.top <= middle <= w.bottom and w.text != "\u2013"]
    if beside:
        nearest = min(beside, key=lambda w: max(w.x0 - x1, x0 - w.x1, 0))
        return (x0, nearest.top, x1, nearest.bottom)
    return (x0, round(middle - 0.6 * text_height, 2), x1, round(middle + 0.4 * text_height, 2))


def _inside(inner, outer) -> bool:
    """Whether the middle of box ``inner`` lies in box ``outer``."""
    cx, cy = (inner[0] + inner[2]) / 2, (inner[1] + inner[3]) / 2
    return outer[0] <= cx <= outer[2] and outer[1] <= cy <= outer[3]


def _overlap_area(a, b) -> float:
    return max(0, min(a[2], b[2]) - max(a[0], b[0])) * max(0, min(a[3], b[3]) - max(a[1], b[1]))


def _area(box) -> float:
    return (box[2] - box[0]) * (box[3] - box[1])


def _level(page: OcrPage, box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """A box as printed turned level (the skew taken out), rounded to hundredths of a point."""
    corners = [page._turn(x, y, -page.skew) for x in (box[0], box[2]) for y in (box[1], box[3])]
    # The box of a turned box grows by the turn; its middle and size are what matter: keep the
    # printed size about the turned middle.
    cx = sum(c[0] for c in corners) / 4
    cy = sum(c[1] for c in corners) / 4
    half_w, half_h = (box[2] - box[0]) / 2, (box[3] - box[1]) / 2
    return (round(cx - half_w, 2), round(cy - half_h, 2), round(cx + half_w, 2), round(cy + half_h, 2))


def with_confidence(cells, pages: dict[int, OcrPage], settings: OcrSettings = OcrSettings()):
    """The cells frame (``schemas.cells``) with, for each cell on a page read by OCR, the
    engine's confidence, why the cell is doubtful if it is, and its box put back onto the page as
    printed (the readers saw the page level). Returns a copy; other cells are unchanged.

    A cell is doubtful when its least sure word is below ``doubtful_below``, a character of it
    below ``doubtful_char_below``, or when it is printed unlike every other cell of its pages
    (its shape, digits as "9": "9,99%" among "99.99%"), which a misread often is. A cell read as
    blank is doubtful when the page shows ink that OCR left unread where its row and its column
    cross."""
    on_pages = cells["page"].isin(list(pages)) & cells["bbox"].notna()
    if not on_pages.any():
        return cells
    crossings = _crossings(cells, pages)
    shapes = cells.loc[on_pages & (cells["printed"].str.strip() != ""), "printed"].map(_shape)
    counts = shapes.value_counts()
    usual = set(counts[counts >= max(2, settings.usual_shape_share * len(shapes))].index)
    confidences, doubts, boxes = [], [], []
    for index, page_number, bbox, printed in zip(cells.index, cells["page"], cells["bbox"], cells["printed"]):
        page = pages.get(page_number)
        if page is None or bbox is None:
            doubt = _unread_ink_doubt(page, crossings[index]) if index in crossings else None
            confidences.append(0.0 if doubt else None), doubts.append(doubt), boxes.append(bbox)
            continue
        box = (bbox["x0"], bbox["top"], bbox["x1"], bbox["bottom"])
        words = [w for w in page.words if _inside((w.x0, w.top, w.x1, w.bottom), box)]
        x0, top, x1, bottom = page.to_page(box)
        boxes.append({"x0": round(x0, 2), "top": round(top, 2), "x1": round(x1, 2), "bottom": round(bottom, 2)})
        if not printed.strip():  # nothing read: sure of it, unless the page shows ink there
            doubt = _unread_ink_doubt(page, box)
            confidences.append(0.0 if doubt else None), doubts.append(doubt)
            continue
        if not words:
            confidences.append(None), doubts.append(None)
            continue
        confidence = min(w.confidence for w in words)
        weakest = min(w.weakest_char for w in words)
        why = []
        if confidence < settings.doubtful_below:
            why.append(f"OCR confidence {confidence:.0f} (below {settings.doubtful_below:.0f})")
        if weakest < settings.doubtful_char_below:
            why.append(f"a character read with confidence {weakest:.0f}")
        if printed.strip() and _shape(printed) not in usual:
            why.append(f"printed as {_shape(printed)!r}, unlike the other cells ({', '.join(sorted(usual)) or 'none usual'})")
        confidences.append(confidence)
        doubts.append("; ".join(why) or None)
    import pandas as pd

    return cells.assign(
        ocr_confidence=pd.array(confidences, dtype="Float64"),
        ocr_doubt=pd.Series(doubts, index=cells.index, dtype="str"),
        bbox=pd.Series(boxes, index=cells.index, dtype="object"),
    )


def _unread_ink_doubt(page: OcrPage, box: tuple[float, float, float, float] | None) -> str | None:
    """Why a cell read as blank is doubtful: ink that OCR left unread in its box (level)."""
    if box is None:
        return None
    marks = sum(1 for m in page.unread_ink
                if box[0] <= (m[0] + m[2]) / 2 <= box[2] and box[1] <= (m[1] + m[3]) / 2 <= box[3])
    if not marks:
        return None
    return f"read as blank, but the page shows {marks} mark{'s' if marks > 1 else ''} of ink there that OCR did not read"


def _crossings(cells, pages: dict[int, OcrPage]) -> dict:
    """The box of each cell read as blank that has none, on a page read by OCR, by its index:
    where its row (the other cells' lines) and its column (their widths) cross."""
    placed = cells[cells["page"].isin(list(pages)) & cells["bbox"].notna()]
    blank = cells[cells["page"].isin(list(pages)) & cells["bbox"].isna() & (cells["printed"].str.strip() == "")]
    if blank.empty or placed.empty:
        return {}
    rows: dict[tuple, tuple[float, float]] = {}
    columns: dict[tuple, tuple[float, float]] = {}
    for page, row, year, area, bbox in zip(placed["page"], placed["row_number"], placed["year"], placed["area"],
                                           placed["bbox"]):
        top, bottom = rows.get((page, row), (math.inf, -math.inf))
        rows[(page, row)] = (min(top, bbox["top"]), max(bottom, bbox["bottom"]))
        left, right = columns.get((page, year, area), (math.inf, -math.inf))
        columns[(page, year, area)] = (min(left, bbox["x0"]), max(right, bbox["x1"]))
    crossings = {}
    for index, page, row, year, area in zip(blank.index, blank["page"], blank["row_number"], blank["year"],
                                            blank["area"]):
        if (page, row) in rows and (page, year, area) in columns:
            (top, bottom), (left, right) = rows[(page, row)], columns[(page, year, area)]
            crossings[index] = (left, top, right, bottom)
    return crossings


def _shape(printed: str) -> str:
    """A printed value's typography: every digit a 9, and a run of digits before the separator
    one 9 ("60.35%" and "8.76%" are both "9.99%")."""
    shape = re.sub(r"\d", "9", printed.strip())
    return re.sub(r"^9+", "9", shape)

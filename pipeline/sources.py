"""Opening a source: a PDF or a text edition of the report, with its edition id and page map.

Everything that can be wrong with an input file is found here and raised as ``InputError`` with
a one-line reason, so later stages can assume a readable document.
"""

from __future__ import annotations

import codecs
import hashlib
import logging
import re
import stat
import time
import zlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Literal

from pipeline.budgets import DEFAULT_BUDGETS, Budgets
from pipeline.errors import InputError, describe
from pipeline.numbers import is_value_token
from pipeline.ocr import ENABLE_HINT, OcrEngine, OcrPage, OcrSettings, OcrTimeout, ocr_unavailable

SourceKind = Literal["pdf", "text"]

# pdfminer (under pdfplumber) logs the damage it works around as warnings ("Invalid MediaBox",
# "Could not get FontBBox", ...). With no logging configured Python prints those to stderr, so a
# damaged PDF gave several lines before the one-line error, and --quiet runs were not quiet. A
# NullHandler keeps them off stderr; an application that configures logging still receives them.
for _library in ("pdfminer", "pdfplumber", "pypdfium2"):
    logging.getLogger(_library).addHandler(logging.NullHandler())

# "Voortgangsrapportage 2024 tot en met zomer 2025" -> 2024-2025; "Voortgangsrapportage 2023" -> 2023.
# An extractor may space a word's letters apart where the typesetter kerned them ("Voor tgangsrappor
# tage", groff's PostScript; "Vo    or" in a layout mode): spaces may stand between the title word's letters.
_REPORTING_PERIOD = re.compile(
    " *".join("Voortgangsrapportage") + r"\s+(?:[a-z]+\s+)?(?P<start>(?:19|20)\d{2})"
    r"(?:\s*(?:tot\s+en\s+met|t/m|-|\u2013|tot)\s*(?:[a-z]+\s+)?(?P<end>(?:19|20)\d{2}))?",
    re.IGNORECASE,
)
# A text edition starts a page with a line that begins with a single space, or with a bare page
# number (1-3 digits, so a year such as "2015" wrapped from a label is not one).
_PAGE_START = re.compile(r"^ \S")
PAGE_NUMBER = re.compile(r"^(\d{1,3})\s*$")  # a page number alone on its line
# A page's number on the line of the running head or foot it is printed beside, before it
# ("59 Nationaal Programma ..."; pdf-parse runs the two together: "59Nationaal Programma ...").
_NUMBER_ON_RUNNING_LINE = re.compile(r"^\s*(\d{1,3})\s*(?=[^\W\d_])(.{12,})$")  # on a line stripped at its end


def edition_id_from_text(text: str) -> str | None:
    """The edition id from the title's reporting period, or None when the text has no title."""
    match = _REPORTING_PERIOD.search(text)
    if not match:
        return None
    start, end = match["start"], match["end"]
    return f"{start}-{end}" if end and end != start else start


def _not_read(skipped_pages: dict[int, str]) -> str:
    """What a refusal adds when pages went unread over a budget: the title may stand on one."""
    skipped = "; ".join(f"page {n} ({why})" for n, why in sorted(skipped_pages.items())[:2])
    return f"; not read: {skipped}" if skipped else ""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# A text saved as UTF-16 or UTF-32 (Windows' "Unicode" text) says so in its first bytes; a text
# without such a mark is read as UTF-8 (the text an extractor writes), never guessed.
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_WIDE_BOMS = tuple(bom for bom, encoding in _BOMS if encoding != "utf-8-sig")


def text_encoding(head: bytes) -> str:
    """The encoding a text edition is read in: the one its byte order mark names, else UTF-8."""
    return next((encoding for bom, encoding in _BOMS if head.startswith(bom)), "utf-8")


def detect_kind(path: Path) -> SourceKind:
    """PDF or text edition, by content (never by file name)."""
    if not path.exists():
        raise InputError(path, "no such file")
    if path.is_dir():
        raise InputError(path, "is a folder, not a report file")
    # Before opening: opening a FIFO waits for a writer, and a device can be read forever.
    if not stat.S_ISREG(path.stat().st_mode):
        raise InputError(path, "is not a regular file (a FIFO, device or socket); give a report file")
    try:
        with path.open("rb") as file:
            head = file.read(4096)
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror or exc})") from None
    if not head.strip():
        raise InputError(path, "is empty")
    if head.lstrip()[:5] == b"%PDF-":
        return "pdf"
    if b"\x00" in head and not head.startswith(_WIDE_BOMS):
        raise InputError(path, "is neither a PDF nor a text edition (binary content)")
    sniff = head.lstrip().lower()
    if sniff.startswith((b"<!doctype html", b"<html")):
        raise InputError(path, "is an HTML page, not a report")
    return "text"


@dataclass
class TextEdition:
    """A text edition: the report's text as an extractor left it, with a page for every line."""

    path: Path
    lines: list[str]
    sha256: str
    kind: SourceKind = field(default="text", init=False)
    # Lines that begin a page where the extractor marked one (a form feed).
    form_feeds: frozenset[int] = frozenset()
    # Pages not read because they passed a budget: page -> why (``pipeline.budgets``).
    skipped_pages: dict[int, str] = field(default_factory=dict)

    @cached_property
    def edition(self) -> str:
        edition = edition_id_from_text("\n".join(self.lines))
        if edition is None:
            raise InputError(self.path, "no report title with a reporting period found" + _not_read(self.skipped_pages))
        return edition

    @cached_property
    def line_pages(self) -> list[int]:
        """Page number of each line (index 0 = line 1).

        Page starts are counted and anchored at the nearest printed page number, because a text
        extractor drops some page starts (photo pages) and adds others (captions).
        """
        starts: list[int] = []
        anchors: dict[int, int] = {}  # index in starts -> printed page number
        for i, line in enumerate(self.lines):
            number = PAGE_NUMBER.match(line)
            after_blank = i == 0 or not self.lines[i - 1].strip()
            printed = number and after_blank and self._running_header_follows(i)
            if self.form_feeds:
                # An extractor that marks pages with form feeds marks them all: a page's number
                # (its footer's or its header's) names the page it stands on.
                if i in self.form_feeds:
                    starts.append(i)
                if printed:
                    anchors[len(starts) - 1] = int(number[1])
            elif printed:
                anchors[len(starts)] = int(number[1])
                starts.append(i)
            elif _PAGE_START.match(line):
                starts.append(i)
        if not self.form_feeds and not anchors:
            # No page marked and numbered: the pages' numbers page the text where they count up
            # (a line starting with a space marks a page in the seed's text, and a caption's line
            # in another extractor's).
            numbered_starts, numbered_anchors = self._numbered_pages()
            if numbered_starts:
                starts, anchors = numbered_starts, numbered_anchors
        if not starts or starts[0] != 0:
            starts.insert(0, 0)
            anchors = {k + 1: v for k, v in anchors.items()}
        pages = []
        for k in range(len(starts)):
            if anchors:
                nearest = min(anchors, key=lambda a: (abs(a - k), a))
                pages.append(anchors[nearest] + (k - nearest))
            else:
                pages.append(k + 1)
        line_pages: list[int] = []
        for k, start in enumerate(starts):
            end = starts[k + 1] if k + 1 < len(starts) else len(self.lines)
            line_pages.extend([max(pages[k], 1)] * (end - start))
        return line_pages

    def _numbered_pages(self) -> tuple[list[int], dict[int, int]]:
        """Page starts and their numbers in a text that marks no page (Ghostscript's, PDFBox's,
        ``pdftotext -nopgbrk``), from the pages' numbers: lines holding a number alone, or before
        a running head or foot (a line the text repeats with other numbers), that count up by one
        through the text (the longest such run, of two or more). Footers, when less text follows
        the last number than precedes the first: a page ends with its number."""
        numbers = [(i, number) for i in range(len(self.lines)) if (number := self._page_number_at(i)) is not None]
        # number -> (length, index into numbers) of the longest run ending there; each number's
        # run goes on from the one before it (linear in the numbers, however many a text holds)
        ends: dict[int, tuple[int, int]] = {}
        before: list[int | None] = []
        for k, (_, number) in enumerate(numbers):
            length, previous = ends.get(number - 1, (0, None))
            before.append(previous)
            if length + 1 > ends.get(number, (0, None))[0]:
                ends[number] = (length + 1, k)
        length, last = max(ends.values(), default=(0, None))
        if length < 2:
            return [], {}
        best = [last]
        while (previous := before[best[-1]]) is not None:
            best.append(previous)
        best.reverse()
        lines = [numbers[k][0] for k in best]
        text_before = sum(1 for line in self.lines[: lines[0]] if line.strip())
        text_after = sum(1 for line in self.lines[lines[-1] + 1 :] if line.strip())
        if text_after < text_before:  # footers: the page after a number starts after it
            starts = [0] + [i + 1 for i in lines if i + 1 < len(self.lines)]
            return starts, {k: numbers[best[k]][1] for k in range(len(best))}
        return lines, {k: numbers[best[k]][1] for k in range(len(best))}

    def _running_header_follows(self, i: int) -> bool:
        """A page number is followed by the running header, a line the document repeats."""
        following = [line.strip() for line in self.lines[i + 1 : i + 4] if line.strip()]
        return bool(following) and self._line_counts.get(following[0], 0) >= 2

    @cached_property
    def _line_counts(self) -> dict[str, int]:
        from collections import Counter

        return Counter(line.strip() for line in self.lines if len(line.strip()) > 12)

    def _page_number_at(self, i: int) -> int | None:
        """The page number line ``i`` prints: a number alone, or one before a running line."""
        if (alone := PAGE_NUMBER.match(self.lines[i].strip())):
            return int(alone[1])
        running = _NUMBER_ON_RUNNING_LINE.match(self.lines[i].rstrip())
        return int(running[1]) if running and self._running_lines.get(running[2], 0) >= 2 else None

    @cached_property
    def _running_lines(self) -> dict[str, int]:
        """How many different numbers the text prints before each line (running heads and feet)."""
        numbers: dict[str, set[str]] = {}
        for line in self.lines:
            if (running := _NUMBER_ON_RUNNING_LINE.match(line.rstrip())):
                numbers.setdefault(running[2], set()).add(running[1])
        return {text: len(found) for text, found in numbers.items()}

    def close(self) -> None:
        """Nothing to close: a text edition is read whole when opened."""


@dataclass
class PdfEdition:
    """A PDF edition. pdfplumber parses only the pages that need word positions."""

    path: Path
    sha256: str
    kind: SourceKind = field(default="pdf", init=False)
    budgets: Budgets = DEFAULT_BUDGETS
    # Pages not read because they passed a budget: page -> why (their text is empty).
    skipped_pages: dict[int, str] = field(default_factory=dict)
    # Where each line of a page's text starts among pdfium's characters (made with the texts).
    page_line_starts: dict[int, list[int]] = field(default_factory=dict, repr=False)
    # How a page without a text layer is read; None: it is not (``pipeline.ocr``).
    ocr: OcrSettings | None = field(default_factory=OcrSettings)
    # Pages without text that hold a picture, and those read by OCR (made with the texts).
    image_pages: list[int] = field(default_factory=list, repr=False)
    # Pages of a picture under invisible text (another engine's OCR), counted as without text.
    invisible_text_pages: list[int] = field(default_factory=list, repr=False)
    ocr_pages: dict[int, OcrPage] = field(default_factory=dict, repr=False)
    # Why the text layer was set aside for OCR (``text_layer_lies``), if it was.
    text_layer_replaced: str | None = None

    @cached_property
    def page_texts(self) -> list[str]:
        """Plain text of every page: the text layer's (``layer_texts``), or for a scanned
        edition, every page read by OCR."""
        texts = self.layer_texts
        if self.scanned:
            self._read_by_ocr(self.image_pages)
        return texts

    @cached_property
    def scanned(self) -> bool:
        """No page has text, some hold a picture, and OCR is on: the pages are read by OCR
        (decided on the text layer, before any page is)."""
        return bool(self.image_pages) and not any(text.strip() for text in self.layer_texts) and self._ocr_on()

    @cached_property
    def layer_texts(self) -> list[str]:
        """Plain text of every page, from pdfium: fast, for finding pages by their content. A page
        over a budget (inflated content, objects, characters, seconds) gives no text and is
        listed in ``skipped_pages``. Pages read by OCR later write their text into this list."""
        import pypdfium2 as pdfium
        import pypdfium2.raw as pdfium_c

        try:
            document = pdfium.PdfDocument(str(self.path))
        except Exception as exc:  # pdfium raises its own error types for every kind of damage
            raise InputError(self.path, f"is not a readable PDF ({describe(exc, limit=160)})") from None
        try:
            budgets = self.budgets
            if len(document) > budgets.edition_pages:
                raise InputError(self.path, f"has {len(document)} pages; {over_budget('edition_pages', budgets)}")
            self.skipped_pages.update(_pages_over_inflated_budget(self.path, budgets.page_inflated_bytes))
            texts = []
            boxes: dict[int, list[LineBox]] = {}
            totals = _EditionTotals(self.path, budgets)
            for number in range(1, len(document) + 1):
                if number in self.skipped_pages:
                    texts.append("")
                    continue
                started = time.perf_counter()
                page = document[number - 1]
                try:  # each page closed as soon as it is read: pdfium keeps them all otherwise
                    objects = pdfium_c.FPDFPage_CountObjects(page.raw)
                    if objects > budgets.page_objects:
                        self.skipped_pages[number] = f"it has {objects} graphic objects, {_over('page_objects', budgets)}"
                        texts.append("")
                        continue
                    if _text_unseen_over_picture(page, budgets.page_objects):
                        # A picture of the page under text nobody sees: another engine's OCR, whose
                        # misreads would pass for printed text. The picture is read as a scan's.
                        self.invisible_text_pages.append(number)
                        self.image_pages.append(number)
                        raw, boxes[number], lines = "", [], []
                    else:
                        textpage = page.get_textpage()
                        try:
                            chars = textpage.count_chars()
                            if chars > budgets.page_chars:
                                self.skipped_pages[number] = f"its text has {chars} characters, {_over('page_chars', budgets)}"
                                texts.append("")
                                continue
                            raw = textpage.get_text_range()
                            boxes[number], lines = _line_boxes(raw, textpage, page.get_height())
                        finally:
                            textpage.close()
                        if not raw.strip() and _has_image(page):
                            self.image_pages.append(number)
                finally:
                    page.close()
                self.page_line_starts[number] = _line_starts(raw)
                text = dehyphenated("\n".join(lines))
                seconds = time.perf_counter() - started
                if seconds > budgets.page_seconds:
                    self.skipped_pages[number] = f"reading it took {seconds:.0f} s, {_over('page_seconds', budgets)}"
                    text = ""
                    boxes.pop(number)
                totals.add(text)
                texts.append(text)
            self.__dict__["page_line_boxes"] = boxes
            return texts
        except InputError:
            raise
        except Exception as exc:
            # A damaged page tree opens fine and fails only when a page is loaded ("Failed to load
            # page."), which escaped as a traceback; it is bad input like any other damage.
            raise InputError(self.path, f"has a page that cannot be read ({describe(exc, limit=160)})") from None
        finally:
            document.close()

    def _ocr_on(self) -> bool:
        return self.ocr is not None and ocr_unavailable(self.ocr) is None

    def _read_by_ocr(self, numbers: list[int]) -> None:
        """Pages read by OCR (those not read yet): their words in ``ocr_pages``, their text and
        line boxes in place of the text layer's."""
        import pypdfium2 as pdfium

        numbers = [n for n in numbers if n not in self.ocr_pages and n not in self.skipped_pages]
        if not numbers:
            return
        texts, boxes = self.layer_texts, self.__dict__["page_line_boxes"]
        document = pdfium.PdfDocument(str(self.path))
        engine = OcrEngine(self.ocr)
        try:
            for number in numbers:
                if len(self.ocr_pages) >= self.budgets.ocr_pages:
                    self.skipped_pages[number] = f"{self.budgets.ocr_pages} pages were read by OCR, {_over('ocr_pages', self.budgets)}"
                    texts[number - 1] = ""
                    boxes.pop(number, None)
                    continue
                page = document[number - 1]
                try:
                    read = self._ocr_within_budgets(engine, number, page)
                finally:
                    page.close()
                if read is None:
                    texts[number - 1] = ""
                    boxes.pop(number, None)
                    continue
                self._keep_ocr(read)
        finally:
            engine.close()
            document.close()

    def _keep_ocr(self, read: OcrPage) -> None:
        """A page read by OCR: its words in ``ocr_pages``, its text (column by column, as a text
        layer is read) and line boxes in place of the text layer's."""
        number = read.number
        self.ocr_pages[number] = read
        lines = [text for text, _ in read.reading]
        self.__dict__["page_line_boxes"][number] = [LineBox(box[0], box[1], box[3], round(read.height, 2))
                                                    for _, box in read.reading]
        self.page_line_starts[number] = _line_starts("\r\n".join(lines))
        self.layer_texts[number - 1] = "\n".join(lines)

    def _ocr_within_budgets(self, engine: OcrEngine, number: int, page) -> OcrPage | None:
        """The page read by OCR, or None (listed in ``skipped_pages``) when rendering it would
        pass ``page_pixels`` or reading it ``page_seconds``."""
        budgets = self.budgets
        width, height = page.get_size()
        pixels = width * height * (self.ocr.dpi / 72) ** 2
        if pixels > budgets.page_pixels:
            self.skipped_pages[number] = (f"rendered for OCR it has {pixels / 1e6:.0f} million pixels, "
                                          f"{_over('page_pixels', budgets)}")
            return None
        try:
            return _ocr_page(engine, number, page, self.ocr, budgets.page_seconds)
        except OcrTimeout:
            self.skipped_pages[number] = f"reading it by OCR took over {budgets.page_seconds:g} s, {_over('page_seconds', budgets)}"
            return None

    def read_image_pages(self) -> bool:
        """In a PDF with a text layer, its pages of pictures read by OCR after all (a table
        pasted in as a scan): True when there were such pages to read and OCR is on."""
        self.page_texts
        unread = [n for n in self.image_pages if n not in self.ocr_pages and n not in self.skipped_pages]
        if not unread or not self._ocr_on():
            return False
        self._read_by_ocr(unread)
        return bool(set(unread) & set(self.ocr_pages))

    def text_layer_lies(self) -> bool:
        """Whether the text layer says other words than the page shows, judged by OCR on the
        first page with text (the title page); when it does, every page is read by OCR instead and
        ``text_layer_replaced`` says why. False when OCR is off or not installed, or when the pages
        are read by OCR already. Called when the text layer fails to give what every edition has
        (a title with its period, an appendix), never on a text layer that reads well."""
        import pypdfium2 as pdfium

        texts = self.page_texts
        if self.ocr_pages or not self._ocr_on():
            return False
        sample = next((k + 1 for k, text in enumerate(texts) if text.strip()), None)
        if sample is None:
            return False
        document = pdfium.PdfDocument(str(self.path))
        try:
            engine = OcrEngine(self.ocr)
            try:
                page = document[sample - 1]
                try:
                    read = self._ocr_within_budgets(engine, sample, page)
                finally:
                    page.close()
            finally:
                engine.close()
            if read is None:
                return False
            shown = [w.text for w in read.words if w.confidence >= self.ocr.doubtful_below and len(w.text) >= 3]
            # Compared letter for letter without spaces: a layer that spaces a word apart where
            # the typesetter kerned it, or runs two together ("beschr ijft", "Dezevoor", groff)
            # says what the page shows; one that lies spells other letters.
            layer = "".join(texts[sample - 1].split())
            agreeing = sum(word in layer for word in shown)
            if not shown or agreeing >= self.ocr.text_layer_agreement * len(shown):
                return False
            self.text_layer_replaced = (f"its text layer does not say what page {sample} shows: of {len(shown)} words "
                                        f"OCR reads there, the text layer has {agreeing}")
        finally:
            document.close()
        self._keep_ocr(read)  # the page compared is read already
        self._read_by_ocr(list(range(1, len(texts) + 1)))
        self.__dict__.pop("edition", None)
        return True

    @cached_property
    def plumber(self):
        """The PDF opened by pdfplumber, on a file handle of this edition's own (``close``)."""
        import pdfplumber

        handle = self.path.open("rb")
        try:
            pdf = pdfplumber.open(handle)
        except Exception as exc:  # pdfminer raises many types for damaged or encrypted files
            handle.close()
            raise InputError(self.path, f"is not a readable PDF ({describe(exc, limit=160)})") from None
        self._handle = handle
        return pdf

    @cached_property
    def edition(self) -> str:
        texts = self.layer_texts
        edition = edition_id_from_text("\n".join(texts[:3]))
        # A scan's title is read by OCR page by page, only as far as the title (listing editions
        # reads no more of a scan than that).
        for number in [n for n in self.image_pages if n <= 3] if edition is None and self.scanned else []:
            self._read_by_ocr([number])
            edition = edition_id_from_text("\n".join(texts[:3]))
            if edition is not None:
                break
        if edition is None and not self.scanned and self.text_layer_lies():
            edition = edition_id_from_text("\n".join(texts[:3]))
        if edition is None:
            title = self.plumber.metadata.get("Title", "") if texts else ""
            edition = edition_id_from_text(str(title))
        if edition is None:
            raise InputError(self.path, "no report title with a reporting period found" + _not_read(self.skipped_pages))
        return edition

    @cached_property
    def page_line_boxes(self) -> dict[int, list[LineBox]]:
        """Where each line of a page's text (``page_texts``, split at line breaks) starts: its
        first character's box (pages read only; made with the texts)."""
        self.page_texts
        return self.__dict__["page_line_boxes"]

    def text_boxes(self, wanted: list[tuple[int, int, str]]) -> list[dict | None]:
        """The box of each (page, line, text) printed on the page, in points from the top left:
        the text found on that line of the page's text (or from it over the next line), the union
        of its characters' boxes; None where it is not found. On a page read by OCR: the box of
        the line the text starts on, as printed."""
        import pypdfium2 as pdfium

        self.page_texts
        found: list[dict | None] = [None] * len(wanted)
        by_page: dict[int, list[int]] = {}
        for k, (page, line, _) in enumerate(wanted):
            if page in self.ocr_pages:
                found[k] = _ocr_line_box(self.ocr_pages[page], line)
            elif page in self.page_line_starts:
                by_page.setdefault(page, []).append(k)
        if not by_page:
            return found
        document = pdfium.PdfDocument(str(self.path))
        try:
            for page_number, indices in sorted(by_page.items()):
                page = document[page_number - 1]
                textpage = page.get_textpage()
                try:
                    raw, height, starts = textpage.get_text_range(), page.get_height(), self.page_line_starts[page_number]
                    for k in indices:
                        _, line, text = wanted[k]
                        if 1 <= line <= len(starts):
                            found[k] = _box_of(text, raw, starts[line - 1], textpage, height)
                finally:
                    textpage.close()
                    page.close()
        finally:
            document.close()
        return found

    def check_has_text(self) -> None:
        """A PDF with a text layer, or a scan that OCR can read (its pages are read when needed)."""
        if any(text.strip() for text in self.layer_texts):
            return
        if not self.image_pages:
            raise InputError(self.path, "has no text layer and no pictures of pages; nothing to read")
        missing = ocr_unavailable(self.ocr) if self.ocr is not None else "OCR is off"
        if missing:
            what = ("has no text that shows: its pages are pictures under invisible text (another OCR engine's, "
                    "which says nothing of its doubts)" if self.invisible_text_pages else
                    "has no text layer (a scanned PDF?)")
            raise InputError(self.path, f"{what}; {missing}: {ENABLE_HINT}")

    def close(self) -> None:
        """Close the file pdfplumber reads, if it was opened (it is opened again when needed).
        Only the file: pdfplumber's own ``close()`` first builds every page it has not built,
        which costs time and raises on a damaged page."""
        if self.__dict__.pop("plumber", None) is not None:
            self._handle.close()


Edition = TextEdition | PdfEdition


@dataclass(frozen=True)
class LineBox:
    """Where a line of a PDF page's text starts: its first character's box, in points from the
    page's top left, and the page's height."""

    x0: float
    top: float
    bottom: float
    page_height: float


# pdfium marks a hyphen at a line end, where it joins the word's two parts, as U+FFFE: between
# lower-case letters it splits a word ("voorzie-" + "ningen"), after a capital or a digit it is a
# hyphen of the word ("NPLV-gebieden", "2024-2025").
_SPLIT_WORD = re.compile(r"(?<=[a-zà-ÿ])\ufffe(?=[a-zà-ÿ])")


def dehyphenated(text: str) -> str:
    """pdfium's text with its line-end hyphen marks read as Dutch is written."""
    if "\ufffe" not in text:
        return text
    return _SPLIT_WORD.sub("", text).replace("\ufffe", "-")


def _ocr_line_box(page: OcrPage, line: int) -> dict | None:
    """The box, as printed, of line ``line`` (1-based) of a page's OCR text."""
    if not 1 <= line <= len(page.reading):
        return None
    x0, top, x1, bottom = page.to_page(page.reading[line - 1][1])
    return {"x0": round(x0, 2), "top": round(top, 2), "x1": round(x1, 2), "bottom": round(bottom, 2)}


def _has_image(page) -> bool:
    import pypdfium2.raw as pdfium_c

    return any(pdfium_c.FPDFPageObj_GetType(pdfium_c.FPDFPage_GetObject(page.raw, k)) == pdfium_c.FPDF_PAGEOBJ_IMAGE
               for k in range(pdfium_c.FPDFPage_CountObjects(page.raw)))


def _text_unseen_over_picture(page, most: int) -> bool:
    """Whether the page's text is all drawn unseen (rendering mode 3, neither filled nor
    stroked, or 7, a clip only) over a picture: an OCR engine's layer over a scan. Form XObjects
    are looked into (ocrmypdf grafts its layer as one), at most ``most`` objects in all
    (``page_objects``); the look stops at the first text that shows (most pages: at once)."""
    import pypdfium2.raw as pdfium_c

    unseen_modes = (pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE, pdfium_c.FPDF_TEXTRENDERMODE_CLIP)
    picture = unseen = False
    todo = [(pdfium_c.FPDFPage_CountObjects(page.raw), lambda k: pdfium_c.FPDFPage_GetObject(page.raw, k))]
    looked = 0
    while todo and looked < most:
        count, get = todo.pop()
        for k in range(min(count, most - looked)):
            looked += 1
            item = get(k)
            kind = pdfium_c.FPDFPageObj_GetType(item)
            if kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
                if pdfium_c.FPDFTextObj_GetTextRenderMode(item) not in unseen_modes:
                    return False
                unseen = True
            elif kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                picture = True
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
                todo.append((pdfium_c.FPDFFormObj_CountObjects(item),
                             lambda j, form=item: pdfium_c.FPDFFormObj_GetObject(form, j)))
    return picture and unseen


def _ocr_page(engine: OcrEngine, number: int, page, settings: OcrSettings, seconds: float) -> OcrPage:
    """A page rendered grey at the OCR resolution and read in at most ``seconds``."""
    width, height = page.get_size()
    image = page.render(scale=settings.dpi / 72, grayscale=True).to_pil().convert("L")
    return engine.read(number, image, width, height, seconds)


def _line_starts(raw: str) -> list[int]:
    starts, position = [], 0
    for line in raw.split("\r\n"):
        starts.append(position)
        position += len(line) + 2
    return starts


def _box_of(text: str, raw: str, start: int, textpage, height: float) -> dict | None:
    """The box of ``text`` found from ``start`` in a page's text (spaces in it may be any
    whitespace or a line break; pdfium's hyphen marks are skipped)."""
    words = text.split()
    if not words:
        return None

    def spelled(word: str) -> str:  # pdfium may put its hyphen mark between a word's letters
        return "[\ufffe\u00ad]?".join(re.escape(c) for c in word)

    pattern = re.compile(r"[\s\ufffe\u00ad]*".join(spelled(w) for w in words))
    match = pattern.search(raw, start, start + 600)
    if match is None:
        return None
    boxes = []
    for index in range(match.start(), match.end()):
        if raw[index].isspace() or raw[index] in "\ufffe\u00ad":
            continue
        left, bottom, right, top = textpage.get_charbox(index)
        if right > left:
            boxes.append((left, height - top, right, height - bottom))
    if not boxes:
        return None
    return {"x0": round(min(b[0] for b in boxes), 2), "top": round(min(b[1] for b in boxes), 2),
            "x1": round(max(b[2] for b in boxes), 2), "bottom": round(max(b[3] for b in boxes), 2)}


# A line that starts with a number set off by a wide gap: a footnote's or a list item's label.
_LABEL_NUMBER = re.compile(r"^(\s*\d{1,3}) (?=\S)")


def _line_boxes(raw: str, textpage, height: float) -> tuple[list[LineBox | None], list[str]]:
    """The start of every line of ``raw`` (pdfium's text of the page: a character of the text is
    a character of the page, line breaks included), and the lines, a number that labels its line
    (set off by more than 0.8 of its height, where a word space is about half) followed by a tab as
    a text extractor writes it."""
    boxes: list[LineBox | None] = []
    lines = raw.split("\r\n")
    position = 0
    for k, line in enumerate(lines):
        offset = len(line) - len(line.lstrip())
        box = None
        if line.strip():
            try:
                left, bottom, right, top = textpage.get_charbox(position + offset)
                box = LineBox(round(left, 2), round(height - top, 2), round(height - bottom, 2), round(height, 2))
                label = _LABEL_NUMBER.match(line)
                if label:
                    number_right = textpage.get_charbox(position + label.end(1) - 1)[2]
                    next_left = textpage.get_charbox(position + label.end())[0]
                    if next_left - number_right > 0.8 * (top - bottom):
                        lines[k] = line[:label.end(1)] + "\t" + line[label.end():]
            except Exception:  # a character without a box (generated): no position
                box = None
        boxes.append(box)
        position += len(line) + 2
    return boxes, lines


def open_edition(path: Path | str, budgets: Budgets = DEFAULT_BUDGETS) -> Edition:
    """Open a source file as an edition, or raise ``InputError`` saying why it is not one (or
    why it passes a budget: ``pipeline.budgets``)."""
    path = Path(path)
    kind = detect_kind(path)
    size = path.stat().st_size
    if size > budgets.source_bytes:
        raise InputError(path, f"is {size} bytes; {over_budget('source_bytes', budgets)}")
    digest = sha256_of(path)
    if kind == "pdf":
        edition: Edition = PdfEdition(path, digest, budgets)
        edition.check_has_text()
        return edition
    with path.open("rb") as handle:
        content = handle.read(budgets.source_bytes + 1)  # the file may have grown since stat
    if len(content) > budgets.source_bytes:
        raise InputError(path, f"is over {budgets.source_bytes} bytes; {over_budget('source_bytes', budgets)}")
    # Lines counted before the text is decoded and split (each line costs memory once split).
    breaks = content.count(b"\n") or content.count(b"\r")
    count = breaks + (not content.endswith((b"\n", b"\r")))
    if count > budgets.text_lines:
        raise InputError(path, f"has {count} lines; {over_budget('text_lines', budgets)}")
    encoding = text_encoding(content)
    try:
        text = content.decode(encoding)
    except UnicodeDecodeError as exc:
        line = content.count(b"\n", 0, exc.start) + 1
        raise InputError(path, f"is neither a PDF nor {encoding.upper()} text (byte {content[exc.start]:#04x} on line "
                               f"{line} is not; save the text as UTF-8, as pdftotext -enc UTF-8 writes it)") from None
    del content
    lines, form_feeds = split_pages(text.translate(_READ_AS_PRINTED))
    del text
    if len(lines) > budgets.text_lines:
        raise InputError(path, f"has {len(lines)} lines; {over_budget('text_lines', budgets)}")
    edition = _within_page_budgets(TextEdition(path, lines, digest, form_feeds), budgets)
    totals = _EditionTotals(path, budgets)
    for line in edition.lines:  # pages left out over page_chars count for nothing, as in a PDF
        totals.add(line)
    return edition


def over_budget(name: str, budgets: Budgets) -> str:
    """What a budget is and how to raise it, for a message."""
    return f"the budget {name} is {getattr(budgets, name):g} (raise it with --budget {name}=N)"


def _over(name: str, budgets: Budgets) -> str:
    """A skipped page's reason, short: the budget and its value."""
    return f"over the budget {name} = {getattr(budgets, name):g}; --budget {name}=N raises it"


class _EditionTotals:
    """The characters and figures of an edition's text, added up page by page (or line by line)
    and refused as soon as either passes its budget (``edition_chars``, ``edition_figures``)."""

    def __init__(self, path: Path, budgets: Budgets) -> None:
        self.path, self.budgets = path, budgets
        self.chars = self.figures = 0

    def add(self, text: str) -> None:
        self.chars += len(text)
        if self.chars > self.budgets.edition_chars:
            raise InputError(self.path, f"has more than {self.budgets.edition_chars} characters of text; "
                                        f"{over_budget('edition_chars', self.budgets)}")
        self.figures += sum(1 for word in text.split() if is_value_token(word))
        if self.figures > self.budgets.edition_figures:
            raise InputError(self.path, f"has more than {self.budgets.edition_figures} figures (percentages, decimals, "
                                        f"dashes alone); {over_budget('edition_figures', self.budgets)}")


def _within_page_budgets(edition: TextEdition, budgets: Budgets) -> TextEdition:
    """A text edition with the text of its pages over ``page_chars`` left out (each listed in
    ``skipped_pages``); refused when it has more pages than ``edition_pages``."""
    pages = edition.line_pages
    if pages and len(set(pages)) > budgets.edition_pages:
        raise InputError(edition.path, f"has {len(set(pages))} pages; {over_budget('edition_pages', budgets)}")
    chars: dict[int, int] = {}
    for page, line in zip(pages, edition.lines):
        chars[page] = chars.get(page, 0) + len(line) + 1
    over = {page: n for page, n in chars.items() if n > budgets.page_chars}
    if not over:
        return edition
    lines = ["" if page in over else line for page, line in zip(pages, edition.lines)]
    skipped = {page: f"its text has {n} characters, {_over('page_chars', budgets)}" for page, n in over.items()}
    kept = TextEdition(edition.path, lines, edition.sha256, edition.form_feeds, skipped)
    kept.__dict__["line_pages"] = pages  # the pages as counted before the text was left out
    return kept


def _pages_over_inflated_budget(path: Path, budget: int) -> dict[int, str]:
    """Pages whose content streams inflate to more than ``budget`` bytes, found by inflating
    each stream a block at a time and stopping at the budget (a compression bomb is never
    inflated whole). pdfminer reads the page tree and the raw streams; a PDF it cannot read is
    left to pdfium, which reports the damage."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import PDFStream, resolve1

    over: dict[int, str] = {}
    try:
        with path.open("rb") as handle:
            document = PDFDocument(PDFParser(handle))
            for number, page in enumerate(PDFPage.create_pages(document), start=1):
                total = 0
                for stream in page.contents:
                    stream = resolve1(stream)
                    if not isinstance(stream, PDFStream):
                        continue
                    total += _inflated_size(stream, budget + 1 - total)
                    if total > budget:
                        over[number] = (f"its content inflates to more than {budget} bytes, over the budget page_inflated_bytes; "
                                        "--budget page_inflated_bytes=N raises it")
                        break
    except Exception:  # pdfminer's many error types for a damaged file: pdfium decides
        return over
    return over


def _inflated_size(stream, limit: int) -> int:
    """How many bytes a stream decodes to, counted up to ``limit``: ASCII filters decoded (they
    shrink), Flate inflated a block at a time up to the limit; after any other filter, the size
    so far."""
    from pdfminer.ascii85 import ascii85decode, asciihexdecode

    if stream.rawdata is None:  # pdfminer decoded it already
        return min(len(stream.data or b""), limit)
    data = stream.rawdata
    for name, _ in stream.get_filters():
        name = getattr(name, "name", str(name))
        if name in ("ASCII85Decode", "A85"):
            data = ascii85decode(data)
        elif name in ("ASCIIHexDecode", "AHx"):
            data = asciihexdecode(data)
        elif name in ("FlateDecode", "Fl"):
            data = _inflate(data, limit)
        else:
            break
        if len(data) >= limit:
            break
    return min(len(data), limit)


def _inflate(data: bytes, limit: int) -> bytes:
    """Flate-decoded ``data``, at most ``limit`` bytes of it (a damaged stream: what inflates)."""
    inflater = zlib.decompressobj()
    out = bytearray()
    try:
        while data and len(out) < limit:
            out += inflater.decompress(data, min(1 << 20, limit - len(out)))
            data = inflater.unconsumed_tail
    except zlib.error:
        pass
    return bytes(out)


# Typographic ligatures some extractors keep as one character (pypdf: "Deﬁnitief"): the letters
# they join, as printed. pdfium's bounded text marks a hyphen at a line's end as U+0002 where its
# full text writes U+FFFE ("niet\x02beroepsbevolking"): read as that mark. Any other control
# character but those that end a line or a page (and the tab) is no printed text: a space.
# Ghostscript's txtwrite reads a ligature's letters one byte off, each letter's code as the high
# byte of a CJK character ("fi" as U+6600 U+6900: "De昀椀nitief"): read as those letters (a report
# in Dutch prints none of these 52 characters).
_CONTROLS = {c: " " for c in [*range(0x00, 0x09), *range(0x0e, 0x1c), 0x1f, 0x7f]}
_LETTERS_BYTE_OFF = {c << 8: chr(c) for c in [*range(ord("A"), ord("Z") + 1), *range(ord("a"), ord("z") + 1)]}
_READ_AS_PRINTED = str.maketrans({**_CONTROLS, **_LETTERS_BYTE_OFF, 0x02: "\ufffe", "\ufb00": "ff", "\ufb01": "fi",
                                  "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st"})


def split_pages(text: str) -> tuple[list[str], frozenset[int]]:
    """A text's lines (any line ending: LF, CRLF, CR) and the lines a form feed starts."""
    lines: list[str] = []
    starts: set[int] = set()
    for k, page in enumerate(text.split("\f")):
        if k and lines and not page.strip("\r\n"):
            continue  # the form feed at the end of the last page
        if k:
            starts.add(len(lines))
        lines.extend(page.splitlines())
    return lines, frozenset(starts)

"""Page breaks in a text: where a text that marks none had them, and a table's last row split by one.

An extractor told to mark no page breaks (``pdftotext -nopgbrk``) writes the pages one after the
other; the readers then see one page, and a row the break split reads as a row cut short, its
label's end under the header again. A table repeats its header at each page's top:
``pages_at_repeated_headers`` begins a page at each header repeated on a page it already headed,
and what is read names the text's own pages again (``PagesCounted.as_given``).

A producer that repeats no header (WebKit) breaks a tall last row wherever the page ends: the
row's values and its label's first lines stand on the table's last page, and the rest of the
label at the top of the next page, beside no figure (under the header again where the producer
repeats it: Writer). No reader takes that
page (it holds nothing of a table), so the row reads with a label cut short, which is not
trusted. ``completed_over_page_break`` adds, for each reading whose last row is so cut, the
reading with that label completed by the next page's first lines, where together they spell a
catalog label letter for letter (and the cut label spells none); the readings then compete.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from pipeline.appendix.model import Decision, RawTable, relined
from pipeline.catalog import Catalog, label_key
from pipeline.numbers import YEAR, is_value_token

__all__ = ["PageBreakSettings", "PageLines", "PagesCounted", "completed_over_page_break", "pages_at_repeated_headers",
           "text_page_lines"]


@dataclass(frozen=True)
class PageBreakSettings:
    # The next page's first lines tried as the label's end: a label cell wraps over a few lines.
    max_lines: int = 4
    # Words of a header the next page repeats above the label's end (Writer repeats its header
    # rows), besides years: label headings, area names and the pieces a narrow cell breaks
    # them into ("NPLV-" / "gebiede" / "n").
    header_words: tuple[str, ...] = ("Indicator", "Specificatie", "Gem.", "NL", "NPLV")
    area_words: tuple[str, ...] = ("nplv-gebieden", "nederland")
    # A running title over a repeated header begins with the first title's words ("Bijlage:
    # Monitor" / "Bijlage: Monitor (vervolg)").
    title_words: int = 2

    def is_header(self, line: str) -> bool:
        """Whether every word of the line is a header's: a year, a heading, an area name or a
        piece of one."""
        def header_word(word: str) -> bool:
            lower = word.lower().replace("\ufffe", "-").replace("\u00ad", "-")  # hyphen marks
            return bool(YEAR.match(word) or word in self.header_words
                        or any(lower in name for name in self.area_words))
        return bool(line.split()) and all(header_word(word) for word in line.split())


PageLines = Callable[[int], list[tuple[str, int | None]]]


@dataclass(frozen=True)
class PagesCounted:
    """A text's pages with those its repeated headers begin: each line's page, counted from 1,
    each counted page's page in the text as given (for what the readers report), and the lines
    that begin a counted page (0-based)."""
    line_pages: list[int]
    given: dict[int, int]
    starts: list[int]

    def as_given(self, table: RawTable) -> RawTable:
        """The reading with the text's own pages, and a ``pages_counted`` decision that says where
        pages were counted: the decisions' messages name counted pages ("the top of page 3")."""
        starts = ", ".join(str(k + 1) for k in self.starts)
        counted = Decision(
            "pages_counted", None, 1, self.starts[0] + 1,
            f"the text marks no page breaks: a page counted where the table's header repeats (line(s) {starts}), "
            "so that a row the break split reads as one; a page a message names is counted so")
        decisions = table.decisions[:1] + [counted] + table.decisions[1:]  # after the reading's
        return relined(replace(table, decisions=decisions), list(range(len(self.line_pages))), self.given)


def pages_at_repeated_headers(lines: list[str], line_pages: list[int],
                              settings: PageBreakSettings = PageBreakSettings()) -> PagesCounted | None:
    """The text's pages with a page begun at each header that repeats a header of its page as
    given (its first line's words, years aside: a spread's next part heads its page as the first
    did), or at the page's title over it; None where no header repeats so.

    A header is a run of lines of header words (blank lines between them aside) naming two years
    or more: years over area names, or a narrow header's cells a few to a line ("2018 NL 2019").
    It repeats after rows of the table (a header written a cell a line, "gebie‐" / "den", is one
    header however its lines run), and its first line decides: the area names under it may stand
    elsewhere (Calc's, in content order: after the first page's rows, under the years on the
    next); the header's cells so written after the rows ("2018" / "NPLV") repeat no first line.
    The title is the line right over the header when it begins as the line over the first header
    did ("Bijlage: Monitor (vervolg)" under "Bijlage: Monitor"): a running title is the next
    page's, not the last row's."""
    runs: list[tuple[int | None, list[int]]] = []  # (the non-blank line over the run, the run)
    previous = None  # the last non-blank line
    for k, line in enumerate(lines):
        if not line.strip():
            continue
        if settings.is_header(line):
            if runs and previous == runs[-1][1][-1]:
                runs[-1][1].append(k)
            else:
                runs.append((previous, [k]))
        previous = k
    # Each header: the line over it, its lines, and its shape (its page as given, its first
    # line's words with years as "Y").
    headers = [(above, run, (line_pages[run[0]], tuple("Y" if YEAR.match(w) else w for w in lines[run[0]].split())))
               for above, run in runs if sum(1 for k in run for w in lines[k].split() if YEAR.match(w)) >= 2]
    if len({shape for _, _, shape in headers}) == len(headers):
        return None  # no header repeats: nothing more to count
    with_figures = [0]  # lines with a figure before each line
    for line in lines:
        with_figures.append(with_figures[-1] + any(is_value_token(w) and not YEAR.match(w) for w in line.split()))
    starts: set[int] = set()
    titles: dict[tuple[int, tuple[str, ...]], tuple[str, ...]] = {}  # header seen -> its title's first words
    ends: dict[tuple[int, tuple[str, ...]], int] = {}  # header seen -> its last line, the last time
    for above, run, shape in headers:
        title = tuple(lines[above].split()[:settings.title_words]) if above is not None else ()
        if shape not in titles:
            titles[shape] = title
        elif with_figures[run[0]] > with_figures[ends[shape] + 1]:  # rows since the header it repeats
            starts.add(above if title and title == titles[shape] else run[0])
        ends[shape] = run[-1]
    if not starts:
        return None
    counted: list[int] = []
    given: dict[int, int] = {}
    for k, page in enumerate(line_pages):
        if not counted or k in starts or page != line_pages[k - 1]:
            given[len(given) + 1] = page
        counted.append(len(given))
    return PagesCounted(counted, given, sorted(starts))


def text_page_lines(lines: list[str], line_pages: list[int]) -> PageLines:
    """A text's page's non-empty lines with their line numbers, the text gathered by page when
    first asked for (most readings never ask)."""
    by_page: dict[int, list[tuple[str, int | None]]] | None = None

    def lines_of(page: int) -> list[tuple[str, int | None]]:
        nonlocal by_page
        if by_page is None:
            by_page = {}
            for number, (line, on) in enumerate(zip(lines, line_pages), start=1):
                if line.strip():
                    by_page.setdefault(on, []).append((line.strip(), number))
        return by_page.get(page, [])
    return lines_of


def completed_over_page_break(named: list[tuple[str, RawTable]], page_lines: PageLines, catalog: Catalog,
                              settings: PageBreakSettings = PageBreakSettings()) -> list[tuple[str, RawTable]]:
    """The readings, each followed by its completed reading where its last row's label goes on
    at the top of the page after the table's last page. ``page_lines(page)``: the page's
    non-empty lines in reading order, with their line numbers in the text (None for a PDF's;
    none for a page the edition does not have); asked only for a page after a cut label."""
    pairs = {(label_key(ind), label_key(spec)) for entry in catalog.indicators for ind, spec in entry.labels()}
    out: list[tuple[str, RawTable]] = []
    for name, table in named:
        out.append((name, table))
        completed = _completed(table, page_lines, pairs, settings)
        if completed is not None:
            out.append((f"{name}; the last row's label goes on over the page break", completed))
    return out


def _completed(table: RawTable, page_lines: PageLines, pairs: set[tuple[str, str]],
               settings: PageBreakSettings) -> RawTable | None:
    if not table.rows:
        return None
    last = table.rows[-1]
    indicator = next((row.indicator for row in reversed(table.rows) if row.indicator), "")
    part = "specification" if last.specification else "indicator"
    key = (label_key(indicator), label_key(last.specification))
    if not getattr(last, part) or key in pairs:
        return None  # no label of its own to go on, or one the catalog spells whole
    # The page after the last row's (a reader's pages may name only those its headers stand on).
    page = max([last.page] + [cell.page for cell in last.cells.values()]) + 1
    lines = page_lines(page)
    while lines and settings.is_header(lines[0][0]):
        lines = lines[1:]  # the header repeated over the label's end
    lines = lines[:settings.max_lines]
    for n in range(1, len(lines) + 1):
        words = " ".join(text for text, _ in lines[:n])
        if _spells(key, words, part, pairs):
            text = f"{getattr(last, part)} {words}"
            row = replace(last, **{part: text})
            decision = Decision("split_row", len(table.rows) - 1, page, lines[0][1],
                                f"the last row's {part} goes on at the top of page {page} (the page "
                                f"broke the row): read as '{text}'", chosen="label completed", text=words)
            return replace(table, rows=table.rows[:-1] + [row], pages=sorted(set(table.pages) | {page}),
                           decisions=table.decisions + [decision])
    return None


def _spells(key: tuple[str, str], words: str, part: str, pairs: set[tuple[str, str]]) -> bool:
    """Whether the cut label with ``words`` added to its ``part`` spells a catalog label."""
    indicator, specification = key
    if part == "specification":
        return (indicator, specification + label_key(words)) in pairs
    return (indicator + label_key(words), "") in pairs

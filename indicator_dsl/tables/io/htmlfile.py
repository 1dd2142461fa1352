"""HTML pages (:func:`read_html_file`): every ``<table>`` of the page, with the text between
them (a title, ``项目名称：…`` printed above a table), read in page order as one grid and cut
into tables by :func:`indicator_dsl.tables.io.grid.grid_tables`.  ``rowspan``/``colspan`` are
expanded: a merged cell's text stands in its top-left position and the positions it covers are
empty, as in a workbook's merged cells (an empty 一级/二级指标 cell means "same as above").
Public through :mod:`indicator_dsl.tables.io`."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from indicator_dsl.diagnostics import Diagnostic
from indicator_dsl.limits import DEFAULT_LIMITS, Limits
from indicator_dsl.tables.io.common import NOT_TEXT, decode_bytes, read_document, read_problem
from indicator_dsl.tables.io.layout import file_tables
from indicator_dsl.tables.io.preamble import heading_line
from indicator_dsl.tables.model import Table

__all__ = ["read_html_file", "html_grid", "expand_spans"]

_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "section", "article", "header", "footer",
          "caption", "center", "blockquote", "pre", "table", "ul", "ol", "body", "form"}
_SKIP = {"script", "style", "head", "title", "noscript", "template"}
_MAX_SPAN = 1000
_MAX_COLUMNS = 1024  # positions of one row: no published table is wider

Cell = tuple[str, int, int]  # text, rowspan, colspan


def expand_spans(rows: list[list[Cell]]) -> list[list[str]]:
    """A table's rows of ``(text, rowspan, colspan)`` as a grid: each cell at its top-left
    position, the positions it covers empty.  Linear in the cells: a rowspan ends with the
    table, and a row is at most ``_MAX_COLUMNS`` positions wide (a cell beyond stands at the
    end of its row without its span: its text is kept).

    >>> expand_spans([[("产出指标", 2, 1), ("数量指标", 1, 1), ("培训", 1, 1)], [("质量指标", 1, 1), ("合格率", 1, 1)]])
    [['产出指标', '数量指标', '培训'], ['', '质量指标', '合格率']]
    """
    grid: list[list[str]] = []
    active: list[tuple[int, int, int]] = []  # (first, end) positions covered down to a row, from cells above
    for r, row in enumerate(rows):
        active = [a for a in active if a[2] >= r]
        covered = sorted((a, b) for a, b, _ in active)
        width = max((b for _, b in covered), default=0)
        out: list[str] = []
        c = k = 0
        for text, rs, cs in row:
            while k < len(covered) and covered[k][0] <= c:
                c = max(c, covered[k][1])
                k += 1
            cs = max(1, min(cs, _MAX_COLUMNS - c))
            if rs > 1 and c < _MAX_COLUMNS:
                active.append((c, c + cs, r + rs - 1))
            out.extend([""] * (c - len(out)))
            out.append(text)
            out.extend([""] * (cs - 1))
            c += cs
            width = max(width, c)
        out.extend([""] * (width - len(out)))
        grid.append(out)
    return grid


def _span(value: str | None) -> int:
    m = re.match(r"\s*(\d+)", value or "")
    return max(1, min(int(m.group(1)), _MAX_SPAN)) if m else 1


class _Page(HTMLParser):
    """The page as blocks in order: ``("text", line)`` and ``("table", rows of cells)``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, object]] = []
        self.tables: list[list[list[Cell]]] = []  # open tables, innermost last
        self.cell: list[str] | None = None
        self.cells: list[tuple[list[str], int, int]] = []  # open cells of the open tables
        self.text: list[str] = []
        self.skip = 0

    def _flush_text(self) -> None:
        line = " ".join("".join(self.text).split())
        if line:
            self.blocks.append(("text", line))
        self.text = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip += 1
            return
        a = dict(attrs)
        if tag == "table":
            if not self.tables:
                self._flush_text()
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th") and self.tables:
            if not self.tables[-1]:
                self.tables[-1].append([])
            self.cells.append(([], _span(a.get("rowspan")), _span(a.get("colspan"))))
        elif tag == "br":
            self._put("\n")
        elif tag in _BLOCK and not self.tables:
            self._flush_text()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self._put("\n")
        elif tag not in _SKIP:
            self.handle_starttag(tag, attrs)
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if tag in ("td", "th") and self.cells and self.tables:
            parts, rs, cs = self.cells.pop()
            text = "\n".join(" ".join(x.split()) for x in "".join(parts).split("\n"))
            self.tables[-1][-1].append((text.strip(), rs, cs))
        elif tag == "table" and self.tables:
            self.blocks.append(("table", self.tables.pop()))  # a table inside a cell: a block before the outer one
        elif tag in ("p", "div") and self.cells:
            self._put("\n")
        elif tag in _BLOCK and not self.tables:
            self._flush_text()

    def _put(self, data: str) -> None:
        if self.skip:
            return
        if self.cells:
            self.cells[-1][0].append(data)
        elif not self.tables:
            self.text.append(data)

    def handle_data(self, data: str) -> None:
        self._put(data)

    def close(self) -> None:
        super().close()
        while self.tables:
            self.handle_endtag("table")
        self._flush_text()


def html_grid(text: str) -> tuple[list[list[str]], list[str]]:
    """The page as one grid (a line of text outside the tables is a row of one cell) and where
    each row stands (``table2:row5``, ``text``)."""
    page = _Page()
    page.feed(text)
    page.close()
    grid: list[list[str]] = []
    places: list[str] = []
    n = 0
    for kind, value in page.blocks:
        if kind == "text":
            for line in str(value).split("\n"):
                if line.strip() and heading_line(line):  # a title, 项目名称：…; not 填报人：…
                    grid.append([line.strip()])
                    places.append("text")
            continue
        n += 1
        assert isinstance(value, list)
        for r, row in enumerate(expand_spans(value), start=1):
            grid.append(row)
            places.append(f"table{n}:row{r}")
    return grid, places


def read_html_file(path: Path, problems: list[Diagnostic], limits: Limits = DEFAULT_LIMITS) -> list[Table]:
    """Every table of an HTML page (also one saved as ``.xls``, as many sites serve tables)."""
    path = Path(path)
    data = read_document(path, limits, problems, lambda _: path.read_bytes())
    if data is None:
        return []
    m = re.search(rb"""charset\s*=\s*["']?([A-Za-z0-9_-]+)""", data[:4096])
    text: str | None = None
    if m and not data.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        try:
            charset = m.group(1).decode("ascii").lower()
            text = data.decode("gb18030" if charset in ("gb2312", "gbk", "gb18030") else charset)
        except (LookupError, UnicodeDecodeError):
            text = None
    if text is None:
        text = decode_bytes(data)
    if text is None:
        problems.append(read_problem(path, NOT_TEXT))
        return []
    grid, places = html_grid(text)
    return file_tables(path, grid, places, problems, limits=limits)

"""PDF documents with a text layer (:func:`read_pdf_file`, pdfplumber): the ruled tables of
every page, in page order, as one grid, with the lines above them that a table needs (its
title, ``项目名称：…``, ``(2024年度)``); cut into tables by
:func:`indicator_dsl.tables.io.grid.grid_tables` with ``wraps=True``, so a table that goes on
over a page break is one table, and a row broken over it is joined again.  Cells keep their
line breaks until the grid joins them.  A PDF without a text layer (scanned pages) is a
problem that says so (``R109``).  Public through :mod:`indicator_dsl.tables.io`."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

from indicator_dsl.diagnostics import Diagnostic
from indicator_dsl.limits import DEFAULT_LIMITS, Limits
from indicator_dsl.messages import N_, msg
from indicator_dsl.tables.io.common import read_document, read_problem
from indicator_dsl.tables.io.layout import file_tables
from indicator_dsl.tables.io.preamble import heading_line
from indicator_dsl.tables.model import Table

__all__ = ["read_pdf_file", "pdf_grid"]

NEEDS = msg(N_("reading .pdf needs pdfplumber (pip install pdfplumber)"))
NO_TEXT = msg(N_("a PDF without a text layer (scanned pages, images of the tables): there is no text to read; "
                 "give the document as XLSX, DOCX, HTML or a PDF saved with its text, or run OCR on it first"))
NO_RULED = msg(N_("no table found: the PDF has text but no ruled table with an indicator header row (一级指标 二级指标 "
                  "三级指标 年度指标值 …); give the document as XLSX, DOCX or HTML, or the table as tab-separated text"))
_PAGE_NO = re.compile(r"^(第\s*\d+\s*页.*|-?\s*\d+\s*-?|\d+\s*/\s*\d+|page\s*\d+.*)$", re.IGNORECASE)


_WRAP = re.compile(r"[ \t]*\n[ \t]*")


def join_lines(cell: str | None) -> str | None:
    r"""A cell's lines as the PDF wrapped them, joined again: without a space, except between
    two Latin letters (a line wraps Chinese text and figures anywhere, Latin words at a space).

    >>> join_lines("参与人数\n600人次"), join_lines("100.00\n%"), join_lines("data\ncenter")
    ('参与人数600人次', '100.00%', 'data center')
    """
    if cell is None or "\n" not in cell:
        return cell
    return _WRAP.sub(lambda m: " " if re.match(r"[A-Za-z]", cell[m.end():m.end() + 1])
                     and re.search(r"[A-Za-z]$", cell[:m.start()]) else "", cell)


def _inside(obj: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def pdf_grid(pdf: Any) -> tuple[list[list[str | None]], list[str], int]:
    """The document's tables as one grid, where each row stands (``page3``), and the number of
    characters in its text layer."""
    pages: list[list[tuple[float, list[list[str | None]]]]] = []
    chars = 0
    margins: Counter[str] = Counter()  # a line in a page's top or bottom margin, on how many pages
    for page in pdf.pages:
        chars += len(page.chars)
        items: list[tuple[float, list[list[str | None]]]] = []
        found = page.find_tables()
        boxes = [t.bbox for t in found]
        for t in found:
            items.append((t.bbox[1], [[join_lines(c) for c in row] for row in t.extract()]))
        outside = page.filter(lambda o: o.get("object_type") != "char" or not _inside(o, boxes))
        lines = [(ln["top"], ln["text"].strip()) for ln in outside.extract_text_lines() if ln["text"].strip()]
        h = float(page.height) or 1.0
        margins.update({text for top, text in lines if top < 0.08 * h or top > 0.92 * h})
        items.extend((top, [[text]]) for top, text in lines if not _PAGE_NO.match(text) and heading_line(text))
        pages.append(sorted(items, key=lambda it: it[0]))
    grid: list[list[str | None]] = []
    places: list[str] = []
    for n, items in enumerate(pages, start=1):
        for _, rows in items:
            if len(rows) == 1 and len(rows[0]) == 1 and margins[str(rows[0][0])] >= 2:
                continue  # a running header or footer
            grid.extend(rows)
            places.extend([f"page{n}"] * len(rows))
    return grid, places, chars


def read_pdf_file(path: Path, problems: list[Diagnostic], limits: Limits = DEFAULT_LIMITS) -> list[Table]:
    """Every table of a PDF with a text layer."""
    path = Path(path)

    def read(pdfplumber: Any) -> tuple[list[list[str | None]], list[str], int]:
        with pdfplumber.open(str(path)) as pdf:
            return pdf_grid(pdf)

    done = read_document(path, limits, problems, read, library="pdfplumber", needs=NEEDS,
                         cannot=N_("cannot be read as a PDF: {error}"))  # a damaged or encrypted PDF …
    if done is None:
        return []
    grid, places, chars = done
    if chars == 0:
        problems.append(read_problem(path, NO_TEXT, "R109"))
        return []

    return file_tables(path, grid, places, problems, wraps=True, none=read_problem(path, NO_RULED, "R104"),
                       limits=limits)

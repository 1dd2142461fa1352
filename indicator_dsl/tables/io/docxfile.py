"""Word documents (:func:`read_docx_file`, python-docx): the body's paragraphs and tables in
order, as one grid (a paragraph is a row of one cell: a title, ``项目名称：…``), cut into tables
by :func:`indicator_dsl.tables.io.grid.grid_tables`.  A merged cell's text stands in its
top-left position and the positions it covers are empty, as in a workbook's merged cells.
Public through :mod:`indicator_dsl.tables.io`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from indicator_dsl.diagnostics import Diagnostic
from indicator_dsl.limits import DEFAULT_LIMITS, Limits
from indicator_dsl.messages import N_, msg
from indicator_dsl.tables.io.common import read_document
from indicator_dsl.tables.io.layout import file_tables
from indicator_dsl.tables.io.preamble import heading_line
from indicator_dsl.tables.model import Table

__all__ = ["read_docx_file", "docx_grid"]

NEEDS = msg(N_("reading .docx needs python-docx (pip install python-docx)"))


def _table_rows(table: Any) -> list[list[str]]:
    seen: dict[int, Any] = {}  # the cell elements met, kept alive so that their ids stay theirs
    rows: list[list[str]] = []
    for row in table.rows:
        out = [""] * int(getattr(row, "grid_cols_before", 0) or 0)
        for cell in row.cells:
            key = id(cell._tc)
            out.append("" if key in seen else cell.text)  # a merged cell's text where it starts
            seen[key] = cell._tc
        rows.append(out)
    return rows


def docx_grid(doc: Any) -> tuple[list[list[str]], list[str]]:
    """The document as one grid and where each row stands (``table2:row5``, ``paragraph7``)."""
    grid: list[list[str]] = []
    places: list[str] = []
    n_table = n_par = 0
    for item in doc.iter_inner_content():
        if hasattr(item, "rows"):
            n_table += 1
            for r, row in enumerate(_table_rows(item), start=1):
                grid.append(row)
                places.append(f"table{n_table}:row{r}")
        else:
            n_par += 1
            text = item.text.strip()
            if text and heading_line(text):  # a title, 项目名称：…; not a note such as 填报人：…
                grid.append([text])
                places.append(f"paragraph{n_par}")
    return grid, places


def read_docx_file(path: Path, problems: list[Diagnostic], limits: Limits = DEFAULT_LIMITS) -> list[Table]:
    """Every table of a Word (.docx) document."""
    path = Path(path)
    # a zip that is no Word document, damaged XML …
    done = read_document(path, limits, problems, lambda docx: docx_grid(docx.Document(str(path))), library="docx",
                         needs=NEEDS, cannot=N_("cannot be read as a Word document: {error}"))
    if done is None:
        return []
    grid, places = done
    return file_tables(path, grid, places, problems, limits=limits)

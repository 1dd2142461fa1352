"""Reading the published layout from CSV, TSV/TXT and XLSX: every table of a file or sheet,
with the Chinese headers (项目名称 … 项目资金 … 一级指标 二级指标 三级指标 年度指标值 … 总分,
评分等级; see docs/tables.md) (:func:`read_delimited_file`, :func:`read_xlsx_file`).  The cells
become tables in :mod:`indicator_dsl.tables.io.grid`.  Public through :mod:`indicator_dsl.tables.io`."""

from __future__ import annotations

import csv
import datetime
import io
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, Sequence

from indicator_dsl.diagnostics import Diagnostic
from indicator_dsl.limits import DEFAULT_LIMITS, Limits
from indicator_dsl.messages import N_, detail, msg
from indicator_dsl.tables.io.bounds import csv_fields
from indicator_dsl.tables.io.common import decode_text, formula_unguard, read_document, read_problem, within_limits
from indicator_dsl.tables.io.grid import Where, grid_tables, renumber
from indicator_dsl.tables.model import Table
from indicator_dsl.target.model import format_decimal

__all__ = ["read_delimited_file", "read_xlsx_file", "file_tables", "no_table", "number_tables"]

NO_CELLS = msg(N_("text without cell boundaries: the table's cells were run together when the text was taken "
                  "out of a PDF, so its columns cannot be told apart; give the PDF itself, or the table as "
                  "XLSX, CSV or tab-separated text (one cell per tab)"))
NO_TABLE = msg(N_("no table found: no indicator header row (一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 "
                  "偏差原因分析及改进措施, or a variant)"))


def no_table(path: Path | str, problems: list[Diagnostic], grid: Sequence[Sequence[str]] | None = None) -> None:
    """Say that ``path`` holds no table, and why where it can be told: text whose cells were
    run together (text taken out of a PDF without its cell boundaries, R108)."""
    if grid is not None:
        width = max((sum(1 for c in row if c and str(c).strip()) for row in grid), default=0)
        text = "".join("".join(str(c) for c in row) for row in grid)
        if width <= 1 and ("三级指标" in "".join(text.split()) or "指标值" in text):
            problems.append(read_problem(path, NO_CELLS, "R108"))
            return
    problems.append(read_problem(path, NO_TABLE, "R104"))


def file_tables(path: Path, grid: Sequence[Sequence[Any]], places: Sequence[object], problems: list[Diagnostic],
                *, wraps: bool = False, none: Diagnostic | None = None, limits: Limits = DEFAULT_LIMITS) -> list[Table]:
    """Every table of a file read as one grid, numbered (see :func:`number_tables`); row ``r``
    is at ``path:places[r]`` (a line, a page, a table of the document).  A file with no table
    is a problem: ``none``, else the one :func:`no_table` tells.  The tables are within
    ``limits`` (cells and rows, see :func:`~indicator_dsl.tables.io.grid.grid_tables`)."""

    def where(r: int, c: int | None) -> str:
        return f"{path}:{places[r]}" if r < len(places) else str(path)

    tables = grid_tables(grid, path.stem, str(path), where, problems, wraps=wraps, limits=limits)
    if not tables:
        if none is not None:
            problems.append(none)
        else:
            no_table(path, problems, grid)
    return number_tables(tables, path.stem)


def number_tables(tables: list[Table], stem: str) -> list[Table]:
    """Ids for the tables of one file: its stem for a file of one table, else ``stem-t1`` …"""
    if len(tables) == 1:
        return [renumber(tables[0], stem)]
    return [renumber(t, f"{stem}-t{n}") for n, t in enumerate(tables, start=1)]


def _tab_separated(text: str) -> bool:
    """Whether a ``.csv`` file is tab-separated text (Excel's "Unicode text" saved as .csv): more
    of its first lines hold a tab than a comma."""
    lines = [x for x in text.splitlines()[:30] if x.strip()]
    return sum("\t" in x for x in lines) > sum("," in x for x in lines)


def read_delimited_file(path: Path, problems: list[Diagnostic], delimiter: str | None = None,
                        limits: Limits = DEFAULT_LIMITS) -> list[Table]:
    """Every table of a CSV (``,``, quoted as Excel does) or TSV/TXT (tab, no quoting) file, in
    UTF-8, UTF-16 or GB18030 (:func:`indicator_dsl.tables.io.common.decode_bytes`).  A cell
    beyond ``limits.cell_chars`` is that row's problem (kept cut), never the file's."""
    path = Path(path)
    if not within_limits(path, limits, problems):  # its bytes, a workbook's decompressed bytes: R110
        return []
    text = decode_text(path, problems)
    if text is None:
        return []
    if delimiter is None:
        delimiter = "," if path.suffix.lower() == ".csv" and not _tab_separated(text) else "\t"
    lines: list[int] = []
    grid: list[list[str]] = []
    if delimiter == "\t":
        for n, line in enumerate(re.split(r"\r\n|\n|\r", text), start=1):
            grid.append([formula_unguard(c) for c in line.split("\t")])
            lines.append(n)
    else:
        last = 0
        try:
            with csv_fields(len(text)):  # a long cell is cut and flagged by grid_tables, not a csv.Error
                reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
                for cells in reader:
                    grid.append([formula_unguard(c) for c in cells])
                    lines.append(last + 1)
                    last = reader.line_num
        except csv.Error as e:
            problems.append(read_problem(path, msg(N_("cannot be read as CSV: {error}"), error=detail(e)), where=f"{path}:{last + 1}", line=last + 1))
            return []

    return file_tables(path, grid, lines, problems, wraps=path.suffix.lower() == ".txt", limits=limits)


def _xlsx_number(v: int | float, fmt: str | None) -> str:
    d = Decimal(v) if isinstance(v, int) else Decimal(format(v, ".15g"))
    fmt = (fmt or "General").split(";")[0]
    if "0" not in fmt and "#" not in fmt:  # General, @ (text) and the like
        return format_decimal(d)
    percent = "%" in fmt
    if percent:
        d *= 100
    m = re.search(r"\.(0+)", fmt)
    q = d.quantize(Decimal(1).scaleb(-(len(m.group(1)) if m else 0)), ROUND_HALF_UP)
    return (f"{q:,f}" if "," in fmt else f"{q:f}") + ("%" if percent else "")


def _xlsx_text(cell: Any) -> str:
    v = cell.value
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, (int, float, Decimal)):
        return _xlsx_number(v if not isinstance(v, Decimal) else float(v), getattr(cell, "number_format", None))
    if isinstance(v, datetime.datetime):
        return v.date().isoformat() if v.time() == datetime.time(0) else v.isoformat(sep=" ")
    if isinstance(v, (datetime.date, datetime.time)):
        return v.isoformat()
    return str(v)


# a sheet is laid out as wide as its widest row up to this many columns; beyond (a stray cell far
# to the right), each row only as wide as its own cells
_PADDED_COLUMNS = 1024


def _sheet_grid(ws: Any) -> list[list[str]]:
    """A worksheet's cells as rows of text from A1, built from the cells the sheet holds: a
    stray cell at XFD1048576 costs one cell, not the seventeen billion positions before it."""
    cells = getattr(ws, "_cells", None)  # openpyxl's cells by (row, column): the sparse way
    if not isinstance(cells, dict):  # pragma: no cover - another openpyxl
        return [[_xlsx_text(c) for c in row] for row in ws.iter_rows()]
    by_row: dict[int, dict[int, str]] = {}
    for (r, c), cell in cells.items():
        text = _xlsx_text(cell)
        if text:
            by_row.setdefault(r, {})[c] = text
    width = max((c for row in by_row.values() for c in row), default=0)
    grid: list[list[str]] = []
    for r in range(1, max(by_row, default=0) + 1):
        row = by_row.get(r, {})
        out = [""] * (width if width <= _PADDED_COLUMNS else max(row, default=0))
        for c, text in row.items():
            out[c - 1] = text
        grid.append(out)
    return grid


_GENERIC_SHEET = re.compile(r"(?i)(sheet|工作表)\s*\d*")


def _sheet_id(path: Path, title: str, n_sheets: int) -> str:
    if not _GENERIC_SHEET.fullmatch(title.strip()):
        return title.strip()
    return path.stem if n_sheets == 1 else f"{path.stem}-{title.strip()}"


def read_sheets(path: Path, sheets: Sequence[tuple[str, Sequence[Sequence[Any]], Where]],
                problems: list[Diagnostic], limits: Limits = DEFAULT_LIMITS) -> list[Table]:
    """Every table of a workbook's sheets ``(title, grid, where)``: a sheet holding one table
    gives it the sheet's title (or the file's name where the title is a default one, ``Sheet1``,
    ``工作表1``), a sheet holding several numbers them (``title-t1`` …); sheets that hold no table
    (填表说明, empty ones) are passed over, and a workbook without any table is a problem."""
    out: list[Table] = []
    for title, grid, where in sheets:
        sid = _sheet_id(path, title, len(sheets))
        found = grid_tables(grid, sid, f"{path}:{title}", where, problems, limits=limits)
        out.extend(number_tables(found, sid))
    if not out:
        no_table(path, problems, [row for _, grid, _ in sheets for row in grid])
    return out


def read_xlsx_file(path: Path, problems: list[Diagnostic], limits: Limits = DEFAULT_LIMITS) -> list[Table]:
    """Every table of every sheet of a workbook (see :func:`read_sheets`), within ``limits``.

    Numbers are read as Excel shows them (``0.9616`` formatted ``0.00%`` is ``96.16%``).
    """
    path = Path(path)

    def read(openpyxl: Any) -> Any:
        with open(path, "rb") as f:  # by content: an .xlsx workbook saved under another name (.xls) too
            return openpyxl.load_workbook(f, data_only=True)

    # zipfile.BadZipFile, KeyError, InvalidFileException, OSError…
    wb = read_document(path, limits, problems, read, library="openpyxl",
                       needs=msg(N_("reading .xlsx needs openpyxl (pip install openpyxl)")),
                       cannot=N_("cannot be read as a workbook: {error}"))
    if wb is None:
        return []
    from openpyxl.utils import get_column_letter  # (loaded with openpyxl)

    sheets = []
    for ws in wb.worksheets:
        grid = _sheet_grid(ws)

        def where(r: int, c: int | None, title: str = ws.title) -> str:
            return f"{path}:{title}!{get_column_letter((c or 0) + 1)}{r + 1}"

        sheets.append((ws.title, grid, where))
    wb.close()
    return read_sheets(path, sheets, problems, limits)

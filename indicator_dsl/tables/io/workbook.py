"""Old Excel workbooks (.xls) and OpenDocument spreadsheets (.ods), read with python-calamine:
every table of every sheet, as :func:`indicator_dsl.tables.io.layout.read_sheets` reads an
XLSX workbook's (:func:`read_calamine_file`).  Public through :mod:`indicator_dsl.tables.io`."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from indicator_dsl.diagnostics import Diagnostic
from indicator_dsl.limits import DEFAULT_LIMITS, Limits
from indicator_dsl.messages import N_, detail, msg
from indicator_dsl.tables.io.common import read_document, read_problem
from indicator_dsl.tables.io.grid import Where
from indicator_dsl.tables.io.layout import read_sheets
from indicator_dsl.tables.model import Table
from indicator_dsl.target.model import format_decimal

__all__ = ["read_calamine_file", "cell_text"]

NEEDS = msg(N_("reading .xls and .ods needs python-calamine (pip install python-calamine)"))
SHEET_TOO_LARGE = N_("sheet '{name}' spans {rows} rows × {columns} columns ({area} cells) to its last cell {corner}; the "
                     "limit is {most} (--max-sheet-cells): the sheet is not read; delete the stray cells far from the "
                     "table, or save the workbook as .xlsx (工作表过大)")


def cell_text(v: Any) -> str:
    """A cell's value as text: a number as it reads without a format (``500000.0`` → ``500000``,
    ``0.1`` → ``0.1``), a date as ``2024-12-31``.

    >>> cell_text(500000.0), cell_text(96.16), cell_text(True), cell_text(None), cell_text(datetime.date(2024, 1, 2))
    ('500000', '96.16', 'TRUE', '', '2024-01-02')
    """
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return format_decimal(Decimal(format(v, ".15g")))
    if isinstance(v, datetime.datetime):
        return v.date().isoformat() if v.time() == datetime.time(0) else v.isoformat(sep=" ")
    if isinstance(v, (datetime.date, datetime.time)):
        return v.isoformat()
    return str(v)


def _column(c: int) -> str:
    name = ""
    c += 1
    while c:
        c, rem = divmod(c - 1, 26)
        name = chr(65 + rem) + name
    return name


def read_calamine_file(path: Path, problems: list[Diagnostic], limits: Limits = DEFAULT_LIMITS) -> list[Table]:
    """Every table of every sheet of an .xls, .ods (or .xlsx) workbook; sheets that hold no
    table (填表说明) are passed over, and a workbook with no table anywhere is a problem.
    The tables are within ``limits`` (cells and rows, see :func:`read_sheets`)."""
    path = Path(path)

    def read(calamine: Any) -> list[tuple[str, list[list[str]], Where]]:
        wb = calamine.CalamineWorkbook.from_path(str(path))
        sheets: list[tuple[str, list[list[str]], Where]] = []
        for name in wb.sheet_names:
            try:
                sheet = wb.get_sheet_by_name(name)
                end = sheet.end  # (row, column) of the used area's far corner: the grid spans it from A1
                rows_n, columns_n = (end[0] + 1, end[1] + 1) if end is not None else (0, 0)
                if rows_n * columns_n > limits.sheet_cells:
                    problems.append(read_problem(path, msg(SHEET_TOO_LARGE,
                        name=name, rows=rows_n, columns=columns_n, area=rows_n * columns_n, most=limits.sheet_cells,
                        corner=f"{_column(columns_n - 1)}{rows_n}"), "R110", where=f"{path}:{name}"))
                    continue
                rows = sheet.to_python(skip_empty_area=False)
            except Exception as e:  # a chart sheet, a damaged sheet: that sheet's problem
                problems.append(read_problem(path, msg(N_("sheet {name} cannot be read: {error}"), name=repr(name), error=detail(e, typed=True)),
                                             where=f"{path}:{name}"))
                continue
            grid = [[cell_text(v) for v in row] for row in rows]

            def where(r: int, c: int | None, title: str = name) -> str:
                return f"{path}:{title}!{_column(c or 0)}{r + 1}"

            sheets.append((name, grid, where))
        wb.close()
        return sheets

    # CalamineError, OSError, a zip that is no workbook …
    sheets = read_document(path, limits, problems, read, library="python_calamine", needs=NEEDS,
                           cannot=N_("cannot be read as a workbook: {error}"))
    if sheets is None:
        return []
    return read_sheets(path, sheets, problems, limits)

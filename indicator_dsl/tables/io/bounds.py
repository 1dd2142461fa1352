"""The limits of the table readers (:class:`~indicator_dsl.limits.Limits`), applied the same way
by every reader: a cell longer than ``cell_chars`` is kept cut to the limit and flagged (read
problem ``R111``, at the cell), a table of more than ``table_rows`` rows keeps its first rows
and says so (``R112``, at the first row left out); the rest of the file is read.

>>> from indicator_dsl.limits import Limits
>>> problems = []
>>> cut_cell("≥90%" * 3, Limits(cell_chars=5), problems, "a.csv", "a.csv:7", 7)
'≥90%≥'
>>> [(p.code, p.where) for p in problems]
[('R111', 'a.csv:7')]
"""

from __future__ import annotations

import contextlib
import csv
from typing import Any, Iterator

import attrs

from indicator_dsl.diagnostics import Diagnostic
from indicator_dsl.limits import Limits
from indicator_dsl.messages import N_
from indicator_dsl.tables.io.common import read_problem
from indicator_dsl.tables.model import BudgetBlock, Table, TableRow

__all__ = ["cut_cell", "cut_table", "csv_fields", "CELL_TOO_LONG", "TOO_MANY_ROWS"]

CELL_TOO_LONG = N_("a cell of {n} characters; the limit is {most} (--max-cell-chars): it is read cut to its first "
                   "{most} characters (单元格过长)")
TOO_MANY_ROWS = N_("a table of {n} rows; the limit is {most} (--max-table-rows): the rows after its first {most} are "
                   "not read (行数过多)")

_ROW_CELLS = ("level1", "level2", "level3", "target", "actual", "weight", "score", "note")
_BUDGET_CELLS = ("money_unit", "initial", "full", "executed", "weight", "rate", "score")
_TABLE_CELLS = ("project", "weight_total", "score_total", "grade", "department", "unit")


def cut_cell(text: str, limits: Limits, problems: list[Diagnostic], source: str, where: str | None = None,
             line: int | None = None) -> str:
    """``text``, or its first ``limits.cell_chars`` characters with the problem R111 at ``where``."""
    most = limits.cell_chars
    if len(text) <= most:
        return text
    problems.append(read_problem(source, CELL_TOO_LONG.format(n=len(text), most=most), "R111", where=where, line=line))
    return text[:most]


def _cut_row(row: TableRow, limits: Limits, problems: list[Diagnostic], source: str) -> TableRow:
    long = [k for k in _ROW_CELLS if len(getattr(row, k)) > limits.cell_chars]
    if not long:
        return row
    cut: dict[str, Any] = {k: cut_cell(getattr(row, k), limits, problems, source, row.where) for k in long}
    return attrs.evolve(row, **cut)


def cut_table(table: Table, limits: Limits, problems: list[Diagnostic]) -> Table:
    """``table`` within ``limits``: its first ``table_rows`` rows (R112 when there were more), every
    cell of its rows, budget and header at most ``cell_chars`` long (R111 for each one cut).
    The table itself when it is within them (nothing copied).  Linear in the table's size."""
    source = table.source or table.id
    rows = table.rows
    if len(rows) > limits.table_rows:
        most = limits.table_rows
        problems.append(read_problem(source, TOO_MANY_ROWS.format(n=len(rows), most=most), "R112",
                                     where=rows[most].where or source))
        rows = rows[:most]
    changes: dict[str, Any] = {}
    if any(len(getattr(r, k)) > limits.cell_chars for r in rows for k in _ROW_CELLS) or rows is not table.rows:
        changes["rows"] = tuple(_cut_row(r, limits, problems, source) for r in rows)
    for k in _TABLE_CELLS:
        v = getattr(table, k)
        if v is not None and len(v) > limits.cell_chars:
            changes[k] = cut_cell(v, limits, problems, source, source)
    b = table.budget
    if b is not None and any(v is not None and len(v) > limits.cell_chars for v in attrs.astuple(b)):
        changes["budget"] = BudgetBlock(*(v if v is None else cut_cell(v, limits, problems, source, source)
                                          for v in (getattr(b, k) for k in _BUDGET_CELLS)))
    return attrs.evolve(table, **changes) if changes else table


@contextlib.contextmanager
def csv_fields(most: int) -> Iterator[None]:
    """The csv module's own field limit (131,072 characters, process-wide) raised to ``most`` while
    a file is read: a longer cell is then cut and flagged by :func:`cut_cell`, not a csv.Error
    that loses the whole file.  (Put back afterwards; the module keeps one limit per process.)"""
    before = csv.field_size_limit()
    csv.field_size_limit(max(before, most))
    try:
        yield
    finally:
        csv.field_size_limit(before)

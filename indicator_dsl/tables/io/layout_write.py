"""Writing the published layout: the grid of a table as printed (:func:`table_grid`), a table
as CSV or TSV (:func:`write_table_csv`) and tables as a workbook, one sheet per table
(:func:`write_table_xlsx`); what the readers in :mod:`indicator_dsl.tables.io.layout` read back.
The sheet helpers serve :mod:`indicator_dsl.tables.report.xlsx` too.  Public through
:mod:`indicator_dsl.tables.io`."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any, Iterable

import attrs

from indicator_dsl.tables.io.common import formula_guard
from indicator_dsl.tables.model import Table

__all__ = ["table_grid", "write_table_csv", "write_table_xlsx"]


_ROW_HEAD = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施")
_BUDGET_HEAD = ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")


@attrs.frozen(slots=True)
class _Layout:
    grid: list[list[str]]
    width: int
    budget_head: int | None
    budget_row: int | None
    head: int
    first_row: int
    total: int | None
    grade: int | None


def _layout(table: Table, full: bool = False) -> _Layout:
    """The published layout of a table, row by row (0-based row indices of its parts)."""
    grid: list[list[str]] = []
    declaration = table.kind == "declaration"
    grid.append(["项目支出绩效目标申报表" if declaration else "财政项目支出绩效自评表"])
    if table.year is not None:
        grid.append([f"({table.year} 年度)"])
    grid.append(["项目名称", table.project])
    if table.department is not None or table.unit is not None:
        grid.append(["主管部门", table.department or "", "", "", "实施单位", table.unit or ""])
    budget_head = budget_row = None
    b = table.budget
    if b is not None:
        label = f"项目资金 ({b.money_unit})" if b.money_unit else "项目资金"
        executed = (b.full, b.executed, b.weight, b.rate, b.score)
        declared = [(name, v) for name, v in (("年度资金总额", b.initial), ("其中：财政拨款", b.fiscal), ("其他资金", b.other),
                                               ("项目资金总额", b.project_total)) if v is not None]
        if declaration and not any(x is not None for x in executed) and declared:
            for n, (name, v) in enumerate(declared):  # a declaration's block: label, figure
                grid.append([label if n == 0 else "", name, v])
        else:
            budget_head = len(grid)
            grid.append([label, "", *_BUDGET_HEAD])
            budget_row = len(grid)
            grid.append(["", "年度资金总额"] + [x or "" for x in (b.initial, *executed)])
            if declaration:
                grid.extend(["", name, v] for name, v in declared if name != "年度资金总额")
    if declaration:
        keep = [0, 1, 2, 3] + ([5] if any(r.weight for r in table.rows) else [])
    else:
        keep = list(range(8))
    head = len(grid)
    grid.append([_ROW_HEAD[i] for i in keep])
    for r in table.rows:
        cells = (r.level1, r.level2, r.level3, r.target, r.actual, r.weight, r.score, r.note)
        grid.append([cells[i] for i in keep])
    total = grade = None
    if declaration and 5 in keep and table.weight_total is not None:  # a declaration's weights add up to this
        total = len(grid)
        grid.append(["总分", "", "", "", table.weight_total])
    if not declaration:  # a declaration (目标申报表) has no 总分 or 评分等级 lines
        if full or table.weight_total is not None or table.score_total is not None:
            total = len(grid)
            grid.append(["总分", "", "", "", "", table.weight_total or "", table.score_total or "", ""])
        if full or table.grade is not None:
            grade = len(grid)
            grid.append(["评分等级", table.grade or ""])
    width = max(len(row) for row in grid)
    return _Layout(grid, width, budget_head, budget_row, head, head + 1, total, grade)


def table_grid(table: Table) -> list[list[str]]:
    """The cells of the table laid out as published, row by row: what the CSV/TSV/XLSX readers read.

    >>> from indicator_dsl.tables import BudgetBlock, TableRow
    >>> t = Table("demo", "示例项目", 2023, rows=(TableRow("demo-r01", "产出指标", "数量指标", "举办活动", "≥600.00(场)", "295.00(场)", "90", "44.25"),),
    ...           budget=BudgetBlock("元", "500000", "500000", "480,800", "10", "96.16%", "9.62"), weight_total="100", score_total="53.87")
    >>> for row in table_grid(t):
    ...     print(" | ".join(row))
    财政项目支出绩效自评表
    (2023 年度)
    项目名称 | 示例项目
    项目资金 (元) |  | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分
     | 年度资金总额 | 500000 | 500000 | 480,800 | 10 | 96.16% | 9.62
    一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施
    产出指标 | 数量指标 | 举办活动 | ≥600.00(场) | 295.00(场) | 90 | 44.25 |
    总分 |  |  |  |  | 100 | 53.87 |
    """
    return [list(row) for row in _layout(table).grid]


def write_table_csv(table: Table, path: str | Path, delimiter: str | None = None) -> None:
    """Write a table as CSV (UTF-8 with a byte-order mark, for Excel) or TSV (by the suffix, or ``delimiter``).

    A cell a spreadsheet would take as a formula (``=HYPERLINK(…)``, ``=6次``, ``@cmd``) is written
    with a leading apostrophe (:func:`~indicator_dsl.tables.io.common.formula_guard`), which the
    readers take off again.  TSV has no quoting: a cell with a tab or a line break is a ValueError.
    """
    path = Path(path)
    if delimiter is None:
        delimiter = "," if path.suffix.lower() == ".csv" else "\t"
    grid = [[formula_guard(c) for c in row] for row in _layout(table).grid]
    if delimiter == "\t":
        for row in grid:
            for c in row:
                if re.search(r"[\t\r\n]", c):
                    raise ValueError(f"{table.id}: a TSV cell cannot hold a tab or a line break: {c!r}")
        path.write_text("".join("\t".join(row) + "\n" for row in grid), encoding="utf-8")
        return
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, delimiter=delimiter, lineterminator="\r\n")
        w.writerows(grid)


def _sheet_title(tid: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "_", xlsx_safe(tid)).strip().strip("'")[:31] or "table"
    title, k = base, 2
    while title.lower() in used:
        suffix = f"~{k}"
        title, k = base[: 31 - len(suffix)] + suffix, k + 1
    used.add(title.lower())
    return title


_WIDTHS = (12, 14, 26, 18, 26, 8, 8, 30)


# what a workbook cannot hold (openpyxl's IllegalCharacterError): control characters but tab and
# line breaks, and lone surrogates (not characters at all)
_NOT_IN_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xlsx_safe(text: str) -> str:
    r"""``text`` as a workbook can hold it: control characters (but tab and line breaks) removed,
    a lone surrogate replaced by U+FFFD.

    >>> xlsx_safe("a\x1b[31mb\x00c\ud800\nd")
    'a[31mbc\ufffd\nd'
    """
    return _NOT_IN_XLSX.sub(lambda m: "\ufffd" if "\ud800" <= m.group() <= "\udfff" else "", text)


def put_cell(ws: Any, r: int, c: int, value: Any) -> Any:
    """Set a cell (1-based); text stays text even where it starts with ``=`` (never a formula),
    without the characters a workbook cannot hold (:func:`xlsx_safe`)."""
    cell = ws.cell(row=r, column=c)
    if value is None or value == "":
        return cell
    if isinstance(value, str):
        value = xlsx_safe(value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def add_table_sheet(wb: Any, table: Table, used: set[str], full: bool) -> tuple[Any, _Layout]:
    from openpyxl.styles import Alignment, Font, PatternFill

    ws = wb.create_sheet(_sheet_title(table.id, used))
    lay = _layout(table, full)
    bold, head_fill = Font(bold=True), PatternFill("solid", fgColor="DDDDDD")
    wrap = Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate(lay.grid, start=1):
        for c, value in enumerate(row, start=1):
            cell = put_cell(ws, r, c, value)
            cell.alignment = wrap
    ws.cell(row=1, column=1).font = Font(bold=True, size=13)
    for at in (lay.budget_head, lay.head):
        if at is not None:
            for c in range(1, len(lay.grid[at]) + 1):
                ws.cell(row=at + 1, column=c).font = bold
                ws.cell(row=at + 1, column=c).fill = head_fill
    for at in (lay.total, lay.grade):
        if at is not None:
            ws.cell(row=at + 1, column=1).font = bold
    # merge runs of the same 一级 (and, inside them, 二级) label, as published tables do
    first, n = lay.first_row, len(table.rows)
    for col, key in ((1, lambda i: table.rows[i].level1), (2, lambda i: (table.rows[i].level1, table.rows[i].level2))):
        i = 0
        while i < n:
            j = i
            while j + 1 < n and key(j + 1) == key(i):
                j += 1
            label = table.rows[i].level1 if col == 1 else table.rows[i].level2
            if j > i and label:
                ws.merge_cells(start_row=first + i + 1, start_column=col, end_row=first + j + 1, end_column=col)
            i = j + 1
    from openpyxl.utils import get_column_letter

    for c, w in enumerate(_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(c)].width = w
    return ws, lay


def write_table_xlsx(tables: Table | Iterable[Table], path: str | Path) -> None:
    """Write tables to a workbook, one sheet per table (titled with the table's id), in the
    published layout the XLSX reader reads: reading it back gives equal tables."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.worksheets[0])  # the empty sheet a new workbook has
    used: set[str] = set()
    for t in [tables] if isinstance(tables, Table) else tables:
        add_table_sheet(wb, t, used, full=False)
    if not wb.worksheets:
        wb.create_sheet("Sheet1")
    wb.save(path)

"""Reading the published layout, one table per file or sheet: CSV, TSV/TXT and XLSX with the
Chinese headers (项目名称 … 项目资金 … 一级指标 二级指标 三级指标 年度指标值 … 总分, 评分等级;
see docs/tables.md) (:func:`read_delimited_file`, :func:`read_xlsx_file`).  Public through
:mod:`indicator_dsl.tables.io`."""

from __future__ import annotations

import csv
import datetime
import io
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from indicator_dsl.diagnostics import Diagnostic
from indicator_dsl.tables.io.common import decode_text, read_problem, year_in
from indicator_dsl.tables.model import BudgetBlock, Table, TableRow, printed_number
from indicator_dsl.target.model import format_decimal

__all__ = ["read_delimited_file", "read_xlsx_file"]


_FULLWIDTH = str.maketrans({"（": "(", "）": ")", "：": ":", "　": " "})


def _norm(text: str) -> str:
    """A label cell compared loosely: no whitespace, ASCII brackets and colons."""
    return "".join(text.translate(_FULLWIDTH).split())


_ROW_COLUMNS: dict[str, tuple[str, ...]] = {
    "level1": ("一级指标",),
    "level2": ("二级指标",),
    "level3": ("三级指标",),
    "target": ("年度指标值", "指标值", "年度目标值", "目标值"),
    "actual": ("实际完成值", "全年实际完成值", "实际值"),
    "weight": ("分值",),
    "score": ("得分",),
    "note": ("偏差原因分析及改进措施", "偏差原因分析", "偏差原因分析和改进措施", "偏差原因及改进措施"),
}
_BUDGET_COLUMNS: dict[str, tuple[str, ...]] = {
    "initial": ("年初预算数",),
    "full": ("全年预算数",),
    "executed": ("全年执行数",),
    "weight": ("分值",),
    "rate": ("执行率", "预算执行率"),
    "score": ("得分",),
}
_LABELS = {"项目名称": "project", "主管部门": "department", "实施单位": "unit", "年度": "year", "评分等级": "grade"}
_GRADES = ("优", "良", "中", "差")
_YEAR_CELL = re.compile(r"\(?(\d{4})年度?\)?")
_MONEY_UNIT = re.compile(r"\(([^()]+)\)|单位:(.+)$")

Where = Callable[[int, "int | None"], str]  # (row index, column index or None) -> file:line or file:sheet!cell


def _columns(cells: Sequence[str], names: Mapping[str, tuple[str, ...]]) -> dict[str, int]:
    found: dict[str, int] = {}
    for i, c in enumerate(cells):
        n = _norm(c)
        for key, variants in names.items():
            if key not in found and n in variants:
                found[key] = i
                break
    return found


def _is_row_header(cells: Sequence[str]) -> bool:
    cols = _columns(cells, _ROW_COLUMNS)
    return "level3" in cols and "target" in cols


def _label_value(row: Sequence[str], i: int, limit: int) -> tuple[str | None, int | None]:
    """The value of the label in cell ``i`` (after its colon, or the next non-empty cell that is
    not itself a label) and the index of the cell it came from."""
    cell = row[i].translate(_FULLWIDTH)
    if ":" in cell:
        rest = cell.split(":", 1)[1].strip()
        if rest:
            return rest, i
    for j in range(i + 1, min(limit, len(row))):
        c = row[j]
        if c:
            n = _norm(c)
            if n.split(":", 1)[0] in _LABELS or n.startswith("项目资金"):
                return None, None
            return c, j
    return None, None


def _labels(row: Sequence[str], info: dict[str, Any], limit: int) -> None:
    used: set[int] = set()
    for i, c in enumerate(row[:limit]):
        if not c or i in used:
            continue
        n = _norm(c)
        key = _LABELS.get(n.split(":", 1)[0])
        if key is not None:
            value, j = _label_value(row, i, limit)
            if j is not None:
                used.add(j)
            if key in info or value is None:
                continue
            if key == "year":
                if year_in(value) is not None:
                    info["year"] = year_in(value)
            else:
                info[key] = value
            continue
        m = _YEAR_CELL.fullmatch(n)
        if m and "year" not in info:
            info["year"] = int(m.group(1))


def _budget(cells: list[list[str]], r: int, end: int, bcols: dict[str, int]) -> BudgetBlock:
    first = min(bcols.values())
    unit = None
    candidates = [r] + list(range(r + 1, min(end, r + 3)))
    for rr in candidates:
        for c in cells[rr][:first]:
            n = _norm(c)
            if n.startswith("项目资金") or n.startswith("单位"):
                m = _MONEY_UNIT.search(n)
                if m:
                    unit = m.group(1) or m.group(2)
                    break
        if unit:
            break
    values: list[str] | None = None
    for rr in range(r + 1, end):
        if any("年度资金总额" in _norm(c) or _norm(c) == "合计" for c in cells[rr][:first]):
            values = cells[rr]
            break
    if values is None:
        values = next((cells[rr] for rr in range(r + 1, end) if any(_cell(cells[rr], i) for i in bcols.values())), [])
    got = {k: (_cell(values, i) or None) for k, i in bcols.items()}
    return BudgetBlock(unit, got.get("initial"), got.get("full"), got.get("executed"),
                       got.get("weight"), got.get("rate"), got.get("score"))


def _cell(row: Sequence[str], i: int) -> str:
    return row[i] if i < len(row) else ""


def _totals(row: Sequence[str], i: int, limit: int, cols: dict[str, int]) -> tuple[str | None, str | None, str | None]:
    """Weight total, score total and grade of the 总分 row whose label is in cell ``i``.

    The figures are read under the 分值 and 得分 columns; where they stand elsewhere (text
    taken out of a PDF often shifts them), the first two numbers after the label are
    the weight total and the score total."""
    rest = [(j, c) for j, c in enumerate(row[i + 1: limit], start=i + 1) if c]
    grade = next((c for _, c in rest if c in _GRADES), None)
    figures = [(j, c) for j, c in rest if c not in _GRADES]
    wc, sc = cols.get("weight"), cols.get("score")
    if all(j in (wc, sc) for j, _ in figures):
        return (_cell(row, wc) or None) if wc is not None else None, (_cell(row, sc) or None) if sc is not None else None, grade
    nums = [(j, c) for j, c in figures if printed_number(c) is not None]
    if len(nums) >= 2:
        return nums[0][1], nums[1][1], grade
    if len(nums) == 1:
        j, c = nums[0]
        return (c, None, grade) if j == wc else (None, c, grade)
    return None, None, grade


def _grid_table(grid: Sequence[Sequence[str]], tid: str, source: str, where: Where,
                problems: list[Diagnostic]) -> Table | None:
    """One table from the cells of a sheet or a CSV/TSV file, laid out as published."""
    cells = [[("" if c is None else str(c)).strip() for c in row] for row in grid]
    head = next((r for r, row in enumerate(cells) if _is_row_header(row)), None)
    if head is None:
        problems.append(read_problem(source, "no indicator header row found (一级指标 二级指标 三级指标 年度指标值 "
                                              "实际完成值 分值 得分 偏差原因分析及改进措施)", "R104"))
        return None
    cols = _columns(cells[head], _ROW_COLUMNS)
    limit = max(cols.values()) + 1
    info: dict[str, Any] = {}
    budget: BudgetBlock | None = None
    for r in range(head):
        bcols = _columns(cells[r], _BUDGET_COLUMNS)
        if budget is None and "full" in bcols and "executed" in bcols:
            budget = _budget(cells, r, head, bcols)
            continue
        _labels(cells[r], info, max(limit, len(cells[r])))
    rows: list[TableRow] = []
    cur1 = cur2 = ""
    weight_total = score_total = grade = None
    total_seen = False
    for r in range(head + 1, len(cells)):
        row = cells[r]
        if not any(row):
            continue
        first = next((i for i, c in enumerate(row) if c), 0)
        n0 = _norm(row[first])
        if n0 in ("项目名称",) or n0.startswith("项目名称:"):
            problems.append(read_problem(source, "a second table starts here: one table per file or sheet; the rest is not read",
                                          "R105", where=where(r, first)))
            break
        if n0.split(":", 1)[0] == "评分等级":
            g, _ = _label_value(row, first, max(limit, first + 2))
            grade = g if g is not None else grade
            continue
        if n0 == "总分":
            weight_total, score_total, g = _totals(row, first, limit, cols)
            grade = grade or g
            total_seen = True
            continue
        if total_seen or _is_row_header(row):
            continue
        v = {k: _cell(row, i) for k, i in cols.items()}
        l1, l2 = v.get("level1", ""), v.get("level2", "")
        if l1:
            if l1 != cur1:
                cur2 = ""  # a new 一级 group: its 二级 is not "same as above"
            cur1 = l1
        if l2:
            cur2 = l2
        body = [v.get(k, "") for k in ("level3", "target", "actual", "weight", "score", "note")]
        if not any(body):
            continue  # a row of 一级/二级 labels only
        if not v.get("level3") and not v.get("target"):
            col = next(i for k, i in cols.items() if k not in ("level1", "level2") and v.get(k))
            problems.append(read_problem(source, "a row with neither 三级指标 nor 年度指标值 is not read", "R106", where=where(r, col)))
            continue
        rows.append(TableRow(
            f"{tid}-r{len(rows) + 1:02d}", cur1, cur2, v.get("level3", ""), v.get("target", ""), v.get("actual", ""),
            v.get("weight", ""), v.get("score", ""), v.get("note", ""), where(r, None),
        ))
    kind = "self_evaluation" if ("actual" in cols or "score" in cols) else "declaration"
    return Table(tid, info.get("project", ""), info.get("year"), tuple(rows), budget, weight_total, score_total,
                 grade, info.get("department"), info.get("unit"), source, kind)


def read_delimited_file(path: Path, problems: list[Diagnostic], delimiter: str | None = None) -> list[Table]:
    """The one table of a CSV (``,``, quoted as Excel does) or TSV (tab, no quoting) file."""
    path = Path(path)
    text = decode_text(path, problems)
    if text is None:
        return []
    if delimiter is None:
        delimiter = "," if path.suffix.lower() == ".csv" else "\t"
    lines: list[int] = []
    grid: list[list[str]] = []
    if delimiter == "\t":
        for n, line in enumerate(re.split(r"\r\n|\n|\r", text), start=1):
            grid.append(line.split("\t"))
            lines.append(n)
    else:
        try:
            reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
            last = 0
            for cells in reader:
                grid.append(cells)
                lines.append(last + 1)
                last = reader.line_num
        except csv.Error as e:
            problems.append(read_problem(path, f"cannot be read as CSV: {e}", where=f"{path}:{last + 1}", line=last + 1))
            return []

    def where(r: int, c: int | None) -> str:
        return f"{path}:{lines[r]}" if r < len(lines) else str(path)

    t = _grid_table(grid, path.stem, str(path), where, problems)
    return [] if t is None else [t]


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


_GENERIC_SHEET = re.compile(r"(?i)(sheet|工作表)\s*\d*")


def _sheet_id(path: Path, title: str, n_sheets: int) -> str:
    if not _GENERIC_SHEET.fullmatch(title.strip()):
        return title.strip()
    return path.stem if n_sheets == 1 else f"{path.stem}-{title.strip()}"


def read_xlsx_file(path: Path, problems: list[Diagnostic]) -> list[Table]:
    """One table per sheet of a workbook (empty sheets are passed over).

    A sheet's table id is the sheet's title, or the file's name where the title is a
    default one (``Sheet1``, ``工作表1``).  Numbers are read as Excel shows them
    (``0.9616`` formatted ``0.00%`` is ``96.16%``).
    """
    path = Path(path)
    try:
        import openpyxl
        from openpyxl.utils import get_column_letter
    except ImportError:  # pragma: no cover - openpyxl is a dependency
        problems.append(read_problem(path, "reading .xlsx needs openpyxl (pip install openpyxl)"))
        return []
    try:
        wb = openpyxl.load_workbook(path, data_only=True)
    except Exception as e:  # zipfile.BadZipFile, KeyError, InvalidFileException, OSError…
        problems.append(read_problem(path, f"cannot be read as a workbook: {type(e).__name__}: {e}"))
        return []
    out = []
    before = len(problems)
    sheets = wb.worksheets
    for ws in sheets:
        grid = [[_xlsx_text(c) for c in row] for row in ws.iter_rows()]
        if not any(c.strip() for row in grid for c in row):
            continue
        title = ws.title

        def where(r: int, c: int | None, title: str = title) -> str:
            return f"{path}:{title}!{get_column_letter((c or 0) + 1)}{r + 1}"

        t = _grid_table(grid, _sheet_id(path, title, len(sheets)), f"{path}:{title}", where, problems)
        if t is not None:
            out.append(t)
    wb.close()
    if not out and len(problems) == before:
        problems.append(read_problem(path, "the workbook has no table (every sheet is empty)", "R104"))
    return out

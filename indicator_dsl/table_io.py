"""Reading and writing tables.

Reading dispatches on the file name (:func:`read_tables`):

- the corpus format (../shared/corpus/README.md): ``*_indicators.tsv`` (one row per
  三级指标 of a 自评表, ids ``<seed>-t<table>-r<row>``) with ``*_budgets.tsv`` and
  ``*_totals.tsv`` beside it, and ``*_targets.tsv`` for 目标申报表 (no actuals);
- ``.csv``, ``.tsv``/``.txt`` and ``.xlsx``/``.xlsm``: ONE table per file (per sheet)
  laid out as published, with the Chinese headers: the 项目名称/主管部门/实施单位/年度
  header rows, the 项目资金 block (年初预算数 全年预算数 全年执行数 分值 执行率 得分, the
  money unit in ``项目资金 (元)``), the indicator header row (一级指标 二级指标 三级指标
  年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施, with common variants), the rows
  (an empty 一级/二级 cell means "same as above", as in merged cells), the 总分 row
  and 评分等级 (see docs/tables.md);
- ``.json`` (one table object, or a list of them) and ``.jsonl`` (one per line), in
  the format of :func:`table_to_json`.

A path may be one of these files or a directory of them.  Reading never stops at a
bad file or row: each problem becomes a :class:`ReadProblem` (``file:line``, or
``file:sheet!cell`` in a workbook, and what is wrong) and the rest is read.

Writing: :func:`write_table_xlsx`, :func:`write_table_csv` (CSV or TSV) and
:func:`table_to_json` give a table back in a format the readers read;
:func:`write_xlsx` writes a scored table (:class:`~indicator_dsl.table.TableResult`)
as a workbook with the policy's scores, verdicts, reasons, flags and audit findings
added beside the printed figures; :func:`write_corpus` writes the corpus TSV files.
"""

from __future__ import annotations

import csv
import datetime
import functools
import io
import json
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, Sequence

import attrs

from .model import format_decimal
from .table import BudgetBlock, Table, TableRow, printed_number

if TYPE_CHECKING:  # pragma: no cover
    from .audit import Finding
    from .scoring import ScoringPolicy
    from .table import TableResult

__all__ = [
    "ReadProblem", "read_tables", "read_table_file", "read_corpus_file", "read_delimited_file", "read_xlsx_file",
    "read_json_file", "table_to_json", "table_from_json", "without_provenance", "table_grid",
    "write_table_xlsx", "write_table_csv", "write_tables_json", "write_corpus", "write_xlsx", "write_tables",
]


@attrs.frozen(slots=True)
class ReadProblem:
    """A file or row that could not be read."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


_TABLE_ID = re.compile(r"^(?P<table>.+-t\d+)-(?:r\d+|budget|total)$")
_KINDS = ("_indicators.tsv", "_targets.tsv")


def _read_tsv(path: Path, problems: list[ReadProblem]) -> list[tuple[int, dict[str, str]]]:
    try:
        with open(path, encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
            rows = []
            for n, row in enumerate(reader, start=2):
                if None in row:  # more cells than headers
                    problems.append(ReadProblem(f"{path}:{n}", "the row has more cells than the header"))
                    continue
                rows.append((n, {k: (v or "") for k, v in row.items()}))
            return rows
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        problems.append(ReadProblem(str(path), f"cannot be read: {e}"))
        return []


def _year(text: str) -> int | None:
    m = re.search(r"\d{4}", text or "")
    return int(m.group()) if m else None


def read_corpus_file(path: Path, problems: list[ReadProblem]) -> list[Table]:
    """Tables of one ``*_indicators.tsv`` or ``*_targets.tsv`` (with its companions)."""
    name = path.name
    stem = next((name[: -len(k)] for k in _KINDS if name.endswith(k)), None)
    if stem is None:
        problems.append(ReadProblem(str(path), "not a corpus file (*_indicators.tsv or *_targets.tsv)"))
        return []
    tables: dict[str, dict[str, object]] = {}
    order: list[str] = []

    def table_of(row_id: str, where: str) -> dict[str, object] | None:
        m = _TABLE_ID.match(row_id.strip())
        if not m:
            problems.append(ReadProblem(where, f"the id {row_id!r} is not <seed>-t<table>-r<row>"))
            return None
        tid = m.group("table")
        if tid not in tables:
            tables[tid] = {"rows": []}
            order.append(tid)
        return tables[tid]

    for n, r in _read_tsv(path, problems):
        where = f"{path}:{n}"
        if "target" not in r or "id" not in r:
            problems.append(ReadProblem(where, "missing the id or target column"))
            continue
        t = table_of(r["id"], where)
        if t is None:
            continue
        t.setdefault("project", r.get("project", ""))
        t.setdefault("year", _year(r.get("year", "")))
        t["rows"].append(TableRow(  # type: ignore[union-attr]
            r["id"].strip(), r.get("level1", ""), r.get("level2", ""), r.get("level3", ""), r["target"],
            r.get("actual", ""), r.get("weight", ""), r.get("score", ""), r.get("note", ""), where,
        ))
    declaration = name.endswith("_targets.tsv")
    budgets = path.with_name(stem + "_budgets.tsv")  # companions of an *_indicators.tsv only
    for n, r in _read_tsv(budgets, problems) if budgets.exists() and not declaration else []:
        t = table_of(r.get("id", ""), f"{budgets}:{n}")
        if t is not None:
            t["budget"] = BudgetBlock(
                r.get("money_unit") or None, r.get("initial_budget") or None, r.get("full_budget") or None,
                r.get("executed") or None, r.get("weight") or None, r.get("rate_reported") or None,
                r.get("score_reported") or None,
            )
            t.setdefault("project", r.get("project", ""))
            t.setdefault("year", _year(r.get("year", "")))
    totals = path.with_name(stem + "_totals.tsv")
    for n, r in _read_tsv(totals, problems) if totals.exists() and not declaration else []:
        t = table_of(r.get("id", ""), f"{totals}:{n}")
        if t is not None:
            t["weight_total"] = r.get("weight_total") or None
            t["score_total"] = r.get("score_total") or None
            t["grade"] = r.get("grade") or None
    out = []
    for tid in order:
        t = tables[tid]
        out.append(Table(
            tid, str(t.get("project", "")), t.get("year"), tuple(t["rows"]),  # type: ignore[arg-type]
            t.get("budget"), t.get("weight_total"), t.get("score_total"), t.get("grade"),  # type: ignore[arg-type]
            source=str(path), kind="declaration" if name.endswith("_targets.tsv") else "self_evaluation",
        ))
    return out


# ---------------------------------------------------------------------------
# The published layout (CSV, TSV, XLSX): one table per file or sheet

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
                if _year(value) is not None:
                    info["year"] = _year(value)
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
                problems: list[ReadProblem]) -> Table | None:
    """One table from the cells of a sheet or a CSV/TSV file, laid out as published."""
    cells = [[("" if c is None else str(c)).strip() for c in row] for row in grid]
    head = next((r for r, row in enumerate(cells) if _is_row_header(row)), None)
    if head is None:
        problems.append(ReadProblem(source, "no indicator header row found (一级指标 二级指标 三级指标 年度指标值 "
                                            "实际完成值 分值 得分 偏差原因分析及改进措施)"))
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
            problems.append(ReadProblem(where(r, first), "a second table starts here: one table per file or sheet; "
                                                         "the rest is not read"))
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
            problems.append(ReadProblem(where(r, col), "a row with neither 三级指标 nor 年度指标值 is not read"))
            continue
        rows.append(TableRow(
            f"{tid}-r{len(rows) + 1:02d}", cur1, cur2, v.get("level3", ""), v.get("target", ""), v.get("actual", ""),
            v.get("weight", ""), v.get("score", ""), v.get("note", ""), where(r, None),
        ))
    kind = "self_evaluation" if ("actual" in cols or "score" in cols) else "declaration"
    return Table(tid, info.get("project", ""), info.get("year"), tuple(rows), budget, weight_total, score_total,
                 grade, info.get("department"), info.get("unit"), source, kind)


def _decode(path: Path, problems: list[ReadProblem]) -> str | None:
    try:
        data = path.read_bytes()
    except OSError as e:
        problems.append(ReadProblem(str(path), f"cannot be read: {e}"))
        return None
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    problems.append(ReadProblem(str(path), "cannot be read: neither UTF-8 nor GB18030 text"))
    return None


def read_delimited_file(path: Path, problems: list[ReadProblem], delimiter: str | None = None) -> list[Table]:
    """The one table of a CSV (``,``, quoted as Excel does) or TSV (tab, no quoting) file."""
    path = Path(path)
    text = _decode(path, problems)
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
            problems.append(ReadProblem(f"{path}:{last + 1}", f"cannot be read as CSV: {e}"))
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


def read_xlsx_file(path: Path, problems: list[ReadProblem]) -> list[Table]:
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
        problems.append(ReadProblem(str(path), "reading .xlsx needs openpyxl (pip install openpyxl)"))
        return []
    try:
        wb = openpyxl.load_workbook(path, data_only=True)
    except Exception as e:  # zipfile.BadZipFile, KeyError, InvalidFileException, OSError…
        problems.append(ReadProblem(str(path), f"cannot be read as a workbook: {type(e).__name__}: {e}"))
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
        problems.append(ReadProblem(str(path), "the workbook has no table (every sheet is empty)"))
    return out


# ---------------------------------------------------------------------------
# JSON

_TABLE_KEYS = ("id", "kind", "project", "year", "department", "unit", "budget", "rows",
               "weight_total", "score_total", "grade")
_ROW_KEYS = ("id", "level1", "level2", "level3", "target", "actual", "weight", "score", "note")
_BUDGET_KEYS = ("money_unit", "initial", "full", "executed", "weight", "rate", "score")


def table_to_json(table: Table) -> dict[str, Any]:
    """The table as a JSON object: every cell a string as printed (None where absent).

    Where the table was read from (``source``, each row's ``where``) is left out.

    >>> t = Table("demo-t1", "示例项目", 2023, rows=(TableRow("demo-t1-r01", "产出指标", "数量指标", "举办活动", "≥600.00(场)"),))
    >>> d = table_to_json(t)
    >>> d["rows"][0]["target"], d["year"], d["budget"]
    ('≥600.00(场)', 2023, None)
    >>> table_from_json(d) == t
    True
    """
    b = table.budget
    return {
        "id": table.id, "kind": table.kind, "project": table.project, "year": table.year,
        "department": table.department, "unit": table.unit,
        "budget": None if b is None else {
            "money_unit": b.money_unit, "initial": b.initial, "full": b.full, "executed": b.executed,
            "weight": b.weight, "rate": b.rate, "score": b.score,
        },
        "rows": [{k: getattr(r, k) for k in _ROW_KEYS} for r in table.rows],
        "weight_total": table.weight_total, "score_total": table.score_total, "grade": table.grade,
    }


def _json_text(value: Any, what: str, optional: bool) -> str | None:
    if value is None:
        if optional:
            return None
        raise ValueError(f"{what} is missing")
    if isinstance(value, bool) or not isinstance(value, (str, int, float, Decimal)):
        raise ValueError(f"{what} must be a string, not {type(value).__name__}")
    return value if isinstance(value, str) else str(value)


def _table_from_json(data: Any, where: str, problems: list[ReadProblem], source: str | None = None) -> Table | None:
    if not isinstance(data, Mapping):
        problems.append(ReadProblem(where, f"a table must be a JSON object, not {type(data).__name__}"))
        return None
    extra = sorted(set(data) - set(_TABLE_KEYS))
    if extra:
        problems.append(ReadProblem(where, f"unknown field(s) {', '.join(map(repr, extra))} (expected {', '.join(_TABLE_KEYS)})"))
    try:
        tid = _json_text(data.get("id"), "the table's id", False)
        assert tid is not None
        if not tid.strip():
            raise ValueError("the table's id is empty")
        kind = _json_text(data.get("kind"), "kind", True) or "self_evaluation"
        if kind not in ("self_evaluation", "declaration"):
            raise ValueError(f"kind must be self_evaluation or declaration, not {kind!r}")
        year = data.get("year")
        if year is not None:
            if isinstance(year, bool) or not re.fullmatch(r"\d{4}", str(year).strip()):
                raise ValueError(f"year must be a four-digit year, not {year!r}")
            year = int(str(year).strip())
        budget = data.get("budget")
        if budget is not None:
            if not isinstance(budget, Mapping):
                raise ValueError("budget must be an object or null")
            bad = sorted(set(budget) - set(_BUDGET_KEYS))
            if bad:
                raise ValueError(f"unknown budget field(s) {', '.join(map(repr, bad))} (expected {', '.join(_BUDGET_KEYS)})")
            budget = BudgetBlock(*(_json_text(budget.get(k), f"budget.{k}", True) for k in _BUDGET_KEYS))
        head = {k: _json_text(data.get(k), k, True) for k in ("project", "department", "unit", "weight_total", "score_total", "grade")}
        raw_rows = data.get("rows", [])
        if not isinstance(raw_rows, list):
            raise ValueError("rows must be a list")
    except ValueError as e:
        problems.append(ReadProblem(where, str(e)))
        return None
    rows = []
    for j, r in enumerate(raw_rows):
        rw = f"{where}/rows/{j}"
        try:
            if not isinstance(r, Mapping):
                raise ValueError(f"a row must be a JSON object, not {type(r).__name__}")
            bad = sorted(set(r) - set(_ROW_KEYS))
            if bad:
                raise ValueError(f"unknown row field(s) {', '.join(map(repr, bad))} (expected {', '.join(_ROW_KEYS)})")
            if r.get("level3") is None and r.get("target") is None:
                raise ValueError("a row needs level3 or target")
            cells = {k: _json_text(r.get(k), k, True) or "" for k in _ROW_KEYS}
            rows.append(TableRow(
                cells["id"] or f"{tid}-r{len(rows) + 1:02d}", cells["level1"], cells["level2"], cells["level3"],
                cells["target"], cells["actual"], cells["weight"], cells["score"], cells["note"], rw,
            ))
        except ValueError as e:
            problems.append(ReadProblem(rw, f"{e}; the row is not read"))
    return Table(tid, head["project"] or "", year, tuple(rows), budget, head["weight_total"], head["score_total"],
                 head["grade"], head["department"], head["unit"], source, kind)


def table_from_json(data: Mapping[str, Any]) -> Table:
    """The table of one JSON object (see :func:`table_to_json`); ValueError names what is wrong.

    Figures may be JSON numbers or strings; a row without ``id`` gets ``<table id>-r<n>``.
    """
    problems: list[ReadProblem] = []
    t = _table_from_json(data, "table", problems)
    if problems or t is None:
        raise ValueError("; ".join(str(p) for p in problems))
    return without_provenance(t)


def _keep(text: str) -> str:
    return text


def read_json_file(path: Path, problems: list[ReadProblem]) -> list[Table]:
    """Tables of a ``.json`` file (one object or a list) or a ``.jsonl`` file (one object per line)."""
    path = Path(path)
    text = _decode(path, problems)
    if text is None:
        return []
    out: list[Table] = []
    loads = functools.partial(json.loads, parse_float=_keep, parse_int=_keep)  # numbers kept as written
    if path.suffix.lower() == ".jsonl":
        for n, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                data = loads(line)
            except json.JSONDecodeError as e:
                problems.append(ReadProblem(f"{path}:{n}", f"not JSON: {e.msg} at column {e.colno}"))
                continue
            t = _table_from_json(data, f"{path}:{n}#", problems, str(path))
            if t is not None:
                out.append(t)
        return out
    try:
        data = loads(text)
    except json.JSONDecodeError as e:
        problems.append(ReadProblem(f"{path}:{e.lineno}", f"not JSON: {e.msg} at column {e.colno}"))
        return []
    items = data if isinstance(data, list) else [data]
    for i, item in enumerate(items):
        t = _table_from_json(item, f"{path}#/{i}" if isinstance(data, list) else f"{path}#", problems, str(path))
        if t is not None:
            out.append(t)
    return out


# ---------------------------------------------------------------------------
# Dispatch

_LAYOUT_SUFFIXES = (".csv", ".tsv", ".xlsx", ".xlsm", ".json", ".jsonl", ".ind")
_COMPANIONS = ("_budgets.tsv", "_totals.tsv")


def _files(path: Path) -> Iterable[Path]:
    if path.is_dir():
        for p in sorted(path.iterdir()):
            if p.is_file() and (p.name.endswith(_KINDS) or _readable_other(p)):
                yield p
    else:
        yield path


def _readable_other(p: Path) -> bool:
    """A file a directory listing should read: not a corpus companion, a lock file or hidden."""
    if p.name.startswith((".", "~$")) or p.name.endswith(_COMPANIONS):
        return False
    return p.suffix.lower() in _LAYOUT_SUFFIXES


def read_table_file(path: Path, problems: list[ReadProblem]) -> list[Table]:
    """The tables of one file, by its name: corpus TSV, CSV, TSV/TXT, XLSX, JSON or JSON Lines."""
    path = Path(path)
    name, suffix = path.name, path.suffix.lower()
    if name.endswith(_KINDS):
        return read_corpus_file(path, problems)
    if name.endswith(_COMPANIONS):
        problems.append(ReadProblem(str(path), "a corpus companion file: read the *_indicators.tsv beside it"))
        return []
    if suffix in (".csv", ".tsv", ".txt"):
        return read_delimited_file(path, problems)
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx_file(path, problems)
    if suffix in (".json", ".jsonl"):
        return read_json_file(path, problems)
    if suffix == ".ind":  # an indicator spec file (docs/spec-files.md)
        from .convert import read_spec_file

        return read_spec_file(path, problems)
    problems.append(ReadProblem(str(path), "unknown table format (expected *_indicators.tsv, *_targets.tsv, "
                                           ".csv, .tsv, .xlsx, .json, .jsonl or .ind)"))
    return []


def read_tables(paths: Iterable[str | Path]) -> tuple[list[Table], list[ReadProblem]]:
    """Every table in ``paths`` (files or directories) and every problem met."""
    tables: list[Table] = []
    problems: list[ReadProblem] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            problems.append(ReadProblem(str(path), "no such file or directory"))
            continue
        for f in _files(path):
            tables.extend(read_table_file(f, problems))
    return tables, problems


def without_provenance(table: Table) -> Table:
    """The table without where it was read from (``source``, each row's ``where``), for comparing."""
    return attrs.evolve(table, source=None, rows=tuple(attrs.evolve(r, where=None) for r in table.rows))


# ---------------------------------------------------------------------------
# Writing

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
        budget_head = len(grid)
        grid.append([f"项目资金 ({b.money_unit})" if b.money_unit else "项目资金", "", *_BUDGET_HEAD])
        budget_row = len(grid)
        grid.append(["", "年度资金总额"] + [x or "" for x in (b.initial, b.full, b.executed, b.weight, b.rate, b.score)])
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

    TSV has no quoting: a cell with a tab or a line break is a ValueError.
    """
    path = Path(path)
    if delimiter is None:
        delimiter = "," if path.suffix.lower() == ".csv" else "\t"
    grid = _layout(table).grid
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


def write_tables_json(tables: Iterable[Table], path: str | Path) -> None:
    """Write tables as JSON (``.json``: the object of one table, or a list) or JSON Lines (``.jsonl``)."""
    path = Path(path)
    data = [table_to_json(t) for t in tables]
    if path.suffix.lower() == ".jsonl":
        path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in data), encoding="utf-8")
    else:
        path.write_text(json.dumps(data[0] if len(data) == 1 else data, ensure_ascii=False, indent=2) + "\n",
                        encoding="utf-8")


_CORPUS_TABLE = re.compile(r"^(?P<seed>.+)-t(?P<n>\d+)$")


def write_corpus(tables: Iterable[Table], directory: str | Path, stem: str = "tables") -> list[Path]:
    """Write tables in the corpus format: ``<stem>_indicators.tsv`` with ``_budgets.tsv`` and
    ``_totals.tsv`` (self-evaluations) and ``<stem>_targets.tsv`` (declarations).

    Table ids must read ``<seed>-t<n>``; the ``seed`` column is left empty and ``quality`` is ``ok``.
    """
    directory = Path(directory)
    ind: list[list[str]] = []
    tgt: list[list[str]] = []
    bud: list[list[str]] = []
    tot: list[list[str]] = []
    for t in tables:
        m = _CORPUS_TABLE.match(t.id)
        if not m:
            raise ValueError(f"the corpus format wants table ids <seed>-t<n>, not {t.id!r}")
        head = ["", m.group("n"), t.project, "" if t.year is None else str(t.year)]
        for n, r in enumerate(t.rows, start=1):
            rid = r.id if re.fullmatch(re.escape(t.id) + r"-r\d+", r.id) else f"{t.id}-r{n:02d}"
            if t.kind == "declaration":
                tgt.append([rid, *head, r.level1, r.level2, r.level3, r.target, "ok", ""])
            else:
                ind.append([rid, *head, r.level1, r.level2, r.level3, r.target, r.actual, r.weight, r.score, r.note, "ok", ""])
        if t.kind != "declaration":
            b = t.budget
            if b is not None:
                bud.append([f"{t.id}-budget", *head] + [x or "" for x in (b.money_unit, b.initial, b.full, b.executed, b.weight, b.rate, b.score)] + [""])
            tot.append([f"{t.id}-total", *head, t.weight_total or "", t.score_total or "", t.grade or "", ""])
    files = [
        ("_indicators.tsv", "id seed table project year level1 level2 level3 target actual weight score note quality remark", ind),
        ("_budgets.tsv", "id seed table project year money_unit initial_budget full_budget executed weight rate_reported score_reported remark", bud),
        ("_totals.tsv", "id seed table project year weight_total score_total grade remark", tot),
        ("_targets.tsv", "id seed table project year level1 level2 level3 target quality remark", tgt),
    ]
    written = []
    for suffix, header, rows in files:
        if not rows:
            continue
        for row in rows:
            for c in row:
                if re.search(r"[\t\r\n]", c):
                    raise ValueError(f"a corpus cell cannot hold a tab or a line break: {c!r}")
        p = directory / (stem + suffix)
        p.write_text("\t".join(header.split()) + "\n" + "".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
        written.append(p)
    return written


def _sheet_title(tid: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "_", tid).strip().strip("'")[:31] or "table"
    title, k = base, 2
    while title.lower() in used:
        suffix = f"~{k}"
        title, k = base[: 31 - len(suffix)] + suffix, k + 1
    used.add(title.lower())
    return title


_WIDTHS = (12, 14, 26, 18, 26, 8, 8, 30)


def _put(ws: Any, r: int, c: int, value: Any) -> Any:
    """Set a cell (1-based); text stays text even where it starts with ``=``."""
    cell = ws.cell(row=r, column=c)
    if value is None or value == "":
        return cell
    try:
        cell.value = value
    except ValueError as e:  # openpyxl's IllegalCharacterError: control characters
        raise ValueError(f"{ws.title}!{cell.coordinate}: {e}") from None
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def _sheet(wb: Any, table: Table, used: set[str], full: bool) -> tuple[Any, _Layout]:
    from openpyxl.styles import Alignment, Font, PatternFill

    ws = wb.create_sheet(_sheet_title(table.id, used))
    lay = _layout(table, full)
    bold, head_fill = Font(bold=True), PatternFill("solid", fgColor="DDDDDD")
    wrap = Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate(lay.grid, start=1):
        for c, value in enumerate(row, start=1):
            cell = _put(ws, r, c, value)
            cell.alignment = wrap
    ws.cell(row=1, column=1).font = Font(bold=True, size=13)
    for r in (lay.budget_head, lay.head):
        if r is not None:
            for c in range(1, len(lay.grid[r]) + 1):
                ws.cell(row=r + 1, column=c).font = bold
                ws.cell(row=r + 1, column=c).fill = head_fill
    for r in (lay.total, lay.grade):
        if r is not None:
            ws.cell(row=r + 1, column=1).font = bold
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
    wb.remove(wb.active)
    used: set[str] = set()
    for t in [tables] if isinstance(tables, Table) else tables:
        _sheet(wb, t, used, full=False)
    if not wb.worksheets:
        wb.create_sheet("Sheet1")
    wb.save(path)


def _finding_line(f: Finding) -> str:
    figures = f" [{f.printed or '—'} → {f.computed or '—'}]" if (f.printed or f.computed) else ""
    rule = f" (rule {f.rule})" if f.rule and "(rule" not in f.message else ""
    return f"{f.severity}: {f.kind}{figures}: {f.message}{rule}"


_EXTRA_HEAD = ("复核得分 (policy score)", "判定 (verdict)", "理由 (reason)", "标记 (flags)", "审核发现 (audit findings)")
_EXTRA_WIDTHS = (12, 12, 44, 18, 60)


def write_xlsx(results: TableResult | Sequence[TableResult], path: str | Path,
               policy: ScoringPolicy | None = None,
               findings: Mapping[str, Sequence[Finding]] | None = None) -> None:
    """Write scored tables to a workbook: each table as published (one sheet per table), with
    columns added on the right for the policy's score, the verdict, the reason, the flags and
    the audit findings of each row; the budget line gets the recomputed score and execution
    rate, the 总分 and 评分等级 lines the recomputed total and grade.

    ``findings`` maps a table id to its findings; by default :func:`~indicator_dsl.audit.audit`
    is run under ``policy``.  The readers read the copy back as the table it was made from.
    """
    import openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from .audit import audit
    from .table import TableResult

    if isinstance(results, TableResult):
        results = [results]
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    bold, extra_fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    err_fill, warn_fill = PatternFill("solid", fgColor="FFC7CE"), PatternFill("solid", fgColor="FFEB9C")
    wrap = Alignment(wrap_text=True, vertical="top")
    for res in results:
        t = res.table
        fs = list(findings[t.id]) if findings is not None and t.id in findings else audit(res, policy)
        ws, lay = _sheet(wb, t, used, full=True)
        x = lay.width + 1

        def put(r: int, c: int, value: Any, fs: Sequence[Finding] = (), number: str | None = None) -> None:
            cell = _put(ws, r + 1, x + c, value)
            cell.alignment = wrap
            if number:
                cell.number_format = number
            if c == 4 and fs:
                cell.fill = err_fill if any(f.severity == "error" for f in fs) else warn_fill

        def text(fs: Sequence[Finding]) -> str:
            return "\n".join(_finding_line(f) for f in fs)

        for c, h in enumerate(_EXTRA_HEAD):
            put(lay.head, c, h)
            ws.cell(row=lay.head + 1, column=x + c).font = bold
            ws.cell(row=lay.head + 1, column=x + c).fill = extra_fill
        by_row: dict[str, list[Finding]] = {}
        for f in fs:
            by_row.setdefault(f.row or "", []).append(f)
        for i, rr in enumerate(res.rows):
            r = lay.first_row + i
            o = rr.outcome
            rf = by_row.get(rr.row.id, [])
            put(r, 0, rr.score, number="0.00")
            put(r, 1, "error" if rr.error is not None else (o.verdict.value if o else ""))
            put(r, 2, rr.error.message if rr.error is not None else (o.reason if o else ""))
            put(r, 3, ", ".join(o.flags) if o else "")
            put(r, 4, text(rf), rf)
        table_fs = by_row.get("", [])
        budget_fs = [f for f in table_fs if f.kind in ("execution_rate", "budget_score", "note_missing")]
        total_fs = [f for f in table_fs if f not in budget_fs]
        if lay.budget_head is not None and lay.budget_row is not None:
            for c, h in ((0, "复核得分 (policy score)"), (1, "复核执行率 (computed rate)"), (4, "审核发现 (audit findings)")):
                put(lay.budget_head, c, h)
                ws.cell(row=lay.budget_head + 1, column=x + c).font = bold
                ws.cell(row=lay.budget_head + 1, column=x + c).fill = extra_fill
            put(lay.budget_row, 0, res.budget_score, number="0.00")
            put(lay.budget_row, 1, res.budget_rate, number="0.00%")
            put(lay.budget_row, 4, text(budget_fs), budget_fs)
        elif budget_fs:
            total_fs = table_fs
        if lay.total is not None:
            put(lay.total, 0, res.total, number="0.00")
            if res.assumed_printed:
                put(lay.total, 2, f"{len(res.assumed_printed)} undetermined rows counted at their printed score: "
                                  + ", ".join(res.assumed_printed))
            put(lay.total, 4, text(total_fs), total_fs)
        elif total_fs:
            put(len(lay.grid), 4, text(total_fs), total_fs)
        if lay.grade is not None:
            put(lay.grade, 0, res.grade)
        for c, w in enumerate(_EXTRA_WIDTHS):
            ws.column_dimensions[get_column_letter(x + c)].width = w
    if not wb.worksheets:
        wb.create_sheet("Sheet1")
    wb.save(path)


def write_tables(tables: Sequence[Table], out: str | Path, to: str | None = None) -> list[Path]:
    """Write tables to ``out`` in the format its suffix names (``.xlsx``: one sheet per table;
    ``.json``/``.jsonl``; ``.csv``/``.tsv``: one table only), or, for a directory, one file per
    table in the format ``to`` (csv, tsv, xlsx, json) or the corpus TSV files (``to="corpus"``)."""
    out = Path(out)
    suffix = out.suffix.lower()
    if to is None and suffix in (".xlsx", ".json", ".jsonl", ".csv", ".tsv"):
        if suffix == ".xlsx":
            write_table_xlsx(tables, out)
        elif suffix in (".json", ".jsonl"):
            write_tables_json(tables, out)
        else:
            if len(tables) != 1:
                raise ValueError(f"{out}: a {suffix} file holds one table, and there are {len(tables)}: "
                                 "give a directory (with --to) or an .xlsx/.json file")
            write_table_csv(tables[0], out)
        return [out]
    to = to or "xlsx"
    if to not in ("csv", "tsv", "xlsx", "json", "corpus"):
        raise ValueError(f"unknown output format {to!r} (csv, tsv, xlsx, json or corpus)")
    out.mkdir(parents=True, exist_ok=True)
    if to == "corpus":
        return write_corpus(tables, out)
    written = []
    used: set[str] = set()
    for t in tables:
        name = base = re.sub(r"[\\/:*?\"<>|]", "_", t.id).strip(". ") or "table"
        k = 2
        while name.lower() in used:
            name, k = f"{base}~{k}", k + 1
        used.add(name.lower())
        p = out / f"{name}.{to}"
        if to == "xlsx":
            write_table_xlsx(t, p)
        elif to == "json":
            write_tables_json([t], p)
        else:
            write_table_csv(t, p)
        written.append(p)
    return written

"""The block above a table's indicator rows and the rows below them: the labels (项目名称,
主管部门, 实施单位, 年度), the budget block (项目资金 …), the 总分 and 评分等级 rows.  Used by
:mod:`indicator_dsl.tables.io.grid`."""

from __future__ import annotations

import re
from typing import Any, Sequence

from indicator_dsl.tables.io.common import year_in
from indicator_dsl.tables.io.headers import LABELS, norm, title_kind
from indicator_dsl.tables.model import BudgetBlock, printed_number

__all__ = ["label_value", "read_labels", "read_budget", "read_declared_budget", "read_totals", "label_key", "heading_line",
           "GRADES", "is_total_label", "grade_of"]

GRADES = ("优", "良", "中", "差")
_YEAR_CELL = re.compile(r"\(?(\d{4})年度?\)?")
_MONEY_UNIT = re.compile(r"\(([^()]+)\)|单位:(.+)$")
_MONEY_UNITS = ("(元)", "(万元)", "(千元)", "(亿元)")  # 年度预算申请(万元), 预算资金(元)


# a label with what publishers add to it: 主管部门及代码, 主管部门(单位), 实施单位(盖章), 自评等级 …
_LABEL_TAIL = re.compile(r"(及代码|及编码|\(.{1,6}\)|名称)$")
_GRADE_LABELS = ("评分等级", "自评等级", "评价等级", "绩效等级", "综合评价等级", "等级")
_CONCLUSIONS = ("自评结论", "评价结论", "自评结果", "评价结果")  # a grade only where the value is one
_TOTALS = ("总分", "合计", "总计", "合 计", "综合得分", "总得分")


def is_total_label(cell: str) -> bool:
    """Whether a row's first cell starts its 总分 row (总分, 合计, 总计, 综合得分 …).

    >>> [is_total_label(x) for x in ("总分", "合 计", "总分值", "合计得分", "小计", "总成本")]
    [True, True, True, True, False, False]
    """
    n = norm(cell)
    return n.startswith(_TOTALS) or n in ("总计得分",)


def grade_of(label: str, value: str | None) -> str | None:
    """The grade a 评分等级 row prints (as printed); for a 自评结论 row only a grade word (优 良 中 差)."""
    if value is None or norm(label).split(":", 1)[0] not in _CONCLUSIONS:
        return value
    return value if value.strip() in GRADES else None


def label_key(cell: str) -> str | None:
    """The field a header label names (项目名称 -> ``project``, 主管部门及代码 -> ``department``,
    自评等级 -> ``grade``), or None.

    >>> [label_key(x) for x in ("项目名称：示例", "主管部门及代码", "实施单位（盖章）", "自评等级", "项目性质")]
    ['project', 'department', 'unit', 'grade', None]
    """
    n = norm(cell).split(":", 1)[0]
    if n in _GRADE_LABELS or n in _CONCLUSIONS:
        return "grade"
    return LABELS.get(n) or (LABELS.get(_LABEL_TAIL.sub("", n)) if n.startswith(("主管部门", "实施单位")) else None)


def heading_line(text: str) -> bool:
    """Whether a line printed outside a document's tables (a paragraph of a Word document, text
    of an HTML page or a PDF) belongs to a table: its title, a label with its value (项目名称：…,
    评分等级：优), its year (``(2024年度)``) or its money unit (单位：万元); a note such as
    填报人：张三 does not.

    >>> [heading_line(x) for x in ("2024年度项目支出绩效自评表", "项目名称：示例", "（2024年度）", "填报人：张三")]
    [True, True, True, False]
    """
    n = norm(text)
    return bool(title_kind([text]) or label_key(text) or _YEAR_CELL.fullmatch(n) or n.startswith("单位:"))


def _cell(row: Sequence[str], i: int) -> str:
    return row[i] if 0 <= i < len(row) else ""




def label_value(row: Sequence[str], i: int, limit: int | None = None) -> tuple[str | None, int | None]:
    cell = row[i].replace("：", ":")
    if ":" in cell:
        rest = cell.split(":", 1)[1].strip()
        if rest:
            return rest, i
    for j in range(i + 1, len(row) if limit is None else min(limit, len(row))):
        c = row[j]
        if c:
            n = norm(c)
            if label_key(c) or n.startswith("项目资金") or n in ("项目性质", "项目类别"):
                return None, None
            return c, j
    return None, None


def read_labels(row: Sequence[str], info: dict[str, Any]) -> None:
    used: set[int] = set()
    for i, c in enumerate(row):
        if not c or i in used:
            continue
        key = label_key(c)
        if key is not None:
            value, j = label_value(row, i)
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
        m = _YEAR_CELL.fullmatch(norm(c))
        if m and "year" not in info:
            info["year"] = int(m.group(1))


def read_budget(cells: list[list[str]], r: int, end: int, bcols: dict[str, int]) -> BudgetBlock:
    first = min(bcols.values())
    unit = None
    for rr in range(max(0, r - 1), min(end, r + 3)):
        for c in cells[rr]:
            n = norm(c)
            if n.startswith(("项目资金", "单位")) or (("资金" in n or "预算" in n) and n.endswith(_MONEY_UNITS)):
                m = _MONEY_UNIT.search(n)
                if m:
                    unit = m.group(1) or m.group(2)
                    break
        if unit:
            break
    values: list[str] | None = None
    for rr in range(r + 1, end):
        if any(norm(c).startswith(("年度资金总额", "资金总额")) or norm(c) == "合计" for c in cells[rr][:first + 1]):
            values = cells[rr]
            break
    if values is None:
        values = next((cells[rr] for rr in range(r + 1, end) if any(_cell(cells[rr], i) for i in bcols.values())), [])
    # the figures stand under their headers, or a column or two away (text taken out of a PDF)
    label_end = max((i for i, c in enumerate(values) if c and printed_number(c) is None
                     and not c.strip() in ("—", "-", "/")), default=-1)
    named = {i for i, c in enumerate(cells[r]) if c and i > max(bcols.values())}  # 复核执行率 … of a scored copy
    figures = {i for i, c in enumerate(values) if c and i > label_end and i not in named}
    best, shift = -1, 0
    for s in (0, 1, -1, 2, -2):
        hit = sum(1 for i in bcols.values() if i + s in figures)
        if hit > best and all(i + s > label_end for i in bcols.values()):
            best, shift = hit, s
    got = {k: (_cell(values, i + shift) or None) for k, i in bcols.items()}
    return BudgetBlock(unit, got.get("initial"), got.get("full"), got.get("executed"),
                       got.get("weight"), got.get("rate"), got.get("score"))


# a declaration's budget labels (normalised, 其中 taken off) -> the BudgetBlock field; the first that matches wins
_DECLARED = (
    ("project_total", re.compile(r"(项目资金总额|项目总额|中期资金总额|项目总投资|总投资)(\(.*\))?")),
    ("initial", re.compile(r"(年度资金(申请)?总额|年度资金申请数|年度资金|本年资金总额|资金总额|年度预算(资金|数)?)(\(.*\))?")),
    ("fiscal", re.compile(r"(当年)?财政(拨款|资金)(\(.*\))?")),
    ("other", re.compile(r"其他资金(\(.*\))?")),
    ("carried", re.compile(r"上年结转(资金)?(\(.*\))?")),
)


def _declared_label(cell: str) -> str | None:
    n = norm(cell)
    n = (n[2:].lstrip(":") if n.startswith("其中") else n).split(":", 1)[0]
    return next((key for key, pattern in _DECLARED if pattern.fullmatch(n)), None)


def _figure_at(row: Sequence[str], i: int) -> str | None:
    c = _cell(row, i)
    return c if c and printed_number(c) is not None else None


def read_declared_budget(cells: list[list[str]], lo: int, hi: int) -> BudgetBlock | None:
    """A target declaration's 项目资金 block in rows ``lo``..``hi``: labels each with its figure
    after a colon, in the next cell to the right, or in the cell below (a row of labels over a
    row of figures).  ``initial`` is the year's 年度资金(申请)总额 (资金总额), ``project_total``
    项目资金总额, ``fiscal`` and ``other`` the year's 其中：财政拨款 and 其他资金: where the block
    prints the project's breakdown left of the year's (seed 003), the year's is read.  None
    when the block holds no figure.

    >>> rows = [["项目资金(万元)", "项目资金总额:", "", "年度资金申请总额:", "151.5"],
    ...         ["", "其中: 财政资金", "", "其中: 当年财政拨款", "150"], ["", "其他资金", "", "其他资金", "1.5"]]
    >>> read_declared_budget(rows, 0, 3)
    BudgetBlock(money_unit='万元', initial='151.5', full=None, executed=None, weight=None, rate=None, score=None, fiscal='150', other='1.5')
    """
    found: list[tuple[str, int, int, str | None]] = []  # (field, row, column, figure)
    unit = None
    for r in range(lo, hi):
        row = cells[r]
        for c, cell in enumerate(row):
            if not cell:
                continue
            n = norm(cell)
            key = _declared_label(cell)
            if unit is None and (key or n.startswith(("项目资金", "单位"))):
                m = _MONEY_UNIT.search(n.split(":", 1)[0] if key else n)
                if m and not printed_number(m.group(1) or m.group(2) or "x"):
                    unit = (m.group(1) or m.group(2)).strip()
            if key is None:
                continue
            value = None
            after = cell.replace("：", ":").rsplit(":", 1)[1].strip() if ":" in cell.replace("：", ":") else ""
            if after and printed_number(after) is not None:
                value = after
            else:
                for j in range(c + 1, len(row)):  # the next filled cell, unless it is a label
                    if row[j]:
                        value = row[j] if printed_number(row[j]) is not None else None
                        break
                if value is None and r + 1 < hi and not any(_declared_label(x) for x in cells[r + 1] if x):
                    value = _figure_at(cells[r + 1], c)  # a row of labels over a row of figures
            found.append((key, r, c, value))
    if not any(v for *_, v in found):
        return None
    annual = [c for key, _, c, _ in found if key == "initial"]
    projects = [c for key, _, c, _ in found if key == "project_total"]
    split = min(annual) if annual and projects and min(projects) < min(annual) else None
    got: dict[str, str] = {}
    for key, _, c, value in found:
        if key in ("fiscal", "other") and split is not None and c < split:
            continue  # the project's breakdown, left of the year's
        if value is not None and key not in got:
            got[key] = value
    return BudgetBlock(unit, got.get("initial"), project_total=got.get("project_total"), fiscal=got.get("fiscal"),
                       other=got.get("other"))


def read_totals(row: Sequence[str], i: int, cols: dict[str, int]) -> tuple[str | None, str | None, str | None]:
    """Weight total, score total and grade of the 总分 row whose label is in cell ``i``: under
    the 分值 and 得分 columns, or else the first two numbers after the label."""
    limit = max(cols.values()) + 1  # not the columns a scored copy adds
    rest = [(j, c) for j, c in enumerate(row[i + 1:limit], start=i + 1) if c]
    grade = next((c for _, c in rest if c in GRADES), None)
    figures = [(j, c) for j, c in rest if c not in GRADES]
    wc, sc = cols.get("weight"), cols.get("score")
    if figures and all(j in (wc, sc) for j, _ in figures):
        return ((_cell(row, wc) or None) if wc is not None else None,
                (_cell(row, sc) or None) if sc is not None else None, grade)
    nums = [(j, c) for j, c in figures if printed_number(c) is not None]
    if len(nums) >= 2:
        return nums[0][1], nums[1][1], grade
    if len(nums) == 1:
        j, c = nums[0]
        return (c, None, grade) if j == wc else (None, c, grade)
    return None, None, grade

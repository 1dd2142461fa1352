"""The block above a table's indicator rows and the rows below them: the labels (项目名称,
主管部门, 实施单位, 年度), the budget block (项目资金 …), the 总分 and 评分等级 rows.  Used by
:mod:`indicator_dsl.tables.io.grid`."""

from __future__ import annotations

import re
from typing import Any, Sequence

from indicator_dsl.tables.io.common import year_in
from indicator_dsl.tables.io.headers import LABELS, norm, title_kind
from indicator_dsl.tables.model import BudgetBlock, printed_number

__all__ = ["label_value", "read_labels", "read_budget", "read_totals", "label_key", "heading_line", "GRADES"]

GRADES = ("优", "良", "中", "差")
_YEAR_CELL = re.compile(r"\(?(\d{4})年度?\)?")
_MONEY_UNIT = re.compile(r"\(([^()]+)\)|单位:(.+)$")


def label_key(cell: str) -> str | None:
    """The field a header label names (项目名称 -> ``project``), or None."""
    return LABELS.get(norm(cell).split(":", 1)[0])


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
            if n.startswith(("项目资金", "单位")):
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

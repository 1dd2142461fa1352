"""The headers of a published table, found by meaning: which column holds what, whatever
the publisher calls it (分值/分数/权重, 年度(/项目)指标值, 实际完成值/全年实际值, a label split
by spaces or line breaks, a header over two rows), and the labels above the indicator rows
(项目名称, 主管部门, 年度 …).  Used by :mod:`indicator_dsl.tables.io.grid`.

>>> row_columns(["绩效 指标", "一级 指标", "二级指标", "三级指标", "年度(/项目)指标值", "全年实际值", "权重", "得分"])
{'level1': 1, 'level2': 2, 'level3': 3, 'target': 4, 'actual': 5, 'weight': 6, 'score': 7}
>>> budget_columns(["项目资金 (万元)", "", "年初预算数", "全年预算数", "全年执行数", "分数", "执行率(%)", "得分"])
{'initial': 2, 'full': 3, 'executed': 4, 'weight': 5, 'rate': 6, 'score': 7}
"""

from __future__ import annotations

import re
from typing import Callable, Sequence

__all__ = ["norm", "row_columns", "budget_columns", "is_row_header", "LEVEL1_NAMES", "is_level_label",
           "title_kind", "LABELS"]

_FULLWIDTH = str.maketrans({"（": "(", "）": ")", "：": ":", "　": " ", "／": "/", "％": "%"})


def norm(text: str) -> str:
    """A label cell compared loosely: no whitespace (a label split by spaces or line breaks
    reads as one), ASCII brackets, colons and slashes, no trailing colon."""
    return "".join(text.translate(_FULLWIDTH).split()).rstrip(":").lstrip("#")


def _target(n: str) -> bool:
    return ("指标值" in n or "目标值" in n) and "实际" not in n and "完成" not in n


def _actual(n: str) -> bool:
    return n in ("实际完成值", "全年实际完成值", "全年实际值", "实际值", "完成值", "实际完成情况值", "全年完成值") or (
        n.startswith(("实际完成值", "全年实际")) and len(n) <= 12)


_Match = Callable[[str], bool]

# key -> does a normalised header cell name it (tried in this order; the first key wins)
_ROW: dict[str, _Match] = {
    "level1": lambda n: n == "一级指标",
    "level2": lambda n: n == "二级指标",
    "level3": lambda n: n in ("三级指标", "三级指标名称", "指标名称"),
    "op": lambda n: n == "指标性质",
    "unit": lambda n: n in ("度量单位", "计量单位", "单位"),
    "target": _target,
    "actual": _actual,
    "weight": lambda n: n in ("分值", "分数", "权重", "权重(%)", "分值(分)", "指标分值", "指标权重"),
    "score": lambda n: n in ("得分", "自评得分", "评分", "得分(分)"),
    "note": lambda n: n.startswith(("偏差原因", "未完成原因", "原因分析")),
}

_BUDGET: dict[str, _Match] = {
    "initial": lambda n: n.startswith("年初预算"),
    "full": lambda n: n.startswith("全年预算") or n == "调整后预算数",
    "executed": lambda n: n.startswith("全年执行") or n == "实际执行数",
    "weight": lambda n: n in ("分值", "分数", "权重", "分值(分)"),
    "rate": lambda n: n.startswith(("执行率", "预算执行率")),
    "score": lambda n: n in ("得分", "自评得分", "得分(分)"),
}


def _columns(cells: Sequence[str], names: dict[str, _Match]) -> dict[str, int]:
    found: dict[str, int] = {}
    for i, c in enumerate(cells):
        n = norm(c)
        if not n:
            continue
        for key, match in names.items():
            if key not in found and match(n):
                found[key] = i
                break
    return found


def row_columns(cells: Sequence[str]) -> dict[str, int]:
    """The indicator header's columns: ``level1 level2 level3 target actual weight score note``
    (and ``op``/``unit`` for a target split over 指标性质 | 指标值 | 度量单位).  Of several target
    columns (中期指标值 | 年度指标值), the year's.

    >>> row_columns(["一级指标", "二级指标", "三级指标", "中期指标值", "年度指标值"])["target"]
    4
    """
    found = _columns(cells, _ROW)
    if "target" in found and "年度" not in norm(cells[found["target"]]):
        found["target"] = next((i for i, c in enumerate(cells) if i > found["target"] and _target(norm(c))
                                and "年度" in norm(c) and i not in found.values()), found["target"])
    return found


def budget_columns(cells: Sequence[str]) -> dict[str, int]:
    """The budget block header's columns: ``initial full executed weight rate score``."""
    return _columns(cells, _BUDGET)


def is_row_header(cols: dict[str, int]) -> bool:
    return "level3" in cols and "target" in cols


def header_rows(cells: list[list[str]], r: int) -> tuple[dict[str, int], int] | None:
    """The indicator header at row ``r``: its columns and how many rows it spans (1, or 2 for
    a header over two rows such as 绩效指标 merged above 一级/二级/三级), or None."""
    cols = row_columns(cells[r])
    if is_row_header(cols):
        return cols, 1
    if r + 1 >= len(cells) or not cols or is_row_header(row_columns(cells[r + 1])):
        return None
    a, b = cells[r], cells[r + 1]
    width = max(len(a), len(b))
    merged = []
    for i in range(width):
        top, low = (a[i] if i < len(a) else ""), (b[i] if i < len(b) else "")
        picks = [low, top, top + low]
        merged.append(next((p for p in picks if p and row_columns([p])), low or top))
    cols = row_columns(merged)
    return (cols, 2) if is_row_header(cols) else None


LEVEL1_NAMES = frozenset({"产出指标", "效益指标", "满意度指标", "成本指标"})
_LEVEL2_STEMS = frozenset({"经济成本", "社会成本", "生态环境成本", "经济效益", "社会效益", "生态效益", "生态环境效益",
                           "可持续影响"})
_LEVEL2 = re.compile(r"[\u4e00-\u9fff]{1,10}指标")


def is_level_label(text: str) -> str | None:
    """``"level1"`` or ``"level2"`` for a cell that names an indicator group (产出指标, 数量指标,
    社会效益指标, 服务对象满意度指标, ``经济成本 指标``), else None; 绩效指标 is ``"outer"``."""
    n = norm(text)
    if n in LEVEL1_NAMES:
        return "level1"
    if n in ("绩效指标", "绩效指标名称", "指标"):
        return "outer"  # the merged label over the groups, or the tail of a label broken over a page
    if n in _LEVEL2_STEMS:
        return "level2"  # 经济效益 (指标): a label broken over a page
    if _LEVEL2.fullmatch(n) and not n.startswith(("一级", "二级", "三级")):
        return "level2"
    return None


_TITLE = re.compile(r".{0,40}(自评表|申报表|目标表|评价表)")


def title_kind(cells: Sequence[str]) -> str | None:
    """For the title row of a table (财政项目支出绩效自评表, 部门整体支出绩效自评表, 绩效目标申报表):
    ``"self_evaluation"`` or ``"declaration"``; None for any other row."""
    filled = [c for c in cells if c and c.strip()]
    if not filled or len(filled) > 2:
        return None
    n = norm(filled[0])
    if len(n) > 40 or not _TITLE.fullmatch(n):
        return None
    return "declaration" if n.endswith(("申报表", "目标表")) else "self_evaluation"


LABELS = {"项目名称": "project", "部门名称": "project", "单位名称": "project", "预算单位": "project",
          "主管部门": "department", "实施单位": "unit", "年度": "year", "评分等级": "grade"}

"""Whole self-evaluation tables (项目支出绩效自评表): the model, data only.

A :class:`Table` holds what the published table prints, as written: the project
header, the budget block (项目资金), the indicator rows (一级/二级/三级指标, 年度指标值,
实际完成值, 分值, 得分, 偏差原因分析) and the printed totals.
:func:`~indicator_dsl.tables.score.score_table` recomputes everything under a scoring policy.

"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import attrs

__all__ = ["Table", "TableRow", "BudgetBlock", "printed_number"]


def printed_number(text: str | None) -> Decimal | None:
    """A number as printed in a table (``480,800``, ``92.03%``, ``9.2``), or None.

    >>> printed_number("3,837,417.9"), printed_number("92.03%"), printed_number("—")
    (Decimal('3837417.9'), Decimal('92.03'), None)
    """
    if text is None:
        return None
    t = text.strip().replace(",", "").replace("，", "").rstrip("%％").strip()
    if not t:
        return None
    try:
        return Decimal(t)
    except InvalidOperation:
        return None


@attrs.frozen(slots=True)
class TableRow:
    """One 三级指标 row, every cell as printed."""

    id: str
    level1: str
    level2: str
    level3: str
    target: str
    actual: str = ""
    weight: str = ""
    score: str = ""
    note: str = ""
    where: str | None = None  # file:line of the row in its source, when known


@attrs.frozen(slots=True)
class BudgetBlock:
    """The 项目资金 block: budgets, execution, and the printed rate and score."""

    money_unit: str | None = None
    initial: str | None = None
    full: str | None = None
    executed: str | None = None
    weight: str | None = None
    rate: str | None = None
    score: str | None = None


@attrs.frozen(slots=True)
class Table:
    """One self-evaluation (or target declaration) table."""

    id: str
    project: str = ""
    year: int | None = None
    rows: tuple[TableRow, ...] = ()
    budget: BudgetBlock | None = None
    weight_total: str | None = None
    score_total: str | None = None
    grade: str | None = None
    department: str | None = None
    unit: str | None = None
    source: str | None = None
    kind: str = "self_evaluation"  # or "declaration" (目标申报表: targets only)

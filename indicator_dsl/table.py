"""Whole self-evaluation tables (项目支出绩效自评表): the model and its scoring.

A :class:`Table` holds what the published table prints, as written: the project
header, the budget block (项目资金), the indicator rows (一级/二级/三级指标, 年度指标值,
实际完成值, 分值, 得分, 偏差原因分析) and the printed totals.  :func:`score_table`
recomputes everything under a scoring policy.

>>> t = Table("demo", "示例项目", 2023, rows=(
...     TableRow("demo-r01", "产出指标", "数量指标", "举办活动", "≥600.00(场)", "295.00(场)", "90", "44.25"),),
...     budget=BudgetBlock("元", "500000", "500000", "480,800", "10", "96.16%", "9.62"))
>>> r = score_table(t)
>>> r.rows[0].score, r.budget_score, r.total, r.grade
(Decimal('44.25'), Decimal('9.62'), Decimal('53.87'), '差')
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, Mapping

import attrs

from .errors import TargetSyntaxError
from .evaluate import Outcome, evaluate
from .model import Quantity, Target, format_decimal
from .numerals import clean
from .parser import parse_target
from .scoring import ScoringPolicy, budget_score, grade, round_score

__all__ = ["Table", "TableRow", "BudgetBlock", "RowResult", "TableResult", "score_table", "printed_number"]


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


@attrs.frozen(slots=True)
class RowResult:
    """A row recomputed: its target, outcome and policy score (None if undetermined)."""

    row: TableRow
    target: Target | None
    error: TargetSyntaxError | None
    outcome: Outcome | None
    weight: Decimal | None
    score: Decimal | None


@attrs.frozen(slots=True)
class TableResult:
    """A table recomputed under a policy."""

    table: Table
    rows: tuple[RowResult, ...]
    budget_rate: Decimal | None
    budget_score: Decimal | None
    total: Decimal | None
    grade: str | None
    assumed_printed: tuple[str, ...]  # rows whose printed score stands in the total (undetermined)


def _row(row: TableRow, year: int | None, policy: ScoringPolicy, references: Mapping[str, Any] | None, lang: str) -> RowResult:
    weight = printed_number(row.weight)
    try:
        target = parse_target(row.target, year=year)
    except TargetSyntaxError as e:
        return RowResult(row, None, e, None, weight, None)
    outcome = evaluate(target, row.actual, weight=weight, policy=policy, references=references, year=year, lang=lang)
    if is_budget_row(row):
        outcome = _as_budget_row(outcome, weight, policy, lang)
    return RowResult(row, target, None, outcome, weight, outcome.score)


def is_budget_row(row: TableRow) -> bool:
    """An indicator row that restates the budget execution rate (三级指标 预算执行率)."""
    return "预算执行率" in row.level3 or "预算执行率" in row.level2


def _as_budget_row(outcome: Outcome, weight: Decimal | None, policy: ScoringPolicy, lang: str) -> Outcome:
    """A 预算执行率 row scores like the budget block: min(rate, cap) × weight (rule 1)."""
    actual = outcome.actual
    if not isinstance(actual, Quantity) or actual.unit != "%" or weight is None:
        return outcome
    rate = actual.value / 100
    score = round_score(min(min(rate, policy.budget_rate_cap) * weight, weight), policy)
    pct = format_decimal(actual.value)
    reason = (f"预算执行率{pct}%，得分为执行率×分值（规则1）" if lang == "zh"
              else f"a budget execution row: the rate {pct}% times the weight (rule 1)")
    return attrs.evolve(outcome, score=clean(max(score, Decimal(0))), ratio=clean(min(rate, Decimal(1))), reason=reason, rule=1)


def score_table(
    table: Table,
    policy: ScoringPolicy | None = None,
    references: Mapping[str, Any] | None = None,
    lang: str = "en",
) -> TableResult:
    """Score every row, the budget execution (rule 1), the total and the grade (rule 16).

    The total is the sum of the rounded row scores plus the budget score.  A row the
    rules cannot decide (undetermined, or an unreadable target) keeps its printed
    score in the total, and is listed in ``assumed_printed``; without a printed
    score the total is None.
    """
    policy = policy or ScoringPolicy.default()
    rows = tuple(_row(r, table.year, policy, references, lang) for r in table.rows)
    rate = bscore = None
    b = table.budget
    if b is not None:
        full, executed, weight = printed_number(b.full), printed_number(b.executed), printed_number(b.weight)
        if full is not None and executed is not None and weight is not None and full > 0:
            rate, bscore = budget_score(executed, full, weight, policy)
    total: Decimal | None = Decimal(0)
    assumed: list[str] = []
    for r in rows:
        if r.score is not None:
            total = None if total is None else total + r.score
            continue
        printed = printed_number(r.row.score)
        if printed is None:
            total = None
        elif total is not None:
            total += printed
        assumed.append(r.row.id)
    if b is not None:
        if bscore is None:
            total = None
        elif total is not None:
            total += bscore
    return TableResult(table, rows, rate, bscore, total, None if total is None else grade(total, policy), tuple(assumed))

"""Scoring a whole table: every row, the budget execution (rule 1), the total and the grade.

The result keeps the policy it was scored under (``TableResult.policy``): the audit,
the scored workbook and the HTML report judge and word their findings by it.  Each row's
target is read once (``TableRow.read_target``: a spec file's rows come read already),
and the table's own reference values (``Table.references``) are used, with those
passed in winning.

>>> from indicator_dsl.tables.model import BudgetBlock, Table, TableRow
>>> t = Table("demo", "示例项目", 2023, rows=(
...     TableRow("demo-r01", "产出指标", "数量指标", "举办活动", "≥600.00(场)", "295.00(场)", "90", "44.25"),),
...     budget=BudgetBlock("元", "500000", "500000", "480,800", "10", "96.16%", "9.62"))
>>> r = score_table(t)
>>> r.rows[0].score, r.budget_score, r.total, r.grade
(Decimal('44.25'), Decimal('9.62'), Decimal('53.87'), '差')
>>> r.policy == ScoringPolicy.default()
True
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Mapping

import attrs

from indicator_dsl.errors import TargetSyntaxError
from indicator_dsl.evaluation.model import Quantity
from indicator_dsl.evaluation.outcome import Outcome, evaluate
from indicator_dsl.evaluation.policy import ScoringPolicy, budget_score, grade, round_score
from indicator_dsl.evaluation.rules import Rule
from indicator_dsl.messages import N_, Translator
from indicator_dsl.tables.model import Table, TableRow, printed_number
from indicator_dsl.target.model import Target, format_decimal
from indicator_dsl.target.numerals import clean
from indicator_dsl.target.parse import read_target

__all__ = ["RowResult", "TableResult", "score_table", "is_budget_row"]


@attrs.frozen(slots=True)
class RowResult:
    """A row recomputed: its target, outcome and policy score (None if undetermined)."""

    row: TableRow
    target: Target | None
    error: TargetSyntaxError | None
    outcome: Outcome | None
    weight: Decimal | None
    score: Decimal | None
    # the strict error of a target read leniently (a published cell is never lost): the row is
    # scored from what could be read, and the audit shows this as a warning
    warning: TargetSyntaxError | None = None


@attrs.frozen(slots=True)
class TableResult:
    """A table recomputed under ``policy`` (which travels with it to the audit and the reports)."""

    table: Table
    rows: tuple[RowResult, ...]
    budget_rate: Decimal | None
    budget_score: Decimal | None
    total: Decimal | None
    grade: str | None
    assumed_printed: tuple[str, ...]  # rows whose printed score stands in the total (undetermined)
    policy: ScoringPolicy = attrs.field(factory=ScoringPolicy.default, kw_only=True,
                                        validator=attrs.validators.instance_of(ScoringPolicy))


def _row(row: TableRow, year: int | None, policy: ScoringPolicy, references: Mapping[str, Any] | None, lang: str,
         strict: bool) -> RowResult:
    weight = printed_number(row.weight)
    parsed = row.read_target(year)
    target = parsed.target
    warning = None
    if target is None and parsed.error is not None and not strict and row.target.strip() \
            and parsed.error.label not in ("too-long", "number-too-long"):
        target, warning = read_target(row.target, year=year)  # as far as it can be read, the error kept
    if target is None:
        return RowResult(row, None, parsed.error, None, weight, None)
    outcome = evaluate(target, row.actual, weight=weight, policy=policy, references=references, year=year, lang=lang)
    if is_budget_row(row):
        outcome = _as_budget_row(outcome, weight, policy, lang)
    return RowResult(row, target, None, outcome, weight, outcome.score, warning)


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
    cap = policy.budget_rate_cap
    if rate > cap and cap < 1:  # the policy caps the rate below 100%: say so
        capped = format_decimal(cap * 100)
        reason = Translator(lang)(N_("a budget execution row: the rate {pct}%, capped at {capped}%, times the weight (rule 1)"),
                                  pct=pct, capped=capped)
    else:
        reason = Translator(lang)(N_("a budget execution row: the rate {pct}% times the weight (rule 1)"), pct=pct)
    return attrs.evolve(outcome, score=clean(max(score, Decimal(0))), ratio=clean(min(rate, cap, Decimal(1))), reason=reason,
                        rule=Rule.BUDGET_EXECUTION)


def score_table(
    table: Table,
    policy: ScoringPolicy | None = None,
    references: Mapping[str, Any] | None = None,
    lang: str = "en",
    *,
    strict: bool = False,
) -> TableResult:
    """Score every row, the budget execution (rule 1), the total and the grade (rule 16).

    A published target cell the strict target language cannot read is read as far as it
    can be (``read_target``: its measurable clauses, or a qualitative target) and scored
    from that, its strict error kept in ``RowResult.warning``; with ``strict`` such a row
    is not scored (``RowResult.error``), as before.

    The total is the sum of the rounded row scores plus the budget score.  A row the
    rules cannot decide (undetermined, or an unreadable target) keeps its printed
    score in the total, and is listed in ``assumed_printed``; without a printed
    score the total is None.  Relative targets take their reference values from
    ``table.references`` and ``references`` (which wins).  The result keeps ``policy``.
    """
    policy = policy or ScoringPolicy.default()
    refs: Mapping[str, Any] = {**table.reference_values, **references} if references else table.reference_values
    rows = tuple(_row(r, table.year, policy, refs, lang, strict) for r in table.rows)
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
    return TableResult(table, rows, rate, bscore, total, None if total is None else grade(total, policy), tuple(assumed),
                       policy=policy)

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

from indicator_dsl.diagnostics import ERROR, WARNING, Diagnostic, Figures
from indicator_dsl.errors import ActualSyntaxError, InputError, TargetSyntaxError
from indicator_dsl.evaluation.model import Quantity
from indicator_dsl.evaluation.outcome import Outcome, evaluate
from indicator_dsl.evaluation.policy import ScoringPolicy, budget_score, grade, round_score
from indicator_dsl.evaluation.rules import Rule
from indicator_dsl.limits import DEFAULT_LIMITS, Limits, check_number
from indicator_dsl.messages import N_, Translator
from indicator_dsl.tables.model import BudgetBlock, Table, TableRow, printed_number
from indicator_dsl.target.model import Target, format_decimal
from indicator_dsl.target.numerals import clean

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
    # why the row's figures cannot be computed although its target was read (a weight below zero
    # or beyond the limits, an actual that cannot be read): code bad_weight or unreadable
    problem: Diagnostic | None = attrs.field(default=None, kw_only=True)


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
    # why a figure shows as ? (the budget's, a row's, the total): a printed figure that cannot be
    # used, each with what, where and how to fix it; the audit reports each as a finding
    problems: tuple[Diagnostic, ...] = attrs.field(default=(), kw_only=True)


_WEIGHT_NEGATIVE = N_("the weight (分值) of this row is {weight}, below zero: its score and the table's total are not "
                      "computed (shown as ?); print the row's points, 0 or more")
_WEIGHT_UNUSABLE = N_("the weight (分值) of this row, {weight}, is not a number of at most {digits} digits: its score and "
                      "the table's total are not computed (shown as ?); print the row's points as a plain number")
_ACTUAL_UNREADABLE = N_("the actual cannot be read ({error}): the row is not scored (shown as ?); shorten the cell or "
                        "write the figure with fewer digits")


def _shown(text: str | None, most: int = 40) -> str:
    """A printed figure quoted in a message (a long cell cut)."""
    t = (text or "").strip()
    return t if len(t) <= most else t[:most] + "…"


def _problem(table: Table, row: str | None, code: str, printed: str | None, rule: int, message: str,
             severity: str = ERROR) -> Diagnostic:
    return Diagnostic(severity=severity, code=code, message=message, source=table.id, where=row,
                      figures=Figures(_shown(printed) or None, None, rule))


def _weight(row: TableRow, table: Table, limits: Limits, tr: Translator) -> tuple[Decimal | None, Diagnostic | None]:
    """The row's printed weight, or the problem that keeps it from being used (below zero, beyond the limits)."""
    weight = printed_number(row.weight, finite=False)
    if weight is None:
        return None, None
    try:
        check_number(weight, limits, "weight")
    except InputError:
        return None, _problem(table, row.id, "bad_weight", row.weight, 17,
                              tr(_WEIGHT_UNUSABLE, weight=_shown(row.weight), digits=limits.number_digits))
    if weight < 0:
        return None, _problem(table, row.id, "bad_weight", row.weight, 17, tr(_WEIGHT_NEGATIVE, weight=_shown(row.weight)))
    return weight, None


def _row(row: TableRow, table: Table, policy: ScoringPolicy, references: Mapping[str, Any] | None, lang: str,
         strict: bool, limits: Limits) -> RowResult:
    year = table.year
    tr = Translator(lang)
    weight, problem = _weight(row, table, limits, tr)
    parsed = row.read_target(year, limits, lenient=not strict)
    target, warning = parsed.target, None
    if target is None and parsed.lenient is not None and not strict:  # as far as it can be read, the error kept
        target, warning = parsed.lenient, parsed.error
    if target is None:
        return RowResult(row, None, parsed.error, None, weight, None, problem=problem)
    try:
        outcome = evaluate(target, row.actual, weight=weight, policy=policy, references=references, year=year, lang=lang,
                           limits=limits)
    except ActualSyntaxError as e:  # the actual cell beyond the limits: this row's problem, not the table's
        unreadable = _problem(table, row.id, "unreadable", row.actual, 17, tr(_ACTUAL_UNREADABLE, error=e.problem), WARNING)
        return RowResult(row, target, None, None, weight, None, warning, problem=problem or unreadable)
    if is_budget_row(row):
        outcome = _as_budget_row(outcome, weight, policy, lang)
    return RowResult(row, target, None, outcome, weight, outcome.score, warning, problem=problem)


_FULL_NOT_POSITIVE = N_("the full-year budget (全年预算数) is {full}: the execution rate, the budget score and the total "
                        "are not computed (shown as ?); print the year's budget there, an amount above zero")
_EXECUTED_NEGATIVE = N_("the amount executed (全年执行数) is {executed}, below zero: the execution rate, the budget score "
                        "and the total are not computed (shown as ?); print the amount spent in the year, 0 or more")
_RATE_IMPLAUSIBLE = N_("the amount executed (全年执行数) {executed} is {pct}% of the full-year budget (全年预算数) {full}, "
                       "more than the {most}% the policy takes as plausible (budget_rate_plausible): the execution rate, "
                       "the budget score and the total are not computed (shown as ?); check that both amounts are in "
                       "the same unit (元, 万元) and in the right cells")
_BUDGET_WEIGHT_NEGATIVE = N_("the weight (分值) of the budget execution is {weight}, below zero: the budget score and the "
                             "total are not computed (shown as ?); print its points, 0 or more")
_BUDGET_FIGURE_UNUSABLE = N_("the {what} of the budget, {value}, is not a number of at most {digits} digits: the "
                             "execution rate, the budget score and the total are not computed (shown as ?); print it as a "
                             "plain number")
_FIGURE_NAMES = {"full": N_("full-year amount (全年预算数)"), "executed": N_("amount executed (全年执行数)"),
                 "weight": N_("weight (分值)")}


def _budget(table: Table, b: BudgetBlock, policy: ScoringPolicy, limits: Limits,
            tr: Translator) -> tuple[Decimal | None, Decimal | None, Diagnostic | None]:
    """Rule 1 on the budget block: the rate and its score, or the problem that keeps them from being
    computed (a budget of 0 or less, a negative amount or weight, a rate beyond the plausible)."""
    texts = {"full": b.full, "executed": b.executed, "weight": b.weight}
    values = {k: printed_number(v, finite=False) for k, v in texts.items()}
    for k, v in values.items():
        if v is not None:
            try:
                check_number(v, limits, k)
            except InputError:
                code = "bad_weight" if k == "weight" else "budget_figures"
                return None, None, _problem(table, None, code, texts[k], 1, tr(
                    _BUDGET_FIGURE_UNUSABLE, what=tr(_FIGURE_NAMES[k]), value=_shown(texts[k]), digits=limits.number_digits))
    full, executed, weight = values["full"], values["executed"], values["weight"]
    if full is not None and full <= 0:
        return None, None, _problem(table, None, "budget_figures", b.full, 1, tr(_FULL_NOT_POSITIVE, full=_shown(b.full)))
    if executed is not None and executed < 0:
        return None, None, _problem(table, None, "budget_figures", b.executed, 1,
                                    tr(_EXECUTED_NEGATIVE, executed=_shown(b.executed)))
    if weight is not None and weight < 0:
        return None, None, _problem(table, None, "bad_weight", b.weight, 1, tr(_BUDGET_WEIGHT_NEGATIVE, weight=_shown(b.weight)))
    if full is None or executed is None or weight is None:
        return None, None, None
    # within the limits (checked above) the default context neither overflows nor traps here
    most = policy.budget_rate_plausible
    if most and executed > most * full:
        pct = (executed / full * 100).quantize(Decimal("0.01"))
        return None, None, _problem(table, None, "budget_figures", b.executed, 1, tr(
            _RATE_IMPLAUSIBLE, executed=_shown(b.executed), full=_shown(b.full), pct=format_decimal(pct),
            most=format_decimal(most * 100)))
    rate, score = budget_score(executed, full, weight, policy)
    return rate, score, None


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
    limits: Limits = DEFAULT_LIMITS,
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

    A printed figure that cannot be used is never computed with: a full-year budget of 0
    or less, an amount executed below zero, a rate beyond the policy's
    ``budget_rate_plausible``, a weight below zero or beyond ``limits``, an actual cell
    beyond them.  The figures it touches are None (shown as ``?``), the total too, and
    ``TableResult.problems`` says why (what, where, how to fix); the audit reports each.
    """
    policy = policy or ScoringPolicy.default()
    refs: Mapping[str, Any] = {**table.reference_values, **references} if references else table.reference_values
    rows = tuple(_row(r, table, policy, refs, lang, strict, limits) for r in table.rows)
    rate = bscore = None
    problems: list[Diagnostic] = []
    b = table.budget
    if b is not None:
        rate, bscore, problem = _budget(table, b, policy, limits, Translator(lang))
        if problem is not None:
            problems.append(problem)
    problems.extend(r.problem for r in rows if r.problem is not None)
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
    if any(p.severity == ERROR for p in problems):  # a figure that cannot be used: no total built on it
        total = None
    return TableResult(table, rows, rate, bscore, total, None if total is None else grade(total, policy), tuple(assumed),
                       policy=policy, problems=tuple(problems))

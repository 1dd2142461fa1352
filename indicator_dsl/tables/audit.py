"""Auditing a published table (policy rule 17).

Every printed figure is recomputed; each difference is a :class:`Finding` saying
which row, what is printed, what the rule gives, and which rule.  Warnings (rows
that lost points without a note, full points with no evidence) change no score.

Finding kinds: ``execution_rate``, ``budget_score``, ``row_score``, ``total``,
``weights``, ``note_missing``, ``no_evidence``, ``unreadable`` (a target or an actual
that cannot be read), ``undetermined`` (a row only a person can judge),
``budget_figures`` (a full-year budget of 0 or less, an amount executed below zero,
a rate beyond the policy's ``budget_rate_plausible``) and ``bad_weight`` (a weight
below zero or beyond the limits): the last two are the figures ``score`` shows as
``?``, each with what is wrong, where, and how to fix it.

The audit judges a table by the policy it was scored under (``TableResult.policy``):
its tolerance, its budget warning rate, and the figures its messages quote (the rate
cap, the over-target factor).  To audit under another policy, score under it.

>>> from indicator_dsl.tables import Table, BudgetBlock, score_table
>>> t = Table("000-t2", budget=BudgetBlock("元", "4170000.00", "4170000.00", "3,837,417.9", "10", "92.03%", "9.2"))
>>> [f.message for f in audit(score_table(t)) if f.kind == "execution_rate"]
['the printed execution rate 92.03% is neither 3837417.9 ÷ 4170000 = 92.02% rounded nor cut off']
>>> [f.message for f in audit(score_table(t), lang="zh") if f.kind == "execution_rate"]
['填报的预算执行率92.03%既不是3837417.9 ÷ 4170000 = 92.02%四舍五入的结果，也不是截断的结果']
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any

import attrs

from indicator_dsl.diagnostics import ERROR, Diagnostic, Figures, Severity
from indicator_dsl.evaluation.model import NoResult
from indicator_dsl.evaluation.policy import ScoringPolicy
from indicator_dsl.messages import N_, Translator
from indicator_dsl.tables.model import printed_number
from indicator_dsl.tables.score import RowResult, TableResult, is_budget_row
from indicator_dsl.target.model import format_decimal

__all__ = ["Finding", "audit", "KINDS"]

KINDS = (
    "execution_rate", "budget_score", "row_score", "total", "weights", "note_missing",
    "no_evidence", "unreadable", "undetermined", "budget_figures", "bad_weight",
)


@attrs.frozen(slots=True, init=False)
class Finding(Diagnostic):
    """One difference or warning: a :class:`~indicator_dsl.diagnostics.Diagnostic` whose source
    is the table, ``where`` the row (None for the table's own figures), code the kind, with
    the printed and computed figures and the rule (its ``figures``).

    Made as ``Finding(table, row, kind, printed, computed, rule, message, severity="error")``;
    ``table``, ``row``, ``kind``, ``printed``, ``computed`` and ``rule`` read those back
    (``attrs.evolve`` does not apply: make a new Finding).
    Severity "error": a figure differs; "warning": a note or evidence is missing.
    """

    def __init__(self, table: str, row: str | None, kind: str, printed: str | None, computed: str | None,
                 rule: int | None, message: str, severity: Severity | str = ERROR) -> None:
        self.__attrs_init__(severity=severity, code=kind, message=message, source=table, where=row,
                            figures=Figures(printed, computed, rule))

    @property
    def table(self) -> str:
        assert self.source is not None
        return self.source

    @property
    def row(self) -> str | None:
        return self.where

    @property
    def kind(self) -> str:
        return self.code

    @property
    def printed(self) -> str | None:
        return self.figures.printed if self.figures is not None else None

    @property
    def computed(self) -> str | None:
        return self.figures.computed if self.figures is not None else None

    @property
    def rule(self) -> int | None:
        return self.figures.rule if self.figures is not None else None

    @classmethod
    def from_problem(cls, d: Diagnostic) -> "Finding":
        """A problem found while scoring (``TableResult.problems``, ``RowResult.problem``) as a finding."""
        figures = d.figures or Figures()
        return cls(d.source or "", d.where, d.code, figures.printed, figures.computed, figures.rule, d.message, d.severity)

    def to_json(self) -> dict[str, Any]:
        """The object ``audit --json`` prints: table, row, kind, printed, computed, rule, message, severity."""
        return {
            "table": self.table, "row": self.row, "kind": self.kind, "printed": self.printed,
            "computed": self.computed, "rule": self.rule, "message": self.message,
            "severity": self.severity.value,
        }


def _fmt(d: Decimal | None) -> str | None:
    return None if d is None else format_decimal(d)


def _places(text: str) -> int:
    t = text.strip().rstrip("%％")
    return len(t.split(".", 1)[1]) if "." in t else 0


def _rate_findings(r: TableResult, policy: ScoringPolicy, tr: Translator) -> list[Finding]:
    b = r.table.budget
    out: list[Finding] = []
    if b is None or r.budget_rate is None:
        return out
    tid = r.table.id
    pct = r.budget_rate * 100
    printed = printed_number(b.rate)
    if printed is not None and b.rate is not None:
        q = Decimal(1).scaleb(-_places(b.rate))
        rounded, cut = pct.quantize(q, ROUND_HALF_UP), pct.quantize(q, ROUND_DOWN)
        if printed not in (rounded, cut):
            out.append(Finding(
                tid, None, "execution_rate", b.rate.strip(), f"{format_decimal(rounded)}%", 1,
                tr(N_("the printed execution rate {printed} is neither {executed} ÷ {full} = {computed}% rounded nor cut off"),
                   printed=b.rate.strip(), executed=format_decimal(printed_number(b.executed) or Decimal(0)),
                   full=format_decimal(printed_number(b.full) or Decimal(0)), computed=format_decimal(rounded)),
            ))
    ps = printed_number(b.score)
    if ps is not None and r.budget_score is not None and abs(ps - r.budget_score) > policy.audit_tolerance:
        out.append(Finding(
            tid, None, "budget_score", _fmt(ps), _fmt(r.budget_score), 1,
            tr(N_("the printed budget score {printed} differs from min(rate, {cap}) × {weight} = {computed}"),
               printed=_fmt(ps), cap=_fmt(policy.budget_rate_cap), weight=b.weight, computed=_fmt(r.budget_score)),
        ))
    explained = any(is_budget_row(rr.row) and rr.row.note.strip() for rr in r.rows)
    if r.budget_rate < policy.budget_warn_rate and not explained:
        out.append(Finding(
            tid, None, "note_missing", None, None, 17,
            tr(N_("the budget execution rate is under {rate}%: the table should explain why"),
               rate=format_decimal(policy.budget_warn_rate * 100)),
            "warning",
        ))
    return out


def _row_findings(tid: str, rr: RowResult, policy: ScoringPolicy, tr: Translator) -> list[Finding]:
    row, out = rr.row, []
    problem = [] if rr.problem is None else [Finding.from_problem(rr.problem)]
    if rr.error is not None:
        return [Finding(tid, row.id, "unreadable", row.target, None, None,
                        tr(N_("the target cannot be read: {error}"), error=rr.error.message_in(tr)), "warning")] + problem
    if rr.warning is not None:
        out.append(Finding(tid, row.id, "unreadable", row.target, str(rr.target), None,
                           tr(N_("the target cannot be read strictly ({error}); it was scored as read: {target}"),
                              error=rr.warning.message_in(tr), target=str(rr.target)), "warning"))
    if rr.problem is not None and (rr.outcome is None or rr.problem.code == "bad_weight"):
        return out + problem  # the row's figures cannot be computed: why, and nothing that would build on them
    o = rr.outcome
    assert o is not None
    printed = printed_number(row.score)
    has_note = bool(row.note.strip())
    if rr.score is None:
        out.append(Finding(tid, row.id, "undetermined", row.score or None, None, o.rule,
                           tr(N_("the rules cannot decide this row: {reason}"), reason=o.reason), "warning"))
    elif printed is not None and abs(printed - rr.score) > policy.audit_tolerance:
        out.append(Finding(tid, row.id, "row_score", _fmt(printed), _fmt(rr.score), o.rule,
                           tr(N_("the printed score {printed} differs from the policy's {computed}: {reason}"),
                              printed=_fmt(printed), computed=_fmt(rr.score), reason=o.reason)))
    lost = rr.weight is not None and ((rr.score is not None and rr.score < rr.weight) or (printed is not None and printed < rr.weight))
    if lost and not has_note:
        out.append(Finding(tid, row.id, "note_missing", _fmt(printed), _fmt(rr.score), 17,
                           tr(N_("the row lost points and its 偏差原因分析 cell is empty")), "warning"))
    elif "over_target" in o.flags and not has_note:
        out.append(Finding(tid, row.id, "note_missing", None, None, 17,
                           _over_target(policy, tr), "warning"))
    if printed is not None and rr.weight is not None and printed >= rr.weight and isinstance(o.actual, NoResult):
        message = (N_("full points are claimed but the actual is empty") if not row.actual.strip()
                   else N_("full points are claimed but the actual states no result"))
        out.append(Finding(tid, row.id, "no_evidence", _fmt(printed), _fmt(rr.score), 17, tr(message), "warning"))
    return out


def _over_target(policy: ScoringPolicy, tr: Translator) -> str:
    """The finding of an over-target row without a note under ``policy`` (rule 4): exceeded by 20% or more by default."""
    factor = policy.over_target_factor
    if factor > 1:
        return tr(N_("the target was exceeded by {pct}% or more and its 偏差原因分析 cell is empty"),
                  pct=format_decimal((factor - 1) * 100))
    return tr(N_("the actual reached {pct}% of the target or more and its 偏差原因分析 cell is empty"),
              pct=format_decimal(factor * 100))


def _weights_message(total: Decimal, rows: Decimal, budget: Decimal | None, printed: Decimal | None,
                     tr: Translator) -> str:
    """Weights that do not add up: to what, from where (the rows, the budget), and what to correct."""
    if budget is not None and printed is not None:
        message = N_("the weights add up to {computed} (rows {rows} + budget {budget}), not the printed total {expected}: "
                     "correct the 分值 of a row or of the budget, or the printed total")
    elif budget is not None:
        message = N_("the weights add up to {computed} (rows {rows} + budget {budget}), not {expected}: "
                     "correct the 分值 of a row or of the budget")
    elif printed is not None:
        message = N_("the weights of the rows add up to {computed}, not the printed total {expected}: "
                     "correct the 分值 of a row, or the printed total")
    else:
        message = N_("the weights of the rows add up to {computed}, not {expected}: correct the 分值 of a row")
    return tr(message, computed=_fmt(total), rows=_fmt(rows), budget=_fmt(budget), expected=_fmt(printed or Decimal(100)))


def _total_findings(r: TableResult, policy: ScoringPolicy, tr: Translator) -> list[Finding]:
    t, out = r.table, []
    tid = t.id
    weights = [rr.weight for rr in r.rows]
    bw = printed_number(t.budget.weight) if t.budget else None
    if all(w is not None for w in weights):
        wsum = sum((w for w in weights if w is not None), Decimal(0)) + (bw or Decimal(0))
        printed_weights = printed_number(t.weight_total)
        expected = printed_weights or Decimal(100)
        if wsum != expected:
            out.append(Finding(tid, None, "weights", _fmt(expected), _fmt(wsum), 17,
                               _weights_message(wsum, wsum - (bw or Decimal(0)), bw, printed_weights, tr)))
    printed_total = printed_number(t.score_total)
    if printed_total is None:
        return out
    printed_scores = [printed_number(rr.row.score) for rr in r.rows]
    if t.budget is not None:
        printed_scores.append(printed_number(t.budget.score))
    if all(s is not None for s in printed_scores):
        psum = sum((s for s in printed_scores if s is not None), Decimal(0))
        if abs(psum - printed_total) > policy.audit_tolerance:
            out.append(Finding(tid, None, "total", _fmt(printed_total), _fmt(psum), 17,
                               tr(N_("the printed total {printed} is not the sum of the printed scores, {computed}"),
                                  printed=_fmt(printed_total), computed=_fmt(psum))))
    if r.total is not None and abs(r.total - printed_total) > policy.audit_tolerance:
        n = len(r.assumed_printed)
        if n == 0:
            message = N_("the printed total {printed} differs from the policy's total {computed}")
        elif n == 1:
            message = N_("the printed total {printed} differs from the policy's total {computed} "
                         "(1 undetermined row counted at its printed score)")
        else:
            message = N_("the printed total {printed} differs from the policy's total {computed} "
                         "({n} undetermined rows counted at their printed score)")
        out.append(Finding(tid, None, "total", _fmt(printed_total), _fmt(r.total), 17,
                           tr(message, printed=_fmt(printed_total), computed=_fmt(r.total), n=n)))
    return out


def audit(result: TableResult, policy: ScoringPolicy | None = None, *, lang: str = "en") -> list[Finding]:
    """Every finding for one scored table, budget first, then rows, then totals, under the
    policy the table was scored with (``result.policy``), its messages in ``lang`` ("en" or
    "zh"; a row's reason is quoted as the table was scored, see ``score_table(lang=...)``).

    ``policy`` is kept for callers that pass it: it must be the result's policy.  A
    different one is a caller error (``ValueError``): the scores were computed under
    ``result.policy``, and judging them under another would mix two policies.
    """
    if policy is not None and policy != result.policy:
        raise ValueError("audit: the table was scored under another policy; score it under this one "
                         "(score_table(table, policy)) and audit that result")
    policy, tr = result.policy, Translator(lang)
    if result.table.kind == "declaration":  # targets only: nothing printed to recompute
        return [f for rr in result.rows for f in _row_findings(result.table.id, rr, policy, tr) if f.kind == "unreadable"]
    out = [Finding.from_problem(p) for p in result.problems if p.where is None]  # the budget's figures
    out.extend(_rate_findings(result, policy, tr))
    for rr in result.rows:
        out.extend(_row_findings(result.table.id, rr, policy, tr))
    out.extend(_total_findings(result, policy, tr))
    return out

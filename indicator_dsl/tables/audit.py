"""Auditing a published table (policy rule 17).

Every printed figure is recomputed; each difference is a :class:`Finding` saying
which row, what is printed, what the rule gives, and which rule.  Warnings (rows
that lost points without a note, full points with no evidence) change no score.

Finding kinds: ``execution_rate``, ``budget_score``, ``row_score``, ``total``,
``weights``, ``note_missing``, ``no_evidence``, ``unreadable`` (a target that cannot
be read) and ``undetermined`` (a row only a person can judge).

The audit judges a table by the policy it was scored under (``TableResult.policy``):
its tolerance, its budget warning rate, and the figures its messages quote (the rate
cap, the over-target factor).  To audit under another policy, score under it.

>>> from indicator_dsl.tables import Table, BudgetBlock, score_table
>>> t = Table("000-t2", budget=BudgetBlock("元", "4170000.00", "4170000.00", "3,837,417.9", "10", "92.03%", "9.2"))
>>> [f.message for f in audit(score_table(t)) if f.kind == "execution_rate"]
['the printed execution rate 92.03% is neither 3837417.9 ÷ 4170000 = 92.02% rounded nor cut off']
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any

import attrs

from indicator_dsl.diagnostics import ERROR, Diagnostic, Figures, Severity
from indicator_dsl.evaluation.model import NoResult
from indicator_dsl.evaluation.policy import ScoringPolicy
from indicator_dsl.tables.model import printed_number
from indicator_dsl.tables.score import RowResult, TableResult, is_budget_row
from indicator_dsl.target.model import format_decimal

__all__ = ["Finding", "audit", "KINDS"]

KINDS = (
    "execution_rate", "budget_score", "row_score", "total", "weights", "note_missing",
    "no_evidence", "unreadable", "undetermined",
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


def _rate_findings(r: TableResult, policy: ScoringPolicy) -> list[Finding]:
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
                f"the printed execution rate {b.rate.strip()} is neither {format_decimal(printed_number(b.executed) or Decimal(0))} ÷ "
                f"{format_decimal(printed_number(b.full) or Decimal(0))} = {format_decimal(rounded)}% rounded nor cut off",
            ))
    ps = printed_number(b.score)
    if ps is not None and r.budget_score is not None and abs(ps - r.budget_score) > policy.audit_tolerance:
        out.append(Finding(
            tid, None, "budget_score", _fmt(ps), _fmt(r.budget_score), 1,
            f"the printed budget score {_fmt(ps)} differs from min(rate, {_fmt(policy.budget_rate_cap)}) × {b.weight} = {_fmt(r.budget_score)}",
        ))
    explained = any(is_budget_row(rr.row) and rr.row.note.strip() for rr in r.rows)
    if r.budget_rate < policy.budget_warn_rate and not explained:
        out.append(Finding(
            tid, None, "note_missing", None, None, 17,
            f"the budget execution rate is under {format_decimal(policy.budget_warn_rate * 100)}%: the table should explain why",
            "warning",
        ))
    return out


def _row_findings(tid: str, rr: RowResult, policy: ScoringPolicy) -> list[Finding]:
    row, out = rr.row, []
    if rr.error is not None:
        return [Finding(tid, row.id, "unreadable", row.target, None, None,
                        f"the target cannot be read: {rr.error.message}", "warning")]
    o = rr.outcome
    assert o is not None
    printed = printed_number(row.score)
    has_note = bool(row.note.strip())
    if rr.score is None:
        out.append(Finding(tid, row.id, "undetermined", row.score or None, None, o.rule,
                           f"the rules cannot decide this row: {o.reason}", "warning"))
    elif printed is not None and abs(printed - rr.score) > policy.audit_tolerance:
        out.append(Finding(tid, row.id, "row_score", _fmt(printed), _fmt(rr.score), o.rule,
                           f"the printed score {_fmt(printed)} differs from the policy's {_fmt(rr.score)}: {o.reason}"))
    lost = rr.weight is not None and ((rr.score is not None and rr.score < rr.weight) or (printed is not None and printed < rr.weight))
    if lost and not has_note:
        out.append(Finding(tid, row.id, "note_missing", _fmt(printed), _fmt(rr.score), 17,
                           "the row lost points and its 偏差原因分析 cell is empty", "warning"))
    elif "over_target" in o.flags and not has_note:
        out.append(Finding(tid, row.id, "note_missing", None, None, 17,
                           f"{_over_target(policy)} and its 偏差原因分析 cell is empty", "warning"))
    if printed is not None and rr.weight is not None and printed >= rr.weight and isinstance(o.actual, NoResult):
        what = "is empty" if not row.actual.strip() else "states no result"
        out.append(Finding(tid, row.id, "no_evidence", _fmt(printed), _fmt(rr.score), 17,
                           f"full points are claimed but the actual {what}", "warning"))
    return out


def _over_target(policy: ScoringPolicy) -> str:
    """What the flag over_target says under ``policy`` (rule 4): exceeded by 20% or more by default."""
    factor = policy.over_target_factor
    if factor > 1:
        return f"the target was exceeded by {format_decimal((factor - 1) * 100)}% or more"
    return f"the actual reached {format_decimal(factor * 100)}% of the target or more"


def _total_findings(r: TableResult, policy: ScoringPolicy) -> list[Finding]:
    t, out = r.table, []
    tid = t.id
    weights = [rr.weight for rr in r.rows]
    bw = printed_number(t.budget.weight) if t.budget else None
    if all(w is not None for w in weights):
        wsum = sum((w for w in weights if w is not None), Decimal(0)) + (bw or Decimal(0))
        expected = printed_number(t.weight_total) or Decimal(100)
        if wsum != expected:
            out.append(Finding(tid, None, "weights", _fmt(expected), _fmt(wsum), 17,
                               f"the weights add up to {_fmt(wsum)}, not {_fmt(expected)}"))
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
                               f"the printed total {_fmt(printed_total)} is not the sum of the printed scores, {_fmt(psum)}"))
    if r.total is not None and abs(r.total - printed_total) > policy.audit_tolerance:
        n = len(r.assumed_printed)
        note = f" ({n} undetermined row{'s' if n > 1 else ''} counted at {'their' if n > 1 else 'its'} printed score)" if n else ""
        out.append(Finding(tid, None, "total", _fmt(printed_total), _fmt(r.total), 17,
                           f"the printed total {_fmt(printed_total)} differs from the policy's total {_fmt(r.total)}{note}"))
    return out


def audit(result: TableResult, policy: ScoringPolicy | None = None) -> list[Finding]:
    """Every finding for one scored table, budget first, then rows, then totals, under the
    policy the table was scored with (``result.policy``).

    ``policy`` is kept for callers that pass it: it must be the result's policy.  A
    different one is a caller error (``ValueError``): the scores were computed under
    ``result.policy``, and judging them under another would mix two policies.
    """
    if policy is not None and policy != result.policy:
        raise ValueError("audit: the table was scored under another policy; score it under this one "
                         "(score_table(table, policy)) and audit that result")
    policy = result.policy
    if result.table.kind == "declaration":  # targets only: nothing printed to recompute
        return [f for rr in result.rows for f in _row_findings(result.table.id, rr, policy) if f.kind == "unreadable"]
    out = _rate_findings(result, policy)
    for rr in result.rows:
        out.extend(_row_findings(result.table.id, rr, policy))
    out.extend(_total_findings(result, policy))
    return out

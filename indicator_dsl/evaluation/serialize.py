"""The JSON shapes of ../shared/spec/interface.md (numbers as exact decimal strings).

>>> from indicator_dsl import parse_target
>>> target_to_json(parse_target("不少于150名"))["value"]
'150'
"""

from __future__ import annotations

from typing import Any

from indicator_dsl.evaluation.model import ActualAll, ActualDate, Claim, NoResult, Quantity
from indicator_dsl.target.model import (
    AllOf,
    Approx,
    Compare,
    Deadline,
    Qualitative,
    Range,
    Relative,
    Schedule,
    Target,
    format_decimal,
)

__all__ = ["target_to_json", "actual_to_json", "outcome_to_json"]


def _span(t: Any) -> dict[str, Any]:
    if t.span is None:
        return {}
    return {"start": t.span.start, "end": t.span.end}


def target_to_json(t: Target) -> dict[str, Any]:
    """The interface's Target object for ``t`` (plus ``canonical`` and the span)."""
    out: dict[str, Any] = {"kind": t.kind}
    if isinstance(t, Compare):
        out.update(op=t.op.value, value=format_decimal(t.value), unit=t.unit, per=t.per, subject=t.subject)
    elif isinstance(t, Range):
        out.update(low=format_decimal(t.low), high=format_decimal(t.high), unit=t.unit, per=t.per, subject=t.subject)
    elif isinstance(t, Approx):
        out.update(value=format_decimal(t.value), unit=t.unit, per=t.per, subject=t.subject)
    elif isinstance(t, Qualitative):
        out.update(text=t.text)
    elif isinstance(t, Schedule):
        out.update(period=None if t.period is None else t.period.value)
    elif isinstance(t, Deadline):
        out.update(date=t.date, year=t.year, month=t.month, day=t.day)
        if t.years_after is not None:  # 次年3月底前 in a row without a year: the year after the table's
            out.update(years_after=t.years_after)
    elif isinstance(t, Relative):
        out.update(op=t.op.value, reference=t.reference, subject=t.subject)
        if t.margin is not None:
            out.update(margin=format_decimal(t.margin), margin_unit=t.margin_unit)
    elif isinstance(t, AllOf):
        out.update(parts=[target_to_json(p) for p in t.parts])
    out["canonical"] = str(t)
    out.update(_span(t))
    return out


def actual_to_json(a: Any) -> dict[str, Any]:
    """The interface's Actual object for ``a`` (plus ``canonical`` and the span)."""
    out: dict[str, Any] = {"kind": a.kind}
    if isinstance(a, Quantity):
        out.update(value=format_decimal(a.value), unit=a.unit, bound=a.bound.value, per=a.per)
    elif isinstance(a, Claim):
        out.update(verdict=a.verdict.value, text=a.text)
    elif isinstance(a, ActualDate):
        out.update(date=a.date, year=a.year, month=a.month, day=a.day)
        if a.years_after is not None:
            out.update(years_after=a.years_after)
    elif isinstance(a, ActualAll):
        out.update(parts=[actual_to_json(p) for p in a.parts])
    elif isinstance(a, NoResult):
        out.update(text=a.text)
    out["canonical"] = str(a)
    out.update(_span(a))
    return out


def outcome_to_json(o: Any) -> dict[str, Any]:
    """The interface's Outcome object (plus the number of the rule applied)."""
    return {
        "verdict": o.verdict.value,
        "score": None if o.score is None else format_decimal(o.score),
        "ratio": None if o.ratio is None else format_decimal(o.ratio),
        "flags": list(o.flags),
        "reason": o.reason,
        "rule": None if o.rule is None else int(o.rule),  # a Rule member, printed as its number
    }

"""The JSON shapes of ../shared/spec/interface.md (numbers as exact decimal strings).

>>> from indicator_dsl import parse_target
>>> target_to_json(parse_target("不少于150名"))["value"]
'150'
"""

from __future__ import annotations

from typing import Any

from .model import (
    AllOf, Approx, Compare, Deadline, Qualitative, Range, Relative, Schedule, Target,
    format_decimal,
)

__all__ = ["target_to_json"]


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
    elif isinstance(t, Relative):
        out.update(op=t.op.value, reference=t.reference, subject=t.subject)
    elif isinstance(t, AllOf):
        out.update(parts=[target_to_json(p) for p in t.parts])
    out["canonical"] = str(t)
    out.update(_span(t))
    return out

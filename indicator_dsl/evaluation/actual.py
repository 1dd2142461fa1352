"""Reading an actual (实际完成值) into the model, with the target in view.

An actual is a figure (``32.00(个)``, ``300余条``, ``> 20 次``), a date (``2022年年底``),
a claim (``已完成``, ``有待完善``, ``未开展``) or prose.  The same tokens and phrase
grammar as targets find the figures; which one answers the target is chosen by the
target: the same unit dimension, a total (共/合计) before its parts, never a year or
an ordinal (the grammar reads ``2021第三届`` as a bare number and an ordinal, and a
bare number inside prose is never a figure).

>>> from indicator_dsl import parse_target
>>> str(read_actual("实际走访科技类社会组织27家、企业30家，共57家。", parse_target("=50家")))
'57 家'
>>> read_actual("全年共发布各类信息共300余条").bound.value
'at_least'
>>> read_actual("有待完善").verdict.value
'partial'
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, Sequence

from indicator_dsl.errors import ActualSyntaxError
from indicator_dsl.evaluation.claims import bigrams, by_part, claim_in, existence, is_denial, restates
from indicator_dsl.evaluation.found import Found
from indicator_dsl.evaluation.model import Actual, ActualAll, ActualDate, Bound, Claim, NoResult, Quantity, Verdict
from indicator_dsl.limits import DEFAULT_LIMITS, Limits, check_text, check_year
from indicator_dsl.target.model import (
    AllOf,
    Approx,
    Compare,
    Deadline,
    Op,
    Qualitative,
    Range,
    Relative,
    Schedule,
    Span,
    Target,
)
from indicator_dsl.target.units import DEFAULT_UNITS, UnitTable

__all__ = ["read_actual", "claim_in", "restates"]

# a cell saying nothing happened: against a target of none (0起) it is the count 0
_NOTHING = re.compile(r"^(?:无|没有|暂无|零|未发生|无发生|未出现)$")
# an event held, with no count: one event (举办2021第三届…研讨会)
_HELD = re.compile(r"举办|召开|举行")
_VAGUE = re.compile(r"[多几数若干]+\s*[场次期届轮个项]")  # 多场: a vague count, not one
_PLANNED = re.compile(r"拟|计划|将于|将在|预计|准备|筹备")  # 拟于明年举办: not held yet


def _unit_of(target: Any) -> str | None:
    return getattr(target, "unit", None)


def _pick(found: Sequence[tuple[Quantity, bool]], unit: str | None, units: UnitTable) -> Quantity | None:
    """The quantity that answers a target in ``unit``: same dimension, a total first."""
    if not found:
        return None
    if unit is not None:
        same = [f for f in found if f[0].unit is not None and units.comparable(f[0].unit, unit)]
        if same:
            totals = [q for q, total in same if total]
            return totals[0] if totals else same[0][0]
        bare = [q for q, _ in found if q.unit is None]
        if bare:
            return bare[0]
    totals = [q for q, total in found if total]
    return totals[0] if totals else found[0][0]


def _fallback(r: Found) -> Claim | ActualDate | NoResult:
    if r.claim is not None:
        return r.claim
    if r.dates:
        return r.dates[0]
    return NoResult(r.text.strip())


def read_actual(
    text: str | None,
    target: Target | None = None,
    *,
    year: int | None = None,
    units: UnitTable = DEFAULT_UNITS,
    policy_overlap: Decimal = Decimal("0.5"),
    limits: Limits = DEFAULT_LIMITS,
) -> Actual:
    """Read an actual cell; ``target`` decides which figure answers it.

    What cannot be read is a :class:`NoResult`; only a cell beyond ``limits`` (too long, a
    number with too many digits) raises, an :class:`~indicator_dsl.errors.ActualSyntaxError`.
    """
    if text is None:
        return NoResult("")
    if not isinstance(text, str):
        raise TypeError(f"an actual is a str or None, not {type(text).__name__}")
    check_year(year)
    check_text(text, limits, ActualSyntaxError)
    if not text.strip():
        return NoResult("")
    r = Found(text, year)
    if isinstance(target, Compare) and target.value == 0 and target.op in (Op.EQ, Op.LE) and _NOTHING.match(text.strip()):
        # 无 against a target of none (0起, ≤0): nothing happened, the count is 0
        return Quantity(Decimal(0), target.unit, Bound.EXACT, span=Span(0, len(text.rstrip())))
    if isinstance(target, (Compare, Range, Approx, Relative)):
        unit = _unit_of(target)
        found = r.answers
        if r.bounded and isinstance(target, (Compare, Range)):  # some figure is a bound (18岁以下)
            deviation = _deviation(r, target, units)
            if deviation is not None:
                return deviation
        if r.denied and not any(_fits(f.unit, unit, units) for f, _ in found):
            found = []  # 有2人不合格 against ≥95%: what is left says nothing of the target; the claim does
        q = _pick(found, unit, units)
        progress = _progress(q, r, found, unit, units)
        if progress is not None:
            return progress
        if q is None and r.claim is None:
            q = _held_once(r, target, units)
        if q is None and isinstance(target, Relative) and r.claim is None and r.state is not None:
            return r.state  # 覆盖率进一步提高: the trend the relative target asks for
        if q is None and isinstance(target, (Compare, Range)):
            whole = _denied_whole(r, target, units)
            if whole is not None:
                return whole
        return q if q is not None else _fallback(r)
    if isinstance(target, AllOf):
        return _read_all(r, target, units)
    if isinstance(target, (Schedule, Deadline)):
        if r.dates and not (r.claim is not None and r.claim.verdict is Verdict.NOT_MET):
            return r.dates[0]  # (2022年12月未完成: the denial, not the date, answers)
        return r.claim if r.claim is not None else _hundred(r) or NoResult(text.strip())
    if isinstance(target, Qualitative):
        if r.state is not None and r.state.verdict is not Verdict.MET:
            return r.state
        if restates(target.text, r.norm.text, policy_overlap):
            start = len(text) - len(text.lstrip())
            return Claim(Verdict.MET, text.strip(), span=Span(start, start + len(text.strip())), restated=True)
        if r.state is not None:
            return r.state
        return _hundred(r) or NoResult(text.strip())
    # no target: the first total, else the first figure (not one a denial names), else a date or a claim
    q = _pick(r.answers, None, units)
    return q if q is not None else _fallback(r)


def _progress(q: Quantity | None, r: Found, found: Sequence[tuple[Quantity, bool]], unit: str | None,
              units: UnitTable) -> Claim | None:
    """已完成100% (or a cell that is only 100%) against a target counted in another unit
    (3次): a progress report, read as a claim (100% or more met, less partial, 0 not
    met), not as 100 %."""
    if q is None or q.unit != "%" or unit is None or units.comparable("%", unit):
        return None
    if r.claim is None and len(found) != 1:
        return None  # a percentage among other figures and no word of progress
    if any(x.unit not in (None, "%") for x, _ in found):
        return None  # the cell has a figure of its own kind too
    verdict = Verdict.MET if q.value >= 100 else Verdict.PARTIAL if q.value > 0 else Verdict.NOT_MET
    return Claim(verdict, r.text.strip(), span=q.span)


def _fits(unit: str | None, target_unit: str | None, units: UnitTable) -> bool:
    return unit is None or target_unit is None or units.comparable(unit, target_unit)


def _in_unit(value: Decimal, unit: str | None, target_unit: str | None, units: UnitTable) -> Decimal:
    """``value`` in the target's unit (as it is when either has none, or they are only alike)."""
    if unit is None or target_unit is None or unit == target_unit or units.assumed(unit, target_unit):
        return value
    try:
        return units.convert(value, unit, target_unit)
    except ValueError:  # a unit of the open rule, comparable only with itself
        return value


def _bounds(target: Compare | Range) -> tuple[Decimal | None, Decimal | None]:
    """The low and the high bound of what the target accepts (None: open on that side)."""
    if isinstance(target, Range):
        return target.low, target.high
    if target.op.lower_is_better:
        return None, target.value
    return target.value, None


_BELOW = (Bound.AT_MOST, Bound.LESS_THAN)
_ABOVE = (Bound.AT_LEAST, Bound.MORE_THAN)


def _deviation(r: Found, target: Compare | Range, units: UnitTable) -> Claim | None:
    """存在18岁以下、54周岁以上 against 18-54周岁: figures that are the bounds of cases outside
    the target (以下 at or under its low end, 以上 at or over its high end), with a word of
    existence, state a deviation, not a measurement: a partial claim (rule 10); with the
    existence denied (不存在…, 未发现…, 无…) every case is inside, a met claim."""
    low, high = _bounds(target)
    figures = [q for q, _ in r.quantities if _fits(q.unit, target.unit, units)]
    if not figures:
        return None
    for q in figures:
        v = _in_unit(q.value, q.unit, target.unit, units)
        if not ((q.bound in _BELOW and low is not None and v <= low) or (q.bound in _ABOVE and high is not None and v >= high)):
            return None
    said = existence(r.norm.text)
    if said is None:
        return None
    text = r.text.strip()
    start = len(r.text) - len(r.text.lstrip())
    return Claim(Verdict.PARTIAL if said else Verdict.MET, text, span=Span(start, start + len(text)))


def _denied_whole(r: Found, target: Compare | Range, units: UnitTable) -> Claim | None:
    """A denial narrowed to the sessions or figures it names is not narrowed when they are
    all the target counts: 1-6期未能举办 against 1-6期, 3期未能举办 against =3期, and
    第三届论坛取消 against =1场 (a target of one thing: not met)."""
    claim = r.claim
    if claim is None or claim.verdict is not Verdict.PARTIAL or not is_denial(claim):
        return None
    low, high = _bounds(target)
    need = high if isinstance(target, Range) else low
    if need is None:
        return None
    text = r.norm.text
    at = text.find(claim.text)
    if need <= 1 and at >= 0 and not by_part(text, at):
        return Claim(Verdict.NOT_MET, claim.text, span=claim.span)
    for q, _ in r.quantities:
        if id(q) not in r.denied or not _fits(q.unit, target.unit, units):
            continue
        v = _in_unit(q.value, q.unit, target.unit, units)
        top = r.highs.get(id(q))
        if top is None:  # 3期: a count
            covers = v >= need
        elif isinstance(target, Range):  # 1-6期 against 1-6期: the same sessions
            covers = v <= target.low and _in_unit(top, q.unit, target.unit, units) >= target.high
        else:  # 1-6期 against =6期: six sessions
            covers = _in_unit(top, q.unit, target.unit, units) - v + 1 >= need
        if covers:
            return Claim(Verdict.NOT_MET, claim.text, span=claim.span)
    return None


def _held_once(r: Found, target: Any, units: UnitTable) -> Quantity | None:
    """举办…研讨会 against a target of one event: that one event was held."""
    u = units.get(_unit_of(target))
    if u is None or u.dimension != "events" or r.quantities or getattr(target, "value", None) != 1:
        return None
    text = r.norm.text
    m = _HELD.search(text)
    if m is None or _VAGUE.search(text) or _PLANNED.search(text):
        return None
    return Quantity(Decimal(1), None, Bound.EXACT, span=r.span(m.start(), m.end()))


def _hundred(r: Found) -> Claim | None:
    """A bare 100% against a target with no figure: all of it done."""
    for q, _ in r.quantities:
        if q.unit == "%" and q.value == 100:
            return Claim(Verdict.MET, "100%", span=q.span)
    return None


def _read_all(r: Found, target: AllOf, units: UnitTable) -> Actual:
    """Quantities for the parts of a compound target.

    A part that names its subject takes the figure whose clause shares the most of
    that subject's wording; the others take the remaining figures of a comparable
    unit in order.  Without subjects, the last figure answers the parts left over
    (3人 10篇 5篇 6-8人 against 参加辩论赛8人，报告18篇).
    """
    numeric = [p for p in target.parts if isinstance(p, (Compare, Range, Approx))]
    if not r.answers or not numeric:
        return _fallback(r)  # no figure, or only the figures of a denial (1-2期未能…): the claim answers
    quantities = [q for q, _ in r.answers]
    if (len(numeric) == 1 and len(quantities) == 1 and _fits(quantities[0].unit, numeric[0].unit, units)
            and r.claim is None and not r.dates
            and all(p is numeric[0] or isinstance(p, (Deadline, Schedule)) for p in target.parts)):
        return quantities[0]  # 100% against 11月底完成100%: one figure, and the time part goes with it (rule 15)

    def fits(q: Quantity, unit: str | None) -> bool:
        return _fits(q.unit, unit, units)

    answer: dict[int, Quantity | Claim | ActualDate | NoResult] = {}
    used: set[int] = set()
    for n, part in enumerate(target.parts):
        subject = getattr(part, "subject", None)
        if not isinstance(part, (Compare, Range, Approx)) or not subject:
            continue
        want = bigrams(subject)
        best, best_score = None, 0
        for k, q in enumerate(quantities):
            if k in used or not fits(q, part.unit):
                continue
            score = len(want & bigrams(r.contexts.get(id(q), "")))
            if score > best_score:
                best, best_score = k, score
        if best is not None:
            answer[n] = quantities[best]
            used.add(best)
    assigned: list[Quantity] = []
    for n, part in enumerate(target.parts):
        if n in answer:
            continue
        if not isinstance(part, (Compare, Range, Approx)):
            timed = isinstance(part, (Deadline, Schedule)) and r.dates
            answer[n] = (r.dates[0] if timed else r.claim) or NoResult("")
            continue
        free = [k for k, q in enumerate(quantities) if k not in used and fits(q, part.unit)]
        last = next((q for q in reversed(assigned) if fits(q, part.unit)), None)
        if free:
            answer[n] = quantities[free[0]]
            used.add(free[0])
            assigned.append(quantities[free[0]])
        elif not getattr(part, "subject", None) and last is not None:
            answer[n] = last
        else:
            answer[n] = NoResult("")
    return ActualAll(tuple(answer[n] for n in range(len(target.parts))))

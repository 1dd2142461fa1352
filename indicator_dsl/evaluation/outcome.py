"""Scoring an actual against a target under a scoring policy.

Comparison semantics are exact and fixed (the Civil Code table); the policy only
decides how verdicts turn into points.  Every outcome carries its verdict, score,
the ratio used, flags and a one-sentence reason naming the rule.

>>> o = evaluate("≥600.00(场)", "295.00(场)", weight=10)
>>> o.verdict.value, o.score, o.ratio
('partial', Decimal('4.92'), Decimal('0.4917'))
>>> o.reason
'295 场 is 49.17% of 600 场 (rule 2)'
>>> o = evaluate("=6次", "实际举办12场上海科技交流沙龙活动，参与人数600人次", weight=5)
>>> o.verdict.value, o.score, o.flags
('met', Decimal('5'), ('over_target', 'unit_assumed'))
"""

from __future__ import annotations

import functools
from decimal import ROUND_HALF_UP, Context, Decimal, DecimalException, localcontext
from typing import Any, Mapping

import attrs

from indicator_dsl.errors import InputError
from indicator_dsl.evaluation.actual import read_actual
from indicator_dsl.evaluation.model import Actual, ActualAll, ActualDate, Bound, Claim, NoResult, Quantity, Verdict
from indicator_dsl.evaluation.policy import ScoringPolicy, round_score
from indicator_dsl.evaluation.reasons import reason as _reason
from indicator_dsl.evaluation.rules import RATIO_FREE, Rule
from indicator_dsl.limits import DEFAULT_LIMITS, Limits, check_number, decimal_context, named
from indicator_dsl.messages import N_, msg
from indicator_dsl.target.model import (
    TARGET_TYPES,
    AllOf,
    Approx,
    Compare,
    Deadline,
    Op,
    Qualitative,
    Range,
    Relative,
    Schedule,
    Target,
    format_decimal,
)
from indicator_dsl.target.numerals import clean
from indicator_dsl.target.parse import parse_target
from indicator_dsl.target.units import DEFAULT_UNITS, UnitTable, canonical_unit, is_magnitude_unit, magnitude_applied

__all__ = ["Outcome", "evaluate"]

_DEFAULT = ScoringPolicy.default()
_ONE = Decimal(1)
_ZERO = Decimal(0)


@attrs.frozen(slots=True)
class Outcome:
    """The result of scoring one row."""

    verdict: Verdict
    score: Decimal | None
    ratio: Decimal | None
    flags: tuple[str, ...]
    reason: str
    rule: Rule | None = attrs.field(default=None, converter=attrs.converters.optional(Rule))  # 2 becomes Rule(2)
    target: Target | None = attrs.field(default=None, eq=False, repr=False)
    actual: Any = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen(slots=True)
class _Judgement:
    verdict: Verdict
    fraction: Decimal | None  # of the weight
    flags: frozenset[str]
    reason: str
    rule: Rule | None


class _Ctx:
    __slots__ = ("policy", "units", "refs", "lang")

    def __init__(self, policy: ScoringPolicy, units: UnitTable, refs: Mapping[str, Decimal], lang: str) -> None:
        self.policy, self.units, self.refs, self.lang = policy, units, refs, lang

    def say(self, key: str, **fields: Any) -> str:
        return _reason(key, self.lang, **fields)


def _pct(x: Decimal) -> str:
    return format_decimal((x * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _q(value: Decimal, unit: str | None) -> str:
    shown = value if value == value.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP) else value.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    return format_decimal(shown) + (f" {unit}" if unit else "")


def _undetermined(ctx: _Ctx, key: str, flags: frozenset[str] = frozenset(), rule: Rule = Rule.QUALITATIVE, **f: Any) -> _Judgement:
    return _Judgement(Verdict.UNDETERMINED, None, flags, ctx.say(key, **f), rule)


def _claim(ctx: _Ctx, claim: Claim, numeric: bool) -> _Judgement:
    p = ctx.policy
    points = {Verdict.MET: p.claim_met_points, Verdict.PARTIAL: p.claim_partial_points,
              Verdict.NOT_MET: p.claim_not_met_points}.get(claim.verdict)
    flags = frozenset({"claimed"}) if numeric else frozenset()
    return _Judgement(claim.verdict, points, flags, ctx.say("claim", verdict=claim.verdict.value, text=str(claim)), Rule.CLAIM)


# ------------------------------------------------------------------ numbers
def _align(ctx: _Ctx, target_unit: str | None, q: Quantity) -> tuple[Decimal | None, set[str]]:
    """The actual's value in the target's unit (rule 8), or None when incomparable."""
    flags: set[str] = set()
    au = canonical_unit(q.unit) if q.unit else None
    tu = canonical_unit(target_unit) if target_unit else None
    if (is_magnitude_unit(au) or is_magnitude_unit(tu)) and all(u is None or is_magnitude_unit(u) for u in (au, tu)):
        # 5万 against 50000: plain numbers once the magnitude written as a unit is applied
        v, _ = magnitude_applied(q.value, au)
        one, _ = magnitude_applied(_ONE, tu)
        return clean(v / one), flags
    if au is None or tu is None:
        if au != tu:
            if au is None and not ctx.policy.unitless_takes_target_unit:
                return None, flags
            flags.add("unit_assumed")
        return q.value, flags
    units = ctx.units
    if au == tu:
        if units.get(au) is None:
            flags.add("unit_unknown")  # the open rule's unit (=5粒): the same word, no table entry
        return q.value, flags
    if not units.comparable(au, tu):
        return None, flags
    if units.assumed(au, tu):
        if not ctx.policy.family_units_comparable:
            return None, flags
        flags.add("unit_assumed")
        return q.value, flags
    return clean(units.convert(q.value, au, tu)), flags


def _numeric(ctx: _Ctx, target: Compare | Range | Approx, q: Quantity) -> _Judgement:
    p = ctx.policy
    v, flags = _align(ctx, target.unit, q)
    if v is None:
        return _undetermined(ctx, "unit_mismatch", frozenset({"unit_mismatch"}), Rule.UNITS,
                             actual_unit=q.unit or "(none)", target_unit=target.unit or "(none)")
    converted = q.unit is not None and target.unit is not None and "unit_assumed" not in flags
    actual_text = _q(v, target.unit) if converted else _q(v, q.unit or target.unit)
    if target.per is not None and q.per is None:
        flags.add("per_assumed")  # 每站点每年4篇 against 完成4篇: the rate's denominator is taken on trust
    target_text = str(target) if target.subject is None else str(attrs.evolve(target, subject=None))
    if isinstance(target, Compare) and (target.op.lower_is_better or (target.op is Op.EQ and target.value == 0)):
        # =0起 (no incidents) is a zero bound like ≤0 (rule 6)
        return _lower(ctx, target, v, q, flags, actual_text, target_text)
    if isinstance(target, Range):
        bound, top, rule = target.low, target.high, Rule.HIGHER_IS_BETTER
        holds = v >= bound
    elif isinstance(target, Approx):
        bound, top, rule = target.value, target.value, Rule.APPROX
        holds = v >= bound * (_ONE - p.approx_tolerance)
    else:
        bound, top, rule = target.value, target.value, Rule.HIGHER_IS_BETTER
        if target.op is Op.EQ:
            rule = Rule.EQUAL_MEANS_REACH
            holds = v >= bound if p.equal_means_reach else v == bound
        elif target.op is Op.GT:
            holds = v > bound or (v == bound and q.bound is Bound.MORE_THAN)
            if v == bound and not holds:
                return _boundary(ctx, flags, actual_text, target_text)
        else:
            holds = v >= bound
    bound_text = _q(bound, target.unit or q.unit)
    if holds:
        if top > 0 and v >= p.over_target_factor * top:
            flags.add("over_target")
            text = ctx.say("met_over", actual=actual_text, target=target_text, pct=_pct(v / top))
        elif isinstance(target, Approx) and v < bound:
            text = ctx.say("approx_met", actual=actual_text, target=target_text, tol=_pct(p.approx_tolerance))
        else:
            text = ctx.say("met", actual=actual_text, target=target_text, rule=rule)
        return _Judgement(Verdict.MET, _ONE, frozenset(flags), text, rule)
    if v <= 0:
        return _Judgement(Verdict.NOT_MET, _ZERO, frozenset(flags), ctx.say("zero"), Rule.NUMERIC_VERDICT)
    if isinstance(target, Compare) and target.op is Op.EQ and not p.equal_means_reach and v > bound:
        # "=N" taken literally: going over is a miss too
        return _partial(ctx, bound / v, flags, ctx.say("partial_lower", actual=actual_text, bound=bound_text, rule=Rule.EQUAL_MEANS_REACH), Rule.EQUAL_MEANS_REACH,
                        actual_text, target_text)
    ratio = v / bound
    return _partial(ctx, ratio, flags, ctx.say("partial_higher", actual=actual_text, bound=bound_text, pct=_pct(ratio), rule=rule), rule,
                    actual_text, target_text)


def _partial(ctx: _Ctx, ratio: Decimal, flags: set[str], text: str, rule: Rule, actual_text: str, target_text: str) -> _Judgement:
    if ctx.policy.partial_credit == "none":
        return _Judgement(Verdict.PARTIAL, _ZERO, frozenset(flags),
                          ctx.say("no_partial", actual=actual_text, target=target_text, rule=rule), rule)
    return _Judgement(Verdict.PARTIAL, min(ratio, _ONE), frozenset(flags), text, rule)


def _boundary(ctx: _Ctx, flags: set[str], actual_text: str, target_text: str) -> _Judgement:
    """Rule 5: a strict bound met exactly (>90% with 90%): full weight by default, or not met."""
    flags.add("boundary")
    if ctx.policy.strict_boundary_full:
        return _Judgement(Verdict.MET, _ONE, frozenset(flags), ctx.say("boundary_full", actual=actual_text, target=target_text), Rule.STRICT_BOUNDARY)
    return _Judgement(Verdict.NOT_MET, _ZERO, frozenset(flags), ctx.say("boundary_strict", actual=actual_text, target=target_text), Rule.STRICT_BOUNDARY)


def _lower(ctx: _Ctx, target: Compare, v: Decimal, q: Quantity, flags: set[str], actual_text: str, target_text: str) -> _Judgement:
    bound = target.value
    if target.op is Op.LT:
        holds = v < bound or (v == bound and q.bound is Bound.LESS_THAN)
        if v == bound and not holds:
            return _boundary(ctx, flags, actual_text, target_text)
    else:
        holds = v <= bound
    if holds:
        return _Judgement(Verdict.MET, _ONE, frozenset(flags), ctx.say("met", actual=actual_text, target=target_text, rule=Rule.LOWER_IS_BETTER), Rule.LOWER_IS_BETTER)
    if bound <= 0:
        return _Judgement(Verdict.NOT_MET, _ZERO, frozenset(flags), ctx.say("zero_bound", actual=actual_text), Rule.LOWER_IS_BETTER)
    bound_text = _q(bound, target.unit or q.unit)
    return _partial(ctx, bound / v, flags, ctx.say("partial_lower", actual=actual_text, bound=bound_text, rule=Rule.LOWER_IS_BETTER), Rule.LOWER_IS_BETTER,
                    actual_text, target_text)


# ------------------------------------------------------------------ dispatch
def _judge(ctx: _Ctx, target: Target, actual: Actual) -> _Judgement:
    numeric = isinstance(target, (Compare, Range, Approx))
    if isinstance(actual, NoResult):
        if isinstance(target, Relative) and target.reference not in ctx.refs:
            return _undetermined(ctx, "needs_reference", frozenset({"needs_reference"}), Rule.RELATIVE, reference=target.reference)
        key = "no_actual" if not actual.text else "undetermined"
        return _undetermined(ctx, key)
    if isinstance(target, AllOf):
        return _all(ctx, target, actual)
    if isinstance(actual, Claim):
        if isinstance(target, Schedule):
            if actual.verdict is Verdict.PARTIAL:
                return _Judgement(Verdict.PARTIAL, ctx.policy.slippage_points, frozenset(), ctx.say("schedule_slip", text=str(actual)), Rule.SCHEDULE)
            if actual.verdict is Verdict.MET:
                return _Judgement(Verdict.MET, ctx.policy.claim_met_points, frozenset(), ctx.say("schedule_met", text=str(actual)), Rule.SCHEDULE)
        if isinstance(target, Qualitative) and actual.restated:
            return _Judgement(Verdict.MET, ctx.policy.claim_met_points, frozenset(), ctx.say("restated", text=str(actual)), Rule.QUALITATIVE)
        return _claim(ctx, actual, numeric)
    if isinstance(target, Relative):
        ref = ctx.refs.get(target.reference)
        if ref is None:
            return _undetermined(ctx, "needs_reference", frozenset({"needs_reference"}), Rule.RELATIVE, reference=target.reference)
        if isinstance(actual, Quantity):
            return _numeric(ctx, _relative_bound(target, ref, actual), actual)
        return _undetermined(ctx, "undetermined")
    if isinstance(target, (Compare, Range, Approx)) and isinstance(actual, Quantity):
        return _numeric(ctx, target, actual)
    if isinstance(actual, ActualDate) and isinstance(target, (Deadline, Schedule)):
        return _dates(ctx, target, actual)
    return _undetermined(ctx, "undetermined")


def _relative_bound(target: Relative, ref: Decimal, actual: Quantity) -> Compare:
    """The comparison a relative target makes once its reference has a value (rule 14).

    With a margin (比上年增长10%) the bound moves by it and the margin itself is to be
    reached (>= / <=): in points when the margin is 百分点, or % of a figure that is
    itself a percentage, else as a share of the reference (10% more than 200 is 220).
    """
    if target.margin is None:
        return Compare(target.op, ref, actual.unit)
    up = target.op in (Op.GT, Op.GE)
    m = target.margin
    if target.margin_unit == "%" and actual.unit != "%":
        bound = ref * (1 + m / 100) if up else ref * (1 - m / 100)
    else:
        bound = ref + m if up else ref - m
    return Compare(Op.GE if up else Op.LE, clean(bound), actual.unit)


def _dates(ctx: _Ctx, target: Deadline | Schedule, actual: ActualDate) -> _Judgement:
    if isinstance(target, Schedule):
        return _Judgement(Verdict.MET, ctx.policy.claim_met_points, frozenset(), ctx.say("schedule_met", text=str(actual)), Rule.SCHEDULE)
    # a date without a year takes the other's year, counted from it when it names its year
    # from the table's (次年3月 is the year after); with neither year, both fall in one
    # base year (2002: it and the years beside it have no 29 February)
    base = target.year if target.year is not None else actual.year if actual.year is not None else 2002
    due = Deadline(target.year if target.year is not None else base + (target.years_after or 0), target.month, target.day)
    done_at = ActualDate(actual.year if actual.year is not None else base + (actual.years_after or 0), actual.month,
                         actual.day)
    done, deadline = done_at.date, due.date
    assert done is not None and deadline is not None
    if target.year or actual.year:
        shown_done, shown_due = done, deadline
    elif target.years_after or actual.years_after:  # 次年2月底, 12月底: the words, no year to print
        shown_done, shown_due = str(actual), str(target)[:-1]
    else:
        shown_done, shown_due = done[5:], deadline[5:]
    if done <= deadline:
        return _Judgement(Verdict.MET, _ONE, frozenset(), ctx.say("deadline_met", actual=shown_done, target=shown_due), Rule.DEADLINE)
    return _Judgement(Verdict.PARTIAL, ctx.policy.late_points, frozenset(), ctx.say("deadline_late", actual=shown_done, target=shown_due), Rule.DEADLINE)


def _all(ctx: _Ctx, target: AllOf, actual: Actual) -> _Judgement:
    if isinstance(actual, Claim):
        return _claim(ctx, actual, True)
    answers: list[Actual]
    if isinstance(actual, ActualAll):
        answers = list(actual.parts)
    else:
        answers = [actual] * len(target.parts)
    parts = [_judge(ctx, t, a) for t, a in zip(target.parts, answers)]
    key = "compound"
    figure = [j for t, j in zip(target.parts, parts) if isinstance(t, (Compare, Range, Approx))]
    if isinstance(actual, Quantity) and len(figure) == 1:
        # 100% against 11月底完成100%: the one figure answers the figure of the target, and the
        # time part (a deadline or schedule: the cell gives no date) shares its verdict
        parts = [figure[0] if isinstance(t, (Deadline, Schedule)) else j for t, j in zip(target.parts, parts)]
        key = "compound_figure"
    if any(j.fraction is None for j in parts):
        flags = frozenset().union(*(j.flags for j in parts))
        bad = next(j for j in parts if j.fraction is None)
        return _Judgement(Verdict.UNDETERMINED, None, flags, bad.reason, bad.rule)
    fractions = [j.fraction for j in parts if j.fraction is not None]
    ratio = sum(fractions, _ZERO) / len(fractions) if ctx.policy.compound == "mean" else min(fractions)
    verdicts = {j.verdict for j in parts}
    if verdicts == {Verdict.MET}:
        verdict = Verdict.MET
    elif verdicts == {Verdict.NOT_MET}:
        verdict = Verdict.NOT_MET
    else:
        verdict = Verdict.PARTIAL
    flags = frozenset().union(*(j.flags for j in parts))
    met = sum(1 for j in parts if j.verdict is Verdict.MET)
    text = ctx.say(key, n=len(parts), met=met, mode=ctx.policy.compound, actual=str(actual))
    return _Judgement(verdict, ratio, flags, text, Rule.COMPOUND)


@functools.lru_cache(maxsize=16)
def _context(limits: Limits) -> Context:
    """``decimal_context(limits)``, made once per limits (``localcontext`` works on a copy)."""
    return decimal_context(limits)


def _decimal(x: Any, what: str, limits: Limits) -> Decimal | None:
    if x is None or x == "":
        return None
    if isinstance(x, float) or isinstance(x, bool) or not isinstance(x, (str, int, Decimal)):
        raise TypeError(msg(N_("{what} must be an exact decimal (str, int or Decimal), not a {type}"), what=named(what),
                            type=type(x).__name__))
    if isinstance(x, int) and abs(x) >= 10 ** limits.number_digits:
        raise InputError(what, msg(N_("{what} has more than {limit} digits before the point (the limit)"),
                                   what=named(what), limit=limits.number_digits))
    if isinstance(x, str) and len(x) > 4 * limits.number_digits:
        raise InputError(what, msg(N_("{what} is not a number within the limit of {limit} digits: {value}…"),
                                   what=named(what), limit=limits.number_digits, value=repr(x[:limits.number_digits])))
    try:
        value = Decimal(str(x).strip())
    except Exception:
        raise InputError(what, msg(N_("{what} is not a number: {value}"), what=named(what), value=repr(x))) from None
    return check_number(value, limits, what)


def evaluate(
    target: Target | str,
    actual: Actual | str | None,
    *,
    weight: Decimal | int | str | None = None,
    policy: ScoringPolicy = _DEFAULT,
    references: Mapping[str, Any] | None = None,
    units: UnitTable = DEFAULT_UNITS,
    lang: str = "en",
    year: int | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Outcome:
    """Score ``actual`` against ``target``.

    Strings are parsed (``parse_target`` and ``read_actual``).  ``weight`` is the
    row's 分值: without it the score is None.  ``references`` gives values to the
    baselines of relative targets (``{"全国平均数": "85"}``).  ``lang`` chooses the
    language of the reason ("en" or "zh").  Numbers beyond ``limits`` (a weight of
    ``1e400``, ``NaN``, an actual of 50 digits) raise an :class:`~indicator_dsl.errors.IndicatorError`;
    within them the arithmetic is exact (:func:`~indicator_dsl.limits.decimal_context`).
    """
    if isinstance(target, str):
        target = parse_target(target, year=year, limits=limits)
    elif not isinstance(target, TARGET_TYPES):
        raise TypeError(f"a target is a str or a Target, not {type(target).__name__}")
    if actual is None or isinstance(actual, str):
        actual = read_actual(actual, target, year=year, units=units, policy_overlap=policy.restatement_overlap,
                             limits=limits)
    w = _decimal(weight, "weight", limits)
    if w is not None and w < 0:
        raise InputError("weight", msg(N_("{what} must not be negative, not {value}"), what=named("weight"), value=w))
    refs = {k: v for k, v in ((k, _decimal(v, f"reference {k}", limits)) for k, v in (references or {}).items())
            if v is not None}
    try:
        with localcontext(_context(limits)):
            j = _judge(_Ctx(policy, units, refs, lang), target, actual)
            ratio = None if j.fraction is None or j.rule in RATIO_FREE else \
                clean(j.fraction.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP))
            score = None
            if w is not None and j.fraction is not None:
                score = clean(min(max(round_score(w * j.fraction, policy), _ZERO), w))
    except DecimalException as e:  # a Target or Actual built by hand beyond the limits
        raise InputError("row", msg(N_("a number of this row is beyond the limits of exact arithmetic ({error})"),
                                    error=type(e).__name__)) from None
    return Outcome(j.verdict, score, ratio, tuple(sorted(j.flags)), j.reason, j.rule, target=target, actual=actual)

"""The typed model of targets (年度指标值).

Every class is a frozen, slotted attrs class.  ``str()`` gives the canonical text,
which parses back to an equal object (spans are not part of equality: they point
into whatever text the object was read from).

>>> from indicator_dsl import parse_target
>>> t = parse_target("不少于150名")
>>> t
Compare(op=<Op.GE: '>='>, value=Decimal('150'), unit='名', per=None, subject=None)
>>> str(t)
'>= 150 名'
>>> parse_target(str(t)) == t
True
"""

from __future__ import annotations

import enum
import re
from decimal import Decimal
from typing import Any, Union

import attrs

from indicator_dsl.target.numerals import clean
from indicator_dsl.target.units import is_listed_unit

__all__ = [
    "Op", "Period", "Span", "Compare", "Range", "Approx", "Qualitative", "Schedule",
    "Deadline", "Relative", "AllOf", "Target", "TARGET_TYPES", "format_decimal", "quantity_text", "span_field",
    "check_month_day", "span_of", "compare_of",
]


class Op(str, enum.Enum):
    """A comparison operator; its value is the canonical sign."""

    GE = ">="
    GT = ">"
    LE = "<="
    LT = "<"
    EQ = "="

    def holds(self, actual: Decimal, bound: Decimal) -> bool:
        """Does ``actual OP bound`` hold?  Exact, never a policy setting.

        >>> Op.GE.holds(Decimal(90), Decimal(90)), Op.GT.holds(Decimal(90), Decimal(90))
        (True, False)
        """
        if self is Op.GE:
            return actual >= bound
        if self is Op.GT:
            return actual > bound
        if self is Op.LE:
            return actual <= bound
        if self is Op.LT:
            return actual < bound
        return actual == bound

    @property
    def lower_is_better(self) -> bool:
        return self in (Op.LE, Op.LT)


class Period(str, enum.Enum):
    """The period of a schedule target (按季度/按月/按年/按计划)."""

    QUARTER = "quarter"
    MONTH = "month"
    YEAR = "year"
    PLAN = "plan"


_PERIOD_TEXT = {
    None: "按时完成",
    Period.QUARTER: "按季度完成",
    Period.MONTH: "按月完成",
    Period.YEAR: "按年完成",
    Period.PLAN: "按计划完成",
}


# ------------------------------------------------------------------ the model's own checks
# The transformer reports a bad cell to the user (a PhraseError with its span); these
# validators are the model's guard: an object that breaks an invariant is never built,
# whoever builds it.  A ValueError or TypeError names the field and the value.

def _exact(_: Any, attribute: Any, value: Any) -> None:
    """A finite Decimal (never a float, an int or NaN)."""
    if not isinstance(value, Decimal):
        raise TypeError(f"{attribute.name} must be a Decimal, not {type(value).__name__} {value!r}")
    if not value.is_finite():
        raise ValueError(f"{attribute.name} must be a finite number, not {value}")


def _exact_or_none(inst: Any, attribute: Any, value: Any) -> None:
    if value is not None:
        _exact(inst, attribute, value)


def _text_or_none(_: Any, attribute: Any, value: Any) -> None:
    if value is not None and not isinstance(value, str):
        raise TypeError(f"{attribute.name} must be a str or None, not {type(value).__name__}")


def _offset(_: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"{attribute.name} must be a character offset (an int >= 0), not {value!r}")


_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)  # 29 February: see check_month_day


def check_month_day(owner: str, year: Any, month: Any, day: Any) -> None:
    """The date checks of :class:`Deadline` (and of the actual's date): a year of up to four
    digits or None, a month 1-12, a day of that month or None.

    29 February passes in any year here: a year without one is reported by
    ``parse_target`` (with the span of the date), which fills the table's year into a
    date written without one only after the date was built.

    >>> check_month_day("Deadline", 2025, 13, None)
    Traceback (most recent call last):
    ...
    ValueError: Deadline: there is no month 13
    """
    if year is not None and (not isinstance(year, int) or isinstance(year, bool) or not 0 <= year <= 9999):
        raise ValueError(f"{owner}: the year must be a whole number of up to four digits or None, not {year!r}")
    if not isinstance(month, int) or isinstance(month, bool) or not 1 <= month <= 12:
        raise ValueError(f"{owner}: there is no month {month!r}")
    if day is not None and (not isinstance(day, int) or isinstance(day, bool) or not 1 <= day <= _MONTH_DAYS[month - 1]):
        raise ValueError(f"{owner}: month {month} has no day {day!r}")
# a number that reads as a dotted date's start before "-" (2022.03-2022.10, grammars/target.lark)
_DOTTED_YEAR = re.compile(r"(?:19|20)\d{2}\.\d{1,2}")


@attrs.frozen(slots=True)
class Span:
    """A half-open character span ``[start, end)`` into the verbatim text (0 <= start <= end)."""

    start: int = attrs.field(validator=_offset)
    end: int = attrs.field(validator=_offset)

    def __attrs_post_init__(self) -> None:
        if self.start > self.end:
            raise ValueError(f"a span ends before it starts: [{self.start}, {self.end})")


def format_decimal(d: Decimal) -> str:
    """Canonical text of an exact decimal: no exponent, no trailing zeros.

    >>> format_decimal(Decimal("90.00")), format_decimal(Decimal("1.5E+4"))
    ('90', '15000')
    """
    text = str(d)
    if "E" not in text and not (text.endswith("0") and "." in text) and text != "-0":
        return text  # already canonical (the common case: what clean(d) returns as it is)
    c = clean(d)
    text = str(c) if c is d else format(c, "f")
    return "0" if text in ("-0", "") else text


def quantity_text(value: Decimal, unit: str | None, per: str | None) -> str:
    """``value`` with its unit as canonical text: a listed unit stands apart (``5 次``)."""
    text = format_decimal(value)
    if unit is not None:
        # a unit nobody listed (=5门) is only read as one when glued to its number
        text += (" " + unit) if is_listed_unit(unit) else unit
    if per is not None:
        text += "/" + per
    return text


def _with_subject(subject: str | None, text: str) -> str:
    return text if subject is None else f"{subject} {text}"


def span_field() -> Any:
    """An attrs field for a span: not part of equality or repr, keyword-only."""
    return attrs.field(default=None, eq=False, repr=False, kw_only=True)


@attrs.frozen(slots=True)
class Compare:
    """``op value unit``: ≥90%, 不少于150名, =5条, 30家 (a bare number reads ``=``)."""

    op: Op = attrs.field(validator=attrs.validators.instance_of(Op))
    value: Decimal = attrs.field(validator=_exact)
    unit: str | None = attrs.field(default=None, validator=_text_or_none)
    per: str | None = attrs.field(default=None, validator=_text_or_none)
    subject: str | None = attrs.field(default=None, validator=_text_or_none)
    span: Span | None = span_field()

    kind = "compare"

    def __str__(self) -> str:
        q = quantity_text(self.value, self.unit, self.per)
        return _with_subject(self.subject, f"{self.op.value} {q}")


@attrs.frozen(slots=True)
class Range:
    """``low-high unit``, both ends included: 1-2场, 18—54周岁 (low <= high)."""

    low: Decimal = attrs.field(validator=_exact)
    high: Decimal = attrs.field(validator=_exact)
    unit: str | None = attrs.field(default=None, validator=_text_or_none)
    per: str | None = attrs.field(default=None, validator=_text_or_none)
    subject: str | None = attrs.field(default=None, validator=_text_or_none)
    span: Span | None = span_field()

    kind = "range"

    def __attrs_post_init__(self) -> None:
        if self.low > self.high:
            raise ValueError(f"a range's low end {self.low} is above its high end {self.high}")

    def __str__(self) -> str:
        q = quantity_text(self.high, self.unit, self.per)
        if self.high > 0 and self.low == -self.high:
            return _with_subject(self.subject, f"±{q}")  # a tolerance: ±3%以内
        low = format_decimal(self.low)
        if _DOTTED_YEAR.fullmatch(low):
            whole, _, frac = low.partition(".")  # 2022.03-2022.10 is a period: such a range
            low = f"{whole}.{frac.ljust(3, '0')}"  # of numbers is written 2022.030-…
        return _with_subject(self.subject, f"{low}-{q}")


@attrs.frozen(slots=True)
class Approx:
    """``约 value unit``: 约600人, 600人左右."""

    value: Decimal = attrs.field(validator=_exact)
    unit: str | None = attrs.field(default=None, validator=_text_or_none)
    per: str | None = attrs.field(default=None, validator=_text_or_none)
    subject: str | None = attrs.field(default=None, validator=_text_or_none)
    span: Span | None = span_field()

    kind = "approx"

    def __str__(self) -> str:
        q = quantity_text(self.value, self.unit, self.per)
        return _with_subject(self.subject, f"约 {q}")


@attrs.frozen(slots=True)
class Qualitative:
    """A target that states no measurable comparison: 良好, 形成长效管理机制."""

    text: str = attrs.field(validator=attrs.validators.instance_of(str))
    span: Span | None = span_field()

    kind = "qualitative"

    def __str__(self) -> str:
        return self.text


@attrs.frozen(slots=True)
class Schedule:
    """Work done on schedule: 按季度时间节点完成 (quarter), 按时完成 (None)."""

    period: Period | None = attrs.field(default=None, validator=attrs.validators.optional(attrs.validators.instance_of(Period)))
    span: Span | None = span_field()

    kind = "schedule"

    def __str__(self) -> str:
        return _PERIOD_TEXT[self.period]


@attrs.frozen(slots=True)
class Deadline:
    """Done on or before a date: 2025年12月31日前, 2025年底前, 9月前.

    A month without a day means its last day; a date without a year takes the
    table's year when one is given.  The month is 1-12 and the day one of that month
    (:func:`check_month_day`).  A date in a year named from the table's year (次年3月底前,
    上年12月底前) keeps that count in ``years_after`` (1 or -1; 后年 2, 前年 -2) while no table year is
    known; given one, the date is absolute (``year`` set, ``years_after`` None).

    >>> Deadline(None, 3, years_after=1)
    Deadline(year=None, month=3, day=None, years_after=1)
    >>> str(Deadline(None, 3, years_after=1)), str(Deadline(None, 12, 31, years_after=-1))
    ('次年3月底前', '上年12月31日前')
    """

    year: int | None
    month: int
    day: int | None = None
    years_after: int | None = attrs.field(default=None, kw_only=True)
    span: Span | None = span_field()

    kind = "deadline"

    def __attrs_post_init__(self) -> None:
        check_month_day("Deadline", self.year, self.month, self.day)
        if self.years_after is not None and (type(self.years_after) is not int or self.years_after not in _YEAR_WORDS
                                            or self.year is not None):
            raise ValueError(f"Deadline: years after the table's year are 1, -1, 2 or -2 in a date without a year, "
                             f"not {self.years_after!r} (year {self.year!r})")

    def __repr__(self) -> str:  # years_after shown only when set
        after = "" if self.years_after is None else f", years_after={self.years_after!r}"
        return f"Deadline(year={self.year!r}, month={self.month!r}, day={self.day!r}{after})"

    @property
    def last_day(self) -> int:
        if self.day is not None:
            return self.day
        year = self.year if self.year is not None else 2001  # a non-leap year
        import calendar  # (a deadline's last day only: start-up does without it)

        return calendar.monthrange(year, self.month)[1]

    @property
    def date(self) -> str | None:
        """ISO date, or None when the year is unknown."""
        if self.year is None:
            return None
        return f"{self.year:04d}-{self.month:02d}-{self.last_day:02d}"

    def __str__(self) -> str:
        year = "" if self.year is None else f"{self.year}年"
        if self.years_after is not None:
            year = _YEAR_WORDS[self.years_after]
        day = "底" if self.day is None else f"{self.day}日"
        return f"{year}{self.month}月{day}前"


# the canonical word of a year counted from the table's year (grammars/target.lark, REL_DATE)
_YEAR_WORDS = {1: "次年", -1: "上年", 2: "后年", -2: "前年"}


@attrs.frozen(slots=True)
class Relative:
    """Compared with a named baseline: 高于全国平均数, 总成本控制在批复预算内, 比上年增长10%."""

    op: Op = attrs.field(validator=attrs.validators.instance_of(Op))
    reference: str = attrs.field(validator=attrs.validators.instance_of(str))
    subject: str | None = attrs.field(default=None, validator=_text_or_none)
    margin: Decimal | None = attrs.field(default=None, validator=_exact_or_none)  # 比上年增长10%: by how much
    margin_unit: str | None = attrs.field(default=None, validator=_text_or_none)  # … in this unit
    span: Span | None = span_field()

    kind = "relative"

    def __attrs_post_init__(self) -> None:
        if self.margin is None and self.margin_unit is not None:
            raise ValueError(f"a relative target has a margin unit {self.margin_unit!r} but no margin")

    def __str__(self) -> str:
        if self.margin is None:
            return _with_subject(self.subject, f"{self.op.value} {self.reference}")
        word = "提高" if self.op in (Op.GT, Op.GE) else "下降"
        margin = quantity_text(self.margin, self.margin_unit, None)
        return _with_subject(self.subject, f"与{self.reference}相比{word} {margin}")


@attrs.frozen(slots=True)
class AllOf:
    """Several targets in one cell, all to be met: 新增入库技术 ≥ 200 项，发布内容 ≥ 100 条."""

    parts: tuple["Target", ...] = attrs.field(validator=attrs.validators.instance_of(tuple))
    span: Span | None = span_field()

    kind = "all"

    def __attrs_post_init__(self) -> None:
        if len(self.parts) < 2:
            raise ValueError(f"a compound target has at least two parts, not {len(self.parts)}")
        if any(isinstance(p, AllOf) or not hasattr(p, "kind") for p in self.parts):
            raise TypeError("the parts of a compound target are single targets")

    def __str__(self) -> str:
        return "; ".join(str(p) for p in self.parts)


# The parser makes a Span and a Compare for every figure it reads.  These two make them the
# quick way when the values are of the plain types the checks ask for (a plain int, a
# plain str, a finite Decimal): the same checks, written inline, and the fields set as
# attrs' own __init__ sets them; any other value goes through the class and its validators.
_new = object.__new__
_set = object.__setattr__


def span_of(start: int, end: int) -> Span:
    """``Span(start, end)``, made quickly.

    >>> span_of(2, 5) == Span(2, 5), span_of(2, 5)
    (True, Span(start=2, end=5))
    """
    if type(start) is int and type(end) is int and 0 <= start <= end:
        span = _new(Span)
        _set(span, "start", start)
        _set(span, "end", end)
        return span
    return Span(start, end)


def compare_of(op: Op, value: Decimal, unit: str | None = None, per: str | None = None, subject: str | None = None,
               span: Span | None = None) -> Compare:
    """``Compare(op, value, unit, per, subject, span=span)``, made quickly.

    >>> compare_of(Op.GE, Decimal(90), "%") == Compare(Op.GE, Decimal(90), "%")
    True
    """
    if (type(op) is Op and type(value) is Decimal and value.is_finite() and (unit is None or type(unit) is str)
            and (per is None or type(per) is str) and (subject is None or type(subject) is str)):
        made = _new(Compare)
        _set(made, "op", op)
        _set(made, "value", value)
        _set(made, "unit", unit)
        _set(made, "per", per)
        _set(made, "subject", subject)
        _set(made, "span", span)
        return made
    return Compare(op, value, unit, per, subject, span=span)


Target = Union[Compare, Range, Approx, Qualitative, Schedule, Deadline, Relative, AllOf]
# the classes of Target, for isinstance
TARGET_TYPES = (Compare, Range, Approx, Qualitative, Schedule, Deadline, Relative, AllOf)

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

import calendar
import enum
import re
from decimal import Decimal
from typing import Any, Union

import attrs

from indicator_dsl.target.numerals import clean
from indicator_dsl.target.units import is_listed_unit

__all__ = [
    "Op", "Period", "Span", "Compare", "Range", "Approx", "Qualitative", "Schedule",
    "Deadline", "Relative", "AllOf", "Target", "format_decimal", "quantity_text", "span_field",
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


# a number that reads as a dotted date's start before "-" (2022.03-2022.10, grammars/target.lark)
_DOTTED_YEAR = re.compile(r"(?:19|20)\d{2}\.\d{1,2}")


@attrs.frozen(slots=True)
class Span:
    """A half-open character span ``[start, end)`` into the verbatim text."""

    start: int
    end: int


def format_decimal(d: Decimal) -> str:
    """Canonical text of an exact decimal: no exponent, no trailing zeros.

    >>> format_decimal(Decimal("90.00")), format_decimal(Decimal("1.5E+4"))
    ('90', '15000')
    """
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

    op: Op
    value: Decimal
    unit: str | None = None
    per: str | None = None
    subject: str | None = None
    span: Span | None = span_field()

    kind = "compare"

    def __str__(self) -> str:
        q = quantity_text(self.value, self.unit, self.per)
        return _with_subject(self.subject, f"{self.op.value} {q}")


@attrs.frozen(slots=True)
class Range:
    """``low-high unit``, both ends included: 1-2场, 18—54周岁."""

    low: Decimal
    high: Decimal
    unit: str | None = None
    per: str | None = None
    subject: str | None = None
    span: Span | None = span_field()

    kind = "range"

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

    value: Decimal
    unit: str | None = None
    per: str | None = None
    subject: str | None = None
    span: Span | None = span_field()

    kind = "approx"

    def __str__(self) -> str:
        q = quantity_text(self.value, self.unit, self.per)
        return _with_subject(self.subject, f"约 {q}")


@attrs.frozen(slots=True)
class Qualitative:
    """A target that states no measurable comparison: 良好, 形成长效管理机制."""

    text: str
    span: Span | None = span_field()

    kind = "qualitative"

    def __str__(self) -> str:
        return self.text


@attrs.frozen(slots=True)
class Schedule:
    """Work done on schedule: 按季度时间节点完成 (quarter), 按时完成 (None)."""

    period: Period | None = None
    span: Span | None = span_field()

    kind = "schedule"

    def __str__(self) -> str:
        return _PERIOD_TEXT[self.period]


@attrs.frozen(slots=True)
class Deadline:
    """Done on or before a date: 2025年12月31日前, 2025年底前, 9月前.

    A month without a day means its last day; a date without a year takes the
    table's year when one is given.
    """

    year: int | None
    month: int
    day: int | None = None
    span: Span | None = span_field()

    kind = "deadline"

    @property
    def last_day(self) -> int:
        if self.day is not None:
            return self.day
        year = self.year if self.year is not None else 2001  # a non-leap year
        return calendar.monthrange(year, self.month)[1]

    @property
    def date(self) -> str | None:
        """ISO date, or None when the year is unknown."""
        if self.year is None:
            return None
        return f"{self.year:04d}-{self.month:02d}-{self.last_day:02d}"

    def __str__(self) -> str:
        year = "" if self.year is None else f"{self.year}年"
        day = "底" if self.day is None else f"{self.day}日"
        return f"{year}{self.month}月{day}前"


@attrs.frozen(slots=True)
class Relative:
    """Compared with a named baseline: 高于全国平均数, 总成本控制在批复预算内, 比上年增长10%."""

    op: Op
    reference: str
    subject: str | None = None
    margin: Decimal | None = None  # 比上年增长10%: by how much (in margin_unit)
    margin_unit: str | None = None
    span: Span | None = span_field()

    kind = "relative"

    def __str__(self) -> str:
        if self.margin is None:
            return _with_subject(self.subject, f"{self.op.value} {self.reference}")
        word = "提高" if self.op in (Op.GT, Op.GE) else "下降"
        margin = quantity_text(self.margin, self.margin_unit, None)
        return _with_subject(self.subject, f"与{self.reference}相比{word} {margin}")


@attrs.frozen(slots=True)
class AllOf:
    """Several targets in one cell, all to be met: 新增入库技术 ≥ 200 项，发布内容 ≥ 100 条."""

    parts: tuple["Target", ...]
    span: Span | None = span_field()

    kind = "all"

    def __str__(self) -> str:
        return "; ".join(str(p) for p in self.parts)


Target = Union[Compare, Range, Approx, Qualitative, Schedule, Deadline, Relative, AllOf]

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
import functools
from decimal import Decimal
from typing import Any, Union

import attrs

from .numerals import clean

__all__ = [
    "Op", "Period", "Span", "Compare", "Range", "Approx", "Qualitative", "Schedule",
    "Deadline", "Relative", "AllOf", "Target", "format_decimal",
    "Bound", "Verdict", "Quantity", "Claim", "ActualDate", "ActualAll", "NoResult", "Actual",
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


@functools.lru_cache(maxsize=1024)
def _listed_unit(unit: str) -> bool:
    """Is ``unit`` one token of the grammar's unit list (so it may stand apart)?"""
    from ._grammar import tokenizer

    toks = tokenizer().tokens(unit)
    return len(toks) == 1 and toks[0].type in ("UNIT", "PCT")


def _quantity_text(value: Decimal, unit: str | None, per: str | None) -> str:
    text = format_decimal(value)
    if unit is not None:
        # a unit nobody listed (=5门) is only read as one when glued to its number
        text += (" " + unit) if _listed_unit(unit) else unit
    if per is not None:
        text += "/" + per
    return text


def _with_subject(subject: str | None, text: str) -> str:
    return text if subject is None else f"{subject} {text}"


def _span() -> Any:
    return attrs.field(default=None, eq=False, repr=False, kw_only=True)


@attrs.frozen(slots=True)
class Compare:
    """``op value unit``: ≥90%, 不少于150名, =5条, 30家 (a bare number reads ``=``)."""

    op: Op
    value: Decimal
    unit: str | None = None
    per: str | None = None
    subject: str | None = None
    span: Span | None = _span()

    kind = "compare"

    def __str__(self) -> str:
        q = _quantity_text(self.value, self.unit, self.per)
        return _with_subject(self.subject, f"{self.op.value} {q}")


@attrs.frozen(slots=True)
class Range:
    """``low-high unit``, both ends included: 1-2场, 18—54周岁."""

    low: Decimal
    high: Decimal
    unit: str | None = None
    per: str | None = None
    subject: str | None = None
    span: Span | None = _span()

    kind = "range"

    def __str__(self) -> str:
        q = _quantity_text(self.high, self.unit, self.per)
        return _with_subject(self.subject, f"{format_decimal(self.low)}-{q}")


@attrs.frozen(slots=True)
class Approx:
    """``约 value unit``: 约600人, 600人左右."""

    value: Decimal
    unit: str | None = None
    per: str | None = None
    subject: str | None = None
    span: Span | None = _span()

    kind = "approx"

    def __str__(self) -> str:
        q = _quantity_text(self.value, self.unit, self.per)
        return _with_subject(self.subject, f"约 {q}")


@attrs.frozen(slots=True)
class Qualitative:
    """A target that states no measurable comparison: 良好, 形成长效管理机制."""

    text: str
    span: Span | None = _span()

    kind = "qualitative"

    def __str__(self) -> str:
        return self.text


@attrs.frozen(slots=True)
class Schedule:
    """Work done on schedule: 按季度时间节点完成 (quarter), 按时完成 (None)."""

    period: Period | None = None
    span: Span | None = _span()

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
    span: Span | None = _span()

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
    span: Span | None = _span()

    kind = "relative"

    def __str__(self) -> str:
        if self.margin is None:
            return _with_subject(self.subject, f"{self.op.value} {self.reference}")
        word = "提高" if self.op in (Op.GT, Op.GE) else "下降"
        margin = _quantity_text(self.margin, self.margin_unit, None)
        return _with_subject(self.subject, f"与{self.reference}相比{word} {margin}")


@attrs.frozen(slots=True)
class AllOf:
    """Several targets in one cell, all to be met: 新增入库技术 ≥ 200 项，发布内容 ≥ 100 条."""

    parts: tuple["Target", ...]
    span: Span | None = _span()

    kind = "all"

    def __str__(self) -> str:
        return "; ".join(str(p) for p in self.parts)


Target = Union[Compare, Range, Approx, Qualitative, Schedule, Deadline, Relative, AllOf]


# ---------------------------------------------------------------------- actuals
class Bound(str, enum.Enum):
    """How an actual quantity bounds the true figure (300余条 is at least 300)."""

    EXACT = "exact"
    AT_LEAST = "at_least"
    MORE_THAN = "more_than"
    AT_MOST = "at_most"
    LESS_THAN = "less_than"
    APPROX = "approx"


class Verdict(str, enum.Enum):
    """Whether a target was met."""

    MET = "met"
    PARTIAL = "partial"
    NOT_MET = "not_met"
    UNDETERMINED = "undetermined"


@attrs.frozen(slots=True)
class Quantity:
    """A number read from an actual: 32.00(个), 300余条, > 20 次."""

    value: Decimal
    unit: str | None = None
    bound: Bound = Bound.EXACT
    per: str | None = None
    span: Span | None = _span()

    kind = "quantity"

    def __str__(self) -> str:
        sign = {
            Bound.EXACT: "", Bound.AT_LEAST: ">= ", Bound.MORE_THAN: "> ",
            Bound.AT_MOST: "<= ", Bound.LESS_THAN: "< ", Bound.APPROX: "约 ",
        }[self.bound]
        return sign + _quantity_text(self.value, self.unit, self.per)


@attrs.frozen(slots=True)
class Claim:
    """A statement of the result without a figure: 已完成, 有待完善, 未开展."""

    verdict: Verdict
    text: str = ""
    span: Span | None = _span()

    kind = "claim"

    def __str__(self) -> str:
        return self.text or self.verdict.value


@attrs.frozen(slots=True)
class ActualDate:
    """A date the work was done by: 2022年年底 → 2022-12-31."""

    year: int | None
    month: int
    day: int | None = None
    span: Span | None = _span()

    kind = "date"

    @property
    def date(self) -> str | None:
        return Deadline(self.year, self.month, self.day).date

    def __str__(self) -> str:
        d = Deadline(self.year, self.month, self.day)
        return str(d)[:-1]  # without 前


@attrs.frozen(slots=True)
class ActualAll:
    """Quantities answering the parts of a compound target, in the target's order."""

    parts: tuple[Union["Quantity", "NoResult"], ...]
    span: Span | None = _span()

    kind = "all"

    def __str__(self) -> str:
        return "; ".join(str(p) for p in self.parts)


@attrs.frozen(slots=True)
class NoResult:
    """An empty cell, or prose that states no result."""

    text: str = ""
    span: Span | None = _span()

    kind = "none"

    def __str__(self) -> str:
        return self.text


Actual = Union[Quantity, Claim, ActualDate, ActualAll, NoResult]

"""The typed model of actuals (实际完成值) as read against a target.

Every class is a frozen, slotted attrs class; ``str()`` gives a readable form.  Each
checks its own invariants when built (a finite Decimal, a real month and day, a
restatement that is a met claim): a ValueError or TypeError names the field.
"""

from __future__ import annotations

import enum
from decimal import Decimal
from typing import Any, Union

import attrs

from indicator_dsl.target.model import Deadline, Span, check_month_day, quantity_text, span_field

__all__ = ["Bound", "Verdict", "Quantity", "Claim", "ActualDate", "ActualAll", "NoResult", "Actual", "quantity_of"]

def _exact(_: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, Decimal):
        raise TypeError(f"{attribute.name} must be a Decimal, not {type(value).__name__} {value!r}")
    if not value.is_finite():
        raise ValueError(f"{attribute.name} must be a finite number, not {value}")


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

    value: Decimal = attrs.field(validator=_exact)
    unit: str | None = None
    bound: Bound = attrs.field(default=Bound.EXACT, validator=attrs.validators.instance_of(Bound))
    per: str | None = None
    span: Span | None = span_field()

    kind = "quantity"

    def __str__(self) -> str:
        sign = {
            Bound.EXACT: "", Bound.AT_LEAST: ">= ", Bound.MORE_THAN: "> ",
            Bound.AT_MOST: "<= ", Bound.LESS_THAN: "< ", Bound.APPROX: "约 ",
        }[self.bound]
        return sign + quantity_text(self.value, self.unit, self.per)


def quantity_of(value: Decimal, unit: str | None, bound: Bound, per: str | None, span: Span | None) -> Quantity:
    """``Quantity(value, unit, bound, per, span=span)``, made without attrs' generated
    ``__init__`` when the values are of the plain types its checks ask for (the same checks,
    inline): the reader of actuals makes one for every figure.

    >>> quantity_of(Decimal(5), "次", Bound.EXACT, None, None) == Quantity(Decimal(5), "次")
    True
    """
    if type(value) is Decimal and value.is_finite() and type(bound) is Bound:
        made = object.__new__(Quantity)
        for name, field in (("value", value), ("unit", unit), ("bound", bound), ("per", per), ("span", span)):
            object.__setattr__(made, name, field)
        return made
    return Quantity(value, unit, bound, per, span=span)


@attrs.frozen(slots=True, repr=False)
class Claim:
    """A statement of the result without a figure: 已完成, 有待完善, 未开展.

    ``restated`` marks an actual that states the same result as a qualitative target
    (良好 against 良好, rule 11): a met claim whose text is the whole cell.  Its span,
    like any claim's, points into the cell.
    """

    verdict: Verdict = attrs.field(validator=attrs.validators.instance_of(Verdict))
    text: str = ""
    span: Span | None = span_field()
    restated: bool = attrs.field(default=False, kw_only=True, validator=attrs.validators.instance_of(bool))

    kind = "claim"

    def __attrs_post_init__(self) -> None:
        if self.restated and self.verdict is not Verdict.MET:
            raise ValueError(f"a restatement of the target is a met claim, not {self.verdict.value}")

    def __repr__(self) -> str:  # restated=True shown only when set
        return f"Claim(verdict={self.verdict!r}, text={self.text!r}{', restated=True' if self.restated else ''})"

    def __str__(self) -> str:
        return self.text or self.verdict.value


@attrs.frozen(slots=True)
class ActualDate:
    """A date the work was done by: 2022年年底 → 2022-12-31.  Like a :class:`Deadline`, a date
    counted from a table year that is not known (次年2月 in a row without a year) keeps the
    count in ``years_after`` (1, -1, 2 or -2)."""

    year: int | None
    month: int
    day: int | None = None
    years_after: int | None = attrs.field(default=None, kw_only=True)
    span: Span | None = span_field()

    kind = "date"

    def __attrs_post_init__(self) -> None:
        check_month_day("ActualDate", self.year, self.month, self.day)
        self.deadline()  # the same check of years_after as a deadline's

    def __repr__(self) -> str:  # years_after shown only when set, as a deadline's
        after = "" if self.years_after is None else f", years_after={self.years_after!r}"
        return f"ActualDate(year={self.year!r}, month={self.month!r}, day={self.day!r}{after})"

    def deadline(self) -> Deadline:
        """The deadline of the same day (its date, its text)."""
        return Deadline(self.year, self.month, self.day, years_after=self.years_after)

    @property
    def date(self) -> str | None:
        return self.deadline().date

    def __str__(self) -> str:
        return str(self.deadline())[:-1]  # without 前


@attrs.frozen(slots=True)
class ActualAll:
    """Quantities answering the parts of a compound target, in the target's order (a time
    part is answered by a date or a claim)."""

    parts: tuple[Union["Quantity", "Claim", "ActualDate", "NoResult"], ...] = attrs.field(validator=attrs.validators.instance_of(tuple))
    span: Span | None = span_field()

    kind = "all"

    def __str__(self) -> str:
        return "; ".join(str(p) for p in self.parts)


@attrs.frozen(slots=True)
class NoResult:
    """An empty cell, or prose that states no result."""

    text: str = ""
    span: Span | None = span_field()

    kind = "none"

    def __str__(self) -> str:
        return self.text


Actual = Union[Quantity, Claim, ActualDate, ActualAll, NoResult]

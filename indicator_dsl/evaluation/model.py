"""The typed model of actuals (实际完成值) as read against a target.

Every class is a frozen, slotted attrs class; ``str()`` gives a readable form.
"""

from __future__ import annotations

import enum
from decimal import Decimal
from typing import Union

import attrs

from indicator_dsl.target.model import Deadline, Span, quantity_text, span_field

__all__ = ["Bound", "Verdict", "Quantity", "Claim", "ActualDate", "ActualAll", "NoResult", "Actual"]

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
    span: Span | None = span_field()

    kind = "quantity"

    def __str__(self) -> str:
        sign = {
            Bound.EXACT: "", Bound.AT_LEAST: ">= ", Bound.MORE_THAN: "> ",
            Bound.AT_MOST: "<= ", Bound.LESS_THAN: "< ", Bound.APPROX: "约 ",
        }[self.bound]
        return sign + quantity_text(self.value, self.unit, self.per)


@attrs.frozen(slots=True)
class Claim:
    """A statement of the result without a figure: 已完成, 有待完善, 未开展."""

    verdict: Verdict
    text: str = ""
    span: Span | None = span_field()

    kind = "claim"

    def __str__(self) -> str:
        return self.text or self.verdict.value


@attrs.frozen(slots=True)
class ActualDate:
    """A date the work was done by: 2022年年底 → 2022-12-31."""

    year: int | None
    month: int
    day: int | None = None
    span: Span | None = span_field()

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

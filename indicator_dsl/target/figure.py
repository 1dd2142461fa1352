"""The figures the target grammar's callbacks build and pass up: a number with its
unit (:class:`Figure`), and the pieces a quantity is made of (a 百分之 number, a number
with its magnitude word, a Chinese numeral, a unit with its end).  Internal to the
target package's transformer (indicator_dsl/target/transform.py).
"""

from __future__ import annotations

from decimal import Decimal, localcontext
from typing import NamedTuple

from indicator_dsl.messages import N_
from indicator_dsl.target.errors import PhraseError
from indicator_dsl.target.lexer import Token
from indicator_dsl.target.numerals import clean
from indicator_dsl.target.units import magnitude

__all__ = ["Figure", "Pct", "Mag", "Cn", "UnitText", "magnitude_of", "exact_fraction"]


def magnitude_of(word: str) -> Decimal:
    """万 → 10000, and k (5k) → 1000."""
    return Decimal(1000) if word in ("k", "K") else magnitude(word)


def exact_fraction(tok: Token, num: Decimal, den: Decimal) -> Decimal:
    """num/den as an exact decimal (1/2 → 0.5); 1/3 has none and is an error."""
    if den == 0:
        raise PhraseError(tok, N_("a fraction with a zero denominator"), (N_("a denominator other than 0"),))
    with localcontext() as ctx:
        ctx.prec = 60
        value = num / den
        if value * den != num:
            raise PhraseError(tok, N_("a fraction with no exact decimal value"), (N_("a fraction such as 1/2 or 1/4"),))
    return clean(value)


class Figure(NamedTuple):
    """A number with its unit as the grammar reads it (model.Quantity is an actual's figure)."""

    value: Decimal
    unit: str | None
    per: str | None
    start: int
    end: int
    open: bool = False  # 300余, 600+, 100多: at least the number
    mag: Decimal | None = None  # the magnitude written after the number (万 in 2万)


class Pct(NamedTuple):
    """A number written 百分之N: its unit is %."""

    value: Decimal
    start: int
    end: int
    open: bool = False  # 百分之九十几


class Mag(NamedTuple):
    """A number with a magnitude word (1.5万): the factor, for the low end of 1-2万."""

    value: Decimal
    start: int
    end: int
    mag: Decimal
    word: str = ""  # the magnitude as written (万), kept as the unit when no unit follows


class Cn(NamedTuple):
    """A Chinese numeral, with its text: 两万元 keeps 万 with the money unit."""

    value: Decimal
    start: int
    end: int
    text: str
    open: bool = False  # 十几万: more than 100000


class UnitText(NamedTuple):
    text: str
    end: int

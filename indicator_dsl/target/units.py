"""Units and dimensions, as data (the units of indicator_dsl/target/vocabulary.toml).

Each unit belongs to a dimension and has an exact scale to the dimension's base
unit.  Units of one dimension convert into each other (万元 → 元); counting words of
one *family* (events: 次/场/场次/期/轮) are comparable with each other but only by
assumption, which the evaluator flags (``unit_assumed``).

>>> DEFAULT_UNITS.convert(Decimal("1.5"), "万元", "元")
Decimal('15000.0')
>>> DEFAULT_UNITS.comparable("场", "次"), DEFAULT_UNITS.comparable("元", "次")
(True, False)
"""

from __future__ import annotations

from decimal import Decimal
from typing import Iterable, Mapping

import attrs

from indicator_dsl.target.vocabulary import vocabulary

__all__ = ["Unit", "UnitTable", "DEFAULT_UNITS", "canonical_unit", "magnitude", "magnitude_applied", "is_magnitude_unit", "MAGNITUDES", "LISTED_UNITS", "is_listed_unit"]

_VOCABULARY = vocabulary()  # indicator_dsl/target/vocabulary.toml

MAGNITUDES: Mapping[str, Decimal] = _VOCABULARY.magnitudes

_SPELLINGS = dict(_VOCABULARY.spellings)  # a plain dict: canonical_unit is on the hot path


def canonical_unit(text: str) -> str:
    """The unit as the interface writes it: half-width, 百分比 → %."""
    return _SPELLINGS.get(text, text)


def magnitude(word: str) -> Decimal:
    """The factor of a magnitude word (万 → 10000)."""
    return MAGNITUDES[word]


def magnitude_applied(value: Decimal, unit: str | None) -> tuple[Decimal, str | None]:
    """A number whose unit is a magnitude word kept as written (5 万) as the plain number
    it means (50000, no unit); any other quantity as it is.

    >>> magnitude_applied(Decimal(5), "万"), magnitude_applied(Decimal(5), "万元")
    ((Decimal('50000'), None), (Decimal('5'), '万元'))
    """
    if unit is None:
        return value, None
    factor = _magnitude_of(unit)
    return (value, unit) if factor is None else (value * factor, None)


def _magnitude_of(word: str) -> Decimal | None:
    """The factor of a magnitude word or of several written together (万亿, 多亿 aside)."""
    if word in MAGNITUDES:
        return MAGNITUDES[word]
    if len(word) > 1 and all(c in MAGNITUDES for c in word):
        factor = Decimal(1)
        for c in word:
            factor *= MAGNITUDES[c]
        return factor
    return None


def is_magnitude_unit(unit: str | None) -> bool:
    """Is ``unit`` a magnitude word kept where the unit goes (5万)?"""
    return unit is not None and _magnitude_of(unit) is not None


@attrs.frozen(slots=True)
class Unit:
    name: str
    dimension: str
    scale: Decimal
    exact: bool = True


@attrs.frozen(slots=True)
class UnitTable:
    """An immutable table of units; ``extended`` returns a larger copy."""

    units: Mapping[str, Unit]

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, str, str, bool]]) -> "UnitTable":
        return cls({n: Unit(n, d, Decimal(s), e) for n, d, s, e in rows})

    def extended(self, rows: Iterable[tuple[str, str, str, bool]]) -> "UnitTable":
        more = UnitTable.from_rows(rows).units
        return UnitTable({**self.units, **more})

    def get(self, name: str | None) -> Unit | None:
        if name is None:
            return None
        return self.units.get(canonical_unit(name))

    def comparable(self, a: str, b: str) -> bool:
        ua, ub = self.get(a), self.get(b)
        if ua is None or ub is None:
            return canonical_unit(a) == canonical_unit(b)
        return ua.dimension == ub.dimension

    def assumed(self, a: str, b: str) -> bool:
        """True when ``a`` and ``b`` are different words only alike (场 vs 次)."""
        ua, ub = self.get(a), self.get(b)
        if ua is None or ub is None or canonical_unit(a) == canonical_unit(b):
            return False
        return ua.dimension == ub.dimension and not (ua.exact and ub.exact)

    def convert(self, value: Decimal, src: str, dst: str) -> Decimal:
        """``value`` in ``src`` expressed in ``dst`` (same dimension)."""
        us, ud = self.get(src), self.get(dst)
        if us is None or ud is None or us.dimension != ud.dimension:
            raise ValueError(f"cannot convert {src} to {dst}")
        if us.scale == ud.scale:
            return value
        return value * us.scale / ud.scale


DEFAULT_UNITS = UnitTable.from_rows(_VOCABULARY.units)


# The words the grammar's UNIT and PCT terminals list (they are generated from the same
# vocabulary): a unit among them may stand apart from its number (``5 次``); any other
# unit is read only when glued to it (``=5门``).  日 is a date word, and the full-width
# percent signs are normalised away before lexing.
LISTED_UNITS: frozenset[str] = _VOCABULARY.listed


def is_listed_unit(unit: str) -> bool:
    """Is ``unit`` one of the grammar's listed units (so that it may stand apart)?

    >>> is_listed_unit("万元"), is_listed_unit("%"), is_listed_unit("门")
    (True, True, False)
    """
    return unit in LISTED_UNITS

"""Units and dimensions, as data.

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

__all__ = ["Unit", "UnitTable", "DEFAULT_UNITS", "canonical_unit", "magnitude", "MAGNITUDES", "LISTED_UNITS", "is_listed_unit"]

# name: (dimension, scale to the dimension's base, exact)
# ``exact`` False marks a family of counting words whose members are merely alike.
_TABLE: dict[str, tuple[str, str, bool]] = {
    # percent
    "%": ("percent", "1", True), "‰": ("percent", "0.1", True),
    "百分点": ("percent", "1", True), "个百分点": ("percent", "1", True),
    # money
    "元": ("money", "1", True), "千元": ("money", "1000", True), "万元": ("money", "10000", True),
    "亿元": ("money", "100000000", True), "百万元": ("money", "1000000", True),
    "千万元": ("money", "10000000", True), "千亿元": ("money", "100000000000", True),
    "万亿元": ("money", "1000000000000", True),
    # time
    "秒": ("time", "1", True), "分钟": ("time", "60", True), "小时": ("time", "3600", True),
    "天": ("time", "86400", True), "日": ("time", "86400", True),
    "工作日": ("time", "86400", True), "个工作日": ("time", "86400", True),
    "周": ("time", "604800", True), "个月": ("time", "2592000", True), "月": ("time", "2592000", True),
    "季度": ("time", "7776000", True), "年": ("time", "31536000", True), "年度": ("time", "31536000", True),
    "学时": ("study_hours", "1", True), "课时": ("study_hours", "1", True),
    # events
    "次": ("events", "1", False), "场": ("events", "1", False), "场次": ("events", "1", False),
    "期": ("events", "1", False), "轮": ("events", "1", False), "届": ("events", "1", False),
    "批": ("batches", "1", False), "批次": ("batches", "1", False),
    # people
    "人": ("people", "1", False), "名": ("people", "1", False), "位": ("people", "1", False),
    "人次": ("people", "1", False), "人天": ("person_days", "1", True), "户": ("households", "1", True),
    # items
    "项": ("items", "1", False), "个": ("items", "1", False), "件": ("items", "1", False),
    "条": ("items", "1", False), "篇": ("items", "1", False), "份": ("items", "1", False),
    "部": ("items", "1", False), "本": ("items", "1", False), "册": ("items", "1", False),
    "套": ("items", "1", False), "台": ("items", "1", False), "张": ("items", "1", False),
    "幅": ("items", "1", False), "种": ("items", "1", False), "类": ("items", "1", False),
    "款": ("items", "1", False), "株": ("items", "1", False), "例": ("items", "1", False),
    "起": ("incidents", "1", True),
    "篇次": ("items", "1", False), "项次": ("items", "1", False), "件次": ("items", "1", False),
    # bodies
    "家": ("bodies", "1", False), "所": ("bodies", "1", False), "家次": ("bodies", "1", False),
    # area, length, mass, data
    # area, based on 亩 so that every scale is exact (1 亩 = 10000/15 平方米)
    "亩": ("area", "1", True), "万亩": ("area", "10000", True), "公顷": ("area", "15", True),
    "平方米": ("area", "0.0015", True), "平方公里": ("area", "1500", True),
    "米": ("length", "1", True), "公里": ("length", "1000", True), "千米": ("length", "1000", True),
    "km": ("length", "1000", True),
    "吨": ("mass", "1000", True), "千克": ("mass", "1", True), "公斤": ("mass", "1", True), "kg": ("mass", "1", True),
    "MB": ("data", "1", True), "GB": ("data", "1024", True), "TB": ("data", "1048576", True),
    "PB": ("data", "1073741824", True),
    # other
    "倍": ("times", "1", True), "岁": ("age", "1", True), "周岁": ("age", "1", True), "分": ("points", "1", True),
}

MAGNITUDES: Mapping[str, Decimal] = {
    "千": Decimal(1000), "万": Decimal(10_000), "百万": Decimal(1_000_000),
    "千万": Decimal(10_000_000), "亿": Decimal(100_000_000), "万亿": Decimal(10**12),
}

_SPELLINGS = {"百分比": "%", "％": "%", "﹪": "%", "KM": "km", "Km": "km", "KG": "kg", "Kg": "kg"}


def canonical_unit(text: str) -> str:
    """The unit as the interface writes it: half-width, 百分比 → %."""
    return _SPELLINGS.get(text, text)


def magnitude(word: str) -> Decimal:
    """The factor of a magnitude word (万 → 10000)."""
    return MAGNITUDES[word]


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


DEFAULT_UNITS = UnitTable.from_rows((n, d, s, e) for n, (d, s, e) in _TABLE.items())


# The words the grammar's UNIT and PCT terminals list: a unit among them may stand apart
# from its number (``5 次``); any other unit is read only when glued to it (``=5门``).
# 日 is a date word, and the full-width percent signs are normalised away before lexing.
LISTED_UNITS: frozenset[str] = frozenset(_TABLE) - {"日"} | (frozenset(_SPELLINGS) - {"％", "﹪"})


def is_listed_unit(unit: str) -> bool:
    """Is ``unit`` one of the grammar's listed units (so that it may stand apart)?

    >>> is_listed_unit("万元"), is_listed_unit("%"), is_listed_unit("门")
    (True, True, False)
    """
    return unit in LISTED_UNITS

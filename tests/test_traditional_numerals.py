"""Traditional characters in numbers: 萬 and 億 (and 兩, 〇, 點) read wherever 万 and 亿 (两, 点) do.

Inside Chinese numerals (二十萬人, 三億元, 兩千), after Arabic numbers (5萬元, 3億, 1-2萬人),
in comparisons, ranges and prose; money units and magnitudes are kept as written (萬元 stays
萬元, as 万元 stays 万元), so the value read is the same as with the simplified characters.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indicator_dsl import Compare, Range, find_ranges, parse_target
from indicator_dsl.target.numerals import chinese_to_decimal
from indicator_dsl.target.units import magnitude_applied

_TRADITIONAL = str.maketrans({"万": "萬", "亿": "億", "两": "兩", "点": "點"})


def _value(text: str) -> tuple[Decimal, str | None]:
    """The value and unit a one-figure target reads, its magnitude word applied (5万 is 50000)."""
    t = parse_target(text)
    assert isinstance(t, Compare), (text, t)
    return magnitude_applied(t.value, t.unit)


@pytest.mark.parametrize("text, value, unit", [
    ("二十萬人", "200000", "人"),
    ("≥二十萬人", "200000", "人"),
    ("十二萬", "120000", None),
    ("一點五萬", "15000", None),
    ("一萬億", "1000000000000", None),
    ("≥兩千人", "2000", "人"),
    ("兩萬元", "2", "萬元"),
    ("三億元", "3", "億元"),
    ("5萬元", "5", "萬元"),
    ("3億", "300000000", None),
    ("≥2萬人", "20000", "人"),
    ("500多億", "50000000000", None),
    ("5萬億", "5000000000000", None),
    ("≥3百萬", "3000000", None),
    ("二〇二五", "2025", None),
])
def test_traditional_magnitudes_read(text, value, unit):
    """A traditional magnitude reads its value; money units keep the magnitude as written."""
    assert _value(text) == (Decimal(value), unit)


@pytest.mark.parametrize("text", ["二十萬人", "≥二十萬人", "兩萬元", "≥1.5萬", "5萬", "3億", "500多億", "≥兩千人"])
def test_traditional_round_trip(text):
    """The canonical text of a target read from traditional characters parses back to it."""
    t = parse_target(text)
    assert parse_target(str(t)) == t


def test_traditional_range_and_prose():
    """Ranges, open numbers and figures in a sentence read 萬 like 万."""
    r = parse_target("1-2萬人")
    assert isinstance(r, Range) and (r.low, r.high, r.unit) == (Decimal(10000), Decimal(20000), "人")
    t = parse_target("年度培训人数不少于二十萬人次")
    assert (t.op.value, t.value, t.unit, t.subject) == (">=", Decimal(200000), "人次", "年度培训人数")
    assert [f.interval for f in find_ranges("服务人次大于十萬，投入不超过3億")] == ["(100000,)", "(,300000000]"]
    assert [f.interval for f in find_ranges("在兩萬和三萬之间")] == ["[20000,30000]"]


def test_chinese_numerals_written_with_both_magnitudes():
    """万亿 (and 萬億) is one magnitude, 10^12, not 10^4 + 10^8."""
    assert chinese_to_decimal("一万亿") == chinese_to_decimal("一萬億") == Decimal(10) ** 12
    assert chinese_to_decimal("三万亿") == 3 * Decimal(10) ** 12
    assert chinese_to_decimal("一亿两千万") == Decimal(120_000_000)


_DIGITS = "零一二三四五六七八九"


def _section(n: int, two: str) -> str:
    """A Chinese numeral below 10000 (两 or 二 for a leading 2 before 千/百)."""
    out, zero = "", False
    for unit, size in (("千", 1000), ("百", 100), ("十", 10), ("", 1)):
        d, n = divmod(n, size)
        if d:
            if zero and out:
                out += "零"
            out += (two if d == 2 and unit in "千百" and unit else _DIGITS[d]) + unit
            zero = False
        else:
            zero = True
    return out


def _chinese(n: int, two: str) -> str:
    """The simplified Chinese numeral of ``n`` (1 ≤ n < 10^16), 万/亿 grouped."""
    groups = []
    while n:
        n, g = divmod(n, 10_000)
        groups.append(g)
    out = ""
    for i in range(len(groups) - 1, -1, -1):
        g = groups[i]
        if g:
            if out and g < 1000:
                out += "零"
            out += _section(g, two) + ("", "万", "亿", "万亿")[i]
    return out


@given(n=st.integers(min_value=1, max_value=10**16 - 1), two=st.sampled_from("二两"),
       prefix=st.sampled_from(["", "≥", "不少于", "约"]), unit=st.sampled_from(["", "人", "元", "个"]))
def test_traditional_numeral_reads_as_simplified(n, two, prefix, unit):
    """A Chinese numeral written with 萬/億/兩 reads the same value as with 万/亿/两."""
    simplified = _chinese(n, two)
    assert chinese_to_decimal(simplified) == n
    traditional = simplified.translate(_TRADITIONAL)
    assert chinese_to_decimal(traditional) == n
    a, b = parse_target(prefix + simplified + unit), parse_target(prefix + traditional + unit)
    assert type(a) is type(b)
    va, ua = magnitude_applied(a.value, a.unit)
    vb, ub = magnitude_applied(b.value, b.unit)
    assert va * (10_000 if ua == "万元" else 10**8 if ua == "亿元" else 1) == \
        vb * (10_000 if ub == "萬元" else 10**8 if ub == "億元" else 1)
    assert (ua or "").translate(_TRADITIONAL) == (ub or "")


@given(value=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999"), places=2),
       mag=st.sampled_from(["万", "亿", "百万", "千万", "万亿"]), sign=st.sampled_from(["", "≥", "≤", "约"]),
       unit=st.sampled_from(["", "人", "元", "次"]))
def test_traditional_magnitude_after_arabic_reads_as_simplified(value, mag, sign, unit):
    """5萬, 3億元, ≥1.5萬人: the value after an Arabic number is the one 万/亿 give."""
    text = f"{sign}{value}{mag}{unit}"
    a, b = parse_target(text), parse_target(text.translate(_TRADITIONAL))
    va, ua = magnitude_applied(a.value, a.unit)
    vb, ub = magnitude_applied(b.value, b.unit)
    assert va == vb
    assert (ua or "").translate(_TRADITIONAL) == (ub or "")

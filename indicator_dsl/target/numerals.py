"""Exact numbers: Arabic numerals with separators, and Chinese numerals.

>>> parse_decimal("3,837,417.9")
Decimal('3837417.9')
>>> [str(chinese_to_decimal(s)) for s in ["三", "十二", "两", "一百零五", "三千四百五十", "一点五", "十二万"]]
['3', '12', '2', '105', '3450', '1.5', '120000']
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

__all__ = ["parse_decimal", "chinese_to_decimal", "clean"]

_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5,
    "六": 6, "七": 7, "八": 8, "九": 9, "几": 0, "幾": 0,
    "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9,
}
_SMALL = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
# (traditional 萬 and 億 are the same magnitudes as 万 and 亿)
_BIG = {"万": 10_000, "亿": 100_000_000, "萬": 10_000, "億": 100_000_000}


def clean(d: Decimal) -> Decimal:
    """The same value without trailing zeros or exponent: 90.00 -> 90, 1.50 -> 1.5.

    Works on the digits themselves, so no precision limit applies.

    >>> clean(Decimal("90.00")), clean(Decimal("1.50")), clean(Decimal("1E+3"))
    (Decimal('90'), Decimal('1.5'), Decimal('1000'))
    """
    text = str(d)
    if "E" not in text:
        if "." not in text:
            return d if text != "-0" else Decimal(0)  # a whole number as it is (or NaN, Infinity)
        if not text.endswith("0"):
            return d  # already without trailing zeros (the common case)
        stripped = text.rstrip("0").rstrip(".")  # the digits themselves: exact at any length
        return Decimal(0) if stripped in ("0", "-0") else Decimal(stripped)
    if not d.is_finite():
        return d
    sign, digits, exp = d.as_tuple()
    assert isinstance(exp, int)
    if exp >= 0:
        if digits == (0,):
            return Decimal(0)
        return Decimal((sign, digits + (0,) * exp, 0))
    ds = list(digits)
    while exp < 0 and len(ds) > 1 and ds[-1] == 0:
        ds.pop()
        exp += 1
    if ds == [0]:
        return Decimal(0)
    return Decimal((sign, tuple(ds), exp))


def parse_decimal(text: str) -> Decimal:
    """An Arabic numeral, thousands separators allowed."""
    try:
        return clean(Decimal(text.replace(",", "")))
    except InvalidOperation:  # pragma: no cover - the grammar only passes numerals
        raise ValueError(f"not a number: {text!r}") from None


def _integer(text: str) -> int | None:
    if any(ch not in _DIGITS and ch not in _SMALL and ch not in _BIG for ch in text):
        return None
    if len(text) > 1 and all(ch in _DIGITS for ch in text):
        # digits in a row read positionally (二〇二五 is 2025), but two or three
        # neighbours without a zero are an estimate (两三个, 三四天), not a number
        if len(text) < 4 and not any(ch in "零〇" for ch in text):
            return None
        return int("".join(str(_DIGITS[ch]) for ch in text))
    total = 0      # completed 万/亿 groups
    section = 0    # the group below the next 万/亿
    digit: int | None = None
    last_unit = 1  # the unit just before a trailing digit: 三百一 is 310
    zero = False
    for ch in text:
        if ch in _DIGITS:
            zero = zero or _DIGITS[ch] == 0 and ch not in "几幾"
            digit = _DIGITS[ch]
        elif ch in _SMALL:
            section += (1 if digit is None else digit) * _SMALL[ch]
            digit, zero, last_unit = None, False, _SMALL[ch]
        else:
            group = section + (digit or 0)
            if group == 0 and total:  # 一万亿: 万 and 亿 written together, one magnitude
                total *= _BIG[ch]
                section, digit, zero, last_unit = 0, None, False, _BIG[ch]
                continue
            if group == 0:
                group = 1
            if total >= _BIG[ch]:   # 一亿两千万: the 万 group adds under the 亿
                total += group * _BIG[ch]
            else:
                total = (total + group) * _BIG[ch]
            section, digit, zero, last_unit = 0, None, False, _BIG[ch]
    if digit is not None and not zero and last_unit >= 100 and text[-2] in _SMALL.keys() | _BIG.keys():
        digit *= last_unit // 10
    return total + section + (digit or 0)


def chinese_to_decimal(text: str) -> Decimal | None:
    """A Chinese numeral (一点五, 十二, 三千四百五十, 两万), or None if it is not one.

    Spaces inside are ignored: ``三千 九百 六十五`` is 3965.  Traditional characters read
    as their simplified forms: ``二十萬`` is 二十万, ``一點五億`` is 一点五亿.

    >>> [str(chinese_to_decimal(s)) for s in ["二十萬", "兩千", "一點五億", "一万亿"]]
    ['200000', '2000', '150000000', '1000000000000']
    """
    text = "".join(text.split()).replace("點", "点")
    if not text:
        return None
    whole, _, frac = text.partition("点")
    value = _integer(whole) if whole else 0
    if value is None:
        return None
    if not frac:
        return Decimal(value)
    scale = 1
    while frac and frac[-1] in _BIG:  # 一点五万: 1.5 x 10000
        scale *= _BIG[frac[-1]]
        frac = frac[:-1]
    digits = []
    for ch in frac:
        if ch not in _DIGITS:
            return None
        digits.append(str(_DIGITS[ch]))
    if not digits:
        return None
    return clean(Decimal(f"{value}.{''.join(digits)}") * scale)

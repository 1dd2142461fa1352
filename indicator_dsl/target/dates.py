"""Dates in targets and actuals: the parts of a DATE token and their check.

>>> from indicator_dsl.target.grammar import make_token
>>> date_parts(make_token("DATE", "2025年底", 0, 7))
(2025, 12, None)
"""

from __future__ import annotations

import re

from lark import Token

from indicator_dsl.target.errors import PhraseError
from indicator_dsl.target.model import Deadline

__all__ = ["date_parts", "check_date"]

_DATE_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})$")
_DATE_YEAR = re.compile(r"(\d{4})\s*年\s*(.*)$")
_DATE_MD = re.compile(r"(\d{1,2})\s*月\s*(?:(\d{1,2})\s*[日号]|([底末份]))?$")
_DATE_RANGE = re.compile(r"\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号]|[底末])?\s*[-~至到]\s*(\d{1,2})\s*月\s*(?:(\d{1,2})\s*[日号]|[底末])?$")


def date_parts(tok: Token) -> tuple[int | None, int, int | None]:
    """(year or None, month, day or None) of a DATE token; a month alone means its end."""
    text = str(tok)
    m = _DATE_ISO.match(text)
    if m:
        return int(m[1]), int(m[2]), int(m[3])
    year: int | None = None
    rest = text
    m = _DATE_YEAR.match(text)
    if m:
        year, rest = int(m[1]), m[2]
        if rest in ("", "底", "末", "年底", "年末", "全年", "下半年"):
            return year, 12, None
        if rest == "上半年":
            return year, 6, None
    m = _DATE_RANGE.match(rest)
    if m:
        return year, int(m[1]), int(m[2]) if m[2] else None
    m = _DATE_MD.match(rest)
    if m:
        return year, int(m[1]), int(m[2]) if m[2] else None
    raise PhraseError(tok, "a date that cannot be read", ("a date such as 2025年12月31日",))


def check_date(tok: Token, year: int | None, month: int, day: int | None) -> Deadline:
    """The deadline of checked parts: a month from 1 to 12 and a day of that month."""
    if not 1 <= month <= 12:
        raise PhraseError(tok, f"there is no month {month}", ("a month from 1 to 12",))
    probe = Deadline(year, month, None)
    if day is not None and not 1 <= day <= probe.last_day and not (month == 2 and day == 29 and year is None):
        raise PhraseError(tok, f"month {month} has no day {day}", ("a day of that month",))
    return Deadline(year, month, day)

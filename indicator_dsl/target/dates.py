"""Dates in targets and actuals: the parts of a DATE or QUARTER token and their check.

>>> from indicator_dsl.target.grammar import make_token
>>> date_parts(make_token("DATE", "2025年底", 0, 7))
(2025, 12, None)
>>> date_parts(make_token("DATE", "2020年1月--2020年11月", 0, 0))
(2020, 11, None)
"""

from __future__ import annotations

import re

from indicator_dsl.messages import N_, msg
from indicator_dsl.target.errors import PhraseError
from indicator_dsl.target.lexer import Token
from indicator_dsl.target.model import Deadline
from indicator_dsl.target.numerals import chinese_to_decimal

__all__ = ["date_parts", "check_date", "years_after", "year_of", "arabic_date"]

_DATE_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})$")
_DATE_YEAR = re.compile(r"(\d{4})\s*年\s*(.*)$")
_DATE_MD = re.compile(r"(\d{1,2})\s*月\s*(?:(\d{1,2})\s*[日号]|([底末份]))?$")
_UNTIL = re.compile(r"\s*(?:-{1,2}|~|至|到)\s*")  # the separator of a period's two ends
_DOTTED = re.compile(r"(?:(\d{4})\.)?(\d{1,2})(?:\.(\d{1,2}))?$")
_QUARTER = re.compile(r"(?:(\d{4})\s*年\s*)?(?:第\s*)?([一二三四1-4])\s*季度")
# a year named from the table's year (REL_DATE): the word and how many years after it is
_REL_YEAR = re.compile(r"(次|翌|下一?|明|来|当|本|今|上一?|去|前一?|后)年度?\s*")
_YEARS_AFTER = {"次": 1, "翌": 1, "下": 1, "下一": 1, "明": 1, "来": 1, "当": 0, "本": 0, "今": 0,
                "上": -1, "上一": -1, "去": -1, "前一": -1, "后": 2, "前": -2}
_QUARTER_NUMBER = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
# a Chinese numeral in a date: a year digit by digit (二〇二三), a month or a day (十二, 三十一)
_CN_NUMERAL = re.compile(r"[〇零一二三四五六七八九十]+")


def _arabic(m: re.Match[str]) -> str:
    value = chinese_to_decimal(m.group())  # 二〇二三 digit by digit, 十二, 三十一 (numerals.py)
    return m.group() if value is None else str(value)


def arabic_date(text: str) -> str:
    """The text of a date with its Chinese numerals written in Arabic (a quarter's 第三
    too: 3 names the same quarter).

    >>> arabic_date("二〇二三年十二月三十一日"), arabic_date("2023年十月底"), arabic_date("三至六月")
    ('2023年12月31日', '2023年10月底', '3至6月')
    """
    return _CN_NUMERAL.sub(_arabic, text)


def date_parts(tok: Token) -> tuple[int | None, int, int | None]:
    """(year or None, month, day or None) of a DATE or QUARTER token.

    A period means its end: a month alone its last day (``9月``), a quarter its last
    month (``第三季度末`` is 9月), a span its second end (``2021年1月-12月``,
    ``2020年1月--2020年11月``, ``3-9月``, ``2021.1.1-12.31``, ``2022.03-2022.10``); the
    year of the second end is the first end's when it has none.

    >>> from indicator_dsl.target.grammar import make_token
    >>> [date_parts(make_token("DATE", t, 0, 0)) for t in ("2021.1.1-12.31", "2022.03-2022.10", "3-9月")]
    [(2021, 12, 31), (2022, 10, None), (None, 9, None)]
    >>> date_parts(make_token("QUARTER", "第三季度末", 0, 0))
    (None, 9, None)
    """
    text = str(tok)
    if tok.type == "REL_DATE":  # 次年3月底: the date after the year's word, whose year is the table's
        text = text[_REL_YEAR.match(text).end():]  # type: ignore[union-attr]  # the terminal begins so
    if _CN_NUMERAL.search(text):  # 十二月底, 二〇二三年三月: read as 12月底, 2023年3月
        text = arabic_date(text)
    q = _QUARTER.match(text)
    if q:
        return (int(q[1]) if q[1] else None), 3 * _QUARTER_NUMBER[q[2]], None
    m = _DATE_ISO.match(text)
    if m:
        return int(m[1]), int(m[2]), int(m[3])
    if not any(ch.isdigit() for ch in text):  # 年底, 年内, 本年度内, 当年, 上半年: the row's year
        return None, 6 if "上半年" in text else 12, None
    if "." in text:
        return _dotted(tok, text)
    year: int | None = None
    rest = text
    m = _DATE_YEAR.match(text)
    if m:
        year, rest = int(m[1]), m[2]
        if rest in ("", "底", "末", "年底", "年末", "全年", "下半年"):
            return year, 12, None
        if rest == "上半年":
            return year, 6, None
    last = _UNTIL.split(rest)[-1]
    m = _DATE_YEAR.match(last)
    if m:  # 2020年1月--2020年11月: the second end names its year
        year, last = int(m[1]), m[2]
    m = _DATE_MD.match(last)
    if m:
        return year, int(m[1]), int(m[2]) if m[2] else None
    raise PhraseError(tok, N_("a date that cannot be read"), (N_("a date such as 2025年12月31日"),))


def _dotted(tok: Token, text: str) -> tuple[int | None, int, int | None]:
    """2021.1.1, 2021.1.1-12.31, 2022.03-2022.10: the (second) end, year first."""
    ends = _UNTIL.split(text)
    first = ends[0].split(".")
    year = int(first[0])
    if len(ends) == 1:
        return year, int(first[1]), int(first[2])
    m = _DOTTED.match(ends[-1])
    if m is None:  # pragma: no cover - the DATE terminal admits no other shape
        raise PhraseError(tok, N_("a date that cannot be read"), (N_("a date such as 2025年12月31日"),))
    if m[1]:
        return int(m[1]), int(m[2]), int(m[3]) if m[3] else None
    if m[3]:  # 12.31: month and day
        return year, int(m[2]), int(m[3])
    return year, int(m[2]), None


def year_of(tok: Token) -> int:
    """The year of a YEAR token: 2023年, 2023年度, 二〇二三年.

    >>> from indicator_dsl.target.grammar import make_token
    >>> year_of(make_token("YEAR", "二〇二三年度", 0, 0)), year_of(make_token("YEAR", "2022 年", 0, 0))
    (2023, 2022)
    """
    return int(arabic_date(str(tok)[:4]))


def years_after(tok: Token) -> int | None:
    """How many years after the table's year a REL_DATE token's date falls (次年 1, 上年 -1);
    None for 当年/本年度/今年 (the table's year itself) and for every other token.

    >>> from indicator_dsl.target.grammar import make_token
    >>> [years_after(make_token("REL_DATE", t, 0, 0)) for t in ("次年3月底", "下一年度6月", "上年第四季度", "今年底")]
    [1, 1, -1, None]
    >>> date_parts(make_token("REL_DATE", "明年第一季度", 0, 0)), date_parts(make_token("REL_DATE", "次年上半年", 0, 0))
    ((None, 3, None), (None, 6, None))
    """
    if tok.type != "REL_DATE":
        return None
    m = _REL_YEAR.match(str(tok))
    return (_YEARS_AFTER[m[1]] or None) if m else None


def check_date(tok: Token, year: int | None, month: int, day: int | None) -> Deadline:
    """The deadline of checked parts: a month from 1 to 12 and a day of that month."""
    if not 1 <= month <= 12:
        raise PhraseError(tok, msg(N_("there is no month {month}"), month=month), (N_("a month from 1 to 12"),))
    probe = Deadline(year, month, None)
    if day is not None and not 1 <= day <= probe.last_day and not (month == 2 and day == 29 and year is None):
        raise PhraseError(tok, msg(N_("month {month} has no day {day}"), month=month, day=day), (N_("a day of that month"),))
    return Deadline(year, month, day)

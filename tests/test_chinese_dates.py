"""Dates written with Chinese numerals (三月底前, 二〇二三年十二月三十一日前, 次年三月底前,
2023年十二月): read as the Arabic spelling is, in targets (Deadline) and actuals (ActualDate);
the canonical text stays Arabic and reads back to an equal target.  A numeral before 月 that
counts months (三个月内, 两月一次, 每月) is no date.  后年 and 前年 count two years."""

from __future__ import annotations

import calendar

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indicator_dsl.errors import TargetSyntaxError
from indicator_dsl.evaluation.actual import read_actual
from indicator_dsl.evaluation.model import ActualDate
from indicator_dsl.target.model import Deadline
from indicator_dsl.target.parse import parse_target, read_target

_DIGITS = "〇一二三四五六七八九"


def cn_small(n: int) -> str:
    """1..31 in Chinese numerals: 三, 十, 十二, 二十, 三十一."""
    tens, units = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[units] if units else "")


def cn_year(y: int, zero: str = "〇") -> str:
    return "".join(_DIGITS[int(c)] for c in str(y)).replace("〇", zero)


SAME_AS_ARABIC = [
    ("三月底前", "3月底前"),
    ("十二月底前完成", "12月底前完成"),
    ("九月前", "9月前"),
    ("十月份完成", "10月份完成"),
    ("十一月底前", "11月底前"),
    ("2023年十二月底前", "2023年12月底前"),
    ("二〇二三年十二月三十一日前", "2023年12月31日前"),
    ("二零二三年十二月三十一日前", "2023年12月31日前"),
    ("二〇二三年十二月底前", "2023年12月底前"),
    ("二〇二三年底前", "2023年底前"),
    ("二〇二三年上半年", "2023年上半年"),
    ("二〇二三年", "2023年"),
    ("二〇二三年度", "2023年度"),
    ("二〇二三年第三季度末前", "2023年第三季度末前"),
    ("二〇二四年三月至十二月", "2024年3月至12月"),
    ("2024年三月-十二月", "2024年3月-12月"),
    ("三至六月", "3至6月"),
    ("五月一日前", "5月1日前"),
    ("十二月三十一号前", "12月31号前"),
    ("2023年12月三十一日前", "2023年12月31日前"),
    ("次年三月底前", "次年3月底前"),
    ("下一年度十二月前", "下一年度12月前"),
    ("上年十二月三十一日前", "上年12月31日前"),
    ("明年二月", "明年2月"),
]


@pytest.mark.parametrize(("chinese", "arabic"), SAME_AS_ARABIC)
@pytest.mark.parametrize("year", [None, 2023])
def test_a_chinese_date_reads_as_the_arabic_one(chinese: str, arabic: str, year: int | None) -> None:
    t = parse_target(chinese, year=year)
    assert isinstance(t, Deadline)
    assert t == parse_target(arabic, year=year)
    assert parse_target(str(t), year=year) == t  # the canonical text reads back
    assert not any(ch in str(t) for ch in "〇零一二三四五六七八九十")  # and is Arabic


@pytest.mark.parametrize(("text", "canonical"), [
    ("三月底前", "2023年3月底前"),
    ("十二月底前完成", "2023年12月底前"),
    ("2023年十二月底前", "2023年12月底前"),
    ("二〇二三年十二月三十一日前", "2023年12月31日前"),
    ("次年三月底前", "2024年3月底前"),
])
def test_the_readings_of_the_brief(text: str, canonical: str) -> None:
    assert str(parse_target(text, year=2023)) == canonical


def test_the_span_covers_the_chinese_date() -> None:
    t = parse_target("二〇二三年十二月三十一日前完成")
    assert t.span is not None and (t.span.start, t.span.end) == (0, 13)


@pytest.mark.parametrize(("chinese", "arabic"), [
    ("十三月底前", "13月底前"),
    ("二月三十日前", "2月30日前"),
    ("二〇二三年四月三十一日前", "2023年4月31日前"),
    ("二〇二三年二月二十九日前", "2023年2月29日前"),
    ("次年十三月", "次年13月"),
])
def test_a_date_that_does_not_exist_is_the_same_error(chinese: str, arabic: str) -> None:
    with pytest.raises(TargetSyntaxError) as cn:
        parse_target(chinese)
    with pytest.raises(TargetSyntaxError) as ar:
        parse_target(arabic)
    assert (str(cn.value.problem_msg), cn.value.start) == (str(ar.value.problem_msg), ar.value.start)
    assert [str(e) for e in cn.value.expected_msgs] == [str(e) for e in ar.value.expected_msgs]
    lenient_cn, lenient_ar = read_target(chinese)[0], read_target(arabic)[0]  # read leniently alike
    assert type(lenient_cn) is type(lenient_ar) and lenient_cn.kind == "qualitative"


def test_february_29_without_a_year_is_kept() -> None:
    assert parse_target("二月二十九日前") == parse_target("2月29日前") == Deadline(None, 2, 29)


@pytest.mark.parametrize("text", [
    "三个月内完成", "六个月", "每月", "两月一次", "一月一次", "三月一次", "每三月一次", "前三月",
    "统一月度考核", "同一月内完成", "每一月", "三四月份", "几月",
])
def test_a_count_of_months_is_no_date(text: str) -> None:
    t, _ = read_target(text, year=2023)
    assert not isinstance(t, Deadline)
    parts = getattr(t, "parts", ())
    assert not any(isinstance(p, Deadline) for p in parts)
    assert not isinstance(read_actual(text, None, year=2023), ActualDate)


@pytest.mark.parametrize(("chinese", "arabic"), [
    ("已于十一月完成", "已于11月完成"),
    ("二〇二三年十月底完成", "2023年10月底完成"),
    ("于二〇二三年十二月三十一日前完成", "于2023年12月31日前完成"),
    ("2023年十二月完成验收", "2023年12月完成验收"),
    ("于次年二月完成", "于次年2月完成"),
    ("三月开始", "3月开始"),
    ("十一月中旬完成", "11月中旬完成"),
])
@pytest.mark.parametrize("year", [None, 2023])
def test_an_actual_date_in_chinese_numerals(chinese: str, arabic: str, year: int | None) -> None:
    target = parse_target("2023年12月底前", year=year)
    assert read_actual(chinese, target, year=year) == read_actual(arabic, target, year=year)
    assert read_actual(chinese, None, year=year) == read_actual(arabic, None, year=year)
    assert isinstance(read_actual(chinese, target, year=year), ActualDate)


def test_an_actual_date_is_what_the_brief_says() -> None:
    target = parse_target("2023年12月底前", year=2023)
    assert read_actual("已于十一月完成", target, year=2023) == ActualDate(2023, 11)
    assert read_actual("二〇二三年十月底完成", target, year=2023) == ActualDate(2023, 10)


@pytest.mark.parametrize(("text", "after", "canonical", "with_year"), [
    ("后年3月底前", 2, "后年3月底前", "2025年3月底前"),
    ("后年底前", 2, "后年12月底前", "2025年12月底前"),
    ("后年上半年", 2, "后年6月底前", "2025年6月底前"),
    ("前年12月31日前", -2, "前年12月31日前", "2021年12月31日前"),
    ("前年第四季度", -2, "前年12月底前", "2021年12月底前"),
    ("于前年三月底前完成", -2, "前年3月底前", "2021年3月底前"),
    ("后年十二月", 2, "后年12月底前", "2025年12月底前"),
])
def test_two_years_after_or_before(text: str, after: int, canonical: str, with_year: str) -> None:
    t = parse_target(text)
    assert isinstance(t, Deadline) and t.years_after == after and str(t) == canonical
    assert parse_target(str(t)) == t
    assert str(parse_target(text, year=2023)) == with_year


def test_two_years_in_an_actual() -> None:
    assert read_actual("已于后年底完成", parse_target("后年底前", year=2023), year=2023) == ActualDate(2025, 12)
    assert read_actual("已于后年底完成", parse_target("后年底前")) == ActualDate(None, 12, years_after=2)
    assert read_actual("前年十月完成", parse_target("2023年底前")) == ActualDate(None, 10, years_after=-2)
    assert str(ActualDate(None, 12, years_after=-2)) == "前年12月底"


@pytest.mark.parametrize("text", ["提前年底完成", "以后年度内完成", "之后年底前", "然后年底前完成"])
def test_before_and_after_inside_a_word_count_no_years(text: str) -> None:
    t, _ = read_target(text, year=2023)
    assert getattr(t, "years_after", None) is None
    assert not (isinstance(t, Deadline) and t.year in (2021, 2025))


@st.composite
def dates(draw: st.DrawFn) -> tuple[int, int, int | None]:
    year = draw(st.integers(1900, 2999))
    month = draw(st.integers(1, 12))
    day = draw(st.none() | st.integers(1, calendar.monthrange(year, month)[1]))
    return year, month, day


@given(dates(), st.sampled_from(["〇", "零"]), st.tuples(st.booleans(), st.booleans(), st.booleans()),
       st.sampled_from(["前", "底前", "前完成", ""]))
def test_chinese_numerals_read_as_arabic(date: tuple[int, int, int | None], zero: str,
                                         chinese: tuple[bool, bool, bool], end: str) -> None:
    year, month, day = date
    cy, cm, cd = chinese
    y = cn_year(year, zero) if cy else str(year)
    m = cn_small(month) if cm else str(month)
    tail = end if day is None else f"{cn_small(day) if cd else day}日{end.removeprefix('底')}"
    text = f"{y}年{m}月{tail}"
    t = parse_target(text)
    assert t == parse_target(f"{year}年{month}月{tail if day is None else f'{day}日' + end.removeprefix('底')}")
    assert t == Deadline(year, month, day)
    assert parse_target(str(t)) == t


@given(st.integers(1, 12), st.none() | st.integers(1, 28), st.sampled_from(["次年", "上年", "后年", "前年", ""]))
def test_chinese_months_without_a_year(month: int, day: int | None, word: str) -> None:
    tail = "底前" if day is None else f"{cn_small(day)}日前"
    t = parse_target(f"{word}{cn_small(month)}月{tail}", year=2023)
    after = {"次年": 1, "上年": -1, "后年": 2, "前年": -2, "": 0}[word]
    assert t == Deadline(2023 + after, month, day)

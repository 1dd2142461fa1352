"""Dates in a year named from the table's year (次年3月底前, 上年12月, 明年第一季度): in
targets they are deadlines counted from the table's year; without one the canonical text
keeps the word, so it reads back to an equal target; in actuals the same dates."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicator_dsl.evaluation.actual import read_actual
from indicator_dsl.evaluation.model import ActualDate
from indicator_dsl.evaluation.serialize import target_to_json
from indicator_dsl.target.model import Deadline, Relative
from indicator_dsl.target.parse import parse_target

NEXT = ["次年3月底前", "翌年3月底前", "下一年3月底前", "下一年度3月底前", "下年3月底前", "下年度3月底前",
        "明年3月底前", "来年3月底前", "次年度3月底前完成", "次年 3 月底前", "次年3月前", "次年3月份前"]
LAST = ["上年3月底前", "上一年3月底前", "上一年度3月底前", "上年度3月底前", "去年3月底前", "前一年3月底前"]
SAME = ["当年3月底前", "本年3月底前", "本年度3月底前", "今年3月底前", "当年度3月底前"]


@pytest.mark.parametrize("text", NEXT)
def test_next_year_with_the_table_year(text: str) -> None:
    t = parse_target(text, year=2023)
    assert t == Deadline(2024, 3, None)
    assert isinstance(t, Deadline) and t.date == "2024-03-31"
    assert str(t) == "2024年3月底前"


@pytest.mark.parametrize("text", NEXT)
def test_next_year_without_a_year_keeps_the_word(text: str) -> None:
    t = parse_target(text)
    assert t == Deadline(None, 3, None, years_after=1)
    assert str(t) == "次年3月底前"
    assert parse_target(str(t)) == t
    assert parse_target(str(t), year=2023) == Deadline(2024, 3, None)


@pytest.mark.parametrize("text", LAST)
def test_last_year(text: str) -> None:
    assert parse_target(text, year=2023) == Deadline(2022, 3, None)
    t = parse_target(text)
    assert t == Deadline(None, 3, None, years_after=-1)
    assert str(t) == "上年3月底前" and parse_target(str(t)) == t


@pytest.mark.parametrize("text", SAME)
def test_this_year(text: str) -> None:
    assert parse_target(text, year=2023) == Deadline(2023, 3, None)
    t = parse_target(text)
    assert t == Deadline(None, 3, None)  # the table's year itself: no count kept
    assert parse_target(str(t)) == t


@pytest.mark.parametrize("text, year, month, day", [
    ("次年6月", 2024, 6, None),                 # a month alone: its last day
    ("次年6月30日前", 2024, 6, 30),
    ("次年6月30号前完成", 2024, 6, 30),
    ("次年1-3月", 2024, 3, None),                # a span: its end
    ("次年底前", 2024, 12, None),
    ("次年年底", 2024, 12, None),
    ("次年末", 2024, 12, None),
    ("次年度内完成", 2024, 12, None),
    ("次年上半年", 2024, 6, None),
    ("明年下半年完成", 2024, 12, None),
    ("次年第一季度", 2024, 3, None),
    ("次年一季度末前", 2024, 3, None),
    ("去年第四季度", 2022, 12, None),
    ("上年12月31日前", 2022, 12, 31),
    ("翌年2月29日前", 2024, 2, 29),              # 2024 has a 29 February
])
def test_forms_after_the_word(text: str, year: int, month: int, day: int | None) -> None:
    t = parse_target(text, year=2023)
    assert t == Deadline(year, month, day)
    u = parse_target(text)
    assert isinstance(u, Deadline) and u.year is None and parse_target(str(u)) == u


def test_a_day_the_counted_year_lacks() -> None:
    from indicator_dsl.errors import TargetSyntaxError

    with pytest.raises(TargetSyntaxError):
        parse_target("次年2月29日前", year=2022)  # 2023 has no 29 February
    assert parse_target("次年2月29日前", year=2023) == Deadline(2024, 2, 29)


def test_inside_a_sentence() -> None:
    t = parse_target("项目明年3月底前完成验收", year=2023)
    assert t == Deadline(2024, 3, None)
    t = parse_target("次年3月底前完成绩效自评，按季度报送进度", year=2023)
    assert isinstance(t, object) and Deadline(2024, 3, None) in getattr(t, "parts", ())


@pytest.mark.parametrize("text", [
    "比上年增长10%", "较上年提高5个百分点", "与上一年度相比有所提高", "与去年同期相比有所增加",
])
def test_a_baseline_year_stays_a_reference(text: str) -> None:
    """上年, 去年 with no date after them name the baseline of a relative target."""
    t = parse_target(text, year=2023)
    assert isinstance(t, Relative)


@pytest.mark.parametrize("text, canonical", [
    ("1次年度考核", "年度考核 = 1 次"),      # 次 after a numeral counts: no date
    ("两次年底前完成", None),
    ("3年内", "<= 3 年"),
    ("年底前", "2023年12月底前"),
])
def test_not_a_year_word(text: str, canonical: str | None) -> None:
    t = parse_target(text, year=2023)
    if canonical is not None:
        assert str(t) == canonical
    if text == "两次年底前完成":
        assert "2024" not in str(t)


def test_json_fields_agree() -> None:
    with_year = target_to_json(parse_target("次年3月底前", year=2023))
    assert (with_year["date"], with_year["year"], with_year["month"], with_year["day"]) == ("2024-03-31", 2024, 3, None)
    assert with_year["canonical"] == "2024年3月底前"
    without = target_to_json(parse_target("次年3月底前"))
    assert (without["date"], without["year"], without["month"]) == (None, None, 3)
    assert without["canonical"] == "次年3月底前"


def test_the_model_checks_the_count() -> None:
    for bad in (3, -3, 0, True, "1"):
        with pytest.raises(ValueError):
            Deadline(None, 3, years_after=bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Deadline(2024, 3, years_after=1)  # an absolute date counts from nothing
    assert repr(Deadline(2024, 3)) == "Deadline(year=2024, month=3, day=None)"


def test_a_year_past_9999_is_not_counted() -> None:
    t = parse_target("次年3月底前", year=9999)
    assert t == Deadline(None, 3, None, years_after=1)


@pytest.mark.parametrize("text, year, month", [
    ("于次年2月完成", 2024, 2),
    ("已于翌年1月15日完成", 2024, 1),
    ("次年第一季度完成", 2024, 3),
    ("上年12月已完成", 2022, 12),
    ("当年11月完成", 2023, 11),
])
def test_actual_dates(text: str, year: int, month: int) -> None:
    target = parse_target("次年3月底前", year=2023)
    a = read_actual(text, target, year=2023)
    assert isinstance(a, ActualDate) and (a.year, a.month) == (year, month)


def test_actual_date_scored_against_the_next_year() -> None:
    from indicator_dsl.evaluation.outcome import evaluate

    assert evaluate("次年3月底前", "于次年2月完成", year=2023).verdict.value == "met"
    assert evaluate("次年3月底前", "次年4月完成", year=2023).verdict.value == "partial"
    assert evaluate("年底前", "于次年2月完成", year=2023).verdict.value == "partial"


@pytest.mark.parametrize("target, actual, verdict, reason", [
    # no table year: each date counts from the same unknown year
    ("次年3月底前", "12月完成", "met", "done on 12月底, on or before the deadline 次年3月底 (rule 13)"),
    ("次年3月底前", "次年2月完成", "met", "done on 次年2月底, on or before the deadline 次年3月底 (rule 13)"),
    ("次年3月底前", "次年4月完成", "partial", "done on 次年4月底, after the deadline 次年3月底 (rule 13)"),
    ("12月底前", "次年1月完成", "partial", "done on 次年1月底, after the deadline 12月底 (rule 13)"),
    ("12月底前", "上年12月完成", "met", "done on 上年12月底, on or before the deadline 12月底 (rule 13)"),
    ("12月底前", "11月完成", "met", "done on 11-30, on or before the deadline 12-31 (rule 13)"),
    # a year in one of them: the other counts from it
    ("2023年12月底前", "次年1月完成", "partial", "done on 2024-01-31, after the deadline 2023-12-31 (rule 13)"),
])
def test_scored_without_a_table_year(target: str, actual: str, verdict: str, reason: str) -> None:
    from indicator_dsl.evaluation.outcome import evaluate

    o = evaluate(target, actual)
    assert (o.verdict.value, o.reason) == (verdict, reason)


def test_actual_date_without_a_table_year_keeps_the_count() -> None:
    from indicator_dsl.evaluation.serialize import actual_to_json

    a = read_actual("于次年2月完成", parse_target("次年3月底前"))
    assert a == ActualDate(None, 2, years_after=1) and str(a) == "次年2月底" and a.date is None
    j = actual_to_json(a)
    assert (j["date"], j["year"], j["month"], j["years_after"], j["canonical"]) == (None, None, 2, 1, "次年2月底")
    assert target_to_json(parse_target("次年3月底前"))["years_after"] == 1
    assert "years_after" not in target_to_json(parse_target("次年3月底前", year=2023))
    with pytest.raises(ValueError):
        ActualDate(2024, 2, years_after=1)


_WORDS = {0: "", 1: "次年", -1: "上年", 2: "后年", -2: "前年"}


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(sorted(_WORDS)), st.integers(1, 12), st.integers(1, 28),
       st.sampled_from(sorted(_WORDS)), st.integers(1, 12), st.integers(1, 28), st.integers(1990, 2090))
def test_scoring_without_a_year_agrees_with_any_table_year(t_off, t_month, t_day, a_off, a_month, a_day, year):
    """Dates counted from the table's year compare alike whatever that year is, and alike when
    it is not known (both then count from one base year): the verdict never depends on it."""
    from indicator_dsl.evaluation.outcome import evaluate

    target = f"{_WORDS[t_off]}{t_month}月{t_day}日前"
    actual = f"于{_WORDS[a_off]}{a_month}月{a_day}日完成"
    known = evaluate(target, actual, year=year)
    unknown = evaluate(target, actual)
    assert known.rule == unknown.rule == 13
    assert known.verdict == unknown.verdict
    expected = (a_off, a_month, a_day) <= (t_off, t_month, t_day)
    assert (known.verdict.value == "met") == expected

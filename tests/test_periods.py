"""Dates and periods in every spelling (issue 11): a period means its end, the row's
year completes a date written without one, and today's date never does."""

from __future__ import annotations

import pytest

from indicator_dsl import parse_target
from indicator_dsl.evaluation.actual import read_actual
from indicator_dsl.evaluation.batch import handle_row


@pytest.mark.parametrize("text, date", [
    ("2021年12月完成", "2021-12-31"), ("2022年", "2022-12-31"), ("2022年度", "2022-12-31"),
    ("3-9月", "2023-09-30"), ("2022.03-2022.10", "2022-10-31"), ("2021.1.1-12.31", "2021-12-31"),
    ("2021.6.30", "2021-06-30"), ("2020年1月--2020年11月", "2020-11-30"), ("2021年1月-12月", "2021-12-31"),
    ("11月底完成", "2023-11-30"), ("第三季度末", "2023-09-30"), ("2022年第4季度前完成", "2022-12-31"),
    ("三季度", "2023-09-30"), ("2021年全年", "2021-12-31"), ("12月底到位", "2023-12-31"),
    ("1月1日至6月30日", "2023-06-30"), ("2022年1-12月", "2022-12-31"), ("2022年度内完成", "2022-12-31"),
    ("年底前完成", "2023-12-31"), ("年内完成", "2023-12-31"), ("本年度内完成", "2023-12-31"), ("当年完成", "2023-12-31"),
    ("上半年完成", "2023-06-30"), ("12月31日之前完成", "2023-12-31"),
])
def test_a_period_reads_as_a_deadline_at_its_end(text, date):
    t = parse_target(text, year=2023)
    assert (t.kind, t.date) == ("deadline", date)


@pytest.mark.parametrize("text", ["11月底完成", "第三季度末", "3-9月"])
def test_without_the_rows_year_a_date_has_none(text):
    """The year is the row's, never today's: without one the date stays open."""
    t = parse_target(text)
    assert t.year is None and t.date is None


def test_the_batch_rows_year_flows_in():
    out = handle_row({"id": "r", "target": "11月底完成", "actual": "11月", "year": "2021"})
    assert out["target"]["date"] == "2021-11-30"
    assert out["actual"]["date"] == "2021-11-30"


@pytest.mark.parametrize("text, period", [("全年", "year"), ("全年完成", "year"), ("按月安排", "month")])
def test_schedules(text, period):
    t = parse_target(text)
    assert (t.kind, t.period.value) == ("schedule", period)


@pytest.mark.parametrize("text, canonical", [
    ("6个月内", "<= 6 个月"), ("20个工作日", "= 20 个工作日"), ("全年至少开展3次培训", "培训 >= 3 次"),
    ("全年无重大安全事故", "全年无重大安全事故"), ("2021年新增入库技术≥200项", "2021年新增入库技术 >= 200 项"),
    ("2021.5万元", "= 2021.5 万元"), ("项目于9月完成", "项目于9月完成"), ("三年内", "<= 3 年"), ("5年内", "<= 5 年"),
    ("确保当年资金支付完毕", "确保当年资金支付完毕"),
])
def test_durations_counts_and_prose_around_periods(text, canonical):
    """Durations are quantities; a period word before a count is no subject; a year
    inside a sentence and a dotted number that is no date stay what they are."""
    assert str(parse_target(text)) == canonical


@pytest.mark.parametrize("text, date", [("2021.1.1-12.31", "2021-12-31"), ("2021年12月完成", "2021-12-31"), ("第三季度末已完成", "2022-09-30")])
def test_actual_dates(text, date):
    a = read_actual(text, parse_target("2022年12月底前"), year=2022)
    assert (a.kind, a.date) == ("date", date)


@pytest.mark.parametrize("low, high", [("1900.01", "1995.01"), ("2021.1", "2021.5"), ("2020.05", "2020.5")])
def test_a_range_of_numbers_that_look_like_dotted_dates_round_trips(low, high):
    """2022.03-2022.10 is a period; a range of such numbers is written so it stays one."""
    from decimal import Decimal as D

    from indicator_dsl import Range

    r = Range(D(low), D(high))
    assert parse_target(str(r)) == r


@pytest.mark.parametrize("text, period", [
    ("在项目计划完成时间内完成", "plan"), ("在规定时间内完成", None), ("在合同约定工期内完成", None),
])
def test_within_the_time_set_is_on_schedule(text, period):
    """在…时间/时限/期限/工期内 (within the time set) is a schedule; the plan, when named, its period."""
    t = parse_target(text)
    assert t.kind == "schedule" and (t.period.value if t.period else None) == period


@pytest.mark.parametrize("text", ["项目在规定时间内完成率100%", "在规定时间内办结率≥95%"])
def test_a_rate_of_work_done_within_the_time_set_is_a_figure(text):
    assert parse_target(text).kind == "compare"

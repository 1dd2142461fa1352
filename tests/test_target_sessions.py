"""Sessions named by number before a schedule: 1-6期培训结束后及时考核 is a schedule target.

A range or count of sessions or batches (第1-6期, 1-6期, 1-2批) that begins its clause and is
followed by a time clause about them (…结束后, …完成后) and a schedule (及时, 按时) says WHICH
sessions the sentence is about: the target is the schedule.  A count of sessions to hold
(1-2场, 3-5期培训, 举办3期培训，及时考核) keeps its figure.  第1-6期 is a range of ordinals
anywhere: its upper end counts nothing.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from indicator_dsl import AllOf, Compare, Range, Schedule, parse_target


@pytest.mark.parametrize("text", [
    "1-6期培训结束后及时考核",
    "第1-6期培训结束后及时考核",
    "第一至六期培训结束后按时考核",
    "1-2批项目完成后按时验收",
    "1~3批次资金拨付后及时公示",
    "1-6期培训结束后，及时考核",
    "2期培训结束后及时考核",
    "第1-2届赛事结束后及时总结",
    "对1-6期培训结束后及时考核",
])
def test_named_sessions_before_a_schedule_are_a_schedule(text):
    """The figure names the sessions; the cell is a schedule, which round-trips."""
    t = parse_target(text)
    assert t == Schedule(None), t
    assert parse_target(str(t)) == t


def test_named_sessions_in_one_clause_leave_the_other_clauses():
    """Only the figure naming the sessions goes; a target of another clause stays."""
    t = parse_target("1-6期培训结束后及时考核；培训合格率≥90%")
    assert isinstance(t, AllOf)
    assert [p.kind for p in t.parts] == ["schedule", "compare"]
    assert t.parts[1] == Compare(parse_target("≥90%").op, Decimal(90), "%", None, "培训合格率")
    assert parse_target(str(t)) == t


@pytest.mark.parametrize("text, low, high, unit", [
    ("1-2场", 1, 2, "场"),
    ("3-5期培训", 3, 5, "期"),
    ("1-2批", 1, 2, "批"),
    ("举办3-5期培训，及时考核", 3, 5, "期"),          # a count to hold, then a schedule
    ("3-5期培训及时完成", 3, 5, "期"),                # no time clause: sessions to hold on time
    ("举办1-2期培训结束后及时考核", 1, 2, "期"),      # the object of a verb: counted
    ("1-2场培训结束后及时考核", 1, 2, "场"),          # 场 counts events, it does not number them
])
def test_counts_of_sessions_keep_their_range(text, low, high, unit):
    """A range of sessions to hold is a range target, with or without a schedule beside it."""
    t = parse_target(text)
    r = t.parts[0] if isinstance(t, AllOf) else t
    assert isinstance(r, Range), t
    assert (r.low, r.high, r.unit) == (Decimal(low), Decimal(high), unit)
    assert parse_target(str(t)) == t


def test_a_compared_count_of_sessions_is_kept():
    """A comparison word makes the count a target even before a time clause."""
    t = parse_target("≥3期培训结束后及时考核")
    assert isinstance(t, AllOf) and isinstance(t.parts[0], Compare) and t.parts[0].value == 3


@pytest.mark.parametrize("text, subject", [
    ("第1-6期培训合格率≥90%", "第1-6期培训合格率"),
    ("第一至三批项目验收合格率≥95%", "第一至三批项目验收合格率"),
])
def test_an_ordinal_range_is_part_of_the_subject(text, subject):
    """第1-6期 numbers sessions: its 6 is no count, the range belongs to what is measured."""
    t = parse_target(text)
    assert isinstance(t, Compare) and t.subject == subject
    assert parse_target(str(t)) == t


@pytest.mark.parametrize("text", ["第1-6期", "排名第1-3名"])
def test_an_ordinal_range_alone_counts_nothing(text):
    """An ordinal range alone is no count (it was read as '= 6 期' with subject '第1-')."""
    assert parse_target(text).kind == "qualitative"


@pytest.mark.parametrize("text, target", [
    ("1-6期培训结束后3日内完成考核", "1-6期培训结束后 <= 3日"),
    ("1-6期培训结束后10个工作日内完成考核", "1-6期培训结束后 <= 10 个工作日"),
    ("1-2批项目完成后2025年底前验收", "2025年12月底前"),
    ("一至三期工程完工后按时交付", "按时完成"),
])
def test_a_time_limit_or_deadline_after_named_sessions(text, target):
    """A time limit or a deadline is as timely as a schedule word: the sessions go into its subject."""
    t = parse_target(text)
    assert str(t) == target
    assert parse_target(str(t)) == t


@pytest.mark.parametrize("text, canonical", [
    ("开展一至两次培训", "培训 1-2 次"),
    ("培训一至两期", "培训 1-2 期"),
    ("一至两名专家", "专家 1-2 名"),
    ("组织一批专家", "组织一批专家"),   # the article 一 stays prose
])
def test_a_chinese_range_from_one_in_prose(text, canonical):
    """一至两次 in a sentence is a range (its 一 is no article): it was read as '= 2 次' after '一至'."""
    t = parse_target(text)
    assert str(t) == canonical
    assert parse_target(str(t)) == t

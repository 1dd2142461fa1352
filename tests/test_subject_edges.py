"""What is counted, at the edges of the subject, and the negated comparison words:
a subject word ending in a modal's character keeps it (响应, not 响); a locative closing
从/在 … 中 is not counted; 未满 excludes the number, 未超过 includes it."""

from __future__ import annotations

import pytest

from indicator_dsl.target.model import Compare, Op
from indicator_dsl.target.parse import parse_target
from indicator_dsl.target.scan import subject_text


@pytest.mark.parametrize("text, subject", [
    ("24小时内响应", "响应"),
    ("30分钟内响应", "响应"),
    ("2小时内回应", "回应"),
    ("1天内供应", "供应"),
    ("3日内答应", "答应"),
    ("响应率≥95%", "响应率"),
    ("服务对象对应≥3个", "服务对象对应"),
    ("物资供应≥100吨", "物资供应"),
    ("资金节约≥5%", "资金节约"),
    ("问题存在≤3个", "问题存在"),
])
def test_a_word_ending_in_a_modal_character_stays_whole(text: str, subject: str) -> None:
    t = parse_target(text)
    assert isinstance(t, Compare) and t.subject == subject
    assert parse_target(str(t)) == t


@pytest.mark.parametrize("text, subject", [
    ("培训人数应≥100人", "培训人数"),
    ("培训人数须≥100人", "培训人数"),
    ("培训人数必须≥100人", "培训人数"),
    ("培训人数需要达到100人", "培训人数"),
    ("培训人数应当不少于100人", "培训人数"),
    ("资金到位率应为100%", "资金到位率"),
    ("办理时间为3天", "办理时间"),
    ("覆盖人数约为500人", "覆盖人数"),
])
def test_a_modal_alone_is_not_counted(text: str, subject: str) -> None:
    t = parse_target(text)
    assert getattr(t, "subject", None) == subject


def test_subject_text_is_idempotent() -> None:
    for s in ["响应", "回应", "人数必须", "人数应", "重要", "需要", "总共"]:
        once = subject_text(s)
        assert once is None or subject_text(once) == once


@pytest.mark.parametrize("text, subject", [
    ("从10家企业中遴选", "企业"),
    ("从20个项目里选取", "项目"),
    ("从100名学生当中选拔", "学生"),
    ("从30家企业之中评选", "企业"),
    ("在10个乡镇中开展试点", "乡镇"),
    ("在20个社区里开展", "社区"),
    ("在5个县内开展", "县"),
    ("从10家中小企业中遴选", "中小企业"),  # 中 as a word's first character stays
    ("在3所中学中开展", "中学"),
    ("从5所高中中选拔", "高中"),            # 高中 is a word
    ("在3所高中开展", "高中"),
    ("在10个社区开展", "社区"),
    ("对12个乡镇开展督查", "乡镇"),
])
def test_a_locative_closing_the_phrase_is_not_counted(text: str, subject: str) -> None:
    t = parse_target(text)
    assert isinstance(t, Compare) and t.subject == subject
    assert parse_target(str(t)) == t


@pytest.mark.parametrize("text, op, value", [
    ("未满18周岁", Op.LT, 18),
    ("年龄未满十八周岁", Op.LT, 18),
    ("未满 18 周岁", Op.LT, 18),
    ("不满18周岁", Op.LT, 18),
    ("不足18周岁", Op.LT, 18),
    ("不到18周岁", Op.LT, 18),
    ("未超过18周岁", Op.LE, 18),
    ("不超过18周岁", Op.LE, 18),
    ("18周岁以下", Op.LE, 18),
    ("未超出100万元", Op.LE, 100),
    ("未高于5%", Op.LE, 5),
    ("未低于90%", Op.GE, 90),
    ("未少于10人", Op.GE, 10),
])
def test_negated_comparison_words(text: str, op: Op, value: int) -> None:
    t = parse_target(text)
    assert isinstance(t, Compare) and (t.op, t.value) == (op, value)
    assert parse_target(str(t)) == t


@pytest.mark.parametrize("text", ["未满足要求", "未满意", "未满足群众需求", "未完成"])
def test_not_a_comparison(text: str) -> None:
    t = parse_target(text)
    assert t.kind == "qualitative"


def test_not_over_a_reference() -> None:
    t = parse_target("支出未超过预算")
    assert t.kind == "relative" and str(t) == "支出 <= 预算"


@pytest.mark.parametrize("text, canonical", [
    ("1-3年内", "1-3 年"),
    ("一至三年内", "1-3 年"),
    ("1至3年内", "1-3 年"),
    ("1-3年以内", "1-3 年"),
    ("1-3年之内", "1-3 年"),
    ("90%-110%范围内", "90-110 %"),
    ("3-5个工作日内", "3-5 个工作日"),
    ("项目周期1-3年内", "项目周期 1-3 年"),
    ("3年内", "<= 3 年"),       # a single number with 内 stays a bound
    ("1-3年", "1-3 年"),
])
def test_a_range_within(text: str, canonical: str) -> None:
    t = parse_target(text)
    assert str(t) == canonical
    assert parse_target(str(t)) == t


def test_a_range_with_a_lower_bound_word_is_an_error() -> None:
    from indicator_dsl.errors import TargetSyntaxError

    with pytest.raises(TargetSyntaxError):
        parse_target("1-3年以上")

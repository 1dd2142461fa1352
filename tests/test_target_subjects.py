"""The subject of a target in prose is what is counted: the prepositions and function words
around it are not part of it.

按照 500 个用户在线的访问进行设计 counts 用户在线 (not 按照, not the whole clause); 单页面打开的速度在
2 秒 measures 单页面打开的速度 (not …速度在).  A preposition at the head (按照, 根据, 对, 在, 于,
针对 …) goes; a word that only begins with a preposition's character (在线, 对象, 从业) stays.
A count inside a prepositional phrase (对全县 12 个乡镇开展督查) counts the noun right after it,
up to the 的 that begins what the noun describes or the verb the phrase frames.  The canonical text reads
back to the same target.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indicator_dsl import AllOf, parse_target
from indicator_dsl.target.scan import subject_text


def _subjects(text: str) -> list[str | None]:
    t = parse_target(text)
    return [getattr(p, "subject", None) for p in (t.parts if isinstance(t, AllOf) else (t,))]


@pytest.mark.parametrize("text, subjects", [
    # a preposition before the subject
    ("按照国家标准合格率≥95%", ["国家标准合格率"]),
    ("根据抽查结果，产品合格率≥98%", ["产品合格率"]),
    ("针对满意度≥90%", ["满意度"]),
    ("在全市范围内培训人数≥500人", ["全市范围内培训人数"]),
    ("对辖区企业走访率≥80%", ["辖区企业走访率"]),
    ("于本地就业人数≥100人", ["本地就业人数"]),
    ("关于群众满意度不低于85%", ["群众满意度"]),
    ("确保在校学生资助覆盖率达到100%", ["在校学生资助覆盖率"]),
    ("其中按照规定的验收合格率≥95%", ["规定的验收合格率"]),
    # a verb of being after it
    ("单页面打开的速度在 2 秒", ["单页面打开的速度"]),
    ("响应时间须 3 秒", ["响应时间"]),
    # a preposition alone: the figure counts the noun right after it
    ("按照 500 个用户在线的访问进行设计", ["用户在线"]),
    ("根据 100 个样本的抽查结果", ["样本"]),
    ("对 20 家企业进行走访", ["企业"]),
    ("按 20 个工作日办结", [None]),
    ("以 5 个乡镇为试点", ["乡镇"]),
    # a count inside a prepositional phrase counts the noun after it
    ("对全县12个乡镇开展督查", ["乡镇"]),
    ("在全省 100 个县推广", ["县"]),
    ("向 50 户困难群众发放补贴", ["困难群众"]),
    ("按照国家标准建设 3 个站点", ["站点"]),
    ("对辖区 30 家企业开展走访", ["企业"]),
    ("对 5 个建设项目", ["建设项目"]),
    ("对 20 个社会组织", ["社会组织"]),
    ("通过 3 轮评审", ["评审"]),
    # ... not a comparison, nor a count with nothing after it
    ("对辖区企业走访率≥80%并形成报告", ["辖区企业走访率"]),
    ("在全县开展培训 3 次", ["全县开展培训"]),
    ("支持并发访问, 按照 500 个用户在线的访问进行设计，单页面打开的速度在 2 秒，流程打开速度 3 秒。",
     ["用户在线", "单页面打开的速度", "流程打开速度"]),
    # words that begin with a preposition's character are nouns of their own
    ("在线用户数≥500人", ["在线用户数"]),
    ("在建项目≥3个", ["在建项目"]),
    ("对象覆盖率≥90%", ["对象覆盖率"]),
    ("对接企业≥20家", ["对接企业"]),
    ("从业人员培训≥100人次", ["从业人员培训"]),
    ("以旧换新补贴户数≥100户", ["以旧换新补贴户数"]),
    ("为期3天的培训", ["为期"]),
    # no preposition: as before
    ("推动 5 项科技创新合作", ["科技创新合作"]),
    ("不少于3次培训", ["培训"]),
    ("举办 2 场面向企业的培训", ["面向企业的培训"]),
])
def test_subject_is_what_is_counted(text, subjects):
    """The subject leaves out prepositions and function words; the target round-trips."""
    assert _subjects(text) == subjects
    t = parse_target(text)
    assert parse_target(str(t)) == t


@pytest.mark.parametrize("text, subject", [
    ("按照", None), ("根据 全年", None), ("对辖区企业", "辖区企业"), ("在在线用户", "在线用户"),
    ("确保在全市", "全市"), ("速度在", "速度"), ("  按照 合格率 须 ", "合格率"), ("对象", "对象"),
])
def test_subject_text(text, subject):
    """subject_text strips as many leading and trailing function words as stand there."""
    assert subject_text(text) == subject


_WORDS = ["按照", "根据", "对", "在", "于", "针对", "其中", "确保", "在线", "对象", "从业", "用户", "满意度",
          "合格率", "培训", "人数", "企业", "的", "速度", "须", "为", "以", "以旧换新", "全市", "项目"]


@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=6))
def test_subject_text_is_idempotent(words):
    """Stripping a stripped subject changes nothing: canonical text reads back the same."""
    once = subject_text("".join(words))
    assert once is None or subject_text(once) == once


@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=5),
       st.sampled_from(["≥90%", "不少于 20 家", "在 2 秒", " 500 个", "大于50"]))
def test_subjects_round_trip(words, figure):
    """A subject made of prepositions, nouns and function words round-trips through str()."""
    t = parse_target("".join(words) + figure)
    assert parse_target(str(t)) == t


@pytest.mark.parametrize("text, reference", [("<:全国平均", "全国平均"), ("低于全国平均.", "全国平均"), ("≥:满意度", "满意度")])
def test_a_stray_stop_is_no_part_of_a_reference(text, reference):
    """The reference of a relative target is a name: a colon or a point at its ends is not part of it."""
    t = parse_target(text)
    assert t.reference == reference
    assert parse_target(str(t)) == t

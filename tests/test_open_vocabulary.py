"""The open vocabulary: units outside the table, the open rule for measure words,
magnitudes, traditional characters (issue 11)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from indicator_dsl import parse_target
from indicator_dsl.evaluation.outcome import evaluate
from indicator_dsl.target.units import DEFAULT_UNITS


@pytest.mark.parametrize("text, value, unit", [
    ("≥30cm", "30", "cm"), ("3650m", "3650", "m"), ("≥60M", "60", "M"), ("12km", "12", "km"),
    ("≥5kW", "5", "kW"), ("≥400平方米", "400", "平方米"), ("120平米", "120", "平米"), ("80㎡", "80", "㎡"),
    ("≥50厘米", "50", "厘米"), ("300 公里", "300", "公里"), ("3500公斤", "3500", "公斤"), ("20吨", "20", "吨"),
    ("=1 单", "1", "单"), ("≥20座", "20", "座"), ("6栋", "6", "栋"), ("30盏", "30", "盏"), ("2台套", "2", "台套"),
    ("15头", "15", "头"), ("200粒", "200", "粒"), ("5立方米", "5", "立方米"), ("≥200 延米", "200", "延米"),
    ("≥200人·次", "200", "人次"),
])
def test_units_of_the_vocabulary(text, value, unit):
    """Latin/SI units, area, length, volume, weight words and classifiers are units."""
    t = parse_target(text)
    assert (t.value, t.unit) == (D(value), unit)


@pytest.mark.parametrize("text, value, unit", [
    ("=5颗", "5", "颗"), ("≥3眼", "3", "眼"), ("= 2 尊", "2", "尊"), ("550万颗", "5500000", "颗"),
])
def test_the_open_rule_reads_a_measure_word_nobody_listed(text, value, unit):
    """A CJK measure word right after a number (glued, after its magnitude, or alone
    after a space) is a unit even though the vocabulary has never seen it."""
    t = parse_target(text)
    assert (t.value, t.unit) == (D(value), unit)
    assert DEFAULT_UNITS.get(unit) is None


def test_the_open_rule_leaves_prose_alone():
    """A spaced word that goes on (= 2 个项目 aside) and the adjective of 比 170 低 are no units."""
    assert str(parse_target("比 170 低")) == "< 170"


def test_an_unknown_unit_compares_with_itself_only_and_is_flagged():
    o = evaluate("≥10颗", "12颗", weight=10)
    assert (o.verdict.value, "unit_unknown" in o.flags) == ("met", True)
    assert evaluate("≥10颗", "12个", weight=10).verdict.value == "undetermined"


@pytest.mark.parametrize("target, actual, verdict", [
    ("5万", "50000", "met"), ("5万", "4万", "partial"), ("≥2万", "30000", "met"), ("≤620万/月", "600万/月", "met"),
])
def test_a_magnitude_kept_as_the_unit_is_applied_when_comparing(target, actual, verdict):
    assert evaluate(target, actual, weight=10).verdict.value == verdict


def test_units_convert_within_their_dimension():
    assert DEFAULT_UNITS.convert(D("50"), "厘米", "米") == D("0.5")
    assert DEFAULT_UNITS.convert(D("1"), "kW", "W") == D("1000")
    assert DEFAULT_UNITS.comparable("㎡", "平方米") and not DEFAULT_UNITS.comparable("立方米", "平方米")


@pytest.mark.parametrize("text, canonical", [
    (">= 98 %(百分比)", ">= 98 %"), ("≥98%（百分比）", ">= 98 %"), ("3轮（次）", "= 3 轮"), ("28.8萬元 %", "= 28.8 萬元"),
    ("=5门(个)", "= 5门"), ("≥95%（含）", ">= 95 %"),
])
def test_an_annotation_after_the_unit_adds_nothing(text, canonical):
    """A bracketed unit or a stray % after the figure's unit is an annotation."""
    assert str(parse_target(text)) == canonical


def test_a_double_percent_sign_is_still_an_error():
    from indicator_dsl import TargetSyntaxError

    with pytest.raises(TargetSyntaxError):
        parse_target("≥90%%")


@pytest.mark.parametrize("text, low, high, unit", [("±3%以内", "-3", "3", "%"), ("误差率±5%", "-5", "5", "%"), ("±2", "-2", "2", None)])
def test_a_tolerance_is_a_range_around_zero(text, low, high, unit):
    t = parse_target(text)
    assert (t.kind, t.low, t.high, t.unit) == ("range", D(low), D(high), unit)
    assert parse_target(str(t)) == t


@pytest.mark.parametrize("text, unit, per", [
    ("400元/人、天", "元", "人、天"), ("650元/生/学期", "元", "生*学期"),
    ("100元/学生", "元", "学生"), ("1000元/人给补助对象兑付补助", "元", "人"), ("530元/人·天", "元", "人*天"),
])
def test_compound_denominators(text, unit, per):
    """A per-denominator of several nouns (/, *, ·, 、 between one-character nouns); one
    that runs on into prose keeps the unit at its head."""
    t = parse_target(text)
    assert (t.unit, t.per) == (unit, per)


def test_every_vocabulary_magnitude_is_a_word_of_the_mag_terminal():
    """The MAG terminal is written in the grammar: each magnitude of the vocabulary is one token of it."""
    from indicator_dsl.target.grammar import tokenizer
    from indicator_dsl.target.units import MAGNITUDES

    for word in MAGNITUDES:
        assert [(t.type, str(t)) for t in tokenizer().tokens("5" + word)][1:] == [("MAG", word)], word

"""Actuals of other publishers (issue 11): the new units and dates, progress claims,
verdict words."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from indicator_dsl import parse_target
from indicator_dsl.evaluation.actual import read_actual
from indicator_dsl.evaluation.outcome import evaluate


@pytest.mark.parametrize("cell, target, verdict", [
    ("已完成100%", "3次", "met"), ("已完成80%", "≥3次", "partial"), ("完成0%", "≥3次", "not_met"),
    ("100%", "=2座", "met"),
])
def test_a_progress_percentage_against_a_count_is_a_claim(cell, target, verdict):
    a = read_actual(cell, parse_target(target))
    assert (a.kind, a.verdict.value) == ("claim", verdict)


@pytest.mark.parametrize("cell, target", [("已完成100%", "≥90%"), ("完成3次，进度100%", "3次")])
def test_a_percentage_that_answers_is_a_figure(cell, target):
    """Against a percentage target, or beside a figure of the target's kind, it stays a figure."""
    assert read_actual(cell, parse_target(target)).kind == "quantity"


@pytest.mark.parametrize("cell, verdict", [("正在施工", "partial"), ("在建", "partial"), ("项目建设中", "partial")])
def test_work_under_way_is_partial(cell, verdict):
    a = read_actual(cell, parse_target("≥1座"))
    assert (a.kind, a.verdict.value) == ("claim", verdict)


def test_nothing_is_no_result():
    assert read_actual("无", parse_target("100%")).kind == "none"


@pytest.mark.parametrize("cell, target, value, unit", [
    ("≥266米", "≥266米", "266", "米"), ("550万粒", "550万粒", "5500000", "粒"), ("180元/人、天", "400元/人、天", "180", "元"),
    ("0.6米", "≥50厘米", "0.6", "米"), ("5万", "5万", "5", "万"),
])
def test_figures_in_the_new_units(cell, target, value, unit):
    a = read_actual(cell, parse_target(target))
    assert (a.kind, a.value, a.unit) == ("quantity", D(value), unit)


def test_a_length_in_another_unit_converts():
    o = evaluate("≥50厘米", "0.6米", weight=10)
    assert (o.verdict.value, o.score) == ("met", D(10))


@pytest.mark.parametrize("target", ["0起", "=0", "≤0次"])
@pytest.mark.parametrize("cell", ["无", "未发生", "没有"])
def test_nothing_against_a_target_of_none_is_zero(target, cell):
    """无 against 0起: nothing happened, so the count is 0 and the target is met."""
    a = read_actual(cell, parse_target(target))
    assert (a.kind, a.value) == ("quantity", D(0))
    assert evaluate(target, cell, weight=10).verdict.value == "met"

"""The model checks itself: attrs validators on targets and actuals; rules as an IntEnum;
a restatement is an explicit field of the claim, not a missing span."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from indicator_dsl import parse_target
from indicator_dsl.errors import TargetSyntaxError
from indicator_dsl.evaluation.actual import read_actual
from indicator_dsl.evaluation.batch import handle_row
from indicator_dsl.evaluation.model import ActualDate, Claim, Quantity, Verdict
from indicator_dsl.evaluation.outcome import Outcome, evaluate
from indicator_dsl.evaluation.rules import RATIO_FREE, Rule
from indicator_dsl.evaluation.serialize import outcome_to_json
from indicator_dsl.target.model import (
    AllOf,
    Approx,
    Compare,
    Deadline,
    Op,
    Qualitative,
    Range,
    Relative,
    Schedule,
    Span,
)

D = Decimal


# ------------------------------------------------------------------ targets
@pytest.mark.parametrize("build", [
    lambda: Range(D(3), D(2), "场"),                    # low above high
    lambda: Compare(Op.GE, D("NaN"), "%"),              # not finite
    lambda: Compare(Op.GE, D("Infinity"), "%"),
    lambda: Approx(D("-Infinity"), "人"),
    lambda: Range(D(1), D("sNaN")),
    lambda: Deadline(2025, 13),                         # no month 13
    lambda: Deadline(2025, 0),
    lambda: Deadline(2025, 4, 31),                      # April has 30 days
    lambda: Deadline(None, 2, 30),
    lambda: Deadline(2025, 1, 0),
    lambda: Deadline(12345, 1),
    lambda: Span(5, 4),                                 # ends before it starts
    lambda: Span(-1, 2),
    lambda: Relative(Op.GT, "上年", margin=None, margin_unit="%"),
    lambda: Relative(Op.GT, "上年", margin=D("NaN"), margin_unit="%"),
    lambda: AllOf((Compare(Op.GE, D(1)),)),             # one part is not a compound
    lambda: AllOf((Compare(Op.GE, D(1)), AllOf((Compare(Op.GE, D(1)), Compare(Op.GE, D(2)))))),
])
def test_broken_targets_are_never_built(build):
    """Every invariant the transformer checks for the user, the model checks for itself."""
    with pytest.raises((ValueError, TypeError)):
        build()


@pytest.mark.parametrize("build", [
    lambda: Compare(Op.GE, 90, "%"),                    # an int, not a Decimal
    lambda: Compare(Op.GE, 0.5, "%"),                   # never a float
    lambda: Compare(">=", D(90), "%"),                  # the sign, not an Op
    lambda: Qualitative(None),
    lambda: Schedule("quarter"),
])
def test_targets_take_their_own_types(build):
    with pytest.raises(TypeError):
        build()


def test_valid_edges_are_built():
    """The edges themselves are fine: an empty range of one point, 29 February without a
    year (and, at construction, with one: parse_target reports that with a span)."""
    assert Range(D(2), D(2), "场").low == 2
    assert Deadline(None, 2, 29).day == 29
    assert Deadline(2024, 2, 29).date == "2024-02-29"
    assert Deadline(2025, 12, 31).date == "2025-12-31"
    assert Span(3, 3).end == 3


def test_the_transformer_keeps_its_user_facing_errors():
    """A bad range or date in a cell is still a TargetSyntaxError with its span, not a ValueError."""
    for text, at, problem in (("5-3场", "-", "low end is above"), ("2025年13月前", "2025年13月", "no month 13"),
                              ("2025年4月31日前", "2025年4月31日", "no day 31"), ("2月29日前", "2月29日前", "2023 has no 2月29日")):
        with pytest.raises(TargetSyntaxError) as info:
            parse_target(text, year=2023)
        e = info.value
        assert (text[e.start:e.end], e.label) == (at, "invalid") and problem in e.message
    assert parse_target("2月29日前").day == 29      # no year: 29 February may exist


# ------------------------------------------------------------------ actuals
@pytest.mark.parametrize("build", [
    lambda: Quantity(D("NaN"), "次"),
    lambda: Quantity(3, "次"),
    lambda: ActualDate(2023, 13),
    lambda: ActualDate(2023, 6, 31),
    lambda: Claim("met"),
    lambda: Claim(Verdict.PARTIAL, "有待完善", restated=True),   # a restatement is met
])
def test_broken_actuals_are_never_built(build):
    with pytest.raises((ValueError, TypeError)):
        build()


def test_restatement_is_a_field_with_a_span():
    """read_actual marks a restatement explicitly; its span covers the cell (stripped)."""
    text = "  有效提升社会影响力 "
    a = read_actual(text, parse_target("提升社会影响力"))
    assert isinstance(a, Claim) and a.restated and a.verdict is Verdict.MET
    assert a.span is not None and text[a.span.start:a.span.end] == "有效提升社会影响力"
    claim = read_actual("已完成", parse_target("提升社会影响力"))
    assert isinstance(claim, Claim) and not claim.restated and claim.span is not None
    assert Claim(Verdict.MET, "x") != Claim(Verdict.MET, "x", restated=True)


def test_restated_decides_rule_11_not_the_span():
    """A met claim without a span is a claim (rule 10); a restated one is rule 11."""
    target = parse_target("运营良好")
    assert evaluate(target, Claim(Verdict.MET, "良好"), weight=5).rule is Rule.CLAIM
    assert evaluate(target, Claim(Verdict.MET, "运营良好", restated=True), weight=5).rule is Rule.QUALITATIVE
    assert evaluate(target, "运营良好", weight=5).rule is Rule.QUALITATIVE


# ------------------------------------------------------------------ rules
def test_rule_names_follow_the_policy_file():
    assert [r.value for r in Rule] == list(range(1, 18))
    assert Rule(1) is Rule.BUDGET_EXECUTION and Rule(17) is Rule.AUDIT
    assert (Rule.HIGHER_IS_BETTER, Rule.EQUAL_MEANS_REACH, Rule.LOWER_IS_BETTER) == (2, 3, 6)
    assert RATIO_FREE == {Rule.CLAIM, Rule.QUALITATIVE, Rule.SCHEDULE, Rule.DEADLINE}


@pytest.mark.parametrize("target, actual, rule", [
    ("≥600.00(场)", "295.00(场)", Rule.HIGHER_IS_BETTER),
    ("=6次", "3次", Rule.EQUAL_MEANS_REACH),
    (">90%", "90%", Rule.STRICT_BOUNDARY),
    ("≤5天", "6天", Rule.LOWER_IS_BETTER),
    ("约600人", "545人", Rule.APPROX),
    ("≥10万元", "3次", Rule.UNITS),
    ("≥10次", "0次", Rule.NUMERIC_VERDICT),
    ("≥10次", "已完成", Rule.CLAIM),
    ("按季度完成", "已按季度完成", Rule.SCHEDULE),
    ("2023年9月前", "2023年10月15日", Rule.DEADLINE),
    ("高于全国平均数", "85%", Rule.RELATIVE),
])
def test_outcomes_carry_rule_members(target, actual, rule):
    o = evaluate(target, actual, weight=10)
    assert o.rule is rule
    assert f"(rule {int(rule)})" in o.reason
    assert (o.ratio is None) == (rule in RATIO_FREE or o.score is None)


def test_json_prints_the_plain_number():
    o = evaluate("≥600.00(场)", "295.00(场)", weight=10)
    out = outcome_to_json(o)
    assert out["rule"] == 2 and type(out["rule"]) is int
    assert '"rule": 2' in json.dumps(out)
    assert handle_row({"id": "r", "target": "≥600.00(场)", "actual": "295.00(场)", "weight": "10"})["outcome"]["rule"] == 2


def test_outcome_rule_is_converted_and_checked():
    o = Outcome(Verdict.MET, D(1), D(1), (), "x", 2)
    assert o.rule is Rule.HIGHER_IS_BETTER
    with pytest.raises(ValueError):
        Outcome(Verdict.MET, D(1), D(1), (), "x", 18)


@pytest.mark.parametrize("text, target, found", [
    ("$\\geq$ 已完成", "良好", "完成"),            # normalising drops the LaTeX: spans still point into the cell
    ("完成率１００％，有待完善", "良好", "有待完善"),
    ("（已完成）", "≥10次", "完成"),
    ("举办（第三届）研讨会", "=1场", "举办"),
    ("１００％", "良好", "１００％"),
    ("  有效提升社会影响力", "提升社会影响力", "有效提升社会影响力"),
])
def test_actual_spans_point_into_the_verbatim_cell(text, target, found):
    a = read_actual(text, parse_target(target))
    assert a.span is not None and text[a.span.start:a.span.end] == found

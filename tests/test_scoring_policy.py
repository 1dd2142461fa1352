"""The default scoring policy (shared/spec/scoring-policy.md), rule by rule, and ScoringPolicy itself."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from indicator_dsl import PolicyError
from indicator_dsl.evaluation.model import Verdict
from indicator_dsl.evaluation.outcome import evaluate
from indicator_dsl.evaluation.policy import ScoringPolicy, budget_score, grade, round_score

D = Decimal
DEFAULT = ScoringPolicy.default()
CJK = re.compile(r"[\u4e00-\u9fff]")


def ev(target, actual, weight="10", **kw):
    """Evaluate with a weight of 10 unless told otherwise."""
    return evaluate(target, actual, weight=weight, **kw)


# ------------------------------------------------------------------ rule 1
def test_rule1_budget_example():
    """Rule 1: 480,800 of 500,000 元 with weight 10 gives rate 0.9616 and score 9.62."""
    assert budget_score(D("480800"), D("500000"), D("10"), DEFAULT) == (D("0.9616"), D("9.62"))


def test_rule1_over_execution_is_capped():
    """Rule 1: a rate over 100% scores the full weight, never more."""
    rate, score = budget_score(D("550000"), D("500000"), D("10"), DEFAULT)
    assert rate == D("1.1") and score == D("10")


def test_rule1_rounding_half_up():
    """Rule 1: 3,837,417.9 of 4,170,000 with weight 10 rounds 9.2024… to 9.20."""
    _, score = budget_score(D("3837417.9"), D("4170000"), D("10"), DEFAULT)
    assert score == D("9.20")


def test_rule1_cap_is_a_setting():
    """Rule 1: with budget_rate_cap 0.9, a full execution scores 9 of 10."""
    _, score = budget_score(D("500000"), D("500000"), D("10"), DEFAULT.evolve(budget_rate_cap="0.9"))
    assert score == D("9")


# ------------------------------------------------------------------ rule 2
def test_rule2_worked_example():
    """Rule 2: `≥600.00(场)` with 295 场 and weight 10 is partial, 4.92, ratio 0.4917."""
    o = ev("≥600.00(场)", "295 场")
    assert (o.verdict, o.score, o.ratio) == (Verdict.PARTIAL, D("4.92"), D("0.4917"))
    assert o.reason == "295 场 is 49.17% of 600 场 (rule 2)"
    assert o.rule == 2


def test_rule2_met_is_full_weight():
    """Rule 2: `≥90%` with 95% is met with the full weight."""
    o = ev("≥90%", "95%")
    assert (o.verdict, o.score, o.ratio, o.flags) == (Verdict.MET, D("10"), D("1"), ())


def test_rule2_range_uses_low_end():
    """Rule 2: `1-2场` with 0.5 场 is half of the range's low end: 5 of 10."""
    o = ev("1-2场", "0.5场")
    assert (o.verdict, o.score) == (Verdict.PARTIAL, D("5"))


def test_rule2_range_met_at_low_end():
    """Rule 2: a range is met from its low end (both ends included)."""
    assert ev("1-2场", "1场").verdict is Verdict.MET


def test_rule2_bare_number_is_higher_is_better():
    """Rule 2: a bare `80%` with 50% scores 10 × 50 ÷ 80 = 6.25."""
    o = ev("80%", "50%")
    assert (o.verdict, o.score) == (Verdict.PARTIAL, D("6.25"))


def test_rule2_score_rounded_half_up():
    """Rule 2: 1 × 1 ÷ 8 = 0.125 rounds half-up to 0.13 (not to even)."""
    assert ev("≥8次", "1次", weight="1").score == D("0.13")


def test_rule2_latex_example():
    """Rule 2: `$\\geq 80\\%$` with 35.76% and weight 10 scores 4.47 (ratio 0.447)."""
    o = ev(r"$\geq 80\%$", "35.76%")
    assert (o.verdict, o.score, o.ratio) == (Verdict.PARTIAL, D("4.47"), D("0.447"))


def test_rule2_partial_credit_none():
    """Rule 2 setting: partial_credit "none" gives 0 points for a shortfall."""
    o = ev("≥90%", "45%", policy=DEFAULT.evolve(partial_credit="none"))
    assert (o.verdict, o.score) == (Verdict.PARTIAL, D("0"))


# ------------------------------------------------------------------ rule 3
def test_rule3_exceeding_equal_is_met():
    """Rule 3: `=6次` with 12 次 is met (=N means reach N)."""
    o = ev("=6次", "12次")
    assert (o.verdict, o.score, o.rule) == (Verdict.MET, D("10"), 3)


def test_rule3_equal_reached_exactly():
    """Rule 3: `=8次` with 8 次 is met."""
    assert ev("=8次", "8次").verdict is Verdict.MET


def test_rule3_equal_short_is_partial():
    """Rule 3: `=6次` with 5 次 is partial, 10 × 5 ÷ 6 = 8.33."""
    o = ev("=6次", "5次")
    assert (o.verdict, o.score) == (Verdict.PARTIAL, D("8.33"))


def test_rule3_literal_setting():
    """Rule 3 setting: with equal_means_reach false, 7 against `=6次` is not met."""
    o = ev("=6次", "7次", policy=DEFAULT.evolve(equal_means_reach=False))
    assert o.verdict is Verdict.PARTIAL
    assert o.score == D("8.57")  # weight × 6 ÷ 7


# ------------------------------------------------------------------ rule 4
def test_rule4_over_target_at_factor():
    """Rule 4: `≥100` with 120 (1.2 × the bound) sets over_target, full weight."""
    o = ev("≥100", "120")
    assert (o.verdict, o.score) == (Verdict.MET, D("10"))
    assert "over_target" in o.flags


def test_rule4_below_factor_has_no_flag():
    """Rule 4: `≥100` with 119.99 is met without over_target."""
    assert "over_target" not in ev("≥100", "119.99").flags


def test_rule4_range_uses_high_end():
    """Rule 4: for `1-2场` the factor applies to the high end: 2.4 flags, 2.3 does not."""
    assert "over_target" in ev("1-2场", "2.4场").flags
    assert "over_target" not in ev("1-2场", "2.3场").flags


def test_rule4_factor_is_a_setting():
    """Rule 4 setting: with factor 1.5, 149 of `≥100` has no flag and 150 has it."""
    policy = DEFAULT.evolve(over_target_factor="1.5")
    assert "over_target" not in ev("≥100", "149", policy=policy).flags
    assert "over_target" in ev("≥100", "150", policy=policy).flags


def test_rule4_takes_no_points_off():
    """Rule 4: `=2次` with 16 次 still scores the full weight."""
    o = ev("=2次", "16次", weight="2.5")
    assert (o.score, o.flags) == (D("2.5"), ("over_target",))


# ------------------------------------------------------------------ rule 5
def test_rule5_boundary_full_by_default():
    """Rule 5: `>90%` with 90% is not satisfied but gets the full weight, flag boundary."""
    o = ev(">90%", "90%")
    assert (o.verdict, o.score, o.flags, o.rule) == (Verdict.MET, D("10"), ("boundary",), 5)


def test_rule5_strict_setting():
    """Rule 5 setting: with strict_boundary_full false, `>90%` with 90% is not met, 0 points."""
    o = ev(">90%", "90%", policy=DEFAULT.evolve(strict_boundary_full=False))
    assert (o.verdict, o.score) == (Verdict.NOT_MET, D("0"))
    assert "boundary" in o.flags


def test_rule5_lower_strict_boundary():
    """Rule 5: `<5天` with 5 天 is the boundary of a lower-is-better target."""
    assert ev("<5天", "5天").flags == ("boundary",)
    assert ev("<5天", "5天", policy=DEFAULT.evolve(strict_boundary_full=False)).verdict is Verdict.NOT_MET


def test_rule5_more_than_actual_satisfies_strict():
    """Rule 5: `>90%` with `> 90%` satisfies the comparison: no boundary flag."""
    o = ev(">90%", "> 90%")
    assert (o.verdict, o.flags) == (Verdict.MET, ())


def test_rule5_non_strict_bound_has_no_boundary():
    """Rule 5: `≥90%` with 90% is plainly met, no flag."""
    assert ev("≥90%", "90%").flags == ()


# ------------------------------------------------------------------ rule 6
def test_rule6_lower_met():
    """Rule 6: `≤5天` with 4 天 is met."""
    assert ev("≤5天", "4天").verdict is Verdict.MET


def test_rule6_lower_over_the_limit():
    """Rule 6: `≤5天` with 10 天 scores 10 × 5 ÷ 10 = 5."""
    o = ev("≤5天", "10天")
    assert (o.verdict, o.score, o.rule) == (Verdict.PARTIAL, D("5"), 6)


def test_rule6_strict_lower_over_the_limit():
    """Rule 6: `<5天` with 10 天 also scores 5."""
    assert ev("<5天", "10天").score == D("5")


def test_rule6_zero_actual_is_best():
    """Rule 6: for lower is better, an actual of 0 is met (not rule 9's nothing done)."""
    assert ev("≤5天", "0天").verdict is Verdict.MET


def test_rule6_zero_bound_met_at_zero():
    """Rule 6: `≤0起` with 0 起 is met."""
    assert ev("≤0起", "0起").verdict is Verdict.MET


def test_rule6_zero_bound_otherwise_zero_points():
    """Rule 6: `≤0起` with 1 起 gets 0 points."""
    o = ev("≤0起", "1起")
    assert (o.verdict, o.score) == (Verdict.NOT_MET, D("0"))


def test_rule6_equal_zero_met_at_zero():
    """Rule 6: `=0起` with 0 起 is met."""
    assert ev("=0起", "0起").verdict is Verdict.MET


def test_rule6_equal_zero_otherwise_zero_points():
    """Rule 6: `=0起` with 1 起 is not met and gets 0 points (a zero bound is met only at 0)."""
    o = ev("=0起", "1起")
    assert (o.verdict, o.score) == (Verdict.NOT_MET, D("0"))


def test_rule6_partial_credit_none():
    """Rule 6 setting: partial_credit "none" gives 0 points over the limit."""
    assert ev("≤5天", "10天", policy=DEFAULT.evolve(partial_credit="none")).score == D("0")


# ------------------------------------------------------------------ rule 7
def test_rule7_within_tolerance():
    """Rule 7: `约600人` with 540 人 (10% short) counts as met."""
    o = ev("约600人", "540人")
    assert (o.verdict, o.score, o.rule) == (Verdict.MET, D("10"), 7)


def test_rule7_beyond_tolerance():
    """Rule 7: `约600人` with 539 人 is partial, 10 × 539 ÷ 600 = 8.98."""
    o = ev("约600人", "539人")
    assert (o.verdict, o.score) == (Verdict.PARTIAL, D("8.98"))


def test_rule7_tolerance_is_a_setting():
    """Rule 7 setting: with tolerance 0.2, 500 of `约600人` is met; with 0, 599 is not."""
    assert ev("约600人", "500人", policy=DEFAULT.evolve(approx_tolerance="0.2")).verdict is Verdict.MET
    assert ev("约600人", "599人", policy=DEFAULT.evolve(approx_tolerance="0")).verdict is Verdict.PARTIAL


def test_rule7_open_actual():
    """Rule 7: `约600人` with `600+人次` is met (人次 assumed like 人)."""
    o = ev("约600人", "参与人数600+人次")
    assert (o.verdict, o.flags) == (Verdict.MET, ("unit_assumed",))


# ------------------------------------------------------------------ rule 8
def test_rule8_converts_yuan_to_wanyuan():
    """Rule 8: `≥100万元` with 1000000 元 is met after conversion, no flag."""
    o = ev("≥100万元", "1000000元")
    assert (o.verdict, o.flags) == (Verdict.MET, ())


def test_rule8_converts_wanyuan_to_yuan():
    """Rule 8: `≥100元` with 0.01 万元 is met after conversion."""
    assert ev("≥100元", "0.01万元").verdict is Verdict.MET


def test_rule8_conversion_scores_exactly():
    """Rule 8: `≥100万元` with 500000 元 is half: 5 of 10."""
    o = ev("≥100万元", "500000元")
    assert (o.verdict, o.score, o.ratio) == (Verdict.PARTIAL, D("5"), D("0.5"))


def test_rule8_converts_time():
    """Rule 8: `≤2小时` with 150 分钟 is 2.5 小时: 10 × 2 ÷ 2.5 = 8."""
    assert ev("≤2小时", "150分钟").score == D("8")


@pytest.mark.parametrize(("target", "actual"), [("=6次", "6场"), ("=6人", "6人次"), ("=6人", "6名"), ("5场次", "5次")])
def test_rule8_family_words_are_assumed(target, actual):
    """Rule 8: counting words of one family compare, with the flag unit_assumed."""
    o = ev(target, actual)
    assert (o.verdict, o.flags) == (Verdict.MET, ("unit_assumed",))


def test_rule8_family_words_setting():
    """Rule 8 setting: with family_units_comparable false, 场 against 次 is a mismatch."""
    o = ev("=6次", "6场", policy=DEFAULT.evolve(family_units_comparable=False))
    assert (o.verdict, o.score, o.flags) == (Verdict.UNDETERMINED, None, ("unit_mismatch",))


def test_rule8_unitless_actual_takes_target_unit():
    """Rule 8: `=50家` with a bare 132 takes 家, flag unit_assumed."""
    o = ev("=50家", "132")
    assert o.verdict is Verdict.MET
    assert "unit_assumed" in o.flags


def test_rule8_unitless_actual_scored_in_target_unit():
    """Rule 8: `=1场` with a bare 0.5 scores half: 1.5 of 3."""
    o = ev("=1场", "0.5", weight="3")
    assert (o.verdict, o.score, o.flags) == (Verdict.PARTIAL, D("1.5"), ("unit_assumed",))


def test_rule8_unitless_setting():
    """Rule 8 setting: with unitless_takes_target_unit false, a bare number is a mismatch."""
    o = ev("=6次", "6", policy=DEFAULT.evolve(unitless_takes_target_unit=False))
    assert o.verdict is Verdict.UNDETERMINED and "unit_mismatch" in o.flags


def test_rule8_incomparable_units():
    """Rule 8: `≥100万元` with 100 次 is undetermined, no score, flag unit_mismatch."""
    o = ev("≥100万元", "100次")
    assert (o.verdict, o.score, o.ratio, o.flags, o.rule) == (Verdict.UNDETERMINED, None, None, ("unit_mismatch",), 8)


def test_rule8_same_units_have_no_flag():
    """Rule 8: the same unit on both sides sets no flag."""
    assert ev("=10项", "完成科技成果转化案例10项").flags == ()


# ------------------------------------------------------------------ rule 9
def test_rule9_met():
    """Rule 9: a target that holds is met."""
    assert ev("不少于150名", "引导服务企业创新院士专家200名").verdict is Verdict.MET


def test_rule9_zero_is_not_met():
    """Rule 9: an actual of 0 against `12场` is not_met with 0 points."""
    o = ev("12场", "0", weight="3")
    assert (o.verdict, o.score, o.rule) == (Verdict.NOT_MET, D("0"), 9)


def test_rule9_zero_with_unit_is_not_met():
    """Rule 9: `≥90%` with 0% is not_met."""
    assert ev("≥90%", "0%").verdict is Verdict.NOT_MET


def test_rule9_otherwise_partial():
    """Rule 9: a non-zero shortfall is partial."""
    assert ev("≥90%", "45%").verdict is Verdict.PARTIAL


# ------------------------------------------------------------------ rule 10
@pytest.mark.parametrize(("actual", "verdict", "score"), [
    ("达成指标", Verdict.MET, D("10")),
    ("已完成", Verdict.MET, D("10")),
    ("有待完善", Verdict.PARTIAL, D("7")),
    ("未开展", Verdict.NOT_MET, D("0")),
])
def test_rule10_claims_on_a_numeric_target(actual, verdict, score):
    """Rule 10: a claim answers a numeric target: 100% / 70% / 0, flag claimed."""
    o = ev("≥90%", actual)
    assert (o.verdict, o.score, o.flags, o.rule) == (verdict, score, ("claimed",), 10)
    assert o.ratio is None


def test_rule10_claim_on_qualitative_has_no_flag():
    """Rule 10: a partial claim against a qualitative target is 70% without the claimed flag."""
    o = ev("可持续发展", "有待完善")
    assert (o.verdict, o.score, o.flags) == (Verdict.PARTIAL, D("7"), ())


def test_rule10_not_met_on_qualitative():
    """Rule 10: `未开展` against `良好` is not met, 0 points."""
    assert ev("良好", "未开展").score == D("0")


def test_rule10_points_are_settings():
    """Rule 10 settings: claim points 0.9 / 0.6 / 0.1 change the scores."""
    policy = DEFAULT.evolve(claim_met_points="0.9", claim_partial_points="0.6", claim_not_met_points="0.1")
    assert ev("≥90%", "达成指标", policy=policy).score == D("9")
    assert ev("≥90%", "有待完善", policy=policy).score == D("6")
    assert ev("≥90%", "未开展", policy=policy).score == D("1")


def test_year_and_ordinal_cell_is_met():
    """`=1场` with `举办2021第三届…研讨会` is met (the event was held), never scored against 2021."""
    o = ev("=1场", "举办2021第三届长三角高技术协同创新发展论坛暨新型研发机构研讨会", weight="5")
    assert (o.verdict, o.score) == (Verdict.MET, D("5"))
    assert "over_target" not in o.flags and "2021" not in o.reason


def test_plan_to_hold_is_not_met():
    """`=1场` with `拟于明年举办` (to be held next year) states no event held: never met."""
    o = ev("=1场", "拟于明年举办", weight="5")
    assert o.verdict in (Verdict.NOT_MET, Verdict.UNDETERMINED)
    assert o.score in (None, D("0"))


# ------------------------------------------------------------------ rule 11
@pytest.mark.parametrize(("target", "actual"), [
    ("良好", "良好"), ("提升社会影响力", "有效提升社会影响力"), ("形成协同联动", "形成协同联动"),
])
def test_rule11_restated_is_met(target, actual):
    """Rule 11: an actual that states the target's result is met, full weight."""
    o = ev(target, actual)
    assert (o.verdict, o.score, o.rule) == (Verdict.MET, D("10"), 11)


def test_rule11_silent_prose_is_undetermined():
    """Rule 11: `电话、微信开展满意度调查` against `85%` is undetermined with no score."""
    o = ev("85%", "电话、微信开展满意度调查")
    assert (o.verdict, o.score, o.ratio) == (Verdict.UNDETERMINED, None, None)


def test_rule11_silent_prose_on_qualitative():
    """Rule 11: unrelated prose against `保障合作交流长期稳定` is undetermined."""
    o = ev("保障合作交流长期稳定", "电话、微信开展满意度调查")
    assert (o.verdict, o.score) == (Verdict.UNDETERMINED, None)


def test_rule11_empty_actual():
    """Rule 11: an empty actual is undetermined, no score, even with a weight."""
    o = ev(r"$\geq 80\%$", "", weight="20")
    assert (o.verdict, o.score) == (Verdict.UNDETERMINED, None)


def test_rule11_overlap_is_a_setting():
    """Rule 11 setting: restatement_overlap 1 needs every word: `制度较为健全` no longer restates."""
    strict = DEFAULT.evolve(restatement_overlap="1")
    assert ev("制度健全，执行力强", "制度较为健全").verdict is Verdict.MET
    assert ev("具有技术潜力", "评选出10大最具技术潜力的科技成果").verdict is Verdict.MET
    assert ev("具有技术潜力", "评选出10大最具技术潜力的科技成果", policy=strict).verdict is Verdict.UNDETERMINED


# ------------------------------------------------------------------ rule 12
def test_rule12_schedule_met():
    """Rule 12: `按季度时间节点已完成` meets a quarterly schedule."""
    o = ev("项目工作按季度时间节点完成", "按季度时间节点已完成", weight="4")
    assert (o.verdict, o.score, o.rule) == (Verdict.MET, D("4"), 12)


@pytest.mark.parametrize("actual", ["总体按季度时间节点已完成，有些项目时间略做调整", "部分延期"])
def test_rule12_slippage_is_partial(actual):
    """Rule 12: wording that admits slippage is partial, 70%."""
    o = ev("项目工作按季度时间节点完成", actual, weight="4")
    assert (o.verdict, o.score) == (Verdict.PARTIAL, D("2.8"))


def test_rule12_slippage_points_setting():
    """Rule 12 setting: slippage_points 0.6 gives 6 of 10."""
    assert ev("项目工作按季度时间节点完成", "部分延期", policy=DEFAULT.evolve(slippage_points="0.6")).score == D("6")


def test_rule12_date_meets_schedule():
    """Rule 12: `2022年年底` answers `按时完成`."""
    assert ev("按时完成", "2022年年底").verdict is Verdict.MET


def test_rule12_denial_is_not_met():
    """Rule 12: `未完成` against a schedule is not met."""
    assert ev("按时完成", "未完成").verdict is Verdict.NOT_MET


# ------------------------------------------------------------------ rule 13
def test_rule13_on_the_deadline():
    """Rule 13: done 2022-12-31 against a 2022-12-31 deadline is met."""
    o = ev("2022年12月31日前完成系统运维", "2022年12月31日前完成")
    assert (o.verdict, o.score, o.rule) == (Verdict.MET, D("10"), 13)


def test_rule13_late_is_partial():
    """Rule 13: done 2023-01-05 against 2022-12-31 is partial, 70%."""
    o = ev("2022年12月31日前完成系统运维", "2023年1月5日完成")
    assert (o.verdict, o.score) == (Verdict.PARTIAL, D("7"))


def test_rule13_month_means_its_last_day():
    """Rule 13: `2022年9月前` is met on 2022-09-30 and late on 2022-10-01."""
    assert ev("2022年9月前", "2022年9月30日").verdict is Verdict.MET
    assert ev("2022年9月前", "2022年10月1日").verdict is Verdict.PARTIAL


def test_rule13_year_from_the_row():
    """Rule 13: `9月前` with `10月底` in a 2023 table is late."""
    assert ev("9月前", "10月底", year=2023).verdict is Verdict.PARTIAL
    assert ev("9月前", "9月底", year=2023).verdict is Verdict.MET


def test_rule13_late_points_setting():
    """Rule 13 setting: late_points 0.5 gives 5 of 10."""
    o = ev("2022年12月31日前完成系统运维", "2023年1月5日完成", policy=DEFAULT.evolve(late_points="0.5"))
    assert o.score == D("5")


def test_rule13_actual_without_year_takes_the_deadline_year():
    """Rule 13: `2023年9月前` with `10月底` (no year, none given) is late, not met."""
    o = ev("2023年9月前", "10月底")
    assert (o.verdict, o.score) == (Verdict.PARTIAL, D("7"))


def test_rule13_no_year_on_either_side():
    """Rule 13: `9月前` with `10月底` and no year anywhere is still later: partial."""
    assert ev("9月前", "10月底").verdict is Verdict.PARTIAL


# ------------------------------------------------------------------ rule 14
def test_rule14_needs_reference():
    """Rule 14: `高于全国平均数` with 90% and no reference is undetermined, flag needs_reference."""
    o = ev("高于全国平均数", "90%")
    assert (o.verdict, o.score, o.flags, o.rule) == (Verdict.UNDETERMINED, None, ("needs_reference",), 14)


def test_rule14_with_reference_met():
    """Rule 14: with 全国平均数 = 85, 90% is higher: met."""
    o = ev("高于全国平均数", "90%", references={"全国平均数": "85"})
    assert (o.verdict, o.score) == (Verdict.MET, D("10"))


def test_rule14_with_reference_scores_like_a_quantity():
    """Rule 14: with 全国平均数 = 85, 80% scores 10 × 80 ÷ 85 = 9.41."""
    o = ev("高于全国平均数", "80%", references={"全国平均数": "85"})
    assert (o.verdict, o.score, o.ratio) == (Verdict.PARTIAL, D("9.41"), D("0.9412"))


def test_rule14_reference_boundary():
    """Rule 14: with 全国平均数 = 85, 85% is the strict boundary (rule 5)."""
    assert ev("高于全国平均数", "85%", references={"全国平均数": "85"}).flags == ("boundary",)


def test_rule14_lower_is_better_reference():
    """Rule 14: `总成本控制在批复预算内` with 批复预算 = 100 and 120 万元 scores 10 × 100 ÷ 120."""
    o = ev("总成本控制在批复预算内", "120万元", references={"批复预算": "100"})
    assert (o.verdict, o.score) == (Verdict.PARTIAL, D("8.33"))


def test_rule14_claim_decides_without_reference():
    """Rule 14: without a reference, `达成指标` decides: met."""
    o = ev("高于全国平均数", "达成指标")
    assert (o.verdict, o.score) == (Verdict.MET, D("10"))


def test_rule14_restated_relative_with_claim_word():
    """Rule 14: `…覆盖率进一步提高` restated (a claim of 提高) is met without a reference."""
    text = "与上一年度相比，社会组织党建工作覆盖率进一步提高"
    assert ev(text, text, weight="20").score == D("20")


def test_rule14_restated_relative_is_met():
    """Rule 14: `与上一年度相比有所上升` restated word for word is a claim of the result: met."""
    o = ev("与上一年度相比有所上升", "与上一年度相比有所上升")
    assert (o.verdict, o.score) == (Verdict.MET, D("10"))


# ------------------------------------------------------------------ rule 15
T15 = "培训合格率≥90%，结业人数不少于50人"


def test_rule15_all_parts_met():
    """Rule 15: every part met is met, full weight."""
    o = ev(T15, "合格率95%，结业62人")
    assert (o.verdict, o.score, o.rule) == (Verdict.MET, D("10"), 15)


def test_rule15_mean_of_parts():
    """Rule 15: one part met (1) and one at 25 ÷ 50 (0.5) give the mean 0.75: 7.5."""
    o = ev(T15, "合格率95%，结业25人")
    assert (o.verdict, o.score, o.ratio) == (Verdict.PARTIAL, D("7.5"), D("0.75"))


def test_rule15_parts_mean_with_shortfalls():
    """Rule 15: 45 ÷ 90 and 25 ÷ 50 give the mean 0.5: 5."""
    o = ev(T15, "合格率45%，结业25人")
    assert (o.verdict, o.score) == (Verdict.PARTIAL, D("5"))


def test_rule15_min_setting():
    """Rule 15 setting: compound "min" takes the worst part: 0.5."""
    assert ev(T15, "合格率95%，结业25人", policy=DEFAULT.evolve(compound="min")).score == D("5")


def test_rule15_claim_answers_all_parts():
    """Rule 15: `已完成` answers all parts at once: met, flag claimed."""
    o = ev(T15, "已完成")
    assert (o.verdict, o.score, o.flags) == (Verdict.MET, D("10"), ("claimed",))


def test_rule15_four_parts():
    """Rule 15: `3人 10篇 5篇 6-8人` with 2 人 and 5 篇: mean of 2/3, 1/2, 1, 1/3 is 0.625."""
    o = ev("3人 10篇 5篇 6-8人", "参加辩论赛2人，报告5篇", weight="18")
    assert (o.verdict, o.score, o.ratio) == (Verdict.PARTIAL, D("11.25"), D("0.625"))


def test_rule15_unanswered_part_is_undetermined():
    """Rule 15: a part with no answer leaves the row undetermined."""
    o = ev(T15, "合格率95%")
    assert (o.verdict, o.score) == (Verdict.UNDETERMINED, None)


# ------------------------------------------------------------------ rule 16
@pytest.mark.parametrize(("total", "expected"), [
    ("100", "优"), ("90", "优"), ("89.99", "良"), ("80", "良"), ("79.99", "中"), ("60", "中"), ("59.99", "差"), ("0", "差"),
])
def test_rule16_grade(total, expected):
    """Rule 16: 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, otherwise 差."""
    assert grade(D(total), DEFAULT) == expected


def test_rule16_thresholds_are_settings():
    """Rule 16 settings: with grade_excellent 95, 92 is 良."""
    assert grade(D("92"), DEFAULT.evolve(grade_excellent="95")) == "良"


# ------------------------------------------------------------------ arithmetic
def test_round_score_half_up():
    """Scores round half-up to 2 places: 4.915 → 4.92, 4.925 → 4.93."""
    assert round_score(D("4.915"), DEFAULT) == D("4.92")
    assert round_score(D("4.925"), DEFAULT) == D("4.93")


def test_score_places_setting():
    """score_places 1 rounds 4.9166… to 4.9."""
    assert ev("≥600.00(场)", "295 场", policy=DEFAULT.evolve(score_places=1)).score == D("4.9")


def test_no_weight_no_score():
    """Without a weight the verdict stands but the score is None."""
    o = evaluate("≥90%", "45%")
    assert (o.verdict, o.score, o.ratio) == (Verdict.PARTIAL, None, D("0.5"))


def test_float_weight_is_refused():
    """A float weight is refused: arithmetic is exact decimal."""
    with pytest.raises(TypeError):
        evaluate("≥90%", "45%", weight=2.5)


def test_negative_weight_is_refused():
    """A negative weight is an error."""
    with pytest.raises(ValueError):
        evaluate("≥90%", "45%", weight="-1")


# ------------------------------------------------------------------ reasons in Chinese
@pytest.mark.parametrize(("target", "actual", "kw", "rule"), [
    ("≥600.00(场)", "295 场", {}, 2),
    ("=6次", "12场", {}, 4),
    (">90%", "90%", {}, 5),
    ("≤5天", "10天", {}, 6),
    ("≥100万元", "100次", {}, 8),
    ("≥90%", "有待完善", {}, 10),
    ("良好", "良好", {}, 11),
    ("项目工作按季度时间节点完成", "部分延期", {}, 12),
    ("2022年12月31日前完成系统运维", "2023年1月5日完成", {}, 13),
    ("高于全国平均数", "90%", {}, 14),
    (T15, "合格率95%，结业25人", {}, 15),
])
def test_reasons_in_chinese(target, actual, kw, rule):
    """With lang='zh' the reason is a Chinese sentence naming the rule (规则N)."""
    o = ev(target, actual, lang="zh", **kw)
    assert CJK.search(o.reason)
    assert f"规则{rule}" in o.reason
    assert "rule" not in o.reason


def test_reason_zh_rule2_exact():
    """Rule 2's Chinese reason: 实际295 场为目标600 场的49.17%（规则2）."""
    assert ev("≥600.00(场)", "295 场", lang="zh").reason == "实际295 场为目标600 场的49.17%（规则2）"


def test_reason_language_does_not_change_the_score():
    """The language of the reason changes nothing else."""
    en, zh = ev("≥600.00(场)", "295 场"), ev("≥600.00(场)", "295 场", lang="zh")
    assert (en.verdict, en.score, en.ratio, en.flags) == (zh.verdict, zh.score, zh.ratio, zh.flags)
    assert en.reason != zh.reason


# ------------------------------------------------------------------ ScoringPolicy
def test_default_equals_constructor():
    """ScoringPolicy.default() equals ScoringPolicy()."""
    assert ScoringPolicy.default() == ScoringPolicy()


def test_default_values_are_the_documented_ones():
    """The default settings are those of scoring-policy.md."""
    p = ScoringPolicy.default()
    assert p.over_target_factor == D("1.2")
    assert p.approx_tolerance == D("0.10")
    assert (p.claim_met_points, p.claim_partial_points, p.claim_not_met_points) == (D("1"), D("0.7"), D("0"))
    assert p.slippage_points == D("0.7") and p.late_points == D("0.7")
    assert p.strict_boundary_full is True and p.equal_means_reach is True
    assert p.compound == "mean"
    assert (p.grade_excellent, p.grade_good, p.grade_pass) == (D("90"), D("80"), D("60"))
    assert p.score_places == 2


def test_evolve_changes_one_setting():
    """evolve() returns a changed copy and leaves the original alone."""
    p = ScoringPolicy.default()
    q = p.evolve(strict_boundary_full=False)
    assert q.strict_boundary_full is False and p.strict_boundary_full is True
    assert q != p
    assert q.evolve(strict_boundary_full=True) == p


def test_evolve_unknown_setting():
    """evolve() with an unknown setting raises PolicyError naming it."""
    with pytest.raises(PolicyError) as info:
        DEFAULT.evolve(nope=1)
    assert info.value.setting == "nope"


def test_evolve_bad_value():
    """evolve() with an out-of-range value raises PolicyError naming the setting."""
    with pytest.raises(PolicyError) as info:
        DEFAULT.evolve(approx_tolerance="-0.1")
    assert info.value.setting == "approx_tolerance"


def test_policy_is_immutable():
    """A policy cannot be changed in place."""
    with pytest.raises(Exception):
        DEFAULT.approx_tolerance = D("0.5")  # type: ignore[misc]


def _toml(tmp_path, text):
    path = tmp_path / "policy.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_from_toml_valid(tmp_path):
    """A valid file changes the settings it names and keeps the others."""
    p = ScoringPolicy.from_toml(_toml(tmp_path, "strict_boundary_full = false\nover_target_factor = 1.5\ncompound = \"min\"\n"))
    assert p == DEFAULT.evolve(strict_boundary_full=False, over_target_factor="1.5", compound="min")


def test_from_toml_policy_table(tmp_path):
    """Settings may sit under a [policy] table."""
    p = ScoringPolicy.from_toml(_toml(tmp_path, "[policy]\nlate_points = 0.5\n"))
    assert p.late_points == D("0.5")


def test_from_toml_floats_are_exact(tmp_path):
    """A TOML float 0.15 becomes exactly Decimal('0.15'), not its binary approximation."""
    p = ScoringPolicy.from_toml(_toml(tmp_path, "approx_tolerance = 0.15\nclaim_partial_points = 0.65\n"))
    assert p.approx_tolerance == D("0.15")
    assert str(p.approx_tolerance) == "0.15"
    assert p.claim_partial_points == D("0.65")


def test_from_toml_file_changes_scores(tmp_path):
    """A loaded policy is used by evaluate: tolerance 0.2 makes 500 of `约600人` met."""
    p = ScoringPolicy.from_toml(_toml(tmp_path, "approx_tolerance = 0.2\n"))
    assert ev("约600人", "500人", policy=p).verdict is Verdict.MET


def test_from_toml_unknown_key(tmp_path):
    """An unknown key is a PolicyError naming the key, never ignored."""
    with pytest.raises(PolicyError) as info:
        ScoringPolicy.from_toml(_toml(tmp_path, "bogus_key = 1\n"))
    assert info.value.setting == "bogus_key"
    assert "bogus_key" in str(info.value)


@pytest.mark.parametrize(("text", "key"), [
    ("approx_tolerance = 2\n", "approx_tolerance"),
    ("strict_boundary_full = \"yes\"\n", "strict_boundary_full"),
    ("score_places = 1.5\n", "score_places"),
    ("compound = \"max\"\n", "compound"),
    ("over_target_factor = 0\n", "over_target_factor"),
])
def test_from_toml_bad_value(tmp_path, text, key):
    """A bad value is a PolicyError naming the setting."""
    with pytest.raises(PolicyError) as info:
        ScoringPolicy.from_toml(_toml(tmp_path, text))
    assert info.value.setting == key
    assert key in str(info.value)


def test_from_toml_non_number_is_an_error(tmp_path):
    """A string where a number belongs is a PolicyError."""
    with pytest.raises(PolicyError):
        ScoringPolicy.from_toml(_toml(tmp_path, "over_target_factor = \"abc\"\n"))


def test_from_toml_non_number_names_the_key(tmp_path):
    """A string where a number belongs is a PolicyError naming the setting."""
    with pytest.raises(PolicyError) as info:
        ScoringPolicy.from_toml(_toml(tmp_path, "over_target_factor = \"abc\"\n"))
    assert info.value.setting == "over_target_factor"


def test_from_toml_invalid_toml(tmp_path):
    """A file that is not TOML is a PolicyError."""
    with pytest.raises(PolicyError) as info:
        ScoringPolicy.from_toml(_toml(tmp_path, "approx_tolerance = = 2\n"))
    assert "TOML" in str(info.value)


def test_from_toml_missing_file(tmp_path):
    """A missing file is a PolicyError (a ValueError too)."""
    with pytest.raises(PolicyError) as info:
        ScoringPolicy.from_toml(tmp_path / "missing.toml")
    assert isinstance(info.value, ValueError)


# ------------------------------------------------------------------ rule 14 with a margin
def test_rule14_margin_share_of_the_reference():
    """Rule 14: 比上年增长10% with 上年 = 200 asks for at least 220; 215 is 97.73% of it."""
    o = evaluate("比上年增长10%", "215人", weight="10", references={"上年": "200"})
    assert (o.verdict, o.score) == (Verdict.PARTIAL, Decimal("9.77"))


def test_rule14_margin_in_points():
    """Rule 14: 提高5个百分点 over 85% asks for at least 90%: 91% is met, 89% is not."""
    met = evaluate("满意度比上年提高5个百分点", "91%", weight="10", references={"上年": "85"})
    short = evaluate("满意度比上年提高5个百分点", "89%", weight="10", references={"上年": "85"})
    assert met.verdict is Verdict.MET and short.verdict is Verdict.PARTIAL


def test_rule14_margin_for_a_fall():
    """Rule 14: 较上年下降5% with 上年 = 200万元 is met at 190 or less, not at 195."""
    assert evaluate("较上年下降5%", "190万元", weight="10", references={"上年": "200"}).verdict is Verdict.MET
    assert evaluate("较上年下降5%", "195万元", weight="10", references={"上年": "200"}).verdict is Verdict.PARTIAL

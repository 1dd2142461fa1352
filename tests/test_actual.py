"""Reading actuals (实际完成值): every shape of the Actual table in interface.md."""

from __future__ import annotations

from decimal import Decimal

import pytest

from indicator_dsl import parse_target
from indicator_dsl.evaluation.actual import claim_in, read_actual, restates
from indicator_dsl.evaluation.model import ActualAll, ActualDate, Bound, Claim, NoResult, Quantity, Verdict
from indicator_dsl.evaluation.serialize import actual_to_json


def read(text, target=None, **kw):
    """Read ``text`` against the target cell ``target`` (a string) or no target."""
    return read_actual(text, parse_target(target) if target is not None else None, **kw)


def q(value, unit=None, bound=Bound.EXACT):
    """The Quantity an actual should read as."""
    return Quantity(Decimal(value), unit, bound)


# ------------------------------------------------------------------ plain numbers
def test_number_with_bracketed_unit():
    """`32.00(个)` reads as 32 个, exact, with trailing zeros dropped."""
    a = read("32.00(个)")
    assert a == q("32", "个")
    assert str(a.value) == "32"


def test_bare_integer_has_no_unit():
    """A bare `132` is the number 132 without a unit."""
    assert read("132") == q("132")


def test_bare_fraction():
    """A bare `0.5` is the exact decimal 0.5."""
    a = read("0.5")
    assert a == q("0.5")
    assert a.value == Decimal("0.5")


def test_bare_zero():
    """A bare `0` is the number 0 (nothing done), not an empty cell."""
    assert read("0", "12场") == q("0")


def test_full_width_digits_and_brackets():
    """Full-width `５次` and `（5次）` read like their half-width spelling."""
    assert read("５次") == q("5", "次")
    assert read("（5次）") == q("5", "次")


def test_percent():
    """`35.76%` reads as 35.76 with the unit %."""
    assert read("35.76%") == q("35.76", "%")


def test_magnitude_on_a_counting_unit_is_applied():
    """`1.5万人次` is 15000 人次 (a magnitude before a non-money unit is applied)."""
    assert read("1.5万人次") == q("15000", "人次")


def test_money_units_stay_as_written():
    """`55亿元` stays 55 亿元 (money units are not rescaled when read)."""
    assert read("55亿元") == q("55", "亿元")


# ------------------------------------------------------------------ signs
def test_sign_more_than():
    """`> 20 次` is more than 20 次."""
    assert read("> 20 次") == q("20", "次", Bound.MORE_THAN)


def test_sign_full_width_at_least():
    """`满意度》= 90%` (a full-width 》=) is at least 90%."""
    assert read("满意度》= 90%") == q("90", "%", Bound.AT_LEAST)


def test_sign_in_latex():
    """`$> 80\\%$` written in LaTeX is more than 80%."""
    assert read(r"$> 80\%$") == q("80", "%", Bound.MORE_THAN)


def test_word_more_than_in_prose():
    """`综合满意度大于90%` is more than 90% (大于 excludes the number)."""
    assert read("综合满意度大于90%", ">=90%") == q("90", "%", Bound.MORE_THAN)


def test_word_at_most():
    """`不超过5天` is at most 5 天 (不超过 includes the number)."""
    assert read("不超过5天") == q("5", "天", Bound.AT_MOST)


def test_word_less_than():
    """`少于3起` is less than 3 起."""
    assert read("少于3起") == q("3", "起", Bound.LESS_THAN)


def test_approx_actual():
    """`约600人` is approximately 600 人."""
    assert read("约600人") == q("600", "人", Bound.APPROX)


# ------------------------------------------------------------------ open bounds
def test_yu_is_at_least():
    """`300余条` inside prose is at least 300 条."""
    assert read("全年共发布各类政策、研究、新闻、案例等信息共300余条", ">250条") == q("300", "条", Bound.AT_LEAST)


def test_plus_is_at_least():
    """`600+人次` is at least 600 人次."""
    assert read("参与人数600+人次", "约600人") == q("600", "人次", Bound.AT_LEAST)


def test_duo_without_unit_is_at_least():
    """`100多` is at least 100, without a unit."""
    assert read("100多") == q("100", None, Bound.AT_LEAST)


def test_duo_with_unit_is_at_least():
    """`100多人` is at least 100 人."""
    assert read("100多人") == q("100", "人", Bound.AT_LEAST)


# ------------------------------------------------------------------ Chinese numerals
def test_chinese_numeral_in_prose():
    """`完成三场合作交流活动` reads 3 场."""
    assert read("完成三场合作交流活动", "1-2场") == q("3", "场")


def test_chinese_numeral_liang():
    """`完成两场` reads 2 场 (两 is two)."""
    assert read("完成两场", "=2场") == q("2", "场")


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("十二场", "12", "场"), ("三十二个", "32", "个"), ("两千人次", "2000", "人次"),
])
def test_compound_chinese_numerals(text, value, unit):
    """Chinese numerals with 十/千 read as their value."""
    assert read(text) == q(value, unit)


# ------------------------------------------------------------------ choosing among several numbers
def test_total_before_its_parts():
    """`…27家、企业30家，共57家。` against `=50家` reads the total 57 家."""
    a = read("实际走访科技类社会组织27家、企业30家，共57家。", "=50家")
    assert a == q("57", "家")


def test_total_span_points_at_the_total():
    """The span of the chosen figure covers `57家` in the verbatim cell."""
    text = "实际走访科技类社会组织27家、企业30家，共57家。"
    a = read(text, "=50家")
    assert text[a.span.start:a.span.end] == "57家"


@pytest.mark.parametrize("text", ["合计：57家", "总计57家", "走访27家、企业30家，合计57家", "企业30家，共计57家"])
def test_other_total_words(text):
    """合计, 总计 and 共计 mark a total too."""
    assert read(text, "=50家") == q("57", "家")


def test_total_without_target():
    """Without a target, the total is still chosen over the parts."""
    assert read("实际走访科技类社会组织27家、企业30家，共57家。") == q("57", "家")


def test_same_dimension_as_target():
    """`…12场…，参与人数600人次` against `=6次` reads 12 场 (events, not people)."""
    assert read("实际举办12场上海科技交流沙龙活动，参与人数600人次", "=6次") == q("12", "场")


def test_same_dimension_picks_people_for_a_people_target():
    """The same cell against `=600人次` reads 600 人次."""
    assert read("实际举办12场上海科技交流沙龙活动，参与人数600人次", "=600人次") == q("600", "人次")


def test_same_dimension_when_the_answer_comes_last():
    """`参与人数600人次，举办12场` against `=6次` still reads 12 场."""
    assert read("参与人数600人次，举办12场", "=6次") == q("12", "场")


def test_percent_target_picks_the_percentage():
    """`满意度95%，投诉0起` against `≥90%` reads 95%."""
    assert read("满意度95%，投诉0起", "≥90%") == q("95", "%")


def test_incidents_target_picks_the_count():
    """`满意度95%，投诉0起` against `=0起` reads 0 起."""
    assert read("满意度95%，投诉0起", "=0起") == q("0", "起")


def test_total_after_a_part():
    """`其中政策50条，共发布信息300条` against `≥250条` reads the total 300 条, not the part 50 条."""
    assert read("其中政策50条，共发布信息300条", "≥250条") == q("300", "条")


@pytest.mark.parametrize("text", ["全年累计培训1200人次，其中线上800人次", "其中线上800人次，累计培训1200人次"])
def test_cumulative_total_wherever_it_stands(text):
    """累计 marks the total 1200 人次 whether it comes before or after the part 其中…800人次."""
    assert read(text, "≥1000人次") == q("1200", "人次")


def test_gonggong_is_not_a_total():
    """`举办活动12场，其中公共讲座5场` against `=10场` reads 12 场: 公共 (public) is not 共 (in all)."""
    assert read("举办活动12场，其中公共讲座5场", "=10场") == q("12", "场")


# ------------------------------------------------------------------ never a year or an ordinal
def held_once(a) -> bool:
    """Is ``a`` a reading of "the event was held": one event, or a met claim?"""
    if isinstance(a, Quantity):
        return a.value == 1 and a.bound is Bound.EXACT
    return isinstance(a, Claim) and a.verdict is Verdict.MET


def test_year_glued_to_ordinal_is_not_a_figure():
    """`举办2021第三届…研讨会` against `=1场` never reads 2021 (nor 3): the event was held once."""
    a = read("举办2021第三届长三角高技术协同创新发展论坛暨新型研发机构研讨会", "=1场")
    assert held_once(a)


def test_arabic_ordinal_is_not_a_figure():
    """`举办第3届论坛` against `=1场` does not read 3."""
    assert held_once(read("举办第3届论坛", "=1场"))


def test_year_and_ordinal_before_a_real_figure():
    """`举办2021第三届论坛2场` reads 2 场, skipping the year and the ordinal."""
    assert read("举办2021第三届论坛2场", "=1场") == q("2", "场")


def test_year_before_a_figure():
    """`2021年完成12项` against `=10项` reads 12 项, not the year."""
    assert read("2021年完成12项", "=10项") == q("12", "项")


def test_year_with_niandu_is_not_a_figure():
    """`2021年度举办` against `=1场` means the event was held, never 2021 年度."""
    assert held_once(read("2021年度举办", "=1场"))


# ------------------------------------------------------------------ claims
@pytest.mark.parametrize("text", ["达成指标", "已完成", "按季度时间节点已完成", "完成年度目标", "已达标", "有效实现", "是"])
def test_claim_met(text):
    """Wording that states success is a claim with verdict met."""
    a = read(text)
    assert isinstance(a, Claim) and a.verdict is Verdict.MET


@pytest.mark.parametrize("text", ["有待完善", "基本完成", "部分完成", "总体按季度时间节点已完成，有些项目时间略做调整"])
def test_claim_partial(text):
    """Wording that admits a shortfall or slippage is a claim with verdict partial."""
    a = read(text)
    assert isinstance(a, Claim) and a.verdict is Verdict.PARTIAL


@pytest.mark.parametrize("text", ["未开展", "未完成", "尚未完成", "因疫情影响，预算削减，该项目未开展", "否"])
def test_claim_not_met(text):
    """Wording that denies the work was done is a claim with verdict not_met."""
    a = read(text)
    assert isinstance(a, Claim) and a.verdict is Verdict.NOT_MET


def test_claim_against_a_numeric_target():
    """`达成指标` against `≥90%` is a claim (there is no figure to read)."""
    assert read("达成指标", "≥90%") == Claim(Verdict.MET, "达成指标")


def test_claim_against_a_schedule():
    """`按季度时间节点已完成` against a quarterly schedule is a met claim."""
    a = read("按季度时间节点已完成", "项目工作按季度时间节点完成")
    assert isinstance(a, Claim) and a.verdict is Verdict.MET


def test_claim_in_denial_beats_success():
    """A denial (未) wins over a success word in the same cell."""
    assert claim_in("活动未完成").verdict is Verdict.NOT_MET


def test_claim_in_slippage_beats_success():
    """An admission of slippage wins over 已完成 in the same cell."""
    assert claim_in("总体按季度时间节点已完成，有些项目时间略做调整").verdict is Verdict.PARTIAL


def test_claim_in_nothing():
    """Prose without a result word states no claim."""
    assert claim_in("电话、微信开展满意度调查") is None


def test_restated_qualitative_is_a_met_claim():
    """`有效提升社会影响力` against `提升社会影响力` restates it: a met claim."""
    a = read("有效提升社会影响力", "提升社会影响力")
    assert isinstance(a, Claim) and a.verdict is Verdict.MET


def test_restates_overlap():
    """restates() is true for shared wording and false for unrelated prose."""
    assert restates("具有技术潜力", "评选出10大最具技术潜力的科技成果", Decimal("0.5"))
    assert not restates("保障合作交流长期稳定", "电话、微信开展满意度调查", Decimal("0.5"))


def test_partial_claim_beats_restatement():
    """`有待完善` against a qualitative target stays a partial claim."""
    a = read("有待完善", "可持续发展")
    assert a == Claim(Verdict.PARTIAL, "有待完善")


# ------------------------------------------------------------------ dates
def test_year_end_date():
    """`2022年年底` is the date 2022-12-31."""
    a = read("2022年年底", "按时完成")
    assert isinstance(a, ActualDate)
    assert a.date == "2022-12-31"


def test_year_end_date_without_target():
    """`2022年年底` with no target is still the date 2022-12-31."""
    a = read("2022年年底")
    assert isinstance(a, ActualDate) and a.date == "2022-12-31"


def test_full_date_against_a_deadline():
    """`2022年12月31日前完成` against a deadline is the date 2022-12-31."""
    a = read("2022年12月31日前完成", "2022年12月31日前完成系统运维")
    assert a == ActualDate(2022, 12, 31)
    assert a.date == "2022-12-31"


def test_full_date_against_a_schedule():
    """`2022年12月31日前完成` against `按时完成` is the date 2022-12-31."""
    a = read("2022年12月31日前完成", "按时完成")
    assert isinstance(a, ActualDate) and a.date == "2022-12-31"


def test_month_alone_means_its_last_day():
    """`2022年11月` is 2022-11-30 (a month without a day means its last day)."""
    assert read("于2022年11月完成", "2022年12月前完成").date == "2022-11-30"


def test_date_year_from_the_row():
    """`9月底` with the row's year 2023 is 2023-09-30."""
    a = read("9月底", "9月前", year=2023)
    assert isinstance(a, ActualDate) and a.date == "2023-09-30"


def test_date_json():
    """The JSON of a date actual is kind date with an ISO date."""
    data = actual_to_json(read("2022年年底", "按时完成"))
    assert data["kind"] == "date" and data["date"] == "2022-12-31"


# ------------------------------------------------------------------ no result
def test_prose_without_a_result():
    """`电话、微信开展满意度调查` against `85%` states no result: none, keeping the text."""
    a = read("电话、微信开展满意度调查", "85%")
    assert a == NoResult("电话、微信开展满意度调查")


@pytest.mark.parametrize("text", ["", "   ", None])
def test_empty_cell(text):
    """An empty (or blank, or missing) cell is none with empty text."""
    assert read_actual(text, parse_target("≥80%")) == NoResult("")


def test_none_json():
    """The JSON of an empty cell is kind none."""
    assert actual_to_json(read("", "≥80%"))["kind"] == "none"


# ------------------------------------------------------------------ compound
def test_compound_parts_in_target_order():
    """`合格率95%，结业62人` against two parts reads 95% then 62 人."""
    a = read("合格率95%，结业62人", "培训合格率≥90%，结业人数不少于50人")
    assert a == ActualAll((q("95", "%"), q("62", "人")))


def test_compound_parts_in_target_order_reversed():
    """The parts follow the target's order, not the actual's."""
    a = read("结业62人，合格率95%", "培训合格率≥90%，结业人数不少于50人")
    assert a == ActualAll((q("95", "%"), q("62", "人")))


def test_compound_debate_row():
    """`参加辩论赛8人，报告18篇` against `3人 10篇 5篇 6-8人`: one answer per part, by dimension, the last figure of a dimension answering the rest."""
    a = read("参加辩论赛8人，报告18篇", "3人 10篇 5篇 6-8人")
    assert isinstance(a, ActualAll)
    assert a.parts == (q("8", "人"), q("18", "篇"), q("18", "篇"), q("8", "人"))


def test_compound_missing_part_is_none():
    """A part the actual does not answer is none."""
    a = read("合格率95%", "培训合格率≥90%，结业人数不少于50人")
    assert isinstance(a, ActualAll)
    assert a.parts[0] == q("95", "%")
    assert isinstance(a.parts[1], NoResult)


def test_compound_claim_answers_all():
    """A claim against a compound target stays one claim."""
    a = read("已完成", "培训合格率≥90%，结业人数不少于50人")
    assert isinstance(a, Claim) and a.verdict is Verdict.MET


# ------------------------------------------------------------------ JSON
def test_quantity_json_numbers_are_strings():
    """The JSON of `300余条` is value "300", unit 条, bound at_least."""
    data = actual_to_json(read("全年共发布各类政策、研究、新闻、案例等信息共300余条", ">250条"))
    assert (data["kind"], data["value"], data["unit"], data["bound"]) == ("quantity", "300", "条", "at_least")


def test_claim_json():
    """The JSON of `有待完善` is kind claim with verdict partial."""
    data = actual_to_json(read("有待完善"))
    assert (data["kind"], data["verdict"]) == ("claim", "partial")


def test_compound_json():
    """The JSON of a compound actual lists its parts as quantities."""
    data = actual_to_json(read("合格率95%，结业62人", "培训合格率≥90%，结业人数不少于50人"))
    assert data["kind"] == "all"
    assert [(p["value"], p["unit"]) for p in data["parts"]] == [("95", "%"), ("62", "人")]

"""Unit tests of the target language, one construct per test (parse_target)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from indicator_dsl import (
    AllOf,
    Approx,
    Compare,
    Deadline,
    Op,
    Period,
    Qualitative,
    Range,
    Relative,
    Schedule,
    TargetSyntaxError,
    find_phrases,
    is_valid_target,
    parse_target,
)
from indicator_dsl.target.units import magnitude_applied


def C(op: str, value: str, unit: str | None = None, per: str | None = None, subject: str | None = None) -> Compare:
    return Compare(Op(op), D(value), unit, per, subject)


# ------------------------------------------------------------------ signs
SIGNS = [
    ("≥", ">="), (">=", ">="), ("≧", ">="), ("》=", ">="), ("＞＝", ">="), ("=>", ">="), ("⩾", ">="),
    ("≤", "<="), ("<=", "<="), ("‹=", "<="), ("≦", "<="), ("《=", "<="),
    ("=", "="), ("﹦", "="), ("═", "="), ("＝", "="), ("==", "="),
    (">", ">"), ("＞", ">"), ("<", "<"), ("＜", "<"),
]


@pytest.mark.parametrize("sign, op", SIGNS, ids=[s for s, _ in SIGNS])
def test_sign_spellings(sign, op):
    """Every published spelling of a comparison sign reads as its operator."""
    t = parse_target(f"{sign}90")
    assert t == C(op, "90")
    assert (t.span.start, t.span.end) == (0, len(sign) + 2)


def test_latex_geq():
    """LaTeX ``$\\geq 80\\%$`` reads as >= 80 %, its span inside the dollars."""
    text = "$\\geq 80\\%$"
    t = parse_target(text)
    assert t == C(">=", "80", "%")
    assert text[t.span.start:t.span.end] == "\\geq 80\\%"


def test_latex_gt():
    """LaTeX ``$> 80\\%$`` reads as > 80 %."""
    assert parse_target("$> 80\\%$") == C(">", "80", "%")


@pytest.mark.parametrize(
    "text, unit",
    [("=2(%)", "%"), ("=2（次）", "次"), ("≥90(百分比)", "%"), ("≥ 90.00 (百分比)", "%"), ("=2【场】", "场"), ("=2(人次)", "人次")],
)
def test_unit_in_brackets(text, unit):
    """A unit in half- or full-width brackets is the unit, without the brackets (百分比 is %)."""
    t = parse_target(text)
    assert t.unit == unit
    assert str(t).endswith(f" {unit}")


@pytest.mark.parametrize("text", ["≥90%", " ≥ 90 % ", "≥ 90%", "≥90 %", "  ≥\t90(%)  ", "≥ 90 ( % )"])
def test_spaces_between_tokens(text):
    """Spaces (and tabs) around any token change nothing."""
    assert parse_target(text) == C(">=", "90", "%")


def test_full_width_digits_and_signs():
    """``＞＝９０（％）`` reads as >= 90 % and its span covers all seven characters."""
    t = parse_target("＞＝９０（％）")
    assert t == C(">=", "90", "%")
    assert (t.span.start, t.span.end) == (0, 7)


def test_full_width_decimal_point():
    """A full-width full stop inside a number is a decimal point."""
    assert parse_target("≥９０．５％") == C(">=", "90.5", "%")


@pytest.mark.parametrize("text", ["≥90%。", "≥90%；", "≥90%,"])
def test_trailing_punctuation(text):
    """A trailing 。 or separator is ignored and left out of the span."""
    t = parse_target(text)
    assert t == C(">=", "90", "%")
    assert (t.span.start, t.span.end) == (0, 4)


def test_trailing_zeros_are_not_significant():
    """``≥90.00(%)`` equals ``≥90%`` and prints without the zeros."""
    t = parse_target("≥90.00(%)")
    assert t == parse_target("≥90%")
    assert str(t) == ">= 90 %"


def test_thousands_separator():
    """A comma between groups of three digits is a thousands separator."""
    assert parse_target("≥1,000人") == C(">=", "1000", "人")


def test_long_number_is_exact():
    """A 28-digit integer is read exactly."""
    assert parse_target("1" * 28).value == D("1" * 28)


def test_long_fraction_is_exact():
    """Numbers are exact decimals: a 40-digit fraction is not rounded to 28 digits."""
    assert parse_target("0." + "1" * 40).value == D("0." + "1" * 40)


def test_very_long_integer_is_exact():
    """A 29-digit integer is read exactly."""
    assert parse_target("1" * 29).value == D("1" * 29)


def test_negative_number_after_sign():
    """``≤-5%`` is <= -5 %."""
    assert parse_target("≤-5%") == C("<=", "-5", "%")


def test_negative_number_in_prose():
    """``增长率≥-5%`` is >= -5 % with subject 增长率, never ``= 5 %``."""
    assert parse_target("增长率≥-5%") == C(">=", "-5", "%", subject="增长率")


def test_compound_count_unit_jia_ci():
    """``≥3家次`` is >= 3 家次, like ``≥3人次``."""
    assert parse_target("≥3家次") == C(">=", "3", "家次")


def test_per_mille():
    """‰ is a unit of its own."""
    assert parse_target("≤0.5‰") == C("<=", "0.5", "‰")


# ------------------------------------------------------------------ bare numbers
def test_bare_number_with_unit():
    """A number and unit without a sign (``30家``) means equal to."""
    assert parse_target("30家") == C("=", "30", "家")


def test_bare_number_without_unit():
    """``=100`` has no unit at all (null, not an empty string)."""
    t = parse_target("=100")
    assert t == C("=", "100")
    assert t.unit is None


def test_bare_percentage():
    """``85%`` without a sign means equal to 85 %."""
    assert parse_target("85%") == C("=", "85", "%")


@pytest.mark.parametrize("text, value, unit", [
    ("300余条", "300", "条"), ("10多人", "10", "人"), ("600+", "600", None), ("十几人", "10", "人"),
    ("二十几个", "20", "个"), ("十几万", "100000", None), ("百分之九十几", "90", "%"), ("500多亿", "500", "亿"),
])
def test_open_bare_number_reads_at_least(text, value, unit):
    """余/多/+ after a bare number, or 几 inside a Chinese one, make it open: ``>=`` the number."""
    assert parse_target(text) == C(">=", value, unit)


@pytest.mark.parametrize("text, want", [("不超过300余条", "<= 300 条"), ("不超过十几人", "<= 10 人"), ("≥10+", ">= 10")])
def test_open_number_after_a_comparison_changes_nothing(text, want):
    """After a sign or a comparison word the openness adds nothing: the word decides."""
    assert str(parse_target(text)) == want


def test_unit_guess_after_digit():
    """A CJK character nobody listed, glued to a number (``=5门``), is taken as the unit."""
    assert parse_target("=5门") == C("=", "5", "门")


# ------------------------------------------------------------------ Chinese numerals
@pytest.mark.parametrize(
    "text, value, unit",
    [("三场", "3", "场"), ("十二", "12", None), ("两场", "2", "场"), ("两", "2", None), ("一点五", "1.5", None),
     ("十二人", "12", "人"), ("一百零五项", "105", "项"), ("不少于三场", "3", "场")],
)
def test_chinese_numerals(text, value, unit):
    """A Chinese numeral is read as its exact value."""
    t = parse_target(text)
    assert (t.value, t.unit) == (D(value), unit)


def test_percent_of_is_a_percentage():
    """``百分之九十`` is 90 %, not the bare number 90."""
    assert parse_target("百分之九十") == C("=", "90", "%")


def test_percent_of_with_digits_is_a_percentage():
    """``不低于百分之95`` is >= 95 %."""
    assert parse_target("不低于百分之95") == C(">=", "95", "%")


# ------------------------------------------------------------------ magnitudes
def test_magnitude_applies_to_non_money_unit():
    """``1.5万人次`` is 15000 人次."""
    assert parse_target("1.5万人次") == C("=", "15000", "人次")


def test_money_unit_stays_as_written():
    """``66.68亿元`` keeps the unit 亿元 and the value 66.68."""
    assert parse_target("66.68亿元") == C("=", "66.68", "亿元")


def test_money_unit_wan_yuan_stays():
    """``>=100万元`` keeps 万元."""
    assert parse_target(">=100万元") == C(">=", "100", "万元")


def test_magnitude_without_unit():
    """``5万`` keeps its magnitude where the unit goes, as written (interface.md: like
    55亿元); ``magnitude_applied`` gives the number it means."""
    assert parse_target("5万") == C("=", "5", "万")
    assert parse_target("≤620万/月") == C("<=", "620", "万", per="月")
    assert magnitude_applied(D(5), "万") == (D(50000), None)
    assert parse_target("1-2万") == Range(D(1), D(2), "万")


@pytest.mark.parametrize("text, value, unit", [
    ("550万粒", "5500000", "粒"), ("= 6 万立方米", "60000", "立方米"), ("= 0.5 万亩", "5000", "亩"),
    ("1.5万人次", "15000", "人次"), ("2万吨", "20000", "吨"),
])
def test_magnitude_before_a_non_money_unit_scales_the_value(text, value, unit):
    """A magnitude before a non-money unit is applied to the value (interface.md)."""
    t = parse_target(text)
    assert (t.value, t.unit) == (D(value), unit)


@pytest.mark.parametrize("text, value, unit", [("55亿元", "55", "亿元"), ("28.8萬元", "28.8", "萬元"), ("3億元", "3", "億元")])
def test_money_units_stay_as_written(text, value, unit):
    """Money units keep their magnitude, traditional characters too (萬元, 億元)."""
    t = parse_target(text)
    assert (t.value, t.unit) == (D(value), unit)


def test_magnitude_after_sign():
    """``≥5万人`` is >= 50000 人."""
    assert parse_target("≥5万人") == C(">=", "50000", "人")


def test_chinese_numeral_with_magnitude():
    """``十二万人`` is 120000 人."""
    assert parse_target("十二万人") == C("=", "120000", "人")


def test_chinese_numeral_money_stays_as_written():
    """``两万元`` is 2 万元, like ``2万元``."""
    assert parse_target("两万元") == parse_target("2万元") == C("=", "2", "万元")


def test_chinese_decimal_with_money_unit():
    """``一点五万元`` is 1.5 万元."""
    assert parse_target("一点五万元") == C("=", "1.5", "万元")


def test_magnitude_applies_to_both_ends_of_a_range():
    """``1-2万人`` is 10000-20000 人, as a reader understands it."""
    assert parse_target("1-2万人") == Range(D("10000"), D("20000"), "人")


# ------------------------------------------------------------------ comparison words (Civil Code art. 1259)
PRE_WORDS = [
    ("不少于", ">="), ("不低于", ">="), ("不超过", "<="), ("不高于", "<="), ("至少", ">="), ("至多", "<="),
    ("达到", ">="), ("超过", ">"), ("高于", ">"), ("大于", ">"), ("多于", ">"), ("低于", "<"),
    ("小于", "<"), ("少于", "<"), ("不满", "<"), ("不足", "<"),
]
POST_WORDS = [("以上", ">="), ("以下", "<="), ("以内", "<="), ("及以上", ">=")]


@pytest.mark.parametrize("word, op", PRE_WORDS, ids=[w for w, _ in PRE_WORDS])
def test_comparison_word_before_number(word, op):
    """Each Civil Code word before a number gives its operator (不满/不足 exclude: <)."""
    assert parse_target(f"{word}150名") == C(op, "150", "名")


@pytest.mark.parametrize("word, op", POST_WORDS, ids=[w for w, _ in POST_WORDS])
def test_comparison_word_after_number(word, op):
    """以上/以下/以内/及以上 after the quantity include the number."""
    assert parse_target(f"60%{word}") == C(op, "60", "%")


def test_word_with_spaces_before_number():
    """A comparison word may be followed by spaces: ``不少于 10 家``."""
    assert parse_target("不少于 10 家") == C(">=", "10", "家")


# ------------------------------------------------------------------ ranges
@pytest.mark.parametrize("text", ["1-2场", "1～2场", "1~2场", "1至2场", "1到2场", "1－2场", "1 - 2 场", "1场-2场"])
def test_range_separators(text):
    """Every range separator gives the same closed range."""
    assert parse_target(text) == Range(D(1), D(2), "场")


def test_range_with_em_dash():
    """``18—54周岁`` is the range 18-54 周岁."""
    t = parse_target("18—54周岁")
    assert t == Range(D(18), D(54), "周岁")
    assert str(t) == "18-54 周岁"


def test_range_without_unit():
    """``2-3`` is a range without a unit."""
    assert parse_target("2-3") == Range(D(2), D(3))


def test_range_with_equal_ends():
    """A range whose ends are equal is allowed."""
    assert parse_target("2-2次") == Range(D(2), D(2), "次")


# ------------------------------------------------------------------ approx
@pytest.mark.parametrize("text", ["约600人", "600人左右", "大约600人", "约600人左右", "约 600 人"])
def test_approx(text):
    """约 / 左右 / 大约 make an approximate target."""
    assert parse_target(text) == Approx(D(600), "人")


# ------------------------------------------------------------------ comparisons in prose
def test_comparison_in_prose_has_subject():
    """A comparison inside a sentence keeps the text before it as its subject."""
    text = "AABI 及 IBI 等标志性业务须触达长三角科创载体不少于 10 家"
    t = parse_target(text)
    assert t == C(">=", "10", "家", subject="AABI 及 IBI 等标志性业务须触达长三角科创载体")
    assert text[t.span.start:t.span.end] == "不少于 10 家"


def test_subject_with_sign():
    """``系统并发量大于50`` has subject 系统并发量."""
    assert parse_target("系统并发量大于50") == C(">", "50", subject="系统并发量")


def test_subject_is_limited_to_its_clause():
    """The subject starts after the last separator before the comparison."""
    t = parse_target("聚集专业团队和机构，提供全链条服务。新增合作伙伴 ≥ 10 家。")
    assert t == C(">=", "10", "家", subject="新增合作伙伴")


def test_subject_after_a_bare_quantity():
    """A bare number with a unit in prose is a target when the unit says so."""
    assert parse_target("征集完成优秀创新服务案列10个") == C("=", "10", "个", subject="征集完成优秀创新服务案列")


def test_double_sign_after_subject_is_an_error():
    """``合格率≥≥90%`` is a typo like ``≥≥90%``, not the subject ``合格率≥``."""
    with pytest.raises(TargetSyntaxError) as info:
        parse_target("合格率≥≥90%")
    assert info.value.label == "double-sign"


def test_unclosed_bracket_after_subject_is_an_error():
    """``满意度≥90(%`` is an unclosed bracket, as ``≥90(%`` is; the unit is never silently dropped."""
    with pytest.raises(TargetSyntaxError) as info:
        parse_target("满意度≥90(%")
    assert info.value.label == "unclosed-bracket"
    assert (info.value.start, info.value.end) == (8, 8)


# ------------------------------------------------------------------ deadlines
def test_deadline_full_date():
    """``2025年12月31日前完成系统运维。`` is the deadline 2025-12-31."""
    t = parse_target("2025年12月31日前完成系统运维。")
    assert t == Deadline(2025, 12, 31)
    assert t.date == "2025-12-31"


def test_deadline_year_end_with_space():
    """``2025 年底前…`` is 2025-12-31."""
    t = parse_target("2025 年底前项目上线稳定运行。")
    assert t.kind == "deadline"
    assert t.date == "2025-12-31"


def test_deadline_month_takes_the_table_year():
    """``9月前`` with year=2023 is 2023-09-30 (a month means its last day)."""
    assert parse_target("9月前", year=2023).date == "2023-09-30"


def test_deadline_month_without_year_has_no_date():
    """``9月前`` without a table year has no ISO date."""
    t = parse_target("9月前")
    assert t == Deadline(None, 9)
    assert t.date is None


def test_deadline_explicit_year_wins_over_table_year():
    """A year written in the cell is not replaced by the table's year."""
    assert parse_target("2025年底前", year=2023).date == "2025-12-31"


def test_deadline_february_end_in_leap_year():
    """``2024年2月底前`` is 2024-02-29."""
    assert parse_target("2024年2月底前").date == "2024-02-29"


@pytest.mark.parametrize("text", ["2021年1月-12月", "2021年全年", "2021年下半年", "2021年末"])
def test_deadline_period_means_its_end(text):
    """A period (months, the whole year, the second half) means its last day."""
    assert parse_target(text).date == "2021-12-31"


def test_deadline_first_half():
    """``2021年上半年`` ends on 2021-06-30."""
    assert parse_target("2021年上半年").date == "2021-06-30"


def test_deadline_iso_date():
    """``2025-12-31前`` is 2025-12-31."""
    assert parse_target("2025-12-31前") == Deadline(2025, 12, 31)


def test_year_is_applied_inside_all_of():
    """The table year completes a month deadline that is one part of several."""
    t = parse_target("9月前，按时完成", year=2023)
    assert isinstance(t, AllOf)
    assert t.parts[0].date == "2023-09-30"


# ------------------------------------------------------------------ schedules
@pytest.mark.parametrize(
    "text, period",
    [("项目工作按季度时间节点完成", Period.QUARTER), ("按时完成", None), ("各项工作及时按计划完成", Period.PLAN),
     ("按月完成", Period.MONTH), ("按年度完成", Period.YEAR), ("及时完成", None)],
)
def test_schedule_period(text, period):
    """A schedule target names its period (quarter, month, year, plan) or none."""
    assert parse_target(text) == Schedule(period)


# ------------------------------------------------------------------ relatives
def test_relative_to_named_reference():
    """``高于全国平均数`` is > 全国平均数."""
    assert parse_target("高于全国平均数") == Relative(Op.GT, "全国平均数")


@pytest.mark.parametrize("text", ["比上年度有所提升", "与上一年度相比有所上升", "较去年有所提高"])
def test_relative_to_last_year_up(text):
    """Rising against last year is > 上年."""
    assert parse_target(text) == Relative(Op.GT, "上年")


def test_relative_to_last_year_down():
    """``与去年相比有所下降`` is < 上年."""
    assert parse_target("与去年相比有所下降") == Relative(Op.LT, "上年")


def test_relative_within_budget():
    """``总成本控制在批复预算内`` is <= 批复预算 with subject 总成本."""
    t = parse_target("总成本控制在批复预算内")
    assert t == Relative(Op.LE, "批复预算", subject="总成本")
    assert str(t) == "总成本 <= 批复预算"


def test_relative_with_word_operator():
    """``不低于全国平均水平`` is >= 全国平均水平."""
    assert parse_target("不低于全国平均水平") == Relative(Op.GE, "全国平均水平")


# ------------------------------------------------------------------ several targets
def test_all_of_with_subjects():
    """Two comparisons in one cell make an ``all`` target with a subject each."""
    t = parse_target("新增入库技术 ≥ 200 项，发布内容 ≥ 100 条")
    assert t == AllOf((C(">=", "200", "项", subject="新增入库技术"), C(">=", "100", "条", subject="发布内容")))
    assert str(t) == "新增入库技术 >= 200 项; 发布内容 >= 100 条"


def test_all_of_bare_quantities():
    """``3人 10篇 5篇 6-8人`` is four parts in order."""
    t = parse_target("3人 10篇 5篇 6-8人")
    assert t == AllOf((C("=", "3", "人"), C("=", "10", "篇"), C("=", "5", "篇"), Range(D(6), D(8), "人")))


def test_all_of_with_separator():
    """``≥90%；≥80%`` is two parts."""
    assert parse_target("≥90%；≥80%") == AllOf((C(">=", "90", "%"), C(">=", "80", "%")))


def test_relative_then_comparison():
    """A relative target followed by a comparison keeps both, each with its own text."""
    t = parse_target("高于全国平均数，满意度≥90%")
    assert t == AllOf((Relative(Op.GT, "全国平均数"), C(">=", "90", "%", subject="满意度")))
    assert parse_target(str(t)) == t


def test_unitless_range_beside_a_subject():
    """A unit-less range next to a comparison with a subject is kept as a part."""
    assert parse_target("2-3；满意度≥90%") == AllOf((Range(D(2), D(3)), C(">=", "90", "%", subject="满意度")))


def test_all_of_spans():
    """Each part of an ``all`` target has its own span into the verbatim text."""
    text = "新增入库技术 ≥ 200 项，发布内容 ≥ 100 条"
    t = parse_target(text)
    assert [text[p.span.start:p.span.end] for p in t.parts] == ["≥ 200 项", "≥ 100 条"]


# ------------------------------------------------------------------ rates
def test_per_from_each_prefix():
    """``平均每个项目不少于 2 件`` is >= 2 件 per 项目."""
    assert parse_target("平均每个项目不少于 2 件") == C(">=", "2", "件", per="项目")


def test_per_noun_round_trip():
    """The canonical text of a rate per 项目 parses back to the same target."""
    t = parse_target("平均每个项目不少于 2 件")
    assert parse_target(str(t)) == t


def test_per_after_slash():
    """``1次/月`` is = 1 次 per 月."""
    assert parse_target("1次/月") == C("=", "1", "次", per="月")


def test_per_compound():
    """``530元/人*月`` has unit 元 and per 人*月."""
    t = parse_target("530元/人*月")
    assert t == C("=", "530", "元", per="人*月")
    assert str(t) == "= 530 元/人*月"


def test_per_each_before_number():
    """``每月1次`` equals ``1次/月``."""
    assert parse_target("每月1次") == parse_target("1次/月")


def test_per_two_prefixes():
    """``每站点每年4篇`` is 4 篇 per 站点*年."""
    assert parse_target("每站点每年4篇") == C("=", "4", "篇", per="站点*年")


# ------------------------------------------------------------------ qualitative
def test_qualitative_is_stripped_text():
    """Prose with no target phrase is qualitative, stripped, with its span."""
    t = parse_target("  良好 ")
    assert t == Qualitative("良好")
    assert (t.span.start, t.span.end) == (2, 4)


def test_prose_number_with_the_article_one_is_qualitative():
    """``一个`` in prose is the article, not a count."""
    assert parse_target("形成一个长效管理机制").kind == "qualitative"


def test_trend_without_baseline_is_qualitative():
    """``提升社会影响力`` names no baseline, so it is qualitative."""
    assert parse_target("提升社会影响力") == Qualitative("提升社会影响力")


# ------------------------------------------------------------------ spans
@pytest.mark.parametrize(
    "text, piece",
    [("＞＝９０（％）", "＞＝９０（％）"), ("≥ 20 次", "≥ 20 次"), ("  ≥90%  ", "≥90%"), ("≥90%。", "≥90%"),
     ("系统并发量大于50", "大于50"), ("600人左右", "600人左右"), ("总成本控制在批复预算内", "控制在批复预算内"),
     ("2025年12月31日前完成系统运维。", "2025年12月31日前"), (">=100万元", ">=100万元")],
)
def test_span_points_into_original_text(text, piece):
    """The span of a target is the slice of the original (not the normalised) text it came from."""
    t = parse_target(text)
    assert text[t.span.start:t.span.end] == piece


# ------------------------------------------------------------------ API helpers
def test_is_valid_target():
    """is_valid_target is False exactly for cells that raise."""
    assert is_valid_target("≥90%") and is_valid_target("良好")
    assert not is_valid_target("≥9O%") and not is_valid_target("")


def test_find_phrases_in_prose():
    """find_phrases returns every target phrase of a sentence, in order."""
    found = find_phrases("发布绿色技术推广项目 ≥ 60 项，组织项目参展1-2场")
    assert found == [C(">=", "60", "项"), Range(D(1), D(2), "场")]


def test_non_string_is_a_type_error():
    """A target that is not a str is a TypeError, not a syntax error."""
    with pytest.raises(TypeError):
        parse_target(90)  # type: ignore[arg-type]


# ------------------------------------------------------------------ relative margins
@pytest.mark.parametrize("text, op, margin, unit", [
    ("较上年提高5个百分点", ">", "5", "个百分点"),
    ("比上年增长10%", ">", "10", "%"),
    ("较上年下降5%", "<", "5", "%"),
    ("与全国平均水平相比提升2个百分点", ">", "2", "个百分点"),
])
def test_trend_with_margin_is_one_relative(text, op, margin, unit):
    """A trend followed by a figure (比上年增长10%) is one relative target with that margin."""
    t = parse_target(text)
    assert t.kind == "relative"
    assert (t.op.value, str(t.margin), t.margin_unit) == (op, margin, unit)
    assert parse_target(str(t)) == t


def test_trend_margin_keeps_its_subject():
    """满意度比上年提高5个百分点 names what rose and by how much."""
    t = parse_target("满意度比上年提高5个百分点")
    assert (t.subject, t.reference, str(t)) == ("满意度", "上年", "满意度 与上年相比提高 5 个百分点")

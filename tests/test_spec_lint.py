"""The linter: every diagnostic code with a bad example, its exact message and position.

Each case is a small spec file (most start with the header ``H``) and every
diagnostic ``check`` reports on it, as ``line:col: CODE message``.  docs/lint.md shows
the same examples.
"""

from __future__ import annotations

import pytest

from indicator_dsl.spec.lines import EXAMPLES, LABELS, spec_lark
from indicator_dsl.spec.lint import CODES, check_text

H = "名称：示例\n年度：2025\n"

CASES = [
    ('E100-no-keyword', H + '举办沙龙 | =6次\n',
     ['3:1: E100 a line must start with a keyword: expected 名称, 年度, 主管部门, 实施单位, 类型, 参考值, 项目资金, 一级, 二级, 三级, 总分 or a field of a block (分值, 得分 …)']),
    ('E100-unlabelled', H + '一级 产出指标\n二级 数量指标\n三级 培训 | =6次 | 5\n',
     ['5:15: E100 a field after the target has no label: expected 分值, 得分, 实际, 说明 or 方向 before its value']),
    ('E100-missing-value', H + '一级 产出指标\n二级 数量指标\n三级 培训 | =6次 | 分值\n',
     ['5:17: E100 the value is missing: expected text after the keyword']),
    ('E100-bad-reference', H + '参考值：全国平均数 = 八十五\n',
     ['3:13: E100 a reference is one name, then = and a number: expected 参考值：全国平均数 = 85']),
    ('E100-total-text', H + '总分 100\n',
     ['3:4: E100 总分 opens a block and takes nothing after it: expected 分值, 得分 and 评分等级 on the lines below']),
    ('E101', H + '一级 产出指标\n二级 数量指标\n三级 满意度 | ≥9O%\n',
     ["5:12: E101 target: a letter inside a number ('O'): expected a digit, a unit or %"]),
    ('E102-weight', H + '一级 产出指标\n二级 数量指标\n三级 培训 | =6次 | 分值 五\n',
     ["5:18: E102 分值 must be a number such as 5 or 2.5, not '五'"]),
    ('E102-year', '名称：示例\n年度：二〇二五\n',
     ["2:4: E102 年度 must be a year such as 2025, not '二〇二五'"]),
    ('E102-budget', H + '项目资金（元）\n  全年预算数 五十万\n',
     ["4:9: E102 全年预算数 must be a number as printed (500000.00, 480,800, 96.16%), not '五十万'"]),
    ('E103-direction', H + '一级 产出指标\n二级 数量指标\n三级 培训 | =6次 | 方向 向上\n',
     ["5:18: E103 方向 must be 正向 or 反向, not '向上'"]),
    ('E103-kind', H + '类型：汇总表\n',
     ["3:4: E103 类型 must be 自评表 or 申报表, not '汇总表'"]),
    ('E104-level3', H + '一级 产出指标\n三级 培训 | =6次\n',
     ['4:1: E104 三级 comes before any 二级: write a 二级 line above it']),
    ('E104-level2', H + '二级 数量指标\n',
     ['3:1: E104 二级 comes before any 一级: write the 一级 line above it']),
    ('E104-field', H + '分值 10\n',
     ['3:1: E104 分值 stands outside a block']),
    ('E104-actual', H + '项目资金（元）\n实际 10\n',
     ['4:1: E104 实际 belongs on an indicator line, after its target']),
    ('E104-total-field', H + '总分\n  年初预算数 10\n',
     ['4:3: E104 年初预算数 is not a field of the 总分 block']),
    ('E105-header', H + '年度：2026\n',
     ['3:1: E105 年度 is given twice (first on line 2)']),
    ('E105-attr', H + '一级 产出指标\n二级 数量指标\n三级 培训 | =6次 | 说明 a | 说明 b\n',
     ['5:22: E105 说明 is given twice on this line']),
    ('E201', H + '一级 效益指标\n二级 社会效益指标\n三级 覆盖率 | 高于全国平均数\n',
     ['5:10: E201 the reference 全国平均数 is not declared']),
    ('E202', H + '项目资金（元）\n  分值 10\n一级 产出指标\n二级 数量指标\n三级 培训 | =6次 | 分值 50\n一级 效益指标\n二级 社会效益指标\n三级 覆盖 | ≥90% | 分值 30\n',
     ['5:1: E202 the weights add up to 90 (indicators 80 + 项目资金 10), not 100']),
    ('E203', H + '一级 产出指标\n二级 数量指标\n三级 培训 | =6次\n三级 培训 | = 6 次\n',
     ['6:4: E203 duplicate indicator: the same name and target as on line 5']),
    ('E204', H + '一级 产出指标\n二级 数量指标\n三级 培训 | =6次 | 分值 50\n三级 调研 | =2份\n',
     ['3:1: E202 the weights add up to 50 (indicators 50), not 100', '6:4: E204 分值 is missing (the other indicators have one)']),
    ('E205', H + '一级 成本指标\n二级 经济成本指标\n三级 差旅费 | ≥5万元 | 方向 反向\n',
     ["5:10: E205 方向 反向 contradicts the target's >="]),
    ('W301', H + '一级 效益指标\n二级 社会效益指标\n三级 社会影响 | 有效提升\n',
     ["5:11: W301 vague target: '提升' cannot be measured"]),
    ('W302', H + '一级 产出指标\n二级 质量指标\n三级 培训合格率 | =100\n',
     ['5:12: W302 the number 100 has no unit']),
    ('W303', H + '一级 产出指标\n二级 质量指标\n三级 培训合格率 | ≥120%\n',
     ['5:12: W303 a rate over 100%: 120%']),
    ('W304', H + '一级 产出指标\n二级 时效指标\n三级 完成及时率 | 100%\n',
     ['5:12: W304 a 时效指标 without a date or a schedule']),
    ('W305', H + '一级 满意度指标\n二级 服务对象满意度指标\n三级 满意度 | 满意\n',
     ['5:10: W305 a 满意度指标 that is not a percentage']),
    ('W306', H + '一级 成本指标\n二级 经济成本指标\n三级 差旅费 | 5万元\n',
     ['5:10: W306 a 成本指标 that is not an upper bound']),
    ('W307', H + '项目资金（元）\n  分值 10\n一级 产出指标\n二级 数量指标\n三级 培训 | =6次 | 分值 70\n一级 效益指标\n二级 社会效益指标\n三级 覆盖 | ≥90% | 分值 10\n一级 满意度指标\n二级 服务对象满意度指标\n三级 满意度 | ≥90% | 分值 10\n',
     ['5:1: W307 一级 产出指标 weighs 70, far from the usual 50', '8:1: W307 一级 效益指标 weighs 10, far from the usual 30']),
    ('W308', H + '一级 产出指标\n二级 数量指标\n三级 培训\n',
     ['5:4: W308 the indicator has no target (年度指标值)']),
    ('W309', H + '一级 产出指标\n二级 时效指标\n三级 及时性 | 2025年6月底前完成调研\n三级 及时性 | 2025年12月底前完成报告\n',
     ['6:4: W309 the indicator on line 5 has the same name']),
    ('W310', H + '一级 产出指标\n二级 时效指标\n三级 及时性 | 按季度完成 | 方向 正向\n',
     ['5:10: W310 方向 正向 has no effect on this target']),
    ('W311', H + '参考值：全国平均数 = 85\n',
     ['3:1: W311 the reference 全国平均数 is not used by any target']),
]


@pytest.mark.parametrize("case, text, expected", CASES, ids=[c[0] for c in CASES])
def test_diagnostic(case, text, expected):
    """The case reports exactly these diagnostics, at these positions."""
    assert [str(d) for d in check_text(text)] == expected


def test_every_code_has_a_case():
    """Each code of CODES is the subject of at least one case (its id starts with the code)."""
    covered = {c[0].split("-")[0] for c in CASES}
    assert covered == set(CODES)


def test_every_diagnostic_has_a_fix():
    """Every diagnostic of every case comes with a one-line fix."""
    for _, text, _ in CASES:
        for d in check_text(text):
            assert d.fix and "\n" not in d.fix, d


@pytest.mark.parametrize("label", sorted(EXAMPLES))
def test_syntax_examples_get_their_label(label):
    """Every labelled malformed line is reported with its own label's message."""
    from indicator_dsl.spec.lines import parse_line

    for example in EXAMPLES[label]:
        err = parse_line(example)
        assert err is not None and not hasattr(err, "kind"), example
        assert err.label == label, example
        assert err.problem == LABELS[label][0]


def test_grammar_builds_strict():
    """grammars/spec.lark builds under strict=True: no LALR conflict, no terminal collision."""
    assert spec_lark(True).options.strict


def test_caret_under_chinese_text():
    """An error's caret stands under the bad character, a Chinese character counting two columns."""
    text = H + "一级 产出指标\n二级 数量指标\n三级 满意度 | ≥9O%\n"
    (d,) = check_text(text, file="x.ind")
    assert d.render(text).split("\n") == [
        "x.ind:5:12: E101 target: a letter inside a number ('O'): expected a digit, a unit or %",
        "    三级 满意度 | ≥9O%",
        "                    ^",
        "    fix: write the target in the target language (docs/syntax.md), e.g. ≥90%, 不少于150名, 1-2场, 按季度完成",
    ]


def test_target_error_span_maps_through_escapes():
    """A target error after an escaped bar points at the right column of the file."""
    text = H + "一级 产出指标\n二级 数量指标\n三级 a | x\\|≥9O%\n"
    (d,) = [d for d in check_text(text) if d.code == "E101"]
    assert (d.line, d.col) == (5, 13)
    assert text.split("\n")[4][d.col - 1] == "O"


SILENCE = H + "一级 效益指标\n二级 社会效益指标\n三级 社会影响 | 有效提升{c1}\n三级 知晓度 | 良好{c2}\n"


@pytest.mark.parametrize("c1, c2, left", [
    ("", "", ["W301", "W301"]),
    ("  # noqa: W301", "", ["W301"]),
    ("  # 忽略 W301", "", ["W301"]),
    ("  # 忽略：vague-target", "", ["W301"]),
    ("  # noqa", "  # noqa", []),
    ("  # noqa: W302", "", ["W301", "W301"]),
])
def test_silence_per_line(c1, c2, left):
    """A directive in a line's comment silences the codes it names on that line only."""
    assert [d.code for d in check_text(SILENCE.format(c1=c1, c2=c2))] == left


@pytest.mark.parametrize("directive", ["# noqa-file: W301", "# 全文忽略 W301", "# 全文忽略：vague-target", "# noqa-file"])
def test_silence_per_file(directive):
    """A file directive in any comment silences the codes it names everywhere."""
    assert check_text(directive + "\n" + SILENCE.format(c1="", c2="")) == []


def test_errors_cannot_be_silenced():
    """# noqa silences warnings only."""
    text = H + "一级 产出指标\n二级 数量指标\n三级 满意度 | ≥9O%  # noqa\n# noqa-file\n"
    assert [d.code for d in check_text(text)] == ["E101"]


def test_spec_syntax_error():
    """parse_spec raises SpecSyntaxError (an IndicatorError and a ValueError) at the first error; it pickles."""
    import pickle

    from indicator_dsl import IndicatorError, SpecSyntaxError, parse_spec

    with pytest.raises(SpecSyntaxError) as info:
        parse_spec(H + "三级 a | b\n", file="x.ind")
    e = info.value
    assert isinstance(e, IndicatorError) and isinstance(e, ValueError)
    assert str(e) == "x.ind:3:1: 三级 comes before any 二级: write the 一级 and 二级 lines above it"
    assert (e.label, e.file, e.start, e.end) == ("E104", "x.ind", len(H), len(H) + 8)
    assert str(pickle.loads(pickle.dumps(e))) == str(e)
    assert e.render() == "三级 a | b\n^^^^^^^^^^"

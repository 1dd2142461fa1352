"""Reference names a spec file can hold: any character of a line.

A name the bare form of a 参考值 line cannot hold (spaces, ``= : | # \\``, a quote first,
empty) is written in double quotes; ``convert`` -> ``check`` -> ``read`` gives it back.
"""

from __future__ import annotations

import json

import attrs
import pytest
from hypothesis import assume, given, reject, settings
from hypothesis import strategies as st

from indicator_dsl.cli import main
from indicator_dsl.errors import TargetSyntaxError
from indicator_dsl.spec.convert import table_to_spec
from indicator_dsl.spec.format import format_spec
from indicator_dsl.spec.lines import parse_line, reference_name
from indicator_dsl.spec.lint import check_text
from indicator_dsl.spec.model import Reference
from indicator_dsl.spec.read import read_spec
from indicator_dsl.tables.model import Table, TableRow
from indicator_dsl.target.model import Relative
from indicator_dsl.target.parse import parse_target

# every character of a line (not a line break), the awkward ones often
_AWKWARD = "|#\\\"=＝:： \t\u3000\r参考值名称三级"
names = st.text(st.sampled_from(_AWKWARD) | st.characters(blacklist_characters="\n"), max_size=12)


def _errors(text: str) -> list[str]:
    return [str(d) for d in check_text(text) if d.code.startswith("E")]


def _row(target: str) -> TableRow:
    return TableRow("t-r01", "效益指标", "社会效益指标", "覆盖率", target, "90%", "100", "100")


@settings(max_examples=300)
@given(names, st.none() | st.decimals(-10**6, 10**6, places=2, allow_nan=False))
def test_any_reference_name_round_trips(name, value):
    """A reference, whatever its name, is written, checked without an error and read back."""
    assume(name != "全国平均数")
    refs = {name: value} if value is not None else {}
    spec = table_to_spec(Table("t", "示例", 2023, (_row("高于全国平均数"),), references={"全国平均数": 85, **refs}))
    if value is None:  # declared without a value (a table's references all have one)
        spec = attrs.evolve(spec, references=(*spec.references, Reference(name)))
    text = format_spec(spec)
    assert _errors(text) == []
    back = read_spec(text).spec
    assert {r.name: r.value for r in back.references} == {"全国平均数": 85, name: value}
    assert format_spec(back) == text


@settings(max_examples=300)
@given(st.text(st.sampled_from("|#\\\"=:： 上年全国平均数基准x1"), min_size=1, max_size=10))
def test_a_relative_target_names_round_trip(tail):
    """A published relative target naming such a reference: the spec declares it, check
    reads the file without an error, and the target reads back naming the same reference."""
    target = "高于" + tail
    try:
        t = parse_target(target, year=2023)
    except TargetSyntaxError:
        reject()
    assume(isinstance(t, Relative))
    spec = table_to_spec(Table("t", "示例", 2023, (_row(target),)))
    text = format_spec(spec)
    assert [r.name for r in spec.references] == [t.reference]
    assert _errors(text) == []
    back = read_spec(text).spec
    assert [r.name for r in back.references] == [t.reference]
    (_, _, ind), = back.indicators()
    assert ind.parsed is not None and ind.parsed.target == t


@pytest.mark.parametrize("name, written", [
    ("全国平均数", "全国平均数"), ("上年#", '"上年#"'), ("全国|平均", '"全国|平均"'), ("a\\b", '"a\\\\b"'),
    ("a:b", '"a:b"'), ("x = y", '"x = y"'), ('"引号"', '"\\"引号\\""'), ('基准"x"', '基准"x"'), ("", '""'),
    ("a\r", '"a\r"'),
])
def test_written_forms(name, written):
    assert reference_name(name) == written
    line = parse_line(f"参考值：{written} = 5")
    assert line.values[0].text == name and line.values[1].text == "5"


def test_a_bare_name_in_quotes_reads_without_them():
    """Quotes around a name are the written form, not part of the name; a lone quote stays text."""
    assert [r.name for r in read_spec('参考值："全国平均数" = 85\n参考值："xq\n').spec.references] == ["全国平均数", '"xq']
    assert [d.code for d in check_text('参考值："a"b = 85\n')] == ["E100"]


def test_a_name_with_a_line_break_is_refused():
    with pytest.raises(ValueError, match="line break"):
        table_to_spec(Table("t", "示例", 2023, (_row("高于全国平均数"),), references={"全国平均数": 85, "a\nb": 1}))


def test_unknown_reference_fix_shows_the_written_form():
    (d,) = [d for d in check_text("名称：a\n一级 效益指标\n二级 社会效益指标\n三级 覆盖率 | 高于上年#\n") if d.code == "E201"]
    assert '参考值："上年#"' in d.fix


def test_convert_check_score_a_published_name_with_a_bar(tmp_path, capsys):
    """convert -> check -> score on the command line, the name holding "|"."""
    src = tmp_path / "published.json"
    src.write_text(json.dumps({"id": "t", "project": "示例", "year": 2023, "rows": [
        {"level1": "效益指标", "level2": "社会效益指标", "level3": "覆盖率", "target": "高于省|市平均值",
         "actual": "90%", "weight": "100", "score": "100"}]}, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "t.ind"
    assert main(["convert", str(src), "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert '参考值："省|市平均值"\n' in text and "高于省\\|市平均值" in text
    assert main(["check", str(out)]) == 0
    assert main(["score", "--ref", "省|市平均值=85", "--quiet", str(out)]) == 0
    capsys.readouterr()
    assert [(r.name, r.value) for r in read_spec(text).spec.references] == [("省|市平均值", None)]

"""Parse once: a spec file's targets are read by the reader, and scoring, auditing, linting,
formatting and converting reuse that reading; the references and 方向 travel with the table.

Every call of ``parse_target`` is counted, whichever module makes it (each module's own
binding of the name is replaced by a counting wrapper).
"""

from __future__ import annotations

import collections
import contextlib
import shutil
import sys
from decimal import Decimal
from pathlib import Path
from typing import Iterator
from unittest import mock

import pytest

import indicator_dsl.cli
import indicator_dsl.reading
import indicator_dsl.spec.lsp  # noqa: F401 - every module that may read a target is loaded
import indicator_dsl.tables.audit
import indicator_dsl.tables.report.html
import indicator_dsl.tables.report.json
import indicator_dsl.tables.report.markdown  # noqa: F401
import indicator_dsl.target.parse as parse_module
from indicator_dsl import parse_target, read_tables
from indicator_dsl.cli import main
from indicator_dsl.spec.convert import spec_references, spec_to_table, table_to_spec
from indicator_dsl.spec.format import format_spec, format_text
from indicator_dsl.spec.lint import check_text
from indicator_dsl.spec.read import read_spec
from indicator_dsl.tables.audit import audit
from indicator_dsl.tables.model import ParsedTarget, Table, TableRow
from indicator_dsl.tables.score import score_table

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "specs" / "000-t2.ind"
EXAMPLE = ROOT / "examples" / "example.ind"


@contextlib.contextmanager
def counted_parses() -> Iterator[collections.Counter]:
    """Count every parse_target call by the text read."""
    original = parse_module.parse_target
    calls: collections.Counter = collections.Counter()

    def counting(text, *args, **kwargs):
        calls[text] += 1
        return original(text, *args, **kwargs)

    modules = [m for name, m in list(sys.modules.items())
               if name.startswith("indicator_dsl") and getattr(m, "parse_target", None) is original]
    assert parse_module in modules and len(modules) > 3
    with contextlib.ExitStack() as stack:
        for m in modules:
            stack.enter_context(mock.patch.object(m, "parse_target", counting))
        yield calls


def targets_of(path: Path) -> collections.Counter:
    """Each target text of a spec file, as often as it is written."""
    spec = read_spec(path.read_text(encoding="utf-8")).spec
    return collections.Counter(i.target for _, _, i in spec.indicators() if i.target is not None)


def test_score_of_a_spec_file_parses_each_target_once():
    """read_tables + score_table + audit: one parse per target of the file, none after reading."""
    want = targets_of(SPEC)
    assert sum(want.values()) == 29
    with counted_parses() as calls:
        (table,), problems = read_tables([SPEC])
        after_reading = sum(calls.values())
        result = score_table(table)
        audit(result)
    assert problems == []
    assert calls == want
    assert after_reading == sum(want.values())  # the reader read them all; scoring read none
    assert all(r.row.parsed is not None for r in result.rows)


@pytest.mark.parametrize("command", [["score", "--quiet"], ["score", "--format", "json"], ["audit", "--quiet"],
                                     ["audit", "--json"], ["check"], ["fmt", "--check"]])
def test_cli_commands_parse_each_target_once(command, capsys):
    """`indicator-dsl score|audit|check|fmt specs/000-t2.ind` reads each target exactly once."""
    with counted_parses() as calls:
        main([*command, str(SPEC)])
    capsys.readouterr()
    assert calls == targets_of(SPEC)


def test_check_and_fmt_reuse_the_reading():
    """check_text and format_text read each target once; fmt reads besides only the
    canonical texts it writes (to check that each reads back as the same target)."""
    text = EXAMPLE.read_text(encoding="utf-8")
    want = targets_of(EXAMPLE)
    with counted_parses() as calls:
        check_text(text)
    assert calls == want
    with counted_parses() as calls:
        formatted = format_text(text)
    assert {t: calls[t] for t in want} == dict(want)
    extra = set(calls) - set(want)
    assert extra and extra <= {str(parse_target(t, year=2023)) for t in want}
    assert all(calls[t] == 1 for t in extra)
    assert ">= 600 场" in formatted and ">= 600 场" in extra  # ≥600.00(场) written canonically


def test_score_with_direction_and_references_reads_once(tmp_path, capsys):
    """A file with 方向 and 参考值: still one parse per target, and the references come
    with the table, not from the file (removed before scoring)."""
    p = tmp_path / "copy.ind"
    shutil.copy(EXAMPLE, p)
    want = targets_of(p)
    with counted_parses() as calls:
        (table,), _ = read_tables([p])
        p.unlink()
        result = score_table(table)
    assert calls == want
    assert table.references == (("全国平均数", 85),)
    assert spec_references(table) == {"全国平均数": 85}
    relative = next(r for r in result.rows if r.target is not None and r.target.kind == "relative")
    assert relative.outcome.verdict.value != "undetermined"
    assert (result.total, result.grade) == (Decimal("89.52"), "良")


def test_a_table_row_is_read_once_per_scoring():
    """Rows of the other readers carry no reading: score_table reads each target once."""
    tables, _ = read_tables([ROOT / "examples" / "tables"])
    t = tables[0]
    assert all(r.parsed is None for r in t.rows)
    with counted_parses() as calls:
        score_table(t)
    assert sum(calls.values()) == len(t.rows)


def test_a_broken_published_cell_is_parsed_once():
    """A published target the strict language cannot read is parsed once: the lenient reading
    that scores it comes with the strict error shown as its warning."""
    text = "满意度≥90%；培训≥9O次"
    t = Table("t", year=2023, rows=(TableRow("t-r01", "产出指标", "数量指标", "培训", text, "95%", "10", "10"),))
    with counted_parses() as calls:
        row = score_table(t).rows[0]
    assert calls == {text: 1}
    assert str(row.target) == "满意度 >= 90 %" and row.warning.label == "letter-in-number" and row.error is None
    with counted_parses() as calls:
        row = score_table(t, strict=True).rows[0]
    assert calls == {text: 1} and row.target is None and row.error.label == "letter-in-number"


def test_convert_both_ways_reads_each_target_once(tmp_path, capsys):
    """spec -> TSV and TSV -> spec: one parse per target, none for formatting the spec."""
    want = targets_of(SPEC)
    with counted_parses() as calls:
        assert main(["convert", str(SPEC), "-o", str(tmp_path / "t.tsv")]) == 0
    assert calls == want
    with counted_parses() as calls:
        assert main(["convert", str(tmp_path / "t.tsv"), "-o", str(tmp_path / "back.ind")]) == 0
    capsys.readouterr()
    assert calls == want
    assert (tmp_path / "back.ind").read_text(encoding="utf-8") == SPEC.read_text(encoding="utf-8")


# ------------------------------------------------------------------ the reading a row carries
def test_direction_is_applied_once_and_reads_back_alike():
    """A row rewritten by 方向 carries the target scored, without spans into a text it
    was not read from; its canonical text reads back as the same target."""
    spec = read_spec("""名称：示例
年度：2023
参考值：上年 = 10
一级 成本指标
  二级 经济成本指标
    三级 差旅费 | =5万元 | 方向 反向 | 分值 10
    三级 培训 | 约800元 | 方向 反向 | 分值 10
    三级 人数 | 培训人数1-2场 | 方向 反向 | 分值 10
    三级 合并 | =6次，满意度≥90% | 方向 正向 | 分值 10
    三级 参考 | 达到上年 | 方向 反向 | 分值 10
    三级 不变 | ≥90.00(%) | 方向 正向 | 分值 10
    三级 坏的 | ≥9O% | 方向 反向 | 分值 10
""").spec
    table = spec_to_table(spec, "demo")
    for row in table.rows[:-1]:
        p = row.parsed
        assert p is not None and p.target is not None and p.fits(row.target, 2023)
        assert parse_target(row.target, year=2023) == p.target
        leaves = p.target.parts if p.target.kind == "all" else (p.target,)
        assert p.target.span is None and all(leaf.span is None for leaf in leaves)
    assert [r.target for r in table.rows[:3]] == ["<= 5 万元", "<= 800 元", "培训人数 <= 2 场"]
    bad = table.rows[-1]
    assert bad.target == "≥9O%" and bad.parsed.error is not None  # kept as written
    assert table.references == (("上年", 10),)


def test_a_stale_reading_is_not_reused():
    """A row changed with attrs.evolve keeps the old reading, which no longer fits: it is read again."""
    import attrs

    row = TableRow("r1", "产出指标", "数量指标", "活动", "≥2场", "1场", "10", "5",
                   parsed=ParsedTarget.read("≥2场", 2023))
    changed = attrs.evolve(row, target="≥4场")
    assert str(changed.read_target(2023).target) == ">= 4 场"
    assert row.read_target(2023) is row.parsed
    assert row.read_target(2024) is not row.parsed  # another year: read again
    t = score_table(Table("t", year=2023, rows=(changed,)))
    assert t.rows[0].score == 2.5


def test_table_references_are_checked_and_passed_ones_win():
    t = Table("t", year=2023, rows=(TableRow("r1", "效益指标", "社会效益指标", "覆盖率", "高于全国平均数", "90%", "10"),),
              references={"全国平均数": "85"})
    assert t.references == (("全国平均数", 85),)
    assert score_table(t).rows[0].outcome.verdict.value == "met"
    assert score_table(t, references={"全国平均数": "95"}).rows[0].outcome.verdict.value == "partial"
    for bad in ({"x": 0.5}, {"x": "NaN"}, {"x": True}):
        with pytest.raises((TypeError, ValueError)):
            Table("t", references=bad)


def test_table_to_spec_declares_the_table_references():
    """spec -> table -> spec keeps the reference values (they travel with the table)."""
    text = EXAMPLE.read_text(encoding="utf-8")
    spec = read_spec(text).spec
    back = table_to_spec(spec_to_table(spec, "example"))
    assert back.reference_values() == {"全国平均数": 85}
    assert "参考值：全国平均数 = 85" in format_spec(back)


BROKEN_SPEC = """名称：示例
年度：2023
一级 产出指标
  二级 数量指标
    三级 培训 | 满意度≥90%；培训≥9O次 | 分值 10 | 实际 95% | 得分 10
    三级 活动 | "≥9O%" | 分值 10 | 实际 95% | 得分 10
"""


def test_a_broken_spec_target_is_parsed_once_for_scoring(tmp_path, capsys):
    """A spec target the strict language cannot read (E101, or quoted: verbatim) is parsed once:
    the reader keeps the lenient reading beside the strict error, and scoring uses it."""
    p = tmp_path / "broken.ind"
    p.write_text(BROKEN_SPEC, encoding="utf-8")
    broken, quoted = "满意度≥90%；培训≥9O次", "≥9O%"
    with counted_parses() as calls:
        (table,), problems = read_tables([p])
        result = score_table(table)
    assert calls == {broken: 1, quoted: 1}
    assert [d.code for d in problems] == ["E101"]  # read strictly: the error stays an error
    first, second = result.rows
    assert str(first.target) == "满意度 >= 90 %" and first.warning.label == "letter-in-number" and first.error is None
    assert second.target is not None and second.warning.label == "letter-in-number"
    with counted_parses() as calls:
        strict = score_table(table, strict=True)
    assert calls == {} and all(r.target is None and r.error.label == "letter-in-number" for r in strict.rows)
    for command in (["score", "--format", "json"], ["audit", "--json"]):
        with counted_parses() as calls:
            main([*command, str(p)])
        capsys.readouterr()
        assert calls == {broken: 1, quoted: 1}, command

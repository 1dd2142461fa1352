"""The spec-file commands: check, fmt, convert, and score/audit on *.ind files."""

from __future__ import annotations

import json
from pathlib import Path

from indicator_dsl.cli import main

ROOT = Path(__file__).resolve().parents[1]
SPECS = ROOT / "specs"
GOLDEN = Path(__file__).resolve().parent / "fixtures" / "spec_check.txt"

BAD = """名称：示例
年度：2025
一级 产出指标
  二级 数量指标
    三级 举办培训 | ≥9O%
    三级 宣传 | 提升
"""

UGLY = """名称:示例
年度 2025
一级 产出指标
二级 数量指标
三级 举办培训|≥90.00(%)|分值 50   # 年度任务
三级 专项调研报告 | =2份 | 分值 50
"""

PRETTY = """名称：示例
年度：2025

一级 产出指标
  二级 数量指标
    三级 举办培训     | >= 90 % | 分值 50  # 年度任务
    三级 专项调研报告 | = 2 份  | 分值 50
"""


def test_check_specs_prints_the_golden_warnings(capsys):
    """`check specs/` exits 0 and prints file:line:col: CODE message for each warning."""
    assert main(["check", str(SPECS)]) == 0
    out, err = capsys.readouterr()
    assert out.replace(str(ROOT) + "/", "").splitlines() == GOLDEN.read_text(encoding="utf-8").splitlines()
    assert err.strip() == "17 file(s): 0 error(s), 41 warning(s)"


def test_check_strict_fails_on_warnings(capsys):
    """--strict makes warnings fail too."""
    assert main(["check", "--strict", str(SPECS / "001-t1.ind")]) == 1


def test_check_error_with_caret(tmp_path, capsys):
    """An error fails the check and is shown with its line, a caret and the fix."""
    p = tmp_path / "bad.ind"
    p.write_text(BAD, encoding="utf-8")
    assert main(["check", str(p)]) == 1
    out = capsys.readouterr().out.replace(str(tmp_path) + "/", "")
    assert out.splitlines() == [
        "bad.ind:5:17: E101 target: a letter inside a number ('O'): expected a digit, a unit or %",
        "        三级 举办培训 | ≥9O%",
        "                          ^",
        "    fix: write the target in the target language (docs/syntax.md), e.g. ≥90%, 不少于150名, 1-2场, 按季度完成",
        "bad.ind:6:13: W301 vague target: '提升' cannot be measured",
    ]


def test_check_json(tmp_path, capsys):
    """--json prints one object per diagnostic with file, line, col, end, severity, code, message and fix."""
    p = tmp_path / "bad.ind"
    p.write_text(BAD, encoding="utf-8")
    main(["check", "--json", str(p)])
    first = json.loads(capsys.readouterr().out.splitlines()[0])
    assert {k: first[k] for k in ("line", "col", "end_line", "end_col", "severity", "code")} == \
        {"line": 5, "col": 17, "end_line": 5, "end_col": 18, "severity": "error", "code": "E101"}


def test_fmt_check_then_rewrite(tmp_path, capsys):
    """fmt --check reports a file that would change; fmt rewrites it; then --check passes."""
    p = tmp_path / "x.ind"
    p.write_text(UGLY, encoding="utf-8")
    assert main(["fmt", "--check", str(p)]) == 1
    assert "would reformat" in capsys.readouterr().out
    assert p.read_text(encoding="utf-8") == UGLY
    assert main(["fmt", str(p)]) == 0
    assert p.read_text(encoding="utf-8") == PRETTY
    assert main(["fmt", "--check", str(p)]) == 0


def test_fmt_leaves_a_file_with_errors_alone(tmp_path, capsys):
    """A file with an error is not formatted (status 1), so nothing is lost."""
    p = tmp_path / "bad.ind"
    p.write_text(BAD, encoding="utf-8")
    assert main(["fmt", str(p)]) == 1
    assert p.read_text(encoding="utf-8") == BAD
    assert "5:17: target: a letter inside a number" in capsys.readouterr().err


def test_fmt_check_specs(capsys):
    """specs/ is formatted (the CI check)."""
    assert main(["fmt", "--check", str(SPECS)]) == 0


def test_convert_corpus_directory(tmp_path, capsys):
    """convert CORPUS_DIR -o OUT_DIR writes one .ind per table, as in specs/ (less the hand-added 主管部门/实施单位)."""
    assert main(["convert", str(ROOT / "examples" / "tables"), "-o", str(tmp_path / "out")]) == 0
    written = sorted((tmp_path / "out").glob("*.ind"))
    assert [p.name for p in written] == sorted(p.name for p in SPECS.glob("*.ind"))
    for p in written:
        mine = [line for line in (SPECS / p.name).read_text(encoding="utf-8").splitlines()
                if not line.startswith(("主管部门：", "实施单位："))]
        assert p.read_text(encoding="utf-8").splitlines() == mine


def test_convert_spec_to_workbook_and_back(tmp_path, capsys):
    """convert x.ind -o TABLE.xlsx, then TABLE.xlsx -o y.ind, gives the spec back."""
    assert main(["convert", str(SPECS / "000-t2.ind"), "-o", str(tmp_path / "t.xlsx")]) == 0
    assert main(["convert", str(tmp_path / "t.xlsx"), "-o", str(tmp_path / "back.ind")]) == 0
    assert (tmp_path / "back.ind").read_text(encoding="utf-8") == (SPECS / "000-t2.ind").read_text(encoding="utf-8")


def test_convert_many_tables_into_one_spec_fails(tmp_path, capsys):
    """A spec file holds one table."""
    assert main(["convert", str(ROOT / "examples" / "tables"), "-o", str(tmp_path / "x.ind")]) == 2
    assert "holds one table" in capsys.readouterr().err


def test_score_spec_file(capsys):
    """score takes a spec file: the scored table, its rows read from the spec."""
    assert main(["score", "--quiet", str(SPECS / "000-t2.ind")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("000-t2  国内外科技合作交流  (2021)")
    assert "000-t2-r29" in out


def test_score_uses_the_spec_references(tmp_path, capsys):
    """A relative target is scored with the value of the spec's 参考值 (--ref overrides it)."""
    p = tmp_path / "ref.ind"
    p.write_text("名称：示例\n年度：2023\n参考值：全国平均数 = 85\n一级 效益指标\n  二级 社会效益指标\n"
                 "    三级 覆盖率 | 高于全国平均数 | 分值 100 | 实际 90%\n", encoding="utf-8")
    main(["score", "--format", "json", str(p)])
    row = json.loads(capsys.readouterr().out)["rows"][0]
    assert (row["outcome"]["verdict"], row["outcome"]["score"]) == ("met", "100")
    main(["score", "--format", "json", "--ref", "全国平均数=95", str(p)])
    row = json.loads(capsys.readouterr().out)["rows"][0]
    assert row["outcome"]["verdict"] == "partial"


def test_audit_specs_as_the_corpus(capsys):
    """audit on specs/ reports what it reports on the corpus tables."""
    main(["audit", "--json", "--quiet", str(SPECS)])
    spec_findings = sorted(capsys.readouterr().out.splitlines())
    main(["audit", "--json", "--quiet", str(ROOT / "examples" / "tables")])
    corpus_findings = sorted(capsys.readouterr().out.splitlines())
    assert spec_findings == corpus_findings

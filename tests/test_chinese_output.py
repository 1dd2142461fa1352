"""In ``--lang zh`` the commands print no English sentence: their output is scanned for runs
of three or more Latin words outside codes (E101, R104, W301), row and table ids, units,
file names, JSON keys, and what a user types as it is: an option (``--max-cell-chars``)
and the program with its command (``indicator-dsl check``)."""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SPECS = sorted(str(p) for p in (ROOT / "specs").glob("*.ind"))[:6]
TABLES = [str(ROOT / "examples" / "tables" / "seed000_002_indicators.tsv")]

_NOT_WORDS = re.compile(
    r"[\w./-]+\.(?:ind|tsv|csv|txt|xlsx|xls|ods|json|jsonl|md|html|docx|pdf|toml)\b"  # file names
    r"|\b[A-Z]\d{3}\b"  # codes
    r"|\b\d{3}-t\d+(?:-r\d+)?\b"  # table and row ids
    r"|\b[a-z]+_[a-z_]+\b"  # finding kinds and keys (note_missing)
    r"|(?<![\w-])--[a-z][a-z-]*"  # options (--max-cell-chars)
    r"|\bindicator-dsl(?: (?:parse|eval|batch|find|score|audit|convert-table|check|fmt|convert|lsp)\b)?"  # the program
)
_RUN = re.compile(r"[A-Za-z]{2,}(?:[ ,;:'()-]+[A-Za-z]{2,}){2,}")


def english_runs(text: str) -> list[str]:
    """Runs of three or more Latin words left after codes, ids, kinds and file names are taken out."""
    return _RUN.findall(_NOT_WORDS.sub(" ", text))


def test_the_scan_finds_english() -> None:
    assert english_runs("000-t1-r01: 警告: note_missing: the row lost points") == ["the row lost points"]
    assert english_runs("specs/000-t1.ind:3:1: E101 实际完成值为0 km MB") == []
    assert english_runs("提高上限（--max-cell-chars）：请运行 indicator-dsl check") == []
    assert english_runs("--max-cell-chars: shorten the cell") == ["shorten the cell"]
    assert english_runs("indicator-dsl check found no file") == ["found no file"]


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    from indicator_dsl.cli import main

    main(list(argv))
    out, err = capsys.readouterr()
    return out + err


@pytest.mark.parametrize("argv", [
    ["score", "--lang", "zh", *SPECS],
    ["score", "--lang", "zh", "--format", "md", *SPECS],
    ["audit", "--lang", "zh", *SPECS],
    ["audit", "--lang", "zh", "--format", "md", *SPECS],
    ["score", "--lang", "zh", "--format", "json", *SPECS],
    ["audit", "--lang", "zh", "--json", *SPECS],
    ["eval", "--lang", "zh", "--target", "≥90%", "--actual", "85%", "--weight", "10"],
    ["eval", "--lang", "zh", "--target", "按时完成", "--actual", "已完成", "--weight", "5"],
], ids=["score", "score-md", "audit", "audit-md", "score-json", "audit-json", "eval", "eval-claim"])
def test_no_english_sentence_in_chinese_output(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    assert english_runs(_cli(capsys, *argv)) == []


def test_batch_reasons_in_chinese(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO((ROOT / "examples" / "rows.jsonl").read_text(encoding="utf-8")))
    out = _cli(capsys, "batch", "--lang", "zh")
    reasons = [json.loads(line).get("reason") or "" for line in out.splitlines() if line.startswith("{")]
    assert reasons and english_runs("\n".join(reasons)) == []


# a spec file with an error of each kind the reader and the linter find, and warnings
BAD_SPEC = """名称：有错误的示例
年度：25
类型：汇总表
参考值：全国平均数 = 85
参考值：全国平均数 = 86
项目资金（元）
  年初预算数 五十万
  得分 5
总分
  分值 100
  分值 100
一级 产出指标
  二级 数量指标
    三级 调研 | =100 | 分值 五
    三级 培训 | ≥9O% | 分值 5 | 12
    三级 宣传 | 1-场 | 分值 5 | 方向 向上
    三级 活动 | 良好
    三级 活动 | ≥2次 | 分值 5 | 分值 6
    三级 会议 | ≥2次 | 得分 5 | 年初预算数 5
  二级 时效指标
    三级 进度 | ≥5次 | 分值 5 | 方向 反向
一级 满意度指标
  二级 成本指标
    三级 满意度 | 120% | 分值 5
    三级 费用 | 高于省平均数 | 分值 5
  分值 7
三级 孤立 | ≥1次
产出指标
"""


def _bad_spec(tmp_path: Path) -> str:
    path = tmp_path / "bad.ind"
    path.write_text(BAD_SPEC, encoding="utf-8")
    return str(path)


def test_check_in_chinese(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = _cli(capsys, "check", "--lang", "zh", *SPECS, _bad_spec(tmp_path))
    codes = set(re.findall(r": ([EW]\d{3}) ", out))
    assert {"E100", "E101", "E102", "E103", "E104", "E105", "E201", "W301", "W302", "W303"} <= codes, codes
    assert "修改建议：" in out and "个错误" in out
    assert english_runs(out) == []


def test_check_in_chinese_from_the_locale(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                          tmp_path: Path) -> None:
    monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")
    out = _cli(capsys, "check", _bad_spec(tmp_path))
    assert "修改建议：" in out and english_runs(out) == []


def test_fmt_and_convert_in_chinese(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    messy = tmp_path / "messy.ind"
    messy.write_text((ROOT / "examples" / "example.ind").read_text(encoding="utf-8").replace("三级 ", "三级   "),
                     encoding="utf-8")
    out = _cli(capsys, "fmt", "--lang", "zh", "--check", str(messy), _bad_spec(tmp_path))
    out += _cli(capsys, "convert", "--lang", "zh", _bad_spec(tmp_path), str(tmp_path / "missing.tsv"),
                "-o", str(tmp_path / "out"))
    assert "将重新格式化" in out and "未格式化" in out and "R101" in out
    assert english_runs(out) == []


BAD_TARGETS = ["≥9O%", "≥ %", "1-场", "≥90(%", "≥90()", ">=>=5", "=次5", "≥90)", "13月前", "2025年4月31日", "5-3场",
               "1场-2次", "≥90%%", "≥90%/", "   ", "≥" + "9" * 60 + "个", "不超过10人以上"]


@pytest.mark.parametrize("target", BAD_TARGETS)
def test_parse_and_eval_errors_in_chinese(capsys: pytest.CaptureFixture[str], target: str) -> None:
    from indicator_dsl.cli import main

    assert main(["parse", "--lang", "zh", target]) == 1
    assert main(["eval", "--lang", "zh", "--target", target, "--actual", "5"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.count("错误：") == 2 and err.count("修改建议：") == 2, err
    assert english_runs(err) == []


def test_target_errors_through_the_api_in_chinese() -> None:
    from indicator_dsl import TargetSyntaxError, parse_target

    for target in BAD_TARGETS:
        with pytest.raises(TargetSyntaxError) as info:
            parse_target(target)
        e = info.value
        d = e.diagnostic(lang="zh")
        assert d.code == e.label and (d.start, d.end) == (e.start, e.end)
        assert english_runs(e.message_in("zh") + " " + d.message + " " + d.fix) == [], target
        assert d.message == e.message_in("zh") != e.message and d.in_lang("en").message == e.message


def test_eval_input_errors_in_chinese(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from indicator_dsl.cli import build_parser, main

    policy = tmp_path / "p.toml"
    policy.write_text("ratio_cap = true\nnot_a_setting = 1\n", encoding="utf-8")
    assert main(["eval", "--lang", "zh", "--target", "≥90%", "--actual", "85%", "--weight", "abc"]) == 1
    assert main(["eval", "--lang", "zh", "--target", "≥90%", "--actual", "85%", "--weight", "-5"]) == 1
    assert main(["eval", "--lang", "zh", "--target", "≥90%", "--actual", "85%", "--policy", str(policy)]) == 1
    with pytest.raises(SystemExit):
        main(["eval", "--lang", "zh", "--target", "≥90%", "--year", "23"])
    out, err = capsys.readouterr()
    assert err.count("错误") == 4, err
    assert english_runs(_without_names(err, _subcommands(build_parser("zh"))["eval"])) == [], err


BAD_ROWS = [
    "[1, 2]",
    '{"id": "r1"}',
    '{"id": "r2", "target": "9月前", "year": "23"}',
    '{"id": "r3", "target": "≥9O%", "actual": "95%", "weight": "10"}',
    '{"id": "r4", "target": "≥90%", "actual": [1]}',
    '{"id": "r5", "target": "≥90%", "actual": "95%", "weight": "abc"}',
    '{"id": "r6", "target": "≥90%", "actual": "95%", "weight": "-1"}',
    '{"id": "r7", "target": "高于全国平均数", "actual": "90", "references": [1]}',
    '{"id": "r8", "target": "≥90%", "wieght": "5"}',
    '{"id": "r9", "target": "≥' + "9" * 60 + '%"}',
    '{"id": "r10", "target": "≥90%", "actual": "' + "9" * 60 + '"}',
    "not json",
    '{"id": "r12", "target": "1-场"}',
]


@pytest.mark.parametrize("strict", [False, True], ids=["lenient", "strict"])
def test_batch_error_messages_in_chinese(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                         strict: bool) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(BAD_ROWS) + "\n"))
    out = _cli(capsys, "batch", "--lang", "zh", *(["--strict"] if strict else []))
    said = []
    for line in out.splitlines():
        row = json.loads(line)
        for problem in ([row["error"]] if row["error"] else []) + row.get("warnings", []):
            said += [problem["message"], problem.get("fix", ""), *problem.get("expected", [])]
            assert problem["code"] and problem["field"]  # codes and fields stay as they are
    assert len([s for s in said if s]) >= 14
    assert english_runs("\n".join(said)) == []


def test_batch_codes_and_labels_do_not_translate() -> None:
    from indicator_dsl.evaluation.batch import handle_row

    en = handle_row({"id": "r", "target": "≥9O%"}, strict=True)["error"]
    zh = handle_row({"id": "r", "target": "≥9O%"}, strict=True, lang="zh")["error"]
    same = ("field", "start", "end", "code", "severity", "label")
    assert {k: en[k] for k in same} == {k: zh[k] for k in same}
    assert en["message"] != zh["message"] and en["fix"] != zh["fix"] and en["expected"] != zh["expected"]


def _unreadable_dir(tmp_path: Path) -> Path:
    d = tmp_path / "tables"
    d.mkdir()
    (d / "seed000_002_indicators.tsv").write_bytes(Path(TABLES[0]).read_bytes())
    (d / "broken.xlsx").write_bytes(b"PK\x03\x04 not a workbook" * 10)
    (d / "bad.csv").write_bytes(b"\xff\xfe\xfa\x00\xd8\x00\xdc\x81")
    (d / "t.json").write_text('{"id": 1, "rows": 3}', encoding="utf-8")
    (d / "rows.jsonl").write_text('not json\n{"id": "x", "rows": [{"level1": 5, "wrong": 1}]}\n', encoding="utf-8")
    (d / "x.pdf").write_bytes(b"%PDF-1.4 not really")
    (d / "y.docx").write_bytes(b"not a document")
    (d / "z.html").write_text("<html><body><p>hello</p></body></html>", encoding="utf-8")
    (d / "bad.ind").write_text(BAD_SPEC, encoding="utf-8")
    return d


@pytest.mark.parametrize("command", ["score", "audit", "convert-table"])
def test_unreadable_files_in_chinese(capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str) -> None:
    d = _unreadable_dir(tmp_path)
    extra = [str(tmp_path / "out.json")] if command == "convert-table" else ["--quiet"]
    out = _cli(capsys, command, "--lang", "zh", str(d), str(tmp_path / "missing.tsv"), *extra)
    codes = set(re.findall(r" (R1\d\d) ", out))
    assert {"R100", "R101", "R103", "R104", "R107"} <= codes, out
    assert english_runs(out) == [], out


def _typed_names(parser: argparse.ArgumentParser) -> set[str]:
    """What a user types or reads as a name: the program, the commands, the options, their
    metavars and choices (not words of a sentence)."""
    names = {parser.prog, *parser.prog.split()}
    for action in parser._actions:
        names.update(action.option_strings)
        for v in (action.metavar, action.dest.upper()):
            if isinstance(v, str):
                names.add(v)
        if action.choices:
            names.update(map(str, action.choices))
            names.add("{" + ",".join(map(str, action.choices)) + "}")
    return names


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    return {name: sub for a in parser._actions if isinstance(a, argparse._SubParsersAction)
            for name, sub in a.choices.items()}


def _help_in_chinese(capsys: pytest.CaptureFixture[str], argv: list[str], parser: argparse.ArgumentParser) -> str:
    from indicator_dsl.cli import main

    with pytest.raises(SystemExit) as e:
        main(argv)
    assert e.value.code == 0
    return _without_names(capsys.readouterr().out, parser)


@pytest.mark.parametrize("command", ["", "parse", "eval", "batch", "score", "convert-table", "audit", "find", "check",
                                     "fmt", "convert", "lsp"])
def test_help_of_every_command_in_chinese(capsys: pytest.CaptureFixture[str], command: str) -> None:
    from indicator_dsl.cli import build_parser

    top = build_parser("zh")
    parser = _subcommands(top)[command] if command else top
    out = _help_in_chinese(capsys, ["--lang", "zh", *([command] if command else []), "--help"], parser)
    assert "用法：" in out and "显示此帮助信息并退出" in out
    assert english_runs(out) == []


def test_help_in_chinese_from_the_locale(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from indicator_dsl.cli import build_parser

    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    for var in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    out = _help_in_chinese(capsys, ["score", "--help"], _subcommands(build_parser("zh"))["score"])
    assert "中的每张表评分" in out and english_runs(out) == []
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    from indicator_dsl.cli import main

    with pytest.raises(SystemExit):
        main(["score", "--help"])
    assert "Score every table in PATH" in capsys.readouterr().out


def _without_names(text: str, parser: argparse.ArgumentParser) -> str:
    """``text`` without the names of ``parser`` (each where it stands alone, not inside a word)."""
    for name in sorted(_typed_names(parser), key=len, reverse=True):
        text = re.sub(r"(?<![\w./-])" + re.escape(name) + r"(?![\w./-])", " ", text)
    return text


def test_usage_errors_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    from indicator_dsl.cli import build_parser, main

    commands = _subcommands(build_parser("zh"))
    for argv in (["score"], ["score", "--format", "xx", "a"], ["parse", "--year", "23", "x"], ["eval"],
                 ["parse", "x", "--bogus"], ["score", "--max-file-bytes", "-3", "a"]):
        with pytest.raises(SystemExit) as e:
            main(["--lang", "zh", *argv])
        assert e.value.code == 2
        err = capsys.readouterr().err
        assert "用法：" in err and "错误：" in err
        assert english_runs(_without_names(err, commands[argv[0]])) == [], err


def test_html_report_in_chinese(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    _cli(capsys, "audit", "--lang", "zh", "--report", str(tmp_path / "r.html"), *SPECS)
    html = re.sub(r"<style.*?</style>|<script.*?</script>|<[^>]+>", " ", (tmp_path / "r.html").read_text(encoding="utf-8"), flags=re.S)
    assert english_runs(html) == []


def test_language_server_diagnostics_in_chinese() -> None:
    """The language server's diagnostics follow ``--lang`` (or the locale) as ``check`` does."""
    pytest.importorskip("pygls")
    from indicator_dsl.spec.lsp_work import analyse

    text = (ROOT / "specs" / "000-t1.ind").read_text(encoding="utf-8")
    zh = [d.message for d in analyse(text, 1, "zh").diagnostics]
    en = [d.message for d in analyse(text, 1).diagnostics]
    assert zh and len(zh) == len(en) and zh != en
    assert english_runs("\n".join(zh)) == []

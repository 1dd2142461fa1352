"""The command line (indicator_dsl.cli.main): parse and batch, against ../shared/spec/interface.md."""

from __future__ import annotations

import io
import json
import re

import pytest

from indicator_dsl.cli import main

DECIMAL = re.compile(r"^-?\d+(\.\d+)?$")


def _run_batch(monkeypatch, capsys, lines: list[str], *argv: str) -> tuple[int, list[dict], str]:
    monkeypatch.setattr("sys.stdin", io.StringIO("".join(line + "\n" for line in lines)))
    status = main(["batch", *argv])
    out, err = capsys.readouterr()
    return status, [json.loads(x) for x in out.splitlines()], err


def test_parse_prints_canonical_text(capsys):
    """``parse`` prints the canonical text and exits 0."""
    assert main(["parse", "≥90.00(%)"]) == 0
    assert capsys.readouterr().out == ">= 90 %\n"


def test_parse_prints_canonical_text_of_prose(capsys):
    """``parse`` of a cell with two comparisons prints both parts with their subjects."""
    assert main(["parse", "新增入库技术 ≥ 200 项，发布内容 ≥ 100 条"]) == 0
    assert capsys.readouterr().out == "新增入库技术 >= 200 项; 发布内容 >= 100 条\n"


def test_parse_json_matches_interface(capsys):
    """``parse --json`` prints one object with the interface fields, numbers as exact decimal strings."""
    assert main(["parse", "--json", "不少于150名"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {k: data[k] for k in ("kind", "op", "value", "unit", "per", "subject")} == {
        "kind": "compare", "op": ">=", "value": "150", "unit": "名", "per": None, "subject": None,
    }
    assert (data["start"], data["end"]) == (0, 7)


@pytest.mark.parametrize(
    "text, fields",
    [
        ("≥90.00(%)", {"kind": "compare", "op": ">=", "value": "90", "unit": "%"}),
        ("30家", {"kind": "compare", "op": "=", "value": "30", "unit": "家"}),
        ("1-2场", {"kind": "range", "low": "1", "high": "2", "unit": "场"}),
        ("约600人", {"kind": "approx", "value": "600", "unit": "人"}),
        ("良好", {"kind": "qualitative", "text": "良好"}),
        ("项目工作按季度时间节点完成", {"kind": "schedule", "period": "quarter"}),
        ("按时完成", {"kind": "schedule", "period": None}),
        ("2025年12月31日前完成系统运维。", {"kind": "deadline", "date": "2025-12-31"}),
        ("高于全国平均数", {"kind": "relative", "op": ">", "reference": "全国平均数"}),
        ("总成本控制在批复预算内", {"kind": "relative", "op": "<=", "reference": "批复预算", "subject": "总成本"}),
        ("1.5万人次", {"kind": "compare", "value": "15000", "unit": "人次"}),
        ("530元/人*月", {"kind": "compare", "value": "530", "unit": "元", "per": "人*月"}),
        ("≥ 0.01 %", {"kind": "compare", "value": "0.01"}),
    ],
)
def test_parse_json_interface_examples(capsys, text, fields):
    """The interface.md examples print the documented fields."""
    assert main(["parse", "--json", text]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {k: data.get(k, "<missing>") for k in fields} == fields


def test_parse_json_all_parts(capsys):
    """An ``all`` target prints its parts, each with its subject."""
    assert main(["parse", "--json", "新增入库技术 ≥ 200 项，发布内容 ≥ 100 条"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["kind"] == "all"
    assert [(p["kind"], p["subject"], p["value"]) for p in data["parts"]] == [
        ("compare", "新增入库技术", "200"), ("compare", "发布内容", "100"),
    ]


def test_parse_year_option(capsys):
    """``--year`` completes a month deadline."""
    assert main(["parse", "--json", "--year", "2023", "9月前"]) == 0
    assert json.loads(capsys.readouterr().out)["date"] == "2023-09-30"


def test_parse_bad_target_exits_1_with_caret(capsys):
    """A bad target exits 1 and prints the message and a caret under the bad character to stderr."""
    assert main(["parse", "≥9O%"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == ("error: a letter inside a number at 2-3 ('O'): expected a digit, a unit or %\n≥9O%\n  ^\n"
                            "fix: type the digit: the letter O is 0 and l is 1 (9O% is 90%)\n")


def test_parse_bad_target_in_chinese(capsys):
    """With --lang zh the message is Chinese and the fix (修改建议) follows the caret."""
    assert main(["parse", "--lang", "zh", "≥9O%"]) == 1
    assert capsys.readouterr().err == ("错误：数字中夹有字母（位置2-3：“O”），应为数字、单位或%\n≥9O%\n  ^\n"
                                       "修改建议：把字母改成数字：字母O应为0，l应为1（9O%应为90%）\n")


def test_parse_bad_cjk_target_caret_column(capsys):
    """The caret under a CJK cell counts double-width characters as two columns."""
    assert main(["parse", "满意度≥9O%"]) == 1
    assert capsys.readouterr().err.splitlines()[1:3] == ["满意度≥9O%", "        ^"]


def test_batch_echoes_ids_in_order(monkeypatch, capsys):
    """``batch`` writes one line per row, in order, echoing each id."""
    rows = [{"id": f"r{i}", "target": t} for i, t in enumerate(["≥90.00(%)", "1-2场", "约600人", "良好"])]
    status, out, _ = _run_batch(monkeypatch, capsys, [json.dumps(r, ensure_ascii=False) for r in rows])
    assert status == 0
    assert [o["id"] for o in out] == ["r0", "r1", "r2", "r3"]
    assert [o["target"]["kind"] for o in out] == ["compare", "range", "approx", "qualitative"]
    for o in out:
        assert set(o) >= {"id", "target", "actual", "outcome", "error"}
        assert o["error"] is None and o["actual"] is None


def test_batch_numbers_are_decimal_strings(monkeypatch, capsys):
    """Every number in batch output is a JSON string holding an exact decimal."""
    _, out, _ = _run_batch(monkeypatch, capsys, ['{"id": "a", "target": "≥90.00(%)"}', '{"id": "b", "target": "1-2.50场"}'])
    assert out[0]["target"]["value"] == "90"
    assert (out[1]["target"]["low"], out[1]["target"]["high"]) == ("1", "2.5")
    for value in (out[0]["target"]["value"], out[1]["target"]["low"], out[1]["target"]["high"]):
        assert isinstance(value, str) and DECIMAL.match(value)


def test_batch_bad_row_gets_error_and_others_survive(monkeypatch, capsys):
    """With --strict a bad target gets an error object with start/end; the rows around it
    are still output; exit 0."""
    status, out, _ = _run_batch(monkeypatch, capsys, [
        '{"id": "ok1", "target": "=6次"}',
        '{"id": "bad", "target": "≥9O%"}',
        '{"id": "ok2", "target": "不少于150名"}',
    ], "--strict")
    assert status == 0
    assert [o["id"] for o in out] == ["ok1", "bad", "ok2"]
    assert out[0]["error"] is None and out[2]["target"]["value"] == "150"
    bad = out[1]
    assert bad["target"] is None
    assert (bad["error"]["start"], bad["error"]["end"]) == (2, 3)
    assert bad["error"]["message"] == "a letter inside a number at 2-3 ('O'): expected a digit, a unit or %"


def test_batch_reads_a_bad_target_leniently_with_a_warning(monkeypatch, capsys):
    """By default a target the strict language cannot read is no error row: it is read as
    far as it can be and the strict diagnostic is a warning (interface.md)."""
    status, out, _ = _run_batch(monkeypatch, capsys, [
        '{"id": "bad", "target": "≥9O%"}',
        '{"id": "half", "target": "满意度≥90%；培训≥9O次"}',
    ])
    assert status == 0 and [o["error"] for o in out] == [None, None]
    assert out[0]["target"]["kind"] == "qualitative"
    w = out[0]["warnings"]
    assert [(x["field"], x["start"], x["end"], x["severity"]) for x in w] == [("target", 2, 3, "warning")]
    assert w[0]["message"] == "a letter inside a number at 2-3 ('O'): expected a digit, a unit or %"
    assert (out[1]["target"]["kind"], out[1]["target"]["value"]) == ("compare", "90")
    assert out[1]["warnings"][0]["code"] == "letter-in-number"


def test_batch_empty_target_is_a_row_error(monkeypatch, capsys):
    """An empty target is an error in its row, not a failed batch."""
    status, out, _ = _run_batch(monkeypatch, capsys, ['{"id": "e", "target": ""}', '{"id": "f", "target": "5场"}'])
    assert status == 0
    assert out[0]["error"] is not None and out[0]["target"] is None
    assert out[1]["target"]["value"] == "5"


def test_batch_missing_target_is_a_row_error(monkeypatch, capsys):
    """A row without a target string is reported in its own error object."""
    status, out, _ = _run_batch(monkeypatch, capsys, ['{"id": "m"}', '{"id": "n", "target": 5}'])
    assert status == 0
    assert [o["id"] for o in out] == ["m", "n"]
    assert all(o["error"] is not None and o["target"] is None for o in out)


def test_batch_year_field(monkeypatch, capsys):
    """A row's ``year`` completes a date written without one."""
    _, out, _ = _run_batch(monkeypatch, capsys, ['{"id": "y", "target": "9月前", "year": "2023"}'])
    assert out[0]["target"]["date"] == "2023-09-30"


def test_batch_non_json_line_exits_2_and_keeps_other_rows(monkeypatch, capsys):
    """A line that is not JSON makes the exit status 2, but every other row is still output in order."""
    status, out, _ = _run_batch(monkeypatch, capsys, [
        '{"id": "a", "target": "1-2场"}',
        "this is not json",
        '{"id": "b", "target": "约600人"}',
    ])
    assert status == 2
    ids = [o["id"] for o in out]
    assert ids[0] == "a" and ids[-1] == "b"
    assert out[0]["target"]["kind"] == "range" and out[-1]["target"]["kind"] == "approx"
    assert any(o["error"] is not None and o["target"] is None for o in out[1:-1])


def test_batch_help_exits_0(capsys):
    """``batch --help`` documents the command and exits 0."""
    with pytest.raises(SystemExit) as info:
        main(["batch", "--help"])
    assert info.value.code == 0
    assert "batch" in capsys.readouterr().out

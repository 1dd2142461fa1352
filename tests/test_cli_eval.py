"""The command line for scoring: `indicator-dsl eval` and `indicator-dsl batch` with actuals and weights."""

from __future__ import annotations

import io
import json
import re

import pytest

from indicator_dsl.cli import main

NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def run(capsys, *argv):
    """Run the CLI; return (exit status, stdout, stderr)."""
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def batch(capsys, monkeypatch, rows, *argv):
    """Run `batch` on JSON Lines built from ``rows`` (dicts, or raw strings); return status and decoded output."""
    lines = "".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in rows)
    monkeypatch.setattr("sys.stdin", io.StringIO(lines))
    status = main(["batch", *argv])
    out, _ = capsys.readouterr()
    return status, [json.loads(line) for line in out.splitlines()]


# ------------------------------------------------------------------ eval, human output
def test_eval_human_line(capsys):
    """`eval` prints verdict · score / weight · reason on one line."""
    status, out, err = run(capsys, "eval", "--target", "≥600.00(场)", "--actual", "295.00(场)", "--weight", "10")
    assert status == 0 and err == ""
    assert out == "partial · 4.92 / 10 · 295 场 is 49.17% of 600 场 (rule 2)\n"


def test_eval_human_flags_line(capsys):
    """Flags are printed on a second line."""
    status, out, _ = run(capsys, "eval", "--target", ">90%", "--actual", "90%", "--weight", "10")
    assert status == 0
    lines = out.splitlines()
    assert lines[0].startswith("met · 10 / 10 · ")
    assert lines[1] == "flags: boundary"


def test_eval_without_weight(capsys):
    """Without --weight the line says there is no weight."""
    status, out, _ = run(capsys, "eval", "--target", "≥90%", "--actual", "95%")
    assert status == 0
    assert out.startswith("met · no weight · ")


def test_eval_undetermined_has_no_score(capsys):
    """An undetermined row prints `no score`."""
    status, out, _ = run(capsys, "eval", "--target", "85%", "--actual", "电话、微信开展满意度调查", "--weight", "10")
    assert status == 0
    assert out.startswith("undetermined · no score · ")


# ------------------------------------------------------------------ eval --json
def test_eval_json_fields(capsys):
    """`eval --json` prints verdict, score, ratio, flags, reason, target and actual; numbers as strings."""
    status, out, _ = run(capsys, "eval", "--target", "≥600.00(场)", "--actual", "295.00(场)", "--weight", "10", "--json")
    assert status == 0
    data = json.loads(out)
    assert data["verdict"] == "partial"
    assert data["score"] == "4.92"
    assert data["ratio"] == "0.4917"
    assert data["flags"] == []
    assert data["reason"] == "295 场 is 49.17% of 600 场 (rule 2)"
    assert data["target"]["kind"] == "compare" and data["target"]["value"] == "600" and data["target"]["op"] == ">="
    assert data["actual"] == {**data["actual"], "kind": "quantity", "value": "295", "unit": "场", "bound": "exact"}


def test_eval_json_flags_list(capsys):
    """Flags are a JSON list of strings."""
    _, out, _ = run(capsys, "eval", "--target", "=6次", "--actual", "实际举办12场上海科技交流沙龙活动，参与人数600人次",
                    "--weight", "5", "--json")
    data = json.loads(out)
    assert data["flags"] == ["over_target", "unit_assumed"]
    assert data["score"] == "5"
    assert data["actual"]["value"] == "12"


def test_eval_json_null_score(capsys):
    """An undetermined row has a null score and ratio in JSON."""
    _, out, _ = run(capsys, "eval", "--target", "≥80%", "--actual", "", "--weight", "20", "--json")
    data = json.loads(out)
    assert (data["verdict"], data["score"], data["ratio"]) == ("undetermined", None, None)
    assert data["actual"]["kind"] == "none"


# ------------------------------------------------------------------ options
def test_eval_policy_file(capsys, tmp_path):
    """--policy FILE changes the scoring: the strict boundary setting makes `>90%` at 90% not met."""
    path = tmp_path / "strict.toml"
    path.write_text("strict_boundary_full = false\n", encoding="utf-8")
    status, out, _ = run(capsys, "eval", "--target", ">90%", "--actual", "90%", "--weight", "10", "--policy", str(path))
    assert status == 0
    assert out.startswith("not_met · 0 / 10 · ")


def test_eval_bad_policy_file(capsys, tmp_path):
    """A policy file with an unknown key exits 1 and names the key."""
    path = tmp_path / "bad.toml"
    path.write_text("bogus_key = 1\n", encoding="utf-8")
    status, out, err = run(capsys, "eval", "--target", ">90%", "--actual", "90%", "--weight", "10", "--policy", str(path))
    assert status == 1 and out == ""
    assert "bogus_key" in err


def test_eval_ref(capsys):
    """--ref NAME=VALUE gives a relative target its reference."""
    status, out, _ = run(capsys, "eval", "--target", "高于全国平均数", "--actual", "80%", "--weight", "10",
                         "--ref", "全国平均数=85", "--json")
    assert status == 0
    data = json.loads(out)
    assert (data["verdict"], data["score"], data["ratio"]) == ("partial", "9.41", "0.9412")


def test_eval_without_ref_needs_reference(capsys):
    """Without --ref a relative target is undetermined with flag needs_reference."""
    _, out, _ = run(capsys, "eval", "--target", "高于全国平均数", "--actual", "90%", "--weight", "10", "--json")
    data = json.loads(out)
    assert data["verdict"] == "undetermined" and data["flags"] == ["needs_reference"]


def test_eval_bad_ref(capsys):
    """--ref without =VALUE is refused."""
    with pytest.raises(SystemExit) as info:
        main(["eval", "--target", "高于全国平均数", "--actual", "90%", "--ref", "全国平均数"])
    assert info.value.code not in (0, None)


def test_ref_name_may_hold_an_equals_sign():
    """--ref splits at the last =: a value never holds one, a reference name may (a spec file
    declares it quoted, 参考值："省=市平均" = 85)."""
    import argparse
    from decimal import Decimal

    from indicator_dsl.cli.common import refs_of

    assert refs_of(argparse.Namespace(ref=["省=市平均=85", " 全国平均数 = 80.5"], lang="en")) == {
        "省=市平均": Decimal("85"), "全国平均数": Decimal("80.5")}
    for bad in ("省=市平均=", "=85", "85"):
        with pytest.raises(SystemExit):
            refs_of(argparse.Namespace(ref=[bad], lang="en"))


def test_eval_lang_zh(capsys):
    """--lang zh prints the reason in Chinese."""
    status, out, _ = run(capsys, "eval", "--target", "≥600.00(场)", "--actual", "295.00(场)", "--weight", "10", "--lang", "zh")
    assert status == 0
    assert out == "部分达成 · 4.92 / 10 · 实际295 场为目标600 场的49.17%（规则2）\n"


def test_eval_year(capsys):
    """--year completes dates written without one."""
    _, out, _ = run(capsys, "eval", "--target", "9月前", "--actual", "10月底", "--weight", "5", "--year", "2023", "--json")
    data = json.loads(out)
    assert (data["verdict"], data["score"]) == ("partial", "3.5")
    assert data["actual"]["date"] == "2023-10-31"


# ------------------------------------------------------------------ errors
def test_eval_bad_target_caret(capsys):
    """A malformed target exits 1 and shows the cell with a caret under the bad character."""
    status, out, err = run(capsys, "eval", "--target", "≥9O%", "--actual", "95%", "--weight", "10")
    assert status == 1 and out == ""
    lines = err.splitlines()
    assert lines[0].startswith("error: target: ")
    assert "≥9O%" in lines
    caret = lines[lines.index("≥9O%") + 1]
    assert caret == "  ^"


def test_eval_bad_weight(capsys):
    """A weight that is not a number exits 1 with a message."""
    status, out, err = run(capsys, "eval", "--target", "≥90%", "--actual", "95%", "--weight", "abc")
    assert status == 1 and out == ""
    assert "weight" in err


# ------------------------------------------------------------------ batch
def test_batch_outcome_objects(capsys, monkeypatch):
    """A row with actual and weight gets target, actual and outcome objects; numbers are strings."""
    status, rows = batch(capsys, monkeypatch, [
        {"id": "r1", "target": "≥600.00(场)", "actual": "295.00(场)", "weight": "10"},
    ])
    assert status == 0
    (row,) = rows
    assert row["id"] == "r1" and row["error"] is None
    assert row["target"]["kind"] == "compare" and row["target"]["value"] == "600"
    assert row["actual"]["kind"] == "quantity" and row["actual"]["value"] == "295" and row["actual"]["bound"] == "exact"
    outcome = row["outcome"]
    assert {"verdict", "score", "ratio", "flags", "reason"} <= outcome.keys()
    assert (outcome["verdict"], outcome["score"], outcome["ratio"], outcome["flags"]) == ("partial", "4.92", "0.4917", [])
    assert outcome["reason"] == "295 场 is 49.17% of 600 场 (rule 2)"


def _numbers(obj, path=""):
    """Every (path, value) of a decoded JSON object whose key names a number."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k in {"value", "low", "high", "score", "ratio"}:
                yield f"{path}.{k}", v
            yield from _numbers(v, f"{path}.{k}")
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from _numbers(v, f"{path}[{i}]")


def test_batch_numbers_are_strings(capsys, monkeypatch):
    """Every number in the output is a JSON string holding an exact decimal, never a float."""
    _, rows = batch(capsys, monkeypatch, [
        {"id": "a", "target": "1-2场", "actual": "完成三场合作交流活动", "weight": "20"},
        {"id": "b", "target": "约600人", "actual": "参与人数600+人次", "weight": "10"},
        {"id": "c", "target": "培训合格率≥90%，结业人数不少于50人", "actual": "合格率95%，结业25人", "weight": "10"},
        {"id": "d", "target": "≥90%", "actual": "95%", "weight": 2.5},
    ])
    found = [(p, v) for row in rows for p, v in _numbers(row)]
    assert found
    for path, value in found:
        assert value is None or (isinstance(value, str) and NUMBER.match(value)), (path, value)
    assert rows[3]["outcome"]["score"] == "2.5"
    assert rows[2]["outcome"]["score"] == "7.5"


def test_batch_bad_weight_row_survives(capsys, monkeypatch):
    """A row with weight "abc" gets an error object; the rows around it are scored."""
    status, rows = batch(capsys, monkeypatch, [
        {"id": "r1", "target": "=6次", "actual": "16次", "weight": "2.5"},
        {"id": "r2", "target": ">90%", "actual": "90%", "weight": "abc"},
        {"id": "r3", "target": "80%", "actual": "50%", "weight": "10"},
    ])
    assert status == 0
    assert [r["id"] for r in rows] == ["r1", "r2", "r3"]
    assert rows[0]["error"] is None and rows[0]["outcome"]["score"] == "2.5"
    assert rows[2]["error"] is None and rows[2]["outcome"]["score"] == "6.25"
    err = rows[1]["error"]
    assert isinstance(err, dict) and "weight" in err["message"]
    assert {"message", "start", "end"} <= err.keys()
    assert rows[1]["outcome"] is None


def test_batch_bad_weight_error_has_offsets(capsys, monkeypatch):
    """The error for weight "abc" points at the offending string: start 0, end 3 (interface.md)."""
    _, rows = batch(capsys, monkeypatch, [{"id": "r2", "target": ">90%", "actual": "90%", "weight": "abc"}])
    err = rows[0]["error"]
    assert (err["start"], err["end"]) == (0, 3)


def test_batch_bad_target_row_survives(capsys, monkeypatch):
    """With --strict a malformed target gets an error with offsets; the next row is scored."""
    status, rows = batch(capsys, monkeypatch, [
        {"id": "bad", "target": "≥9O%", "actual": "95%", "weight": "10"},
        {"id": "ok", "target": "≥90%", "actual": "95%", "weight": "10"},
    ], "--strict")
    assert status == 0
    assert rows[0]["target"] is None and rows[0]["outcome"] is None
    assert (rows[0]["error"]["start"], rows[0]["error"]["end"]) == (2, 3)
    assert rows[1]["outcome"]["verdict"] == "met"


def test_batch_without_weight_has_null_score(capsys, monkeypatch):
    """A row with an actual but no weight has an outcome with a null score."""
    _, rows = batch(capsys, monkeypatch, [{"id": "r", "target": "≥90%", "actual": "45%"}])
    assert rows[0]["outcome"]["verdict"] == "partial"
    assert rows[0]["outcome"]["score"] is None
    assert rows[0]["outcome"]["ratio"] == "0.5"


def test_batch_without_actual_has_no_outcome(capsys, monkeypatch):
    """A row without an actual only parses the target."""
    _, rows = batch(capsys, monkeypatch, [{"id": "r", "target": "1-2场", "actual": None, "weight": "10"}])
    assert rows[0]["target"]["kind"] == "range"
    assert rows[0]["actual"] is None and rows[0]["outcome"] is None and rows[0]["error"] is None


def test_batch_year(capsys, monkeypatch):
    """A row's year completes dates in target and actual."""
    _, rows = batch(capsys, monkeypatch, [{"id": "r", "target": "9月前", "actual": "10月底", "weight": "5", "year": "2023"}])
    row = rows[0]
    assert row["target"]["date"] == "2023-09-30" and row["actual"]["date"] == "2023-10-31"
    assert (row["outcome"]["verdict"], row["outcome"]["score"]) == ("partial", "3.5")


def test_batch_ref_option(capsys, monkeypatch):
    """`batch --ref NAME=VALUE` gives relative targets their reference."""
    _, rows = batch(capsys, monkeypatch, [{"id": "r", "target": "高于全国平均数", "actual": "90%", "weight": "10"}],
                    "--ref", "全国平均数=85")
    assert (rows[0]["outcome"]["verdict"], rows[0]["outcome"]["score"]) == ("met", "10")


def test_batch_row_references(capsys, monkeypatch):
    """A row's own "references" object gives its relative target a reference."""
    _, rows = batch(capsys, monkeypatch, [{"id": "r", "target": "高于全国平均数", "actual": "80%", "weight": "10",
                                           "references": {"全国平均数": "85"}}])
    assert rows[0]["outcome"]["score"] == "9.41"


def test_batch_policy_option(capsys, monkeypatch, tmp_path):
    """`batch --policy FILE` scores under that policy."""
    path = tmp_path / "p.toml"
    path.write_text("claim_partial_points = 0.6\n", encoding="utf-8")
    _, rows = batch(capsys, monkeypatch, [{"id": "r", "target": "可持续发展", "actual": "有待完善", "weight": "10"}],
                    "--policy", str(path))
    assert rows[0]["outcome"]["score"] == "6"


def test_batch_lang_zh(capsys, monkeypatch):
    """`batch --lang zh` writes Chinese reasons."""
    _, rows = batch(capsys, monkeypatch, [{"id": "r", "target": "≥600.00(场)", "actual": "295.00(场)", "weight": "10"}],
                    "--lang", "zh")
    assert rows[0]["outcome"]["reason"] == "实际295 场为目标600 场的49.17%（规则2）"


def test_batch_not_json_line(capsys, monkeypatch):
    """A line that is not JSON gets an error row, the next row is handled, and the exit status is not 0."""
    status, rows = batch(capsys, monkeypatch, ["not json", {"id": "a", "target": "1场", "actual": "1场", "weight": "1"}])
    assert status != 0
    assert rows[0]["error"] is not None
    assert rows[1]["outcome"]["verdict"] == "met"

"""Issue 13: ``batch`` never stops and never loses a row; the commands never show a traceback.

Each hostile input of the issue is a regression test: fed as real bytes to a real
process where the bytes matter (encodings, surrogates, Ctrl-C), in-process otherwise.
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from indicator_dsl import PolicyError, ScoringPolicy
from indicator_dsl.cli import main
from indicator_dsl.evaluation.batch import run_batch
from indicator_dsl.evaluation.jsonlines import decode_lines
from indicator_dsl.limits import Limits

FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOOD = '{"id": "good", "target": "≥90%", "actual": "95%", "weight": "10"}'


def _batch(data: bytes, *args: str, timeout: float = 60) -> tuple[int, list[dict], str]:
    """Run ``indicator-dsl batch`` on ``data``; the output must be valid UTF-8 JSON Lines."""
    p = subprocess.run([sys.executable, "-m", "indicator_dsl", "batch", *args], input=data,
                       capture_output=True, timeout=timeout)
    text = p.stdout.decode("utf-8")  # strict: raw input bytes are never echoed
    return p.returncode, [json.loads(x) for x in text.splitlines()], p.stderr.decode("utf-8", "replace")


def _lines(*rows: str) -> bytes:
    return "".join(r + "\n" for r in rows).encode("utf-8")


def _in_process(data: bytes, limits: Limits = Limits(), encoding: str | None = None) -> tuple[int, list[dict]]:
    out = io.StringIO()
    status = run_batch(decode_lines(io.BytesIO(data), limits, encoding), out, limits=limits)
    return status, [json.loads(x) for x in out.getvalue().splitlines()]


# ------------------------------------------------------------------ one line stops nothing


def test_a_lone_surrogate_escape_is_answered_and_the_rest_goes_on():
    status, out, err = _batch(_lines('{"id": "\\ud800", "target": "\\udfff≥90%", "actual": "9\\ud800"}', GOOD))
    assert len(out) == 2 and out[1]["id"] == "good" and out[1]["outcome"]["score"] == "10"
    assert out[0]["id"] == "\ud800"  # written as a JSON escape: the line is valid UTF-8
    assert "Traceback" not in err


def test_an_integer_of_more_than_4300_digits_is_that_lines_error():
    status, out = _in_process(_lines('{"id": 1, "target": "≥90%", "weight": ' + "9" * 5000 + "}", GOOD))
    assert [r["error"] and r["error"]["code"] for r in out] == ["number-too-long", None]
    assert status == 2


def test_nesting_1500_deep_is_that_lines_error():
    deep = '{"id": "d", "target": "≥90%", "x": ' + "[" * 1500 + "]" * 1500 + "}"
    status, out = _in_process(_lines(deep, GOOD))
    assert out[0]["error"]["code"] == "too-deep" and out[1]["id"] == "good"
    assert status == 2


def test_invalid_utf8_is_never_echoed_and_the_output_stays_utf8():
    data = _lines(GOOD) + b'{"id": "x\xff\xfe", "target": "\xc3\x28"}\n' + _lines(GOOD)
    status, out, err = _batch(data)
    assert [r["id"] for r in out] == ["good", None, "good"]
    assert out[1]["error"]["code"] == "not-utf8" and "line 2" in out[1]["error"]["message"]
    assert status == 2 and "Traceback" not in err


def test_gbk_input_is_a_clear_error_not_mojibake():
    data = '{"id": "g", "target": "不少于10场", "actual": "完成12场"}\n'.encode("gbk")
    status, out, _ = _batch(data)
    assert status != 0 and out[0]["error"]["code"] == "not-utf8" and "--encoding" in out[0]["error"]["message"]
    status, out, _ = _batch(data, "--encoding", "gb18030")  # declared: read
    assert status == 0 and out[0]["outcome"]["verdict"] == "met"


def test_utf16_with_a_byte_order_mark_is_detected_and_without_one_refused():
    rows = '{"id": "u", "target": "不少于10场", "actual": "完成12场"}\n' + GOOD + "\n"
    status, out, _ = _batch(rows.encode("utf-16"))  # with its BOM
    assert status == 0 and [r["id"] for r in out] == ["u", "good"] and out[0]["outcome"]["verdict"] == "met"
    status, out, _ = _batch(rows.encode("utf-16-le"))
    assert status == 2 and out[0]["error"]["code"] == "not-utf8" and "UTF-16" in out[0]["error"]["message"]
    status, out, _ = _batch(codecs_bom_utf8() + rows.encode("utf-8"))
    assert status == 0 and [r["id"] for r in out] == ["u", "good"]


def codecs_bom_utf8() -> bytes:
    import codecs
    return codecs.BOM_UTF8


def test_a_line_longer_than_the_limit():
    limits = Limits(line_chars=100)
    status, out = _in_process(_lines('{"id": "long", "target": "' + "好" * 200 + '"}', GOOD), limits)
    assert out[0]["error"]["code"] == "line-too-long" and out[1]["id"] == "good" and status == 2
    status, out = _in_process(_lines('{"id": "long", "target": "' + "a" * 500 + '"}', GOOD), limits)
    assert out[0]["error"]["code"] == "line-too-long" and out[1]["id"] == "good"


def test_a_cell_over_the_limit_is_that_rows_error():
    status, out = _in_process(_lines('{"id": "c", "target": "' + "好" * 50 + '"}', GOOD), Limits(cell_chars=20))
    assert out[0]["error"]["code"] == "too-long" and out[0]["error"]["field"] == "target" and status == 0


@pytest.mark.parametrize("row, field, code", [
    ('{"id": 1, "target": "≥90%", "actual": "9' + "9" * 60 + '%", "weight": "10"}', "actual", "number-too-long"),
    ('{"id": 1, "target": "≥90%", "actual": "95%", "weight": "NaN"}', "weight", "bad-weight"),
    ('{"id": 1, "target": "≥90%", "actual": "95%", "weight": 1e400}', "weight", "bad-weight"),
    ('{"id": 1, "target": "≥90%", "actual": "95%", "weight": true}', "weight", "bad-weight"),
    ('{"id": 1, "target": "≥90%", "actual": "95%", "weight": [10]}', "weight", "bad-weight"),
    ('{"id": 1, "target": "不低于全国平均数", "actual": "95", "weight": "1", "references": ["全国平均数", 85]}',
     "references", "bad-references"),
    ('{"id": 1, "target": "不低于全国平均数", "actual": "95", "weight": "1", "references": {"全国平均数": "Infinity"}}',
     "references", "bad-references"),
    ('{"id": 1, "target": "9月前", "year": 23}', "year", "bad-year"),
    ('{"id": 1, "target": "9月前", "year": -5}', "year", "bad-year"),
    ('{"id": 1, "target": "9月前", "year": "20235"}', "year", "bad-year"),
    ('{"id": 1, "target": "9月前", "year": true}', "year", "bad-year"),
])
def test_bad_fields_are_answered_with_an_error(row, field, code):
    status, out = _in_process(_lines(row, GOOD))
    assert out[0]["error"]["field"] == field and out[0]["error"]["code"] == code, out[0]["error"]
    assert out[1]["outcome"]["score"] == "10"


def test_an_unknown_field_is_a_warning_not_silence():
    status, out = _in_process(_lines('{"id": "w", "target": "≥90%", "actual": "95%", "wieght": "10"}'))
    assert out[0]["error"] is None and out[0]["outcome"]["verdict"] == "met"
    (w,) = out[0]["warnings"]
    assert w["code"] == "unknown-field" and w["severity"] == "warning" and "wieght" in w["message"]
    assert '"weight"' in w["message"]  # did you mean
    assert status == 0


def test_year_options_of_other_than_four_digits_are_refused(capsys):
    for argv in (["parse", "9月前", "--year", "23"], ["eval", "--target", "≥9", "--actual", "9", "--year", "-5"]):
        with pytest.raises(SystemExit) as e:
            main(argv)
        assert e.value.code == 2
        assert "four digits" in capsys.readouterr().err


# ------------------------------------------------------------------ exits and tracebacks


def test_ctrl_c_in_batch_exits_130_without_a_traceback():
    p = subprocess.Popen([sys.executable, "-m", "indicator_dsl", "batch"], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert p.stdin is not None
    p.stdin.write(_lines(GOOD))
    p.stdin.flush()
    time.sleep(1.5)  # started and waiting for more input
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=30)
    assert p.returncode == 130, err
    assert b"Traceback" not in err and b"interrupted" in err


def test_ctrl_c_in_score_exits_130(monkeypatch, capsys):
    import indicator_dsl.tables  # noqa: F401

    score = sys.modules["indicator_dsl.tables.score"]

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt
    monkeypatch.setattr(score, "score_table", interrupted)
    assert main(["score", "--jobs", "1", str(FIXTURES / "tables")]) == 130
    assert "Traceback" not in capsys.readouterr().err


def test_an_internal_error_is_one_line_without_debug_and_a_traceback_with_it(monkeypatch, capsys):
    import indicator_dsl.cli.rows as rows

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")
    monkeypatch.setattr(rows, "parse_target", broken)
    assert main(["parse", "≥90%"]) == 70
    err = capsys.readouterr().err
    assert "internal error: RuntimeError: a bug" in err and "--debug" in err and "Traceback" not in err
    with pytest.raises(RuntimeError):
        main(["--debug", "parse", "≥90%"])
    with pytest.raises(RuntimeError):
        main(["parse", "≥90%", "--debug"])


def test_report_into_a_missing_directory_is_a_clear_error(tmp_path, capsys):
    status = main(["audit", str(FIXTURES / "tables"), "--quiet", "--report", str(tmp_path / "no" / "such" / "r.html")])
    err = capsys.readouterr().err
    assert status == 2 and "does not exist" in err and "Traceback" not in err
    status = main(["score", str(FIXTURES / "tables"), "--quiet", "--xlsx", str(tmp_path / "no" / "r.xlsx")])
    assert status == 2 and "does not exist" in capsys.readouterr().err


def test_audit_never_says_no_findings_after_a_table_failed(monkeypatch, capsys):
    import indicator_dsl.tables  # noqa: F401 - the package's ``audit`` is the function; the module is in sys.modules

    audit_module = sys.modules["indicator_dsl.tables.audit"]
    monkeypatch.setattr(audit_module, "audit", lambda result, policy: (_ for _ in ()).throw(ValueError("boom")))
    status = main(["audit", str(FIXTURES / "tables"), "--quiet"])
    out, err = capsys.readouterr()
    assert status == 2 and "internal error" in err
    assert out.strip() != "no findings" and "could not be read or audited" in out


def test_a_policy_file_that_is_not_utf8_is_a_policy_error(tmp_path, capsys):
    f = tmp_path / "p.toml"
    f.write_bytes('# 政策\npartial_credit = "none"\n'.encode("gbk"))
    with pytest.raises(PolicyError) as e:
        ScoringPolicy.from_toml(f)
    assert "UTF-8" in str(e.value)
    assert main(["batch", "--policy", str(f)]) == 2
    assert "UTF-8" in capsys.readouterr().err


def test_a_table_with_a_surrogate_and_escapes_does_not_stop_score(tmp_path, capsys):
    rows = [{"level1": "产出指标", "level2": "数量指标", "level3": "举办\x1b[31m培训\x1b[0m", "target": "≥10场",
             "actual": "12场", "weight": "10"}]
    bad = {"id": "bad\ud800", "project": "项目\ud800\x1b]0;owned\x07", "rows": rows}
    good = {"id": "good", "project": "好项目", "rows": rows}
    (tmp_path / "a.json").write_text(json.dumps(bad), encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps(good), encoding="utf-8")
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    main(["score", str(tmp_path), "--quiet"])
    out, err = capsys.readouterr()
    assert "好项目" in out and "Traceback" not in err
    assert "\x1b" not in out and "\x1b" not in err
    out.encode("utf-8")


# ------------------------------------------------------------------ fuzz through batch

_FIELD = st.one_of(st.none(), st.text(max_size=20), st.integers(), st.floats(), st.booleans(),
                   st.lists(st.integers(), max_size=2), st.sampled_from(["≥90%", "95%", "10", "NaN", "1e400", "九" * 60]))
_ROW = st.one_of(
    st.fixed_dictionaries({"id": st.integers(0, 9)}, optional={"target": _FIELD, "actual": _FIELD, "weight": _FIELD,
                                                               "year": _FIELD, "references": _FIELD, "wieght": _FIELD}),
    st.lists(st.integers(), max_size=2), st.text(max_size=10),
)


@given(st.lists(st.one_of(_ROW.map(lambda r: json.dumps(r).encode("utf-8")),
                          st.binary(max_size=30).filter(lambda b: b"\n" not in b and b.strip()),
                          st.text(max_size=30).filter(lambda t: "\n" not in t and t.strip() and "\r" not in t)
                          .map(lambda t: t.encode("utf-8", "surrogatepass"))), min_size=1, max_size=8))
def test_fuzz_batch_one_line_out_per_line_in_in_order(lines):
    data = b"".join(x + b"\n" for x in lines)
    # a UTF-16 byte order mark at the very start makes the whole stream UTF-16 (its lines are others)
    assume(not data.startswith((b"\xff\xfe", b"\xfe\xff")))
    # a UTF-8 byte order mark at the very start is the stream's encoding mark, not a line's content
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    expected = [x for x in body.split(b"\n")[:-1] if x.decode("utf-8", "replace").strip()]
    out = io.StringIO()
    run_batch(decode_lines(io.BytesIO(data)), out)
    answers = out.getvalue().splitlines()
    assert len(answers) == len(expected)
    for raw, answer in zip(expected, answers):
        obj = json.loads(answer)
        answer.encode("utf-8")
        assert set(obj) >= {"id", "target", "actual", "outcome", "error"}
        assert obj["error"] is None or obj["error"]["code"] != "internal"
        if raw.startswith(b'{"id": '):
            assert obj["id"] == json.loads(raw)["id"]


@pytest.mark.skipif(os.name != "posix", reason="a pipe of real bytes")
def test_many_hostile_lines_through_the_process_one_answer_each():
    hostile = [GOOD, '{"id": "\\ud800"}', "[" * 2000, '{"id": 2, "target": "' + "九" * 4301 + '"}', "not json",
               '{"id": 3, "weight": ' + "9" * 4400 + "}", '{"id": 4, "target": "≥90%", "actual": "1e400%"}']
    data = _lines(*hostile) + b"\xff\xfe\n" + _lines(GOOD)
    status, out, err = _batch(data)
    assert len(out) == len(hostile) + 2 and out[0]["id"] == "good" and out[-1]["id"] == "good"
    assert not any(r["error"] and r["error"]["code"] == "internal" for r in out)
    assert status == 2 and "Traceback" not in err

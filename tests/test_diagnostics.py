"""One Diagnostic for every problem at a place: the type, its constructors and renderers,
and every kind of problem (target error, spec error, reading problem, audit finding,
batch error) coming out as one."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import attrs
import pytest

from indicator_dsl import SpecSyntaxError, TargetSyntaxError, parse_spec, parse_target
from indicator_dsl.diagnostics import ERROR, INFO, WARNING, Diagnostic, Figures, Severity
from indicator_dsl.evaluation.batch import error_json, handle_row, run_batch
from indicator_dsl.reading import read_tables
from indicator_dsl.spec.lines import LineError, parse_line
from indicator_dsl.spec.lint import check_text
from indicator_dsl.tables import score_table
from indicator_dsl.tables.audit import Finding, audit
from indicator_dsl.tables.io import READ_CODES, read_problem
from indicator_dsl.tables.report.markdown import findings_markdown
from indicator_dsl.tables.report.text import findings_text

ROOT = Path(__file__).resolve().parent.parent
H = "名称：示例\n年度：2025\n"
SPEC = H + "一级 产出指标\n二级 数量指标\n三级 满意度 | ≥9O%\n三级 宣传 | 有效提升\n"


def target_error(text: str = "≥9O%") -> TargetSyntaxError:
    with pytest.raises(TargetSyntaxError) as info:
        parse_target(text)
    return info.value


# ---------------------------------------------------------------------------
# the type

def test_severity_is_its_plain_string():
    assert Severity.ERROR == "error" and WARNING == "warning" and INFO == "info"
    assert str(ERROR) == "error" and f"{WARNING}" == "warning" and repr(ERROR) == "'error'"
    assert json.dumps({"s": ERROR}) == '{"s": "error"}'
    assert {"error": 1}[ERROR] == 1
    assert Severity("warning") is WARNING


def test_fields_are_validated_and_keyword_only():
    d = Diagnostic(severity="warning", code="W301", message="m")
    assert d.severity is WARNING and d.source is None and d.start is None and d.figures is None
    with pytest.raises(ValueError):
        Diagnostic(severity="fatal", code="X", message="m")
    with pytest.raises(TypeError):
        Diagnostic(severity="error", code=101, message="m")
    with pytest.raises(TypeError):
        Diagnostic("error", "E101", "m")  # type: ignore[misc]
    with pytest.raises(TypeError):
        Diagnostic(severity="error", code="E", message="m", figures=("1", "2", 3))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        d.code = "W302"  # type: ignore[misc]


def test_at_works_out_lines_and_columns_in_characters():
    text = "名称：x\n三级 a | ≥9O%"
    d = Diagnostic.at(text, 14, 15, ERROR, "E101", "a letter inside a number", "write 90", "x.ind")
    assert (d.line, d.col, d.end_line, d.end_col, d.start, d.end) == (2, 10, 2, 11, 14, 15)
    assert text.split("\n")[d.line - 1][d.col - 1] == "O"
    backwards = Diagnostic.at(text, 5, 3, WARNING, "W", "m")
    assert (backwards.start, backwards.end) == (5, 5)


@pytest.mark.parametrize(("fields", "shown"), [
    ({"source": "x.ind", "line": 2, "col": 13}, "x.ind:2:13: E101 m"),
    ({"line": 2, "col": 13}, "2:13: E101 m"),  # a spec text read without a file name
    ({"source": "x.ind"}, "x.ind: E101 m"),
    ({"source": "a.csv", "where": "a.csv:12", "line": 12}, "a.csv:12: E101 m"),
    ({"source": "t1", "where": "t1-r03"}, "t1-r03: E101 m"),
    ({"start": 2, "end": 3}, "E101 m"),  # a bare cell: offsets only, no place
])
def test_str_is_place_code_message(fields, shown):
    assert str(Diagnostic(severity="error", code="E101", message="m", **fields)) == shown


def test_caret_and_render_under_chinese_text():
    text = "满意度≥9O%"
    d = Diagnostic.at(text, 5, 6, ERROR, "letter-in-number", "a letter inside a number", "type the digit")
    assert d.caret(text) == "满意度≥9O%\n        ^"  # 满意度 is six columns wide
    assert d.render(text) == "1:6: letter-in-number a letter inside a number\n    满意度≥9O%\n            ^\n    fix: type the digit"
    wide = Diagnostic.at("目标：一百", 3, 5, ERROR, "E", "m")
    assert wide.caret("目标：一百").split("\n")[1] == "      ^^^^"
    warning = attrs.evolve(d, severity=WARNING)
    assert warning.render(text) == str(warning)  # warnings are one line
    assert Diagnostic(severity="error", code="R101", message="m").render("text") == "R101 m"  # no offsets: no caret
    with pytest.raises(ValueError):
        Diagnostic(severity="error", code="R101", message="m").caret("text")


def test_summary_shows_figures_and_rule():
    d = Diagnostic(severity="error", code="row_score", message="differs", figures=Figures("4.9", "4.92", 2))
    assert d.summary() == "row_score [4.9 → 4.92]: differs (rule 2)"
    assert attrs.evolve(d, message="differs (rule 2)").summary() == "row_score [4.9 → 4.92]: differs (rule 2)"
    assert attrs.evolve(d, figures=Figures(None, "5", None)).summary() == "row_score [— → 5]: differs"
    assert attrs.evolve(d, figures=Figures(rule=17)).summary() == "row_score: differs (rule 17)"
    assert Diagnostic(severity="warning", code="W301", message="vague").summary() == "W301: vague"


def test_to_json():
    d = Diagnostic.at("ab\ncd", 3, 5, "warning", "W302", "m", "f", "x.ind")
    assert d.to_json() == {"source": "x.ind", "where": None, "line": 2, "col": 1, "end_line": 2, "end_col": 3,
                           "start": 3, "end": 5, "severity": "warning", "code": "W302", "message": "m", "fix": "f"}
    assert type(d.to_json()["severity"]) is str
    f = Diagnostic(severity="error", code="total", message="m", source="t1", figures=Figures("93.5", "93.52", 17))
    data = json.loads(json.dumps(f.to_json()))
    assert (data["printed"], data["computed"], data["rule"], data["where"], data["line"]) == ("93.5", "93.52", 17, None, None)


@pytest.mark.parametrize("d", [
    Diagnostic.at("名称：x\n三级 a", 5, 7, ERROR, "E104", "m", "f", "x.ind"),
    Diagnostic(severity="info", code="R106", message="m", source="a.csv", where="a.csv:3", line=3),
    Diagnostic(severity="warning", code="row_score", message="m", source="t", where="t-r1", figures=Figures("1", "2", 3)),
    Finding("t", "t-r1", "row_score", "1", "2", 3, "m"),
    Finding("t", None, "note_missing", None, None, 17, "m", "warning"),
], ids=["spec", "read", "figures", "finding", "finding-warning"])
def test_pickles(d):
    again = pickle.loads(pickle.dumps(d))
    assert again == d and type(again) is type(d) and again.severity is d.severity
    assert hash(again) == hash(d)


# ---------------------------------------------------------------------------
# every kind of problem comes out as a Diagnostic

def test_target_error_gives_a_diagnostic():
    err = target_error()
    d = err.diagnostic()
    assert isinstance(d, Diagnostic) and d.is_error
    assert (d.code, d.message, d.start, d.end, d.line, d.source) == ("letter-in-number", err.message, 2, 3, None, None)
    assert d.caret(err.text) == err.render()
    placed = err.diagnostic(source="a.csv", where="a.csv:12", severity="warning", fix="type 90")
    assert str(placed) == f"a.csv:12: letter-in-number {err.message}" and placed.severity is WARNING and placed.fix == "type 90"
    assert target_error("").diagnostic().code == "empty"


def test_spec_problems_are_diagnostics():
    diags = check_text(SPEC, file="x.ind")
    assert [(d.code, d.severity) for d in diags] == [("E101", "error"), ("W301", "warning")]
    assert all(isinstance(d, Diagnostic) and d.source == "x.ind" for d in diags)
    e101 = diags[0]
    assert SPEC[e101.start:e101.end] == "O" and SPEC.split("\n")[e101.line - 1][e101.col - 1] == "O"


def test_spec_syntax_error_gives_the_diagnostic_check_reports():
    text = H + "三级 a | b\n"
    with pytest.raises(SpecSyntaxError) as info:
        parse_spec(text, file="x.ind")
    d = info.value.diagnostic()
    (checked,) = check_text(text, file="x.ind")
    assert (d.code, d.line, d.col, d.start, d.end, d.message, d.source) == \
        (checked.code, checked.line, checked.col, checked.start, checked.end, checked.message, checked.source)
    assert str(d) == str(checked) == "x.ind:3:1: E104 三级 comes before any 二级: write the 一级 and 二级 lines above it"


def test_line_error_stays_internal_and_becomes_the_e100_diagnostic():
    """LineError is the line parser's result (its label picks the message and fix); read_spec turns it into E100."""
    err = parse_line("举办沙龙 | =6次")
    assert isinstance(err, LineError) and err.label == "no-keyword"
    d = err.diagnostic(H + "举办沙龙 | =6次", len(H), "x.ind")
    (checked,) = check_text(H + "举办沙龙 | =6次\n", file="x.ind")
    assert d == checked and d.code == "E100" and d.fix


def test_read_problems_are_diagnostics(tmp_path):
    (tmp_path / "bad.csv").write_text("项目名称,示例\n一,二,三\n", encoding="utf-8")
    (tmp_path / "rows.jsonl").write_text('{"id": "j", "rows": [{"level3": [5]}]}\nnot json\n', encoding="utf-8")
    (tmp_path / "x.ind").write_text(H + "三级 a | b\n", encoding="utf-8")
    tables, problems = read_tables([tmp_path, tmp_path / "missing.csv"])
    assert all(isinstance(p, Diagnostic) and p.is_error for p in problems)
    by_code = {p.code: p for p in problems}
    assert set(by_code) == {"R104", "R107", "R103", "E104", "R101"}
    assert set(by_code) - {"E104"} <= set(READ_CODES)
    assert by_code["R103"].where == f"{tmp_path / 'rows.jsonl'}:2" and by_code["R103"].line == 2
    assert by_code["R103"].source == str(tmp_path / "rows.jsonl")
    assert str(by_code["R101"]) == f"{tmp_path / 'missing.csv'}: R101 no such file or directory"
    spec = by_code["E104"]  # a spec file's reading error keeps its own code, line and column
    assert str(spec) == f"{tmp_path / 'x.ind'}:3:1: E104 三级 comes before any 二级: write the 一级 and 二级 lines above it"
    with pytest.raises(ValueError):
        read_problem("a.csv", "m", "X999")


def test_audit_findings_are_diagnostics():
    tables, _ = read_tables(ROOT / "examples" / "tables")
    t = next(t for t in tables if t.id == "000-t2")
    findings = audit(score_table(t))
    f = next(f for f in findings if f.kind == "execution_rate")
    assert isinstance(f, Diagnostic) and isinstance(f, Finding)
    assert (f.source, f.where, f.code, f.figures) == ("000-t2", None, "execution_rate", Figures("92.03%", "92.02%", 1))
    assert (f.table, f.row, f.kind, f.printed, f.computed, f.rule) == ("000-t2", None, "execution_rate", "92.03%", "92.02%", 1)
    assert f.severity == "error" and f.is_error
    assert list(f.to_json()) == ["table", "row", "kind", "printed", "computed", "rule", "message", "severity"]
    assert str(f) == f"000-t2: execution_rate {f.message}"


def test_finding_keeps_its_positional_signature():
    f = Finding("t1", "t1-r02", "row_score", "4", "5", 2, "differs")
    assert f == Finding("t1", "t1-r02", "row_score", "4", "5", 2, "differs", "error")
    assert f.severity is ERROR and Finding("t1", None, "weights", None, None, 17, "m", "warning").severity is WARNING
    assert f != Diagnostic(severity="error", code="row_score", message="differs", source="t1", where="t1-r02",
                           figures=Figures("4", "5", 2))  # a Finding is a Finding


def test_batch_errors_are_made_from_diagnostics():
    bad_target = handle_row({"id": "r", "target": "≥9O%"}, strict=True)["error"]
    d = target_error().diagnostic()
    assert bad_target == {**error_json("target", d), "label": "letter-in-number", "expected": ["a digit, a unit or %"]}
    lenient = handle_row({"id": "r", "target": "≥9O%"})
    assert lenient["error"] is None
    assert lenient["warnings"] == [{**error_json("target", target_error().diagnostic(severity="warning")),
                                    "label": "letter-in-number", "expected": ["a digit, a unit or %"]}]
    assert {"field", "message", "start", "end"} <= bad_target.keys()  # interface.md
    cases = [({"id": "r"}, "target", "missing-target"), ("row", "row", "not-an-object"),
             ({"target": "9月前", "year": "x"}, "year", "bad-year"),
             ({"target": "≥90%", "actual": "95%", "weight": "ten"}, "weight", "bad-weight"),
             ({"target": "≥90%", "actual": ["x"]}, "actual", "bad-actual")]
    for row, field, code in cases:
        e = handle_row(row)["error"]
        assert (e["field"], e["code"], e["severity"]) == (field, code, "error"), row
        assert {"message", "start", "end"} <= e.keys()
    import io
    out = io.StringIO()
    assert run_batch(['{"target": "≥90%"}', "not json"], out) == 2
    line = json.loads(out.getvalue().splitlines()[1])["error"]
    assert (line["field"], line["code"], line["line"], line["start"]) == ("line", "not-json", 2, 0)


# ---------------------------------------------------------------------------
# renderers take any Diagnostic

def test_text_and_markdown_renderers_take_any_diagnostic():
    f = Finding("t1", "t1-r02", "row_score", "4", "5", 2, "differs")
    plain = Diagnostic(severity="warning", code="W301", message="vague", source="x.ind", line=3, col=4)
    assert findings_text([f, plain]) == "t1 t1-r02: error: row_score [4 → 5]: differs (rule 2)\nx.ind: warning: W301: vague"
    md = findings_markdown([f, plain]).splitlines()
    assert md[2] == "| t1 | t1-r02 | row_score | 4 | 5 | 2 | differs |"
    assert md[3] == "| x.ind |  | W301 |  |  |  | vague |"


def test_lsp_conversion_of_each_kind_with_a_span():
    pytest.importorskip("lsprotocol")
    from lsprotocol import types

    from indicator_dsl.spec.lsp import lsp_diagnostic

    # a spec file's error: its offsets, in UTF-16 units (𠀀 is two units)
    text = H + "一级 产出指标\n二级 数量指标\n三级 𠀀满意度 | ≥9O%\n"
    (e101,) = [d for d in check_text(text) if d.code == "E101"]
    lsp = lsp_diagnostic(text, e101)
    assert (lsp.range.start.line, lsp.range.start.character, lsp.range.end.character) == (4, 13, 14)
    assert lsp.severity == types.DiagnosticSeverity.Error and lsp.code == "E101" and "\nfix: " in lsp.message
    # a target cell's error: offsets into the cell
    cell = "满意度≥9O%"
    lsp = lsp_diagnostic(cell, target_error(cell).diagnostic())
    assert (lsp.range.start.line, lsp.range.start.character, lsp.range.end.character) == (0, 5, 6)
    assert lsp.code == "letter-in-number"
    # a spec error raised by parse_spec
    with pytest.raises(SpecSyntaxError) as info:
        parse_spec(H + "三级 a | b\n")
    lsp = lsp_diagnostic(H + "三级 a | b\n", info.value.diagnostic())
    assert (lsp.range.start.line, lsp.range.start.character, lsp.range.end.line, lsp.range.end.character) == (2, 0, 2, 8)
    # a reading problem at a line only, and a warning; an audit finding has no span: the document's start
    read = read_problem("a.csv", "m", "R106", where="a.csv:2", line=2)
    lsp = lsp_diagnostic("header\nrow\n", read)
    assert (lsp.range.start.line, lsp.range.start.character) == (1, 0)
    info_d = Diagnostic(severity="info", code="I", message="m", line=1, col=2, end_line=1, end_col=4)
    lsp = lsp_diagnostic("abcdef", info_d)
    assert (lsp.range.start.character, lsp.range.end.character, lsp.severity) == (1, 3, types.DiagnosticSeverity.Information)
    lsp = lsp_diagnostic("x", Finding("t", None, "total", "1", "2", 17, "m", "warning"))
    assert (lsp.range.start.line, lsp.range.start.character, lsp.severity) == (0, 0, types.DiagnosticSeverity.Warning)

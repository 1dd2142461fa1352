"""Issue 13: budget figures and weights are checked, never computed into nonsense.

A full-year budget of 0 or less, an amount executed below zero, an amount executed far
beyond the budget (the policy's ``budget_rate_plausible``), a weight below zero or beyond
the limits: the figures built on them are ``?`` (None), ``TableResult.problems`` says why
(what, where, how to fix), the audit reports each as a finding, and ``score`` prints the
reason under the table.  Every table here is built in the test.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from indicator_dsl import ScoringPolicy
from indicator_dsl.cli import main
from indicator_dsl.errors import PolicyError
from indicator_dsl.tables import BudgetBlock, Table, TableRow, score_table
from indicator_dsl.tables.audit import KINDS, audit
from indicator_dsl.tables.io import write_tables

ROW = TableRow("t-r01", "产出指标", "数量指标", "举办活动", "≥10场", "10场", "90", "90")


def _table(budget: BudgetBlock | None = None, *rows: TableRow, weight_total: str | None = None) -> Table:
    return Table("t", "示例项目", 2023, rows=rows or (ROW,), budget=budget, weight_total=weight_total)


def _budget(full: str = "500000", executed: str = "480800", weight: str = "10") -> BudgetBlock:
    return BudgetBlock("元", full, full, executed, weight, None, None)


def _findings(table: Table, policy: ScoringPolicy | None = None, lang: str = "en") -> list:
    return audit(score_table(table, policy, lang=lang), lang=lang)


def test_a_good_budget_is_scored_as_before():
    r = score_table(_table(_budget()))
    assert (r.budget_rate, r.budget_score, r.total, r.problems) == (Decimal("0.9616"), Decimal("9.62"), Decimal("99.62"), ())


@pytest.mark.parametrize("full", ["0", "0.00", "-500000", "-1"])
def test_a_full_budget_of_zero_or_less_is_a_finding_and_no_figure(full):
    r = score_table(_table(_budget(full=full)))
    assert (r.budget_rate, r.budget_score, r.total, r.grade) == (None, None, None, None)
    (p,) = r.problems
    assert (p.code, p.source, p.where, p.figures.printed, p.figures.rule) == ("budget_figures", "t", None, full, 1)
    assert "全年预算数" in p.message and "(shown as ?)" in p.message and "above zero" in p.message  # what, where, fix
    f = [f for f in audit(r) if f.kind == "budget_figures"]
    assert len(f) == 1 and f[0].severity == "error" and f[0].message == p.message and f[0].row is None


def test_a_negative_amount_executed_is_a_finding_not_a_negative_score():
    r = score_table(_table(_budget(executed="-50")))
    assert (r.budget_rate, r.budget_score, r.total) == (None, None, None)
    (f,) = [f for f in audit(r) if f.kind == "budget_figures"]
    assert "全年执行数" in f.message and "-50" in f.message and "0 or more" in f.message
    assert not any(f.kind == "note_missing" for f in audit(r))  # no warning built on a rate that is not there


def test_an_amount_executed_far_beyond_the_budget_is_a_finding_under_the_policy():
    table = _table(_budget(full="500", executed="480800"))  # 万元 against 元: 96160%
    r = score_table(table)
    assert (r.budget_rate, r.budget_score, r.total) == (None, None, None)
    (f,) = [f for f in audit(r) if f.kind == "budget_figures"]
    assert "96160%" in f.message and "200%" in f.message and "same unit" in f.message
    # a policy without the check computes the capped score, as the rules say
    lax = ScoringPolicy.default().evolve(budget_rate_plausible=0)
    r = score_table(table, lax)
    assert r.budget_score == Decimal("10.00") and r.problems == ()
    # a stricter one refuses 150%
    strict = ScoringPolicy.default().evolve(budget_rate_plausible="1.2")
    assert score_table(_table(_budget(full="100", executed="150")), strict).budget_rate is None
    assert score_table(_table(_budget(full="100", executed="150"))).budget_rate == Decimal("1.5")  # 150% < 200%


def test_the_plausible_rate_is_a_checked_policy_setting():
    assert ScoringPolicy.default().budget_rate_plausible == 2
    with pytest.raises(PolicyError):
        ScoringPolicy.from_mapping({"budget_rate_plausible": -1})


def test_a_negative_budget_weight_is_a_finding():
    r = score_table(_table(_budget(weight="-10")))
    assert (r.budget_score, r.total) == (None, None)
    kinds = [f.kind for f in audit(r)]
    assert "bad_weight" in kinds


@pytest.mark.parametrize("value", ["NaN", "1e400", "9" * 70, "-Infinity"])
@pytest.mark.parametrize("field", ["full", "executed", "weight"])
def test_budget_figures_beyond_the_limits_are_findings(field, value):
    r = score_table(_table(_budget(**{field: value})))
    assert (r.budget_rate, r.budget_score, r.total) == (None, None, None)
    (p,) = r.problems
    assert p.code == ("bad_weight" if field == "weight" else "budget_figures")
    assert len(p.message) < 400  # a long cell is quoted cut


@pytest.mark.parametrize("weight", ["-90", "-0.5"])
def test_a_negative_row_weight_is_the_rows_finding_and_the_table_goes_on(weight):
    bad = TableRow("t-r02", "产出指标", "质量指标", "合格率", "≥90%", "95%", weight, "5")
    r = score_table(_table(_budget(), ROW, bad))
    assert r.rows[0].score == Decimal("90.00")  # the other row is scored
    assert r.rows[1].score is None and r.total is None and r.grade is None
    (p,) = r.problems
    assert (p.code, p.where, p.figures.printed) == ("bad_weight", "t-r02", weight)
    found = [f for f in audit(r) if f.row == "t-r02"]
    assert [f.kind for f in found] == ["bad_weight"]  # no 'undetermined' or 'note_missing' built on it
    assert "below zero" in found[0].message and "0 or more" in found[0].message


@pytest.mark.parametrize("weight", ["NaN", "1e400", "9" * 70])
def test_a_row_weight_beyond_the_limits_is_the_rows_finding(weight):
    r = score_table(_table(None, TableRow("t-r01", "产出指标", "数量指标", "举办活动", "≥10场", "10场", weight, "90")))
    assert r.rows[0].score is None and r.total is None
    assert [f.kind for f in audit(r)] == ["bad_weight"]


def test_an_actual_beyond_the_limits_is_the_rows_problem_not_the_tables():
    huge = TableRow("t-r02", "产出指标", "数量指标", "培训", "≥10场", "9" * 60 + "场", "10", "10")
    r = score_table(_table(None, ROW, huge))
    assert r.rows[0].score == Decimal("90.00") and r.rows[1].score is None
    assert r.total == Decimal("100.00") and r.assumed_printed == ("t-r02",)  # counted at its printed score, as a target error is
    (f,) = [f for f in audit(r) if f.row == "t-r02"]
    assert (f.kind, f.severity) == ("unreadable", "warning") and "actual cannot be read" in f.message


@pytest.mark.parametrize("budget, weight_total, expected", [
    (_budget(weight="10"), None, "the weights add up to 95 (rows 85 + budget 10), not 100: correct the 分值 of a row or of the budget"),
    (_budget(weight="10"), "90", "the weights add up to 95 (rows 85 + budget 10), not the printed total 90: "
                                 "correct the 分值 of a row or of the budget, or the printed total"),
    (None, None, "the weights of the rows add up to 85, not 100: correct the 分值 of a row"),
    (None, "90", "the weights of the rows add up to 85, not the printed total 90: correct the 分值 of a row, or the printed total"),
])
def test_weights_that_do_not_add_up_say_from_where_and_what_to_correct(budget, weight_total, expected):
    row = TableRow("t-r01", "产出指标", "数量指标", "举办活动", "≥10场", "10场", "85", "85")
    (f,) = [f for f in _findings(_table(budget, row, weight_total=weight_total)) if f.kind == "weights"]
    assert f.message == expected and f.row is None and f.rule == 17


def test_the_reasons_are_in_chinese_too():
    zh = [f.message for f in _findings(_table(_budget(full="0")), lang="zh")]
    assert any(m.startswith("全年预算数为0：") and "显示为?" in m for m in zh)
    zh = [f.message for f in _findings(_table(None, TableRow("t-r01", "产出", "数量", "x", "≥10场", "10场", "-5", "5")), lang="zh")]
    assert zh == ["本行分值为-5，小于零：本行得分和总分不予计算（显示为?）；请填写本行分值，应为0或以上"]


def test_new_kinds_are_listed():
    assert {"budget_figures", "bad_weight"} <= set(KINDS)


def _tables_file(tmp_path, *tables):
    path = tmp_path / "tables.json"
    write_tables(list(tables), path)
    return str(path)


def test_score_shows_the_reason_of_each_question_mark(tmp_path, capsys):
    path = _tables_file(tmp_path, _table(_budget(full="0")))
    assert main(["score", "--lang", "en", path]) == 0
    out = capsys.readouterr().out
    assert "rate ?" in out and "total: ?" in out
    assert "t: error: budget_figures [0 → —]: the full-year budget (全年预算数) is 0:" in out
    assert main(["score", "--lang", "en", "--format", "json", path]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["budget"]["rate"] is None and data["total"] is None
    assert [p["code"] for p in data["problems"]] == ["budget_figures"]
    assert main(["score", "--lang", "en", "--format", "md", path]) == 0
    assert "| t |  | budget_figures | 0 |" in capsys.readouterr().out


def test_audit_reports_the_figures_as_findings(tmp_path, capsys):
    path = _tables_file(tmp_path, _table(_budget(executed="-5")),
                        Table("u", rows=(TableRow("u-r01", "产出", "数量", "x", "≥10场", "10场", "-100", "5"),)))
    assert main(["audit", "--lang", "en", "--json", path]) == 0
    kinds = [(f["table"], f["kind"]) for f in map(json.loads, capsys.readouterr().out.splitlines())]
    assert ("t", "budget_figures") in kinds and ("u", "bad_weight") in kinds

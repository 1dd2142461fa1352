"""The policy travels: a TableResult keeps the ScoringPolicy it was scored under, the audit
and the reports judge and word their findings by it; a stricter policy never scores higher."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import actuals, approxes, compares, ranges, scoring_policies, stricter, targets, weights

from indicator_dsl.evaluation.model import Bound, Quantity
from indicator_dsl.evaluation.outcome import evaluate
from indicator_dsl.evaluation.policy import ScoringPolicy
from indicator_dsl.tables.audit import audit
from indicator_dsl.tables.model import BudgetBlock, Table, TableRow
from indicator_dsl.tables.report.html import render_report
from indicator_dsl.tables.score import score_table
from indicator_dsl.target.model import Range, format_decimal
from indicator_dsl.target.numerals import clean

DEFAULT = ScoringPolicy.default()
REFS = {"上年": "50", "全国平均数": "85"}


# ------------------------------------------------------------------ stricter never scores higher
@given(st.data(), targets, actuals(), weights)
def test_a_stricter_policy_never_gives_a_higher_score(data, target, actual, weight):
    """For any row, moving settings the strict way (no partial credit, =N literally, no
    boundary allowance, a smaller 约 tolerance, fewer points for claims, slippage and
    lateness, a compound's min) never raises the score, nor decides a row the other leaves open."""
    policy = data.draw(scoring_policies(), label="policy")
    strict = data.draw(stricter(policy), label="stricter")
    loose = evaluate(target, actual, weight=weight, policy=policy, references=REFS, year=2023)
    tight = evaluate(target, actual, weight=weight, policy=strict, references=REFS, year=2023)
    assert (loose.score is None) == (tight.score is None)
    if loose.score is not None:
        assert tight.score <= loose.score


numeric_targets = st.one_of(compares(subject=False), ranges(subject=False), approxes(subject=False))


@given(st.data(), numeric_targets, st.sampled_from([Decimal("0.5"), Decimal("0.9"), Decimal(1), Decimal("1.1"), Decimal(2)]),
       st.sampled_from(list(Bound)), weights)
def test_a_stricter_policy_never_scores_a_figure_higher(data, target, share, bound, weight):
    """The same for figures in the target's unit around its bound (rules 2-7 at work)."""
    top = target.high if isinstance(target, Range) else target.value
    actual = Quantity(clean(top * share), target.unit, bound)
    policy = data.draw(scoring_policies(), label="policy")
    strict = data.draw(stricter(policy), label="stricter")
    loose = evaluate(target, actual, weight=weight, policy=policy)
    tight = evaluate(target, actual, weight=weight, policy=strict)
    assert loose.score is not None and tight.score is not None
    assert tight.score <= loose.score


@given(st.data(), targets, actuals(), weights)
def test_the_default_against_no_partial_credit(data, target, actual, weight):
    """The plainest case of the brief: partial_credit "none" is never above "linear"."""
    none = DEFAULT.evolve(partial_credit="none")
    a = evaluate(target, actual, weight=weight, references=REFS, year=2023)
    b = evaluate(target, actual, weight=weight, policy=none, references=REFS, year=2023)
    assert a.score is None or b.score <= a.score


def _table(executed: str, actual: str, printed_budget_score: str = "0") -> Table:
    return Table("p-t1", "示例项目", 2023, rows=(
        TableRow("p-t1-r01", "产出指标", "数量指标", "举办活动", "≥10次", actual, "45", "45"),
        TableRow("p-t1-r02", "产出指标", "数量指标", "预算执行率", "≥90%", "95%", "45", "45"),
    ), budget=BudgetBlock("元", "1000", "1000", executed, "10", None, printed_budget_score),
        weight_total="100", score_total="100")


@given(st.decimals(min_value="0.5", max_value=1, places=2), st.decimals(min_value=0, max_value=1, places=2),
       st.decimals(min_value=80, max_value=95, places=0), st.decimals(min_value=0, max_value=1, places=2),
       st.decimals(min_value=0, max_value=20, places=0))
def test_a_stricter_table_policy_never_scores_or_grades_higher(cap, lower_by, grade_excellent, rise, executed_off):
    """A lower budget rate cap and higher grade thresholds never give a table a higher total or a better grade."""
    table = _table(format_decimal(Decimal(1000) - executed_off * 10), "12次")
    p = DEFAULT.evolve(budget_rate_cap=cap, grade_excellent=grade_excellent)
    q = p.evolve(budget_rate_cap=cap * (1 - lower_by), grade_excellent=grade_excellent + rise * 5)
    a, b = score_table(table, p), score_table(table, q)
    assert b.total <= a.total
    order = "优良中差"
    assert order.index(b.grade) >= order.index(a.grade)


# ------------------------------------------------------------------ the result keeps its policy
def test_the_result_keeps_its_policy_and_the_audit_uses_it():
    loose = DEFAULT.evolve(audit_tolerance="5")
    table = _table("800", "12次", printed_budget_score="6")
    r = score_table(table, loose)
    assert r.policy is loose and score_table(table).policy == DEFAULT
    assert not [f for f in audit(r) if f.kind == "budget_score"]          # 8 vs 6 within 5
    assert [f.kind for f in audit(score_table(table)) if f.kind == "budget_score"] == ["budget_score"]
    assert audit(r, loose) == audit(r)                                     # the same policy may be named
    with pytest.raises(ValueError, match="scored under another policy"):
        audit(r, DEFAULT)


@given(st.decimals(min_value="0.5", max_value=1, places=2), st.decimals(min_value="1.01", max_value=3, places=2),
       st.decimals(min_value="0.5", max_value=1, places=2))
def test_findings_quote_the_policy_they_were_scored_under(cap, factor, warn):
    """Scored under P and audited, the findings quote P's rate cap, over-target factor and
    warning rate, never the defaults' (unless P has the default's figure)."""
    policy = DEFAULT.evolve(budget_rate_cap=cap, over_target_factor=factor, budget_warn_rate=warn)
    executed = format_decimal((warn * 1000 - 1) if warn > Decimal("0.01") else Decimal(0))
    over = format_decimal((factor * 10).to_integral_value(rounding="ROUND_CEILING") + 1)
    r = score_table(_table(executed, f"{over}次"), policy)
    messages = {f.kind + (f.row or ""): f.message for f in audit(r)}
    budget = messages["budget_score"]
    assert f"min(rate, {format_decimal(cap)})" in budget
    if cap != 1:
        assert "min(rate, 1)" not in budget
    over_target = messages["note_missingp-t1-r01"]
    assert f"exceeded by {format_decimal((factor - 1) * 100)}% or more" in over_target
    if factor != Decimal("1.2"):
        assert "by 20%" not in over_target
    rate = messages["note_missing"]
    assert f"under {format_decimal(warn * 100)}%" in rate
    page = render_report([(r, audit(r))])
    assert f"a budget execution rate under {format_decimal(warn * 100)}% wants an explanation" in page


def test_over_target_message_for_a_factor_up_to_one():
    policy = DEFAULT.evolve(over_target_factor="0.8")
    r = score_table(_table("1000", "10次"), policy)
    msg = next(f.message for f in audit(r) if f.kind == "note_missing" and f.row == "p-t1-r01")
    assert msg.startswith("the actual reached 80% of the target or more")


def test_default_messages_are_unchanged():
    r = score_table(_table("800", "30次"))
    messages = {f.kind + (f.row or ""): f.message for f in audit(r)}
    assert messages["budget_score"] == "the printed budget score 0 differs from min(rate, 1) × 10 = 8"
    assert messages["note_missingp-t1-r01"] == ("the target was exceeded by 20% or more and its 偏差原因分析 cell "
                                                "is empty")
    assert messages["note_missing"] == "the budget execution rate is under 90%: the table should explain why"


def test_budget_row_reason_names_the_cap():
    """A 预算执行率 row under a cap below 100% says it was capped; its ratio is the capped rate."""
    r = score_table(_table("1000", "10次"), DEFAULT.evolve(budget_rate_cap="0.9"))
    row = r.rows[1]
    assert row.score == Decimal("40.5") and row.outcome.ratio == Decimal("0.9")
    assert "capped at 90%" in row.outcome.reason and int(row.outcome.rule) == 1
    assert "capped" not in score_table(_table("1000", "10次")).rows[1].outcome.reason


def test_the_report_refuses_a_policy_the_tables_were_not_scored_under():
    r = score_table(_table("800", "12次"), DEFAULT.evolve(budget_warn_rate="0.5"))
    assert "under 50%" in render_report([(r, audit(r))])
    with pytest.raises(ValueError):
        render_report([(r, audit(r))], DEFAULT)
    other = score_table(_table("800", "12次"))
    assert "different policies" in render_report([(r, audit(r)), (other, audit(other))])


def test_the_workbook_quotes_the_result_policy(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    from indicator_dsl.tables.report.xlsx import write_xlsx

    r = score_table(_table("800", "12次"), DEFAULT.evolve(budget_rate_cap="0.75"))
    write_xlsx(r, tmp_path / "s.xlsx")
    cells = [str(c.value) for row in openpyxl.load_workbook(tmp_path / "s.xlsx").active.iter_rows() for c in row if c.value]
    assert any("min(rate, 0.75)" in c for c in cells)
    with pytest.raises(ValueError):
        write_xlsx(r, tmp_path / "t.xlsx", DEFAULT)


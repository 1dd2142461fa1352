"""Rendering a scored table as one JSON object (``score --format json``), and a file or table
that could not be read as one (:func:`unread_json`, after the tables of ``score --format
json`` and the findings of ``audit --json``)."""

from __future__ import annotations

from typing import Any

from indicator_dsl.diagnostics import Diagnostic
from indicator_dsl.evaluation.serialize import actual_to_json, outcome_to_json, target_to_json
from indicator_dsl.tables.report.text import plain_decimal
from indicator_dsl.tables.score import TableResult
from indicator_dsl.target.model import format_decimal

__all__ = ["table_json", "unread_json"]


# the block's printed figures beside the execution (a declaration prints only its 年度资金总额 …)
_FIGURES = ("money_unit", "initial", "full", "executed", "project_total", "fiscal", "other")


def _error(d: Diagnostic) -> dict[str, Any]:
    """A row's target error: its message, offsets into the target cell and code (the label)."""
    return {"message": d.message, "start": d.start, "end": d.end, "code": d.code}


def table_json(r: TableResult) -> dict[str, Any]:
    """The scored table as one JSON object."""
    t = r.table
    rows = []
    for rr in r.rows:
        rows.append({
            "id": rr.row.id, "level1": rr.row.level1, "level2": rr.row.level2, "level3": rr.row.level3,
            "target": target_to_json(rr.target) if rr.target is not None else None,
            "target_text": rr.row.target, "actual_text": rr.row.actual,
            "actual": actual_to_json(rr.outcome.actual) if rr.outcome is not None else None,
            "outcome": outcome_to_json(rr.outcome) if rr.outcome is not None else None,
            "weight": plain_decimal(rr.weight) or None, "printed_score": rr.row.score or None,
            "error": None if rr.error is None else _error(rr.error.diagnostic()),
        })
    return {
        "table": t.id, "project": t.project, "year": t.year, "kind": t.kind, "source": t.source,
        "budget": None if t.budget is None else {
            "rate": None if r.budget_rate is None else format_decimal(r.budget_rate),
            "score": plain_decimal(r.budget_score) or None, "printed_rate": t.budget.rate, "printed_score": t.budget.score,
            "weight": t.budget.weight, **{k: getattr(t.budget, k) for k in _FIGURES},
        },
        "rows": rows, "total": plain_decimal(r.total) or None, "printed_total": t.score_total, "grade": r.grade,
        "printed_grade": t.grade, "assumed_printed": list(r.assumed_printed),
    }


def unread_json(problem: Diagnostic) -> dict[str, Any]:
    """A file or table that could not be read (a reading problem, R1xx) as one JSON object:
    ``{"unread": {"file", "where", "code", "message"}}``.

    >>> from indicator_dsl.tables.io import read_problem
    >>> unread_json(read_problem("a.csv", "no table found", "R104"))
    {'unread': {'file': 'a.csv', 'where': None, 'code': 'R104', 'message': 'no table found'}}
    """
    return {"unread": {"file": problem.source, "where": problem.where, "code": problem.code, "message": problem.message}}

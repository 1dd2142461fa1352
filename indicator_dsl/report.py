"""Rendering scored tables and audit findings: terminal text, Markdown and JSON.

Columns line up under Chinese text: widths are display widths (a CJK character
takes two columns).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterable, Sequence

from .audit import Finding
from .jsonio import actual_to_json, outcome_to_json, target_to_json
from .model import format_decimal
from .source import display_width
from .table import RowResult, TableResult

__all__ = ["table_text", "table_markdown", "table_json", "findings_text", "findings_markdown"]

_HEAD = ("row", "indicator", "target", "actual", "weight", "printed", "score", "verdict")


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    if display_width(text) <= width:
        return text
    out, w = [], 0
    for c in text:
        cw = display_width(c)
        if w + cw > width - 1:
            break
        out.append(c)
        w += cw
    return "".join(out) + "…"


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def _d(x: Any) -> str:
    return "" if x is None else format_decimal(x)


def _cells(rr: RowResult) -> tuple[str, ...]:
    target = str(rr.target) if rr.target is not None else f"(unreadable) {rr.row.target}"
    verdict = rr.outcome.verdict.value if rr.outcome is not None else "error"
    return (rr.row.id, rr.row.level3, target, rr.row.actual, rr.row.weight, rr.row.score, _d(rr.score), verdict)


def _summary(r: TableResult) -> list[str]:
    t = r.table
    lines = [f"{t.id}  {t.project}" + (f"  ({t.year})" if t.year else "")]
    if t.budget is not None:
        rate = "" if r.budget_rate is None else f"{format_decimal((r.budget_rate * 100).quantize(Decimal('0.01')))}%"
        lines.append(f"budget execution: rate {rate or '?'} (printed {t.budget.rate or '?'}), "
                     f"score {_d(r.budget_score) or '?'} / {t.budget.weight or '?'} (printed {t.budget.score or '?'})")
    if t.kind == "declaration":
        lines.append("a target declaration (目标申报表): targets only, nothing to score")
    else:
        total = _d(r.total) or "?"
        lines.append(f"total: {total} (printed {t.score_total or '?'})  grade: {r.grade or '?'}"
                     + (f"  [{len(r.assumed_printed)} undetermined rows counted at their printed score]" if r.assumed_printed else ""))
    return lines


def table_text(r: TableResult, widths: Sequence[int] = (12, 14, 18, 22, 6, 7, 6, 12)) -> str:
    """A table for the terminal."""
    rows = [_HEAD] + [_cells(rr) for rr in r.rows]
    lines = _summary(r)
    for cells in rows:
        lines.append("  ".join(_pad(_cut(c, w), w) for c, w in zip(cells, widths)).rstrip())
    return "\n".join(lines)


def _md_escape(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def table_markdown(r: TableResult) -> str:
    """The scored table as GitHub-flavoured Markdown."""
    lines = [f"## {r.table.id} {r.table.project}", ""]
    lines += [f"- {line}" for line in _summary(r)[1:]]
    lines += ["", "| " + " | ".join(_HEAD) + " |", "|" + "---|" * len(_HEAD)]
    for rr in r.rows:
        lines.append("| " + " | ".join(_md_escape(c) for c in _cells(rr)) + " |")
    return "\n".join(lines) + "\n"


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
            "weight": _d(rr.weight) or None, "printed_score": rr.row.score or None,
            "error": None if rr.error is None else {"message": rr.error.message, "start": rr.error.start, "end": rr.error.end},
        })
    return {
        "table": t.id, "project": t.project, "year": t.year, "kind": t.kind, "source": t.source,
        "budget": None if t.budget is None else {
            "rate": None if r.budget_rate is None else format_decimal(r.budget_rate),
            "score": _d(r.budget_score) or None, "printed_rate": t.budget.rate, "printed_score": t.budget.score,
            "weight": t.budget.weight,
        },
        "rows": rows, "total": _d(r.total) or None, "printed_total": t.score_total, "grade": r.grade,
        "printed_grade": t.grade, "assumed_printed": list(r.assumed_printed),
    }


def findings_text(findings: Iterable[Finding]) -> str:
    """One line per finding: table, row, kind, printed → computed, message."""
    lines = []
    for f in findings:
        where = f.table + (f" {f.row}" if f.row else "")
        figures = f" [{f.printed or '—'} → {f.computed or '—'}]" if (f.printed or f.computed) else ""
        rule = f" (rule {f.rule})" if f.rule and "(rule" not in f.message else ""
        lines.append(f"{where}: {f.severity}: {f.kind}{figures}: {f.message}{rule}")
    return "\n".join(lines)


def findings_markdown(findings: Iterable[Finding]) -> str:
    """The findings as a Markdown table."""
    lines = ["| table | row | kind | printed | computed | rule | message |", "|---|---|---|---|---|---|---|"]
    for f in findings:
        lines.append("| " + " | ".join(_md_escape(x) for x in (
            f.table, f.row or "", f.kind, f.printed or "", f.computed or "", str(f.rule or ""), f.message)) + " |")
    return "\n".join(lines) + "\n"

"""Rendering scored tables and audit findings as terminal text.

Columns line up under Chinese text: widths are display widths (a CJK character
takes two columns).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterable, Sequence

from indicator_dsl.diagnostics import Diagnostic
from indicator_dsl.source import display_width
from indicator_dsl.tables.score import RowResult, TableResult
from indicator_dsl.target.model import format_decimal

__all__ = ["table_text", "findings_text", "summary_lines", "row_cells", "HEAD", "plain_decimal"]

HEAD = ("row", "indicator", "target", "actual", "weight", "printed", "score", "verdict")


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


def plain_decimal(x: Any) -> str:
    """A decimal's canonical text; '' for None."""
    return "" if x is None else format_decimal(x)


def row_cells(rr: RowResult) -> tuple[str, ...]:
    """The cells of a row in the order of HEAD."""
    target = str(rr.target) if rr.target is not None else f"(unreadable) {rr.row.target}"
    verdict = rr.outcome.verdict.value if rr.outcome is not None else "error"
    return (rr.row.id, rr.row.level3, target, rr.row.actual, rr.row.weight, rr.row.score, plain_decimal(rr.score), verdict)


def summary_lines(r: TableResult) -> list[str]:
    """The table's title line, budget execution and total."""
    t = r.table
    lines = [f"{t.id}  {t.project}" + (f"  ({t.year})" if t.year else "")]
    if t.budget is not None:
        rate = "" if r.budget_rate is None else f"{format_decimal((r.budget_rate * 100).quantize(Decimal('0.01')))}%"
        lines.append(f"budget execution: rate {rate or '?'} (printed {t.budget.rate or '?'}), "
                     f"score {plain_decimal(r.budget_score) or '?'} / {t.budget.weight or '?'} (printed {t.budget.score or '?'})")
    if t.kind == "declaration":
        lines.append("a target declaration (目标申报表): targets only, nothing to score")
    else:
        total = plain_decimal(r.total) or "?"
        lines.append(f"total: {total} (printed {t.score_total or '?'})  grade: {r.grade or '?'}"
                     + (f"  [{len(r.assumed_printed)} undetermined rows counted at their printed score]" if r.assumed_printed else ""))
    return lines


def table_text(r: TableResult, widths: Sequence[int] = (12, 14, 18, 22, 6, 7, 6, 12)) -> str:
    """A table for the terminal."""
    rows = [HEAD] + [row_cells(rr) for rr in r.rows]
    lines = summary_lines(r)
    for cells in rows:
        lines.append("  ".join(_pad(_cut(c, w), w) for c, w in zip(cells, widths)).rstrip())
    return "\n".join(lines)


def findings_text(findings: Iterable[Diagnostic]) -> str:
    """One line per finding (any diagnostic): ``table row: severity: kind [printed → computed]: message (rule N)``."""
    lines = []
    for d in findings:
        where = " ".join(x for x in (d.source, d.where) if x)
        lines.append(f"{where + ': ' if where else ''}{d.severity}: {d.summary()}")
    return "\n".join(lines)



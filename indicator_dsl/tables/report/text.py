"""Rendering scored tables and audit findings as terminal text.

Columns line up under Chinese text: widths are display widths (a CJK character
takes two columns).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterable, Sequence

from indicator_dsl.diagnostics import Diagnostic
from indicator_dsl.messages import N_, Translator
from indicator_dsl.source import display_width
from indicator_dsl.tables.score import RowResult, TableResult
from indicator_dsl.target.model import format_decimal

__all__ = ["table_text", "findings_text", "summary_lines", "row_cells", "HEAD", "plain_decimal"]

HEAD = ("row", "indicator", "target", "actual", "weight", "printed", "score", "verdict")
# the column headings in the Ministry's terms (English: HEAD)
_HEAD_WORDS = (N_("row"), N_("indicator"), N_("target"), N_("actual"), N_("weight"), N_("printed"), N_("score"),
               N_("verdict"))


def head(lang: str = "en") -> tuple[str, ...]:
    """The column headings in ``lang``."""
    tr = Translator(lang)
    return tuple(tr.word(w) for w in _HEAD_WORDS)


_VERDICTS = {"met": N_("met"), "partial": N_("partial"), "not_met": N_("not_met"), "undetermined": N_("undetermined")}
_SEVERITIES = {"error": N_("error"), "warning": N_("warning"), "info": N_("info")}


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


def row_cells(rr: RowResult, lang: str = "en") -> tuple[str, ...]:
    """The cells of a row in the order of HEAD (the verdict in ``lang``)."""
    tr = Translator(lang)
    target = str(rr.target) if rr.target is not None else tr(N_("(unreadable) {target}"), target=rr.row.target)
    verdict = tr.word(_VERDICTS.get(rr.outcome.verdict.value, rr.outcome.verdict.value)) if rr.outcome is not None \
        else tr.word(N_("error"))
    return (rr.row.id, rr.row.level3, target, rr.row.actual, rr.row.weight, rr.row.score, plain_decimal(rr.score), verdict)


def summary_lines(r: TableResult, lang: str = "en") -> list[str]:
    """The table's title line, budget execution and total (in ``lang``)."""
    t, tr = r.table, Translator(lang)
    lines = [f"{t.id}  {t.project}" + (f"  ({t.year})" if t.year else "")]
    if t.budget is not None:
        rate = "" if r.budget_rate is None else f"{format_decimal((r.budget_rate * 100).quantize(Decimal('0.01')))}%"
        lines.append(tr(N_("budget execution: rate {rate} (printed {printed_rate}), score {score} / {weight} "
                           "(printed {printed_score})"),
                        rate=rate or "?", printed_rate=t.budget.rate or "?", score=plain_decimal(r.budget_score) or "?",
                        weight=t.budget.weight or "?", printed_score=t.budget.score or "?"))
    if t.kind == "declaration":
        lines.append(tr(N_("a target declaration (目标申报表): targets only, nothing to score")))
    else:
        total = plain_decimal(r.total) or "?"
        lines.append(tr(N_("total: {total} (printed {printed})  grade: {grade}"),
                        total=total, printed=t.score_total or "?", grade=r.grade or "?")
                     + (tr(N_("  [{n} undetermined rows counted at their printed score]"), n=len(r.assumed_printed))
                        if r.assumed_printed else ""))
    return lines


def table_text(r: TableResult, widths: Sequence[int] = (12, 14, 18, 22, 6, 7, 6, 12), lang: str = "en") -> str:
    """A table for the terminal (headings, verdicts and summary in ``lang``)."""
    rows = [head(lang)] + [row_cells(rr, lang) for rr in r.rows]
    lines = summary_lines(r, lang)
    for cells in rows:
        lines.append("  ".join(_pad(_cut(c, w), w) for c, w in zip(cells, widths)).rstrip())
    return "\n".join(lines)


def findings_text(findings: Iterable[Diagnostic], lang: str = "en") -> str:
    """One line per finding (any diagnostic): ``table row: severity: kind [printed → computed]: message (rule N)``."""
    lines, tr = [], Translator(lang)
    for d in findings:
        where = " ".join(x for x in (d.source, d.where) if x)
        lines.append(f"{where + ': ' if where else ''}{tr.word(_SEVERITIES[d.severity.value])}: {d.summary(lang)}")
    return "\n".join(lines)



"""Rendering scored tables and audit findings as terminal text.

Columns line up under Chinese text: widths are display widths (a CJK character
takes two columns).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterable, Sequence

from indicator_dsl.diagnostics import Diagnostic
from indicator_dsl.evaluation.reasons import VERDICT_WORDS
from indicator_dsl.messages import N_, Translator
from indicator_dsl.source import display_width
from indicator_dsl.tables.score import RowResult, TableResult
from indicator_dsl.target.model import format_decimal

__all__ = ["table_text", "column_widths", "findings_text", "summary_lines", "row_cells", "HEAD", "plain_decimal"]

HEAD = ("row", "indicator", "target", "actual", "weight", "printed", "score", "verdict")
# the column headings in the Ministry's terms (English: HEAD)
_HEAD_WORDS = (N_("row"), N_("indicator"), N_("target"), N_("actual"), N_("weight"), N_("printed"), N_("score"),
               N_("verdict"))


def head(lang: str = "en") -> tuple[str, ...]:
    """The column headings in ``lang``."""
    tr = Translator(lang)
    return tuple(tr.word(w) for w in _HEAD_WORDS)


_VERDICTS = VERDICT_WORDS
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


def _wrap(text: str, width: int, max_lines: int | None = None, indent: int = 0) -> list[str]:
    """``text`` broken into lines at most ``width`` display columns wide (a CJK character
    takes two), at a space or after a ``-`` when one is near, else between characters;
    with ``max_lines``, the last line kept ends in ``…`` when text is left over; lines after
    the first indented by ``indent`` spaces (a hanging indent)."""
    text = " ".join(text.split())
    lines: list[str] = []
    while text:
        if lines and indent:
            return lines + [" " * indent + line for line in _wrap(text, max(1, width - indent), None)]
        if display_width(text) <= width:
            lines.append(text)
            break
        cut, w = 0, 0
        for i, c in enumerate(text):
            w += display_width(c)
            if w > width:
                break
            cut = i + 1
        cut = max(cut, 1)
        if cut < len(text):  # prefer breaking at a space or after a hyphen in the line's second half
            soft = max(text.rfind(" ", 0, cut + 1), text.rfind("-", 0, cut) + 1)
            if soft > cut // 2:
                cut = soft
        lines.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines - 1] + [_cut(" ".join(lines[max_lines - 1:]), width)]
    return lines or [""]


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
    b = t.budget
    if b is not None and t.kind == "declaration" and all(x is None for x in (b.full, b.executed, b.rate, b.score)):
        figures = "; ".join(f"{label} {v}" for label, v in (("年度资金总额", b.initial), ("其中：财政拨款", b.fiscal),
                                                            ("其他资金", b.other), ("项目资金总额", b.project_total)) if v)
        lines.append(tr(N_("budget (项目资金, {unit}): {figures}"), unit=b.money_unit or "?", figures=figures or "?"))
    elif b is not None:
        rate = "" if r.budget_rate is None else f"{format_decimal((r.budget_rate * 100).quantize(Decimal('0.01')))}%"
        lines.append(tr(N_("budget execution: rate {rate} (printed {printed_rate}), score {score} / {weight} "
                           "(printed {printed_score})"),
                        rate=rate or "?", printed_rate=b.rate or "?", score=plain_decimal(r.budget_score) or "?",
                        weight=b.weight or "?", printed_score=b.score or "?"))
    if t.kind == "declaration":
        lines.append(tr(N_("a target declaration (目标申报表): targets only, nothing to score")))
    else:
        total = plain_decimal(r.total) or "?"
        lines.append(tr(N_("total: {total} (printed {printed})  grade: {grade}"),
                        total=total, printed=t.score_total or "?", grade=r.grade or "?")
                     + (tr(N_("  [{n} undetermined rows counted at their printed score]"), n=len(r.assumed_printed))
                        if r.assumed_printed else ""))
    return lines


# columns that show an excerpt of a long cell (at most _EXCERPT_LINES lines); the others
# (row id, numbers, verdict) always show all of their text, wrapped when narrow
_EXCERPT = frozenset({1, 2, 3})
_EXCERPT_LINES = 2
_MIN_EXCERPT = 8
_MIN_ID = 16
_ID_INDENT = 2  # a wrapped row id's later lines: a line that starts at the left edge starts a row
_GAP = 2


def column_widths(rows: Sequence[Sequence[str]], width: int) -> list[int]:
    """Display widths for the columns of ``rows`` within ``width`` terminal columns: each
    column as wide as its widest cell when that fits; else the excerpt columns (indicator,
    target, actual) give way first, widest first, down to a few characters, then the row id."""
    natural = [max(display_width(" ".join(r[i].split())) for r in rows) for i in range(len(rows[0]))]
    widths = [max(1, w) for w in natural]
    budget = width - _GAP * (len(widths) - 1)

    def shrink(columns: Sequence[int], floor: int) -> None:
        while sum(widths) > budget:
            shrinkable = [i for i in columns if widths[i] > min(natural[i], floor)]
            if not shrinkable:
                return
            widths[max(shrinkable, key=lambda k: widths[k])] -= 1

    shrink(sorted(_EXCERPT), max(_MIN_EXCERPT, max(map(display_width, rows[0]))))  # excerpts first (rows[0]: the headings)
    shrink([0], _MIN_ID)  # then a long row id wraps
    shrink([0], _MIN_ID // 2)
    shrink(sorted(_EXCERPT), 4)  # a very narrow terminal
    shrink([0], display_width(rows[0][0]))
    return widths


def table_text(r: TableResult, width: int = 100, lang: str = "en") -> str:
    """A table for a terminal ``width`` columns wide: columns sized to their content, a long
    indicator, target or actual shown as a two-line excerpt, a long row id wrapped (never cut)
    with a hanging indent; headings, verdicts and summary in ``lang``."""
    rows = [head(lang)] + [row_cells(rr, lang) for rr in r.rows]
    widths = column_widths(rows, width)
    lines = summary_lines(r, lang)
    for cells in rows:
        parts = [_wrap(c, w, _EXCERPT_LINES if i in _EXCERPT else None, _ID_INDENT if i == 0 else 0)
                 for i, (c, w) in enumerate(zip(cells, widths))]
        for k in range(max(len(p) for p in parts)):
            lines.append((" " * _GAP).join(_pad(p[k] if k < len(p) else "", w)
                                           for p, w in zip(parts, widths)).rstrip())
    return "\n".join(lines)


def findings_text(findings: Iterable[Diagnostic], lang: str = "en") -> str:
    """One line per finding (any diagnostic): ``table row: severity: kind [printed → computed]: message (rule N)``."""
    lines, tr = [], Translator(lang)
    for d in findings:
        where = " ".join(x for x in (d.source, d.where) if x)
        lines.append(f"{where + ': ' if where else ''}{tr.word(_SEVERITIES[d.severity.value])}: {d.summary(lang)}")
    return "\n".join(lines)



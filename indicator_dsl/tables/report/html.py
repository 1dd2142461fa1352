"""The audit as one self-contained HTML page: ``indicator-dsl audit PATH --report FILE``.

One file, nothing fetched: inline CSS, charts drawn here as inline SVG, no script.
A summary first: an overview line for every table (a table without findings is only
that line, so the page grows with the findings, not with the tables); then, per table
with findings, a ``<details>`` that opens on demand with its budget execution and total
(printed beside computed), its rows with the differences highlighted (errors strong,
warnings light, each finding's message shown) and a bar chart of achievement per row.
Readable from a 375 px phone to a desktop (wide tables and charts scroll inside their
own box, never the page) and printable on A4 landscape (every table opened, a table's
header repeated on every page it runs over).  The files and tables that could not be read
are listed at the end, each with its reading problem.  Every piece of text from a table is
escaped.

Its words come from the message catalog (docs/glossary.md): with ``lang="zh"`` every
heading, label, legend and summary line is the Ministry's Chinese term alone; in English
a heading keeps the Chinese term with the English word under it (the tables are Chinese).
A finding is shown as it was made (``audit(result, lang=...)``), its code after it.

>>> from indicator_dsl.tables import Table, TableRow, score_table
>>> t = Table("t<1>", "<script>x</script>", 2023, rows=(TableRow("r1", "产出指标", "数量指标", "活动", "≥2场", "2场", "10", "10"),))
>>> page = render_report([(score_table(t), [])])
>>> "<script>x" in page, "&lt;script&gt;x" in page, "t&lt;1&gt;" in page
(False, True, True)
>>> "<th>填报总分</th>" in render_report([(score_table(t), [])], lang="zh")
True
"""

from __future__ import annotations

from decimal import Decimal
from html import escape
from pathlib import Path
from typing import Iterable, Sequence

from indicator_dsl.diagnostics import Diagnostic
from indicator_dsl.evaluation.policy import ScoringPolicy
from indicator_dsl.evaluation.reasons import VERDICT_WORDS
from indicator_dsl.messages import N_, ZH, Translator
from indicator_dsl.tables.report.chart import achievement_chart, gloss, percent
from indicator_dsl.tables.score import RowResult, TableResult
from indicator_dsl.target.model import format_decimal

__all__ = ["render_report", "write_report", "ERROR_COLOUR", "WARNING_COLOUR"]

ERROR_COLOUR = "#f4a19a"    # a row or figure that differs from the rules
WARNING_COLOUR = "#fff1bd"  # a row that wants a note, evidence or a person's judgement

_VERDICTS = VERDICT_WORDS

# the report's words, each marked for the catalog (its Chinese: indicator_dsl.po; the terms: docs/glossary.md)
_TITLE = N_("audit report of the project expenditure performance self-evaluation tables")
_OVERVIEW, _WITH_FINDINGS, _CLICK = N_("overview"), N_("tables with findings"), N_("(click a table to open it)")
_INDICATORS, _ACHIEVEMENT, _ACHIEVEMENT_IS = N_("indicators"), N_("achievement per indicator"), N_("(policy score ÷ weight)")
_DIFFERENCE, _WARNING, _RULE = N_("difference"), N_("warning"), N_(" (rule {rule})")
_LEGEND_DIFFERENCE = N_("a printed figure differs from the rules")
_LEGEND_WARNING = N_("a note, evidence or a person's judgement is wanted")
_COUNTS = N_("{n} tables · {errors} differences · {warnings} warnings.")
_POLICY = N_("Differences larger than {tolerance} are reported; a budget execution rate under {rate}% "
             "wants an explanation (scoring policy rule 17).")
_POLICIES = N_("The tables were scored under different policies; each one's differences and warnings "
               "follow its own (scoring policy rule 17).")
_QUIET = N_("{n} table(s) without findings are listed in the overview only.")
_TARGETS_ONLY = N_("target declaration: targets only")
_DECLARATION = N_("a target declaration (目标申报表): targets only, nothing to score")
_PRINTED_GRADE, _PRINTED_VALUE, _COMPUTED = N_("(printed {grade})"), N_("printed value"), N_("computed")
_MONEY = N_("full-year execution ÷ full-year budget: {money}")
_ASSUMED = N_("{n} row(s) the rules cannot decide are counted at their printed score in the computed total: {rows}")
_NOTE, _UNREADABLE, _READ_AS_TARGET = N_("deviation analysis: {note}"), N_("(unreadable)"), N_("read as {target}")
_BUDGET_RATE, _BUDGET_SCORE, _TOTAL, _GRADE = N_("budget execution rate"), N_("budget score"), N_("total"), N_("grade")

_CSS = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "PingFang SC",
  "Microsoft YaHei", sans-serif; color: #1d2733; background: #fff; margin: 0 auto; max-width: 1400px;
  padding: 16px clamp(10px, 3vw, 32px); font-size: 14px; line-height: 1.45; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 0; display: inline; }
h1, h2, p, li, summary { overflow-wrap: anywhere; }
h3 { font-size: 14px; margin: 16px 0 6px; color: #2b4c7e; }
small, .sub { color: #667085; font-weight: normal; }
p.lead { margin: 0 0 12px; color: #445; }
.scroll { overflow-x: auto; max-width: 100%%; }
table { border-collapse: collapse; margin: 6px 0 10px; }
th, td { border: 1px solid #d0d5dd; padding: 4px 8px; vertical-align: top; text-align: left; }
th { background: #eef2f7; font-weight: 600; }
table.rows th { white-space: nowrap; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.text { min-width: 8em; max-width: 22em; }
td.id { white-space: nowrap; }
table.overview td:nth-child(2) { min-width: 9em; }
table.rows td.msg { min-width: 14em; max-width: 26em; font-size: 12.5px; overflow-wrap: anywhere; }
tr.err td { background: %(err)s; }
tr.warn td { background: %(warn)s; }
td.diff { font-weight: 700; color: #7a0e08; outline: 2px solid #b3261e; outline-offset: -2px; }
.badge { display: inline-block; min-width: 1.6em; padding: 0 6px; border-radius: 9px; text-align: center; }
.badge.err { background: %(err)s; color: #5c0b06; font-weight: 700; }
.badge.warn { background: %(warn)s; color: #5c4a00; }
.badge.ok { background: #dff0e5; color: #1f5b37; }
ul.findings { margin: 4px 0 8px; padding-left: 0; list-style: none; }
ul.findings li { margin: 2px 0; padding: 3px 8px; border-left: 4px solid #b3261e; }
ul.findings li.err { background: %(err)s; }
ul.findings li.warn { background: %(warn)s; border-left-color: #c9a227; }
td.msg ul.findings li { background: none; }
.tag { font-size: 11.5px; font-weight: 700; margin-right: 6px; }
small.code { color: #667085; font-family: ui-monospace, monospace; font-size: 11px; }
section { margin: 10px 0; border-top: 2px solid #2b4c7e; padding-top: 6px; }
summary { cursor: pointer; padding: 4px 0; }
summary .badge { margin-left: 6px; }
svg { display: block; margin: 6px 0 4px; min-width: 560px; max-width: 100%%; height: auto; }
a { color: #2b4c7e; }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  .scroll { overflow: visible; }
  table { width: 100%%; }
  td.text { min-width: 6em; max-width: none; }
  table.rows td.msg { min-width: 16em; max-width: none; }
  details::details-content { content-visibility: visible; display: contents; }
  summary { list-style: none; }
  section { break-before: page; border-top: none; }
  h3 + section { break-before: auto; }
  tr { break-inside: avoid; }
  h3 { break-after: avoid; }
  svg { min-width: 0; }
}
""" % {"err": ERROR_COLOUR, "warn": WARNING_COLOUR}


def _e(text: object) -> str:
    return "" if text is None else escape(str(text), quote=True)


def _d(x: Decimal | None) -> str:
    return "—" if x is None else format_decimal(x)


def _term(tr: Translator, msgid: str, sep: str = " ") -> str:
    """A heading or label in the Ministry's term (the catalog's Chinese); an English report
    glosses it with the English word (``sep`` between them: ``" "`` inline, ``"<br>"`` in a header)."""
    zh = _e(ZH.word(msgid))
    return zh if tr.lang == "zh" else f"{zh}{sep}<small>{_e(msgid)}</small>"


def _severity(findings: Iterable[Diagnostic]) -> str:
    sev = {f.severity for f in findings}
    return "err" if "error" in sev else "warn" if sev else ""


def _counts(findings: Sequence[Diagnostic]) -> tuple[int, int]:
    errors = sum(f.is_error for f in findings)
    return errors, len(findings) - errors


def _badge(n: int, cls: str) -> str:
    return f'<span class="badge {cls if n else "ok"}">{n}</span>'


def _finding_items(findings: Sequence[Diagnostic], tr: Translator) -> str:
    """Each finding: its kind in words (差异 or 警告), the message with its rule (in the
    report's language) and, after it in grey, printed → computed and the finding's code."""
    items = []
    for f in findings:
        cls = "err" if f.is_error else "warn"
        tag = _term(tr, _DIFFERENCE if f.is_error else _WARNING)
        figs = f.figures
        shown = f" {figs}" if figs is not None and str(figs) else ""
        said = "(rule" in f.message or "（规则" in f.message
        rule = tr(_RULE, rule=figs.rule) if figs is not None and figs.rule and not said else ""
        code = f' <small class="code">{_e(f.code + shown)}</small>' if f.code or shown else ""
        items.append(f'<li class="{cls}"><span class="tag">{tag}</span>{_e(f.message + rule)}{code}</li>')
    return f'<ul class="findings">{"".join(items)}</ul>' if items else ""


def _head_row(tr: Translator, msgids: Sequence[str]) -> str:
    """A table's header (a thead: printed again on every page the table runs over)."""
    return "<thead><tr>" + "".join(f"<th>{_term(tr, h, '<br>')}</th>" for h in msgids) + "</tr></thead>"


def _verdict(tr: Translator, verdict: str) -> str:
    return _term(tr, _VERDICTS[verdict]) if verdict in _VERDICTS else _e(verdict)


# -- overview ----------------------------------------------------------------------------

_OVERVIEW_HEAD = (N_("table"), N_("project"), N_("year"), N_("printed total"), N_("computed total"), N_("grade"),
                  N_("differences"), N_("warnings"))


def _overview(results: Sequence[tuple[TableResult, Sequence[Diagnostic]]], tr: Translator) -> str:
    out = ['<table class="overview">' + _head_row(tr, _OVERVIEW_HEAD)]
    declaration = f'<td colspan="3"><small>{_e(tr(_TARGETS_ONLY))}</small></td>'
    for i, (r, findings) in enumerate(results):
        t, (errors, warnings) = r.table, _counts(findings)
        if t.kind == "declaration":
            totals = declaration
        else:
            differs = any(f.code == "total" and f.is_error for f in findings)
            grade = _e(r.grade or "—") + (f" <small>{_e(tr(_PRINTED_GRADE, grade=t.grade))}</small>"
                                          if t.grade and t.grade != r.grade else "")
            totals = (f'<td class="num{" diff" if differs else ""}">{_e(t.score_total or "—")}</td>'
                      f'<td class="num{" diff" if differs else ""}">{_d(r.total)}</td><td>{grade}</td>')
        name = f'<a href="#t{i}">{_e(t.id)}</a>' if findings else _e(t.id)
        out.append(f'<tr><td class="id">{name}</td><td>{_e(t.project)}</td><td>{_e(t.year or "")}</td>'
                   f'{totals}<td class="num">{_badge(errors, "err")}</td><td class="num">{_badge(warnings, "warn")}</td></tr>')
    return '<div class="scroll">' + "\n".join(out) + "</table></div>"


# -- one table ---------------------------------------------------------------------------

def _summary(r: TableResult, findings: Sequence[Diagnostic], tr: Translator) -> str:
    t, kinds = r.table, {f.code for f in findings if f.where is None and f.is_error}
    lines: list[tuple[str, str, str, bool]] = []
    b = t.budget
    if b is not None:
        lines.append((_BUDGET_RATE, b.rate or "—", percent(r.budget_rate), "execution_rate" in kinds))
        weight = f" / {b.weight}" if b.weight else ""
        lines.append((_BUDGET_SCORE, (b.score or "—") + weight, _d(r.budget_score) + weight, "budget_score" in kinds))
    lines.append((_TOTAL, t.score_total or "—", _d(r.total), "total" in kinds))
    lines.append((_GRADE, t.grade or "—", r.grade or "—", bool(t.grade and r.grade and t.grade != r.grade)))
    out = ['<table class="summary"><tr><th></th>' + "".join(f"<th>{_term(tr, h, '<br>')}</th>" for h in
                                                          (_PRINTED_VALUE, _COMPUTED)) + "</tr>"]
    for label, printed, computed, differs in lines:
        cls = ' class="err"' if differs else ""
        diff = " diff" if differs else ""
        out.append(f'<tr{cls}><th>{_term(tr, label, "<br>")}</th><td class="num{diff}">{_e(printed)}</td>'
                   f'<td class="num{diff}">{_e(computed)}</td></tr>')
    out.append("</table>")
    out = ['<div class="scroll">' + "".join(out) + "</div>"]
    if b is not None:
        money = f"{b.executed or '—'} ÷ {b.full or '—'} {b.money_unit or ''}".rstrip()
        out.append(f'<p class="sub">{_e(tr(_MONEY, money=money))}</p>')
    if r.assumed_printed:
        out.append('<p class="sub">' + _e(tr(_ASSUMED, n=len(r.assumed_printed), rows=", ".join(r.assumed_printed))) + "</p>")
    return "\n".join(out)


_ROWS_HEAD = (N_("row"), N_("indicator"), N_("target"), N_("actual"), N_("weight"), N_("printed score"),
              N_("policy score"), N_("verdict"), N_("findings"))


def _indicator(rr: RowResult) -> str:
    return f'<td class="text">{_e(rr.row.level3)}<br><small>{_e(rr.row.level1)} · {_e(rr.row.level2)}</small></td>'


def _rows(r: TableResult, by_row: dict[str, list[Diagnostic]], tr: Translator) -> str:
    out = ['<table class="rows">' + _head_row(tr, _ROWS_HEAD)]
    for rr in r.rows:
        fs = by_row.get(rr.row.id, [])
        sev = _severity(fs)
        diff = " diff" if any(f.code == "row_score" for f in fs) else ""
        verdict = rr.outcome.verdict.value if rr.outcome is not None else "undetermined"
        note = (f'<br><small>{_e(tr(_NOTE, note=rr.row.note))}</small>'
                if rr.row.note.strip() else "")
        out.append(
            f'<tr class="{sev}"><td class="id">{_e(rr.row.id)}</td>{_indicator(rr)}'
            f'<td class="text">{_e(rr.row.target)}{_read_as(rr, tr)}</td><td class="text">{_e(rr.row.actual)}{note}</td>'
            f'<td class="num">{_e(rr.row.weight)}</td><td class="num{diff}">{_e(rr.row.score or "—")}</td>'
            f'<td class="num{diff}">{_d(rr.score)}</td><td>{_verdict(tr, verdict)}</td>'
            f'<td class="msg">{_finding_items(fs, tr)}</td></tr>')
    return '<div class="scroll">' + "\n".join(out) + "</table></div>"


def _read_as(rr: RowResult, tr: Translator) -> str:
    if rr.target is None:
        return f"<br><small>{_e(tr(_UNREADABLE))}</small>"
    if str(rr.target) == " ".join(rr.row.target.split()):
        return ""
    return f"<br><small>{_e(tr(_READ_AS_TARGET, target=str(rr.target)))}</small>"


_TARGETS_HEAD = (N_("row"), N_("indicator"), N_("target"), N_("read as"), N_("weight"), N_("findings"))


def _targets(r: TableResult, by_row: dict[str, list[Diagnostic]], tr: Translator) -> str:
    out = ['<table class="rows">' + _head_row(tr, _TARGETS_HEAD)]
    for rr in r.rows:
        fs = by_row.get(rr.row.id, [])
        read = _e(rr.target) if rr.target is not None else f"<small>{_e(tr(_UNREADABLE))}</small>"
        out.append(
            f'<tr class="{_severity(fs)}"><td class="id">{_e(rr.row.id)}</td>{_indicator(rr)}'
            f'<td class="text">{_e(rr.row.target)}</td><td class="text">{read}</td>'
            f'<td class="num">{_e(rr.row.weight)}</td><td class="msg">{_finding_items(fs, tr)}</td></tr>')
    return '<div class="scroll">' + "\n".join(out) + "</table></div>"


def _section(r: TableResult, findings: Sequence[Diagnostic], idx: int, tr: Translator) -> str:
    t = r.table
    by_row: dict[str, list[Diagnostic]] = {}
    for f in findings:
        if f.where is not None:
            by_row.setdefault(f.where, []).append(f)
    year = f" <small>({_e(t.year)})</small>" if t.year else ""
    errors, warnings = _counts(findings)
    parts = [f'<section id="t{idx}"><details><summary><h2>{_e(t.id)} {_e(t.project)}{year}</h2>'
             f'{_badge(errors, "err")}{_badge(warnings, "warn")}</summary>']
    where = " · ".join(_e(x) for x in (t.department, t.unit, t.source) if x)
    if where:
        parts.append(f'<p class="sub">{where}</p>')
    if t.kind == "declaration":
        parts.append(f'<p class="sub">{_e(tr(_DECLARATION))}</p>')
        parts.append(_finding_items([f for f in findings if f.where is None], tr))
        parts.append(_targets(r, by_row, tr))
    else:
        parts.append(_summary(r, findings, tr))
        parts.append(_finding_items([f for f in findings if f.where is None], tr))
        parts.append(f"<h3>{_term(tr, _INDICATORS)}</h3>" + _rows(r, by_row, tr))
        if r.rows:
            parts.append(f"<h3>{_term(tr, _ACHIEVEMENT)} "
                         f"<small>{_e(tr(_ACHIEVEMENT_IS))}</small></h3>" + achievement_chart(r, idx, tr.lang))
    parts.append("</details></section>")
    return "\n".join(p for p in parts if p)


# -- the page ----------------------------------------------------------------------------

def _policy_of(results: Sequence[tuple[TableResult, Sequence[Diagnostic]]], policy: ScoringPolicy | None) -> ScoringPolicy | None:
    """The one policy the tables were scored under (None when they differ)."""
    used = {r.policy for r, _ in results}
    if policy is not None and used - {policy}:
        raise ValueError("the report's policy is not the one the tables were scored under: "
                         "score them under it, or leave the policy out")
    if policy is not None:
        return policy
    if len(used) > 1:
        return None
    return used.pop() if used else ScoringPolicy.default()


_UNREAD_HEAD = (N_("file"), N_("where"), N_("code"), N_("message"))
_UNREAD_TITLE = N_("Files and tables not read: {n}")
_UNREAD_LEAD = N_("{n} file(s) or table(s) could not be read: see the list at the end.")


def _unread(problems: Sequence[Diagnostic], tr: Translator) -> str:
    """The files and tables that could not be read (reading problems, R1xx): a section of their own."""
    out = ['<table class="unread">' + _head_row(tr, _UNREAD_HEAD)]
    for p in problems:
        p = p.in_lang(tr)
        out.append(f'<tr class="err"><td class="text">{_e(p.source or "")}</td><td class="text">{_e(p.where or "")}</td>'
                   f'<td class="id">{_e(p.code)}</td><td class="msg">{_e(p.message)}</td></tr>')
    zh = _e(ZH(_UNREAD_TITLE, n=len(problems)))
    title = zh if tr.lang == "zh" else f"{zh} <small>{_e(tr(_UNREAD_TITLE, n=len(problems)))}</small>"
    return (f"<h3>{title}</h3>\n"
            '<div class="scroll">' + "\n".join(out) + "</table></div>")


def _lead(results: Sequence[tuple[TableResult, Sequence[Diagnostic]]], used: ScoringPolicy | None,
          tr: Translator, unread: int = 0) -> str:
    """The summary line: how many tables, differences and warnings, what could not be read, and
    what the policy reports."""
    errors = sum(_counts(f)[0] for _, f in results)
    warnings = sum(_counts(f)[1] for _, f in results)
    lead = [tr(_COUNTS, n=len(results), errors=errors,
               warnings=warnings)]
    if unread:
        lead.append(tr(_UNREAD_LEAD, n=unread))
    if used is not None:
        lead.append(tr(_POLICY,
                       tolerance=format_decimal(used.audit_tolerance), rate=format_decimal(used.budget_warn_rate * 100)))
    else:
        lead.append(tr(_POLICIES))
    quiet = sum(1 for _, f in results if not f)
    if quiet:
        lead.append(tr(_QUIET, n=quiet))
    return ("" if tr.lang == "zh" else " ").join(lead)


def render_report(results: Sequence[tuple[TableResult, Sequence[Diagnostic]]], policy: ScoringPolicy | None = None,
                  lang: str = "en", unread: Sequence[Diagnostic] = ()) -> str:
    """The whole report as one HTML document (a str), its words in ``lang`` ("en" or "zh").

    The figures of the policy it quotes are those of the policy the tables were scored
    under (``TableResult.policy``); ``policy``, when given, must be that one.  The findings
    are shown as they were made (``audit(result, lang=...)`` makes them in a language).
    ``unread``: the files and tables that could not be read (their reading problems), listed
    in a section of their own and counted in the summary.
    """
    results = list(results)
    tr = Translator(lang)
    lead = _lead(results, _policy_of(results, policy), tr, len(unread))
    # a table without findings is its line of the overview; the others get a section whose
    # details open on demand (and all open in print)
    body = "\n".join(_section(r, f, i, tr) for i, (r, f) in enumerate(results) if f)
    title = _TITLE
    return (
        f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(gloss(tr, title))}</title><style>{_CSS}</style></head><body>\n"
        f"<h1>{_term(tr, title)}</h1>\n"
        f'<p class="lead">{_e(lead)}</p>\n'
        f'<p class="lead"><span class="badge err">{_e(tr.word(_DIFFERENCE))}</span> '
        f'{_e(tr(_LEGEND_DIFFERENCE))} &nbsp; '
        f'<span class="badge warn">{_e(tr.word(_WARNING))}</span> '
        f'{_e(tr(_LEGEND_WARNING))}</p>\n'
        f"<h3>{_term(tr, _OVERVIEW)}</h3>\n{_overview(results, tr)}\n"
        + (f"<h3>{_term(tr, _WITH_FINDINGS)} <small>{_e(tr(_CLICK))}</small></h3>\n"
           f"{body}\n" if body else "")
        + (f"{_unread(unread, tr)}\n" if unread else "")
        + "</body></html>\n"
    )


def write_report(results: Sequence[tuple[TableResult, Sequence[Diagnostic]]], path: str | Path,
                 policy: ScoringPolicy | None = None, lang: str = "en", unread: Sequence[Diagnostic] = ()) -> None:
    """Write :func:`render_report` to ``path`` as UTF-8."""
    Path(path).write_text(render_report(results, policy, lang, unread), encoding="utf-8")

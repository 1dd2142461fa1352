"""The audit as one self-contained HTML page: ``indicator-dsl audit PATH --report FILE``.

One file, nothing fetched: inline CSS, charts drawn here as inline SVG, no script.
A summary first: an overview line for every table (a table without findings is only
that line, so the page grows with the findings, not with the tables); then, per table
with findings, a ``<details>`` that opens on demand with its budget execution and total
(printed beside computed), its rows with the differences highlighted (errors strong,
warnings light, each finding's message shown) and a bar chart of achievement per row.
Readable from a 375 px phone to a desktop (wide tables and charts scroll inside their
own box, never the page) and printable on A4 landscape (every table opened).  The files
and tables that could not be read are listed at the end, each with its reading problem.
Every piece of text from a table is escaped.

>>> from indicator_dsl.tables import Table, TableRow, score_table
>>> t = Table("t<1>", "<script>x</script>", 2023, rows=(TableRow("r1", "产出指标", "数量指标", "活动", "≥2场", "2场", "10", "10"),))
>>> page = render_report([(score_table(t), [])])
>>> "<script>x" in page, "&lt;script&gt;x" in page, "t&lt;1&gt;" in page
(False, True, True)
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from html import escape
from pathlib import Path
from typing import Iterable, Sequence

from indicator_dsl.diagnostics import Diagnostic
from indicator_dsl.evaluation.policy import ScoringPolicy
from indicator_dsl.messages import EN, N_, ZH
from indicator_dsl.tables.model import printed_number
from indicator_dsl.tables.score import RowResult, TableResult
from indicator_dsl.target.model import format_decimal

__all__ = ["render_report", "write_report", "ERROR_COLOUR", "WARNING_COLOUR"]

ERROR_COLOUR = "#f4a19a"    # a row or figure that differs from the rules
WARNING_COLOUR = "#fff1bd"  # a row that wants a note, evidence or a person's judgement

_VERDICTS = {"met": "达成", "partial": "部分达成", "not_met": "未达成", "undetermined": "待人工判断"}
_BAR = {"met": "#3f8f63", "partial": "#e0a030", "not_met": "#b3261e"}

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
  table.rows td.msg { min-width: 10em; max-width: none; }
  details::details-content { content-visibility: visible; display: contents; }
  summary { list-style: none; }
  section { break-before: page; border-top: none; }
  h3 + section { break-before: auto; }
  tr { break-inside: avoid; }
  svg { min-width: 0; }
}
""" % {"err": ERROR_COLOUR, "warn": WARNING_COLOUR}


def _e(text: object) -> str:
    return "" if text is None else escape(str(text), quote=True)


def _d(x: Decimal | None) -> str:
    return "—" if x is None else format_decimal(x)


def _pct(rate: Decimal | None) -> str:
    return "—" if rate is None else format_decimal((rate * 100).quantize(Decimal("0.01"), ROUND_HALF_UP)) + "%"


def _severity(findings: Iterable[Diagnostic]) -> str:
    sev = {f.severity for f in findings}
    return "err" if "error" in sev else "warn" if sev else ""


def _counts(findings: Sequence[Diagnostic]) -> tuple[int, int]:
    errors = sum(f.is_error for f in findings)
    return errors, len(findings) - errors


def _badge(n: int, cls: str) -> str:
    return f'<span class="badge {cls if n else "ok"}">{n}</span>'


def _finding_items(findings: Sequence[Diagnostic]) -> str:
    items = []
    for f in findings:
        cls = "err" if f.is_error else "warn"
        tag = "差异 difference" if cls == "err" else "提示 warning"
        items.append(f'<li class="{cls}"><span class="tag">{tag}</span>{_e(f.summary())}</li>')
    return f'<ul class="findings">{"".join(items)}</ul>' if items else ""


# -- overview ----------------------------------------------------------------------------

def _overview(results: Sequence[tuple[TableResult, Sequence[Diagnostic]]]) -> str:
    head = ("表 table", "项目 project", "年度 year", "表载总分 printed total", "复核总分 computed total",
            "等级 grade", "差异 differences", "提示 warnings")
    out = ["<table class=\"overview\"><tr>" + "".join(f"<th>{_th(h)}</th>" for h in head) + "</tr>"]
    for i, (r, findings) in enumerate(results):
        t, (errors, warnings) = r.table, _counts(findings)
        if t.kind == "declaration":
            totals = '<td colspan="3"><small>目标申报表 — targets only</small></td>'
        else:
            differs = any(f.code == "total" and f.is_error for f in findings)
            grade = _e(r.grade or "—") + (f" <small>(printed {_e(t.grade)})</small>" if t.grade and t.grade != r.grade else "")
            totals = (f'<td class="num{" diff" if differs else ""}">{_e(t.score_total or "—")}</td>'
                      f'<td class="num{" diff" if differs else ""}">{_d(r.total)}</td><td>{grade}</td>')
        name = f'<a href="#t{i}">{_e(t.id)}</a>' if findings else _e(t.id)
        out.append(f'<tr><td class="id">{name}</td><td>{_e(t.project)}</td><td>{_e(t.year or "")}</td>'
                   f'{totals}<td class="num">{_badge(errors, "err")}</td><td class="num">{_badge(warnings, "warn")}</td></tr>')
    return '<div class="scroll">' + "\n".join(out) + "</table></div>"


def _th(label: str) -> str:
    zh, _, en = label.partition(" ")
    return f"{_e(zh)}<br><small>{_e(en)}</small>" if en else _e(zh)


# -- one table ---------------------------------------------------------------------------

def _summary(r: TableResult, findings: Sequence[Diagnostic]) -> str:
    t, kinds = r.table, {f.code for f in findings if f.where is None and f.is_error}
    lines: list[tuple[str, str, str, bool]] = []
    b = t.budget
    if b is not None:
        lines.append(("预算执行率 execution rate", b.rate or "—", _pct(r.budget_rate), "execution_rate" in kinds))
        weight = f" / {b.weight}" if b.weight else ""
        lines.append(("预算执行得分 budget score", (b.score or "—") + weight, _d(r.budget_score) + weight, "budget_score" in kinds))
    lines.append(("总分 total", t.score_total or "—", _d(r.total), "total" in kinds))
    lines.append(("等级 grade", t.grade or "—", r.grade or "—", bool(t.grade and r.grade and t.grade != r.grade)))
    out = ['<table class="summary"><tr><th></th><th>表载<br><small>printed</small></th><th>复核<br><small>computed</small></th></tr>']
    for label, printed, computed, differs in lines:
        cls = ' class="err"' if differs else ""
        diff = " diff" if differs else ""
        out.append(f'<tr{cls}><th>{_th(label)}</th><td class="num{diff}">{_e(printed)}</td><td class="num{diff}">{_e(computed)}</td></tr>')
    out.append("</table>")
    out = ['<div class="scroll">' + "".join(out) + "</div>"]
    if b is not None:
        money = f"{_e(b.executed or '—')} ÷ {_e(b.full or '—')} {_e(b.money_unit or '')}"
        out.append(f'<p class="sub">全年执行数 ÷ 全年预算数: {money}</p>')
    if r.assumed_printed:
        out.append(f'<p class="sub">{len(r.assumed_printed)} row(s) the rules cannot decide are counted at their '
                   f'printed score in the computed total: {_e(", ".join(r.assumed_printed))}</p>')
    return "\n".join(out)


def _rows(r: TableResult, by_row: dict[str, list[Diagnostic]]) -> str:
    head = ("编号 row", "指标 indicator", "年度指标值 target", "实际完成值 actual", "分值 weight",
            "表载得分 printed", "复核得分 computed", "结论 verdict", "审核意见 findings")
    out = ['<table class="rows"><tr>' + "".join(f"<th>{_th(h)}</th>" for h in head) + "</tr>"]
    for rr in r.rows:
        fs = by_row.get(rr.row.id, [])
        sev = _severity(fs)
        diff = " diff" if any(f.code == "row_score" for f in fs) else ""
        verdict = rr.outcome.verdict.value if rr.outcome is not None else "undetermined"
        note = f'<br><small>偏差原因: {_e(rr.row.note)}</small>' if rr.row.note.strip() else ""
        out.append(
            f'<tr class="{sev}"><td class="id">{_e(rr.row.id)}</td>'
            f'<td class="text">{_e(rr.row.level3)}<br><small>{_e(rr.row.level1)} · {_e(rr.row.level2)}</small></td>'
            f'<td class="text">{_e(rr.row.target)}{_read_as(rr)}</td><td class="text">{_e(rr.row.actual)}{note}</td>'
            f'<td class="num">{_e(rr.row.weight)}</td><td class="num{diff}">{_e(rr.row.score or "—")}</td>'
            f'<td class="num{diff}">{_d(rr.score)}</td><td>{_VERDICTS.get(verdict, _e(verdict))}</td>'
            f'<td class="msg">{_finding_items(fs)}</td></tr>')
    return '<div class="scroll">' + "\n".join(out) + "</table></div>"


def _read_as(rr: RowResult) -> str:
    if rr.target is None:
        return "<br><small>(unreadable)</small>"
    return "" if str(rr.target) == " ".join(rr.row.target.split()) else f"<br><small>读作 {_e(rr.target)}</small>"


def _targets(r: TableResult, by_row: dict[str, list[Diagnostic]]) -> str:
    head = ("编号 row", "指标 indicator", "年度指标值 target", "读作 read as", "分值 weight", "审核意见 findings")
    out = ['<table class="rows"><tr>' + "".join(f"<th>{_th(h)}</th>" for h in head) + "</tr>"]
    for rr in r.rows:
        fs = by_row.get(rr.row.id, [])
        read = _e(rr.target) if rr.target is not None else "<small>(unreadable)</small>"
        out.append(
            f'<tr class="{_severity(fs)}"><td class="id">{_e(rr.row.id)}</td>'
            f'<td class="text">{_e(rr.row.level3)}<br><small>{_e(rr.row.level1)} · {_e(rr.row.level2)}</small></td>'
            f'<td class="text">{_e(rr.row.target)}</td><td class="text">{read}</td>'
            f'<td class="num">{_e(rr.row.weight)}</td><td class="msg">{_finding_items(fs)}</td></tr>')
    return '<div class="scroll">' + "\n".join(out) + "</table></div>"


def _cut(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _text_width(text: str) -> int:
    """Rough width in pixels at 12px: a CJK character is 12, anything else 7."""
    return sum(12 if ord(c) > 0x2E80 else 7 for c in text)


def _ratio(score: Decimal | None, weight: Decimal | None) -> Decimal | None:
    if score is None or weight is None or weight <= 0:
        return None
    return max(Decimal(0), min(Decimal(1), score / weight))


def _chart(r: TableResult, idx: int) -> str:
    """Achievement per row (computed score ÷ weight) as horizontal bars; a tick marks the printed score."""
    label_w, bar_w, row_h, top = 300, 560, 22, 24
    width, height = label_w + bar_w + 80, top + row_h * len(r.rows) + 26
    hatch = f"hatch{idx}"
    out = [f'<div class="scroll"><svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" role="img" '
           f'aria-label="achievement per indicator" font-size="12" '
           f'font-family="Noto Sans CJK SC, WenQuanYi Micro Hei, sans-serif">',
           f'<defs><pattern id="{hatch}" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
           f'<rect width="8" height="8" fill="#eceff3"/><line x1="0" y1="0" x2="0" y2="8" stroke="#98a2b3" stroke-width="3"/>'
           f'</pattern></defs>']
    for pct in (0, 50, 100):
        x = label_w + bar_w * pct // 100
        out.append(f'<line x1="{x}" y1="{top - 6}" x2="{x}" y2="{height - 22}" stroke="#d0d5dd"/>'
                   f'<text x="{x}" y="{top - 10}" text-anchor="middle" fill="#667085">{pct}%</text>')
    for i, rr in enumerate(r.rows):
        y = top + i * row_h
        label = _cut(f"{rr.row.id.rsplit('-', 1)[-1]} {rr.row.level3}", 22)
        out.append(f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end"><title>{_e(rr.row.id)} {_e(rr.row.level3)}'
                   f'</title>{_e(label)}</text>')
        ratio = _ratio(rr.score, rr.weight)
        if ratio is None:
            out.append(f'<rect x="{label_w}" y="{y + 3}" width="{bar_w}" height="{row_h - 6}" fill="url(#{hatch})"/>'
                       f'<text x="{label_w + bar_w + 6}" y="{y + 15}" fill="#667085">待判断</text>')
            continue
        verdict = rr.outcome.verdict.value if rr.outcome is not None else "undetermined"
        w = float(ratio) * bar_w
        out.append(f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}" fill="{_BAR.get(verdict, "#98a2b3")}"/>'
                   f'<text x="{label_w + bar_w + 6}" y="{y + 15}">{_pct(ratio)}</text>')
        printed = _ratio(printed_number(rr.row.score), rr.weight)
        if printed is not None and printed != ratio:
            px = label_w + float(printed) * bar_w
            out.append(f'<line x1="{px:.1f}" y1="{y + 1}" x2="{px:.1f}" y2="{y + row_h - 1}" stroke="#1d2733" stroke-width="3">'
                       f'<title>printed {_pct(printed)}</title></line>')
    ly = height - 8
    legend = [("#3f8f63", "达成 met"), ("#e0a030", "部分达成 partial"), ("#b3261e", "未达成 not met"), (f"url(#{hatch})", "待人工判断 undetermined")]
    x = label_w
    for fill, text in legend:
        out.append(f'<rect x="{x}" y="{ly - 10}" width="12" height="12" fill="{fill}"/><text x="{x + 16}" y="{ly}">{_e(text)}</text>')
        x += 32 + _text_width(text)
    out.append(f'<line x1="{x}" y1="{ly - 11}" x2="{x}" y2="{ly + 2}" stroke="#1d2733" stroke-width="3"/>'
               f'<text x="{x + 8}" y="{ly}">表载得分 printed</text></svg></div>')
    return "".join(out)


def _section(r: TableResult, findings: Sequence[Diagnostic], idx: int) -> str:
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
        parts.append('<p class="sub">目标申报表 (a target declaration): targets only, nothing to score.</p>')
        parts.append(_finding_items([f for f in findings if f.where is None]))
        parts.append(_targets(r, by_row))
    else:
        parts.append(_summary(r, findings))
        parts.append(_finding_items([f for f in findings if f.where is None]))
        parts.append("<h3>指标 rows</h3>" + _rows(r, by_row))
        if r.rows:
            parts.append("<h3>指标完成度 achievement per indicator <small>(computed score ÷ weight)</small></h3>" + _chart(r, idx))
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


def _unread(problems: Sequence[Diagnostic]) -> str:
    """The files and tables that could not be read (reading problems, R1xx): a section of their own."""
    heads = [f"{ZH.word(h)}<br><small>{_e(h)}</small>" for h in (N_("file"), N_("where"), N_("code"), N_("message"))]
    out = ['<table class="unread"><tr>' + "".join(f"<th>{h}</th>" for h in heads) + "</tr>"]
    for p in problems:
        out.append(f'<tr class="err"><td class="text">{_e(p.source or "")}</td><td class="text">{_e(p.where or "")}</td>'
                   f'<td class="id">{_e(p.code)}</td><td class="msg">{_e(p.message)}</td></tr>')
    title = N_("Files and tables not read: {n}")
    return (f"<h3>{_e(ZH(title, n=len(problems)))} <small>{_e(EN(title, n=len(problems)))}</small></h3>\n"
            '<div class="scroll">' + "\n".join(out) + "</table></div>")


def render_report(results: Sequence[tuple[TableResult, Sequence[Diagnostic]]], policy: ScoringPolicy | None = None,
                  unread: Sequence[Diagnostic] = ()) -> str:
    """The whole report as one HTML document (a str).

    The figures of the policy it quotes are those of the policy the tables were scored
    under (``TableResult.policy``); ``policy``, when given, must be that one.  ``unread``:
    the files and tables that could not be read (their reading problems), listed in a section
    of their own and counted in the summary.
    """
    results = list(results)
    used = _policy_of(results, policy)
    errors = sum(_counts(f)[0] for _, f in results)
    warnings = sum(_counts(f)[1] for _, f in results)
    lead = f"{len(results)} tables · {errors} differences · {warnings} warnings. "
    if unread:
        lead += EN(N_("{n} file(s) or table(s) could not be read: see the list at the end."), n=len(unread)) + " "
    if used is not None:
        lead += (f"Differences larger than {format_decimal(used.audit_tolerance)} are reported; "
                 f"a budget execution rate under {format_decimal(used.budget_warn_rate * 100)}% wants an explanation "
                 f"(scoring policy rule 17).")
    else:
        lead += ("The tables were scored under different policies; each one's differences and warnings "
                 "follow its own (scoring policy rule 17).")
    # a table without findings is its line of the overview; the others get a section whose
    # details open on demand (and all open in print)
    body = "\n".join(_section(r, f, i) for i, (r, f) in enumerate(results) if f)
    quiet = sum(1 for _, f in results if not f)
    if quiet:
        lead += f" {quiet} table(s) without findings are listed in the overview only."
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>绩效自评表审核报告 · audit report</title><style>{_CSS}</style></head><body>\n"
        "<h1>项目支出绩效自评表审核报告 <small>audit report</small></h1>\n"
        f'<p class="lead">{_e(lead)}</p>\n'
        '<p class="lead"><span class="badge err">差异</span> a printed figure differs from the rules &nbsp; '
        '<span class="badge warn">提示</span> a note, evidence or a person\'s judgement is wanted</p>\n'
        f"<h3>总览 overview</h3>\n{_overview(results)}\n"
        + (f"<h3>各表详情 tables with findings <small>(click a table to open it)</small></h3>\n{body}\n" if body else "")
        + (f"{_unread(unread)}\n" if unread else "")
        + "</body></html>\n"
    )


def write_report(results: Sequence[tuple[TableResult, Sequence[Diagnostic]]], path: str | Path,
                 policy: ScoringPolicy | None = None, unread: Sequence[Diagnostic] = ()) -> None:
    """Write :func:`render_report` to ``path`` as UTF-8."""
    Path(path).write_text(render_report(results, policy, unread), encoding="utf-8")

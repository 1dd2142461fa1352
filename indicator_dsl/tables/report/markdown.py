"""Rendering scored tables and audit findings as GitHub-flavoured Markdown.

Every text from a table is escaped (:func:`md_escape`): a cell cannot add a heading, a
column, a row, a link, an image or HTML, whatever it holds."""

from __future__ import annotations

import re
from typing import Iterable

from indicator_dsl.diagnostics import Diagnostic
from indicator_dsl.messages import N_, Translator
from indicator_dsl.tables.report.text import head, row_cells, summary_lines
from indicator_dsl.tables.score import TableResult

__all__ = ["table_markdown", "findings_markdown", "unread_markdown", "md_escape"]


# the characters that start Markdown structure inside a line (a column, a link or image, HTML, code,
# emphasis), escaped with a backslash; and what GFM turns into a link by itself (http://…, www.…, a@b)
# (">" stays: it starts a quote only at the start of a line, and no cell starts one; "<" starts HTML)
_MD_SPECIAL = re.compile(r"[\\`*\[\]<|~!]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_AUTOLINK = re.compile(r"(?i)(?<=:)//|(?<=\bwww)\.|@")


def md_escape(text: str) -> str:
    r"""``text`` as inline Markdown that shows it as it is: on one line (whitespace runs, line breaks
    included, become one space; control characters removed), with every character that could start
    structure escaped.

    >>> print(md_escape("| --- |\n# title [x](http://evil.example) <b>"))
    \| --- \| # title \[x\](http:\/\/evil.example) \<b>
    """
    text = _MD_SPECIAL.sub(lambda m: "\\" + m.group(), " ".join(_CONTROL.sub("", " ".join(text.split())).split()))
    return _AUTOLINK.sub(lambda m: "\\/\\/" if m.group() == "//" else "\\" + m.group(), text)


def table_markdown(r: TableResult, lang: str = "en") -> str:
    """The scored table as GitHub-flavoured Markdown (headings, verdicts and summary in ``lang``)."""
    lines = [f"## {md_escape(r.table.id)} {md_escape(r.table.project)}", ""]
    lines += [f"- {md_escape(line)}" for line in summary_lines(r, lang)[1:]]
    heads = head(lang)
    lines += ["", "| " + " | ".join(heads) + " |", "|" + "---|" * len(heads)]
    for rr in r.rows:
        lines.append("| " + " | ".join(md_escape(c) for c in row_cells(rr, lang)) + " |")
    return "\n".join(lines) + "\n"


def findings_markdown(findings: Iterable[Diagnostic], lang: str = "en") -> str:
    """The findings (any diagnostics) as a Markdown table: the source as table, ``where`` as row, the code as kind."""
    tr = Translator(lang)
    heads = [tr.word(w) for w in (N_("table"), N_("row"), N_("kind"), N_("printed"), N_("computed"), N_("rule"),
                                  N_("message"))]
    lines = ["| " + " | ".join(heads) + " |", "|---|---|---|---|---|---|---|"]
    for d in findings:
        figs = d.figures
        lines.append("| " + " | ".join(md_escape(x) for x in (
            d.source or "", d.where or "", d.code, figs and figs.printed or "", figs and figs.computed or "",
            str(figs and figs.rule or ""), d.message)) + " |")
    return "\n".join(lines) + "\n"


def unread_markdown(problems: Iterable[Diagnostic], lang: str = "en") -> str:
    """The files and tables that could not be read (reading problems, R1xx) as a section of
    their own: a heading that counts them and a table of file, place, code and message; ``""``
    when every file was read."""
    problems = list(problems)
    if not problems:
        return ""
    tr = Translator(lang)
    heads = [tr.word(w) for w in (N_("file"), N_("where"), N_("code"), N_("message"))]
    lines = ["## " + tr(N_("Files and tables not read: {n}"), n=len(problems)), "",
             "| " + " | ".join(heads) + " |", "|---|---|---|---|"]
    for p in problems:
        p = p.in_lang(tr)
        lines.append("| " + " | ".join(md_escape(x) for x in (p.source or "", p.where or "", p.code, p.message)) + " |")
    return "\n".join(lines) + "\n"

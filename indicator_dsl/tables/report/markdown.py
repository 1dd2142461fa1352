"""Rendering scored tables and audit findings as GitHub-flavoured Markdown."""

from __future__ import annotations

from typing import Iterable

from indicator_dsl.diagnostics import Diagnostic
from indicator_dsl.messages import N_, Translator
from indicator_dsl.tables.report.text import head, row_cells, summary_lines
from indicator_dsl.tables.score import TableResult

__all__ = ["table_markdown", "findings_markdown"]


def _md_escape(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def table_markdown(r: TableResult, lang: str = "en") -> str:
    """The scored table as GitHub-flavoured Markdown (headings, verdicts and summary in ``lang``)."""
    lines = [f"## {r.table.id} {r.table.project}", ""]
    lines += [f"- {line}" for line in summary_lines(r, lang)[1:]]
    heads = head(lang)
    lines += ["", "| " + " | ".join(heads) + " |", "|" + "---|" * len(heads)]
    for rr in r.rows:
        lines.append("| " + " | ".join(_md_escape(c) for c in row_cells(rr, lang)) + " |")
    return "\n".join(lines) + "\n"


def findings_markdown(findings: Iterable[Diagnostic], lang: str = "en") -> str:
    """The findings (any diagnostics) as a Markdown table: the source as table, ``where`` as row, the code as kind."""
    tr = Translator(lang)
    heads = [tr.word(w) for w in (N_("table"), N_("row"), N_("kind"), N_("printed"), N_("computed"), N_("rule"),
                                  N_("message"))]
    lines = ["| " + " | ".join(heads) + " |", "|---|---|---|---|---|---|---|"]
    for d in findings:
        figs = d.figures
        lines.append("| " + " | ".join(_md_escape(x) for x in (
            d.source or "", d.where or "", d.code, figs and figs.printed or "", figs and figs.computed or "",
            str(figs and figs.rule or ""), d.message)) + " |")
    return "\n".join(lines) + "\n"

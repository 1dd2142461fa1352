"""The scored workbook (:func:`write_xlsx`): each table as published, one sheet per table,
with the policy's score, the difference, the verdict, the reason, the flags and the audit
findings in columns beside the printed 得分 column, headed in the Ministry's terms (or in
English), set up to print as the published tables are.  Public through
:mod:`indicator_dsl.tables.report` too."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping, Sequence

from indicator_dsl.diagnostics import Diagnostic
from indicator_dsl.evaluation.reasons import VERDICT_WORDS
from indicator_dsl.messages import N_, Translator
from indicator_dsl.tables.io.layout_write import add_table_sheet, put_cell
from indicator_dsl.tables.model import printed_number

if TYPE_CHECKING:  # pragma: no cover
    from indicator_dsl.evaluation.policy import ScoringPolicy
    from indicator_dsl.tables.score import TableResult

__all__ = ["write_xlsx", "ROW_COLUMNS", "BUDGET_COLUMNS"]

# the added columns, in the Ministry's terms in Chinese (docs/glossary.md); their order beside 得分
ROW_COLUMNS = (N_("policy score"), N_("difference"), N_("verdict"), N_("reason"), N_("flags"), N_("audit findings"))
_SCORE, _DIFF, _VERDICT, _REASON, _FLAG, _FINDINGS = range(len(ROW_COLUMNS))
# beside the budget block's 得分: the computed execution rate, the budget score and their difference
BUDGET_COLUMNS = (N_("computed rate"), N_("policy score"), N_("difference"))
_VERDICTS = {**VERDICT_WORDS, "error": N_("error")}  # and a row whose target cannot be read
_FLAGS = {"over_target": N_("over target"), "boundary": N_("on the boundary"), "unit_assumed": N_("unit assumed"),
          "unit_unknown": N_("unit not in the table"), "unit_mismatch": N_("units not comparable"),
          "needs_reference": N_("reference value missing"), "claimed": N_("a claim, no figure"),
          "per_assumed": N_("taken as the rate")}
_SEVERITIES = {"error": N_("difference"), "warning": N_("warning"), "info": N_("info")}
_ASSUMED = N_("{n} undetermined rows counted at their printed score: {rows}")
_FOOTER = N_("page &P of &N")
_RULE = N_(" (rule {rule})")

# a column's width in characters (a CJK character counts two): as wide as its content within these
# bounds, longer text wrapping; the reason and findings columns may be wider.  ~190 characters in all
# print at about 80% on A4 landscape
_MIN_WIDTH, _MAX_WIDTH, _MAX_TEXT_WIDTH, _NUMBER_WIDTH = 6, 16, 24, 9
_LINE_HEIGHT = 14.4  # points, a line of 11-point text
_DIFF_FORMAT = "+0.00;-0.00;0"


def _finding_line(d: Diagnostic, tr: Translator) -> str:
    """``error: code [printed → computed]: message (rule N)`` in English; in Chinese the kind
    in words first (差异/警告), the message, then the figures and the code."""
    if tr.lang == "en":
        return f"{d.severity}: {d.summary()}"
    figs = d.figures
    said = "(rule" in d.message or "（规则" in d.message
    rule = tr(_RULE, rule=figs.rule) if figs is not None and figs.rule and not said else ""
    shown = f" {figs}" if figs is not None and str(figs) else ""
    return f"{tr.word(_SEVERITIES[d.severity.value])}：{d.message}{rule} — {d.code}{shown}"


def _flags(flags: Sequence[str], tr: Translator) -> str:
    if tr.lang == "en":
        return ", ".join(flags)
    return "、".join(tr.word(_FLAGS[f]) if f in _FLAGS else f for f in flags)


def _difference(computed: Decimal | None, printed: str | None) -> Decimal | None:
    """The policy's figure less the printed one (None when either is missing)."""
    p = printed_number(printed)
    return None if computed is None or p is None else computed - p


def _fit_columns(ws: Any, first_row: int, wide: Sequence[int], letter: Any) -> None:
    """Each column as wide as its widest line from ``first_row`` down (the budget block, the
    header and the rows; the title and project lines wrap or run over), within _MIN_WIDTH..
    _MAX_WIDTH characters (_MAX_TEXT_WIDTH for the columns ``wide``); longer text wraps."""
    from indicator_dsl.source import display_width

    last_col = ws.max_column
    widths = [_MIN_WIDTH] * (last_col + 1)
    for row in ws.iter_rows(min_row=first_row, max_col=last_col):
        for cell in row:
            if cell.value is None or not hasattr(cell, "column"):
                continue
            if isinstance(cell.value, str):
                w = max((display_width(line) for line in cell.value.split("\n")), default=0) + 2
            else:
                w = _NUMBER_WIDTH
            widths[cell.column] = max(widths[cell.column], min(w, _MAX_TEXT_WIDTH if cell.column in wide else _MAX_WIDTH))
    for c in range(1, last_col + 1):
        ws.column_dimensions[letter(c)].width = widths[c]
    # each row as tall as its most wrapped cell: office suites do not all work this out themselves
    # (LibreOffice keeps the default height of a row it reads, cutting the wrapped lines off)
    merged = {(r, c) for m in ws.merged_cells.ranges for r in range(m.min_row, m.max_row + 1)
              for c in range(m.min_col, m.max_col + 1)}
    for row in ws.iter_rows(min_row=first_row, max_col=last_col):
        lines = 1
        for cell in row:
            if isinstance(cell.value, str) and (cell.row, cell.column) not in merged:
                room = max(1, int((widths[cell.column] - 2) / 1.1))  # a CJK glyph is a little wider than two
                lines = max(lines, sum(-(-display_width(line) // room) or 1 for line in cell.value.split("\n")))
        if lines > 1:
            ws.row_dimensions[row[0].row].height = _LINE_HEIGHT * lines + 2


def _print_setup(ws: Any, grid: Sequence[Sequence[str]], head_row: int, last_col: int, tr: Translator) -> None:
    """Print as the published tables are: A4 landscape, one page wide (as many pages down as
    needed), the title, project, budget and column header rows repeated on every page and
    frozen on screen, the title (and year) lines centred over the table, thin rules round
    every cell of the other lines, the table's id and the page number at the foot."""
    from openpyxl.styles import Alignment, Border, Font, Side

    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_title_rows = f"1:{head_row}"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.freeze_panes = f"A{head_row + 1}"
    ws.oddFooter.left.text = "&A"  # the sheet's name: the table's id
    ws.oddFooter.center.text = tr(_FOOTER)
    thin = Side(style="thin", color="808080")
    rule = Border(left=thin, right=thin, top=thin, bottom=thin)
    for r in range(1, ws.max_row + 1):
        if r <= len(grid) and len(grid[r - 1]) == 1:  # the title, the year: one line over the table
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=last_col)
            ws.cell(row=r, column=1).alignment = Alignment(horizontal="center", vertical="center", wrap_text=False)
            continue
        if r <= head_row and len(grid[r - 1]) == 2 and last_col > 2:  # 项目名称 and its value, over the table
            ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=last_col)
        for c in range(1, last_col + 1):
            ws.cell(row=r, column=c).border = rule
    ws["A1"].font = Font(bold=True, size=14)


class _Sheet:
    """One table's sheet: where the added columns are, and how a value goes in."""

    def __init__(self, ws: Any, styles: Mapping[str, Any]) -> None:
        self.ws, self.styles = ws, styles

    def put(self, row: int, col: int, value: Any, number: str | None = None,
            fs: Sequence[Diagnostic] = ()) -> None:
        """Set a cell (1-based row and column), wrapped; coloured by the severity of ``fs``."""
        cell = put_cell(self.ws, row, col, value)
        cell.alignment = self.styles["wrap"]
        if number:
            cell.number_format = number
        if fs:
            cell.fill = self.styles["err"] if any(f.is_error for f in fs) else self.styles["warn"]

    def head(self, row: int, col: int, text: str) -> None:
        self.put(row, col, text)
        self.ws.cell(row=row, column=col).font = self.styles["bold"]
        self.ws.cell(row=row, column=col).fill = self.styles["head"]


def _add_sheet(wb: Any, res: TableResult, fs: Sequence[Diagnostic], used: set[str], tr: Translator,
               styles: Mapping[str, Any]) -> None:
    from openpyxl.utils import get_column_letter

    ws, lay = add_table_sheet(wb, res.table, used, full=True)
    sheet = _Sheet(ws, styles)
    head = lay.grid[lay.head]
    last_row = len(lay.grid)
    if "得分" in head:  # the added columns go beside the printed score; the columns after it move right
        x = head.index("得分") + 2
        if len(head) >= x:
            ws.move_range(f"{get_column_letter(x)}{lay.head + 1}:{get_column_letter(len(head))}{last_row}",
                          cols=len(ROW_COLUMNS))
    else:  # a target declaration: no printed score, the added columns follow the last
        x = len(head) + 1
    col = {k: x + k for k in range(len(ROW_COLUMNS))}
    for k, h in enumerate(ROW_COLUMNS):
        sheet.head(lay.head + 1, col[k], tr.word(h))
    by_row: dict[str, list[Diagnostic]] = {}
    for f in fs:
        by_row.setdefault(f.where or "", []).append(f)

    def lines(found: Sequence[Diagnostic]) -> str:
        return "\n".join(_finding_line(f, tr) for f in found)

    for i, rr in enumerate(res.rows):
        r, o, rf = lay.first_row + i + 1, rr.outcome, by_row.get(rr.row.id, [])
        verdict = "error" if rr.error is not None else (o.verdict.value if o else "")
        sheet.put(r, col[_SCORE], rr.score, "0.00")
        sheet.put(r, col[_DIFF], _difference(rr.score, rr.row.score), _DIFF_FORMAT,
                  [f for f in rf if f.code == "row_score"])
        sheet.put(r, col[_VERDICT], tr.word(_VERDICTS[verdict]) if verdict in _VERDICTS else verdict)
        sheet.put(r, col[_REASON], rr.error.message if rr.error is not None else (o.reason if o else ""))
        sheet.put(r, col[_FLAG], _flags(o.flags, tr) if o else "")
        sheet.put(r, col[_FINDINGS], lines(rf), fs=rf)
    table_fs = by_row.get("", [])
    budget_fs = [f for f in table_fs if f.code in ("execution_rate", "budget_score", "note_missing")]
    total_fs = [f for f in table_fs if f not in budget_fs]
    if lay.budget_head is not None and lay.budget_row is not None:
        bx = len(lay.grid[lay.budget_head]) + 1  # beside the budget block's 得分
        for k, h in enumerate(BUDGET_COLUMNS):
            sheet.head(lay.budget_head + 1, bx + k, tr.word(h))
        findings_col = max(col[_FINDINGS], bx + len(BUDGET_COLUMNS))
        sheet.head(lay.budget_head + 1, findings_col, tr.word(ROW_COLUMNS[_FINDINGS]))
        b = lay.budget_row + 1
        sheet.put(b, bx, res.budget_rate, "0.00%")
        sheet.put(b, bx + 1, res.budget_score, "0.00")
        sheet.put(b, bx + 2, _difference(res.budget_score, res.table.budget.score if res.table.budget else None),
                  _DIFF_FORMAT, [f for f in budget_fs if f.code == "budget_score"])
        sheet.put(b, findings_col, lines(budget_fs), fs=budget_fs)
    elif budget_fs:
        total_fs = table_fs
    if lay.total is not None:
        t = lay.total + 1
        sheet.put(t, col[_SCORE], res.total, "0.00")
        sheet.put(t, col[_DIFF], _difference(res.total, res.table.score_total), _DIFF_FORMAT,
                  [f for f in total_fs if f.code == "total"])
        if res.assumed_printed:
            sheet.put(t, col[_REASON], tr(_ASSUMED, n=len(res.assumed_printed), rows=", ".join(res.assumed_printed)))
        sheet.put(t, col[_FINDINGS], lines(total_fs), fs=total_fs)
    elif total_fs:
        sheet.put(last_row + 1, col[_FINDINGS], lines(total_fs), fs=total_fs)
    if lay.grade is not None:
        sheet.put(lay.grade + 1, col[_SCORE], res.grade)
    top = min(x for x in (lay.budget_head, lay.head) if x is not None) + 1
    _fit_columns(ws, top, (col[_REASON], col[_FINDINGS]), get_column_letter)
    _print_setup(ws, lay.grid, lay.head + 1, ws.max_column, tr)


def write_xlsx(results: TableResult | Sequence[TableResult], path: str | Path,
               policy: ScoringPolicy | None = None,
               findings: Mapping[str, Sequence[Diagnostic]] | None = None, lang: str = "en") -> None:
    """Write scored tables to a workbook: each table as published (one sheet per table), with
    columns beside the printed 得分 for the policy's score, the difference (policy's less
    printed), the verdict, the reason, the flags and the audit findings of each row, headed
    in ``lang`` ("zh": the Ministry's terms, 复核得分 差异 评价结论 理由 标记 审核意见; "en":
    policy score, difference, verdict, reason, flags, audit findings); the budget line gets
    the computed execution rate, budget score and difference beside its 得分, the 总分 and
    评分等级 lines the policy's total and grade.

    ``findings`` maps a table id to its findings; by default :func:`~indicator_dsl.tables.audit.audit`
    is run on each result, in ``lang``, under the policy it was scored with (``policy``, when
    given, must be that one: a ValueError otherwise).  The reasons are quoted as the tables
    were scored (``score_table(lang=...)``).  The readers read the copy back as the table it
    was made from.
    """
    import openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill

    from indicator_dsl.tables.audit import audit
    from indicator_dsl.tables.score import TableResult

    if isinstance(results, TableResult):
        results = [results]
    if policy is not None and any(res.policy != policy for res in results):
        raise ValueError("the workbook's policy is not the one the tables were scored under: "
                         "score them under it, or leave the policy out")
    tr = Translator(lang)
    wb = openpyxl.Workbook()
    wb.remove(wb.worksheets[0])  # the empty sheet a new workbook has
    used: set[str] = set()
    styles = {"bold": Font(bold=True), "head": PatternFill("solid", fgColor="DDEBF7"),
              "err": PatternFill("solid", fgColor="FFC7CE"), "warn": PatternFill("solid", fgColor="FFEB9C"),
              "wrap": Alignment(wrap_text=True, vertical="top")}
    for res in results:
        t = res.table
        fs = list(findings[t.id]) if findings is not None and t.id in findings else audit(res, policy, lang=lang)
        _add_sheet(wb, res, fs, used, tr, styles)
    if not wb.worksheets:
        wb.create_sheet("Sheet1")
    wb.save(path)

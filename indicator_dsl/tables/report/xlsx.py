"""The scored workbook (:func:`write_xlsx`): each table as published, one sheet per table, with
the policy's scores, verdicts, reasons, flags and audit findings in columns added on the right.
Public through :mod:`indicator_dsl.tables.report` too."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping, Sequence

from indicator_dsl.diagnostics import Diagnostic
from indicator_dsl.tables.io.layout_write import add_table_sheet, put_cell

if TYPE_CHECKING:  # pragma: no cover
    from indicator_dsl.evaluation.policy import ScoringPolicy
    from indicator_dsl.tables.score import TableResult

__all__ = ["write_xlsx"]


def _finding_line(d: Diagnostic) -> str:
    return f"{d.severity}: {d.summary()}"


_EXTRA_HEAD = ("复核得分 (policy score)", "判定 (verdict)", "理由 (reason)", "标记 (flags)", "审核发现 (audit findings)")
_MIN_WIDTH, _MAX_WIDTH = 6, 40  # a column's width in characters (a CJK character counts two)


def _fit_columns(ws: Any, first_row: int, last_col: int, letter: Any) -> None:
    """Each column as wide as its widest line below the title (header and rows), within
    _MIN_WIDTH.._MAX_WIDTH characters; longer text wraps (every cell wraps)."""
    from indicator_dsl.source import display_width

    widths = [_MIN_WIDTH] * (last_col + 1)
    for row in ws.iter_rows(min_row=2, max_col=last_col):
        for cell in row:
            if cell.value is None or not hasattr(cell, "column"):
                continue
            text = cell.value if isinstance(cell.value, str) else str(cell.value)
            w = max((display_width(line) for line in text.split("\n")), default=0) + 2
            widths[cell.column] = max(widths[cell.column], min(w, _MAX_WIDTH))
    del first_row
    for c in range(1, last_col + 1):
        ws.column_dimensions[letter(c)].width = widths[c]


def _print_setup(ws: Any, head_row: int, first_row: int) -> None:
    """Print as the published tables are: A4 landscape, one page wide (as many pages down as
    needed), the column header row repeated on every page, the header frozen on screen."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_title_rows = f"{head_row}:{head_row}"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.freeze_panes = f"A{first_row}"
    from openpyxl.styles import Alignment

    for cell in ws[1]:  # the title runs on over the empty cells beside it, not wrapped and cut
        if isinstance(cell.value, str):
            cell.alignment = Alignment(wrap_text=False, vertical="top")


def write_xlsx(results: TableResult | Sequence[TableResult], path: str | Path,
               policy: ScoringPolicy | None = None,
               findings: Mapping[str, Sequence[Diagnostic]] | None = None) -> None:
    """Write scored tables to a workbook: each table as published (one sheet per table), with
    columns added on the right for the policy's score, the verdict, the reason, the flags and
    the audit findings of each row; the budget line gets the recomputed score and execution
    rate, the 总分 and 评分等级 lines the recomputed total and grade.

    ``findings`` maps a table id to its findings; by default :func:`~indicator_dsl.tables.audit.audit`
    is run on each result, under the policy it was scored with (``policy``, when given, must
    be that one: a ValueError otherwise).  The readers read the copy back as the table it
    was made from.
    """
    import openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from indicator_dsl.tables.audit import audit
    from indicator_dsl.tables.score import TableResult

    if isinstance(results, TableResult):
        results = [results]
    if policy is not None and any(res.policy != policy for res in results):
        raise ValueError("the workbook's policy is not the one the tables were scored under: "
                         "score them under it, or leave the policy out")
    wb = openpyxl.Workbook()
    wb.remove(wb.worksheets[0])  # the empty sheet a new workbook has
    used: set[str] = set()
    bold, extra_fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    err_fill, warn_fill = PatternFill("solid", fgColor="FFC7CE"), PatternFill("solid", fgColor="FFEB9C")
    wrap = Alignment(wrap_text=True, vertical="top")
    for res in results:
        t = res.table
        fs = list(findings[t.id]) if findings is not None and t.id in findings else audit(res, policy)
        ws, lay = add_table_sheet(wb, t, used, full=True)
        x = lay.width + 1

        def put(r: int, c: int, value: Any, fs: Sequence[Diagnostic] = (), number: str | None = None,
                *, ws: Any = ws, x: int = x) -> None:  # this sheet's ws and x, bound now
            cell = put_cell(ws, r + 1, x + c, value)
            cell.alignment = wrap
            if number:
                cell.number_format = number
            if c == 4 and fs:
                cell.fill = err_fill if any(f.is_error for f in fs) else warn_fill

        def text(fs: Sequence[Diagnostic]) -> str:
            return "\n".join(_finding_line(f) for f in fs)

        for c, h in enumerate(_EXTRA_HEAD):
            put(lay.head, c, h)
            ws.cell(row=lay.head + 1, column=x + c).font = bold
            ws.cell(row=lay.head + 1, column=x + c).fill = extra_fill
        by_row: dict[str, list[Diagnostic]] = {}
        for f in fs:
            by_row.setdefault(f.where or "", []).append(f)
        for i, rr in enumerate(res.rows):
            r = lay.first_row + i
            o = rr.outcome
            rf = by_row.get(rr.row.id, [])
            put(r, 0, rr.score, number="0.00")
            put(r, 1, "error" if rr.error is not None else (o.verdict.value if o else ""))
            put(r, 2, rr.error.message if rr.error is not None else (o.reason if o else ""))
            put(r, 3, ", ".join(o.flags) if o else "")
            put(r, 4, text(rf), rf)
        table_fs = by_row.get("", [])
        budget_fs = [f for f in table_fs if f.code in ("execution_rate", "budget_score", "note_missing")]
        total_fs = [f for f in table_fs if f not in budget_fs]
        if lay.budget_head is not None and lay.budget_row is not None:
            for c, h in ((0, "复核得分 (policy score)"), (1, "复核执行率 (computed rate)"), (4, "审核发现 (audit findings)")):
                put(lay.budget_head, c, h)
                ws.cell(row=lay.budget_head + 1, column=x + c).font = bold
                ws.cell(row=lay.budget_head + 1, column=x + c).fill = extra_fill
            put(lay.budget_row, 0, res.budget_score, number="0.00")
            put(lay.budget_row, 1, res.budget_rate, number="0.00%")
            put(lay.budget_row, 4, text(budget_fs), budget_fs)
        elif budget_fs:
            total_fs = table_fs
        if lay.total is not None:
            put(lay.total, 0, res.total, number="0.00")
            if res.assumed_printed:
                put(lay.total, 2, f"{len(res.assumed_printed)} undetermined rows counted at their printed score: "
                                  + ", ".join(res.assumed_printed))
            put(lay.total, 4, text(total_fs), total_fs)
        elif total_fs:
            put(len(lay.grid), 4, text(total_fs), total_fs)
        if lay.grade is not None:
            put(lay.grade, 0, res.grade)
        _fit_columns(ws, lay.first_row + 1, x + len(_EXTRA_HEAD) - 1, get_column_letter)
        _print_setup(ws, lay.head + 1, lay.first_row + 1)
    if not wb.worksheets:
        wb.create_sheet("Sheet1")
    wb.save(path)

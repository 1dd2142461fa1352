"""Documents the tests make themselves from the seed tables: the tables laid out as published
(:func:`indicator_dsl.tables.io.table_grid`, one after another) in every format a publisher
uses: XLSX (title rows, merged cells, several tables on one sheet or one per sheet), XLS,
ODS, HTML (rowspan/colspan), DOCX (merged cells) and PDF (reportlab's built-in CJK font,
tables split over pages)."""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from indicator_dsl.tables.io import table_grid
from indicator_dsl.tables.model import Table

Grid = list[list[str]]


def runs(column: Sequence[str], start: int, stop: int) -> list[tuple[int, int]]:
    """(first, last) rows of each run of one label in ``column[start:stop]``."""
    out = []
    r = start
    while r < stop:
        e = r
        while e + 1 < stop and column[e + 1] == column[r] and column[r]:
            e += 1
        out.append((r, e))
        r = e + 1
    return out


def laid_out(table: Table) -> tuple[Grid, list[tuple[int, int, int, int]]]:
    """The table's grid, its rows padded to one width, and the merges a publisher makes:
    the title across the table, the runs of 一级/二级指标 labels (r0, c0, r1, c1); cells a merge
    covers are emptied."""
    grid = table_grid(table)
    width = max(len(r) for r in grid)
    grid = [row + [""] * (width - len(row)) for row in grid]
    merges = [(0, 0, 0, width - 1)]
    head = next(i for i, row in enumerate(grid) if row[0] == "一级指标")
    end = next((i for i, row in enumerate(grid) if row[0] == "总分"), len(grid))
    for c in (0, 1):
        for r0, r1 in runs([row[c] for row in grid], head + 1, end):
            if r1 > r0 and (c == 0 or all(grid[r][0] == grid[r0][0] for r in range(r0, r1 + 1))):
                merges.append((r0, c, r1, c))
    for r0, c0, r1, c1 in merges:
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0):
                    grid[r][c] = ""
    return grid, merges


def stacked(tables: Sequence[Table]) -> tuple[Grid, list[tuple[int, int, int, int]]]:
    """Tables one after another with an empty row between them, as on one sheet."""
    grid: Grid = []
    merges: list[tuple[int, int, int, int]] = []
    for t in tables:
        g, m = laid_out(t)
        off = len(grid)
        merges += [(r0 + off, c0, r1 + off, c1) for r0, c0, r1, c1 in m]
        grid += g + [[]]
    return grid, merges


def write_xlsx(tables: Sequence[Table], path: Path, one_sheet: bool) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws0 = wb.active
    ws0.title = "填表说明"
    ws0.append(["本表由项目单位填写，金额单位为元。"])
    sheets = [("自评表", list(tables))] if one_sheet else [(f"表{n}", [t]) for n, t in enumerate(tables, 1)]
    for title, group in sheets:
        ws = wb.create_sheet(title)
        grid, merges = stacked(group)
        for r, row in enumerate(grid, start=1):
            for c, v in enumerate(row, start=1):
                if v:
                    ws.cell(r, c).value = v
                    ws.cell(r, c).data_type = "s"
        for r0, c0, r1, c1 in merges:
            ws.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1)
    wb.save(path)


def write_xls(tables: Sequence[Table], path: Path) -> None:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    wb.add_sheet("填表说明").write(0, 0, "本表由项目单位填写")
    ws = wb.add_sheet("自评表")
    grid, merges = stacked(tables)
    starts = {(r0, c0): (r1, c1) for r0, c0, r1, c1 in merges}
    covered = {(r, c) for r0, c0, r1, c1 in merges for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
    for r, row in enumerate(grid):
        for c, v in enumerate(row):
            if (r, c) in starts:
                r1, c1 = starts[(r, c)]
                ws.write_merge(r, r1, c, c1, v)
            elif (r, c) not in covered and v:
                ws.write(r, c, v)
    wb.save(str(path))


def write_ods(tables: Sequence[Table], path: Path) -> None:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table as OdsTable
    from odf.table import TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    for name, group in (("填表说明", []), ("自评表", list(tables))):
        sheet = OdsTable(name=name)
        grid = stacked(group)[0] if group else [["本表由项目单位填写"]]
        for row in grid:
            tr = TableRow()
            for v in row or [""]:
                cell = TableCell(valuetype="string") if v else TableCell()
                if v:
                    cell.addElement(P(text=v))
                tr.addElement(cell)
            sheet.addElement(tr)
        doc.spreadsheet.addElement(sheet)
    doc.save(str(path))


def html_page(tables: Sequence[Table], charset: str = "utf-8") -> str:
    """A page as a site prints it: each table's title as a heading above its <table>, the
    一级/二级指标 labels in rowspan cells, the 项目名称 value across the table (colspan)."""
    from html import escape

    parts = [f'<html><head><meta charset="{charset}"><title>自评表</title>'
             "<style>td{border:1px solid}</style></head><body>"]
    for t in tables:
        grid, merges = laid_out(t)
        width = len(grid[0])
        spans = {(r0, c0): (r1 - r0 + 1, c1 - c0 + 1) for r0, c0, r1, c1 in merges}
        covered = {(r, c) for r0, c0, r1, c1 in merges for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
        parts.append(f"<h2>{escape(grid[0][0])}</h2>\n<table>")
        for r, row in enumerate(grid[1:], start=1):
            cells = []
            filled = [c for c, v in enumerate(row) if v]
            if len(filled) <= 2 and filled and filled[-1] < 2 and r < 4:  # 项目名称 | value across the rest
                cells = [f"<td>{escape(row[0])}</td>"] + ([f'<td colspan="{width - 1}">{escape(row[1])}</td>']
                                                          if len(filled) == 2 else [])
            else:
                for c, v in enumerate(row):
                    if (r, c) in spans:
                        rs, cs = spans[(r, c)]
                        cells.append(f'<td rowspan="{rs}" colspan="{cs}">{escape(v)}</td>')
                    elif (r, c) not in covered:
                        cells.append(f"<td>{escape(v).replace(chr(10), '<br>')}</td>")
            parts.append("<tr>" + "".join(cells) + "</tr>")
        parts.append("</table><p>填报人：张三</p>")
    parts.append("</body></html>")
    return "\n".join(parts)


def write_docx(tables: Sequence[Table], path: Path) -> None:
    import docx

    doc = docx.Document()
    for t in tables:
        grid, merges = laid_out(t)
        doc.add_paragraph(grid[0][0])
        body = grid[1:]
        table = doc.add_table(rows=len(body), cols=len(body[0]))
        for r, row in enumerate(body):
            for c, v in enumerate(row):
                if v:
                    table.cell(r, c).text = v
        for r0, c0, r1, c1 in merges:
            if r0 > 0:
                table.cell(r0 - 1, c0).merge(table.cell(r1 - 1, c1))
        doc.add_paragraph("填报人：张三")
    doc.save(str(path))


def write_pdf(tables: Sequence[Table], path: Path, row_height: float | None = None) -> None:
    """A PDF with a text layer: each table under its title, ruled, its cells wrapped (line
    breaks inside cells), long tables split over pages."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, TableStyle
    from reportlab.platypus import Table as PdfTable

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    cell = ParagraphStyle("cell", fontName="STSong-Light", fontSize=7, leading=9, wordWrap="CJK")
    title = ParagraphStyle("title", fontName="STSong-Light", fontSize=12, leading=16)
    story: list = []
    for n, t in enumerate(tables):
        grid, merges = laid_out(t)
        body = grid[1:]
        data = [[Paragraph(v, cell) if v else "" for v in row] for row in body]
        widths = [70, 80, 140, 90, 160, 35, 35, 100][: len(body[0])]
        style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
        pt = PdfTable(data, colWidths=widths, rowHeights=row_height, splitByRow=1)
        pt.setStyle(TableStyle(style))
        if n:
            story.append(PageBreak())
        story += [Paragraph(grid[0][0], title), Spacer(1, 6), pt]
    SimpleDocTemplate(str(path), pagesize=landscape(A4)).build(story)

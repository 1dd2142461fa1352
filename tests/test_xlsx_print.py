"""The scored workbook on paper, as a real office suite prints it: LibreOffice converts
``score --xlsx`` to PDF; every table lands on landscape A4 pages one page wide, each page
under the table's title, project, budget and column header lines, the computed columns
beside the printed 得分."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import attrs
import pytest

from indicator_dsl import read_tables
from indicator_dsl.cli import main
from indicator_dsl.tables.report.xlsx import write_xlsx
from indicator_dsl.tables.score import score_table

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "tables"
# the computed columns, in order, right after the printed 得分 (then the 偏差原因分析 note)
ADDED_ZH = ["复核得分", "差异", "评价结论", "理由", "标记", "审核意见"]
ADDED_EN = ["policy score", "difference", "verdict", "reason", "flags", "audit findings"]
LONG_PROJECT = "长表打印测试项目"  # a table of 75 rows: three pages or more


def _soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        pytest.fail("no office suite: `soffice` is not on PATH. Install it with "
                    "`apt-get install -y libreoffice-calc-nogui`; .ci/run does this in CI.")
    return path


def _head_row(ws) -> int:
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == "一级指标")


@pytest.mark.parametrize("lang, added", [("zh", ADDED_ZH), ("en", ADDED_EN)])
def test_sheets_are_set_up_for_print(tmp_path, lang, added):
    import openpyxl

    out = tmp_path / "scored.xlsx"
    assert main(["score", "--quiet", "--lang", lang, "--xlsx", str(out), str(EXAMPLES)]) == 0
    wb = openpyxl.load_workbook(out)
    assert len(wb.worksheets) >= 10
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        head = _head_row(ws)
        # the title, project, budget and column header lines: repeated on every page, frozen on screen
        assert ws.print_title_rows == f"$1:${head}" and ws.freeze_panes == f"A{head + 1}"
        labels = [c.value for c in ws[head]]
        if "得分" in labels:  # a self-evaluation table: the added columns right after 得分, the note last
            at = labels.index("得分")
            assert labels[at + 1:] == added + ["偏差原因分析及改进措施"], labels
        else:  # a target declaration: no printed score, the added columns after its last
            assert labels[-len(added):] == added, labels
        assert any(m.min_row == m.max_row == 1 and m.min_col == 1 and m.max_col == ws.max_column
                   for m in ws.merged_cells.ranges)  # the title centred over the table
        widths = {k: d.width for k, d in ws.column_dimensions.items()}
        assert all(6 <= w <= 40 for w in widths.values()), widths
        assert all(ws.cell(row=head + 1, column=c).alignment.wrap_text for c in range(1, ws.max_column + 1))


@attrs.frozen
class Page:
    table: str  # the table's id, printed at the foot
    top: str  # the lines above the column header line (title, year, project, budget), white space taken out
    header: list[str]  # the labels of the column header line, left to right
    width: float
    height: float
    outside: str  # characters past the page's edge


def _within(short: str, text: str) -> bool:
    """``short`` in ``text`` in order, other characters between allowed: a merged cell's label
    that runs on from the page before is in the PDF (drawn clipped), interleaved with the line
    it shares."""
    rest = iter(text)
    return all(c in rest for c in "".join(short.split()))


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """The Chinese workbook of the examples and a 75-row table, as LibreOffice prints it:
    each sheet's (id, title, project, column labels), and the pages."""
    import openpyxl
    import pdfplumber

    tmp = tmp_path_factory.mktemp("print")
    tables, problems = read_tables([EXAMPLES])
    assert tables and not problems
    t = next(t for t in tables if t.id == "000-t2")
    rows = tuple(attrs.evolve(r, id=f"long-r{i:02d}") for i, r in enumerate(t.rows * 3, 1))
    long = attrs.evolve(t, id="long", project=LONG_PROJECT, rows=rows)
    out = tmp / "scored.xlsx"
    write_xlsx([score_table(x, lang="zh") for x in [*tables, long]], out, lang="zh")
    proc = subprocess.run([_soffice(), "--headless", f"-env:UserInstallation={(tmp / 'lo').as_uri()}",
                           "--convert-to", "pdf", "--outdir", str(tmp), str(out)],
                          capture_output=True, text=True, timeout=300, cwd=tmp)
    pdf = tmp / "scored.pdf"
    assert proc.returncode == 0 and pdf.exists(), proc.stderr[-2000:]
    sheets = {}
    for ws in openpyxl.load_workbook(out).worksheets:
        project = next(ws.cell(row=r, column=2).value for r in range(1, 5) if ws.cell(row=r, column=1).value == "项目名称")
        sheets[ws.title] = (ws["A1"].value, project, [c.value for c in ws[_head_row(ws)]])
    pages = []
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            def norm(s: str) -> str:
                return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))  # a CJK radical form as its character

            lines = (page.extract_text() or "").splitlines()
            head = next(i for i, line in enumerate(lines) if norm(line).startswith("一级指标"))
            words = [(w["x0"], w["top"], norm(w["text"])) for w in page.extract_words()]
            top = next(y for _, y, s in words if s == "一级指标")
            header = [s for _, s in sorted((x, s) for x, y, s in words if abs(y - top) < 3)]
            outside = "".join(c["text"] for c in page.chars if c["x1"] > page.width + 0.5 or c["x0"] < -0.5)
            pages.append(Page(lines[-1].split()[0], norm("".join(lines[:head])), header, page.width, page.height,
                              outside))
    return sheets, pages


def test_libreoffice_prints_every_page_a4_landscape_with_nothing_cut(printed):
    sheets, pages = printed
    assert len(sheets) <= len(pages) <= 2 * len(sheets) + 2, (len(sheets), len(pages))  # not 70 portrait pages
    for page in pages:
        assert abs(page.width - 841.9) < 2 and abs(page.height - 595.3) < 2, (page.width, page.height)
        assert not page.outside, page.outside[:80]


def test_every_page_holds_every_column_of_its_table_under_its_title(printed):
    """No table is split sideways: each page of a table shows all of its column labels, under
    its title, project and (where it has one) budget lines; the long table runs over three pages."""
    sheets, pages = printed
    assert [p.table for p in pages] == sorted((p.table for p in pages), key=list(sheets).index)  # the sheets in order
    assert {p.table for p in pages} == set(sheets)
    for page in pages:
        title, project, labels = sheets[page.table]
        assert _within(title, page.top) and _within(project, page.top), (page.table, page.top[:80])
        if "得分" in labels:  # a self-evaluation table: its budget block's header line too
            assert _within("年初预算数全年预算数全年执行数", page.top), page.table
        for label in labels:
            assert any(h == label or (label.startswith(h) and len(h) >= 4) for h in page.header), (page.table, label)
    assert sum(p.table == "long" for p in pages) >= 3


def test_the_computed_columns_are_printed_right_after_the_printed_score(printed):
    """On every page of a self-evaluation table, the column header line reads … 分值 得分
    复核得分 差异 评价结论 理由 标记 审核意见 偏差原因分析…, left to right."""
    sheets, pages = printed
    seen = 0
    for page in pages:
        if "得分" not in sheets[page.table][2]:
            continue
        order = page.header
        at = order.index("得分")
        assert order[at - 1] == "分值" and order[at + 1:at + 1 + len(ADDED_ZH)] == ADDED_ZH, (page.table, order)
        assert order[at + 1 + len(ADDED_ZH)].startswith("偏差原因"), (page.table, order)
        seen += 1
    assert seen >= 10

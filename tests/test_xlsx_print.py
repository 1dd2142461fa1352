"""The scored workbook on paper, as a real office suite prints it: LibreOffice converts
``score --xlsx`` to PDF and every table lands on landscape A4 pages one page wide."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from indicator_dsl.cli import main

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "tables"


def _soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        pytest.fail("no office suite: `soffice` is not on PATH. Install it with "
                    "`apt-get install -y libreoffice-calc-nogui`; .ci/run does this in CI.")
    return path


def test_sheets_are_set_up_for_print(tmp_path):
    import openpyxl

    out = tmp_path / "scored.xlsx"
    assert main(["score", "--quiet", "--xlsx", str(out), str(EXAMPLES)]) == 0
    wb = openpyxl.load_workbook(out)
    assert len(wb.worksheets) >= 10
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert ws.print_title_rows and ws.freeze_panes
        head = int(ws.print_title_rows.split(":")[0].lstrip("$"))
        labels = [c.value for c in ws[head] if c.value]
        assert "复核得分 (policy score)" in labels and "判定 (verdict)" in labels and "理由 (reason)" in labels
        assert ws.freeze_panes == f"A{head + 1}"
        widths = {k: d.width for k, d in ws.column_dimensions.items()}
        assert all(6 <= w <= 40 for w in widths.values()), widths


def test_libreoffice_prints_each_table_one_page_wide(tmp_path):
    import pdfplumber

    out = tmp_path / "scored.xlsx"
    assert main(["score", "--quiet", "--xlsx", str(out), str(EXAMPLES)]) == 0
    proc = subprocess.run([_soffice(), "--headless", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
                           "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
                          capture_output=True, text=True, timeout=300, cwd=tmp_path)
    pdf = tmp_path / "scored.pdf"
    assert proc.returncode == 0 and pdf.exists(), proc.stderr[-2000:]
    import openpyxl

    sheets = len(openpyxl.load_workbook(out, read_only=True).worksheets)
    with pdfplumber.open(pdf) as doc:
        pages = doc.pages
        assert sheets <= len(pages) <= 2 * sheets, (sheets, len(pages))  # not 70 portrait pages
        for page in pages:
            assert abs(page.width - 841.9) < 2 and abs(page.height - 595.3) < 2, (page.width, page.height)
            outside = [c["text"] for c in page.chars if c["x1"] > page.width + 0.5 or c["x0"] < -0.5]
            assert not outside, "".join(outside)[:80]
            text = re.sub(r"\s+", "", page.extract_text() or "")
            # every page of a table has its first and its last columns: no table split sideways
            assert "policyscore" in text and "auditfindings" in text, text[:200]

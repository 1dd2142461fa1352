"""Issue 13: every table reader enforces the limits (docs/robustness.md).

A cell beyond ``cell_chars`` is kept cut to the limit and flagged (R111, at its row); a table
beyond ``table_rows`` keeps its first rows (R112); a stray cell far from a sheet's table costs
one cell (XLSX) or is that sheet's problem (XLS, ODS: ``sheet_cells``); a JSON Lines line
beyond ``line_chars`` is that line's problem.  Never a crash, never the whole file lost, never
a stall.  Every document here is written by the test.
"""

from __future__ import annotations

import json
import time

import pytest
from documents import html_page, write_docx, write_ods, write_pdf, write_xls, write_xlsx

from indicator_dsl import Limits
from indicator_dsl.cli import main
from indicator_dsl.tables import Table, TableRow
from indicator_dsl.tables.io import read_json_file, read_tables, write_corpus, write_table_csv, write_tables
from indicator_dsl.tables.io.htmlfile import expand_spans

LONG = "培训" * 40  # 80 characters


def _table(n_rows: int = 3, tid: str = "demo-t1", long_actual: str = LONG) -> Table:
    rows = tuple(TableRow(f"{tid}-r{i:02d}", "产出指标", "数量指标", f"举办活动{i}", "≥10场",
                          long_actual if i == 1 else "10场", "10", "10") for i in range(1, n_rows + 1))
    return Table(tid, "示例项目", 2023, rows=rows)


def _write(kind: str, tables: list[Table], tmp_path):
    if kind == "corpus":
        return write_corpus(tables, tmp_path)[0]
    path = tmp_path / f"demo.{kind}"
    if kind in ("csv", "tsv"):
        write_table_csv(tables[0], path)
    elif kind == "txt":
        write_table_csv(tables[0], tmp_path / "demo.tsv")
        (tmp_path / "demo.tsv").rename(path)
    elif kind == "pdf":
        write_pdf(tables, path)
    elif kind in ("json", "jsonl"):
        write_tables(tables, path)
    elif kind == "xlsx":
        write_xlsx(tables, path, one_sheet=True)
    elif kind == "xls":
        write_xls(tables, path)
    elif kind == "ods":
        write_ods(tables, path)
    elif kind == "html":
        path.write_text(html_page(tables), encoding="utf-8")
    elif kind == "docx":
        write_docx(tables, path)
    return path


KINDS = ["csv", "tsv", "json", "jsonl", "xlsx", "xls", "ods", "html", "docx", "corpus"]


@pytest.mark.parametrize("kind", [*KINDS, "txt", "pdf"])
def test_a_cell_beyond_the_limit_is_kept_cut_and_flagged_at_its_row(kind, tmp_path):
    path = _write(kind, [_table()], tmp_path)
    got, problems = read_tables(path, limits=Limits(cell_chars=50))
    assert len(got) == 1 and len(got[0].rows) == 3  # nothing else lost
    assert got[0].rows[0].actual == LONG[:50]
    cut = [p for p in problems if p.code == "R111"]
    assert len(cut) == 1, problems
    assert cut[0].where is not None and "80" in cut[0].message and "50" in cut[0].message
    assert got[0].rows[0].where is None or cut[0].where == got[0].rows[0].where  # that row's problem
    assert [p for p in problems if p.code != "R111"] == []


@pytest.mark.parametrize("kind", KINDS)
def test_a_table_beyond_table_rows_keeps_its_first_rows_and_the_rest_of_the_file_is_read(kind, tmp_path):
    tables = [_table(5, "demo-t1", "10场"), _table(2, "demo-t2", "10场")]
    if kind in ("csv", "tsv", "xls", "ods", "html", "docx"):
        tables = tables[:1]  # one table per file for these writers
    path = _write(kind, tables, tmp_path)
    got, problems = read_tables(path, limits=Limits(table_rows=3))
    assert [len(t.rows) for t in got] == [min(3, len(t.rows)) for t in tables]
    assert [p.code for p in problems] == ["R112"]
    assert "5 rows" in problems[0].message and problems[0].where is not None


@pytest.mark.parametrize("kind", ["csv", "tsv", "corpus"])
def test_a_cell_longer_than_the_csv_modules_own_limit_reads(kind, tmp_path):
    """csv refuses fields over 131,072 characters: once the whole file was lost ('cannot be read')."""
    huge = "9场" * 100_000
    path = _write(kind, [_table(long_actual=huge)], tmp_path)
    got, problems = read_tables(path, limits=Limits(cell_chars=300_000))
    assert problems == [] and got[0].rows[0].actual == huge
    got, problems = read_tables(path, limits=Limits(cell_chars=1000))
    assert got[0].rows[0].actual == huge[:1000] and [p.code for p in problems] == ["R111"]
    assert problems[0].line is not None or ":" in (problems[0].where or "")  # at the row, not the file


def test_the_csv_field_limit_is_put_back(tmp_path):
    import csv

    before = csv.field_size_limit()
    read_tables(_write("csv", [_table(long_actual="x" * 200_000)], tmp_path))
    assert csv.field_size_limit() == before


def test_a_jsonl_line_beyond_line_chars_is_that_lines_problem(tmp_path):
    path = _write("jsonl", [_table(tid="a"), _table(tid="b", long_actual="x" * 5000)], tmp_path)
    problems = []
    got = read_json_file(path, problems, Limits(line_chars=3000))
    assert [t.id for t in got] == ["a"] and [(p.code, p.line) for p in problems] == [("R110", 2)]


def test_a_stray_cell_far_from_the_table_costs_one_cell_in_xlsx(tmp_path):
    """A 5 kB workbook with a cell at XFD1048576: 17 billion positions were laid out (a stall)."""
    import openpyxl

    path = _write("xlsx", [_table()], tmp_path)
    wb = openpyxl.load_workbook(path)
    wb["自评表"]["XFD1048576"] = "x"
    wb.save(path)
    t = time.perf_counter()
    got, problems = read_tables(path)
    assert time.perf_counter() - t < 60  # about 5 s: a million empty rows; the positions were never laid out
    assert [len(x.rows) for x in got] == [3] and problems == []


def test_an_xls_or_ods_sheet_beyond_sheet_cells_is_that_sheets_problem(tmp_path):
    path = _write("ods", [_table()], tmp_path)
    got, problems = read_tables(path, limits=Limits(sheet_cells=20))
    assert got == []
    assert "R110" in [p.code for p in problems]
    big = next(p for p in problems if p.code == "R110")
    assert "自评表" in big.message and "--max-sheet-cells" in big.message and big.where.endswith(":自评表")
    got, problems = read_tables(path)  # the default limit reads it
    assert len(got) == 1 and problems == []


def test_html_spans_are_expanded_in_linear_time_and_bounded_width():
    """rowspan/colspan were expanded through a set of every covered position, searched whole for each row."""
    rows = [[("x", 65534, 1000)] * 10 for _ in range(300)]
    t = time.perf_counter()
    grid = expand_spans(rows)
    assert time.perf_counter() - t < 10
    assert len(grid) == 300 and max(len(r) for r in grid) <= 1024 + 10
    assert all(r.count("x") == 10 for r in grid)  # every cell's text is kept


def test_html_tables_of_many_rows_read_in_linear_time():
    def timed(n):
        rows = [[("产出指标", 1, 1), ("数量指标", 1, 1), (f"培训{i}", 1, 1), ("≥10场", 2, 1)] for i in range(n)]
        t = time.perf_counter()
        expand_spans(rows)
        return time.perf_counter() - t

    small, large = min(timed(2000) for _ in range(3)), min(timed(16000) for _ in range(2))
    assert large < 8 * small * 3, (small, large)  # 8 times the rows: about 8 times the time, never 64


def test_the_table_limits_are_options_of_score_audit_and_convert_table(tmp_path, capsys):
    path = _write("csv", [_table()], tmp_path)
    assert main(["score", "--max-cell-chars", "50", "--max-table-rows", "2", str(path)]) == 2
    err = capsys.readouterr().err
    assert "R111" in err and "R112" in err
    for cmd in ("audit", "convert-table"):
        extra = [str(tmp_path / "out.json")] if cmd == "convert-table" else []
        assert main([cmd, "--max-cell-chars", "50", str(path), *extra]) == 2
        assert "R111" in capsys.readouterr().err
    data = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert data["rows"][0]["actual"] == LONG[:50]


def test_score_passes_its_number_limit_to_the_rows(tmp_path, capsys):
    path = _write("csv", [_table(long_actual="123456场")], tmp_path)
    assert main(["score", "--format", "json", "--max-number-digits", "5", str(path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["rows"][0]["actual"] is None and data["rows"][1]["outcome"]["score"] == "10"
    assert [p["code"] for p in data["problems"]] == ["unreadable"]


@pytest.mark.parametrize("kind", KINDS)
def test_each_reader_called_alone_checks_the_file_size(kind, tmp_path):
    """Not only read_table_file: a reader called directly refuses a file beyond file_bytes (R110)."""
    from indicator_dsl.tables import io as tio

    path = _write(kind, [_table()], tmp_path)
    readers = {"csv": tio.read_delimited_file, "tsv": tio.read_delimited_file, "json": tio.read_json_file,
               "jsonl": tio.read_json_file, "xlsx": tio.read_xlsx_file, "xls": tio.read_calamine_file,
               "ods": tio.read_calamine_file, "html": tio.read_html_file, "docx": tio.read_docx_file,
               "corpus": tio.read_corpus_file}
    problems: list = []
    assert readers[kind](path, problems, limits=Limits(file_bytes=100)) == []
    assert [p.code for p in problems] == ["R110"]


def test_the_readers_prelude_says_each_failure_as_the_files_problem(tmp_path):
    """read_document, the prelude of the document readers: a missing library, an exception while
    opening (its type and text) and, without a message of the format's, the system's error, each
    the file's problem R100, never raised; a file beyond the limits is R110 before anything is imported."""
    from indicator_dsl.messages import N_, msg
    from indicator_dsl.tables.io.common import read_document

    path = tmp_path / "a.docx"
    path.write_bytes(b"x" * 10)
    needs = msg(N_("reading .docx needs python-docx (pip install python-docx)"))
    problems: list = []

    def broken(module):
        raise ValueError("damaged")

    assert read_document(path, Limits(), problems, broken, library="no_such_library_here", needs=needs) is None
    assert read_document(path, Limits(), problems, broken, library="json",
                         cannot=N_("cannot be read as a Word document: {error}")) is None
    assert read_document(tmp_path / "gone.html", Limits(), problems, lambda _: (tmp_path / "gone.html").read_bytes()) is None
    assert read_document(path, Limits(file_bytes=5), problems, broken, library="no_such_library_here", needs=needs) is None
    assert [(p.code, str(p.message)) for p in problems][:2] == [
        ("R100", "reading .docx needs python-docx (pip install python-docx)"),
        ("R100", "cannot be read as a Word document: ValueError: damaged")]
    assert problems[2].code == "R100" and "No such file" in str(problems[2].message)
    assert problems[3].code == "R110" and len(problems) == 4
    assert read_document(path, Limits(), problems, lambda module: module.__name__, library="json") == "json"
    with pytest.raises(ValueError):  # without a message of the format's, only the system's errors are the file's
        read_document(path, Limits(), problems, broken)

"""Reading and writing tables: corpus TSV, the published layout in CSV/TSV/XLSX, JSON."""

from __future__ import annotations

import json
import tempfile
from decimal import Decimal
from pathlib import Path

import attrs
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from table_strategies import tables

from indicator_dsl.cli import main
from indicator_dsl.tables.audit import audit
from indicator_dsl.tables.io import (
    read_tables,
    table_from_json,
    table_grid,
    table_to_json,
    without_provenance,
    write_corpus,
    write_table_csv,
    write_table_xlsx,
    write_tables,
    write_tables_json,
)
from indicator_dsl.tables.model import BudgetBlock, Table, TableRow
from indicator_dsl.tables.report.xlsx import write_xlsx
from indicator_dsl.tables.score import score_table

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CORPUS = FIXTURES / "tables"
LAYOUT = FIXTURES / "layout"


def corpus() -> dict[str, Table]:
    tables, problems = read_tables([CORPUS])
    assert problems == []
    return {t.id: t for t in tables}


def plain(t: Table, **changes) -> Table:
    return without_provenance(attrs.evolve(t, **changes))


def read_one(path: Path) -> Table:
    tables, problems = read_tables([path])
    assert problems == [], [str(p) for p in problems]
    assert len(tables) == 1
    return tables[0]


# ---------------------------------------------------------------------------
# the corpus format

def test_corpus_reader_reads_every_table():
    tables = corpus()
    assert len(tables) == 17
    t = tables["000-t2"]
    assert (t.project, t.year, t.kind, len(t.rows)) == ("国内外科技合作交流", 2021, "self_evaluation", 29)
    assert t.budget == BudgetBlock("元", "4170000.00", "4170000.00", "3,837,417.9", "10", "92.03%", "9.2")
    assert (t.weight_total, t.score_total, t.grade) == ("100", "99.2", None)
    assert t.rows[0].where.endswith("seed000_002_indicators.tsv:17")
    assert tables["003-t1"].kind == "declaration" and tables["003-t1"].budget is None


def test_corpus_targets_file_takes_no_companions(tmp_path):
    """A *_targets.tsv never reads *_budgets.tsv / *_totals.tsv of the same stem."""
    write_corpus(corpus().values(), tmp_path, "all")
    tables, problems = read_tables([tmp_path])
    assert problems == []
    assert sorted(t.id for t in tables) == sorted(corpus())
    back = {t.id: t for t in tables}
    for tid, t in corpus().items():
        assert plain(back[tid]) == plain(t), tid


# ---------------------------------------------------------------------------
# the published layout: CSV

CSV_TABLE = """财政项目支出绩效自评表,,,,,,,
（2022年度）,,,,,,,
项目名称,企业创新服务,,,,,,
主管部门,某市科学技术委员会,,,实施单位,某科技服务中心,,
项目资金（万元）,,年初预算数,全年预算数,全年执行数,分值,执行率,得分
,年度资金总额,50.00,48.00,"46.5",10,96.88%,9.69
,其中：当年财政拨款,50,48,46.5,—,,
,上年结转资金,0,0,,—,,
年度总体目标,预算目标,,,实际完成情况,,,
一级指标,二级指标,三级指标,指标值,全年实际完成值,分值,得分,偏差原因分析
产出指标,数量指标,举办培训,≥600.00(场),295.00(场),40,19.67,疫情影响
,,服务企业,不少于150家,"完成200家,超额",20,20,
,质量指标,合格率,≥90%,95%,10,10,
效益指标,,社会影响,提升,有效提升,10,10,
满意度指标,服务对象满意度指标,满意度,≥90%,92%,10,10,
总分,,,,,100,79.36,
评分等级,中,,,,,,
"""


def test_csv_with_chinese_headers(tmp_path):
    p = tmp_path / "demo-t1.csv"
    p.write_text(CSV_TABLE, encoding="utf-8")
    t = read_one(p)
    assert (t.id, t.project, t.year, t.department, t.unit, t.kind) == (
        "demo-t1", "企业创新服务", 2022, "某市科学技术委员会", "某科技服务中心", "self_evaluation")
    assert t.budget == BudgetBlock("万元", "50.00", "48.00", "46.5", "10", "96.88%", "9.69")
    assert (t.weight_total, t.score_total, t.grade) == ("100", "79.36", "中")
    assert [r.id for r in t.rows] == [f"demo-t1-r0{i}" for i in range(1, 6)]
    r1, r2, r3, r4, r5 = t.rows
    assert (r1.level1, r1.level2, r1.level3, r1.target, r1.actual, r1.weight, r1.score, r1.note) == (
        "产出指标", "数量指标", "举办培训", "≥600.00(场)", "295.00(场)", "40", "19.67", "疫情影响")
    # empty 一级/二级 cells: "same as above", as in merged cells
    assert (r2.level1, r2.level2, r2.actual) == ("产出指标", "数量指标", "完成200家,超额")
    assert (r3.level1, r3.level2) == ("产出指标", "质量指标")
    # a new 一级 group does not inherit the 二级 of the one above
    assert (r4.level1, r4.level2) == ("效益指标", "")
    assert (r5.level1, r5.level2) == ("满意度指标", "服务对象满意度指标")
    assert r1.where == f"{p}:11" and r5.where == f"{p}:15"
    r = score_table(t)
    assert (r.rows[0].score, r.budget_score, r.total, r.grade) == (Decimal("19.67"), Decimal("9.69"), Decimal("79.36"), "中")


@pytest.mark.parametrize("header, unit", [
    ("项目资金 (元)", "元"), ("项目资金（万元）", "万元"), ("项目资金", None), ("项目资金 单位：万元", "万元"),
])
def test_money_unit_from_the_block_header(tmp_path, header, unit):
    p = tmp_path / "t.csv"
    p.write_text(CSV_TABLE.replace("项目资金（万元）", header), encoding="utf-8")
    assert read_one(p).budget.money_unit == unit


def test_gbk_csv(tmp_path):
    p = tmp_path / "gbk.csv"
    p.write_bytes(CSV_TABLE.encode("gbk"))
    assert read_one(p).project == "企业创新服务"


def test_total_row_shifted_as_in_pdf_text(tmp_path):
    """Text taken out of a PDF shifts the 总分 figures one column: the first two numbers are read."""
    p = tmp_path / "t.csv"
    p.write_text(CSV_TABLE.replace("总分,,,,,100,79.36,", "总分,,,,,,100,79.36"), encoding="utf-8")
    t = read_one(p)
    assert (t.weight_total, t.score_total) == ("100", "79.36")


def test_declaration_layout(tmp_path):
    p = tmp_path / "decl.csv"
    p.write_text("项目名称,示例\n一级指标,二级指标,三级指标,年度目标值\n产出指标,数量指标,会议,=2.00(次)\n,,报告,≥1篇\n",
                 encoding="utf-8")
    t = read_one(p)
    assert t.kind == "declaration" and [r.target for r in t.rows] == ["=2.00(次)", "≥1篇"]
    assert t.rows[1].level2 == "数量指标" and t.rows[1].actual == ""


# ---------------------------------------------------------------------------
# TSV: the published text of seed 002, tab-separated

def test_seed_002_layout_reads_as_the_corpus():
    t = read_one(LAYOUT / "002-t1.tsv")
    assert (t.department, t.unit) == ("上海市科学技术委员会", "上海新能源科技成果转化与产业促进中心")
    assert plain(t, department=None, unit=None) == plain(corpus()["002-t1"])
    assert t.rows[0].where == f"{LAYOUT / '002-t1.tsv'}:19"


def test_tsv_keeps_quotes(tmp_path):
    """TSV has no quoting: a cell starting with a quote keeps it (the seeds have "一带一路")."""
    p = tmp_path / "q.tsv"
    p.write_text('一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n'
                 '产出指标\t数量指标\t"一带一路"沿线签约数\t=3项\t3项\t5\t5\n', encoding="utf-8")
    assert read_one(p).rows[0].level3 == '"一带一路"沿线签约数'


def test_second_table_in_one_file_is_read(tmp_path):
    """A file holds any number of tables one after another: ids ``stem-t1``, ``stem-t2``."""
    p = tmp_path / "two.tsv"
    text = (LAYOUT / "002-t1.tsv").read_text(encoding="utf-8")
    p.write_text(text + "\n" + text, encoding="utf-8")
    tables, problems = read_tables([p])
    assert problems == []
    assert [(t.id, len(t.rows)) for t in tables] == [("two-t1", 7), ("two-t2", 7)]
    assert plain(tables[0], id="x", rows=()) == plain(tables[1], id="x", rows=())
    assert tables[1].rows[0].where == f"{p}:45"  # the fixture (no newline at its end) again from line 27


# ---------------------------------------------------------------------------
# XLSX: a sheet as someone would make it in Excel (numbers, formats, merged cells)

def make_workbook(path: Path, title: str = "Sheet1") -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    ws.append(["财政项目支出绩效自评表"])
    ws.append(["(2021 年度)"])
    ws.append(["项目名称", "技术转移合作"])
    ws.merge_cells("B3:H3")
    ws.append(["主管部门", "上海市科学技术委员会", None, None, "实施单位", "上海科学技术交流中心"])
    ws.append(["项目资金 (元)", None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"])
    ws.append([None, "年度资金总额", 500000, 500000, 480800, 10, 0.9616, 9.62])
    ws["C6"].number_format = ws["D6"].number_format = "0.00"
    ws["E6"].number_format = "#,##0"
    ws["G6"].number_format = "0.00%"
    ws.append(["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"])
    ws.append(["产出指标", "数量指标", "举办上海科技交流沙龙", "=6次", "12场", 5, 5, None])
    ws["D8"].data_type = "s"  # typed as text, not a formula
    ws.append([None, None, "科技成果转化案例", "=10项", "10项", 2.5, 2.5, None])
    ws["D9"].data_type = "s"
    ws.append([None, "质量指标", "信息发布", ">250条", "300余条", 4, 4, None])
    ws.append(["效益指标", "社会效益指标", "科技服务人才水平", "提升", "进一步提升", 10, 10, None])
    ws.merge_cells("A8:A10")
    ws.merge_cells("B8:B9")
    ws.append(["总分", None, None, None, None, 100, 31.12])
    ws.merge_cells("A12:E12")
    wb.save(path)


def test_xlsx_with_numbers_formats_and_merged_cells(tmp_path):
    p = tmp_path / "技术转移合作.xlsx"
    make_workbook(p)
    t = read_one(p)
    assert t.id == "技术转移合作"  # a default sheet title: the file's name
    assert (t.project, t.year, t.department, t.unit) == ("技术转移合作", 2021, "上海市科学技术委员会", "上海科学技术交流中心")
    assert t.budget == BudgetBlock("元", "500000.00", "500000.00", "480,800", "10", "96.16%", "9.62")
    assert [(r.level1, r.level2, r.level3, r.target, r.weight) for r in t.rows] == [
        ("产出指标", "数量指标", "举办上海科技交流沙龙", "=6次", "5"),
        ("产出指标", "数量指标", "科技成果转化案例", "=10项", "2.5"),
        ("产出指标", "质量指标", "信息发布", ">250条", "4"),
        ("效益指标", "社会效益指标", "科技服务人才水平", "提升", "10"),
    ]
    assert (t.weight_total, t.score_total) == ("100", "31.12")
    assert t.rows[0].where == f"{p}:Sheet1!A8"
    assert t.source == f"{p}:Sheet1"


def test_xlsx_sheet_title_is_the_table_id(tmp_path):
    p = tmp_path / "book.xlsx"
    make_workbook(p, "000-t1")
    assert read_one(p).id == "000-t1"


# ---------------------------------------------------------------------------
# JSON

def test_json_object_list_and_lines(tmp_path):
    tables = list(corpus().values())
    for name in ("one.json", "all.json", "all.jsonl"):
        p = tmp_path / name
        write_tables_json(tables[:1] if name == "one.json" else tables, p)
        back, problems = read_tables([p])
        assert problems == []
        assert [plain(t) for t in back] == [plain(t) for t in (tables[:1] if name == "one.json" else tables)]
    assert json.loads((tmp_path / "one.json").read_text(encoding="utf-8"))["id"] == "000-t1"


def test_json_numbers_are_kept_as_written(tmp_path):
    p = tmp_path / "n.json"
    p.write_text('{"id": "n-t1", "year": "2021", "budget": {"full": 500000.00, "executed": 480800, "weight": 10, '
                 '"rate": "96.16%", "score": 9.62}, "rows": [{"level3": "会议", "target": "=2次", "weight": 5, "score": 5.0}]}',
                 encoding="utf-8")
    t = read_one(p)
    assert (t.year, t.budget.full, t.budget.executed, t.rows[0].weight, t.rows[0].score) == (2021, "500000.00", "480800", "5", "5.0")
    assert t.rows[0].id == "n-t1-r01" and t.rows[0].where == f"{p}#/rows/0"


def test_table_json_round_trip():
    for t in corpus().values():
        data = json.loads(json.dumps(table_to_json(t), ensure_ascii=False))
        assert table_from_json(data) == plain(t)


def test_table_from_json_names_the_problem():
    with pytest.raises(ValueError, match="id is missing"):
        table_from_json({"rows": []})
    with pytest.raises(ValueError, match="unknown field"):
        table_from_json({"id": "x", "rowz": []})
    with pytest.raises(ValueError, match="year must be"):
        table_from_json({"id": "x", "year": "21"})


# ---------------------------------------------------------------------------
# bad files and rows are reported, never fatal

def test_bad_files_and_rows_are_reported_and_the_rest_is_read(tmp_path):
    good = tmp_path / "good.csv"
    good.write_text(CSV_TABLE, encoding="utf-8")
    bad_row = tmp_path / "badrow.csv"
    bad_row.write_text(CSV_TABLE.replace(",,服务企业,不少于150家,", ",,,,"), encoding="utf-8")
    (tmp_path / "noheader.csv").write_text("项目名称,示例\n一,二,三\n", encoding="utf-8")
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    (tmp_path / "bad.json").write_text('{"id": "j-t1", "rows": [', encoding="utf-8")
    (tmp_path / "rows.jsonl").write_text(
        '{"id": "j-t2", "rows": [{"level3": "会议", "target": "=2次"}, {"level3": 5, "target": ["x"]}, "no"]}\nnot json\n',
        encoding="utf-8")
    (tmp_path / "notes.md").write_text("not a table", encoding="utf-8")  # not read in a directory
    tables, problems = read_tables([tmp_path, tmp_path / "missing.xlsx", tmp_path / "notes.md"])
    where = {str(p).split(": ", 1)[0]: p.message for p in problems}
    assert sorted(t.id for t in tables) == ["badrow", "good", "j-t2"]
    assert len({t.id: t for t in tables}["badrow"].rows) == 4
    assert len({t.id: t for t in tables}["j-t2"].rows) == 1
    assert "neither 三级指标 nor 年度指标值" in where[f"{bad_row}:12"]
    assert "no indicator header row" in where[str(tmp_path / "noheader.csv")]
    assert "cannot be read as a workbook" in where[str(tmp_path / "broken.xlsx")]
    assert "not JSON" in where[f"{tmp_path / 'bad.json'}:1"]
    assert "must be a string" in where[f"{tmp_path / 'rows.jsonl'}:1#/rows/1"]
    assert "must be a JSON object" in where[f"{tmp_path / 'rows.jsonl'}:1#/rows/2"]
    assert "not JSON" in where[f"{tmp_path / 'rows.jsonl'}:2"]
    assert "no such file" in where[str(tmp_path / "missing.xlsx")]
    assert "unknown table format" in where[str(tmp_path / "notes.md")]
    assert len(problems) == 9, [str(x) for x in problems]


def test_corpus_companion_given_alone_is_reported():
    tables, problems = read_tables([CORPUS / "seed001_budgets.tsv"])
    assert tables == [] and "companion" in problems[0].message


# ---------------------------------------------------------------------------
# writers and round trips

def test_round_trip_xlsx_every_corpus_table(tmp_path):
    """read → write → read gives equal tables (one workbook, a sheet per table)."""
    tables = list(corpus().values())
    write_table_xlsx(tables, tmp_path / "once.xlsx")
    assert openpyxl.load_workbook(tmp_path / "once.xlsx", read_only=True).sheetnames == list(corpus())
    once, problems = read_tables([tmp_path / "once.xlsx"])
    assert problems == [] and [plain(t) for t in once] == [plain(t) for t in tables]
    write_table_xlsx(once, tmp_path / "twice.xlsx")
    twice, problems = read_tables([tmp_path / "twice.xlsx"])
    assert problems == [] and [plain(t) for t in twice] == [plain(t) for t in once]


@pytest.mark.parametrize("suffix", [".csv", ".tsv", ".json"])
def test_round_trip_every_corpus_table(tmp_path, suffix):
    for t in corpus().values():
        p = tmp_path / f"{t.id}{suffix}"
        write_tables_json([t], p) if suffix == ".json" else write_table_csv(t, p)
        once = read_one(p)
        assert plain(once) == plain(t), t.id
        q = tmp_path / "again" / f"{t.id}{suffix}"
        q.parent.mkdir(exist_ok=True)
        write_tables_json([once], q) if suffix == ".json" else write_table_csv(once, q)
        assert plain(read_one(q)) == plain(once)


def test_xlsx_merges_runs_of_labels(tmp_path):
    p = tmp_path / "t.xlsx"
    write_table_xlsx(corpus()["002-t1"], p)
    ws = openpyxl.load_workbook(p).active
    assert {str(r) for r in ws.merged_cells.ranges} == {"A7:A10", "B8:B9", "A11:A12"}
    assert ws["D7"].value == "$\\geq 80\\%$"


def test_tsv_writer_refuses_a_tab(tmp_path):
    t = Table("x-t1", rows=(TableRow("x-t1-r01", "产出指标", "数量指标", "a\tb", "=1"),))
    with pytest.raises(ValueError, match="tab"):
        write_table_csv(t, tmp_path / "x.tsv")
    write_table_csv(t, tmp_path / "x.csv")  # CSV quotes it
    assert read_one(tmp_path / "x.csv").rows[0].level3 == "a\tb"


def test_table_grid_layout():
    grid = table_grid(corpus()["000-t2"])
    assert grid[0] == ["财政项目支出绩效自评表"] and grid[1] == ["(2021 年度)"]
    assert grid[3] == ["项目资金 (元)", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
    assert grid[4][1:] == ["年度资金总额", "4170000.00", "4170000.00", "3,837,417.9", "10", "92.03%", "9.2"]
    assert grid[-1] == ["总分", "", "", "", "", "100", "99.2", ""]


def test_write_xlsx_adds_the_computed_columns(tmp_path):
    results = [score_table(t) for t in corpus().values()]
    p = tmp_path / "scored.xlsx"
    write_xlsx(results, p)
    wb = openpyxl.load_workbook(p)
    ws = wb["000-t2"]
    head = [c.value for c in ws[6]]
    # the added columns beside the printed 得分 (G), the 偏差原因分析 column after them
    assert head[5:] == ["分值", "得分", "policy score", "difference", "verdict", "reason", "flags", "audit findings",
                        "偏差原因分析及改进措施"]
    assert [c.value for c in ws[4]][6:11] == ["执行率", "得分", "computed rate", "policy score", "difference"]
    assert ws["J5"].value == 9.2 and ws["K5"].value == 0
    assert round(ws["I5"].value, 6) == 0.920244 and ws["I5"].number_format == "0.00%"
    assert ws["M5"].value.startswith("error: execution_rate [92.03% → 92.02%]")
    assert (ws["H7"].value, ws["I7"].value, ws["J7"].value, ws["L7"].value) == (2.5, 0, "met", "over_target")
    assert "note_missing" in ws["M7"].value
    total_row = next(r for r in ws.iter_rows() if r[0].value == "总分")
    assert (total_row[6].value, total_row[7].value, total_row[8].value) == ("99.2", 99.2, 0)
    grade_row = next(r for r in ws.iter_rows() if r[0].value == "评分等级")
    assert (grade_row[1].value, grade_row[7].value) == (None, "优")
    # row findings: the one row-score slip of 000-t1, with its policy score and the difference
    ws1 = wb["000-t1"]
    r11 = next(r for r in ws1.iter_rows() if r[2].value == "科技类社会组织协同创新发展服务工作及时完成率")
    assert (r11[6].value, r11[7].value, r11[8].value, r11[9].value) == ("4", 2.8, -1.2, "partial")
    assert r11[12].value.splitlines()[0].startswith("error: row_score [4 → 2.8]")
    # the copy reads back as the tables it was made from
    back, problems = read_tables([p])
    assert problems == []
    assert [plain(t) for t in back] == [plain(t) for t in corpus().values()]


def test_write_xlsx_in_chinese_uses_the_ministrys_terms(tmp_path):
    results = [score_table(t, lang="zh") for t in corpus().values()]
    p = tmp_path / "scored.xlsx"
    write_xlsx(results, p, lang="zh")
    wb = openpyxl.load_workbook(p)
    ws = wb["000-t2"]
    assert [c.value for c in ws[6]][5:] == ["分值", "得分", "复核得分", "差异", "评价结论", "理由", "标记", "审核意见",
                                            "偏差原因分析及改进措施"]
    assert [c.value for c in ws[4]][8:11] == ["复核执行率", "复核得分", "差异"]
    assert (ws["J7"].value, ws["L7"].value) == ("达成", "超额完成")
    assert ws["K7"].value.startswith("实际16 次，达到目标")
    # a finding: its kind and message in Chinese first, the code only after them
    assert ws["M7"].value.startswith("警告：超额完成目标20%以上") and ws["M7"].value.endswith("— note_missing")
    assert ws["M5"].value.startswith("差异：填报的预算执行率92.03%")
    r11 = next(r for r in wb["000-t1"].iter_rows() if r[2].value == "科技类社会组织协同创新发展服务工作及时完成率")
    assert r11[9].value == "部分达成" and r11[12].value.startswith("差异：填报得分4")
    back, problems = read_tables([p])
    assert problems == [] and [plain(t) for t in back] == [plain(t) for t in corpus().values()]


def test_write_xlsx_takes_given_findings(tmp_path):
    r = score_table(corpus()["000-t4"])
    p = tmp_path / "one.xlsx"
    write_xlsx(r, p, findings={"000-t4": []})
    assert audit(r) == []
    assert openpyxl.load_workbook(p).sheetnames == ["000-t4"]


def test_write_tables_dispatch(tmp_path):
    tables = list(corpus().values())
    with pytest.raises(ValueError, match="holds one table"):
        write_tables(tables, tmp_path / "all.csv")
    written = write_tables(tables, tmp_path / "out", "tsv")
    assert [p.name for p in written][:2] == ["000-t1.tsv", "000-t2.tsv"]
    back, problems = read_tables([tmp_path / "out"])
    assert problems == [] and sorted(t.id for t in back) == sorted(corpus())


# ---------------------------------------------------------------------------
# the command line

def test_cli_score_writes_xlsx(tmp_path, capsys):
    out = tmp_path / "scored.xlsx"
    assert main(["score", str(CORPUS), "--xlsx", str(out), "--format", "json", "--quiet"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 17
    assert openpyxl.load_workbook(out).sheetnames[:2] == ["000-t1", "000-t2"]


def test_cli_score_reads_xlsx_and_csv(tmp_path, capsys):
    make_workbook(tmp_path / "book.xlsx", "demo-t1")
    (tmp_path / "demo-t2.csv").write_text(CSV_TABLE, encoding="utf-8")
    assert main(["score", str(tmp_path), "--format", "json", "--quiet"]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [(d["table"], d["total"]) for d in lines] == [("demo-t1", "31.12"), ("demo-t2", "79.36")]


def test_cli_convert_table(tmp_path, capsys):
    assert main(["convert-table", str(CORPUS), str(tmp_path / "all.xlsx")]) == 0
    assert main(["convert-table", str(tmp_path / "all.xlsx"), str(tmp_path / "all.jsonl")]) == 0
    assert main(["convert-table", str(tmp_path / "all.jsonl"), str(tmp_path / "corpus"), "--to", "corpus"]) == 0
    back, problems = read_tables([tmp_path / "corpus"])
    assert problems == [] and sorted(plain(t).id for t in back) == sorted(corpus())
    assert main(["convert-table", str(CORPUS), str(tmp_path / "one.csv")]) == 2
    assert "holds one table" in capsys.readouterr().err


# ---------------------------------------------------------------------------
# generated tables survive every format

@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_generated_tables_round_trip(t):
    with tempfile.TemporaryDirectory() as d:
        for suffix in (".xlsx", ".csv", ".tsv", ".json"):
            p = Path(d) / f"{t.id}{suffix}"
            if suffix == ".xlsx":
                write_table_xlsx(t, p)
            elif suffix == ".json":
                write_tables_json([t], p)
            else:
                write_table_csv(t, p)
            back, problems = read_tables([p])
            assert problems == [], (suffix, [str(x) for x in problems])
            assert [plain(x) for x in back] == [plain(t)], suffix
        p = Path(d) / "scored.xlsx"
        write_xlsx(score_table(t), p)
        back, problems = read_tables([p])
        assert problems == [] and [plain(x) for x in back] == [plain(t)]

"""Target declarations (绩效目标申报表, 绩效目标表): their budget block as publishers lay it out is
read into the table's BudgetBlock (the year's 年度资金(申请)总额 as ``initial``, 项目资金总额,
其中：财政拨款, 其他资金), and shows in ``score``, its JSON and ``convert``."""

from __future__ import annotations

import json

import pytest

from indicator_dsl.cli import main
from indicator_dsl.reading import read_tables
from indicator_dsl.tables.io import table_to_json
from indicator_dsl.tables.model import BudgetBlock

INDICATORS = """一级指标\t二级指标\t三级指标\t年度指标值
产出指标\t数量指标\t举办培训\t≥10次
效益指标\t社会效益指标\t服务企业\t≥50家
"""

# (name, the lines above the indicator header, the block read)
VARIANTS = [
    ("seed 003: the project's breakdown left of the year's",
     "项目资金(元)\t项目资金总额:\t\t年度资金申请总额:\t1,515,000.00\n"
     "\t其中: 财政资金\t\t其中: 当年财政拨款\t1,515,000.00\n"
     "\t\t\t上年结转资金\t0.00\n"
     "\t其他资金\t\t其他资金\t0.00\n",
     BudgetBlock("元", "1,515,000.00", fiscal="1,515,000.00", other="0.00")),
    ("both sides filled: the year's breakdown is read",
     "项目资金（万元）\t项目资金总额：\t900\t年度资金总额：\t300\n"
     "\t其中：财政拨款\t800\t其中：财政拨款\t250\n"
     "\t其他资金\t100\t其他资金\t50\n",
     BudgetBlock("万元", "300", project_total="900", fiscal="250", other="50")),
    ("the Ministry's template: 年度资金总额 with a colon, one column",
     "项目资金（万元）\t年度资金总额:\t120\n\t其中：财政拨款\t100\n\t其他资金\t20\n",
     BudgetBlock("万元", "120", fiscal="100", other="20")),
    ("资金总额 and the unit on a line of its own",
     "单位：万元\n资金总额\t56.5\t财政拨款\t56.5\t其他资金\t0\n",
     BudgetBlock("万元", "56.5", fiscal="56.5", other="0")),
    ("the figure after the colon in the same cell",
     "项目资金(万元)\t年度资金总额:120\t其中:财政拨款:100\t其他资金:20\n",
     BudgetBlock("万元", "120", fiscal="100", other="20")),
    ("a row of labels over a row of figures",
     "项目资金(万元)\t年度资金总额\t其中：财政拨款\t其他资金\n\t150\t100\t50\n",
     BudgetBlock("万元", "150", fiscal="100", other="50")),
    ("中期资金总额 beside 年度资金总额",
     "项目资金 (万元)\t中期资金总额\t600\t年度资金总额\t200\n",
     BudgetBlock("万元", "200", project_total="600")),
]


def _document(block: str, title: str = "2025年度项目支出绩效目标申报表") -> str:
    return f"{title}\n项目名称\t示例项目\n{block}{INDICATORS}"


@pytest.mark.parametrize("name,block,want", VARIANTS, ids=[v[0] for v in VARIANTS])
def test_a_declarations_budget_block_is_read(tmp_path, name, block, want):
    path = tmp_path / "申报表.tsv"
    path.write_text(_document(block), encoding="utf-8")
    (t,), problems = read_tables(path)
    assert problems == [] and t.kind == "declaration" and len(t.rows) == 2
    assert t.budget == want
    assert (t.project, t.year) == ("示例项目", 2025)


def test_a_block_without_figures_is_no_budget(tmp_path):
    path = tmp_path / "申报表.tsv"
    path.write_text(_document("项目资金(元)\t项目资金总额:\t\t年度资金总额:\n\t其他资金\n"), encoding="utf-8")
    (t,), _ = read_tables(path)
    assert t.budget is None


def test_a_self_evaluations_其中_rows_stay_out_of_the_model(tmp_path):
    """A 自评表's 其中 rows print a figure per column: they are not a declaration's breakdown."""
    path = tmp_path / "自评表.tsv"
    path.write_text("财政项目支出绩效自评表\n项目名称\t示例\n"
                    "项目资金 (元)\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n"
                    "\t年度资金总额\t100\t100\t90\t10\t90%\t9\n\t其中：当年财政拨款\t100\t100\t90\t—\n"
                    "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n"
                    "产出指标\t数量指标\t培训\t≥10次\t12次\t90\t90\n", encoding="utf-8")
    (t,), _ = read_tables(path)
    assert t.budget == BudgetBlock("元", "100", "100", "90", "10", "90%", "9")
    assert (t.budget.fiscal, t.budget.other, t.budget.project_total) == (None, None, None)


def test_the_block_shows_in_score_its_json_and_convert(tmp_path, capsys):
    path = tmp_path / "申报表.tsv"
    path.write_text(_document(VARIANTS[1][1]), encoding="utf-8")
    assert main(["score", "--lang", "en", str(path)]) == 0
    out = capsys.readouterr().out
    assert "budget (项目资金, 万元): 年度资金总额 300; 其中：财政拨款 250; 其他资金 50; 项目资金总额 900" in out
    assert main(["score", "--lang", "zh", str(path)]) == 0
    assert "项目资金（万元）：年度资金总额 300" in capsys.readouterr().out
    assert main(["score", "--format", "json", str(path)]) == 0
    budget = json.loads(capsys.readouterr().out)["budget"]
    assert {k: budget[k] for k in ("money_unit", "initial", "project_total", "fiscal", "other")} == \
           {"money_unit": "万元", "initial": "300", "project_total": "900", "fiscal": "250", "other": "50"}
    (t,), _ = read_tables(path)
    assert table_to_json(t)["budget"]["fiscal"] == "250"
    assert main(["convert", str(path), "-o", str(tmp_path / "specs")]) == 0
    spec = (tmp_path / "specs" / "申报表.ind").read_text(encoding="utf-8")
    for line in ("项目资金（万元）", "年初预算数    300", "项目资金总额  900", "财政拨款      250", "其他资金      50"):
        assert line in spec
    (back,), problems = read_tables([tmp_path / "specs" / "申报表.ind"])
    assert problems == [] and back.budget == t.budget


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "tsv", "json"])
def test_the_block_survives_every_format(tmp_path, fmt):
    from indicator_dsl.tables.io import without_provenance, write_tables

    path = tmp_path / "申报表.tsv"
    path.write_text(_document(VARIANTS[1][1]), encoding="utf-8")
    tables, _ = read_tables(path)
    back, problems = read_tables(write_tables(tables, tmp_path / "out", fmt))
    assert problems == [] and [without_provenance(b) for b in back] == [without_provenance(t) for t in tables]


def test_the_years_target_of_a_declaration_with_a_medium_term_one(tmp_path):
    """A 绩效目标表 that prints 中期指标值 beside 年度指标值: the year's target is read."""
    path = tmp_path / "目标表.tsv"
    path.write_text("2025年度项目绩效目标表\n项目名称\t示例项目\n"
                    "一级指标\t二级指标\t三级指标\t中期指标值\t年度指标值\n"
                    "产出指标\t数量指标\t举办培训\t≥30次\t≥10次\n"
                    "满意度指标\t服务对象满意度指标\t满意度\t≥90%\t≥85%\n", encoding="utf-8")
    (t,), problems = read_tables(path)
    assert problems == [] and t.kind == "declaration"
    assert [(r.level3, r.target) for r in t.rows] == [("举办培训", "≥10次"), ("满意度", "≥85%")]

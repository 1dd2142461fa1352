"""Documents as published: every table of a file (issue 10).

The raw seed documents (tests/fixtures/seeds, the tab-separated text of published PDFs with
their layout damage) read to the tables of the corpus TSVs (tests/fixtures/tables): the
number of tables, the rows of each, the budget block and the printed totals; seed 001 (text
taken out of a PDF without its cell boundaries) gets a message saying so.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from indicator_dsl.reading import read_tables
from indicator_dsl.tables.io import read_corpus_file
from indicator_dsl.tables.model import BudgetBlock

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEEDS = FIXTURES / "seeds"
CORPUS = FIXTURES / "tables"


def corpus_tables(prefix: str) -> list:
    problems: list = []
    tables = read_corpus_file(CORPUS / "seed000_002_indicators.tsv", problems)
    tables += read_corpus_file(CORPUS / "seed003_targets.tsv", problems)
    assert problems == []
    return [t for t in tables if t.id.startswith(prefix + "-")]


def squeeze(text: str) -> str:
    """Text compared without whitespace (a PDF's line wraps) or the pieces of a broken cell."""
    return re.sub(r"\s+", "", text)


# seed 003's 年度资金申请总额 (其中：当年财政拨款 the same, 其他资金 0.00), read off the document by hand
_ANNUAL = {"t1": "1,515,000.00", "t2": "311,966.00", "t3": "315,000.00", "t4": "1,926,020.00", "t5": "200,000.00",
           "t6": "4,931,950.00", "t7": "3,169,160.00", "t8": "1,970,000.00"}
DECLARED_BUDGETS = {k: BudgetBlock("元", v, fiscal=v, other="0.00") for k, v in _ANNUAL.items()}

SEED_FILES = {"000": "000_2da77b9ebba27595.txt", "002": "002_ea7d37a5c973de83.txt", "003": "003_33983379f0f5619f.txt"}


@pytest.mark.parametrize("prefix", sorted(SEED_FILES))
def test_seed_document_reads_to_the_corpus_tables(prefix):
    path = SEEDS / SEED_FILES[prefix]
    tables, problems = read_tables(path)
    assert problems == [], [str(p) for p in problems]
    expected = corpus_tables(prefix)
    assert [len(t.rows) for t in tables] == [len(t.rows) for t in expected]
    stem = path.stem
    assert [t.id for t in tables] == ([stem] if len(expected) == 1 else [f"{stem}-t{n}" for n in range(1, len(expected) + 1)])
    for got, want in zip(tables, expected):
        assert (got.project, got.year, got.kind) == (want.project, want.year, want.kind)
        if got.kind == "declaration":  # the corpus's targets.tsv has no budget: the document prints it
            assert want.budget is None and got.budget == DECLARED_BUDGETS[got.id.rsplit("-", 1)[1]], got.id
        else:
            assert got.budget == want.budget
        assert (got.weight_total, got.score_total, got.grade) == (want.weight_total, want.score_total, want.grade)
        for g, w in zip(got.rows, want.rows):
            assert (g.weight, g.score) == (w.weight, w.score), g.id
            assert squeeze(g.target) == squeeze(w.target), g.id
            assert g.where and g.where.startswith(f"{path}:")


def test_seed_document_rows_are_read_in_full():
    """Cells broken over lines and pages are joined again: 三级指标 and targets as the corpus has them."""
    tables, _ = read_tables(SEEDS / SEED_FILES["000"])
    rows = {r.level3: r for t in tables for r in t.rows}
    assert "构建开放式国际协作平台-合作交流活动" in rows  # the start printed before a page break
    note = next(r.note for t in tables for r in t.rows if r.level3 == "举办绿色技术银行高峰论坛")
    assert note.endswith("等绿色技术银行高峰论坛专题论坛")  # the rest printed after it
    t2 = tables[1]
    assert {(r.level1, r.level2) for r in t2.rows[:7]} == {("产出指标", "数量指标")}  # labels printed further down


def test_declaration_level3_and_targets_match_the_corpus():
    tables, _ = read_tables(SEEDS / SEED_FILES["003"])
    got = [(squeeze(r.level3), squeeze(r.target)) for t in tables for r in t.rows]
    want = [(squeeze(r.level3), squeeze(r.target)) for t in corpus_tables("003") for r in t.rows]
    same = sum(g == w for g, w in zip(got, want))
    assert same >= 0.9 * len(want), [(g, w) for g, w in zip(got, want) if g != w]


def test_text_without_cell_boundaries_says_so():
    """Seed 001: text taken out of a PDF with its cells run together is no table to guess at."""
    path = SEEDS / "001_ba6da19004216b0d.txt"
    tables, problems = read_tables(path)
    assert tables == []
    assert [(p.code, p.source) for p in problems] == [("R108", str(path))]
    assert "cell boundaries" in problems[0].message and "PDF itself" in problems[0].message


VARIANTS = (
    "2024年度项目支出绩效自评表\n"
    "项目名称：示例项目\n"
    "项目资金 (万元)\t\t年初预算数\t全年预算数\t全年执行数\t分数\t执行率(%)\t得分\n"
    "\t年度资金总额:\t\t100\t100\t90\t10\t90%\t9\n"   # figures shifted one column right of their headers
    "绩效指标\t\t\t年度\n指标值\t全年实际值\t权重\t得分\n"
    "一级 指标\t二级指标\t三级指标\n"
    "产出指标\t数量指标\t培训\t≥10次\t12次\t50\t50\n"
    "总分\t\t\t\t\t100\t99\n"
    "绩效目标申报表\n"
    "项目名称\t另一项目\n"
    "一级指标\t二级指标\t三级指标\t指标性质\t指标值\t度量单位\n"
    "产出指标\t数量指标\t会议\t≥\t2\t次\n"
    "满意度指标\t服务对象满意度指标\t满意度\t定性\t满意\t\n"
)


def test_header_variants_and_a_second_table(tmp_path):
    """分数/执行率(%)/年度资金总额: with shifted figures, a header over two rows with a label
    broken by a line break, 全年实际值/权重, and a declaration with the split target."""
    p = tmp_path / "variants.tsv"
    p.write_text(VARIANTS.replace("年度\n指标值", '年度 指标值'), encoding="utf-8")
    tables, problems = read_tables(p)
    assert problems == [], [str(x) for x in problems]
    first, second = tables
    assert (first.id, first.project, first.year, first.kind) == ("variants-t1", "示例项目", 2024, "self_evaluation")
    assert (first.budget.money_unit, first.budget.full, first.budget.executed, first.budget.weight,
            first.budget.rate, first.budget.score) == ("万元", "100", "90", "10", "90%", "9")
    (r,) = first.rows
    assert (r.level3, r.target, r.actual, r.weight, r.score) == ("培训", "≥10次", "12次", "50", "50")
    assert (first.weight_total, first.score_total) == ("100", "99")
    assert (second.id, second.project, second.kind) == ("variants-t2", "另一项目", "declaration")
    assert [r.target for r in second.rows] == ["≥2次", "满意"]

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

"""The spec files of specs/ (every corpus table, written by the converter and checked by hand).

They are the examples of docs/spec-files.md and the fixtures here: they read without
an error, their warnings are pinned in tests/fixtures/spec_check.txt, they are in the
canonical layout, they round-trip through tables (and workbooks), and they score and
audit exactly as the corpus tables they came from.
"""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from indicator_dsl import read_tables
from indicator_dsl.spec.convert import spec_to_table, table_to_spec
from indicator_dsl.spec.format import format_spec, format_text
from indicator_dsl.spec.lint import check_paths
from indicator_dsl.spec.read import read_spec
from indicator_dsl.tables.audit import audit
from indicator_dsl.tables.io import without_provenance, write_table_xlsx
from indicator_dsl.tables.score import score_table

ROOT = Path(__file__).resolve().parents[1]
SPECS = sorted((ROOT / "specs").glob("*.ind"))
GOLDEN = Path(__file__).resolve().parent / "fixtures" / "spec_check.txt"


@pytest.fixture(scope="module")
def corpus():
    tables, problems = read_tables([ROOT / "examples" / "tables"])
    assert problems == []
    return {t.id: t for t in tables}


def _text(p: Path) -> str:
    return p.read_text(encoding="utf-8")


def test_one_spec_per_corpus_table(corpus):
    """specs/ holds one file per table of the corpus (17), named by the table's id."""
    assert [p.stem for p in SPECS] == sorted(corpus)
    assert len(SPECS) == 17


def test_check_reports_no_error_and_the_pinned_warnings():
    """`check specs/` finds no error; its warnings (the tables' real vague targets …) are the golden ones."""
    lines = []
    for path, _, diags in check_paths([ROOT / "specs"]):
        assert not [d for d in diags if d.is_error], path
        lines += [str(d).replace(str(ROOT) + "/", "") for d in diags]
    assert lines == GOLDEN.read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("path", SPECS, ids=[p.stem for p in SPECS])
def test_spec_is_formatted(path):
    """Every spec file is in the canonical layout (fmt changes nothing)."""
    text = _text(path)
    assert format_text(text) == text


@pytest.mark.parametrize("path", SPECS, ids=[p.stem for p in SPECS])
def test_spec_table_spec_is_the_identity(path):
    """spec -> table -> spec gives the same file after fmt."""
    text = _text(path)
    table = spec_to_table(read_spec(text).spec, path.stem)
    assert format_spec(table_to_spec(table)) == text


@pytest.mark.parametrize("path", SPECS, ids=[p.stem for p in SPECS])
def test_converter_wrote_the_spec(path, corpus):
    """The converter gives each file from its corpus table; by hand, only 主管部门 and 实施单位 were added (from the seeds)."""
    spec = read_spec(_text(path)).spec
    assert spec.department and spec.unit
    converted = format_spec(table_to_spec(corpus[path.stem]))
    assert converted == format_spec(attrs.evolve(spec, department=None, unit=None))


@pytest.mark.parametrize("path", SPECS, ids=[p.stem for p in SPECS])
def test_spec_scores_and_audits_as_its_table(path, corpus):
    """The table of a spec scores and audits exactly as the corpus table (targets in canonical text read the same)."""
    spec_table = spec_to_table(read_spec(_text(path)).spec, path.stem)
    table = corpus[path.stem]
    a, b = score_table(table), score_table(spec_table)
    assert (a.budget_rate, a.budget_score, a.total, a.grade) == (b.budget_rate, b.budget_score, b.total, b.grade)
    assert [(r.target, r.score, r.outcome) for r in a.rows] == [(r.target, r.score, r.outcome) for r in b.rows]
    assert [(f.row, f.kind, f.printed, f.computed, f.message) for f in audit(a)] == \
           [(f.row, f.kind, f.printed, f.computed, f.message) for f in audit(b)]
    same = attrs.evolve(without_provenance(spec_table), department=None, unit=None,
                        rows=tuple(attrs.evolve(r, target=t.target) for r, t in zip(spec_table.rows, table.rows)))
    assert same == without_provenance(table)


def test_workbook_round_trip(tmp_path):
    """spec -> XLSX (published layout) -> spec gives the same files, 主管部门 and 实施单位 included."""
    specs = {p.stem: _text(p) for p in SPECS}
    tables = [spec_to_table(read_spec(text).spec, stem) for stem, text in specs.items()]
    write_table_xlsx(tables, tmp_path / "all.xlsx")
    back, problems = read_tables([tmp_path / "all.xlsx"])
    assert problems == []
    assert {t.id: format_spec(table_to_spec(t)) for t in back} == specs


def test_read_tables_reads_spec_files():
    """read_tables reads *.ind files (a directory of them too), so score and audit take specs."""
    tables, problems = read_tables([ROOT / "specs"])
    assert problems == [] and len(tables) == 17
    t = next(t for t in tables if t.id == "000-t1")
    assert t.source.endswith("000-t1.ind") and t.rows[0].where.endswith("000-t1.ind:16")
    assert t.department == "上海市科学技术委员会"


def test_docs_example_is_the_example_file():
    """The complete example that opens docs/spec-files.md is examples/example.ind, which checks clean."""
    doc = (ROOT / "docs" / "spec-files.md").read_text(encoding="utf-8")
    block = doc.split("```text\n", 1)[1].split("```", 1)[0]
    example = (ROOT / "examples" / "example.ind").read_text(encoding="utf-8")
    assert block == example
    assert check_paths([ROOT / "examples" / "example.ind"])[0][2] == []

"""Published tables are read leniently: no row is lost to a target the strict language
cannot read.  The row is scored from what can be read and the strict error is a warning
finding; ``strict=True`` (``--strict``) keeps such a row unscored."""

from __future__ import annotations

from pathlib import Path

from indicator_dsl import read_tables
from indicator_dsl.cli import main
from indicator_dsl.tables.audit import audit
from indicator_dsl.tables.model import Table, TableRow
from indicator_dsl.tables.score import score_table

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _table() -> Table:
    return Table("t", "示例", 2023, rows=(
        TableRow("t-r01", "产出指标", "数量指标", "培训", "满意度≥90%；培训≥9O次", "满意度95%", "10", "10"),
        TableRow("t-r02", "产出指标", "数量指标", "活动", "≥9O%", "已完成", "10", "10"),
    ))


def test_a_target_that_cannot_be_read_strictly_is_scored_from_what_can_be():
    """The readable clause is scored; the strict error stays beside it as a warning."""
    r = score_table(_table())
    first, second = r.rows
    assert first.error is None and first.warning is not None and first.warning.label == "letter-in-number"
    assert str(first.target) == "满意度 >= 90 %" and first.score == 10
    assert second.target is not None and second.target.kind == "qualitative" and second.warning is not None
    kinds = [(f.row, f.kind, f.severity) for f in audit(r)]
    assert ("t-r01", "unreadable", "warning") in kinds and ("t-r02", "unreadable", "warning") in kinds


def test_strict_keeps_such_rows_unscored():
    r = score_table(_table(), strict=True)
    assert all(rr.error is not None and rr.outcome is None for rr in r.rows)


def test_no_row_of_the_seed_documents_is_an_error_row():
    """Every row of every published seed table gets a target and an outcome; only a row whose
    target cell is empty has nothing to read (it is kept, with its problem, and its printed score)."""
    tables, _ = read_tables(FIXTURES / "seeds")
    assert tables
    for t in tables:
        for rr in score_table(t).rows:
            if not rr.row.target.strip():
                assert rr.error is not None and rr.error.label == "empty"
                continue
            assert rr.error is None and rr.outcome is not None, (t.id, rr.row.id, rr.row.target)


def test_cli_strict_option(tmp_path, capsys):
    """score --strict prints the row as unreadable; the default scores it."""
    path = tmp_path / "t.json"
    from indicator_dsl.tables.io import write_tables_json

    write_tables_json([_table()], path)
    main(["score", "--jobs", "1", str(path)])
    lenient = capsys.readouterr().out
    main(["score", "--jobs", "1", "--strict", str(path)])
    strict = capsys.readouterr().out
    assert lenient != strict and "满意度 >= 90 %" in lenient

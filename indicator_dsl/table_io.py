"""Reading tables from files.

The corpus format (../shared/corpus/README.md): ``*_indicators.tsv`` (one row per
三级指标 of a 自评表, ids ``<seed>-t<table>-r<row>``) with ``*_budgets.tsv`` and
``*_totals.tsv`` beside it, and ``*_targets.tsv`` for 目标申报表 (no actuals).  A
path may be one of these files or a directory of them.

Reading never stops at a bad file or row: each problem becomes a :class:`ReadProblem`
(file:line and what is wrong) and the rest is read.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Iterable

import attrs

from .table import BudgetBlock, Table, TableRow

__all__ = ["ReadProblem", "read_tables", "read_corpus_file"]


@attrs.frozen(slots=True)
class ReadProblem:
    """A file or row that could not be read."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


_TABLE_ID = re.compile(r"^(?P<table>.+-t\d+)-(?:r\d+|budget|total)$")
_KINDS = ("_indicators.tsv", "_targets.tsv")


def _read_tsv(path: Path, problems: list[ReadProblem]) -> list[tuple[int, dict[str, str]]]:
    try:
        with open(path, encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
            rows = []
            for n, row in enumerate(reader, start=2):
                if None in row:  # more cells than headers
                    problems.append(ReadProblem(f"{path}:{n}", "the row has more cells than the header"))
                    continue
                rows.append((n, {k: (v or "") for k, v in row.items()}))
            return rows
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        problems.append(ReadProblem(str(path), f"cannot be read: {e}"))
        return []


def _year(text: str) -> int | None:
    m = re.search(r"\d{4}", text or "")
    return int(m.group()) if m else None


def read_corpus_file(path: Path, problems: list[ReadProblem]) -> list[Table]:
    """Tables of one ``*_indicators.tsv`` or ``*_targets.tsv`` (with its companions)."""
    name = path.name
    stem = next((name[: -len(k)] for k in _KINDS if name.endswith(k)), None)
    if stem is None:
        problems.append(ReadProblem(str(path), "not a corpus file (*_indicators.tsv or *_targets.tsv)"))
        return []
    tables: dict[str, dict[str, object]] = {}
    order: list[str] = []

    def table_of(row_id: str, where: str) -> dict[str, object] | None:
        m = _TABLE_ID.match(row_id.strip())
        if not m:
            problems.append(ReadProblem(where, f"the id {row_id!r} is not <seed>-t<table>-r<row>"))
            return None
        tid = m.group("table")
        if tid not in tables:
            tables[tid] = {"rows": []}
            order.append(tid)
        return tables[tid]

    for n, r in _read_tsv(path, problems):
        where = f"{path}:{n}"
        if "target" not in r or "id" not in r:
            problems.append(ReadProblem(where, "missing the id or target column"))
            continue
        t = table_of(r["id"], where)
        if t is None:
            continue
        t.setdefault("project", r.get("project", ""))
        t.setdefault("year", _year(r.get("year", "")))
        t["rows"].append(TableRow(  # type: ignore[union-attr]
            r["id"].strip(), r.get("level1", ""), r.get("level2", ""), r.get("level3", ""), r["target"],
            r.get("actual", ""), r.get("weight", ""), r.get("score", ""), r.get("note", ""), where,
        ))
    budgets = path.with_name(stem + "_budgets.tsv")
    for n, r in _read_tsv(budgets, problems) if budgets.exists() else []:
        t = table_of(r.get("id", ""), f"{budgets}:{n}")
        if t is not None:
            t["budget"] = BudgetBlock(
                r.get("money_unit") or None, r.get("initial_budget") or None, r.get("full_budget") or None,
                r.get("executed") or None, r.get("weight") or None, r.get("rate_reported") or None,
                r.get("score_reported") or None,
            )
            t.setdefault("project", r.get("project", ""))
            t.setdefault("year", _year(r.get("year", "")))
    totals = path.with_name(stem + "_totals.tsv")
    for n, r in _read_tsv(totals, problems) if totals.exists() else []:
        t = table_of(r.get("id", ""), f"{totals}:{n}")
        if t is not None:
            t["weight_total"] = r.get("weight_total") or None
            t["score_total"] = r.get("score_total") or None
            t["grade"] = r.get("grade") or None
    out = []
    for tid in order:
        t = tables[tid]
        out.append(Table(
            tid, str(t.get("project", "")), t.get("year"), tuple(t["rows"]),  # type: ignore[arg-type]
            t.get("budget"), t.get("weight_total"), t.get("score_total"), t.get("grade"),  # type: ignore[arg-type]
            source=str(path), kind="declaration" if name.endswith("_targets.tsv") else "self_evaluation",
        ))
    return out


def _files(path: Path) -> Iterable[Path]:
    if path.is_dir():
        for p in sorted(path.iterdir()):
            if p.is_file() and (p.name.endswith(_KINDS) or _readable_other(p)):
                yield p
    else:
        yield path


def _readable_other(p: Path) -> bool:
    return False


def read_tables(paths: Iterable[str | Path]) -> tuple[list[Table], list[ReadProblem]]:
    """Every table in ``paths`` (files or directories) and every problem met."""
    tables: list[Table] = []
    problems: list[ReadProblem] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            problems.append(ReadProblem(str(path), "no such file or directory"))
            continue
        for f in _files(path):
            if f.name.endswith(_KINDS):
                tables.extend(read_corpus_file(f, problems))
            else:
                problems.append(ReadProblem(str(f), "unknown table format (expected *_indicators.tsv or *_targets.tsv)"))
    return tables, problems

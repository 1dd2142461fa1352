"""The corpus format (../shared/corpus/README.md): reading ``*_indicators.tsv`` (one row per
三级指标 of a 自评表, with ``*_budgets.tsv`` and ``*_totals.tsv`` beside it) and
``*_targets.tsv`` (目标申报表), and writing them back (:func:`read_corpus_file`,
:func:`write_corpus`).  Public through :mod:`indicator_dsl.tables.io`."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Iterable

import attrs

from indicator_dsl.diagnostics import Diagnostic
from indicator_dsl.limits import DEFAULT_LIMITS, Limits
from indicator_dsl.messages import N_, msg
from indicator_dsl.tables.io.bounds import csv_fields, cut_table
from indicator_dsl.tables.io.common import read_problem, unreadable, within_limits, year_in
from indicator_dsl.tables.io.outdir import text_writer, write_new
from indicator_dsl.tables.model import BudgetBlock, Table, TableRow

__all__ = ["read_corpus_file", "write_corpus"]


_TABLE_ID = re.compile(r"^(?P<table>.+-t\d+)-(?:r\d+|budget|total)$")
CORPUS_SUFFIXES = ("_indicators.tsv", "_targets.tsv")


def _read_tsv(path: Path, problems: list[Diagnostic], limits: Limits) -> list[tuple[int, dict[str, str]]]:
    if not within_limits(path, limits, problems):  # R110
        return []
    try:  # a cell of any length is read (csv's own limit raised to the file's size), then cut to the limits
        with open(path, encoding="utf-8", newline="") as f, csv_fields(path.stat().st_size):
            reader = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
            rows = []
            for n, row in enumerate(reader, start=2):
                if None in row:  # more cells than headers
                    problems.append(read_problem(path, msg(N_("the row has more cells than the header")), "R106", where=f"{path}:{n}", line=n))
                    continue
                rows.append((n, {k: (v or "") for k, v in row.items()}))
            return rows
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        problems.append(unreadable(path, e))
        return []


@attrs.define
class _Draft:
    """One table while its rows, budget and totals are gathered from the companion files."""

    rows: list[TableRow] = attrs.Factory(list)
    has_head: bool = False  # project and year are taken from the first file that names the table
    project: str = ""
    year: int | None = None
    budget: BudgetBlock | None = None
    weight_total: str | None = None
    score_total: str | None = None
    grade: str | None = None

    def head(self, r: dict[str, str]) -> None:
        if not self.has_head:
            self.project, self.year, self.has_head = r.get("project", ""), year_in(r.get("year", "")), True


def read_corpus_file(path: Path, problems: list[Diagnostic], limits: Limits = DEFAULT_LIMITS) -> list[Table]:
    """Tables of one ``*_indicators.tsv`` or ``*_targets.tsv`` (with its companions), within
    ``limits``: a cell beyond ``cell_chars`` is its row's problem (R111, the cell kept cut), a
    table beyond ``table_rows`` keeps its first rows (R112)."""
    name = path.name
    stem = next((name[: -len(k)] for k in CORPUS_SUFFIXES if name.endswith(k)), None)
    if stem is None:
        problems.append(read_problem(path, msg(N_("not a corpus file (*_indicators.tsv or *_targets.tsv)")), "R102"))
        return []
    if not within_limits(path, limits, problems):  # R110: its companions are not read either
        return []
    tables: dict[str, _Draft] = {}
    order: list[str] = []

    def table_of(row_id: str, file: Path, n: int) -> _Draft | None:
        m = _TABLE_ID.match(row_id.strip())
        if not m:
            problems.append(read_problem(file, msg(N_("the id {id} is not <seed>-t<table>-r<row>"), id=repr(row_id)), "R106",
                                         where=f"{file}:{n}", line=n))
            return None
        tid = m.group("table")
        if tid not in tables:
            tables[tid] = _Draft()
            order.append(tid)
        return tables[tid]

    for n, r in _read_tsv(path, problems, limits):
        where = f"{path}:{n}"
        if "target" not in r or "id" not in r:
            problems.append(read_problem(path, msg(N_("missing the id or target column")), "R106", where=where, line=n))
            continue
        t = table_of(r["id"], path, n)
        if t is None:
            continue
        t.head(r)
        t.rows.append(TableRow(
            r["id"].strip(), r.get("level1", ""), r.get("level2", ""), r.get("level3", ""), r["target"],
            r.get("actual", ""), r.get("weight", ""), r.get("score", ""), r.get("note", ""), where,
        ))
    declaration = name.endswith("_targets.tsv")
    budgets = path.with_name(stem + "_budgets.tsv")  # companions of an *_indicators.tsv only
    for n, r in _read_tsv(budgets, problems, limits) if budgets.exists() and not declaration else []:
        t = table_of(r.get("id", ""), budgets, n)
        if t is not None:
            t.budget = BudgetBlock(
                r.get("money_unit") or None, r.get("initial_budget") or None, r.get("full_budget") or None,
                r.get("executed") or None, r.get("weight") or None, r.get("rate_reported") or None,
                r.get("score_reported") or None,
            )
            t.head(r)
    totals = path.with_name(stem + "_totals.tsv")
    for n, r in _read_tsv(totals, problems, limits) if totals.exists() and not declaration else []:
        t = table_of(r.get("id", ""), totals, n)
        if t is not None:
            t.weight_total = r.get("weight_total") or None
            t.score_total = r.get("score_total") or None
            t.grade = r.get("grade") or None
            t.head(r)
    out = []
    for tid in order:
        t = tables[tid]
        out.append(Table(
            tid, t.project, t.year, tuple(t.rows), t.budget, t.weight_total, t.score_total, t.grade,
            source=str(path), kind="declaration" if name.endswith("_targets.tsv") else "self_evaluation",
        ))
    return [cut_table(t, limits, problems) for t in out]


_CORPUS_TABLE = re.compile(r"^(?P<seed>.+)-t(?P<n>\d+)$")


def write_corpus(tables: Iterable[Table], directory: str | Path, stem: str = "tables") -> list[Path]:
    """Write tables in the corpus format: ``<stem>_indicators.tsv`` with ``_budgets.tsv`` and
    ``_totals.tsv`` (self-evaluations) and ``<stem>_targets.tsv`` (declarations).

    Table ids must read ``<seed>-t<n>``; the ``seed`` column is left empty and ``quality`` is ``ok``.
    """
    directory = Path(directory)
    ind: list[list[str]] = []
    tgt: list[list[str]] = []
    bud: list[list[str]] = []
    tot: list[list[str]] = []
    for t in tables:
        m = _CORPUS_TABLE.match(t.id)
        if not m:
            raise ValueError(f"the corpus format wants table ids <seed>-t<n>, not {t.id!r}")
        head = ["", m.group("n"), t.project, "" if t.year is None else str(t.year)]
        for n, r in enumerate(t.rows, start=1):
            rid = r.id if re.fullmatch(re.escape(t.id) + r"-r\d+", r.id) else f"{t.id}-r{n:02d}"
            if t.kind == "declaration":
                tgt.append([rid, *head, r.level1, r.level2, r.level3, r.target, "ok", ""])
            else:
                ind.append([rid, *head, r.level1, r.level2, r.level3, r.target, r.actual, r.weight, r.score, r.note, "ok", ""])
        if t.kind != "declaration":
            b = t.budget
            if b is not None:
                bud.append([f"{t.id}-budget", *head] + [x or "" for x in (b.money_unit, b.initial, b.full, b.executed, b.weight, b.rate, b.score)] + [""])
            tot.append([f"{t.id}-total", *head, t.weight_total or "", t.score_total or "", t.grade or "", ""])
    files = [
        ("_indicators.tsv", "id seed table project year level1 level2 level3 target actual weight score note quality remark", ind),
        ("_budgets.tsv", "id seed table project year money_unit initial_budget full_budget executed weight rate_reported score_reported remark", bud),
        ("_totals.tsv", "id seed table project year weight_total score_total grade remark", tot),
        ("_targets.tsv", "id seed table project year level1 level2 level3 target quality remark", tgt),
    ]
    written = []
    for suffix, header, rows in files:
        if not rows and not (suffix == "_indicators.tsv" and tot):  # a 自评表 without rows: its budget and total
            continue
        for row in rows:
            for c in row:
                if re.search(r"[\t\r\n]", c):
                    raise ValueError(f"a corpus cell cannot hold a tab or a line break: {c!r}")
        p = directory / (stem + suffix)
        text = "\t".join(header.split()) + "\n" + "".join("\t".join(r) + "\n" for r in rows)
        write_new(p, text_writer(text))
        written.append(p)
    return written

"""Tables as JSON: one table object, a list of them (``.json``) or one per line (``.jsonl``)
(:func:`table_to_json`, :func:`table_from_json`, :func:`read_json_file`,
:func:`write_tables_json`).  Public through :mod:`indicator_dsl.tables.io`."""

from __future__ import annotations

import functools
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable, Mapping

from indicator_dsl.diagnostics import Diagnostic
from indicator_dsl.evaluation.jsonlines import nesting_beyond
from indicator_dsl.limits import DEFAULT_LIMITS, Limits
from indicator_dsl.messages import N_, Detail, Message, comma_words, msg, verbatim
from indicator_dsl.tables.io.bounds import cut_table
from indicator_dsl.tables.io.common import decode_text, read_problem, within_limits, without_provenance
from indicator_dsl.tables.model import BudgetBlock, Table, TableRow

__all__ = ["read_json_file", "table_from_json", "table_to_json", "write_tables_json"]


_TABLE_KEYS = ("id", "kind", "project", "year", "department", "unit", "budget", "rows",
               "weight_total", "score_total", "grade")
_ROW_KEYS = ("id", "level1", "level2", "level3", "target", "actual", "weight", "score", "note")
_BUDGET_KEYS = ("money_unit", "initial", "full", "executed", "weight", "rate", "score", "project_total", "fiscal", "other")


def table_to_json(table: Table) -> dict[str, Any]:
    """The table as a JSON object: every cell a string as printed (None where absent).

    Where the table was read from (``source``, each row's ``where``) is left out.

    >>> t = Table("demo-t1", "示例项目", 2023, rows=(TableRow("demo-t1-r01", "产出指标", "数量指标", "举办活动", "≥600.00(场)"),))
    >>> d = table_to_json(t)
    >>> d["rows"][0]["target"], d["year"], d["budget"]
    ('≥600.00(场)', 2023, None)
    >>> table_from_json(d) == t
    True
    """
    b = table.budget
    return {
        "id": table.id, "kind": table.kind, "project": table.project, "year": table.year,
        "department": table.department, "unit": table.unit,
        "budget": None if b is None else {k: getattr(b, k) for k in _BUDGET_KEYS},
        "rows": [{k: getattr(r, k) for k in _ROW_KEYS} for r in table.rows],
        "weight_total": table.weight_total, "score_total": table.score_total, "grade": table.grade,
    }


def _said(e: ValueError) -> Message:
    """The message a ValueError was raised with (a library's own text as it is)."""
    return e.args[0] if e.args and isinstance(e.args[0], Message) else verbatim(str(e))


def _not_json(e: json.JSONDecodeError) -> Message:
    return msg(N_("not JSON: {error} at column {column}"), error=Detail(e.msg, "JSONDecodeError"), column=e.colno)


def _json_text(value: Any, what: str | Message, optional: bool) -> str | None:
    if value is None:
        if optional:
            return None
        raise ValueError(msg(N_("{what} is missing"), what=what))
    if isinstance(value, bool) or not isinstance(value, (str, int, float, Decimal)):
        raise ValueError(msg(N_("{what} must be a string, not {type}"), what=what, type=type(value).__name__))
    return value if isinstance(value, str) else str(value)


def _table_from_json(data: Any, where: str, problems: list[Diagnostic], source: str | None = None) -> Table | None:
    def problem(message: Message, place: str = where) -> None:
        problems.append(read_problem(source or where, message, "R107", where=place))

    if not isinstance(data, Mapping):
        problem(msg(N_("a table must be a JSON object, not {type}"), type=type(data).__name__))
        return None
    extra = sorted(set(data) - set(_TABLE_KEYS))
    if extra:
        problem(msg(N_("unknown field(s) {fields} (expected {known})"), fields=comma_words(map(repr, extra)),
                    known=comma_words(_TABLE_KEYS)))
    try:
        tid = _json_text(data.get("id"), msg(N_("the table's id")), False)
        assert tid is not None
        if not tid.strip():
            raise ValueError(msg(N_("the table's id is empty")))
        kind = _json_text(data.get("kind"), "kind", True) or "self_evaluation"
        if kind not in ("self_evaluation", "declaration"):
            raise ValueError(msg(N_("kind must be self_evaluation or declaration, not {value}"), value=repr(kind)))
        year = data.get("year")
        if year is not None:
            if isinstance(year, bool) or not re.fullmatch(r"\d{4}", str(year).strip()):
                raise ValueError(msg(N_("year must be a four-digit year, not {value}"), value=repr(year)))
            year = int(str(year).strip())
        budget = data.get("budget")
        if budget is not None:
            if not isinstance(budget, Mapping):
                raise ValueError(msg(N_("budget must be an object or null")))
            bad = sorted(set(budget) - set(_BUDGET_KEYS))
            if bad:
                raise ValueError(msg(N_("unknown budget field(s) {fields} (expected {known})"),
                                     fields=comma_words(map(repr, bad)), known=comma_words(_BUDGET_KEYS)))
            budget = BudgetBlock(*(_json_text(budget.get(k), f"budget.{k}", True) for k in _BUDGET_KEYS))
        head = {k: _json_text(data.get(k), k, True) for k in ("project", "department", "unit", "weight_total", "score_total", "grade")}
        raw_rows = data.get("rows", [])
        if not isinstance(raw_rows, list):
            raise ValueError(msg(N_("rows must be a list")))
    except ValueError as e:
        problem(_said(e))
        return None
    rows: list[TableRow] = []
    for j, r in enumerate(raw_rows):
        rw = f"{where}/rows/{j}"
        try:
            if not isinstance(r, Mapping):
                raise ValueError(msg(N_("a row must be a JSON object, not {type}"), type=type(r).__name__))
            bad = sorted(set(r) - set(_ROW_KEYS))
            if bad:
                raise ValueError(msg(N_("unknown row field(s) {fields} (expected {known})"), fields=comma_words(map(repr, bad)),
                                     known=comma_words(_ROW_KEYS)))
            if r.get("level3") is None and r.get("target") is None:
                raise ValueError(msg(N_("a row needs level3 or target")))
            cells = {k: _json_text(r.get(k), k, True) or "" for k in _ROW_KEYS}
            rows.append(TableRow(
                cells["id"] or f"{tid}-r{len(rows) + 1:02d}", cells["level1"], cells["level2"], cells["level3"],
                cells["target"], cells["actual"], cells["weight"], cells["score"], cells["note"], rw,
            ))
        except ValueError as e:
            problem(msg(N_("{problem}; the row is not read"), problem=_said(e)), rw)
    return Table(tid, head["project"] or "", year, tuple(rows), budget, head["weight_total"], head["score_total"],
                 head["grade"], head["department"], head["unit"], source, kind)


def table_from_json(data: Mapping[str, Any]) -> Table:
    """The table of one JSON object (see :func:`table_to_json`); ValueError names what is wrong.

    Figures may be JSON numbers or strings; a row without ``id`` gets ``<table id>-r<n>``.
    """
    problems: list[Diagnostic] = []
    t = _table_from_json(data, "table", problems)
    if problems or t is None:
        raise ValueError("; ".join(f"{p.place}: {p.message}" for p in problems))
    return without_provenance(t)


def _keep(text: str) -> str:
    return text


def read_json_file(path: Path, problems: list[Diagnostic], limits: Limits = DEFAULT_LIMITS) -> list[Table]:
    """Tables of a ``.json`` file (one object or a list) or a ``.jsonl`` file (one object per line).
    JSON nested deeper than ``limits.json_depth`` is a problem of its file or line (R103), a line
    longer than ``limits.line_chars`` that line's (R110); the tables are within ``limits`` (a
    cell beyond ``cell_chars`` kept cut, R111; rows beyond ``table_rows`` left out, R112)."""
    path = Path(path)
    if not within_limits(path, limits, problems):  # its bytes, a workbook's decompressed bytes: R110
        return []
    text = decode_text(path, problems)
    if text is None:
        return []
    out: list[Table] = []
    plain = functools.partial(json.loads, parse_float=_keep, parse_int=_keep)  # numbers kept as written

    def loads(text: str) -> Any:
        at = nesting_beyond(text, limits.json_depth)
        if at is not None:
            raise json.JSONDecodeError(f"nested deeper than {limits.json_depth} levels (the limit)", text, at)
        try:
            return plain(text)
        except RecursionError:
            raise json.JSONDecodeError("nested too deeply", text, 0) from None
    if path.suffix.lower() == ".jsonl":
        for n, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            if len(line) > limits.line_chars:
                problems.append(read_problem(path, f"a line of {len(line)} characters; the limit is {limits.line_chars} "
                                                   "(--max-line-chars) (行过长)", "R110", where=f"{path}:{n}", line=n))
                continue
            try:
                data = loads(line)
            except json.JSONDecodeError as e:
                problems.append(read_problem(path, _not_json(e), "R103", where=f"{path}:{n}", line=n))
                continue
            t = _table_from_json(data, f"{path}:{n}#", problems, str(path))
            if t is not None:
                out.append(cut_table(t, limits, problems))
        return out
    try:
        data = loads(text)
    except json.JSONDecodeError as e:
        problems.append(read_problem(path, _not_json(e), "R103", where=f"{path}:{e.lineno}", line=e.lineno))
        return []
    items = data if isinstance(data, list) else [data]
    for i, item in enumerate(items):
        t = _table_from_json(item, f"{path}#/{i}" if isinstance(data, list) else f"{path}#", problems, str(path))
        if t is not None:
            out.append(cut_table(t, limits, problems))
    return out


def write_tables_json(tables: Iterable[Table], path: str | Path) -> None:
    """Write tables as JSON (``.json``: the object of one table, or a list) or JSON Lines (``.jsonl``)."""
    path = Path(path)
    data = [table_to_json(t) for t in tables]
    if path.suffix.lower() == ".jsonl":
        path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in data), encoding="utf-8")
    else:
        path.write_text(json.dumps(data[0] if len(data) == 1 else data, ensure_ascii=False, indent=2) + "\n",
                        encoding="utf-8")

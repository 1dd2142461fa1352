"""A grid of cells (a sheet, a CSV/TSV/TXT file, an HTML or Word table, a PDF's pages) -> every
table in it, one after another: title, project header, budget block, indicator rows, 总分,
评分等级 (:func:`grid_tables`).

Headers are found by meaning (:mod:`indicator_dsl.tables.io.headers`).  Rows are read
leniently, as text taken out of PDFs prints them: a row whose cells are shifted a column or
two from the header is put back under it (by the figures 分值/得分, or the group labels
产出指标/数量指标 wherever they stand); a cell broken over a page (a row of one cell) is
joined to the row it belongs to; a group label printed once for its merged cells holds
for the rows around it; a header repeated at the top of a page continues the table.
No row with a 三级指标 or a target is lost.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Sequence

import attrs

from indicator_dsl.diagnostics import Diagnostic
from indicator_dsl.limits import DEFAULT_LIMITS, Limits
from indicator_dsl.messages import N_, msg
from indicator_dsl.tables.io.bounds import cut_table
from indicator_dsl.tables.io.common import read_problem
from indicator_dsl.tables.io.headers import budget_columns, header_rows, is_level_label, norm, title_kind
from indicator_dsl.tables.io.preamble import (
    grade_of,
    is_total_label,
    label_key,
    label_value,
    read_budget,
    read_declared_budget,
    read_labels,
    read_totals,
)
from indicator_dsl.tables.model import BudgetBlock, Table, TableRow, printed_number

__all__ = ["grid_tables", "clean_cell", "renumber", "Where"]

Where = Callable[[int, "int | None"], str]  # (row index, column index or None) -> file:line or file:sheet!cell

_CJK = r"\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef"
_CJK_CHAR = re.compile(rf"[{_CJK}]")
_BODY = ("level3", "target", "actual", "weight", "score", "note", "op", "unit")


def clean_cell(value: Any) -> str:
    r"""A cell's text: line breaks inside it joined (without a space between two Chinese
    characters, with one elsewhere), outer whitespace stripped.

    >>> clean_cell(" 年度\n指标值 "), clean_cell("≥ 90\n(%)"), clean_cell(None)
    ('年度指标值', '≥ 90 (%)', '')
    """
    if value is None:
        return ""
    lines = [x.strip() for x in str(value).replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    text = ""
    for line in lines:
        if not line:
            continue
        if text and not (_CJK_CHAR.match(text[-1]) and _CJK_CHAR.match(line[0])):
            text += " "
        text += line
    return text


def renumber(table: Table, tid: str) -> Table:
    """The table under the id ``tid``, its rows ``tid-r01``, ``tid-r02`` …"""
    rows = tuple(attrs.evolve(r, id=f"{tid}-r{n:02d}") for n, r in enumerate(table.rows, start=1))
    return attrs.evolve(table, id=tid, rows=rows)


def _cell(row: Sequence[str], i: int) -> str:
    return row[i] if 0 <= i < len(row) else ""


def _first(row: Sequence[str]) -> int:
    return next((i for i, c in enumerate(row) if c), 0)


# ---------------------------------------------------------------------------
# cutting a grid into tables


def _segments(cells: list[list[str]]) -> list[tuple[int, int]]:
    """(start, end) rows of each table: a new table starts at a title or 项目名称 row after
    a header row, or at a header row after a 总分 row; a header repeated without either
    (the top of the next page) continues the table."""
    out: list[tuple[int, int]] = []
    start, seen_header, seen_total, r = 0, False, False, 0
    while r < len(cells):
        row = cells[r]
        if not any(row):
            r += 1
            continue
        first = row[_first(row)]
        if seen_header and (title_kind(row) or label_key(first) == "project"):
            out.append((start, r))
            start, seen_header, seen_total = r, False, False
        h = header_rows(cells, r)
        if h is not None:
            if seen_header and seen_total:
                out.append((start, r))
                start, seen_total = r, False
            seen_header = True
            r += h[1]
            continue
        if seen_header and is_total_label(first):  # (合计 above the header is the budget's)
            seen_total = True
        r += 1
    out.append((start, len(cells)))
    return out


# ---------------------------------------------------------------------------
# the indicator rows

_NO_FIGURE = ("—", "-", "－", "/", "／", "无", "——")
_OPS = ("=", "＝", "≥", "≤", ">", "<", "》", "《", "＞", "＜", "$")


def _fits(row: Sequence[str], cols: dict[str, int], s: int, figures: bool, extra: frozenset[int]) -> tuple[float, bool]:
    """How well the row's cells fit under the header shifted ``s`` columns, and whether every
    cell finds its place."""
    at = {i + s: k for k, i in cols.items()}
    fit, whole, text_as_label, op_level3 = 0.0, True, False, False
    for i, c in enumerate(row):
        if not c:
            continue
        key = at.get(i)
        label = is_level_label(c)
        if key is None:
            if label == "outer" or (label and i < min(at)):
                continue
            fit -= 1
            whole = whole and s == 0 and i in extra  # a column the header names but the table does not read
        elif key in ("level1", "level2"):
            fit += 1 if label else 0
            whole = whole and (label is not None or s == 0)
            text_as_label = text_as_label or label is None
        elif key in ("weight", "score"):
            ok = printed_number(c) is not None or c in _NO_FIGURE
            fit += 2 if ok else -2
            whole = whole and ok
        elif label:
            fit, whole = fit - 1, False
        else:
            fit += 1
            op_level3 = op_level3 or (key == "level3" and c.lstrip().startswith(_OPS))
    if text_as_label and (op_level3 or not (_cell(row, cols["level3"] + s) and _cell(row, cols["target"] + s))):
        whole = False  # a name in a group column and a target or nothing under 三级指标: the cells stand elsewhere
    return fit, whole


def _place(row: list[str], cols: dict[str, int], figures: bool,
           extra: frozenset[int] = frozenset()) -> tuple[dict[str, str], dict[str, int], list[tuple[str, str]]]:
    """The row's fields, the column each came from, and its group labels (level, text)."""
    best: tuple[float, int] | None = None
    whole_at: dict[int, bool] = {}
    for s in (0, 1, -1, 2, -2):
        fit, whole = _fits(row, cols, s, figures, extra)
        whole_at[s] = whole
        if best is None or fit > best[0]:
            best = (fit, s)
        if s == 0 and whole:
            break  # the cells stand under their headers
    assert best is not None
    s = best[1]
    at = {i + s: k for k, i in cols.items()}
    v: dict[str, str] = {}
    src: dict[str, int] = {}
    labels: list[tuple[str, str]] = []
    if figures or whole_at[s]:
        for i, c in enumerate(row):
            if not c:
                continue
            key, label = at.get(i), is_level_label(c)
            if key in ("level1", "level2") or (key is None and label):
                if label != "outer":
                    level = label if label in ("level1", "level2") else key or "level2"
                    if level == "level1" and any(lv == "level1" for lv, _ in labels):
                        level = "level2"  # 成本指标 | 成本指标: a group named like its 一级指标
                    labels.append((level, c))
            elif key is not None:
                v[key], src[key] = c, i
        return v, src, labels
    # a declaration whose cells stand anywhere: the labels, then 三级指标, then the target
    body = []
    for i, c in enumerate(row):
        if not c:
            continue
        label = is_level_label(c)
        if label in ("level1", "level2"):
            labels.append((label, c))
        elif label != "outer":
            body.append((i, c))
    if len(body) == 1 and body[0][1].lstrip().startswith(_OPS):
        v["target"], src["target"] = body[0][1], body[0][0]
    elif body:
        v["level3"], src["level3"] = body[0][1], body[0][0]
        if len(body) > 1:
            v["target"] = "".join(c for _, c in body[1:])
            src["target"] = body[-1][0]
    return v, src, labels


def _target(v: dict[str, str]) -> str:
    """The target, joined again where a system prints it as 指标性质 | 指标值 | 度量单位."""
    value = v.get("target", "")
    if "op" not in v and "unit" not in v:
        return value
    op, unit = v.get("op", "").strip(), v.get("unit", "").strip()
    if op in ("定性", "") or not value:
        return value or op
    return f"{op}{value}{unit if unit not in value else ''}"


def _rows(cells: list[list[str]], lo: int, hi: int, cols: dict[str, int], tid: str, where: Where,
          problems: list[Diagnostic], source: str, broken: bool, span: int = 1) -> tuple[list[TableRow], dict[str, Any]]:
    figures = "weight" in cols or "score" in cols
    head = [c for r in range(max(0, lo - 2), lo) for c in enumerate(cells[r])]
    # columns the header names and the table does not read: 复核得分 … of a scored copy beside 得分 or
    # after the last column, and 指标解释, 评分标准, 中期指标值 … in the header row itself: a row's cells
    # under them are passed over, and they are never a total or a grade
    named = [(i, c) for r in range(lo - span, lo) for i, c in enumerate(cells[r])]
    unread = frozenset(i for i, c in named if c and i not in cols.values())
    beyond = frozenset([i for i, c in head if c and i > max(cols.values())]
                       + [i for i in unread if i > min(cols.values())])
    out: list[dict[str, Any]] = []
    extra: dict[str, Any] = {}
    cur = {"level1": "", "level2": ""}
    pending: dict[str, str] = {}
    blank = False
    total_seen = False
    for r in range(lo, hi):
        row = cells[r]
        if not any(row):
            blank = True
            continue
        after_blank, blank = blank, False
        f = _first(row)
        n0 = norm(row[f])
        if label_key(row[f]) == "grade" or is_total_label(row[f]):
            row = [c if j not in unread or j == f else "" for j, c in enumerate(row)]
        if label_key(row[f]) == "grade":
            g, _ = label_value(row, f, max(max(cols.values()) + 1, f + 2))  # not a scored copy's 复核 column
            g = grade_of(row[f], g)
            extra["grade"] = g if g is not None else extra.get("grade")
            continue
        if n0.startswith("小计"):  # a group's subtotal: the rows above hold its figures
            continue
        if is_total_label(row[f]):
            w, s_, g = read_totals(row, f, cols)
            extra.update(weight_total=w, score_total=s_)
            extra["grade"] = extra.get("grade") or g
            total_seen = True
            continue
        if total_seen or header_rows(cells, r) is not None:
            continue
        v, src, labels = _place(row, cols, figures, beyond)
        fields = [k for k in _BODY if v.get(k)]
        if not fields and labels:
            _set_levels(labels, cur, out)
            continue
        if not fields:
            continue
        numbers = any(v.get(k) for k in ("weight", "score"))
        prev = out[-1] if out else None
        piece = broken and not numbers and (len(fields) == 1 or (
            after_blank and not labels and not figures and len(fields) <= 2
            and not v.get("target", "").lstrip().startswith(_OPS)))
        if piece and prev is not None and not labels:
            for k in fields:  # the rest of the row above, broken over a line or a page
                key = k
                if not figures and len(fields) == 1 and k in ("level3", "target"):
                    key = _continues(src[k], cols, prev["src"])
                prev.setdefault("more", {}).setdefault(key, []).append(v[k])  # joined below: linear in the pieces
            continue
        if piece and figures and labels:
            _set_levels(labels, cur, out)
            for k in fields:  # the start of the row below, printed before a page break
                pending[k] = pending.get(k, "") + v[k]
            continue
        _set_levels(labels, cur, out)
        for k, text in pending.items():
            v[k] = text + v.get(k, "")
        pending = {}
        if not v.get("level3") and not _target(v):
            col = min(src.values())
            problems.append(read_problem(source, msg(N_("a row with neither 三级指标 nor 年度指标值 is not read")), "R106",
                                         where=where(r, col)))
            continue
        out.append({**v, "level1": cur["level1"], "level2": cur["level2"], "src": src, "r": r})
    if pending:  # the start of a row that never came: a row of its own
        out.append({**pending, "level1": cur["level1"], "level2": cur["level2"], "src": {}, "r": hi - 1})
    for d in out:
        for key, parts in d.pop("more", {}).items():
            d[key] = d.get(key, "") + "".join(parts)
    rows = [TableRow(f"{tid}-r{n:02d}", d["level1"], d["level2"], d.get("level3", ""), _target(d), d.get("actual", ""),
                     d.get("weight", ""), d.get("score", ""), d.get("note", ""), where(d["r"], None))
            for n, d in enumerate(out, start=1)]
    return rows, extra


def _continues(col: int, cols: dict[str, int], above: dict[str, int]) -> str:
    """Which cell of the row above a lone piece in column ``col`` continues: the target where
    the header or that row has it in this column, else the 三级指标 where either has it there,
    else the target."""
    if col in (cols.get("target"), above.get("target")):
        return "target"
    return "level3" if col in (cols.get("level3"), above.get("level3")) else "target"


def _set_levels(labels: list[tuple[str, str]], cur: dict[str, str], out: list[dict[str, Any]]) -> None:
    """Group labels printed on this row: they hold from here on, and for the rows above that
    have none yet (a label centred in its merged cells is printed below the group's top)."""
    for level, text in labels:
        text = "".join(text.split()) if re.fullmatch(r"[\u4e00-\u9fff\s]+", text) else text
        if level == "level1" and cur["level1"] and text != cur["level1"]:
            cur["level2"] = ""
        cur[level] = text
        for d in reversed(out):
            if d[level] or (level == "level2" and d["level1"] != cur["level1"]):
                break
            d[level] = text


# ---------------------------------------------------------------------------
# one table, every table


def _table(cells: list[list[str]], lo: int, hi: int, tid: str, source: str, where: Where,
           problems: list[Diagnostic], broken: bool) -> Table | None:
    head = None
    for r in range(lo, hi):
        h = header_rows(cells, r) if any(cells[r]) else None
        if h is not None:
            head = (r, *h)
            break
    if head is None:
        return None
    r0, cols, span = head
    info: dict[str, Any] = {}
    budget: BudgetBlock | None = None
    kind: str | None = None
    for r in range(lo, r0):
        if kind is None and title_kind(cells[r]):
            kind = title_kind(cells[r])
            m = re.search(r"(\d{4})\s*年", cells[r][_first(cells[r])])  # 2024年度项目支出绩效自评表
            if m:
                info.setdefault("year", int(m.group(1)))
        bcols = budget_columns(cells[r])
        if budget is None and len(bcols) >= 3 and ("full" in bcols or "executed" in bcols or "initial" in bcols):
            budget = read_budget(cells, r, r0, bcols)
            continue
        read_labels(cells[r], info)
    rows, extra = _rows(cells, r0 + span, hi, cols, tid, where, problems, source, broken, span)
    if kind is None or kind == "self_evaluation" and not ("actual" in cols or "score" in cols):
        kind = "self_evaluation" if ("actual" in cols or "score" in cols) else "declaration"
    if kind == "declaration":  # its block prints what is asked for: 年度资金总额, 其中：财政拨款 …
        declared = read_declared_budget(cells, lo, r0)
        if budget is None or declared is None:
            budget = budget or declared
        else:
            budget = attrs.evolve(budget, project_total=declared.project_total, fiscal=declared.fiscal,
                                  other=declared.other)
    return Table(tid, info.get("project", ""), info.get("year"), tuple(rows), budget, extra.get("weight_total"),
                 extra.get("score_total"), extra.get("grade"), info.get("department"), info.get("unit"), source, kind)


_WRAP = re.compile(r"(?<=[\u4e00-\u9fff，、。：；]) (?=[\u4e00-\u9fff，、。：；])")


def grid_tables(grid: Sequence[Sequence[Any]], tid: str, source: str, where: Where,
                problems: list[Diagnostic], wraps: bool = False, limits: Limits = DEFAULT_LIMITS) -> list[Table]:
    """Every table of a grid, in order, with the ids ``tid-t1``, ``tid-t2`` …; ``[]`` when it
    holds none (the caller says so).  ``wraps``: the text was taken out of a PDF, so a space
    between two Chinese characters is a line wrap (taken out), and a row of one cell is a
    piece of the row above or below, broken over a line or a page (joined to it).  Each table
    is within ``limits`` (:func:`~indicator_dsl.tables.io.bounds.cut_table`: a cell beyond
    ``cell_chars`` cut and flagged, rows beyond ``table_rows`` left out and flagged)."""
    cells = [[clean_cell(c) for c in row] for row in grid]
    if wraps:
        cells = [[_WRAP.sub("", c) if " " in c else c for c in row] for row in cells]
    found: list[Table] = []
    for lo, hi in _segments(cells):
        t = _table(cells, lo, hi, f"{tid}-t{len(found) + 1}", source, where, problems, wraps)
        if t is not None:
            found.append(cut_table(t, limits, problems))
    return found

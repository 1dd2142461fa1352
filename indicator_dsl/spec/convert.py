"""Spec files ↔ tables: ``score``, ``audit`` and ``convert`` on *.ind files.

:func:`spec_to_table` gives the :class:`~indicator_dsl.tables.model.Table` a spec file
describes (its id is the file's name; rows are numbered ``<id>-r01``, …), so every
table command works on spec files; :func:`table_to_spec` writes a table (read from
the corpus TSV, CSV, XLSX or JSON) as a spec.  A table cannot hold comments or 方向:
those live in the spec only.  ``方向 反向`` is applied once, when the table is made
(``=6次`` becomes ``<= 6 次``); the reference values travel with the table
(``Table.references``), and each row carries its target as the spec file read it
(``TableRow.parsed``), so scoring reads nothing again.

>>> from indicator_dsl.spec import parse_spec
>>> spec = parse_spec('''名称：示例
... 年度：2023
... 一级 成本指标
...   二级 经济成本指标
...     三级 差旅费 | =5万元 | 方向 反向 | 分值 10
... ''')
>>> spec_to_table(spec, "demo").rows[0]
TableRow(id='demo-r01', level1='成本指标', level2='经济成本指标', level3='差旅费', target='<= 5 万元', actual='', weight='10', score='', note='', where=None)
>>> table_to_spec(spec_to_table(spec, "demo")).levels[0].groups[0].indicators[0].target
'<= 5 万元'
>>> str(spec_to_table(spec, "demo").rows[0].parsed.target)
'<= 5 万元'
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any, Mapping

import attrs

from indicator_dsl.diagnostics import Diagnostic
from indicator_dsl.errors import TargetSyntaxError
from indicator_dsl.messages import Message
from indicator_dsl.spec.model import (
    Budget,
    Direction,
    Indicator,
    Kind,
    Level1,
    Level2,
    Reference,
    Remarks,
    SpecFile,
    Total,
)
from indicator_dsl.spec.read import is_printed_number, is_quoted, parse_weight, read_spec
from indicator_dsl.tables.io.common import unreadable
from indicator_dsl.tables.io.outdir import OutputNames, text_writer, write_new
from indicator_dsl.tables.model import BudgetBlock, ParsedTarget, Table, TableRow
from indicator_dsl.target.model import AllOf, Approx, Compare, Op, Range, Relative, Target

__all__ = ["spec_to_table", "table_to_spec", "effective_target", "read_spec_file", "spec_references", "write_spec_files",
           "verbatim_comment", "unreadable_verbatim"]


def effective_target(target: Target, direction: Direction | None) -> Target:
    """The target as scored under a 方向 override.

    反向 (lower is better) makes ``=``, ``约`` and ranges upper bounds; 正向 makes ``=``
    "at least".  A sign that already says the other way is left alone (the linter
    reports it, E205).

    >>> from indicator_dsl.target.parse import parse_target
    >>> str(effective_target(parse_target("1-2场"), Direction.DOWN)), str(effective_target(parse_target("=6次"), Direction.UP))
    ('<= 2 场', '>= 6 次')
    """
    if direction is None:
        return target
    if isinstance(target, AllOf):
        return attrs.evolve(target, parts=tuple(effective_target(p, direction) for p in target.parts))
    down = direction is Direction.DOWN
    if isinstance(target, Compare) and target.op is Op.EQ:
        return attrs.evolve(target, op=Op.LE if down else Op.GE)
    if isinstance(target, Relative) and target.op is Op.EQ:
        return attrs.evolve(target, op=Op.LE if down else Op.GE)
    if down and isinstance(target, Approx):
        return Compare(Op.LE, target.value, target.unit, target.per, target.subject, span=target.span)
    if down and isinstance(target, Range):
        return Compare(Op.LE, target.high, target.unit, target.per, target.subject, span=target.span)
    return target


def _without_spans(target: Target) -> Target:
    """``target`` with no spans: rewritten by 方向, it no longer stands in the text it was read from."""
    if isinstance(target, AllOf):
        return AllOf(tuple(_without_spans(p) for p in target.parts))
    return attrs.evolve(target, span=None)


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def spec_to_table(spec: SpecFile, table_id: str, *, source: str | None = None, text: str | None = None) -> Table:
    """The table ``spec`` describes.  ``source`` (the file) and ``text`` give each row its ``where``.

    Each row carries its target as the spec read it (with 方向 applied: the row's target
    is then the canonical text of the target scored, and its reading has no spans); the
    table carries the spec's reference values.  An unreadable target is kept as written.
    """
    rows = []
    for n, (l1, l2, ind) in enumerate(spec.indicators(), 1):
        target = ind.target or ""
        parsed = ind.read_target(spec.year)
        if ind.direction is not None and parsed is not None and parsed.target is not None:
            scored = _without_spans(effective_target(parsed.target, ind.direction))
            target = str(scored)
            parsed = ParsedTarget(target, spec.year, scored)
        where = None
        if source is not None and text is not None and ind.span is not None:
            where = f"{source}:{_line(text, ind.span.start)}"
        rows.append(TableRow(
            f"{table_id}-r{n:02d}", l1.name, l2.name, ind.name, target, ind.actual or "",
            "" if ind.weight is None else format(ind.weight, "f"), "" if ind.score is None else format(ind.score, "f"),
            ind.note or "", where, parsed=parsed,
        ))
    b = spec.budget
    budget = BudgetBlock(b.money_unit, b.initial, b.full, b.executed, b.weight, b.rate, b.score,
                         b.project_total, b.fiscal, b.other) if b is not None else None
    t = spec.total
    return Table(
        table_id, spec.name or "", spec.year, tuple(rows), budget,
        None if t is None or t.weight is None else format(t.weight, "f"),
        None if t is None or t.score is None else format(t.score, "f"),
        None if t is None else t.grade,
        spec.department, spec.unit, source, spec.effective_kind.table_kind, references=spec.reference_values(),
    )


def _clean(text: str | None) -> str | None:
    """A cell as one line of a spec (line breaks become spaces), or None when empty."""
    if text is None:
        return None
    text = re.sub(r"[ \t\u3000]*[\r\n]+[ \t\u3000]*", " ", text).strip(" \t\u3000")
    return text or None


# what a published table prints for "no figure"; a spec leaves the field out
_NO_FIGURE = ("—", "——", "-", "－", "/", "／", "无")


def _number(text: str, what: str, where: str) -> Decimal | None:
    text = text.strip()
    if not text or text in _NO_FIGURE:
        return None
    value = parse_weight(text)
    if value is None:
        raise ValueError(f"{where}: {what} {text!r} is not a number a spec file can hold")
    return value


def _figure(text: str | None, what: str, where: str) -> str | None:
    text = _clean(text)
    if text in _NO_FIGURE:
        return None
    if text is not None and not is_printed_number(text):
        raise ValueError(f"{where}: the budget's {what} {text!r} is not a number a spec file can hold")
    return text


VERBATIM_COMMENT = "# 按发布原文保留，目标语言读不出 (kept as published; the target language cannot read it): {error}"


def verbatim_comment(error: TargetSyntaxError) -> str:
    """The comment line above a published target the strict target language cannot read,
    which a spec keeps in quotes: why it is kept so (the strict error, on one line).

    >>> from indicator_dsl.target.parse import read_target
    >>> print(verbatim_comment(read_target("≥9O%")[1]))
    # 按发布原文保留，目标语言读不出 (kept as published; the target language cannot read it): a letter inside a number at 2-3 ('O'): expected a digit, a unit or %
    """
    return VERBATIM_COMMENT.format(error=" ".join(str(error).split()))


def unreadable_verbatim(spec: SpecFile) -> list[Indicator]:
    """The indicators of ``spec`` whose target is kept as published (in quotes,
    :attr:`Indicator.verbatim`) because the strict target language cannot read it."""
    out = []
    for _, _, ind in spec.indicators():
        p = ind.read_target(spec.year) if ind.verbatim else None
        if p is not None and p.error is not None and p.error.label != "empty":
            out.append(ind)
    return out


def table_to_spec(table: Table, references: Mapping[str, Any] | None = None) -> SpecFile:
    """The spec file of ``table``.  Raises ``ValueError`` for a cell a spec cannot hold.

    A published target the strict target language cannot read is kept as printed: written
    in quotes (a verbatim target, read by ``check`` without an error and scored as the
    published cell is), with the strict error in a comment line above it
    (:func:`verbatim_comment`); so is a target that is itself in double quotes.

    Every reference a relative target names is declared (``参考值：上年``), with its
    value from ``references`` or else from the table's own (``Table.references``); the
    table's other references follow.  Each indicator keeps the row's reading of its
    target, so formatting the spec reads nothing again.
    """
    levels: list[tuple[str, list[tuple[str, list[Indicator]]]]] = []
    used: list[str] = []
    for r in table.rows:
        where = r.where or r.id
        l1, l2, name = _clean(r.level1), _clean(r.level2), _clean(r.level3)
        if l1 is None or l2 is None or name is None:
            missing = "一级指标" if l1 is None else "二级指标" if l2 is None else "三级指标"
            raise ValueError(f"{where}: the row has no {missing}, which a spec file needs")
        target = _clean(r.target)
        parsed = None
        verbatim, remarks = False, Remarks()
        if target is not None:
            parsed = r.read_target(table.year) if target == r.target else ParsedTarget.read(target, table.year)
            t = parsed.target
            for p in (t.parts if isinstance(t, AllOf) else (t,)) if t is not None else ():
                if isinstance(p, Relative) and p.reference not in used:
                    used.append(p.reference)
            err = parsed.error
            if err is not None and err.label != "empty":  # kept as published, the strict error above it
                verbatim, remarks = True, Remarks((verbatim_comment(err),))
            verbatim = verbatim or is_quoted(target)
        ind = Indicator(name, target, _number(r.weight, "分值", where), _clean(r.actual), _number(r.score, "得分", where), _clean(r.note),
                        remarks=remarks, parsed=parsed, verbatim=verbatim)
        if not levels or levels[-1][0] != l1:
            levels.append((l1, []))
        groups = levels[-1][1]
        if not groups or groups[-1][0] != l2:
            groups.append((l2, []))
        groups[-1][1].append(ind)
    refs = {**table.reference_values, **(references or {})}
    used += [name for name in table.reference_values if name not in used]
    where = table.source or table.id
    for name in used:
        if "\n" in name:  # a 参考值 line holds any other character (in quotes: spec.lines.reference_name)
            raise ValueError(f"{where}: the reference name {name!r} has a line break, which a spec line cannot hold")
    b = table.budget
    budget = None
    if b is not None:
        budget = Budget(_clean(b.money_unit), _figure(b.initial, "initial", where), _figure(b.full, "full", where),
                        _figure(b.executed, "executed", where), _figure(b.weight, "weight", where),
                        _figure(b.rate, "rate", where), _figure(b.score, "score", where),
                        project_total=_figure(b.project_total, "project_total", where),
                        fiscal=_figure(b.fiscal, "fiscal", where), other=_figure(b.other, "other", where))
    total = None
    if table.weight_total or table.score_total or table.grade:
        total = Total(_number(table.weight_total or "", "总分 分值", where), _number(table.score_total or "", "总分 得分", where), _clean(table.grade))
    spec = SpecFile(
        _clean(table.project), table.year, _clean(table.department), _clean(table.unit), None,
        tuple(Reference(name, None if refs.get(name) is None else Decimal(str(refs[name]))) for name in used),
        budget, tuple(Level1(n1, tuple(Level2(n2, tuple(inds)) for n2, inds in groups)) for n1, groups in levels), total,
    )
    kind = Kind.DECLARATION if table.kind == "declaration" else Kind.SELF_EVALUATION
    if spec.effective_kind is not kind:
        spec = attrs.evolve(spec, kind=kind)
    return spec


# ------------------------------------------------------------------ files
def read_spec_file(path: Path, problems: list[Diagnostic]) -> list[Table]:
    """The table of one *.ind file, for ``indicator_dsl.reading.read_tables``; each reading error is a problem."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        problems.append(unreadable(path, e))
        return []
    read = read_spec(text, file=str(path))
    problems.extend(read.errors)
    return [spec_to_table(read.spec, Path(path).stem, source=str(path), text=text)]


def spec_references(table: Table) -> dict[str, Decimal]:
    """The reference values of the spec file a table was read from ({} for other tables).

    They travel with the table (``Table.references``, which ``score_table`` uses by
    itself); this is kept for callers that pass them explicitly.  Nothing is re-read.
    """
    return table.reference_values


def write_spec_files(tables: list[Table], out: str | Path, notes: list[Message] | None = None,
                     verbatim: list[tuple[Path, str]] | None = None, skipped: list[str] | None = None) -> list[Path]:
    """Write each table as a spec file: to ``out`` itself when it ends in .ind (one table),
    else into the directory ``out`` as ``<table id>.ind``.  A symbolic link planted there is
    replaced, never written through; two tables whose ids give one file name get distinct
    names (``X.ind``, ``X~2.ind``), each renaming noted in ``notes``.  Each target written
    as published because the strict target language cannot read it (in quotes, the reason
    in a comment above it) is added to ``verbatim`` as (file, 三级指标).  A table with a cell
    a spec cannot hold (a 分值 of ``5分``) raises ``ValueError``; with ``skipped`` given, it is
    not written, its reason added there, and the other tables are."""
    from indicator_dsl.spec.format import format_spec

    out = Path(out)
    if out.suffix.lower() == ".ind" and len(tables) != 1:
        raise ValueError(f"{out}: a spec file holds one table, and there are {len(tables)}: give a directory")
    single = out.suffix.lower() == ".ind"
    if not single:
        out.mkdir(parents=True, exist_ok=True)
    written = []
    names = OutputNames(out.parent if single else out)
    for t in tables:
        try:
            spec = table_to_spec(t)
        except ValueError as e:
            if skipped is None:
                raise
            skipped.append(f"{t.id}: {e}")
            continue
        p = out if single else names.path(t.id, ".ind")
        write_new(p, text_writer(format_spec(spec)))
        written.append(p)
        if verbatim is not None:
            verbatim.extend((p, ind.name) for ind in unreadable_verbatim(spec))
    if notes is not None:
        notes.extend(names.notes)
    return written

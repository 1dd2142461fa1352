"""Building a :class:`~indicator_dsl.spec.SpecFile` from the lines of a spec file.

Each line is parsed alone (``lines.parse_line``); this module puts the lines
together: which 二级 a 三级 belongs to, which block a 分值 line belongs to, comments
to the line below them, values checked (numbers, 方向, 类型).  Every problem is a
Diagnostic (codes E100–E105, docs/lint.md) and reading goes on with the next line.
Targets are read with ``parse_target`` once the year is known (E101), their error
spans mapped back into the file; each indicator keeps its reading
(``Indicator.parsed``), so nothing downstream reads a target again.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from indicator_dsl.diagnostics import ERROR, Diagnostic
from indicator_dsl.errors import SpecSyntaxError
from indicator_dsl.messages import N_, Message, comma_words, msg
from indicator_dsl.spec.lines import KEY_WORDS, Line, LineError, Value, parse_line
from indicator_dsl.spec.model import (
    BUDGET_FIELDS,
    TOTAL_FIELDS,
    Budget,
    Direction,
    Indicator,
    Kind,
    Level1,
    Level2,
    Reference,
    Remarks,
    SpecFile,
    SpecRead,
    Total,
)
from indicator_dsl.tables.model import ParsedTarget
from indicator_dsl.target.model import Span

__all__ = ["read_spec", "parse_spec", "load_spec", "read", "DIRECTIONS", "KINDS", "parse_weight", "is_printed_number",
           "is_quoted"]

DIRECTIONS = {"正向": Direction.UP, "反向": Direction.DOWN, "positive": Direction.UP, "negative": Direction.DOWN}
KINDS = {
    "自评表": Kind.SELF_EVALUATION, "自评": Kind.SELF_EVALUATION, "self-evaluation": Kind.SELF_EVALUATION,
    "申报表": Kind.DECLARATION, "申报": Kind.DECLARATION, "declaration": Kind.DECLARATION,
}
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
_PRINTED = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?$")
_YEAR = re.compile(r"^(\d{4})\s*(?:年度?)?$")
_UNIT = re.compile(r"^[(（]\s*([^()（）]*?)\s*[)）]$")
_INDICATOR_FIELDS = ("weight", "score", "actual", "note", "direction")


def is_quoted(text: str) -> bool:
    """Whether a target cell is written in double quotes (``"≥9O%"``): a published target kept
    verbatim, which the strict target language need not read."""
    return len(text) > 2 and text[0] == '"' and text[-1] == '"'


def _inside_quotes(v: Value) -> Value:
    """The text between the quotes of a quoted target, with its place in the line."""
    return Value(v.text[1:-1], v.offset(1), v.offset(len(v.text) - 1), v.offsets[1:-1] if v.offsets else ())


def parse_weight(text: str) -> Decimal | None:
    """A weight or score as written (``5``, ``2.5``, ``90.00``), exact; None if not one."""
    return Decimal(text) if _NUMBER.match(text) else None


def is_printed_number(text: str) -> bool:
    """A budget figure as printed: ``500000.00``, ``480,800``, ``96.16%``."""
    return bool(_PRINTED.match(text))


class _Reader:
    def __init__(self, text: str, file: str | None) -> None:
        self.text = text
        self.file = file
        self.diags: list[Diagnostic] = []
        self.header: dict[str, Any] = {}
        self.header_remarks: dict[str, Remarks] = {}
        self.header_spans: dict[str, Span] = {}
        self.header_lines: dict[str, int] = {}
        self.refs: list[Reference] = []
        self.ref_lines: dict[str, int] = {}
        self.budget: dict[str, Any] | None = None
        self.total: dict[str, Any] | None = None
        self.block: dict[str, Any] | None = None
        self.levels: list[dict[str, Any]] = []
        self.pending: list[str] = []
        self.targets: list[tuple[Indicator, Value, int]] = []
        self.base = 0
        self.lineno = 0

    # -- diagnostics
    def error(self, start: int, end: int, code: str, message: Message, fix: Message | str = "") -> None:
        self.diags.append(Diagnostic.at(self.text, start, end, ERROR, code, message, fix, self.file))

    def at(self, v: Value | None, line: Line) -> tuple[int, int]:
        if v is None:
            return self.base + line.start, self.base + line.end
        return self.base + v.start, self.base + v.end

    def remarks(self, line: Line) -> Remarks:
        r = Remarks(tuple(self.pending), line.comment)
        self.pending = []
        return r

    # -- lines
    def feed(self, raw: str, base: int, lineno: int) -> None:
        self.base, self.lineno = base, lineno
        parsed = parse_line(raw)
        if parsed is None:
            return
        if isinstance(parsed, LineError):
            self.diags.append(parsed.diagnostic(self.text, base, self.file))
            return
        if parsed.kind == "comment":
            assert parsed.comment is not None
            self.pending.append(parsed.comment)
            return
        if parsed.kind != "field":
            self.block = None
        getattr(self, "_" + parsed.kind)(parsed)

    def _span(self, line: Line) -> Span:
        return Span(self.base + line.start, self.base + line.end)

    def _header(self, line: Line) -> None:
        key, v = line.key, line.values[0]
        assert key is not None and v is not None
        if key in self.header_lines:
            self.error(*self.at(line.keyword, line), "E105",
                       msg(N_("{field} is given twice (first on line {line})"), field=KEY_WORDS[key], line=self.header_lines[key]),
                       msg(N_("keep one {field} line"), field=KEY_WORDS[key]))
            self.pending = []
            return
        value: Any = v.text
        if key == "year":
            m = _YEAR.match(v.text)
            if not m:
                self.error(*self.at(v, line), "E102", msg(N_("年度 must be a year such as 2025, not '{value}'"), value=v.text),
                           msg(N_("write the year in four digits: 年度：2025")))
                value = None
            else:
                value = int(m.group(1))
        elif key == "kind":
            value = KINDS.get(v.text)
            if value is None:
                self.error(*self.at(v, line), "E103", msg(N_("类型 must be 自评表 or 申报表, not '{value}'"), value=v.text),
                           msg(N_("write 类型：自评表 or 类型：申报表")))
        self.header[key] = value
        self.header_lines[key] = self.lineno
        self.header_spans[key] = self._span(line)
        self.header_remarks[key] = self.remarks(line)

    def _reference(self, line: Line) -> None:
        name = line.values[0]
        assert name is not None
        value = Decimal(line.values[1].text) if len(line.values) > 1 and line.values[1] is not None else None
        if name.text in self.ref_lines:
            self.error(*self.at(name, line), "E105", msg(N_("the reference {name} is declared twice (first on line {line})"),
                                                      name=name.text, line=self.ref_lines[name.text]),
                       msg(N_("keep one 参考值 line for each name")))
            self.pending = []
            return
        self.ref_lines[name.text] = self.lineno
        self.refs.append(Reference(name.text, value, self.remarks(line), span=self._span(line)))

    def _budget(self, line: Line) -> None:
        if self.budget is not None:
            self.error(*self.at(line.keyword, line), "E105", msg(N_("a second 项目资金 block (the first is on line {line})"),
                                                                  line=self.budget["line"]), msg(N_("keep one 项目资金 block")))
            self.pending = []
            return
        unit = None
        if line.values and line.values[0] is not None:
            raw = line.values[0].text
            m = _UNIT.match(raw)
            unit = (m.group(1) if m else raw).strip() or None
            if unit is not None and (is_printed_number(unit) or " " in unit):
                self.error(*self.at(line.values[0], line), "E102", msg(N_("项目资金 takes the money unit, not '{value}'"), value=raw),
                           msg(N_("write 项目资金（元） and the figures on the lines below (年初预算数 …)")))
                unit = None
        self.budget = {"money_unit": unit, "remarks": self.remarks(line), "span": self._span(line), "line": self.lineno,
                       "fields": {}, "field_remarks": {}, "field_spans": {}, "field_lines": {}, "name": "项目资金"}
        self.block = self.budget

    def _total(self, line: Line) -> None:
        if self.total is not None:
            self.error(*self.at(line.keyword, line), "E105", msg(N_("a second 总分 block (the first is on line {line})"),
                                                                  line=self.total["line"]), msg(N_("keep one 总分 block")))
            self.pending = []
            return
        self.total = {"remarks": self.remarks(line), "span": self._span(line), "line": self.lineno,
                      "fields": {}, "field_remarks": {}, "field_spans": {}, "field_lines": {}, "name": "总分"}
        self.block = self.total

    def _field(self, line: Line) -> None:
        key, v = line.key, line.values[0]
        assert key is not None and v is not None
        word = KEY_WORDS[key]
        block = self.block
        allowed = BUDGET_FIELDS if block is self.budget else TOTAL_FIELDS
        if block is None or key not in allowed:
            written = line.keyword.text if line.keyword else word
            if key in _INDICATOR_FIELDS and key not in ("weight", "score"):
                said = msg(N_("{field} belongs on an indicator line, after its target"), field=written)
                fix = msg(N_("write it on the 三级 line: 三级 名称 | 目标 | {field} …"), field=word)
            elif block is None:
                said = msg(N_("{field} stands outside a block"), field=written)
                fix = msg(N_("write it under 项目资金 ({fields}) or 总分 (分值、得分、评分等级)"),
                          fields="、".join(KEY_WORDS[k] for k in BUDGET_FIELDS))
            else:
                said = msg(N_("{field} is not a field of the {block} block"), field=word, block=block["name"])
                fields = BUDGET_FIELDS if block is self.budget else TOTAL_FIELDS
                fix = msg(N_("the {block} block takes {fields}"), block=block["name"],
                          fields="、".join(KEY_WORDS[k] for k in fields))
            self.error(*self.at(line.keyword, line), "E104", said, fix)
            self.pending = []
            return
        if key in block["field_lines"]:
            self.error(*self.at(line.keyword, line), "E105",
                       msg(N_("{field} is given twice in the {block} block (first on line {line})"), field=word,
                           block=block["name"], line=block["field_lines"][key]),
                       msg(N_("keep one {field} line"), field=word))
            self.pending = []
            return
        block["field_lines"][key] = self.lineno
        block["field_spans"][key] = self._span(line)
        r = self.remarks(line)
        if r:
            block["field_remarks"][key] = r
        value: Any = v.text
        if block is self.budget:
            if not is_printed_number(v.text):
                self.error(*self.at(v, line), "E102",
                           msg(N_("{field} must be a number as printed (500000.00, 480,800, 96.16%), not '{value}'"),
                               field=word, value=v.text),
                           msg(N_("write the figure of {field} in digits"), field=word))
                value = None
        elif key in ("weight", "score"):
            value = parse_weight(v.text)
            if value is None:
                self.error(*self.at(v, line), "E102",
                           msg(N_("{field} must be a number such as 100 or 99.5, not '{value}'"), field=word, value=v.text),
                           msg(N_("write {field} in digits"), field=word))
        block["fields"][key] = value

    def _level1(self, line: Line) -> None:
        v = line.values[0]
        assert v is not None
        self.levels.append({"name": v.text, "groups": [], "remarks": self.remarks(line), "span": self._span(line)})

    def _level2(self, line: Line) -> None:
        v = line.values[0]
        assert v is not None
        if not self.levels:
            self.error(*self.at(line.keyword, line), "E104", msg(N_("二级 comes before any 一级: write the 一级 line above it")),
                       msg(N_("add a line such as 一级 产出指标 above it")))
            self.pending = []
            return
        self.levels[-1]["groups"].append({"name": v.text, "indicators": [], "remarks": self.remarks(line), "span": self._span(line)})

    def _indicator(self, line: Line) -> None:
        name, target = line.values
        assert name is not None
        if not self.levels or not self.levels[-1]["groups"]:
            said = N_("三级 comes before any 二级: write a 二级 line above it") if self.levels else \
                N_("三级 comes before any 二级: write the 一级 and 二级 lines above it")
            self.error(self.base + line.start, self.base + line.end, "E104", msg(said),
                       msg(N_("add lines such as 一级 产出指标 and 二级 数量指标 above it")))
            self.pending = []
            return
        values: dict[str, Any] = {}
        seen: dict[str, Value] = {}
        for key, kw, v in line.attrs:
            word = KEY_WORDS[key]
            if key in seen:
                self.error(*self.at(kw, line), "E105", msg(N_("{field} is given twice on this line"), field=word),
                           msg(N_("keep one {field} field"), field=word))
                continue
            seen[key] = kw
            if key in ("weight", "score"):
                num = parse_weight(v.text)
                if num is None:
                    self.error(*self.at(v, line), "E102",
                               msg(N_("{field} must be a number such as 5 or 2.5, not '{value}'"), field=word, value=v.text),
                               msg(N_("write {field} in digits"), field=word))
                values[key] = num
            elif key == "direction":
                d = DIRECTIONS.get(v.text)
                if d is None:
                    self.error(*self.at(v, line), "E103", msg(N_("方向 must be 正向 or 反向, not '{value}'"), value=v.text),
                               msg(N_("write 方向 正向 (higher is better) or 方向 反向 (lower is better)")))
                values[key] = d
            elif key in ("actual", "note"):
                values[key] = v.text
            else:  # a budget or total field on an indicator line
                self.error(*self.at(kw, line), "E104", msg(N_("{field} is not a field of an indicator"), field=kw.text),
                           msg(N_("an indicator takes 分值, 得分, 实际, 说明 and 方向")))
        verbatim = target is not None and is_quoted(target.text)
        if verbatim:
            assert target is not None
            target = _inside_quotes(target)
        tspan = Span(self.base + target.start, self.base + target.end) if target is not None else None
        ind = Indicator(name.text, target.text if target is not None else None, values.get("weight"), values.get("actual"),
                        values.get("score"), values.get("note"), values.get("direction"), self.remarks(line),
                        span=self._span(line), name_span=Span(self.base + name.start, self.base + name.end), target_span=tspan,
                        verbatim=verbatim)
        self.levels[-1]["groups"][-1]["indicators"].append(ind)
        if target is not None:
            self.targets.append((ind, target, self.base))

    # -- the end
    def check_targets(self, year: int | None) -> dict[int, ParsedTarget]:
        """Read every target once under ``year``: the readings by ``id`` of their indicator.

        A target the strict language cannot read keeps its error (E101 here, unless it is
        quoted) and, beside it, the lenient reading of that same parse (``ParsedTarget.lenient``),
        which scoring uses as it does for a published cell: the cell is not parsed again."""
        out: dict[int, ParsedTarget] = {}
        for ind, v, base in self.targets:
            try:
                parsed = ParsedTarget.read(v.text, year, lenient=True)
            except Exception as e:  # a bug of the target parser: report it, do not stop reading
                self.error(base + v.start, base + v.end, "E101",
                           msg(N_("target: cannot be read ({error})"), error=f"{type(e).__name__}: {e}"), _TARGET_FIX)
                continue
            out[id(ind)] = parsed
            err = parsed.error
            if err is not None and err.label != "empty" and not ind.verbatim:  # a quoted target is kept as published
                found = v.text[err.start:err.end]
                what = msg(N_("target: {problem} ('{found}')"), problem=err.problem_msg, found=found) if found else \
                    msg(N_("target: {problem} (at the end of the target)"), problem=err.problem_msg)
                if err.expected:
                    what = msg(N_("{message}: expected {expected}"), message=what, expected=comma_words(err.expected_msgs))
                start = base + v.offset(err.start)
                end = base + v.offset(err.end) if err.end > err.start else start
                self.error(start, end, "E101", what, _TARGET_FIX)
        return out

    def result(self, parsed: dict[int, ParsedTarget]) -> SpecFile:
        """The model; each indicator with its reading from ``parsed`` (by ``id``)."""
        def block(d: dict[str, Any] | None, names: tuple[str, ...]) -> dict[str, Any]:
            assert d is not None
            return dict(
                **{k: d["fields"].get(k) for k in names},
                remarks=d["remarks"], span=d["span"],
                field_remarks=tuple((k, d["field_remarks"][k]) for k in names if k in d["field_remarks"]),
                field_spans=tuple((k, d["field_spans"][k]) for k in names if k in d["field_spans"]),
            )

        budget = Budget(self.budget["money_unit"], **block(self.budget, BUDGET_FIELDS)) if self.budget else None
        total = Total(**block(self.total, TOTAL_FIELDS)) if self.total else None
        def read(ind: Indicator) -> Indicator:
            p = parsed.get(id(ind))
            return ind if p is None else attrs.evolve(ind, parsed=p)

        levels = tuple(
            Level1(l1["name"], tuple(Level2(g["name"], tuple(read(i) for i in g["indicators"]), g["remarks"], span=g["span"])
                                     for g in l1["groups"]),
                   l1["remarks"], span=l1["span"])
            for l1 in self.levels
        )
        order = ("name", "year", "department", "unit", "kind")
        return SpecFile(
            self.header.get("name"), self.header.get("year"), self.header.get("department"), self.header.get("unit"),
            self.header.get("kind"), tuple(self.refs), budget, levels, total,
            tuple((k, self.header_remarks[k]) for k in order if k in self.header_remarks and self.header_remarks[k]),
            tuple(self.pending), header_spans=tuple((k, self.header_spans[k]) for k in order if k in self.header_spans),
        )


_TARGET_FIX = msg(N_("write the target in the target language (docs/syntax.md), e.g. ≥90%, 不少于150名, 1-2场, 按季度完成"))
def read(text: str, file: str | None) -> tuple[SpecFile, list[Diagnostic]]:
    """The model and the reading diagnostics of a spec file's ``text``."""
    r = _Reader(text, file)
    base = 0
    lines = text.split("\n")
    for n, raw in enumerate(lines, 1):
        line = raw[:-1] if raw.endswith("\r") else raw
        if n == 1 and line.startswith("\ufeff"):
            r.feed(line[1:], base + 1, n)
        else:
            r.feed(line, base, n)
        base += len(raw) + 1
    spec = r.result(r.check_targets(r.header.get("year")))
    r.diags.sort(key=lambda d: (d.start, d.code))
    return spec, r.diags


def read_spec(text: str, *, file: str | None = None) -> SpecRead:
    """Read a spec file's text; never raises.  Diagnostics: E100–E105 (see docs/lint.md)."""
    spec, diagnostics = read(text, file)
    return SpecRead(spec, tuple(diagnostics), text, file)


def parse_spec(text: str, *, file: str | None = None) -> SpecFile:
    """Read a spec file's text; raise :class:`SpecSyntaxError` at its first error.

    >>> parse_spec("三级 a | b")
    Traceback (most recent call last):
    ...
    indicator_dsl.errors.SpecSyntaxError: 1:1: 三级 comes before any 二级: write the 一级 and 二级 lines above it
    """
    read = read_spec(text, file=file)
    if read.errors:
        d = read.errors[0]
        raise SpecSyntaxError(text, d.start, d.end, d.msg or d.message, (), d.code, file, d.fix_msg or d.fix)
    return read.spec


def load_spec(path: str | Path) -> SpecFile:
    """Read the spec file at ``path`` (UTF-8); raise :class:`SpecSyntaxError` at its first error."""
    return parse_spec(Path(path).read_text(encoding="utf-8-sig"), file=str(path))

"""Writing a spec file in its canonical layout (``indicator-dsl fmt``).

The layout: the header lines (名称, 年度, 主管部门, 实施单位, 类型) with "：", the
references, the 项目资金 block, one paragraph per 一级 (二级 indented by two spaces,
三级 by four), the 总分 block; one blank line between the parts.  On the indicator
lines of one 二级 the columns (name, target, 分值, …) are aligned, counting a Chinese
character two columns wide; a cell wider than the column's cap is left as it is
rather than pushing the whole column right.  Comments stay with the line below them
(or at the end of their line).

Targets are written in the canonical text of the target language (``>= 90 %`` for
``≥90.00(%)``) when that text says everything the written one does; a target with
prose around its figures (``项目工作按季度时间节点完成``), a relative or a qualitative
target is kept as written, so formatting never drops a word.  The targets are those
the reader read (``Indicator.parsed``): formatting reads only the canonical texts, to
check that each one reads back as the same target.

>>> from indicator_dsl.spec import parse_spec
>>> print(format_spec(parse_spec("名称:示例\\n一级 产出指标\\n二级 数量指标\\n三级 培训|≥90.00(%)|分值 10\\n三级 专项调研报告|=2份|分值 5\\n")), end="")
名称：示例
<BLANKLINE>
一级 产出指标
  二级 数量指标
    三级 培训         | >= 90 % | 分值 10
    三级 专项调研报告 | = 2 份  | 分值 5
"""

from __future__ import annotations

from decimal import Decimal
from typing import Iterable, Sequence

from indicator_dsl.errors import TargetSyntaxError
from indicator_dsl.source import display_width
from indicator_dsl.spec.lines import KEY_WORDS, escape, reference_name
from indicator_dsl.spec.model import BUDGET_FIELDS, TOTAL_FIELDS, Indicator, Remarks, SpecFile
from indicator_dsl.target.model import AllOf, Qualitative, Relative, Target
from indicator_dsl.target.normalize import normalize
from indicator_dsl.target.parse import parse_target

__all__ = ["format_spec", "format_text", "canonical_target"]

NAME_CAP = 40     # display columns: a wider name is not used to align its column
CELL_CAP = 24
_PUNCT = set(" \t\u3000,，;；、。.:：!！?？")


def _leaves(t: Target) -> tuple[Target, ...]:
    return t.parts if isinstance(t, AllOf) else (t,)


def _squash(text: str) -> str:
    return "".join(c for c in normalize(text).text if c not in _PUNCT)


def canonical_target(text: str, year: int | None = None, *, parsed: Target | None = None) -> str:
    """The canonical text of a target, when it says everything ``text`` says; else ``text``.

    ``parsed`` is ``text`` already read under ``year`` (it is not read again).

    >>> canonical_target("≥90.00(%)"), canonical_target("不少于150名"), canonical_target("系统并发量大于50")
    ('>= 90 %', '>= 150 名', '系统并发量 > 50')
    >>> canonical_target("项目工作按季度时间节点完成")   # "项目工作" would be lost
    '项目工作按季度时间节点完成'
    """
    if parsed is not None:
        t = parsed
    else:
        try:
            t = parse_target(text, year=year)
        except Exception:  # noqa: BLE001 - unreadable (E101): kept as written
            return text
    leaves = _leaves(t)
    if any(isinstance(p, (Qualitative, Relative)) or p.span is None for p in leaves):
        return text
    covered = [False] * len(text)
    for p in leaves:
        assert p.span is not None
        for i in range(p.span.start, min(p.span.end, len(text))):
            covered[i] = True
    rest = "".join(c if not covered[i] else "\x00" for i, c in enumerate(text))
    residue = "".join(_squash(piece) for piece in rest.split("\x00"))
    subjects = "".join(_squash(getattr(p, "subject", None) or "") for p in leaves)
    if residue != subjects:
        return text
    canon = str(t)
    if canon == text:
        return text
    try:  # the canonical text must read back as the same target
        if parse_target(canon, year=year) != t:
            return text
    except TargetSyntaxError:  # pragma: no cover - the model's str() always re-reads
        return text
    return canon


def _number(d: Decimal) -> str:
    return format(d, "f")


def _kv(word: str, value: str) -> str:
    """``分值 5``; a value that starts with a colon gets "：" so the colon stays its own."""
    return f"{word}：{value}" if value[:1] in (":", "：") else f"{word} {value}"


def _pad(cell: str, width: int) -> str:
    return cell + " " * max(0, width - display_width(cell))


def _with_remarks(lines: list[str], indent: str, body: str, remarks: Remarks) -> None:
    lines.extend(indent + c for c in remarks.before)
    lines.append(indent + body + (f"  {remarks.after}" if remarks.after else ""))


def _indicator_cells(ind: Indicator, year: int | None, canonical: bool) -> list[str]:
    name = escape(ind.name)
    cells = [f"三级：{name}" if name[:1] in (":", "：") else f"三级 {name}"]
    target = ind.target
    if target is not None and ind.verbatim:  # a published target kept as printed, in quotes
        target = f'"{target}"'
    elif target is not None and canonical:
        p = ind.parsed
        if p is not None and p.fits(target, year):
            target = target if p.target is None else canonical_target(target, year, parsed=p.target)
        else:
            target = canonical_target(target, year)
    fields: list[str] = []
    if ind.direction is not None:
        fields.append(_kv(KEY_WORDS["direction"], ind.direction.value))
    if ind.weight is not None:
        fields.append(_kv(KEY_WORDS["weight"], _number(ind.weight)))
    if ind.score is not None:
        fields.append(_kv(KEY_WORDS["score"], _number(ind.score)))
    if ind.actual is not None:
        fields.append(_kv(KEY_WORDS["actual"], escape(ind.actual)))
    if ind.note is not None:
        fields.append(_kv(KEY_WORDS["note"], escape(ind.note)))
    if target is None and not fields:
        return cells
    cells.append(escape(target) if target is not None else "")
    return cells + fields


def _aligned(rows: Sequence[list[str]]) -> list[str]:
    """Rows of cells joined with " | ", every column but a row's last padded to the column's width."""
    widths: dict[int, int] = {}
    for cells in rows:
        for i, c in enumerate(cells[:-1]):
            w = display_width(c)
            if w <= (NAME_CAP if i == 0 else CELL_CAP):
                widths[i] = max(widths.get(i, 0), w)
    out = []
    for cells in rows:
        padded = [_pad(c, widths.get(i, 0)) for i, c in enumerate(cells[:-1])] + cells[-1:]
        out.append(" | ".join(padded))
    return out


def _block(lines: list[str], head: str, remarks: Remarks, items: Iterable[tuple[str, str, Remarks]]) -> None:
    _with_remarks(lines, "", head, remarks)
    items = list(items)
    width = max((display_width(k) for k, _, _ in items), default=0)
    for key, value, r in items:
        body = f"{key}：{value}" if value[:1] in (":", "：") else _pad(key, width) + "  " + value
        _with_remarks(lines, "  ", body, r)


def format_spec(spec: SpecFile, *, canonical_targets: bool = True) -> str:
    """The text of ``spec`` in the canonical layout (ends with a newline)."""
    sections: list[list[str]] = []
    head: list[str] = []
    for key in ("name", "year", "department", "unit", "kind"):
        value = getattr(spec, key)
        if value is None:
            continue
        text = str(value) if key == "year" else value.value if key == "kind" else escape(value)
        _with_remarks(head, "", f"{KEY_WORDS[key]}：{text}", spec.header_remark(key))
    sections.append(head)
    refs: list[str] = []
    for r in spec.references:
        body = f"参考值：{reference_name(r.name)}" + (f" = {_number(r.value)}" if r.value is not None else "")
        _with_remarks(refs, "", body, r.remarks)
    sections.append(refs)
    if spec.budget is not None:
        b = spec.budget
        lines: list[str] = []
        head_text = f"项目资金（{escape(b.money_unit)}）" if b.money_unit else "项目资金"
        _block(lines, head_text, b.remarks,
               ((KEY_WORDS[k], getattr(b, k), b.field_remark(k)) for k in BUDGET_FIELDS if getattr(b, k) is not None))
        sections.append(lines)
    for l1 in spec.levels:
        lines = []
        _with_remarks(lines, "", _kv("一级", escape(l1.name)), l1.remarks)
        for l2 in l1.groups:
            _with_remarks(lines, "  ", _kv("二级", escape(l2.name)), l2.remarks)
            rows = [_indicator_cells(i, spec.year, canonical_targets) for i in l2.indicators]
            for ind, text in zip(l2.indicators, _aligned(rows)):
                _with_remarks(lines, "    ", text, ind.remarks)
        sections.append(lines)
    if spec.total is not None:
        t = spec.total
        lines = []
        values = {"weight": None if t.weight is None else _number(t.weight),
                  "score": None if t.score is None else _number(t.score), "grade": None if t.grade is None else escape(t.grade)}
        _block(lines, "总分", t.remarks, ((KEY_WORDS[k], v, t.field_remark(k)) for k in TOTAL_FIELDS if (v := values[k]) is not None))
        sections.append(lines)
    if spec.end_remarks:
        sections.append(list(spec.end_remarks))
    return "\n\n".join("\n".join(s) for s in sections if s) + "\n"


def format_text(text: str, *, file: str | None = None) -> str:
    """``text`` in the canonical layout; raises SpecSyntaxError if it has errors (nothing is dropped)."""
    from indicator_dsl.spec.read import parse_spec

    return format_spec(parse_spec(text, file=file))

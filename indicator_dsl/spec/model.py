"""Indicator spec files (*.ind): the typed model and how to read one.

A spec file is what a project's authors write before the year starts: the project
header, named reference values, the budget block, the 一级/二级/三级 indicators with
their targets (年度指标值, in the target language) and weights, and, once the year is
over, the actuals and printed scores.  The language is described in
docs/spec-files.md; its grammar is grammars/spec.lark.

>>> from indicator_dsl.spec.read import parse_spec
>>> spec = parse_spec('''\\
... 名称：示例项目
... 年度：2023
... 一级 产出指标
...   二级 数量指标
...     三级 举办培训 | 不少于10场 | 分值 50
... ''')
>>> spec.name, spec.year
('示例项目', 2023)
>>> [(l1.name, l2.name, i.name, i.target, i.weight) for l1, l2, i in spec.indicators()]
[('产出指标', '数量指标', '举办培训', '不少于10场', Decimal('50'))]

Every class is frozen; spans (where a thing stands in the text it was read from) are
not part of equality.  ``read_spec`` never raises: it returns the model built from the
lines it could read and a :class:`~indicator_dsl.diagnostics.Diagnostic` for each bad
one.  ``parse_spec`` raises :class:`~indicator_dsl.errors.SpecSyntaxError` for the
first error instead.
"""

from __future__ import annotations

import enum
from decimal import Decimal
from typing import Any, Iterator

import attrs

from indicator_dsl.tables.model import ParsedTarget
from indicator_dsl.target.model import Span

__all__ = [
    "Direction", "Kind", "Remarks", "Reference", "Indicator", "Level2", "Level1", "Budget",
    "Total", "SpecFile", "SpecRead",
]


class Direction(str, enum.Enum):
    """Which way is better: 正向 (higher is better) or 反向 (lower is better)."""

    UP = "正向"
    DOWN = "反向"


class Kind(str, enum.Enum):
    """What the file is: a 自评表 (with actuals) or a 申报表 (targets only)."""

    SELF_EVALUATION = "自评表"
    DECLARATION = "申报表"

    @property
    def table_kind(self) -> str:
        """The ``Table.kind`` of this kind."""
        return "self_evaluation" if self is Kind.SELF_EVALUATION else "declaration"


def _span() -> Any:
    return attrs.field(default=None, eq=False, repr=False, kw_only=True)


@attrs.frozen(slots=True)
class Remarks:
    """The comment lines before a line (``before``) and the comment at its end (``after``).

    Each comment is kept as written, with its ``#``.
    """

    before: tuple[str, ...] = ()
    after: str | None = None

    def __bool__(self) -> bool:
        return bool(self.before) or self.after is not None


_NO_REMARKS = Remarks()


@attrs.frozen(slots=True)
class Reference:
    """A named reference value for relative targets (参考值：全国平均数 = 85).

    Without a value the name is declared only: its value is given when scoring
    (``--ref NAME=VALUE``).
    """

    name: str
    value: Decimal | None = None
    remarks: Remarks = _NO_REMARKS
    span: Span | None = _span()


@attrs.frozen(slots=True)
class Indicator:
    """One 三级指标: its name, its target as written, and the optional fields.

    ``parsed`` is the target read once by :func:`~indicator_dsl.spec.read.read_spec`
    under the file's year (the target, or its error with the lenient reading beside it); the
    linter, the formatter and the conversion to a table reuse it (:meth:`read_target`).

    ``verbatim``: the target is written in double quotes (``"≥9O%"``), a published target
    kept as printed: the strict target language's error on it is not a reading error, and
    it is scored as a published cell is, read as far as it can be.
    """

    name: str
    target: str | None = None
    weight: Decimal | None = None
    actual: str | None = None
    score: Decimal | None = None
    note: str | None = None
    direction: Direction | None = None
    remarks: Remarks = _NO_REMARKS
    span: Span | None = _span()          # the whole line
    name_span: Span | None = _span()
    target_span: Span | None = _span()   # the target as written in the file (escapes included)
    parsed: ParsedTarget | None = attrs.field(
        default=None, eq=False, repr=False, kw_only=True,
        validator=attrs.validators.optional(attrs.validators.instance_of(ParsedTarget)))
    verbatim: bool = attrs.field(default=False, kw_only=True, validator=attrs.validators.instance_of(bool))

    def read_target(self, year: int | None) -> ParsedTarget | None:
        """The target read under ``year`` (None without a target): the reading the file
        was read with when it fits, else read now."""
        if self.target is None:
            return None
        p = self.parsed
        if p is not None and p.fits(self.target, year):
            return p
        return ParsedTarget.read(self.target, year, lenient=True)


@attrs.frozen(slots=True)
class Level2:
    """A 二级指标 and its indicators."""

    name: str
    indicators: tuple[Indicator, ...] = ()
    remarks: Remarks = _NO_REMARKS
    span: Span | None = _span()


@attrs.frozen(slots=True)
class Level1:
    """A 一级指标 and its 二级 groups."""

    name: str
    groups: tuple[Level2, ...] = ()
    remarks: Remarks = _NO_REMARKS
    span: Span | None = _span()


BUDGET_FIELDS = ("initial", "full", "executed", "weight", "rate", "score", "project_total", "fiscal", "other")
TOTAL_FIELDS = ("weight", "score", "grade")


@attrs.frozen(slots=True)
class Budget:
    """The 项目资金 block; every figure as printed (``480,800``, ``96.16%``).  A declaration's
    block: ``initial`` its 年度资金(申请)总额, ``project_total`` 项目资金总额, ``fiscal`` and
    ``other`` the year's 财政拨款 and 其他资金."""

    money_unit: str | None = None
    initial: str | None = None
    full: str | None = None
    executed: str | None = None
    weight: str | None = None
    rate: str | None = None
    score: str | None = None
    remarks: Remarks = _NO_REMARKS
    field_remarks: tuple[tuple[str, Remarks], ...] = ()  # (field, its comments), fields with comments only
    span: Span | None = _span()
    field_spans: tuple[tuple[str, Span], ...] = _span()
    project_total: str | None = attrs.field(default=None, kw_only=True)
    fiscal: str | None = attrs.field(default=None, kw_only=True)
    other: str | None = attrs.field(default=None, kw_only=True)

    def field_remark(self, name: str) -> Remarks:
        return dict(self.field_remarks).get(name, _NO_REMARKS)


@attrs.frozen(slots=True)
class Total:
    """The 总分 block: the total weight (分值), the printed total score (得分) and grade."""

    weight: Decimal | None = None
    score: Decimal | None = None
    grade: str | None = None
    remarks: Remarks = _NO_REMARKS
    field_remarks: tuple[tuple[str, Remarks], ...] = ()
    span: Span | None = _span()
    field_spans: tuple[tuple[str, Span], ...] = _span()

    def field_remark(self, name: str) -> Remarks:
        return dict(self.field_remarks).get(name, _NO_REMARKS)


HEADER_FIELDS = ("name", "year", "department", "unit", "kind")


@attrs.frozen(slots=True)
class SpecFile:
    """A whole spec file."""

    name: str | None = None
    year: int | None = None
    department: str | None = None
    unit: str | None = None
    kind: Kind | None = None          # as written; see effective_kind
    references: tuple[Reference, ...] = ()
    budget: Budget | None = None
    levels: tuple[Level1, ...] = ()
    total: Total | None = None
    header_remarks: tuple[tuple[str, Remarks], ...] = ()  # (header field, its comments)
    end_remarks: tuple[str, ...] = ()  # comment lines after the last line
    header_spans: tuple[tuple[str, Span], ...] = _span()

    def indicators(self) -> Iterator[tuple[Level1, Level2, Indicator]]:
        """Every indicator with its 一级 and 二级, in file order."""
        for l1 in self.levels:
            for l2 in l1.groups:
                for ind in l2.indicators:
                    yield l1, l2, ind

    def header_remark(self, name: str) -> Remarks:
        return dict(self.header_remarks).get(name, _NO_REMARKS)

    @property
    def has_results(self) -> bool:
        """Does the file carry anything measured after the year (actuals, scores, execution)?"""
        if any(i.actual is not None or i.score is not None for _, _, i in self.indicators()):
            return True
        b, t = self.budget, self.total
        if b is not None and (b.executed is not None or b.rate is not None or b.score is not None):
            return True
        return t is not None and (t.score is not None or t.grade is not None)

    @property
    def effective_kind(self) -> Kind:
        """The kind as written, else 自评表 when the file carries results, else 申报表."""
        if self.kind is not None:
            return self.kind
        return Kind.SELF_EVALUATION if self.has_results else Kind.DECLARATION

    def reference_values(self) -> dict[str, Decimal]:
        """The references that have a value, by name."""
        return {r.name: r.value for r in self.references if r.value is not None}


@attrs.frozen(slots=True)
class SpecRead:
    """What :func:`read_spec` found: the model and the problems (errors of reading only)."""

    spec: SpecFile
    diagnostics: tuple[Any, ...]
    text: str
    file: str | None = None

    @property
    def errors(self) -> tuple[Any, ...]:
        return tuple(d for d in self.diagnostics if d.is_error)

"""Whole self-evaluation tables (项目支出绩效自评表): the model, data only.

A :class:`Table` holds what the published table prints, as written: the project
header, the budget block (项目资金), the indicator rows (一级/二级/三级指标, 年度指标值,
实际完成值, 分值, 得分, 偏差原因分析) and the printed totals, and the values of the
references its relative targets name (from a spec file's 参考值 lines).
:func:`~indicator_dsl.tables.score.score_table` recomputes everything under a scoring policy.

A row keeps its target cell verbatim and, beside it, the cell read once
(:class:`ParsedTarget`: the target or its error).  A reader that reads the targets
anyway (spec files) fills it in; scoring, linting, formatting and converting reuse it.
Rows from the other readers carry none and are read when first scored: reading a
table costs no parsing.

>>> row = TableRow("demo-r01", "产出指标", "数量指标", "举办活动", "≥600.00(场)")
>>> row.parsed is None, str(row.read_target(2023).target)
(True, '>= 600 场')
>>> p = ParsedTarget.read("≥9O%", 2023)
>>> p.target, p.error.label
(None, 'letter-in-number')
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, Mapping

import attrs

from indicator_dsl.errors import TargetSyntaxError
from indicator_dsl.limits import DEFAULT_LIMITS, Limits
from indicator_dsl.target.model import Target
from indicator_dsl.target.parse import parse_target, read_target

__all__ = ["Table", "TableRow", "BudgetBlock", "ParsedTarget", "printed_number"]


@attrs.frozen(slots=True)
class ParsedTarget:
    """A target cell read once: the text and the year it was read with, and the target
    it reads as or the error that stops it (exactly one of the two).  Beside an error,
    ``lenient`` may hold the cell read as far as it can be (``read_target``), when the
    reading was asked to be lenient: a published cell is scored from it, the error kept
    as a warning."""

    text: str
    year: int | None
    target: Target | None = None
    error: TargetSyntaxError | None = attrs.field(default=None, eq=False)
    lenient: Target | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)

    def __attrs_post_init__(self) -> None:
        if (self.target is None) == (self.error is None):
            raise ValueError("a parsed target holds either the target or its error")
        if self.lenient is not None and self.error is None:
            raise ValueError("a lenient reading stands only beside a syntax error")

    @classmethod
    def read(cls, text: str, year: int | None, limits: Limits = DEFAULT_LIMITS, *,
             lenient: bool = False) -> "ParsedTarget":
        """Read ``text`` with ``parse_target`` (within ``limits``); a syntax error is kept, not raised.
        With ``lenient``, a cell the strict language cannot read is read on as far as it can be
        (``read_target``: the strict error is that same reading's, the cell is not parsed twice),
        unless it is empty or beyond the limits.

        >>> p = ParsedTarget.read("≥9O%", 2023, lenient=True)
        >>> p.target, p.error.label, p.lenient
        (None, 'letter-in-number', Qualitative(text='≥9O%'))
        """
        if lenient:
            try:
                target, error = read_target(text, year=year, limits=limits)
            except TargetSyntaxError as e:  # empty, or beyond the limits: nothing to read leniently
                return cls(text, year, error=e)
            return cls(text, year, target) if error is None else cls(text, year, error=error, lenient=target)
        try:
            return cls(text, year, parse_target(text, year=year, limits=limits))
        except TargetSyntaxError as e:
            return cls(text, year, error=e)

    def fits(self, text: str | None, year: int | None) -> bool:
        """Was this read from ``text`` under ``year``?  (A row changed with ``attrs.evolve``
        may carry the reading of its old text: it is not reused then.)"""
        return self.text == text and self.year == year


def printed_number(text: str | None, *, finite: bool = True) -> Decimal | None:
    """A number as printed in a table (``480,800``, ``92.03%``, ``9.2``), or None.  ``NaN`` and
    ``Infinity`` are no printed numbers (None), unless ``finite`` is False (to say why a figure
    cannot be used).

    >>> printed_number("3,837,417.9"), printed_number("92.03%"), printed_number("—"), printed_number("NaN")
    (Decimal('3837417.9'), Decimal('92.03'), None, None)
    """
    if text is None:
        return None
    t = text.strip().replace(",", "").replace("，", "").rstrip("%％").strip()
    if not t:
        return None
    try:
        d = Decimal(t)
    except InvalidOperation:
        return None
    return d if d.is_finite() or not finite else None


@attrs.frozen(slots=True)
class TableRow:
    """One 三级指标 row, every cell as printed."""

    id: str
    level1: str
    level2: str
    level3: str
    target: str
    actual: str = ""
    weight: str = ""
    score: str = ""
    note: str = ""
    where: str | None = None  # file:line of the row in its source, when known
    # the target cell read once (see ParsedTarget); not part of equality
    parsed: ParsedTarget | None = attrs.field(
        default=None, eq=False, repr=False, kw_only=True,
        validator=attrs.validators.optional(attrs.validators.instance_of(ParsedTarget)))

    def read_target(self, year: int | None, limits: Limits = DEFAULT_LIMITS, *, lenient: bool = False) -> ParsedTarget:
        """The target cell read under ``year``: the reading the row was built with when it
        fits the cell and the year (and was read within the default limits), else read now;
        ``lenient``: with the lenient reading beside a syntax error (:meth:`ParsedTarget.read`;
        a strict reading the row was built with is read again for it; a spec file's has the
        lenient reading already)."""
        p = self.parsed
        if p is not None and p.fits(self.target, year) and limits == DEFAULT_LIMITS \
                and (not lenient or p.error is None or p.lenient is not None):
            return p
        return ParsedTarget.read(self.target, year, limits, lenient=lenient)


@attrs.frozen(slots=True)
class BudgetBlock:
    """The 项目资金 block: budgets, execution, and the printed rate and score.

    A target declaration (绩效目标申报表) prints what is asked for, not what was spent:
    its 年度资金(申请)总额 is ``initial`` (the year's budget as it starts), and beside it
    ``project_total`` (项目资金总额, the project over all its years), ``fiscal`` and
    ``other`` (the year's 其中：财政拨款 and 其他资金)."""

    money_unit: str | None = None
    initial: str | None = None
    full: str | None = None
    executed: str | None = None
    weight: str | None = None
    rate: str | None = None
    score: str | None = None
    project_total: str | None = attrs.field(default=None, repr=False)
    fiscal: str | None = attrs.field(default=None, repr=False)
    other: str | None = attrs.field(default=None, repr=False)

    def __repr__(self) -> str:
        """The fields as attrs shows them, a declaration's three only where the block prints them."""
        names = ("money_unit", "initial", "full", "executed", "weight", "rate", "score")
        shown = [f"{k}={getattr(self, k)!r}" for k in names]
        shown += [f"{k}={getattr(self, k)!r}" for k in ("project_total", "fiscal", "other") if getattr(self, k) is not None]
        return f"BudgetBlock({', '.join(shown)})"


def _references(value: Mapping[str, Any] | tuple[tuple[str, Any], ...] | None) -> tuple[tuple[str, Decimal], ...]:
    pairs = value.items() if isinstance(value, Mapping) else (value or ())
    out = []
    for name, v in pairs:
        if isinstance(v, float) or isinstance(v, bool):
            raise TypeError(f"the reference {name} must be an exact decimal, not {v!r}")
        d = Decimal(str(v)) if not isinstance(v, Decimal) else v
        if not d.is_finite():
            raise ValueError(f"the reference {name} must be a finite number, not {v!r}")
        out.append((str(name), d))
    return tuple(sorted(out))


@attrs.frozen(slots=True)
class Table:
    """One self-evaluation (or target declaration) table."""

    id: str
    project: str = ""
    year: int | None = None
    rows: tuple[TableRow, ...] = ()
    budget: BudgetBlock | None = None
    weight_total: str | None = None
    score_total: str | None = None
    grade: str | None = None
    department: str | None = None
    unit: str | None = None
    source: str | None = None
    kind: str = "self_evaluation"  # or "declaration" (目标申报表: targets only)
    # the values of the references the targets name (参考值 of a spec file), sorted by name
    references: tuple[tuple[str, Decimal], ...] = attrs.field(default=(), converter=_references, kw_only=True)

    @property
    def reference_values(self) -> dict[str, Decimal]:
        """The references as a mapping, name -> value (what ``score_table`` uses)."""
        return dict(self.references)

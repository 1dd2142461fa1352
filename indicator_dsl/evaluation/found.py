"""Everything found in one actual cell, each piece found when first asked for.

A claim needs only the normalised text, a date the tokens, a figure the phrase scanner;
``read_actual`` (:mod:`indicator_dsl.evaluation.actual`) decides which of them answers
the target.

>>> f = Found("其中线上800人次，合计1200人次，3项未完成", None)
>>> [(str(q), total) for q, total in f.quantities]
[('800 人次', False), ('1200 人次', True), ('3 项', False)]
>>> [str(q) for q, _ in f.answers], len(f.denied), f.claim.verdict.value
(['800 人次', '1200 人次'], 1, 'partial')
"""

from __future__ import annotations

import bisect
import re
from decimal import Decimal
from typing import Any

from indicator_dsl.errors import IndicatorError
from indicator_dsl.evaluation.claims import CLAUSE_WINDOW, claim_in, denials
from indicator_dsl.evaluation.model import ActualDate, Bound, Claim, Quantity, quantity_of
from indicator_dsl.lazy import once
from indicator_dsl.target.cell import Cell, driver
from indicator_dsl.target.dates import check_date, date_parts, years_after
from indicator_dsl.target.errors import PhraseError
from indicator_dsl.target.model import Approx, Compare, Op, Range, Span
from indicator_dsl.target.normalize import Normalized, normalize
from indicator_dsl.target.scan import quick, scan

__all__ = ["Found", "CLAUSE_WINDOW"]

_BOUND = {Op.EQ: Bound.EXACT, Op.GE: Bound.AT_LEAST, Op.GT: Bound.MORE_THAN, Op.LE: Bound.AT_MOST, Op.LT: Bound.LESS_THAN}

# a total: 共 (not 公共, 共同, 共享, 共建), 合计, 累计…; 其中 marks a part instead
_TOTAL = re.compile(r"(?<!公)共(?![同享建商识性])|合计|总计|累计|总数|总量|总体|全年")


class Found:
    """Everything found in one actual cell, each piece found when first asked for: a claim
    needs only the normalised text, a date the tokens, a figure the phrase scanner."""

    def __init__(self, text: str, year: int | None) -> None:
        self.text = text
        self.year = year
        self.contexts: dict[int, str] = {}  # id(quantity) -> the clause text before it (``quantities`` fills it)
        self.starts: dict[int, int] = {}  # id(quantity) -> where it starts in the normalised text
        self.highs: dict[int, Decimal] = {}  # id(quantity) -> the high end of a range read as its low end
        self.bounded = False  # some figure is a bound (18岁以下, 300余条), not exact (``quantities`` sets it)
        self.denied: frozenset[int] = frozenset()  # figures a denial is said of (``answers`` sets it)

    @once
    def norm(self) -> Normalized:
        return normalize(self.text)

    @once
    def cell(self) -> Cell:
        return Cell(self.text, self.norm)

    @once
    def quantities(self) -> list[tuple[Quantity, bool]]:
        """Every figure of the cell, each with whether it is a total (and its clause in ``contexts``)."""
        cell = self.cell
        quantities: list[tuple[Quantity, bool]] = []  # (quantity, is a total)
        phrases: list[tuple[Any, int, int]]
        fast = quick(cell.ltoks)  # 95%, 12场: read straight from the tokens
        if fast is not None:
            phrases = [(fast, -1, -1)]
        else:
            try:
                # the automaton alone first: a cell of prose fails without building the figures
                # it passes on the way (21005次，见附件 was built whole, then scanned again)
                if not driver().accepts(cell.ltoks, "cell"):
                    raise PhraseError(None, "not a whole-cell figure")
                parts, failed_at = driver().try_parse(cell.ltoks, "cell")
                if failed_at is not None:  # pragma: no cover - accepts said it is one
                    raise PhraseError(None, "not a whole-cell figure")
                phrases = [(p, -1, -1) for p in parts]
            except PhraseError:
                try:
                    phrases = scan(cell, strict=False)
                except IndicatorError:  # pragma: no cover - strict=False raises nothing
                    phrases = []
        toks = cell.toks
        for target, i, _ in phrases:
            q = _as_quantity(target)
            if q is not None:
                quantities.append((q, i >= 0 and self._is_total(i)))
                k = id(q)
                self.contexts[k] = self._clause_before(i) if i >= 0 else ""
                # (a cell read whole: its spans are verbatim, the same as normalised nearly always)
                self.starts[k] = toks[i].start_pos if i >= 0 else q.span.start if q.span else 0  # type: ignore[assignment]
                if q.bound is not Bound.EXACT:
                    self.bounded = True
                    if isinstance(target, Range):
                        self.highs[k] = target.high
        return quantities

    @once
    def answers(self) -> list[tuple[Quantity, bool]]:
        """The figures that may answer a target: every figure but those a denial or slippage is
        said of (3项未完成, 取消2场, 1-2期未能及时培训), which say which cases, not what was done.
        Reading it sets ``denied`` (the ids of those)."""
        found = denials(self.norm.text)
        quantities = self.quantities
        if not found or not quantities:
            return quantities
        at = sorted((self.starts[id(q)], id(q)) for q, _ in quantities)
        starts = [s for s, _ in at]
        denied = set()
        for lo, start, end, hi in found:
            # the first figure from the denial's start (未达到90%: it may start inside the word)
            # to its clause's end, else the last one before it in its clause (found by halving:
            # a cell of many denials and figures is read in linear time)
            i = bisect.bisect_left(starts, start)
            if i < len(at) and at[i][0] < hi:
                denied.add(at[i][1])
            elif i > 0 and at[i - 1][0] >= lo:
                denied.add(at[i - 1][1])
        self.denied = frozenset(denied)
        return [f for f in quantities if id(f[0]) not in denied] if denied else quantities

    def _figure_starts(self) -> list[int]:
        """Where the figures start in the normalised text, stripped as ``claim_in`` strips it,
        in order (made once: ``claim_in`` asks for them at each denial)."""
        return self._sorted_starts

    @once
    def _sorted_starts(self) -> list[int]:
        lead = len(self.norm.text) - len(self.norm.text.lstrip())
        return sorted(self.starts[id(q)] - lead for q, _ in self.quantities)

    @once
    def dates(self) -> list[ActualDate]:
        out = []
        for tok in self.cell.ltoks:
            if tok.type in ("DATE", "REL_DATE", "QUARTER"):
                try:
                    y, m, d = date_parts(tok)
                    check_date(tok, y, m, d)
                except PhraseError:
                    continue
                after = years_after(tok) if y is None else None
                if y is None and self.year is not None:  # 次年2月: the year after the table's
                    y, after = self.year + (after or 0), None
                    y = y if y <= 9999 else None
                out.append(ActualDate(y, m, d, years_after=after,
                                      span=Span(tok.start_pos, tok.end_pos)))  # type: ignore[arg-type]
        return out

    @once
    def claim(self) -> Claim | None:
        return self.verbatim(claim_in(self.norm.text, figures=self._figure_starts))

    @once
    def state(self) -> Claim | None:
        return self.verbatim(claim_in(self.norm.text, states=True, figures=self._figure_starts))

    def span(self, start: int, end: int) -> Span:
        """The span of the verbatim cell that the normalised text's ``[start, end)`` came from."""
        return Span(*self.norm.source_span(start, end))

    def verbatim(self, claim: Claim | None) -> Claim | None:
        """``claim`` (found in the normalised text) with its span in the verbatim cell."""
        if claim is None or claim.span is None or self.norm.identity:
            return claim
        return Claim(claim.verdict, claim.text, span=self.span(claim.span.start, claim.span.end))

    def _clause_before(self, i: int) -> str:
        """The text of token ``i``'s clause before it (共计培训 in 其中线上800人次，共计培训1200人次)."""
        toks = self.cell.toks
        lo = self._clause_starts[i]
        if lo >= i:
            return ""
        # at most the last CLAUSE_WINDOW characters: a figure's words are near it, and a
        # clause of a whole megabyte read again for each of its figures was quadratic
        end: int = toks[i].start_pos  # type: ignore[assignment]  # our tokens always have positions
        first: int = toks[lo].start_pos  # type: ignore[assignment]
        return self.cell.norm.text[max(first, end - CLAUSE_WINDOW):end]

    @once
    def _clause_starts(self) -> list[int]:
        """For each token, the first token of its clause (found once: walking back per figure was quadratic)."""
        starts, lo = [], 0
        for k, t in enumerate(self.cell.toks):
            starts.append(lo)
            if t.type == "SEP":
                lo = k + 1
        return starts

    def _is_total(self, i: int) -> bool:
        before = self._clause_before(i)
        return bool(_TOTAL.search(before)) and "其中" not in before


def _as_quantity(t: Any) -> Quantity | None:
    if isinstance(t, Compare):
        return quantity_of(t.value, t.unit, _BOUND[t.op], t.per, t.span)
    if isinstance(t, Approx):
        return Quantity(t.value, t.unit, Bound.APPROX, t.per, span=t.span)
    if isinstance(t, Range):
        return Quantity(t.low, t.unit, Bound.AT_LEAST, t.per, span=t.span)
    return None

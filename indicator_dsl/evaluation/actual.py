"""Reading an actual (实际完成值) into the model, with the target in view.

An actual is a figure (``32.00(个)``, ``300余条``, ``> 20 次``), a date (``2022年年底``),
a claim (``已完成``, ``有待完善``, ``未开展``) or prose.  The same tokens and phrase
grammar as targets find the figures; which one answers the target is chosen by the
target: the same unit dimension, a total (共/合计) before its parts, never a year or
an ordinal (the grammar reads ``2021第三届`` as a bare number and an ordinal, and a
bare number inside prose is never a figure).

>>> from indicator_dsl import parse_target
>>> str(read_actual("实际走访科技类社会组织27家、企业30家，共57家。", parse_target("=50家")))
'57 家'
>>> read_actual("全年共发布各类信息共300余条").bound.value
'at_least'
>>> read_actual("有待完善").verdict.value
'partial'
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, Sequence

from indicator_dsl.errors import ActualSyntaxError, IndicatorError
from indicator_dsl.evaluation.model import (
    Actual,
    ActualAll,
    ActualDate,
    Bound,
    Claim,
    NoResult,
    Quantity,
    Verdict,
    quantity_of,
)
from indicator_dsl.lazy import once
from indicator_dsl.limits import DEFAULT_LIMITS, Limits, check_text, check_year
from indicator_dsl.target.cell import Cell, driver
from indicator_dsl.target.dates import check_date, date_parts
from indicator_dsl.target.errors import PhraseError
from indicator_dsl.target.model import (
    AllOf,
    Approx,
    Compare,
    Deadline,
    Op,
    Qualitative,
    Range,
    Relative,
    Schedule,
    Span,
    Target,
)
from indicator_dsl.target.normalize import Normalized, normalize
from indicator_dsl.target.scan import quick, scan
from indicator_dsl.target.units import DEFAULT_UNITS, UnitTable

__all__ = ["read_actual", "claim_in", "restates"]

_BOUND = {Op.EQ: Bound.EXACT, Op.GE: Bound.AT_LEAST, Op.GT: Bound.MORE_THAN, Op.LE: Bound.AT_MOST, Op.LT: Bound.LESS_THAN}

# Claims, most decisive first: a denial beats an admission of slippage beats success.
_NOT_MET = re.compile(
    r"未完成|未开展|未达到|未达成|未实现|未能|未举办|未启动|未召开|尚未|没有完成|没有开展|无法完成|取消|^否$|^未$"
)
_PARTIAL = re.compile(
    r"基本完成|部分完成|基本达成|部分达成|基本实现|基本达到|有待完善|有待提高|有待加强|有待改进|有待提升|"
    r"需进一步|尚需|略做调整|略作调整|部分延期|延期|滞后|未全部|完成了?部分|部分工作|^部分$|"
    r"正在|在建|施工中|进行中|推进中|实施中|建设中"
)
# a claim that the target itself was reached: answers any target (rule 10)
_MET = re.compile(r"达成指标|达成目标|完成|达成|实现|达到|达标|^是$|^已$")
# a statement of a good state: answers a qualitative target only (rule 11)
_STATE = re.compile(
    r"建立|建成|形成|满足|通畅|健全|良好|顺利|提升|提高|增强|改善|上升|增长|增加|高于|优于|举办|召开|举行|^好$"
)
# a cell saying nothing happened: against a target of none (0起) it is the count 0
_NOTHING = re.compile(r"^(?:无|没有|暂无|零|未发生|无发生|未出现)$")
# an event held, with no count: one event (举办2021第三届…研讨会)
_HELD = re.compile(r"举办|召开|举行")
_VAGUE = re.compile(r"[多几数若干]+\s*[场次期届轮个项]")  # 多场: a vague count, not one
_PLANNED = re.compile(r"拟|计划|将于|将在|预计|准备|筹备")  # 拟于明年举办: not held yet
# a total: 共 (not 公共, 共同, 共享, 共建), 合计, 累计…; 其中 marks a part instead
CLAUSE_WINDOW = 256  # characters of a figure's clause read before it (共计, 其中, what is counted)
_TOTAL = re.compile(r"(?<!公)共(?![同享建商识性])|合计|总计|累计|总数|总量|总体|全年")


def claim_in(text: str, states: bool = False) -> Claim | None:
    """The claim stated in ``text``, if any; ``states`` also counts good states (良好, 健全).

    >>> claim_in("总体按季度时间节点已完成，有些项目时间略做调整").verdict.value
    'partial'
    >>> claim_in("举办了多场活动") is None, claim_in("举办了多场活动", states=True).verdict.value
    (True, 'met')
    """
    t = text.strip()
    checks = [(Verdict.NOT_MET, _NOT_MET), (Verdict.PARTIAL, _PARTIAL), (Verdict.MET, _MET)]
    if states:
        checks.append((Verdict.MET, _STATE))
    for verdict, pattern in checks:
        m = pattern.search(t)
        if m:
            return Claim(verdict, m.group() or t, span=Span(m.start(), m.end()))
    return None


_CJK = re.compile(r"[\u4e00-\u9fff]+")


def _bigrams(text: str) -> set[str]:
    out: set[str] = set()
    for run in _CJK.findall(text):
        if len(run) == 1:
            out.add(run)
        out.update(run[i:i + 2] for i in range(len(run) - 1))
    return out


def restates(target_text: str, actual_text: str, threshold: Decimal) -> bool:
    """Does the actual state the same result as a qualitative target?

    True when at least ``threshold`` of the bigrams of the target (or of one of its
    clauses), or of the actual, appear in the other.

    >>> restates("具有技术潜力", "评选出10大最具技术潜力的科技成果", Decimal("0.5"))
    True
    >>> restates("保障合作交流长期稳定", "电话、微信开展满意度调查", Decimal("0.5"))
    False
    """
    a = _bigrams(actual_text)
    if not a:
        return False
    pieces = [target_text, *re.split(r"[，,;；、。]", target_text)]
    for piece in pieces:
        t = _bigrams(piece)
        if t and Decimal(len(t & a)) / len(t) >= threshold:
            return True
    t = _bigrams(target_text)
    return bool(t) and Decimal(len(t & a)) / len(a) >= threshold


class _Reading:
    """Everything found in one actual cell, each piece found when first asked for: a claim
    needs only the normalised text, a date the tokens, a figure the phrase scanner."""

    def __init__(self, text: str, year: int | None) -> None:
        self.text = text
        self.year = year
        self.contexts: dict[int, str] = {}  # id(quantity) -> the clause text before it (``quantities`` fills it)

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
        for target, i, _ in phrases:
            q = _as_quantity(target)
            if q is not None:
                quantities.append((q, i >= 0 and self._is_total(i)))
                self.contexts[id(q)] = self._clause_before(i) if i >= 0 else ""
        return quantities

    @once
    def dates(self) -> list[ActualDate]:
        out = []
        for tok in self.cell.ltoks:
            if tok.type in ("DATE", "QUARTER"):
                try:
                    y, m, d = date_parts(tok)
                    check_date(tok, y, m, d)
                except PhraseError:
                    continue
                out.append(ActualDate(y if y is not None else self.year, m, d, span=Span(tok.start_pos, tok.end_pos)))  # type: ignore[arg-type]
        return out

    @once
    def claim(self) -> Claim | None:
        return self.verbatim(claim_in(self.norm.text))

    @once
    def state(self) -> Claim | None:
        return self.verbatim(claim_in(self.norm.text, states=True))

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


def _unit_of(target: Any) -> str | None:
    return getattr(target, "unit", None)


def _pick(found: Sequence[tuple[Quantity, bool]], unit: str | None, units: UnitTable) -> Quantity | None:
    """The quantity that answers a target in ``unit``: same dimension, a total first."""
    if not found:
        return None
    if unit is not None:
        same = [f for f in found if f[0].unit is not None and units.comparable(f[0].unit, unit)]
        if same:
            totals = [q for q, total in same if total]
            return totals[0] if totals else same[0][0]
        bare = [q for q, _ in found if q.unit is None]
        if bare:
            return bare[0]
    totals = [q for q, total in found if total]
    return totals[0] if totals else found[0][0]


def _fallback(r: _Reading) -> Claim | ActualDate | NoResult:
    if r.claim is not None:
        return r.claim
    if r.dates:
        return r.dates[0]
    return NoResult(r.text.strip())


def read_actual(
    text: str | None,
    target: Target | None = None,
    *,
    year: int | None = None,
    units: UnitTable = DEFAULT_UNITS,
    policy_overlap: Decimal = Decimal("0.5"),
    limits: Limits = DEFAULT_LIMITS,
) -> Actual:
    """Read an actual cell; ``target`` decides which figure answers it.

    What cannot be read is a :class:`NoResult`; only a cell beyond ``limits`` (too long, a
    number with too many digits) raises, an :class:`~indicator_dsl.errors.ActualSyntaxError`.
    """
    if text is None:
        return NoResult("")
    if not isinstance(text, str):
        raise TypeError(f"an actual is a str or None, not {type(text).__name__}")
    check_year(year)
    check_text(text, limits, ActualSyntaxError)
    if not text.strip():
        return NoResult("")
    r = _Reading(text, year)
    if isinstance(target, Compare) and target.value == 0 and target.op in (Op.EQ, Op.LE) and _NOTHING.match(text.strip()):
        # 无 against a target of none (0起, ≤0): nothing happened, the count is 0
        return Quantity(Decimal(0), target.unit, Bound.EXACT, span=Span(0, len(text.rstrip())))
    if isinstance(target, (Compare, Range, Approx, Relative)):
        q = _pick(r.quantities, _unit_of(target), units)
        progress = _progress(q, r, _unit_of(target), units)
        if progress is not None:
            return progress
        if q is None and r.claim is None:
            q = _held_once(r, target, units)
        if q is None and isinstance(target, Relative) and r.claim is None and r.state is not None:
            return r.state  # 覆盖率进一步提高: the trend the relative target asks for
        return q if q is not None else _fallback(r)
    if isinstance(target, AllOf):
        return _read_all(r, target, units)
    if isinstance(target, (Schedule, Deadline)):
        if r.dates:
            return r.dates[0]
        return r.claim if r.claim is not None else _hundred(r) or NoResult(text.strip())
    if isinstance(target, Qualitative):
        if r.state is not None and r.state.verdict is not Verdict.MET:
            return r.state
        if restates(target.text, r.norm.text, policy_overlap):
            start = len(text) - len(text.lstrip())
            return Claim(Verdict.MET, text.strip(), span=Span(start, start + len(text.strip())), restated=True)
        if r.state is not None:
            return r.state
        return _hundred(r) or NoResult(text.strip())
    # no target: the first total, else the first figure, else a date or a claim
    q = _pick(r.quantities, None, units)
    return q if q is not None else _fallback(r)


def _progress(q: Quantity | None, r: _Reading, unit: str | None, units: UnitTable) -> Claim | None:
    """已完成100% (or a cell that is only 100%) against a target counted in another unit
    (3次): a progress report, read as a claim (100% or more met, less partial, 0 not
    met), not as 100 %."""
    if q is None or q.unit != "%" or unit is None or units.comparable("%", unit):
        return None
    if r.claim is None and len(r.quantities) != 1:
        return None  # a percentage among other figures and no word of progress
    if any(x.unit not in (None, "%") for x, _ in r.quantities):
        return None  # the cell has a figure of its own kind too
    verdict = Verdict.MET if q.value >= 100 else Verdict.PARTIAL if q.value > 0 else Verdict.NOT_MET
    return Claim(verdict, r.text.strip(), span=q.span)


def _held_once(r: _Reading, target: Any, units: UnitTable) -> Quantity | None:
    """举办…研讨会 against a target of one event: that one event was held."""
    u = units.get(_unit_of(target))
    if u is None or u.dimension != "events" or r.quantities or getattr(target, "value", None) != 1:
        return None
    text = r.norm.text
    m = _HELD.search(text)
    if m is None or _VAGUE.search(text) or _PLANNED.search(text):
        return None
    return Quantity(Decimal(1), None, Bound.EXACT, span=r.span(m.start(), m.end()))


def _hundred(r: _Reading) -> Claim | None:
    """A bare 100% against a target with no figure: all of it done."""
    for q, _ in r.quantities:
        if q.unit == "%" and q.value == 100:
            return Claim(Verdict.MET, "100%", span=q.span)
    return None


def _read_all(r: _Reading, target: AllOf, units: UnitTable) -> Actual:
    """Quantities for the parts of a compound target.

    A part that names its subject takes the figure whose clause shares the most of
    that subject's wording; the others take the remaining figures of a comparable
    unit in order.  Without subjects, the last figure answers the parts left over
    (3人 10篇 5篇 6-8人 against 参加辩论赛8人，报告18篇).
    """
    numeric = [p for p in target.parts if isinstance(p, (Compare, Range, Approx))]
    if not r.quantities or not numeric:
        return _fallback(r)
    quantities = [q for q, _ in r.quantities]

    def fits(q: Quantity, unit: str | None) -> bool:
        return unit is None or q.unit is None or units.comparable(q.unit, unit)

    answer: dict[int, Quantity | Claim | NoResult] = {}
    used: set[int] = set()
    for n, part in enumerate(target.parts):
        subject = getattr(part, "subject", None)
        if not isinstance(part, (Compare, Range, Approx)) or not subject:
            continue
        want = _bigrams(subject)
        best, best_score = None, 0
        for k, q in enumerate(quantities):
            if k in used or not fits(q, part.unit):
                continue
            score = len(want & _bigrams(r.contexts.get(id(q), "")))
            if score > best_score:
                best, best_score = k, score
        if best is not None:
            answer[n] = quantities[best]
            used.add(best)
    assigned: list[Quantity] = []
    for n, part in enumerate(target.parts):
        if n in answer:
            continue
        if not isinstance(part, (Compare, Range, Approx)):
            answer[n] = r.claim or NoResult("")
            continue
        free = [k for k, q in enumerate(quantities) if k not in used and fits(q, part.unit)]
        last = next((q for q in reversed(assigned) if fits(q, part.unit)), None)
        if free:
            answer[n] = quantities[free[0]]
            used.add(free[0])
            assigned.append(quantities[free[0]])
        elif not getattr(part, "subject", None) and last is not None:
            answer[n] = last
        else:
            answer[n] = NoResult("")
    return ActualAll(tuple(answer[n] for n in range(len(target.parts))))

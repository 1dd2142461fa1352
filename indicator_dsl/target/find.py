"""Comparisons and ranges inside prose, each as an interval.

``find_ranges`` cuts the text into the target grammar's tokens and runs its
``phrase`` rule from every token that can begin one (the phrase scanner of
:mod:`indicator_dsl.target.scan`), keeping the longest phrase; each phrase that bounds a
number becomes a :class:`Found`: its span in the text and its interval.

>>> [str(f) for f in find_ranges("这个数字大于二十的同时小于等于三十五")]
['4-18 大于二十的同时小于等于三十五 (20,35]']
>>> [str(f) for f in find_ranges("综合满意度大于90%，新增合作伙伴不少于 10 家")]
['5-10 大于90% (90,)', '17-23 不少于 10 [10,)']

How a phrase reads (the Civil Code convention of the whole library, art. 1259):

============================================  ===========================
phrase                                        interval
============================================  ===========================
≥ / 不少于 / 至少 / 以上 / 或者更多 x           [x, )
> / 大于 / 超过 / 高于 / 过 / 比 x 大 x         (x, )
≤ / 不超过 / 至多 / 最多 / 以下 / 以内 x         ( , x]
< / 小于 / 低于 / 不足 / 之下 / 比 x 小 x       ( , x)
= / 等于 x, 约 x, x 左右                       [x, x]
a-b, a~b, a到b, a至b, a和b之间, a与b间          [a, b]
x多, x余, x+, 十几万, 500多亿                    (x, )
============================================  ===========================

* 约 x / x 左右 is the point [x, x]: how far from x still counts is a scoring
  policy, not something the text says.
* 多/余/几/+ after a number (五百多, 二百三十余万, 十几万) say "more than": (x, ).
  Which numbers are open is one rule (:func:`~indicator_dsl.target.tokens.opens_number`),
  the one by which parse_target reads them ``>= x``.
  A number with nothing else (30家) bounds nothing and is not reported.
* A lower and an upper bound next to each other, joined by nothing, 并, 且, 并且,
  而且, 同时, 的同时 or a comma, make one interval (大于10小于20 → (10,20);
  1000以上，1500以下 → [1000,1500]; 最多100最少20 → [20,100]) unless they
  contradict each other (大于50小于12 stays two phrases) or name different units.
* The span covers the comparison, not a unit after the number: 不少于150名 is
  found as 不少于150 (a unit before a trailing word stays: 20万次以上).
  A per cent sign stays, like 百分之 does: 大于90%.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, NamedTuple, Sequence

import attrs

from indicator_dsl.limits import DEFAULT_LIMITS, Limits, check_text
from indicator_dsl.target.cell import Cell
from indicator_dsl.target.errors import PhraseError
from indicator_dsl.target.lexer import Token
from indicator_dsl.target.model import Approx, Compare, Op, Range, format_decimal
from indicator_dsl.target.scan import longest_phrase
from indicator_dsl.target.tokens import COMPARING, CORE_END, PHRASE_START, opens_number
from indicator_dsl.target.units import is_magnitude_unit, magnitude_applied

__all__ = ["Found", "find_ranges"]


@attrs.frozen(slots=True)
class Found:
    """A comparison or range phrase found in a text, with its interval.

    ``start``/``end`` are offsets into the text (end exclusive); ``low``/``high`` are
    ``None`` for an unbounded end (and that end is then not closed).
    """

    start: int
    end: int
    text: str
    low: Decimal | None
    high: Decimal | None
    low_closed: bool
    high_closed: bool

    @property
    def interval(self) -> str:
        """The interval in the usual notation: ``[20,35)``, ``(90,)``, ``(,100]``."""
        low = "" if self.low is None else format_decimal(self.low)
        high = "" if self.high is None else format_decimal(self.high)
        return f"{'[' if self.low_closed else '('}{low},{high}{']' if self.high_closed else ')'}"

    def to_json(self) -> dict[str, Any]:
        """The JSON object of ``indicator-dsl find --json`` (numbers as exact strings)."""
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "low": None if self.low is None else format_decimal(self.low),
            "high": None if self.high is None else format_decimal(self.high),
            "low_closed": self.low_closed,
            "high_closed": self.high_closed,
        }

    def __str__(self) -> str:
        return f"{self.start}-{self.end} {self.text} {self.interval}"


class _Hit(NamedTuple):
    start: int        # verbatim offset of the phrase
    end: int          # ... of the end of its comparison (a trailing unit left out)
    full_end: int     # ... of the end of the whole phrase
    low: Decimal | None
    high: Decimal | None
    low_closed: bool
    high_closed: bool
    unit: str | None


_JOINER = re.compile(r"[,，]?(?:并且|而且|的同时|同时|并|且)?")


def find_ranges(text: str, *, limits: Limits = DEFAULT_LIMITS) -> list[Found]:
    """Every comparison or range phrase in ``text``, in order, with its interval.

    >>> [f.interval for f in find_ranges("最多100最少20个，约600人，五百多个")]
    ['[20,100]', '[600,600]', '(500,)']
    """
    if not isinstance(text, str):
        raise TypeError(f"a text is a str, not {type(text).__name__}")
    check_text(text, limits)  # a TargetSyntaxError beyond the limits
    cell = Cell(text)
    tokens = cell.ltoks
    hits: list[_Hit] = []
    i, n = 0, len(tokens)
    while i < n:
        if tokens[i].type in PHRASE_START:
            try:
                hit = longest_phrase(tokens, i)
            except PhraseError:  # 超过三分之一 (no exact decimal), 3-1次: no interval here
                hit = None
            if hit is not None:
                target, k = hit
                found = _hit(target, tokens[i:k])
                if found is not None:
                    hits.append(found)
                i = k
                continue
        i += 1
    return [Found(h.start, h.end, text[h.start:h.end], h.low, h.high, h.low_closed, h.high_closed) for h in _merge(text, hits)]


def _hit(target: Any, toks: Sequence[Token]) -> _Hit | None:
    if is_magnitude_unit(getattr(target, "unit", None)):
        target = _applied(target)  # 20万: the interval is of the number, 200000
    bounds = _bounds(target, toks)
    if bounds is None:
        return None
    start, full_end = toks[0].start_pos, toks[-1].end_pos
    # a guessed unit (大于4865并: 并 glued to the number) is no unit to compare
    unit = None if any(t.type == "UNIT_GUESS" for t in toks) else target.unit
    return _Hit(start, _core_end(toks), full_end, *bounds, unit)  # type: ignore[arg-type]


def _applied(target: Any) -> Any:
    if isinstance(target, Range):
        low, _ = magnitude_applied(target.low, target.unit)
        high, unit = magnitude_applied(target.high, target.unit)
        return attrs.evolve(target, low=low, high=high, unit=unit)
    value, unit = magnitude_applied(target.value, target.unit)
    return attrs.evolve(target, value=value, unit=unit)


def _bounds(target: Any, toks: Sequence[Token]) -> tuple[Decimal | None, Decimal | None, bool, bool] | None:
    if isinstance(target, Range):
        return target.low, target.high, True, True
    if isinstance(target, Approx):
        return target.value, target.value, True, True
    if not isinstance(target, Compare):
        return None  # relatives, deadlines, schedules bound no number
    v = target.value
    if not any(t.type in COMPARING for t in toks):
        # a bare number: only an open one (五百多, 300余, 10+, 十几万) bounds it, from below
        if any(opens_number(t) for t in toks):
            return v, None, False, False
        return None
    return {
        Op.GE: (v, None, True, False),
        Op.GT: (v, None, False, False),
        Op.LE: (None, v, False, True),
        Op.LT: (None, v, False, False),
        Op.EQ: (v, v, True, True),
    }[target.op]


def _core_end(toks: Sequence[Token]) -> int:
    if toks[0].type == "BASELINE":  # 比三十大: the adjective ends it
        return toks[-1].end_pos  # type: ignore[return-value]
    for j in range(len(toks) - 1, 0, -1):
        t = toks[j]
        if t.type in CORE_END and not (t.type == "PCT" and toks[j - 1].type == "LPAR"):
            return t.end_pos  # type: ignore[return-value]
    return toks[0].end_pos  # type: ignore[return-value]


def _merge(text: str, hits: list[_Hit]) -> list[_Hit]:
    out: list[_Hit] = []
    i = 0
    while i < len(hits):
        a = hits[i]
        if i + 1 < len(hits):
            merged = _pair(text, a, hits[i + 1])
            if merged is not None:
                out.append(merged)
                i += 2
                continue
        out.append(a)
        i += 1
    return out


def _pair(text: str, a: _Hit, b: _Hit) -> _Hit | None:
    """``a`` and ``b`` as one interval, when they bound the same number from both sides."""
    a_lower = a.low is not None and a.high is None
    a_upper = a.high is not None and a.low is None
    b_lower = b.low is not None and b.high is None
    b_upper = b.high is not None and b.low is None
    if not ((a_lower and b_upper) or (a_upper and b_lower)):
        return None
    if not _JOINER.fullmatch("".join(text[a.full_end:b.start].split())):
        return None
    if a.unit is not None and b.unit is not None and a.unit != b.unit:
        return None
    lo, hi = (a, b) if a_lower else (b, a)
    assert lo.low is not None and hi.high is not None
    if lo.low > hi.high or (lo.low == hi.high and not (lo.low_closed and hi.high_closed)):
        return None  # 大于50小于12: contradictory, two phrases
    return _Hit(a.start, b.end, b.full_end, lo.low, hi.high, lo.low_closed, hi.high_closed, a.unit or b.unit)

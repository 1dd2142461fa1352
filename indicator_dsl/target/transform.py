"""Parse tree to model: the callbacks of grammars/target.lark.

Used as Lark's embedded transformer (LALR builds no tree).  Token positions are
already spans into the verbatim text (the parser sets them), so every model object
gets its span here.  No evaluation logic lives here.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, Callable, Sequence

import attrs

from indicator_dsl.messages import N_, msg
from indicator_dsl.target.dates import check_date, date_parts, year_of, years_after
from indicator_dsl.target.errors import PhraseError
from indicator_dsl.target.figure import Cn, Figure, Mag, Pct, UnitText, exact_fraction, magnitude_of
from indicator_dsl.target.lexer import Token
from indicator_dsl.target.model import (
    AllOf,
    Approx,
    Compare,
    Deadline,
    Op,
    Period,
    Range,
    Relative,
    Schedule,
    Span,
    Target,
    compare_of,
    span_of,
)
from indicator_dsl.target.numerals import chinese_to_decimal, clean, parse_decimal
from indicator_dsl.target.tokens import opens_number
from indicator_dsl.target.units import canonical_unit
from indicator_dsl.target.vocabulary import vocabulary

__all__ = ["TargetTransformer", "Figure", "PhraseError", "all_of", "op_of"]

_SIGN_OP = {"≥": Op.GE, "≤": Op.LE, ">": Op.GT, "<": Op.LT, "=": Op.EQ}
_WORD_OP = {
    "OP_GE": Op.GE, "OP_GT": Op.GT, "OP_LE": Op.LE, "OP_LT": Op.LT, "OP_EQ": Op.EQ,
    "REACH": Op.GE, "POST_GE": Op.GE, "POST_LE": Op.LE, "POST_LT": Op.LT,
}
_REF_PERIOD = {
    "上一年度": "上年", "上年度": "上年", "上一年": "上年", "上年": "上年", "去年": "上年",
    "往年": "上年", "上年同期": "上年同期", "去年同期": "上年同期", "同期": "上年同期",
    "上一期": "上期", "上期": "上期",
}
# measure words dropped after 每: 每个项目 is per 项目 (vocabulary.toml, [classifiers])
_CLASSIFIERS = vocabulary().classifiers.get("after_each", ())
# the longest per-denominator noun (元/平方公里); longer, a unit at its head is the per
_PER_MAX = 4
# 比三十大 (more than 30), 比 170 低 (less than 170)
_THAN_OP = {"大": Op.GT, "高": Op.GT, "小": Op.LT, "低": Op.LT, "少": Op.LT}


def _span(items: list[Any]) -> tuple[int, int]:
    starts: list[int] = []
    ends: list[int] = []
    for it in items:
        if isinstance(it, Token):
            starts.append(it.start_pos)  # type: ignore[arg-type]
            ends.append(it.end_pos)  # type: ignore[arg-type]
        elif isinstance(it, Figure):
            starts.append(it.start)
            ends.append(it.end)
        elif isinstance(it, tuple) and len(it) == 3 and isinstance(it[1], int):
            starts.append(it[1])
            ends.append(it[2])
    return (min(starts), max(ends)) if starts else (0, 0)


_UP = {Op.GE, Op.GT}
_DOWN = {Op.LE, Op.LT}


_TREND_FILLER = re.compile(r"(?:进一步|持续|不断|逐步|有所|得到|明显)+$")


def _agree(first: Token, op: Op, post: Token) -> None:
    """不超过10人以上: a word before and a word after that point different ways."""
    after = _WORD_OP[post.type]
    if (op in _UP and after in _DOWN) or (op in _DOWN and after in _UP):
        raise PhraseError(post, msg(N_("'{first}' and '{post}' contradict each other"), first=str(first), post=str(post)),
                          (N_("one comparison word"),))


def _noun_text(tokens: list[Token]) -> str:
    return "".join(str(t) for t in tokens)


def _period(tokens: list[Token]) -> Period | None:
    best: Period | None = None
    rank = {None: 0, Period.PLAN: 1, Period.YEAR: 2, Period.MONTH: 2, Period.QUARTER: 2}
    for t in tokens:
        text = str(t)
        p: Period | None = None
        if "季" in text:
            p = Period.QUARTER
        elif "月" in text:
            p = Period.MONTH
        elif "年" in text:
            p = Period.YEAR
        elif "计划" in text or "进度" in text:
            p = Period.PLAN
        if rank[p] > rank[best]:
            best = p
    return best


class TargetTransformer:
    """Callbacks named after the rules and aliases of target.lark.  (Not a Lark Transformer: a rule
    with no method here builds a plain tree, which the rule using it splices in.)"""

    # ---------------------------------------------------------------- numbers, units
    def arabic(self, c: list[Token]) -> Any:
        value = parse_decimal(str(c[0]))
        if len(c) > 1:
            mag = magnitude_of(str(c[1]))
            return Mag(clean(value * mag), c[0].start_pos, c[-1].end_pos, mag, str(c[1]))  # type: ignore[arg-type]
        return value, c[0].start_pos, c[-1].end_pos

    def fraction(self, c: list[Token]) -> tuple[Decimal, int, int]:
        num, _, den = str(c[0]).partition("/")
        return exact_fraction(c[0], Decimal(num), Decimal(den)), c[0].start_pos, c[0].end_pos  # type: ignore[return-value]

    def cn_fraction(self, c: list[Token]) -> tuple[Decimal, int, int]:
        den, _, num = str(c[0]).partition("分之")
        n, d = chinese_to_decimal(num), chinese_to_decimal(den)
        if n is None or d is None:
            raise PhraseError(c[0], N_("a Chinese numeral that cannot be read"), (N_("a number"),))
        return exact_fraction(c[0], n, d), c[0].start_pos, c[0].end_pos  # type: ignore[return-value]

    def chinese(self, c: list[Token]) -> Any:
        value = chinese_to_decimal(str(c[0]))
        if value is None:
            raise PhraseError(c[0], N_("a Chinese numeral that cannot be read"), (N_("a number"),))
        return Cn(value, c[0].start_pos, c[0].end_pos, str(c[0]), opens_number(c[0]))  # type: ignore[arg-type]

    def percent_of(self, c: list[Token]) -> Pct:
        tok = c[1]
        value = parse_decimal(str(tok)) if tok.type == "NUMBER" else chinese_to_decimal(str(tok))
        if value is None:
            raise PhraseError(tok, N_("a Chinese numeral that cannot be read"), (N_("a number"),))
        return Pct(value, c[0].start_pos, tok.end_pos, opens_number(tok))  # type: ignore[arg-type]

    def unit(self, c: list[Any]) -> UnitText:
        tok = c[1] if c[0].type == "LPAR" else c[0]
        end = c[-1][-1].end_pos if isinstance(c[-1], list) else c[-1].end_pos  # a note ends it
        return UnitText(canonical_unit(str(tok)), end)

    def note(self, c: list[Any]) -> list[Token]:
        return c[0] if isinstance(c[0], list) else c

    def pct_note(self, c: list[Token]) -> list[Token]:
        return c

    def per_unit(self, c: list[Token]) -> tuple[str, int]:
        text = "".join(str(t) for t in c)
        if len(text) > _PER_MAX and c[0].type == "UNIT":
            # a unit running on into prose (元/人给补助对象兑付补助): the per is the unit
            return canonical_unit(str(c[0])), c[0].end_pos  # type: ignore[return-value]
        return canonical_unit(text), c[-1].end_pos  # type: ignore[return-value]

    def per(self, c: list[Any]) -> tuple[str, int]:
        # the nouns joined by * (元/人*月, 次/人/年 → 人*年), or by 、 as written (人、天)
        text = ""
        for item in c[1:]:
            if isinstance(item, tuple):
                text += item[0]
            else:
                text += "、" if item.type == "PER_AND" else "*"
        return text, c[-1][1]

    def per_noun(self, c: list[Token]) -> list[Token]:
        return c

    def per_prefix(self, c: list[Any]) -> tuple[str, int, int]:
        text = _noun_text(c[1])
        for cl in _CLASSIFIERS:
            if text.startswith(cl) and len(text) > 1:
                text = text[1:]
                break
        return text, c[0].start_pos, c[1][-1].end_pos

    def quantity(self, c: list[Any]) -> Figure:
        value, start, end = c[0][:3]
        mag = c[0].mag if isinstance(c[0], Mag) else None
        mag_word = c[0].word if isinstance(c[0], Mag) else ""
        unit: str | None = None
        per: str | None = None
        is_open = isinstance(c[0], (Cn, Pct)) and c[0].open
        for item in c[1:]:
            if isinstance(item, UnitText):
                unit, end = item.text, item.end
            elif isinstance(item, Token) and item.type == "MAG":  # 500多亿: 亿 after 多
                factor = magnitude_of(str(item))
                value, end = clean(value * factor), item.end_pos
                mag = factor if mag is None else mag * factor
                mag_word += str(item)
            elif isinstance(item, Token):  # OPEN: 余, 多, +
                end, is_open = item.end_pos, opens_number(item)
            else:
                per, end = item
        if unit is None and isinstance(c[0], Pct):
            unit = "%"
        if unit is None and mag is not None and mag_word and mag_word not in ("k", "K"):
            # a magnitude with no unit after it is kept as written (5万, 620万/月): it is
            # the unit's place, as in 55亿元; units.magnitude_applied gives the number
            value, unit, mag = clean(value / mag), mag_word, None
        if isinstance(c[0], Cn) and unit == "元" and c[0].text[-1] in "万亿萬億":
            # money units stay as written: 两万元 is 2 万元, 一点五亿元 is 1.5 亿元, 兩萬元 2 萬元
            head = c[0].text[:-1]
            small = chinese_to_decimal(head) if head else None
            if small is not None:
                value, unit = small, c[0].text[-1] + unit
        return Figure(value, unit, per, start, end, is_open, mag)

    # ---------------------------------------------------------------- words
    def cmp_word(self, c: list[Token]) -> Token:
        return c[0]

    def post_op(self, c: list[Token]) -> Token:
        return c[0]

    def trend(self, c: list[Token]) -> Token:
        return c[0]

    def noun(self, c: list[Token]) -> list[Token]:
        return c

    def gap(self, c: list[Token]) -> list[Token]:
        return c

    # ---------------------------------------------------------------- phrases
    def _compare(self, op: Op, q: Figure, items: list[Any], per_prefix: list[str]) -> Compare:
        start, end = _span(items)
        per = q.per
        if per_prefix:
            per = "*".join(per_prefix + ([per] if per else []))
        return compare_of(op, q.value, q.unit, per, span=span_of(start, end))

    def compare_sign(self, c: list[Any]) -> Compare:
        op = _SIGN_OP[str(c[0])]
        if len(c) > 2:  # ≥90%以上: the word after must agree with the sign
            _agree(c[0], op, c[2])
        return self._compare(op, c[1], c, [])

    def compare_word(self, c: list[Any]) -> Compare:
        prefixes = [p[0] for p in c if isinstance(p, tuple) and not isinstance(p, Figure)]
        op_tok = next(t for t in c if isinstance(t, Token) and t.type in _WORD_OP)
        op = _WORD_OP[op_tok.type]
        post = [t for t in c if isinstance(t, Token) and t.type.startswith("POST_")]
        if post:
            _agree(op_tok, op, post[0])
            op = _WORD_OP[post[0].type]
        q = next(x for x in c if isinstance(x, Figure))
        return self._compare(op, q, c, prefixes)

    def _negative(self, c: list[Any], build: Callable[[list[Any]], Compare]) -> Compare:
        minus = next(t for t in c if isinstance(t, Token) and t.type == "RANGE_SEP")
        if str(minus) != "-":
            raise PhraseError(minus, msg(N_("'{sign}' cannot stand before a number"), sign=str(minus)), (N_("a number"),))
        q = next(x for x in c if isinstance(x, Figure))
        negated = q._replace(value=-q.value, start=minus.start_pos)  # type: ignore[arg-type]
        return build([negated if x is q else x for x in c if x is not minus])

    def compare_sign_negative(self, c: list[Any]) -> Compare:
        return self._negative(c, self.compare_sign)

    def compare_word_negative(self, c: list[Any]) -> Compare:
        return self._negative(c, self.compare_word)

    def compare_control(self, c: list[Any]) -> Compare:
        post = [t for t in c if isinstance(t, Token) and t.type.startswith("POST_")]
        op = _WORD_OP[post[0].type] if post else Op.LE
        return self._compare(op, c[1], c, [])

    def compare_post(self, c: list[Any]) -> Compare:
        prefixes = [p[0] for p in c[:-2]]
        return self._compare(_WORD_OP[c[-1].type], c[-2], c, prefixes)

    def compare_bare(self, c: list[Any]) -> Compare:
        prefixes = [p[0] for p in c[:-1]]
        q: Figure = c[-1]
        return self._compare(Op.GE if q.open else Op.EQ, q, c, prefixes)

    def range(self, c: list[Any]) -> Range:
        # 1-3年内 (POST_LE after the range): "within 1 to 3 years" is the range itself, both ends
        # included: 内 bounds the high end as the range does already (3年内 alone is <= 3 年)
        low: Figure = c[0]
        high: Figure = c[2]
        if high.mag is not None and low.mag is None and low.unit is None:
            low = low._replace(value=clean(low.value * high.mag))  # 1-2万人: 10000 to 20000
        if low.unit is not None and high.unit is not None and low.unit != high.unit:
            raise PhraseError(c[1], N_("the two ends of the range have different units"),
                              (msg(N_("'{unit}' at both ends"), unit=high.unit),))
        if low.value > high.value:
            raise PhraseError(c[1], N_("the range's low end is above its high end"), (N_("a low end not above the high end"),))
        start, end = _span(c)
        return Range(low.value, high.value, high.unit or low.unit, high.per or low.per, span=span_of(start, end))

    def tolerance(self, c: list[Any]) -> Range:
        q: Figure = c[1]
        if len(c) > 2 and c[2].type != "POST_LE":
            raise PhraseError(c[2], msg(N_("'±' and '{word}' contradict each other"), word=str(c[2])), ("以内",))
        start, end = _span(c)
        return Range(-q.value, q.value, q.unit, q.per, span=span_of(start, end))

    def approx(self, c: list[Any]) -> Approx:
        q = next(x for x in c if isinstance(x, Figure))
        start, end = _span(c)
        return Approx(q.value, q.unit, q.per, span=span_of(start, end))

    # prose only: 位于20和30之间 (a Range), 比三十大 (a Compare)
    def between_end(self, c: list[Any]) -> Figure:
        q: Figure = c[0]
        return q

    def negative_end(self, c: list[Any]) -> Figure:
        q: Figure = c[1]
        return q._replace(value=-q.value, start=c[0].start_pos)

    def ordinal_end(self, c: list[Token]) -> Figure:
        tok = c[0]
        digits = "".join(str(tok)[1:].split())  # 第十五 -> 十五
        value = parse_decimal(digits) if digits.isdigit() else chinese_to_decimal(digits)
        if value is None:
            raise PhraseError(tok, N_("a Chinese numeral that cannot be read"), (N_("a number"),))
        return Figure(value, None, None, tok.start_pos, tok.end_pos)  # type: ignore[arg-type]

    def between(self, c: list[Any]) -> Range:
        a, b = [x for x in c if isinstance(x, Figure)]
        if a.unit is not None and b.unit is not None and a.unit != b.unit:
            raise PhraseError(c[-1], N_("the two ends of the range have different units"),
                              (msg(N_("'{unit}' at both ends"), unit=b.unit),))
        low, high = (a, b) if a.value <= b.value else (b, a)
        start, end = _span(c)
        return Range(low.value, high.value, b.unit or a.unit, b.per or a.per, span=span_of(start, end))

    def than(self, c: list[Any]) -> Compare:
        adj: Token = c[2]
        op = _THAN_OP.get(str(adj))
        if op is None:
            raise PhraseError(adj, N_("比 … needs 大/高 or 小/低/少 after the number"), ("大", "小"))
        return self._compare(op, c[1], c, [])

    def relative_word(self, c: list[Any]) -> Relative:
        op_tok: Token = c[0]
        op = _SIGN_OP[str(op_tok)] if op_tok.type == "SIGN" else _WORD_OP[op_tok.type]
        noun: list[Token] = c[1]
        if all(t.type == "UNIT" or str(t) in ".:" for t in noun):  # ≥ 次, <: a unit or a stop names nothing
            raise PhraseError(noun[0], N_("a number is missing"), (N_("a number"),), "missing-number")
        start, end = _span([op_tok, *noun])
        return Relative(op, _reference(noun), span=span_of(start, end))

    def relative_within(self, c: list[Any]) -> Relative:
        noun: list[Token] = c[1]
        start, end = _span([c[0], *noun, c[2]])
        return Relative(_WORD_OP[c[2].type], _reference(noun), span=span_of(start, end))

    def relative_trend(self, c: list[Any]) -> Relative:
        # 比上年有所提升 / 与上一年度相比，…进一步提高 / 与全国平均水平相比有所提升 / 相比上年…
        margin: Figure | None = c.pop() if isinstance(c[-1], Figure) else None
        ref = c[1]
        reference = _reference(ref) if isinstance(ref, list) else _REF_PERIOD[str(ref)]
        trend: Token = c[-1]
        op = Op.GT if trend.type == "TREND_UP" else Op.LT
        start, end = c[0].start_pos, (margin.end if margin is not None else trend.end_pos)
        gap = c[-2] if len(c) > 2 and isinstance(c[-2], list) and c[-2] is not ref else None
        subject = _TREND_FILLER.sub("", _noun_text(gap)) if gap else None
        return Relative(op, reference, subject or None,
                        None if margin is None else margin.value, None if margin is None else margin.unit,
                        span=span_of(start, end))  # type: ignore[arg-type]

    def deadline(self, c: list[Token]) -> Deadline:
        tok = c[0]  # DATE, REL_DATE, QUARTER or YEAR; BEFORE (前) and DONE (完成) after it add nothing
        year: int | None
        if tok.type == "YEAR":
            year, month, day = year_of(tok), 12, None
        else:
            year, month, day = date_parts(tok)
        d = check_date(tok, year, month, day)
        last = c[-2] if c[-1].type == "DONE" and len(c) > 1 else c[-1]  # the span ends at 前, not 完成
        return attrs.evolve(d, years_after=years_after(tok), span=span_of(tok.start_pos, last.end_pos))  # type: ignore[arg-type]

    def deadline_end(self, c: list[Token]) -> Token:
        return c[0]

    def schedule(self, c: list[Any]) -> Schedule:
        scheds = [t for t in c if isinstance(t, Token) and t.type == "SCHED"]
        flat: list[Token] = []
        for item in c:
            flat.extend(item if isinstance(item, list) else [item])
        start, end = _span(flat)
        return Schedule(_period(scheds), span=span_of(start, end))

    # ---------------------------------------------------------------- top
    def numeric_part(self, c: list[Any]) -> list[Any]:
        return c

    def other_part(self, c: list[Any]) -> list[Any]:
        return c

    def cell(self, c: list[Any]) -> list[Any]:
        parts: list[Any] = []
        for item in c:
            if isinstance(item, list):
                parts.extend(item)
        return parts

    def phrase(self, c: list[Any]) -> Any:
        return c[0]

    def tokens(self, c: list[Token]) -> list[Token]:
        return c


def op_of(tok: Token) -> Op | None:
    """The operator a sign or a comparison word before a number states (≥, 不少于, 达到), or None."""
    if tok.type == "SIGN":
        return _SIGN_OP.get(tok.value)
    return _WORD_OP.get(tok.type) if tok.type in _BEFORE_WORDS else None


_BEFORE_WORDS = frozenset({"OP_GE", "OP_GT", "OP_LE", "OP_LT", "OP_EQ", "REACH"})


def _reference(noun: list[Token]) -> str:
    if len(noun) == 1 and noun[0].type == "REF_PERIOD":
        return _REF_PERIOD[str(noun[0])]
    text = _noun_text(noun)
    return text.strip(".:") or text  # <:全国平均: a stray stop is no part of the name


def all_of(parts: Sequence[Target], span: Span) -> Target:
    """One part stands alone; several make an AllOf."""
    if len(parts) == 1:
        return parts[0]
    return AllOf(tuple(parts), span=span)

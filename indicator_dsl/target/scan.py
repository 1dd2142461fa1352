"""The phrase scanner: the target phrases inside prose.

The cell's tokens are cut once; the ``phrase`` rule is run from every token that can
begin one, keeping the longest phrase: the comparisons, relatives, deadlines and
schedules inside a sentence.  Text before a phrase in its clause becomes the phrase's
``subject``.  Public to the package: parsing a target, reading an actual and
:func:`~indicator_dsl.target.find.find_ranges` use it.
"""

from __future__ import annotations

import bisect
import functools
import re
from typing import Any, Sequence

import attrs

from indicator_dsl.errors import TargetSyntaxError
from indicator_dsl.limits import DEFAULT_LIMITS, Limits, check_text
from indicator_dsl.target.cell import Cell, driver
from indicator_dsl.target.errors import PhraseError
from indicator_dsl.target.labels import LABELS
from indicator_dsl.target.lexer import Token
from indicator_dsl.target.model import (
    Approx,
    Compare,
    Deadline,
    Op,
    Qualitative,
    Range,
    Relative,
    Schedule,
    Target,
    compare_of,
    span_of,
)
from indicator_dsl.target.numerals import parse_decimal
from indicator_dsl.target.tokens import COMPARING, GLUED_MALFORMED, LISTED_UNIT, PHRASE_START, PROSE, SIGNS, STRONG
from indicator_dsl.target.transform import all_of, op_of
from indicator_dsl.target.units import DEFAULT_UNITS, canonical_unit, is_listed_unit

__all__ = ["longest_phrase", "quick", "scan", "prose", "find_phrases", "report", "phrase_problem", "subject_text"]

_SUBJECT_STRIP = " :,;、。"


def longest_phrase(tokens: Sequence[Token], i: int) -> tuple[Any, int] | None:
    """The longest phrase from token ``i``; a PhraseError (3-1次, 13月) propagates."""
    # the token list as it is, never a copy: a copy per phrase start made scanning quadratic
    toks = tokens if isinstance(tokens, list) else list(tokens)
    reader = driver()
    best = reader.reach(toks, i, "phrase")
    if best is None:
        return None
    if best - i <= 3:  # 1012场, ≥90%: read straight from the tokens
        fast = quick(toks[i:best])
        if fast is not None:
            return fast, best
    return reader.longest(toks, i, "phrase", (), best)


def quick(tokens: Sequence[Token]) -> Target | None:
    """The comparison a cell of two or three tokens is: a sign or a comparison word, a number,
    and a listed unit or % (=5条, ≥90%, 不少于150名), or a number and its unit (30家) - the
    commonest cells, read straight from their tokens as the grammar's callbacks read them
    (tests/test_speed.py checks it gives what the parser gives); None for any other cell, which
    the parser reads."""
    n = len(tokens)
    if n == 3:
        first, number, unit = tokens
        op = op_of(first)
        if op is None:
            return None
    elif n == 2:
        first = number = tokens[0]
        unit = tokens[1]
        op = Op.EQ  # a bare number (no 余, 多 or + after it) reads "="
    else:
        return None
    if number.type != "NUMBER" or unit.type not in ("UNIT", "PCT"):
        return None
    return compare_of(op, parse_decimal(number.value), canonical_unit(unit.value), None, None,
                      span_of(first.start_pos, unit.end_pos))  # type: ignore[arg-type]


def report(cell: Cell, tokens: list[Token]) -> None:
    """Raise the error of ``tokens`` (a clause of ``cell`` the cheap attempt failed): Lark's own
    parse of them, its error made a TargetSyntaxError with the span and a label chosen by
    example (indicator_dsl.target.diagnose), or the PhraseError a callback raised made one.
    Lark and the diagnosis are imported here, when a cell has a mistake, not at start-up."""
    from lark.exceptions import UnexpectedInput

    from indicator_dsl.target.diagnose import syntax_error

    try:
        driver().parse(tokens, "cell")
    except UnexpectedInput as err:
        raise syntax_error(cell, err) from None
    except PhraseError as err:
        raise phrase_problem(cell, err) from None


def phrase_problem(cell: Cell, err: PhraseError) -> TargetSyntaxError:
    """The TargetSyntaxError of a phrase of ``cell`` that parses but means nothing valid."""
    from indicator_dsl.target.diagnose import phrase_error

    return phrase_error(cell, err)


def _prose_ok(tokens: Sequence[Token]) -> bool:
    """Is a phrase found in prose a target, or just a number in a sentence?"""
    types = {t.type for t in tokens}
    if types == {"YEAR"} or types == {"YEAR", "DONE"}:
        return False  # 2021年 inside a sentence names the year, it sets no deadline
    if types & STRONG:
        return True
    if "DATE" in types or "REL_DATE" in types:
        # 2025年底, 2021年1月-12月; not a date that merely stands in a sentence (项目于9月完成)
        return any(c in str(tokens[0]) for c in "底末全半-~至到")
    if tokens[0].type == "CN_NUM" and str(tokens[0]) == "一" and (len(tokens) < 2 or tokens[1].type != "RANGE_SEP"):
        return False  # 一个, 一批: the article "a", not a count (一至三期 is a range)
    return bool(types & LISTED_UNIT)


def _check_glued_tail(cell: Cell, i: int, k: int) -> None:
    """``满意度≥9O%``, ``满意度≥90(%``: a comparison running into junk is a typo, not prose."""
    tokens = cell.ltoks
    if k >= len(tokens) or tokens[i].type not in SIGNS:
        return
    bad, last = tokens[k], tokens[k - 1]
    if bad.start_pos != last.end_pos:
        return
    if last.type == "NUMBER" and bad.type in PROSE and bad.value[0].isascii() and bad.value[0].isalnum():
        problem, expected = LABELS["letter-in-number"]
        from indicator_dsl.target.labels import labelled_error

        raise labelled_error(cell.text, bad.start_pos, bad.start_pos + 1, problem, expected, "letter-in-number")  # type: ignore[arg-type,operator]
    if bad.type in GLUED_MALFORMED:
        j = next((n for n in range(k, len(tokens)) if tokens[n].type == "SEP"), len(tokens))
        report(cell, tokens[i:j])


def scan(cell: Cell, strict: bool = True) -> list[tuple[Any, int, int]]:
    tokens = cell.ltoks
    found: list[tuple[Any, int, int]] = []
    i, n = 0, len(tokens)
    while i < n:
        if tokens[i].type in PHRASE_START and not _ordinal_range_end(tokens, i):
            try:
                hit = longest_phrase(tokens, i)
            except PhraseError as err:
                if strict and tokens[i].type != "CN_NUM":  # 培训3-1次, 2025年13月底前: a typo
                    raise phrase_problem(cell, err) from None
                hit = None
            if hit is not None and (_prose_ok(tokens[i:hit[1]]) or _whole_clause(tokens, i, hit[1])):
                if strict:
                    _check_glued_tail(cell, i, hit[1])
                found.append((hit[0], i, hit[1]))
                i = hit[1]
                continue
            if strict and tokens[i].type == "SIGN":
                _orphan_sign(cell, i)
        i += 1
    return found


def _ordinal_range_end(tokens: Sequence[Token], i: int) -> bool:
    """第1-6期, 第一至六期: the second end of a range of ordinals names which ones (batches 1
    to 6), it counts nothing: no phrase begins at it (nor at the range sign before it)."""
    if tokens[i].type == "RANGE_SEP":
        return i > 0 and tokens[i - 1].type == "ORDINAL"
    return i > 1 and tokens[i - 1].type == "RANGE_SEP" and tokens[i - 2].type == "ORDINAL"


def _whole_clause(tokens: Sequence[Token], i: int, k: int) -> bool:
    """A figure that is a clause of its own (2-3；满意度≥90%) is a target, unit or not."""
    starts_clause = i == 0 or tokens[i - 1].type == "SEP"
    ends_clause = k == len(tokens) or tokens[k].type == "SEP"
    return starts_clause and ends_clause and any(t.type == "NUMBER" for t in tokens[i:k])


def _orphan_sign(cell: Cell, i: int) -> None:
    """A comparison sign that begins no target (合格率≥≥90%, 满意度≥) is a mistake."""
    tokens = cell.ltoks
    j = next((n for n in range(i, len(tokens)) if tokens[n].type == "SEP"), len(tokens))
    report(cell, list(tokens[i:j]))


def _subject(cell: Cell, lo: int, hi: int) -> str | None:
    """The normalised text between token ``lo`` (inclusive) and ``hi`` (exclusive), without
    the words around it that are not what is counted (:func:`subject_text`)."""
    return subject_text(_between(cell, lo, hi))


def _between(cell: Cell, lo: int, hi: int) -> str:
    if hi <= lo:
        return ""
    return cell.norm.text[cell.toks[lo].start_pos:cell.toks[hi - 1].end_pos].strip(_SUBJECT_STRIP)


def subject_text(text: str) -> str | None:
    """What is counted, from the prose beside a figure: the prepositions and function words
    at its head (按照, 根据, 对, 在, 于, 针对, 其中, 确保 …) and the verbs of being at its end
    (在, 为, 须, 约, 共计 …) are not part of it, however many stand there.  A word that begins
    with a preposition's character stays whole (在线用户数, 对象覆盖率, 从业人员).  Applied again
    it changes nothing, so a canonical text reads back to the same subject.

    >>> [subject_text(s) for s in ["按照", "根据 全年", "对辖区企业", "在全市范围内培训人数", "在线用户数", "单页面打开的速度在"]]
    [None, None, '辖区企业', '全市范围内培训人数', '在线用户数', '单页面打开的速度']
    """
    while True:
        stripped = _rx(_SUBJECT_TAIL).sub("", _rx(_SUBJECT_LEAD).sub("", text)).strip(_SUBJECT_STRIP)
        if stripped == text:
            return text or None
        text = stripped


# The patterns of subjects and sessions are compiled when first used: a command that reads no
# subject (parse ≥90%) does not pay for them at its start.
_rx = functools.cache(re.compile)

# words at the head of a subject that are not what is counted: prepositions (按照 500 个用户,
# 对 20 家企业, 在全市), framing words (其中, 包括, 全年) and words of intent (确保, 力争); a
# one-character preposition only where it begins no word of its own (在线, 对象, 从业, 将来)
_PREPOSITION = (r"按照|依照|遵照|参照|根据|依据|对于|关于|针对|围绕|通过|经过|为了|"
                r"按(?![时期键钮揭摩压])|对(?![象接比应口外标账策话照称等齐冲抗流手联])|"
                r"在(?![线校建职岗册读编库园押用途保案位家营售产研])|于|从(?![业事属])|向(?![导])|"
                r"把(?![关握控])|将(?![来军])|为(?![期主止准何])|以(?![旧奖工上下内及来往前后便免防])")
_SUBJECT_LEAD = rf"^(?:{_PREPOSITION}|其中|包括|全年|年内|确保|力争|争取|并且|而且|同时|以及|此外|另外)\s*"
# a modal or a verb of being at the end: the whole word when it is two characters (必须, 需要,
# 应当), one character only where it ends no word of its own (响应, 供应, 重要, 存在, 作为, 总是,
# 节约, 公共): 24小时内响应 counts the 响应
_SUBJECT_TAIL = (r"\s*(?:必须|务必|需要|应当|应该|理应|总共|总计|共计|合计|累计|"
                           r"(?<![必])须|(?<![必急])需|(?<![响回答供适相对反效感呼照顺报理])应|"
                           r"(?<![需主重纲摘概只必提])要|(?<![存现所实正自])在|(?<![作行认成因称])为|"
                           r"(?<![还就总但于凡或])是|(?<![合节契公条制签履预违])约|(?<![公总中])共)$")
# a count inside a prepositional phrase (按照 500 个用户在线的访问进行设计, 对全县 12 个乡镇开展
#督查): what it counts is the noun right after it, up to the 的 that begins what that noun
# describes or the verb the phrase frames (进行, 开展, 发放, 办结; 以 … 为); verbs that also
# name things (评审, 建设, 组织) are not among them
_FRAMING = _PREPOSITION
_FRAME_END = (r"的|进行|开展|实施|执行|完成|办结|落实|加以|予以|计算|发放|提供|推广|举办|召开|遴选|选拔|"
                        r"纳入|给予|(?<![行作认成因称])为")
# the locative that closes 从/在/于 … 中 (从10家企业中遴选, 在20个社区里, 在5个县内): what is counted
# ends before it; not the 中/里/内 of a word (高中, 中心, 公里, 国内, 内容), nor a word's first character
_LOCATIVE = (r"(?<=.)(?:之中|当中|(?<![高初集空途心其])中(?![心学国小药医间期层央部])|"
                       r"(?<![公邻乡千这那哪])里|(?<![国室境海体])内(?![容部涵]))")
# a verb alone before a figure: the thing counted follows it (推动 5 项科技创新合作)
_LONE_VERB = r"^(?:推动|完成|实现|形成|开展|举办|组织|召开|发布|建设|建成|培育|新增|引进|服务|支持|促进|打造|征集|达成)$"


def prose(cell: Cell, found: list[tuple[Any, int, int]] | None = None) -> Target:
    """The target of a prose cell: its phrases (``found``, by default those of a strict
    :func:`scan`) with their subjects, or a qualitative target when there are none."""
    if found is None:
        found = scan(cell)
    stripped = cell.text.strip()
    lead = len(cell.text) - len(cell.text.lstrip())
    if not found:
        return Qualitative(stripped, span=span_of(lead, lead + len(stripped)))
    tokens = cell.ltoks
    seps = [i for i, t in enumerate(tokens) if t.type == "SEP"]
    found = _without_named_sessions(cell, found, seps)
    parts: list[Any] = []
    prev_end = 0
    for n, (target, i, k) in enumerate(found):
        if isinstance(target, (Compare, Range, Approx, Relative)):
            before = bisect.bisect_left(seps, i)  # the separators before token i (a search: linear overall)
            start = max(prev_end, seps[before - 1] + 1) if before else prev_end
            before_text = _between(cell, start, i)
            subject = subject_text(before_text)
            framed = _rx(_FRAMING).match(before_text) is not None and (
                subject is None or not any(t.type in COMPARING for t in tokens[i:k]))
            if (subject is None or framed or _rx(_LONE_VERB).match(subject)) and not isinstance(target, Relative):
                nxt = found[n + 1][1] if n + 1 < len(found) else len(tokens)
                after = bisect.bisect_left(seps, k)  # the first separator at or after token k
                stop = min(nxt, seps[after]) if after < len(seps) else nxt
                after_text = _between(cell, k, stop)
                if framed:
                    after_text = _rx(_FRAME_END).split(after_text, 1)[0]
                    if before_text[:1] in "从在于":  # 从10家企业中遴选: the locative closes the phrase
                        after_text = _rx(_LOCATIVE).split(after_text, 1)[0]
                subject = subject_text(after_text) or subject
            if subject is None and isinstance(target, Relative):
                subject = target.subject  # 与上年相比，覆盖率进一步提高: what rose
            target = _unit_from_subject(target, subject)
        parts.append(target)
        prev_end = k
    return all_of(parts, span_of(lead, lead + len(stripped)))


# sessions and batches named by number (1-6期 培训, 1-2批 项目): which ones, when a time clause
# about them (…结束后, …完成后, …时) leads to a schedule
_SESSION_UNITS = frozenset({"期", "批", "批次", "届", "轮", "期次"})
_TIME_CLAUSE = r"[^,;。\d]*?(?:结束|完成|办结|验收|之后|以后|后|时|期间)\s*[,、]?\s*"


def _timely(target: Any) -> bool:
    """A schedule (及时, 按时), a deadline, or a time limit (3日内, 不超过5个工作日)."""
    if isinstance(target, (Schedule, Deadline)):
        return True
    unit = DEFAULT_UNITS.get(getattr(target, "unit", None))
    return isinstance(target, Compare) and target.op in (Op.LE, Op.LT) and unit is not None and unit.dimension == "time"


def _without_named_sessions(cell: Cell, found: list[tuple[Any, int, int]],
                            seps: list[int]) -> list[tuple[Any, int, int]]:
    """``found`` without the figures that name which sessions a schedule is about.

    In 1-6期培训结束后及时考核 (assess on time after training sessions 1 to 6 end) the range
    numbers the sessions the sentence speaks of; the target is the schedule (及时).  The kind:
    a range or a plain count (no comparison word) of sessions or batches (期, 批, 届, 轮) that
    begins its clause (nothing before it is counted) and is followed by a time clause about
    them (…结束后, …完成后, …时) and then a schedule, a deadline or a time limit (3日内).  A count of sessions to hold
    (3-5期培训, 举办3期培训，及时考核) keeps its figure."""
    out = found
    for n, (target, i, k) in enumerate(found[:-1]):
        if not isinstance(target, (Range, Compare)) or target.unit not in _SESSION_UNITS:
            continue
        nxt, j, _ = found[n + 1]
        if not _timely(nxt) or any(t.type in COMPARING for t in cell.ltoks[i:k]):
            continue
        before = bisect.bisect_left(seps, i)
        start = max(found[n - 1][2] if n else 0, seps[before - 1] + 1) if before else (found[n - 1][2] if n else 0)
        if _subject(cell, start, i) is not None:
            continue  # 举办1-2期培训结束后…: a count, the object of a verb
        between = cell.norm.text[cell.toks[k - 1].end_pos:cell.toks[j].start_pos]
        if _rx(_TIME_CLAUSE).fullmatch(between):
            out = [f for f in out if f[0] is not target]
    return out


_SUBJECT_UNIT = re.compile(r"^(?P<subject>.*?)\s*\((?P<unit>[^()]{1,4})\)$")


def _unit_from_subject(target: Any, subject: str | None) -> Any:
    """满意度(%)≥90: a unit in brackets at the end of the subject belongs to the number."""
    if subject is not None and getattr(target, "unit", "") is None:
        m = _SUBJECT_UNIT.match(subject)
        if m and is_listed_unit(m["unit"]):
            return attrs.evolve(target, subject=m["subject"] or None, unit=canonical_unit(m["unit"]))
    if type(target) is Compare:  # (the common case, made quickly)
        return compare_of(target.op, target.value, target.unit, target.per, subject, target.span)
    return attrs.evolve(target, subject=subject)


def find_phrases(text: str, *, limits: Limits = DEFAULT_LIMITS) -> list[Target]:
    """Every target phrase inside ``text`` (comparisons, ranges, deadlines, …)."""
    if not isinstance(text, str):
        raise TypeError(f"a text is a str, not {type(text).__name__}")
    check_text(text, limits)
    cell = Cell(text)
    return [t for t, _, _ in scan(cell)]

"""Reading a target cell (年度指标值) into the model.

Three steps, each a separate piece:

1. :func:`~indicator_dsl.normalize.normalize` rewrites the cell into one spelling and
   keeps an offset map back to the verbatim text;
2. the grammar's tokens are cut once (``_grammar.tokenizer``) and each token is given
   its span in the verbatim text;
3. the token list is parsed as a whole ``cell``.  If that fails and the cell looks
   numeric (``≥9O%``, ``>=``, ``1-场``) the failure is the user's error, reported with
   a span and what was expected.  Otherwise the cell is prose, and the ``phrase`` rule
   is run from every token that can begin one, keeping the longest phrase: the
   comparisons, relatives, deadlines and schedules inside the sentence.  Text before a
   phrase in its clause becomes the phrase's ``subject``.  Prose with no phrase is a
   qualitative target.

>>> parse_target("≥90.00(%)")
Compare(op=<Op.GE: '>='>, value=Decimal('90'), unit='%', per=None, subject=None)
>>> str(parse_target("系统并发量大于50"))
'系统并发量 > 50'
>>> parse_target("良好")
Qualitative(text='良好')
"""

from __future__ import annotations

import calendar
import functools
import re
from typing import Any, Sequence

import attrs
from lark import Token
from lark.exceptions import UnexpectedInput, UnexpectedToken

from ._error_examples import EXAMPLES, LABEL_TOKENS, LABELS, plain_expected
from ._grammar import Driver, target_lark, tokenizer
from ._transform import PhraseError, all_of
from .errors import TargetSyntaxError
from .model import AllOf, Approx, Compare, Deadline, Qualitative, Range, Relative, Span, Target
from .model import _listed_unit
from .normalize import Normalized, normalize
from .units import canonical_unit

__all__ = ["parse_target", "is_valid_target", "find_phrases"]


_OPS = {"OP_GE", "OP_GT", "OP_LE", "OP_LT", "OP_EQ", "REACH"}
_POSTS = {"POST_GE", "POST_LE", "POST_LT"}
# tokens that may stand in a cell that is nothing but a target
_NUMERIC_VOCAB = {
    "SIGN", "NUMBER", "CN_NUM", "PCT_PRE", "MAG", "OPEN", "UNIT", "PCT", "UNIT_GUESS", "LPAR",
    "RPAR", "RANGE_SEP", "SLASH", "STAR", "APPROX", "ABOUT", "SEP", "TIMES", *_OPS, *_POSTS,
    "FRACTION", "CN_FRAC", "EACH",
}
# a cell that begins with one of these is numeric if the rest is numeric vocabulary
_NUMERIC_START = {"SIGN", "NUMBER", "APPROX", "PCT_PRE", *_OPS, "FRACTION", "EACH"}
# tokens from which the phrase scanner tries the `phrase` rule
_PHRASE_START = {
    "SIGN", "NUMBER", "CN_NUM", "PCT_PRE", "DATE", "YEAR", "APPROX", "EACH", "CONTROL",
    "BASELINE", "SCHED", *_OPS,
    "FRACTION", "CN_FRAC", "AT", "ORDINAL", "RANGE_SEP",  # 1/2以上, 位于20和30之间, -10与20间
}
# in prose, a phrase with one of these is a comparison whatever else it holds
_STRONG = {"SIGN", "APPROX", "ABOUT", "CONTROL", "EACH", "SCHED", "BASELINE", "PCT_PRE", "BEFORE", "YEAR", *_OPS, *_POSTS, "BETWEEN"}
_SUBJECT_STRIP = " :,;、。"


def _parser() -> Any:
    return target_lark()


@functools.cache
def _driver() -> Driver:
    return Driver(_parser())


class _Cell:
    """One cell: its normalisation and its tokens.

    ``toks`` carry spans into the normalised text, ``ltoks`` (what the parser sees)
    spans into the verbatim text; they are the same list when normalising moved
    nothing.
    """

    __slots__ = ("text", "norm", "toks", "ltoks")

    def __init__(self, text: str) -> None:
        self.text = text
        self.norm: Normalized = normalize(text)
        self.toks: list[Token] = tokenizer().tokens(self.norm.text)
        if self.norm.identity:
            self.ltoks = self.toks
            return
        span = self.norm.source_span
        self.ltoks = []
        for t in self.toks:
            s, e = span(t.start_pos, t.end_pos)  # type: ignore[arg-type]
            self.ltoks.append(Token(t.type, t.value, start_pos=s, end_pos=e))


def parse_target(text: str, *, year: int | None = None) -> Target:
    """Read a target cell into a typed target.

    ``year`` (the table's year) completes dates written without one.  Raises
    :class:`~indicator_dsl.errors.TargetSyntaxError` for a cell that looks numeric but
    is malformed; any other text is at worst a :class:`Qualitative` target.
    """
    if not isinstance(text, str):
        raise TypeError(f"a target is a str, not {type(text).__name__}")
    cell = _Cell(text)
    if not cell.ltoks:
        raise TargetSyntaxError(text, 0, len(text), "the target is empty", ("a target such as ≥90% or 按时完成",), "empty")
    try:
        parts, failed_at = _driver().try_parse(cell.ltoks, "cell")
        if failed_at is None:
            target = all_of(parts, Span(cell.ltoks[0].start_pos, cell.ltoks[-1].end_pos))
        elif _looks_numeric(cell.ltoks, failed_at):
            _driver().parse(cell.ltoks, "cell")  # again, for Lark's error and its parser state
            raise AssertionError("unreachable: the cell failed to parse once")  # pragma: no cover
        else:
            target = _prose(cell)
    except UnexpectedInput as err:
        raise _syntax_error(cell, err) from None
    except PhraseError as err:
        raise _phrase_error(cell, err) from None
    if year is not None:
        target = _with_year(target, year)
        _check_days(cell, target)
    return target


def is_valid_target(text: str) -> bool:
    """True when ``parse_target`` reads ``text`` without an error."""
    try:
        parse_target(text)
    except TargetSyntaxError:
        return False
    return True


# ------------------------------------------------------------------ errors
def _error_index(tokens: Sequence[Token], err: UnexpectedInput) -> int:
    if isinstance(err, UnexpectedToken) and err.token.type != "$END":
        for i, t in enumerate(tokens):
            if t is err.token:
                return i
    return len(tokens)


def _looks_numeric(tokens: Sequence[Token], k: int) -> bool:
    """Does a cell that failed at token ``k`` look like a malformed number (an error)?"""
    if tokens[0].type not in _NUMERIC_START:
        return False
    if any(t.type not in _NUMERIC_VOCAB for t in tokens[:k]):
        return False
    if k == len(tokens):
        return True
    bad = tokens[k]
    clause_end = next((n for n in range(k, len(tokens)) if tokens[n].type == "SEP"), len(tokens))
    if any(t.type in ("WORD", "CHAR") and not t.value[0].isascii() for t in tokens[k:clause_end]):
        return False  # 5个项目: prose follows, so this is a sentence, not a broken number
    if bad.type in _NUMERIC_VOCAB:
        return True
    glued = k > 0 and tokens[k - 1].end_pos == bad.start_pos
    return glued and bad.type in ("WORD", "CHAR") and bad.value[0].isascii() and bad.value[0].isalnum()


def _example_parse(example: str) -> Any:
    try:
        return _driver().parse(_Cell(example).ltoks, "cell")
    except PhraseError:
        return None  # fails after parsing: no parser state to compare


def _syntax_error(cell: _Cell, err: UnexpectedInput) -> TargetSyntaxError:
    k = _error_index(cell.ltoks, err)
    if k < len(cell.ltoks):
        start, end = cell.ltoks[k].start_pos, cell.ltoks[k].end_pos
    else:
        start = end = len(cell.text)
    label = err.match_examples(_example_parse, EXAMPLES, use_accepts=True)
    found = err.token.type if isinstance(err, UnexpectedToken) else "$END"
    if label is not None and found not in LABEL_TOKENS.get(label, (found,)):
        label = None  # the same parser state, but another mistake (≥90%% is no stray bracket)
    if label is not None:
        problem, expected = LABELS[label]
    else:
        problem = "the text ends too early" if start == end else "unexpected text"
        accepts = getattr(err, "accepts", None) or getattr(err, "expected", set())
        expected = plain_expected(accepts)
    return TargetSyntaxError(cell.text, start, end, problem, expected, label or "unexpected")  # type: ignore[arg-type]


def _phrase_error(cell: _Cell, err: PhraseError) -> TargetSyntaxError:
    tok = err.token
    start, end = (tok.start_pos, tok.end_pos) if tok is not None else (0, len(cell.text))
    return TargetSyntaxError(cell.text, start, end, err.problem, err.expected, err.label)  # type: ignore[arg-type]


# ------------------------------------------------------------------ prose
def _longest_phrase(tokens: Sequence[Token], i: int) -> tuple[Any, int] | None:
    """The longest phrase from token ``i``; a PhraseError (3-1次, 13月) propagates."""
    return _driver().longest(list(tokens), i, "phrase", (UnexpectedInput,))


def _prose_ok(tokens: Sequence[Token]) -> bool:
    """Is a phrase found in prose a target, or just a number in a sentence?"""
    types = {t.type for t in tokens}
    if types & _STRONG:
        return True
    if "DATE" in types:
        return any(c in str(tokens[0]) for c in "底末全半-~至到")
    if tokens[0].type == "CN_NUM" and str(tokens[0]) == "一":
        return False  # 一个, 一批: the article "a", not a count
    return bool(types & {"UNIT", "PCT"})


_GLUED_MALFORMED = {"LPAR", "RPAR", "SIGN", "RANGE_SEP", "SLASH", "STAR"}


def _check_glued_tail(cell: _Cell, i: int, k: int) -> None:
    """``满意度≥9O%``, ``满意度≥90(%``: a comparison running into junk is a typo, not prose."""
    tokens = cell.ltoks
    if k >= len(tokens) or tokens[i].type not in ("SIGN", *_OPS):
        return
    bad, last = tokens[k], tokens[k - 1]
    if bad.start_pos != last.end_pos:
        return
    if last.type == "NUMBER" and bad.type in ("WORD", "CHAR") and bad.value[0].isascii() and bad.value[0].isalnum():
        problem, expected = LABELS["letter-in-number"]
        raise TargetSyntaxError(cell.text, bad.start_pos, bad.start_pos + 1, problem, expected, "letter-in-number")
    if bad.type in _GLUED_MALFORMED:
        j = next((n for n in range(k, len(tokens)) if tokens[n].type == "SEP"), len(tokens))
        try:
            _driver().parse(tokens[i:j], "cell")
        except UnexpectedInput as err:
            raise _syntax_error(cell, err) from None
        except PhraseError as err:
            raise _phrase_error(cell, err) from None


def _find(cell: _Cell, strict: bool = True) -> list[tuple[Any, int, int]]:
    tokens = cell.ltoks
    found: list[tuple[Any, int, int]] = []
    i, n = 0, len(tokens)
    while i < n:
        if tokens[i].type in _PHRASE_START:
            try:
                hit = _longest_phrase(tokens, i)
            except PhraseError as err:
                if strict and tokens[i].type != "CN_NUM":  # 培训3-1次, 2025年13月底前: a typo
                    raise _phrase_error(cell, err) from None
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


def _whole_clause(tokens: Sequence[Token], i: int, k: int) -> bool:
    """A figure that is a clause of its own (2-3；满意度≥90%) is a target, unit or not."""
    starts_clause = i == 0 or tokens[i - 1].type == "SEP"
    ends_clause = k == len(tokens) or tokens[k].type == "SEP"
    return starts_clause and ends_clause and any(t.type == "NUMBER" for t in tokens[i:k])


def _orphan_sign(cell: _Cell, i: int) -> None:
    """A comparison sign that begins no target (合格率≥≥90%, 满意度≥) is a mistake."""
    tokens = cell.ltoks
    j = next((n for n in range(i, len(tokens)) if tokens[n].type == "SEP"), len(tokens))
    try:
        _driver().parse(list(tokens[i:j]), "cell")
    except UnexpectedInput as err:
        raise _syntax_error(cell, err) from None
    except PhraseError as err:
        raise _phrase_error(cell, err) from None


def _subject(cell: _Cell, lo: int, hi: int) -> str | None:
    """The normalised text between token ``lo`` (inclusive) and ``hi`` (exclusive)."""
    if hi <= lo:
        return None
    text = cell.norm.text[cell.toks[lo].start_pos:cell.toks[hi - 1].end_pos].strip(_SUBJECT_STRIP)
    text = _SUBJECT_LEAD.sub("", text)
    text = _SUBJECT_TAIL.sub("", text).strip(_SUBJECT_STRIP)
    return text or None


# words around a subject that are not what is counted: 按照 500 个用户, 速度在 2 秒
_SUBJECT_LEAD = re.compile(r"^(?:按照|其中|包括)\s*")
_SUBJECT_TAIL = re.compile(r"\s*(?:须|需|应|要|在|为|是|约|共|共计|合计|累计)$")
# a verb alone before a figure: the thing counted follows it (推动 5 项科技创新合作)
_LONE_VERB = re.compile(r"^(?:推动|完成|实现|形成|开展|举办|组织|召开|发布|建设|建成|培育|新增|引进|服务|支持|促进|打造|征集|达成)$")


def _prose(cell: _Cell) -> Target:
    found = _find(cell)
    stripped = cell.text.strip()
    lead = len(cell.text) - len(cell.text.lstrip())
    if not found:
        return Qualitative(stripped, span=Span(lead, lead + len(stripped)))
    tokens = cell.ltoks
    seps = [i for i, t in enumerate(tokens) if t.type == "SEP"]
    parts: list[Any] = []
    prev_end = 0
    for n, (target, i, k) in enumerate(found):
        if isinstance(target, (Compare, Range, Approx, Relative)):
            start = max([prev_end] + [s + 1 for s in seps if s < i])
            subject = _subject(cell, start, i)
            if (subject is None or _LONE_VERB.match(subject)) and not isinstance(target, Relative):
                nxt = found[n + 1][1] if n + 1 < len(found) else len(tokens)
                stop = min([nxt] + [s for s in seps if s >= k])
                subject = _subject(cell, k, stop) or subject
            if subject is None and isinstance(target, Relative):
                subject = target.subject  # 与上年相比，覆盖率进一步提高: what rose
            target = _unit_from_subject(target, subject)
        parts.append(target)
        prev_end = k
    return all_of(parts, Span(lead, lead + len(stripped)))


def _check_days(cell: _Cell, target: Target) -> None:
    """2月29日前 in a year that has no 29 February."""
    for t in target.parts if isinstance(target, AllOf) else (target,):
        if isinstance(t, Deadline) and t.day is not None and t.year is not None:
            last = calendar.monthrange(t.year, t.month)[1]
            if t.day > last:
                span = t.span or Span(0, len(cell.text))
                raise TargetSyntaxError(cell.text, span.start, span.end, f"{t.year} has no {t.month}月{t.day}日",
                                        (f"a day up to {last}",), "invalid")


_SUBJECT_UNIT = re.compile(r"^(?P<subject>.*?)\s*\((?P<unit>[^()]{1,4})\)$")


def _unit_from_subject(target: Any, subject: str | None) -> Any:
    """满意度(%)≥90: a unit in brackets at the end of the subject belongs to the number."""
    if subject is not None and getattr(target, "unit", "") is None:
        m = _SUBJECT_UNIT.match(subject)
        if m and _listed_unit(m["unit"]):
            return attrs.evolve(target, subject=m["subject"] or None, unit=canonical_unit(m["unit"]))
    return attrs.evolve(target, subject=subject)


def _with_year(target: Target, year: int) -> Target:
    if isinstance(target, Deadline) and target.year is None:
        return attrs.evolve(target, year=year)
    if isinstance(target, AllOf):
        return attrs.evolve(target, parts=tuple(_with_year(p, year) for p in target.parts))
    return target


def find_phrases(text: str) -> list[Target]:
    """Every target phrase inside ``text`` (comparisons, ranges, deadlines, …)."""
    cell = _Cell(text)
    return [t for t, _, _ in _find(cell)]

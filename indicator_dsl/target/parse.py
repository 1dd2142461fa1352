"""Reading a target cell (年度指标值) into the model.

Three steps, each a separate piece:

1. :func:`~indicator_dsl.target.normalize.normalize` rewrites the cell into one spelling and
   keeps an offset map back to the verbatim text;
2. the grammar's tokens are cut once (``grammar.tokenizer``, in :mod:`indicator_dsl.target.cell`) and each token is given
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

from typing import Sequence

import attrs

from indicator_dsl.errors import TargetSyntaxError
from indicator_dsl.limits import DEFAULT_LIMITS, Limits, check_text, check_year
from indicator_dsl.messages import N_, msg
from indicator_dsl.target.cell import Cell, driver
from indicator_dsl.target.errors import PhraseError
from indicator_dsl.target.labels import labelled_error
from indicator_dsl.target.lexer import Token
from indicator_dsl.target.model import AllOf, Deadline, Qualitative, Span, Target, span_of
from indicator_dsl.target.scan import phrase_problem, prose, quick, report, scan
from indicator_dsl.target.tokens import NUMERIC_START, NUMERIC_VOCAB, PROSE
from indicator_dsl.target.transform import all_of

__all__ = ["parse_target", "read_target", "is_valid_target"]


def parse_target(text: str, *, year: int | None = None, limits: Limits = DEFAULT_LIMITS) -> Target:
    """Read a target cell into a typed target.

    ``year`` (the table's year, four digits) completes dates written without one.  Raises
    :class:`~indicator_dsl.errors.TargetSyntaxError` for a cell that looks numeric but
    is malformed, or is beyond ``limits`` (too long, a number with too many digits); any
    other text is at worst a :class:`Qualitative` target.
    """
    if not isinstance(text, str):
        raise TypeError(f"a target is a str, not {type(text).__name__}")
    check_year(year)
    check_text(text, limits)
    cell = Cell(text)
    if not cell.ltoks:
        raise labelled_error(text, 0, len(text), N_("the target is empty"), (N_("a target such as ≥90% or 按时完成"),), "empty")
    try:
        fast = quick(cell.ltoks)  # =5条, ≥90%, 不少于150名: read straight from the tokens
        if fast is not None:
            parts, failed_at = [fast], None
        else:
            parts, failed_at = driver().try_parse(cell.ltoks, "cell")
        if failed_at is None:
            target = all_of(parts, span_of(cell.ltoks[0].start_pos, cell.ltoks[-1].end_pos))  # type: ignore[arg-type]
        elif _looks_numeric(cell.ltoks, failed_at):
            report(cell, cell.ltoks)  # again, for Lark's error and its parser state
            raise AssertionError("unreachable: the cell failed to parse once")  # pragma: no cover
        else:
            target = prose(cell)
    except PhraseError as err:
        raise phrase_problem(cell, err) from None
    if year is not None:
        target = _with_year(target, year)
        _check_days(cell, target)
    return target


def read_target(text: str, *, year: int | None = None,
                limits: Limits = DEFAULT_LIMITS) -> tuple[Target, TargetSyntaxError | None]:
    """Read a published cell leniently: never an error for a cell with text in it.

    What :func:`parse_target` reads comes back with no problem.  A cell the strict
    language cannot read is read as far as it can be: the target phrases of its other
    clauses (the clause holding the mistake is left out), or, when none is left, the
    whole cell as a qualitative target; the strict error comes back beside it, to be
    shown as a warning.  An empty cell is still an error (there is nothing to read).

    >>> t, problem = read_target("满意度≥90%；培训≥9O次")
    >>> str(t), problem.label
    ('满意度 >= 90 %', 'letter-in-number')
    >>> read_target("≥9O%")[0]
    Qualitative(text='≥9O%')
    """
    try:
        return parse_target(text, year=year, limits=limits), None
    except TargetSyntaxError as err:
        if not text.strip() or err.label in ("too-long", "number-too-long"):
            raise
        return _lenient(text, year, err), err


def _lenient(text: str, year: int | None, err: TargetSyntaxError) -> Target:
    cell = Cell(text)
    tokens = cell.ltoks
    starts: list[int] = [t.start_pos for t in tokens]  # type: ignore[misc]  # our tokens always have positions
    ends: list[int] = [t.end_pos for t in tokens]  # type: ignore[misc]
    seps = [n for n, t in enumerate(tokens) if t.type == "SEP"]
    lo = max([ends[n] for n in seps if ends[n] <= err.start] + [0])
    hi = min([starts[n] for n in seps if starts[n] >= err.end] + [len(text)])
    found = [(t, i, k) for t, i, k in scan(cell, strict=False)
             if ends[k - 1] <= lo or starts[i] >= hi]  # not the broken clause
    try:
        target = prose(cell, found)
        if year is not None:
            target = _with_year(target, year)
            _check_days(cell, target)
        return target
    except (TargetSyntaxError, PhraseError):  # pragma: no cover - a lenient scan raises nothing
        stripped = text.strip()
        lead = len(text) - len(text.lstrip())
        return Qualitative(stripped, span=Span(lead, lead + len(stripped)))


def is_valid_target(text: str, *, limits: Limits = DEFAULT_LIMITS) -> bool:
    """True when ``parse_target`` reads ``text`` without an error."""
    try:
        parse_target(text, limits=limits)
    except TargetSyntaxError:
        return False
    return True


def _looks_numeric(tokens: Sequence[Token], k: int) -> bool:
    """Does a cell that failed at token ``k`` look like a malformed number (an error)?"""
    if tokens[0].type not in NUMERIC_START:
        return False
    if any(t.type not in NUMERIC_VOCAB for t in tokens[:k]):
        return False
    if k == len(tokens):
        return True
    bad = tokens[k]
    clause_end = next((n for n in range(k, len(tokens)) if tokens[n].type == "SEP"), len(tokens))
    if any(t.type in PROSE and not t.value[0].isascii() for t in tokens[k:clause_end]):
        return False  # 5个项目: prose follows, so this is a sentence, not a broken number
    if bad.type in NUMERIC_VOCAB:
        return True
    glued = k > 0 and tokens[k - 1].end_pos == bad.start_pos
    return glued and bad.type in PROSE and bad.value[0].isascii() and bad.value[0].isalnum()


def _check_days(cell: Cell, target: Target) -> None:
    """2月29日前 in a year that has no 29 February."""
    for t in target.parts if isinstance(target, AllOf) else (target,):
        if isinstance(t, Deadline) and t.day is not None and t.year is not None:
            import calendar  # (a dated target only: start-up does without it)

            last = calendar.monthrange(t.year, t.month)[1]
            if t.day > last:
                span = t.span or Span(0, len(cell.text))
                raise labelled_error(cell.text, span.start, span.end,
                                     msg(N_("{year} has no {month}月{day}日"), year=t.year, month=t.month, day=t.day),
                                     (msg(N_("a day up to {last}"), last=last),), "invalid")


def _with_year(target: Target, year: int) -> Target:
    if isinstance(target, Deadline) and target.year is None:  # 次年3月底前: the year after the table's
        counted = year + (target.years_after or 0)
        return attrs.evolve(target, year=counted, years_after=None) if counted <= 9999 else target
    if isinstance(target, AllOf):
        return attrs.evolve(target, parts=tuple(_with_year(p, year) for p in target.parts))
    return target

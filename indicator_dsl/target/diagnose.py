"""Turning a failed parse into a :class:`~indicator_dsl.errors.TargetSyntaxError`: the
span of the offending token, and a label chosen by example (Lark's match_examples)
with a message, what was expected in plain words and the fix, as marked messages
(:mod:`indicator_dsl.messages`) that the error renders in the language asked for.
"""

from __future__ import annotations

from typing import Any, Sequence

from lark.exceptions import UnexpectedInput, UnexpectedToken

from indicator_dsl.errors import TargetSyntaxError
from indicator_dsl.messages import N_
from indicator_dsl.target.cell import Cell, driver
from indicator_dsl.target.errors import PhraseError
from indicator_dsl.target.labels import EXAMPLES, LABEL_TOKENS, LABELS, labelled_error, plain_expected
from indicator_dsl.target.lexer import Token
from indicator_dsl.target.tokens import LISTED_UNIT, NUMBER_START, UNIT_BEFORE

__all__ = ["syntax_error", "phrase_error"]


def _error_index(tokens: Sequence[Token], err: UnexpectedInput) -> int:
    if isinstance(err, UnexpectedToken) and err.token.type != "$END":
        for i, t in enumerate(tokens):
            if t is err.token:
                return i
    return len(tokens)


def _example_parse(example: str) -> Any:
    try:
        return driver().parse(Cell(example).ltoks, "cell")
    except PhraseError:
        return None  # fails after parsing: no parser state to compare


def _misplaced_unit(tokens: Sequence[Token], k: int) -> tuple[int, int] | None:
    """The span of a unit written before its number (``≥%90``, ``=次5``, ``不少于(%)90``) when
    the parse failed on that unit or on the number after it; None for any other mistake.

    The parser state cannot tell ``≥%90`` from ``≥ %`` (a missing number): they fail on the
    same token.  What follows the unit can: a number right after it means the two were
    written the wrong way round, and the unit is the mistake to point at."""
    for u in (k, k - 1):
        if not 0 <= u < len(tokens) or (u > 0 and tokens[u - 1].type not in UNIT_BEFORE):
            continue
        last = u
        if tokens[u].type == "LPAR":  # (%) or (次): the unit in brackets
            last = u + 2
            if last >= len(tokens) or tokens[u + 1].type not in LISTED_UNIT or tokens[last].type != "RPAR":
                continue
        elif tokens[u].type not in LISTED_UNIT:
            continue
        if last + 1 < len(tokens) and tokens[last + 1].type in NUMBER_START and k <= last + 1:
            return tokens[u].start_pos, tokens[last].end_pos  # type: ignore[return-value]
    return None


def syntax_error(cell: Cell, err: UnexpectedInput) -> TargetSyntaxError:
    k = _error_index(cell.ltoks, err)
    if k < len(cell.ltoks):
        start, end = cell.ltoks[k].start_pos, cell.ltoks[k].end_pos
    else:
        start = end = len(cell.text)
    misplaced = _misplaced_unit(cell.ltoks, k)
    if misplaced is not None:
        problem, expected = LABELS["unit-without-number"]
        return labelled_error(cell.text, *misplaced, problem, expected, "unit-without-number")
    label = err.match_examples(_example_parse, EXAMPLES, use_accepts=True)
    found = err.token.type if isinstance(err, UnexpectedToken) else "$END"
    if label is not None and label in LABEL_TOKENS and found not in LABEL_TOKENS[label]:
        label = None  # the same parser state, but another mistake (≥90%% is no stray bracket)
    if label is not None:
        problem, expected = LABELS[label]
    else:
        problem = N_("the text ends too early") if start == end else N_("unexpected text")
        accepts = getattr(err, "accepts", None) or getattr(err, "expected", None) or ()
        expected = plain_expected(accepts)
    return labelled_error(cell.text, start, end, problem, expected, label or "unexpected")  # type: ignore[arg-type]


def phrase_error(cell: Cell, err: PhraseError) -> TargetSyntaxError:
    tok = err.token
    start, end = (tok.start_pos, tok.end_pos) if tok is not None else (0, len(cell.text))
    return labelled_error(cell.text, start, end, err.problem, err.expected, err.label)  # type: ignore[arg-type]

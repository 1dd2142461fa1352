"""The token classes of the target grammar, as the parser, the scanner, find_ranges and
the error labels use them: one place, so that they never disagree.

Each set names terminals of grammars/target.lark (a test checks every name).  What
makes a number *open* (300余, 十几万) is decided here too: :func:`opens_number`.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "OPS", "POSTS", "SIGNS", "NUMERIC_VOCAB", "NUMERIC_START", "PHRASE_START", "STRONG", "COMPARING",
    "GLUED_MALFORMED", "NUMBER_CORE", "CORE_END", "LISTED_UNIT", "PROSE", "NUMBER_START", "UNIT_BEFORE", "OPEN_INSIDE",
    "opens_number",
]

# comparison words (by operator) and the words after a number that make one (以上, 以下)
OPS = frozenset({"OP_GE", "OP_GT", "OP_LE", "OP_LT", "OP_EQ", "REACH"})
POSTS = frozenset({"POST_GE", "POST_LE", "POST_LT"})
# a comparison sign or word before a number
SIGNS = frozenset({"SIGN", *OPS})
# tokens that may stand in a cell that is nothing but a target
NUMERIC_VOCAB = frozenset({
    "SIGN", "PM", "NUMBER", "CN_NUM", "PCT_PRE", "MAG", "OPEN", "UNIT", "PCT", "UNIT_GUESS", "LPAR",
    "RPAR", "RANGE_SEP", "SLASH", "STAR", "PER_AND", "APPROX", "ABOUT", "SEP", "TIMES", *OPS, *POSTS,
    "FRACTION", "CN_FRAC", "EACH",
})
# a cell that begins with one of these is numeric if the rest is numeric vocabulary
NUMERIC_START = frozenset({"SIGN", "PM", "NUMBER", "APPROX", "PCT_PRE", *OPS, "FRACTION", "EACH"})
# tokens from which the phrase scanner tries the `phrase` rule
PHRASE_START = frozenset({
    "SIGN", "PM", "NUMBER", "CN_NUM", "PCT_PRE", "DATE", "REL_DATE", "QUARTER", "YEAR", "APPROX", "EACH", "CONTROL",
    "BASELINE", "SCHED", *OPS,
    "FRACTION", "CN_FRAC", "AT", "ORDINAL", "RANGE_SEP",  # 1/2以上, 位于20和30之间, -10与20间
})
# in prose, a phrase with one of these is a comparison whatever else it holds
STRONG = frozenset({
    "SIGN", "PM", "APPROX", "ABOUT", "CONTROL", "EACH", "SCHED", "BASELINE", "PCT_PRE", "BEFORE", "YEAR", "QUARTER",
    *OPS, *POSTS, "BETWEEN",
})
# tokens that state a comparison: a phrase with none of them is a bare number (30家, 300余)
COMPARING = frozenset({*SIGNS, "PM", *POSTS, "CONTROL", "BASELINE", "APPROX", "ABOUT", "BETWEEN"})
# after a comparison, a token glued to it that makes the comparison a typo, not prose
GLUED_MALFORMED = frozenset({"LPAR", "RPAR", "SIGN", "RANGE_SEP", "SLASH", "STAR"})
# the tokens a number and its magnitude, openness or unit are made of
NUMBER_CORE = frozenset({"NUMBER", "CN_NUM", "MAG", "OPEN", "FRACTION", "CN_FRAC", "ORDINAL", "TIMES", "PCT"})
# tokens a comparison's span may end on in find_ranges (a unit or per-part after them is left out)
CORE_END = frozenset({*NUMBER_CORE, *POSTS, "ABOUT", "BETWEEN"})
# the units the grammar lists (vocabulary.toml); UNIT_GUESS is a unit nobody listed
LISTED_UNIT = frozenset({"UNIT", "PCT"})
# prose: what matches no other terminal
PROSE = frozenset({"WORD", "CHAR"})
# the tokens a number begins with
NUMBER_START = frozenset({"NUMBER", "CN_NUM", "PCT_PRE", "FRACTION", "CN_FRAC"})
# what may stand before a number (and before a unit misplaced there: ≥%90, 不少于次5)
UNIT_BEFORE = frozenset({*SIGNS, "PM", "APPROX", "CONTROL", "SEP"})

# 几 inside a Chinese numeral, after its first character (十几万, 三千四百五十几万)
OPEN_INSIDE = "几幾"


def opens_number(tok: Any) -> bool:
    """Does this token make its number *open*, "N-odd": more than N by an amount the
    text does not give?  余, 多 or + after the number (the OPEN terminal: 300余条,
    10多人, 600+), or 几 inside a Chinese numeral (十几万).  A leading 几 (几部) asks
    "how many" and is no number.  The one rule for targets, actuals and find_ranges.

    >>> from indicator_dsl.target.grammar import tokenizer
    >>> [(str(t), opens_number(t)) for t in tokenizer().tokens("300余 十几万 几 30")]
    [('300', False), ('余', True), ('十几万', True), ('几', False), ('30', False)]
    """
    kind = tok.type
    if kind == "OPEN":
        return True
    if kind != "CN_NUM":
        return False
    inner = str(tok)[1:]
    return any(c in inner for c in OPEN_INSIDE)

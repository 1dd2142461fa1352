"""The token classes of the target grammar, as the parser, the scanner and the error
labels use them: one place, so that the three never disagree.

Each set names terminals of grammars/target.lark.
"""

from __future__ import annotations

__all__ = [
    "OPS", "POSTS", "NUMERIC_VOCAB", "NUMERIC_START", "PHRASE_START", "STRONG", "GLUED_MALFORMED",
    "NUMBER_CORE", "PROSE",
]

# comparison words (by operator) and the words after a number that make one (以上, 以下)
OPS = frozenset({"OP_GE", "OP_GT", "OP_LE", "OP_LT", "OP_EQ", "REACH"})
POSTS = frozenset({"POST_GE", "POST_LE", "POST_LT"})
# tokens that may stand in a cell that is nothing but a target
NUMERIC_VOCAB = frozenset({
    "SIGN", "NUMBER", "CN_NUM", "PCT_PRE", "MAG", "OPEN", "UNIT", "PCT", "UNIT_GUESS", "LPAR",
    "RPAR", "RANGE_SEP", "SLASH", "STAR", "APPROX", "ABOUT", "SEP", "TIMES", *OPS, *POSTS,
    "FRACTION", "CN_FRAC", "EACH",
})
# a cell that begins with one of these is numeric if the rest is numeric vocabulary
NUMERIC_START = frozenset({"SIGN", "NUMBER", "APPROX", "PCT_PRE", *OPS, "FRACTION", "EACH"})
# tokens from which the phrase scanner tries the `phrase` rule
PHRASE_START = frozenset({
    "SIGN", "NUMBER", "CN_NUM", "PCT_PRE", "DATE", "YEAR", "APPROX", "EACH", "CONTROL",
    "BASELINE", "SCHED", *OPS,
    "FRACTION", "CN_FRAC", "AT", "ORDINAL", "RANGE_SEP",  # 1/2以上, 位于20和30之间, -10与20间
})
# in prose, a phrase with one of these is a comparison whatever else it holds
STRONG = frozenset({
    "SIGN", "APPROX", "ABOUT", "CONTROL", "EACH", "SCHED", "BASELINE", "PCT_PRE", "BEFORE", "YEAR",
    *OPS, *POSTS, "BETWEEN",
})
# after a comparison, a token glued to it that makes the comparison a typo, not prose
GLUED_MALFORMED = frozenset({"LPAR", "RPAR", "SIGN", "RANGE_SEP", "SLASH", "STAR"})
# the tokens a number and its magnitude, openness or unit are made of
NUMBER_CORE = frozenset({"NUMBER", "CN_NUM", "MAG", "OPEN", "FRACTION", "CN_FRAC", "ORDINAL", "TIMES", "PCT"})
# prose: what matches no other terminal
PROSE = frozenset({"WORD", "CHAR"})

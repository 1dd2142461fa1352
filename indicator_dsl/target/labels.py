"""Labelled malformed targets, for specific error messages (Lark's match_examples).

When a numeric-looking cell fails to parse, the parser state at the failure is
compared with the states these examples fail in; the first label whose example fails
the same way names the mistake.  Each label has a message and what was expected,
in plain words.  docs/errors.md lists them all.
"""

from __future__ import annotations

from typing import Iterable

from indicator_dsl.target.tokens import PROSE, SIGNS

__all__ = ["EXAMPLES", "LABELS", "LABEL_TOKENS", "plain_expected"]

EXAMPLES: dict[str, list[str]] = {
    "missing-number": [">=", "≥", "≥ %", "不少于", "=", "≥(%)", "约", ">= 次", "不少于名", "达到%", "≥ (次)"],
    "stray-bracket": ["≥90)", "=5)", "≥ 90 %)", "=2次)"],
    "letter-in-number": ["≥9O%", ">=1O", "=5l次", "≥8o", "≤1O(%)", "=1O次"],
    "range-missing-end": ["1-", "1-场", "1~", "1至", "1-%", "1-(次)", "1 - 次"],
    "unclosed-bracket": ["≥90(%", "=2(次", "≥ 90.00 (百分比", "=1.00(场"],
    "empty-brackets": ["≥90()", "=2()"],
    "double-sign": [">=>=5", "≥≥90", "=>=5", "≥>5", "<=<=5", "≥=5"],
    "unit-without-number": ["≥%90", "=次5"],
}

LABELS: dict[str, tuple[str, tuple[str, ...]]] = {
    "missing-number": ("a number is missing", ("a number",)),
    "stray-bracket": ("a closing bracket with no opening one", ("'(' before the unit, or no bracket",)),
    "letter-in-number": ("a letter inside a number", ("a digit, a unit or %",)),
    "range-missing-end": ("the range has no upper end", ("a number after the range sign",)),
    "unclosed-bracket": ("the bracket around the unit is not closed", ("')'",)),
    "empty-brackets": ("empty brackets where a unit belongs", ("a unit inside the brackets",)),
    "double-sign": ("two comparison signs in a row", ("one sign followed by a number",)),
    "unit-without-number": ("a unit stands before its number", ("the number first, then the unit",)),
}

# The token a label's mistake is made of: a label found by parser state alone is kept
# only when the offending token is of one of these types (labels not listed: any).
LABEL_TOKENS: dict[str, frozenset[str]] = {
    "stray-bracket": frozenset({"RPAR"}),
    "empty-brackets": frozenset({"RPAR"}),
    "letter-in-number": PROSE | {"UNIT_GUESS"},  # 9O: O is prose, or a unit nobody listed
    "double-sign": SIGNS,
}

_WORDS = {
    "NUMBER": "a number", "CN_NUM": "a number", "PCT_PRE": "a number",
    "UNIT": "a unit", "PCT": "a unit", "UNIT_GUESS": "a unit", "LPAR": "a unit",
    "RPAR": "')'", "SIGN": "a comparison sign", "RANGE_SEP": "'-' and a second number",
    "$END": "the end of the text", "SEP": "',' or ';'", "POST_GE": "以上", "POST_LE": "以下/以内",
    "POST_LT": "之下", "ABOUT": "左右", "MAG": "万 or 亿", "OPEN": "余/多", "SLASH": "'/'",
    "STAR": "'*'", "BEFORE": "前", "DONE": "完成", "OP_GE": "a comparison word",
    "OP_GT": "a comparison word", "OP_LE": "a comparison word", "OP_LT": "a comparison word",
}
_ORDER = list(dict.fromkeys(_WORDS.values()))


def plain_expected(terminals: Iterable[str]) -> tuple[str, ...]:
    """Terminal names as plain words, most useful first, without repeats."""
    words = {_WORDS[t] for t in terminals if t in _WORDS}
    return tuple(sorted(words, key=_ORDER.index))

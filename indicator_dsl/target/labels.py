"""Labelled malformed targets, for specific error messages (Lark's match_examples).

When a numeric-looking cell fails to parse, the parser state at the failure is
compared with the states these examples fail in; the first label whose example fails
the same way names the mistake.  A unit written before its number (``≥%90``) fails in
the state of a missing number (``≥ %``): the number after the unit tells them apart,
so that label is found first, by its tokens.  Each label has a message, what was expected, in
plain words, and the fix (:data:`FIXES`); every one is a marked message (English
here, Chinese in the catalog).  docs/errors.md lists them all.
"""

from __future__ import annotations

from typing import Iterable

from indicator_dsl.errors import TargetSyntaxError
from indicator_dsl.messages import N_, Message, msg
from indicator_dsl.target.tokens import PROSE, SIGNS

__all__ = ["EXAMPLES", "LABELS", "LABEL_TOKENS", "FIXES", "plain_expected", "labelled_error"]

EXAMPLES: dict[str, list[str]] = {
    "missing-number": [">=", "≥", "≥ %", "不少于", "=", "≥(%)", "约", ">= 次", "不少于名", "达到%", "≥ (次)"],
    "stray-bracket": ["≥90)", "=5)", "≥ 90 %)", "=2次)"],
    "letter-in-number": ["≥9O%", ">=1O", "=5l次", "≥8o", "≤1O(%)", "=1O次"],
    "range-missing-end": ["1-", "1-场", "1~", "1至", "1-%", "1-(次)", "1 - 次"],
    "unclosed-bracket": ["≥90(%", "=2(次", "≥ 90.00 (百分比", "=1.00(场"],
    "empty-brackets": ["≥90()", "=2()"],
    "double-sign": [">=>=5", "≥≥90", "=>=5", "≥>5", "<=<=5", "≥=5"],
    "unit-without-number": ["≥%90", "=次5", "≥ 次5", "不少于%90", "≥(%)90", "约%5"],
}
# (unit-without-number is found by what follows the unit, a number, before the parser state
# is compared: ≥%90 fails on the same token as ≥ % (missing-number); diagnose._misplaced_unit)

LABELS: dict[str, tuple[str, tuple[str, ...]]] = {
    "missing-number": (N_("a number is missing"), (N_("a number"),)),
    "stray-bracket": (N_("a closing bracket with no opening one"), (N_("'(' before the unit, or no bracket"),)),
    "letter-in-number": (N_("a letter inside a number"), (N_("a digit, a unit or %"),)),
    "range-missing-end": (N_("the range has no upper end"), (N_("a number after the range sign"),)),
    "unclosed-bracket": (N_("the bracket around the unit is not closed"), ("')'",)),
    "empty-brackets": (N_("empty brackets where a unit belongs"), (N_("a unit inside the brackets"),)),
    "double-sign": (N_("two comparison signs in a row"), (N_("one sign followed by a number"),)),
    "unit-without-number": (N_("a unit stands before its number"), (N_("the number first, then the unit"),)),
}

# label -> the fix a person can apply (docs/errors.md shows each with an example)
FIXES: dict[str, str] = {
    "missing-number": N_("write the number between the sign and the unit, e.g. ≥90%"),
    "stray-bracket": N_("open the bracket before the unit, or drop it: ≥90(%) or ≥90%"),
    "letter-in-number": N_("type the digit: the letter O is 0 and l is 1 (9O% is 90%)"),
    "range-missing-end": N_("write the upper end (1-2场), or for at least 1 write 1场以上"),
    "unclosed-bracket": N_("close the bracket, or drop it: ≥90(%) or ≥90%"),
    "empty-brackets": N_("put the unit inside the brackets, or drop them: ≥90(%) or ≥90"),
    "double-sign": N_("keep one sign: ≥90"),
    "unit-without-number": N_("write the number first, then the unit: =5次"),
    "empty": N_("fill in the target, e.g. ≥90% or 按时完成"),
    "invalid": N_("write a real date, the low end of a range first, and one unit"),
    "unexpected": N_("write the target in the target language (docs/syntax.md), e.g. ≥90%, 不少于150名, 1-2场"),
}

# The token a label's mistake is made of: a label found by parser state alone is kept
# only when the offending token is of one of these types (labels not listed: any).
LABEL_TOKENS: dict[str, frozenset[str]] = {
    "stray-bracket": frozenset({"RPAR"}),
    "empty-brackets": frozenset({"RPAR"}),
    "letter-in-number": PROSE | {"UNIT_GUESS"},  # 9O: O is prose, or a unit nobody listed
    "double-sign": SIGNS,
}

# the grammar's terminals in plain words (marked messages; those the same in every language are not marked)
_WORDS = {
    "NUMBER": N_("a number"), "CN_NUM": N_("a number"), "PCT_PRE": N_("a number"),
    "UNIT": N_("a unit"), "PCT": N_("a unit"), "UNIT_GUESS": N_("a unit"), "LPAR": N_("a unit"),
    "RPAR": "')'", "SIGN": N_("a comparison sign"), "RANGE_SEP": N_("'-' and a second number"),
    "$END": N_("the end of the text"), "SEP": N_("',' or ';'"), "POST_GE": "以上", "POST_LE": "以下/以内",
    "POST_LT": "之下", "ABOUT": "左右", "MAG": N_("万 or 亿"), "OPEN": "余/多", "SLASH": "'/'",
    "STAR": "'*'", "BEFORE": "前", "DONE": "完成", "OP_GE": N_("a comparison word"),
    "OP_GT": N_("a comparison word"), "OP_LE": N_("a comparison word"), "OP_LT": N_("a comparison word"),
}
_ORDER = list(dict.fromkeys(_WORDS.values()))


def plain_expected(terminals: Iterable[str]) -> tuple[str, ...]:
    """Terminal names as plain words, most useful first, without repeats."""
    words = {_WORDS[t] for t in terminals if t in _WORDS}
    return tuple(sorted(words, key=_ORDER.index))


def labelled_error(text: str, start: int, end: int, problem: str | Message, expected: tuple[str | Message, ...],
                   label: str) -> TargetSyntaxError:
    """A TargetSyntaxError whose problem and expected words are marked messages (a plain str is
    a msgid without fields), with the fix of its label (labels.FIXES)."""
    def m(x: str | Message) -> Message:
        return x if isinstance(x, Message) else msg(x)
    return TargetSyntaxError(text, start, end, m(problem), tuple(m(x) for x in expected), label,
                             msg(FIXES[label]) if label in FIXES else "")

"""The tokenizer: normalised text cut into the target grammar's tokens, as Lark's basic
lexer cuts it (its terminals tried in Lark's order: priority, then width), one pass.

Lark's lexer, and a single alternation of every terminal, try each terminal in turn at
each position; most of the ~50 cannot begin with the character there.  The tokenizer
works out, from each terminal's regular expression, which characters it can begin
with (:func:`first_chars`, a safe over-estimate), and at each position tries only the
terminals that can begin with that character, in the same order.  So the first that
matches is the one the full alternation finds, and the tokens are the same (tests
compare them with Lark's).  The alternation for a character is compiled when a
character of that kind is first met and kept: a run compiles a handful of small
patterns, not one large one.

>>> from indicator_dsl.target.grammar import tokenizer
>>> [(t.type, str(t)) for t in tokenizer().tokens("≥90%")]
[('SIGN', '≥'), ('NUMBER', '90'), ('PCT', '%')]
"""

from __future__ import annotations

import importlib
import re
from typing import Any, Callable

import lark

__all__ = ["Tokenizer", "make_token", "first_chars"]

# a character test: does a terminal's match possibly begin with this character?
Test = Callable[[str], bool]

# the parsed form of a pattern, to see what a terminal can begin with (the modules the
# re package parses with; typeshed has no stubs for them)
_sre: Any = importlib.import_module("re._constants")
_sre_parse: Any = importlib.import_module("re._parser")


def make_token(kind: str, value: str, start: int, end: int) -> lark.Token:
    """A lark Token, built without Lark's (slower, deprecation-checking) constructor."""
    tok = str.__new__(lark.Token, value)
    tok.type = kind
    tok.value = value
    tok.start_pos = start
    tok.end_pos = end
    tok.line = tok.column = tok.end_line = tok.end_column = None
    return tok


def _any(_: str) -> bool:
    return True


def _is(lit: str) -> Test:
    return lambda c: c == lit


def _is_not(lit: str) -> Test:
    return lambda c: c != lit


_CATEGORIES = {
    _sre.CATEGORY_DIGIT: r"\d", _sre.CATEGORY_NOT_DIGIT: r"\D", _sre.CATEGORY_SPACE: r"\s",
    _sre.CATEGORY_NOT_SPACE: r"\S", _sre.CATEGORY_WORD: r"\w", _sre.CATEGORY_NOT_WORD: r"\W",
}


def _in(items: list[tuple[Any, Any]]) -> Test | None:
    """The test of a character class ``[...]``; None when it holds what is not understood."""
    negate = False
    singles: set[str] = set()
    ranges: list[tuple[int, int]] = []
    cats: list[re.Pattern[str]] = []
    for op, av in items:
        if op is _sre.NEGATE:
            negate = True
        elif op is _sre.LITERAL:
            singles.add(chr(av))
        elif op is _sre.RANGE:
            ranges.append(av)
        elif op is _sre.CATEGORY and av in _CATEGORIES:
            cats.append(re.compile(_CATEGORIES[av]))
        else:
            return None

    def test(c: str) -> bool:
        hit = c in singles or any(lo <= ord(c) <= hi for lo, hi in ranges) or any(p.match(c) for p in cats)
        return hit != negate

    return test


def _first(seq: Any) -> tuple[list[Test], bool] | None:
    """The tests of what ``seq`` (a parsed pattern) can begin with, and whether it can match
    nothing at all (then what follows it counts too); None for anything not understood."""
    tests: list[Test] = []
    for op, av in seq:
        if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
            continue  # zero width: what follows begins the match
        if op is _sre.LITERAL:
            tests.append(_is(chr(av)))
            return tests, False
        if op is _sre.NOT_LITERAL:
            tests.append(_is_not(chr(av)))
            return tests, False
        if op is _sre.ANY:
            tests.append(_any)
            return tests, False
        if op is _sre.IN:
            test = _in(av)
            if test is None:
                return None
            tests.append(test)
            return tests, False
        if op is _sre.BRANCH:
            nullable = False
            for branch in av[1]:
                sub = _first(branch)
                if sub is None:
                    return None
                tests.extend(sub[0])
                nullable = nullable or sub[1]
            if not nullable:
                return tests, False
            continue
        if op is _sre.SUBPATTERN or op is getattr(_sre, "ATOMIC_GROUP", None):
            if op is _sre.SUBPATTERN and av[1] & ~(re.UNICODE | re.DOTALL):
                return None  # (?i:…): not worth understanding
            sub = _first(av[-1] if op is _sre.SUBPATTERN else av)
            if sub is None:
                return None
            tests.extend(sub[0])
            if not sub[1]:
                return tests, False
            continue
        if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", None)):
            sub = _first(av[2])
            if sub is None:
                return None
            tests.extend(sub[0])
            if av[0] > 0 and not sub[1]:
                return tests, False
            continue
        return None  # a back reference, a conditional: not worth understanding
    return tests, True


def first_chars(pattern: str, flags: int = 0) -> Test:
    """A test of the characters a match of ``pattern`` can begin with.  Safe: it may say
    yes to a character no match begins with, never no to one that some match does.

    >>> t = first_chars(r"(?<=\\d)[一-鿿]|约")
    >>> t("万"), t("约"), t("5")
    (True, True, False)
    """
    if flags & ~(re.UNICODE | re.DOTALL):  # IGNORECASE, VERBOSE, …: not worth understanding
        return _any
    try:
        found = _first(_sre_parse.parse(pattern, flags))
    except Exception:  # pragma: no cover - a private module of another Python version
        return _any
    if found is None or found[1]:
        return _any  # not understood, or it can match nothing: any character
    tests = found[0]
    return lambda c: any(t(c) for t in tests)


class Tokenizer:
    """Cuts normalised text into the grammar's tokens, as Lark's basic lexer would."""

    def __init__(self, terminals: list[Any], ignore: set[str]) -> None:
        ordered = sorted(
            terminals,
            key=lambda t: (-t.priority, -t.pattern.max_width, -len(t.pattern.value), t.name),
        )
        self.names = [t.name for t in ordered]
        self.ignore = ignore
        self._parts = [f"(?P<{t.name}>{t.pattern.to_regexp()})" for t in ordered]
        self._firsts = [first_chars(t.pattern.to_regexp()) for t in ordered]
        self._by_char: dict[str, Callable[..., Any]] = {}  # a character -> the match of its terminals
        self._by_set: dict[tuple[int, ...], Callable[..., Any]] = {}

    @property
    def regex(self) -> re.Pattern[str]:
        """Every terminal in one alternation, in Lark's order (what the tokenizer is equal to)."""
        return re.compile("|".join(self._parts))

    def _matcher(self, c: str) -> Callable[..., Any]:
        which = tuple(k for k, test in enumerate(self._firsts) if test(c))
        match = self._by_set.get(which)
        if match is None:
            match = re.compile("|".join(self._parts[k] for k in which) or "(?!)").match
            self._by_set[which] = match
        if len(self._by_char) < 1 << 16:
            self._by_char[c] = match
        return match

    def tokens(self, text: str) -> list[lark.Token]:
        """Lark tokens with ``start_pos``/``end_pos`` into ``text``."""
        out: list[lark.Token] = []
        by_char = self._by_char
        pos, n = 0, len(text)
        ignore = self.ignore
        new = make_token
        while pos < n:
            c = text[pos]
            match = by_char.get(c)
            if match is None:
                match = self._matcher(c)
            m = match(text, pos)
            if m is None:  # cannot happen: WORD and CHAR cover every character
                out.append(new("CHAR", c, pos, pos + 1))
                pos += 1
                continue
            kind = m.lastgroup
            end = m.end()
            if kind not in ignore:
                out.append(new(kind, m.group(), pos, end))
            pos = end
        return out

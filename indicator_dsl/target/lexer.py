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

import array
import importlib
import re
from typing import Any, Callable, Iterable

__all__ = ["Token", "Tokenizer", "make_token", "first_chars"]


class Token(str):
    """A token of the target grammar: its text, its ``type`` (the terminal's name) and its
    place, ``start_pos``/``end_pos``.  It has the attributes of Lark's Token and compares like
    it (a token equals a string of its text, not a token of another type), so Lark's own
    parser takes it when an error is reported; it is defined here so that reading a cell
    does not import Lark (start-up is part of every call).
    """

    __slots__ = ("type", "start_pos", "value", "end_pos")

    type: str
    start_pos: int | None
    value: Any
    end_pos: int | None
    # a cell is one line: positions by line and column are not kept (Lark's are None too
    # for tokens it did not cut itself)
    line: None = None
    column: None = None
    end_line: None = None
    end_column: None = None

    def __new__(cls, type: str, value: Any, start_pos: int | None = None, line: None = None,
                column: None = None, end_line: None = None, end_column: None = None,
                end_pos: int | None = None) -> Token:
        if (line, column, end_line, end_column) != (None, None, None, None):
            raise ValueError("a token of a cell has no line and column")
        tok = super().__new__(cls, value)
        tok.type, tok.value, tok.start_pos, tok.end_pos = type, value, start_pos, end_pos
        return tok

    @classmethod
    def new_borrow_pos(cls, type_: str, value: Any, borrow_t: Any) -> Token:
        return cls(type_, value, borrow_t.start_pos, borrow_t.line, borrow_t.column, borrow_t.end_line,
                   borrow_t.end_column, borrow_t.end_pos)

    def __reduce__(self) -> Any:
        return (self.__class__, (self.type, self.value, self.start_pos, self.line, self.column, self.end_line,
                                 self.end_column, self.end_pos))

    def __repr__(self) -> str:
        return f"Token({self.type!r}, {self.value!r})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Token) and self.type != other.type:
            return False
        return str.__eq__(self, other)

    __hash__ = str.__hash__

# the parsed form of a pattern, to see what a terminal can begin with (the modules the
# re package parses with; typeshed has no stubs for them)
_sre: Any = importlib.import_module("re._constants")
_sre_parse: Any = importlib.import_module("re._parser")
# ... and the compiler, to keep what compiling a pattern makes (see Tokenizer.precompile)
_sre_compiler: Any = importlib.import_module("re._compiler")
_sre_engine: Any = importlib.import_module("_sre")

# A test of one character, as data (so that a tokenizer can be kept in a cache file):
# ("=", c) the character c; ("!", c) any but c; ("*",) any; ("[", negate, singles,
# ranges, categories) a character class.
Test = tuple[Any, ...]
_ANY: Test = ("*",)
_CATEGORIES = {
    _sre.CATEGORY_DIGIT: r"\d", _sre.CATEGORY_NOT_DIGIT: r"\D", _sre.CATEGORY_SPACE: r"\s",
    _sre.CATEGORY_NOT_SPACE: r"\S", _sre.CATEGORY_WORD: r"\w", _sre.CATEGORY_NOT_WORD: r"\W",
}


def make_token(kind: str, value: str, start: int, end: int) -> Token:
    """A token at ``[start, end)`` (the fast way: no keyword arguments)."""
    tok = str.__new__(Token, value)
    tok.type = kind
    tok.value = value
    tok.start_pos = start
    tok.end_pos = end
    return tok


def _passes(test: Test, c: str) -> bool:
    kind = test[0]
    if kind == "=":
        return bool(c == test[1])
    if kind == "!":
        return bool(c != test[1])
    if kind == "*":
        return True
    _, negate, singles, ranges, cats = test
    hit = c in singles or any(lo <= ord(c) <= hi for lo, hi in ranges) or any(re.match(p, c) for p in cats)
    return bool(hit != negate)


def _in(items: list[tuple[Any, Any]]) -> Test | None:
    """The test of a character class ``[...]``; None when it holds what is not understood."""
    negate = False
    singles: set[str] = set()
    ranges: list[tuple[int, int]] = []
    cats: list[str] = []
    for op, av in items:
        if op is _sre.NEGATE:
            negate = True
        elif op is _sre.LITERAL:
            singles.add(chr(av))
        elif op is _sre.RANGE:
            ranges.append((av[0], av[1]))
        elif op is _sre.CATEGORY and av in _CATEGORIES:
            cats.append(_CATEGORIES[av])
        else:
            return None
    return ("[", negate, frozenset(singles), tuple(ranges), tuple(cats))


def _first(seq: Any) -> tuple[list[Test], bool] | None:
    """The tests of what ``seq`` (a parsed pattern) can begin with, and whether it can match
    nothing at all (then what follows it counts too); None for anything not understood."""
    tests: list[Test] = []
    for op, av in seq:
        if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
            continue  # zero width: what follows begins the match
        if op is _sre.LITERAL:
            tests.append(("=", chr(av)))
            return tests, False
        if op is _sre.NOT_LITERAL:
            tests.append(("!", chr(av)))
            return tests, False
        if op is _sre.ANY:
            tests.append(_ANY)
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


class FirstChars:
    """A test of the characters a match of a pattern can begin with (:func:`first_chars`)."""

    __slots__ = ("tests",)

    def __init__(self, tests: tuple[Test, ...]) -> None:
        self.tests = tests

    def __call__(self, c: str) -> bool:
        return any(_passes(t, c) for t in self.tests)

    def __getstate__(self) -> tuple[Test, ...]:
        return self.tests

    def __setstate__(self, tests: tuple[Test, ...]) -> None:
        self.tests = tests


def first_chars(pattern: str, flags: int = 0) -> FirstChars:
    """A test of the characters a match of ``pattern`` can begin with.  Safe: it may say
    yes to a character no match begins with, never no to one that some match does.

    >>> t = first_chars(r"(?<=\\d)[一-鿿]|约")
    >>> t("万"), t("约"), t("5")
    (True, True, False)
    """
    if flags & ~(re.UNICODE | re.DOTALL):  # IGNORECASE, VERBOSE, …: not worth understanding
        return FirstChars((_ANY,))
    try:
        found = _first(_sre_parse.parse(pattern, flags))
    except Exception:  # pragma: no cover - a private module of another Python version
        return FirstChars((_ANY,))
    if found is None or found[1]:
        return FirstChars((_ANY,))  # not understood, or it can match nothing: any character
    return FirstChars(tuple(found[0]))


class Tokenizer:
    """Cuts normalised text into the grammar's tokens, as Lark's basic lexer would."""

    def __init__(self, terminals: list[Any], ignore: set[str]) -> None:
        ordered = sorted(
            terminals,
            key=lambda t: (-t.priority, -t.pattern.max_width, -len(t.pattern.value), t.name),
        )
        self.names = [str(t.name) for t in ordered]  # (plain strs: Lark's names may be its Tokens)
        self.ignore = {str(name) for name in ignore}
        self._parts = [f"(?P<{str(t.name)}>{t.pattern.to_regexp()})" for t in ordered]
        self._firsts = [first_chars(t.pattern.to_regexp()) for t in ordered]
        self._by_char: dict[str, Callable[..., Any]] = {}  # a character -> the match of its terminals
        self._by_set: dict[tuple[int, ...], Callable[..., Any]] = {}
        self._codes: dict[tuple[int, ...], tuple[Any, ...]] = {}  # see precompile

    def __getstate__(self) -> dict[str, Any]:
        """What a cache file keeps: the terminals and the compiled code, not the patterns."""
        return {"names": self.names, "ignore": self.ignore, "parts": self._parts, "firsts": self._firsts,
                "codes": self._codes}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.names, self.ignore = state["names"], state["ignore"]
        self._parts, self._firsts = state["parts"], state["firsts"]
        self._codes = state.get("codes", {})
        self._by_char, self._by_set = {}, {}

    def _which(self, c: str) -> tuple[int, ...]:
        return tuple(k for k, test in enumerate(self._firsts) if test(c))

    def _pattern(self, which: tuple[int, ...]) -> str:
        return "|".join(self._parts[k] for k in which) or "(?!)"

    def precompile(self, chars: Iterable[str]) -> None:
        """Compile now the alternations that ``chars`` begin, and keep the regular expression
        engine's code for them, so that a tokenizer read back from a cache file (pickled) makes
        its patterns from that code instead of compiling them again: compiling the ones a
        short text needs took a command a tenth of its start-up.  The code belongs to this
        Python (the cache file's name says which)."""
        for which in {self._which(c) for c in chars}:
            try:
                p = _sre_parse.parse(self._pattern(which), 0)
                code = _sre_compiler._code(p, 0)
                groupindex = dict(p.state.groupdict)
                indexgroup = [None] * p.state.groups
                for name, i in groupindex.items():
                    indexgroup[i] = name
                self._codes[which] = (p.state.flags, array.array("I", code).tobytes(), p.state.groups - 1,
                                      groupindex, tuple(indexgroup))
            except Exception:  # pragma: no cover - another Python's compiler: compile when needed
                return

    def _compiled(self, which: tuple[int, ...]) -> re.Pattern[str]:
        pattern = self._pattern(which)
        kept = self._codes.get(which)
        if kept is not None:
            flags, code, groups, groupindex, indexgroup = kept
            try:
                compiled: re.Pattern[str] = _sre_engine.compile(pattern, flags, list(array.array("I", code)), groups,
                                                                groupindex, indexgroup)
                return compiled
            except Exception:  # pragma: no cover - code of another Python: compile
                pass
        return re.compile(pattern)

    @property
    def regex(self) -> re.Pattern[str]:
        """Every terminal in one alternation, in Lark's order (what the tokenizer is equal to)."""
        return re.compile("|".join(self._parts))

    def _matcher(self, c: str) -> Callable[..., Any]:
        which = self._which(c)
        match = self._by_set.get(which)
        if match is None:
            match = self._compiled(which).match
            self._by_set[which] = match
        if len(self._by_char) < 1 << 16:
            self._by_char[c] = match
        return match

    def tokens(self, text: str) -> list[Token]:
        """The tokens of ``text``, with ``start_pos``/``end_pos`` into it."""
        out: list[Token] = []
        by_char = self._by_char
        pos, n = 0, len(text)
        ignore = self.ignore
        new = str.__new__
        append = out.append
        while pos < n:
            c = text[pos]
            match = by_char.get(c)
            if match is None:
                match = self._matcher(c)
            m = match(text, pos)
            if m is None:  # cannot happen: WORD and CHAR cover every character
                append(make_token("CHAR", c, pos, pos + 1))
                pos += 1
                continue
            kind = m.lastgroup
            end = m.end()
            if kind not in ignore:
                value = text[pos:end]
                tok = new(Token, value)  # make_token, inline: this loop runs for every token
                tok.type = kind
                tok.value = value
                tok.start_pos = pos
                tok.end_pos = end
                append(tok)
            pos = end
        return out

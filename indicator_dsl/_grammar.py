"""Loading the grammars and building their parsers (cached factories).

The library cuts text into tokens itself, with the grammar's own terminals in the
order Lark's basic lexer tries them (priority, then width), and hands the token list
to Lark's LALR parser through a pass-through lexer.  One tokenisation serves both the
whole-cell parse and the phrase scanner; tests check the tokens equal Lark's.
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from pathlib import Path
from typing import Any, Iterator

import lark
import lark.exceptions
from lark.lexer import Lexer

__all__ = ["grammar_text", "target_lark", "Tokenizer", "tokenizer", "Driver"]


def grammar_text(name: str) -> str:
    """The text of ``grammars/<name>`` (installed wheel, or the source tree)."""
    packaged = resources.files("indicator_dsl").joinpath("grammars", name)
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    here = Path(__file__).resolve().parent.parent / "grammars" / name
    return here.read_text(encoding="utf-8")


class _PassThroughLexer(Lexer):
    """Hands a ready list of tokens to the parser."""

    def __init__(self, lexer_conf: Any) -> None:
        pass

    def lex(self, data: Any) -> Iterator[lark.Token]:  # type: ignore[override]
        return iter(data)


@functools.cache
def target_lark(transformer: Any = None) -> lark.Lark:
    """The LALR parser of grammars/target.lark (strict: no conflicts allowed)."""
    return lark.Lark(
        grammar_text("target.lark"),
        parser="lalr",
        lexer=_PassThroughLexer,
        start=["cell", "phrase", "tokens"],
        strict=True,
        maybe_placeholders=False,
        transformer=transformer,
    )


def make_token(kind: str, value: str, start: int, end: int) -> lark.Token:
    """A lark Token, built without Lark's (slower, deprecation-checking) constructor."""
    tok = str.__new__(lark.Token, value)
    tok.type = kind
    tok.value = value
    tok.start_pos = start
    tok.end_pos = end
    tok.line = tok.column = tok.end_line = tok.end_column = None
    return tok


class Tokenizer:
    """Cuts normalised text into the grammar's tokens, as Lark's basic lexer would."""

    def __init__(self, terminals: list[Any], ignore: set[str]) -> None:
        ordered = sorted(
            terminals,
            key=lambda t: (-t.priority, -t.pattern.max_width, -len(t.pattern.value), t.name),
        )
        self.names = [t.name for t in ordered]
        self.ignore = ignore
        self.regex = re.compile(
            "|".join(f"(?P<{t.name}>{t.pattern.to_regexp()})" for t in ordered)
        )

    def tokens(self, text: str) -> list[lark.Token]:
        """Lark tokens with ``start_pos``/``end_pos`` into ``text``."""
        out: list[lark.Token] = []
        match = self.regex.match
        pos, n = 0, len(text)
        ignore = self.ignore
        new = make_token
        while pos < n:
            m = match(text, pos)
            if m is None:  # cannot happen: WORD and CHAR cover every character
                out.append(new("CHAR", text[pos], pos, pos + 1))
                pos += 1
                continue
            kind = m.lastgroup
            end = m.end()
            if kind not in ignore:
                out.append(new(kind, m.group(), pos, end))  # type: ignore[arg-type]
            pos = end
        return out


@functools.cache
def tokenizer() -> Tokenizer:
    parser = target_lark()
    return Tokenizer(list(parser.terminals), set(parser.ignore_tokens))


class Driver:
    """Runs Lark's LALR tables on a ready token list, without Lark's front end.

    ``parse`` is ``Lark.parse`` for a token list; ``longest`` runs a start rule from
    one token and returns the value of the longest prefix it accepts (the phrase
    scanner's inner loop).
    """

    def __init__(self, parser: lark.Lark) -> None:
        from lark.parsers.lalr_parser_state import ParseConf

        inner = parser.parser.parser.parser  # ParsingFrontend -> LALR_Parser -> _Parser
        self._confs = {s: ParseConf(inner.parse_table, inner.callbacks, s) for s in parser.options.start}

    def state(self, start: str) -> Any:
        from lark.parsers.lalr_parser_state import ParserState

        return ParserState(self._confs[start], None)

    def try_parse(self, tokens: list[lark.Token], start: str) -> tuple[Any, int | None]:
        """``(value, None)``, or ``(None, k)`` when token ``k`` (``len`` for the end) is
        not accepted: a cheap first attempt that raises nothing for the common failure."""
        state = self.state(start)
        states = self._confs[start].states
        stack = state.state_stack
        feed = state.feed_token
        for k, tok in enumerate(tokens):
            if tok.type not in states[stack[-1]]:
                return None, k
            try:
                feed(tok)
            except lark.exceptions.UnexpectedInput:
                return None, k
        if "$END" not in states[stack[-1]]:
            return None, len(tokens)
        end = lark.Token.new_borrow_pos("$END", "", tokens[-1]) if tokens else lark.Token("$END", "")
        try:
            return feed(end, True), None
        except lark.exceptions.UnexpectedInput:
            return None, len(tokens)

    def parse(self, tokens: list[lark.Token], start: str) -> Any:
        state = self.state(start)
        feed = state.feed_token
        for tok in tokens:
            feed(tok)
        end = lark.Token.new_borrow_pos("$END", "", tokens[-1]) if tokens else lark.Token("$END", "")
        return feed(end, True)

    def longest(self, tokens: list[lark.Token], i: int, start: str, errors: tuple[type[BaseException], ...]) -> tuple[Any, int] | None:
        state = self.state(start)
        states = self._confs[start].states
        best = None
        stack = state.state_stack
        for k in range(i, len(tokens)):
            if tokens[k].type not in states[stack[-1]]:
                break  # the common way out, without building an exception
            try:
                state.feed_token(tokens[k])
            except errors:
                break
            if "$END" in states[stack[-1]]:
                best = k + 1
        if best is None:
            return None
        # Parse the accepted prefix again on a fresh state.  (Copying the state at the
        # accepting point is not safe: Lark's inlined-rule callbacks extend child lists
        # in place, so a state and its shallow copy would share them.)
        done = self.state(start)
        try:
            for tok in tokens[i:best]:
                done.feed_token(tok)
            return done.feed_token(lark.Token.new_borrow_pos("$END", "", tokens[best - 1]), True), best
        except errors:
            return None

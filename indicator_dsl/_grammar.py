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
from typing import Any, Iterator, NamedTuple

import lark
from lark.lexer import Lexer

__all__ = ["grammar_text", "target_lark", "Tokenizer", "tokenizer"]


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


class Tok(NamedTuple):
    """A token: type, normalised text and its span in the normalised text."""

    type: str
    value: str
    start: int
    end: int


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

    def tokens(self, text: str) -> list[Tok]:
        out: list[Tok] = []
        match = self.regex.match
        pos, n = 0, len(text)
        ignore = self.ignore
        while pos < n:
            m = match(text, pos)
            if m is None:  # cannot happen: WORD and CHAR cover every character
                out.append(Tok("CHAR", text[pos], pos, pos + 1))
                pos += 1
                continue
            kind = m.lastgroup
            end = m.end()
            if kind not in ignore:
                out.append(Tok(kind, m.group(), pos, end))  # type: ignore[arg-type]
            pos = end
        return out


@functools.cache
def tokenizer() -> Tokenizer:
    parser = target_lark()
    return Tokenizer(list(parser.terminals), set(parser.ignore_tokens))

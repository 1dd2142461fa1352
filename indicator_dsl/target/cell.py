"""One cell cut into tokens once: its normalisation and the grammar's tokens, with spans
into the verbatim text; and the LALR driver every reader of cells shares.
"""

from __future__ import annotations

import functools

from indicator_dsl.target.driver import Driver
from indicator_dsl.target.grammar import parser_tables, target_lark, tokenizer
from indicator_dsl.target.lexer import Token, make_token
from indicator_dsl.target.normalize import Normalized, normalize

__all__ = ["Cell", "driver", "warm"]


@functools.cache
def driver() -> Driver:
    """The LALR driver of the target grammar (built once)."""
    return Driver(parser_tables(), target_lark)


def warm() -> None:
    """Build the tokenizer and the driver now (before forking workers that then share them)."""
    tokenizer()
    driver()


class Cell:
    """One cell: its normalisation and its tokens.

    ``toks`` carry spans into the normalised text, ``ltoks`` (what the parser sees)
    spans into the verbatim text; they are the same list when normalising moved
    nothing.
    """

    __slots__ = ("text", "norm", "toks", "ltoks")

    def __init__(self, text: str, norm: Normalized | None = None) -> None:
        """``norm``: ``normalize(text)`` when the caller has it already."""
        self.text = text
        self.norm: Normalized = normalize(text) if norm is None else norm
        self.toks: list[Token] = tokenizer().tokens(self.norm.text)
        if self.norm.identity:
            self.ltoks = self.toks
            return
        span = self.norm.source_span
        self.ltoks = []
        for t in self.toks:
            s, e = span(t.start_pos, t.end_pos)  # type: ignore[arg-type]
            self.ltoks.append(make_token(t.type, t.value, s, e))



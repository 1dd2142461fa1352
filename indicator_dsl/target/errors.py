"""The problem a phrase can have after it parses: it means nothing valid (a 13th month, a
fraction with no exact value, mixed range units).  Internal to reading a cell: the
parser turns it into a :class:`~indicator_dsl.errors.TargetSyntaxError` with a span.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from indicator_dsl.target.lexer import Token

from indicator_dsl.messages import Message

__all__ = ["PhraseError"]


class PhraseError(Exception):
    """A phrase that parses but means nothing valid (a 13th month, mixed range units)."""

    def __init__(self, token: Token | None, problem: str | Message, expected: tuple[str | Message, ...] = (),
                 label: str = "invalid") -> None:
        """``problem`` and ``expected``: marked messages (a str is a msgid without fields)."""
        self.token = token
        self.problem = problem
        self.expected = expected
        self.label = label
        super().__init__(str(problem))

"""Positions in source text and the caret drawn under them.

Lark's own context line counts characters, so its caret drifts under Chinese text;
here every double-width character (East Asian Wide or Fullwidth) counts two columns.

>>> print(caret_lines("满意度≥9O%", 5, 6))
满意度≥9O%
        ^
"""

from __future__ import annotations

import unicodedata

__all__ = ["display_width", "caret_lines", "line_col"]


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def caret_lines(text: str, start: int, end: int) -> str:
    """The line of ``text`` holding ``start`` and carets under ``[start, end)``."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    if line_end == -1:
        line_end = len(text)
    line = text[line_start:line_end]
    pad = display_width(text[line_start:start])
    width = max(1, display_width(text[start:min(end, line_end)]))
    return f"{line}\n{' ' * pad}{'^' * width}"

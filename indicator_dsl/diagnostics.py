"""Diagnostics: one problem found in a spec file, at a line and column.

Lines and columns are 1-based and count characters (a Chinese character is one
column; :func:`caret` draws it two columns wide).  ``end_line``/``end_col`` are the
position just past the problem.  ``str()`` gives the ``file:line:col: CODE message``
line that ``indicator-dsl check`` prints.

>>> d = Diagnostic.at("名称：x\\n三级 a | ≥9O%", 17, 18, "error", "E101", "a letter inside a number", "write 90", file="x.ind")
>>> str(d)
'x.ind:2:13: E101 a letter inside a number'
>>> print(d.caret("名称：x\\n三级 a | ≥9O%"))
三级 a | ≥9O%
           ^
"""

from __future__ import annotations

from typing import Any

import attrs

from indicator_dsl.source import caret_lines, line_col

__all__ = ["Diagnostic", "ERROR", "WARNING"]

ERROR = "error"
WARNING = "warning"


@attrs.frozen(slots=True)
class Diagnostic:
    """A problem at ``file:line:col`` (to ``end_line:end_col``): ``code`` (E… errors, W… warnings)."""

    file: str | None
    line: int
    col: int
    end_line: int
    end_col: int
    severity: str
    code: str
    message: str
    fix: str = ""
    start: int = attrs.field(default=0, eq=False, repr=False)  # offsets into the file's text
    end: int = attrs.field(default=0, eq=False, repr=False)

    @classmethod
    def at(cls, text: str, start: int, end: int, severity: str, code: str, message: str,
           fix: str = "", file: str | None = None) -> "Diagnostic":
        """A diagnostic for the characters ``text[start:end]``."""
        line, col = line_col(text, start)
        end_line, end_col = line_col(text, max(end, start))
        return cls(file, line, col, end_line, end_col, severity, code, message, fix, start, max(end, start))

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def __str__(self) -> str:
        where = f"{self.file}:" if self.file else ""
        return f"{where}{self.line}:{self.col}: {self.code} {self.message}"

    def caret(self, text: str) -> str:
        """The line of ``text`` with carets under the problem (CJK-aware)."""
        return caret_lines(text, self.start, self.end)

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file, "line": self.line, "col": self.col, "end_line": self.end_line,
            "end_col": self.end_col, "severity": self.severity, "code": self.code,
            "message": self.message, "fix": self.fix,
        }

"""The errors of indicator_dsl.

One root, :class:`IndicatorError`; each subclass also inherits the builtin a caller
would catch (``ValueError`` for bad input).  Errors carry fields and build their
message from them; they pickle.

>>> from indicator_dsl import parse_target, TargetSyntaxError
>>> try:
...     parse_target("≥9O%")
... except ValueError as e:
...     err = e
>>> isinstance(err, TargetSyntaxError), err.start, err.end
(True, 2, 3)
>>> print(err)
a letter inside a number at 2-3 ('O'): expected a digit, a unit or %
>>> print(err.render())
≥9O%
  ^

A span error is also a :class:`~indicator_dsl.diagnostics.Diagnostic`, for the
renderers that take problems of every kind:

>>> d = err.diagnostic(where="t1-r03")
>>> d.code, d.start, d.end, str(d)
('letter-in-number', 2, 3, "t1-r03: letter-in-number a letter inside a number at 2-3 ('O'): expected a digit, a unit or %")
"""

from __future__ import annotations

from typing import Any

from indicator_dsl.diagnostics import ERROR, Diagnostic, Severity
from indicator_dsl.source import caret_lines, line_col

__all__ = ["IndicatorError", "TargetSyntaxError", "ActualSyntaxError", "SpecSyntaxError", "PolicyError", "InputError"]


class IndicatorError(Exception):
    """Root of every error indicator_dsl raises."""


class _SpanError(IndicatorError, ValueError):
    """Bad input at a character span of a text."""

    code = "syntax"  # the diagnostic's code when there is no label

    def __init__(
        self,
        text: str,
        start: int,
        end: int,
        problem: str,
        expected: tuple[str, ...] = (),
        label: str | None = None,
    ) -> None:
        self.text = text
        self.start = start
        self.end = end
        self.problem = problem
        self.expected = tuple(expected)
        self.label = label
        super().__init__(text, start, end, problem, self.expected, label)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.text, self.start, self.end, self.problem, self.expected, self.label))

    @property
    def message(self) -> str:
        found = self.text[self.start:self.end]
        where = f"at {self.start}-{self.end} ('{found}')" if found else f"at {self.start} (end of text)"
        text = f"{self.problem} {where}"
        if self.expected:
            text += ": expected " + _words(self.expected)
        return text

    def __str__(self) -> str:
        return self.message

    def render(self) -> str:
        """The offending text with a caret under the bad part (CJK-aware)."""
        return caret_lines(self.text, self.start, self.end)

    def diagnostic(self, *, source: str | None = None, where: str | None = None,
                   severity: Severity | str = ERROR, fix: str = "") -> Diagnostic:
        """This error as a :class:`~indicator_dsl.diagnostics.Diagnostic`: code the label, the
        message, and the offsets ``start``/``end`` into the cell (a cell has no lines: no line or
        column); ``source``/``where`` say which cell when the caller knows."""
        return Diagnostic(severity=severity, code=self.label or self.code, message=self.message, fix=fix,
                          source=source, where=where, start=self.start, end=max(self.end, self.start))


def _words(items: tuple[str, ...]) -> str:
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " or " + items[-1]


class TargetSyntaxError(_SpanError):
    """A target cell (年度指标值) that looks numeric but cannot be read."""


class ActualSyntaxError(_SpanError):
    """An actual cell (实际完成值) that cannot be read."""


class SpecSyntaxError(_SpanError):
    """A spec file (*.ind) that cannot be read: ``text`` is the whole file, ``start``/``end``
    offsets into it, ``file`` its name (or None); the message gives line:column."""

    def __init__(
        self,
        text: str,
        start: int,
        end: int,
        problem: str,
        expected: tuple[str, ...] = (),
        label: str | None = None,
        file: str | None = None,
    ) -> None:
        super().__init__(text, start, end, problem, expected, label)
        self.file = file

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.text, self.start, self.end, self.problem, self.expected, self.label, self.file))

    @property
    def message(self) -> str:
        line, col = line_col(self.text, self.start)
        where = f"{self.file}:{line}:{col}" if self.file else f"{line}:{col}"
        return f"{where}: {self._what()}"

    def _what(self) -> str:
        return self.problem + (": expected " + _words(self.expected) if self.expected else "")

    def diagnostic(self, *, source: str | None = None, where: str | None = None,
                   severity: Severity | str = ERROR, fix: str = "") -> Diagnostic:
        """This error as a :class:`~indicator_dsl.diagnostics.Diagnostic` in the file: its line,
        column and offsets, the code (E100–E105) as its label, the message without the place."""
        return Diagnostic.at(self.text, self.start, self.end, severity, self.label or "E100", self._what(), fix,
                             self.file if source is None else source, where=where)


class PolicyError(IndicatorError, ValueError):
    """A scoring policy with an unknown or invalid setting."""

    def __init__(self, setting: str, problem: str) -> None:
        self.setting = setting
        self.problem = problem
        super().__init__(setting, problem)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.setting, self.problem))

    def __str__(self) -> str:
        return f"policy setting '{self.setting}': {self.problem}"


class InputError(IndicatorError, ValueError):
    """A value given to the library that it does not take: a weight, a reference value or a
    year out of range, a number beyond the limits (:mod:`indicator_dsl.limits`).  ``field``
    names the argument or input field; the message (``problem``) names it too."""

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(field, problem)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.field, self.problem))

    def __str__(self) -> str:
        return self.problem

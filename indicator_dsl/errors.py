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

The message is made from fields, so it can be had in any language (``str()`` is English):

>>> print(err.message_in("zh"))
数字中夹有字母（位置2-3：“O”），应为数字、单位或%
>>> d = err.diagnostic(lang="zh")
>>> d.message == err.message_in("zh"), d.fix
(True, '把字母改成数字：字母O应为0，l应为1（9O%应为90%）')
"""

from __future__ import annotations

from typing import Any, Sequence

from indicator_dsl.diagnostics import ERROR, Diagnostic, Severity
from indicator_dsl.messages import N_, Message, Translator, as_message, msg, or_words
from indicator_dsl.source import caret_lines, line_col

__all__ = ["IndicatorError", "TargetSyntaxError", "ActualSyntaxError", "SpecSyntaxError", "PolicyError", "InputError"]


class IndicatorError(Exception):
    """Root of every error indicator_dsl raises."""


class _SpanError(IndicatorError, ValueError):
    """Bad input at a character span of a text.

    ``problem`` and each of ``expected`` may be given as
    :class:`~indicator_dsl.messages.Message`, and ``fix`` too: the attributes ``problem``,
    ``expected`` and ``fix`` are their English text; :meth:`message_in` and
    :meth:`diagnostic` give them in another language."""

    code = "syntax"  # the diagnostic's code when there is no label

    def __init__(
        self,
        text: str,
        start: int,
        end: int,
        problem: str | Message,
        expected: Sequence[str | Message] = (),
        label: str | None = None,
        fix: str | Message = "",
    ) -> None:
        self.text = text
        self.start = start
        self.end = end
        self.problem_msg = as_message(problem)
        self.expected_msgs = tuple(as_message(x) for x in expected)
        self.fix_msg = as_message(fix)
        self.problem = str(self.problem_msg)
        self.expected = tuple(str(x) for x in self.expected_msgs)
        self.fix = str(self.fix_msg)
        self.label = label
        super().__init__(text, start, end, self.problem, self.expected, label)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.text, self.start, self.end, self.problem_msg, self.expected_msgs, self.label,
                             self.fix_msg))

    def _said(self) -> Message:
        found = self.text[self.start:self.end]
        if found:
            said = msg(N_("{problem} at {start}-{end} ('{found}')"), problem=self.problem_msg, start=self.start,
                       end=self.end, found=found)
        else:
            said = msg(N_("{problem} at {start} (end of text)"), problem=self.problem_msg, start=self.start)
        return _expecting(said, self.expected_msgs)

    @property
    def message(self) -> str:
        """The message in English (``str()``); :meth:`message_in` gives it in another language."""
        return str(self._said())

    def message_in(self, lang: str | Translator = "en") -> str:
        """The message in ``lang`` ("en", "zh" or a Translator)."""
        return self._said().render(lang)

    def __str__(self) -> str:
        return self.message

    def render(self) -> str:
        """The offending text with a caret under the bad part (CJK-aware)."""
        return caret_lines(self.text, self.start, self.end)

    def diagnostic(self, *, source: str | None = None, where: str | None = None,
                   severity: Severity | str = ERROR, fix: str | Message | None = None,
                   lang: str | Translator = "en") -> Diagnostic:
        """This error as a :class:`~indicator_dsl.diagnostics.Diagnostic` in ``lang``: code the label,
        the message and the fix (the error's own unless ``fix`` is given), and the offsets
        ``start``/``end`` into the cell (a cell has no lines: no line or column); ``source``/``where``
        say which cell when the caller knows.  It keeps the messages: ``in_lang`` changes language."""
        return Diagnostic.of(severity=severity, code=self.label or self.code, message=self._said(),
                             fix=self.fix_msg if fix is None else fix, source=source, where=where,
                             start=self.start, end=max(self.end, self.start)).in_lang(lang)


def _expecting(said: Message, expected: tuple[Message, ...]) -> Message:
    """``said: expected a, b or c`` (the same in Chinese: ``said：应为a、b或c``)."""
    if not expected:
        return said
    return msg(N_("{message}: expected {expected}"), message=said, expected=or_words(expected))


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
        problem: str | Message,
        expected: Sequence[str | Message] = (),
        label: str | None = None,
        file: str | None = None,
        fix: str | Message = "",
    ) -> None:
        super().__init__(text, start, end, problem, expected, label, fix)
        self.file = file

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.text, self.start, self.end, self.problem_msg, self.expected_msgs, self.label,
                             self.file, self.fix_msg))

    def _said(self) -> Message:
        line, col = line_col(self.text, self.start)
        where = f"{self.file}:{line}:{col}" if self.file else f"{line}:{col}"
        return msg(N_("{where}: {what}"), where=where, what=_expecting(self.problem_msg, self.expected_msgs))

    def diagnostic(self, *, source: str | None = None, where: str | None = None,
                   severity: Severity | str = ERROR, fix: str | Message | None = None,
                   lang: str | Translator = "en") -> Diagnostic:
        """This error as a :class:`~indicator_dsl.diagnostics.Diagnostic` in the file, in ``lang``: its
        line, column and offsets, the code (E100–E105) as its label, the message without the place."""
        return Diagnostic.at(self.text, self.start, self.end, severity, self.label or "E100",
                             _expecting(self.problem_msg, self.expected_msgs), self.fix_msg if fix is None else fix,
                             self.file if source is None else source, where=where).in_lang(lang)


class PolicyError(IndicatorError, ValueError):
    """A scoring policy with an unknown or invalid setting."""

    def __init__(self, setting: str, problem: str | Message) -> None:
        self.setting = setting
        self.problem_msg = as_message(problem)
        self.problem = str(self.problem_msg)
        super().__init__(setting, self.problem)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.setting, self.problem_msg))

    def message_in(self, lang: str | Translator = "en") -> str:
        """The message in ``lang`` ("en", "zh" or a Translator)."""
        return msg(N_("policy setting '{setting}': {problem}"), setting=self.setting, problem=self.problem_msg).render(lang)

    def __str__(self) -> str:
        return self.message_in("en")


class InputError(IndicatorError, ValueError):
    """A value given to the library that it does not take: a weight, a reference value or a
    year out of range, a number beyond the limits (:mod:`indicator_dsl.limits`).  ``field``
    names the argument or input field; the message (``problem``, English; a
    :class:`~indicator_dsl.messages.Message` may be given, then :meth:`message_in` has it in
    another language) names it too."""

    def __init__(self, field: str, problem: str | Message) -> None:
        self.field = field
        self.problem_msg = as_message(problem)
        self.problem = str(self.problem_msg)
        super().__init__(field, self.problem)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.field, self.problem_msg))

    def message_in(self, lang: str | Translator = "en") -> str:
        """The message in ``lang`` ("en", "zh" or a Translator)."""
        return self.problem_msg.render(lang)

    def __str__(self) -> str:
        return self.problem

"""Diagnostics: one problem at one place, whatever found it.

A :class:`Diagnostic` is the one shape of "a problem at a place" in indicator_dsl: a
target cell that cannot be read, a bad line of a spec file, a linter warning, a file or
row of a table that cannot be read, an audit finding, a bad row of ``batch``.  Every
renderer (the terminal, JSON, the language server, the HTML, Markdown and XLSX
reports) takes this one type.

What it says:

- ``severity`` (:class:`Severity`: error, warning, info; equal to the plain strings
  ``"error"``, ``"warning"``, ``"info"``), ``code`` (``E101``, ``W301``, a target
  error's label such as ``letter-in-number``, a reading code such as ``R106``, an
  audit kind such as ``row_score``), ``message`` and ``fix`` (one line; may be empty);
- where: ``source`` (a file path, a table id, or None for a bare cell) and, when
  known, the 1-based ``line``/``col`` and ``end_line``/``end_col`` (characters, the end
  just past the problem) and the character offsets ``start``/``end`` into the source
  text; ``where`` is a finer place written out in full when lines and columns do not
  say it (``file:12``, ``file:Sheet1!B7``, ``file:1#/rows/0``, a row id);
- ``figures`` (:class:`Figures`): what an audit finds printed and computed, and the
  rule of the scoring policy it applies.

``str()`` is ``place: CODE message``; the place is ``where``, or else the source with
its line and column (either may be missing; a cell's problem has neither, only its
character offsets, and no place).  :meth:`Diagnostic.render` adds the
line with a caret under the problem (a Chinese character is two columns wide) and
the fix; :meth:`Diagnostic.to_json` gives a JSON object.

A diagnostic made before anyone chose a language (a reading problem, a spec file's
problem, a target error) keeps its message and fix as
:class:`~indicator_dsl.messages.Message` too (``msg``, ``fix_msg``; ``message`` and
``fix`` are their English text): :meth:`Diagnostic.in_lang` gives it in another
language.  One made in a language (an audit finding) stays as it was made.

>>> d = Diagnostic.at("名称：x\\n三级 a | ≥9O%", 14, 15, "error", "E101", "a letter inside a number", "write 90", "x.ind")
>>> str(d)
'x.ind:2:10: E101 a letter inside a number'
>>> d.severity == "error", d.is_error, (d.line, d.col, d.end_line, d.end_col)
(True, True, (2, 10, 2, 11))
>>> print(d.caret("名称：x\\n三级 a | ≥9O%"))
三级 a | ≥9O%
           ^
>>> f = Diagnostic(severity=WARNING, code="row_score", message="the printed score differs",
...                source="t1", where="t1-r03", figures=Figures("4", "5", 2))
>>> str(f), f.summary()
('t1-r03: row_score the printed score differs', 'row_score [4 → 5]: the printed score differs (rule 2)')
>>> from indicator_dsl.messages import msg
>>> r = Diagnostic.at("", 0, 0, "error", "R101", msg(N_("no such file or directory")), source="a.csv")
>>> str(r), str(r.in_lang("zh"))
('a.csv:1:1: R101 no such file or directory', 'a.csv:1:1: R101 没有这个文件或目录')
"""

from __future__ import annotations

import enum
from typing import Any

import attrs

from indicator_dsl.messages import N_, Message, Translator, render
from indicator_dsl.source import caret_lines, line_col

__all__ = ["Diagnostic", "Severity", "Figures", "ERROR", "WARNING", "INFO"]


class Severity(str, enum.Enum):
    """How bad a problem is; each member equals its plain string (``Severity.ERROR == "error"``)."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    def __str__(self) -> str:
        return self.value

    def __repr__(self) -> str:
        return repr(self.value)  # shown as the string it equals


ERROR = Severity.ERROR
WARNING = Severity.WARNING
INFO = Severity.INFO

_opt_str = attrs.validators.optional(attrs.validators.instance_of(str))
_opt_int = attrs.validators.optional(attrs.validators.instance_of(int))
_opt_msg = attrs.validators.optional(attrs.validators.instance_of(Message))


@attrs.frozen(slots=True)
class Figures:
    """What an audit compares: the figure ``printed`` in the table, the one ``computed``
    under the policy (both as text, either may be None) and the policy's ``rule``."""

    printed: str | None = attrs.field(default=None, validator=_opt_str)
    computed: str | None = attrs.field(default=None, validator=_opt_str)
    rule: int | None = attrs.field(default=None, validator=_opt_int)

    def __str__(self) -> str:
        """``[printed → computed]`` (``—`` for a missing one); empty when neither is known."""
        if not (self.printed or self.computed):
            return ""
        return f"[{self.printed or '—'} → {self.computed or '—'}]"


@attrs.frozen(slots=True, kw_only=True)
class Diagnostic:
    """A problem at a place: severity, code, message and fix; the source and the position
    in it (each None when not known); an audit's figures.  See the module's doc."""

    severity: Severity = attrs.field(converter=Severity)
    code: str = attrs.field(validator=attrs.validators.instance_of(str))
    message: str = attrs.field(validator=attrs.validators.instance_of(str))
    fix: str = attrs.field(default="", validator=attrs.validators.instance_of(str))
    source: str | None = attrs.field(default=None, validator=_opt_str)
    where: str | None = attrs.field(default=None, validator=_opt_str)
    line: int | None = attrs.field(default=None, validator=_opt_int)
    col: int | None = attrs.field(default=None, validator=_opt_int)
    end_line: int | None = attrs.field(default=None, validator=_opt_int)
    end_col: int | None = attrs.field(default=None, validator=_opt_int)
    start: int | None = attrs.field(default=None, validator=_opt_int)
    end: int | None = attrs.field(default=None, validator=_opt_int)
    figures: Figures | None = attrs.field(default=None, validator=attrs.validators.optional(attrs.validators.instance_of(Figures)))
    # the message and fix not yet in a language (None: made in the language of message and fix)
    msg: Message | None = attrs.field(default=None, eq=False, repr=False, validator=_opt_msg)
    fix_msg: Message | None = attrs.field(default=None, eq=False, repr=False, validator=_opt_msg)

    @classmethod
    def of(cls, *, message: str | Message, fix: str | Message = "", **fields: Any) -> Diagnostic:
        """A diagnostic whose message and fix may be :class:`~indicator_dsl.messages.Message`
        (kept for :meth:`in_lang`; ``message`` and ``fix`` are then their English text)."""
        return cls(message=str(message), fix=str(fix), msg=message if isinstance(message, Message) else None,
                   fix_msg=fix if isinstance(fix, Message) else None, **fields)

    @classmethod
    def at(cls, text: str, start: int, end: int, severity: str, code: str, message: str | Message,
           fix: str | Message = "", source: str | None = None, *, where: str | None = None,
           figures: Figures | None = None) -> Diagnostic:
        """A diagnostic for the characters ``text[start:end]`` of ``source`` (whose text is ``text``)."""
        end = max(end, start)
        line, col = line_col(text, start)
        end_line, end_col = line_col(text, end)
        return cls.of(severity=severity, code=code, message=message, fix=fix, source=source, where=where,
                      line=line, col=col, end_line=end_line, end_col=end_col, start=start, end=end, figures=figures)

    def in_lang(self, lang: str | Translator) -> Diagnostic:
        """This diagnostic with its message and fix in ``lang`` ("en", "zh" or a Translator), when
        they were kept as messages; else itself."""
        if self.msg is None and self.fix_msg is None:
            return self
        return attrs.evolve(self, message=render(self.msg, lang) if self.msg is not None else self.message,
                            fix=render(self.fix_msg, lang) if self.fix_msg is not None else self.fix)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def place(self) -> str | None:
        """``where``, or the source with its line and column; None when nothing is known."""
        if self.where:
            return self.where
        loc = "" if self.line is None else str(self.line) + ("" if self.col is None else f":{self.col}")
        return ":".join(x for x in (self.source, loc) if x) or None

    def __str__(self) -> str:
        place = self.place
        head = f"{place}: " if place else ""
        code = f"{self.code} " if self.code else ""
        return f"{head}{code}{self.message}"

    def summary(self, lang: str = "en") -> str:
        """``code [printed → computed]: message (rule N)``: the finding's line without its place
        (``(rule N)`` in ``lang``; the message is in the language it was made in)."""
        figs = self.figures
        shown = f" {figs}" if figs is not None and str(figs) else ""
        said = "(rule" in self.message or "（规则" in self.message
        rule = Translator(lang)(N_(" (rule {rule})"), rule=figs.rule) if figs is not None and figs.rule and not said else ""
        return f"{self.code}{shown}: {self.message}{rule}"

    def caret(self, text: str) -> str:
        """The line of ``text`` (the source's text) with carets under the problem (CJK-aware)."""
        if self.start is None:
            raise ValueError("this diagnostic has no character offsets")
        return caret_lines(text, self.start, self.end if self.end is not None else self.start)

    def render(self, text: str | None = None, indent: str = "    ", lang: str = "en") -> str:
        """As ``indicator-dsl check`` prints it: ``str()``, and for an error with offsets into
        ``text`` the line with its caret and the fix, indented; in ``lang`` (:meth:`in_lang`)."""
        d = self.in_lang(lang)
        out = str(d)
        if d.is_error and text and d.start is not None and d.start <= len(text) \
                and (d.end is None or d.end >= d.start):
            out += "\n" + "\n".join(indent + line for line in d.caret(text).split("\n"))
            if d.fix:
                out += "\n" + indent + Translator(lang)(N_("fix: {fix}"), fix=d.fix)
        return out

    def to_json(self) -> dict[str, Any]:
        """A JSON object: the place (source, where, line, col, end_line, end_col, start, end; null
        when not known), severity, code, message, fix, and printed, computed, rule with figures."""
        out: dict[str, Any] = {
            "source": self.source, "where": self.where, "line": self.line, "col": self.col,
            "end_line": self.end_line, "end_col": self.end_col, "start": self.start, "end": self.end,
            "severity": self.severity.value, "code": self.code, "message": self.message, "fix": self.fix,
        }
        if self.figures is not None:
            out.update(printed=self.figures.printed, computed=self.figures.computed, rule=self.figures.rule)
        return out

"""The argument parser in the user's language: help, usage and argparse's own errors.

Every description and help text of the commands is a marked message (``N_``) given to
:class:`Parser` through its translator; the few words argparse writes itself (``usage:``,
the section titles, ``-h``'s help, the common errors) are translated here, from the same
catalog, without touching argparse's module state.  The language is known before the
parser is built: :func:`lang_of_argv` finds ``--lang`` anywhere in argv, else the locale.

>>> lang_of_argv(["score", "--lang", "zh", "x.tsv"], {}), lang_of_argv(["--lang=en"], {"LANG": "zh_CN"})
('zh', 'en')
>>> lang_of_argv(["check", "--la", "zh"], {}), lang_of_argv(["parse", "--", "--lang", "zh"], {})
('zh', 'en')
>>> lang_of_argv(["score"], {"LANG": "zh_CN.UTF-8"}), lang_of_argv([], {})
('zh', 'en')
"""

from __future__ import annotations

import argparse
import functools
import re
import sys
from collections.abc import Mapping, Sequence
from typing import Any, NoReturn

from indicator_dsl.cli.common import ArgumentParser
from indicator_dsl.messages import LANGS, N_, Translator, locale_lang
from indicator_dsl.source import display_width

__all__ = ["Parser", "lang_of_argv", "wrap"]


def lang_of_argv(argv: Sequence[str], environ: Mapping[str, str]) -> str:
    """The language asked for by ``--lang X`` (or ``--lang=X``, or a prefix of ``--lang`` as
    argparse takes it; the last one wins) in ``argv``, else the locale's
    (:func:`~indicator_dsl.messages.locale_lang`)."""
    lang = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        name, eq, value = arg.partition("=")
        if len(name) > 2 and "--lang".startswith(name):  # --lang, or a prefix argparse takes for it (--la)
            if eq:
                lang = value
            elif i + 1 < len(argv):
                lang = argv[i + 1]
    return lang if lang in LANGS else locale_lang(environ)


# argparse's own error messages, as it words them, and the catalog's words for them
_ERRORS = (
    (re.compile(r"^the following arguments are required: (?P<args>.*)$"),
     N_("the following arguments are required: {args}")),
    (re.compile(r"^argument (?P<arg>.*?): invalid choice: (?P<value>.*?) \(choose from (?P<choices>.*)\)$"),
     N_("argument {arg}: invalid choice: {value} (choose from {choices})")),
    (re.compile(r"^argument (?P<arg>.*?): expected one argument$"), N_("argument {arg}: expected one argument")),
    (re.compile(r"^unrecognized arguments: (?P<args>.*)$"), N_("unrecognized arguments: {args}")),
    (re.compile(r"^argument (?P<arg>.*?): invalid (?P<type>\w+) value: (?P<value>.*)$"),
     N_("argument {arg}: invalid value: {value}")),
    (re.compile(r"^argument (?P<arg>.*?): not allowed with argument (?P<other>.*)$"),
     N_("argument {arg}: not allowed with argument {other}")),
    (re.compile(r"^argument (?P<arg>.*?): (?P<problem>.*)$"), N_("argument {arg}: {problem}")),
)


_NO_BREAK_BEFORE = set("，。、；：！？）》」』】”’,.;:!?)]}%")
_NO_BREAK_AFTER = set("（《「『【“‘([{")


def _wide(c: str) -> bool:
    return display_width(c) == 2


def _pieces(text: str) -> list[str]:
    """``text`` cut where a line may break: at spaces (kept at the end of the piece before) and
    between two wide characters (not before a closing or after an opening punctuation mark)."""
    out: list[str] = []
    for m in re.finditer(r"\S+\s*", text):
        word, start = m.group(), 0
        for i in range(1, len(word.rstrip())):
            a, b = word[i - 1], word[i]
            if _wide(a) and _wide(b) and b not in _NO_BREAK_BEFORE and a not in _NO_BREAK_AFTER:
                out.append(word[start:i])
                start = i
        out.append(word[start:])
    return out


def wrap(text: str, width: int) -> list[str]:
    """``text`` (its runs of white space made one space) in lines of at most ``width`` columns,
    a Chinese character counting two, broken at spaces or between Chinese characters.

    >>> wrap("按规范无法识别的年度指标值不评分（by default）", 20)
    ['按规范无法识别的年度', '指标值不评分（by', 'default）']
    """
    lines: list[str] = []
    line = ""
    for piece in _pieces(" ".join(text.split())):
        if line and display_width((line + piece).rstrip()) > width:
            lines.append(line.rstrip())
            line = piece
        else:
            line += piece
    if line.strip():
        lines.append(line.rstrip())
    return lines


class _Formatter(argparse.HelpFormatter):
    """argparse's help formatter with the ``usage:`` prefix in the parser's language, and Chinese
    lines wrapped by the columns they take (a Chinese character takes two)."""

    def __init__(self, prog: str, tr: Translator, **kwargs: Any) -> None:
        super().__init__(prog, **kwargs)
        self._tr = tr

    def _format_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None) -> str:
        if prefix is not None:
            return super()._format_usage(usage, actions, groups, prefix)
        said = self._tr.word(N_("usage: "))
        stand_in = "u" * display_width(said)  # as many columns as the words: the lines below line up
        return super()._format_usage(usage, actions, groups, stand_in).replace(stand_in, said, 1)

    # Chinese text is wrapped by :func:`wrap`; English text as argparse wraps it (between words)
    def _split_lines(self, text: str, width: int) -> list[str]:
        if self._tr.lang == "en":
            return super()._split_lines(text, width)
        return wrap(text, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if self._tr.lang == "en":
            return super()._fill_text(text, width, indent)
        return "\n".join(indent + line for line in wrap(text, width - len(indent)))


class Parser(ArgumentParser):
    """An ArgumentParser that speaks ``tr``'s language: its usage line, section titles, ``-h``
    and its own errors; the subcommands made by :meth:`add_subparsers` speak it too."""

    def __init__(self, *args: Any, tr: Translator, **kwargs: Any) -> None:
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self.tr = tr
        self._positionals.title = tr.word(N_("positional arguments"))
        self._optionals.title = tr.word(N_("options"))
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                          help=tr.word(N_("show this help message and exit")))

    def _get_formatter(self) -> argparse.HelpFormatter:
        return _Formatter(self.prog, self.tr)

    def add_subparsers(self, **kwargs: Any) -> Any:
        kwargs.setdefault("parser_class", functools.partial(Parser, tr=self.tr))
        return super().add_subparsers(**kwargs)

    def error(self, message: str) -> NoReturn:
        """Usage and ``prog: error: message`` on standard error, exit status 2 (as argparse)."""
        self.print_usage(sys.stderr)
        self.exit(2, self.tr(N_("{prog}: error: {message}"), prog=self.prog, message=self._said(message)) + "\n")

    def _said(self, message: str) -> str:
        if self.tr.lang == "en":
            return message
        for pattern, msgid in _ERRORS:
            m = pattern.match(message)
            if m:
                fields = m.groupdict()
                fields.pop("type", None)
                return self.tr(msgid, **fields)
        return message

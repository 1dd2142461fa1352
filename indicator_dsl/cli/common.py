"""What the commands share: the options every command group takes (in the user's language),
the scoring policy and reference values they give, and printing."""

from __future__ import annotations

import argparse
import os
import re
import sys
from decimal import Decimal, InvalidOperation
from typing import IO, TYPE_CHECKING, Any, Callable

from indicator_dsl.errors import IndicatorError, PolicyError
from indicator_dsl.limits import DEFAULT_LIMITS, Limits
from indicator_dsl.messages import EN, LANGS, N_, Message, Translator, locale_lang

if TYPE_CHECKING:  # pragma: no cover - imported when a command asks for the policy
    from indicator_dsl.evaluation.policy import ScoringPolicy

__all__ = ["lang_option", "policy_of", "refs_of", "scoring_options", "limit_options", "limits_of", "year_arg", "year_type",
           "say", "terminal_safe", "said", "tr_of", "ArgumentParser"]


def policy_of(args: argparse.Namespace) -> ScoringPolicy | None:
    """The scoring policy of ``--policy`` (the built-in one without it), or None when the file
    cannot be loaded: its error is said on standard error, in the command's language, and the
    command stops with the exit status it gives that (every command that takes ``--policy``)."""
    from indicator_dsl.evaluation.policy import ScoringPolicy

    try:
        if getattr(args, "policy", None):
            return ScoringPolicy.from_toml(args.policy)
        return ScoringPolicy.default()
    except PolicyError as e:
        tr = tr_of(args)
        say(tr(N_("error: {message}"), message=said(e, tr)), sys.stderr)
        return None


def refs_of(args: argparse.Namespace) -> dict[str, Decimal]:
    refs: dict[str, Decimal] = {}
    for item in getattr(args, "ref", None) or []:
        name, sep, value = item.rpartition("=")  # the last =: a value has none, a name may (x=y 平均=85)
        try:
            if not sep or not name.strip():
                raise InvalidOperation
            refs[name.strip()] = Decimal(value.strip())
        except InvalidOperation:
            raise SystemExit(tr_of(args)(N_("indicator-dsl: error: --ref wants NAME=NUMBER, e.g. 全国平均数=85, not {value}"),
                                         value=repr(item))) from None
    return refs


def tr_of(args: argparse.Namespace) -> Translator:
    """The translator of the language the command runs in (``--lang``, else English)."""
    return Translator(getattr(args, "lang", "en") or "en")


def said(e: BaseException, tr: Translator) -> str:
    """What an error says, in ``tr``'s language when it was made from messages (a span error, an
    InputError, a PolicyError, one raised with a :class:`~indicator_dsl.messages.Message`), else its own text."""
    message_in = getattr(e, "message_in", None)
    if isinstance(e, IndicatorError) and callable(message_in):
        return str(message_in(tr))
    if e.args and isinstance(e.args[0], Message):
        return e.args[0].render(tr)
    return str(e)


def lang_option(p: argparse.ArgumentParser, tr: Translator = EN, default: str | None = None) -> None:
    """``--lang en|zh``: the language of every message; default ``default``, else the user's locale
    (LC_ALL, LC_MESSAGES, LANG: zh* is zh)."""
    default = default or locale_lang(os.environ)
    p.add_argument("--lang", choices=LANGS, default=default,
                   help=tr(N_("language of the messages, reasons, reports and help: en or zh (default from the locale: "
                              "{default})"), default=default))


def scoring_options(p: argparse.ArgumentParser, tr: Translator = EN) -> None:
    p.add_argument("--policy", metavar="FILE",
                   help=tr.word(N_("a scoring policy in TOML (see docs/scoring.md); default: the built-in policy")))
    p.add_argument("--ref", action="append", metavar="NAME=VALUE",
                   help=tr.word(N_("a reference value for relative targets, e.g. --ref 全国平均数=85 (repeatable)")))


# option -> (Limits field, help); docs/robustness.md lists them
_LIMIT_OPTIONS = {
    "--max-cell-chars": ("cell_chars", N_("at most N characters of one cell (default {default})")),
    "--max-number-digits": ("number_digits", N_("at most N digits of one number (default {default})")),
    "--max-file-bytes": ("file_bytes", N_("at most N bytes of one input file (default {default})")),
    "--max-workbook-bytes": ("workbook_bytes", N_("at most N bytes of one workbook once decompressed (default {default})")),
    "--max-table-rows": ("table_rows", N_("at most N rows of one table (default {default})")),
    "--max-sheet-cells": ("sheet_cells", N_("at most N cells (rows × columns) of one XLS/ODS sheet's used area (default {default})")),
    "--max-json-depth": ("json_depth", N_("at most N nesting depth of JSON (default {default})")),
    "--max-line-chars": ("line_chars", N_("at most N characters of one line of JSON Lines (default {default})")),
}


def _positive_type(tr: Translator) -> Callable[[str], int]:
    def positive(text: str) -> int:
        try:
            n = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(tr(N_("a whole number, not {value}"), value=repr(text))) from None
        if n <= 0:
            raise argparse.ArgumentTypeError(tr(N_("a positive number, not {value}"), value=n))
        return n
    return positive


def year_type(tr: Translator) -> Callable[[str], int]:
    """The type of ``--year``: a year of four digits (``--year 23`` is refused with a message in ``tr``'s language)."""
    def year(text: str) -> int:
        if not (text.isascii() and text.isdigit() and len(text) == 4) or int(text) < 1000:
            raise argparse.ArgumentTypeError(tr(N_("a year of four digits such as 2023, not {value}"), value=repr(text)))
        return int(text)
    return year


year_arg = year_type(EN)


def limit_options(p: argparse.ArgumentParser, *which: str, tr: Translator = EN) -> None:
    """The options that change the input limits (docs/robustness.md); ``which``: their Limits fields."""
    g = p.add_argument_group(tr.word(N_("input limits (docs/robustness.md)")))
    for option, (field, what) in _LIMIT_OPTIONS.items():
        if field in which:
            g.add_argument(option, type=_positive_type(tr), dest=f"limit_{field}", metavar="N",
                           help=tr(what, default=getattr(DEFAULT_LIMITS, field)))


def limits_of(args: argparse.Namespace) -> Limits:
    return Limits.from_options(**{f: getattr(args, f"limit_{f}", None) for f, _ in _LIMIT_OPTIONS.values()})


# escape sequences (CSI, OSC, …) and the other control characters but tab and newline
_CONTROL = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])|[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def terminal_safe(text: str) -> str:
    r"""``text`` as it may reach a terminal: escape sequences and control characters (but tab and
    newline) removed, a lone surrogate written as ``\udXXX``; always encodable as UTF-8.

    >>> terminal_safe("a\x1b[2Jb\x1b]0;title\x07c\ud800\x00")
    'abc\\ud800'
    """
    text = _CONTROL.sub("", text)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def say(text: str, file: IO[str] | None = None) -> None:
    """Print ``text`` (made :func:`terminal_safe`) to ``file`` (standard output by default)."""
    stream = sys.stdout if file is None else file
    try:
        print(terminal_safe(text), file=stream)
    except UnicodeEncodeError:  # a terminal that cannot show Chinese
        print(terminal_safe(text).encode("ascii", "backslashreplace").decode("ascii"), file=stream)


class ArgumentParser(argparse.ArgumentParser):
    """The command line's argument parser: everything it prints (usage errors, which quote the
    command line, help, the version) passes through :func:`terminal_safe`, as every other
    message does.  Its subcommands' parsers are of this class too."""

    def _print_message(self, message: str, file: Any = None) -> None:
        if message:
            stream = file or sys.stderr
            try:
                stream.write(terminal_safe(message))
            except UnicodeEncodeError:  # a terminal that cannot show Chinese
                stream.write(terminal_safe(message).encode("ascii", "backslashreplace").decode("ascii"))
            except (AttributeError, OSError):  # no stream, or a closed one: as argparse does
                pass

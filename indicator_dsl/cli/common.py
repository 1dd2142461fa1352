"""What the commands share: the scoring policy and reference values from the options."""

from __future__ import annotations

import argparse
import os
import re
import sys
from decimal import Decimal, InvalidOperation
from typing import IO, TYPE_CHECKING

from indicator_dsl.limits import DEFAULT_LIMITS, Limits
from indicator_dsl.messages import LANGS, locale_lang

if TYPE_CHECKING:  # pragma: no cover - imported when a command asks for the policy
    from indicator_dsl.evaluation.policy import ScoringPolicy

__all__ = ["lang_option", "policy_of", "refs_of", "scoring_options", "limit_options", "limits_of", "year_arg", "say", "terminal_safe"]


def policy_of(args: argparse.Namespace) -> ScoringPolicy:
    from indicator_dsl.evaluation.policy import ScoringPolicy

    if getattr(args, "policy", None):
        return ScoringPolicy.from_toml(args.policy)
    return ScoringPolicy.default()


def refs_of(args: argparse.Namespace) -> dict[str, Decimal]:
    refs: dict[str, Decimal] = {}
    for item in getattr(args, "ref", None) or []:
        name, sep, value = item.partition("=")
        try:
            if not sep or not name.strip():
                raise InvalidOperation
            refs[name.strip()] = Decimal(value.strip())
        except InvalidOperation:
            raise SystemExit(f"indicator-dsl: error: --ref wants NAME=NUMBER, e.g. 全国平均数=85, not {item!r}") from None
    return refs


def lang_option(p: argparse.ArgumentParser) -> None:
    """``--lang en|zh``: the language of every message; default the user's locale (LC_ALL, LC_MESSAGES, LANG: zh* is zh)."""
    default = locale_lang(os.environ)
    p.add_argument("--lang", choices=LANGS, default=default,
                   help=f"language of the messages, reasons and reports: en or zh (default from the locale: {default})")


def scoring_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--policy", metavar="FILE", help="a scoring policy in TOML (see docs/scoring.md); default: the built-in policy")
    p.add_argument("--ref", action="append", metavar="NAME=VALUE",
                   help="a reference value for relative targets, e.g. --ref 全国平均数=85 (repeatable)")




# option -> (Limits field, help); docs/robustness.md lists them
_LIMIT_OPTIONS = {
    "--max-cell-chars": ("cell_chars", "characters of one cell"),
    "--max-number-digits": ("number_digits", "digits of one number"),
    "--max-file-bytes": ("file_bytes", "bytes of one input file"),
    "--max-workbook-bytes": ("workbook_bytes", "bytes of one workbook once decompressed"),
    "--max-table-rows": ("table_rows", "rows of one table"),
    "--max-json-depth": ("json_depth", "nesting depth of JSON"),
    "--max-line-chars": ("line_chars", "characters of one line of JSON Lines"),
}


def _positive(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a whole number, not {text!r}") from None
    if n <= 0:
        raise argparse.ArgumentTypeError(f"a positive number, not {n}")
    return n


def year_arg(text: str) -> int:
    """``--year``: a year of four digits (``--year 23`` is refused with a message)."""
    if not (text.isascii() and text.isdigit() and len(text) == 4) or int(text) < 1000:
        raise argparse.ArgumentTypeError(f"a year of four digits such as 2023, not {text!r}")
    return int(text)


def limit_options(p: argparse.ArgumentParser, *which: str) -> None:
    """The options that change the input limits (docs/robustness.md); ``which``: their Limits fields."""
    g = p.add_argument_group("input limits (docs/robustness.md)")
    for option, (field, what) in _LIMIT_OPTIONS.items():
        if field in which:
            g.add_argument(option, type=_positive, dest=f"limit_{field}", metavar="N",
                           help=f"at most N {what} (default {getattr(DEFAULT_LIMITS, field)})")


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

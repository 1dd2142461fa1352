"""Limits on input: settings with sane defaults, passed in as configuration.

A :class:`Limits` value says how much input a reader takes: the characters of one cell,
the digits of one number, the bytes of one file, the decompressed bytes of one workbook,
the rows of one table, the nesting depth of JSON, the characters of one line of
JSON Lines and the used area of a sheet.  A limit exceeded is a problem of that cell, row or file (an error of the
project's own types, a :class:`~indicator_dsl.diagnostics.Diagnostic` in a report),
never a crash and never a stall.  docs/robustness.md lists each limit, its default and
what the user sees.

>>> DEFAULT_LIMITS.number_digits, DEFAULT_LIMITS.cell_chars
(50, 65536)
>>> Limits(number_digits=10).number_digits
10
>>> check_text("≥" + "9" * 60 + "个", DEFAULT_LIMITS)
Traceback (most recent call last):
  ...
indicator_dsl.errors.TargetSyntaxError: a number of 60 digits; the limit is 50 at 51-52 ('9')
>>> check_number(Decimal("NaN"), DEFAULT_LIMITS, "weight")
Traceback (most recent call last):
  ...
indicator_dsl.errors.InputError: weight must be a finite number, not NaN

Arithmetic on numbers within the limits is exact under :func:`decimal_context`: its
precision holds any product of two such numbers and a quotient to far more places than
any score or rate shows.
"""

from __future__ import annotations

import decimal
import re
from decimal import Decimal
from typing import Any

import attrs

from indicator_dsl.errors import InputError, TargetSyntaxError
from indicator_dsl.messages import N_, Message, msg, verbatim

__all__ = ["Limits", "DEFAULT_LIMITS", "check_text", "check_number", "check_year", "decimal_context", "named"]

_positive = [attrs.validators.instance_of(int), attrs.validators.gt(0)]


@attrs.frozen(slots=True)
class Limits:
    """How much input one reader takes (each a positive whole number)."""

    cell_chars: int = attrs.field(default=65_536, validator=_positive)
    """characters of one cell or text given to a reader (a target, an actual, find's text): twice
    the most a spreadsheet cell holds (Excel and WPS: 32,767), so no published cell reaches it"""
    number_digits: int = attrs.field(default=50, validator=_positive)
    """digits of one number (an Arabic numeral, the value of a Chinese numeral, a weight, a budget figure)"""
    file_bytes: int = attrs.field(default=256 * 1024 * 1024, validator=_positive)
    """bytes of one input file"""
    workbook_bytes: int = attrs.field(default=512 * 1024 * 1024, validator=_positive)
    """bytes of one workbook once decompressed (the sum of its parts' sizes)"""
    table_rows: int = attrs.field(default=100_000, validator=_positive)
    """rows of one table (the rest is not read, with a problem that says so)"""
    sheet_cells: int = attrs.field(default=20_000_000, validator=_positive)
    """positions of one sheet of an XLS or ODS workbook, rows × columns of its used area (a stray
    cell far from the table makes the area huge: such a sheet is that sheet's problem)"""
    json_depth: int = attrs.field(default=64, validator=_positive)
    """nesting of arrays and objects in one JSON value (a batch line, a JSON table)"""
    line_chars: int = attrs.field(default=8 * 1024 * 1024, validator=_positive)
    """characters of one line of JSON Lines (a batch row, a line of a .jsonl table)"""

    @classmethod
    def from_options(cls, **values: Any) -> Limits:
        """Limits from options that may be None (not given: the default)."""
        return cls(**{k: v for k, v in values.items() if v is not None})


DEFAULT_LIMITS = Limits()

# a run of Arabic digits with the separators between them (3,837,417.90; full-width too)
_ARABIC = re.compile(r"[0-9０-９](?:[,，.．]?[0-9０-９])*")
_ARABIC_DIGIT = re.compile(r"[0-9０-９]")
# a run of the characters of Chinese numerals; what each may add to the value's digits
_CHINESE_WEIGHT = {"亿": 8, "万": 4, "千": 3, "仟": 3, "百": 2, "佰": 2}
_CHINESE = re.compile("[零〇一二两三四五六七八九几幾壹贰叁肆伍陆柒捌玖十拾百佰千仟万亿点]+")


def check_text(text: str, limits: Limits, error: type[Any] = TargetSyntaxError) -> None:
    """Raise ``error`` (a span error: TargetSyntaxError, ActualSyntaxError) when ``text`` is
    longer than ``limits.cell_chars`` or holds a number with more than ``limits.number_digits``
    digits; the span points at the first character past the limit.  Linear in the text."""
    if len(text) > limits.cell_chars:
        n = limits.cell_chars
        raise error(text, n, n + 1, msg(N_("a cell of {n} characters; the limit is {limit}"), n=len(text), limit=n), (),
                    "too-long", fix=msg(N_("shorten the cell, or raise the limit (--max-cell-chars)")))
    most = limits.number_digits
    if len(text) <= most:
        return
    for m in _ARABIC.finditer(text):
        if m.end() - m.start() > most:
            digits = [d.start() for d in _ARABIC_DIGIT.finditer(text, m.start(), m.end())]
            if len(digits) > most:
                at = digits[most]
                raise error(text, at, at + 1, msg(N_("a number of {n} digits; the limit is {limit}"), n=len(digits),
                                                  limit=most), (), "number-too-long", fix=_DIGITS_FIX)
    for m in _CHINESE.finditer(text):
        if m.end() - m.start() > most // 8:
            weight = 0
            for k in range(m.start(), m.end()):
                weight += _CHINESE_WEIGHT.get(text[k], 1)
                if weight > most:
                    raise error(text, k, k + 1, msg(N_("a Chinese numeral of more than {limit} digits; the limit is {limit}"),
                                                    limit=most), (), "number-too-long", fix=_DIGITS_FIX)


_DIGITS_FIX = msg(N_("check the number, or raise the limit (--max-number-digits)"))


def named(what: str) -> Message:
    """The input field ``what`` (``weight``, ``year``, ``reference NAME``) as a person calls it."""
    if what.startswith("reference "):
        return msg(N_("reference {name}"), name=what[len("reference "):])
    return {"weight": msg(N_("weight")), "year": msg(N_("year"))}.get(what) or verbatim(what)


def check_number(value: Decimal, limits: Limits, what: str) -> Decimal:
    """``value`` when it is finite and has at most ``limits.number_digits`` digits on either side
    of the point; else :class:`~indicator_dsl.errors.InputError` naming ``what``."""
    if not value.is_finite():
        raise InputError(what, msg(N_("{what} must be a finite number, not {value}"), what=named(what), value=value))
    _, digits, exp = value.as_tuple()
    assert isinstance(exp, int)
    most = limits.number_digits
    if len(digits) + exp > most or -exp > most:
        raise InputError(what, msg(N_("{what} has more than {limit} digits before or after the point (the limit)"),
                                   what=named(what), limit=most))
    return value


def check_year(year: Any, what: str = "year") -> int | None:
    """A table's year: None, or a whole number of four digits (1000–9999); else InputError
    (TypeError for something that is not a whole number at all)."""
    if year is None:
        return None
    if isinstance(year, bool) or not isinstance(year, int):
        raise TypeError(f"{what} must be an int, not {type(year).__name__}")
    if not 1000 <= year <= 9999:
        raise InputError(what, msg(N_("{what} must be a year of four digits such as 2023, not {year}"),
                                   what=named(what), year=year))
    return year


def decimal_context(limits: Limits) -> decimal.Context:
    """A decimal context in which arithmetic on numbers within ``limits`` is exact (sums,
    products) or correct far beyond what is shown (quotients), and every slip traps."""
    digits = limits.number_digits
    return decimal.Context(prec=4 * digits + 28, rounding=decimal.ROUND_HALF_EVEN,
                           Emax=8 * digits + 100, Emin=-(8 * digits + 100),
                           traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow])

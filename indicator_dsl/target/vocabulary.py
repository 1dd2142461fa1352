"""The vocabulary of the target language, as data: indicator_dsl/target/vocabulary.toml.

Units (with dimension, scale and exactness), their other spellings, the magnitude
words, the words the grammar's UNIT and PCT terminals list, and the classifiers.
The file is read once, on first use (nothing is read at import time), and checked:
a mistake in it is a :class:`VocabularyError` naming the file and the entry.

>>> v = vocabulary()
>>> v.units[0], v.spellings["百分比"], v.magnitudes["万"]
(('%', 'percent', '1', True), '%', Decimal('10000'))
>>> sorted(v.terminals["PCT"]), "日" in v.terminals["UNIT"]
(['%', '‰'], False)
>>> terminal_regex(["人", "人次", "万元"])
'万元|人次|人'
"""

from __future__ import annotations

import functools
import re
import tomllib
from decimal import Decimal, InvalidOperation
from importlib import resources
from types import MappingProxyType
from typing import Any, Iterable, Mapping

import attrs

__all__ = ["Vocabulary", "VocabularyError", "vocabulary", "vocabulary_text", "parse_vocabulary", "terminal_regex", "FILE"]

FILE = "vocabulary.toml"
_SECTIONS = {"units", "spellings", "magnitudes", "terminals", "classifiers"}


class VocabularyError(ValueError):
    """vocabulary.toml says something the library cannot use."""


def _frozen_map(value: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(value))


@attrs.frozen(slots=True)
class Vocabulary:
    """The parsed vocabulary file.

    ``units`` are rows ``(name, dimension, scale, exact)`` in file order, as
    :meth:`~indicator_dsl.target.units.UnitTable.from_rows` takes them; ``terminals``
    maps UNIT and PCT to the words they list; ``classifiers`` maps a use to its words.
    """

    units: tuple[tuple[str, str, str, bool], ...] = attrs.field(
        validator=attrs.validators.deep_iterable(attrs.validators.instance_of(tuple), attrs.validators.instance_of(tuple)))
    spellings: Mapping[str, str] = attrs.field(converter=_frozen_map)
    magnitudes: Mapping[str, Decimal] = attrs.field(converter=_frozen_map)
    terminals: Mapping[str, frozenset[str]] = attrs.field(converter=_frozen_map)
    classifiers: Mapping[str, tuple[str, ...]] = attrs.field(converter=_frozen_map)

    @property
    def listed(self) -> frozenset[str]:
        """Every word of the UNIT and PCT terminals."""
        return frozenset().union(*self.terminals.values())


def terminal_regex(words: Iterable[str]) -> str:
    """A regex matching any of ``words``, the longest first (so 个工作日 beats 个)."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def _decimal(text: Any, where: str) -> Decimal:
    if not isinstance(text, str):
        raise VocabularyError(f"{FILE}: {where}: write the number as a string (\"{text}\"), not a TOML number")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise VocabularyError(f"{FILE}: {where}: {text!r} is not a decimal number") from None
    if not value.is_finite() or value <= 0:
        raise VocabularyError(f"{FILE}: {where}: {text!r} is not a positive number")
    return value


def _words(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(w, str) and w for w in value):
        raise VocabularyError(f"{FILE}: {where}: expected a list of words")
    return tuple(value)


def parse_vocabulary(data: Mapping[str, Any]) -> Vocabulary:
    """A :class:`Vocabulary` from the file's TOML tables, checked."""
    unknown = set(data) - _SECTIONS
    if unknown:
        raise VocabularyError(f"{FILE}: unknown section(s) {', '.join(sorted(unknown))} (known: {', '.join(sorted(_SECTIONS))})")
    rows: list[tuple[str, str, str, bool]] = []
    seen: dict[str, str] = {}
    for dimension, table in data.get("units", {}).items():
        exact = table.get("exact")
        if not isinstance(exact, bool):
            raise VocabularyError(f"{FILE}: [units.{dimension}]: needs exact = true or exact = false")
        for name, scale in table.items():
            if name == "exact":
                continue
            _decimal(scale, f"[units.{dimension}] {name}")
            if name in seen:
                raise VocabularyError(f"{FILE}: unit {name} is in both [units.{seen[name]}] and [units.{dimension}]")
            seen[name] = dimension
            rows.append((name, dimension, scale, exact))
    spellings = dict(data.get("spellings", {}))
    for word, unit in spellings.items():
        if unit not in seen:
            raise VocabularyError(f"{FILE}: [spellings] {word} = {unit!r}: no such unit")
        if word in seen:
            raise VocabularyError(f"{FILE}: [spellings] {word} is itself a unit")
    magnitudes = {w: _decimal(f, f"[magnitudes] {w}") for w, f in data.get("magnitudes", {}).items()}
    terms = dict(data.get("terminals", {}))
    if set(terms) != {"PCT", "unlisted"}:
        raise VocabularyError(f"{FILE}: [terminals] holds PCT and unlisted, not {', '.join(sorted(terms))}")
    words = set(seen) | set(spellings)
    pct, unlisted = set(_words(terms["PCT"], "[terminals] PCT")), set(_words(terms["unlisted"], "[terminals] unlisted"))
    strangers = sorted((pct | unlisted) - words)
    if strangers:
        raise VocabularyError(f"{FILE}: [terminals]: {', '.join(strangers)} is not a unit or a spelling")
    classifiers = {use: _words(ws, f"[classifiers] {use}") for use, ws in data.get("classifiers", {}).items()}
    return Vocabulary(
        tuple(rows), spellings, magnitudes,
        {"UNIT": frozenset(words - pct - unlisted), "PCT": frozenset(pct - unlisted)},
        classifiers,
    )


@functools.cache
def vocabulary_text() -> str:
    """The text of the installed package's vocabulary file."""
    return resources.files("indicator_dsl.target").joinpath(FILE).read_text(encoding="utf-8")


@functools.cache
def vocabulary() -> Vocabulary:
    """The vocabulary of the installed package (read on first use, then kept)."""
    text = vocabulary_text()
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise VocabularyError(f"{FILE}: {e}") from None
    return parse_vocabulary(data)

"""The vocabulary of the target language, as data: indicator_dsl/target/vocabulary.toml.

Units (with dimension, scale and exactness), their other spellings, the magnitude
words, the words the grammar's UNIT and PCT terminals list, the classifiers, and the
comparison words (the words and context regexes of OP_GE, POST_LE, TREND_UP ...).
The file is read once, on first use (nothing is read at import time), and checked:
a mistake in it is a :class:`VocabularyError` naming the file and the entry.

>>> v = vocabulary()
>>> v.units[0], v.spellings["百分比"], v.magnitudes["万"]
(('%', 'percent', '1', True), '%', Decimal('10000'))
>>> sorted(v.terminals["PCT"]), "日" in v.terminals["UNIT"]
(['%', '‰'], False)
>>> terminal_regex(["人", "人次", "万元"])
'万元|人次|人'
>>> v.comparison["REACH"], v.comparison_regex["OP_GT"][0][:13]
(('达到', '达'), '(?<![通经])过(?=')
>>> v.patterns()["POST_LE"]
'及以下|或以下|范围内|之内|以下|以内|内'
"""

from __future__ import annotations

import functools
import os
import re
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Any, Iterable, Mapping

import attrs

__all__ = ["Vocabulary", "VocabularyError", "vocabulary", "vocabulary_text", "parse_vocabulary", "terminal_regex", "FILE"]

FILE = "vocabulary.toml"
_SECTIONS = {"units", "spellings", "magnitudes", "terminals", "classifiers", "comparison"}
_TERMINAL = re.compile(r"[A-Z][A-Z_]*")


class VocabularyError(ValueError):
    """vocabulary.toml says something the library cannot use."""


def _frozen_map(value: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(value))


@attrs.frozen(slots=True)
class Vocabulary:
    """The parsed vocabulary file.

    ``units`` are rows ``(name, dimension, scale, exact)`` in file order, as
    :meth:`~indicator_dsl.target.units.UnitTable.from_rows` takes them; ``terminals``
    maps UNIT and PCT to the words they list; ``classifiers`` maps a use to its words;
    ``comparison`` maps each comparison terminal to its words (file order) and
    ``comparison_regex`` some of them to their context regexes (see :meth:`patterns`).
    """

    units: tuple[tuple[str, str, str, bool], ...] = attrs.field(
        validator=attrs.validators.deep_iterable(attrs.validators.instance_of(tuple), attrs.validators.instance_of(tuple)))
    spellings: Mapping[str, str] = attrs.field(converter=_frozen_map)
    magnitudes: Mapping[str, Decimal] = attrs.field(converter=_frozen_map)
    terminals: Mapping[str, frozenset[str]] = attrs.field(converter=_frozen_map)
    classifiers: Mapping[str, tuple[str, ...]] = attrs.field(converter=_frozen_map)
    comparison: Mapping[str, tuple[str, ...]] = attrs.field(converter=_frozen_map, factory=dict)
    comparison_regex: Mapping[str, tuple[str, ...]] = attrs.field(converter=_frozen_map, factory=dict)

    @property
    def listed(self) -> frozenset[str]:
        """Every word of the UNIT and PCT terminals."""
        return frozenset().union(*self.terminals.values())

    def patterns(self) -> dict[str, str]:
        """The pattern of every terminal generated from this vocabulary: UNIT, PCT, MAG (the
        magnitude words, and k after a digit) and the comparison terminals.  A comparison
        terminal's context regexes come first, in file order, then its words, the longest
        first, escaped."""
        out = {name: terminal_regex(words) for name, words in self.terminals.items()}
        out["MAG"] = "|".join((terminal_regex(self.magnitudes), THOUSAND_K))
        for name, words in self.comparison.items():
            out[name] = "|".join((*self.comparison_regex.get(name, ()), terminal_regex(words)))
        return out

    def initials(self) -> frozenset[str]:
        """The first character of every word of UNIT and of the comparison terminals
        (prose stops before them: the grammar's WORD and CHAR, ``{initials}``)."""
        words = set(self.terminals.get("UNIT", ())).union(*self.comparison.values())
        return frozenset(w[0] for w in words)


# k after a number is a thousand (5k-20k): a context rule, not a word of [magnitudes]
THOUSAND_K = r"(?<=\d)[kK](?![A-Za-z])"


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


def _comparison(table: Any) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """[comparison] (terminal = [words]) and [comparison.regex] (terminal = [regexes]), checked."""
    table = dict(table)
    regex = table.pop("regex", {})
    words: dict[str, tuple[str, ...]] = {}
    owner: dict[str, str] = {}
    for name, value in table.items():
        if not _TERMINAL.fullmatch(name) or name in ("UNIT", "PCT"):
            raise VocabularyError(f"{FILE}: [comparison] {name}: not the name of a comparison terminal (OP_GE, POST_LE ...)")
        words[name] = _words(value, f"[comparison] {name}")
        for w in words[name]:
            if owner.get(w, name) != name:
                raise VocabularyError(f"{FILE}: [comparison] {w} is in both {owner[w]} and {name}")
            owner[w] = name
    regexes: dict[str, tuple[str, ...]] = {}
    for name, value in dict(regex).items():
        if name not in words:
            raise VocabularyError(f"{FILE}: [comparison.regex] {name}: no such terminal in [comparison]")
        regexes[name] = _words(value, f"[comparison.regex] {name}")
        for r in regexes[name]:
            try:
                re.compile(r)
            except re.error as e:
                raise VocabularyError(f"{FILE}: [comparison.regex] {name}: {r!r} is not a regex ({e})") from None
    return words, regexes


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
    comparison, comparison_regex = _comparison(data.get("comparison", {}))
    return Vocabulary(
        tuple(rows), spellings, magnitudes,
        {"UNIT": frozenset(words - pct - unlisted), "PCT": frozenset(pct - unlisted)},
        classifiers, comparison, comparison_regex,
    )


@functools.cache
def vocabulary_text() -> str:
    """The text of the installed package's vocabulary file."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), FILE)
    if os.path.isfile(path):
        with open(path, encoding="utf-8") as fh:
            return fh.read()
    from importlib import resources  # a package in a zip file

    return resources.files("indicator_dsl.target").joinpath(FILE).read_text(encoding="utf-8")


@functools.cache
def vocabulary() -> Vocabulary:
    """The vocabulary of the installed package (read on first use, then kept).

    The file's TOML, once parsed, is kept between runs (:mod:`indicator_dsl.target.kept`,
    as marshal data): a command starts without the TOML parser."""
    import marshal

    from indicator_dsl.target.kept import read, stamp, write

    text = vocabulary_text()
    name = f"vocabulary-{stamp(text)}.marshal"
    kept = read(name)
    if kept is not None:
        try:
            data = marshal.loads(kept)
        except (EOFError, ValueError, TypeError):  # a broken file: parse again
            data = None
        if isinstance(data, dict):
            return parse_vocabulary(data)
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise VocabularyError(f"{FILE}: {e}") from None
    vocab = parse_vocabulary(data)
    try:
        write(name, marshal.dumps(data))
    except ValueError:  # pragma: no cover - a value marshal cannot write (a TOML date): not kept
        pass
    return vocab

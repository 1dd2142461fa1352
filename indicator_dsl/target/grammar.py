"""Loading the grammars and building their parsers (cached factories).

The library cuts text into tokens itself, with the grammar's own terminals in the
order Lark's basic lexer tries them (priority, then width), and hands the token list
to Lark's LALR parser through a pass-through lexer.  One tokenisation serves both the
whole-cell parse and the phrase scanner; tests check the tokens equal Lark's.

The terminals that list units (UNIT, PCT) and the comparison terminals (OP_GE ...
TREND_DOWN) are written ``/{vocabulary}/`` in grammars/target.lark:
:func:`fill_terminals` writes their patterns from indicator_dsl/target/vocabulary.toml
when the parser is built (Lark's ``edit_terminals``), so the grammar, the unit table
and the vocabulary file cannot drift apart.
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from pathlib import Path
from typing import Any, Iterator

import lark
import lark.exceptions
from lark.lexer import Lexer, PatternRE, TerminalDef

from indicator_dsl.target.driver import Driver
from indicator_dsl.target.lexer import Tokenizer, make_token
from indicator_dsl.target.vocabulary import vocabulary

__all__ = ["grammar_text", "fill_terminals", "GENERATED", "INITIALS", "initials", "target_lark", "Tokenizer", "tokenizer", "make_token", "Driver"]

# the pattern target.lark writes for a terminal generated from the vocabulary
GENERATED = "{vocabulary}"
# the place in WORD and CHAR where the first characters of the vocabulary's words go
INITIALS = "{initials}"


def initials() -> str:
    """The first character of every word of the UNIT terminal and of the comparison
    terminals, escaped for a character class: prose (WORD) stops before them and CHAR
    holds them, so 项目 before 10粒 cannot swallow the unit, nor 指标 a following 不少于."""
    return "".join(sorted({re.escape(c) for c in vocabulary().initials()}))


def grammar_text(name: str) -> str:
    """The text of ``grammars/<name>`` (installed wheel, or the source tree)."""
    packaged = resources.files("indicator_dsl").joinpath("grammars", name)
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    here = Path(__file__).resolve().parents[2] / "grammars" / name
    return here.read_text(encoding="utf-8")


def fill_terminals(term: TerminalDef) -> None:
    """Lark's ``edit_terminals`` callback: the UNIT and PCT terminals and the comparison
    terminals get their patterns from the vocabulary (:meth:`Vocabulary.patterns`: the
    words, the longest first, after a comparison terminal's context regexes).  Pass it
    to every Lark built from target.lark.  A generated terminal written out in the
    grammar is an error: it would drift from the vocabulary."""
    if term.name in ("WORD", "CHAR") and INITIALS in term.pattern.value:
        term.pattern = PatternRE(term.pattern.value.replace(INITIALS, initials()), term.pattern.flags)
        return
    pattern = _patterns().get(term.name)
    generated = term.pattern.type == "re" and term.pattern.value == GENERATED
    if pattern is None:
        if generated:
            raise lark.exceptions.GrammarError(f"terminal {term.name} is /{GENERATED}/ but the vocabulary does not list it")
        return
    if not generated:
        raise lark.exceptions.GrammarError(
            f"terminal {term.name} is generated from the vocabulary: write it /{GENERATED}/ in target.lark")
    term.pattern = PatternRE(pattern, term.pattern.flags)


@functools.cache
def _patterns() -> dict[str, str]:
    return vocabulary().patterns()


class _PassThroughLexer(Lexer):
    """Hands a ready list of tokens to the parser."""

    def __init__(self, lexer_conf: Any) -> None:
        pass

    def lex(self, data: Any) -> Iterator[lark.Token]:  # type: ignore[override]
        return iter(data)


@functools.cache
def target_lark() -> lark.Lark:
    """The LALR parser of grammars/target.lark (strict: no conflicts allowed), with the
    model-building transformer embedded.  Built once: the tokenizer reads its terminals."""
    from indicator_dsl.target.transform import TargetTransformer  # the transformer needs no grammar: no cycle

    text = grammar_text("target.lark")
    return lark.Lark(
        text,
        parser="lalr",
        lexer=_PassThroughLexer,
        start=["cell", "phrase", "tokens"],
        strict=True,
        maybe_placeholders=False,
        transformer=TargetTransformer(),
        edit_terminals=fill_terminals,
        cache=_cache_file(text),
    )


def _cache_file(grammar: str) -> str | bool:
    """Where Lark keeps the analysed grammar between runs (building it takes a tenth of a
    second or more; loading it, a few milliseconds), or False for no cache.

    The file's name is a hash of everything the tables depend on: the grammar, the
    vocabulary its unit terminals are filled from, and the versions of lark and of this
    package (Lark's own key does not see the vocabulary).  The directory is
    ``$INDICATOR_DSL_CACHE`` or the user's cache directory (``$XDG_CACHE_HOME`` or
    ``~/.cache``) under ``indicator-dsl``, made private to the user; ``INDICATOR_DSL_CACHE=off``
    turns the cache off, and a directory that cannot be made means no cache.
    """
    import hashlib
    import os

    from indicator_dsl.target.vocabulary import vocabulary_text
    from indicator_dsl.version import __version__

    setting = os.environ.get("INDICATOR_DSL_CACHE", "")
    if setting.lower() in ("off", "0", "no", "false"):
        return False
    base = Path(setting) if setting else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "indicator-dsl"
    key = hashlib.sha256("\0".join((grammar, vocabulary_text(), lark.__version__, __version__)).encode()).hexdigest()
    try:
        base.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return False
    if not os.access(base, os.W_OK):
        return False
    return str(base / f"target-{key[:24]}.lark")


@functools.cache
def tokenizer() -> Tokenizer:
    parser = target_lark()
    return Tokenizer(list(parser.terminals), set(parser.lexer_conf.ignore))  # (ignore_tokens is not kept in a cached parser)

"""Loading the grammars and building their parsers (cached factories).

The library cuts text into tokens itself (:mod:`indicator_dsl.target.lexer`), with the
grammar's own terminals in the order Lark's basic lexer tries them (priority, then
width), and runs Lark's LALR tables on the token list (:mod:`indicator_dsl.target.driver`).
One tokenisation serves both the whole-cell parse and the phrase scanner; tests check
the tokens equal Lark's.  The tables and the tokenizer are made from Lark's parser once
and kept between runs (:func:`parser_tables`, :func:`tokenizer`): reading a cell does not
import Lark, which is loaded to make them again or to report an error.

The terminals that list units (UNIT, PCT) and the comparison terminals (OP_GE ...
TREND_DOWN) are written ``/{vocabulary}/`` in grammars/target.lark:
:func:`fill_terminals` writes their patterns from indicator_dsl/target/vocabulary.toml
when the parser is built (Lark's ``edit_terminals``), so the grammar, the unit table
and the vocabulary file cannot drift apart.
"""

from __future__ import annotations

import functools
import os
import re
from typing import TYPE_CHECKING, Any, Iterator

from indicator_dsl.target.driver import Tables, tables_of
from indicator_dsl.target.kept import cache_dir, read, stamp, write
from indicator_dsl.target.lexer import Tokenizer, make_token
from indicator_dsl.target.vocabulary import vocabulary

if TYPE_CHECKING:  # pragma: no cover - Lark is imported to build the tables or report an error, not to read
    import lark
    from lark.lexer import TerminalDef

__all__ = ["grammar_text", "fill_terminals", "GENERATED", "INITIALS", "initials", "target_lark", "Tokenizer", "tokenizer", "make_token", "parser_tables"]

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
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    for path in (os.path.join(package, "grammars", name), os.path.join(os.path.dirname(package), "grammars", name)):
        if os.path.isfile(path):
            with open(path, encoding="utf-8") as fh:
                return fh.read()
    from importlib import resources  # a package in a zip file

    return resources.files("indicator_dsl").joinpath("grammars", name).read_text(encoding="utf-8")


def fill_terminals(term: TerminalDef) -> None:
    """Lark's ``edit_terminals`` callback: the UNIT and PCT terminals and the comparison
    terminals get their patterns from the vocabulary (:meth:`Vocabulary.patterns`: the
    words, the longest first, after a comparison terminal's context regexes).  Pass it
    to every Lark built from target.lark.  A generated terminal written out in the
    grammar is an error: it would drift from the vocabulary."""
    import lark.exceptions
    from lark.lexer import PatternRE

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


def _pass_through_lexer() -> Any:
    """The lexer class of :func:`target_lark`, which hands a ready list of tokens to the
    parser: made when first asked for (it subclasses Lark's Lexer, and importing Lark is
    left to who needs it), and kept as this module's ``_PassThroughLexer``, the name Lark's
    cache file gives it."""
    made = globals().get("_PassThroughLexer")
    if made is not None:
        return made
    from lark.lexer import Lexer

    class _PassThroughLexer(Lexer):
        """Hands a ready list of tokens to the parser."""

        def __init__(self, lexer_conf: Any) -> None:
            pass

        def lex(self, data: Any) -> Iterator[Any]:  # type: ignore[override]
            return iter(data)

    _PassThroughLexer.__qualname__ = "_PassThroughLexer"  # (what pickle finds in this module)
    globals()["_PassThroughLexer"] = _PassThroughLexer
    return _PassThroughLexer


def __getattr__(name: str) -> Any:
    if name == "_PassThroughLexer":  # (Lark's cache file, read back, asks for it by name)
        return _pass_through_lexer()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@functools.cache
def target_lark() -> lark.Lark:
    """The LALR parser of grammars/target.lark (strict: no conflicts allowed), with the
    model-building transformer embedded.  Built once: the tokenizer reads its terminals."""
    import lark

    from indicator_dsl.target.transform import TargetTransformer  # the transformer needs no grammar: no cycle

    text = grammar_text("target.lark")
    return lark.Lark(
        text,
        parser="lalr",
        lexer=_pass_through_lexer(),
        start=["cell", "phrase", "tokens"],
        strict=True,
        maybe_placeholders=False,
        transformer=TargetTransformer(),  # (its methods are what Lark uses)
        edit_terminals=fill_terminals,
        cache=_cache_file(text),
    )


def _cache_file(grammar: str) -> str | bool:
    """Where Lark keeps the analysed grammar between runs (building it takes a tenth of a
    second or more; loading it, a few milliseconds), or False for no cache: in the
    directory of the kept files (:mod:`indicator_dsl.target.kept`), named by a checksum of
    the grammar, the vocabulary its unit terminals are filled from, and the versions of
    lark and of this package (Lark's own key does not see the vocabulary).
    """
    import lark

    from indicator_dsl.target.vocabulary import vocabulary_text
    from indicator_dsl.version import __version__

    base = cache_dir()
    if base is None:
        return False
    return os.path.join(base, f"target-{stamp(grammar, vocabulary_text(), lark.__version__, __version__)}.lark")


# the layout of the kept tables; a change to it (or to the modules below) makes a new file
_KEPT = "tables-1"


def _kept_name() -> str | None:
    """The name of the kept file of the driver's tables and the tokenizer: a checksum of what
    they are made from (the grammar, the vocabulary, Lark (its ``__init__``, which holds its
    version: read, not imported), and the modules that make and read the tables)."""
    import importlib.util

    from indicator_dsl.target.vocabulary import vocabulary_text

    spec = importlib.util.find_spec("lark")
    if spec is None or spec.origin is None:  # pragma: no cover - lark is a dependency
        return None
    here = os.path.dirname(os.path.abspath(__file__))
    code = []
    for path in (*(os.path.join(here, name) for name in ("driver.py", "lexer.py", "transform.py", "grammar.py")),
                 spec.origin):
        with open(path, "rb") as fh:
            code.append(fh.read())
    return f"target-{stamp(_KEPT, grammar_text('target.lark'), vocabulary_text(), *code)}.tables"


@functools.cache
def _built() -> tuple[Tables, Tokenizer]:
    """The driver's tables and the tokenizer: read from the kept file (a few milliseconds,
    and no grammar to load), else made from :func:`target_lark` and kept."""
    import pickle

    name = _kept_name()
    data = read(name) if name is not None else None
    if data is not None:
        try:
            tables, tok = pickle.loads(data)
            if isinstance(tables, Tables) and isinstance(tok, Tokenizer):
                return tables, tok
        except Exception:  # a stale or broken file: make the tables again
            pass
    parser = target_lark()
    tables = tables_of(parser)
    tok = Tokenizer(list(parser.terminals), set(parser.lexer_conf.ignore))  # (ignore_tokens is not kept in a cached parser)
    if name is not None and tables.portable:
        # the characters a cell is made of: ASCII, and every character of the vocabulary and
        # the grammar (a character of prose that begins no terminal stands for all the others)
        from indicator_dsl.target.vocabulary import vocabulary_text

        tok.precompile({*map(chr, range(0x20, 0x7F)), *"\t\n的", *vocabulary_text(), *grammar_text("target.lark")})
        write(name, pickle.dumps((tables, tok), protocol=pickle.HIGHEST_PROTOCOL))
    return tables, tok


def parser_tables() -> Tables:
    """The compact LALR tables of the target grammar (:class:`~indicator_dsl.target.driver.Driver`)."""
    return _built()[0]


def tokenizer() -> Tokenizer:
    """The tokenizer of the target grammar's terminals."""
    return _built()[1]

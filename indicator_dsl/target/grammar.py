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


class _Reject(Exception):
    """A token the table has no action for (internal to Driver)."""


class Driver:
    """Runs Lark's LALR tables on a ready token list, without Lark's front end.

    ``try_parse`` and ``longest`` (the phrase scanner's inner loop) run a compact copy
    of Lark's tables: per state, per terminal, either the state to shift to or the
    reduction (its length, the rule's name, its transformer callback), so the inner
    loop does dictionary lookups only.  ``parse`` runs Lark's own ParserState, whose
    errors (with the parser state) feed ``match_examples``: it is used only to report
    an error once a cheap attempt has failed.
    """

    def __init__(self, parser: lark.Lark) -> None:
        from lark.parsers.lalr_analysis import Shift
        from lark.parsers.lalr_parser_state import ParseConf

        inner = parser.parser.parser.parser  # ParsingFrontend -> LALR_Parser -> _Parser
        self._confs = {s: ParseConf(inner.parse_table, inner.callbacks, s) for s in parser.options.start}
        callbacks = inner.callbacks
        self._shift_cb = {k: v for k, v in callbacks.items() if isinstance(k, str)}
        reductions: dict[Any, tuple[int, str, Any]] = {}
        table: dict[Any, dict[str, tuple[bool, Any]]] = {}
        for state, actions in inner.parse_table.states.items():
            row: dict[str, tuple[bool, Any]] = {}
            for term, (action, arg) in actions.items():
                if action is Shift:
                    row[str(term)] = (True, arg)
                else:
                    if arg not in reductions:
                        reductions[arg] = (len(arg.expansion), str(arg.origin.name), callbacks.get(arg))
                    row[str(term)] = (False, reductions[arg])
            table[state] = row
        self._table = table
        self._starts = {s: c.start_state for s, c in self._confs.items()}
        self._ends = {s: c.end_state for s, c in self._confs.items()}

    def state(self, start: str) -> Any:
        from lark.parsers.lalr_parser_state import ParserState

        return ParserState(self._confs[start], None)  # type: ignore[arg-type]  # no lexer: tokens are fed one by one

    def _feed(self, stack: list[Any], values: list[Any], tok: Any, end_state: Any = None) -> Any:
        """Feed one token; on ``$END`` return the start rule's value."""
        table = self._table
        kind = tok.type
        while True:
            act = table[stack[-1]].get(kind)
            if act is None:
                raise _Reject
            shift, arg = act
            if shift:
                stack.append(arg)
                cb = self._shift_cb.get(kind)
                values.append(tok if cb is None else cb(tok))
                return None
            size, origin, cb = arg
            if size:
                children = values[-size:]
                del stack[-size:]
                del values[-size:]
            else:
                children = []
            values.append(children if cb is None else cb(children))
            stack.append(table[stack[-1]][origin][1])
            if end_state is not None and stack[-1] == end_state:
                return values[-1]

    def _end(self, last: Any) -> lark.Token:
        return lark.Token.new_borrow_pos("$END", "", last) if last is not None else lark.Token("$END", "")

    def try_parse(self, tokens: list[lark.Token], start: str) -> tuple[Any, int | None]:
        """``(value, None)``, or ``(None, k)`` when token ``k`` (``len`` for the end) is
        not accepted: a cheap first attempt that raises nothing for the common failure."""
        stack: list[Any] = [self._starts[start]]
        values: list[Any] = []
        feed = self._feed
        for k, tok in enumerate(tokens):
            try:
                feed(stack, values, tok)
            except _Reject:
                return None, k
        try:
            return feed(stack, values, self._end(tokens[-1] if tokens else None), self._ends[start]), None
        except _Reject:
            return None, len(tokens)

    def parse(self, tokens: list[lark.Token], start: str) -> Any:
        """Lark's own parse of a token list: raises Lark's UnexpectedInput on an error."""
        state = self.state(start)
        feed = state.feed_token
        for tok in tokens:
            feed(tok)
        end = lark.Token.new_borrow_pos("$END", "", tokens[-1]) if tokens else lark.Token("$END", "")
        return feed(end, True)

    def _recognize(self, stack: list[Any], kind: str) -> None:
        """Feed a token of type ``kind`` to the LALR automaton alone: no values are built and no
        callback runs (a first pass that only finds how far a phrase reaches)."""
        table = self._table
        while True:
            act = table[stack[-1]].get(kind)
            if act is None:
                raise _Reject
            shift, arg = act
            if shift:
                stack.append(arg)
                return
            size, origin, _ = arg
            if size:
                del stack[-size:]
            stack.append(table[stack[-1]][origin][1])

    def accepts(self, tokens: list[lark.Token], start: str) -> bool:
        """Does ``start`` accept the whole token list?  The automaton alone: no callback runs,
        so nothing is built and no callback's error is raised."""
        table = self._table
        stack: list[Any] = [self._starts[start]]
        recognize = self._recognize
        try:
            for tok in tokens:
                recognize(stack, tok.type)
        except _Reject:
            return False
        end = self._ends[start]
        while True:  # $END: reduce until the start rule is done, as _feed does
            act = table[stack[-1]].get("$END")
            if act is None:
                return False
            shift, arg = act
            if shift:
                return True
            size, origin, _ = arg
            if size:
                del stack[-size:]
            stack.append(table[stack[-1]][origin][1])
            if stack[-1] == end:
                return True

    def longest(self, tokens: list[lark.Token], i: int, start: str, errors: tuple[type[BaseException], ...]) -> tuple[Any, int] | None:
        """The value of the longest prefix of ``tokens[i:]`` that ``start`` accepts.

        Two passes, each over the phrase only: the automaton alone finds the longest accepted
        prefix (no callbacks, no values), then that prefix is parsed with its values.  (Keeping a
        copy of the state at the accepting point is not safe: Lark's inlined-rule callbacks
        extend child lists in place, so a state and its shallow copy would share them.)
        """
        table = self._table
        stack: list[Any] = [self._starts[start]]
        stop: tuple[type[BaseException], ...] = (_Reject, *errors)
        best = None
        recognize = self._recognize
        for k in range(i, len(tokens)):
            try:
                recognize(stack, tokens[k].type)
            except _Reject:
                break
            if "$END" in table[stack[-1]]:
                best = k + 1
        if best is None:
            return None
        stack = [self._starts[start]]
        values: list[Any] = []
        feed = self._feed
        try:
            for k in range(i, best):
                feed(stack, values, tokens[k])
            return feed(stack, values, self._end(tokens[best - 1]), self._ends[start]), best
        except stop:
            return None

"""The LALR driver: Lark's tables run on a ready token list, without Lark's front end.

An LALR parser's moves depend on the kinds of the tokens only, never on their text:
``=1006次`` and ``=2010项`` (SIGN NUMBER UNIT) are shifted and reduced alike, and only the
values the callbacks build differ.  So the driver works out the moves for a sequence of
kinds once (a :class:`Plan`: each shift and each reduction with its callback, up to the
end or to the token that is not accepted), keeps the plan, and for every later token
list of the same kinds runs the callbacks in that order with no table lookups.  The
callbacks run exactly as a token-by-token parse runs them, so the values, and the
errors a callback raises (:class:`~indicator_dsl.target.errors.PhraseError`), are the same.

``parse`` runs Lark's own ParserState, whose errors (with the parser state) feed
``match_examples``: it is used only to report an error once a cheap attempt has failed.
"""

from __future__ import annotations

import functools
import inspect
from typing import TYPE_CHECKING, Any, Callable, NamedTuple

if TYPE_CHECKING:  # pragma: no cover - Lark is imported only to build the tables or report an error
    import lark

    from indicator_dsl.target.lexer import Token

__all__ = ["Driver", "Plan", "Tables", "tables_of"]

# plans kept per driver, and the longest token list whose plan is kept (a long cell of
# prose is its own shape: keeping its plan would only fill memory)
PLANS = 8192
PLAN_TOKENS = 48


class Plan(NamedTuple):
    """The moves of parsing a sequence of token kinds.

    ``steps``: ``(True, k, callback)`` shifts token ``k`` (its value is the token, or what
    ``callback`` makes of it); ``(False, n, callback)`` reduces the last ``n`` values to one
    (the list of them, or what ``callback`` makes of it).  ``failed_at``: None when the
    start rule accepts the whole list, else the index of the token not accepted (the
    list's length for its end); the steps stop there.
    """

    steps: tuple[tuple[bool, int, Any], ...]
    failed_at: int | None


class Tables(NamedTuple):
    """Lark's LALR tables in a compact form: per state and per terminal, either
    ``(True, state to shift to)`` or ``(False, (length, rule name, callback))``; the
    callbacks of shifted terminals; the start and end state of each start rule.
    ``portable``: the callbacks can be kept in a cache file (:func:`tables_of`)."""

    table: dict[Any, dict[str, tuple[bool, Any]]]
    shift_callbacks: dict[str, Any]
    starts: dict[str, Any]
    ends: dict[str, Any]
    portable: bool


# Lark wraps the transformer's methods in small callables that shape a rule's children
# (an inlined rule's children spliced in, a rule of one child replaced by it) and builds a
# Tree for a rule the transformer has no method for (the repetitions Lark adds, which the
# rule using them splices).  The tables hold the same three as plain classes of this
# module, so that they can be pickled into a cache file and run without Lark.

class Branch:
    """What a rule with no callback of its own builds: its name and children (Lark's Tree)."""

    __slots__ = ("data", "children")

    def __init__(self, data: str, children: list[Any]) -> None:
        self.data, self.children = data, children

    def __repr__(self) -> str:
        return f"Tree({self.data!r}, {self.children!r})"


class Node:
    """Builds a :class:`Branch` named ``data``."""

    __slots__ = ("data",)

    def __init__(self, data: str) -> None:
        self.data = data

    def __call__(self, children: list[Any]) -> Branch:
        return Branch(self.data, children)

    def __reduce__(self) -> Any:
        return (Node, (self.data,))


class Single:
    """A rule of one child is that child (Lark's ExpandSingleChild)."""

    __slots__ = ("build",)

    def __init__(self, build: Callable[[list[Any]], Any]) -> None:
        self.build = build

    def __call__(self, children: list[Any]) -> Any:
        return children[0] if len(children) == 1 else self.build(children)

    def __reduce__(self) -> Any:
        return (Single, (self.build,))


class Filter:
    """The children a rule keeps, an inlined rule's children spliced in place (Lark's
    ChildFilterLALR_NoPlaceholders: a first spliced list is taken over and extended)."""

    __slots__ = ("keep", "build")

    def __init__(self, keep: list[tuple[int, bool]], build: Callable[[list[Any]], Any]) -> None:
        self.keep, self.build = keep, build

    def __call__(self, children: list[Any]) -> Any:
        filtered: list[Any] = []
        for i, splice in self.keep:
            if splice:
                if filtered:
                    filtered += children[i].children
                else:
                    filtered = children[i].children
            else:
                filtered.append(children[i])
        return self.build(filtered)

    def __reduce__(self) -> Any:
        return (Filter, (self.keep, self.build))


def _ours(cb: Any) -> Any:
    """Lark's callback ``cb`` as the classes above (TypeError for one of another kind)."""
    from lark import Tree
    from lark.parse_tree_builder import ChildFilterLALR_NoPlaceholders, ExpandSingleChild

    if cb is None or inspect.ismethod(cb):
        return cb
    if isinstance(cb, functools.partial) and cb.func is Tree and len(cb.args) == 1 and not cb.keywords:
        return Node(str(cb.args[0]))  # (a plain str: Lark's names may be its Tokens)
    if type(cb) is ExpandSingleChild:
        return Single(_ours(cb.node_builder))
    if type(cb) is ChildFilterLALR_NoPlaceholders:
        return Filter(list(cb.to_include), _ours(cb.node_builder))
    raise TypeError(f"a callback of a kind the driver does not know: {cb!r}")


def tables_of(parser: lark.Lark) -> Tables:
    """The compact tables of ``parser`` (an LALR parser with an embedded transformer that
    has no ``__default__``), its callbacks made portable when they are of the kinds above."""
    from lark.parsers.lalr_analysis import Shift

    inner = parser.parser.parser.parser  # ParsingFrontend -> LALR_Parser -> _Parser
    callbacks = inner.callbacks
    try:
        ours = {k: _ours(v) for k, v in callbacks.items()}
        portable = True
    except TypeError:  # pragma: no cover - another version of Lark: its own callbacks, not kept
        ours, portable = dict(callbacks), False
    reductions: dict[Any, tuple[int, str, Any]] = {}
    table: dict[Any, dict[str, tuple[bool, Any]]] = {}
    for state, actions in inner.parse_table.states.items():
        row: dict[str, tuple[bool, Any]] = {}
        for term, (action, arg) in actions.items():
            if action is Shift:
                row[str(term)] = (True, arg)
            else:
                if arg not in reductions:
                    reductions[arg] = (len(arg.expansion), str(arg.origin.name), ours.get(arg))  # (str: not Lark's Token)
                row[str(term)] = (False, reductions[arg])
        table[state] = row
    starts = {str(s): inner.parse_table.start_states[s] for s in parser.options.start}
    ends = {str(s): inner.parse_table.end_states[s] for s in parser.options.start}
    return Tables(table, {str(k): v for k, v in ours.items() if isinstance(k, str)}, starts, ends, portable)


class Driver:
    """Runs Lark's LALR tables on a ready token list (see the module's docstring).

    The compact copy of Lark's table holds, per state and per terminal, either the state
    to shift to or the reduction (its length, the rule's name, its transformer callback).
    """

    def __init__(self, tables: Tables, parser: Callable[[], lark.Lark]) -> None:
        """``tables``: :func:`tables_of` the parser; ``parser``: the Lark parser itself, asked
        for only to report an error (its ParserState)."""
        self._table, self._shift_cb, self._starts, self._ends, _ = tables
        self._parser = parser
        self._plans: dict[tuple[str, tuple[str, ...]], Plan] = {}

    def state(self, start: str) -> Any:
        from lark.parsers.lalr_parser_state import ParseConf, ParserState

        inner = self._parser().parser.parser.parser  # ParsingFrontend -> LALR_Parser -> _Parser
        return ParserState(ParseConf(inner.parse_table, inner.callbacks, start), None)  # type: ignore[arg-type]  # no lexer: tokens are fed one by one

    # ------------------------------------------------------------------ plans
    def plan(self, kinds: tuple[str, ...], start: str) -> Plan:
        """The moves of parsing tokens of ``kinds`` from ``start`` (worked out once, then kept)."""
        key = (start, kinds)
        found = self._plans.get(key)
        if found is not None:
            return found
        found = self._work_out(kinds, start)
        if len(kinds) <= PLAN_TOKENS and len(self._plans) < PLANS:
            self._plans[key] = found
        return found

    def _work_out(self, kinds: tuple[str, ...], start: str) -> Plan:
        table, shift_cb = self._table, self._shift_cb
        stack: list[Any] = [self._starts[start]]
        steps: list[tuple[bool, int, Any]] = []
        end = self._ends[start]
        for k, kind in enumerate((*kinds, "$END")):
            while True:
                act = table[stack[-1]].get(kind)
                if act is None:
                    return Plan(tuple(steps), k)
                shift, arg = act
                if shift:
                    if kind == "$END":  # (the tables end by a reduction; a shift of the end is a success)
                        return Plan(tuple(steps), None)
                    stack.append(arg)
                    steps.append((True, k, shift_cb.get(kind)))
                    break
                size, origin, cb = arg
                if size:
                    del stack[-size:]
                steps.append((False, size, cb))
                stack.append(table[stack[-1]][origin][1])
                if kind == "$END" and stack[-1] == end:
                    return Plan(tuple(steps), None)
        raise AssertionError("unreachable: $END ends every plan")  # pragma: no cover

    @staticmethod
    def run(plan: Plan, tokens: list[Token], lo: int = 0) -> Any:
        """Run ``plan``'s callbacks on ``tokens[lo:]``: the start rule's value when the plan
        accepts (None if it fails; the callbacks up to the failure have run, as a token-by-token
        parse runs them)."""
        values: list[Any] = []
        append = values.append
        for shift, n, cb in plan.steps:
            if shift:
                tok = tokens[lo + n]
                append(tok if cb is None else cb(tok))
            elif n:
                children = values[-n:]
                del values[-n:]
                append(children if cb is None else cb(children))
            else:
                append([] if cb is None else cb([]))
        return values[-1] if plan.failed_at is None and values else None

    # ------------------------------------------------------------------ parsing
    def accepts(self, tokens: list[Token], start: str) -> bool:
        """Does ``start`` accept the whole token list?  No callback runs, so nothing is built
        and no callback's error is raised."""
        return self.plan(tuple(t.type for t in tokens), start).failed_at is None

    def try_parse(self, tokens: list[Token], start: str) -> tuple[Any, int | None]:
        """``(value, None)``, or ``(None, k)`` when token ``k`` (``len`` for the end) is
        not accepted: a cheap first attempt that raises nothing for the common failure."""
        plan = self.plan(tuple(t.type for t in tokens), start)
        value = self.run(plan, tokens)
        return (value, None) if plan.failed_at is None else (None, plan.failed_at)

    def parse(self, tokens: list[Token], start: str) -> Any:
        """Lark's own parse of a token list: raises Lark's UnexpectedInput on an error."""
        state = self.state(start)
        feed = state.feed_token
        for tok in tokens:
            feed(tok)
        from indicator_dsl.target.lexer import Token

        end = Token.new_borrow_pos("$END", "", tokens[-1]) if tokens else Token("$END", "")
        return feed(end, True)

    def reach(self, tokens: list[Token], i: int, start: str) -> int | None:
        """The end of the longest prefix of ``tokens[i:]`` after which ``start`` may end: the
        automaton alone, no values built."""
        table = self._table
        stack: list[Any] = [self._starts[start]]
        best = None
        for k in range(i, len(tokens)):
            kind = tokens[k].type
            while True:
                act = table[stack[-1]].get(kind)
                if act is None:
                    return best
                shift, arg = act
                if shift:
                    stack.append(arg)
                    break
                size, origin, _ = arg
                if size:
                    del stack[-size:]
                stack.append(table[stack[-1]][origin][1])
            if "$END" in table[stack[-1]]:
                best = k + 1
        return best

    def longest(self, tokens: list[Token], i: int, start: str, errors: tuple[type[BaseException], ...],
                best: int | None = None) -> tuple[Any, int] | None:
        """The value of the longest prefix of ``tokens[i:]`` that ``start`` accepts.

        The automaton alone finds how far the phrase may reach (no callbacks, no values);
        then the plan of that prefix runs its callbacks.  A callback's error in ``errors``
        means no phrase here; another (a PhraseError: 3-1次) propagates.  ``best``: what
        :meth:`reach` said, when the caller asked it already.
        """
        if best is None:
            best = self.reach(tokens, i, start)
        if best is None:
            return None
        plan = self.plan(tuple(t.type for t in tokens[i:best]), start)
        try:
            value = self.run(plan, tokens, i)
        except errors:
            return None
        return None if plan.failed_at is not None else (value, best)

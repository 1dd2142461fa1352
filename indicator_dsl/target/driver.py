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

from typing import Any, NamedTuple

import lark

__all__ = ["Driver", "Plan"]

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


class Driver:
    """Runs Lark's LALR tables on a ready token list (see the module's docstring).

    The compact copy of Lark's table holds, per state and per terminal, either the state
    to shift to or the reduction (its length, the rule's name, its transformer callback).
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
        self._plans: dict[tuple[str, tuple[str, ...]], Plan] = {}

    def state(self, start: str) -> Any:
        from lark.parsers.lalr_parser_state import ParserState

        return ParserState(self._confs[start], None)  # type: ignore[arg-type]  # no lexer: tokens are fed one by one

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
    def run(plan: Plan, tokens: list[lark.Token], lo: int = 0) -> Any:
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
    def accepts(self, tokens: list[lark.Token], start: str) -> bool:
        """Does ``start`` accept the whole token list?  No callback runs, so nothing is built
        and no callback's error is raised."""
        return self.plan(tuple(t.type for t in tokens), start).failed_at is None

    def try_parse(self, tokens: list[lark.Token], start: str) -> tuple[Any, int | None]:
        """``(value, None)``, or ``(None, k)`` when token ``k`` (``len`` for the end) is
        not accepted: a cheap first attempt that raises nothing for the common failure."""
        plan = self.plan(tuple(t.type for t in tokens), start)
        value = self.run(plan, tokens)
        return (value, None) if plan.failed_at is None else (None, plan.failed_at)

    def parse(self, tokens: list[lark.Token], start: str) -> Any:
        """Lark's own parse of a token list: raises Lark's UnexpectedInput on an error."""
        state = self.state(start)
        feed = state.feed_token
        for tok in tokens:
            feed(tok)
        end = lark.Token.new_borrow_pos("$END", "", tokens[-1]) if tokens else lark.Token("$END", "")
        return feed(end, True)

    def _reach(self, tokens: list[lark.Token], i: int, start: str) -> int | None:
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

    def longest(self, tokens: list[lark.Token], i: int, start: str, errors: tuple[type[BaseException], ...]) -> tuple[Any, int] | None:
        """The value of the longest prefix of ``tokens[i:]`` that ``start`` accepts.

        The automaton alone finds how far the phrase may reach (no callbacks, no values);
        then the plan of that prefix runs its callbacks.  A callback's error in ``errors``
        means no phrase here; another (a PhraseError: 3-1次) propagates.
        """
        best = self._reach(tokens, i, start)
        if best is None:
            return None
        plan = self.plan(tuple(t.type for t in tokens[i:best]), start)
        try:
            value = self.run(plan, tokens, i)
        except errors:
            return None
        return None if plan.failed_at is not None else (value, best)

"""The fast paths give the answers of the slow ones they stand for (docs/performance.md).

- the tokenizer, which tries at each position only the terminals that can begin with its
  character, cuts as the one alternation of every terminal does;
- the driver's plans (the moves for a sequence of token kinds, worked out once and replayed)
  give what Lark's own LALR parser gives for the same tokens: the same value, the same
  rejection, the same error of a callback;
- a batch run that answers a repeated row from memory prints what a run without memory prints.
"""

from __future__ import annotations

import io
import json

import strategies as S
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lark.exceptions import UnexpectedInput

from indicator_dsl.evaluation.batch import run_batch
from indicator_dsl.target.cell import Cell, driver
from indicator_dsl.target.errors import PhraseError
from indicator_dsl.target.grammar import tokenizer
from indicator_dsl.target.normalize import normalize

_texts = st.one_of(
    S.targets.map(str),
    S.numeric_cells(),
    S.targetish_text,
    S.targetish_text.map(S.to_full_width),
    st.text(max_size=16),
)


def _full_alternation(text: str) -> list[tuple[str, str, int]]:
    tok = tokenizer()
    regex, out, pos = tok.regex, [], 0
    while pos < len(text):
        m = regex.match(text, pos)
        if m is None:  # a character no terminal takes (a control character): CHAR, as before
            out.append(("CHAR", text[pos], pos))
            pos += 1
            continue
        if m.lastgroup not in tok.ignore:
            out.append((m.lastgroup, m.group(), pos))
        pos = m.end()
    return out


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(_texts)
def test_the_tokenizer_cuts_as_the_full_alternation(text):
    norm = normalize(text).text
    assert [(t.type, str(t), t.start_pos) for t in tokenizer().tokens(norm)] == _full_alternation(norm)


def _shown(value: object) -> object:
    """A parse's value with the spans of its targets (equality leaves spans out)."""
    if isinstance(value, list):
        return [_shown(v) for v in value]
    return (value, getattr(value, "span", None))


def _ours(tokens: list, start: str) -> tuple:
    try:
        value, failed_at = driver().try_parse(tokens, start)
    except PhraseError as e:
        return ("phrase-error", e.label, e.problem)
    return ("rejected",) if failed_at is not None else ("value", _shown(value))


def _larks(tokens: list, start: str) -> tuple:
    try:
        value = driver().parse(tokens, start)
    except UnexpectedInput:
        return ("rejected",)
    except PhraseError as e:
        return ("phrase-error", e.label, e.problem)
    return ("value", _shown(value))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(_texts, st.sampled_from(["cell", "phrase"]))
def test_a_plan_gives_what_lark_gives(text, start):
    tokens = Cell(text).ltoks
    larks = _larks(tokens, start)
    assert _ours(tokens, start) == larks
    if larks[0] != "phrase-error":  # (the automaton alone may accept what a callback then refuses: 0/0)
        assert driver().accepts(tokens, start) == (larks[0] == "value")


_row = st.fixed_dictionaries({
    "target": st.sampled_from(["≥90%", "1-2场", "约600人", "=6次", "≥9O%", "良好", "9月前", "高于全国平均数"]),
}, optional={
    "actual": st.sampled_from(["95%", "实际举办12场", "有待完善", "", "10月15日", 12, None]),
    "weight": st.sampled_from(["10", 10, 10.0, True, "ten"]),
    "year": st.sampled_from(["2023", 2023]),
    "references": st.sampled_from([{"全国平均数": "85"}, {"全国平均数": 85}, {}]),
    "wieght": st.just("5"),
})


_ids = st.one_of(st.integers(), st.text(max_size=4), st.sampled_from(["\ud800", "a\u2028b", "中", 1.5, None, True, [1]]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_row, min_size=1, max_size=12), st.lists(st.tuples(st.integers(0, 11), _ids), max_size=30))
def test_a_repeated_row_is_answered_as_if_new(rows, again):
    """Rows whose fields repeat (with other ids, a lone surrogate or a line separator among
    them) get the answers a run without memory gives."""
    lines = [dict(r, id=n) for n, r in enumerate(rows)]
    lines += [{"id": i, **rows[k % len(rows)]} if k % 2 else dict(rows[k % len(rows)], id=i) for k, i in again]
    text = [json.dumps(r) for r in lines]
    outs = []
    for cache in (True, False):
        out = io.StringIO()
        status = run_batch(text, out, cache=cache)
        outs.append((status, out.getvalue()))
    assert outs[0] == outs[1]


def test_rows_that_repeat_after_their_id_are_answered_from_memory_as_if_new():
    row = '"target": "≥600.00(场)", "actual": "295.00(场)", "weight": "10"}'
    ids = ['"r1"', '"r2"', '"\\ud800"', '"a\\u2028b"', "7", "null", '"中"', '"r1"']
    text = ["{" + f'"id": {i}, ' + row for i in ids] + ['{"target": "≥600.00(场)", "id": "last"}']
    outs = []
    for cache in (True, False):
        out = io.StringIO()
        run_batch(text, out, cache=cache)
        outs.append(out.getvalue())
    assert outs[0] == outs[1]
    assert [json.loads(line)["id"] for line in outs[0].splitlines()] == \
        ["r1", "r2", "\ud800", "a\u2028b", 7, None, "中", "r1", "last"]


_quick_cells = st.tuples(
    st.sampled_from(["≥", "≤", ">", "<", "=", ">=", "＞＝", "不少于", "不低于", "超过", "低于", "不超过", "达到", "达", "等于",
                     "至少", "最多", "", "约", "±", "每"]),
    st.sampled_from(["", " "]),
    st.one_of(S.values.map(S.number_text), st.sampled_from(["1,000", "1,000.5", ".5", "0", "007", "12.00"])),
    st.sampled_from(["", " "]),
    st.sampled_from(S.UNITS + ["%", "％", "‰", "(%)", "万", "余", "粒", "天", "分", "年", "月", "项目", "个百分点"]),
).map("".join)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_quick_cells, _texts))
def test_a_quick_comparison_is_what_the_parser_reads(text):
    """quick() reads a cell of two or three tokens (=5条, ≥90%, 不少于150名, 30家) as the parser
    does, as a whole cell and as a phrase (the scanner's start)."""
    from indicator_dsl.target.model import Span
    from indicator_dsl.target.scan import quick
    from indicator_dsl.target.transform import all_of

    tokens = Cell(text).ltoks
    fast = quick(tokens)
    if fast is None:
        return
    parts, failed_at = driver().try_parse(tokens, "cell")
    assert failed_at is None
    slow = all_of(parts, Span(tokens[0].start_pos, tokens[-1].end_pos))
    assert (fast, fast.span) == (slow, slow.span)
    phrase, failed_at = driver().try_parse(tokens, "phrase")
    assert failed_at is None and (phrase, phrase.span) == (fast, fast.span)
    assert driver().longest(tokens, 0, "phrase", ()) == (fast, len(tokens))

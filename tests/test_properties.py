"""Property tests (hypothesis) of the target language; strategies live in tests/strategies.py."""

from __future__ import annotations

import strategies as S
from hypothesis import example, given
from hypothesis import strategies as st

from indicator_dsl import AllOf, TargetSyntaxError, parse_target
from indicator_dsl.target.grammar import tokenizer
from indicator_dsl.target.normalize import normalize

_KINDS = {"compare", "range", "approx", "qualitative", "schedule", "deadline", "relative", "all"}


def _spans(t):
    yield t.span
    if isinstance(t, AllOf):
        for p in t.parts:
            yield from _spans(p)


def test_subject_alphabet_is_one_word():
    """The subject alphabet of strategies.py lexes as a single WORD, so subjects never hide a phrase."""
    toks = tokenizer().tokens(S.SUBJECT_ALPHABET)
    assert [(t.type, t.value) for t in toks] == [("WORD", S.SUBJECT_ALPHABET)]


# (a) canonical text round-trips
@given(S.targets)
def test_canonical_text_round_trips(t):
    """Any generated target parses back from its canonical text to an equal target."""
    assert parse_target(str(t)) == t


@given(S.targets)
def test_canonical_text_is_a_fixed_point(t):
    """The canonical text of a parsed canonical text is unchanged."""
    text = str(parse_target(str(t)))
    assert str(parse_target(text)) == text


# (b) normalisation is idempotent
@given(st.text())
@example("＞＝９０（％）")
@example("$\\geq 80\\%$")
@example("===>==<=")
def test_normalize_is_idempotent(s):
    """Normalising normalised text changes nothing."""
    once = normalize(s).text
    assert normalize(once).text == once


@given(S.targetish_text)
def test_normalize_is_idempotent_on_targetish_text(s):
    """Normalisation is idempotent on text made of target characters."""
    once = normalize(s).text
    assert normalize(once).text == once


# (c) full-width and half-width spellings agree
@given(S.numeric_cells())
def test_full_width_spelling_parses_equal(cell):
    """A numeric cell and its full-width spelling parse to the same target with the same span."""
    wide = S.to_full_width(cell)
    assert wide != cell
    a, b = parse_target(cell), parse_target(wide)
    assert a == b
    assert (a.span.start, a.span.end) == (b.span.start, b.span.end)


# (d) totality
def _total(text: str) -> None:
    try:
        t = parse_target(text)
    except TargetSyntaxError as e:
        assert 0 <= e.start <= e.end <= len(text)
        assert e.label
    else:
        assert t.kind in _KINDS


@given(st.text())
def test_parse_is_total_on_any_text(text):
    """For any text, parse_target returns a target or raises TargetSyntaxError, nothing else."""
    _total(text)


@given(S.targetish_text)
def test_parse_is_total_on_targetish_text(text):
    """Near-miss targets give a target or a TargetSyntaxError, nothing else."""
    _total(text)


# (e) the words of the Civil Code table agree with the signs
@given(st.sampled_from(sorted(S.PRE_WORDS)), S.values)
def test_word_before_number_agrees_with_sign(word, value):
    """``不少于5人`` parses like ``≥5人``, for every word before the number."""
    n = S.number_text(value)
    assert parse_target(f"{word}{n}人") == parse_target(f"{S.PRE_WORDS[word]}{n}人")


@given(st.sampled_from(sorted(S.POST_WORDS)), S.values)
def test_word_after_number_agrees_with_sign(word, value):
    """``5人以上`` parses like ``≥5人``, for every word after the number."""
    n = S.number_text(value)
    assert parse_target(f"{n}人{word}") == parse_target(f"{S.POST_WORDS[word]}{n}人")


# (f) spans and the offset map
@given(S.targets, st.sampled_from(["", " ", "  ", "\u3000"]), st.sampled_from(["", " ", "。", "；"]))
def test_spans_lie_within_the_text(t, lead, trail):
    """Every span of a parsed generated target is a non-empty slice of the text it was read from."""
    text = lead + str(t) + trail
    for span in _spans(parse_target(text)):
        assert 0 <= span.start < span.end <= len(text)
        assert text[span.start:span.end].strip() == text[span.start:span.end]


@given(st.text())
def test_spans_lie_within_any_text(text):
    """Whatever parses, every span lies within the text."""
    try:
        t = parse_target(text)
    except (TargetSyntaxError, ValueError):
        return
    for span in _spans(t):
        assert 0 <= span.start <= span.end <= len(text)


@given(st.text() | S.targetish_text)
@example("$\\geq 80\\%$")
@example("＞＝９０（％）")
def test_offset_map_points_into_the_verbatim_text(s):
    """Every normalised character maps to a non-empty, ordered span of the verbatim text."""
    n = normalize(s)
    assert n.original == s
    prev = 0
    for i, ch in enumerate(n.text):
        a, b = n.source_span(i, i + 1)
        assert 0 <= a < b <= len(s)
        assert a >= prev
        prev = a
        if "\u4e00" <= ch <= "\u9fff":
            assert s[a:b] == ch  # ideographs are never rewritten

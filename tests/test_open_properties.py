"""Properties of the open vocabulary, the dates and the lenient reading (issue 11)."""

from __future__ import annotations

import calendar
from decimal import Decimal as D

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from indicator_dsl import parse_target
from indicator_dsl.evaluation.batch import handle_row
from indicator_dsl.target.grammar import tokenizer
from indicator_dsl.target.units import DEFAULT_UNITS, LISTED_UNITS, MAGNITUDES, canonical_unit

numbers = st.decimals(min_value=D("0.01"), max_value=D("99999"), places=2, allow_nan=False, allow_infinity=False)
cjk = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)


def _text(d: D) -> str:
    return format(d.normalize(), "f")


def _measure_word(c: str) -> bool:
    """A character that is no word of the grammar: alone it is prose (WORD) or a listed unit."""
    toks = tokenizer().tokens(c)
    return len(toks) == 1 and toks[0].type in ("WORD", "UNIT")


@settings(max_examples=150)
@given(n=numbers, c=cjk)
def test_any_number_followed_by_any_cjk_measure_word_has_that_unit(n, c):
    """The open rule: a number glued to a CJK measure word reads with that word as its unit,
    whether the vocabulary lists it or not."""
    assume(_measure_word(c))
    t = parse_target(_text(n) + c)
    assert (t.kind, t.value, t.unit) == ("compare", D(_text(n)), c)


_NON_MONEY = sorted(u for u in LISTED_UNITS
                    if DEFAULT_UNITS.get(u) is not None and DEFAULT_UNITS.get(u).dimension not in ("money", "percent")
                    and not u.isascii())


@settings(max_examples=150)
@given(n=numbers, mag=st.sampled_from(sorted(MAGNITUDES)), unit=st.sampled_from(_NON_MONEY) | cjk)
def test_a_magnitude_before_a_non_money_unit_scales_the_value_exactly(n, mag, unit):
    """2.5万亩 is 25000 亩: the value times the magnitude, exactly, and the unit as written."""
    assume(len(unit) > 1 or unit in LISTED_UNITS or _measure_word(unit))
    assume(not any((mag + unit).startswith(w) for w in LISTED_UNITS if w.startswith(mag)))  # 千米 is a unit
    assume(not any((mag + unit[0]) == w[:len(mag) + 1] for w in MAGNITUDES if len(w) > len(mag)))  # 千万
    t = parse_target(_text(n) + mag + unit)
    assert (t.value, t.unit) == (D(_text(n)) * MAGNITUDES[mag], canonical_unit(unit))


@st.composite
def dated(draw):
    """A date, and one of its spellings; the date the spelling means (its period's end)."""
    y = draw(st.integers(1995, 2035))
    m = draw(st.integers(1, 12))
    d = draw(st.integers(1, calendar.monthrange(y, m)[1]))
    m0 = draw(st.integers(1, m))
    last = calendar.monthrange(y, m)[1]
    q = (m + 2) // 3
    cn_q = "一二三四"[q - 1]
    spellings = [
        (f"{y}年{m}月{d}日", d), (f"{y}年{m}月{d}日前", d), (f"{y}-{m:02d}-{d:02d}", d), (f"{y}.{m}.{d}", d),
        (f"{y}年{m}月", last), (f"{y}年{m}月底", last), (f"{y}年{m}月底前完成", last), (f"{y}年{m}月完成", last),
        (f"{y}年{m0}月-{m}月", last), (f"{y}年{m0}月--{y}年{m}月", last), (f"{y}.{m0:02d}-{y}.{m:02d}", last),
        (f"{y}.{m0}.1-{m}.{d}", d), (f"{m}月底", last), (f"{m}月前", last), (f"{m0}-{m}月", last),
        (f"{m0}月1日至{m}月{d}日", d), (f"{y}年{m0}-{m}月", last),
    ]
    text, day = draw(st.sampled_from(spellings))
    quarter = draw(st.booleans())
    if quarter:
        qm = 3 * q
        return draw(st.sampled_from([f"第{cn_q}季度末", f"{y}年第{q}季度", f"{cn_q}季度末前"])), y, f"{y}-{qm:02d}-{calendar.monthrange(y, qm)[1]:02d}"
    return text, y, f"{y}-{m:02d}-{day:02d}"


@settings(max_examples=200)
@given(case=dated())
def test_any_date_spelling_reads_back_to_its_period_end(case):
    """Whatever the spelling, a date reads as the day it names and a period as its end;
    the row's year completes a date written without one."""
    text, year, want = case
    t = parse_target(text, year=year)
    assert (t.kind, t.date) == ("deadline", want), text


@settings(max_examples=150)
@given(text=st.text(min_size=1, max_size=30).filter(lambda s: s.strip()))
def test_a_published_cell_is_never_an_error_row(text):
    """batch reads any non-empty target leniently: never an error row, at worst a warning."""
    out = handle_row({"id": "p", "target": text, "actual": text, "weight": "10"})
    assert out["error"] is None and out["target"] is not None
    for w in out.get("warnings", []):
        assert w["severity"] == "warning" and w["field"] == "target"

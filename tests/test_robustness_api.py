"""Issue 13: limits are settings, and the public API raises only the project's error types.

Hostile inputs of the issue, each a regression test, and a fuzz test over every public
reader and ``evaluate``: any text, any weight (NaN, Infinity, 1e400, huge), references,
years and policies raise nothing but an :class:`IndicatorError` (or the documented
TypeError for an argument of the wrong type).
"""

from __future__ import annotations

import pickle
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from indicator_dsl import (
    DEFAULT_LIMITS,
    ActualSyntaxError,
    IndicatorError,
    InputError,
    Limits,
    ScoringPolicy,
    TargetSyntaxError,
    evaluate,
    find_phrases,
    find_ranges,
    parse_target,
    read_actual,
)
from indicator_dsl.limits import check_number, decimal_context

# ------------------------------------------------------------------ limits as settings


def test_limits_is_a_frozen_value_with_defaults():
    assert Limits() == DEFAULT_LIMITS
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        DEFAULT_LIMITS.cell_chars = 1  # type: ignore[misc]
    with pytest.raises((TypeError, ValueError)):
        Limits(cell_chars=0)
    with pytest.raises(TypeError):
        Limits(number_digits="9")  # type: ignore[arg-type]
    assert Limits.from_options(cell_chars=None, table_rows=5) == Limits(table_rows=5)
    assert pickle.loads(pickle.dumps(Limits(json_depth=3))) == Limits(json_depth=3)


def test_limits_are_passed_in_not_module_state():
    """The same text is read under the default limits and refused under smaller ones."""
    assert parse_target("≥123456个").value == 123456
    with pytest.raises(TargetSyntaxError) as e:
        parse_target("≥123456个", limits=Limits(number_digits=5))
    assert e.value.label == "number-too-long" and (e.value.start, e.value.end) == (6, 7)
    with pytest.raises(TargetSyntaxError) as e:
        parse_target("≥90%", limits=Limits(cell_chars=3))
    assert e.value.label == "too-long"
    assert parse_target("≥123456个").value == 123456  # nothing was remembered


@pytest.mark.parametrize("text", ["九" * 4301, "≥" + "九" * 4301 + "个", "≥" + "9" * 5000 + "个", "一" + "亿" * 200,
                                  "≥" + "9," * 3000 + "9", "1" + "0" * 60 + "%"])
def test_numbers_beyond_the_limit_are_target_errors(text):
    """九 × 4,301 once raised ValueError (int conversion); now: the cell's error, with a short span."""
    with pytest.raises(TargetSyntaxError) as e:
        parse_target(text)
    assert e.value.label == "number-too-long"
    assert e.value.end - e.value.start == 1
    assert len(str(e.value)) < 200
    d = e.value.diagnostic()
    assert d.code == "number-too-long" and d.is_error


def test_a_long_chinese_numeral_in_find_and_actual():
    with pytest.raises(TargetSyntaxError):
        find_ranges("大于" + "九" * 4301)
    with pytest.raises(TargetSyntaxError):
        find_phrases("大于" + "九" * 4301)
    with pytest.raises(ActualSyntaxError) as e:
        read_actual("九" * 4301)
    assert e.value.label == "number-too-long"
    with pytest.raises(ActualSyntaxError):
        evaluate("≥90%", "9" * 5000, weight=10)


def test_a_cell_longer_than_the_limit():
    with pytest.raises(TargetSyntaxError) as e:
        parse_target("好" * 20, limits=Limits(cell_chars=10))
    assert (e.value.start, e.value.end) == (10, 11)
    assert "20 characters; the limit is 10" in str(e.value)


def test_numbers_within_the_limit_still_read_exactly():
    assert parse_target("≥" + "9" * 50 + "个").value == Decimal("9" * 50)
    assert parse_target("0." + "1" * 40).value == Decimal("0." + "1" * 40)
    assert str(parse_target("不少于三千九百六十五人").value) == "3965"


# ------------------------------------------------------------------ evaluate: weights, references, years


@pytest.mark.parametrize("weight", ["NaN", "sNaN", "Infinity", "-Infinity", "1e400", "-1e400", "9" * 60,
                                    "1e-400", Decimal("NaN"), Decimal("Infinity"), 10 ** 80, "ten", "", "x" * 10_000])
def test_bad_weights_are_input_errors(weight):
    if weight == "":
        assert evaluate("≥90%", "95%", weight=weight).score is None
        return
    with pytest.raises(InputError) as e:
        evaluate("≥90%", "95%", weight=weight)
    assert e.value.field == "weight"
    assert isinstance(e.value, ValueError) and len(str(e.value)) < 300
    assert pickle.loads(pickle.dumps(e.value)).field == "weight"


@pytest.mark.parametrize("weight", [float("nan"), float("inf"), 1e308, True, [10], {"w": 1}])
def test_weights_of_the_wrong_type_are_type_errors(weight):
    with pytest.raises(TypeError):
        evaluate("≥90%", "95%", weight=weight)


@pytest.mark.parametrize("value", [Decimal("NaN"), "Infinity", "1e400", "abc", "9" * 80])
def test_bad_references_are_input_errors(value):
    with pytest.raises(InputError) as e:
        evaluate("不低于全国平均数", "90", weight="10", references={"全国平均数": value})
    assert e.value.field == "reference 全国平均数"


@pytest.mark.parametrize("actual", ["9" * 25 + "%", "9" * 50 + "%", "0." + "0" * 45 + "1%", "1" + "0" * 49 + "个"])
@pytest.mark.parametrize("target", ["≥90%", "1-2场", "≤0.00000000000000000000000000000000000001个", "≥" + "9" * 40 + "个",
                                    "约600人", "≥90%且≤" + "9" * 45 + "个"])
def test_huge_and_tiny_figures_are_scored_exactly(target, actual):
    """A 25-digit actual once raised decimal.InvalidOperation (quantize beyond 28 digits)."""
    o = evaluate(target, actual, weight="10")
    assert o.score is None or Decimal(0) <= o.score <= 10


def test_a_hand_built_target_beyond_the_limits_is_an_input_error():
    from indicator_dsl import Compare, Op
    huge = Compare(Op.GE, Decimal("1e999999"), "个")
    with pytest.raises(IndicatorError):
        evaluate(huge, "5个", weight="10")


@pytest.mark.parametrize("year", [23, -5, 0, 99999])
def test_years_of_other_than_four_digits_are_refused(year):
    with pytest.raises(InputError) as e:
        parse_target("2023年12月底前完成", year=year)
    assert e.value.field == "year" and "four digits" in str(e.value)
    with pytest.raises(InputError):
        evaluate("≥90%", "95%", year=year)


def test_a_year_of_the_wrong_type_is_a_type_error():
    with pytest.raises(TypeError):
        parse_target("≥90%", year="2023")  # type: ignore[arg-type]


def test_check_number_and_the_context():
    assert check_number(Decimal("1E+3"), DEFAULT_LIMITS, "x") == 1000
    with pytest.raises(InputError):
        check_number(Decimal("1E+60"), DEFAULT_LIMITS, "x")
    with pytest.raises(InputError):
        check_number(Decimal("1E-60"), DEFAULT_LIMITS, "x")
    ctx = decimal_context(DEFAULT_LIMITS)
    big = Decimal("9" * 50)
    assert ctx.multiply(big, big) == Decimal(int(big) * int(big))  # exact: no rounding at 28 digits


# ------------------------------------------------------------------ the fuzz test

_ALPHABET = "0123456789.,%≥≤<>=-~至到以上下不少于低高超过约为九十百千万亿点两零年月日前底完成个人次场项元（）()·、，；/ \u3000\ud800\x00\u202e"
_TEXT = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=_ALPHABET, max_size=60),
    st.builds(lambda a, n, b: a + b * n, st.text(alphabet=_ALPHABET, max_size=5), st.integers(0, 300),
              st.sampled_from(["九", "9", "亿", "0", "万", "9,", "点"])),
)
_NUMBERS = st.one_of(
    st.none(), st.integers(min_value=-(10 ** 70), max_value=10 ** 70),
    st.sampled_from(["NaN", "Infinity", "-Infinity", "1e400", "1e-400", "sNaN", "-0", "", " 10 ", "1_0", "0x10"]),
    st.decimals(allow_nan=True, allow_infinity=True), st.text(max_size=12), st.floats(),
)
_POLICY = st.sampled_from([ScoringPolicy.default(), ScoringPolicy.from_mapping({"partial_credit": "none"}),
                           ScoringPolicy.from_mapping({"compound": "min", "equal_means_reach": False})])


def _only_ours(call, *args, **kwargs):
    try:
        return call(*args, **kwargs)
    except IndicatorError:
        return None


@given(_TEXT, st.one_of(st.none(), st.integers(-10, 10_000)))
def test_fuzz_parse_target(text, year):
    try:
        parse_target(text, year=year)
    except IndicatorError:
        pass


@given(_TEXT)
def test_fuzz_find(text):
    _only_ours(find_ranges, text)
    _only_ours(find_phrases, text)


@given(_TEXT, st.one_of(st.none(), _TEXT))
def test_fuzz_read_actual(actual, target_text):
    target = _only_ours(parse_target, target_text) if target_text is not None else None
    _only_ours(read_actual, actual, target)


@given(_TEXT, st.one_of(st.none(), _TEXT), _NUMBERS, st.dictionaries(st.sampled_from(["全国平均数", "上年"]), _NUMBERS, max_size=2),
       _POLICY, st.sampled_from(["en", "zh"]))
def test_fuzz_evaluate(target, actual, weight, refs, policy, lang):
    try:
        o = evaluate(target, actual, weight=weight, references=refs, policy=policy, lang=lang)
    except IndicatorError:
        return
    except TypeError:
        # documented: a weight or reference of the wrong type (a float) is a TypeError
        assert isinstance(weight, float) or any(isinstance(v, float) for v in refs.values())
        return
    if o.score is not None:
        assert Decimal(0) <= o.score

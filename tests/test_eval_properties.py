"""Properties of evaluation: the sign table, the Civil Code words, boundaries, monotone scores,
bounded scores, unit invariance and exact, deterministic arithmetic (hypothesis)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given
from hypothesis import strategies as st
from strategies import POST_WORDS, PRE_WORDS, SIGN_OPS, number_text, values

from indicator_dsl import Approx, Compare, Op, Range, parse_target
from indicator_dsl.evaluation.model import Bound, Quantity, Verdict
from indicator_dsl.evaluation.outcome import evaluate
from indicator_dsl.evaluation.policy import ScoringPolicy

DEFAULT = ScoringPolicy.default()
STRICT = DEFAULT.evolve(strict_boundary_full=False)
LITERAL = DEFAULT.evolve(equal_means_reach=False)
CENT = Decimal("0.01")
SIGN_TO_OP = {"≥": Op.GE, ">": Op.GT, "≤": Op.LE, "<": Op.LT}
HIGHER_OPS = [Op.GE, Op.GT, Op.EQ]
LOWER_OPS = [Op.LE, Op.LT]

positive = values.filter(lambda d: d > 0)
# (actual, bound) pairs: a third of them sit exactly on the bound, where rules 3 and 5 act
pairs = st.one_of(st.tuples(values, positive), st.tuples(values, positive), positive.map(lambda b: (b, b)))
weights = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)
count_units = st.sampled_from(["人", "次", "项", "%", "万元", "小时"])

policies = st.builds(
    lambda strict, reach, credit, tol, factor, met, part, notmet, compound: DEFAULT.evolve(
        strict_boundary_full=strict, equal_means_reach=reach, partial_credit=credit, approx_tolerance=tol,
        over_target_factor=factor, claim_met_points=met, claim_partial_points=part,
        claim_not_met_points=notmet, compound=compound,
    ),
    st.booleans(), st.booleans(), st.sampled_from(["linear", "none"]),
    st.decimals(min_value=0, max_value=1, places=2), st.decimals(min_value="0.01", max_value=5, places=2),
    st.decimals(min_value=0, max_value=1, places=2), st.decimals(min_value=0, max_value=1, places=2),
    st.decimals(min_value=0, max_value=1, places=2), st.sampled_from(["mean", "min"]),
)


def met_by_policy(op: Op, actual: Decimal, bound: Decimal, policy: ScoringPolicy = DEFAULT) -> bool:
    """Is the row met without the boundary rule?  The sign table, with `=N` read as reach N (rule 3)."""
    if op is Op.EQ and policy.equal_means_reach:
        return actual >= bound
    return op.holds(actual, bound)


def places(d: Decimal) -> int:
    """Number of decimal places of ``d`` as written."""
    return max(0, -d.as_tuple().exponent)


def check_sign(op: Op, o, actual: Decimal, bound: Decimal, weight: Decimal, policy: ScoringPolicy) -> None:
    """The verdict and score of ``o`` follow the sign table and rules 3 and 5."""
    if met_by_policy(op, actual, bound, policy):
        assert o.verdict is Verdict.MET
        assert o.score == weight
        assert "boundary" not in o.flags
    elif op in (Op.GT, Op.LT) and actual == bound:
        assert "boundary" in o.flags
        if policy.strict_boundary_full:
            assert (o.verdict, o.score) == (Verdict.MET, weight)
        else:
            assert (o.verdict, o.score) == (Verdict.NOT_MET, 0)
    else:
        assert o.verdict in (Verdict.PARTIAL, Verdict.NOT_MET)
        assert "boundary" not in o.flags


# ------------------------------------------------------------------ sign table
@given(st.sampled_from(SIGN_OPS), pairs, weights, st.sampled_from([DEFAULT, STRICT, LITERAL]))
def test_verdict_agrees_with_sign_table(op, pair, weight, policy):
    """For every operator, met agrees with Op.holds (with `=N` as reach N by default, rule 3; boundary by rule 5)."""
    actual, bound = pair
    o = evaluate(Compare(op, bound, "人"), Quantity(actual, "人"), weight=weight, policy=policy)
    check_sign(op, o, actual, bound, weight, policy)


@given(st.sampled_from(sorted(PRE_WORDS)), pairs, weights, st.booleans())
def test_civil_code_prefix_words(word, pair, weight, strict):
    """`不少于N人` … `不足N人`: the word means its sign, and M人 is met as that sign says."""
    actual, bound = pair
    op = SIGN_TO_OP[PRE_WORDS[word]]
    target = parse_target(f"{word}{number_text(bound)}人")
    assert isinstance(target, Compare) and target.op is op and target.value == bound
    policy = STRICT if strict else DEFAULT
    o = evaluate(target, f"{number_text(actual)}人", weight=weight, policy=policy)
    check_sign(op, o, actual, bound, weight, policy)


@given(st.sampled_from(sorted(POST_WORDS)), pairs, weights)
def test_civil_code_suffix_words(word, pair, weight):
    """`N人以上`, `N人以下`, `N人以内`, `N人及以上` include N."""
    actual, bound = pair
    op = SIGN_TO_OP[POST_WORDS[word]]
    target = parse_target(f"{number_text(bound)}人{word}")
    assert isinstance(target, Compare) and target.op is op
    o = evaluate(target, f"{number_text(actual)}人", weight=weight)
    check_sign(op, o, actual, bound, weight, DEFAULT)


@given(pairs)
def test_not_less_than_words(pair):
    """`不少于N人` with M人 is met iff M ≥ N; `超过N人` is met iff M > N or, by rule 5, M = N with flag boundary."""
    m, n = pair
    at_least = evaluate(f"不少于{number_text(n)}人", f"{number_text(m)}人", weight="10")
    assert (at_least.verdict is Verdict.MET) == (m >= n)
    over = evaluate(f"超过{number_text(n)}人", f"{number_text(m)}人", weight="10")
    assert (over.verdict is Verdict.MET) == (m >= n)
    assert ("boundary" in over.flags) == (m == n)
    strict = evaluate(f"超过{number_text(n)}人", f"{number_text(m)}人", weight="10", policy=STRICT)
    assert (strict.verdict is Verdict.MET) == (m > n)


# ------------------------------------------------------------------ boundaries
@given(positive, weights)
def test_inclusive_bounds_met_at_the_bound(v, weight):
    """`≥v` and `≤v` (and `=v`) are met at v, with no boundary flag."""
    for op in (Op.GE, Op.LE, Op.EQ):
        o = evaluate(Compare(op, v, "%"), Quantity(v, "%"), weight=weight)
        assert (o.verdict, o.score) == (Verdict.MET, weight)
        assert "boundary" not in o.flags


@given(positive, weights)
def test_strict_bounds_at_the_bound(v, weight):
    """`>v` and `<v` are not satisfied at v: full weight with flag boundary by default, not met when strict."""
    for op in (Op.GT, Op.LT):
        assert not op.holds(v, v)
        o = evaluate(Compare(op, v, "%"), Quantity(v, "%"), weight=weight)
        assert (o.verdict, o.score, o.rule) == (Verdict.MET, weight, 5)
        assert "boundary" in o.flags
        s = evaluate(Compare(op, v, "%"), Quantity(v, "%"), weight=weight, policy=STRICT)
        assert (s.verdict, s.score) == (Verdict.NOT_MET, 0)
        assert "boundary" in s.flags


@given(positive, weights)
def test_open_actual_satisfies_strict_bound(v, weight):
    """`>v` with an actual `> v` (and `<v` with `< v`) is met without the boundary flag."""
    for op, bound in ((Op.GT, Bound.MORE_THAN), (Op.LT, Bound.LESS_THAN)):
        o = evaluate(Compare(op, v, "次"), Quantity(v, "次", bound), weight=weight)
        assert (o.verdict, o.score, o.flags) == (Verdict.MET, weight, ())


# ------------------------------------------------------------------ monotone scores
higher_targets = st.one_of(
    st.builds(lambda op, b: Compare(op, b, "人"), st.sampled_from(HIGHER_OPS), positive),
    st.builds(lambda a, b: Range(min(a, b), max(a, b), "人"), positive, positive),
    st.builds(lambda b: Approx(b, "人"), positive),
)


@given(higher_targets, values, values, weights)
def test_score_non_decreasing_for_higher_is_better(target, a1, a2, weight):
    """For >=, >, =, a range and 约, more actual never scores less."""
    lo, hi = sorted([a1, a2])
    s_lo = evaluate(target, Quantity(lo, "人"), weight=weight).score
    s_hi = evaluate(target, Quantity(hi, "人"), weight=weight).score
    assert s_lo <= s_hi


@given(st.sampled_from(LOWER_OPS), values, values, values, weights)
def test_score_non_increasing_for_lower_is_better(op, bound, a1, a2, weight):
    """For <= and <, more actual never scores more (a zero bound included)."""
    lo, hi = sorted([a1, a2])
    target = Compare(op, bound, "天")
    s_lo = evaluate(target, Quantity(lo, "天"), weight=weight).score
    s_hi = evaluate(target, Quantity(hi, "天"), weight=weight).score
    assert s_lo >= s_hi


@given(st.sampled_from(HIGHER_OPS), values, positive, weights)
def test_higher_is_better_score_formula(op, actual, bound, weight):
    """Rule 2 exactly: score = weight × min(actual ÷ bound, 1), rounded half-up to cents; 0 for nothing done."""
    o = evaluate(Compare(op, bound, "项"), Quantity(actual, "项"), weight=weight)
    if op is Op.GT and actual == bound:
        expected = weight  # rule 5
    elif actual == 0:
        expected = Decimal(0)  # rule 9
    else:
        expected = (weight * min(actual / bound, Decimal(1))).quantize(CENT, rounding=ROUND_HALF_UP)
    assert o.score == expected


@given(st.sampled_from(LOWER_OPS), positive, positive, weights)
def test_lower_is_better_score_formula(op, actual, bound, weight):
    """Rule 6 exactly: score = weight × min(bound ÷ actual, 1), rounded half-up to cents."""
    o = evaluate(Compare(op, bound, "天"), Quantity(actual, "天"), weight=weight)
    expected = (weight * min(bound / actual, Decimal(1))).quantize(CENT, rounding=ROUND_HALF_UP)
    assert o.score == expected


# ------------------------------------------------------------------ bounded, exact, deterministic
any_targets = st.one_of(
    st.builds(lambda op, b, u: Compare(op, b, u), st.sampled_from(SIGN_OPS), values, count_units),
    st.builds(lambda a, b, u: Range(min(a, b), max(a, b), u), values, values, count_units),
    st.builds(Approx, values, count_units),
)


@given(any_targets, values, count_units, weights, policies)
def test_score_between_zero_and_weight(target, actual, unit, weight, policy):
    """0 ≤ score ≤ weight under any policy, and the score has at most 2 decimal places."""
    o = evaluate(target, Quantity(actual, unit), weight=weight, policy=policy)
    if o.score is None:
        assert o.verdict is Verdict.UNDETERMINED
        return
    assert isinstance(o.score, Decimal)
    assert 0 <= o.score <= weight
    assert places(o.score) <= 2


@given(st.sampled_from(["≥", ">", "≤", "<", "=", "约", "不少于", "超过"]), values, values, weights, policies)
def test_text_rows_are_bounded_and_exact(sign, bound, actual, weight, policy):
    """For text rows too, the score is a Decimal between 0 and the weight with at most 2 places."""
    o = evaluate(f"{sign}{number_text(bound)}次", f"{number_text(actual)}次", weight=weight, policy=policy)
    assert isinstance(o.score, Decimal)
    assert 0 <= o.score <= weight
    assert places(o.score) <= 2
    if o.ratio is not None:
        assert places(o.ratio) <= 4


@given(st.sampled_from(["≥", ">", "≤", "<", "=", "约"]), values, values, weights, st.sampled_from(["en", "zh"]))
def test_evaluate_is_deterministic(sign, bound, actual, weight, lang):
    """The same inputs give an equal outcome, reason included."""
    args = (f"{sign}{number_text(bound)}万元", f"{number_text(actual)}万元")
    first = evaluate(*args, weight=weight, lang=lang)
    second = evaluate(*args, weight=weight, lang=lang)
    assert first == second
    assert first.reason == second.reason


@given(values, values, weights)
def test_weight_spelling_does_not_matter(bound, actual, weight):
    """A weight given as str, Decimal or (when whole) int scores the same."""
    target, act = f"≥{number_text(bound)}项", f"{number_text(actual)}项"
    as_str = evaluate(target, act, weight=number_text(weight)).score
    assert evaluate(target, act, weight=weight).score == as_str
    if weight == weight.to_integral_value():
        assert evaluate(target, act, weight=int(weight)).score == as_str


# ------------------------------------------------------------------ unit invariance
money_targets = st.builds(
    lambda kind, a, b, unit: (
        Compare(kind, b, unit) if isinstance(kind, Op) else Range(min(a, b), max(a, b), unit) if kind == "range" else Approx(b, unit)
    ),
    st.sampled_from([*SIGN_OPS, "range", "approx"]), positive, positive, st.sampled_from(["万元", "元"]),
)


def _same_outcome(a, b) -> None:
    assert (a.verdict, a.score, a.ratio, a.flags) == (b.verdict, b.score, b.ratio, b.flags)


@given(money_targets, values, weights)
def test_wanyuan_and_yuan_score_alike(target, wan, weight):
    """An actual in 万元 and the same amount in 元 get the same verdict and score (rule 8)."""
    in_wan = evaluate(target, f"{number_text(wan)}万元", weight=weight)
    in_yuan = evaluate(target, f"{number_text(wan * 10000)}元", weight=weight)
    _same_outcome(in_wan, in_yuan)
    assert "unit_mismatch" not in in_wan.flags


time_targets = st.builds(
    lambda op, b, unit: Compare(op, b, unit), st.sampled_from(SIGN_OPS), positive, st.sampled_from(["小时", "分钟"]),
)


@given(time_targets, values, weights)
def test_hours_and_minutes_score_alike(target, hours, weight):
    """An actual in 小时 and the same time in 分钟 get the same verdict and score (rule 8)."""
    in_hours = evaluate(target, Quantity(hours, "小时"), weight=weight)
    in_minutes = evaluate(target, Quantity(hours * 60, "分钟"), weight=weight)
    _same_outcome(in_hours, in_minutes)
    assert "unit_mismatch" not in in_hours.flags


@given(st.sampled_from(SIGN_OPS), positive, values, weights)
def test_target_unit_conversion_is_symmetric(op, bound, actual, weight):
    """`≥b万元` against a元·10000 equals `≥b·10000元` against a万元."""
    left = evaluate(Compare(op, bound, "万元"), Quantity(actual * 10000, "元"), weight=weight)
    right = evaluate(Compare(op, bound * 10000, "元"), Quantity(actual, "万元"), weight=weight)
    _same_outcome(left, right)


@given(st.sampled_from(SIGN_OPS), positive, values, weights)
def test_unitless_actual_is_the_target_unit(op, bound, actual, weight):
    """A bare actual scores as if written in the target's unit, with flag unit_assumed (rule 8)."""
    bare = evaluate(Compare(op, bound, "家"), Quantity(actual), weight=weight)
    unit = evaluate(Compare(op, bound, "家"), Quantity(actual, "家"), weight=weight)
    assert (bare.verdict, bare.score, bare.ratio) == (unit.verdict, unit.score, unit.ratio)
    assert "unit_assumed" in bare.flags and "unit_assumed" not in unit.flags


@given(st.sampled_from(SIGN_OPS), positive, values, weights)
def test_family_units_score_alike(op, bound, actual, weight):
    """场 against a 次 target scores like 次, with flag unit_assumed (rule 8)."""
    fam = evaluate(Compare(op, bound, "次"), Quantity(actual, "场"), weight=weight)
    same = evaluate(Compare(op, bound, "次"), Quantity(actual, "次"), weight=weight)
    assert (fam.verdict, fam.score) == (same.verdict, same.score)
    assert "unit_assumed" in fam.flags


@given(st.sampled_from(SIGN_OPS), positive, values, weights)
def test_incomparable_units_are_undetermined(op, bound, actual, weight):
    """次 against a 万元 target is always undetermined with no score (rule 8)."""
    o = evaluate(Compare(op, bound, "万元"), Quantity(actual, "次"), weight=weight)
    assert (o.verdict, o.score, o.flags) == (Verdict.UNDETERMINED, None, ("unit_mismatch",))

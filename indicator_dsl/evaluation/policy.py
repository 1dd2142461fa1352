"""The scoring policy: every rule of ../shared/spec/scoring-policy.md is a setting.

A policy is an immutable value passed to the evaluator; the default is the one the
published tables follow.  Policies load from TOML files whose keys are the field
names below (unknown keys and bad values are errors, never ignored).

>>> p = ScoringPolicy.default()
>>> p.over_target_factor, p.claim_partial_points
(Decimal('1.2'), Decimal('0.7'))
>>> strict = p.evolve(strict_boundary_full=False)
>>> strict.strict_boundary_full
False
>>> round_score(Decimal("4.915"), p)
Decimal('4.92')
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, Mapping

import attrs

from indicator_dsl.errors import PolicyError
from indicator_dsl.messages import N_, Detail, Message, comma_words, detail, msg

if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path

__all__ = ["ScoringPolicy", "round_score", "grade", "budget_score"]


def _dec(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise TypeError(msg(N_("a boolean is not a number")))
    if isinstance(value, float):
        value = repr(value)  # TOML floats: keep the digits as written, never binary noise
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise TypeError(msg(N_("{value} is not a number"), value=repr(value))) from None


def _fraction(_: Any, attribute: Any, value: Decimal) -> None:
    if not Decimal(0) <= value <= Decimal(1):
        raise ValueError(msg(N_("{name} must be between 0 and 1, not {value}"), name=attribute.name, value=value))


def _positive(_: Any, attribute: Any, value: Decimal) -> None:
    if value <= 0:
        raise ValueError(msg(N_("{name} must be positive, not {value}"), name=attribute.name, value=value))


def _not_negative(_: Any, attribute: Any, value: Decimal) -> None:
    if value < 0:
        raise ValueError(f"{attribute.name} must not be negative, not {value}")


_PARTIAL_MODES = ("linear", "none")
_COMPOUND_MODES = ("mean", "min")


def _one_of(options: tuple[str, ...]) -> Any:
    def check(_: Any, attribute: Any, value: str) -> None:
        if value not in options:
            raise ValueError(msg(N_("{name} must be one of {options}, not {value}"), name=attribute.name,
                                 options=comma_words(options), value=repr(value)))
    return check


@attrs.frozen(slots=True, kw_only=True)
class ScoringPolicy:
    """How verdicts turn into points.  Field comments name the policy rule."""

    # rule 1: budget execution score = min(rate, cap) x weight
    budget_rate_cap: Decimal = attrs.field(default=Decimal(1), converter=_dec, validator=_fraction)
    # rule 2 and 6: points for a shortfall: "linear" (weight x actual / bound, or bound / actual
    # when lower is better) or "none" (0 points unless met)
    partial_credit: str = attrs.field(default="linear", validator=_one_of(_PARTIAL_MODES))
    # rule 3: "=N" means reach N (exceeding is met); False asks for N exactly
    equal_means_reach: bool = True
    # rule 4: actual >= factor x bound sets the flag over_target
    over_target_factor: Decimal = attrs.field(default=Decimal("1.2"), converter=_dec, validator=_positive)
    # rule 5: strict bound met exactly at the boundary: full weight (flag boundary) or not met
    strict_boundary_full: bool = True
    # rule 7: a shortfall of at most this fraction of N counts as met for 约N
    approx_tolerance: Decimal = attrs.field(default=Decimal("0.10"), converter=_dec, validator=_fraction)
    # rule 8: counting words of one family (次/场, 人/名/人次) are comparable (flag unit_assumed)
    family_units_comparable: bool = True
    # rule 8: an actual without a unit takes the target's unit (flag unit_assumed)
    unitless_takes_target_unit: bool = True
    # rule 10: points (fraction of the weight) for a claim that the target was met / partly met / not met
    claim_met_points: Decimal = attrs.field(default=Decimal(1), converter=_dec, validator=_fraction)
    claim_partial_points: Decimal = attrs.field(default=Decimal("0.7"), converter=_dec, validator=_fraction)
    claim_not_met_points: Decimal = attrs.field(default=Decimal(0), converter=_dec, validator=_fraction)
    # rule 11: share of a qualitative target's wording an actual must restate to count as met
    restatement_overlap: Decimal = attrs.field(default=Decimal("0.5"), converter=_dec, validator=_fraction)
    # rule 12: points for schedule work done with admitted slippage (略做调整, 部分延期)
    slippage_points: Decimal = attrs.field(default=Decimal("0.7"), converter=_dec, validator=_fraction)
    # rule 13: points for a deadline missed
    late_points: Decimal = attrs.field(default=Decimal("0.7"), converter=_dec, validator=_fraction)
    # rule 15: a compound target's ratio: "mean" of its parts' ratios, or their "min"
    compound: str = attrs.field(default="mean", validator=_one_of(_COMPOUND_MODES))
    # rule 16: grades from the total, highest first; below the last one is 差
    grade_excellent: Decimal = attrs.field(default=Decimal(90), converter=_dec)
    grade_good: Decimal = attrs.field(default=Decimal(80), converter=_dec)
    grade_pass: Decimal = attrs.field(default=Decimal(60), converter=_dec)
    # rule 17: differences larger than this are reported by the audit
    audit_tolerance: Decimal = attrs.field(default=Decimal("0.01"), converter=_dec)
    # rule 17: a budget execution rate below this wants an explanation
    budget_warn_rate: Decimal = attrs.field(default=Decimal("0.9"), converter=_dec, validator=_fraction)
    # rule 1: a budget execution rate above this is taken for a slip of the figures (an amount in
    # the wrong unit): the rate and its score are not computed, and the audit says why; 0: no limit
    budget_rate_plausible: Decimal = attrs.field(default=Decimal(2), converter=_dec, validator=_not_negative)
    # arithmetic: scores are rounded half-up to this many decimal places
    score_places: int = attrs.field(default=2, validator=attrs.validators.ge(0))

    def __attrs_post_init__(self) -> None:
        if not self.grade_excellent >= self.grade_good >= self.grade_pass >= 0:
            raise ValueError(msg(N_("grades must not rise as they go down: grade_excellent {excellent} >= "
                                    "grade_good {good} >= grade_pass {passed} >= 0"),
                                 excellent=self.grade_excellent, good=self.grade_good, passed=self.grade_pass))

    @classmethod
    def default(cls) -> "ScoringPolicy":
        """The policy of scoring-policy.md."""
        return cls()

    def evolve(self, **changes: Any) -> "ScoringPolicy":
        """A copy with some settings changed (checked like any other)."""
        return _build(attrs.asdict(self) | changes)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> "ScoringPolicy":
        """A policy from the default with the given settings changed."""
        return _build(attrs.asdict(cls()) | dict(data))

    @classmethod
    def from_toml(cls, path: str | Path) -> "ScoringPolicy":
        """Load a policy file: a TOML table of settings (optionally under [policy])."""
        import tomllib  # (here: a command that takes no policy file does not load the TOML parser)

        try:
            with open(path, "rb") as f:
                data = tomllib.load(f)
        except tomllib.TOMLDecodeError as e:
            raise PolicyError(str(path), msg(N_("not valid TOML: {error}"), error=detail(e))) from None
        except UnicodeDecodeError as e:
            raise PolicyError(str(path), msg(N_("not UTF-8 text (byte {at}): save the policy file as UTF-8"), at=e.start)) from None
        except OSError as e:
            raise PolicyError(str(path), msg(N_("cannot be read: {error}"), error=Detail(str(e.strerror), type(e).__name__))) from None
        if "policy" in data and isinstance(data["policy"], dict):
            extra = [k for k in data if k != "policy"]
            if extra:
                raise PolicyError(extra[0], msg(N_("settings go inside the [policy] table when the file has one")))
            data = data["policy"]
        return cls.from_mapping(data)


_FIELDS = {f.name: f for f in attrs.fields(ScoringPolicy)}


def _build(values: Mapping[str, Any]) -> ScoringPolicy:
    for key, value in values.items():
        if key not in _FIELDS:
            raise PolicyError(key, msg(N_("no such setting; known settings: {known}"), known=comma_words(_FIELDS)))
        want = _FIELDS[key].type
        if want in ("bool", bool) and not isinstance(value, bool):
            raise PolicyError(key, msg(N_("must be true or false, not {value}"), value=repr(value)))
        if want in ("int", int) and (isinstance(value, bool) or not isinstance(value, int)):
            raise PolicyError(key, msg(N_("must be a whole number, not {value}"), value=repr(value)))
        if want in ("str", str) and not isinstance(value, str):
            raise PolicyError(key, msg(N_("must be a string, not {value}"), value=repr(value)))
    for key, value in values.items():
        converter = _FIELDS[key].converter
        if callable(converter):  # a plain function here (attrs types it as a Converter)
            try:
                converter(value)
            except (TypeError, ValueError) as e:
                raise PolicyError(key, _said(e)) from None
    try:
        return ScoringPolicy(**values)
    except (TypeError, ValueError) as e:
        name = next((k for k in sorted(values, key=len, reverse=True) if k in str(e)), "policy")
        raise PolicyError(name, _said(e)) from None


def _said(e: Exception) -> Message | str:
    """The message an error was raised with (attrs' own errors as they are)."""
    return e.args[0] if e.args and isinstance(e.args[0], Message) else str(e)


def round_score(value: Decimal, policy: ScoringPolicy) -> Decimal:
    """Round half-up to the policy's places (scores are rounded per row)."""
    return value.quantize(Decimal(1).scaleb(-policy.score_places), rounding=ROUND_HALF_UP)


def grade(total: Decimal, policy: ScoringPolicy) -> str:
    """Rule 16: 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, otherwise 差.

    >>> grade(Decimal("89.99"), ScoringPolicy.default())
    '良'
    """
    if total >= policy.grade_excellent:
        return "优"
    if total >= policy.grade_good:
        return "良"
    if total >= policy.grade_pass:
        return "中"
    return "差"


def budget_score(executed: Decimal, budget: Decimal, weight: Decimal, policy: ScoringPolicy) -> tuple[Decimal, Decimal]:
    """Rule 1: the execution rate and its score.

    >>> budget_score(Decimal(480800), Decimal(500000), Decimal(10), ScoringPolicy.default())
    (Decimal('0.9616'), Decimal('9.62'))
    """
    if budget <= 0:
        return Decimal(0), Decimal(0)
    rate = executed / budget
    score = min(rate, policy.budget_rate_cap) * weight
    return rate, round_score(min(score, weight), policy)

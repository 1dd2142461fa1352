"""The seventeen rules of the scoring policy (../shared/spec/scoring-policy.md), by name.

An outcome, an audit finding and every decision taken by rule carry a :class:`Rule`
member, never a bare number.  ``Rule`` is an ``IntEnum``: a member equals its number
and is printed as it (the JSON output keeps the plain integer of interface.md), and
the reasons still say "(rule 2)".

>>> Rule.HIGHER_IS_BETTER, int(Rule.HIGHER_IS_BETTER), Rule(17).name
(<Rule.HIGHER_IS_BETTER: 2>, 2, 'AUDIT')
>>> Rule.CLAIM in RATIO_FREE
True
"""

from __future__ import annotations

import enum

__all__ = ["Rule", "RATIO_FREE"]


class Rule(enum.IntEnum):
    """A rule of the scoring policy; its value is the rule's number."""

    BUDGET_EXECUTION = 1      # rate = executed ÷ budget; score = min(rate, cap) × weight
    HIGHER_IS_BETTER = 2      # >=, >, =, a bare number, a range, 约: weight × actual ÷ bound
    EQUAL_MEANS_REACH = 3     # =N is read as "reach N"
    OVER_TARGET = 4           # actual ≥ factor × bound sets the flag over_target
    STRICT_BOUNDARY = 5       # >90% with 90%: full weight (flag boundary) or not met
    LOWER_IS_BETTER = 6       # <= and <: weight × bound ÷ actual; a zero bound is met only at 0
    APPROX = 7                # 约N: a shortfall within the tolerance counts as met
    UNITS = 8                 # units converted within a dimension; incomparable: undetermined
    NUMERIC_VERDICT = 9       # met / not_met (nothing done) / partial of a numeric row
    CLAIM = 10                # a claim in the actual answers any target
    QUALITATIVE = 11          # an actual restating a qualitative target; prose: undetermined
    SCHEDULE = 12             # schedule targets: done on schedule, or with slippage
    DEADLINE = 13             # deadline targets compare dates; late is partial
    RELATIVE = 14             # relative targets need a reference value
    COMPOUND = 15             # all parts scored with equal weight
    GRADE = 16                # the grade from the total
    AUDIT = 17                # auditing a published table

    def __str__(self) -> str:
        return str(self.value)


# rules that score by points, not by a ratio of figures: their outcomes carry no ratio
RATIO_FREE = frozenset({Rule.CLAIM, Rule.QUALITATIVE, Rule.SCHEDULE, Rule.DEADLINE})

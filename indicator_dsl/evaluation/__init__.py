"""Stage 2, TARGET + ACTUAL TEXT -> OUTCOME: reading an actual (实际完成值) against its
target and scoring it under a scoring policy.

actual (read_actual) -> outcome (evaluate: verdict, score, ratio, flags, reason) under
policy (ScoringPolicy, every rule a setting; rules names them: Rule); reasons holds the sentences; serialize
the JSON shapes of interface.md; batch the JSON Lines driver.
"""

from indicator_dsl.evaluation.actual import read_actual
from indicator_dsl.evaluation.model import Actual, ActualAll, ActualDate, Bound, Claim, NoResult, Quantity, Verdict
from indicator_dsl.evaluation.outcome import Outcome, evaluate
from indicator_dsl.evaluation.policy import ScoringPolicy
from indicator_dsl.evaluation.rules import Rule

__all__ = [
    "read_actual", "evaluate", "Outcome", "ScoringPolicy", "Rule",
    "Actual", "ActualAll", "ActualDate", "Bound", "Claim", "NoResult", "Quantity", "Verdict",
]

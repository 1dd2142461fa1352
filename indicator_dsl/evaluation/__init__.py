"""Stage 2, TARGET + ACTUAL TEXT -> OUTCOME: reading an actual (实际完成值) against its
target and scoring it under a scoring policy.

actual (read_actual) -> outcome (evaluate: verdict, score, ratio, flags, reason) under
policy (ScoringPolicy, every rule a setting; rules names them: Rule); reasons holds the sentences; serialize
the JSON shapes of interface.md; batch the JSON Lines driver.

Names are imported on first use (indicator_dsl.lazy), so importing one stage loads
only what it uses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from indicator_dsl.lazy import exports

if TYPE_CHECKING:  # pragma: no cover - what the names are, for type checkers and readers
    from indicator_dsl.evaluation.actual import read_actual
    from indicator_dsl.evaluation.model import Actual, ActualAll, ActualDate, Bound, Claim, NoResult, Quantity, Verdict
    from indicator_dsl.evaluation.outcome import Outcome, evaluate
    from indicator_dsl.evaluation.policy import ScoringPolicy
    from indicator_dsl.evaluation.rules import Rule

__all__ = [
    "read_actual", "evaluate", "Outcome", "ScoringPolicy", "Rule",
    "Actual", "ActualAll", "ActualDate", "Bound", "Claim", "NoResult", "Quantity", "Verdict",
]

__getattr__, __dir__ = exports(__name__, globals(), {
    "read_actual": "indicator_dsl.evaluation.actual",
    "Actual": "indicator_dsl.evaluation.model",
    "ActualAll": "indicator_dsl.evaluation.model",
    "ActualDate": "indicator_dsl.evaluation.model",
    "Bound": "indicator_dsl.evaluation.model",
    "Claim": "indicator_dsl.evaluation.model",
    "NoResult": "indicator_dsl.evaluation.model",
    "Quantity": "indicator_dsl.evaluation.model",
    "Verdict": "indicator_dsl.evaluation.model",
    "Outcome": "indicator_dsl.evaluation.outcome",
    "evaluate": "indicator_dsl.evaluation.outcome",
    "ScoringPolicy": "indicator_dsl.evaluation.policy",
    "Rule": "indicator_dsl.evaluation.rules",
})

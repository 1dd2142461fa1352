"""indicator_dsl: read and score Chinese public-finance performance indicators.

The public API, one page (docs/api.md):

- targets: :func:`parse_target`, the typed targets (:class:`Compare`, :class:`Range`, …),
  :func:`find_phrases`, :func:`find_ranges`;
- rows: :func:`read_actual`, :func:`evaluate` (an :class:`Outcome`) under a :class:`ScoringPolicy`;
- tables: :func:`read_tables`, :func:`score_table`, :func:`audit`;
- spec files: :func:`read_spec`, :func:`parse_spec`, :func:`load_spec`;
- problems: :class:`Diagnostic` (with its :class:`Severity`), one type for every problem at
  a place, and the errors under :class:`IndicatorError`;
- settings: :class:`Limits` (how much input a reader takes).

Names are imported on first use (indicator_dsl.lazy), so ``import indicator_dsl`` and the
command line load only the stages they touch.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from indicator_dsl.lazy import exports

if TYPE_CHECKING:  # pragma: no cover - what the names are, for type checkers and readers
    from indicator_dsl.diagnostics import Diagnostic, Severity
    from indicator_dsl.errors import (
        ActualSyntaxError,
        IndicatorError,
        InputError,
        PolicyError,
        SpecSyntaxError,
        TargetSyntaxError,
    )
    from indicator_dsl.evaluation import (
        Actual,
        ActualAll,
        ActualDate,
        Bound,
        Claim,
        NoResult,
        Outcome,
        Quantity,
        ScoringPolicy,
        Verdict,
        evaluate,
        read_actual,
    )
    from indicator_dsl.evaluation.rules import Rule
    from indicator_dsl.limits import DEFAULT_LIMITS, Limits
    from indicator_dsl.reading import read_tables
    from indicator_dsl.spec import SpecFile, load_spec, parse_spec, read_spec
    from indicator_dsl.tables import BudgetBlock, Finding, Table, TableResult, TableRow, audit, score_table
    from indicator_dsl.target import (
        AllOf,
        Approx,
        Compare,
        Deadline,
        Found,
        Op,
        Period,
        Qualitative,
        Range,
        Relative,
        Schedule,
        Span,
        Target,
        find_phrases,
        find_ranges,
        is_valid_target,
        parse_target,
    )
    from indicator_dsl.version import __version__

__all__ = [
    # targets
    "parse_target", "is_valid_target", "find_phrases", "find_ranges", "Found",
    "Target", "Compare", "Range", "Approx", "Qualitative", "Schedule", "Deadline", "Relative",
    "AllOf", "Op", "Period", "Span",
    # rows
    "read_actual", "evaluate", "Outcome", "ScoringPolicy", "Rule",
    "Actual", "Quantity", "Claim", "ActualDate", "ActualAll", "NoResult", "Bound", "Verdict",
    # tables
    "read_tables", "score_table", "audit", "Table", "TableRow", "BudgetBlock", "TableResult", "Finding",
    # spec files
    "SpecFile", "parse_spec", "load_spec", "read_spec",
    # problems
    "Diagnostic", "Severity", "IndicatorError", "TargetSyntaxError", "ActualSyntaxError", "SpecSyntaxError", "PolicyError",
    "InputError",
    # settings
    "Limits", "DEFAULT_LIMITS",
    "__version__",
]

__getattr__, __dir__ = exports(__name__, globals(), {
    "InputError": "indicator_dsl.errors",
    "Limits": "indicator_dsl.limits",
    "DEFAULT_LIMITS": "indicator_dsl.limits",
    "Diagnostic": "indicator_dsl.diagnostics",
    "Severity": "indicator_dsl.diagnostics",
    "ActualSyntaxError": "indicator_dsl.errors",
    "IndicatorError": "indicator_dsl.errors",
    "PolicyError": "indicator_dsl.errors",
    "SpecSyntaxError": "indicator_dsl.errors",
    "TargetSyntaxError": "indicator_dsl.errors",
    "Actual": "indicator_dsl.evaluation.model",
    "ActualAll": "indicator_dsl.evaluation.model",
    "ActualDate": "indicator_dsl.evaluation.model",
    "Bound": "indicator_dsl.evaluation.model",
    "Claim": "indicator_dsl.evaluation.model",
    "NoResult": "indicator_dsl.evaluation.model",
    "Outcome": "indicator_dsl.evaluation.outcome",
    "Quantity": "indicator_dsl.evaluation.model",
    "ScoringPolicy": "indicator_dsl.evaluation.policy",
    "Verdict": "indicator_dsl.evaluation.model",
    "evaluate": "indicator_dsl.evaluation.outcome",
    "read_actual": "indicator_dsl.evaluation.actual",
    "Rule": "indicator_dsl.evaluation.rules",
    "__version__": "indicator_dsl.version",
    "read_tables": "indicator_dsl.reading",
    "SpecFile": "indicator_dsl.spec.model",
    "load_spec": "indicator_dsl.spec.read",
    "parse_spec": "indicator_dsl.spec.read",
    "read_spec": "indicator_dsl.spec.read",
    "BudgetBlock": "indicator_dsl.tables.model",
    "Finding": "indicator_dsl.tables.audit",
    "Table": "indicator_dsl.tables.model",
    "TableResult": "indicator_dsl.tables.score",
    "TableRow": "indicator_dsl.tables.model",
    "audit": "indicator_dsl.tables.audit",
    "score_table": "indicator_dsl.tables.score",
    "AllOf": "indicator_dsl.target.model",
    "Approx": "indicator_dsl.target.model",
    "Compare": "indicator_dsl.target.model",
    "Deadline": "indicator_dsl.target.model",
    "Found": "indicator_dsl.target.find",
    "Op": "indicator_dsl.target.model",
    "Period": "indicator_dsl.target.model",
    "Qualitative": "indicator_dsl.target.model",
    "Range": "indicator_dsl.target.model",
    "Relative": "indicator_dsl.target.model",
    "Schedule": "indicator_dsl.target.model",
    "Span": "indicator_dsl.target.model",
    "Target": "indicator_dsl.target.model",
    "find_phrases": "indicator_dsl.target.scan",
    "find_ranges": "indicator_dsl.target.find",
    "is_valid_target": "indicator_dsl.target.parse",
    "parse_target": "indicator_dsl.target.parse",
})

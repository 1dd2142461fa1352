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
"""

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
    "read_actual", "evaluate", "Outcome", "ScoringPolicy",
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

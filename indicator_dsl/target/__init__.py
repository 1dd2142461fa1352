"""Stage 1, TEXT -> TARGET: reading a target cell (年度指标值) into a typed target.

normalize (one spelling, an offset map back) -> tokens cut once (grammar, cell) ->
the LALR parse of a whole cell (parse) or the phrase scanner over prose (scan) ->
the typed model (model), whose ``str()`` is the canonical text.  find reads the
comparisons inside any prose as intervals.
"""

from indicator_dsl.target.find import Found, find_ranges
from indicator_dsl.target.model import (
    AllOf,
    Approx,
    Compare,
    Deadline,
    Op,
    Period,
    Qualitative,
    Range,
    Relative,
    Schedule,
    Span,
    Target,
    format_decimal,
)
from indicator_dsl.target.parse import is_valid_target, parse_target
from indicator_dsl.target.scan import find_phrases
from indicator_dsl.target.units import DEFAULT_UNITS, Unit, UnitTable

__all__ = [
    "parse_target", "is_valid_target", "find_phrases", "find_ranges", "Found",
    "Target", "Compare", "Range", "Approx", "Qualitative", "Schedule", "Deadline", "Relative", "AllOf",
    "Op", "Period", "Span", "format_decimal", "Unit", "UnitTable", "DEFAULT_UNITS",
]

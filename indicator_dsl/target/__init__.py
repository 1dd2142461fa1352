"""Stage 1, TEXT -> TARGET: reading a target cell (年度指标值) into a typed target.

normalize (one spelling, an offset map back) -> tokens cut once (grammar, cell) ->
the LALR parse of a whole cell (parse) or the phrase scanner over prose (scan) ->
the typed model (model), whose ``str()`` is the canonical text.  find reads the
comparisons inside any prose as intervals.

Names are imported on first use (indicator_dsl.lazy), so importing one stage loads
only what it uses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from indicator_dsl.lazy import exports

if TYPE_CHECKING:  # pragma: no cover - what the names are, for type checkers and readers
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

__getattr__, __dir__ = exports(__name__, globals(), {
    "Found": "indicator_dsl.target.find",
    "find_ranges": "indicator_dsl.target.find",
    "AllOf": "indicator_dsl.target.model",
    "Approx": "indicator_dsl.target.model",
    "Compare": "indicator_dsl.target.model",
    "Deadline": "indicator_dsl.target.model",
    "Op": "indicator_dsl.target.model",
    "Period": "indicator_dsl.target.model",
    "Qualitative": "indicator_dsl.target.model",
    "Range": "indicator_dsl.target.model",
    "Relative": "indicator_dsl.target.model",
    "Schedule": "indicator_dsl.target.model",
    "Span": "indicator_dsl.target.model",
    "Target": "indicator_dsl.target.model",
    "format_decimal": "indicator_dsl.target.model",
    "is_valid_target": "indicator_dsl.target.parse",
    "parse_target": "indicator_dsl.target.parse",
    "find_phrases": "indicator_dsl.target.scan",
    "DEFAULT_UNITS": "indicator_dsl.target.units",
    "Unit": "indicator_dsl.target.units",
    "UnitTable": "indicator_dsl.target.units",
})

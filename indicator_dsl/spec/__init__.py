"""Stage 4, the authors' language: indicator spec files (*.ind).

lines (one line, grammars/spec.lark) -> read (the model, with diagnostics) -> model;
format (the canonical layout), lint (check), convert (spec files <-> tables), lsp
(the language server).

Names are imported on first use (indicator_dsl.lazy), so importing one stage loads
only what it uses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from indicator_dsl.lazy import exports

if TYPE_CHECKING:  # pragma: no cover - what the names are, for type checkers and readers
    from indicator_dsl.spec.model import (
        Budget,
        Direction,
        Indicator,
        Kind,
        Level1,
        Level2,
        Reference,
        Remarks,
        SpecFile,
        SpecRead,
        Total,
    )
    from indicator_dsl.spec.read import load_spec, parse_spec, read_spec

__all__ = [
    "SpecFile", "SpecRead", "Budget", "Direction", "Indicator", "Kind", "Level1", "Level2", "Reference",
    "Remarks", "Total", "read_spec", "parse_spec", "load_spec",
]

__getattr__, __dir__ = exports(__name__, globals(), {
    "Budget": "indicator_dsl.spec.model",
    "Direction": "indicator_dsl.spec.model",
    "Indicator": "indicator_dsl.spec.model",
    "Kind": "indicator_dsl.spec.model",
    "Level1": "indicator_dsl.spec.model",
    "Level2": "indicator_dsl.spec.model",
    "Reference": "indicator_dsl.spec.model",
    "Remarks": "indicator_dsl.spec.model",
    "SpecFile": "indicator_dsl.spec.model",
    "SpecRead": "indicator_dsl.spec.model",
    "Total": "indicator_dsl.spec.model",
    "load_spec": "indicator_dsl.spec.read",
    "parse_spec": "indicator_dsl.spec.read",
    "read_spec": "indicator_dsl.spec.read",
})

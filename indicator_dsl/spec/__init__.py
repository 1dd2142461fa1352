"""Stage 4, the authors' language: indicator spec files (*.ind).

lines (one line, grammars/spec.lark) -> read (the model, with diagnostics) -> model;
format (the canonical layout), lint (check), convert (spec files <-> tables), lsp
(the language server).
"""

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

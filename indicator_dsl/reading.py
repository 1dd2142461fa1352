"""Every table of every document a user names: the published formats
(:mod:`indicator_dsl.tables.io`) and indicator spec files (*.ind, :mod:`indicator_dsl.spec`).

Spec files are read by a higher stage than tables, so the dispatch on file names lives
in :mod:`indicator_dsl.tables.io` and this module passes it the spec reader.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from indicator_dsl.diagnostics import Diagnostic
from indicator_dsl.limits import DEFAULT_LIMITS, Limits
from indicator_dsl.spec.convert import read_spec_file
from indicator_dsl.tables.io import Reader
from indicator_dsl.tables.io import read_tables as _read_published
from indicator_dsl.tables.model import Table

__all__ = ["read_tables", "READERS"]

READERS: dict[str, Reader] = {".ind": read_spec_file}


def read_tables(paths: str | Path | Iterable[str | Path],
                limits: Limits = DEFAULT_LIMITS) -> tuple[list[Table], list[Diagnostic]]:
    """Every table in ``paths`` (a file or directory, or several: published tables and spec
    files alike) and every problem met; reading never stops at a bad file or row, and a file
    beyond ``limits`` is that file's problem."""
    return _read_published(paths, READERS, limits)

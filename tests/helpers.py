"""Golden-file helpers: load a TSV fixture and turn its rows into pytest params."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def load_tsv(name: str) -> list[dict[str, str]]:
    """Rows of ``tests/fixtures/<name>`` (tab-delimited, header row, no quoting) as dicts."""
    with open(FIXTURES / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def params(rows: list[dict[str, str]], *, xfail: bool = True) -> list[object]:
    """One ``pytest.param(row)`` per row, id = the row's id, strict xfail when ``xfail`` is set.

    ``xfail=False`` ignores the column, for checks the documented gap does not touch.
    """
    out = []
    for row in rows:
        reason = (row.get("xfail") or "").strip()
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason and xfail else []
        out.append(pytest.param(row, id=row["id"], marks=marks))
    return out

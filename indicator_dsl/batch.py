"""`indicator-dsl batch`: JSON Lines in, one JSON line out per row (interface.md).

Each row is handled on its own: a bad row gets an ``error`` object naming the field
and the character span, and the rest of the batch goes on.

>>> import json
>>> out = handle_row({"id": "r1", "target": "1-2场"})
>>> out["target"]["kind"], out["target"]["low"], out["error"]
('range', '1', None)
>>> handle_row({"id": "r2", "target": "≥9O%"})["error"]["start"]
2
"""

from __future__ import annotations

import json
from typing import IO, Any, Iterable

from .errors import IndicatorError, TargetSyntaxError
from .jsonio import target_to_json
from .parser import parse_target

__all__ = ["handle_row", "run_batch"]


def _error(field: str, message: str, start: int | None = None, end: int | None = None, **extra: Any) -> dict[str, Any]:
    return {"field": field, "message": message, "start": start, "end": end, **extra}


def _year(row: dict[str, Any]) -> int | None:
    y = row.get("year")
    if y is None or y == "":
        return None
    try:
        return int(str(y).strip())
    except ValueError:
        raise ValueError(f"year must be a whole number such as \"2023\", not {y!r}") from None


def handle_row(row: Any) -> dict[str, Any]:
    """One input row (a decoded JSON object) to its output object."""
    out: dict[str, Any] = {"id": None, "target": None, "actual": None, "outcome": None, "error": None}
    if not isinstance(row, dict):
        out["error"] = _error("row", "a row must be a JSON object with at least \"target\"")
        return out
    out["id"] = row.get("id")
    target_text = row.get("target")
    if not isinstance(target_text, str):
        out["error"] = _error("target", "\"target\" is missing or not a string")
        return out
    try:
        year = _year(row)
    except ValueError as e:
        out["error"] = _error("year", str(e))
        return out
    try:
        target = parse_target(target_text, year=year)
    except TargetSyntaxError as e:
        out["error"] = _error("target", e.message, e.start, e.end, label=e.label, expected=list(e.expected))
        return out
    except IndicatorError as e:  # pragma: no cover - defensive: never lose the batch
        out["error"] = _error("target", str(e))
        return out
    out["target"] = target_to_json(target)
    return out


def run_batch(lines: Iterable[str], out: IO[str]) -> int:
    """Process JSON Lines; return the exit status (0 unless a line is not JSON)."""
    status = 0
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            status = 2
            result = {"id": None, "target": None, "actual": None, "outcome": None,
                      "error": _error("line", f"line {n} is not JSON: {e.msg}", e.pos, e.pos + 1, line=n)}
        else:
            try:
                result = handle_row(row)
            except Exception as e:  # pragma: no cover - a bug must not lose the other rows
                result = {"id": row.get("id") if isinstance(row, dict) else None, "target": None,
                          "actual": None, "outcome": None,
                          "error": _error("row", f"internal error: {type(e).__name__}: {e}")}
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
    out.flush()
    return status

"""Comparing the batch answer of a row with an expert label (tests/fixtures/wide).

Only the fields interface.md names are compared: a target's kind and, by kind, op,
value, low, high, unit (with its per), period, date, reference op, text and parts; an
actual's kind, value, unit (with its per), bound, verdict and date.  Numbers compare
as exact decimals ("90.00" equals "90"); a unit is compared as interface.md writes it
(no brackets, 百分比 and ％ written %), with its per-denominator joined by "/" (the
labels write 元/人*月 either as unit 元 per 人*月 or as one unit).
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from helpers import FIXTURES

WIDE = FIXTURES / "wide"


def load_gold() -> list[dict[str, Any]]:
    with open(WIDE / "wide_gold.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def batch_row(g: dict[str, Any]) -> dict[str, Any]:
    """The batch input row of a labelled row."""
    return {"id": g["id"], "target": g["target_text"], "actual": g["actual_text"],
            "weight": g["weight"], "year": g["year"]}


def _num(x: Any) -> Decimal | None:
    return None if x is None else Decimal(str(x))


def _unit(o: dict[str, Any]) -> str | None:
    u = o.get("unit")
    u = None if u in (None, "") else str(u).strip().strip("()（）")
    u = "%" if u in ("百分比", "％") else u
    per = o.get("per")
    if per:
        return f"{u or ''}/{per}"
    return u


def _fields(want: dict[str, Any], got: dict[str, Any], names: tuple[str, ...]) -> list[str]:
    out = []
    for name in names:
        if name not in want:
            continue
        w, g = want.get(name), got.get(name)
        if name in ("value", "low", "high"):
            same = _num(w) == _num(g) if g is None or isinstance(g, str) else False
        elif name == "text":
            same = (w or "").strip() == (g or "").strip()
        else:
            same = w == g
        if not same:
            out.append(f"{name} {g!r} (label {w!r})")
    if "unit" in want and _unit(want) != _unit(got):
        out.append(f"unit {_unit(got)!r} (label {_unit(want)!r})")
    return out


_TARGET_FIELDS = {
    "compare": ("op", "value"), "range": ("low", "high"), "approx": ("value",), "qualitative": ("text",),
    "schedule": ("period",), "deadline": ("date",), "relative": ("op", "reference"),
}
_ACTUAL_FIELDS = {"quantity": ("value", "bound"), "claim": ("verdict",), "date": ("date",), "none": ()}


def differences(want: dict[str, Any] | None, got: dict[str, Any] | None, actual: bool = False) -> list[str]:
    """What the answer ``got`` gets wrong against the label ``want`` (empty: it agrees)."""
    if want is None:
        return [] if got is None else [f"an answer where the label has none: {got!r}"]
    if not isinstance(got, dict):
        return [f"no answer (label {want['kind']})"]
    if got.get("kind") != want["kind"]:
        return [f"kind {got.get('kind')} (label {want['kind']})"]
    if want["kind"] == "all":
        ps, ws = got.get("parts") or [], want["parts"]
        if len(ps) != len(ws):
            return [f"{len(ps)} parts (label {len(ws)})"]
        return [f"part {n}: {d}" for n, (w, p) in enumerate(zip(ws, ps)) for d in differences(w, p, actual)]
    names = (_ACTUAL_FIELDS if actual else _TARGET_FIELDS).get(want["kind"], ())
    return _fields(want, got, names)

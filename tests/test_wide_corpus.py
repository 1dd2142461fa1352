"""Golden tests: every row of the wide corpus (tests/fixtures/wide, 291 rows from 33
publishers outside the seeds, with expert labels) through the code path of `batch`.

One case per row and field, the row id as the test id.  A known gap is a strict xfail
in tests/fixtures/wide/gaps.tsv (id, field, reason): when it starts to pass, the test
fails until the line goes.  The pass rate is printed and pinned in
tests/fixtures/wide/pinned.json: it may only go up.
"""

from __future__ import annotations

import csv
import json

import pytest
from wide_labels import WIDE, batch_row, differences, load_gold

from indicator_dsl.evaluation.batch import handle_row

GOLD = load_gold()
with open(WIDE / "gaps.tsv", encoding="utf-8", newline="") as _fh:
    GAPS = {(r["id"], r["field"]): r["reason"] for r in csv.DictReader(_fh, delimiter="\t", quoting=csv.QUOTE_NONE)}
PINNED = json.loads((WIDE / "pinned.json").read_text(encoding="utf-8"))
_CACHE: dict[str, dict] = {}


def answer(g: dict) -> dict:
    if g["id"] not in _CACHE:
        _CACHE[g["id"]] = handle_row(batch_row(g))
    return _CACHE[g["id"]]


def _params(field: str) -> list[object]:
    out = []
    for g in GOLD:
        if field == "actual" and g["actual"] is None:
            continue
        reason = GAPS.get((g["id"], field))
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        out.append(pytest.param(g, id=g["id"], marks=marks))
    return out


def test_fixture_is_well_formed():
    """291 rows, unique ids, a label for every target; every gap names a row and a field."""
    assert len(GOLD) == 291
    ids = {g["id"] for g in GOLD}
    assert len(ids) == len(GOLD)
    assert all(g["target"] for g in GOLD)
    assert all(i in ids and f in ("target", "actual") and r for (i, f), r in GAPS.items())


@pytest.mark.parametrize("g", _params("target"))
def test_target(g):
    """The target reads as labelled (the fields interface.md names)."""
    out = answer(g)
    assert differences(g["target"], out["target"]) == [], out.get("error")


@pytest.mark.parametrize("g", _params("actual"))
def test_actual(g):
    """The actual reads as labelled."""
    out = answer(g)
    assert differences(g["actual"], out["actual"], actual=True) == [], out.get("error")


def test_no_row_is_an_error_row():
    """A published cell is never an error row: what the strict language cannot read is a warning."""
    errors = [(g["id"], answer(g)["error"]) for g in GOLD if answer(g)["error"] is not None]
    assert errors == []


def test_pass_rate_is_pinned(capsys):
    """The share of rows read as labelled, printed; it may only go up (pinned.json)."""
    targets = sum(not differences(g["target"], answer(g)["target"]) for g in GOLD)
    with_actual = [g for g in GOLD if g["actual"] is not None]
    actuals = sum(not differences(g["actual"], answer(g)["actual"], actual=True) for g in with_actual)
    with capsys.disabled():
        print(f"\nwide corpus: targets {targets}/{len(GOLD)}, actuals {actuals}/{len(with_actual)} as labelled")
    assert targets >= PINNED["targets"] and actuals >= PINNED["actuals"], (targets, actuals, PINNED)

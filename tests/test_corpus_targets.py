"""Golden tests: every distinct target cell of the shipped corpus (tests/fixtures/targets.tsv)."""

from __future__ import annotations

import pytest
from helpers import load_tsv, params

from indicator_dsl import AllOf, parse_target

ROWS = load_tsv("targets.tsv")


def _spans(t):
    yield t.span
    if isinstance(t, AllOf):
        for p in t.parts:
            yield from _spans(p)


def test_fixture_is_well_formed():
    """The fixture has unique ids, unique non-empty targets and a known kind on every row."""
    assert len(ROWS) > 100
    assert len({r["id"] for r in ROWS}) == len(ROWS)
    assert len({r["target"] for r in ROWS}) == len(ROWS)
    kinds = {"compare", "range", "approx", "qualitative", "schedule", "deadline", "relative", "all"}
    for r in ROWS:
        assert r["target"] and r["canonical"], r["id"]
        assert r["kind"] in kinds, r["id"]


@pytest.mark.parametrize("row", params(ROWS))
def test_kind_and_canonical(row):
    """The target parses to the expected kind and canonical text."""
    t = parse_target(row["target"])
    assert (t.kind, str(t)) == (row["kind"], row["canonical"])


@pytest.mark.parametrize("row", params(ROWS))
def test_round_trip(row):
    """The canonical text parses back to the same target, and is its own canonical text."""
    back = parse_target(row["canonical"])
    assert back == parse_target(row["target"])
    assert str(back) == row["canonical"]


@pytest.mark.parametrize("row", params(ROWS, xfail=False))
def test_spans_point_into_the_verbatim_text(row):
    """Every span of the parsed target is a non-empty, whitespace-trimmed slice of the verbatim cell."""
    text = row["target"]
    for span in _spans(parse_target(text)):
        assert span is not None
        assert 0 <= span.start < span.end <= len(text)
        piece = text[span.start:span.end]
        assert piece == piece.strip()

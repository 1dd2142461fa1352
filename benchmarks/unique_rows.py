"""Unique rows in the shapes of the corpus: every target and every actual different.

Row ``i`` takes the shape of corpus row ``i % n`` (examples/rows.jsonl) and moves each
count in its target and actual by an amount that depends on ``i``; years, months and
days are left alone so that dates stay dates.  The counts of a target move by ``i + 1``
thousands (a count has at most three digits, so no two targets are alike); a target with no count gets a subject naming the row in
heavenly stems (``项目甲乙丙：良好``: the number ``i`` spelled with 甲…癸, which no reader
takes for a figure).  The actual gets a numbered reference (``见附件第i号``: an ordinal,
never a figure).  So no cache helps,
and the rows still read as the corpus rows do.  Used by benchmarks/bench.py and by the
test that runs the Dask path (tests/test_frame.py).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
# a count: not a 4-digit year, not a month or day, not inside a longer number
_COUNT = re.compile(r"(?<![\d.])(\d{1,3})(?![\d年月日号.])")


def corpus_rows() -> list[dict[str, str]]:
    lines = (ROOT / "examples" / "rows.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _shift(text: str, k: int) -> str:
    return _COUNT.sub(lambda m: str(int(m.group(1)) + k), text)


_STEMS = "甲乙丙丁戊己庚辛壬癸"


def _tag(i: int) -> str:
    return "项目" + "".join(_STEMS[int(d)] for d in str(i))


def unique_rows(n: int) -> Iterator[dict[str, str]]:
    """``n`` rows, each target and each actual different from every other."""
    base = corpus_rows()
    for i in range(n):
        row = dict(base[i % len(base)])
        row["id"] = f"u{i}"
        target = _shift(row["target"], 1000 * (i + 1))
        # a target with no count to move is told apart by a subject naming the row
        row["target"] = target if target != row["target"] else f"{_tag(i)}：{target}"
        actual = row.get("actual")
        if isinstance(actual, str):
            row["actual"] = f"{_shift(actual, 1000 * (i + 1))}，见附件第{i}号"
        yield row


def repeated_target_rows(n: int) -> Iterator[dict[str, str]]:
    """``n`` rows whose targets repeat as the corpus's do (each row keeps its corpus target)
    while every actual is different (as in :func:`unique_rows`): the target cache helps, the
    memory of whole rows does not."""
    base = corpus_rows()
    for i, row in enumerate(unique_rows(n)):
        row["target"] = base[i % len(base)]["target"]
        yield row


if __name__ == "__main__":  # pragma: no cover - e.g. python benchmarks/unique_rows.py 1000000 > rows.jsonl
    import sys

    for r in unique_rows(int(sys.argv[1]) if len(sys.argv) > 1 else 1000):
        print(json.dumps(r, ensure_ascii=False))

"""Benchmark: batch on unique rows against the regex floor, in one run, side by side.

Not a test: run it by hand on a quiet machine and quote the figures in
docs/performance.md.

    .venv/bin/python benchmarks/scale.py                 # 50,000 unique rows
    .venv/bin/python benchmarks/scale.py --rows 1000000

Prints rows per second for:

- **regex floor**: a plain pass over the same JSON Lines that decodes each line, runs one
  regular expression over its target and actual (a comparison sign and a number) and
  writes a JSON line - what any tool must at least do;
- **batch, 1 job / N jobs**: `indicator-dsl batch --jobs 1` and `--jobs N` as a user runs
  it (a child process, the rows piped in, the answers read back), start-up included;
- **parse only**: `parse_target` over the rows' targets, in this process;
- **evaluate only**: `evaluate` over parsed targets and the rows' actuals, in this process;
- **corpus rows**: examples/rows.jsonl about a thousand times over (100,000 rows; whole
  rows repeat: a run answers a repeated row from memory), and rows whose targets repeat as the corpus's do
  while every actual differs (only the target cache helps), each against its own floor;
- **start-up**: `indicator-dsl parse` of one target, and `batch` of one row (best of 7), as
  an installed package starts: with Python's bytecode caches (a first run writes them even
  where PYTHONDONTWRITEBYTECODE is set, as it is in some sandboxes: without them every start
  compiles the package's modules again).

Rows come from benchmarks/unique_rows.py: every target and actual different, so no
cache helps.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from unique_rows import corpus_rows, repeated_target_rows, unique_rows  # noqa: E402

from indicator_dsl import evaluate, parse_target  # noqa: E402

BIN = str(Path(sys.executable).parent / "indicator-dsl")
_FLOOR = re.compile(r"(?:[≥≤<>=]|不少于|不低于|以上|以下)?\s*(\d+(?:\.\d+)?)\s*(%|[\u4e00-\u9fff])?")


def regex_floor(lines: list[bytes]) -> float:
    """Seconds for the floor pass over ``lines``: the best of three (on a shared machine the
    quickest pass is the floor; a slow one would flatter every ratio)."""
    return min(_floor_pass(lines) for _ in range(3))


def _floor_pass(lines: list[bytes]) -> float:
    out = []
    t0 = time.perf_counter()
    for raw in lines:
        row = json.loads(raw)
        m = _FLOOR.search(row.get("target") or "")
        a = _FLOOR.search(row.get("actual") or "")
        out.append(json.dumps({"id": row.get("id"), "target": m.group(1) if m else None,
                               "actual": a.group(1) if a else None}, ensure_ascii=False))
    return time.perf_counter() - t0


def run_batch(data: bytes, jobs: int) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run([BIN, "batch", "--jobs", str(jobs)], input=data, capture_output=True, check=True)
    elapsed = time.perf_counter() - t0
    assert proc.stdout.count(b"\n") == data.count(b"\n")
    return elapsed


def startup(args: list[str], data: bytes | None = None) -> float:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([BIN, *args], input=data, capture_output=True, check=True, env=env)  # writes the caches
    best = float("inf")
    for _ in range(7):
        t0 = time.perf_counter()
        subprocess.run([BIN, *args], input=data, capture_output=True, check=True, env=env)
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=50_000)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    args = ap.parse_args()

    rows = list(unique_rows(args.rows))
    lines = [json.dumps(r, ensure_ascii=False).encode() + b"\n" for r in rows]
    data = b"".join(lines)
    n = len(rows)

    floor = n / regex_floor(lines)
    one = n / run_batch(data, 1)
    many = n / run_batch(data, args.jobs)

    parse_target("≥90%")
    t0 = time.perf_counter()
    targets = [parse_target(r["target"], year=int(r["year"]) if r.get("year") else None) for r in rows]
    parse_rate = n / (time.perf_counter() - t0)
    t0 = time.perf_counter()
    for r, t in zip(rows, targets):
        if r.get("actual") is not None:
            evaluate(t, r["actual"], weight=r.get("weight"), year=int(r["year"]) if r.get("year") else None)
    eval_rate = n / (time.perf_counter() - t0)

    # (enough rows that the run's start-up does not decide the figure)
    base = corpus_rows()
    corpus = b"".join(json.dumps(r, ensure_ascii=False).encode() + b"\n" for r in base) * max(100, 100_000 // len(base))
    corpus_n = corpus.count(b"\n")
    corpus_one = corpus_n / run_batch(corpus, 1)
    corpus_floor = corpus_n / regex_floor(corpus.splitlines())
    repeated = [json.dumps(r, ensure_ascii=False).encode() + b"\n" for r in repeated_target_rows(n)]
    repeated_one = n / run_batch(b"".join(repeated), 1)
    repeated_floor = n / regex_floor(repeated)

    print(f"{n:,} unique rows; python {sys.version.split()[0]}; {os.cpu_count()} cores")
    print(f"regex floor        {floor:10,.0f} rows/s")
    print(f"batch, 1 job       {one:10,.0f} rows/s   {one / floor:.3f} of the floor (1/{floor / one:.1f})")
    print(f"batch, {args.jobs} jobs      {many:10,.0f} rows/s   {many / one:.2f}x one job")
    print(f"parse only         {parse_rate:10,.0f} targets/s")
    print(f"evaluate only      {eval_rate:10,.0f} rows/s")
    print(f"corpus rows (whole rows repeat, {corpus_n:,} rows): batch 1 job {corpus_one:,.0f} rows/s, "
          f"{corpus_one / corpus_floor:.3f} of the floor")
    print(f"corpus targets, every actual different ({n:,} rows): batch 1 job {repeated_one:,.0f} rows/s, "
          f"{repeated_one / repeated_floor:.3f} of the floor")
    print(f"start-up: parse {startup(['parse', '≥90%']) * 1000:.0f} ms, "
          f"batch of one row {startup(['batch'], lines[0]) * 1000:.0f} ms")


if __name__ == "__main__":
    main()

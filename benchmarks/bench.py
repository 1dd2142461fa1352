"""Benchmark: targets parsed per second, and batch rows per second.

Not a test: run it by hand after changing a hot path and quote the figures in
docs/performance.md.

    .venv/bin/python benchmarks/bench.py            # default: 3 rounds
    .venv/bin/python benchmarks/bench.py --rounds 5

Inputs are the shipped examples (examples/targets.txt: every distinct target of
the corpus; examples/rows.jsonl: every scored row).  Each measurement runs on one
core in this process; the parser is built before timing starts.
"""

from __future__ import annotations

import argparse
import io
import json
import platform
import statistics
import time
from pathlib import Path

from indicator_dsl import parse_target
from indicator_dsl.evaluation.batch import handle_row, run_batch

ROOT = Path(__file__).resolve().parent.parent


def _best(fn, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--repeat", type=int, default=20, help="passes over the inputs per round")
    args = ap.parse_args()

    targets = [t for t in (ROOT / "examples/targets.txt").read_text(encoding="utf-8").splitlines() if t]
    rows = [json.loads(line) for line in (ROOT / "examples/rows.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    parse_target("≥90%")  # build the parser outside the timing

    def parse_all() -> None:
        for _ in range(args.repeat):
            for t in targets:
                parse_target(t)

    def rows_all() -> None:
        for _ in range(args.repeat):
            for r in rows:
                handle_row(r)

    lines = [json.dumps(r, ensure_ascii=False) + "\n" for r in rows] * args.repeat

    def batch_all() -> None:
        run_batch(lines, io.StringIO(), cache=False)

    once = lines[:len(rows)]

    def batch_cached() -> None:  # each pass a run of its own: repeated targets (and the few repeated rows) remembered
        for _ in range(args.repeat):
            run_batch(once, io.StringIO(), cache=True)

    def batch_remembered() -> None:  # one run over every pass: from the second pass on, every row is remembered
        run_batch(lines, io.StringIO(), cache=True)

    n_t = len(targets) * args.repeat
    n_r = len(rows) * args.repeat
    t_parse = _best(parse_all, args.rounds)
    t_rows = _best(rows_all, args.rounds)
    t_batch = _best(batch_all, args.rounds)
    t_cached = _best(batch_cached, args.rounds)
    t_remembered = _best(batch_remembered, args.rounds)
    distinct = len({(r.get("target"), r.get("year")) for r in rows})
    print(f"python {platform.python_version()} on {platform.machine()}")
    print(f"targets: {len(targets)} distinct, {n_t} parses: {n_t / t_parse:,.0f} targets/s "
          f"({t_parse / n_t * 1e6:.1f} µs each)")
    print(f"rows:    {len(rows)} rows, {n_r} evaluations (parse + read actual + evaluate): "
          f"{n_r / t_rows:,.0f} rows/s ({t_rows / n_r * 1e6:.1f} µs each)")
    print(f"batch:   JSON in and out as well: {n_r / t_batch:,.0f} rows/s")
    print(f"batch, remembering repeated targets ({distinct} distinct targets in {len(rows)} rows): "
          f"{n_r / t_cached:,.0f} rows/s")
    print(f"batch, one run over the rows {args.repeat} times (whole rows repeat): {n_r / t_remembered:,.0f} rows/s")
    # a per-kind view of where the time goes
    kinds: dict[str, list[float]] = {}
    for t in targets:
        t0 = time.perf_counter()
        for _ in range(20):
            k = parse_target(t).kind
        kinds.setdefault(k, []).append((time.perf_counter() - t0) / 20)
    for k, v in sorted(kinds.items()):
        print(f"  {k:12s} {len(v):4d} targets, median {statistics.median(v) * 1e6:7.1f} µs")


if __name__ == "__main__":
    main()

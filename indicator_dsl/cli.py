"""The command line: ``indicator-dsl parse|batch``."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Sequence

from .batch import run_batch
from .errors import TargetSyntaxError
from .jsonio import target_to_json
from .parser import parse_target

__all__ = ["main"]


def _cmd_parse(args: argparse.Namespace) -> int:
    try:
        target = parse_target(args.text, year=args.year)
    except TargetSyntaxError as e:
        print(f"error: {e.message}", file=sys.stderr)
        print(e.render(), file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(target_to_json(target), ensure_ascii=False))
    else:
        print(str(target))
    return 0


def _cmd_batch(args: argparse.Namespace) -> int:
    return run_batch(sys.stdin, sys.stdout)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="indicator-dsl",
        description="Read and score Chinese public-finance performance indicators (绩效指标).",
    )
    sub = p.add_subparsers(dest="command", required=True)

    sp = sub.add_parser("parse", help="read a target cell (年度指标值) and print its canonical text")
    sp.add_argument("text", help="the target cell, e.g. '≥90.00(%%)' or '不少于150名'")
    sp.add_argument("--json", action="store_true", help="print the JSON object of interface.md")
    sp.add_argument("--year", type=int, help="the table's year, for dates written without one")
    sp.set_defaults(func=_cmd_parse)

    sb = sub.add_parser(
        "batch",
        help="JSON Lines on stdin -> one JSON line per row on stdout",
        description=(
            "Reads rows {\"id\", \"target\", \"actual\", \"weight\", \"year\"} as JSON Lines on "
            "standard input and writes one JSON line per row: {\"id\", \"target\", \"actual\", "
            "\"outcome\", \"error\"}. A bad row gets an error object and the batch goes on; the "
            "exit status is 0 unless a line is not JSON."
        ),
    )
    sb.set_defaults(func=_cmd_batch)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except BrokenPipeError:  # pragma: no cover - e.g. piped into head
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

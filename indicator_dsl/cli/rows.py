"""The row commands: ``parse`` (a target), ``eval`` (one row), ``batch`` (JSON Lines), ``find`` (phrases in prose)."""

from __future__ import annotations

import argparse
import json
import sys

from indicator_dsl.cli.common import policy_of, refs_of
from indicator_dsl.errors import PolicyError, TargetSyntaxError
from indicator_dsl.evaluation.batch import run_batch
from indicator_dsl.evaluation.outcome import evaluate
from indicator_dsl.evaluation.serialize import actual_to_json, outcome_to_json, target_to_json
from indicator_dsl.target.model import format_decimal
from indicator_dsl.target.parse import parse_target

__all__ = ["cmd_parse", "cmd_eval", "cmd_batch", "cmd_find"]


def cmd_parse(args: argparse.Namespace) -> int:
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


def cmd_find(args: argparse.Namespace) -> int:
    from indicator_dsl.target.find import find_ranges

    if args.text is None:  # one text per line in, one JSON list per line out
        for line in sys.stdin:
            found = find_ranges(line.rstrip("\r\n"))
            print(json.dumps([f.to_json() for f in found], ensure_ascii=False), flush=True)
        return 0
    found = find_ranges(args.text)
    if args.json:
        print(json.dumps([f.to_json() for f in found], ensure_ascii=False))
    else:
        for f in found:
            print(f"{f.start}-{f.end}\t{f.text}\t{f.interval}")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    try:
        policy = policy_of(args)
        target = parse_target(args.target, year=args.year)
        outcome = evaluate(target, args.actual, weight=args.weight, policy=policy,
                           references=refs_of(args), lang=args.lang, year=args.year)
    except TargetSyntaxError as e:
        print(f"error: target: {e.message}", file=sys.stderr)
        print(e.render(), file=sys.stderr)
        return 1
    except (PolicyError, ValueError, TypeError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    if args.json:
        data = outcome_to_json(outcome)
        data["target"] = target_to_json(target)
        data["actual"] = actual_to_json(outcome.actual)
        print(json.dumps(data, ensure_ascii=False))
        return 0
    score = "no score" if outcome.score is None else f"{format_decimal(outcome.score)} / {args.weight}"
    if args.weight is None and outcome.score is None:
        score = "no weight"
    print(f"{outcome.verdict.value} · {score} · {outcome.reason}")
    if outcome.flags:
        print("flags: " + ", ".join(outcome.flags))
    return 0


def cmd_batch(args: argparse.Namespace) -> int:
    try:
        policy = policy_of(args)
    except PolicyError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    return run_batch(sys.stdin, sys.stdout, policy=policy, references=refs_of(args), lang=args.lang,
                     cache=not args.no_cache, strict=args.strict)



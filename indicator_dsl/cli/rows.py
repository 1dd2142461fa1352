"""The row commands: ``parse`` (a target), ``eval`` (one row), ``batch`` (JSON Lines), ``find`` (phrases in prose)."""

from __future__ import annotations

import argparse
import io
import sys

from indicator_dsl.cli.common import limits_of, policy_of, refs_of, say
from indicator_dsl.errors import IndicatorError, PolicyError, TargetSyntaxError
from indicator_dsl.evaluation.jsonlines import dump_line
from indicator_dsl.target.parse import parse_target

# (what only some commands use is imported in them: start-up is part of every call)

__all__ = ["cmd_parse", "cmd_eval", "cmd_batch", "cmd_find"]


def cmd_parse(args: argparse.Namespace) -> int:
    try:
        target = parse_target(args.text, year=args.year, limits=limits_of(args))
    except TargetSyntaxError as e:
        say(f"error: {e.message}", sys.stderr)
        if len(e.text) <= 1000:
            say(e.render(), sys.stderr)
        return 1
    if args.json:
        from indicator_dsl.evaluation.serialize import target_to_json

        print(dump_line(target_to_json(target)))
    else:
        say(str(target))
    return 0


def cmd_find(args: argparse.Namespace) -> int:
    from indicator_dsl.target.find import find_ranges

    limits = limits_of(args)
    if args.text is None:  # one text per line in, one JSON list per line out
        status = 0
        for n, line in enumerate(sys.stdin, 1):
            try:
                found = find_ranges(line.rstrip("\r\n"), limits=limits)
            except IndicatorError as e:  # beyond a limit: that line's error, an empty list
                say(f"indicator-dsl: line {n}: {e}", sys.stderr)
                found, status = [], 1
            print(dump_line([f.to_json() for f in found]), flush=True)
        return status
    try:
        found = find_ranges(args.text, limits=limits)
    except IndicatorError as e:
        say(f"error: {e}", sys.stderr)
        return 1
    if args.json:
        print(dump_line([f.to_json() for f in found]))
    else:
        for f in found:
            say(f"{f.start}-{f.end}\t{f.text}\t{f.interval}")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from indicator_dsl.evaluation.outcome import evaluate
    from indicator_dsl.evaluation.serialize import actual_to_json, outcome_to_json, target_to_json
    from indicator_dsl.target.model import format_decimal

    try:
        policy = policy_of(args)
        limits = limits_of(args)
        target = parse_target(args.target, year=args.year, limits=limits)
        outcome = evaluate(target, args.actual, weight=args.weight, policy=policy,
                           references=refs_of(args), lang=args.lang, year=args.year, limits=limits)
    except TargetSyntaxError as e:
        say(f"error: target: {e.message}", sys.stderr)
        if len(e.text) <= 1000:
            say(e.render(), sys.stderr)
        return 1
    except (IndicatorError, ValueError, TypeError) as e:
        say(f"error: {e}", sys.stderr)
        return 1
    if args.json:
        data = outcome_to_json(outcome)
        data["target"] = target_to_json(target)
        data["actual"] = actual_to_json(outcome.actual)
        print(dump_line(data))
        return 0
    score = "no score" if outcome.score is None else f"{format_decimal(outcome.score)} / {args.weight}"
    if args.weight is None and outcome.score is None:
        score = "no weight"
    say(f"{outcome.verdict.value} · {score} · {outcome.reason}")
    if outcome.flags:
        say("flags: " + ", ".join(outcome.flags))
    return 0


def cmd_batch(args: argparse.Namespace) -> int:
    import codecs

    from indicator_dsl.evaluation.stream import default_jobs, run_stream

    try:
        policy = policy_of(args)
    except PolicyError as e:
        say(f"error: {e}", sys.stderr)
        return 2
    limits = limits_of(args)
    if args.encoding:
        try:
            codecs.lookup(args.encoding)
        except LookupError:
            say(f"error: --encoding: unknown encoding {args.encoding!r}", sys.stderr)
            return 2
    jobs = args.jobs if args.jobs is not None else default_jobs()
    if jobs < 1:
        say("error: --jobs wants a whole number of at least 1", sys.stderr)
        return 2
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:  # a text stream without bytes under it (an embedding program's StringIO)
        stream = io.BytesIO(sys.stdin.read().encode("utf-8", "surrogateescape"))
    # Under PYTHONUNBUFFERED (python -u) standard output writes each answer by itself (a
    # system call a row, a fifth of the run); batch flushes before each read that may wait
    # for input and at the end, so the answers may be gathered in between.
    out = sys.stdout
    through = getattr(out, "write_through", False) is True and hasattr(out, "reconfigure")
    if through:
        out.reconfigure(write_through=False)  # type: ignore[union-attr]
    try:
        return run_stream(stream, out, jobs=jobs, policy=policy, references=refs_of(args), lang=args.lang,
                          cache=not args.no_cache, progress=sys.stderr.isatty(), limits=limits,
                          encoding=args.encoding, strict=args.strict)
    finally:
        if through:
            out.reconfigure(write_through=True)  # type: ignore[union-attr]



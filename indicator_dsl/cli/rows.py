"""The row commands: ``parse`` (a target), ``eval`` (one row), ``batch`` (JSON Lines), ``find`` (phrases in prose)."""

from __future__ import annotations

import argparse
import io
import sys

from indicator_dsl.cli.common import limits_of, policy_of, refs_of, said, say, tr_of
from indicator_dsl.errors import IndicatorError, TargetSyntaxError
from indicator_dsl.evaluation.jsonlines import dump_line
from indicator_dsl.messages import N_, Translator
from indicator_dsl.target.parse import parse_target

# (what only some commands use is imported in them: start-up is part of every call)

__all__ = ["cmd_parse", "cmd_eval", "cmd_batch", "cmd_find"]


def _target_error(e: TargetSyntaxError, tr: Translator, field: bool = False) -> None:
    """A target that cannot be read, on standard error: the message and the cell with a caret
    under the problem (a cell of at most 1000 characters), then the fix (修改建议)."""
    say(tr(N_("error: target: {message}") if field else N_("error: {message}"), message=e.message_in(tr)), sys.stderr)
    if len(e.text) <= 1000:
        say(e.render(), sys.stderr)
    if e.fix:
        say(tr(N_("fix: {fix}"), fix=e.fix_msg.render(tr)), sys.stderr)


def cmd_parse(args: argparse.Namespace) -> int:
    try:
        target = parse_target(args.text, year=args.year, limits=limits_of(args))
    except TargetSyntaxError as e:
        _target_error(e, tr_of(args))
        return 1
    if args.json:
        from indicator_dsl.evaluation.serialize import target_to_json

        print(dump_line(target_to_json(target)))
    else:
        say(str(target))
    return 0


def cmd_find(args: argparse.Namespace) -> int:
    from indicator_dsl.target.find import find_ranges

    tr = tr_of(args)
    limits = limits_of(args)
    if args.text is None:  # one text per line in, one JSON list per line out
        status = 0
        for n, line in enumerate(sys.stdin, 1):
            try:
                found = find_ranges(line.rstrip("\r\n"), limits=limits)
            except IndicatorError as e:  # beyond a limit: that line's error, an empty list
                say(tr(N_("indicator-dsl: line {n}: {error}"), n=n, error=said(e, tr)), sys.stderr)
                found, status = [], 1
            print(dump_line([f.to_json() for f in found]), flush=True)
        return status
    try:
        found = find_ranges(args.text, limits=limits)
    except IndicatorError as e:
        say(tr(N_("error: {message}"), message=said(e, tr)), sys.stderr)
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

    tr = tr_of(args)
    policy = policy_of(args)
    if policy is None:
        return 1
    try:
        limits = limits_of(args)
        target = parse_target(args.target, year=args.year, limits=limits)
        outcome = evaluate(target, args.actual, weight=args.weight, policy=policy,
                           references=refs_of(args), lang=args.lang, year=args.year, limits=limits)
    except TargetSyntaxError as e:
        _target_error(e, tr, field=True)
        return 1
    except (IndicatorError, ValueError, TypeError) as e:
        say(tr(N_("error: {message}"), message=said(e, tr)), sys.stderr)
        return 1
    if args.json:
        data = outcome_to_json(outcome)
        data["target"] = target_to_json(target)
        data["actual"] = actual_to_json(outcome.actual)
        print(dump_line(data))
        return 0
    score = tr.word(N_("no score")) if outcome.score is None else f"{format_decimal(outcome.score)} / {args.weight}"
    if args.weight is None and outcome.score is None:
        score = tr.word(N_("no weight"))
    from indicator_dsl.evaluation.reasons import VERDICT_WORDS

    verdict = tr.word(VERDICT_WORDS[outcome.verdict.value])  # English: the verdict's code, as in the JSON
    say(f"{verdict} · {score} · {outcome.reason}")
    if outcome.flags:
        say(tr(N_("flags: {flags}"), flags=", ".join(outcome.flags)))
    return 0


def cmd_batch(args: argparse.Namespace) -> int:
    import codecs

    from indicator_dsl.evaluation.stream import default_jobs, run_stream

    tr = tr_of(args)
    policy = policy_of(args)
    if policy is None:
        return 2
    limits = limits_of(args)
    if args.encoding:
        try:
            codecs.lookup(args.encoding)
        except LookupError:
            say(tr(N_("error: --encoding: unknown encoding {name}"), name=repr(args.encoding)), sys.stderr)
            return 2
    jobs = args.jobs if args.jobs is not None else default_jobs()
    if jobs < 1:
        say(tr.word(N_("error: --jobs wants a whole number of at least 1")), sys.stderr)
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



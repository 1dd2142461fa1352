"""The table commands: ``score``, ``audit`` and ``convert-table``."""

from __future__ import annotations

import argparse
import shutil
import sys
from typing import TYPE_CHECKING, Any, Iterator

from indicator_dsl.cli.common import limits_of, policy_of, refs_of, say
from indicator_dsl.errors import PolicyError
from indicator_dsl.evaluation.jsonlines import dump_line
from indicator_dsl.evaluation.policy import ScoringPolicy
from indicator_dsl.limits import DEFAULT_LIMITS, Limits
from indicator_dsl.messages import N_, Translator

if TYPE_CHECKING:  # pragma: no cover - the commands import what they use when they run
    from indicator_dsl.tables.model import Table
    from indicator_dsl.tables.score import TableResult

__all__ = ["cmd_score", "cmd_audit", "cmd_convert_table"]


def _load_tables(args: argparse.Namespace) -> tuple[list[Table], int]:
    from indicator_dsl.reading import read_tables

    tables, problems = read_tables(args.paths, limits_of(args))
    for p in problems:
        say(f"indicator-dsl: {p}", sys.stderr)
    return tables, (2 if problems else 0)


def _progress(i: int, n: int, quiet: bool, lang: str) -> None:
    if not quiet and n >= 50 and (i % 50 == 0 or i == n):
        print("\r" + Translator(lang)(N_("{i}/{n} tables"), i=i, n=n), end="\n" if i == n else "", file=sys.stderr, flush=True)


def _score_one(table: Table, policy: ScoringPolicy, refs: dict[str, Any], lang: str,
               strict: bool = False, limits: Limits = DEFAULT_LIMITS) -> TableResult | str:
    """One table scored, or the internal error that stopped it (a worker never raises)."""
    from indicator_dsl.tables.score import score_table

    try:
        return score_table(table, policy, refs, lang, strict=strict, limits=limits)
    except Exception as e:  # one bad table never stops the run
        return f"{type(e).__name__}: {str(e)[:300]}"


# at least this many tables before --jobs starts worker processes (starting them costs more)
_PARALLEL_TABLES = 16


def _scored(tables: list[Table], policy: ScoringPolicy, refs: dict[str, Any], lang: str,
            jobs: int, strict: bool = False, limits: Limits = DEFAULT_LIMITS) -> Iterator[TableResult | str]:
    """The tables scored in input order: here, or by ``jobs`` worker processes."""
    if jobs <= 1 or len(tables) < _PARALLEL_TABLES:
        for t in tables:
            yield _score_one(t, policy, refs, lang, strict, limits)
        return
    import functools
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    ctx = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
        chunk = max(1, min(32, len(tables) // (jobs * 4)))
        yield from pool.map(functools.partial(_score_one, policy=policy, refs=refs, lang=lang, strict=strict,
                                              limits=limits), tables, chunksize=chunk)


def _scored_tables(args: argparse.Namespace, policy: ScoringPolicy, failed: list[str]) -> Iterator[TableResult]:
    """Every table of ``args.paths`` scored (by ``--jobs`` processes), in order, with progress;
    a table that fails is named on standard error and in ``failed``, and the run goes on.
    A table read from a spec file carries its reference values; a ``--ref`` wins over them."""
    from indicator_dsl.evaluation.stream import default_jobs

    tables, status = _load_tables(args)
    if status:
        failed.append("(read problems)")
    refs = refs_of(args)
    jobs = getattr(args, "jobs", None) or default_jobs()
    if jobs < 1:
        raise SystemExit("indicator-dsl: error: --jobs wants a whole number of at least 1")
    scored = _scored(tables, policy, refs, args.lang, jobs, bool(getattr(args, "strict", False)), limits_of(args))
    for i, (t, result) in enumerate(zip(tables, scored), 1):
        if isinstance(result, str):
            say(f"indicator-dsl: {t.id}: internal error: {result}", sys.stderr)
            failed.append(t.id)
            continue
        yield result
        _progress(i, len(tables), args.quiet, args.lang)


def cmd_score(args: argparse.Namespace) -> int:
    from indicator_dsl.tables.report.json import table_json
    from indicator_dsl.tables.report.markdown import findings_markdown, table_markdown
    from indicator_dsl.tables.report.text import findings_text, table_text

    try:
        policy = policy_of(args)
    except PolicyError as e:
        say(f"error: {e}", sys.stderr)
        return 2
    failed: list[str] = []
    scored = []  # kept only for the workbook: otherwise memory stays flat in the number of tables
    for result in _scored_tables(args, policy, failed):
        if getattr(args, "xlsx", None):
            scored.append(result)
        try:
            # the figures shown as ? are followed by why (result.problems: what, where, how to fix)
            if args.format == "json":
                problems = {"problems": [d.to_json() for d in result.problems]} if result.problems else {}
                print(dump_line({**table_json(result), **problems}))
            elif args.format == "md":
                say(table_markdown(result, args.lang)
                    + ("\n" + findings_markdown(result.problems, args.lang) if result.problems else ""))
            else:
                say(table_text(result, shutil.get_terminal_size().columns, lang=args.lang)
                    + ("\n" + findings_text(result.problems, args.lang) if result.problems else "") + "\n")
        except Exception as e:  # one table that cannot be shown never stops the run
            say(f"indicator-dsl: {result.table.id}: internal error: {type(e).__name__}: {str(e)[:300]}", sys.stderr)
            failed.append(result.table.id)
    status = 2 if failed else 0
    if getattr(args, "xlsx", None) and not _writable_dir_of(args.xlsx):
        return 2
    if getattr(args, "xlsx", None):
        from indicator_dsl.tables.report.xlsx import write_xlsx

        try:
            write_xlsx(scored, args.xlsx)
        except (OSError, ValueError) as e:
            say(f"indicator-dsl: cannot write {args.xlsx}: {e}", sys.stderr)
            return 2
        say(Translator(args.lang)(N_("workbook written to {path}"), path=args.xlsx), sys.stderr)
    return status


def cmd_convert_table(args: argparse.Namespace) -> int:
    from indicator_dsl.tables.io import write_tables

    tables, status = _load_tables(argparse.Namespace(**{**vars(args), "paths": args.inputs}))
    if not tables:
        say("indicator-dsl: no table read", sys.stderr)
        return 2
    notes: list[str] = []
    try:
        written = write_tables(tables, args.output, args.to, notes)
    except (OSError, ValueError) as e:
        say(f"indicator-dsl: error: {e}", sys.stderr)
        return 2
    for p in written:
        say(str(p))
    for note in notes:
        say(f"indicator-dsl: note: {note}", sys.stderr)
    return status


def cmd_audit(args: argparse.Namespace) -> int:
    from indicator_dsl.tables.audit import audit
    from indicator_dsl.tables.report.markdown import findings_markdown
    from indicator_dsl.tables.report.text import findings_text

    try:
        policy = policy_of(args)
    except PolicyError as e:
        say(f"error: {e}", sys.stderr)
        return 2
    if args.report and not _writable_dir_of(args.report):
        return 2
    failed: list[str] = []
    results = []  # kept only for the HTML report
    shown = 0  # findings printed so far: they are printed table by table, as each is audited
    for result in _scored_tables(args, policy, failed):
        try:
            findings = audit(result, lang=args.lang)
        except Exception as e:  # one bad table never stops the run
            say(f"indicator-dsl: {result.table.id}: internal error: {type(e).__name__}: {str(e)[:300]}", sys.stderr)
            failed.append(result.table.id)
            continue
        if args.report:
            results.append((result, findings))
        if findings:
            if args.json:
                for f in findings:
                    print(dump_line(f.to_json()))
            elif args.format == "md":
                lines = findings_markdown(findings, args.lang).rstrip("\n").split("\n")
                say("\n".join(lines if not shown else lines[2:]))  # the header once
            else:
                say(findings_text(findings, args.lang))
            sys.stdout.flush()
            shown += len(findings)
    status = 2 if failed else 0
    if not args.json and not shown:
        if args.format == "md":
            say(findings_markdown([], args.lang).rstrip("\n"))
        else:
            tr = Translator(args.lang)
            # "no findings" only when every table was read and audited
            say(tr(N_("no findings")) if not failed else
                tr(N_("no findings in the tables audited; {n} could not be read or audited (see above)"), n=len(failed)))
    if args.report:
        from indicator_dsl.tables.report.html import write_report

        try:
            write_report(results, args.report)
        except OSError as e:
            say(f"indicator-dsl: cannot write the report {args.report}: {e.strerror or e}", sys.stderr)
            return 2
        say(Translator(args.lang)(N_("report written to {path}"), path=args.report), sys.stderr)
    return status


def _writable_dir_of(path: str) -> bool:
    """Is the directory of ``path`` there?  Says so on standard error when not (before any work)."""
    from pathlib import Path

    parent = Path(path).expanduser().parent
    if parent.is_dir():
        return True
    say(f"indicator-dsl: error: cannot write {path}: the directory {parent} does not exist", sys.stderr)
    return False



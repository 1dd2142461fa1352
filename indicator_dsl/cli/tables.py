"""The table commands: ``score``, ``audit`` and ``convert-table``."""

from __future__ import annotations

import argparse
import shutil
import sys
from typing import TYPE_CHECKING, Any, Iterator

from indicator_dsl.cli.common import limits_of, policy_of, refs_of, said, say, tr_of
from indicator_dsl.evaluation.jsonlines import dump_line
from indicator_dsl.evaluation.policy import ScoringPolicy
from indicator_dsl.limits import DEFAULT_LIMITS, Limits
from indicator_dsl.messages import N_, Message, Translator

if TYPE_CHECKING:  # pragma: no cover - the commands import what they use when they run
    from indicator_dsl.diagnostics import Diagnostic
    from indicator_dsl.tables.model import Table
    from indicator_dsl.tables.score import TableResult

__all__ = ["cmd_score", "cmd_audit", "cmd_convert_table"]


def _load_tables(args: argparse.Namespace, unread: list[Diagnostic] | None = None) -> tuple[list[Table], int]:
    """The tables of ``args.paths``; each reading problem is said on standard error and added to ``unread``."""
    from indicator_dsl.reading import read_tables

    tables, problems = read_tables(args.paths, limits_of(args))
    tr = tr_of(args)
    for p in problems:
        say(f"indicator-dsl: {p.in_lang(tr)}", sys.stderr)
    if unread is not None:
        unread.extend(problems)
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


def _scored_tables(args: argparse.Namespace, policy: ScoringPolicy, failed: list[str],
                   unread: list[Diagnostic] | None = None) -> Iterator[TableResult]:
    """Every table of ``args.paths`` scored (by ``--jobs`` processes), in order, with progress;
    a table that fails is named on standard error and in ``failed``, and the run goes on; the
    reading problems go to ``unread``.  A table read from a spec file carries its reference
    values; a ``--ref`` wins over them."""
    from indicator_dsl.evaluation.stream import default_jobs

    tables, status = _load_tables(args, unread)
    if status:
        failed.append("(read problems)")
    refs = refs_of(args)
    jobs = getattr(args, "jobs", None) or default_jobs()
    if jobs < 1:
        raise SystemExit(tr_of(args).word(N_("indicator-dsl: error: --jobs wants a whole number of at least 1")))
    scored = _scored(tables, policy, refs, args.lang, jobs, bool(getattr(args, "strict", False)), limits_of(args))
    for i, (t, result) in enumerate(zip(tables, scored), 1):
        if isinstance(result, str):
            say(tr_of(args)(N_("indicator-dsl: {table}: internal error: {error}"), table=t.id, error=result), sys.stderr)
            failed.append(t.id)
            continue
        yield result
        _progress(i, len(tables), args.quiet, args.lang)


def cmd_score(args: argparse.Namespace) -> int:
    from indicator_dsl.tables.report.json import table_json
    from indicator_dsl.tables.report.markdown import findings_markdown, table_markdown
    from indicator_dsl.tables.report.text import findings_text, table_text

    tr = tr_of(args)
    policy = policy_of(args)
    if policy is None:
        return 2
    failed: list[str] = []
    unread: list[Diagnostic] = []
    scored = []  # kept only for the workbook: otherwise memory stays flat in the number of tables
    for result in _scored_tables(args, policy, failed, unread):
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
            say(tr(N_("indicator-dsl: {table}: internal error: {error}"), table=result.table.id,
                   error=f"{type(e).__name__}: {str(e)[:300]}"), sys.stderr)
            failed.append(result.table.id)
    _print_unread(unread, "json" if args.format == "json" else args.format, args.lang)
    status = 2 if failed else 0
    if getattr(args, "xlsx", None) and not _writable_dir_of(args.xlsx, tr):
        return 2
    if getattr(args, "xlsx", None):
        from indicator_dsl.tables.report.xlsx import write_xlsx

        try:
            write_xlsx(scored, args.xlsx, lang=args.lang)
        except (OSError, ValueError) as e:
            say(tr(N_("indicator-dsl: cannot write {path}: {error}"), path=args.xlsx, error=said(e, tr)), sys.stderr)
            return 2
        say(tr(N_("workbook written to {path}"), path=args.xlsx), sys.stderr)
    return status


def cmd_convert_table(args: argparse.Namespace) -> int:
    from indicator_dsl.tables.io import write_tables

    tr = tr_of(args)
    tables, status = _load_tables(argparse.Namespace(**{**vars(args), "paths": args.inputs}))
    if not tables:
        say(tr.word(N_("indicator-dsl: no table read")), sys.stderr)
        return 2
    notes: list[Message] = []
    try:
        written = write_tables(tables, args.output, args.to, notes)
    except (OSError, ValueError) as e:
        say(tr(N_("indicator-dsl: error: {error}"), error=said(e, tr)), sys.stderr)
        return 2
    for p in written:
        say(str(p))
    for note in notes:
        say(tr(N_("indicator-dsl: note: {note}"), note=note.render(tr)), sys.stderr)
    return status


def cmd_audit(args: argparse.Namespace) -> int:
    from indicator_dsl.tables.audit import audit
    from indicator_dsl.tables.report.markdown import findings_markdown
    from indicator_dsl.tables.report.text import findings_text

    tr = tr_of(args)
    policy = policy_of(args)
    if policy is None:
        return 2
    if args.report and not _writable_dir_of(args.report, tr):
        return 2
    failed: list[str] = []
    unread: list[Diagnostic] = []
    results = []  # kept only for the HTML report
    shown = 0  # findings printed so far: they are printed table by table, as each is audited
    for result in _scored_tables(args, policy, failed, unread):
        try:
            findings = audit(result, lang=args.lang)
        except Exception as e:  # one bad table never stops the run
            say(tr(N_("indicator-dsl: {table}: internal error: {error}"), table=result.table.id,
                   error=f"{type(e).__name__}: {str(e)[:300]}"), sys.stderr)
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
            # "no findings" only when every table was read and audited
            say(tr(N_("no findings")) if not failed else
                tr(N_("no findings in the tables audited; {n} could not be read or audited (see above)"), n=len(failed)))
    _print_unread(unread, "json" if args.json else args.format, args.lang)
    if args.report:
        from indicator_dsl.tables.report.html import write_report

        try:
            write_report(results, args.report, lang=args.lang, unread=unread)
        except OSError as e:
            say(tr(N_("indicator-dsl: cannot write the report {path}: {error}"), path=args.report,
                   error=e.strerror or said(e, tr)), sys.stderr)
            return 2
        say(tr(N_("report written to {path}"), path=args.report), sys.stderr)
    return status


def _print_unread(unread: list[Diagnostic], fmt: str | None, lang: str) -> None:
    """The files and tables that could not be read, after the tables or findings: a JSON line
    each (``--json``, ``--format json``) or a Markdown section (``--format md``); the text output
    has said them on standard error as they were met."""
    if not unread:
        return
    if fmt == "json":
        from indicator_dsl.tables.report.json import unread_json

        for p in unread:
            print(dump_line(unread_json(p)))
    elif fmt == "md":
        from indicator_dsl.tables.report.markdown import unread_markdown

        say("\n" + unread_markdown(unread, lang).rstrip("\n"))


def _writable_dir_of(path: str, tr: Translator) -> bool:
    """Is the directory of ``path`` there?  Says so on standard error when not (before any work)."""
    from pathlib import Path

    parent = Path(path).expanduser().parent
    if parent.is_dir():
        return True
    say(tr(N_("indicator-dsl: error: cannot write {path}: the directory {directory} does not exist"), path=path,
           directory=str(parent)), sys.stderr)
    return False



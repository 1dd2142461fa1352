"""The table commands: ``score``, ``audit`` and ``convert-table``."""

from __future__ import annotations

import argparse
import shutil
import sys
from typing import TYPE_CHECKING, Iterator

from indicator_dsl.cli.common import policy_of, refs_of, say
from indicator_dsl.errors import PolicyError
from indicator_dsl.evaluation.jsonlines import dump_line
from indicator_dsl.evaluation.policy import ScoringPolicy

if TYPE_CHECKING:  # pragma: no cover - the commands import what they use when they run
    from indicator_dsl.tables.model import Table
    from indicator_dsl.tables.score import TableResult

__all__ = ["cmd_score", "cmd_audit", "cmd_convert_table"]


def _load_tables(args: argparse.Namespace) -> tuple[list[Table], int]:
    from indicator_dsl.reading import read_tables

    tables, problems = read_tables(args.paths)
    for p in problems:
        say(f"indicator-dsl: {p}", sys.stderr)
    return tables, (2 if problems else 0)


def _progress(i: int, n: int, quiet: bool) -> None:
    if not quiet and n >= 50 and (i % 50 == 0 or i == n):
        print(f"\r{i}/{n} tables", end="\n" if i == n else "", file=sys.stderr, flush=True)


def _scored_tables(args: argparse.Namespace, policy: ScoringPolicy, failed: list[str]) -> Iterator[TableResult]:
    """Every table of ``args.paths`` scored, with progress; a table that fails is named
    on standard error and in ``failed``, and the run goes on.  A table read from a spec
    file carries its reference values; a ``--ref`` wins over them."""
    from indicator_dsl.tables.score import score_table

    tables, status = _load_tables(args)
    if status:
        failed.append("(read problems)")
    refs = refs_of(args)
    for i, t in enumerate(tables, 1):
        try:
            result = score_table(t, policy, refs, args.lang)
        except Exception as e:  # one bad table never stops the run
            say(f"indicator-dsl: {t.id}: internal error: {type(e).__name__}: {str(e)[:300]}", sys.stderr)
            failed.append(t.id)
            continue
        yield result
        _progress(i, len(tables), args.quiet)


def cmd_score(args: argparse.Namespace) -> int:
    from indicator_dsl.tables.report.json import table_json
    from indicator_dsl.tables.report.markdown import table_markdown
    from indicator_dsl.tables.report.text import table_text

    try:
        policy = policy_of(args)
    except PolicyError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    failed: list[str] = []
    scored = []
    for result in _scored_tables(args, policy, failed):
        scored.append(result)
        try:
            if args.format == "json":
                print(dump_line(table_json(result)))
            elif args.format == "md":
                say(table_markdown(result))
            else:
                say(table_text(result, shutil.get_terminal_size().columns) + "\n")
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
            print(f"indicator-dsl: cannot write {args.xlsx}: {e}", file=sys.stderr)
            return 2
        print(f"workbook written to {args.xlsx}", file=sys.stderr)
    return status


def cmd_convert_table(args: argparse.Namespace) -> int:
    from indicator_dsl.tables.io import write_tables

    tables, status = _load_tables(argparse.Namespace(paths=args.inputs))
    if not tables:
        print("indicator-dsl: no table read", file=sys.stderr)
        return 2
    try:
        written = write_tables(tables, args.output, args.to)
    except (OSError, ValueError) as e:
        print(f"indicator-dsl: error: {e}", file=sys.stderr)
        return 2
    for p in written:
        print(p)
    return status


def cmd_audit(args: argparse.Namespace) -> int:
    from indicator_dsl.tables.audit import audit
    from indicator_dsl.tables.report.markdown import findings_markdown
    from indicator_dsl.tables.report.text import findings_text

    try:
        policy = policy_of(args)
    except PolicyError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if args.report and not _writable_dir_of(args.report):
        return 2
    failed: list[str] = []
    results, all_findings = [], []
    for result in _scored_tables(args, policy, failed):
        try:
            findings = audit(result)
        except Exception as e:  # one bad table never stops the run
            say(f"indicator-dsl: {result.table.id}: internal error: {type(e).__name__}: {str(e)[:300]}", sys.stderr)
            failed.append(result.table.id)
            continue
        results.append((result, findings))
        all_findings.extend(findings)
        if args.json:
            for f in findings:
                print(dump_line(f.to_json()))
    status = 2 if failed else 0
    if not args.json:
        if args.format == "md":
            say(findings_markdown(all_findings))
        else:
            text = findings_text(all_findings)
            # "no findings" only when every table was read and audited
            say(text if text else "no findings" if not failed else
                f"no findings in the tables audited; {len(failed)} could not be read or audited (see above)")
    if args.report:
        from indicator_dsl.tables.report.html import write_report

        try:
            write_report(results, args.report)
        except OSError as e:
            print(f"indicator-dsl: cannot write the report {args.report}: {e.strerror or e}", file=sys.stderr)
            return 2
        print(f"report written to {args.report}", file=sys.stderr)
    return status


def _writable_dir_of(path: str) -> bool:
    """Is the directory of ``path`` there?  Says so on standard error when not (before any work)."""
    from pathlib import Path

    parent = Path(path).expanduser().parent
    if parent.is_dir():
        return True
    print(f"indicator-dsl: error: cannot write {path}: the directory {parent} does not exist", file=sys.stderr)
    return False



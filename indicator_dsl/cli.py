"""The command line: ``indicator-dsl parse|eval|batch``."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, Iterator, Sequence

from decimal import Decimal, InvalidOperation

from .batch import run_batch
from .convert import spec_references
from .errors import PolicyError, TargetSyntaxError
from .evaluate import evaluate
from .jsonio import actual_to_json, outcome_to_json, target_to_json
from .model import format_decimal
from .parser import parse_target
from .scoring import ScoringPolicy

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


def _cmd_find(args: argparse.Namespace) -> int:
    from .find import find_ranges

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


def _policy(args: argparse.Namespace) -> ScoringPolicy:
    if getattr(args, "policy", None):
        return ScoringPolicy.from_toml(args.policy)
    return ScoringPolicy.default()


def _refs(args: argparse.Namespace) -> dict[str, Decimal]:
    refs: dict[str, Decimal] = {}
    for item in getattr(args, "ref", None) or []:
        name, sep, value = item.partition("=")
        try:
            if not sep or not name.strip():
                raise InvalidOperation
            refs[name.strip()] = Decimal(value.strip())
        except InvalidOperation:
            raise SystemExit(f"indicator-dsl: error: --ref wants NAME=NUMBER, e.g. 全国平均数=85, not {item!r}") from None
    return refs


def _cmd_eval(args: argparse.Namespace) -> int:
    try:
        policy = _policy(args)
        target = parse_target(args.target, year=args.year)
        outcome = evaluate(target, args.actual, weight=args.weight, policy=policy,
                           references=_refs(args), lang=args.lang, year=args.year)
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


def _cmd_batch(args: argparse.Namespace) -> int:
    try:
        policy = _policy(args)
    except PolicyError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    return run_batch(sys.stdin, sys.stdout, policy=policy, references=_refs(args), lang=args.lang,
                     cache=not args.no_cache)


def _load_tables(args: argparse.Namespace) -> tuple[list, int]:
    from .table_io import read_tables

    tables, problems = read_tables(args.paths)
    for p in problems:
        print(f"indicator-dsl: {p}", file=sys.stderr)
    return tables, (2 if problems else 0)


def _progress(i: int, n: int, quiet: bool) -> None:
    if not quiet and n >= 50 and (i % 50 == 0 or i == n):
        print(f"\r{i}/{n} tables", end="\n" if i == n else "", file=sys.stderr, flush=True)


def _scored_tables(args: argparse.Namespace, policy: ScoringPolicy, failed: list[str]) -> Iterator[Any]:
    """Every table of ``args.paths`` scored, with progress; a table that fails is named
    on standard error and in ``failed``, and the run goes on."""
    from .table import score_table

    tables, status = _load_tables(args)
    if status:
        failed.append("(read problems)")
    refs = _refs(args)
    for i, t in enumerate(tables, 1):
        try:
            result = score_table(t, policy, {**spec_references(t), **refs}, args.lang)
        except Exception as e:  # pragma: no cover - one bad table never stops the run
            print(f"indicator-dsl: {t.id}: internal error: {type(e).__name__}: {e}", file=sys.stderr)
            failed.append(t.id)
            continue
        yield result
        _progress(i, len(tables), args.quiet)


def _cmd_score(args: argparse.Namespace) -> int:
    from .report import table_json, table_markdown, table_text

    try:
        policy = _policy(args)
    except PolicyError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    failed: list[str] = []
    scored = []
    for result in _scored_tables(args, policy, failed):
        scored.append(result)
        if args.format == "json":
            print(json.dumps(table_json(result), ensure_ascii=False))
        elif args.format == "md":
            print(table_markdown(result))
        else:
            print(table_text(result) + "\n")
    status = 2 if failed else 0
    if getattr(args, "xlsx", None):
        from .table_io import write_xlsx

        try:
            write_xlsx(scored, args.xlsx, policy)
        except (OSError, ValueError) as e:
            print(f"indicator-dsl: cannot write {args.xlsx}: {e}", file=sys.stderr)
            return 2
        print(f"workbook written to {args.xlsx}", file=sys.stderr)
    return status


def _cmd_convert_table(args: argparse.Namespace) -> int:
    from .table_io import write_tables

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


def _cmd_audit(args: argparse.Namespace) -> int:
    from .audit import audit
    from .report import findings_markdown, findings_text

    try:
        policy = _policy(args)
    except PolicyError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    failed: list[str] = []
    results, all_findings = [], []
    for result in _scored_tables(args, policy, failed):
        try:
            findings = audit(result, policy)
        except Exception as e:  # pragma: no cover - one bad table never stops the run
            print(f"indicator-dsl: {result.table.id}: internal error: {type(e).__name__}: {e}", file=sys.stderr)
            failed.append(result.table.id)
            continue
        results.append((result, findings))
        all_findings.extend(findings)
        if args.json:
            for f in findings:
                print(json.dumps(f.to_json(), ensure_ascii=False))
    status = 2 if failed else 0
    if not args.json:
        if args.format == "md":
            print(findings_markdown(all_findings))
        else:
            text = findings_text(all_findings)
            print(text if text else "no findings")
    if args.report:
        from .html_report import write_report

        write_report(results, args.report, policy)
        print(f"report written to {args.report}", file=sys.stderr)
    return status


def _scoring_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--policy", metavar="FILE", help="a scoring policy in TOML (see docs/scoring.md); default: the built-in policy")
    p.add_argument("--ref", action="append", metavar="NAME=VALUE",
                   help="a reference value for relative targets, e.g. --ref 全国平均数=85 (repeatable)")
    p.add_argument("--lang", choices=("en", "zh"), default="en", help="language of the reasons (default en)")


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

    se = sub.add_parser("eval", help="score one actual against one target",
                        description="Score an actual (实际完成值) against a target (年度指标值) under a scoring policy.")
    se.add_argument("--target", required=True, help="the target cell, e.g. '≥600.00(场)'")
    se.add_argument("--actual", help="the actual cell, e.g. '295.00(场)'")
    se.add_argument("--weight", help="the row's weight (分值), an exact decimal such as 10")
    se.add_argument("--year", type=int, help="the table's year, for dates written without one")
    se.add_argument("--json", action="store_true", help="print verdict, score, ratio, flags, reason, target and actual as JSON")
    _scoring_options(se)
    se.set_defaults(func=_cmd_eval)

    sb = sub.add_parser(
        "batch",
        help="JSON Lines on stdin -> one JSON line per row on stdout",
        description=(
            "Reads rows {\"id\", \"target\", \"actual\", \"weight\", \"year\"} as JSON Lines on "
            "standard input and writes one JSON line per row: {\"id\", \"target\", \"actual\", "
            "\"outcome\", \"error\"}. A bad row gets an error object and the batch goes on; the "
            "exit status is 0 unless a line is not JSON. A row may carry \"references\": "
            "{NAME: VALUE} for its relative target."
        ),
    )
    _scoring_options(sb)
    sb.add_argument("--no-cache", action="store_true",
                    help="parse every target afresh (by default each distinct target text is parsed once per run)")
    sb.set_defaults(func=_cmd_batch)

    ss = sub.add_parser("score", help="score whole tables: rows, budget execution, total, grade",
                        description="Score every table in PATH (corpus-format *_indicators.tsv / *_targets.tsv files, tables laid out as "
                                    "published in .csv/.tsv/.xlsx files, .json/.jsonl tables, .ind spec files (docs/spec-files.md), or directories of them; see docs/tables.md).")
    ss.add_argument("paths", nargs="+", metavar="PATH")
    ss.add_argument("--format", choices=("text", "md", "json"), default="text", help="output format (json: one object per table per line)")
    ss.add_argument("--quiet", action="store_true", help="no progress on standard error")
    ss.add_argument("--xlsx", metavar="OUT.xlsx",
                    help="also write a workbook: each table as printed, with the policy's scores, verdicts, reasons, "
                         "flags and audit findings added (one sheet per table)")
    _scoring_options(ss)
    ss.set_defaults(func=_cmd_score)

    sc = sub.add_parser("convert-table", help="convert tables between corpus TSV, CSV, TSV, XLSX and JSON",
                        description="Read every table in INPUT (any readable format) and write them to OUTPUT: "
                                    "the format follows OUTPUT's suffix (.xlsx: one sheet per table; .json/.jsonl; "
                                    ".csv/.tsv: one table), or, for a directory, --to (one file per table, or the corpus TSV files).")
    sc.add_argument("inputs", nargs="+", metavar="INPUT")
    sc.add_argument("output", metavar="OUTPUT")
    sc.add_argument("--to", choices=("csv", "tsv", "xlsx", "json", "corpus"), help="the format of the files written into the directory OUTPUT")
    sc.set_defaults(func=_cmd_convert_table)

    sa = sub.add_parser("audit", help="find every printed figure that differs from the rules (policy rule 17)",
                        description="Recompute every table in PATH and report each difference from the printed figures and each warning of policy rule 17.")
    sa.add_argument("paths", nargs="+", metavar="PATH")
    sa.add_argument("--json", action="store_true", help="JSON Lines, one finding per line")
    sa.add_argument("--format", choices=("text", "md"), default="text", help="output format without --json")
    sa.add_argument("--report", metavar="FILE.html", help="also write a self-contained HTML report")
    sa.add_argument("--quiet", action="store_true", help="no progress on standard error")
    _scoring_options(sa)
    sa.set_defaults(func=_cmd_audit)

    sf = sub.add_parser(
        "find",
        help="find every comparison or range phrase in a text, with its interval",
        description=(
            "Prints each comparison or range phrase found in TEXT (大于90%, 不少于10家, "
            "20和30之间, 1000以上，1500以下) as START-END, the phrase and its interval. "
            "With --json, one JSON list of {\"start\", \"end\", \"text\", \"low\", \"high\", "
            "\"low_closed\", \"high_closed\"} (offsets into TEXT, end exclusive; null for an "
            "unbounded end; numbers as exact decimal strings). Without TEXT, reads one text "
            "per line on standard input and prints one JSON list per line."
        ),
    )
    sf.add_argument("text", nargs="?", help="the text; omitted: read texts from standard input")
    sf.add_argument("--json", action="store_true", help="print a JSON list")
    sf.set_defaults(func=_cmd_find)

    from .spec_cli import add_spec_commands  # check, fmt, convert, lsp (spec files, docs/spec-files.md)

    add_spec_commands(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except BrokenPipeError:  # pragma: no cover - e.g. piped into head
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

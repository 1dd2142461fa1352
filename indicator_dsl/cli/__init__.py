"""The command line, the edge of the house: ``indicator-dsl parse|eval|batch|find|score|audit|convert-table|check|fmt|convert|lsp``.

Each command group lives in its own module (rows, tables, spec); this module builds
the argument parser and runs the chosen command.
"""

from __future__ import annotations

import argparse
import sys
from typing import Sequence

from indicator_dsl.cli.common import lang_option, limit_options, say, scoring_options, year_arg
from indicator_dsl.cli.spec import add_spec_commands
from indicator_dsl.version import __version__

__all__ = ["main", "build_parser"]


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="indicator-dsl",
        description="Read and score Chinese public-finance performance indicators (绩效指标).",
    )
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}",
                   help="print the program's version and exit")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND", help="the command to run")

    sp = sub.add_parser("parse", help="read a target cell (年度指标值) and print its canonical text")
    sp.add_argument("text", help="the target cell, e.g. '≥90.00(%%)' or '不少于150名'")
    sp.add_argument("--json", action="store_true", help="print the JSON object of interface.md")
    sp.add_argument("--year", type=year_arg, help="the table's year (four digits), for dates written without one")
    limit_options(sp, "cell_chars", "number_digits")
    sp.set_defaults(func=cmd_parse)

    se = sub.add_parser("eval", help="score one actual against one target",
                        description="Score an actual (实际完成值) against a target (年度指标值) under a scoring policy.")
    se.add_argument("--target", required=True, help="the target cell, e.g. '≥600.00(场)'")
    se.add_argument("--actual", help="the actual cell, e.g. '295.00(场)'")
    se.add_argument("--weight", help="the row's weight (分值), an exact decimal such as 10")
    se.add_argument("--year", type=year_arg, help="the table's year (four digits), for dates written without one")
    se.add_argument("--json", action="store_true", help="print verdict, score, ratio, flags, reason, target and actual as JSON")
    scoring_options(se)
    limit_options(se, "cell_chars", "number_digits")
    se.set_defaults(func=cmd_eval)

    sb = sub.add_parser(
        "batch",
        help="JSON Lines on stdin -> one JSON line per row on stdout",
        description=(
            "Reads rows {\"id\", \"target\", \"actual\", \"weight\", \"year\"} as JSON Lines on "
            "standard input and writes one JSON line per row: {\"id\", \"target\", \"actual\", "
            "\"outcome\", \"error\"}. A bad row gets an error object and the batch goes on; the "
            "exit status is 0 unless a line is not JSON Lines (not JSON, not in the input's encoding, "
            "beyond a limit). A row may carry \"references\": {NAME: VALUE} for its relative target. "
            "Input is UTF-8 (a UTF-8 or UTF-16 byte order mark is honoured) unless --encoding names another."
        ),
    )
    scoring_options(sb)
    sb.add_argument("--no-cache", action="store_true",
                    help="parse every target afresh (by default each distinct target text is parsed once per run)")
    sb.add_argument("--jobs", type=int, metavar="N",
                    help="worker processes (default: the machine's cores); output order is input order, one line "
                         "out per line in; workers start only when rows arrive faster than one process answers")
    sb.add_argument("--encoding", metavar="ENC",
                    help="the encoding of standard input, e.g. gb18030 (default: UTF-8, or what a byte order mark says)")
    limit_options(sb, "cell_chars", "number_digits", "json_depth", "line_chars")
    sb.add_argument("--strict", action="store_true",
                    help="a target the strict language cannot read is an error row (by default it is read "
                         "leniently and the row carries \"warnings\" with the strict diagnostic)")
    sb.set_defaults(func=cmd_batch)

    ss = sub.add_parser("score", help="score whole tables: rows, budget execution, total, grade",
                        description="Score every table in PATH (corpus-format *_indicators.tsv / *_targets.tsv files, tables laid out as "
                                    "published in .csv/.tsv/.xlsx files, .json/.jsonl tables, .ind spec files (docs/spec-files.md), or directories of them; see docs/tables.md).")
    ss.add_argument("paths", nargs="+", metavar="PATH", help="a table file or a directory of them")
    ss.add_argument("--format", choices=("text", "md", "json"), default="text", help="output format (json: one object per table per line)")
    ss.add_argument("--quiet", action="store_true", help="no progress on standard error")
    ss.add_argument("--strict", action="store_true",
                    help="a target cell the strict language cannot read is not scored (by default it is read as far "
                         "as it can be and scored, with the strict error as a warning finding)")
    ss.add_argument("--jobs", type=int, metavar="N",
                    help="worker processes scoring tables (default: the machine's cores; used from 16 tables on); "
                         "the output keeps the input's order")
    ss.add_argument("--xlsx", metavar="OUT.xlsx",
                    help="also write a workbook: each table as printed, with the policy's scores, verdicts, reasons, "
                         "flags and audit findings added (one sheet per table)")
    scoring_options(ss)
    limit_options(ss, "file_bytes", "workbook_bytes")
    ss.set_defaults(func=cmd_score)

    sc = sub.add_parser("convert-table", help="convert tables between corpus TSV, CSV, TSV, XLSX and JSON",
                        description="Read every table in INPUT (any readable format) and write them to OUTPUT: "
                                    "the format follows OUTPUT's suffix (.xlsx: one sheet per table; .json/.jsonl; "
                                    ".csv/.tsv: one table), or, for a directory, --to (one file per table, or the corpus TSV files).")
    sc.add_argument("inputs", nargs="+", metavar="INPUT", help="a table file (any readable format) or a directory of them")
    sc.add_argument("output", metavar="OUTPUT", help="the file or directory to write")
    sc.add_argument("--to", choices=("csv", "tsv", "xlsx", "json", "corpus"), help="the format of the files written into the directory OUTPUT")
    limit_options(sc, "file_bytes", "workbook_bytes")
    sc.set_defaults(func=cmd_convert_table)

    sa = sub.add_parser("audit", help="find every printed figure that differs from the rules (policy rule 17)",
                        description="Recompute every table in PATH and report each difference from the printed figures and each warning of policy rule 17.")
    sa.add_argument("paths", nargs="+", metavar="PATH", help="a table file or a directory of them")
    sa.add_argument("--json", action="store_true", help="JSON Lines, one finding per line")
    sa.add_argument("--format", choices=("text", "md"), default="text", help="output format without --json")
    sa.add_argument("--report", metavar="FILE.html", help="also write a self-contained HTML report")
    sa.add_argument("--quiet", action="store_true", help="no progress on standard error")
    sa.add_argument("--strict", action="store_true",
                    help="a target cell the strict language cannot read is not scored (by default it is read as far "
                         "as it can be and scored, with the strict error as a warning finding)")
    sa.add_argument("--jobs", type=int, metavar="N",
                    help="worker processes scoring tables (default: the machine's cores; used from 16 tables on); "
                         "the output keeps the input's order")
    scoring_options(sa)
    limit_options(sa, "file_bytes", "workbook_bytes")
    sa.set_defaults(func=cmd_audit)

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
    limit_options(sf, "cell_chars", "number_digits")
    sf.set_defaults(func=cmd_find)

    add_spec_commands(sub)
    p.add_argument("--debug", action="store_true", help="show the traceback of an internal error")
    for command in sub.choices.values():  # also after the command: indicator-dsl batch --debug
        lang_option(command)
        command.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                             help="show the traceback of an internal error")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; its exit status.  Ctrl-C exits 130 without a traceback, and an internal
    error is one line on standard error (its traceback only with ``--debug``)."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except BrokenPipeError:  # pragma: no cover - e.g. piped into head
        return 0
    except KeyboardInterrupt:
        _flush_quietly()
        print("indicator-dsl: interrupted", file=sys.stderr)
        return 130
    except Exception as e:
        if getattr(args, "debug", False):
            raise
        _flush_quietly()
        say(f"indicator-dsl: internal error: {type(e).__name__}: {str(e)[:300]} "
            "(run again with --debug for the traceback, and please report it)", sys.stderr)
        return 70


# The commands, each imported when it runs: `indicator-dsl parse` does not load the
# evaluation, the tables or the report writers (start-up is part of every call).
def cmd_parse(args: argparse.Namespace) -> int:
    from indicator_dsl.cli.rows import cmd_parse as run

    return run(args)


def cmd_eval(args: argparse.Namespace) -> int:
    from indicator_dsl.cli.rows import cmd_eval as run

    return run(args)


def cmd_batch(args: argparse.Namespace) -> int:
    from indicator_dsl.cli.rows import cmd_batch as run

    return run(args)


def cmd_find(args: argparse.Namespace) -> int:
    from indicator_dsl.cli.rows import cmd_find as run

    return run(args)


def cmd_score(args: argparse.Namespace) -> int:
    from indicator_dsl.cli.tables import cmd_score as run

    return run(args)


def cmd_convert_table(args: argparse.Namespace) -> int:
    from indicator_dsl.cli.tables import cmd_convert_table as run

    return run(args)


def cmd_audit(args: argparse.Namespace) -> int:
    from indicator_dsl.cli.tables import cmd_audit as run

    return run(args)


def _flush_quietly() -> None:
    try:
        sys.stdout.flush()
    except Exception:  # pragma: no cover - a closed pipe
        pass


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

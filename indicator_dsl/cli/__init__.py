"""The command line, the edge of the house: ``indicator-dsl parse|eval|batch|find|score|audit|convert-table|check|fmt|convert|lsp``.

Each command group lives in its own module (rows, tables, spec); this module builds
the argument parser and runs the chosen command.  Every description and help text is a
marked message: the parser speaks the language of ``--lang`` (anywhere in argv), else
the locale's (``LANG=zh_CN.UTF-8 indicator-dsl score --help`` is in Chinese).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from typing import TYPE_CHECKING, Callable, Sequence

from indicator_dsl.cli.common import lang_option, limit_options, say, scoring_options, year_type
from indicator_dsl.cli.parser import Parser, lang_of_argv
from indicator_dsl.cli.spec import add_spec_commands
from indicator_dsl.messages import LANGS, N_, Translator, locale_lang
from indicator_dsl.version import __version__

if TYPE_CHECKING:  # pragma: no cover - the modules _lazy imports by name (an edge tests/test_architecture.py sees)
    import indicator_dsl.cli.rows  # noqa: F401
    import indicator_dsl.cli.tables  # noqa: F401

__all__ = ["main", "build_parser"]

# the limits of the readers of table files (docs/robustness.md), options of score, audit, convert-table
_TABLE_LIMITS = ("file_bytes", "workbook_bytes", "sheet_cells", "table_rows", "cell_chars", "number_digits", "json_depth",
                 "line_chars")


def build_parser(lang: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, its help in ``lang`` ("en" or "zh"; default the locale's)."""
    lang = lang or locale_lang(os.environ)
    tr = Translator(lang)
    w = tr  # every help text is a marked message (braces doubled, as in any message)
    p = Parser(prog="indicator-dsl", tr=tr,
               description=w(N_("Read and score Chinese public-finance performance indicators (绩效指标).")))
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}",
                   help=w(N_("print the program's version and exit")))
    p.add_argument("--lang", choices=LANGS, default=lang, help=w(N_("the language of the help and of every message: en or zh")))
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND", help=w(N_("the command to run")))
    year, year_help = year_type(tr), w(N_("the table's year (four digits), for dates written without one"))

    sp = sub.add_parser("parse", help=w(N_("read a target cell (年度指标值) and print its canonical text")))
    sp.add_argument("text", help=w(N_("the target cell, e.g. '≥90.00(%%)' or '不少于150名'")))
    sp.add_argument("--json", action="store_true", help=w(N_("print the JSON object of interface.md")))
    sp.add_argument("--year", type=year, help=year_help)
    limit_options(sp, "cell_chars", "number_digits", tr=tr)
    sp.set_defaults(func=_lazy("rows", "cmd_parse"))

    se = sub.add_parser("eval", help=w(N_("score one actual against one target")),
                        description=w(N_("Score an actual (实际完成值) against a target (年度指标值) under a scoring policy.")))
    se.add_argument("--target", required=True, help=w(N_("the target cell, e.g. '≥600.00(场)'")))
    se.add_argument("--actual", help=w(N_("the actual cell, e.g. '295.00(场)'")))
    se.add_argument("--weight", help=w(N_("the row's weight (分值), an exact decimal such as 10")))
    se.add_argument("--year", type=year, help=year_help)
    se.add_argument("--json", action="store_true",
                    help=w(N_("print verdict, score, ratio, flags, reason, target and actual as JSON")))
    scoring_options(se, tr)
    limit_options(se, "cell_chars", "number_digits", tr=tr)
    se.set_defaults(func=_lazy("rows", "cmd_eval"))

    sb = sub.add_parser(
        "batch",
        help=w(N_("JSON Lines on stdin -> one JSON line per row on stdout")),
        description=w(N_(
            "Reads rows {{\"id\", \"target\", \"actual\", \"weight\", \"year\"}} as JSON Lines on "
            "standard input and writes one JSON line per row: {{\"id\", \"target\", \"actual\", "
            "\"outcome\", \"error\"}}. A bad row gets an error object and the batch goes on; the "
            "exit status is 0 unless a line is not JSON Lines (not JSON, not in the input's encoding, "
            "beyond a limit). A row may carry \"references\": {{NAME: VALUE}} for its relative target. "
            "Input is UTF-8 (a UTF-8 or UTF-16 byte order mark is honoured) unless --encoding names another.")),
    )
    scoring_options(sb, tr)
    sb.add_argument("--no-cache", action="store_true",
                    help=w(N_("parse every target afresh (by default each distinct target text is parsed once per run)")))
    sb.add_argument("--jobs", type=int, metavar="N",
                    help=w(N_("worker processes (default: the machine's cores); output order is input order, one line "
                              "out per line in; workers start only when rows arrive faster than one process answers")))
    sb.add_argument("--encoding", metavar="ENC",
                    help=w(N_("the encoding of standard input, e.g. gb18030 (default: UTF-8, or what a byte order mark says)")))
    limit_options(sb, "cell_chars", "number_digits", "json_depth", "line_chars", tr=tr)
    sb.add_argument("--strict", action="store_true",
                    help=w(N_("a target the strict language cannot read is an error row (by default it is read "
                              "leniently and the row carries \"warnings\" with the strict diagnostic)")))
    sb.set_defaults(func=_lazy("rows", "cmd_batch"))

    paths_help = w(N_("a table file or a directory of them"))
    quiet_help = w(N_("no progress on standard error"))
    strict_help = w(N_("a target cell the strict language cannot read is not scored (by default it is read as far "
                       "as it can be and scored, with the strict error as a warning finding)"))
    jobs_help = w(N_("worker processes scoring tables (default: the machine's cores; used from 16 tables on); "
                     "the output keeps the input's order"))
    ss = sub.add_parser("score", help=w(N_("score whole tables: rows, budget execution, total, grade")),
                        description=w(N_("Score every table in PATH (corpus-format *_indicators.tsv / *_targets.tsv files, "
                                         "tables laid out as published in .csv/.tsv/.xlsx files, .json/.jsonl tables, .ind "
                                         "spec files (docs/spec-files.md), or directories of them; see docs/tables.md).")))
    ss.add_argument("paths", nargs="+", metavar="PATH", help=paths_help)
    ss.add_argument("--format", choices=("text", "md", "json"), default="text",
                    help=w(N_("output format (json: one object per table per line)")))
    ss.add_argument("--quiet", action="store_true", help=quiet_help)
    ss.add_argument("--strict", action="store_true", help=strict_help)
    ss.add_argument("--jobs", type=int, metavar="N", help=jobs_help)
    ss.add_argument("--xlsx", metavar="OUT.xlsx",
                    help=w(N_("also write a workbook: each table as printed, with the policy's scores, verdicts, reasons, "
                              "flags and audit findings added (one sheet per table)")))
    scoring_options(ss, tr)
    limit_options(ss, *_TABLE_LIMITS, tr=tr)
    ss.set_defaults(func=_lazy("tables", "cmd_score"))

    sc = sub.add_parser("convert-table", help=w(N_("convert tables between corpus TSV, CSV, TSV, XLSX and JSON")),
                        description=w(N_("Read every table in INPUT (any readable format) and write them to OUTPUT: "
                                         "the format follows OUTPUT's suffix (.xlsx: one sheet per table; .json/.jsonl; "
                                         ".csv/.tsv: one table), or, for a directory, --to (one file per table, or the "
                                         "corpus TSV files).")))
    sc.add_argument("inputs", nargs="+", metavar="INPUT", help=w(N_("a table file (any readable format) or a directory of them")))
    sc.add_argument("output", metavar="OUTPUT", help=w(N_("the file or directory to write")))
    sc.add_argument("--to", choices=("csv", "tsv", "xlsx", "json", "corpus"),
                    help=w(N_("the format of the files written into the directory OUTPUT")))
    limit_options(sc, *_TABLE_LIMITS, tr=tr)
    sc.set_defaults(func=_lazy("tables", "cmd_convert_table"))

    sa = sub.add_parser("audit", help=w(N_("find every printed figure that differs from the rules (policy rule 17)")),
                        description=w(N_("Recompute every table in PATH and report each difference from the printed "
                                         "figures and each warning of policy rule 17.")))
    sa.add_argument("paths", nargs="+", metavar="PATH", help=paths_help)
    sa.add_argument("--json", action="store_true", help=w(N_("JSON Lines, one finding per line")))
    sa.add_argument("--format", choices=("text", "md"), default="text", help=w(N_("output format without --json")))
    sa.add_argument("--report", metavar="FILE.html", help=w(N_("also write a self-contained HTML report")))
    sa.add_argument("--quiet", action="store_true", help=quiet_help)
    sa.add_argument("--strict", action="store_true", help=strict_help)
    sa.add_argument("--jobs", type=int, metavar="N", help=jobs_help)
    scoring_options(sa, tr)
    limit_options(sa, *_TABLE_LIMITS, tr=tr)
    sa.set_defaults(func=_lazy("tables", "cmd_audit"))

    sf = sub.add_parser(
        "find",
        help=w(N_("find every comparison or range phrase in a text, with its interval")),
        description=w(N_(
            "Prints each comparison or range phrase found in TEXT (大于90%, 不少于10家, "
            "20和30之间, 1000以上，1500以下) as START-END, the phrase and its interval. "
            "With --json, one JSON list of {{\"start\", \"end\", \"text\", \"low\", \"high\", "
            "\"low_closed\", \"high_closed\"}} (offsets into TEXT, end exclusive; null for an "
            "unbounded end; numbers as exact decimal strings). Without TEXT, reads one text "
            "per line on standard input and prints one JSON list per line.")),
    )
    sf.add_argument("text", nargs="?", help=w(N_("the text; omitted: read texts from standard input")))
    sf.add_argument("--json", action="store_true", help=w(N_("print a JSON list")))
    limit_options(sf, "cell_chars", "number_digits", tr=tr)
    sf.set_defaults(func=_lazy("rows", "cmd_find"))

    add_spec_commands(sub, tr)
    debug_help = w(N_("show the traceback of an internal error"))
    p.add_argument("--debug", action="store_true", help=debug_help)
    for command in sub.choices.values():  # also after the command: indicator-dsl batch --debug
        lang_option(command, tr, lang)
        command.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=debug_help)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; its exit status.  Ctrl-C exits 130 without a traceback, and an internal
    error is one line on standard error (its traceback only with ``--debug``)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser(lang_of_argv(argv, os.environ)).parse_args(argv)
    tr = Translator(args.lang)
    try:
        return int(args.func(args))
    except SystemExit as e:  # a usage error found by a command: its message made terminal-safe too
        if isinstance(e.code, str):
            say(e.code, sys.stderr)
            raise SystemExit(1) from None  # the status Python gives a SystemExit with a message
        raise
    except BrokenPipeError:  # pragma: no cover - e.g. piped into head
        return 0
    except KeyboardInterrupt:
        _flush_quietly()
        print(tr.word(N_("indicator-dsl: interrupted")), file=sys.stderr)
        return 130
    except Exception as e:
        if getattr(args, "debug", False):
            raise
        _flush_quietly()
        say(tr(N_("indicator-dsl: internal error: {error} (run again with --debug for the traceback, and please report it)"),
               error=f"{type(e).__name__}: {str(e)[:300]}"), sys.stderr)
        return 70


# The commands, each imported when it runs: `indicator-dsl parse` does not load the
# evaluation, the tables or the report writers (start-up is part of every call).
_Command = Callable[[argparse.Namespace], int]


def _lazy(module: str, name: str) -> _Command:
    """The command ``name`` of ``indicator_dsl.cli.<module>``, its module imported (and the
    function looked up) only when the command runs."""
    def run(args: argparse.Namespace) -> int:
        command: _Command = getattr(importlib.import_module(f"indicator_dsl.cli.{module}"), name)
        return command(args)

    run.__name__ = run.__qualname__ = name
    return run


def _flush_quietly() -> None:
    try:
        sys.stdout.flush()
    except Exception:  # pragma: no cover - a closed pipe
        pass


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

"""The spec-file commands of the command line: ``check``, ``fmt``, ``convert``, ``lsp``.

``cli.build_parser`` adds them with :func:`add_spec_commands`; ``score`` and
``audit`` read *.ind files through ``indicator_dsl.reading.read_tables``.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from typing import Any

from indicator_dsl.cli.common import say, terminal_safe
from indicator_dsl.evaluation.jsonlines import dump_line

__all__ = ["add_spec_commands"]


def _cmd_check(args: argparse.Namespace) -> int:
    from indicator_dsl.spec.lint import check_paths

    results = check_paths(args.paths)
    if not results:
        say("indicator-dsl: no .ind file found", sys.stderr)
        return 2
    errors = warnings = 0
    for path, text, diags in results:
        for d in diags:
            if d.is_error:
                errors += 1
            else:
                warnings += 1
                if args.errors_only:
                    continue
            if args.json:
                print(dump_line(d.to_json()))
            else:
                say(d.render(text))
    if not args.json:
        say(f"{len(results)} file(s): {errors} error(s), {warnings} warning(s)", sys.stderr)
    if errors:
        return 1
    return 1 if args.strict and warnings else 0


def _cmd_fmt(args: argparse.Namespace) -> int:
    from indicator_dsl.errors import SpecSyntaxError
    from indicator_dsl.spec.format import format_text
    from indicator_dsl.spec.lint import spec_files

    if args.paths == ["-"]:
        text = sys.stdin.read()
        try:
            sys.stdout.write(format_text(text, file="<stdin>"))
        except SpecSyntaxError as e:
            say(f"indicator-dsl: {e}", sys.stderr)
            return 1
        return 0
    status = 0
    files = list(spec_files(args.paths))
    if not files:
        say("indicator-dsl: no .ind file found", sys.stderr)
        return 2
    for p in files:
        try:
            text = p.read_text(encoding="utf-8-sig")
            new = format_text(text, file=str(p))
        except SpecSyntaxError as e:
            say(f"indicator-dsl: {e} (not formatted: run indicator-dsl check)", sys.stderr)
            status = 1
            continue
        except (OSError, UnicodeDecodeError) as e:
            say(f"indicator-dsl: {p}: cannot be read: {e}", sys.stderr)
            status = 1
            continue
        if new == text:
            continue
        if args.check or args.diff:
            status = 1
            if args.diff:
                sys.stdout.write(terminal_safe("".join(difflib.unified_diff(text.splitlines(True), new.splitlines(True), str(p), str(p)))))
            else:
                say(f"would reformat {p}")
        else:
            p.write_text(new, encoding="utf-8")
            say(f"reformatted {p}")
    return status


def _cmd_convert(args: argparse.Namespace) -> int:
    from indicator_dsl.reading import read_tables
    from indicator_dsl.spec.convert import write_spec_files
    from indicator_dsl.tables.io import write_tables

    tables, problems = read_tables(args.inputs)
    for p in problems:
        say(f"indicator-dsl: {p}", sys.stderr)
    if not tables:
        say("indicator-dsl: no table read", sys.stderr)
        return 2
    from pathlib import Path

    out = Path(args.output)
    suffix = out.suffix.lower()
    to = args.to or ("ind" if suffix in ("", ".ind") else None)
    notes: list[str] = []
    try:
        if to == "ind":
            written = write_spec_files(tables, out, notes)
        else:
            written = write_tables(tables, out, to, notes)
    except (OSError, ValueError) as e:
        say(f"indicator-dsl: error: {e}", sys.stderr)
        return 2
    for path in written:
        say(str(path))
    for note in notes:
        say(f"indicator-dsl: note: {note}", sys.stderr)
    return 2 if problems else 0


def _cmd_lsp(args: argparse.Namespace) -> int:
    try:
        from indicator_dsl.spec.lsp import serve
    except ImportError as e:  # pragma: no cover - pygls not installed
        say(f"indicator-dsl: the language server needs pygls (pip install 'indicator-dsl[lsp]'): {e}", sys.stderr)
        return 2
    serve()
    return 0


def add_spec_commands(sub: Any) -> None:
    """Add check, fmt, convert and lsp to the subcommands ``sub``."""
    sk = sub.add_parser("check", help="lint spec files (*.ind): file:line:col: CODE message for every problem",
                        description="Report every problem of every spec file in PATH (files or directories of *.ind files), "
                                    "one line each: file:line:col: CODE message; errors also show the line with a caret and "
                                    "the fix. Exit status 1 if there is an error (with --strict, also a warning). "
                                    "The codes are listed in docs/lint.md.")
    sk.add_argument("paths", nargs="+", metavar="PATH", help="a spec file (*.ind) or a directory searched for them")
    sk.add_argument("--json", action="store_true", help="one JSON object per diagnostic")
    sk.add_argument("--errors-only", action="store_true", help="do not print warnings")
    sk.add_argument("--strict", action="store_true", help="warnings make the exit status 1 too")
    sk.set_defaults(func=_cmd_check)

    sf = sub.add_parser("fmt", help="rewrite spec files in the canonical layout",
                        description="Rewrite each spec file in PATH in the canonical layout (targets in canonical text, "
                                    "aligned columns; comments kept). A file with errors is left alone. PATH '-' formats "
                                    "standard input to standard output.")
    sf.add_argument("paths", nargs="+", metavar="PATH", help="a spec file (*.ind) or a directory searched for them")
    sf.add_argument("--check", action="store_true", help="change nothing; exit 1 if a file would be reformatted (for CI)")
    sf.add_argument("--diff", action="store_true", help="change nothing; print the changes as a unified diff")
    sf.set_defaults(func=_cmd_fmt)

    sc = sub.add_parser("convert", help="convert spec files to tables and tables to spec files",
                        description="Read every table in INPUT (spec files, corpus TSV, CSV, TSV, XLSX, JSON) and write "
                                    "them to OUTPUT: a .ind file (one table), a table file (.xlsx, .json, .jsonl, .csv, "
                                    ".tsv), or a directory: one <table id>.ind per table (or --to another format).")
    sc.add_argument("inputs", nargs="+", metavar="INPUT", help="a spec file, a table file or a directory of them")
    sc.add_argument("-o", "--output", required=True, metavar="OUTPUT", help="the file or directory to write")
    sc.add_argument("--to", choices=("ind", "csv", "tsv", "xlsx", "json", "corpus"),
                    help="the format of the files written into the directory OUTPUT (default: ind)")
    sc.set_defaults(func=_cmd_convert)

    sl = sub.add_parser("lsp", help="run the language server for spec files on stdio (needs pygls)",
                        description="Run the spec-file language server (Language Server Protocol over standard input and "
                                    "output): diagnostics as you type, the canonical reading of a target on hover, formatting.")
    sl.set_defaults(func=_cmd_lsp)

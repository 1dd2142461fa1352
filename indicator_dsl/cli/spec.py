"""The spec-file commands of the command line: ``check``, ``fmt``, ``convert``, ``lsp``.

``cli.build_parser`` adds them with :func:`add_spec_commands`; ``score`` and
``audit`` read *.ind files through ``indicator_dsl.reading.read_tables``.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from typing import Any

from indicator_dsl.cli.common import limit_options, limits_of, said, say, terminal_safe, tr_of
from indicator_dsl.evaluation.jsonlines import dump_line
from indicator_dsl.messages import EN, N_, Message, Translator, detail

__all__ = ["add_spec_commands"]


def _cmd_check(args: argparse.Namespace) -> int:
    from indicator_dsl.spec.lint import check_paths

    tr = tr_of(args)
    results = check_paths(args.paths, tr.lang)
    if not results:
        say(tr.word(N_("indicator-dsl: no .ind file found")), sys.stderr)
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
                say(d.render(text, lang=tr.lang))
    if not args.json:
        say(tr(N_("{files} file(s): {errors} error(s), {warnings} warning(s)"), files=len(results), errors=errors,
               warnings=warnings), sys.stderr)
    if errors:
        return 1
    return 1 if args.strict and warnings else 0


def _cmd_fmt(args: argparse.Namespace) -> int:
    from indicator_dsl.errors import SpecSyntaxError
    from indicator_dsl.spec.format import format_text
    from indicator_dsl.spec.lint import spec_files

    tr = tr_of(args)
    if args.paths == ["-"]:
        text = sys.stdin.read()
        try:
            sys.stdout.write(format_text(text, file="<stdin>"))
        except SpecSyntaxError as e:
            say(f"indicator-dsl: {said(e, tr)}", sys.stderr)
            return 1
        return 0
    status = 0
    files = list(spec_files(args.paths))
    if not files:
        say(tr.word(N_("indicator-dsl: no .ind file found")), sys.stderr)
        return 2
    for p in files:
        try:
            text = p.read_text(encoding="utf-8-sig")
            new = format_text(text, file=str(p))
        except SpecSyntaxError as e:
            say(tr(N_("indicator-dsl: {error} (not formatted: run indicator-dsl check)"), error=said(e, tr)), sys.stderr)
            status = 1
            continue
        except (OSError, UnicodeDecodeError) as e:
            say(tr(N_("indicator-dsl: {path}: cannot be read: {error}"), path=str(p), error=_detail(e, tr)), sys.stderr)
            status = 1
            continue
        if new == text:
            continue
        if args.check or args.diff:
            status = 1
            if args.diff:
                sys.stdout.write(terminal_safe("".join(difflib.unified_diff(text.splitlines(True), new.splitlines(True), str(p), str(p)))))
            else:
                say(tr(N_("would reformat {path}"), path=str(p)))
        else:
            p.write_text(new, encoding="utf-8")
            say(tr(N_("reformatted {path}"), path=str(p)))
    return status


def _detail(e: BaseException, tr: Translator) -> str:
    return detail(e).render(tr)


def _cmd_convert(args: argparse.Namespace) -> int:
    from indicator_dsl.reading import read_tables
    from indicator_dsl.spec.convert import write_spec_files
    from indicator_dsl.tables.io import write_tables

    tr = tr_of(args)
    tables, problems = read_tables(args.inputs)
    for p in problems:
        say(f"indicator-dsl: {p.in_lang(tr)}", sys.stderr)
    if not tables:
        say(tr.word(N_("indicator-dsl: no table read")), sys.stderr)
        return 2
    from pathlib import Path

    out = Path(args.output)
    suffix = out.suffix.lower()
    to = args.to or ("ind" if suffix in ("", ".ind") else None)
    notes: list[Message] = []
    verbatim: list[tuple[Path, str]] = []
    skipped: list[str] = []
    try:
        if to == "ind":
            written = write_spec_files(tables, out, notes, verbatim, skipped)
        else:
            written = write_tables(tables, out, to, notes)
    except (OSError, ValueError) as e:
        say(tr(N_("indicator-dsl: error: {error}"), error=said(e, tr)), sys.stderr)
        return 2
    for path in written:
        say(str(path))
    for why in skipped:  # one table a spec cannot hold: the others are written
        say(tr(N_("indicator-dsl: error: {error} (the table is not written)"), error=why), sys.stderr)
    for note in notes:
        say(tr(N_("indicator-dsl: note: {note}"), note=note.render(tr)), sys.stderr)
    if verbatim:
        files = len({p for p, _ in verbatim})
        say(tr(N_("indicator-dsl: note: {note}"), note=tr(_VERBATIM, n=len(verbatim), files=files)), sys.stderr)
    return 2 if problems or skipped else 0


_VERBATIM = N_("{n} target(s) in {files} file(s) that the target language cannot read were written as published, "
               "in quotes, each with the reason in a comment line above it (check reads them; fix them there)")


def _cmd_lsp(args: argparse.Namespace) -> int:
    try:
        from indicator_dsl.spec.lsp import serve
    except ImportError as e:  # pragma: no cover - pygls not installed
        say(tr_of(args)(N_("indicator-dsl: the language server needs pygls (pip install 'indicator-dsl[lsp]'): {error}"),
                        error=str(e)), sys.stderr)
        return 2
    serve(max_bytes=limits_of(args).file_bytes, verbose=args.verbose, lang=args.lang)
    return 0


def add_spec_commands(sub: Any, tr: Translator = EN) -> None:
    """Add check, fmt, convert and lsp to the subcommands ``sub`` (help in ``tr``'s language)."""
    w = tr
    path_help = w(N_("a spec file (*.ind) or a directory searched for them"))
    sk = sub.add_parser("check", help=w(N_("lint spec files (*.ind): file:line:col: CODE message for every problem")),
                        description=w(N_("Report every problem of every spec file in PATH (files or directories of *.ind "
                                         "files), one line each: file:line:col: CODE message; errors also show the line "
                                         "with a caret and the fix. Exit status 1 if there is an error (with --strict, "
                                         "also a warning). The codes are listed in docs/lint.md.")))
    sk.add_argument("paths", nargs="+", metavar="PATH", help=path_help)
    sk.add_argument("--json", action="store_true", help=w(N_("one JSON object per diagnostic")))
    sk.add_argument("--errors-only", action="store_true", help=w(N_("do not print warnings")))
    sk.add_argument("--strict", action="store_true", help=w(N_("warnings make the exit status 1 too")))
    sk.set_defaults(func=_cmd_check)

    sf = sub.add_parser("fmt", help=w(N_("rewrite spec files in the canonical layout")),
                        description=w(N_("Rewrite each spec file in PATH in the canonical layout (targets in canonical "
                                         "text, aligned columns; comments kept). A file with errors is left alone. PATH "
                                         "'-' formats standard input to standard output.")))
    sf.add_argument("paths", nargs="+", metavar="PATH", help=path_help)
    sf.add_argument("--check", action="store_true",
                    help=w(N_("change nothing; exit 1 if a file would be reformatted (for CI)")))
    sf.add_argument("--diff", action="store_true", help=w(N_("change nothing; print the changes as a unified diff")))
    sf.set_defaults(func=_cmd_fmt)

    sc = sub.add_parser("convert", help=w(N_("convert spec files to tables and tables to spec files")),
                        description=w(N_("Read every table in INPUT (spec files, corpus TSV, CSV, TSV, XLSX, JSON) and "
                                         "write them to OUTPUT: a .ind file (one table), a table file (.xlsx, .json, "
                                         ".jsonl, .csv, .tsv), or a directory: one <table id>.ind per table (or --to "
                                         "another format).")))
    sc.add_argument("inputs", nargs="+", metavar="INPUT", help=w(N_("a spec file, a table file or a directory of them")))
    sc.add_argument("-o", "--output", required=True, metavar="OUTPUT", help=w(N_("the file or directory to write")))
    sc.add_argument("--to", choices=("ind", "csv", "tsv", "xlsx", "json", "corpus"),
                    help=w(N_("the format of the files written into the directory OUTPUT (default: ind)")))
    sc.set_defaults(func=_cmd_convert)

    sl = sub.add_parser("lsp", help=w(N_("run the language server for spec files on stdio (needs pygls)")),
                        description=w(N_("Run the spec-file language server (Language Server Protocol over standard "
                                         "input and output): diagnostics as you type, the canonical reading of a target "
                                         "on hover, formatting. A message beyond --max-file-bytes, or badly framed, is "
                                         "refused and the next one answered.")))
    sl.add_argument("--verbose", action="store_true",
                    help=w(N_("say on standard error what the server does: each analysis started, cancelled, published")))
    limit_options(sl, "file_bytes", tr=tr)
    sl.set_defaults(func=_cmd_lsp)

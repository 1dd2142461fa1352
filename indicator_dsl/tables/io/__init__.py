"""Reading and writing tables.

Reading dispatches on the file name (:func:`read_tables`):

- the corpus format (../shared/corpus/README.md): ``*_indicators.tsv`` (one row per
  三级指标 of a 自评表, ids ``<seed>-t<table>-r<row>``) with ``*_budgets.tsv`` and
  ``*_totals.tsv`` beside it, and ``*_targets.tsv`` for 目标申报表 (no actuals);
- ``.csv``, ``.tsv``/``.txt`` and ``.xlsx``/``.xlsm``: every table of the file (of every
  sheet), one after another, laid out as published (cut into tables and read leniently
  in ``grid``, headers found by meaning in ``headers``), with the Chinese headers: the 项目名称/主管部门/实施单位/年度
  header rows, the 项目资金 block (年初预算数 全年预算数 全年执行数 分值 执行率 得分, the
  money unit in ``项目资金 (元)``), the indicator header row (一级指标 二级指标 三级指标
  年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施, with common variants), the rows
  (an empty 一级/二级 cell means "same as above", as in merged cells), the 总分 row
  and 评分等级 (see docs/tables.md);
- ``.json`` (one table object, or a list of them) and ``.jsonl`` (one per line), in
  the format of :func:`table_to_json`.

A path may be one of these files or a directory of them.  Reading never stops at a
bad file or row: each problem becomes a :class:`~indicator_dsl.diagnostics.Diagnostic`
(made by :func:`read_problem`: a reading code ``R1xx``, the file as its ``source``, the
place in full as its ``where``: ``file:line``, or ``file:sheet!cell`` in a workbook) and
the rest is read.

Writing: :func:`write_table_xlsx`, :func:`write_table_csv` (CSV or TSV) and
:func:`table_to_json` give a table back in a format the readers read;
:func:`write_corpus` writes the corpus TSV files.  (The scored workbook is a report:
:func:`indicator_dsl.tables.report.xlsx.write_xlsx`.)

This module is the public entry point: it holds :func:`read_tables`, :func:`read_table_file`
(the dispatch on file names) and :func:`write_tables`, and re-exports the rest from where
it lives: :func:`read_problem`, :data:`READ_CODES` and :func:`without_provenance` in ``common``, the corpus
format in ``corpus``, the published layout's readers in ``layout`` and writers
(:func:`table_grid`, :func:`write_table_csv`, :func:`write_table_xlsx`) in ``layout_write``,
JSON in ``jsonfile`` and the scored workbook (:func:`write_xlsx`) in
:mod:`indicator_dsl.tables.report.xlsx`.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Callable, Iterable, Mapping, Sequence

from indicator_dsl.diagnostics import Diagnostic
from indicator_dsl.limits import DEFAULT_LIMITS, Limits
from indicator_dsl.messages import N_, Message, msg
from indicator_dsl.tables.io.bounds import cut_table
from indicator_dsl.tables.io.common import READ_CODES, read_problem, within_limits, without_provenance
from indicator_dsl.tables.io.corpus import CORPUS_SUFFIXES, read_corpus_file, write_corpus
from indicator_dsl.tables.io.docxfile import read_docx_file
from indicator_dsl.tables.io.htmlfile import read_html_file
from indicator_dsl.tables.io.jsonfile import read_json_file, table_from_json, table_to_json, write_tables_json
from indicator_dsl.tables.io.layout import read_delimited_file, read_xlsx_file
from indicator_dsl.tables.io.layout_write import table_grid, write_table_csv, write_table_xlsx
from indicator_dsl.tables.io.outdir import OutputNames, write_new
from indicator_dsl.tables.io.pdffile import read_pdf_file
from indicator_dsl.tables.io.sniff import FORMAT_SUFFIXES, sniff_format
from indicator_dsl.tables.io.workbook import read_calamine_file
from indicator_dsl.tables.model import Table

__all__ = [
    "read_problem", "READ_CODES", "read_tables", "read_table_file", "read_corpus_file", "read_delimited_file", "read_xlsx_file",
    "read_calamine_file", "read_html_file", "read_docx_file", "read_pdf_file", "sniff_format",
    "read_json_file", "table_to_json", "table_from_json", "without_provenance", "table_grid",
    "write_table_xlsx", "write_table_csv", "write_tables_json", "write_corpus", "write_tables", "Reader",
]


Reader = Callable[[Path, list[Diagnostic]], list[Table]]
"""A reader of one file: its tables, with each problem appended to the list."""

# ---------------------------------------------------------------------------
# Dispatch

_TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
_LAYOUT_SUFFIXES = (*_TEXT_SUFFIXES, *FORMAT_SUFFIXES, ".json", ".jsonl")
_COMPANIONS = ("_budgets.tsv", "_totals.tsv")
_DOCUMENT_READERS: dict[str, Callable[[Path, list[Diagnostic], Limits], list[Table]]] = {"xlsx": read_xlsx_file, "xls": read_calamine_file, "ods": read_calamine_file,
                                        "docx": read_docx_file, "pdf": read_pdf_file, "html": read_html_file}


def _files(path: Path, extra: tuple[str, ...] = ()) -> Iterable[Path]:
    """The files to read under ``path``: itself, or a directory's files of the readable kinds,
    its subdirectories too, in name order; hidden files and directories are passed over."""
    if path.is_dir():
        for p in sorted(path.iterdir()):
            if p.name.startswith("."):
                continue
            if p.is_dir():
                yield from _files(p, extra)
            elif p.is_file() and (p.name.endswith(CORPUS_SUFFIXES) or _readable_other(p, extra)):
                yield p
    else:
        yield path


def _readable_other(p: Path, extra: tuple[str, ...] = ()) -> bool:
    """A file a directory listing should read: not a corpus companion, a lock file or hidden."""
    if p.name.startswith((".", "~$", ".~lock")) or p.name.endswith(_COMPANIONS):
        return False
    return p.suffix.lower() in _LAYOUT_SUFFIXES or p.suffix.lower() in extra


def read_table_file(path: Path, problems: list[Diagnostic], readers: Mapping[str, Reader] | None = None,
                    limits: Limits = DEFAULT_LIMITS) -> list[Table]:
    """The tables of one file: corpus TSV, CSV, TSV/TXT, XLSX/XLSM, XLS, ODS, HTML, DOCX, PDF, JSON
    or JSON Lines.  A workbook, Word document, PDF or HTML page is known by its content where its
    name says otherwise (an HTML page saved as ``.xls``).  A file beyond ``limits`` (its bytes, a
    workbook's decompressed bytes) is not read: its problem R110.  Whatever reader read it, a
    cell beyond ``limits.cell_chars`` is kept cut to the limit (R111 at its row) and a table
    beyond ``limits.table_rows`` keeps its first rows (R112); the rest is read."""
    path = Path(path)
    if not within_limits(path, limits, problems):
        return []
    return [cut_table(t, limits, problems) for t in _read_file(path, problems, readers, limits)]


def _read_file(path: Path, problems: list[Diagnostic], readers: Mapping[str, Reader] | None,
               limits: Limits) -> list[Table]:
    name, suffix = path.name, path.suffix.lower()
    if name.endswith(CORPUS_SUFFIXES):
        return read_corpus_file(path, problems, limits)
    if name.endswith(_COMPANIONS):
        problems.append(read_problem(path, msg(N_("a corpus companion file: read the *_indicators.tsv beside it")), "R102"))
        return []
    reader = (readers or {}).get(suffix)
    if reader is not None:  # a reader from a higher stage (spec files): cut to the limits above
        return reader(path, problems)
    if suffix in (".json", ".jsonl"):
        return read_json_file(path, problems, limits)
    kind = sniff_format(path)
    if kind is not None:
        return _DOCUMENT_READERS[kind](path, problems, limits)
    if suffix in _TEXT_SUFFIXES:
        return read_delimited_file(path, problems, limits=limits)
    if suffix in FORMAT_SUFFIXES:  # not known by its content: its reader says what is wrong with it
        return _DOCUMENT_READERS[FORMAT_SUFFIXES[suffix]](path, problems, limits)
    problems.append(read_problem(path, msg(N_("unknown table format (expected *_indicators.tsv, *_targets.tsv, .csv, .tsv, "
                                              ".txt, .xlsx, .xls, .ods, .html, .docx, .pdf, .json, .jsonl or .ind)")), "R102"))
    return []


def read_tables(
    paths: str | Path | Iterable[str | Path], readers: Mapping[str, Reader] | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> tuple[list[Table], list[Diagnostic]]:
    """Every table in ``paths`` (a file or directory, or several) and every problem met.

    ``readers`` adds readers by file suffix (``{".ind": read_spec_file}``); ``limits`` bounds
    what one file may hold (docs/robustness.md).
    """
    tables: list[Table] = []
    problems: list[Diagnostic] = []
    if isinstance(paths, (str, Path)):
        paths = [paths]
    extra = tuple(readers or ())
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            problems.append(read_problem(path, msg(N_("no such file or directory")), "R101"))
            continue
        before = len(tables), len(problems)
        for f in _files(path, extra):
            if path.is_dir() and f.suffix.lower() == ".txt":
                mine: list[Diagnostic] = []
                tables.extend(read_table_file(f, mine, readers, limits))
                problems.extend(p for p in mine if p.code != "R104")  # a note or a README beside the tables
                continue
            tables.extend(read_table_file(f, problems, readers, limits))
        if path.is_dir() and (len(tables), len(problems)) == before:  # never an empty success
            problems.append(read_problem(path, msg(N_("no table found: the directory holds no file with a table in it "
                                                      "(.xlsx, .xls, .ods, .csv, .tsv, .txt, .html, .docx, .pdf, .json)")), "R104"))
    return tables, problems


def write_tables(tables: Sequence[Table], out: str | Path, to: str | None = None,
                 notes: list[Message] | None = None) -> list[Path]:
    """Write tables to ``out`` in the format its suffix names (``.xlsx``: one sheet per table;
    ``.json``/``.jsonl``; ``.csv``/``.tsv``: one table only), or, for a directory, one file per
    table in the format ``to`` (csv, tsv, xlsx, json) or the corpus TSV files (``to="corpus"``).

    Each file is written beside its place and moved there (:func:`~indicator_dsl.tables.io.outdir.write_new`):
    a symbolic link planted in the directory is replaced, never written through.  Two tables
    whose ids give one file name get distinct names (``X.csv``, ``X~2.csv``), each renaming
    noted in ``notes``."""
    out = Path(out)
    suffix = out.suffix.lower()
    if to is None and suffix in (".xlsx", ".json", ".jsonl", ".csv", ".tsv"):
        if suffix in (".csv", ".tsv") and len(tables) != 1:
            raise ValueError(f"{out}: a {suffix} file holds one table, and there are {len(tables)}: "
                             "give a directory (with --to) or an .xlsx/.json file")
        if suffix == ".xlsx":
            write_new(out, lambda p: write_table_xlsx(tables, p))
        elif suffix in (".json", ".jsonl"):
            write_new(out, lambda p: write_tables_json(tables, p))
        else:
            write_new(out, lambda p: write_table_csv(tables[0], p))
        return [out]
    to = to or "xlsx"
    if to not in ("csv", "tsv", "xlsx", "json", "corpus"):
        raise ValueError(f"unknown output format {to!r} (csv, tsv, xlsx, json or corpus)")
    out.mkdir(parents=True, exist_ok=True)
    if to == "corpus":
        return write_corpus(tables, out)
    written = []
    names = OutputNames(out)
    writer: Callable[[Table, Path], None] = {
        "xlsx": lambda t, p: write_table_xlsx(t, p), "json": lambda t, p: write_tables_json([t], p),
    }.get(to, lambda t, p: write_table_csv(t, p))
    for t in tables:
        p = names.path(t.id, f".{to}")
        write_new(p, functools.partial(writer, t))
        written.append(p)
    if notes is not None:
        notes.extend(names.notes)
    return written

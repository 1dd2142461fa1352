"""What the table readers share: :func:`read_problem` (a file or row that could not be
read, as a :class:`~indicator_dsl.diagnostics.Diagnostic` with a reading code,
:data:`READ_CODES`), the limits of a file (:func:`within_limits`) and the prelude of a
reader of a whole document (:func:`read_document`), decoding a text file (UTF-8 or
GB18030), the year in a cell, and :func:`without_provenance`.  Public through :mod:`indicator_dsl.tables.io`.

>>> p = read_problem("a.csv", msg(N_("a row with neither 三级指标 nor 年度指标值 is not read")), "R106", where="a.csv:12", line=12)
>>> str(p), p.source, p.where, p.severity
('a.csv:12: R106 a row with neither 三级指标 nor 年度指标值 is not read', 'a.csv', 'a.csv:12', 'error')

The message is kept as a :class:`~indicator_dsl.messages.Message`: ``in_lang`` gives it in Chinese.

>>> str(p.in_lang("zh"))
'a.csv:12: R106 既无三级指标也无年度指标值的行未读取'
"""

from __future__ import annotations

import importlib
import re
import zipfile
from pathlib import Path
from typing import Any, Callable, TypeVar

import attrs

from indicator_dsl.diagnostics import ERROR, Diagnostic
from indicator_dsl.limits import Limits
from indicator_dsl.messages import N_, Message, detail, msg
from indicator_dsl.tables.model import Table

__all__ = ["read_problem", "unreadable", "NOT_TEXT", "READ_CODES", "within_limits", "read_document", "without_provenance", "formula_guard", "formula_unguard"]

# code -> (slug, what it is); docs/tables.md lists them
READ_CODES: dict[str, tuple[str, str]] = {
    "R100": ("unreadable", "a file that cannot be read: not there for the system, not UTF-8, UTF-16 or GB18030 "
                           "text, not a workbook, Word document, PDF or HTML page, not CSV"),
    "R101": ("not-found", "no such file or directory"),
    "R102": ("unknown-format", "a file no reader takes (by its name), or a corpus companion file given alone"),
    "R103": ("not-json", "a JSON or JSON Lines file, or one of its lines, that is not JSON"),
    "R104": ("no-table", "no table found: no indicator header row, or a workbook with only empty sheets"),
    "R105": ("second-table", "a second table in one file or sheet (no longer raised: every table is read)"),
    "R106": ("bad-row", "a row that is not read: neither 三级指标 nor 年度指标值, more cells than the header, a bad id"),
    "R107": ("bad-table", "a JSON table or row with a wrong field or value"),
    "R108": ("no-cells", "text without cell boundaries (taken out of a PDF with its cells run together): "
                         "give the PDF itself, or the table as XLSX, CSV or tab-separated text"),
    "R109": ("no-text-layer", "a PDF without a text layer (scanned pages): give the document as XLSX, DOCX, HTML "
                              "or a PDF with its text, or run OCR on it first"),
    "R110": ("too-large", "a file beyond a limit (docs/robustness.md): more bytes than --max-file-bytes, a workbook "
                          "that decompresses to more than --max-workbook-bytes"),
    "R111": ("cell-too-long", "a cell longer than --max-cell-chars: it is read cut to the limit"),
    "R112": ("too-many-rows", "a table of more rows than --max-table-rows: the rows beyond the limit are not read"),
}


def read_problem(source: str | Path, message: str | Message, code: str = "R100", *, where: str | None = None,
                 line: int | None = None) -> Diagnostic:
    """A file or row that could not be read: ``source`` the file, ``where`` the place in full
    (``file:line``, ``file:sheet!cell``, ``file#/rows/0``) when finer than the file.  A
    ``message`` given as a :class:`~indicator_dsl.messages.Message` can be had in Chinese
    (``Diagnostic.in_lang``)."""
    if code not in READ_CODES:
        raise ValueError(f"unknown reading code {code!r}")
    source = str(source)
    return Diagnostic.of(severity=ERROR, code=code, message=message, source=source,
                         where=where if where != source else None, line=line)


def unreadable(path: str | Path, error: BaseException) -> Diagnostic:
    """``path`` cannot be read (R100): what the system said (``error``)."""
    return read_problem(path, msg(N_("cannot be read: {error}"), error=detail(error)))


NOT_TEXT = msg(N_("cannot be read: neither UTF-8, UTF-16 nor GB18030 text"))


_ZIPPED = (".xlsx", ".xlsm", ".ods", ".docx")


def within_limits(path: Path, limits: Limits, problems: list[Diagnostic]) -> bool:
    """Whether a file may be read under ``limits``: at most ``file_bytes`` bytes, and, for a
    workbook or document that is a zip (XLSX, ODS, DOCX), at most ``workbook_bytes`` once
    decompressed, as its zip directory declares (checked before anything is decompressed: a zip
    bomb is refused at once).  When not, the file's problem ``R110`` is added.  Readers of new
    formats call it (:func:`~indicator_dsl.tables.io.read_table_file` does for every file)."""
    try:
        size = path.stat().st_size
    except OSError:
        return True  # the reader says why it cannot be read
    if size > limits.file_bytes:
        problems.append(read_problem(path, msg(N_("a file of {size} bytes; the limit is {limit} (--max-file-bytes) (文件过大)"),
                                               size=size, limit=limits.file_bytes), "R110"))
        return False
    if path.suffix.lower() in _ZIPPED and zipfile.is_zipfile(path):
        try:
            with zipfile.ZipFile(path) as z:
                total = sum(max(i.file_size, 0) for i in z.infolist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return True  # the reader says why it cannot be read
        if total > limits.workbook_bytes:
            problems.append(read_problem(path, msg(N_("a workbook that decompresses to {size} bytes; the limit is "
                                                      "{limit} (--max-workbook-bytes) (解压后过大)"),
                                                   size=total, limit=limits.workbook_bytes), "R110"))
            return False
    return True


_T = TypeVar("_T")


def read_document(path: Path, limits: Limits, problems: list[Diagnostic], read: Callable[[Any], _T], *,
                  library: str | None = None, needs: Message | None = None, cannot: str | None = None) -> _T | None:
    """The prelude every reader of a whole document shares (XLSX, XLS/ODS, DOCX, PDF, HTML): the
    file within ``limits`` (else its problem R110, :func:`within_limits`); ``library``, the module
    its format needs, imported only now (a command that reads no such file never loads it; not
    installed: the problem ``needs``, R100); then ``read``, given that module (None without one),
    opens the file and takes what the reader needs of it.  What ``read`` raises is the file's
    problem R100: any exception, said by ``cannot`` (a message with ``{error}``, given the error's
    type and text); without ``cannot``, an ``OSError``, said as the system said it
    (:func:`unreadable`).  None when the file is not read further (its problem added)."""
    if not within_limits(path, limits, problems):  # its bytes, a workbook's decompressed bytes: R110
        return None
    module = None
    if library is not None:
        try:
            module = importlib.import_module(library)
        except ImportError:  # the readers' libraries are dependencies: a broken installation
            if needs is None:
                raise
            problems.append(read_problem(path, needs))
            return None
    caught: type[Exception] = Exception if cannot is not None else OSError
    try:
        return read(module)
    except caught as e:  # a zip that is no workbook, damaged XML, an encrypted PDF, a file gone …
        problems.append(unreadable(path, e) if cannot is None else
                        read_problem(path, msg(cannot, error=detail(e, typed=True))))
        return None


def year_in(text: str) -> int | None:
    m = re.search(r"\d{4}", text or "")
    return int(m.group()) if m else None


def decode_bytes(data: bytes) -> str | None:
    """Text in any encoding a published table comes in: UTF-16 as Excel saves "Unicode text"
    (by its byte-order mark, or NUL bytes between ASCII characters), UTF-8 with or without a
    byte-order mark, GB18030 (which reads GBK and GB2312); None for none of these.

    >>> [decode_bytes(t.encode(e)) for t, e in (("年度", "utf-16"), ("年度", "utf-8-sig"), ("年度", "gbk"))]
    ['年度', '年度', '年度']
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings: tuple[str, ...] = ("utf-16",)
    elif data.startswith(b"\xef\xbb\xbf"):
        encodings = ("utf-8-sig",)
    elif b"\x00" in data[:4096]:
        head = data[:4096]
        le = head[1::2].count(0) > head[0::2].count(0)
        encodings = ("utf-16-le", "utf-16-be") if le else ("utf-16-be", "utf-16-le")
    else:
        encodings = ("utf-8", "gb18030")
    for enc in encodings:
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return None


def decode_text(path: Path, problems: list[Diagnostic]) -> str | None:
    try:
        data = path.read_bytes()
    except OSError as e:
        problems.append(unreadable(path, e))
        return None
    text = decode_bytes(data)
    if text is None:
        problems.append(read_problem(path, NOT_TEXT))
    return text


# a cell a spreadsheet takes as a formula (OWASP, CSV injection): one starting with = + - @ tab or
# carriage return, after any apostrophes (so that a cell that starts with an apostrophe reads back)
_FORMULA = re.compile(r"'*[=+\-@\t\r]")
# … but a plain number (-5, +3.5, -1,200.00, -5%) is a number for a spreadsheet, not a formula
_NUMBER = re.compile(r"[+-]?(?:\d[\d,]*)?\.?\d+%?")


def formula_guard(text: str) -> str:
    """A cell's text as written to CSV/TSV: with a leading apostrophe where a spreadsheet would
    take it as a formula (``=HYPERLINK(…)``, ``=6次``, ``@SUM(…)``, ``-1+1``); a plain number is
    kept.  :func:`formula_unguard` gives the text back.

    >>> formula_guard("=HYPERLINK(A1)"), formula_guard("-5%"), formula_guard("≥90%")
    ("'=HYPERLINK(A1)", '-5%', '≥90%')
    >>> [formula_unguard(formula_guard(x)) for x in ("=6次", "'=6次", "'x", "+", "-")]
    ['=6次', "'=6次", "'x", '+', '-']
    """
    if _FORMULA.match(text) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def formula_unguard(text: str) -> str:
    """A CSV/TSV cell's text as read: the apostrophe :func:`formula_guard` put before a formula-like
    text taken off (a spreadsheet does not show it either)."""
    if text.startswith("'") and _FORMULA.match(text, 1):
        return text[1:]
    return text


def without_provenance(table: Table) -> Table:
    """The table without where it was read from (``source``, each row's ``where``), for comparing."""
    return attrs.evolve(table, source=None, rows=tuple(attrs.evolve(r, where=None) for r in table.rows))

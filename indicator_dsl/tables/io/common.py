"""What the table readers share: :func:`read_problem` (a file or row that could not be
read, as a :class:`~indicator_dsl.diagnostics.Diagnostic` with a reading code,
:data:`READ_CODES`), decoding a text file (UTF-8 or GB18030), the year in a cell, and
:func:`without_provenance`.  Public through :mod:`indicator_dsl.tables.io`.

>>> p = read_problem("a.csv", "a row with neither 三级指标 nor 年度指标值 is not read", "R106", where="a.csv:12", line=12)
>>> str(p), p.source, p.where, p.severity
('a.csv:12: R106 a row with neither 三级指标 nor 年度指标值 is not read', 'a.csv', 'a.csv:12', 'error')
"""

from __future__ import annotations

import re
from pathlib import Path

import attrs

from indicator_dsl.diagnostics import ERROR, Diagnostic
from indicator_dsl.tables.model import Table

__all__ = ["read_problem", "READ_CODES", "without_provenance"]

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
}


def read_problem(source: str | Path, message: str, code: str = "R100", *, where: str | None = None,
                 line: int | None = None) -> Diagnostic:
    """A file or row that could not be read: ``source`` the file, ``where`` the place in full
    (``file:line``, ``file:sheet!cell``, ``file#/rows/0``) when finer than the file."""
    if code not in READ_CODES:
        raise ValueError(f"unknown reading code {code!r}")
    source = str(source)
    return Diagnostic(severity=ERROR, code=code, message=message, source=source,
                      where=where if where != source else None, line=line)


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
        problems.append(read_problem(path, f"cannot be read: {e}"))
        return None
    text = decode_bytes(data)
    if text is None:
        problems.append(read_problem(path, "cannot be read: neither UTF-8, UTF-16 nor GB18030 text"))
    return text


def without_provenance(table: Table) -> Table:
    """The table without where it was read from (``source``, each row's ``where``), for comparing."""
    return attrs.evolve(table, source=None, rows=tuple(attrs.evolve(r, where=None) for r in table.rows))

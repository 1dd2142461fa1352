"""Which format a file is in, by its first bytes rather than its name (:func:`sniff_format`):
government sites serve HTML pages and XLSX workbooks named ``.xls``, and a download may have
lost its suffix.  Used by :func:`indicator_dsl.tables.io.read_table_file`.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "表.xls"
>>> _ = p.write_text("<html><body><table><tr><td>一级指标</td></tr></table></body></html>", encoding="utf-8")
>>> sniff_format(p)
'html'
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

__all__ = ["sniff_format", "FORMAT_SUFFIXES"]

# the suffix -> format of the documents read by content (text formats are read by their name)
FORMAT_SUFFIXES = {".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls", ".ods": "ods", ".docx": "docx",
                   ".pdf": "pdf", ".html": "html", ".htm": "html", ".xhtml": "html"}

_HTML = re.compile(rb"^\s*<(!doctype\s+html|html|table|head|body|meta|!--|\?xml[^>]*>\s*<html)", re.IGNORECASE)


def _zip_format(path: Path) -> str | None:
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            mimetype = z.read("mimetype").decode("ascii", "replace").strip() if "mimetype" in names else ""
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
        return None
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    if any(n.startswith("word/") for n in names):
        return "docx"
    if mimetype.startswith("application/vnd.oasis.opendocument.spreadsheet"):
        return "ods"
    return None


def sniff_format(path: Path) -> str | None:
    """``"xlsx"``, ``"xls"``, ``"ods"``, ``"docx"``, ``"pdf"`` or ``"html"`` by the file's
    content; None for anything else (text, or a file that cannot be opened)."""
    try:
        with open(path, "rb") as f:
            head = f.read(2048)
    except OSError:
        return None
    if head.startswith(b"PK\x03\x04"):
        return _zip_format(path)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "xls"  # an OLE file: an old workbook (an old .doc is no workbook: its reader says so)
    if head.lstrip()[:5] == b"%PDF-" or b"%PDF-" in head[:1024]:
        return "pdf"
    text = head
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            text = head[len(bom):].decode(enc, "ignore").encode("utf-8")
            break
    if _HTML.match(text):
        return "html"
    return None

"""The language server for spec files (``indicator-dsl lsp``; needs pygls 2).

- **Diagnostics as you type**: every problem ``indicator-dsl check`` reports, on open,
  change and save (errors as errors, warnings as warnings, the code and its fix).
- **Hover** on a target: its canonical reading (``>= 90 %``), its kind, and the
  reason it cannot be read if it cannot; on an indicator's name: its fields.
- **Formatting**: the whole document in the canonical layout (``indicator-dsl fmt``);
  a document with errors is left as it is.

Positions: LSP counts UTF-16 code units in a line; the library counts characters.
:func:`to_lsp` and :func:`from_lsp` convert (a character outside the Basic
Multilingual Plane is two units).
"""

from __future__ import annotations

from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from indicator_dsl.diagnostics import Diagnostic, Severity
from indicator_dsl.errors import SpecSyntaxError
from indicator_dsl.spec.format import format_text
from indicator_dsl.spec.lint import check_text
from indicator_dsl.spec.read import read_spec
from indicator_dsl.version import __version__

__all__ = ["make_server", "serve", "to_lsp", "from_lsp", "hover_text", "lsp_diagnostic"]


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def to_lsp(text: str, offset: int) -> types.Position:
    """The LSP position (0-based line, UTF-16 character) of a character offset."""
    line_start = text.rfind("\n", 0, offset) + 1
    line = text.count("\n", 0, offset)
    return types.Position(line=line, character=_utf16(text[line_start:offset]))


def from_lsp(text: str, pos: types.Position) -> int:
    """The character offset of an LSP position (clamped to its line)."""
    lines = text.split("\n")
    if pos.line >= len(lines):
        return len(text)
    base = sum(len(x) + 1 for x in lines[: pos.line])
    units = 0
    for i, c in enumerate(lines[pos.line]):
        if units >= pos.character:
            return base + i
        units += _utf16(c)
    return base + len(lines[pos.line])


_SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}


def _offset(text: str, line: int, col: int) -> int:
    """The character offset of a 1-based line and column (clamped to the line)."""
    lines = text.split("\n")
    if line > len(lines):
        return len(text)
    base = sum(len(x) + 1 for x in lines[: line - 1])
    return base + min(max(col, 1) - 1, len(lines[line - 1]))


def _range(text: str, d: Diagnostic) -> types.Range:
    if d.start is not None:
        start = d.start
        end = max(d.end if d.end is not None else start, start)
    elif d.line is not None:
        start = _offset(text, d.line, d.col or 1)
        end = _offset(text, d.end_line, d.end_col or 1) if d.end_line is not None else start
        end = max(end, start)
    else:  # no position: the start of the document
        start = end = 0
    return types.Range(start=to_lsp(text, start), end=to_lsp(text, end))


def lsp_diagnostic(text: str, d: Diagnostic) -> types.Diagnostic:
    """A diagnostic of ``text`` (a spec file, a cell) for the editor: its range from the
    character offsets (or else the line and column) in UTF-16 units, the fix under the message."""
    message = d.message + (f"\nfix: {d.fix}" if d.fix else "")
    return types.Diagnostic(
        range=_range(text, d),
        message=message,
        severity=_SEVERITIES[d.severity],
        code=d.code,
        source="indicator-dsl",
    )


def hover_text(text: str, offset: int) -> str | None:
    """What hovering at ``offset`` shows: the reading of the target there, or None."""
    spec = read_spec(text).spec
    for l1, l2, ind in spec.indicators():
        ts, ns = ind.target_span, ind.name_span
        if ts is not None and ind.target is not None and ts.start <= offset <= ts.end:
            try:
                p = ind.read_target(spec.year)  # as the reader read it
            except Exception as e:  # noqa: BLE001 - a parser bug must not kill the server
                return f"**target cannot be read**: {type(e).__name__}: {e}"
            assert p is not None
            if p.target is None:
                assert p.error is not None
                return f"**target cannot be read**: {p.error.message}"
            t = p.target
            return f"**{t.kind}** target\n\ncanonical: `{t}`"
        if ns is not None and ns.start <= offset <= ns.end:
            fields = [f"{l1.name} › {l2.name} › **{ind.name}**"]
            if ind.weight is not None:
                fields.append(f"分值 {ind.weight}")
            if ind.direction is not None:
                fields.append(f"方向 {ind.direction.value}")
            return "\n\n".join(fields)
    return None


def make_server() -> LanguageServer:
    """A language server for spec files, its features registered."""
    server = LanguageServer("indicator-dsl", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Full)

    def publish(ls: LanguageServer, uri: str) -> None:
        doc = ls.workspace.get_text_document(uri)
        text = doc.source
        diags = [lsp_diagnostic(text, d) for d in check_text(text, file=None)]
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=diags, version=doc.version))

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: LanguageServer, params: types.DidOpenTextDocumentParams) -> None:
        publish(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: LanguageServer, params: types.DidChangeTextDocumentParams) -> None:
        publish(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: LanguageServer, params: types.DidSaveTextDocumentParams) -> None:
        publish(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: LanguageServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[]))

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: LanguageServer, params: types.HoverParams) -> types.Hover | None:
        text = ls.workspace.get_text_document(params.text_document.uri).source
        shown = hover_text(text, from_lsp(text, params.position))
        if shown is None:
            return None
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=shown))

    @server.feature(types.TEXT_DOCUMENT_FORMATTING)
    def formatting(ls: LanguageServer, params: types.DocumentFormattingParams) -> list[types.TextEdit] | None:
        text = ls.workspace.get_text_document(params.text_document.uri).source
        try:
            new = format_text(text)
        except SpecSyntaxError:
            return None
        if new == text:
            return []
        end = to_lsp(text, len(text))
        return [types.TextEdit(range=types.Range(start=types.Position(line=0, character=0), end=end), new_text=new)]

    return server


def serve(**kwargs: Any) -> None:
    """Run the server on standard input and output until the client says exit."""
    make_server().start_io(**kwargs)

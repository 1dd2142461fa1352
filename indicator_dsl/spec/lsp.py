"""The language server for spec files (``indicator-dsl lsp``; needs pygls 2).

- **Diagnostics as you type**: every problem ``indicator-dsl check`` reports, on open,
  change and save (errors as errors, warnings as warnings, the code and its fix).  Edits
  are debounced and an outdated version's analysis is cancelled: only the diagnostics of
  the document's current version are published (:mod:`indicator_dsl.spec.lsp_work`).
- **Hover** on a target: its canonical reading (``>= 90 %``), its kind, and the
  reason it cannot be read if it cannot; on an indicator's name: its fields.
- **Formatting**: the whole document in the canonical layout (``indicator-dsl fmt``);
  a document with errors is left as it is.
- **Robust framing**: a badly framed message (a wrong or huge ``Content-Length``, garbage
  between messages) is refused and the next one answered (:mod:`indicator_dsl.spec.lsp_frames`).

Positions: LSP counts UTF-16 code units in a line; the library counts characters.
:func:`to_lsp` and :func:`from_lsp` convert (a character outside the Basic
Multilingual Plane is two units).
"""

from __future__ import annotations

import json
import logging
import sys
from typing import Any, BinaryIO
from urllib.parse import unquote

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from indicator_dsl.diagnostics import Diagnostic
from indicator_dsl.limits import DEFAULT_LIMITS
from indicator_dsl.spec.lsp_frames import serve_frames
from indicator_dsl.spec.lsp_work import Analyser, Analysis, Lines, formatted, hover_texts
from indicator_dsl.spec.lsp_work import lsp_diagnostic as _lines_diagnostic
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


def lsp_diagnostic(text: str, d: Diagnostic) -> types.Diagnostic:
    """A diagnostic of ``text`` (a spec file, a cell) for the editor: its range from the
    character offsets (or else the line and column) in UTF-16 units, the fix under the message."""
    return _lines_diagnostic(Lines(text), d)


def hover_text(text: str, offset: int) -> str | None:
    """What hovering at ``offset`` shows: the reading of the target there, or None."""
    return Analysis(None, (), tuple(hover_texts(read_spec(text).spec))).hover_at(offset)


def make_server(*, delay: float = 0.2, inline_chars: int = 20_000, lang: str = "en") -> LanguageServer:
    """A language server for spec files, its features registered.  ``delay``: seconds without
    another edit before a document is analysed; ``inline_chars``: documents longer than this
    are analysed (and formatted) in a child process, cancelled by the next version; ``lang``:
    the language of its diagnostics ("en" or "zh")."""
    server = LanguageServer("indicator-dsl", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Full)

    def document(uri: str) -> tuple[str, int | None] | None:
        doc = server.workspace.text_documents.get(unquote(uri))
        return None if doc is None else (doc.source, doc.version)

    def publish(uri: str, analysis: Analysis) -> None:
        server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=uri, diagnostics=list(analysis.diagnostics), version=analysis.version))

    analyser = Analyser(document, publish, delay=delay, inline_chars=inline_chars, lang=lang)
    server.analyser = analyser  # type: ignore[attr-defined]  # for the tests and the curious

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: LanguageServer, params: types.DidOpenTextDocumentParams) -> None:
        analyser.changed(params.text_document.uri, now=True)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: LanguageServer, params: types.DidChangeTextDocumentParams) -> None:
        analyser.changed(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: LanguageServer, params: types.DidSaveTextDocumentParams) -> None:
        analyser.changed(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: LanguageServer, params: types.DidCloseTextDocumentParams) -> None:
        analyser.closed(params.text_document.uri)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[]))

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: LanguageServer, params: types.HoverParams) -> types.Hover | None:
        uri = params.text_document.uri
        doc = document(uri)
        if doc is None:
            return None
        text = doc[0]
        offset = from_lsp(text, params.position)
        done = analyser.current(uri)
        if done is not None:
            shown = done.hover_at(offset)
        elif len(text) <= inline_chars:
            shown = hover_text(text, offset)
        else:  # a large document still being analysed: nothing yet, and no wait
            shown = None
        if shown is None:
            return None
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=shown))

    @server.feature(types.TEXT_DOCUMENT_FORMATTING)
    async def formatting(ls: LanguageServer, params: types.DocumentFormattingParams) -> list[types.TextEdit] | None:
        doc = document(params.text_document.uri)
        if doc is None:
            return None
        text = doc[0]
        new = formatted(text) if len(text) <= inline_chars else await analyser.in_child(formatted, text)
        if new is None:
            return None
        if new == text:
            return []
        end = to_lsp(text, len(text))
        return [types.TextEdit(range=types.Range(start=types.Position(line=0, character=0), end=end), new_text=new)]

    return server


def serve(stdin: BinaryIO | None = None, stdout: BinaryIO | None = None, *, max_bytes: int = DEFAULT_LIMITS.file_bytes,
          verbose: bool = False, **options: Any) -> None:
    """Run the server on standard input and output until the client says exit or the input
    ends.  A message of more than ``max_bytes`` bytes, or one badly framed, is refused (the
    client is told with ``window/logMessage``) and the next one is answered.  ``verbose``:
    what the server does (each analysis started, cancelled, published) on standard error."""
    from pygls.io_ import StdoutWriter

    if verbose:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("indicator-dsl lsp: %(message)s"))
        for name in ("indicator_dsl.lsp", "indicator_dsl.spec.lsp_frames"):
            logging.getLogger(name).addHandler(handler)
            logging.getLogger(name).setLevel(logging.INFO)
    server = make_server(**options)
    protocol = server.protocol
    protocol.set_writer(StdoutWriter(stdout or sys.stdout.buffer))

    def refused(reason: str) -> None:
        server.window_log_message(types.LogMessageParams(type=types.MessageType.Warning,
                                                         message=f"indicator-dsl: a message was refused: {reason}"))

    def parse(body: bytes) -> Any:
        return json.loads(body, object_hook=protocol.structure_message)

    try:
        serve_frames(stdin or sys.stdin.buffer, protocol.handle_message, refused, max_bytes=max_bytes, parse=parse)
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.shutdown()  # type: ignore[no-untyped-call]

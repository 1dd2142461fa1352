"""The language server's work on a document: one analysis per version (its diagnostics and
what hovering shows, computed together, :func:`analyse`), debounced and cancelled when a
newer version comes (:class:`Analyser`).

An edit does not start an analysis at once: the server waits ``delay`` seconds for the next
one (and a second more per 2 million characters: a large document's edits take that long
to arrive), so ten quick edits are one analysis.  A document of more than ``inline_chars``
characters is analysed in a child process, which the next version of the document ends
(a 5 MB document takes a minute to read: its outdated analyses are stopped, not waited
for); a smaller one is analysed on the server's loop.  Only the analysis of the document's
current version is published; an outdated one never is.

>>> text = "名称：示例\\n年度：2025\\n一级 产出指标\\n  二级 数量指标\\n    三级 培训 | ≥90% | 分值 100\\n"
>>> a = analyse(text, 3)
>>> a.version, [d.code for d in a.diagnostics]
(3, ['W307'])
>>> a.hover_at(text.index("≥90%"))
'**compare** target\\n\\ncanonical: `>= 90 %`'
"""

from __future__ import annotations

import asyncio
import bisect
import logging
import multiprocessing
import os
import re
import sys
import threading
from typing import Any, Callable

import attrs
from lsprotocol import types

from indicator_dsl.diagnostics import Diagnostic, Severity
from indicator_dsl.messages import N_, Translator
from indicator_dsl.spec.lint import lint, silenced
from indicator_dsl.spec.read import read_spec

__all__ = ["Analysis", "Analyser", "analyse", "formatted", "Lines", "hover_texts", "lsp_diagnostic"]

log = logging.getLogger("indicator_dsl.lsp")


class Lines:
    """A text's line starts, for converting between character offsets and LSP positions (line,
    UTF-16 unit) in O(log n) each: a 5 MB document's thousands of diagnostics cost no scans."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0, *(m.end() for m in re.finditer("\n", text))]

    def position(self, offset: int) -> types.Position:
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self.starts, offset) - 1
        return types.Position(line=line, character=_utf16(self.text[self.starts[line]:offset]))

    def offset(self, line: int, col: int) -> int:
        """The offset of a 1-based line and column (clamped to the line)."""
        if line > len(self.starts):
            return len(self.text)
        start = self.starts[max(line, 1) - 1]
        end = self.starts[line] - 1 if line < len(self.starts) else len(self.text)
        return start + min(max(col, 1) - 1, end - start)

    def range(self, d: Diagnostic) -> types.Range:
        if d.start is not None:
            start = d.start
            end = max(d.end if d.end is not None else start, start)
        elif d.line is not None:
            start = self.offset(d.line, d.col or 1)
            end = self.offset(d.end_line, d.end_col or 1) if d.end_line is not None else start
            end = max(end, start)
        else:  # no position: the start of the document
            start = end = 0
        return types.Range(start=self.position(start), end=self.position(end))


def _utf16(text: str) -> int:
    return len(text) + sum(1 for c in text if ord(c) > 0xFFFF) if not text.isascii() else len(text)


_SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}


def lsp_diagnostic(lines: Lines, d: Diagnostic, lang: str = "en") -> types.Diagnostic:
    """A diagnostic for the editor: its range in UTF-16 units, the fix under the message, in
    ``lang`` ("en" or "zh")."""
    tr = Translator(lang)
    d = d.in_lang(tr)
    message = d.message + ("\n" + tr(N_("fix: {fix}"), fix=d.fix) if d.fix else "")
    return types.Diagnostic(range=lines.range(d), message=message, severity=_SEVERITIES[d.severity], code=d.code,
                            source="indicator-dsl")


def hover_texts(spec: Any) -> list[tuple[int, int, str]]:
    """What hovering shows over each target and indicator name of a spec read: (start, end,
    Markdown), in the order of the file."""
    out: list[tuple[int, int, str]] = []
    for l1, l2, ind in spec.indicators():
        ns, ts = ind.name_span, ind.target_span
        if ns is not None:
            fields = [f"{l1.name} › {l2.name} › **{ind.name}**"]
            if ind.weight is not None:
                fields.append(f"分值 {ind.weight}")
            if ind.direction is not None:
                fields.append(f"方向 {ind.direction.value}")
            out.append((ns.start, ns.end, "\n\n".join(fields)))
        if ts is not None and ind.target is not None:
            try:
                p = ind.read_target(spec.year)  # as the reader read it
            except Exception as e:  # noqa: BLE001 - a parser bug must not kill the server
                out.append((ts.start, ts.end, f"**target cannot be read**: {type(e).__name__}: {e}"))
                continue
            if p is None or p.target is None:
                why = p.error.message if p is not None and p.error is not None else "no reading"
                out.append((ts.start, ts.end, f"**target cannot be read**: {why}"))
            else:
                out.append((ts.start, ts.end, f"**{p.target.kind}** target\n\ncanonical: `{p.target}`"))
    out.sort(key=lambda h: h[0])
    return out


@attrs.frozen(slots=True)
class Analysis:
    """One version of a document analysed: its diagnostics (LSP) and hover texts."""

    version: int | None
    diagnostics: tuple[types.Diagnostic, ...]
    hovers: tuple[tuple[int, int, str], ...]

    def hover_at(self, offset: int) -> str | None:
        """What hovering at ``offset`` shows: the target or the indicator name there, or None."""
        i = bisect.bisect_right(self.hovers, (offset, sys.maxsize, "")) - 1
        for start, end, text in self.hovers[max(i - 1, 0):i + 1][::-1]:  # spans do not nest: the last two to start
            if start <= offset <= end:
                return text
        return None


def analyse(text: str, version: int | None, lang: str = "en") -> Analysis:
    """Every diagnostic ``indicator-dsl check`` reports for ``text`` (read once, as ``check_text``
    does: the reading's problems and the linter's, sorted, silenced ones left out) and its
    hover texts.  A bug met on the way is one diagnostic at the top of the document, never
    an exception (the server goes on)."""
    try:
        return _analyse(text, version, lang)
    except Exception as e:  # noqa: BLE001 - one document's bug must not kill the server
        log.exception("analysis of version %s failed", version)
        message = f"indicator-dsl could not check this document (an internal error: {type(e).__name__}: {str(e)[:200]})"
        start = types.Position(line=0, character=0)
        return Analysis(version, (types.Diagnostic(range=types.Range(start=start, end=start), message=message,
                                                   severity=types.DiagnosticSeverity.Error, code="internal",
                                                   source="indicator-dsl"),), ())


def _analyse(text: str, version: int | None, lang: str = "en") -> Analysis:
    read = read_spec(text)
    found = list(read.diagnostics) + lint(read)
    found.sort(key=lambda d: (d.line, d.col, d.code))
    lines = Lines(text)
    diagnostics = tuple(lsp_diagnostic(lines, d, lang) for d in silenced(found, text))
    return Analysis(version, diagnostics, tuple(hover_texts(read.spec)))


# ---------------------------------------------------------------------------
# analyses in a child process


def formatted(text: str) -> str | None:
    """``text`` in the canonical layout (``indicator-dsl fmt``), or None when it has errors."""
    from indicator_dsl.errors import SpecSyntaxError
    from indicator_dsl.spec.format import format_text

    try:
        return format_text(text)
    except SpecSyntaxError:
        return None


def _child(conn: Any) -> None:  # pragma: no cover - runs in the child process
    os.dup2(2, 1)  # nothing the child prints reaches the client's channel
    work, args = conn.recv()
    conn.send(work(*args))
    conn.close()


def _context() -> Any:
    if sys.platform != "win32" and "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["indicator_dsl.spec.lsp_work"])
        return ctx
    return multiprocessing.get_context("spawn")


class _Run:
    """One piece of work (``work(*args)``, a function of this module) in a child process;
    :meth:`cancel` ends it (from any thread)."""

    def __init__(self, uri: str, version: int | None, work: Callable[..., Any], *args: Any) -> None:
        self.uri, self.version, self.work, self.args = uri, version, work, args
        self.cancelled = False
        self._lock = threading.Lock()
        self._proc: Any = None

    def cancel(self) -> None:
        with self._lock:
            self.cancelled = True
            if self._proc is not None and self._proc.is_alive():
                self._proc.kill()

    def wait(self) -> Any:
        """Start the child, give it the work, wait for its result (None when cancelled).  A child
        that cannot be started (no processes here) leaves the work to this thread."""
        ctx = _context()
        try:
            parent, child = ctx.Pipe()
            with self._lock:
                if self.cancelled:
                    return None
                self._proc = ctx.Process(target=_child, args=(child,), daemon=True, name="indicator-dsl-analysis")
                self._proc.start()
            child.close()
        except Exception as e:  # noqa: BLE001 - no processes here (OSError, a broken forkserver): a thread then
            log.warning("no child process for the work (%s): doing it in a thread", e)
            return None if self.cancelled else self.work(*self.args)
        try:
            parent.send((self.work, self.args))
            return parent.recv()
        except (EOFError, OSError):  # killed: a newer version came
            return None
        finally:
            parent.close()
            self._proc.join(timeout=5)


class Analyser:
    """Analyses the documents of a server: debounced, the large ones in child processes that a
    newer version cancels, only the current version published.

    ``document(uri)`` gives the document's text and version now (None once closed);
    ``publish(uri, analysis)`` sends its diagnostics.  Both are called on the server's loop."""

    def __init__(self, document: Callable[[str], tuple[str, int | None] | None],
                 publish: Callable[[str, Analysis], None], *, delay: float = 0.2, inline_chars: int = 20_000,
                 lang: str = "en") -> None:
        self.document, self.publish, self.lang = document, publish, lang
        self.delay, self.inline_chars = delay, inline_chars
        self.analyses: dict[str, Analysis] = {}
        self._timers: dict[str, asyncio.TimerHandle] = {}
        self._runs: dict[str, _Run] = {}

    def changed(self, uri: str, *, now: bool = False) -> None:
        """The document changed (opened, edited, saved): analyse it after ``delay`` seconds without
        another change; ``now``: at once (a document just opened)."""
        loop = asyncio.get_running_loop()
        handle = self._timers.pop(uri, None)
        if handle is not None:
            handle.cancel()
        doc = self.document(uri)
        wait = self.delay + (len(doc[0]) if doc is not None else 0) / 2_000_000
        self._timers[uri] = loop.call_later(0 if now else wait, self._start, uri)

    def closed(self, uri: str) -> None:
        handle = self._timers.pop(uri, None)
        if handle is not None:
            handle.cancel()
        run = self._runs.pop(uri, None)
        if run is not None:
            run.cancel()
        self.analyses.pop(uri, None)

    def current(self, uri: str) -> Analysis | None:
        """The analysis of the document's current version, if it is done."""
        doc, a = self.document(uri), self.analyses.get(uri)
        return a if doc is not None and a is not None and a.version == doc[1] else None

    def _start(self, uri: str) -> None:
        self._timers.pop(uri, None)
        doc = self.document(uri)
        if doc is None:
            return
        text, version = doc
        run = self._runs.get(uri)
        if run is not None:
            if run.version == version:
                return  # this version is being analysed
            log.info("analysis of %s version %s cancelled: version %s came", uri, run.version, version)
            run.cancel()
        if (a := self.analyses.get(uri)) is not None and a.version == version:
            return
        log.info("analysis of %s version %s started (%d characters)", uri, version, len(text))
        if len(text) <= self.inline_chars:
            self._done(uri, analyse(text, version, self.lang))
            return
        run = self._runs[uri] = _Run(uri, version, analyse, text, version, self.lang)
        fut = asyncio.get_running_loop().run_in_executor(None, run.wait)
        fut.add_done_callback(lambda f: self._finished(run, f))

    async def in_child(self, work: Callable[..., Any], *args: Any) -> Any:
        """``work(*args)`` (a function of this module) in a child process, the loop free meanwhile."""
        return await asyncio.get_running_loop().run_in_executor(None, _Run("", None, work, *args).wait)

    def _finished(self, run: _Run, fut: asyncio.Future[Analysis | None]) -> None:
        if self._runs.get(run.uri) is run:
            del self._runs[run.uri]
        if fut.cancelled():
            return
        if fut.exception() is not None:
            log.error("analysis of %s version %s failed: %r", run.uri, run.version, fut.exception())
            return
        analysis = fut.result()
        if isinstance(analysis, Analysis):
            self._done(run.uri, analysis)

    def _done(self, uri: str, analysis: Analysis) -> None:
        doc = self.document(uri)
        if doc is None or doc[1] != analysis.version:
            log.info("analysis of %s version %s dropped: outdated", uri, analysis.version)
            return
        self.analyses[uri] = analysis
        log.info("analysis of %s version %s published (%d diagnostics)", uri, analysis.version,
                 len(analysis.diagnostics))
        self.publish(uri, analysis)

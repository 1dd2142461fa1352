"""Running ``batch`` over a stream: answers as rows arrive, and every core.

The input is read in blocks; just before a read would wait for more input the output is
flushed, so a program that keeps ``batch`` open as a co-process and sends one row gets
its answer at once, while a file or a fast pipe is written in large blocks.  Lines are
decoded one by one at the input boundary (:mod:`~indicator_dsl.evaluation.jsonlines`: a
line that is not UTF-8, or too long, is that line's error).

With ``jobs`` above one, the lines that can be read without waiting are cut into chunks
(at most ``chunk`` lines), each chunk is answered by a worker process, and the answers are
written in input order.  At most ``2 × jobs`` chunks are in flight, so memory stays
bounded whatever the input's length, and a slow row holds back only its chunk.  The
answers in flight are written out before a read that would wait for input (a file never
waits; a pipe waits when its writer is slower than the workers), so a co-process still
gets each answer before it sends the next row.  The workers start only once input arrives
in bulk (``BULK`` lines readable at once), so a short batch or a co-process never pays for
starting them; they are forked from the warm process when it runs no other thread (no
imports, no grammar to load again), else started by a fork server.  UTF-16 input is
answered by one process.
"""

from __future__ import annotations

import codecs
import collections
import os
import sys
import time
from decimal import Decimal
from typing import IO, TYPE_CHECKING, Any, BinaryIO, Callable, Iterator

from indicator_dsl.evaluation.batch import run_batch
from indicator_dsl.evaluation.jsonlines import BOMS, LineProblem, Prefixed, decode_line, decode_lines, too_long_line
from indicator_dsl.evaluation.policy import ScoringPolicy
from indicator_dsl.limits import DEFAULT_LIMITS, Limits
from indicator_dsl.messages import N_, Translator

if TYPE_CHECKING:  # pragma: no cover
    from concurrent.futures import Future, ProcessPoolExecutor

__all__ = ["run_stream", "default_jobs", "Flushing"]

BLOCK = 1 << 16
# this many lines waiting at once means input arrives in bulk: start the workers
BULK = 32


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


class Flushing:
    """A binary stream that calls ``on_wait`` before each read (a read may wait for input)."""

    def __init__(self, stream: BinaryIO, on_wait: Callable[[], None]) -> None:
        self._stream, self._on_wait = stream, on_wait
        self._read1 = getattr(stream, "read1", stream.read)

    def read(self, n: int = -1) -> bytes:
        self._on_wait()
        return self._stream.read(n)

    def read1(self, n: int = -1) -> bytes:
        self._on_wait()
        return bytes(self._read1(n))


class _Lines:
    """The lines of a byte stream, with a look at how many can be had without waiting."""

    def __init__(self, stream: Any, cap: int, waits: Callable[[], bool]) -> None:
        self._read = getattr(stream, "read1", stream.read)
        self._cap = cap
        self._waits = waits
        self._pending = collections.deque[bytes | None]()  # None: a line over the cap
        self._rest = b""
        self._dropping = False
        self._eof = False

    def _fill(self) -> None:
        block = self._read(BLOCK)
        if not block:
            self._eof = True
            if self._rest and not self._dropping:
                self._pending.append(self._rest)
            self._rest = b""
            return
        parts = (self._rest + block).split(b"\n")
        self._rest = parts.pop()
        for part in parts:
            if self._dropping:  # the end of a line over the cap
                self._dropping = False
                continue
            self._pending.append(part + b"\n" if len(part) < self._cap else None)
        if len(self._rest) >= self._cap and not self._dropping:
            self._pending.append(None)
            self._dropping = True
        if self._dropping:
            self._rest = b""

    def ready(self) -> bool:
        """Is a line (or the end) there without waiting for input?"""
        while not self._pending and not self._eof:
            if self._waits():
                return False
            self._fill()
        return True

    def next(self) -> tuple[bytes | None] | None:
        """The next line (None in the tuple: over the cap), or None at the end."""
        while not self._pending:
            if self._eof:
                return None
            self._fill()
        return (self._pending.popleft(),)


def _waits(stream: Any) -> Callable[[], bool]:
    """A test of whether reading ``stream`` now would wait for input: a pipe or terminal
    with nothing in it.  A stream without a file descriptor (BytesIO) never waits."""
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):
        return lambda: False
    import select

    def waits() -> bool:
        try:
            return not select.select([fd], [], [], 0)[0]
        except (OSError, ValueError):  # pragma: no cover - not selectable: read and see
            return False

    return waits


def _pool(jobs: int) -> ProcessPoolExecutor:
    """``jobs`` worker processes: forked from this warm process when no other thread runs (so
    each starts with the modules and the grammar already loaded), else from a fork server
    that has imported the package once."""
    import multiprocessing
    import threading
    from concurrent.futures import ProcessPoolExecutor

    from indicator_dsl.target.cell import warm

    if sys.platform != "win32" and threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        warm()
        for std in (sys.stdout, sys.stderr):  # a forked worker flushes what it inherits when it ends
            if std is not None:
                std.flush()
        return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"))
    name = "forkserver" if sys.platform != "win32" else "spawn"
    ctx = multiprocessing.get_context(name)
    if name == "forkserver":
        ctx.set_forkserver_preload([__name__])
    return ProcessPoolExecutor(max_workers=jobs, mp_context=ctx)


_ROWS = N_("{n} rows")


class _Progress:
    """Rows done, on a terminal's standard error, at most once a second (long runs only)."""

    def __init__(self, enabled: bool, lang: str = "en") -> None:
        self.enabled = enabled
        self.tr = Translator(lang)
        self.rows = 0
        self._last = time.monotonic()
        self._shown = False

    def add(self, n: int) -> None:
        self.rows += n
        if self.enabled and time.monotonic() - self._last >= 1.0:
            self._last = time.monotonic()
            self._shown = True
            print("\r" + self.tr(_ROWS, n=f"{self.rows:,}"), end="", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self._shown:
            print("\r" + self.tr(_ROWS, n=f"{self.rows:,}"), file=sys.stderr, flush=True)


def _counted(lines: Iterator[str | LineProblem], meter: _Progress) -> Iterator[str | LineProblem]:
    for line in lines:
        meter.add(1)
        yield line


def _answer(chunk: list[str | LineProblem], first_line: int, options: dict[str, Any]) -> tuple[str, int]:
    """A worker: the answers to a chunk of lines (the first is line ``first_line`` of the
    input), and the chunk's exit status."""
    import io

    out = io.StringIO()
    status = run_batch(chunk, out, first_line=first_line, **options)
    return out.getvalue(), status


def run_stream(
    stream: BinaryIO,
    out: IO[str],
    *,
    jobs: int = 1,
    chunk: int = 512,
    progress: bool = False,
    policy: ScoringPolicy | None = None,
    references: dict[str, Decimal] | None = None,
    lang: str = "en",
    cache: bool = True,
    limits: Limits = DEFAULT_LIMITS,
    encoding: str | None = None,
    strict: bool = False,
) -> int:
    """Answer every JSON line of ``stream`` on ``out``, in order, with ``jobs`` processes;
    the exit status is the worst of the lines'."""
    options: dict[str, Any] = {"references": references, "lang": lang, "cache": cache, "limits": limits,
                               "strict": strict}
    if policy is not None:
        options["policy"] = policy
    meter = _Progress(progress, lang)
    source = Flushing(stream, out.flush)
    head = source.read(4)
    bom = next(((b, e) for b, e in BOMS if head.startswith(b)), None)
    enc = codecs.lookup(encoding or (bom[1] if bom else "utf-8")).name
    if jobs <= 1 or enc.startswith(("utf-16", "utf-32")):
        # one process: one run over the stream, its target cache shared by every row
        try:
            return run_batch(_counted(decode_lines(Prefixed(head, source), limits, encoding), meter), out, **options)
        finally:
            meter.close()
    if bom is not None:
        head = head[len(bom[0]):]
    lines = _Lines(Prefixed(head, source), 4 * limits.line_chars + 1, _waits(stream))
    status = 0
    pool: ProcessPoolExecutor | None = None
    flight: collections.deque[Future[tuple[str, int]]] = collections.deque()
    line_no = 0

    def write(done: tuple[str, int]) -> None:
        nonlocal status
        text, st = done
        out.write(text)
        meter.add(text.count("\n"))
        status = max(status, st)

    def decoded(item: tuple[bytes | None]) -> str | LineProblem:
        nonlocal line_no
        line_no += 1
        raw = item[0]
        if raw is None:
            return LineProblem("line-too-long", too_long_line(line_no, limits))
        return decode_line(raw, line_no, enc, limits)

    try:
        while True:
            if not lines.ready():
                while flight:  # a read would wait: first write every answer there is
                    write(flight.popleft().result())
            first = lines.next()
            if first is None:
                break
            start = line_no + 1
            batch = [decoded(first)]
            while len(batch) < chunk and lines.ready():
                item = lines.next()
                if item is None:
                    break
                batch.append(decoded(item))
            if pool is None and len(batch) < BULK:
                # a co-process's single row, or a slow trickle: answer it here, now
                while flight:
                    write(flight.popleft().result())
                write(_answer(batch, start, options))
                continue
            if pool is None:
                out.flush()
                pool = _pool(jobs)
            flight.append(pool.submit(_answer, batch, start, options))
            while len(flight) >= 2 * jobs or (flight and flight[0].done()):
                write(flight.popleft().result())
        while flight:
            write(flight.popleft().result())
    finally:
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
        out.flush()
        meter.close()
    return status

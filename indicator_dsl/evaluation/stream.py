"""Running ``batch`` over a stream: answers as rows arrive, and every core.

:func:`lines_from` reads a binary stream (standard input) in blocks and hands out its
lines; just before it would wait for more input it calls ``on_wait`` — the command
line flushes its output there, so a program that keeps ``batch`` open as a co-process
and sends one row gets its answer at once, while a file or a fast pipe is written in
large blocks.

:func:`run_stream` runs :func:`~indicator_dsl.evaluation.batch.run_batch` over such a
stream with ``jobs`` worker processes: lines are cut into chunks of what is already
there (at most ``chunk`` lines), each chunk is answered by a worker, and answers are
written in input order.  At most ``2 × jobs`` chunks are in flight, so memory stays
bounded whatever the input's length, and a slow row holds back only its chunk.  The
workers start only once input arrives faster than one process answers it (a full
chunk is waiting), so a short batch never pays for starting them.
"""

from __future__ import annotations

import collections
import os
import sys
import time
from decimal import Decimal
from typing import IO, TYPE_CHECKING, Any, BinaryIO, Callable, Iterator

from indicator_dsl.evaluation.batch import run_batch
from indicator_dsl.evaluation.policy import ScoringPolicy

if TYPE_CHECKING:  # pragma: no cover
    from concurrent.futures import Future, ProcessPoolExecutor

__all__ = ["lines_from", "run_stream", "default_jobs"]

BLOCK = 1 << 16
# this many lines waiting at once means input arrives in bulk: start the workers
BULK = 32


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


class _Lines:
    """Lines of a binary stream, decoded as UTF-8 (undecodable bytes kept as surrogate
    escapes, for the batch to report), with a look at what is already buffered."""

    def __init__(self, stream: BinaryIO, on_wait: Callable[[], None] | None) -> None:
        self._read = getattr(stream, "read1", stream.read)
        self._on_wait = on_wait
        self._pending = collections.deque[bytes]()
        self._rest = b""
        self._eof = False

    def _fill(self) -> None:
        if self._on_wait is not None:
            self._on_wait()
        block = self._read(BLOCK)
        if not block:
            self._eof = True
            if self._rest:
                self._pending.append(self._rest)
                self._rest = b""
            return
        parts = (self._rest + block).split(b"\n")
        self._rest = parts.pop()
        self._pending.extend(parts)

    def ready(self) -> int:
        """How many lines can be handed out without waiting."""
        return len(self._pending)

    def next(self) -> str | None:
        """The next line (without its newline), or None at the end; may wait for input."""
        while not self._pending:
            if self._eof:
                return None
            self._fill()
        return self._pending.popleft().decode("utf-8", "surrogateescape")


def lines_from(stream: BinaryIO, on_wait: Callable[[], None] | None = None) -> Iterator[str]:
    """Every line of ``stream``; ``on_wait`` is called each time before reading blocks."""
    lines = _Lines(stream, on_wait)
    while (line := lines.next()) is not None:
        yield line


class _Progress:
    """Rows done, on a terminal's standard error, at most once a second (long runs only)."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.rows = 0
        self._last = time.monotonic()
        self._shown = False

    def add(self, n: int) -> None:
        self.rows += n
        if self.enabled and time.monotonic() - self._last >= 1.0:
            self._last = time.monotonic()
            self._shown = True
            print(f"\r{self.rows:,} rows", end="", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self._shown:
            print(f"\r{self.rows:,} rows", file=sys.stderr, flush=True)


def _counted(lines: Iterator[str], meter: _Progress) -> Iterator[str]:
    for line in lines:
        meter.add(1)
        yield line


def _answer(chunk: list[str], first_line: int, options: dict[str, Any]) -> tuple[str, int]:
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
) -> int:
    """Answer every JSON line of ``stream`` on ``out``, in order, with ``jobs`` processes;
    the exit status is the worst of the chunks'."""
    options: dict[str, Any] = {"references": references, "lang": lang, "cache": cache}
    if policy is not None:
        options["policy"] = policy
    meter = _Progress(progress)
    if jobs <= 1:  # one process: one run over the stream, its target cache shared by every row
        counted = _counted(lines_from(stream, out.flush), meter)
        try:
            return run_batch(counted, out, **options)
        finally:
            meter.close()
    lines = _Lines(stream, out.flush)
    status = 0
    pool: ProcessPoolExecutor | None = None
    flight: collections.deque[Future[tuple[str, int]]] = collections.deque()

    def write(done: tuple[str, int]) -> None:
        nonlocal status
        text, st = done
        out.write(text)
        meter.add(text.count("\n"))
        status = max(status, st)



    line_no = 1
    try:
        while True:
            first = lines.next()
            if first is None:
                break
            batch = [first]
            while len(batch) < chunk and lines.ready():
                batch.append(lines.next() or "")
            start, line_no = line_no, line_no + len(batch)
            if pool is None and len(batch) < BULK:
                # a co-process's single row, or a slow trickle: answer it here, now
                while flight:
                    write(flight.popleft().result())
                write(_answer(batch, start, options))
                continue
            if pool is None:
                import multiprocessing
                from concurrent.futures import ProcessPoolExecutor

                ctx = multiprocessing.get_context("forkserver" if sys.platform != "win32" else "spawn")
                pool = ProcessPoolExecutor(max_workers=jobs, mp_context=ctx)
            flight.append(pool.submit(_answer, batch, start, options))
            while len(flight) >= 2 * jobs or (flight and flight[0].done()):
                write(flight.popleft().result())
            if not lines.ready():
                while flight:
                    write(flight.popleft().result())
        while flight:
            write(flight.popleft().result())
    finally:
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
        out.flush()
        meter.close()
    return status

"""The language server's input: JSON-RPC messages framed by ``Content-Length`` headers, read
so that no input leaves the server deaf or dead (:class:`FrameReader`, :func:`serve_frames`).

pygls's own loop waits forever for the header it expects after one badly framed message, and
``Content-Length: 99999999999`` makes it allocate the length before reading.  Here:

- bytes before a ``Content-Length:`` header (garbage between messages, the rest of a body
  shorter than its header said) are skipped, and reading resynchronises on the next header;
- a length that is not a number, or beyond ``max_bytes``, is refused at once (nothing is
  allocated for it) and reading resynchronises on the next header;
- a body is read as its bytes arrive (memory grows with what was sent, never with what the
  header claims); a header inside a body means the body was shorter than its length said:
  the broken part is refused and the message that follows is read.  (A JSON body cannot hold
  ``Content-Length: N`` followed by a raw line break, so no valid body is ever cut.)  A body
  that is not a whole JSON object or array (its length too short, or pointing into the next
  header) is refused and reading goes on from its first byte.

Each refusal is a :class:`Refused` with the reason, which the server logs and tells the
client (``window/logMessage``); the next well-formed message is answered.

>>> import io
>>> r = FrameReader(io.BytesIO(b'junk\\r\\nContent-Length: 99999999999\\r\\n\\r\\n{}'
...                            b'Content-Length: 2\\r\\n\\r\\n{}'), max_bytes=1000)
>>> r.next()
Refused(reason='6 bytes that are not a message were skipped')
>>> r.next()
Refused(reason='a message of 99999999999 bytes; the limit is 1000')
>>> r.next()
b'{}'
>>> r.next() is None
True
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import threading
from typing import Any, BinaryIO, Callable

import attrs

__all__ = ["FrameReader", "Refused", "serve_frames"]

# a Content-Length header line; the value is checked apart (a bad one is refused, not skipped silently)
_HEADER = re.compile(rb"(?i)content-length[ \t]*:[ \t]*([^\r\n]*)\r?\n")
# a header with a number then a line break: never inside a JSON body (a string cannot hold a raw line break)
_HEADER_IN_BODY = re.compile(rb"(?i)content-length[ \t]*:[ \t]*\d+[ \t]*\r?\n")
_BLANK = re.compile(rb"\r?\n\r?\n")
_HEADERS_MAX = 8192  # bytes of the header block (Content-Length, Content-Type, …)
_CHUNK = 1 << 16


def _framed(body: bytes) -> bool:
    """Whether a body is framed as a JSON-RPC message is (an object or a batch, whole)."""
    b = body.strip()
    return len(b) >= 2 and b[:1] in (b"{", b"[") and b[-1:] in (b"}", b"]")


@attrs.frozen(slots=True)
class Refused:
    """Bytes that are no message: why they were skipped."""

    reason: str


class FrameReader:
    """Messages one by one from a byte stream (the server's standard input): :meth:`next` gives
    a body (bytes), a :class:`Refused`, or None at the end of the stream."""

    def __init__(self, stream: BinaryIO, max_bytes: int) -> None:
        self.stream = stream
        self.max_bytes = max_bytes
        self.buf = bytearray()
        self.eof = False
        self.skipped = 0  # bytes skipped since the last message (told once, before the next message)
        self.refused = False  # bytes right after a refusal are its rest: skipped without a word

    def _fill(self) -> bool:
        """More bytes into the buffer; False at the end of the stream."""
        if self.eof:
            return False
        read1 = getattr(self.stream, "read1", None)
        data = read1(_CHUNK) if read1 is not None else self.stream.read(_CHUNK)
        if not data:
            self.eof = True
            return False
        self.buf += data
        return True

    def _skip(self, n: int) -> None:
        if not self.refused:
            self.skipped += n
        del self.buf[:n]

    def next(self) -> bytes | Refused | None:
        while True:
            m = _HEADER.search(self.buf)
            if m is None:
                keep = 64  # a header may be arriving in pieces
                if len(self.buf) > keep:
                    self._skip(len(self.buf) - keep)
                if not self._fill():
                    self.buf.clear()
                    return None
                continue
            if m.start():
                self._skip(m.start())
                continue
            self.refused = False
            if self.skipped:
                n, self.skipped = self.skipped, 0
                return Refused(f"{n} bytes that are not a message were skipped")
            blank = _BLANK.search(self.buf, m.end() - 2, m.end() + _HEADERS_MAX)
            later = _HEADER.search(self.buf, m.end(), blank.end() if blank is not None else len(self.buf))
            if blank is None or later is not None:
                if later is not None or len(self.buf) > m.end() + _HEADERS_MAX:
                    return self._refuse(m.end(), "a Content-Length header without the blank line that ends the headers")
                if not self._fill():
                    self.buf.clear()
                    return None
                continue
            value = m.group(1).strip()
            if not value.isdigit() or len(value) > 20:
                return self._refuse(blank.end(), f"a Content-Length that is not a number: {value[:40]!r}")
            length = int(value)
            if length > self.max_bytes:  # its body, if any, is skipped as the bytes before the next header
                return self._refuse(blank.end(), f"a message of {length} bytes; the limit is {self.max_bytes}")
            start = searched = blank.end()
            while True:
                end = min(len(self.buf), start + length)
                inside = _HEADER_IN_BODY.search(self.buf, max(start, searched - 64), end)
                if inside is not None:  # the next message began: this body was shorter than its header said
                    return self._refuse(inside.start(), f"a body shorter than its Content-Length ({length}): "
                                                        "the next message began inside it")
                searched = end
                if end == start + length:
                    break
                if not self._fill():
                    self.buf.clear()
                    return None
            body = bytes(self.buf[start:start + length])
            if not _framed(body):  # its length was wrong: read on from the body's first byte
                return self._refuse(start, f"a body of {length} bytes that is not a JSON object or array: "
                                           "its Content-Length does not fit it")
            del self.buf[:start + length]
            return body

    def _refuse(self, upto: int, reason: str) -> Refused:
        del self.buf[:upto]
        self.skipped, self.refused = 0, True
        return Refused(reason)


def serve_frames(stream: BinaryIO, handle: Callable[[Any], None], refused: Callable[[str], None], *,
                 max_bytes: int, parse: Callable[[bytes], Any] = json.loads,
                 logger: logging.Logger | None = None) -> None:
    """Read messages from ``stream`` until it ends, on an event loop: each body decoded with
    ``parse`` and given to ``handle`` (both on the loop); each refusal, and each body that is
    not JSON, given to ``refused`` with its reason.  ``SystemExit`` from a handler (the exit
    notification) ends the loop; any other exception is logged and reading goes on.  The
    stream is read by a daemon thread a few messages ahead (never blocking the exit)."""
    log = logger or logging.getLogger(__name__)
    reader = FrameReader(stream, max_bytes)

    async def loop() -> None:
        running = asyncio.get_running_loop()
        frames: asyncio.Queue[bytes | Refused | None] = asyncio.Queue(maxsize=4)

        def read() -> None:
            while True:
                try:
                    frame = reader.next()
                except (OSError, ValueError):  # the stream was closed under the reader
                    frame = None
                try:
                    asyncio.run_coroutine_threadsafe(frames.put(frame), running).result()
                except RuntimeError:  # the loop is gone: the server is exiting
                    return
                if frame is None:
                    return

        threading.Thread(target=read, name="lsp-stdin", daemon=True).start()
        while True:
            frame = await frames.get()
            if frame is None:
                return
            if isinstance(frame, Refused):
                log.warning("refused: %s", frame.reason)
                refused(frame.reason)
                continue
            try:
                message = parse(frame)
            except Exception as e:  # not JSON, not a message pygls knows
                log.warning("refused: a body that is not a JSON-RPC message: %s", e)
                refused(f"a body that is not a JSON-RPC message: {type(e).__name__}: {str(e)[:200]}")
                continue
            try:
                handle(message)
            except Exception:  # one bad message never stops the server
                log.exception("a message could not be handled")

    asyncio.run(loop())

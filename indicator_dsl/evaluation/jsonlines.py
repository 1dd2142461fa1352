"""The input boundary of JSON Lines: bytes to text, text to a JSON value, a value to a line.

- :func:`decode_lines` cuts a byte stream into lines and decodes each one on its own:
  UTF-8 (a UTF-8 or UTF-16 byte order mark is honoured, another encoding may be
  declared).  A line that is not in the encoding, or longer than ``limits.line_chars``, is
  a :class:`LineProblem`, never a crash and never echoed: the other lines go on.
- :func:`load_line` reads one line as JSON within ``limits``: nesting deeper than
  ``limits.json_depth`` or an integer of more digits than ``limits.number_digits`` is a
  :class:`LineProblem` (once a RecursionError or a ValueError that stopped the run).
- :func:`dump_line` writes a value as one line of valid UTF-8 JSON: text holding a lone
  surrogate (``"\\ud800"`` in the input) is written as a JSON escape, never as raw bytes.

>>> load_line('{"id": 1, "target": "≥90%"}', DEFAULT_LIMITS)
{'id': 1, 'target': '≥90%'}
>>> load_line("[" * 100 + "]" * 100, DEFAULT_LIMITS)
Traceback (most recent call last):
  ...
indicator_dsl.evaluation.jsonlines.LineProblem: JSON nested deeper than 64 levels (the limit)
>>> dump_line({"id": "\\ud800"})
'{"id": "\\\\ud800"}'
>>> [x if isinstance(x, str) else x.code for x in decode_lines(io.BytesIO(b'{"a": 1}\\n\\xff\\xfe\\xfa\\n'), DEFAULT_LIMITS)]
['{"a": 1}\\n', 'not-utf8']
"""

from __future__ import annotations

import codecs
import functools
import io
import json
from typing import IO, Any, Iterator, Protocol

from indicator_dsl.limits import DEFAULT_LIMITS, Limits
from indicator_dsl.messages import N_, Detail, Message, as_message, msg

__all__ = ["LineProblem", "too_long_line", "decode_lines", "decode_line", "load_line", "dump_line", "dump_line_as", "after_id",
           "nesting_beyond", "BOMS", "Prefixed", "ByteSource"]


class ByteSource(Protocol):
    """What the readers need of a binary stream: ``read`` (``read1`` is used when there)."""

    def read(self, n: int = ..., /) -> bytes: ...


class LineProblem(Exception):
    """A line of JSON Lines that cannot be read: ``code``, ``message`` (no input bytes in it;
    English, ``said`` the :class:`~indicator_dsl.messages.Message` for other languages),
    ``pos`` (a character offset into the line, or None)."""

    def __init__(self, code: str, message: str | Message, pos: int | None = None) -> None:
        self.code, self.said, self.pos = code, as_message(message), pos
        self.message = str(self.said)
        super().__init__(code, self.said, pos)

    def __str__(self) -> str:
        return self.message


BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def decode_lines(stream: ByteSource, limits: Limits = DEFAULT_LIMITS, encoding: str | None = None) -> Iterator[str | LineProblem]:
    """Each line of ``stream`` (bytes) as text, or a :class:`LineProblem` for a line that cannot be
    decoded or is too long.  Memory stays within about one line of ``limits.line_chars``."""
    head = stream.read(4)
    for bom, enc in BOMS:
        if head.startswith(bom):
            head, encoding = head[len(bom):], encoding or enc
            break
    enc = codecs.lookup(encoding or "utf-8").name
    if enc.startswith(("utf-16", "utf-32")):
        text = io.TextIOWrapper(io.BufferedReader(Prefixed(head, stream)), encoding=enc, errors="replace", newline="")
        yield from _text_lines(text, limits)
        return
    raw = io.BufferedReader(Prefixed(head, stream))
    cap = 4 * limits.line_chars + 1
    n = 0
    while True:
        line = raw.readline(cap)
        if not line:
            return
        n += 1
        if len(line) == cap and not line.endswith(b"\n"):
            while (more := raw.readline(cap)) and not more.endswith(b"\n"):
                pass
            yield LineProblem("line-too-long", too_long_line(n, limits))
            continue
        yield decode_line(line, n, enc, limits)


def decode_line(line: bytes, n: int, enc: str = "utf-8", limits: Limits = DEFAULT_LIMITS) -> str | LineProblem:
    """Line ``n`` (its bytes) as text in ``enc``, or the :class:`LineProblem` it has."""
    if enc == "utf-8" and line.count(b"\x00") * 4 >= len(line.rstrip(b"\r\n")) > 0:
        return LineProblem("not-utf8", msg(N_("line {n} looks like UTF-16 or UTF-32 text without a byte order mark: "
                                              "convert the input to UTF-8 or give --encoding"), n=n))
    try:
        text = line.decode(enc)
    except UnicodeDecodeError as e:
        return LineProblem("not-utf8" if enc == "utf-8" else "bad-encoding",
                           msg(N_("line {n} is not {encoding} text (a byte that is not {encoding} at byte {at}); the input "
                                  "must be UTF-8, or name its encoding with --encoding (e.g. gb18030)"), n=n, encoding=enc,
                               at=e.start) if enc == "utf-8" else
                           msg(N_("line {n} is not {encoding} text (a byte that is not {encoding} at byte {at}); "
                                  "check --encoding"), n=n, encoding=enc, at=e.start))
    if len(text) > limits.line_chars:
        return LineProblem("line-too-long", too_long_line(n, limits))
    return text


def too_long_line(n: int, limits: Limits) -> Message:
    return msg(N_("line {n} is longer than {limit} characters (the limit)"), n=n, limit=limits.line_chars)


def _text_lines(text: IO[str], limits: Limits) -> Iterator[str | LineProblem]:
    n = 0
    while True:
        line = text.readline(limits.line_chars + 1)
        if not line:
            return
        n += 1
        if len(line) > limits.line_chars and not line.endswith("\n"):
            while (more := text.readline(limits.line_chars + 1)) and not more.endswith("\n"):
                pass
            yield LineProblem("line-too-long", too_long_line(n, limits))
            continue
        if "\ufffd" in line:
            yield LineProblem("bad-encoding", msg(N_("line {n} holds bytes that are not {encoding} text"), n=n,
                                                  encoding=text.encoding))  # type: ignore[attr-defined]
            continue
        yield line


class Prefixed(io.RawIOBase):
    """``stream`` with the bytes already read from it put back in front."""

    def __init__(self, head: bytes, stream: ByteSource) -> None:
        self._head, self._stream = head, stream

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        if self._head:
            n = min(len(b), len(self._head))
            b[:n], self._head = self._head[:n], self._head[n:]
            return n
        read1 = getattr(self._stream, "read1", None)
        data = read1(len(b)) if read1 is not None else self._stream.read(len(b))
        b[:len(data)] = data
        return len(data)


def nesting_beyond(text: str, most: int) -> int | None:
    """The offset where nesting passes ``most`` levels (strings skipped), or None.  Linear."""
    if text.count("[") + text.count("{") <= most:
        return None
    depth, in_string, k, n = 0, False, 0, len(text)
    while k < n:
        ch = text[k]
        if in_string:
            if ch == "\\":
                k += 2
                continue
            if ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > most:
                return k
        elif ch in "]}":
            depth -= 1
        k += 1
    return None


@functools.lru_cache(maxsize=8)
def _decoder(number_digits: int) -> json.JSONDecoder:
    """A JSON decoder whose integers have at most ``number_digits`` digits (one per limit:
    ``json.loads`` with a keyword makes a decoder for every line)."""

    def integer(digits: str) -> int:
        if len(digits.lstrip("-")) > number_digits:
            raise LineProblem("number-too-long", msg(N_("a JSON number of more than {limit} digits (the limit)"),
                                                     limit=number_digits))
        return int(digits)

    return json.JSONDecoder(parse_int=integer)


def load_line(text: str, limits: Limits = DEFAULT_LIMITS) -> Any:
    """One line of JSON within ``limits``; a :class:`LineProblem` otherwise."""
    at = nesting_beyond(text, limits.json_depth)
    if at is not None:
        raise LineProblem("too-deep", msg(N_("JSON nested deeper than {limit} levels (the limit)"), limit=limits.json_depth), at)
    try:
        if text.startswith("\ufeff"):  # as json.loads says it
            raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
        return _decoder(limits.number_digits).decode(text)
    except json.JSONDecodeError as e:
        raise LineProblem("not-json", msg(N_("not JSON: {error}"), error=Detail(e.msg, "JSONDecodeError")), e.pos) from None
    except RecursionError:  # pragma: no cover - the depth is checked first
        raise LineProblem("too-deep", msg(N_("JSON nested too deeply"))) from None
    except ValueError as e:  # e.g. a float of too many digits
        raise LineProblem("not-json", msg(N_("not JSON: {error}"), error=Detail(str(e), "ValueError"))) from None


_ID = '{"id": '
_SCAN: Any = json.JSONDecoder().scan_once  # type: ignore[attr-defined]  # (the decoder's scanner: value, end)


def after_id(text: str) -> str | None:
    """The text of a line of JSON after the value of its first member, when that member is
    ``"id"`` written as ``{"id": ``: the rest of the row (a run that met the same rest
    before has met the same fields).  None for a line written otherwise.

    >>> after_id('{"id": "r1", "target": "≥90%"}\\n')
    ', "target": "≥90%"}'
    """
    if not text.startswith(_ID):
        return None
    try:
        end = _SCAN(text, len(_ID))[1]
    except (StopIteration, ValueError, RecursionError):
        return None
    return text[end:].rstrip("\r\n")


_TEXT = json.JSONEncoder(ensure_ascii=False, check_circular=False)  # json.dumps(value, ensure_ascii=False), made
# once (the values written are trees made here: no circle to look for)
_LINE_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def dump_line(value: Any) -> str:
    """``value`` as one line of JSON that encodes to valid UTF-8 (lone surrogates escaped) and
    that no reader splits: the characters some take as line breaks (U+0085, U+2028, U+2029)
    are written as escapes too."""
    return dump_line_as(value)[0]


def dump_line_as(value: Any) -> tuple[str, bool]:
    """:func:`dump_line`, and whether the line is written in ASCII (with ``\\u`` escapes, as it
    is when the value holds a lone surrogate) rather than as UTF-8 text.  Two lines written
    as text join as their values do (what batch does to answer a repeated row)."""
    text = _TEXT.encode(value)
    ascii_only = False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text, ascii_only = json.dumps(value, ensure_ascii=True), True
    # rare: a scan for each is a memchr-like search, where translate looks up every character
    if "\x85" in text or "\u2028" in text or "\u2029" in text:
        return text.translate(_LINE_BREAKS), ascii_only
    return text, ascii_only

"""Normalisation of a verbatim cell into the text the grammar reads.

Published cells spell the same sign many ways (``≥ >= ≧ 》= ＞＝ $\\geq$``), mix
full-width and half-width characters and wrap units in any bracket.  ``normalize``
rewrites a cell into one spelling and keeps, for every output character, the span of
the input characters it came from, so that every position the parser reports points
into the text the user wrote.

>>> n = normalize("＞＝９０（％）")
>>> n.text
'≥90(%)'
>>> n.source_span(0, 1)       # "≥" came from the two characters "＞＝"
(0, 2)
>>> normalize("$\\\\geq 80\\\\%$").text
'≥ 80%'
>>> normalize(n.text).text == n.text   # idempotent
True
"""

from __future__ import annotations

import re
import unicodedata

import attrs

__all__ = ["Normalized", "normalize"]

# One character for another.  Full-width ASCII (U+FF01..U+FF5E) is handled by NFKC.
_CHAR_MAP = {
    "》": ">", "《": "<", "›": ">", "‹": "<", "〉": ">", "〈": "<",
    "≧": "≥", "≦": "≤", "⩾": "≥", "⩽": "≤",
    "﹦": "=", "═": "=", "＝": "=",
    "～": "~", "〜": "~", "∼": "~",
    "—": "-", "–": "-", "―": "-", "－": "-", "‐": "-", "‑": "-", "−": "-", "﹣": "-",
    "﹪": "%", "％": "%",
    "（": "(", "）": ")", "【": "(", "】": ")", "〔": "(", "〕": ")",
    "，": ",", "；": ";", "：": ":", "﹐": ",", "﹔": ";",
    "×": "*", "·": "*", "＊": "*",
    "$": "",  # LaTeX math delimiters
    "\t": " ", "\n": " ", "\r": " ", "\u3000": " ", "\xa0": " ",
}

# Several characters for one (applied after the character map).  Longest first.
_MULTI = [
    ("\\geqslant", "≥"), ("\\leqslant", "≤"), ("\\geq", "≥"), ("\\leq", "≤"),
    ("\\ge", "≥"), ("\\le", "≤"), ("\\gt", ">"), ("\\lt", "<"), ("\\times", "*"),
    ("\\sim", "~"), ("\\%", "%"),
    ("> =", "≥"), ("< =", "≤"),
    (">=", "≥"), ("=>", "≥"), ("<=", "≤"), ("=<", "≤"), ("==", "="),
]
_MULTI_RE = re.compile("|".join(re.escape(a) for a, _ in _MULTI))
_MULTI_TO = dict(_MULTI)


@attrs.frozen(slots=True)
class Normalized:
    """Normalised text and, per character, the half-open span it came from."""

    original: str
    text: str
    starts: tuple[int, ...] | None  # None: every character stayed in place
    ends: tuple[int, ...] | None

    @property
    def identity(self) -> bool:
        """True when every character of ``text`` sits where it was in ``original``."""
        return self.starts is None

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of ``text`` to the span of ``original`` it was made from."""
        n = len(self.text)
        if self.starts is None or self.ends is None:
            start = min(start, n)
            return (start, max(start, min(end, n)))
        if start >= n:
            return (len(self.original), len(self.original))
        if end <= start:
            s = self.starts[start]
            return (s, s)
        return (self.starts[start], self.ends[min(end, n) - 1])


def _char(c: str) -> str:
    mapped = _CHAR_MAP.get(c)
    if mapped is not None:
        return mapped
    if "\uff01" <= c <= "\uff5e":
        return unicodedata.normalize("NFKC", c)
    return c


_new = object.__new__
_set = object.__setattr__
_ONE_FOR_ONE = {ord(c): m for c, m in _CHAR_MAP.items() if len(m) == 1}
_ONE_FOR_ONE.update({cp: unicodedata.normalize("NFKC", chr(cp)) for cp in range(0xFF01, 0xFF5F) if cp not in _ONE_FOR_ONE})


# the characters _ONE_FOR_ONE changes: found by one search, each replaced where it stands
# (str.translate looks every character of a Chinese text up in the table, one by one)
_ONE_FOR_ONE_RE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_ONE_FOR_ONE)) + "]")
_ONE_FOR_ONE_STR = {chr(c): m for c, m in _ONE_FOR_ONE.items()}


def _one_for_one(m: re.Match[str]) -> str:
    return _ONE_FOR_ONE_STR[m.group()]


def normalize(text: str) -> Normalized:
    """Return the canonical spelling of ``text`` with its offset map."""
    if "$" not in text:
        # the common case: characters change one for one, so nothing moves
        fast = _ONE_FOR_ONE_RE.sub(_one_for_one, text)  # (the text itself when nothing changes)
        if not _MULTI_RE.search(fast):
            made = _new(Normalized)  # Normalized(text, fast, None, None), made quickly (it has no checks)
            _set(made, "original", text)
            _set(made, "text", fast)
            _set(made, "starts", None)
            _set(made, "ends", None)
            return made
    # pass 1: character by character
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for i, c in enumerate(text):
        m = _char(c)
        for piece in m:
            chars.append(piece)
            starts.append(i)
            ends.append(i + 1)
    mid = "".join(chars)
    # pass 2: multi-character spellings, until nothing changes ("===" -> "==" -> "=")
    while _MULTI_RE.search(mid):
        mid, starts, ends = _replace_multi(mid, starts, ends)
    return Normalized(text, mid, tuple(starts), tuple(ends))


def _replace_multi(
    mid: str, starts: list[int], ends: list[int]
) -> tuple[str, list[int], list[int]]:
    out: list[str] = []
    o_starts: list[int] = []
    o_ends: list[int] = []
    pos = 0
    for m in _MULTI_RE.finditer(mid):
        for k in range(pos, m.start()):
            out.append(mid[k])
            o_starts.append(starts[k])
            o_ends.append(ends[k])
        repl = _MULTI_TO[m.group()]
        for piece in repl:
            out.append(piece)
            o_starts.append(starts[m.start()])
            o_ends.append(ends[m.end() - 1])
        pos = m.end()
    for k in range(pos, len(mid)):
        out.append(mid[k])
        o_starts.append(starts[k])
        o_ends.append(ends[k])
    return "".join(out), o_starts, o_ends

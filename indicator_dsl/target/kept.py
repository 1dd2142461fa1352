"""Files kept between runs, so that a command starts without redoing work: the parsed
vocabulary, the grammar's tables and tokenizer (indicator_dsl.target.grammar).

The directory is ``$INDICATOR_DSL_CACHE`` or the user's cache directory
(``$XDG_CACHE_HOME`` or ``~/.cache``) under ``indicator-dsl``, made private to the user;
``INDICATOR_DSL_CACHE=off`` turns keeping off, and a directory that cannot be made means
nothing is kept.  A file's name carries a checksum of everything it is made from
(:func:`stamp`), so a changed grammar or vocabulary, or another Python, gets a new file;
a file that cannot be read is made again.  Nothing here imports more than ``os``,
``sys`` and ``zlib``: this module is used at start-up.
"""

from __future__ import annotations

import os
import sys
import zlib

__all__ = ["cache_dir", "stamp", "read", "write"]


def cache_dir() -> str | None:
    """The directory of the kept files, made if need be; None for nothing kept."""
    setting = os.environ.get("INDICATOR_DSL_CACHE", "")
    if setting.lower() in ("off", "0", "no", "false"):
        return None
    base = setting or os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"),
                                   "indicator-dsl")
    try:
        os.makedirs(base, mode=0o700, exist_ok=True)
    except OSError:
        return None
    return base if os.access(base, os.W_OK) else None


def stamp(*parts: str | bytes) -> str:
    """A checksum (64 bits) of ``parts`` and of the running Python's version."""
    data = b"\0".join(p.encode("utf-8", "surrogatepass") if isinstance(p, str) else p
                      for p in (sys.version, *parts))
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"


def read(name: str) -> bytes | None:
    """The kept file ``name``, or None."""
    base = cache_dir()
    if base is None:
        return None
    try:
        with open(os.path.join(base, name), "rb") as fh:
            return fh.read()
    except OSError:
        return None


def write(name: str, data: bytes) -> None:
    """Keep ``data`` as ``name`` (written whole or not at all: a reader never sees half a file)."""
    base = cache_dir()
    if base is None:
        return
    import tempfile

    try:
        fd, tmp = tempfile.mkstemp(dir=base, prefix=f".{name}.")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, os.path.join(base, name))
    except OSError:  # pragma: no cover - a full disk: nothing kept this time
        pass

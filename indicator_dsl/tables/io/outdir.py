"""Writing files safely: never through a symbolic link, never over a file written earlier in
the same run.

:func:`write_new` writes a file into a private directory made beside it and then renames it
into place: a symbolic link (or anything else) planted at the name is replaced, never
followed, so nothing outside the output directory is written.  :class:`OutputNames` gives the
files of one run distinct names in one directory (two tables with one id: ``X.ind`` and
``X~2.ind``) and notes each renaming, for the user.

>>> names = OutputNames(Path("out"))
>>> [names.path(i, ".ind").name for i in ("t1", "t1", "T1", "a/b", "..")]
['t1.ind', 't1~2.ind', 'T1~3.ind', 'a_b.ind', 'table.ind']
>>> print(names.notes[0])
table 't1' has the file name of an earlier table (t1.ind): written as t1~2.ind
>>> print(names.notes[0].render("zh"))
表't1'与前面的表文件名相同（t1.ind），另存为t1~2.ind
"""

from __future__ import annotations

import functools
import os
import re
import tempfile
from pathlib import Path
from typing import Callable

from indicator_dsl.messages import N_, Message, msg

__all__ = ["write_new", "text_writer", "OutputNames", "file_stem"]

_NAME_BYTES = 200  # a file name's bytes (most file systems allow 255), leaving room for ~N and a suffix


def file_stem(text: str) -> str:
    """A file name from a table id: no path separators, characters Windows refuses or control
    characters; no leading or trailing dots or spaces; at most 200 bytes of UTF-8."""
    name = re.sub(r"[\\/:*?\"<>|\x00-\x1f\x7f]", "_", text).strip(". ")
    while len(name.encode("utf-8", "surrogatepass")) > _NAME_BYTES:
        name = name[:-1]
    name = name.encode("utf-8", "replace").decode("utf-8").strip(". ")
    return name or "table"


def write_new(path: Path, write: Callable[[Path], object]) -> None:
    """Write the file ``path`` with ``write`` (which writes the path it is given), then move it
    into place: whatever is at ``path`` (a file, a symbolic link planted there) is replaced,
    never written through."""
    path = Path(path)
    private = tempfile.mkdtemp(prefix=".indicator-dsl-", dir=path.parent)
    try:
        tmp = Path(private) / ("new" + path.suffix)
        write(tmp)
        os.replace(tmp, path)
    finally:
        for p in Path(private).iterdir():
            p.unlink()
        os.rmdir(private)


class OutputNames:
    """Distinct file names in ``directory`` for the files of one run (compared without case,
    as Windows and macOS do); ``notes`` says which were renamed and why."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.used: set[str] = set()
        self.notes: list[Message] = []

    def path(self, tid: str, suffix: str) -> Path:
        name = base = file_stem(tid)
        k = 2
        while (name + suffix).lower() in self.used:
            name, k = f"{base}~{k}", k + 1
        self.used.add((name + suffix).lower())
        if name != base:
            self.notes.append(msg(N_("table {id} has the file name of an earlier table ({earlier}): written as {name}"),
                                  id=repr(tid), earlier=base + suffix, name=name + suffix))
        return self.directory / (name + suffix)


def text_writer(text: str) -> Callable[[Path], object]:
    """A writer for :func:`write_new`: ``text`` as UTF-8."""
    return functools.partial(_write_text, text)


def _write_text(text: str, path: Path) -> None:
    path.write_text(text, encoding="utf-8")

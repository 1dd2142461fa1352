"""What the table readers share: :class:`ReadProblem` (a file or row that could not be
read), decoding a text file (UTF-8 or GB18030), the year in a cell, and
:func:`without_provenance`.  Public through :mod:`indicator_dsl.tables.io`."""

from __future__ import annotations

import re
from pathlib import Path

import attrs

from indicator_dsl.tables.model import Table

__all__ = ["ReadProblem", "without_provenance"]


@attrs.frozen(slots=True)
class ReadProblem:
    """A file or row that could not be read."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def year_in(text: str) -> int | None:
    m = re.search(r"\d{4}", text or "")
    return int(m.group()) if m else None


def decode_text(path: Path, problems: list[ReadProblem]) -> str | None:
    try:
        data = path.read_bytes()
    except OSError as e:
        problems.append(ReadProblem(str(path), f"cannot be read: {e}"))
        return None
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    problems.append(ReadProblem(str(path), "cannot be read: neither UTF-8 nor GB18030 text"))
    return None


def without_provenance(table: Table) -> Table:
    """The table without where it was read from (``source``, each row's ``where``), for comparing."""
    return attrs.evolve(table, source=None, rows=tuple(attrs.evolve(r, where=None) for r in table.rows))

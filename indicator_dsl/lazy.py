"""Packages that import their public names on first use (PEP 562).

A package's ``__init__`` lists where each public name lives and hands the table to
:func:`exports`; nothing is imported until a name is used, so importing one stage (or the
command line) does not load every other.  Type checkers read the same names from an
``if TYPE_CHECKING:`` import block beside the table.
"""

from __future__ import annotations

import importlib
from typing import Any, Callable, Mapping

__all__ = ["exports"]


def exports(package: str, namespace: dict[str, Any], homes: Mapping[str, str]) -> tuple[
        Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for ``package``: name -> module where it lives."""

    def __getattr__(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(home), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(set(namespace) | set(homes))

    return __getattr__, __dir__

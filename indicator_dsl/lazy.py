"""Work done when first needed.

- Packages that import their public names on first use (PEP 562): a package's ``__init__``
  lists where each public name lives and hands the table to :func:`exports`; nothing is
  imported until a name is used, so importing one stage (or the command line) does not
  load every other.  Type checkers read the same names from an ``if TYPE_CHECKING:``
  import block beside the table.
- :class:`once`: an attribute computed on first reading and kept.
"""

from __future__ import annotations

import importlib
from typing import Any, Callable, Generic, Mapping, TypeVar, overload

__all__ = ["exports", "once"]

_T = TypeVar("_T")


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


class once(Generic[_T]):  # noqa: N801 - used as a decorator, like functools.cached_property
    """``functools.cached_property`` without its lock (Python 3.11 takes one on every first
    reading, which costs more than some of the readings it guards): the value computed on
    first reading is put in the instance's dict, where every later reading finds it.  For
    classes whose instances one thread uses.

    >>> class Cell:
    ...     @once
    ...     def tokens(self) -> list[str]:
    ...         print("cut")
    ...         return ["a"]
    >>> c = Cell()
    >>> c.tokens, c.tokens
    cut
    (['a'], ['a'])
    """

    def __init__(self, compute: Callable[[Any], _T]) -> None:
        self.compute, self.name = compute, compute.__name__
        self.__doc__ = compute.__doc__

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> once[_T]: ...

    @overload
    def __get__(self, instance: object, owner: type | None = None) -> _T: ...

    def __get__(self, instance: object, owner: type | None = None) -> _T | once[_T]:
        if instance is None:
            return self
        value = self.compute(instance)
        instance.__dict__[self.name] = value
        return value

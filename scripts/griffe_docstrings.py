"""A Griffe extension for the API reference (mkdocs.yml, docs/reference.md): the docstrings are
written for ``help()`` and doctest, with reST roles; the site renders them as Markdown.

- a doctest example (``>>>`` lines, ``...`` lines and the output up to a blank line) is
  shown as a ``pycon`` code block, not as a paragraph whose lines run together (and whose
  output, such as ``['[20,100]']``, Markdown would take for links);
- a reST role (:func:`parse_target`, :class:`~indicator_dsl.tables.Table`) is shown as
  code (``parse_target``, ``Table``).

The docstrings themselves are not changed; only what the site shows of them.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_ROLE = re.compile(r":(?:py:)?(?:func|class|meth|mod|attr|data|exc|obj|const|ref|term):`(~?)([^`]+)`")


def _role(m: re.Match[str]) -> str:
    """The role's target as code: ``~a.b.c`` shows ``c``."""
    return f"`{m.group(2).rsplit('.', 1)[-1] if m.group(1) else m.group(2)}`"


def markdown(text: str) -> str:
    """``text`` (a docstring) with its doctest examples fenced and its reST roles as code
    (tests/test_docs_site.py shows it at work)."""
    out: list[str] = []
    fenced = example = False
    indent = ""
    for line in text.split("\n"):
        stripped = line.lstrip()
        if example and not stripped:
            out.append(indent + "```")
            example = False
        if not example and stripped.startswith("```"):
            fenced = not fenced
        elif not example and not fenced and stripped.startswith(">>>"):
            indent = line[: len(line) - len(stripped)]
            out.append(indent + "```pycon")
            example = True
        if not example and not fenced:
            line = _ROLE.sub(_role, line)
        out.append(line)
    if example:
        out.append(indent + "```")
    return "\n".join(out)


class DocstringsAsMarkdown(griffe.Extension):
    """Show every docstring as :func:`markdown` makes it."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = markdown(obj.docstring.value)

"""The installed version of indicator_dsl.

Read from the package's installed metadata (the ``Version:`` line of the first
``indicator_dsl-*.dist-info`` on ``sys.path``, where importlib.metadata finds it too),
without importing importlib.metadata, which costs a command a tenth of its start-up;
importlib.metadata answers when the metadata lies elsewhere (a zip, an egg).
"""

from __future__ import annotations

import os
import sys

__all__ = ["__version__"]

_NAME = "indicator_dsl"


def _from_dist_info() -> str | None:
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if not name.endswith(".dist-info"):
                continue
            project = name[: -len(".dist-info")].rpartition("-")[0] or name[: -len(".dist-info")]
            if project.lower().replace("-", "_").replace(".", "_") != _NAME:
                continue
            try:
                with open(os.path.join(entry or ".", name, "METADATA"), encoding="utf-8") as fh:
                    for line in fh:
                        if line.startswith("Version:"):
                            return line[len("Version:"):].strip()
                        if not line.strip():
                            break  # the headers end at the first blank line
            except OSError:
                pass
    return None


def _version() -> str:
    found = _from_dist_info()
    if found is not None:
        return found
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("indicator-dsl")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0+unknown"


__version__ = _version()

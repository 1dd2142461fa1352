"""The package passes ``mypy --strict`` (the settings are [tool.mypy] in pyproject.toml).

The suite runs the type check, so the README's test command (and CI) fails on a type
error as it fails on a broken test.  mypy is a development dependency (the ``dev``
extra): the check is never skipped.  Its cache is kept in .mypy_cache at the root of
the work tree, so a run after a small change takes a few seconds.
"""

from __future__ import annotations

import os
from pathlib import Path

from mypy import api

ROOT = Path(__file__).resolve().parent.parent


def test_package_passes_strict_type_check() -> None:
    here = os.getcwd()
    os.chdir(ROOT)  # the [tool.mypy] files and paths are relative to the project root
    try:
        out, err, status = api.run(["--config-file", str(ROOT / "pyproject.toml"),
                                    "--cache-dir", str(ROOT / ".mypy_cache"), "--no-error-summary"])
    finally:
        os.chdir(here)
    assert status == 0, f"mypy --strict found type errors:\n{out}{err}"


def test_config_is_strict() -> None:
    """The check means what the README says: strict, on the whole package."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert config["strict"] is True
    assert config["files"] == ["indicator_dsl"]
    assert not any(o.get("ignore_errors") for o in config.get("overrides", []))
    assert (ROOT / "indicator_dsl" / "py.typed").is_file()

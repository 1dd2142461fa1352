"""The public API: everything in indicator_dsl.__all__ imports, and the version is a string."""

from __future__ import annotations

import importlib

import indicator_dsl


def test_all_names_import():
    """Every name in __all__ is an attribute of the package and survives ``from indicator_dsl import``."""
    assert indicator_dsl.__all__
    module = importlib.import_module("indicator_dsl")
    for name in indicator_dsl.__all__:
        assert hasattr(module, name), name
    namespace: dict = {}
    exec(f"from indicator_dsl import {', '.join(indicator_dsl.__all__)}", namespace)
    assert all(name in namespace for name in indicator_dsl.__all__)


def test_all_has_no_duplicates():
    """__all__ lists each name once."""
    assert len(set(indicator_dsl.__all__)) == len(indicator_dsl.__all__)


def test_core_names_are_public():
    """The parser entry points and the model classes are in __all__."""
    core = {"parse_target", "TargetSyntaxError", "IndicatorError", "Compare", "Range", "Approx", "Qualitative",
            "Schedule", "Deadline", "Relative", "AllOf", "Op", "Period", "Span"}
    assert core <= set(indicator_dsl.__all__)


def test_version_is_a_string():
    """__version__ is a non-empty string."""
    assert isinstance(indicator_dsl.__version__, str) and indicator_dsl.__version__

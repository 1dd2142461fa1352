"""The public API: everything in indicator_dsl.__all__ imports and is on docs/api.md, and the version is a string."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

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


DOCS = Path(__file__).resolve().parent.parent / "docs"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def test_every_public_name_is_in_the_api_page():
    """Every name in __all__ is listed, in backticks, in docs/api.md."""
    page = (DOCS / "api.md").read_text(encoding="utf-8")
    missing = [n for n in indicator_dsl.__all__ if f"`{n}`" not in page and f"`{n}(" not in page]
    assert not missing, f"not in docs/api.md: {missing}"


def test_evaluate_is_the_function():
    """``from indicator_dsl import evaluate`` gives the scoring function, not a module of that name."""
    from indicator_dsl import Outcome, evaluate

    assert inspect.isfunction(evaluate) and evaluate.__name__ == "evaluate"
    assert isinstance(evaluate("≥600.00(场)", "295.00(场)", weight=10), Outcome)


def test_read_tables_takes_one_path_or_a_list():
    """read_tables reads one path, as str or Path, the same as a list holding it."""
    from indicator_dsl import read_tables

    path = FIXTURES / "tables"
    tables, problems = read_tables([path])
    assert tables and not problems
    ids = [t.id for t in tables]
    for one in (path, str(path), (path,), [str(path)]):
        got, problems = read_tables(one)
        assert [t.id for t in got] == ids and not problems, one
    (table,), problems = read_tables(str(FIXTURES / "layout" / "002-t1.tsv"))
    assert not problems and table.rows


def test_public_names_are_never_shadowed_by_submodules():
    """Every public name of every package is the object it names, not a submodule of the
    same name, also after every submodule has been imported (names are loaded lazily)."""
    import importlib
    import pkgutil
    import types

    packages = ["indicator_dsl", "indicator_dsl.target", "indicator_dsl.evaluation", "indicator_dsl.tables",
                "indicator_dsl.spec"]
    for info in pkgutil.walk_packages(indicator_dsl.__path__, "indicator_dsl."):
        if not info.name.endswith(("__main__", ".lsp")):
            importlib.import_module(info.name)
    for name in packages:
        pkg = importlib.import_module(name)
        for public in pkg.__all__:
            assert not isinstance(getattr(pkg, public), types.ModuleType), f"{name}.{public} is a module"
    from indicator_dsl import audit, evaluate

    assert callable(audit) and callable(evaluate)

"""The documentation site builds with warnings as errors: every page of docs/ in the
navigation, every link and anchor found, and the API reference (docs/reference.md)
generated from the docstrings by mkdocstrings without a warning."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_spec = importlib.util.spec_from_file_location("griffe_docstrings", ROOT / "scripts" / "griffe_docstrings.py")
assert _spec is not None and _spec.loader is not None
griffe_docstrings = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(griffe_docstrings)


def test_docstrings_show_their_examples_and_roles_as_code() -> None:
    text = "Find them.\n\n>>> find_ranges('x')\n['[20,100]']\n\nSee :func:`~indicator_dsl.find_ranges`, :class:`Table`."
    assert griffe_docstrings.markdown(text).split("\n") == [
        "Find them.", "", "```pycon", ">>> find_ranges('x')", "['[20,100]']", "```", "",
        "See `find_ranges`, `Table`."]
    fenced = "```python\n>>> x\n```"
    assert griffe_docstrings.markdown(fenced) == fenced  # already code: left alone
    assert griffe_docstrings.markdown("    >>> x\n    1").split("\n") == ["    ```pycon", "    >>> x", "    1", "    ```"]


def test_mkdocs_builds_the_site_strictly(tmp_path: Path) -> None:
    site = tmp_path / "site"
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file",
                           str(ROOT / "mkdocs.yml"), "--site-dir", str(site)],
                          capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-4000:]
    assert "WARNING" not in proc.stderr, proc.stderr[-4000:]
    pages = {p.stem for p in (ROOT / "docs").glob("*.md")}
    built = {p.parent.name for p in site.glob("*/index.html")}
    assert pages - {"index"} <= built, pages - built
    ref = (site / "reference" / "index.html").read_text(encoding="utf-8")
    # signatures and docstrings of the public API, from the code
    for name in ("parse_target", "evaluate", "score_table", "audit", "read_tables", "Diagnostic", "ScoringPolicy",
                 "write_report", "write_xlsx"):
        assert re.search(rf'id="indicator_dsl\.[\w.]*{name}"', ref), name
    assert "Read a target cell into a typed target." in ref
    assert '<div class="language-pycon highlight">' in ref or 'class="language-pycon' in ref

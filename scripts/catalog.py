"""Keep the message catalogs: extract the marked messages, update the zh_CN catalog, compile it.

    python scripts/catalog.py            # extract + update the .po (new messages get an empty msgstr) + compile the .mo
    python scripts/catalog.py --check    # fail when a message is missing, untranslated, fuzzy, or the .mo is stale

Messages are marked with ``N_("...")`` (indicator_dsl/messages.py); babel.cfg says the same
for ``pybabel extract``.  tests/test_messages.py runs the check.
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "indicator_dsl"
PO = PACKAGE / "locale" / "zh_CN" / "LC_MESSAGES" / "indicator_dsl.po"
MO = PO.with_suffix(".mo")
PLACEHOLDER = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)\}")


def extract() -> Catalog:
    """Every message marked N_(...) in the package, with where it is used."""
    template = Catalog(project="indicator-dsl", fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
            str(PACKAGE), method_map=[("**.py", "python")], keywords={"N_": None},
            comment_tags=("TRANSLATORS:",), strip_comment_tags=True):
        template.add(message, None, [(f"indicator_dsl/{filename}", lineno)], auto_comments=comments, context=context)
    return template


def read() -> Catalog:
    with PO.open("rb") as f:
        return read_po(f, locale="zh_CN", domain="indicator_dsl")


def compiled(catalog: Catalog) -> bytes:
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    return buf.getvalue()


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def problems(template: Catalog, catalog: Catalog) -> list[str]:
    """What is wrong with ``catalog`` against the messages of the code (empty: complete)."""
    out = []
    for m in template:
        if not m.id:
            continue
        t = catalog.get(m.id, context=m.context)
        if t is None:
            out.append(f"no Chinese entry: {m.id!r} ({m.locations[0][0]}:{m.locations[0][1]})")
        elif not t.string:
            out.append(f"empty Chinese text: {m.id!r}")
        elif t.fuzzy:
            out.append(f"fuzzy Chinese text: {m.id!r}")
        elif placeholders(m.id) != placeholders(str(t.string)):
            out.append(f"placeholders differ: {m.id!r} {sorted(placeholders(m.id))} vs {t.string!r}")
    return out


def update() -> None:
    template = extract()
    catalog = read() if PO.exists() else Catalog(locale="zh_CN", domain="indicator_dsl")
    created = catalog.creation_date  # a date that moves on every run would make every merge conflict
    catalog.update(template, no_fuzzy_matching=True)
    catalog.creation_date = created
    catalog.obsolete.clear()
    write(catalog)


def write(catalog: Catalog) -> None:
    """Write the .po (no line numbers, so that moving code does not change it) and compile the .mo."""
    catalog.project, catalog.version, catalog.fuzzy = "indicator-dsl", "", False
    catalog.header_comment = "# The Chinese (zh_CN) messages of indicator-dsl; python scripts/catalog.py updates this file.\n#"
    catalog.copyright_holder, catalog.msgid_bugs_address = "the indicator-dsl authors", ""
    catalog.last_translator = catalog.language_team = "indicator-dsl"
    for m in catalog:
        m.flags.discard("python-format")  # braces, not %: a "%" in the text is a percent sign
    with PO.open("wb") as f:
        write_po(f, catalog, width=0, sort_output=False, include_previous=False, include_lineno=False)
    MO.write_bytes(compiled(catalog))


def main(argv: list[str]) -> int:
    if "--check" in argv:
        bad = problems(extract(), read())
        if not MO.exists() or MO.read_bytes() != compiled(read()):
            bad.append(f"{MO} is not the compiled {PO.name}: run python scripts/catalog.py")
        print("\n".join(bad) or "catalog complete")
        return 1 if bad else 0
    update()
    print(f"updated {PO.relative_to(ROOT)} and {MO.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

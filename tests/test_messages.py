"""The message catalogs are complete: every marked message has Chinese text, none is fuzzy,
placeholders agree between the languages, and the shipped .mo is the compiled .po."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog

from indicator_dsl.messages import LANGS, N_, Translator, lang_of, locale_lang

_SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "catalog.py"
_spec = importlib.util.spec_from_file_location("catalog_script", _SCRIPT)
assert _spec is not None and _spec.loader is not None
catalog = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(catalog)


@pytest.fixture(scope="module")
def template() -> Catalog:
    return catalog.extract()


def test_every_message_has_chinese_text_with_the_same_placeholders(template: Catalog) -> None:
    assert len(template) > 20
    assert catalog.problems(template, catalog.read()) == []


def test_the_shipped_mo_is_the_compiled_po() -> None:
    assert catalog.MO.read_bytes() == catalog.compiled(catalog.read()), "run python scripts/catalog.py"


def test_the_check_finds_each_kind_of_problem() -> None:
    template = Catalog()
    for msgid in ("a {x}", "b {y}", "c", "d"):
        template.add(msgid, locations=[("m.py", 1)])
    zh = Catalog(locale="zh_CN")
    zh.add("a {x}", "甲{x}")
    zh.add("b {y}", "乙{z}")
    zh.add("c", "")
    found = catalog.problems(template, zh)
    assert [p.split(":")[0] for p in found] == ["placeholders differ", "empty Chinese text", "no Chinese entry"]
    zh.add("d", "丁", flags=["fuzzy"])
    assert catalog.problems(template, zh)[-1].startswith("fuzzy")


def test_every_chinese_message_renders_with_its_placeholders(template: Catalog) -> None:
    tr = Translator("zh")
    for m in template:
        if m.id:
            fields = {name: "X" for name in catalog.placeholders(m.id)}
            assert tr(m.id, **fields), m.id  # no KeyError, no stray brace


def test_language_is_a_value() -> None:
    assert LANGS == ("en", "zh")
    with pytest.raises(ValueError):
        Translator("fr")
    assert Translator("en")(N_("zero")) == "zero"
    assert [lang_of(x) for x in ("zh", "zh-TW", "ZH_cn.utf8", "en_GB", "", "C")] == ["zh", "zh", "zh", "en", "en", "en"]
    assert locale_lang({"LC_MESSAGES": "zh_CN.UTF-8", "LANG": "en_US"}) == "zh"

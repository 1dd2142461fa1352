"""Human-facing messages in English and Chinese, from gettext message catalogs.

Every sentence a person reads is written once, in English, in the code where it is
made, marked with :func:`N_` (the gettext marker ``pybabel extract`` finds, see
``babel.cfg``), with named placeholders (``{actual}``).  Its Chinese text is in the
catalog ``indicator_dsl/locale/zh_CN/LC_MESSAGES/indicator_dsl.po``, compiled to the
``.mo`` file beside it (``scripts/catalog.py`` extracts, updates and compiles;
tests/test_messages.py fails when a message has no Chinese text, is fuzzy, or its
placeholders differ between the languages).  English needs no catalog: the msgid is
the English text.

The language is a value passed in, never module state: a :class:`Translator` for
``"en"`` or ``"zh"`` renders a marked message with its fields.

>>> tr = Translator("zh")
>>> tr(N_("{actual} meets the target {target} (rule {rule})"), actual="95%", target="≥90%", rule=2)
'实际95%，达到目标≥90%（规则2）'
>>> Translator("en")(N_("{actual} meets the target {target} (rule {rule})"), actual="95%", target="≥90%", rule=2)
'95% meets the target ≥90% (rule 2)'
>>> lang_of("zh_CN.UTF-8"), lang_of("en_US"), lang_of(None)
('zh', 'en', 'en')
>>> locale_lang({"LANG": "zh_CN.UTF-8"}), locale_lang({"LC_ALL": "C", "LANG": "zh_CN"}), locale_lang({})
('zh', 'en', 'en')
"""

from __future__ import annotations

import functools
import gettext
from collections.abc import Mapping
from typing import Any

import attrs

__all__ = ["N_", "Translator", "LANGS", "DOMAIN", "lang_of", "locale_lang", "EN", "ZH"]

LANGS = ("en", "zh")
DOMAIN = "indicator_dsl"
_LOCALE = {"zh": "zh_CN"}


def N_(msgid: str) -> str:  # noqa: N802 (the gettext marker's usual name)
    """Mark ``msgid`` (English, with ``{named}`` placeholders) as a message; returns it unchanged."""
    return msgid


def lang_of(value: str | None) -> str:
    """``"zh"`` for a Chinese language or locale name (``zh``, ``zh_CN``, ``zh-TW``, ``zh_CN.UTF-8``), else ``"en"``."""
    return "zh" if value and value.strip().lower().replace("-", "_").split("_")[0].split(".")[0] == "zh" else "en"


def locale_lang(environ: Mapping[str, str]) -> str:
    """The language of the user's locale: the first of LC_ALL, LC_MESSAGES, LANG that is set (as :func:`lang_of`)."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:
            return lang_of(value)
    return "en"


@functools.cache
def _catalog(lang: str) -> gettext.NullTranslations:
    locale = _LOCALE.get(lang)
    if locale is None:
        return gettext.NullTranslations()
    from importlib import resources  # (when a catalog is first needed: it costs start-up)

    path = resources.files("indicator_dsl") / "locale" / locale / "LC_MESSAGES" / f"{DOMAIN}.mo"
    with path.open("rb") as fp:
        return gettext.GNUTranslations(fp)


def _check_lang(instance: object, attribute: object, value: str) -> None:
    if value not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {value!r}")


@attrs.frozen(slots=True)
class Translator:
    """Renders marked messages in ``lang`` ("en" or "zh"): ``tr(N_("text {x}"), x=1)``."""

    lang: str = attrs.field(default="en", validator=_check_lang)

    def __call__(self, msgid: str, /, **fields: Any) -> str:
        """``msgid`` in this language with its ``{placeholders}`` filled from ``fields``."""
        text = msgid if self.lang == "en" else _catalog(self.lang).gettext(msgid)
        return text.format(**fields)

    def word(self, msgid: str) -> str:
        """A message without placeholders (a heading, a verdict's name) in this language."""
        return msgid if self.lang == "en" else _catalog(self.lang).gettext(msgid)


EN = Translator("en")
ZH = Translator("zh")

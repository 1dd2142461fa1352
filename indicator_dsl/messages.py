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

A message made where the language is not known yet (an exception raised deep in a
parser, a reading problem found before anyone asks for a language) is a
:class:`Message`: the marked msgid and its fields, rendered later in any language.
Its ``str()`` is the English text; a field may itself be a message:

>>> m = msg(N_("there is no month {month}"), month=13)
>>> str(m), m.render("zh")
('there is no month 13', '不存在13月')
>>> e = msg(N_("{message}: expected {expected}"), message=m, expected=or_words([msg(N_("a number")), "%"]))
>>> str(e), e.render(ZH)
('there is no month 13: expected a number or %', '不存在13月，应为数字或%')
"""

from __future__ import annotations

import functools
import gettext
from collections.abc import Mapping
from typing import Any, Iterable

import attrs

__all__ = ["N_", "Translator", "LANGS", "DOMAIN", "lang_of", "locale_lang", "EN", "ZH", "Message", "msg", "verbatim",
           "as_message", "or_words", "comma_words", "render", "Detail", "detail"]

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


def _render_field(value: Any, tr: Translator) -> Any:
    return value.render(tr) if isinstance(value, (Message, Detail)) else value


@attrs.frozen(slots=True)
class Detail:
    """What another library or the system said about an error (its text is English only): a
    message field shown in full in English, and only as the error's ``kind`` (its type, such
    as ``PermissionError``) in another language.

    >>> d = detail(PermissionError(13, "Permission denied"))
    >>> msg(N_("cannot be read: {error}"), error=d).render("en"), msg(N_("cannot be read: {error}"), error=d).render("zh")
    ('cannot be read: [Errno 13] Permission denied', '无法读取：PermissionError')
    """

    text: str = attrs.field(validator=attrs.validators.instance_of(str))
    kind: str = attrs.field(validator=attrs.validators.instance_of(str))

    def render(self, lang: str | Translator = "en") -> str:
        code = lang.lang if isinstance(lang, Translator) else lang
        return self.text if code == "en" else self.kind

    def __str__(self) -> str:
        return self.text


def detail(error: BaseException, *, typed: bool = False) -> Detail:
    """An exception's text as a :class:`Detail` (``typed``: the English text starts with its type)."""
    kind = type(error).__name__
    return Detail(f"{kind}: {error}" if typed else str(error), kind)


def _pairs(value: Iterable[tuple[str, Any]]) -> tuple[tuple[str, Any], ...]:
    return tuple(value)


@attrs.frozen(slots=True)
class Message:
    """A marked message not yet in a language: ``msgid`` (English, marked with :func:`N_`) and
    its ``fields`` as (name, value) pairs; a value may be a :class:`Message` too.  ``str()`` is
    the English text, :meth:`render` the text in a language.  Frozen; it pickles."""

    msgid: str = attrs.field(validator=attrs.validators.instance_of(str))
    fields: tuple[tuple[str, Any], ...] = attrs.field(default=(), converter=_pairs)

    def render(self, lang: str | Translator = "en") -> str:
        """The text in ``lang`` (a language name or a :class:`Translator`), its fields rendered too."""
        tr = lang if isinstance(lang, Translator) else Translator(lang)
        return tr(self.msgid, **{k: _render_field(v, tr) for k, v in self.fields})

    def __str__(self) -> str:
        return self.render(EN)


def msg(msgid: str, /, **fields: Any) -> Message:
    """``Message(msgid, fields)``: write ``msg(N_("there is no month {month}"), month=m)``."""
    return Message(msgid, tuple(fields.items()))


def verbatim(text: str) -> Message:
    """A text that is the same in every language (a file name, a library's own error text)."""
    return Message("{text}", (("text", text),))


def as_message(value: str | Message) -> Message:
    """``value`` as a :class:`Message` (a plain string is taken :func:`verbatim`)."""
    return value if isinstance(value, Message) else verbatim(value)


def render(value: str | Message, lang: str | Translator = "en") -> str:
    """A message in ``lang``; a plain string as it is."""
    return value.render(lang) if isinstance(value, Message) else value


def comma_words(items: Iterable[str | Message]) -> Message:
    """``a, b, c`` (Chinese ``a、b、c``) as one message."""
    parts = [as_message(x) for x in items]
    if not parts:
        return verbatim("")
    head = parts[0]
    for p in parts[1:]:
        head = msg(N_("{first}, {next}"), first=head, next=p)
    return head


def or_words(items: Iterable[str | Message]) -> Message:
    """``a``, ``a or b``, ``a, b or c`` (Chinese ``a、b或c``) as one message."""
    parts = [as_message(x) for x in items]
    if len(parts) < 2:
        return comma_words(parts)
    return msg(N_("{first} or {last}"), first=comma_words(parts[:-1]), last=parts[-1])

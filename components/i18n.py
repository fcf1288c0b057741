"""Translations: every sentence people see comes from assets/locales/.

Each language has a shared catalogue (`fr.json`) and may have one more file
per feature (`fr/messaging.json`); they are merged and may not share a key.

Keys are flat ("profile.save"). Components and views call `t` with a key and
named values: a translator bound to the person's language, which reaches
components through components.ui's context. The key names built from enums
are app/i18n.py's, so the catalogue test can check them all.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from functools import cache
from pathlib import Path

from services.errors import ErrorCode, RelaisError
from services.models import Locale, typeset

LOCALES_DIR = Path(__file__).resolve().parent.parent / "assets" / "locales"
DEFAULT_LOCALE = Locale.FR

Translator = Callable[..., str]

logger = logging.getLogger(__name__)


def catalogue_files(locale: Locale) -> list[Path]:
    """The shared catalogue `<lang>.json`, then one file per feature in `<lang>/*.json`."""
    return [
        LOCALES_DIR / f"{locale.value}.json",
        *sorted((LOCALES_DIR / locale.value).glob("*.json")),
    ]


@cache
def load_catalogue(locale: Locale) -> dict[str, str]:
    catalogue: dict[str, str] = {}
    for path in catalogue_files(locale):
        with path.open(encoding="utf-8") as handle:
            entries: dict[str, str] = json.load(handle)
        # Two features claiming one key would silently show the wrong sentence.
        clashing = sorted(set(entries) & set(catalogue))
        if clashing:
            raise ValueError(f"{path.name} redefines keys: {', '.join(clashing)}")
        catalogue.update(entries)
    return {key: typeset(locale, text) for key, text in catalogue.items()}


# A sentence with a {count} has two forms: the key itself is the plural ("3 messages
# non lus"), `<key>.one` the singular ("1 message non lu"). translate() picks by `count`.
SINGULAR_SUFFIX = ".one"


def takes_singular(locale: Locale, count: int) -> bool:
    """French says "0 message" and "1 message"; English says "1 message" only."""
    if locale is Locale.FR:
        return abs(count) < 2
    return abs(count) == 1


def count_key(locale: Locale, key: str, count: object) -> str:
    """`key`, or its singular form when `count` calls for it in this language."""
    if isinstance(count, int) and not isinstance(count, bool) and takes_singular(locale, count):
        return key + SINGULAR_SUFFIX
    return key


def translate(locale: Locale, key: str, **params: object) -> str:
    """The sentence for `key`; French, then the key itself, if a catalogue lacks it.

    With a `count`, the form that agrees with it (see SINGULAR_SUFFIX).
    A missing key is a bug the unit tests catch; at run time showing something
    beats crashing a screen in front of a tired person.
    """
    if "count" in params:
        singular = count_key(locale, key, params["count"])
        if singular in load_catalogue(locale):
            key = singular
    text = load_catalogue(locale).get(key) or load_catalogue(DEFAULT_LOCALE).get(key)
    if text is None:
        logger.warning("missing translation key %r", key)
        return key
    return text.format(**params) if params else text


def translator(locale: Locale) -> Translator:
    def t(key: str, **params: object) -> str:
        return translate(locale, key, **params)

    return t


def field_key(field: str) -> str:
    return f"field.{field}"


def is_known_key(key: str) -> bool:
    return key in load_catalogue(DEFAULT_LOCALE)


def error_message(t: Translator, error: Exception) -> str:
    """The calm sentence for a refusal; for invalid input, name the field when we can."""
    if not isinstance(error, RelaisError):
        return t("error.unexpected")
    if error.code is ErrorCode.INVALID_INPUT and error.field:
        label_key = field_key(error.field)
        if is_known_key(label_key):
            return t("error.invalid_input_field", field=t(label_key))
    return t(error.message_key)

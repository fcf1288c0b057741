"""The archive's words in the person's language, from the screens' own catalogue.

The README and the PDF leave the app, so they cannot go through the screens'
translator; they read the same file (assets/locales/<lang>/account_export.json)
so a word changed for the screen changes in the archive too.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from services.models import Locale, typeset

_LOCALES = Path(__file__).resolve().parents[2] / "assets" / "locales"


@cache
def _catalogue(locale: Locale) -> dict[str, str]:
    path = _LOCALES / locale.value / "account_export.json"
    words: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    return {key: typeset(locale, text) for key, text in words.items()}


def say(locale: Locale, key: str, **values: object) -> str:
    return _catalogue(locale)[key].format(**values)


def file_title(locale: Locale, key: str) -> str:
    """ "Messages", "Objectifs du journal": how the README and the PDF name one file."""
    return say(locale, f"export.file.{key}")

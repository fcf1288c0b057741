"""No sentence in the catalogues that nothing shows.

tests/unit/test_i18n.py checks the other direction (every key the code asks
for exists, in both languages). Here a key counts as used when the code can
reach it:
- it is written out as a string anywhere in app/, components/, services/ or
  the page's own scripts (t("x"), label_key="x", a tuple of keys…);
- it matches a key the code builds with an f-string, such as
  f"diary.{kind}.{level}" (each {…} stands for one dot-free segment);
- it is the message of an ErrorCode (`error.<code>`).
A leftover key is not harmless: translators keep translating it and readers
of the catalogue take it for a live screen.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.i18n import load_catalogue
from components.i18n import SINGULAR_SUFFIX
from services.errors import ErrorCode, RelaisError
from services.models import Locale

REPO_ROOT = Path(__file__).resolve().parents[2]
PYTHON_DIRS = ("app", "components", "services")
SCRIPT_DIRS = ("assets/pwa",)
LITERAL_KEY = re.compile(r"""["']([a-z0-9_]+(?:\.[a-z0-9_-]+)+)["']""")
BUILT_KEY = re.compile(r"""\bf(["'])([a-z0-9_]+\.[^"'\n]*\{[^"'\n]*)\1""")
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _sources() -> str:
    texts = [
        path.read_text(encoding="utf-8")
        for directory in PYTHON_DIRS
        for path in (REPO_ROOT / directory).rglob("*.py")
    ]
    texts += [
        path.read_text(encoding="utf-8")
        for directory in SCRIPT_DIRS
        for path in (REPO_ROOT / directory).rglob("*.js")
    ]
    return "\n".join(texts)


def built_key_patterns(source: str) -> list[re.Pattern[str]]:
    """f"diary.{kind}.{level}" → diary\\.[^.]+\\.[^.]+ (error.* is checked apart)."""
    patterns = []
    for _, template in BUILT_KEY.findall(source):
        if template.startswith("error."):
            continue
        parts = PLACEHOLDER.split(template)
        patterns.append(re.compile("[^.]+".join(re.escape(part) for part in parts)))
    return patterns


def unused_keys(catalogue: dict[str, str], source: str) -> list[str]:
    written = set(LITERAL_KEY.findall(source))
    errors = {RelaisError(code).message_key for code in ErrorCode}
    patterns = built_key_patterns(source)
    return sorted(
        key
        for key in catalogue
        if key not in written
        and key not in errors
        and not any(pattern.fullmatch(key) for pattern in patterns)
        # A singular form is shown whenever its sentence is, with a count of one.
        and not (key.endswith(SINGULAR_SUFFIX) and key.removesuffix(SINGULAR_SUFFIX) in catalogue)
    )


def test_the_scan_recognises_each_way_of_using_a_key() -> None:
    source = (
        't("welcome.title")\n'
        'Tab(MESSAGES, "nav.messages")\n'
        'return f"diary.{kind}.{level}"\n'
        'texts["pwa.back_online"]\n'
    )
    catalogue = dict.fromkeys(
        [
            "welcome.title",
            "nav.messages",
            "diary.mood.3",
            "pwa.back_online",
            "error.not_found",
            "diary.soon",
            "old.screen.title",
        ],
        "x",
    )
    assert unused_keys(catalogue, source) == ["diary.soon", "old.screen.title"]


@pytest.mark.parametrize("locale", list(Locale))
def test_every_catalogue_key_is_used(locale: Locale) -> None:
    leftovers = unused_keys(load_catalogue(locale), _sources())
    assert leftovers == [], "keys nothing shows any more: remove them from both languages"

"""The translation catalogues: complete, parallel, and covering every key the code uses."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from app.i18n import (
    DEFAULT_LOCALE,
    catalogue_files,
    error_message,
    field_key,
    language_key,
    load_catalogue,
    peer_status_key,
    peer_status_short_key,
    role_key,
    role_name_key,
    translate,
    translator,
)
from app.routes import TABS
from services.errors import ErrorCode, RelaisError
from services.models import Locale, PeerStatus, ProfileUpdate, Role, SignUpForm

REPO_ROOT = Path(__file__).resolve().parents[2]
SCANNED_DIRS = ("app", "components")
# t("some.key", ...) in views and components, translate(<locale>, "some.key") elsewhere.
KEY_CALL = re.compile(r"""(?:\bt\(|\btranslate\([^,()]+,)\s*["']([a-z0-9_.]+)["']""")
CATALOGUES = {locale: load_catalogue(locale) for locale in Locale}


def keys_used_in_code() -> set[str]:
    used: set[str] = set()
    for directory in SCANNED_DIRS:
        for path in (REPO_ROOT / directory).rglob("*.py"):
            used.update(KEY_CALL.findall(path.read_text(encoding="utf-8")))
    return used


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_catalogues_have_the_same_keys() -> None:
    french, english = CATALOGUES[Locale.FR], CATALOGUES[Locale.EN]
    assert sorted(set(french) - set(english)) == []
    assert sorted(set(english) - set(french)) == []


def test_every_language_has_the_same_feature_files() -> None:
    # A feature file missing in one language would leave its screens half translated.
    names = {locale: [path.name for path in catalogue_files(locale)[1:]] for locale in Locale}
    assert names[Locale.FR] == names[Locale.EN]


@pytest.mark.parametrize("locale", list(Locale))
def test_no_value_is_empty(locale: Locale) -> None:
    empty = [key for key, text in CATALOGUES[locale].items() if not text.strip()]
    assert empty == []


def test_translations_use_the_same_placeholders() -> None:
    french, english = CATALOGUES[Locale.FR], CATALOGUES[Locale.EN]
    differing = [key for key in french if placeholders(french[key]) != placeholders(english[key])]
    assert differing == []


@pytest.mark.parametrize("code", list(ErrorCode))
def test_every_error_code_has_a_message(code: ErrorCode) -> None:
    for catalogue in CATALOGUES.values():
        assert RelaisError(code).message_key in catalogue


def test_every_key_used_in_code_exists() -> None:
    used = keys_used_in_code()
    # The scan must actually find the calls, or this test would pass vacuously.
    assert {"welcome.title", "sign_up.submit", "profile.sign_out"} <= used
    missing = sorted(used - set(CATALOGUES[DEFAULT_LOCALE]))
    assert missing == []


def test_keys_built_from_values_exist() -> None:
    built = (
        [role_key(role) for role in Role]
        + [role_name_key(role) for role in Role]
        + [peer_status_key(status) for status in PeerStatus]
        + [peer_status_short_key(status) for status in PeerStatus]
        + [language_key(locale) for locale in Locale]
        + [tab.label_key for tab in TABS]
        # Any field a refusal may name gets a label, so the message can say which one.
        + [field_key(name) for name in SignUpForm.model_fields]
        + [field_key(name) for name in ProfileUpdate.model_fields]
    )
    missing = sorted(key for key in built if key not in CATALOGUES[DEFAULT_LOCALE])
    assert missing == []


def test_invalid_input_names_the_field_in_the_persons_language() -> None:
    refusal = RelaisError(ErrorCode.INVALID_INPUT, "bad code", field="departement")
    assert "Département" in error_message(translator(Locale.FR), refusal)
    assert "Département" in error_message(translator(Locale.EN), refusal)
    assert error_message(translator(Locale.EN), refusal).startswith("Please check")


def test_unknown_field_falls_back_to_the_general_message() -> None:
    refusal = RelaisError(ErrorCode.INVALID_INPUT, "?", field="no_such_field")
    assert error_message(translator(Locale.FR), refusal) == translate(
        Locale.FR, "error.invalid_input"
    )


def test_an_unexpected_failure_gets_a_calm_message() -> None:
    message = error_message(translator(Locale.FR), RuntimeError("boom"))
    assert message == translate(Locale.FR, "error.unexpected")
    assert "boom" not in message


def test_placeholders_are_filled() -> None:
    assert translate(Locale.EN, "home.hello", name="Sam") == "Hello Sam"
    assert translate(Locale.FR, "profile.text_size", percent=150) == "Taille du texte : 150 %"

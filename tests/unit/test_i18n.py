"""The translation catalogues: complete, parallel, and covering every key the code uses."""

from __future__ import annotations

import datetime as dt
import re
import string
from pathlib import Path
from uuid import uuid4

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
from components.i18n import SINGULAR_SUFFIX
from services.diary import text as diary_text
from services.diary.models import GoalCategory, GoalPublic, GoalStatus, ProgressPoint
from services.errors import ErrorCode, RelaisError
from services.models import Locale, PeerStatus, ProfileUpdate, Role, SignUpForm, typeset

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
    assert translate(Locale.FR, "profile.text_size", percent=150) == (
        "Taille du texte\u00a0: 150\u00a0%"
    )


# -- counts (issue 10 item 11: "Sur 1 entrées", "1 personne(s)") ----------------------
COUNTED = re.compile(r"\{count\}")


@pytest.mark.parametrize("locale", list(Locale))
def test_no_sentence_leaves_its_plural_to_the_reader(locale: Locale) -> None:
    guessing = [
        f"{key}: {text}"
        for key, text in CATALOGUES[locale].items()
        if re.search(r"\w\((s|es|x)\)", text)
    ]
    assert guessing == []


@pytest.mark.parametrize("locale", list(Locale))
def test_every_count_has_its_singular_and_plural_form(locale: Locale) -> None:
    catalogue = CATALOGUES[locale]
    counted = [key for key, text in catalogue.items() if COUNTED.search(text)]
    assert counted, "the scan must find the sentences with a count"
    singular_missing = [
        key
        for key in counted
        if not key.endswith(SINGULAR_SUFFIX) and key + SINGULAR_SUFFIX not in catalogue
    ]
    plural_missing = [
        key
        for key in catalogue
        if key.endswith(SINGULAR_SUFFIX) and key.removesuffix(SINGULAR_SUFFIX) not in catalogue
    ]
    assert singular_missing == [] and plural_missing == []


def test_a_count_picks_the_form_that_agrees_with_it() -> None:
    key = "messaging.messages.unread_total"
    assert translate(Locale.FR, key, count=1) == "1 message non lu"
    assert translate(Locale.FR, key, count=0) == "0 message non lu"
    assert translate(Locale.FR, key, count=3) == "3 messages non lus"
    assert translate(Locale.EN, key, count=1) == "1 unread message"
    assert translate(Locale.EN, key, count=0) == "0 unread messages"
    assert translate(Locale.EN, key, count=2) == "2 unread messages"


# -- sentences that said something untrue (issue 10 item 11) --------------------------
def test_a_peer_who_has_not_applied_is_not_told_their_application_waits() -> None:
    # The notice shows from sign-up, next to "fill in my application".
    assert "attend" not in translate(Locale.FR, peer_status_key(PeerStatus.APPLICANT))
    assert "awaiting" not in translate(Locale.EN, peer_status_key(PeerStatus.APPLICANT))


def test_a_proposed_match_is_not_called_someone_the_peer_supports() -> None:
    # Proposals not yet accepted take a place: the sentence counts places, not people.
    for locale in Locale:
        for count in (1, 2):
            text = translate(locale, "messaging.peer.caseload", count=count, capacity=3)
            assert "accompagnez" not in text and "You support" not in text
            assert "(s)" not in text


def test_the_goal_scale_is_described_in_the_order_it_is_listed() -> None:
    # The editor lists +2 first.
    assert "du meilleur (+2) au moins bon (−2)" in translate(Locale.FR, "diary.gas.intro")
    assert "from best (+2) to worst (−2)" in translate(Locale.EN, "diary.gas.intro")


def test_an_automatic_alert_says_it_was_detected_not_reported() -> None:
    text = translate(Locale.FR, "messaging.safety.detected_in", name="Marie")
    assert text == "Détecté automatiquement dans un message de Marie"
    source = (REPO_ROOT / "app" / "peer_support" / "safety_queue.py").read_text(encoding="utf-8")
    assert '"messaging.safety.detected_in"' in source


def test_the_request_form_offers_no_wish_the_profile_cannot_fill() -> None:
    # Nobody's profile says a gender: "someone of my gender" could never be honoured.
    source = (REPO_ROOT / "app" / "peer_support" / "ask.py").read_text(encoding="utf-8")
    assert "same_gender" not in source and "Gender" not in source


def test_the_printed_diary_uses_the_screens_words() -> None:
    # The PDF said "Mobilité" and "Humeur : bon" where the app says "Se déplacer" and "Bien".
    for locale in Locale:
        for category in GoalCategory:
            shown = translate(locale, f"diary.category.{category.value}")
            assert diary_text.category_name(locale, category) == shown
        for status in GoalStatus:
            assert diary_text.status_name(locale, status) == translate(
                locale, f"diary.status.{status.value}"
            )
        for kind in ("mood", "fatigue"):
            for level in range(1, 6):
                card = translate(
                    locale, f"diary.{kind}.short", word=translate(locale, f"diary.{kind}.{level}")
                )
                assert diary_text.face_fact(locale, kind, level) == card


def test_one_entry_is_one_entry_in_the_summary() -> None:
    goal = GoalPublic(
        id=uuid4(), survivor_id=uuid4(), title="Marcher", category=GoalCategory.MOBILITY,
        status=GoalStatus.ACTIVE, created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        updated_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )  # fmt: skip
    one = [ProgressPoint(entry_date=dt.date(2026, 1, 1), gas_level=-1, mood=2, fatigue=4)]
    french = diary_text.progress_summary(goal, one, Locale.FR)
    assert "Sur 1 entrée," in french and "entrées" not in french
    assert "1 entry," in diary_text.progress_summary(goal, one, Locale.EN)


@pytest.mark.parametrize("locale", list(Locale))
def test_no_screen_names_a_file_format_people_do_not_know(locale: Locale) -> None:
    # "JSON" means nothing to most people: a button says what the file is for.
    jargon = re.compile(r"\b(JSON|CSV|XML|YAML)\b")
    assert [key for key, text in CATALOGUES[locale].items() if jargon.search(text)] == []


def test_french_marks_never_start_a_line() -> None:
    # At large text a plain space lets "?" fall alone onto the next line.
    assert typeset(Locale.FR, "Que faire ? « oui » : fin ; 200 % vite !") == (
        "Que faire\u00a0? «\u00a0oui\u00a0»\u00a0: fin\u00a0; 200\u00a0% vite\u00a0!"
    )
    assert typeset(Locale.FR, "https://www.service-public.fr à 15:30") == (
        "https://www.service-public.fr à 15:30"
    )
    loose = [key for key, text in CATALOGUES[Locale.FR].items() if re.search(r" [?!:;»]|« ", text)]
    assert loose == []
    assert translate(Locale.FR, "messaging.safety.what_to_do") == "Que faire\u00a0?"

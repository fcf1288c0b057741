"""What people do in the app, step by step, in words the screens use.

Labels come from the French catalogue (the default language), so a renamed
button breaks the test only if the catalogue and the screen disagree.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from playwright.sync_api import expect

from app.i18n import translate
from components.theme import TEXT_SCALE_MIN, TEXT_SCALE_STEP
from services.models import Locale

from .flutter_page import FlutterPage

PASSWORD = "correct horse battery"


def fr(key: str, **params: object) -> str:
    return translate(Locale.FR, key, **params)


def en(key: str, **params: object) -> str:
    return translate(Locale.EN, key, **params)


@dataclass(frozen=True)
class Person:
    email: str
    display_name: str
    password: str = PASSWORD


def a_person(display_name: str) -> Person:
    return Person(email=f"{uuid.uuid4().hex[:12]}@example.org", display_name=display_name)


def sign_up(screen: FlutterPage, person: Person, role_key: str, lang: Locale = Locale.FR) -> None:
    def t(key: str) -> str:
        return translate(lang, key)

    screen.tap(t("welcome.sign_up"))
    screen.expect_text(t("sign_up.intro"))
    assert screen.undersized_controls() == []
    screen.fill(t("field.email"), person.email)
    screen.fill(t("field.password"), person.password)
    screen.fill(t("field.display_name"), person.display_name)
    screen.tap(t(role_key))
    screen.tap(t("sign_up.submit"))


def sign_in(screen: FlutterPage, person: Person, password: str | None = None) -> None:
    screen.tap(fr("welcome.sign_in"))
    screen.fill(fr("field.email"), person.email)
    screen.fill(fr("field.password"), password if password is not None else person.password)
    screen.button(fr("sign_in.submit")).click()


def expect_home(screen: FlutterPage, person: Person, lang: Locale = Locale.FR) -> None:
    """The signed-in home: greeted by name, with the bottom bar."""
    screen.expect_text(translate(lang, "home.hello", name=person.display_name))
    expect(screen.tab(translate(lang, "nav.profile"))).to_be_visible()


def open_profile(screen: FlutterPage, lang: Locale = Locale.FR) -> None:
    screen.tab(translate(lang, "nav.profile")).click()
    screen.expect_text(translate(lang, "profile.title"))


def make_text_larger(screen: FlutterPage, to_percent: int) -> None:
    """On the open profile, press "larger" one step at a time up to `to_percent`."""
    for percent in range(TEXT_SCALE_MIN + TEXT_SCALE_STEP, to_percent + 1, TEXT_SCALE_STEP):
        _one_step_larger(screen, percent)


def _one_step_larger(screen: FlutterPage, to_percent: int) -> None:
    """Press "larger" once and wait until the profile shows the new size.

    The button moves while the text grows, so it is never "stable" for
    Playwright's pointer; a click event on it is what a screen reader sends.
    """
    larger = screen.button(fr("profile.text_larger"))
    expect(larger).to_be_enabled()
    larger.dispatch_event("click")
    expect(screen.by_id("text-size")).to_contain_text(fr("profile.text_size", percent=to_percent))

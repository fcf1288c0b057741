"""What people do in the app, step by step, in words the screens use.

Labels come from the French catalogue (the default language), so a renamed
button breaks the test only if the catalogue and the screen disagree.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from playwright.sync_api import expect

from app.i18n import translate
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

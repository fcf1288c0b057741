"""A guessable password at sign-up, in a real browser (issue 13 §13).

The reason shows under the password field, in the person's language, and
everything else they typed stays; a strong password then goes through.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from services.models import Locale

from .conftest import NewPerson
from .journeys import Person, a_person, en, expect_home, fr, sign_up

pytestmark = pytest.mark.e2e


def test_a_guessable_password_is_explained_under_the_field(new_person: NewPerson) -> None:
    screen = new_person().open()
    person = a_person("Paulette Girard")
    guessable = Person(person.email, person.display_name, password="motdepasse123")

    sign_up(screen, guessable, "role.caregiver")

    reason = fr("error.guessable_password")
    screen.expect_text(reason)
    # Under the field, not repeated in the screen's error area.
    expect(screen.by_id("form-error")).to_have_count(0)
    password_box = screen.textbox(fr("field.password")).bounding_box()
    name_box = screen.textbox(fr("field.display_name")).bounding_box()
    note_box = screen.page.locator("flt-semantics").filter(has_text=reason).last.bounding_box()
    assert password_box and name_box and note_box
    assert password_box["y"] <= note_box["y"] <= name_box["y"]
    # What was typed stays, so only the password needs typing again.
    expect(screen.textbox(fr("field.email"))).to_have_value(person.email)
    expect(screen.textbox(fr("field.display_name"))).to_have_value(person.display_name)
    screen.screenshot("sign-up-guessable-password")

    screen.fill(fr("field.password"), "la mer au petit matin")
    screen.tap(fr("sign_up.submit"))
    expect_home(screen, person)


def test_the_reason_is_in_english_for_an_english_speaker(new_person: NewPerson) -> None:
    screen = new_person().open()
    screen.tap(en("language.en"))
    person = Person(a_person("Sam Lee").email, "Sam Lee", password="password1234")

    sign_up(screen, person, "role.survivor", lang=Locale.EN)

    screen.expect_text(en("error.guessable_password"))

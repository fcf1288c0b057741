"""Preferences in a real browser: language and text size, kept per person."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from services.models import Locale

from .conftest import NewPerson
from .flutter_page import FlutterPage
from .journeys import (
    a_person,
    en,
    expect_home,
    fr,
    make_text_larger,
    open_profile,
    sign_in,
    sign_up,
)

pytestmark = pytest.mark.e2e


def test_switching_to_english_changes_the_labels_and_is_remembered(
    new_person: NewPerson,
) -> None:
    screen = new_person().open()
    expect(screen.button(fr("welcome.sign_up"))).to_be_visible()

    screen.tap(en("language.en"))
    expect(screen.button(en("welcome.sign_up"))).to_be_visible()
    expect(screen.button(fr("welcome.sign_up"))).to_have_count(0)
    screen.screenshot("welcome-english")

    person = a_person("English Speaker")
    sign_up(screen, person, "role.caregiver", lang=Locale.EN)
    expect_home(screen, person, lang=Locale.EN)

    # On another device (a new context, nothing stored) the profile brings English back.
    elsewhere = new_person().open()
    sign_in(elsewhere, person)
    expect_home(elsewhere, person, lang=Locale.EN)


def _height(screen: FlutterPage, identifier: str) -> float:
    box = screen.by_id(identifier).bounding_box()
    assert box is not None, f"{identifier} is not on screen"
    return float(box["height"])


def test_text_size_200_percent_applies_and_persists(new_person: NewPerson) -> None:
    screen = new_person().open()
    person = a_person("Grand Texte")
    sign_up(screen, person, "role.survivor")
    expect_home(screen, person)
    normal_height = _height(screen, "greeting")

    open_profile(screen)
    make_text_larger(screen, to_percent=200)
    expect(screen.button(fr("profile.text_larger"))).to_be_disabled()
    screen.screenshot("profile-text-200")
    assert screen.undersized_controls() == []
    # The narrowest phone we support: nothing may be cut off at the side.
    screen.page.set_viewport_size({"width": 360, "height": 740})
    screen.page.wait_for_timeout(500)
    assert screen.cut_off_on_the_side() == []
    assert screen.undersized_controls() == []

    screen.tab(fr("nav.messages")).click()
    expect_home(screen, person)
    assert _height(screen, "greeting") >= 1.8 * normal_height

    # A new tab signs in from the stored token and gets the saved size from the profile.
    again = FlutterPage(screen.page.context.new_page(), screen.base_url).open()
    expect_home(again, person)
    assert _height(again, "greeting") >= 1.8 * normal_height
    open_profile(again)
    expect(again.by_id("text-size")).to_contain_text(fr("profile.text_size", percent=200))

"""Accounts in a real browser: sign up, sign in, wrong password, peers, remember me."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import NewPerson
from .journeys import a_person, expect_home, fr, open_profile, sign_in, sign_up

pytestmark = pytest.mark.e2e


def test_newcomer_signs_up_signs_out_and_signs_in_again(new_person: NewPerson) -> None:
    screen = new_person().open()
    screen.expect_text(fr("welcome.title"))
    screen.screenshot("welcome")
    assert screen.undersized_controls() == []
    person = a_person("Survivant Test")

    sign_up(screen, person, "role.survivor")
    expect_home(screen, person)
    screen.screenshot("home-messages")
    assert screen.undersized_controls() == []

    screen.tab(fr("nav.guide")).click()
    screen.expect_text(fr("guide.title"))
    screen.screenshot("home-guide")

    open_profile(screen)
    screen.screenshot("profile")
    assert screen.undersized_controls() == []
    screen.tap(fr("profile.sign_out"))
    screen.expect_text(fr("welcome.title"))

    sign_in(screen, person)
    expect_home(screen, person)


def test_wrong_password_shows_a_message_and_keeps_the_email(new_person: NewPerson) -> None:
    screen = new_person().open()
    person = a_person("Mot De Passe Oublié")
    sign_up(screen, person, "role.caregiver")
    expect_home(screen, person)
    open_profile(screen)
    screen.tap(fr("profile.sign_out"))

    sign_in(screen, person, password="not the right one")

    error_area = screen.by_id("form-error")
    expect(error_area).to_contain_text(fr("error.invalid_credentials"))
    expect(screen.textbox(fr("field.email"))).to_have_value(person.email)
    screen.screenshot("sign-in-error")
    # Still on the sign-in screen, not let in.
    expect(screen.button(fr("sign_in.submit"))).to_be_visible()


def test_peer_supporter_sees_approval_is_pending(new_person: NewPerson) -> None:
    survivor_screen = new_person().open()
    peer_screen = new_person().open()
    survivor = a_person("Survivante Test")
    peer = a_person("Pair Test")

    sign_up(survivor_screen, survivor, "role.survivor")
    peer_screen.tap(fr("welcome.sign_up"))
    peer_screen.screenshot("sign-up")
    peer_screen.page.go_back()
    sign_up(peer_screen, peer, "role.peer")

    expect_home(peer_screen, peer)
    pending = peer_screen.by_id("peer-status")
    expect(pending).to_contain_text(fr("peer_status.applicant"))
    peer_screen.screenshot("peer-home-pending")
    open_profile(peer_screen)
    expect(peer_screen.by_id("peer-status")).to_contain_text(fr("peer_status.applicant"))

    expect_home(survivor_screen, survivor)
    expect(survivor_screen.by_id("peer-status")).to_have_count(0)


def test_remember_me_signs_the_person_in_on_a_new_tab(new_person: NewPerson) -> None:
    screen = new_person().open()
    person = a_person("Revenant Test")
    sign_up(screen, person, "role.survivor")
    expect_home(screen, person)

    # A new tab has a new server session: only the stored refresh token can sign in.
    context = screen.page.context
    second_tab = type(screen)(context.new_page(), screen.base_url).open()
    expect_home(second_tab, person)
    # The token rotates on use: a third tab works only if the new token was stored.
    third_tab = type(screen)(context.new_page(), screen.base_url).open()
    expect_home(third_tab, person)

    open_profile(third_tab)
    third_tab.tap(fr("profile.sign_out"))
    third_tab.expect_text(fr("welcome.title"))
    after_sign_out = type(screen)(context.new_page(), screen.base_url).open()
    after_sign_out.expect_text(fr("welcome.title"))
    expect(after_sign_out.button(fr("welcome.sign_in"))).to_be_visible()

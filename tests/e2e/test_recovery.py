"""A forgotten password, end to end in local mode (issue 12 §1).

A coordinator issues a code for a person, having checked who they are; the
person types it on "Mot de passe oublié ?" with a new password and is in.
The old password no longer works, and another browser where the person was
signed in is signed out.
"""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from .conftest import Appoint, NewPerson
from .flutter_page import FlutterPage
from .journeys import a_person, expect_home, fr, sign_in, sign_up

pytestmark = pytest.mark.e2e
LIVE_TIMEOUT_MS = 20_000
NEW_PASSWORD = "une toute nouvelle phrase"
CODE = re.compile(r"\b([A-Z2-9]{4})-([A-Z2-9]{4})\b")


def _issued_code(screen: FlutterPage) -> str:
    shown = screen.by_id("issued-code")
    expect(shown).to_be_visible()
    text = shown.first.evaluate(
        "node => [node, ...node.querySelectorAll('*')]"
        ".map(n => (n.getAttribute('aria-label') || '') + ' ' + (n.textContent || ''))"
        ".join(' ')"
    )
    # Screen readers get it sign by sign ("9 W 2 Y - …"): join the signs up again.
    found = CODE.search(text.split(":")[-1].replace(" ", ""))
    assert found is not None, f"no code in {text!r}"
    return found.group(1) + found.group(2)


def test_a_coordinator_s_code_lets_a_person_back_in_and_signs_out_elsewhere(
    new_person: NewPerson, appoint_coordinator: Appoint
) -> None:
    tag = uuid.uuid4().hex[:4]
    coordinator = a_person(f"Coordination {tag}")
    person = a_person(f"Personne oublieuse {tag}")

    # The person signs up in one browser and stays signed in there.
    elsewhere = new_person()
    sign_up(elsewhere.open(), person, "role.survivor")
    expect_home(elsewhere, person)

    desk = new_person()
    sign_up(desk.open(), coordinator, "role.survivor")
    expect_home(desk, coordinator)
    appoint_coordinator(coordinator)
    coordination = desk.tab(fr("nav.coordination"))
    expect(coordination).to_be_visible(timeout=LIVE_TIMEOUT_MS)
    coordination.click()
    link = desk.button(fr("recovery.coord.open"))
    desk.scroll_to(link)
    link.click()
    desk.expect_text(fr("recovery.coord.check_first"))
    desk.fill(fr("recovery.coord.search"), person.display_name)
    desk.tap(fr("recovery.coord.issue_for", name=person.display_name))
    code = _issued_code(desk)

    # On a new phone, the person has forgotten the password.
    phone = new_person()
    sign_in(phone.open(), person, password="je ne sais plus du tout")
    phone.expect_text(fr("error.invalid_credentials"))
    phone.expect_text(fr("recovery.after_failure"))
    phone.tap(fr("recovery.open"))
    phone.expect_text(fr("recovery.intro_local"))
    phone.fill(fr("field.email"), person.email)
    phone.fill(fr("recovery.code"), "ABCDEFGH" if code != "ABCDEFGH" else "HGFEDCBA")
    phone.fill(fr("recovery.new_password"), NEW_PASSWORD)
    phone.tap(fr("recovery.submit"))
    phone.expect_text(fr("error.recovery_code_invalid"))
    # What was typed stays; only the code is typed again.
    expect(phone.textbox(fr("field.email"))).to_have_value(person.email)
    phone.fill(fr("recovery.code"), f"{code[:4].lower()}-{code[4:]}")
    phone.tap(fr("recovery.submit"))
    expect_home(phone, person)

    # The coordinator's audit shows the code as used.
    desk.page.reload()
    desk.enable_semantics()
    desk.expect_text(re.compile(re.escape(fr("recovery.coord.status.used"))))

    # The browser where the person was signed in is signed out at its next step,
    # and told why on the sign-in screen.
    elsewhere.tab(fr("nav.profile")).click()
    devices = elsewhere.button(fr("sessions.open"))
    elsewhere.scroll_to(devices)
    devices.click()
    elsewhere.expect_text(fr("sessions.ended_elsewhere"))
    expect(elsewhere.tab(fr("nav.profile"))).to_have_count(0)

    # The old password no longer opens the account; the new one does.
    elsewhere.fill(fr("field.email"), person.email)
    elsewhere.fill(fr("field.password"), person.password)
    elsewhere.tap(fr("sign_in.submit"))
    elsewhere.expect_text(fr("error.invalid_credentials"))
    elsewhere.fill(fr("field.password"), NEW_PASSWORD)
    elsewhere.tap(fr("sign_in.submit"))
    # Back where they were, with this browser listed as this device.
    expect(elsewhere.by_id("device-current")).to_be_visible()
    elsewhere.expect_text(fr("sessions.title"))

    # A reload keeps this new session (the ended one's refresh token is gone).
    elsewhere.page.reload()
    elsewhere.enable_semantics()
    expect(elsewhere.by_id("device-current")).to_be_visible()


def test_signing_out_the_other_devices_from_the_profile(new_person: NewPerson) -> None:
    person = a_person(f"Deux appareils {uuid.uuid4().hex[:4]}")
    laptop = new_person()
    sign_up(laptop.open(), person, "role.caregiver")
    expect_home(laptop, person)
    phone = new_person()
    sign_in(phone.open(), person)
    expect_home(phone, person)

    laptop.open("/home/profile/sessions")
    expect(laptop.by_id("device-current")).to_be_visible()
    everywhere = laptop.button(fr("sessions.end_others"))
    laptop.scroll_to(everywhere)
    everywhere.click()
    laptop.expect_text(fr("sessions.ended", count=1))

    # The phone is signed out at its next step and told why; the laptop is not.
    phone.open("/home/profile/sessions")
    phone.expect_text(fr("sessions.ended_elsewhere"))
    laptop.tab(fr("nav.profile")).click()
    laptop.expect_text(fr("profile.title"))

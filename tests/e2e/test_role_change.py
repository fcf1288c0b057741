"""A change of role reaches an open app: someone signed in is appointed coordinator
(`python -m app create-coordinator`, as an administrator does) and their open screen
shows the Coordination tab at once, without a reload or signing in again."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import expect

from .conftest import Appoint, NewPerson
from .journeys import a_person, expect_home, fr, sign_up

pytestmark = pytest.mark.e2e
LIVE_TIMEOUT_MS = 20_000


def test_an_open_app_shows_the_coordination_tab_after_appointment(
    new_person: NewPerson, appoint_coordinator: Appoint
) -> None:
    person = a_person(f"Future coordination {uuid.uuid4().hex[:4]}")
    screen = new_person()
    sign_up(screen.open(), person, "role.survivor")
    expect_home(screen, person)
    coordination_tab = screen.tab(fr("nav.coordination"))
    expect(coordination_tab).to_have_count(0)
    # A mark on this very page: a reload would wipe it.
    screen.page.evaluate("window.relaisRoleChangeMark = true")

    appoint_coordinator(person)

    expect(coordination_tab).to_be_visible(timeout=LIVE_TIMEOUT_MS)
    assert screen.page.evaluate("window.relaisRoleChangeMark === true")
    coordination_tab.click()
    expect(screen.button(fr("messaging.coord.review"))).to_be_visible(timeout=LIVE_TIMEOUT_MS)

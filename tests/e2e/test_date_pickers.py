"""Dates picked from a calendar, in a browser set to Paris time (issue 10, item 8).

Flet carries the picked day as UTC: midnight in Paris is 23:00 the day before.
These tests run the browser in the Europe/Paris zone so that shift would show,
and check that the day tapped is the day the field, the saved goal and the
recorded approval say. Typing the date stays possible.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable
from typing import TypeVar

import pytest
from playwright.sync_api import Locator, expect

from services.accounts import auth
from services.diary.models import long_date
from services.local import admin
from services.local.gateway import LocalGateway
from services.models import Locale
from services.peer_support import matches

from .conftest import NewPerson
from .flutter_page import FlutterPage
from .journeys import PASSWORD, Person, a_person, expect_home, fr, sign_in
from .server_data import run

pytestmark = pytest.mark.e2e

T = TypeVar("T")
PARIS = "Europe/Paris"


@pytest.fixture
def database(server_db: str) -> str:
    """The test server's own database, to prepare people through the real services."""
    return server_db


NewParisPerson = Callable[[], FlutterPage]


@pytest.fixture
def in_paris(new_person: NewPerson) -> NewParisPerson:
    """A phone in Paris: French, and the browser's clock in the Europe/Paris zone."""
    return lambda: new_person(timezone_id=PARIS)


async def _sign_up(conninfo: str, person: Person, role: str) -> None:
    gateway = await LocalGateway.open(conninfo, pool_size=1)
    try:
        await auth.sign_up(
            gateway, email=person.email, password=PASSWORD,
            display_name=person.display_name, role=role, locale="fr",
        )  # fmt: skip
    finally:
        await gateway.close()


def signed_in(screen: FlutterPage, conninfo: str, person: Person, role: str) -> FlutterPage:
    run(_sign_up(conninfo, person, role))
    sign_in(screen.open(), person)
    expect_home(screen, person)
    return screen


def shown_value(screen: FlutterPage, box: Locator) -> str:
    """What a text field holds. Flutter writes it into the DOM input only once focused.

    The field is wheeled into view first: after a calendar closes, a field lower
    on a long page (the applicants list grows with every waiting application)
    can sit under the bottom bar, where a click lands on the bar instead.
    """
    screen.scroll_to(box)
    box.click()
    screen.page.wait_for_function(
        "label => document.activeElement"
        " && document.activeElement.getAttribute('aria-label') === label",
        arg=box.get_attribute("aria-label"),
    )
    return box.input_value()


def pick_in_calendar(screen: FlutterPage, day: dt.date, opened_on: dt.date) -> None:
    """In the open calendar, go to the day's month, tap the day, then confirm.

    Flutter names each day "15, mardi 15 décembre 2026" (", Aujourd'hui" for today).
    """
    months_ahead = (day.year - opened_on.year) * 12 + day.month - opened_on.month
    arrow = "Mois suivant" if months_ahead > 0 else "Mois précédent"
    for _ in range(abs(months_ahead)):
        screen.tap(arrow)
    named = re.compile(rf"^{day.day}, \w+ {re.escape(long_date(day, Locale.FR))}")
    screen.page.get_by_role("button", name=named).click()
    screen.tap(fr("date.picker.confirm"))


def test_a_goal_target_picked_in_paris_is_the_day_tapped_and_typing_still_works(
    in_paris: NewParisPerson, database: str
) -> None:
    survivor = a_person(f"Survivante {uuid.uuid4().hex[:4]}")
    screen = signed_in(in_paris(), database, survivor, "survivor")
    screen.tab(fr("nav.diary")).click()
    screen.tap(fr("diary.new_goal"))
    screen.fill(fr("diary.goal.name"), "Marcher jusqu’au marché")

    # The calendar opens on today (the server's day, as the test's clock says).
    today = dt.date.today()
    target = today + dt.timedelta(days=12)
    screen.tap(fr("date.pick"))
    pick_in_calendar(screen, target, opened_on=today)
    field = screen.textbox(fr("diary.goal.target"))
    assert shown_value(screen, field) == target.strftime("%d/%m/%Y")
    screen.screenshot("date-picked-goal-target")
    screen.tap(fr("diary.goal.save"))
    screen.expect_text(fr("diary.chart.title"))
    screen.expect_text(long_date(target, Locale.FR))  # "16 décembre 2026", not the 15th

    # Typing is still the other way in.
    typed = dt.date(today.year + 1, 3, 9)
    screen.tap(fr("diary.back"))
    screen.tap(fr("diary.new_goal"))
    screen.fill(fr("diary.goal.name"), "Reprendre le vélo")
    screen.fill(fr("diary.goal.target"), typed.strftime("%d/%m/%Y"))
    screen.tap(fr("diary.goal.save"))
    screen.expect_text(fr("diary.chart.title"))
    screen.expect_text(long_date(typed, Locale.FR))


async def _apply(conninfo: str, peer: Person, coordinator: Person) -> str:
    """The peer applies (and the coordinator exists); returns the peer's id."""
    gateway = await LocalGateway.open(conninfo, pool_size=1)
    try:
        applying = await auth.sign_up(
            gateway, email=peer.email, password=PASSWORD,
            display_name=peer.display_name, role="peer", locale="fr",
        )  # fmt: skip
        await matches.submit_application(
            gateway, applying, topics=["emotional_support"], languages=["fr"],
            departement="69", availability="Le soir", accepts_charter=True,
        )  # fmt: skip
        await auth.sign_up(
            gateway, email=coordinator.email, password=PASSWORD,
            display_name=coordinator.display_name, role="survivor", locale="fr",
        )  # fmt: skip
        assert admin.make_coordinator(conninfo, coordinator.email)
        return str(applying.user_id)
    finally:
        await gateway.close()


async def _training_date_recorded(conninfo: str, peer: Person) -> dt.date | None:
    gateway = await LocalGateway.open(conninfo, pool_size=1)
    try:
        session = await auth.sign_in(gateway, email=peer.email, password=PASSWORD)
        application = await matches.get_my_application(gateway, session)
        assert application is not None
        return application.training_completed_on
    finally:
        await gateway.close()


def test_the_coordinator_approves_a_peer_with_a_picked_training_date(
    in_paris: NewParisPerson, database: str
) -> None:
    tag = uuid.uuid4().hex[:4]
    peer, coordinator = a_person(f"Pair-aidante {tag}"), a_person(f"Coordination {tag}")
    peer_id = run(_apply(database, peer, coordinator))
    screen = in_paris()
    sign_in(screen.open(), coordinator)
    expect_home(screen, coordinator)
    screen.open("/home/coordination")
    screen.tap(fr("messaging.coord.review"))
    approve = fr("messaging.coord.approve_named", name=peer.display_name)
    expect(screen.button(approve)).to_be_visible()
    # Every pending application has the same fields: work in this peer's card.
    card = screen.by_id(f"applicant-{peer_id}")
    field = card.get_by_role("textbox", name=fr("messaging.field.training_completed_on"))
    today = dt.date.today()
    assert shown_value(screen, field) == today.strftime("%d/%m/%Y")  # the day-first form

    # A date that does not exist is refused, clearly, and approves nobody.
    screen.page.keyboard.press("ControlOrMeta+A")
    screen.page.keyboard.type("31/02/2026", delay=15)
    screen.tap(approve)
    screen.expect_text(fr("error.invalid_input_field", field=fr("field.training_completed_on")))
    assert run(_training_date_recorded(database, peer)) is None

    # Picked in the calendar: the day tapped is the day recorded.
    trained_on = today - dt.timedelta(days=9)
    card.get_by_role("button", name=fr("date.pick")).click()
    pick_in_calendar(screen, trained_on, opened_on=today)
    assert shown_value(screen, field) == trained_on.strftime("%d/%m/%Y")
    screen.tap(approve)
    screen.expect_text(fr("messaging.coord.suspend_named", name=peer.display_name))
    assert run(_training_date_recorded(database, peer)) == trained_on


def test_the_peers_screen_approves_with_the_same_picked_training_date(
    in_paris: NewParisPerson, database: str
) -> None:
    """The Peers screen asks for the date as the applicants screen does (one approval path)."""
    tag = uuid.uuid4().hex[:4]
    peer, coordinator = a_person(f"Pair-aidant {tag}"), a_person(f"Coordination {tag}")
    peer_id = run(_apply(database, peer, coordinator))
    screen = in_paris()
    sign_in(screen.open(), coordinator)
    expect_home(screen, coordinator)
    screen.open("/home/coordination/peers")
    approve = fr("coordination.approve", name=peer.display_name)
    expect(screen.button(approve)).to_be_visible()
    card = screen.by_id(f"peer-{peer_id}")
    field = card.get_by_role("textbox", name=fr("messaging.field.training_completed_on"))
    today = dt.date.today()
    assert shown_value(screen, field) == today.strftime("%d/%m/%Y")

    trained_on = today - dt.timedelta(days=3)
    card.get_by_role("button", name=fr("date.pick")).click()
    pick_in_calendar(screen, trained_on, opened_on=today)
    assert shown_value(screen, field) == trained_on.strftime("%d/%m/%Y")
    screen.tap(approve)
    screen.expect_text(fr("coordination.suspend", name=peer.display_name))
    assert run(_training_date_recorded(database, peer)) == trained_on


def test_an_entry_day_and_a_reminder_day_picked_in_paris_are_the_days_tapped(
    in_paris: NewParisPerson, database: str
) -> None:
    survivor = a_person(f"Survivante {uuid.uuid4().hex[:4]}")
    screen = signed_in(in_paris(), database, survivor, "survivor")
    today = dt.date.today()

    # A diary entry tells what happened: a past day is picked, and the card says it.
    happened = today - dt.timedelta(days=4)
    screen.tab(fr("nav.diary")).click()
    screen.tap(fr("diary.new_entry"))
    screen.fill(fr("diary.entry.text"), "Premier tour du jardin sans canne")
    screen.tap(fr("date.pick"))
    pick_in_calendar(screen, happened, opened_on=today)
    assert shown_value(screen, screen.textbox(fr("diary.entry.date"))) == happened.strftime(
        "%d/%m/%Y"
    )
    screen.scroll_to(screen.button(fr("diary.entry.save")))
    screen.tap(fr("diary.entry.save"))
    screen.expect_text("Premier tour du jardin sans canne")
    screen.expect_text(long_date(happened, Locale.FR))

    # A checklist reminder: a coming day is picked, saved, and still there after a reload.
    remind_on = today + dt.timedelta(days=20)
    screen.open("/home/guide/procedures/mdph-file")
    reminder = screen.textbox(fr("guide.field.remind_on"))
    screen.scroll_to(reminder)
    screen.page.get_by_role("button", name=fr("date.pick")).last.click()
    pick_in_calendar(screen, remind_on, opened_on=today)
    assert shown_value(screen, reminder) == remind_on.strftime("%d/%m/%Y")
    screen.scroll_to(screen.button(fr("guide.note.save")))
    screen.tap(fr("guide.note.save"))
    expect(screen.by_id("guide-note-saved")).to_be_visible()
    screen.open("/home/guide/procedures/mdph-file")
    reminder = screen.textbox(fr("guide.field.remind_on"))
    screen.scroll_to(reminder)
    expect(reminder).to_be_visible()
    assert shown_value(screen, reminder) == remind_on.strftime("%d/%m/%Y")

"""Inviting someone into a care circle by e-mail, in a real browser, one context per person.

1. The survivor invites a caregiver, a neighbour and an address with no account:
   the same answer each time, and no name shows.
2. The caregiver finds the invitation on their Diary tab and accepts it.
3. The survivor now sees the caregiver among the people who read the diary.
4. The neighbour declines: nothing is shared, and the survivor's screen reads
   as it did (the invitation waits, like the one to the unknown address).
5. The survivor cancels the invitation to the unknown address.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from app.diary import routes as diary_routes
from services.accounts import auth
from services.local.gateway import LocalGateway

from .conftest import NewPerson
from .flutter_page import FlutterPage
from .journeys import PASSWORD, Person, a_person, expect_home, fr, sign_in
from .server_data import run

pytestmark = pytest.mark.e2e


@dataclass(frozen=True)
class People:
    survivor: Person
    carer: Person
    neighbour: Person


async def _sign_up_people(conninfo: str) -> People:
    people = People(
        survivor=a_person("Survivante Invitante"),
        carer=a_person("Fille Invitée"),
        neighbour=a_person("Voisin Invité"),
    )
    gateway = await LocalGateway.open(conninfo, pool_size=1)
    try:
        for person, role in (
            (people.survivor, "survivor"),
            (people.carer, "caregiver"),
            (people.neighbour, "caregiver"),
        ):
            await auth.sign_up(
                gateway, email=person.email, password=PASSWORD,
                display_name=person.display_name, role=role, locale="fr",
            )  # fmt: skip
    finally:
        await gateway.close()
    return people


@pytest.fixture
def people(server_db: str) -> People:
    return run(_sign_up_people(server_db))


def signed_in(new_person: NewPerson, person: Person) -> FlutterPage:
    screen = new_person().open()
    sign_in(screen, person)
    expect_home(screen, person)
    return screen


def nothing_says(screen: FlutterPage, text: str) -> None:
    expect(screen.page.locator("flt-semantics").filter(has_text=text)).to_have_count(0)


def invite(screen: FlutterPage, email: str) -> None:
    field = screen.textbox(fr("field.email"))
    screen.scroll_to(field)
    screen.fill(fr("field.email"), email)
    screen.tap(fr("diary.sharing.invite_email"))
    screen.expect_text(fr("diary.invitations.sent", email=email))


def open_diary_tab(screen: FlutterPage) -> None:
    screen.tab(fr("nav.diary")).click()


def reopen_sharing(screen: FlutterPage) -> None:
    """Leave the sharing screen and come back, as a person does to see what changed."""
    open_diary_tab(screen)
    screen.tap(fr("diary.sharing.open"))


def test_an_invitation_shares_only_once_accepted(new_person: NewPerson, people: People) -> None:
    unknown = f"personne-{uuid.uuid4().hex[:10]}@example.org"

    # 1. Three invitations, three identical answers, no names.
    survivor = signed_in(new_person, people.survivor)
    survivor.open(diary_routes.SHARING)
    survivor.expect_text(fr("diary.sharing.nobody"))
    for email in (people.carer.email, unknown, people.neighbour.email):
        invite(survivor, email)
    survivor.expect_text(fr("diary.invitations.waiting"))
    for email in (people.carer.email, unknown, people.neighbour.email):
        expect(survivor.button(fr("diary.invitations.cancel", email=email))).to_be_attached()
    nothing_says(survivor, people.carer.display_name)
    nothing_says(survivor, people.neighbour.display_name)
    survivor.screenshot("circle-invitations-sent")
    assert survivor.undersized_controls() == []

    # 2. The caregiver accepts, on their Diary tab.
    carer = signed_in(new_person, people.carer)
    open_diary_tab(carer)
    carer.expect_text(fr("diary.invitations.from", name=people.survivor.display_name))
    carer.screenshot("circle-invitation-received")
    assert carer.undersized_controls() == []
    carer.tap(fr("diary.invitations.accept", name=people.survivor.display_name))
    carer.expect_text(fr("diary.invitations.accepted", name=people.survivor.display_name))
    carer.expect_text(fr("diary.of", name=people.survivor.display_name))
    expect(
        carer.button(fr("diary.invitations.accept", name=people.survivor.display_name))
    ).to_have_count(0)

    # 3. The survivor sees the caregiver in the circle, and their invitation gone.
    reopen_sharing(survivor)
    survivor.expect_text(people.carer.display_name)
    expect(
        survivor.button(fr("diary.sharing.revoke", name=people.carer.display_name))
    ).to_be_attached()
    expect(survivor.button(fr("diary.invitations.cancel", email=people.carer.email))).to_have_count(
        0
    )

    # 4. The neighbour declines: nothing shared, nobody told.
    neighbour = signed_in(new_person, people.neighbour)
    open_diary_tab(neighbour)
    neighbour.tap(fr("diary.invitations.refuse", name=people.survivor.display_name))
    neighbour.expect_text(fr("diary.invitations.refused", name=people.survivor.display_name))
    neighbour.expect_text(fr("diary.shared.none"))
    nothing_says(neighbour, fr("diary.of", name=people.survivor.display_name))
    open_diary_tab(neighbour)  # and when the tab is opened again
    neighbour.expect_text(fr("diary.shared.none"))
    nothing_says(neighbour, fr("diary.invitations.from", name=people.survivor.display_name))

    reopen_sharing(survivor)
    survivor.expect_text(people.carer.display_name)
    nothing_says(survivor, people.neighbour.display_name)
    for email in (unknown, people.neighbour.email):
        expect(survivor.button(fr("diary.invitations.cancel", email=email))).to_be_attached()

    # 5. The survivor cancels the invitation to the unknown address.
    cancel = survivor.button(fr("diary.invitations.cancel", email=unknown))
    survivor.scroll_to(cancel)
    survivor.tap(fr("diary.invitations.cancel", email=unknown))
    survivor.expect_text(fr("diary.invitations.cancelled"))
    expect(cancel).to_have_count(0)
    nothing_says(survivor, unknown)

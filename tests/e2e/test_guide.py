"""The procedures guide in a real browser.

The journey from issue 5: a caregiver who edits a survivor's circle answers the
finder, opens the caregiver's daily allowance (AJPA), ticks two steps and
reloads; the ticks are still there, and the survivor sees the same progress
from their own browser. The circle is set up through the real services on the
test server's own database.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import pytest
from playwright.sync_api import expect

from services.accounts import auth
from services.care_circle.sharing import CircleAccess
from services.guide import progress as guide_progress
from services.guide.content import load_catalogue
from services.local.gateway import LocalGateway
from tests.circle_factories import join_circle

from .conftest import NewPerson
from .flutter_page import FlutterPage
from .journeys import PASSWORD, Person, a_person, expect_home, fr, sign_in, sign_up
from .server_data import run, server_conninfo

pytestmark = pytest.mark.e2e

T = TypeVar("T")
FIRST_STEP = "Étape 1 : Vérifier les conditions"
THIRD_STEP = "Étape 3 : Faire la demande à la CAF ou à la MSA"


async def _survivor_shares_with_caregiver(
    conninfo: str, survivor: Person, caregiver: Person
) -> None:
    gateway = await LocalGateway.open(conninfo, pool_size=1)
    try:
        for person, role in ((survivor, "survivor"), (caregiver, "caregiver")):
            await auth.sign_up(
                gateway, email=person.email, password=PASSWORD,
                display_name=person.display_name, role=role, locale="fr",
            )  # fmt: skip
        session = await auth.sign_in(gateway, email=survivor.email, password=PASSWORD)
        carer = await auth.sign_in(gateway, email=caregiver.email, password=PASSWORD)
        await join_circle(gateway, session, carer, access=CircleAccess.EDITOR)
    finally:
        await gateway.close()


@pytest.fixture
def circle(relais_data_dir: Path) -> tuple[Person, Person]:
    survivor, caregiver = a_person("Personne accompagnée"), a_person("Proche aidante")
    run(_survivor_shares_with_caregiver(server_conninfo(relais_data_dir), survivor, caregiver))
    return survivor, caregiver


def _open_guide(screen: FlutterPage) -> None:
    screen.tab(fr("nav.guide")).click()
    expect(screen.button(fr("guide.finder.open"))).to_be_visible()


def _checkbox(screen: FlutterPage, name: str) -> Any:
    return screen.page.get_by_role("checkbox", name=name, exact=True)


def test_a_caregiver_ticks_ajpa_steps_the_survivor_sees_them(
    new_person: NewPerson, circle: tuple[Person, Person]
) -> None:
    survivor, caregiver = circle
    helper = new_person().open()
    sign_in(helper, caregiver)
    expect_home(helper, caregiver)

    # 1. The finder, then the AJPA procedure it suggests because a relative works.
    _open_guide(helper)
    helper.tap(fr("guide.finder.open"))
    answers = ["guide.finder.no", "guide.finder.no", "guide.finder.no", "guide.finder.yes",
               "guide.finder.no", "guide.finder.unknown"]  # fmt: skip
    for number, answer in enumerate(answers, start=1):
        helper.expect_text(fr("guide.finder.progress", number=number, total=len(answers)))
        helper.tap(fr(answer))
    helper.expect_text(fr("guide.reason.working_caregiver"))
    helper.by_id("procedure-ajpa").click()

    # The caregiver works on the survivor's list by default, as an editor.
    expect(_checkbox(helper, FIRST_STEP)).to_be_enabled()
    helper.expect_text(fr("guide.checklist.of", name=survivor.display_name))
    assert helper.undersized_controls() == []

    # 2. Two ticks, saved by the database, still there after a reload.
    for step in (FIRST_STEP, THIRD_STEP):
        _checkbox(helper, step).click()
        expect(_checkbox(helper, step)).to_be_checked()
    helper.expect_text(fr("guide.steps.progress", done=2, total=4))
    _checkbox(helper, THIRD_STEP).scroll_into_view_if_needed()
    helper.screenshot("guide-ajpa-ticked")
    helper.page.reload()
    helper.enable_semantics()
    for step in (FIRST_STEP, THIRD_STEP):
        expect(_checkbox(helper, step)).to_be_checked()
    expect(
        _checkbox(helper, "Étape 2 : Si vous êtes salarié, demander le congé")
    ).not_to_be_checked()

    # 3. The survivor, in another browser, sees the same progress in "My procedures".
    own = new_person().open()
    sign_in(own, survivor)
    expect_home(own, survivor)
    _open_guide(own)
    own.tap(fr("guide.mine.open"))
    own.expect_text(fr("guide.mine.count", done=2, total=4))
    own.expect_text(fr("guide.mine.next", step="Si vous êtes salarié, demander le congé"))
    own.by_id("procedure-ajpa").click()
    for step in (FIRST_STEP, THIRD_STEP):
        expect(_checkbox(own, step)).to_be_checked()


def test_search_browse_and_the_care_pathway(new_person: NewPerson) -> None:
    screen = new_person().open()
    person = a_person("Lecture du guide")
    sign_up(screen, person, "role.survivor")
    expect_home(screen, person)
    _open_guide(screen)
    screen.expect_text(fr("guide.notice", date="29 novembre 2026"))

    # Accent-free, typo-tolerant search finds the disabled adults' allowance. (The first tap
    # after changing tab only dismisses the tab's tooltip, so the field gets a second one.)
    screen.textbox(fr("guide.search.label")).click()
    screen.page.wait_for_timeout(500)
    screen.fill(fr("guide.search.label"), "alocation adulte handicape")
    expect(screen.by_id("procedure-aah")).to_be_visible()
    screen.by_id("procedure-aah").click()
    screen.expect_text("Allocation aux adultes handicapés (AAH)")
    screen.expect_text(fr("guide.section.sources"))
    expect(screen.button("MDPH de La Réunion — Conditions liées au handicap")).to_be_visible()
    screen.tap(fr("guide.back"))

    # The care pathway reads as numbered stages, each a heading.
    screen.fill(fr("guide.search.label"), "")
    screen.tap(fr("guide.pathway.open"))
    expect(
        screen.page.get_by_role(
            "heading",
            name=fr("guide.pathway.stage", number=1, total=5, name="Unité neurovasculaire"),
        )
    ).to_be_visible()
    screen.tap(fr("guide.back"))
    screen.tap(fr("guide.roles.open"))
    expect(screen.page.get_by_role("heading", name="Ergothérapeute")).to_be_visible()


MDPH_FIRST = "Étape 1 : Se procurer le formulaire"
MDPH_SECOND = "Étape 2 : Faire remplir le certificat médical"
MDPH_THIRD = "Étape 3 : Remplir le formulaire"


def _open_mdph(screen: FlutterPage) -> None:
    _open_guide(screen)
    screen.fill(fr("guide.search.label"), "dossier mdph")
    screen.by_id("procedure-mdph-file").click()
    expect(_checkbox(screen, MDPH_FIRST)).to_be_enabled()


async def _untick(conninfo: str, person: Person, procedure_id: str, step_id: str) -> None:
    gateway = await LocalGateway.open(conninfo, pool_size=1)
    try:
        session = await auth.sign_in(gateway, email=person.email, password=PASSWORD)
        await guide_progress.set_step(
            gateway, session, owner_id=session.user_id, procedure_id=procedure_id,
            step_id=step_id, done=False, catalogue=load_catalogue(),
        )  # fmt: skip
    finally:
        await gateway.close()


def test_ticks_reach_every_open_screen_of_both_people_live(
    new_person: NewPerson, circle: tuple[Person, Person], relais_data_dir: Path
) -> None:
    """Issue 10 item 4: the caregiver's tick reached "My procedures" but not the survivor's
    open procedure page, not even after a reload. Every screen must agree, without reloading."""
    survivor, caregiver = circle
    own = new_person().open()
    sign_in(own, survivor)
    expect_home(own, survivor)
    _open_mdph(own)
    _checkbox(own, MDPH_FIRST).click()
    own.expect_text(fr("guide.steps.progress", done=1, total=6))

    helper = new_person().open()
    sign_in(helper, caregiver)
    expect_home(helper, caregiver)
    _open_mdph(helper)
    helper.expect_text(fr("guide.checklist.of", name=survivor.display_name))
    expect(_checkbox(helper, MDPH_FIRST)).to_be_checked()
    _checkbox(helper, MDPH_SECOND).click()
    helper.expect_text(fr("guide.steps.progress", done=2, total=6))

    # The survivor's page, left open, follows without a reload...
    expect(_checkbox(own, MDPH_SECOND)).to_be_checked()
    own.expect_text(fr("guide.steps.progress", done=2, total=6))
    # ...and the other way round: the survivor's tick reaches the caregiver's open page.
    _checkbox(own, MDPH_THIRD).click()
    expect(_checkbox(helper, MDPH_THIRD)).to_be_checked()
    helper.expect_text(fr("guide.steps.progress", done=3, total=6))

    # A reload shows the same, and so does "My procedures" on both sides.
    own.page.reload()
    own.enable_semantics()
    for step in (MDPH_FIRST, MDPH_SECOND, MDPH_THIRD):
        expect(_checkbox(own, step)).to_be_checked()
    own.expect_text(fr("guide.steps.progress", done=3, total=6))
    own.tap(fr("guide.back"))
    own.tap(fr("guide.mine.open"))
    own.expect_text(fr("guide.mine.count", done=3, total=6))
    helper.tap(fr("guide.back"))
    helper.tap(fr("guide.mine.open"))
    helper.expect_text(fr("guide.mine.count", done=3, total=6))

    # "My procedures", left open, follows a tick made elsewhere too.
    run(_untick(server_conninfo(relais_data_dir), survivor, "mdph-file", "fill-form"))
    own.expect_text(fr("guide.mine.count", done=2, total=6))
    helper.expect_text(fr("guide.mine.count", done=2, total=6))

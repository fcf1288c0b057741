"""Every main screen, audited on a small phone (360×740), at normal and at double text size.

Screens: welcome, sign-in, messages, conversation (and its quick replies,
opened, at double size), diary, goal, guide, procedure, profile,
coordination. The people and their data are made the way people make them,
through the screens (a peer supporter approved and matched with a survivor by
a coordinator), so every screen shows real content.
Screenshots: test-artifacts/a11y-<screen>-<size>.png.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, expect

from components.theme import TEXT_SCALE_MAX, TEXT_SCALE_MIN

from .a11y_audit import audit
from .conftest import Appoint
from .flutter_page import FlutterPage
from .journeys import (
    Person,
    a_person,
    expect_home,
    fr,
    make_text_larger,
    open_profile,
    sign_up,
)

pytestmark = pytest.mark.e2e

SMALL_PHONE = {"width": 360, "height": 740}
PROCEDURE = "/home/guide/procedures/aah"


@pytest.fixture
def small_phone(browser: Browser, relais_url: str) -> Iterator[Callable[[], FlutterPage]]:
    contexts: list[BrowserContext] = []

    def make() -> FlutterPage:
        context = browser.new_context(viewport=SMALL_PHONE, locale="fr-FR")  # type: ignore[arg-type]
        context.set_default_timeout(20_000)
        contexts.append(context)
        return FlutterPage(context.new_page(), relais_url)

    yield make
    for context in contexts:
        context.close()


def _match(
    peer: FlutterPage, survivor: FlutterPage, coordinator: FlutterPage, names: dict[str, Person]
) -> None:
    """A peer supporter applies and is approved; the survivor asks; both accept the match."""
    peer.tap(fr("messaging.peer.apply"))
    peer.page.get_by_role("checkbox", name=fr("messaging.topic.emotional_support")).click()
    peer.fill(fr("field.departement"), "69")
    peer.fill(fr("messaging.field.availability"), "Le soir en semaine")
    peer.page.get_by_role("checkbox", name=fr("messaging.field.accepts_charter")).click()
    peer.tap(fr("messaging.peer.apply_submit"))
    peer.expect_text(fr("messaging.messages.heading"))
    coordinator.open("/home/coordination")
    coordinator.tap(fr("messaging.coord.review"))
    coordinator.tap(fr("messaging.coord.approve_named", name=names["peer"].display_name))
    coordinator.expect_text(fr("messaging.coord.suspend_named", name=names["peer"].display_name))
    survivor.tap(fr("messaging.peer.ask"))
    survivor.page.get_by_role("checkbox", name=fr("messaging.topic.emotional_support")).click()
    survivor.tap(fr("messaging.peer.ask_submit"))
    survivor.expect_text(fr("messaging.peer.request_open"))
    coordinator.open("/home/coordination")
    coordinator.tap(fr("messaging.coord.suggestions_for", name=names["survivor"].display_name))
    coordinator.tap(fr("messaging.match.propose", name=names["peer"].display_name))
    survivor.tap(fr("messaging.peer.accept"))
    survivor.expect_text(fr("messaging.peer.waiting_other"))
    peer.tap(fr("messaging.peer.accept"))


def _set_text_size(screen: FlutterPage, percent: int) -> None:
    open_profile(screen)
    make_text_larger(screen, to_percent=percent)


def test_every_main_screen_passes_the_audit(
    small_phone: Callable[[], FlutterPage], appoint_coordinator: Appoint
) -> None:
    tag = uuid.uuid4().hex[:4]
    names = {
        "peer": a_person(f"Pair-aidant {tag}"),
        "survivor": a_person(f"Survivant {tag}"),
        "coordinator": a_person(f"Coordination {tag}"),
    }
    peer, survivor, coordinator = small_phone(), small_phone(), small_phone()
    problems: list[str] = []

    survivor.open()
    problems += audit(survivor, "welcome-100")
    survivor.tap(fr("welcome.sign_in"))
    problems += audit(survivor, "sign-in-100")
    survivor.page.go_back()
    for screen, role, key in (
        (survivor, "role.survivor", "survivor"),
        (peer, "role.peer", "peer"),
        (coordinator, "role.survivor", "coordinator"),
    ):
        if screen is not survivor:
            screen.open()
        sign_up(screen, names[key], role)
        expect_home(screen, names[key])
    appoint_coordinator(names["coordinator"])
    _match(peer, survivor, coordinator, names)

    # The survivor's first goal, so the goal screen has something to show.
    survivor.tab(fr("nav.diary")).click()
    survivor.tap(fr("diary.new_goal"))
    survivor.fill(fr("diary.goal.name"), "Marcher jusqu'à la boulangerie")
    survivor.tap(fr("diary.category.mobility"))
    survivor.tap(fr("diary.goal.save"))
    survivor.expect_text(fr("diary.chart.title"))
    goal_address = survivor.page.url.removeprefix(survivor.base_url.rstrip("/"))

    for size in (TEXT_SCALE_MIN, TEXT_SCALE_MAX):
        if size != TEXT_SCALE_MIN:
            _set_text_size(survivor, size)
            _set_text_size(coordinator, size)
        survivor.open("/home/messages")
        row = survivor.page.get_by_role(
            "button", name=fr("messaging.messages.open_with", name=names["peer"].display_name)
        )
        expect(row).to_be_visible()
        problems += audit(survivor, f"messages-{size}")
        row.click()
        expect(survivor.textbox(fr("messaging.chat.write"))).to_be_visible()
        problems += audit(survivor, f"conversation-{size}")
        if size == TEXT_SCALE_MAX:
            # At large sizes the quick replies open in a sheet over the conversation.
            expect(survivor.button(fr("messaging.chat.quick.yes"))).to_have_count(0)
            survivor.tap(fr("messaging.chat.quick_show"))
            expect(survivor.button(fr("messaging.chat.quick.yes"))).to_be_visible()
            problems += audit(survivor, f"quick-replies-{size}")
            survivor.tap(fr("messaging.chat.quick_close"))
            expect(survivor.button(fr("messaging.chat.quick.yes"))).to_have_count(0)
            # An answer picked in the sheet is sent, and the sheet gets out of the way.
            survivor.tap(fr("messaging.chat.quick_show"))
            survivor.tap(fr("messaging.chat.quick.thank_you"))
            expect(survivor.button(fr("messaging.chat.quick.yes"))).to_have_count(0)
            survivor.expect_text(fr("messaging.chat.quick.thank_you"))
        for path, screen_name in (
            ("/home/diary", "diary"),
            (goal_address, "goal"),
            ("/home/guide", "guide"),
            (PROCEDURE, "procedure"),
            ("/home/profile", "profile"),
        ):
            survivor.open(path)
            expect(survivor.tab(fr("nav.profile"))).to_be_visible()
            problems += audit(survivor, f"{screen_name}-{size}")
        coordinator.open("/home/coordination")
        expect(coordinator.button(fr("messaging.coord.review"))).to_be_visible()
        problems += audit(coordinator, f"coordination-{size}")

    # Signed out, the larger text stays with this browser tab.
    survivor.tap(fr("profile.sign_out"))
    survivor.expect_text(fr("welcome.title"))
    problems += audit(survivor, f"welcome-{TEXT_SCALE_MAX}")
    survivor.tap(fr("welcome.sign_in"))
    problems += audit(survivor, f"sign-in-{TEXT_SCALE_MAX}")

    assert problems == [], "\n".join(problems)

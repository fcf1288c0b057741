"""Peer support in real browsers, one context per person.

The journey of issue 3: a peer applies → the coordinator approves → a
survivor asks for a peer → the coordinator proposes the peer from the ranked
suggestions → both accept → the survivor writes → the peer sees it without
reloading → the peer answers with a quick reply → the survivor reports it →
the coordinator sees the report. Then crisis words show the emergency
numbers on both screens.
"""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from services.models import Locale

from .conftest import Appoint, NewPerson
from .flutter_page import FlutterPage
from .journeys import a_person, en, expect_home, fr, sign_up

pytestmark = pytest.mark.e2e
LIVE_TIMEOUT_MS = 20_000


def expect_message(screen: FlutterPage, text: str) -> None:
    """Text shown on screen, or naming a group (a panel reads as one, for screen readers)."""
    pattern = re.compile(re.escape(text))
    named = screen.page.get_by_label(pattern)
    shown = screen.page.locator("flt-semantics").filter(has_text=pattern)
    expect(named.or_(shown).last).to_be_visible(timeout=LIVE_TIMEOUT_MS)


def test_from_application_to_a_reported_quick_reply(
    new_person: NewPerson,
    appoint_coordinator: Appoint,
) -> None:
    tag = uuid.uuid4().hex[:4]
    peer, survivor, coordinator = (
        a_person(f"Pair-aidant {tag}"),
        a_person(f"Survivant {tag}"),
        a_person(f"Coordination {tag}"),
    )
    peer_screen, survivor_screen, coordinator_screen = new_person(), new_person(), new_person()

    # A peer supporter applies.
    sign_up(peer_screen.open(), peer, "role.peer")
    expect_home(peer_screen, peer)
    peer_screen.tap(fr("messaging.peer.apply"))
    peer_screen.page.get_by_role("checkbox", name=fr("messaging.topic.emotional_support")).click()
    peer_screen.fill(fr("field.departement"), "69")
    peer_screen.fill(fr("messaging.field.availability"), "Le soir en semaine")
    peer_screen.page.get_by_role("checkbox", name=fr("messaging.field.accepts_charter")).click()
    peer_screen.screenshot("peer-application")
    peer_screen.tap(fr("messaging.peer.apply_submit"))
    peer_screen.expect_text(fr("messaging.messages.heading"))

    # The coordinator approves them, with today's date as the end of training.
    sign_up(coordinator_screen.open(), coordinator, "role.survivor")
    expect_home(coordinator_screen, coordinator)
    appoint_coordinator(coordinator)
    coordinator_screen.open("/home/coordination")
    coordinator_screen.tap(fr("messaging.coord.review"))
    coordinator_screen.tap(fr("messaging.coord.approve_named", name=peer.display_name))
    coordinator_screen.expect_text(fr("messaging.coord.suspend_named", name=peer.display_name))
    # The peer's open screen says so at once, without signing in again.
    expect_message(peer_screen, fr("peer_status.approved"))
    coordinator_screen.page.go_back()  # the phone's back button: to the dashboard
    expect(coordinator_screen.button(fr("messaging.coord.review"))).to_be_visible()

    # A survivor asks for a peer supporter.
    sign_up(survivor_screen.open(), survivor, "role.survivor")
    expect_home(survivor_screen, survivor)
    survivor_screen.tap(fr("messaging.peer.ask"))
    topic = fr("messaging.topic.emotional_support")
    survivor_screen.page.get_by_role("checkbox", name=topic).click()
    survivor_screen.tap(fr("messaging.peer.ask_submit"))
    survivor_screen.expect_text(fr("messaging.peer.request_open"))

    # The request reaches the coordinator's open dashboard without a reload; the
    # coordinator proposes the peer from the ranked, explained suggestions.
    coordinator_screen.tap(fr("messaging.coord.suggestions_for", name=survivor.display_name))
    coordinator_screen.expect_text(fr("messaging.match.reason.speaks_language", points=1000))
    coordinator_screen.screenshot("coordinator-suggestions")
    coordinator_screen.tap(fr("messaging.match.propose", name=peer.display_name))

    # Both accept; the proposal reaches each screen without a reload.
    survivor_screen.tap(fr("messaging.peer.accept"))
    survivor_screen.expect_text(fr("messaging.peer.waiting_other"))
    peer_screen.tap(fr("messaging.peer.accept"))
    for screen, other in ((survivor_screen, peer), (peer_screen, survivor)):
        name = fr("messaging.messages.open_with", name=other.display_name)
        row = screen.page.get_by_role("button", name=name)
        expect(row).to_be_visible(timeout=LIVE_TIMEOUT_MS)
        row.click()
        expect(screen.textbox(fr("messaging.chat.write"))).to_be_visible()

    # The survivor writes; the peer, on the conversation screen, sees it arrive.
    survivor_screen.fill(fr("messaging.chat.write"), "Bonjour, merci d'avoir accepté")
    survivor_screen.tap(fr("messaging.chat.send"))
    expect_message(peer_screen, "Bonjour, merci d'avoir accepté")
    peer_screen.screenshot("peer-conversation")

    # The peer answers with one tap; the survivor sees it, then reports it.
    peer_screen.tap(fr("messaging.chat.quick.thank_you"))
    survivor_screen.expect_text(fr("messaging.chat.seen"))
    # Tapping the peer's message offers to report it.
    thanks = re.compile("^" + re.escape(fr("messaging.chat.quick.thank_you")) + r"\s+\d\d:\d\d$")
    bubble = survivor_screen.page.get_by_role("button", name=thanks)
    expect(bubble).to_be_visible(timeout=LIVE_TIMEOUT_MS)
    bubble.click()
    survivor_screen.tap(fr("messaging.chat.report"))
    survivor_screen.tap(fr("messaging.chat.reason.other"))
    survivor_screen.tap(fr("messaging.chat.report_send"))
    expect_message(survivor_screen, fr("messaging.chat.report_sent"))

    # Away from the conversation, the peer sees the new message counted on the
    # Messages tab; reading it clears the count.
    peer_screen.tab(fr("nav.guide")).click()
    survivor_screen.tap(fr("messaging.chat.close"))
    survivor_screen.fill(fr("messaging.chat.write"), "Merci encore")
    survivor_screen.tap(fr("messaging.chat.send"))
    counted = re.escape(fr("nav.unread_messages", count=1)) + r"\s+" + re.escape(fr("nav.messages"))
    messages_tab = peer_screen.page.get_by_role("tab", name=re.compile(f"^{counted}$"))
    expect(messages_tab).to_be_visible(timeout=LIVE_TIMEOUT_MS)
    peer_screen.screenshot("unread-badge")
    messages_tab.click()
    unread_row = fr("messaging.messages.open_with_unread", name=survivor.display_name, count=1)
    peer_screen.page.get_by_role("button", name=unread_row).click()
    expect_message(peer_screen, "Merci encore")
    expect(peer_screen.tab(fr("nav.messages"))).to_be_visible(timeout=LIVE_TIMEOUT_MS)

    # The coordinator sees the report, with the excerpt only.
    coordinator_screen.open("/home/coordination/safety")
    expect_message(
        coordinator_screen,
        fr(
            "messaging.safety.people",
            reporter=survivor.display_name,
            concerned=peer.display_name,
        ),
    )
    coordinator_screen.screenshot("coordinator-safety-queue")

    # Crisis words: both people see the emergency numbers.
    survivor_screen.fill(fr("messaging.chat.write"), "Mon mari a une faiblesse soudaine du bras")
    survivor_screen.tap(fr("messaging.chat.send"))
    for screen in (survivor_screen, peer_screen):
        expect(screen.by_id("crisis-banner")).to_be_visible(timeout=LIVE_TIMEOUT_MS)
        contact = fr("messaging.safety.contact.suicide_prevention", number="3114")
        expect(screen.button(contact)).to_be_visible()
    peer_screen.screenshot("crisis-banner")


def test_a_caregiver_asks_for_a_peer_and_sets_quiet_hours_in_english(
    new_person: NewPerson,
) -> None:
    screen = new_person().open()
    screen.tap(en("language.en"))
    caregiver = a_person(f"Caregiver {uuid.uuid4().hex[:4]}")
    sign_up(screen, caregiver, "role.caregiver", lang=Locale.EN)
    expect_home(screen, caregiver, lang=Locale.EN)

    screen.tap(en("messaging.peer.ask"))
    screen.expect_text(en("messaging.peer.ask_intro"))
    screen.page.get_by_role("checkbox", name=en("messaging.topic.caregiver_support")).click()
    screen.fill(en("messaging.field.about"), "My wife had a stroke in March")
    screen.screenshot("ask-for-peer-english")
    screen.tap(en("messaging.peer.ask_submit"))
    screen.expect_text(en("messaging.peer.request_open"))

    screen.tap(en("messaging.messages.quiet_hours"))
    screen.expect_text(en("messaging.quiet.intro"))
    # One hour at a time, with buttons named for what they do; midnight wraps round.
    screen.tap(en("messaging.quiet.starts_earlier"))
    screen.tap(en("messaging.quiet.starts_earlier"))
    screen.tap(en("messaging.quiet.ends_later"))
    expect_message(
        screen, en("messaging.quiet.hour", label=en("messaging.quiet.starts"), hour="20:00")
    )
    screen.tap(en("messaging.quiet.save"))
    expect_message(screen, en("messaging.quiet.current", starts="20:00", ends="09:00"))

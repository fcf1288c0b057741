"""Safety in a conversation, in real browsers, one context per person.

The failures people met when they tried Relais (issue 10): a peer's promise
of recovery went out with no reminder of the charter; the crisis banner hid
the conversation on a small phone and its numbers could not be reached at
large text. The matched pair is made through the real services on the test
server's own database (tests/e2e/conversation_pairs.py), then each person
signs in and opens their conversation as they would.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from services.models import Locale

from .conversation_pairs import (
    LIVE_TIMEOUT_MS,
    RECORD_OPENED,
    SMALL_PHONE,
    WRITE,
    MakePair,
    Pair,
    Phone,
    bubbles,
    conversation_row,
    expect_field_holds,
    expect_message,
    on_screen,
    open_conversation,
)
from .flutter_page import STEP_TIMEOUT_MS, FlutterPage
from .journeys import Person

pytestmark = pytest.mark.e2e


# -- 1. the charter reminder ---------------------------------------------------------
def _write(screen: FlutterPage, pair: Pair, text: str) -> None:
    screen.fill(pair.t(WRITE), text)
    # People pause before sending; the reminder must not depend on speed.
    screen.page.wait_for_timeout(2_500)


def _press_enter(screen: FlutterPage, pair: Pair) -> None:
    screen.textbox(pair.t(WRITE)).press("Enter")


def _expect_reminder(screen: FlutterPage, pair: Pair) -> None:
    expect(screen.by_id("false-hope-reminder")).to_be_visible(timeout=STEP_TIMEOUT_MS)
    expect(screen.button(pair.t("messaging.chat.edit"))).to_be_visible()
    expect(screen.button(pair.t("messaging.chat.send_anyway"))).to_be_visible()


@pytest.mark.parametrize(
    ("lang", "phrases"),
    [
        (
            Locale.FR,
            ["tu vas guérir complètement", "Tu vas guérir", "vous allez guérir",
             "Tu vas récupérer à 100 % !"],
        ),
        (Locale.EN, ["You will fully recover", "Stop your medication, it will be fine"]),
    ],
    ids=["fr", "en"],
)  # fmt: skip
def test_a_peer_promising_recovery_is_reminded_of_the_charter_first(
    make_pair: MakePair, phone: Phone, lang: Locale, phrases: list[str]
) -> None:
    pair = make_pair(lang)
    peer, survivor = phone(), phone()
    open_conversation(peer, pair, pair.peer)
    open_conversation(survivor, pair, pair.survivor)
    send = pair.t("messaging.chat.send")

    # Every phrase of the list stops at the reminder, by Send as by Enter.
    for number, phrase in enumerate(phrases):
        _write(peer, pair, phrase)
        if number % 2:
            _press_enter(peer, pair)
        else:
            peer.tap(send)
        _expect_reminder(peer, pair)
        peer.screenshot(f"charter-reminder-{lang.value}-{number}")
        # "Edit" keeps every word, to change a few.
        peer.tap(pair.t("messaging.chat.edit"))
        expect(peer.by_id("false-hope-reminder")).to_be_hidden()
        expect_field_holds(peer, pair, phrase)
    assert bubbles(survivor, phrases[0]).count() == 0, "sent before the peer chose to"

    # "Send anyway" sends it as it is: the reminder never blocks.
    last = phrases[-1]
    _press_enter(peer, pair)
    _expect_reminder(peer, pair)
    peer.tap(pair.t("messaging.chat.send_anyway"))
    expect(bubbles(survivor, last)).to_have_count(1, timeout=LIVE_TIMEOUT_MS)
    expect_field_holds(peer, pair, "")
    expect(peer.by_id("false-hope-reminder")).to_be_hidden()

    # A message with no promise in it goes at once.
    _write(peer, pair, "Je pense à toi" if lang is Locale.FR else "Thinking of you")
    peer.tap(send)
    expect(bubbles(survivor, "Je pense à toi" if lang is Locale.FR else "Thinking of you"))\
        .to_have_count(1, timeout=LIVE_TIMEOUT_MS)  # fmt: skip
    expect(peer.by_id("false-hope-reminder")).to_be_hidden()


def test_the_survivor_is_never_reminded_of_the_peer_charter(
    make_pair: MakePair, phone: Phone
) -> None:
    pair = make_pair()
    survivor = phone()
    open_conversation(survivor, pair, pair.survivor)
    _write(survivor, pair, "Le médecin dit que je vais guérir, tu vas guérir toi aussi ?")
    _press_enter(survivor, pair)
    expect(bubbles(survivor, "Le médecin dit que je vais guérir, tu vas guérir toi aussi ?"))\
        .to_have_count(1, timeout=LIVE_TIMEOUT_MS)  # fmt: skip
    expect(survivor.by_id("false-hope-reminder")).to_be_hidden()


# -- 2. the crisis banner ------------------------------------------------------------
# What the page asks the browser to open, and during which event: a tap's own
# (pointerup, click, keydown) or a message from the server, which iOS Safari ignores.
CONTACTS = [
    ("samu", "15", "tel:15"),
    ("european_emergency", "112", "tel:112"),
    ("deaf_or_speechless_sms", "114", "sms:114"),
    ("suicide_prevention", "3114", "tel:3114"),
]


def _reopen(screen: FlutterPage, pair: Pair, person: Person) -> None:
    screen.tap(pair.t("messaging.chat.back"))
    row = conversation_row(screen, pair, person)
    expect(row.first).to_be_visible(timeout=LIVE_TIMEOUT_MS)
    row.first.click()
    expect(screen.textbox(pair.t(WRITE))).to_be_visible()


def test_the_crisis_banner_leaves_the_conversation_usable_on_a_small_phone_at_double_text(
    make_pair: MakePair, phone: Phone
) -> None:
    pair = make_pair(text_scale=200)
    survivor, peer = phone(SMALL_PHONE), phone(SMALL_PHONE)
    survivor.page.add_init_script(RECORD_OPENED)
    open_conversation(survivor, pair, pair.survivor)
    open_conversation(peer, pair, pair.peer)

    survivor.fill(pair.t(WRITE), "je veux mourir")
    survivor.tap(pair.t("messaging.chat.send"))
    expect(survivor.by_id("crisis-banner")).to_be_visible(timeout=LIVE_TIMEOUT_MS)
    survivor.screenshot("crisis-banner-360-200")

    # All four numbers are big buttons on the screen, and the conversation stays usable.
    for key, number, _url in CONTACTS:
        name = pair.t(f"messaging.safety.contact.{key}", number=number)
        on_screen(survivor, survivor.button(name), name)
    on_screen(survivor, survivor.textbox(pair.t(WRITE)), "the message field")
    latest = bubbles(survivor, "je veux mourir")
    on_screen(survivor, latest, "the latest message")
    # A message cut by the edge of the list reports only its visible part.
    height_beside_the_banner = (latest.bounding_box() or {"height": 0})["height"]
    assert survivor.undersized_controls() == []
    assert survivor.cut_off_on_the_side() == []

    # Each dials (or texts 114) from the tap itself, not from a reply of the server.
    for key, number, _url in CONTACTS:
        survivor.button(pair.t(f"messaging.safety.contact.{key}", number=number)).click()
    survivor.page.wait_for_function("() => window.relaisOpened.length >= 4")
    opened = survivor.page.evaluate("() => window.relaisOpened")
    assert [entry["url"] for entry in opened] == [url for _key, _number, url in CONTACTS]
    assert all(entry["during"] not in (None, "message") for entry in opened), opened

    # The peer supporter is told what to do, not comforted as the person is.
    # At large text what to do opens from the banner's title row, in words for a supporter.
    expect(peer.by_id("crisis-banner")).to_be_visible(timeout=LIVE_TIMEOUT_MS)
    peer.screenshot("crisis-banner-peer-360-200")
    peer.tap(pair.t("messaging.safety.what_to_do"))
    expect(peer.by_id("crisis-guidance")).to_be_visible()
    expect_message(peer, pair.t("messaging.safety.banner_body_peer"))
    peer.screenshot("crisis-guidance-peer-360-200")
    peer.tap(pair.t("messaging.chat.close"))
    expect(peer.by_id("crisis-guidance")).to_have_count(0)

    # Reopened, the conversation shows the numbers folded to one line, not the banner again.
    _reopen(survivor, pair, pair.survivor)
    folded = survivor.by_id("crisis-banner-folded")
    expect(folded).to_be_visible(timeout=LIVE_TIMEOUT_MS)
    expect(survivor.by_id("crisis-banner")).to_be_hidden()
    on_screen(survivor, latest, "the latest message")
    assert survivor.undersized_controls() == []
    whole_height = (latest.bounding_box() or {"height": 0})["height"]
    assert height_beside_the_banner >= whole_height - 1, "the banner hid part of the message"
    # One tap opens them again.
    survivor.tap(pair.t("messaging.safety.banner_open"))
    expect(survivor.by_id("crisis-banner")).to_be_visible()
    survivor.tap(pair.t("messaging.safety.banner_hide"))
    expect(folded).to_be_visible()

    # A new crisis message opens the banner again, on both screens.
    peer.fill(pair.t(WRITE), "Tu m'as dit que tu veux en finir ?")
    peer.tap(pair.t("messaging.chat.send"))
    expect(survivor.by_id("crisis-banner")).to_be_visible(timeout=LIVE_TIMEOUT_MS)
    expect(peer.by_id("crisis-banner")).to_be_visible(timeout=LIVE_TIMEOUT_MS)

"""A conversation's details, in real browsers, one context per person (issue 10).

Send pressed again after a lost reply sent the message twice; the pictograms
had no words; the guide's official links opened from a server round trip,
which iOS Safari ignores.
"""

from __future__ import annotations

import re
import uuid

import flet as ft
import pytest
from playwright.sync_api import expect

from components.peer_support.quick_replies import PICTOGRAMS, quick_reply_key
from services.models import Locale
from services.peer_support.message_models import PICTOGRAM_REPLIES, QuickReply

from .conversation_pairs import (
    LIVE_TIMEOUT_MS,
    RECORD_OPENED,
    SMALL_PHONE,
    WRITE,
    MakePair,
    Phone,
    bubbles,
    expect_field_holds,
    on_screen,
    open_conversation,
)
from .journeys import expect_home, sign_in
from .test_flaky_network import BANNER, FlakyConnection, _expect_field_value

pytestmark = pytest.mark.e2e

# -- 3. Send again after a lost reply --------------------------------------------------
_DRAFT_ON_DEVICE = """(text) => Object.keys(localStorage)
  .filter((key) => key.includes('relais.draft.'))
  .some((key) => (localStorage.getItem(key) || '').includes(text))"""


def test_send_pressed_again_after_a_lost_reply_sends_the_message_once(
    make_pair: MakePair, phone: Phone
) -> None:
    pair = make_pair()
    survivor, peer = phone(), phone()
    connection = FlakyConnection(survivor.page.context, survivor.page)
    open_conversation(survivor, pair, pair.survivor)
    open_conversation(peer, pair, pair.peer)
    text = f"Un seul message {uuid.uuid4().hex[:4]}"
    survivor.fill(pair.t(WRITE), text)
    survivor.page.wait_for_function(_DRAFT_ON_DEVICE, arg=text)

    # Send, as the connection drops: the server stores the message, the phone never hears.
    connection.replies = False
    survivor.tap(pair.t("messaging.chat.send"))
    expect(bubbles(peer, text)).to_have_count(1, timeout=LIVE_TIMEOUT_MS)
    connection.cut()
    assert survivor.page.evaluate(_DRAFT_ON_DEVICE, text), "the draft was forgotten"

    # Back on another network (a new server session), the draft is still there: Send again.
    connection.restore(from_address="10.20.30.50")
    banner = survivor.page.locator(BANNER)
    expect(banner).to_contain_text(pair.t("pwa.back_online"), timeout=30_000)
    _expect_field_value(survivor, pair.t(WRITE), text)
    survivor.page.wait_for_timeout(1_500)  # the new session renders in steps
    survivor.tap(pair.t("messaging.chat.send"))
    expect_field_holds(survivor, pair, "")

    # The next message arrives after it: by then a second copy would have too.
    survivor.fill(pair.t(WRITE), "Et la suite")
    survivor.tap(pair.t("messaging.chat.send"))
    expect(bubbles(peer, "Et la suite")).to_have_count(1, timeout=LIVE_TIMEOUT_MS)
    expect(bubbles(peer, text)).to_have_count(1)
    expect(bubbles(survivor, text)).to_have_count(1)


# -- 4. pictograms have words --------------------------------------------------------
MOONS = {ft.Icons.BEDTIME, ft.Icons.BEDTIME_OUTLINED, ft.Icons.NIGHTS_STAY, ft.Icons.DARK_MODE}
WORD_UNDER_ICON_MIN_HEIGHT_PX = 60


@pytest.mark.parametrize("lang", [Locale.FR, Locale.EN], ids=["fr", "en"])
def test_every_pictogram_shows_its_word(make_pair: MakePair, phone: Phone, lang: Locale) -> None:
    # Only "good night" is a moon: "tired" must not be taken for it.
    assert PICTOGRAMS[QuickReply.GOODNIGHT] in MOONS
    assert PICTOGRAMS[QuickReply.TIRED] not in MOONS
    assert len(set(PICTOGRAMS.values())) == len(PICTOGRAMS)
    pair = make_pair(lang)
    survivor = phone(SMALL_PHONE)
    open_conversation(survivor, pair, pair.survivor)
    for reply in PICTOGRAM_REPLIES:
        word = pair.t(quick_reply_key(reply))
        assert "·" not in word, f"{word!r}: plain words read more easily"
        button = survivor.button(word)
        on_screen(survivor, button, word)
        box = button.bounding_box()
        assert box is not None and box["height"] >= WORD_UNDER_ICON_MIN_HEIGHT_PX, (word, box)
        expect(button).to_have_text(word)
    assert survivor.cut_off_on_the_side() == []
    survivor.screenshot(f"pictograms-with-words-{lang.value}")

    # The word goes with the picture into the conversation.
    tired = pair.t(quick_reply_key(QuickReply.TIRED))
    survivor.tap(tired)
    expect(bubbles(survivor, tired)).to_have_count(1, timeout=LIVE_TIMEOUT_MS)


# -- the guide's official links open the same way ------------------------------------
def test_a_guide_source_opens_from_the_tap_in_a_new_tab(make_pair: MakePair, phone: Phone) -> None:
    pair = make_pair()
    screen = phone()
    screen.page.add_init_script(RECORD_OPENED)
    screen.open()
    sign_in(screen, pair.survivor)
    expect_home(screen, pair.survivor)
    screen.open("/home/guide/procedures/aah")
    source = screen.page.get_by_role("button", name=re.compile("MDPH de La Réunion"))
    expect(source).to_be_attached(timeout=LIVE_TIMEOUT_MS)
    # The page scrolls under Flutter's control: a screen reader's activation reaches the link.
    source.dispatch_event("click")
    screen.page.wait_for_function("() => window.relaisOpened.length >= 1")
    opened = screen.page.evaluate("() => window.relaisOpened")
    assert opened[0]["url"].startswith("https://www.mdph.re/"), opened
    assert opened[0]["during"] not in (None, "message"), opened

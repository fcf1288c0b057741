"""Safety in a conversation, in real browsers, one context per person.

The failures people met when they tried Relais (issue 10): a peer's promise
of recovery went out with no reminder of the charter; the crisis banner hid
the conversation on a small phone and its numbers could not be reached at
large text; Send pressed again after a lost reply sent the message twice;
the pictograms had no words. The matched pair is made through the real
services on the test server's own database, then each person signs in and
opens their conversation as they would.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import flet as ft
import pytest
from playwright.sync_api import Locator, ViewportSize, expect

from app.i18n import translate
from app.peer_support import routes as peer_routes
from components.peer_support.quick_replies import PICTOGRAMS, quick_reply_key
from services.accounts import auth, profiles
from services.local import admin
from services.local.gateway import LocalGateway
from services.models import Locale
from services.peer_support import matches
from services.peer_support.message_models import PICTOGRAM_REPLIES, QuickReply

from .conftest import NewPerson
from .flutter_page import STEP_TIMEOUT_MS, FlutterPage
from .journeys import PASSWORD, Person, a_person, expect_home, sign_in
from .server_data import run
from .test_flaky_network import BANNER, FlakyConnection, _expect_field_value

pytestmark = pytest.mark.e2e

T = TypeVar("T")
LIVE_TIMEOUT_MS = 20_000
SMALL_PHONE: ViewportSize = {"width": 360, "height": 740}
WRITE = "messaging.chat.write"
TRAINED_ON = dt.date(2026, 1, 15)


@dataclass(frozen=True)
class Pair:
    survivor: Person
    peer: Person
    conversation_id: uuid.UUID
    lang: Locale

    def t(self, key: str, **params: object) -> str:
        return translate(self.lang, key, **params)


async def _make_pair(conninfo: str, lang: Locale, text_scale: int) -> Pair:
    """A survivor and an approved peer supporter who both accepted their match."""
    tag = uuid.uuid4().hex[:4]
    survivor, peer, coordinator = (
        a_person(f"Survivante {tag}"),
        a_person(f"Pair-aidant {tag}"),
        a_person(f"Coordination {tag}"),
    )
    gateway = await LocalGateway.open(conninfo, pool_size=1)
    try:
        sessions = {}
        for person, role in ((survivor, "survivor"), (peer, "peer"), (coordinator, "survivor")):
            sessions[person.email] = await auth.sign_up(
                gateway, email=person.email, password=PASSWORD,
                display_name=person.display_name, role=role, locale=lang.value,
            )  # fmt: skip
            if text_scale != 100:
                await profiles.update_my_profile(
                    gateway, sessions[person.email], text_scale=text_scale
                )
        assert admin.make_coordinator(conninfo, coordinator.email)
        asking, answering = sessions[survivor.email], sessions[peer.email]
        coordinating = await auth.sign_in(gateway, email=coordinator.email, password=PASSWORD)
        await matches.submit_application(
            gateway, answering, topics=["emotional_support"], languages=[lang.value],
            departement="69", availability="Le soir", accepts_charter=True, stroke_year=2019,
        )  # fmt: skip
        await matches.approve_peer(
            gateway, coordinating, peer_id=answering.user_id, training_completed_on=TRAINED_ON
        )
        request = await matches.request_peer(
            gateway, asking, topics=["emotional_support"], language=lang.value
        )
        match = await matches.propose_match(
            gateway, coordinating, request_id=request.id, peer_id=answering.user_id
        )
        for session in (asking, answering):
            await matches.respond_to_match(gateway, session, match_id=match.id, accept=True)
        conversation_id = (await matches.list_my_matches(gateway, asking))[0].conversation_id
        assert conversation_id is not None
        return Pair(survivor, peer, conversation_id, lang)
    finally:
        await gateway.close()


MakePair = Callable[..., Pair]


@pytest.fixture
def make_pair(server_db: str) -> MakePair:
    def make(lang: Locale = Locale.FR, text_scale: int = 100) -> Pair:
        return run(_make_pair(server_db, lang, text_scale))

    return make


Phone = Callable[..., FlutterPage]


@pytest.fixture
def phone(new_person: NewPerson) -> Phone:
    """Another person's phone, at a chosen size (new_person takes the viewport)."""
    return new_person


def _conversation_row(screen: FlutterPage, pair: Pair, person: Person) -> Locator:
    """The Messages tab's line for the conversation with the other person of the pair."""
    other = pair.peer if person is pair.survivor else pair.survivor
    name = pair.t("messaging.messages.open_with", name=other.display_name)
    return screen.page.get_by_role("button", name=re.compile("^" + re.escape(name)))


def open_conversation(screen: FlutterPage, pair: Pair, person: Person) -> None:
    """Sign in and open the conversation from the Messages tab, as the person does."""
    screen.open()
    sign_in(screen, person)
    expect_home(screen, person, lang=pair.lang)
    screen.tab(pair.t("nav.messages")).click()
    row = _conversation_row(screen, pair, person)
    expect(row.first).to_be_visible(timeout=LIVE_TIMEOUT_MS)
    row.first.click()
    expect(screen.textbox(pair.t(WRITE))).to_be_visible()
    assert screen.page.url.endswith(peer_routes.conversation(pair.conversation_id))


def expect_message(screen: FlutterPage, text: str) -> None:
    pattern = re.compile(re.escape(text))
    named = screen.page.get_by_label(pattern)
    shown = screen.page.locator("flt-semantics").filter(has_text=pattern)
    expect(named.or_(shown).last).to_be_visible(timeout=LIVE_TIMEOUT_MS)


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


def _expect_field_holds(screen: FlutterPage, pair: Pair, text: str) -> None:
    # Tapped first, as a person goes back to the words: Flutter writes a field's
    # text into the page only while it has focus, and the reminder's dialog took it.
    field = screen.textbox(pair.t(WRITE))
    field.click()
    expect(field).to_have_value(text, timeout=STEP_TIMEOUT_MS)


def _bubbles(screen: FlutterPage, text: str) -> Locator:
    """Messages on screen reading exactly `text` (then their time): one node each."""
    pattern = re.compile("^" + re.escape(text) + r"\s+\d\d:\d\d")
    innermost = screen.page.locator("flt-semantics:not(:has(flt-semantics))")
    return innermost.filter(has_text=pattern)


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
        _expect_field_holds(peer, pair, phrase)
    assert _bubbles(survivor, phrases[0]).count() == 0, "sent before the peer chose to"

    # "Send anyway" sends it as it is: the reminder never blocks.
    last = phrases[-1]
    _press_enter(peer, pair)
    _expect_reminder(peer, pair)
    peer.tap(pair.t("messaging.chat.send_anyway"))
    expect(_bubbles(survivor, last)).to_have_count(1, timeout=LIVE_TIMEOUT_MS)
    _expect_field_holds(peer, pair, "")
    expect(peer.by_id("false-hope-reminder")).to_be_hidden()

    # A message with no promise in it goes at once.
    _write(peer, pair, "Je pense à toi" if lang is Locale.FR else "Thinking of you")
    peer.tap(send)
    expect(_bubbles(survivor, "Je pense à toi" if lang is Locale.FR else "Thinking of you"))\
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
    expect(_bubbles(survivor, "Le médecin dit que je vais guérir, tu vas guérir toi aussi ?"))\
        .to_have_count(1, timeout=LIVE_TIMEOUT_MS)  # fmt: skip
    expect(survivor.by_id("false-hope-reminder")).to_be_hidden()


# -- 2. the crisis banner ------------------------------------------------------------
# What the page asks the browser to open, and during which event: a tap's own
# (pointerup, click, keydown) or a message from the server, which iOS Safari ignores.
_RECORD_OPENED = """(() => {
  window.relaisOpened = [];
  window.open = (url) => {
    window.relaisOpened.push({url: String(url), during: window.event ? window.event.type : null});
    return null;
  };
})();"""
CONTACTS = [
    ("samu", "15", "tel:15"),
    ("european_emergency", "112", "tel:112"),
    ("deaf_or_speechless_sms", "114", "sms:114"),
    ("suicide_prevention", "3114", "tel:3114"),
]


def _on_screen(screen: FlutterPage, target: Locator, what: str) -> None:
    """`target` lies wholly inside the phone's screen, with nothing to scroll."""
    expect(target).to_be_visible(timeout=LIVE_TIMEOUT_MS)
    box = target.bounding_box()
    size = screen.page.viewport_size
    assert box is not None and size is not None
    inside = (
        box["x"] >= -0.5
        and box["y"] >= -0.5
        and box["x"] + box["width"] <= size["width"] + 0.5
        and box["y"] + box["height"] <= size["height"] + 0.5
    )
    assert inside, f"{what} is not on the screen: {box}"


def _reopen(screen: FlutterPage, pair: Pair, person: Person) -> None:
    screen.tap(pair.t("messaging.chat.back"))
    row = _conversation_row(screen, pair, person)
    expect(row.first).to_be_visible(timeout=LIVE_TIMEOUT_MS)
    row.first.click()
    expect(screen.textbox(pair.t(WRITE))).to_be_visible()


def test_the_crisis_banner_leaves_the_conversation_usable_on_a_small_phone_at_double_text(
    make_pair: MakePair, phone: Phone
) -> None:
    pair = make_pair(text_scale=200)
    survivor, peer = phone(SMALL_PHONE), phone(SMALL_PHONE)
    survivor.page.add_init_script(_RECORD_OPENED)
    open_conversation(survivor, pair, pair.survivor)
    open_conversation(peer, pair, pair.peer)

    survivor.fill(pair.t(WRITE), "je veux mourir")
    survivor.tap(pair.t("messaging.chat.send"))
    expect(survivor.by_id("crisis-banner")).to_be_visible(timeout=LIVE_TIMEOUT_MS)
    survivor.screenshot("crisis-banner-360-200")

    # All four numbers are big buttons on the screen, and the conversation stays usable.
    for key, number, _url in CONTACTS:
        name = pair.t(f"messaging.safety.contact.{key}", number=number)
        _on_screen(survivor, survivor.button(name), name)
    _on_screen(survivor, survivor.textbox(pair.t(WRITE)), "the message field")
    latest = _bubbles(survivor, "je veux mourir")
    _on_screen(survivor, latest, "the latest message")
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
    _on_screen(survivor, latest, "the latest message")
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
    expect(_bubbles(peer, text)).to_have_count(1, timeout=LIVE_TIMEOUT_MS)
    connection.cut()
    assert survivor.page.evaluate(_DRAFT_ON_DEVICE, text), "the draft was forgotten"

    # Back on another network (a new server session), the draft is still there: Send again.
    connection.restore(from_address="10.20.30.50")
    banner = survivor.page.locator(BANNER)
    expect(banner).to_contain_text(pair.t("pwa.back_online"), timeout=30_000)
    _expect_field_value(survivor, pair.t(WRITE), text)
    survivor.page.wait_for_timeout(1_500)  # the new session renders in steps
    survivor.tap(pair.t("messaging.chat.send"))
    _expect_field_holds(survivor, pair, "")

    # The next message arrives after it: by then a second copy would have too.
    survivor.fill(pair.t(WRITE), "Et la suite")
    survivor.tap(pair.t("messaging.chat.send"))
    expect(_bubbles(peer, "Et la suite")).to_have_count(1, timeout=LIVE_TIMEOUT_MS)
    expect(_bubbles(peer, text)).to_have_count(1)
    expect(_bubbles(survivor, text)).to_have_count(1)


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
        _on_screen(survivor, button, word)
        box = button.bounding_box()
        assert box is not None and box["height"] >= WORD_UNDER_ICON_MIN_HEIGHT_PX, (word, box)
        expect(button).to_have_text(word)
    assert survivor.cut_off_on_the_side() == []
    survivor.screenshot(f"pictograms-with-words-{lang.value}")

    # The word goes with the picture into the conversation.
    tired = pair.t(quick_reply_key(QuickReply.TIRED))
    survivor.tap(tired)
    expect(_bubbles(survivor, tired)).to_have_count(1, timeout=LIVE_TIMEOUT_MS)


# -- the guide's official links open the same way ------------------------------------
def test_a_guide_source_opens_from_the_tap_in_a_new_tab(make_pair: MakePair, phone: Phone) -> None:
    pair = make_pair()
    screen = phone()
    screen.page.add_init_script(_RECORD_OPENED)
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

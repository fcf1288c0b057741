"""A matched survivor and peer supporter, made through the real services, and their phones.

Shared by the browser tests of a conversation: the pair is created on the
test server's own database, then each person signs in and opens their
conversation from the Messages tab, as they would.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from playwright.sync_api import Locator, ViewportSize, expect

from app.i18n import translate
from app.peer_support import routes as peer_routes
from services.accounts import auth, profiles
from services.local import admin
from services.local.gateway import LocalGateway
from services.models import Locale
from services.peer_support import matches

from .flutter_page import STEP_TIMEOUT_MS, FlutterPage
from .journeys import PASSWORD, Person, a_person, expect_home, sign_in
from .server_data import run

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


async def make_matched_pair(conninfo: str, lang: Locale, text_scale: int) -> Pair:
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
        return run(make_matched_pair(server_db, lang, text_scale))

    return make


Phone = Callable[..., FlutterPage]


@pytest.fixture
def phone(new_person: Phone) -> Phone:
    """Another person's phone, at a chosen size (new_person takes the viewport)."""
    return new_person


def conversation_row(screen: FlutterPage, pair: Pair, person: Person) -> Locator:
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
    row = conversation_row(screen, pair, person)
    expect(row.first).to_be_visible(timeout=LIVE_TIMEOUT_MS)
    row.first.click()
    expect(screen.textbox(pair.t(WRITE))).to_be_visible()
    assert screen.page.url.endswith(peer_routes.conversation(pair.conversation_id))


def expect_message(screen: FlutterPage, text: str) -> None:
    pattern = re.compile(re.escape(text))
    named = screen.page.get_by_label(pattern)
    shown = screen.page.locator("flt-semantics").filter(has_text=pattern)
    expect(named.or_(shown).last).to_be_visible(timeout=LIVE_TIMEOUT_MS)


def bubbles(screen: FlutterPage, text: str) -> Locator:
    """Messages on screen reading exactly `text` (then their time): one node each."""
    pattern = re.compile("^" + re.escape(text) + r"\s+\d\d:\d\d")
    innermost = screen.page.locator("flt-semantics:not(:has(flt-semantics))")
    return innermost.filter(has_text=pattern)


def expect_field_holds(screen: FlutterPage, pair: Pair, text: str) -> None:
    # Tapped first, as a person goes back to the words: Flutter writes a field's
    # text into the page only while it has focus, and the reminder's dialog took it.
    field = screen.textbox(pair.t(WRITE))
    field.click()
    expect(field).to_have_value(text, timeout=STEP_TIMEOUT_MS)


def on_screen(screen: FlutterPage, target: Locator, what: str) -> None:
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


# Records every address the page opens, and whether a tap was being handled then.
RECORD_OPENED = """(() => {
  window.relaisOpened = [];
  window.open = (url) => {
    window.relaisOpened.push({url: String(url), during: window.event ? window.event.type : null});
    return null;
  };
})();"""

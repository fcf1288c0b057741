"""A flaky network loses nothing: same person, same screen, same draft, nothing saved twice.

The connection is cut the way a train tunnel cuts it: CDP network emulation
goes offline, and the app's open websocket is closed (offline emulation alone
leaves open websockets alone, so the test routes the socket through itself
to cut it). It comes back from another IP address, as a phone moving from
Wi-Fi to mobile data does: the server sees a stranger and starts a new
session, which must sign the person back in from the token this browser kept.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import BrowserContext, CDPSession, Page, WebSocketRoute, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from .conftest import NewPerson
from .flutter_page import STEP_TIMEOUT_MS, FlutterPage
from .journeys import a_person, expect_home, fr, sign_up

pytestmark = pytest.mark.e2e

BANNER = "#relais-connection"
ENTRY = "Marché avec ma fille ce matin, sans canne."


class FlakyConnection:
    """The app's websocket, routed through the test so it can be cut and restored."""

    def __init__(self, context: BrowserContext, page: Page) -> None:
        self.context = context
        self.network: CDPSession = context.new_cdp_session(page)
        self.network.send("Network.enable")
        self.online = True
        self.replies = True  # server → page; off: the server hears the page, not the reverse
        self._sockets: list[WebSocketRoute] = []
        page.route_web_socket(re.compile(r"/ws$"), self._route)

    def _route(self, socket: WebSocketRoute) -> None:
        if not self.online:
            socket.close()
            return
        server = socket.connect_to_server()
        socket.on_message(server.send)
        server.on_message(lambda message: socket.send(message) if self.replies else None)
        self._sockets.append(socket)

    def cut(self) -> None:
        self.online = False
        self.network.send(
            "Network.emulateNetworkConditions",
            {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
        )
        for socket in self._sockets:
            socket.close()
        self._sockets.clear()

    def restore(self, from_address: str) -> None:
        # Behind our loopback test server, X-Forwarded-For is the client's address.
        self.context.set_extra_http_headers({"X-Forwarded-For": from_address})
        self.network.send(
            "Network.emulateNetworkConditions",
            {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
        )
        self.replies = True
        self.online = True


def _expect_field_value(screen: FlutterPage, label: str, expected: str) -> None:
    """The text field holds `expected`.

    Flutter makes the DOM input when the field takes focus and fills it a moment
    later, so the value is awaited, not read once.
    """
    screen.textbox(label).click()
    screen.page.wait_for_function(
        "label => document.activeElement"
        " && document.activeElement.getAttribute('aria-label') === label",
        arg=label,
        timeout=STEP_TIMEOUT_MS,
    )
    try:
        screen.page.wait_for_function(
            "expected => document.activeElement && document.activeElement.value === expected",
            arg=expected,
            timeout=STEP_TIMEOUT_MS,
        )
    except PlaywrightTimeoutError:
        held = screen.page.evaluate("() => document.activeElement && document.activeElement.value")
        raise AssertionError(f"the field {label!r} holds {held!r}, not {expected!r}") from None


_STORED_DRAFT_TEXTS = """() => Object.keys(localStorage)
  .filter((key) => key.includes('diary.draft'))
  .map((key) => JSON.parse(JSON.parse(localStorage.getItem(key))).body || '')
  .join(' | ')"""


def _draft_on_device(page: Page) -> str:
    """The diary draft texts kept in this browser (SharedPreferences: JSON in localStorage)."""
    drafts: str = page.evaluate(_STORED_DRAFT_TEXTS)
    return drafts


def _let_the_screen_settle(screen: FlutterPage) -> None:
    # A new session renders in steps (sign-in from the token, then the screen's own
    # loads); a tap landing mid-way meets a control that is being replaced.
    screen.page.wait_for_timeout(1_500)


def test_a_cut_connection_loses_nothing_and_saves_nothing_twice(new_person: NewPerson) -> None:
    screen = new_person()
    connection = FlakyConnection(screen.page.context, screen.page)
    screen.open()
    person = a_person("Essai Réseau")
    sign_up(screen, person, "role.survivor")
    expect_home(screen, person)
    screen.tab(fr("nav.diary")).click()
    screen.tap(fr("diary.new_entry"))
    screen.fill(fr("diary.entry.text"), ENTRY)
    screen.page.wait_for_function(f"entry => ({_STORED_DRAFT_TEXTS})().includes(entry)", arg=ENTRY)
    editor_address = screen.page.url

    # A tunnel: the connection goes, a calm word says so.
    connection.cut()
    banner = screen.page.locator(BANNER)
    expect(banner).to_contain_text(fr("pwa.reconnecting"), timeout=STEP_TIMEOUT_MS)
    assert banner.get_attribute("role") == "status"
    screen.screenshot("flaky-network-reconnecting")

    # Out of the tunnel, on another network: a new server session.
    connection.restore(from_address="10.20.30.40")
    expect(banner).to_contain_text(fr("pwa.back_online"), timeout=30_000)
    expect(banner).to_be_hidden(timeout=STEP_TIMEOUT_MS)
    screen.expect_text(fr("diary.entry.draft_restored"))
    assert screen.page.url == editor_address, "not back on the screen they were on"
    expect(screen.tab(fr("nav.profile"))).to_be_visible()  # still signed in
    _expect_field_value(screen, fr("diary.entry.text"), ENTRY)

    # Saving as the connection drops: the server stores the entry, the page never
    # hears back, so the draft's forgetting never reaches this device.
    connection.replies = False
    screen.tap(fr("diary.entry.save"))
    screen.page.wait_for_timeout(2_000)
    connection.cut()
    assert ENTRY in _draft_on_device(screen.page)
    connection.restore(from_address="10.20.30.41")
    expect(banner).to_contain_text(fr("pwa.back_online"), timeout=30_000)
    screen.expect_text(fr("diary.entry.draft_restored"))
    _let_the_screen_settle(screen)
    # The entry did reach the diary…
    screen.tap(fr("diary.entry.later"))
    screen.expect_text(ENTRY)
    # …and the draft is offered again; saving it again stores nothing new.
    screen.tap(fr("diary.new_entry"))
    screen.expect_text(fr("diary.entry.draft_restored"))
    _let_the_screen_settle(screen)
    screen.tap(fr("diary.entry.save"))
    screen.expect_text(fr("diary.new_entry"))
    expect(screen.page.get_by_text(ENTRY, exact=True)).to_have_count(1)
    assert ENTRY not in _draft_on_device(screen.page)
    screen.screenshot("flaky-network-diary-after-retry")

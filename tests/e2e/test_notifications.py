"""Notifications in a real Chromium: turned on at a tap, pushed, shown, tapped.

Headless Chromium refuses `pushManager.subscribe()` even with permission, so
an init script makes it return a subscription of the tests' local push
service (tests/push_service.py), keys included. Everything after is real:
push.js posts it with the tab's ticket, the tab saves it as its person, the
server's sender encrypts and posts the push, the local service decrypts it,
and the push is handed to the service worker (CDP), which shows it.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from typing import Any

import psycopg
import pytest
from playwright.sync_api import CDPSession, Locator, expect

from app.notifications.routes import EMAILS, NOTIFICATIONS
from app.peer_support import routes as peer_routes
from services.accounts import auth
from services.local.gateway import LocalGateway
from services.peer_support import messaging
from tests.push_service import LocalPushService, LocalSubscription

from .conversation_pairs import LIVE_TIMEOUT_MS, MakePair, Pair, Phone, expect_message
from .flutter_page import FlutterPage
from .journeys import PASSWORD, Person, a_person, expect_home, fr, open_profile, sign_in
from .server_data import run

pytestmark = pytest.mark.e2e

SECRET_WORDS = "Mon rendez-vous chez la neurologue"

STUB_PUSH_MANAGER = """(() => {
  const subscription = %s;
  const stub = { subscribed: false, keyLength: 0 };
  window.relaisPushStub = stub;
  const made = {
    endpoint: subscription.endpoint, expirationTime: null,
    toJSON: () => subscription,
    unsubscribe: () => { stub.subscribed = false; return Promise.resolve(true); },
  };
  PushManager.prototype.subscribe = function (options) {
    stub.subscribed = true;
    stub.keyLength = options.applicationServerKey.byteLength;
    return Promise.resolve(made);
  };
  PushManager.prototype.getSubscription = function () {
    return Promise.resolve(stub.subscribed ? made : null);
  };
})();"""

NOTIFICATIONS_SHOWN = """async () => {
  const registration = await navigator.serviceWorker.ready;
  const shown = await registration.getNotifications();
  return shown.map((n) => ({
    title: n.title, body: n.body, tag: n.tag, data: n.data,
    actions: n.actions.map((a) => a.action),
  }));
}"""

CLICK_NOTIFICATION = """async (tag) => {
  const [notification] = await self.registration.getNotifications({ tag });
  self.dispatchEvent(new NotificationEvent("notificationclick", { notification }));
  return Boolean(notification);
}"""


def _push_ready(screen: Any, subscription: LocalSubscription, origin: str) -> None:
    """This phone's browser allows notifications and "subscribes" to the local service."""
    context = screen.page.context
    context.grant_permissions(["notifications"], origin=origin)
    context.add_init_script(STUB_PUSH_MANAGER % json.dumps(subscription.browser_json()))


def _saved_endpoints(conninfo: str, person: Person) -> list[str]:
    with psycopg.connect(conninfo) as conn:
        rows = conn.execute(
            "select s.endpoint from public.push_subscriptions s"
            " join auth.users u on u.id = s.user_id where u.email = %s",
            [person.email],
        ).fetchall()
    return [row[0] for row in rows]


async def _peer_writes(conninfo: str, pair: Pair, body: str) -> None:
    gateway = await LocalGateway.open(conninfo, pool_size=1)
    try:
        session = await auth.sign_in(gateway, email=pair.peer.email, password=PASSWORD)
        await messaging.send_message(
            gateway, session, message_id=uuid.uuid4(),
            conversation_id=pair.conversation_id, body=body,
        )  # fmt: skip
    finally:
        await gateway.close()


def _registration_id(cdp: CDPSession, origin: str) -> str:
    """The service worker registration of Relais's pages, as DevTools names it."""
    registrations: list[dict[str, Any]] = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: registrations.extend(event["registrations"]),
    )
    cdp.send("ServiceWorker.enable")
    deadline = time.monotonic() + 10
    while not any(r["scopeURL"] == origin + "/" for r in registrations):
        assert time.monotonic() < deadline, f"no service worker registered: {registrations}"
        cdp.send("Runtime.evaluate", {"expression": "1"})  # lets events arrive
        time.sleep(0.1)
    found: str = next(r for r in registrations if r["scopeURL"] == origin + "/")["registrationId"]
    return found


def _shown_after_push(screen: FlutterPage, origin: str, payload: dict[str, Any]) -> list[Any]:
    """Deliver the push to the service worker as the browser does; what it then shows."""
    assert screen.page.evaluate("navigator.serviceWorker.ready.then((r) => Boolean(r.active))")
    cdp = screen.page.context.new_cdp_session(screen.page)
    registration = _registration_id(cdp, origin)
    message = {"origin": origin, "registrationId": registration, "data": json.dumps(payload)}
    # On a loaded machine a first delivery can go unrouted; a repeat has the same tag.
    for _ in range(3):
        cdp.send("ServiceWorker.deliverPushMessage", message)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            shown = screen.page.evaluate(NOTIFICATIONS_SHOWN)
            if mine := [n for n in shown if n["tag"] == payload["tag"]]:
                return mine
            time.sleep(0.2)
    return []


def test_a_survivor_turns_notifications_on_and_a_tap_opens_the_conversation(
    make_pair: MakePair,
    phone: Phone,
    push_service: LocalPushService,
    server_db: str,
    relais_url: str,
) -> None:
    pair = make_pair()
    origin = relais_url.rstrip("/")
    subscription = push_service.new_subscription()
    screen = phone()
    _push_ready(screen, subscription, origin)

    # Beside a first conversation, Relais offers once to notify; yes leads to the settings.
    screen.open()
    sign_in(screen, pair.survivor)
    expect_home(screen, pair.survivor)
    expect(screen.by_id("notification-offer")).to_be_visible(timeout=LIVE_TIMEOUT_MS)
    screen.tap(fr("notifications.offer.yes"))
    screen.expect_text(fr("notifications.private"))
    assert screen.page.url.endswith(NOTIFICATIONS)

    screen.tap(fr("notifications.turn_on"))
    screen.expect_text(fr("notifications.on_here"))
    this_device = re.compile(re.escape(" (cet appareil)"))
    expect(screen.page.get_by_role("group", name=this_device)).to_be_visible()
    assert _saved_endpoints(server_db, pair.survivor) == [subscription.endpoint]
    assert screen.page.evaluate("window.relaisPushStub.keyLength") == 65

    # The peer writes; the push that leaves the server says that, and nothing of the words.
    run(_peer_writes(server_db, pair, SECRET_WORDS))
    deadline = time.monotonic() + LIVE_TIMEOUT_MS / 1000
    while not push_service.delivered(subscription):
        assert time.monotonic() < deadline, f"no push arrived: {push_service.received()}"
        time.sleep(0.2)
    [push] = push_service.delivered(subscription)
    assert push.payload is not None
    assert push.payload["body"] == "Nouveau message"
    assert "neurologue" not in json.dumps(push.payload, ensure_ascii=False)
    conversation = peer_routes.conversation(pair.conversation_id)
    assert push.payload["url"] == conversation

    # Elsewhere in the app, the push reaches the service worker, which shows it.
    open_profile(screen)
    shown = _shown_after_push(screen, origin, push.payload)
    assert shown, "the service worker showed no notification"
    assert shown[0]["title"] == "Relais"
    assert shown[0]["body"] == "Nouveau message"
    assert shown[0]["actions"] == ["settings"]  # every notification's way to stop them

    # A tap on it brings the person to that conversation.
    [worker] = [w for w in screen.page.context.service_workers if w.url.startswith(origin)]
    assert worker.evaluate(CLICK_NOTIFICATION, push.tag)
    screen.page.wait_for_url(re.compile(re.escape(conversation) + "$"), timeout=LIVE_TIMEOUT_MS)
    screen.enable_semantics()
    expect_message(screen, SECRET_WORDS)

    # Signing out of a shared phone stops that person's notifications on it.
    open_profile(screen)
    screen.tap(fr("profile.sign_out"))
    screen.expect_text(fr("welcome.sign_in"))
    assert _saved_endpoints(server_db, pair.survivor) == []


def test_without_a_mail_server_each_person_reads_only_their_own_emails(
    new_person: Phone, server_db: str
) -> None:
    reader, stranger = a_person("Lectrice"), a_person("Voisin")
    for person in (reader, stranger):
        run(_sign_up(server_db, person))
    screen = new_person()
    screen.open()
    sign_in(screen, reader)
    expect_home(screen, reader)
    open_profile(screen)
    screen.tap(fr("profile.notifications"))
    screen.expect_text(fr("notifications.kinds"))

    # Chosen at a tap, saved at once, still so after a reload.
    screen.page.get_by_role("checkbox", name=fr("notifications.kind.message")).click()
    screen.expect_text(fr("notifications.saved"))
    screen.page.get_by_role("checkbox", name=fr("notifications.email_digest")).click()
    expect(screen.by_id("notifications-saved")).to_be_visible()
    screen.open(NOTIFICATIONS)
    messages = screen.page.get_by_role("checkbox", name=fr("notifications.kind.message"))
    expect(messages).not_to_be_checked()
    expect(
        screen.page.get_by_role("checkbox", name=fr("notifications.email_digest"))
    ).to_be_checked()

    screen.tap(fr("notifications.emails.open"))
    expect(_showing(screen, "résumé quotidien activé")).to_be_visible(timeout=LIVE_TIMEOUT_MS)

    other = new_person()
    other.open()
    sign_in(other, stranger)
    expect_home(other, stranger)
    other.open(EMAILS)
    other.expect_text(fr("notifications.emails.none"))
    expect(_showing(other, "résumé quotidien activé")).to_have_count(0)


def _showing(screen: FlutterPage, words: str) -> Locator:
    """Whatever on screen reads `words`, as its name or as its text."""
    pattern = re.compile(re.escape(words))
    return (
        screen.page.get_by_label(pattern)
        .or_(screen.page.locator("flt-semantics").filter(has_text=pattern))
        .last
    )


async def _sign_up(conninfo: str, person: Person) -> None:
    gateway = await LocalGateway.open(conninfo, pool_size=1)
    try:
        await auth.sign_up(
            gateway, email=person.email, password=PASSWORD,
            display_name=person.display_name, role="caregiver", locale="fr",
        )  # fmt: skip
    finally:
        await gateway.close()

"""POST /push/subscriptions: what the page may hand over, and every refusal.

The route decides nothing about people: a valid ticket leads to the tab that
issued it, whose handler (here, one that records) saves as that person. What
the route must do is refuse what is malformed, oversized, unticketed or aimed
at a push service not on the list, before any handler runs.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from starlette.responses import PlainTextResponse
from starlette.testclient import TestClient
from starlette.types import Receive, Scope, Send

from app.web.push_bridge import BrowserAnswer, PushBridge, TicketBook
from app.web.push_route import MAX_BODY_BYTES, PATH, PushSubscriptionRoute
from services.errors import ErrorCode, RelaisError
from services.notifications.push import PushServices

GOOD = {
    "endpoint": "https://fcm.googleapis.com/fcm/send/abc123",
    "expirationTime": None,
    "keys": {"p256dh": "B" + "A" * 86, "auth": "A" * 22},
}


async def _behind(scope: Scope, receive: Receive, send: Send) -> None:
    await PlainTextResponse("the app")(scope, receive, send)


class Page:
    """One tab's side: its ticket, and what its handler was given."""

    def __init__(self, refuse: bool = False) -> None:
        self.answers: list[BrowserAnswer] = []
        self.refuse = refuse
        self.book = TicketBook()
        self.ticket = self.book.issue(self.handle)
        bridge = PushBridge(self.book, "key", PushServices())
        self.client = TestClient(PushSubscriptionRoute(_behind, bridge))

    async def handle(self, answer: BrowserAnswer) -> None:
        if self.refuse:
            raise RelaisError(ErrorCode.FORBIDDEN, "the database said no")
        self.answers.append(answer)

    def post(self, body: Any, *, raw: bytes | None = None) -> Any:
        content = raw if raw is not None else json.dumps(body).encode()
        return self.client.post(PATH, content=content, headers={"Content-Type": "application/json"})


def test_a_subscription_with_its_ticket_reaches_the_tab_that_issued_it() -> None:
    page = Page()
    answer = page.post({"ticket": page.ticket, "subscription": GOOD, "label": "Chrome · Android"})
    assert answer.status_code == 201
    assert answer.headers["cache-control"] == "no-store"
    [given] = page.answers
    assert given.subscription is not None
    assert given.subscription.endpoint == GOOD["endpoint"]
    assert given.subscription.device_label == "Chrome · Android"


def test_a_browser_that_said_no_is_reported_to_the_tab() -> None:
    page = Page()
    assert page.post({"ticket": page.ticket, "problem": "denied"}).status_code == 204
    assert page.answers == [BrowserAnswer(problem="denied")]


@pytest.mark.parametrize(
    "body",
    [
        {"subscription": GOOD},
        {"ticket": "made-up", "subscription": GOOD},
        {"ticket": 42, "subscription": GOOD},
    ],
    ids=["no ticket", "unknown ticket", "not a string"],
)
def test_without_a_ticket_the_tab_issued_nothing_is_handed_over(body: dict[str, Any]) -> None:
    page = Page()
    answer = page.post(body)
    assert answer.status_code == 403
    assert answer.json() == {"refused": "ticket"}
    assert page.answers == []


def test_a_withdrawn_or_expired_ticket_is_refused() -> None:
    page = Page()
    page.book.withdraw(page.ticket)
    assert page.post({"ticket": page.ticket, "subscription": GOOD}).status_code == 403
    expired = TicketBook(lifetime=-1)
    ticket = expired.issue(page.handle)
    assert expired.handler_for(ticket) is None
    assert page.answers == []


@pytest.mark.parametrize(
    "subscription",
    [
        None,
        "https://fcm.googleapis.com/x",
        {**GOOD, "keys": None},
        {**GOOD, "endpoint": "javascript:alert(1)"},
        {**GOOD, "endpoint": "https://fcm.googleapis.com/" + "a" * 1000},
        {**GOOD, "keys": {"p256dh": "short", "auth": "A" * 22}},
        {**GOOD, "keys": {"p256dh": "B" + "A" * 86, "auth": "A" * 40}},
        {**GOOD, "keys": {"p256dh": "B" + "A" * 85 + "!", "auth": "A" * 22}},
    ],
    ids=[
        "missing",
        "a string",
        "no keys",
        "not http",
        "endpoint too long",
        "short key",
        "long secret",
        "bad alphabet",
    ],
)
def test_a_malformed_subscription_is_refused(subscription: Any) -> None:
    page = Page()
    answer = page.post({"ticket": page.ticket, "subscription": subscription})
    assert answer.status_code == 400
    assert answer.json() == {"refused": "subscription"}
    assert page.answers == []


def test_an_endpoint_off_the_allowed_list_is_refused_and_the_tab_told() -> None:
    page = Page()
    elsewhere = {**GOOD, "endpoint": "https://169.254.169.254/latest/meta-data"}
    answer = page.post({"ticket": page.ticket, "subscription": elsewhere})
    assert answer.status_code == 403
    assert answer.json() == {"refused": "push_service"}
    assert page.answers == [BrowserAnswer(problem="unsupported")]


@pytest.mark.parametrize(
    ("raw", "status", "reason"),
    [
        (b"not json", 400, "not_json"),
        (b"[1, 2]", 400, "not_json"),
        (b"x" * (MAX_BODY_BYTES + 1), 413, "too_big"),
    ],
    ids=["not json", "not an object", "too big"],
)
def test_a_body_that_is_not_a_small_json_object_is_refused(
    raw: bytes, status: int, reason: str
) -> None:
    page = Page()
    answer = page.post(None, raw=raw)
    assert (answer.status_code, answer.json()) == (status, {"refused": reason})
    assert page.answers == []


def test_an_unknown_problem_word_is_refused() -> None:
    page = Page()
    assert page.post({"ticket": page.ticket, "problem": "<script>"}).status_code == 400
    assert page.answers == []


def test_a_refusal_from_the_database_reaches_the_page_as_a_conflict() -> None:
    page = Page(refuse=True)
    answer = page.post({"ticket": page.ticket, "subscription": GOOD})
    assert answer.status_code == 409
    assert answer.json() == {"refused": "forbidden"}


def test_only_a_post_is_answered_and_other_paths_go_to_the_app() -> None:
    page = Page()
    assert page.client.get(PATH).status_code == 405
    assert page.client.get("/somewhere").text == "the app"

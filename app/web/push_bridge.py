"""How a signed-in tab and its own page reach each other about push.

Flet 1.0 has no JavaScript bridge (DESIGN.md decision 11). The tab writes a
short-lived ticket and the VAPID public key into the page's localStorage
(SharedPreferences); at the person's tap, boot.js asks the browser for
permission and a subscription, then posts it with the ticket to
`POST /push/subscriptions`. The ticket leads back to the tab that issued it,
which saves the subscription *as that person*, through their own session:
the route itself holds no credentials and decides nothing.

Tickets live in this process: behind a proxy, the sticky cookie that keeps a
browser on one process for its websocket keeps its POST there too.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from services.notifications.models import PushSubscriptionIn
from services.notifications.push import PushServices

# Long enough for a screen left open, short enough that an old one is useless.
TICKET_SECONDS = 2 * 3600
MAX_TICKETS = 10_000
PREFERENCE_KEY = "relais.push"


@dataclass(frozen=True)
class BrowserAnswer:
    """What the page reports after the tap: a subscription, or why there is none."""

    subscription: PushSubscriptionIn | None = None
    # "denied", "unsupported", "ios_install" or "failed"
    problem: str | None = None


AnswerHandler = Callable[[BrowserAnswer], Awaitable[None]]
PROBLEMS = frozenset({"denied", "unsupported", "ios_install", "failed"})


class TicketBook:
    def __init__(self, *, lifetime: float = TICKET_SECONDS) -> None:
        self._lifetime = lifetime
        self._tickets: dict[str, tuple[float, AnswerHandler]] = {}

    def issue(self, handler: AnswerHandler) -> str:
        self._forget_expired()
        if len(self._tickets) >= MAX_TICKETS:
            # The oldest go first: a flood of tabs cannot grow this without bound.
            for ticket in list(self._tickets)[: len(self._tickets) - MAX_TICKETS + 1]:
                del self._tickets[ticket]
        ticket = secrets.token_urlsafe(24)
        self._tickets[ticket] = (time.monotonic() + self._lifetime, handler)
        return ticket

    def handler_for(self, ticket: object) -> AnswerHandler | None:
        if not isinstance(ticket, str):
            return None
        found = self._tickets.get(ticket)
        if found is None or found[0] < time.monotonic():
            return None
        return found[1]

    def withdraw(self, ticket: str) -> None:
        self._tickets.pop(ticket, None)

    def _forget_expired(self) -> None:
        now = time.monotonic()
        for ticket in [t for t, (expires, _) in self._tickets.items() if expires < now]:
            del self._tickets[ticket]


@dataclass(frozen=True)
class PushBridge:
    """What every tab of this process shares: the ticket book and the server's public key."""

    tickets: TicketBook
    application_server_key: str
    services: PushServices

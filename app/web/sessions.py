"""Flet's websocket sessions: slowed past a bound per address, and always let go.

Relais answers `/ws` itself (in front of Flet's own endpoint) for two reasons.

Flet 1.0.5 never lets go of some connections (flet_web/fastapi/flet_app.py):
- a socket that closes before registering a session leaves its handler
  waiting forever on its send queue, with the socket and its buffers;
- a client that drops while a message is being sent makes the send loop
  raise, the handler stops before `disconnect_session`, and the session stays
  in Flet's map as "connected", never to expire.
`_ReleasingFletApp` fixes both without copying Flet's handler: sends to a
gone client are dropped (the receive side sees the disconnect and ends the
session the normal way), and a receive loop that ends without a session
stops the send loop. The session then expires after FLET_SESSION_TIMEOUT and
is closed; app/main.py ends the tab's subscriptions on that close.

Flet's own evictor is replaced too: its loop variable keeps the last session
it looked at (its page, screens and tab state) for as long as no other
session exists, which is exactly after the last tab has gone.

Sessions per client address (live sockets, and sessions that wait for their
tab to come back) are bounded by RELAIS_SESSIONS_PER_ADDRESS by slowing: past
the bound, each new socket waits longer before it is accepted. Nobody is
refused, because a hospital ward's Wi-Fi puts many people behind one address.
"""

from __future__ import annotations

import asyncio
import json
import logging
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from flet.app import AppCallable
from flet.messaging.protocol import Message, MessageAction
from flet.messaging.session import Session
from flet_web.fastapi.flet_app import FletApp, app_manager
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.websockets import WebSocket, WebSocketDisconnect

logger = logging.getLogger(__name__)

SOCKET_PATH = "/ws"
COUNTS_PATH = "/_relais/sessions"
DELAY_STEP_S = 0.5
MAX_DELAY_S = 30.0
EVICT_EVERY_S = 10.0  # as often as Flet's own evictor
_SWEEP_EVERY = 256

Counts = Callable[[], Mapping[str, int]]


class _Socket(WebSocket):
    """A socket whose sends after the client has gone are dropped, not raised."""

    gone = False

    async def send_bytes(self, data: bytes) -> None:
        if self.gone:
            return
        try:
            await super().send_bytes(data)
        except (OSError, RuntimeError, WebSocketDisconnect):
            self.gone = True


class _ReleasingFletApp(FletApp):  # type: ignore[misc]  # flet_web is untyped
    def __init__(self, *args: Any, on_session: Callable[[Session], None], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._on_session = on_session
        self.registered = False

    async def _FletApp__receive_loop(self) -> None:  # Flet's private name: overrides it
        try:
            await FletApp._FletApp__receive_loop(self)
        finally:
            if getattr(self, "_FletApp__session", None) is None:
                queue = getattr(self, "_FletApp__send_queue", None)
                if queue is not None:
                    queue.put_nowait(None)  # Flet does this only once a session exists

    def send_message(self, message: Message) -> None:
        if message.action == MessageAction.REGISTER_CLIENT and not self.registered:
            self.registered = True
            session = getattr(self, "_FletApp__session", None)
            if session is not None:
                self._on_session(session)
        super().send_message(message)

    async def handle(self, websocket: WebSocket) -> None:
        try:
            await super().handle(websocket)
        except AttributeError:
            # Without a session, Flet's handler ends by looking up the session it
            # never had: there is nothing to disconnect.
            if self.registered:
                raise


async def evict_expired() -> int:
    """Close the sessions whose tab stayed away past their timeout; how many were closed."""
    sessions: Mapping[str, Session] = getattr(app_manager, "_FletAppManager__sessions", {})
    now = datetime.now(UTC)
    expired = [key for key, one in sessions.items() if one.expires_at and now > one.expires_at]
    for key in expired:
        await app_manager.delete_session(key)
    return len(expired)


async def _evict_every_while() -> None:
    while True:
        await asyncio.sleep(EVICT_EVERY_S)
        await evict_expired()


# Flet starts its evictor at startup by this private name; ours is taken instead.
app_manager._FletAppManager__evict_expired_sessions = _evict_every_while


@dataclass
class _Address:
    sockets: int = 0
    sessions: weakref.WeakSet[Session] = field(default_factory=weakref.WeakSet)

    def held(self) -> int:
        """Live sockets, plus sessions still waiting for their tab to reconnect."""
        now = datetime.now(UTC)
        waiting = sum(
            1
            for session in list(self.sessions)
            if session.expires_at is not None and session.expires_at > now
        )
        return self.sockets + waiting


def accept_delay(held: int, bound: int) -> float:
    """Seconds to wait before accepting a socket, with `held` sessions already at its address."""
    over = held + 1 - bound
    return 0.0 if over <= 0 else min(MAX_DELAY_S, DELAY_STEP_S * over)


class SessionSockets:
    """ASGI middleware answering Flet's websocket endpoint (and, for tests, its counts)."""

    def __init__(
        self,
        app: ASGIApp,
        main: AppCallable,
        *,
        per_address: int,
        counts: Counts | None = None,
    ) -> None:
        self.app = app
        self.main = main
        self.per_address = per_address
        self.counts = counts
        self._addresses: dict[str, _Address] = {}
        self._started = 0

    @property
    def sockets(self) -> int:
        return sum(address.sockets for address in self._addresses.values())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket" and scope["path"] == SOCKET_PATH:
            await self._serve(scope, receive, send)
        elif self.counts is not None and scope["type"] == "http" and scope["path"] == COUNTS_PATH:
            await self._send_counts(send)
        else:
            await self.app(scope, receive, send)

    async def _serve(self, scope: Scope, receive: Receive, send: Send) -> None:
        client = scope.get("client")
        key = client[0] if client else ""
        address = self._addresses.setdefault(key, _Address())
        delay = accept_delay(address.held(), self.per_address)
        address.sockets += 1
        try:
            if delay:
                logger.info("Slowing a new session from %s by %.1f s", key, delay)
                await asyncio.sleep(delay)
            app = _ReleasingFletApp(
                loop=asyncio.get_running_loop(),
                executor=app_manager.executor,
                main=self.main,
                before_main=None,
                on_session=address.sessions.add,
            )
            await app.handle(_Socket(scope, receive, send))
        except (OSError, WebSocketDisconnect):
            logger.debug("A websocket from %s left before it was accepted", key)
        finally:
            address.sockets -= 1
            self._started += 1
            if self._started % _SWEEP_EVERY == 0:
                self._sweep()

    def _sweep(self) -> None:
        for key, address in list(self._addresses.items()):
            if address.sockets == 0 and not address.held():
                del self._addresses[key]

    async def _send_counts(self, send: Send) -> None:
        assert self.counts is not None
        figures = {
            "flet_sessions": flet_session_count(),
            "sockets": self.sockets,
            **self.counts(),
        }
        body = json.dumps(figures).encode()
        headers = [(b"content-type", b"application/json"), (b"cache-control", b"no-store")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def flet_session_count() -> int:
    """Sessions in Flet's map (connected, or waiting for their tab until they expire)."""
    sessions: Mapping[str, Session] = getattr(app_manager, "_FletAppManager__sessions", {})
    return len(sessions)

"""A local Web Push service for tests and benchmarks (RFC 8030, 8291, 8292).

It plays the part of FCM or Mozilla's autopush: each subscription it makes has
an endpoint on this server and a P-256 key pair whose private half stays here,
so a push the real sender encrypted is decrypted with the same library browsers'
push code is tested against (http_ece), and its VAPID signature is checked.

The server is a threaded `http.server` on 127.0.0.1, so it answers while an
async test's event loop runs the sender in the same process, and a browser or
a benchmark in another thread or process can call it just as well.

A test decides what an endpoint answers (`answer(subscription, 410)`), where it
sends the pusher (`redirect(...)`) and how long it takes (`delay(subscription,
0.5)`), to play a gone device, a busy service, a service that points elsewhere
or a sender killed while a push is in flight. `received()` lists every request
with its headers, decrypted payload and arrival times; `wait_for()` (threads)
and `await_received()` (event loops) wait for them.
"""

from __future__ import annotations

import asyncio
import secrets
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from tests.push_crypto import MAX_BODY_BYTES, b64url, check_vapid, decrypt

PUSH_PATH = "/push/"


@dataclass
class LocalSubscription:
    """One browser's subscription: what the browser hands the page, and its private key."""

    id: str
    endpoint: str
    private_key: ec.EllipticCurvePrivateKey
    auth_secret: bytes
    # The VAPID key the "browser" subscribed with; a push signed by another is refused.
    application_server_key: str | None = None

    @property
    def p256dh(self) -> str:
        raw = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return b64url(raw)

    @property
    def auth(self) -> str:
        return b64url(self.auth_secret)

    def browser_json(self) -> dict[str, Any]:
        """What `PushSubscription.toJSON()` gives in a browser."""
        return {
            "endpoint": self.endpoint,
            "expirationTime": None,
            "keys": {"p256dh": self.p256dh, "auth": self.auth},
        }


@dataclass(frozen=True)
class ReceivedPush:
    """One request the service received, whatever it answered."""

    subscription_id: str
    status: int
    headers: Mapping[str, str]
    body: bytes
    payload: dict[str, Any] | None  # the decrypted JSON, when the push could be decrypted
    vapid_claims: dict[str, Any] | None  # the JWT's claims, when its signature was good
    problem: str | None  # why the push was refused, if it was
    received_monotonic: float
    received_at: float

    @property
    def delivered(self) -> bool:
        return self.status == HTTPStatus.CREATED

    @property
    def tag(self) -> str | None:
        return None if self.payload is None else str(self.payload.get("tag"))

    @property
    def ttl(self) -> str | None:
        return self.headers.get("ttl")

    @property
    def urgency(self) -> str | None:
        return self.headers.get("urgency")

    @property
    def topic(self) -> str | None:
        return self.headers.get("topic")

    @property
    def authorization(self) -> str | None:
        return self.headers.get("authorization")


@dataclass
class _State:
    subscriptions: dict[str, LocalSubscription] = field(default_factory=dict)
    answers: dict[str, int] = field(default_factory=dict)
    delays: dict[str, float] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)
    received: list[ReceivedPush] = field(default_factory=list)
    lock: threading.Condition = field(default_factory=threading.Condition)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A sender killed mid-send resets its connections: expected, not worth a traceback.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class LocalPushService:
    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self._address = (host, port)
        self._state = _State()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- life ----------------------------------------------------------------------
    def start(self) -> LocalPushService:
        state = self._state
        handler = type("Handler", (_PushHandler,), {"state": state, "service": self})
        self._server = _Server(self._address, handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="local-push-service", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> LocalPushService:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()

    @property
    def origin(self) -> str:
        if self._server is None:
            raise RuntimeError("the push service is not running")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    # -- subscriptions -----------------------------------------------------------------
    def new_subscription(self, application_server_key: str | None = None) -> LocalSubscription:
        sub_id = secrets.token_urlsafe(16)
        subscription = LocalSubscription(
            id=sub_id,
            endpoint=f"{self.origin}{PUSH_PATH}{sub_id}",
            private_key=ec.generate_private_key(ec.SECP256R1()),
            auth_secret=secrets.token_bytes(16),
            application_server_key=application_server_key,
        )
        with self._state.lock:
            self._state.subscriptions[sub_id] = subscription
        return subscription

    def answer(self, subscription: LocalSubscription, status: int) -> None:
        """From now on this endpoint answers `status` (201 is a normal delivery)."""
        with self._state.lock:
            self._state.answers[subscription.id] = status

    def redirect(self, subscription: LocalSubscription, location: str, status: int = 307) -> None:
        """From now on this endpoint sends the pusher elsewhere (a sender must not follow)."""
        with self._state.lock:
            self._state.answers[subscription.id] = status
            self._state.redirects[subscription.id] = location

    def delay(self, subscription: LocalSubscription, seconds: float) -> None:
        """Hold each answer of this endpoint this long (the push is recorded on arrival)."""
        with self._state.lock:
            self._state.delays[subscription.id] = seconds

    # -- what arrived --------------------------------------------------------------------
    def received(self, subscription: LocalSubscription | None = None) -> list[ReceivedPush]:
        with self._state.lock:
            pushes = list(self._state.received)
        if subscription is None:
            return pushes
        return [push for push in pushes if push.subscription_id == subscription.id]

    def delivered(self, subscription: LocalSubscription | None = None) -> list[ReceivedPush]:
        return [push for push in self.received(subscription) if push.delivered]

    def wait_until(
        self, done: Callable[[list[ReceivedPush]], bool], timeout: float = 10.0
    ) -> list[ReceivedPush]:
        """Block until `done(all requests so far)` or the timeout; returns the requests."""
        deadline = time.monotonic() + timeout
        with self._state.lock:
            while not done(list(self._state.received)):
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._state.lock.wait(left)
            return list(self._state.received)

    def wait_for(self, count: int, timeout: float = 10.0) -> list[ReceivedPush]:
        """Block until `count` requests arrived in all (from another thread or process)."""
        return self.wait_until(lambda received: len(received) >= count, timeout)

    async def await_received(
        self, subscription: LocalSubscription, count: int = 1, *, within: float = 10.0
    ) -> list[ReceivedPush]:
        """From an event loop: wait, in a thread, until this endpoint got `count` requests."""

        def enough(received: list[ReceivedPush]) -> bool:
            return sum(push.subscription_id == subscription.id for push in received) >= count

        await asyncio.to_thread(self.wait_until, enough, within)
        return self.received(subscription)


class _PushHandler(BaseHTTPRequestHandler):
    state: _State
    service: LocalPushService
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        return None

    def do_POST(self) -> None:
        arrived_monotonic, arrived_at = time.monotonic(), time.time()
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(min(length, MAX_BODY_BYTES + 1))
        headers = {name.lower(): value for name, value in self.headers.items()}
        sub_id = self.path.removeprefix(PUSH_PATH) if self.path.startswith(PUSH_PATH) else ""
        with self.state.lock:
            subscription = self.state.subscriptions.get(sub_id)
            chosen = self.state.answers.get(sub_id, HTTPStatus.CREATED)
            delay = self.state.delays.get(sub_id, 0.0)
        if length > len(body):
            self.close_connection = True  # the rest of an oversized body is never read
        payload = claims = None
        problem: str | None = None
        status: int
        if subscription is None:
            status, problem = HTTPStatus.NOT_FOUND, "no such subscription"
        else:
            claims, problem = check_vapid(
                headers, self.service.origin, subscription.application_server_key
            )
            if problem is None:
                payload, problem = decrypt(
                    headers, body, subscription.private_key, subscription.auth_secret
                )
            # A well-formed push gets what the test chose for this endpoint.
            status = chosen if problem is None else _status_of(problem)
        push = ReceivedPush(
            sub_id, int(status), headers, body, payload, claims, problem,
            arrived_monotonic, arrived_at,
        )  # fmt: skip
        with self.state.lock:
            self.state.received.append(push)
            self.state.lock.notify_all()
        if delay:
            time.sleep(delay)
        self._reply(int(status), sub_id)

    def _reply(self, status: int, sub_id: str) -> None:
        try:
            self.send_response(status)
            if status == HTTPStatus.CREATED:
                self.send_header("Location", f"{self.service.origin}/message/{sub_id}")
            location = self.state.redirects.get(sub_id)
            if location and 300 <= status < 400:
                self.send_header("Location", location)
            if status == HTTPStatus.TOO_MANY_REQUESTS:
                self.send_header("Retry-After", "30")
            self.send_header("Content-Length", "0")
            self.end_headers()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the sender gave up waiting (or was killed): nothing to tell it


def _status_of(problem: str) -> int:
    if problem.startswith("vapid"):
        return int(HTTPStatus.FORBIDDEN)
    if problem.startswith("too large"):
        return int(HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
    return int(HTTPStatus.BAD_REQUEST)

"""Web Push with VAPID (RFC 8030, 8291, 8292) through pywebpush.

The server calls only push services on an allowed list: a subscription's
endpoint comes from a browser, and without the list anyone could make the
server call any address (SSRF). Deployments may add hosts; tests add their
local endpoint as a full origin.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp
from cryptography.hazmat.primitives import serialization
from py_vapid import Vapid02
from pywebpush import WebPushException, webpush_async

logger = logging.getLogger(__name__)

# The push services of Chrome/Edge/Android (FCM), Firefox, Safari/iOS and Windows.
DEFAULT_PUSH_SERVICES = (
    "fcm.googleapis.com",
    "*.push.services.mozilla.com",
    "*.push.apple.com",
    "*.notify.windows.com",
)
# A night's worth: a push held by the service longer than this is stale.
PUSH_TTL_SECONDS = 12 * 3600
VAPID_KEY_FILE = "vapid_private.pem"


class PushServices:
    """Which endpoints the sender may call: `host`, `*.suffix` (HTTPS only) or a full origin."""

    def __init__(self, entries: tuple[str, ...] = DEFAULT_PUSH_SERVICES) -> None:
        self._hosts: set[str] = set()
        self._suffixes: list[str] = []
        self._origins: set[str] = set()
        for raw in entries:
            entry = raw.strip().lower().rstrip("/")
            if not entry:
                continue
            if "://" in entry:
                self._origins.add(entry)
            elif entry.startswith("*."):
                self._suffixes.append(entry[1:])
            else:
                self._hosts.add(entry)

    def allows(self, endpoint: str) -> bool:
        try:
            parts = urlsplit(endpoint)
            port = parts.port
        except ValueError:
            return False
        host = (parts.hostname or "").lower()
        if not host or parts.username or parts.password:
            return False
        origin = f"{parts.scheme}://{host}" + (f":{port}" if port else "")
        if origin in self._origins:
            return True
        if parts.scheme != "https" or port not in (None, 443):
            return False
        return host in self._hosts or any(host.endswith(suffix) for suffix in self._suffixes)


class VapidKeys:
    """The server's VAPID key pair: given by settings, or made once and kept in the data folder.

    Vapid02 signs with RFC 8292's `Authorization: vapid t=…, k=…`; Vapid01's older
    `WebPush` scheme is refused by FCM (403) alongside aes128gcm bodies.
    """

    def __init__(self, vapid: Vapid02, subject: str) -> None:
        self.vapid = vapid
        self.subject = subject

    @staticmethod
    def parse(private_key: str) -> Vapid02:
        """A P-256 private key given as PEM, or as base64url raw or DER; ValueError otherwise."""
        try:
            if "BEGIN" in private_key:
                return Vapid02.from_pem(private_key.strip().encode())
            return Vapid02.from_string(private_key=private_key.strip())
        except Exception as error:  # the library raises several kinds for a bad key
            raise ValueError("not a P-256 private key (PEM, or base64url raw or DER)") from error

    @classmethod
    def load(cls, *, private_key: str | None, data_dir: Path | None, subject: str) -> VapidKeys:
        if private_key:
            return cls(cls.parse(private_key), subject)
        if data_dir is None:
            raise ValueError("RELAIS_VAPID_PRIVATE_KEY is needed when there is no data folder")
        path = data_dir / VAPID_KEY_FILE
        if not path.exists():
            vapid = Vapid02()
            vapid.generate_keys()
            data_dir.mkdir(parents=True, exist_ok=True)
            # Written whole under another name, then renamed: a crash never leaves half a key.
            partial = path.with_suffix(".partial")
            partial.write_bytes(vapid.private_pem())
            partial.chmod(0o600)
            partial.replace(path)
        return cls(Vapid02.from_file(str(path)), subject)

    @property
    def application_server_key(self) -> str:
        """The public key as the browser's `pushManager.subscribe()` wants it (base64url)."""
        raw = self.vapid.public_key.public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


@dataclass(frozen=True)
class PushMessage:
    tag: str
    title: str
    body: str
    url: str
    urgent: bool = False
    # Push services keep only the latest undelivered push of one topic.
    topic: str | None = None
    # The notification's second button, to its settings: every notification's way out.
    settings_label: str = ""

    def payload(self) -> str:
        return json.dumps(
            {
                "title": self.title,
                "body": self.body,
                "tag": self.tag,
                "url": self.url,
                "settings": self.settings_label,
            }
        )


class PushOutcome(StrEnum):
    DELIVERED = "delivered"
    GONE = "gone"  # 404/410: the subscription is dead; forget the device
    RETRY = "retry"  # 429, 5xx, no answer: try again later
    REFUSED = "refused"  # another 4xx, or an endpoint off the list: no point retrying


def topic_for(key: str) -> str:
    """An RFC 8030 Topic (at most 32 URL-safe characters) naming `key`."""
    return base64.urlsafe_b64encode(hashlib.sha256(key.encode()).digest()).decode()[:32]


class EndpointNotAllowed(aiohttp.ClientError):
    """A request (or a redirect's next hop) to a host off the allowed list."""


class PushClient:
    def __init__(self, keys: VapidKeys, services: PushServices) -> None:
        self._keys = keys
        self._services = services
        self._http: aiohttp.ClientSession | None = None

    async def send(
        self, *, endpoint: str, p256dh: str, auth: str, message: PushMessage
    ) -> PushOutcome:
        if not self._services.allows(endpoint):
            logger.warning("push endpoint not on the allowed list; not called: %s", _host(endpoint))
            return PushOutcome.REFUSED
        headers: dict[str, str | int | float] = {"Urgency": "high" if message.urgent else "normal"}
        if message.topic:
            headers["Topic"] = message.topic
        try:
            await webpush_async(
                {"endpoint": endpoint, "keys": {"p256dh": p256dh, "auth": auth}},
                data=message.payload(),
                vapid_private_key=self._keys.vapid,
                # A fresh dict each time: pywebpush writes the audience into it.
                vapid_claims={"sub": self._keys.subject},
                ttl=PUSH_TTL_SECONDS,
                headers=headers,
                timeout=aiohttp.ClientTimeout(total=10),
                aiohttp_session=self._session(),
            )
        except WebPushException as error:
            return _outcome_of(error.status_code)
        except EndpointNotAllowed:
            logger.warning("push service redirected off the allowed list: %s", _host(endpoint))
            return PushOutcome.REFUSED
        except (aiohttp.ClientError, TimeoutError, OSError) as error:
            logger.info("push service did not answer (%s): %s", _host(endpoint), error)
            return PushOutcome.RETRY
        return PushOutcome.DELIVERED

    def _session(self) -> aiohttp.ClientSession:
        if self._http is None or self._http.closed:
            # The middleware sees every hop, redirects included: a push service on
            # the list must not be able to send the server on to another address.
            self._http = aiohttp.ClientSession(middlewares=(self._only_allowed,))
        return self._http

    async def _only_allowed(
        self, request: aiohttp.ClientRequest, handler: aiohttp.ClientHandlerType
    ) -> aiohttp.ClientResponse:
        if not self._services.allows(str(request.url)):
            raise EndpointNotAllowed(str(request.url))
        return await handler(request)

    async def close(self) -> None:
        if self._http is not None:
            await self._http.close()


def _outcome_of(status: int | None) -> PushOutcome:
    if status in (404, 410):
        return PushOutcome.GONE
    if status is None or status == 429 or status >= 500:
        return PushOutcome.RETRY
    return PushOutcome.REFUSED


def _host(endpoint: str) -> str:
    return urlsplit(endpoint).hostname or "?"

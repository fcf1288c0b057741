"""Only pages served from Relais's own address may open its websocket.

Flet's session runs over one websocket, and a browser lets any page it shows
open a websocket to any address (no same-origin rule applies). Without this
check, a hostile page opened on a person's phone could start a Relais session
in their browser ("cross-site websocket hijacking"). Browsers always send the
page's Origin with the upgrade and scripts cannot change it, so the upgrade
is refused unless that Origin is RELAIS_PUBLIC_URL's or this machine's own
address when the server listens on it. A refusal is an HTTP 403 before the
socket opens, and the log says which variable to set.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

logger = logging.getLogger(__name__)

_LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")
_LISTENS_ON_LOOPBACK = {"localhost", "127.0.0.1", "::1", "0.0.0.0", "::"}  # noqa: S104


def origin_of(url: str) -> str:
    """`scheme://host[:port]`, lower-cased, the way a browser writes an Origin header."""
    parts = urlsplit(url.strip())
    return f"{parts.scheme}://{parts.netloc}".lower()


def allowed_origins(public_url: str, listen_host: str, port: int) -> frozenset[str]:
    """The public origin, and the loopback ones when this machine itself can reach the server."""
    allowed = {origin_of(public_url)}
    if listen_host in _LISTENS_ON_LOOPBACK:
        allowed.update(f"http://{name}:{port}" for name in _LOOPBACK_NAMES)
    else:
        allowed.add(origin_of(f"http://{listen_host}:{port}"))
    return frozenset(allowed)


class OriginCheck:
    """ASGI middleware: refuses a websocket upgrade from any other page's origin."""

    def __init__(self, app: ASGIApp, allowed: frozenset[str]) -> None:
        self.app = app
        self.allowed = allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            origin = Headers(scope=scope).get("origin")
            if origin is None or origin.lower() not in self.allowed:
                logger.warning(
                    "Refused a websocket from origin %r: only %s may connect "
                    "(set RELAIS_PUBLIC_URL to the address people use)",
                    origin,
                    ", ".join(sorted(self.allowed)),
                )
                # Closing before accepting makes the server answer 403 to the upgrade.
                await send({"type": "websocket.close", "code": 1008})
                return
        await self.app(scope, receive, send)

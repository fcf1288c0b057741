"""A raw websocket client speaking just enough of Flet's protocol to start a session.

Each frame is `[0x00][msgpack [action, body]]` (flet_web/fastapi/flet_app.py);
action 1 registers a client, which makes the server create a session and
render the app for it. `drop` leaves the way a phone losing its network does:
the TCP connection is reset, with no closing handshake.
"""

from __future__ import annotations

import json
import socket
import struct
import urllib.request
from typing import Any

import msgpack  # type: ignore[import-untyped]
from websockets.sync.client import ClientConnection, connect
from websockets.typing import Origin

REGISTER_CLIENT = 1
PAGE = {"route": "/", "width": 390.0, "height": 844.0, "platform": "android", "web": True}


def socket_url(relais_url: str) -> str:
    return relais_url.replace("http://", "ws://").replace("https://", "wss://") + "ws"


def register_frame() -> bytes:
    body = {"session_id": None, "page_name": "", "page": PAGE}
    packed: bytes = msgpack.packb([REGISTER_CLIENT, body])
    return b"\x00" + packed


def open_session(
    relais_url: str, *, register: bool = True, timeout: float = 30
) -> ClientConnection:
    """A socket from Relais's own page; registered, it holds a session on the server."""
    connection = connect(
        socket_url(relais_url), origin=Origin(relais_url.rstrip("/")), open_timeout=timeout
    )
    if register:
        connection.send(register_frame())
    return connection


def drop(connection: ClientConnection) -> None:
    """Reset the connection (SO_LINGER 0): no close frame, no FIN, as a lost phone."""
    raw = connection.socket
    raw.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    raw.close()


def held_counts(relais_url: str) -> dict[str, Any]:
    """The server's counts (RELAIS_EXPOSE_SESSION_COUNTS=1)."""
    with urllib.request.urlopen(relais_url + "_relais/sessions", timeout=30) as response:  # noqa: S310
        counts: dict[str, Any] = json.loads(response.read())
        return counts

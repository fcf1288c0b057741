"""Hostile probes of the web layer: only Relais's own pages open its websocket.

Runs against the real server (no browser needed): a page on another site that
tries to start a Relais session in a person's browser is refused before the
socket opens; the app's own page is not.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect


def _socket_url(relais_url: str) -> str:
    return relais_url.replace("http://", "ws://").replace("https://", "wss://") + "ws"


@pytest.mark.parametrize(
    "origin",
    ["https://hostile.example", "http://127.0.0.1.hostile.example", "null", None],
)
def test_a_page_from_elsewhere_cannot_open_a_session(relais_url: str, origin: str | None) -> None:
    with pytest.raises(InvalidStatus) as refused:
        connect(_socket_url(relais_url), origin=origin, open_timeout=15)  # type: ignore[arg-type]
    assert refused.value.response.status_code == 403


def test_relais_own_page_opens_a_session_by_either_local_name(relais_url: str) -> None:
    port = urlsplit(relais_url).port
    for origin in (relais_url.rstrip("/"), f"http://localhost:{port}"):
        with connect(_socket_url(relais_url), origin=origin, open_timeout=15) as socket:  # type: ignore[arg-type]
            assert socket.protocol.state.name == "OPEN"

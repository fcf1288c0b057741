"""Which page origins may open the websocket, and how a refusal is answered."""

from __future__ import annotations

import pytest
from starlette.types import Message, Receive, Scope, Send

from app.web.origin import OriginCheck, allowed_origins, origin_of


def test_an_origin_is_scheme_host_and_port_as_a_browser_writes_it() -> None:
    assert origin_of("https://Relais.Example.org/") == "https://relais.example.org"
    assert origin_of("http://localhost:8550/") == "http://localhost:8550"


def test_a_server_on_loopback_accepts_its_public_address_and_local_names() -> None:
    allowed = allowed_origins("https://relais.example.org/", "127.0.0.1", 8550)
    assert allowed == {
        "https://relais.example.org",
        "http://localhost:8550",
        "http://127.0.0.1:8550",
        "http://[::1]:8550",
    }


def test_a_server_on_one_address_accepts_that_address_and_the_public_one() -> None:
    allowed = allowed_origins("https://relais.example.org/", "10.0.0.5", 8550)
    assert allowed == {"https://relais.example.org", "http://10.0.0.5:8550"}


async def _through_the_check(
    scope_type: str, origin: str | None
) -> tuple[list[str], list[Message]]:
    """What reached the app behind the check, and what the check itself answered."""
    reached: list[str] = []
    answered: list[Message] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        reached.append(scope["type"])

    async def receive() -> Message:
        return {"type": f"{scope_type}.connect"}

    async def send(message: Message) -> None:
        answered.append(message)

    headers = [(b"origin", origin.encode())] if origin is not None else []
    check = OriginCheck(app, frozenset({"https://relais.example.org"}))
    await check({"type": scope_type, "path": "/ws", "headers": headers}, receive, send)
    return reached, answered


async def test_the_own_origin_is_let_through() -> None:
    assert await _through_the_check("websocket", "https://relais.example.org") == (
        ["websocket"],
        [],
    )
    assert await _through_the_check("websocket", "HTTPS://Relais.Example.org") == (
        ["websocket"],
        [],
    )


@pytest.mark.parametrize("origin", ["https://hostile.example", "null", None])
async def test_another_or_no_origin_is_refused_before_the_socket_opens(origin: str | None) -> None:
    reached, answered = await _through_the_check("websocket", origin)
    assert reached == []
    assert answered == [{"type": "websocket.close", "code": 1008}]


async def test_plain_pages_are_not_checked() -> None:
    # Only the websocket carries a session; pages and files stay reachable from links.
    assert await _through_the_check("http", "https://hostile.example") == (["http"], [])

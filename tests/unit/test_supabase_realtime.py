"""SupabaseGateway offline: one Realtime channel per topic, events fanned out."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any

import pytest
from websockets.asyncio.server import ServerConnection, serve

from services.errors import ErrorCode, RelaisError
from services.gateway import EventCallback
from services.supabase_gateway import SupabaseGateway
from tests.unit.supabase_fake import (
    ANON_KEY,
)


# -- realtime ------------------------------------------------------------------------
class FakeRealtime:
    """Speaks enough of Realtime's Phoenix protocol to join, broadcast and leave."""

    def __init__(self, *, join_status: str = "ok") -> None:
        self.join_status = join_status
        self.paths: list[str] = []
        self.frames: list[dict[str, Any]] = []
        self._connections: list[ServerConnection] = []

    async def __call__(self, connection: ServerConnection) -> None:
        assert connection.request is not None
        self.paths.append(connection.request.path)
        self._connections.append(connection)
        async for raw in connection:
            frame = json.loads(raw)
            self.frames.append(frame)
            if frame["event"] == "phx_join":
                await connection.send(
                    json.dumps(
                        {
                            "event": "phx_reply",
                            "topic": frame["topic"],
                            "ref": frame["ref"],
                            "payload": {"status": self.join_status, "response": {}},
                        }
                    )
                )

    async def broadcast(self, topic: str, event: str, payload: dict[str, Any]) -> None:
        frame = {
            "event": "broadcast",
            "topic": f"realtime:{topic}",
            "ref": None,
            "payload": {"type": "broadcast", "event": event, "payload": payload},
        }
        for connection in self._connections:
            await connection.send(json.dumps(frame))

    def sent(self, event: str) -> list[dict[str, Any]]:
        return [frame for frame in self.frames if frame["event"] == event]


@asynccontextmanager
async def gateway_on(server: FakeRealtime) -> AsyncIterator[SupabaseGateway]:
    async with serve(server, "127.0.0.1", 0) as listening:
        port = next(iter(listening.sockets)).getsockname()[1]
        gateway = SupabaseGateway(f"http://127.0.0.1:{port}", ANON_KEY)
        try:
            yield gateway
        finally:
            await gateway.close()


def recording(into: asyncio.Queue[tuple[str, str, Mapping[str, Any]]], name: str) -> EventCallback:
    async def on_event(topic: str, payload: Mapping[str, Any]) -> None:
        await into.put((name, topic, payload))

    return on_event


async def test_subscribe_joins_one_channel_per_topic_and_fans_events_out() -> None:
    server = FakeRealtime()
    received: asyncio.Queue[tuple[str, str, Mapping[str, Any]]] = asyncio.Queue()
    async with gateway_on(server) as gateway:
        first = await gateway.subscribe("conversations", recording(received, "tab 1"))
        second = await gateway.subscribe("conversations", recording(received, "tab 2"))
        await server.broadcast("conversations", "message_created", {"message_id": "m-9"})
        got = sorted([await asyncio.wait_for(received.get(), 5) for _ in range(2)])

        assert got == [
            ("tab 1", "conversations", {"message_id": "m-9"}),
            ("tab 2", "conversations", {"message_id": "m-9"}),
        ]
        (path,) = server.paths
        assert path.startswith("/realtime/v1/websocket?")
        assert f"apikey={ANON_KEY}" in path
        (join,) = server.sent("phx_join")
        assert join["topic"] == "realtime:conversations"
        assert join["payload"]["config"]["private"] is False

        await first.unsubscribe()
        assert server.sent("phx_leave") == []
        await second.unsubscribe()
        await asyncio.sleep(0.1)
        assert [frame["topic"] for frame in server.sent("phx_leave")] == ["realtime:conversations"]


async def test_a_refused_join_is_unreachable() -> None:
    async with gateway_on(FakeRealtime(join_status="error")) as gateway:
        with pytest.raises(RelaisError) as refused:
            await gateway.subscribe("conversations", _ignore)

    assert refused.value.code is ErrorCode.UNREACHABLE


async def _ignore(_topic: str, _payload: Mapping[str, Any]) -> None:
    return None

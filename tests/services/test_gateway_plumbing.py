"""LocalGateway's own duties: realtime fan-out and a clear "unreachable" refusal."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
from typing import Any

import pytest
from psycopg import AsyncConnection
from psycopg_pool import AsyncConnectionPool

from services.errors import ErrorCode, RelaisError
from services.local.gateway import LocalGateway
from tests.factories import make_user


async def _notify(gateway: LocalGateway, topic: str, payload: Mapping[str, Any]) -> None:
    async with gateway.pool.connection() as conn:
        await conn.execute("select pg_notify(%s, %s)", [topic, json.dumps(payload)])


async def test_subscribers_get_events_of_their_topic_only(gateway: LocalGateway) -> None:
    received: list[tuple[str, Mapping[str, Any]]] = []
    arrived = asyncio.Event()

    async def on_event(topic: str, payload: Mapping[str, Any]) -> None:
        received.append((topic, payload))
        arrived.set()

    subscription = await gateway.subscribe("conversation_a", on_event)
    await _notify(gateway, "conversation_b", {"message_id": 1})
    await _notify(gateway, "conversation_a", {"message_id": 2})
    await asyncio.wait_for(arrived.wait(), timeout=5)
    assert received == [("conversation_a", {"message_id": 2})]

    await subscription.unsubscribe()
    await _notify(gateway, "conversation_a", {"message_id": 3})
    await asyncio.sleep(0.3)
    assert len(received) == 1


async def test_one_failing_subscriber_does_not_starve_the_others(gateway: LocalGateway) -> None:
    delivered = asyncio.Event()

    async def broken(topic: str, payload: Mapping[str, Any]) -> None:
        raise RuntimeError("a session that went away")

    async def healthy(topic: str, payload: Mapping[str, Any]) -> None:
        delivered.set()

    first = await gateway.subscribe("shared_topic", broken)
    second = await gateway.subscribe("shared_topic", healthy)
    await _notify(gateway, "shared_topic", {})
    await asyncio.wait_for(delivered.wait(), timeout=5)
    await first.unsubscribe()
    await second.unsubscribe()


async def test_topic_names_cannot_inject_sql(gateway: LocalGateway) -> None:
    async def ignore(topic: str, payload: Mapping[str, Any]) -> None:
        return None

    with pytest.raises(ValueError, match="not a valid SQL name"):
        await gateway.subscribe('x"; drop table profiles; --', ignore)


async def test_an_unreachable_database_is_reported_as_such(gateway: LocalGateway) -> None:
    session = await make_user(gateway)
    dead = "postgresql://postgres@/relais?host=/nonexistent-relais-socket-dir"
    pool: AsyncConnectionPool[AsyncConnection] = AsyncConnectionPool(
        dead, min_size=1, max_size=1, open=False, timeout=0.5, kwargs={"autocommit": True}
    )
    await pool.open(wait=False)
    unreachable = LocalGateway(pool, dead)
    try:
        with pytest.raises(RelaisError) as refused:
            await unreachable.select(session, "profiles")
        assert refused.value.code is ErrorCode.UNREACHABLE
    finally:
        await pool.close()

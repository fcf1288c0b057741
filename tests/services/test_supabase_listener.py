"""Supabase mode hears events on one LISTEN connection, never on Supabase Realtime.

Issue 13 item 5. SupabaseGateway is built as app/backend.py builds it in
Supabase mode, its database URL logging in as the least-privilege listener
role on the embedded database. Events are made by the real services (through
LocalGateway, the same SQL as PostgREST would run) and must reach the Supabase
gateway's subscribers, while the project's Realtime endpoint (a recording
websocket server here) is never contacted.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import asynccontextmanager
from typing import Any
from uuid import uuid4

import pytest
from websockets.asyncio.server import ServerConnection, serve

from app.backend import open_gateway
from app.settings import Settings
from services.care_circle import sharing
from services.care_circle.sharing import CircleAccess
from services.diary import feedback as diary_feedback
from services.diary import journal as diary
from services.errors import ErrorCode, RelaisError
from services.local.gateway import LocalGateway
from services.peer_support import matches as peer_support
from services.peer_support import messaging
from services.realtime_hub import COORDINATION_TOPIC, conversation_topic, person_topic
from services.supabase_gateway import SupabaseGateway
from tests.factories import make_coordinator, make_user
from tests.listener_role import logged_in_as_listener
from tests.peer_factories import TRAINED_ON, make_applicant, make_pair

ANON_KEY = "anon-key-0123456789-abcdefghij"
Heard = asyncio.Queue[tuple[str, Mapping[str, Any]]]


@pytest.fixture(scope="module")
def listener_conninfo(conninfo: str) -> Iterator[str]:
    with logged_in_as_listener(conninfo) as logged_in:
        yield logged_in


class RealtimeEndpoint:
    """Stands where the project's Realtime server would be, and counts who calls."""

    def __init__(self) -> None:
        self.connections = 0

    async def __call__(self, connection: ServerConnection) -> None:
        self.connections += 1
        await connection.close()


@pytest.fixture
async def realtime() -> AsyncIterator[tuple[RealtimeEndpoint, str]]:
    endpoint = RealtimeEndpoint()
    async with serve(endpoint, "127.0.0.1", 0) as server:
        port = next(iter(server.sockets)).getsockname()[1]
        yield endpoint, f"http://127.0.0.1:{port}"


@pytest.fixture
async def supabase(
    realtime: tuple[RealtimeEndpoint, str], listener_conninfo: str
) -> AsyncIterator[SupabaseGateway]:
    endpoint, url = realtime
    gateway = SupabaseGateway(url, ANON_KEY, db_url=listener_conninfo)
    try:
        yield gateway
    finally:
        await gateway.close()
    assert endpoint.connections == 0, "the Supabase gateway joined Realtime"


@asynccontextmanager
async def hearing(supabase: SupabaseGateway, topic: str) -> AsyncIterator[Heard]:
    heard: Heard = asyncio.Queue()

    async def on_event(event_topic: str, payload: Mapping[str, Any]) -> None:
        await heard.put((event_topic, payload))

    subscription = await supabase.subscribe(topic, on_event)
    try:
        yield heard
    finally:
        await subscription.unsubscribe()


async def next_event(heard: Heard, **expected: Any) -> Mapping[str, Any]:
    """The first event on the topic that carries `expected` (others may come first)."""
    while True:
        _topic, payload = await asyncio.wait_for(heard.get(), timeout=5)
        if all(payload.get(key) == value for key, value in expected.items()):
            return payload


async def test_applications_and_their_outcome_reach_the_supabase_listener(
    gateway: LocalGateway, conninfo: str, supabase: SupabaseGateway
) -> None:
    coordinator = await make_coordinator(gateway, conninfo)
    async with hearing(supabase, COORDINATION_TOPIC) as coordination:
        applicant = await make_applicant(gateway)
        await next_event(coordination, type="application", id=str(applicant.user_id))
    async with hearing(supabase, person_topic(applicant.user_id)) as applicants_own:
        await peer_support.approve_peer(
            gateway, coordinator, peer_id=applicant.user_id, training_completed_on=TRAINED_ON
        )
        await next_event(applicants_own, type="application", id=str(applicant.user_id))


async def test_messages_reach_the_supabase_listener(
    gateway: LocalGateway, conninfo: str, supabase: SupabaseGateway
) -> None:
    pair = await make_pair(gateway, await make_coordinator(gateway, conninfo))
    async with hearing(supabase, conversation_topic(pair.conversation_id)) as conversation:
        sent = await messaging.send_message(
            gateway,
            pair.peer,
            message_id=uuid4(),
            conversation_id=pair.conversation_id,
            body="Bonjour",
        )
        event = await next_event(conversation, type="message")
    # Ids only: each session reads the words under its own identity.
    assert event == {
        "type": "message",
        "id": str(sent.id),
        "conversation_id": str(pair.conversation_id),
        "seq": sent.seq,
    }


async def test_circle_and_diary_changes_reach_the_supabase_listener(
    gateway: LocalGateway, supabase: SupabaseGateway
) -> None:
    survivor = await make_user(gateway, role="survivor", display_name="Survivor")
    member = await make_user(gateway, role="caregiver", display_name="Son")
    invite = await sharing.create_invite(gateway, survivor, access=CircleAccess.READER)
    async with hearing(supabase, "circle_" + member.user_id.hex) as members_access:
        await sharing.redeem_invite(gateway, member, code=invite.code)
        joined = await next_event(members_access, op="insert")
    assert joined == {"survivor_id": str(survivor.user_id), "op": "insert"}

    entry = await diary.add_entry(gateway, survivor, survivor_id=survivor.user_id, mood=4)
    async with hearing(supabase, diary_feedback.diary_topic(survivor.user_id)) as survivors_diary:
        comment = await diary_feedback.add_comment(
            gateway, member, survivor_id=survivor.user_id, entry_id=entry.id, body="Bravo"
        )
        heard = await next_event(survivors_diary, kind="comment")
    assert heard == {
        "op": "insert",
        "kind": "comment",
        "entry_id": str(entry.id),
        "comment_id": str(comment.id),
    }


async def test_without_a_database_url_there_are_no_live_updates_and_no_realtime(
    realtime: tuple[RealtimeEndpoint, str],
) -> None:
    endpoint, url = realtime
    gateway = SupabaseGateway(url, ANON_KEY)
    heard: list[Mapping[str, Any]] = []

    async def on_event(_topic: str, payload: Mapping[str, Any]) -> None:
        heard.append(payload)

    subscription = await gateway.subscribe(COORDINATION_TOPIC, on_event)
    await subscription.unsubscribe()
    await subscription.unsubscribe()
    await gateway.close()
    assert (heard, endpoint.connections) == ([], 0)


async def test_an_unreachable_listener_database_is_reported_as_such() -> None:
    dead = "postgresql://relais_sender@/postgres?host=/nonexistent-relais-socket-dir"
    gateway = SupabaseGateway("http://127.0.0.1:9", ANON_KEY, db_url=dead)
    try:
        with pytest.raises(RelaisError) as refused:
            await gateway.subscribe(COORDINATION_TOPIC, _ignore)
        assert refused.value.code is ErrorCode.UNREACHABLE
    finally:
        await gateway.close()


@pytest.mark.parametrize("db_url", [None, "postgresql://relais_sender@/postgres"])
async def test_the_server_says_at_start_when_live_updates_are_off(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, db_url: str | None
) -> None:
    monkeypatch.setenv("SUPABASE_URL", "https://relais-test.supabase.co")
    monkeypatch.setenv("SUPABASE_ANON_KEY", ANON_KEY)
    if db_url is None:
        monkeypatch.delenv("RELAIS_SUPABASE_DB_URL", raising=False)
    else:
        monkeypatch.setenv("RELAIS_SUPABASE_DB_URL", db_url)
    with caplog.at_level(logging.WARNING, logger="app.backend"):
        opened = await open_gateway(Settings(), None)
    await opened.close()
    said = [r.getMessage() for r in caplog.records if "update live" in r.getMessage()]
    expected = ["RELAIS_SUPABASE_DB_URL is not set: screens will not update live"]
    assert [line.partition(" (")[0] for line in said] == (expected if db_url is None else [])


async def _ignore(_topic: str, _payload: Mapping[str, Any]) -> None:
    return None

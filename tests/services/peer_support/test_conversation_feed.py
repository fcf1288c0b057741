"""Live conversations: one listener per process, each session reads under its own identity,
and after a dropped connection every open conversation catches up — nothing lost, nothing twice.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable

import psycopg
import pytest

from components.lifetime import Lifetime
from services.local.gateway import LocalGateway
from services.models import AuthSession
from services.peer_support import messaging
from services.peer_support.conversation_feed import ConversationFeed, FeedChange
from services.realtime_hub import RealtimeHub
from tests.factories import make_coordinator
from tests.peer_factories import Pair, make_pair


@pytest.fixture
async def hub(conninfo: str) -> AsyncIterator[RealtimeHub]:
    # A gateway of its own: the test drops its listener connection.
    gateway = await LocalGateway.open(conninfo, pool_size=2)
    hub = RealtimeHub(gateway)
    try:
        yield hub
    finally:
        await hub.close()
        await gateway.close()


@pytest.fixture
async def pair(gateway: LocalGateway, conninfo: str) -> Pair:
    return await make_pair(gateway, await make_coordinator(gateway, conninfo))


async def eventually(check: Callable[[], bool], seconds: float = 5.0) -> None:
    deadline = asyncio.get_running_loop().time() + seconds
    while not check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.02)


async def open_feed(
    hub: RealtimeHub, gateway: LocalGateway, who: AuthSession, pair: Pair
) -> tuple[ConversationFeed, list[FeedChange]]:
    changes: list[FeedChange] = []

    async def record(change: FeedChange) -> None:
        changes.append(change)

    feed = ConversationFeed(gateway, who, hub, pair.conversation_id, on_change=record)
    await feed.open()
    return feed, changes


async def say(gateway: LocalGateway, who: AuthSession, pair: Pair, body: str) -> None:
    await messaging.send_message(
        gateway, who, message_id=uuid.uuid4(), conversation_id=pair.conversation_id, body=body
    )


async def test_the_other_session_sees_a_new_message_without_reloading(
    gateway: LocalGateway, hub: RealtimeHub, pair: Pair
) -> None:
    feed, changes = await open_feed(hub, gateway, pair.peer, pair)
    await say(gateway, pair.requester, pair, "Hello there")
    await eventually(lambda: [m.body for m in feed.messages] == ["Hello there"])
    assert [m.body for c in changes for m in c.new_messages] == ["Hello there"]
    await feed.close()


async def test_two_sessions_share_one_subscription_per_topic(
    gateway: LocalGateway, hub: RealtimeHub, pair: Pair
) -> None:
    first, _ = await open_feed(hub, gateway, pair.peer, pair)
    second, _ = await open_feed(hub, gateway, pair.requester, pair)
    assert hub.topics == 1 and hub.followers == 2
    await first.close()
    await second.close()
    assert hub.topics == 0


async def test_seen_follows_the_partners_read_receipt(
    gateway: LocalGateway, hub: RealtimeHub, pair: Pair
) -> None:
    feed, _ = await open_feed(hub, gateway, pair.requester, pair)
    await say(gateway, pair.requester, pair, "Did you get this?")
    await eventually(lambda: len(feed.messages) == 1)
    assert not feed.seen(feed.messages[0])
    await messaging.mark_read(gateway, pair.peer, conversation_id=pair.conversation_id, up_to_seq=1)
    await eventually(lambda: feed.seen(feed.messages[0]))
    await feed.close()


async def test_ending_the_match_closes_the_open_screen(
    gateway: LocalGateway, hub: RealtimeHub, pair: Pair
) -> None:
    from services.peer_support import matches as peer_support

    feed, _ = await open_feed(hub, gateway, pair.requester, pair)
    await peer_support.end_match(gateway, pair.peer, match_id=pair.match.id, goodbye="All the best")
    await eventually(lambda: feed.closed and [m.body for m in feed.messages] == ["All the best"])
    await feed.close()


async def test_after_a_dropped_connection_nothing_is_lost_and_nothing_shown_twice(
    gateway: LocalGateway, hub: RealtimeHub, conninfo: str, pair: Pair
) -> None:
    feed, changes = await open_feed(hub, gateway, pair.peer, pair)
    await say(gateway, pair.requester, pair, "before")
    await eventually(lambda: len(feed.messages) == 1)

    with psycopg.connect(conninfo, autocommit=True) as admin:
        # Kill the listener's backend; messages sent before it reconnects produce no event it hears.
        killed = admin.execute(
            "select pg_terminate_backend(pid) from pg_stat_activity"
            " where query ilike 'listen %%' or query ilike 'unlisten %%'"
        ).fetchall()
        assert killed, "the listener connection was not found"
        for body in ("during 1", "during 2", "during 3"):
            await say(gateway, pair.requester, pair, body)
    await say(gateway, pair.requester, pair, "after")

    expected = ["before", "during 1", "during 2", "during 3", "after"]
    await eventually(lambda: [m.body for m in feed.messages] == expected, seconds=15)
    shown = [m.body for c in changes for m in c.new_messages]
    assert shown == expected  # each exactly once, in order
    await feed.close()


async def test_older_messages_load_above(
    gateway: LocalGateway, hub: RealtimeHub, conninfo: str, pair: Pair
) -> None:
    with psycopg.connect(conninfo) as conn:
        conn.execute("set local session_replication_role = replica")
        conn.execute(
            "insert into public.messages (id, conversation_id, sender_id, seq, body, created_at)"
            " select gen_random_uuid(), %s, %s, n, 'm' || n, now() - interval '1 hour'"
            " from generate_series(1, 75) as n",
            [pair.conversation_id, pair.requester.user_id],
        )
    feed, _ = await open_feed(hub, gateway, pair.peer, pair)
    assert feed.first_seq == 26 and feed.has_older
    older = await feed.load_older()
    assert [m.seq for m in older] == list(range(1, 26))
    assert [m.seq for m in feed.messages] == list(range(1, 76))
    assert not feed.has_older and await feed.load_older() == ()
    await feed.close()


async def test_a_feed_that_opens_after_its_screen_has_gone_is_closed_at_once(
    gateway: LocalGateway, hub: RealtimeHub, pair: Pair
) -> None:
    # The person left the conversation while it was still opening.
    screen = Lifetime()
    await screen.end()
    feed, changes = await open_feed(hub, gateway, pair.peer, pair)
    assert hub.followers == 1
    assert not await screen.keep(feed.close)
    assert hub.followers == 0
    await say(gateway, pair.requester, pair, "Nobody is looking")
    await asyncio.sleep(0.5)
    assert changes == []  # so nothing marks it as read for a screen nobody sees


async def test_leaving_a_screen_closes_every_feed_it_kept(
    gateway: LocalGateway, hub: RealtimeHub, pair: Pair
) -> None:
    screen = Lifetime()
    for who in (pair.peer, pair.requester):
        feed, _ = await open_feed(hub, gateway, who, pair)
        assert await screen.keep(feed.close)
    assert hub.followers == 2
    await screen.end()
    assert hub.followers == 0
    await screen.end()  # leaving twice changes nothing
    assert hub.followers == 0

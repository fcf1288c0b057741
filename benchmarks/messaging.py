"""Messaging figures on the embedded default, with baselines measured in the same run.

- history: a 50-message page read through LocalGateway with RLS on, at
  1,000,000 messages and 10,000 people (p50/p95); baseline: the same SQL as
  the table owner, no RLS, on a plain connection;
- live: send → shown latency between two sessions while 200 simulated
  sessions (ConversationFeeds, as the conversation screen holds them) in 100
  active conversations talk on one process (p50/p95); baseline: a bare
  NOTIFY → LISTEN round trip on the same server;
- connections: database connections the process holds with those 200
  sessions (target: pool size + 1 listener);
- memory: growth of the real app server's resident memory per Chromium tab
  signed in with its conversation open (benchmarks/_session_memory.py);
  baseline: the same for tabs on the welcome screen. Also printed: the
  Python heap of one session's ConversationFeed with 50 messages.

Run: python benchmarks/messaging.py
"""

from __future__ import annotations

import asyncio
import os
import random
import sys
import tempfile
import time
import tracemalloc
import uuid
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._harness import milliseconds, report
from benchmarks._messaging_seed import SeededPair, counts, seed
from benchmarks._session_memory import per_session_kb
from services.local.gateway import DEFAULT_POOL_SIZE, LocalGateway
from services.local.migrations import apply_migrations
from services.local.server import EmbeddedServer
from services.peer_support import messaging
from services.peer_support.conversation_feed import ConversationFeed, FeedChange
from services.realtime_hub import RealtimeHub

HISTORY_READS = 400
ACTIVE_CONVERSATIONS = 100
TALK_SECONDS = float(os.environ.get("RELAIS_BENCH_TALK_SECONDS", "20"))
SEND_EVERY_SECONDS = 4.0  # per person: 200 people → 50 messages a second, under 30/min each
TARGETS = {
    "history_p95_ms": 10.0,
    "send_to_shown_p95_ms": 150.0,
    "connections_over_pool": 1.0,
    "memory_per_session_kb": 1024.0,
}


async def history_durations(gateway: LocalGateway, pairs: list[SeededPair]) -> list[float]:
    rng = random.Random(3)
    durations = []
    for number in range(HISTORY_READS + 40):
        pair = rng.choice(pairs)
        who = pair.requester if rng.random() < 0.5 else pair.peer
        before = None if number % 2 else rng.randrange(60, 200)
        started = time.perf_counter()
        page = await messaging.list_history(
            gateway, who, conversation_id=pair.conversation_id, before_seq=before
        )
        elapsed = time.perf_counter() - started
        assert len(page) == 50
        if number >= 40:  # the first reads warm the pool and the caches
            durations.append(elapsed)
    return durations


def owner_history_durations(conninfo: str, pairs: list[SeededPair]) -> list[float]:
    rng = random.Random(3)
    query = "select * from public.messages where conversation_id = %s order by seq desc limit 50"
    durations = []
    with psycopg.connect(conninfo) as conn:
        for _ in range(HISTORY_READS):
            conversation = rng.choice(pairs).conversation_id
            started = time.perf_counter()
            conn.execute(query, [conversation]).fetchall()
            durations.append(time.perf_counter() - started)
    return durations


async def notify_round_trips(conninfo: str, runs: int = 200) -> list[float]:
    async with (
        await psycopg.AsyncConnection.connect(conninfo, autocommit=True) as listener,
        await psycopg.AsyncConnection.connect(conninfo, autocommit=True) as sender,
    ):
        await listener.execute("listen bench_baseline")
        durations = []
        for _ in range(runs):
            started = time.perf_counter()
            await sender.execute("select pg_notify('bench_baseline', '{}')")
            async for _notify in listener.notifies(stop_after=1):
                durations.append(time.perf_counter() - started)
        return durations


class LiveRun:
    """200 feeds in 100 conversations; every send is timed until the partner's feed shows it."""

    def __init__(self, gateway: LocalGateway, hub: RealtimeHub, pairs: list[SeededPair]) -> None:
        self.gateway, self.hub, self.pairs = gateway, hub, pairs
        self.sent_at: dict[uuid.UUID, float] = {}
        self.latencies: list[float] = []
        self.feeds: list[ConversationFeed] = []
        self.feeds_of: dict[tuple[uuid.UUID, uuid.UUID], ConversationFeed] = {}

    def _watch(self, feed: ConversationFeed) -> None:
        async def shown(change: FeedChange) -> None:
            now = time.perf_counter()
            for message in change.new_messages:
                sent = self.sent_at.get(message.id)
                if sent is not None and message.sender_id != feed.session.user_id:
                    self.latencies.append(now - sent)

        feed.on_change = shown

    async def open_feeds(self) -> None:
        for pair in self.pairs:
            for who in (pair.requester, pair.peer):
                feed = ConversationFeed(self.gateway, who, self.hub, pair.conversation_id)
                self._watch(feed)
                await feed.open()
                self.feeds.append(feed)
                self.feeds_of[(pair.conversation_id, who.user_id)] = feed

    async def _talk(self, pair: SeededPair, start_delay: float, deadline: float) -> None:
        await asyncio.sleep(start_delay)
        turn = 0
        while time.perf_counter() < deadline:
            who = (pair.requester, pair.peer)[turn % 2]
            message_id = uuid.uuid4()
            self.sent_at[message_id] = time.perf_counter()
            sent = await messaging.send_message(
                self.gateway,
                who,
                message_id=message_id,
                conversation_id=pair.conversation_id,
                body=f"How was today? ({turn})",
            )
            # As the conversation screen does: the sender shows its own message at once.
            await self.feeds_of[(pair.conversation_id, who.user_id)].add_sent(sent)
            turn += 1
            await asyncio.sleep(SEND_EVERY_SECONDS / 2)

    async def talk(self) -> None:
        deadline = time.perf_counter() + TALK_SECONDS
        spread = SEND_EVERY_SECONDS / 2
        await asyncio.gather(
            *(
                self._talk(pair, spread * index / len(self.pairs), deadline)
                for index, pair in enumerate(self.pairs)
            )
        )
        await asyncio.sleep(1.0)  # let the last events arrive
        await self.hub.settle()

    async def close(self) -> None:
        for feed in self.feeds:
            await feed.close()


def database_connections(conninfo: str) -> int:
    """Client connections to the app database, not counting the one asking."""
    with psycopg.connect(conninfo) as conn:
        row = conn.execute(
            "select count(*) from pg_stat_activity where datname = current_database()"
            " and backend_type = 'client backend' and pid <> pg_backend_pid()"
        ).fetchone()
    assert row is not None
    return int(row[0])


async def memory_per_feed_kb(
    gateway: LocalGateway, hub: RealtimeHub, pairs: list[SeededPair], *, empty: bool
) -> float:
    sessions = 100
    tracemalloc.start()
    before = tracemalloc.take_snapshot()
    feeds = []
    for pair in pairs[:sessions]:
        feed = ConversationFeed(gateway, pair.requester, hub, pair.conversation_id)
        if not empty:
            await feed.open()
        feeds.append(feed)
    after = tracemalloc.take_snapshot()
    tracemalloc.stop()
    grown = sum(stat.size_diff for stat in after.compare_to(before, "filename"))
    for feed in feeds:
        await feed.close()
    return grown / sessions / 1024


async def measure(conninfo: str, pairs: list[SeededPair]) -> dict[str, object]:
    gateway = await LocalGateway.open(conninfo, pool_size=DEFAULT_POOL_SIZE)
    hub = RealtimeHub(gateway)
    try:
        history = await history_durations(gateway, pairs)
        live = LiveRun(gateway, hub, pairs[:ACTIVE_CONVERSATIONS])
        await live.open_feeds()
        connections = database_connections(conninfo)
        await live.talk()
        # The pool grows under load and keeps its connections a while: the peak is now.
        connections = max(connections, database_connections(conninfo))
        await live.close()
        feed_kb = await memory_per_feed_kb(gateway, hub, pairs[ACTIVE_CONVERSATIONS:], empty=False)
        empty_kb = await memory_per_feed_kb(gateway, hub, pairs[ACTIVE_CONVERSATIONS:], empty=True)
        return {
            "history": history,
            "latencies": live.latencies,
            "sent": len(live.sent_at),
            "connections": connections,
            "feed_kb": feed_kb,
            "empty_feed_kb": empty_kb,
        }
    finally:
        await hub.close()
        await gateway.close()


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="relais-bench-messaging-") as tmp:
        server = EmbeddedServer(Path(tmp)).start()
        try:
            conninfo = server.conninfo()
            apply_migrations(conninfo)
            started = time.perf_counter()
            pairs = seed(conninfo)
            seeded_s = time.perf_counter() - started
            people, stored = counts(conninfo)
            print(f"seeded {people} people and {stored} messages in {seeded_s:.1f} s")
            results = asyncio.run(measure(conninfo, pairs))
            owner = owner_history_durations(conninfo, pairs)
            notify = asyncio.run(notify_round_trips(conninfo))
        finally:
            server.stop()
        session_kb, welcome_kb = per_session_kb(Path(tmp) / "app")

    history = milliseconds(results["history"])  # type: ignore[arg-type]
    latency = milliseconds(results["latencies"])  # type: ignore[arg-type]
    connections = int(results["connections"])  # type: ignore[call-overload]
    figures = {
        "history_p50_ms": history["p50_ms"],
        "history_p95_ms": history["p95_ms"],
        "send_to_shown_p50_ms": latency["p50_ms"],
        "send_to_shown_p95_ms": latency["p95_ms"],
        "messages_sent": float(results["sent"]),  # type: ignore[arg-type]
        "messages_shown": float(len(results["latencies"])),  # type: ignore[arg-type]
        "connections": float(connections),
        "connections_over_pool": float(connections - DEFAULT_POOL_SIZE),
        "memory_per_session_kb": round(session_kb, 1),
        "feed_state_per_session_kb": round(float(results["feed_kb"]), 1),  # type: ignore[arg-type]
        "messages_in_database": float(stored),
    }
    owner_ms, notify_ms = milliseconds(owner), milliseconds(notify)
    baselines = {
        "owner_history_p50_ms": owner_ms["p50_ms"],
        "owner_history_p95_ms": owner_ms["p95_ms"],
        "notify_round_trip_p50_ms": notify_ms["p50_ms"],
        "notify_round_trip_p95_ms": notify_ms["p95_ms"],
        "welcome_screen_session_kb": round(welcome_kb, 1),
        "empty_feed_kb": round(float(results["empty_feed_kb"]), 1),  # type: ignore[arg-type]
        "pool_size": float(DEFAULT_POOL_SIZE),
    }
    every_message_shown = figures["messages_shown"] == figures["messages_sent"]
    ok = every_message_shown and all(figures[k] <= v for k, v in TARGETS.items())
    print(
        f"history page p50 {history['p50_ms']} ms, p95 {history['p95_ms']} ms"
        f" (owner, no RLS: p95 {owner_ms['p95_ms']} ms)"
    )
    print(
        f"send → shown p50 {latency['p50_ms']} ms, p95 {latency['p95_ms']} ms over"
        f" {len(results['latencies'])} of {results['sent']} messages"  # type: ignore[arg-type]
        f" (NOTIFY round trip p95 {notify_ms['p95_ms']} ms)"
    )
    print(f"{connections} database connections for 200 sessions (pool {DEFAULT_POOL_SIZE})")
    print(
        f"{figures['memory_per_session_kb']} KB of server memory per tab on the conversation"
        f" screen (welcome screen: {baselines['welcome_screen_session_kb']} KB;"
        f" its feed alone: {figures['feed_state_per_session_kb']} KB)"
    )
    report("messaging", figures, baselines, TARGETS, ok)


if __name__ == "__main__":
    main()

"""Load figures on the embedded default: 200 concurrent senders over 10 pairs.

Twenty people in ten open conversations; each person runs ten senders at once
(200 in all), each sending ROUNDS messages, each after a random pause of 0 to
PAUSE_S seconds. A send that fails is retried with the same client UUID, as a
phone would. Halfway through, the process's LISTEN connection is killed
(pg_terminate_backend). Every person has the conversation open (a
ConversationFeed on the process's RealtimeHub, as the conversation screen
holds it). RELAIS_BENCH_LOAD_PAUSE_S=0 sends everything at once instead: then
each conversation's 40 commits queue behind its lock, one disk flush each.

- send: from the first attempt to the stored message coming back (p50/p95);
- delivery: from the send returning (its transaction committed) to the other
  person's feed showing the message, by its event or by the catch-up read
  after the listener's resync (p50/p95; 0 when shown before the sender heard);
- sent (acknowledged) vs stored, duplicates (a body stored twice, or a feed
  showing one message twice) and missed (acknowledged, never shown to the
  other person);
- baseline: a bare `insert` of the same rows, at the same concurrency, through
  the same pool, into a copy of the table without its triggers and policies;
- check_on_borrow_us: what the pool's liveness check (an empty query on each
  borrowed connection) costs per call.

Run: python benchmarks/load.py
"""

from __future__ import annotations

import asyncio
import os
import random
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

import psycopg
from psycopg_pool import AsyncConnectionPool

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._harness import milliseconds, report
from benchmarks._messaging_seed import PAIRS_SQL, PEOPLE_SQL, SeededPair, as_user
from services.errors import ErrorCode, RelaisError
from services.local.accounts import SEEDED_SESSIONS_SQL
from services.local.gateway import DEFAULT_POOL_SIZE, LocalGateway
from services.local.migrations import apply_migrations
from services.local.server import EmbeddedServer
from services.models import AuthSession
from services.peer_support import messaging
from services.peer_support.conversation_feed import ChangeHandler, ConversationFeed, FeedChange
from services.realtime_hub import RealtimeHub

PAIRS = 10
SENDERS = 200
# Each person sends SENDERS / (2 * PAIRS) * ROUNDS messages: under the 30 a minute allowed.
ROUNDS = int(os.environ.get("RELAIS_BENCH_LOAD_ROUNDS", "2"))
# Before each message a sender waits a random 0 to PAUSE_S seconds (people do
# not all press send in the same millisecond): 400 sends within about 3 s.
PAUSE_S = float(os.environ.get("RELAIS_BENCH_LOAD_PAUSE_S", "2"))
ATTEMPTS = 5
RETRYABLE = {ErrorCode.UNREACHABLE, ErrorCode.TIMED_OUT}
TARGETS = {"send_p95_ms": 150.0, "duplicates": 0.0, "missed": 0.0}


def seed(conninfo: str) -> list[SeededPair]:
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(PEOPLE_SQL.format(people=2 * PAIRS).encode())
        conn.execute(PAIRS_SQL.format(per_conversation=20).encode())
        conn.execute(SEEDED_SESSIONS_SQL)
        conn.execute(
            "create table public.bench_bare (like public.messages including defaults"
            " including constraints including indexes)"
        )
        rows = conn.execute(
            "select b.conversation_id, b.requester_id, r.email, b.peer_id, p.email"
            " from bench_pair b join auth.users r on r.id = b.requester_id"
            " join auth.users p on p.id = b.peer_id order by b.n"
        ).fetchall()
    return [SeededPair(row[0], as_user(row[1], row[2]), as_user(row[3], row[4])) for row in rows]


def senders(pairs: list[SeededPair]) -> list[tuple[SeededPair, AuthSession, int]]:
    """(pair, who, number) for each of the SENDERS: ten per person."""
    return [
        (pair, (pair.requester, pair.peer)[(number // PAIRS) % 2], number)
        for number in range(SENDERS)
        for pair in [pairs[number % PAIRS]]
    ]


class LoadRun:
    def __init__(self, gateway: LocalGateway, hub: RealtimeHub, conninfo: str) -> None:
        self.gateway, self.hub, self.conninfo = gateway, hub, conninfo
        self.feeds: dict[uuid.UUID, ConversationFeed] = {}
        self.acknowledged: dict[uuid.UUID, float] = {}  # message -> when the send returned
        self.recipient: dict[uuid.UUID, uuid.UUID] = {}
        self.sends: list[float] = []
        self.shown: dict[uuid.UUID, float] = {}
        self.shown_twice = 0
        self.retries = 0
        self.given_up = 0
        self.listener_killed = 0
        self.sending_s = 0.0

    async def open_feeds(self, pairs: list[SeededPair]) -> None:
        for pair in pairs:
            for who in (pair.requester, pair.peer):
                feed = ConversationFeed(self.gateway, who, self.hub, pair.conversation_id)
                feed.on_change = self._watcher(who.user_id)
                await feed.open()
                self.feeds[who.user_id] = feed

    def _watcher(self, person: uuid.UUID) -> ChangeHandler:
        async def shown(change: FeedChange) -> None:
            now = time.perf_counter()
            for message in change.new_messages:
                if message.sender_id == person or message.id not in self.recipient:
                    continue
                if message.id in self.shown:
                    self.shown_twice += 1
                self.shown.setdefault(message.id, now)

        return shown

    async def _send(self, pair: SeededPair, who: AuthSession, number: int) -> None:
        other = pair.peer if who is pair.requester else pair.requester
        pauses = random.Random(number)
        for turn in range(ROUNDS):
            await asyncio.sleep(pauses.uniform(0, PAUSE_S))
            message_id = uuid.uuid4()
            self.recipient[message_id] = other.user_id
            started = time.perf_counter()
            for attempt in range(ATTEMPTS):
                try:
                    sent = await messaging.send_message(
                        self.gateway, who, message_id=message_id,
                        conversation_id=pair.conversation_id, body=f"Sender {number}, turn {turn}",
                    )  # fmt: skip
                except RelaisError as error:
                    if error.code not in RETRYABLE or attempt == ATTEMPTS - 1:
                        self.given_up += 1
                        print(f"sender {number} gave up: {error}")
                        break
                    self.retries += 1
                    await asyncio.sleep(0.05 * 2**attempt)
                    continue
                now = time.perf_counter()
                self.sends.append(now - started)
                self.acknowledged[message_id] = now
                await self.feeds[who.user_id].add_sent(sent)
                break

    async def _kill_listener(self, after: int) -> None:
        while len(self.acknowledged) < after:  # noqa: ASYNC110 (polling a counter)
            await asyncio.sleep(0.005)
        async with await psycopg.AsyncConnection.connect(self.conninfo, autocommit=True) as conn:
            cursor = await conn.execute(
                "select count(pg_terminate_backend(pid)) from pg_stat_activity"
                " where datname = current_database() and query ilike 'listen %'"
            )
            row = await cursor.fetchone()
            self.listener_killed = int(row[0]) if row else 0

    async def run(self, pairs: list[SeededPair]) -> None:
        killer = asyncio.create_task(self._kill_listener(SENDERS * ROUNDS // 2))
        started = time.perf_counter()
        await asyncio.gather(*(self._send(*sender) for sender in senders(pairs)))
        self.sending_s = time.perf_counter() - started
        await killer
        deadline = time.perf_counter() + 15
        # Until every feed showed its messages (or 15 s): polled, as the feeds are.
        while time.perf_counter() < deadline and set(self.acknowledged) - set(self.shown):  # noqa: ASYNC110
            await asyncio.sleep(0.05)
        await self.hub.settle()

    def delivery(self) -> list[float]:
        return [
            max(0.0, self.shown[message] - acknowledged)
            for message, acknowledged in self.acknowledged.items()
            if message in self.shown
        ]

    def stored(self) -> tuple[int, int]:
        """Rows of this run stored, and rows whose body was stored more than once."""
        with psycopg.connect(self.conninfo) as conn:
            bodies = conn.execute(
                "select body, count(*) from public.messages where body like 'Sender %%'"
                " group by body"
            ).fetchall()
        return sum(int(count) for _, count in bodies), sum(int(c) - 1 for _, c in bodies if c > 1)


async def bare_inserts(pool: AsyncConnectionPool, pairs: list[SeededPair]) -> list[float]:
    """The same rows at the same concurrency, through the same pool: no triggers, no RLS."""
    durations: list[float] = []
    seqs: Counter[uuid.UUID] = Counter()

    async def insert(pair: SeededPair, who: AuthSession, number: int) -> None:
        pauses = random.Random(number)  # the senders' own pauses
        for turn in range(ROUNDS):
            await asyncio.sleep(pauses.uniform(0, PAUSE_S))
            seqs[pair.conversation_id] += 1
            seq = seqs[pair.conversation_id]
            started = time.perf_counter()
            async with pool.connection() as conn:
                await conn.execute(
                    "insert into public.bench_bare (id, conversation_id, sender_id, seq, body)"
                    " values (%s, %s, %s, %s, %s)",
                    [uuid.uuid4(), pair.conversation_id, who.user_id,
                     seq, f"Sender {number}, turn {turn}"],
                )  # fmt: skip
            durations.append(time.perf_counter() - started)

    await asyncio.gather(*(insert(*sender) for sender in senders(pairs)))
    return durations


async def check_cost_us(pool: AsyncConnectionPool, runs: int = 500) -> float:
    async with pool.connection() as conn:
        started = time.perf_counter()
        for _ in range(runs):
            await AsyncConnectionPool.check_connection(conn)
        return (time.perf_counter() - started) / runs * 1e6


async def measure(conninfo: str, pairs: list[SeededPair]) -> tuple[LoadRun, list[float], float]:
    gateway = await LocalGateway.open(conninfo, pool_size=DEFAULT_POOL_SIZE)
    hub = RealtimeHub(gateway)
    try:
        bare = await bare_inserts(gateway.pool, pairs)
        check_us = await check_cost_us(gateway.pool)
        run = LoadRun(gateway, hub, conninfo)
        await run.open_feeds(pairs)
        await run.run(pairs)
        for feed in run.feeds.values():
            await feed.close()
        return run, bare, check_us
    finally:
        await hub.close()
        await gateway.close()


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="relais-bench-load-") as tmp:
        server = EmbeddedServer(Path(tmp)).start()
        try:
            conninfo = server.conninfo()
            apply_migrations(conninfo)
            pairs = seed(conninfo)
            run, bare, check_us = asyncio.run(measure(conninfo, pairs))
            stored, stored_twice = run.stored()
        finally:
            server.stop()

    send, delivery = milliseconds(run.sends), milliseconds(run.delivery())
    baseline = milliseconds(bare)
    missed = len(set(run.acknowledged) - set(run.shown))
    figures = {
        "send_p50_ms": send["p50_ms"],
        "send_p95_ms": send["p95_ms"],
        "delivery_p50_ms": delivery["p50_ms"],
        "delivery_p95_ms": delivery["p95_ms"],
        "sent": float(len(run.acknowledged)),
        "stored": float(stored),
        "duplicates": float(stored_twice + run.shown_twice),
        "missed": float(missed),
        "sends_per_s": round(len(run.acknowledged) / run.sending_s, 1),
        "retries": float(run.retries),
        "given_up": float(run.given_up),
        "listener_connections_killed": float(run.listener_killed),
        "check_on_borrow_us": round(check_us, 1),
    }
    baselines = {
        "bare_insert_p50_ms": baseline["p50_ms"],
        "bare_insert_p95_ms": baseline["p95_ms"],
        "pool_size": float(DEFAULT_POOL_SIZE),
        "senders": float(SENDERS),
        "conversations": float(PAIRS),
    }
    ok = (
        all(figures[k] <= v for k, v in TARGETS.items())
        and stored == len(run.acknowledged) == SENDERS * ROUNDS
        and run.listener_killed == 1
    )
    print(
        f"{SENDERS} senders over {PAIRS} pairs, {ROUNDS} messages each"
        f" ({figures['sends_per_s']} a second): send p50"
        f" {send['p50_ms']} ms, p95 {send['p95_ms']} ms (bare insert through the same pool:"
        f" p95 {baseline['p95_ms']} ms); delivery p50 {delivery['p50_ms']} ms,"
        f" p95 {delivery['p95_ms']} ms"
    )
    print(
        f"sent {len(run.acknowledged)}, stored {stored}, duplicates {figures['duplicates']:.0f},"
        f" missed {missed}, retries {run.retries}, listener connections killed"
        f" {run.listener_killed}; the pool's check on borrow costs {check_us:.0f} µs a call"
    )
    report("load", figures, baselines, TARGETS, ok)


if __name__ == "__main__":
    main()

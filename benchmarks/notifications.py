"""Notification figures on the embedded default, with baselines measured in the same run.

200 people in 100 conversations, each with one or two devices subscribed at a
local Web Push service (tests/push_service.py: it decrypts every push and
records when it arrived). The real sender encrypts and signs each push.

- baselines: a bare insert into private.notification_outbox as the server's
  own user (p50/p95, each its own transaction); send_message through
  LocalGateway with no sender running, with and without the trigger that
  queues the notification;
- latency: 1,000 messages (10 per conversation, 50 a second from 100
  concurrent conversations on a pool of 10 connections) with the sender
  running as in the app (`run()`: LISTEN wake-up, 2 s polling). Per push:
  its arrival at the push service − the moment its send_message call
  returned (its transaction had committed), matched through the push's tag
  "n<outbox id>" and that row's event key "message:<message id>";
- throughput: one sender process drains a backlog queued while no sender ran:
  pushes delivered / (last arrival − the moment the sender was told to start);
- kill: a sender process is SIGKILLed a third of the way through a backlog;
  its leases are made to run out at once (instead of waiting 60 s), and a
  new sender process sends the rest. Counted per device and tag.

Run: python benchmarks/notifications.py
"""

from __future__ import annotations

import asyncio
import signal
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import _notifications_seed as seeding
from benchmarks._harness import milliseconds, report
from benchmarks._messaging_seed import SeededPair
from benchmarks._notifications_seed import Tally, World
from services.local.gateway import LocalGateway
from services.local.migrations import apply_migrations
from services.local.server import EmbeddedServer
from services.notifications.push import VapidKeys
from services.peer_support import messaging
from tests.push_service import LocalPushService

TRIGGER = "messages_queue_notification"
BARE_INSERTS = 500
WARM_UP = 40
ROUNDS = 10  # messages per conversation: 100 conversations -> 1,000 messages
SEND_EVERY_SECONDS = 2.0  # per conversation: 100 conversations -> 50 messages a second
BACKLOG_PER_PERSON = 10  # 2,000 rows, 3,000 pushes
TARGETS = {"latency_p95_ms": 5000.0, "duplicates_shown": 0.0, "lost": 0.0}
Commits = dict[uuid.UUID, tuple[float, uuid.UUID]]  # message -> (commit time, recipient)
KILL_TEXT = """\
kill: {kill_backlog_rows} rows ({kill_backlog_pushes} pushes) queued; SIGKILL after \
{kill_requests_before_kill} push requests, {kill_rows_unsent_at_kill} rows unsent; the dead \
sender's {kill_leases_expired_by_hand} leases expired by hand (claimed_until = now() - 1 s) \
instead of waiting 60 s; a new sender process sent the rest
  repeated_requests {repeated_requests}: pushes of a (device, tag) after its first delivery \
(at-least-once; the same tag replaces the first on the device)
  duplicates_shown {duplicates_shown}: (device, event) pairs delivered under two tags, \
so shown twice
  lost {lost}: outbox rows that reached none of the recipient's devices; lost_device_pushes \
{lost_device_pushes}: (row, device) pairs never delivered; unsent_rows {unsent_rows}"""


def bare_outbox_inserts(conninfo: str, pairs: list[SeededPair]) -> list[float]:
    durations = []
    with psycopg.connect(conninfo, autocommit=True) as conn:
        for number in range(BARE_INSERTS + WARM_UP):
            pair = pairs[number % len(pairs)]
            started = time.perf_counter()
            conn.execute(
                "insert into private.notification_outbox"
                " (recipient_id, kind, event_key, target, actor_id)"
                " values (%s, 'message', %s, %s, %s)",
                (
                    pair.peer.user_id,
                    f"bare:{number}",
                    f"/home/messages/{pair.conversation_id}",
                    pair.requester.user_id,
                ),
            )
            if number >= WARM_UP:
                durations.append(time.perf_counter() - started)
        conn.execute("delete from private.notification_outbox")
    return durations


async def message_inserts(conninfo: str, pairs: list[SeededPair]) -> dict[str, list[float]]:
    """A warm-up, then one message from each of the 200 people without the notification
    trigger, then one from each with it; one after another, no sender running."""
    people = [(who, pair) for pair in pairs for who in (pair.requester, pair.peer)]
    durations: dict[str, list[float]] = {"warm": [], "disable": [], "enable": []}
    gateway = await LocalGateway.open(conninfo)
    try:
        for phase, senders in (("warm", people[:WARM_UP]), ("disable", people), ("enable", people)):
            toggle = "enable" if phase == "warm" else phase
            with psycopg.connect(conninfo, autocommit=True) as conn:
                conn.execute(f"alter table public.messages {toggle} trigger {TRIGGER}")
            for who, pair in senders:
                started = time.perf_counter()
                await messaging.send_message(
                    gateway, who, message_id=uuid.uuid4(), conversation_id=pair.conversation_id,
                    body="Hello",
                )  # fmt: skip
                durations[phase].append(time.perf_counter() - started)
    finally:
        await gateway.close()
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f"alter table public.messages enable trigger {TRIGGER}")
        conn.execute("delete from private.notification_outbox")
    return durations


async def write_messages(conninfo: str, pairs: list[SeededPair]) -> Commits:
    """Each conversation sends ROUNDS messages, one every 2 s, taking turns; starts are spread."""
    gateway = await LocalGateway.open(conninfo)
    committed: Commits = {}

    async def talk(pair: SeededPair, offset: float) -> None:
        await asyncio.sleep(offset)
        start = time.monotonic()
        for turn in range(ROUNDS):
            await asyncio.sleep(max(0.0, start + turn * SEND_EVERY_SECONDS - time.monotonic()))
            who, other = (
                (pair.requester, pair.peer) if turn % 2 == 0 else (pair.peer, pair.requester)
            )
            message_id = uuid.uuid4()
            await messaging.send_message(
                gateway, who, message_id=message_id, conversation_id=pair.conversation_id,
                body=f"How was today? ({turn})",
            )  # fmt: skip
            # send_message returns once its transaction has committed.
            committed[message_id] = (time.monotonic(), other.user_id)

    try:
        spread = SEND_EVERY_SECONDS / len(pairs)
        await asyncio.gather(*(talk(pair, spread * i) for i, pair in enumerate(pairs)))
    finally:
        await gateway.close()
    return committed


async def latency_run(
    conninfo: str, world: World, keys: VapidKeys, service: LocalPushService
) -> tuple[list[float], Tally, int, int, float]:
    sender = seeding.make_sender(conninfo, keys, service.origin)
    running = asyncio.create_task(sender.run())
    await asyncio.sleep(0.5)  # connected and listening
    mark = len(service.received())
    started = time.monotonic()
    # The writers have their own thread and event loop: the time they note after a
    # commit does not wait for the sender's encryption work in this loop.
    committed = await asyncio.to_thread(asyncio.run, write_messages(conninfo, world.pairs))
    rate = len(committed) / (time.monotonic() - started)
    # Stopped once every row is marked sent: a cancelled batch would leave leased rows.
    await asyncio.to_thread(seeding.wait_until_sent, conninfo, "message:", 60)
    running.cancel()
    await asyncio.gather(running, return_exceptions=True)
    await sender.close()
    counted = seeding.tally(service.received()[mark:], "message:", conninfo, world)
    message_of = {
        f"n{row_id}": uuid.UUID(key.removeprefix("message:"))
        for row_id, (key, _, _) in seeding.outbox_rows(conninfo, "message:").items()
    }
    latencies = [
        arrived - committed[message_of[tag]][0]
        for (_, tag), arrived in counted.arrivals.items()
        if tag in message_of and message_of[tag] in committed
    ]
    expected = sum(len(world.devices[recipient]) for _, recipient in committed.values())
    return latencies, counted, len(committed), expected, rate


def throughput_run(
    conninfo: str, vapid_dir: Path, service: LocalPushService
) -> tuple[int, int, float]:
    rows = seeding.queue_backlog(conninfo, "drain", BACKLOG_PER_PERSON)
    mark = len(service.received())
    started = seeding.send_all(conninfo, vapid_dir, service.origin, "bench:drain:")
    pushes = [p for p in service.received()[mark:] if p.delivered]
    return rows, len(pushes), max(p.received_monotonic for p in pushes) - started


def kill_run(
    conninfo: str, vapid_dir: Path, service: LocalPushService, world: World
) -> dict[str, int]:
    rows = seeding.queue_backlog(conninfo, "kill", BACKLOG_PER_PERSON)
    queued = seeding.outbox_rows(conninfo, "bench:kill:").values()
    expected = sum(len(world.devices[recipient]) for _, recipient, _ in queued)
    mark = len(service.received())
    first = seeding.spawn_sender(conninfo, vapid_dir, service.origin)
    seeding.go(first)
    service.wait_for(mark + expected // 3, timeout=120)
    seeding.stop(first, signal.SIGKILL)
    before_kill = len(service.received()) - mark
    unsent = sum(
        1 for _, _, sent in seeding.outbox_rows(conninfo, "bench:kill:").values() if not sent
    )
    expired = seeding.expire_leases(conninfo)
    seeding.send_all(conninfo, vapid_dir, service.origin, "bench:kill:")
    counted = seeding.tally(service.received()[mark:], "bench:kill:", conninfo, world)
    return {
        "kill_backlog_rows": rows,
        "kill_backlog_pushes": expected,
        "kill_requests_before_kill": before_kill,
        "kill_rows_unsent_at_kill": unsent,
        "kill_leases_expired_by_hand": expired,
        **counted.counts(),
    }


def main() -> None:
    with (
        tempfile.TemporaryDirectory(prefix="relais-bench-notifications-") as tmp,
        LocalPushService() as service,
    ):
        seeding.quiet_disconnects(service)
        vapid_dir = Path(tmp) / "vapid"
        keys = VapidKeys.load(private_key=None, data_dir=vapid_dir, subject=seeding.VAPID_SUBJECT)
        server = EmbeddedServer(Path(tmp)).start()
        try:
            conninfo = server.conninfo()
            apply_migrations(conninfo)
            started = time.perf_counter()
            world = seeding.seed(conninfo, service, keys)
            devices = sum(len(owned) for owned in world.devices.values())
            print(
                f"seeded {len(world.devices)} people in {len(world.pairs)} conversations with"
                f" {devices} devices in {time.perf_counter() - started:.1f} s"
            )
            bare = milliseconds(bare_outbox_inserts(conninfo, world.pairs))
            sends = asyncio.run(message_inserts(conninfo, world.pairs))
            latencies, live, messages_sent, expected, rate = asyncio.run(
                latency_run(conninfo, world, keys, service)
            )
            rows, drained, drain_s = throughput_run(conninfo, vapid_dir, service)
            killed = kill_run(conninfo, vapid_dir, service, world)
        finally:
            server.stop()

    latency = milliseconds(latencies)
    plain, queued = milliseconds(sends["disable"]), milliseconds(sends["enable"])
    figures: dict[str, float] = {
        "latency_p50_ms": latency["p50_ms"],
        "latency_p95_ms": latency["p95_ms"],
        "latency_max_ms": round(max(latencies) * 1000, 1),
        "latency_messages": float(messages_sent),
        "latency_pushes": float(len(latencies)),
        "latency_pushes_expected": float(expected),
        "latency_repeated_requests": float(live.repeated_requests),
        "messages_per_s": round(rate, 1),
        "throughput_pushes_per_s": round(drained / drain_s, 1),
        "throughput_rows_per_s": round(rows / drain_s, 1),
        **{key: float(value) for key, value in killed.items()},
    }
    baselines = {
        "outbox_insert_p50_ms": bare["p50_ms"],
        "outbox_insert_p95_ms": bare["p95_ms"],
        "message_insert_p50_ms": queued["p50_ms"],
        "message_insert_p95_ms": queued["p95_ms"],
        "message_insert_without_notification_p50_ms": plain["p50_ms"],
        "message_insert_without_notification_p95_ms": plain["p95_ms"],
    }
    ok = (
        figures["latency_p95_ms"] <= TARGETS["latency_p95_ms"]
        and killed["duplicates_shown"] == killed["lost"] == killed["lost_device_pushes"] == 0
        and len(latencies) == expected
    )
    print(
        f"baselines: bare outbox insert p50 {bare['p50_ms']} ms, p95 {bare['p95_ms']} ms;"
        f" send_message, no sender running: p50 {queued['p50_ms']} ms, p95 {queued['p95_ms']} ms"
        f" (without the notification trigger: p50 {plain['p50_ms']}, p95 {plain['p95_ms']} ms)"
    )
    print(
        f"commit → push received: p50 {latency['p50_ms']} ms, p95 {latency['p95_ms']} ms,"
        f" max {figures['latency_max_ms']} ms; {len(latencies)} of {expected} pushes arrived"
        f" for {messages_sent} messages sent at {rate:.1f}/s (sender.run(): LISTEN + 2 s poll)"
    )
    print(
        f"one sender process drained {rows} rows ({drained} pushes) in {drain_s:.1f} s:"
        f" {figures['throughput_pushes_per_s']} pushes/s, {figures['throughput_rows_per_s']} rows/s"
    )
    print(KILL_TEXT.format_map(killed))
    report("notifications", figures, baselines, TARGETS, ok)


if __name__ == "__main__":
    main()

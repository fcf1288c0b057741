"""Seeding, sender processes and counting for the notifications benchmark.

- 200 people in 100 open conversations, made with the messaging benchmark's
  set-based SQL (triggers off, so no match news is queued);
- their devices, one or two each, subscribed at the local push service and
  stored straight into public.push_subscriptions as the server's own user;
- a backlog of outbox rows written as the message trigger writes them;
- a sender in its own OS process (`python benchmarks/_notifications_seed.py
  CONNINFO VAPID_DIR ORIGIN`): it says "ready" once imported and connected,
  then runs `NotificationSender.run()` from the moment it reads a line;
- a tally of what the push service received, per device and tag.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, fields
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._harness import REPO_ROOT
from benchmarks._messaging_seed import PAIRS_SQL, PEOPLE_SQL, SeededPair, as_user
from services.local.accounts import SEEDED_SESSIONS_SQL
from services.notifications.mail import LocalMailbox
from services.notifications.push import PushClient, PushServices, VapidKeys
from services.notifications.sender import NotificationSender
from tests.push_service import LocalPushService, LocalSubscription, ReceivedPush

PEOPLE = 200
VAPID_SUBJECT = "mailto:bench@example.org"
PUBLIC_URL = "http://relais.bench"


@dataclass(frozen=True)
class World:
    pairs: list[SeededPair]
    devices: dict[uuid.UUID, list[LocalSubscription]]  # person -> their devices

    def device_ids(self, person: uuid.UUID) -> list[str]:
        return [device.id for device in self.devices[person]]


def seed(conninfo: str, service: LocalPushService, keys: VapidKeys) -> World:
    with psycopg.connect(conninfo, autocommit=True) as conn:
        # Only our own integer constants go into the text, so each script runs as one.
        conn.execute(PEOPLE_SQL.format(people=PEOPLE).encode())
        conn.execute(PAIRS_SQL.format(per_conversation=0).encode())
        conn.execute(SEEDED_SESSIONS_SQL)
        rows = conn.execute(
            "select b.conversation_id, b.requester_id, r.email, b.peer_id, p.email"
            " from bench_pair b join auth.users r on r.id = b.requester_id"
            " join auth.users p on p.id = b.peer_id order by b.n"
        ).fetchall()
        pairs = [SeededPair(r[0], as_user(r[1], r[2]), as_user(r[3], r[4])) for r in rows]
        # Both members of every other conversation have two devices: 300 devices,
        # so a message reaches 1.5 devices on average.
        devices: dict[uuid.UUID, list[LocalSubscription]] = {}
        for index, pair in enumerate(pairs):
            for person in (pair.requester.user_id, pair.peer.user_id):
                devices[person] = [
                    service.new_subscription(application_server_key=keys.application_server_key)
                    for _ in range(2 if index % 2 == 0 else 1)
                ]
        with conn.cursor() as cursor:
            cursor.executemany(
                "insert into public.push_subscriptions (user_id, endpoint, p256dh, auth,"
                " device_label) values (%s, %s, %s, %s, 'bench')",
                [
                    (person, d.endpoint, d.p256dh, d.auth)
                    for person, owned in devices.items()
                    for d in owned
                ],
            )
    return World(pairs, devices)


def queue_backlog(conninfo: str, label: str, per_person: int) -> int:
    """`per_person` message notifications for each of the 200 people, as the trigger writes them."""
    with psycopg.connect(conninfo, autocommit=True) as conn:
        cursor = conn.execute(
            "insert into private.notification_outbox"
            " (recipient_id, kind, event_key, target, actor_id)"
            " select case when g %% 2 = 0 then b.peer_id else b.requester_id end, 'message',"
            "        'bench:' || %s || ':' || b.n || ':' || g,"
            "        '/home/messages/' || b.conversation_id,"
            "        case when g %% 2 = 0 then b.requester_id else b.peer_id end"
            "   from bench_pair b cross join generate_series(1, %s) as g",
            (label, 2 * per_person),
        )
        return cursor.rowcount


def expire_leases(conninfo: str) -> int:
    """What 60 s of waiting would do: a dead sender's leases run out now."""
    with psycopg.connect(conninfo, autocommit=True) as conn:
        cursor = conn.execute(
            "update private.notification_outbox set claimed_until = now() - interval '1 second'"
            " where sent_at is null and claimed_until is not null"
        )
        return cursor.rowcount


def wait_until_sent(conninfo: str, event_prefix: str, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    with psycopg.connect(conninfo, autocommit=True) as conn:
        while time.monotonic() < deadline:
            row = conn.execute(
                "select count(*) from private.notification_outbox"
                " where starts_with(event_key, %s) and sent_at is null",
                (event_prefix,),
            ).fetchone()
            if row is not None and row[0] == 0:
                return True
            time.sleep(0.05)
    return False


def outbox_rows(conninfo: str, event_prefix: str) -> dict[int, tuple[str, uuid.UUID, bool]]:
    """Outbox id -> (event key, recipient, sent) for events whose key starts with the prefix."""
    with psycopg.connect(conninfo) as conn:
        rows = conn.execute(
            "select id, event_key, recipient_id, sent_at is not null"
            " from private.notification_outbox where starts_with(event_key, %s)",
            (event_prefix,),
        ).fetchall()
    return {row[0]: (row[1], row[2], row[3]) for row in rows}


@dataclass
class Tally:
    """Delivered pushes of one phase, per (device, tag)."""

    arrivals: dict[tuple[str, str], float]  # first arrival (monotonic)
    repeated_requests: int  # pushes of a (device, tag) after its first: replaced on the device
    duplicates_shown: int  # (device, event) pairs that arrived under two tags: shown twice
    lost: int  # outbox rows that reached none of the recipient's devices
    lost_device_pushes: int  # (row, device) pairs never delivered
    unsent_rows: int  # rows the outbox still holds as unsent

    def counts(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "arrivals"}


def tally(pushes: Sequence[ReceivedPush], prefix: str, conninfo: str, world: World) -> Tally:
    rows = outbox_rows(conninfo, prefix)
    events = {f"n{row_id}": key for row_id, (key, _, _) in rows.items()}
    counts = Counter((p.subscription_id, p.tag or "") for p in pushes if p.delivered)
    arrivals: dict[tuple[str, str], float] = {}
    for push in sorted(pushes, key=lambda p: p.received_monotonic):
        if push.delivered:
            arrivals.setdefault((push.subscription_id, push.tag or ""), push.received_monotonic)
    shown: dict[tuple[str, str], set[str]] = defaultdict(set)
    for device, tag in counts:
        if tag in events:
            shown[(device, events[tag])].add(tag)
    missing = [
        [(device, f"n{row_id}") not in counts for device in world.device_ids(recipient)]
        for row_id, (_, recipient, _) in rows.items()
    ]
    return Tally(
        arrivals=arrivals,
        repeated_requests=sum(n - 1 for (_, tag), n in counts.items() if tag in events),
        duplicates_shown=sum(1 for tags in shown.values() if len(tags) > 1),
        lost=sum(1 for row in missing if all(row)),
        lost_device_pushes=sum(sum(row) for row in missing),
        unsent_rows=sum(1 for _, _, sent in rows.values() if not sent),
    )


def make_sender(conninfo: str, keys: VapidKeys, origin: str) -> NotificationSender:
    return NotificationSender(
        conninfo,
        push=PushClient(keys, PushServices((origin,))),
        mailer=LocalMailbox(),
        public_url=PUBLIC_URL,
        name_subject=lambda _procedure, _lang: None,
        poll_seconds=2.0,
    )


def spawn_sender(conninfo: str, vapid_dir: Path, origin: str) -> subprocess.Popen[str]:
    """A sender in its own process, imported and connected, waiting for `go`."""
    process = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), conninfo, str(vapid_dir), origin],
        cwd=REPO_ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    if process.stdout.readline().strip() != "ready":
        process.kill()
        raise RuntimeError("the sender process did not start")
    return process


def go(process: subprocess.Popen[str]) -> None:
    assert process.stdin is not None
    process.stdin.write("go\n")
    process.stdin.flush()


def stop(process: subprocess.Popen[str], sig: signal.Signals = signal.SIGTERM) -> None:
    process.send_signal(sig)
    process.wait(timeout=10)


def send_all(conninfo: str, vapid_dir: Path, origin: str, event_prefix: str) -> float:
    """A new sender process sends every row of the prefix; returns when it was told to start."""
    process = spawn_sender(conninfo, vapid_dir, origin)
    try:
        started = time.monotonic()
        go(process)
        if not wait_until_sent(conninfo, event_prefix, 300):
            raise RuntimeError(f"rows {event_prefix}* were not all sent")
    finally:
        stop(process)
    return started


def quiet_disconnects(service: LocalPushService) -> None:
    """A killed sender's keep-alive connections reset; socketserver would print a traceback
    for each (tests/push_service.py lets ConnectionResetError reach handle_error)."""
    server = getattr(service, "_server", None)
    if server is None:
        return
    report_error = server.handle_error

    def handle_error(request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            report_error(request, client_address)

    server.handle_error = handle_error


async def _check(sender: NotificationSender) -> None:
    async with await sender.connect():
        pass


def _exit_with_parent() -> None:
    sys.stdin.read()  # end of file: the benchmark is gone, so is this sender
    os._exit(1)


def _child(conninfo: str, vapid_dir: str, origin: str) -> None:
    keys = VapidKeys.load(private_key=None, data_dir=Path(vapid_dir), subject=VAPID_SUBJECT)
    sender = make_sender(conninfo, keys, origin)
    asyncio.run(_check(sender))
    print("ready", flush=True)
    sys.stdin.readline()
    threading.Thread(target=_exit_with_parent, daemon=True).start()
    asyncio.run(sender.run())


if __name__ == "__main__":
    _child(*sys.argv[1:4])

"""Senders sharing the outbox, and one that dies mid-send: at least once, never twice at once."""

from __future__ import annotations

import asyncio
from collections import Counter

from psycopg import AsyncConnection

from services.local.gateway import LocalGateway
from services.notifications import outbox
from services.notifications.push import VapidKeys
from services.notifications.sender import NotificationSender
from tests.peer_factories import Pair
from tests.push_service import LocalPushService
from tests.services.notifications.support import (
    add_device,
    db,
    drain,
    make_sender,
    outbox_of,
    write,
)

MESSAGES = 24


async def _messages(gateway: LocalGateway, pair: Pair, count: int) -> None:
    for number in range(count):
        await write(gateway, pair, f"Message {number}")


async def _work_until_empty(sender: NotificationSender, conn: AsyncConnection) -> None:
    for _ in range(100):
        if not await sender.run_once(conn, scan=False):
            return


async def test_two_senders_never_send_one_row_twice(
    gateway: LocalGateway,
    conninfo: str,
    pair: Pair,
    push_service: LocalPushService,
    vapid_keys: VapidKeys,
) -> None:
    device = await add_device(gateway, pair.peer, push_service)
    # Slow enough answers that both senders have pushes in flight at once.
    push_service.delay(device, 0.02)
    await _messages(gateway, pair, MESSAGES)
    senders = [make_sender(conninfo, vapid_keys, (push_service.origin,), batch=3) for _ in range(2)]
    try:
        conns = [await sender.connect() for sender in senders]
        await asyncio.gather(
            *(_work_until_empty(s, c) for s, c in zip(senders, conns, strict=True))
        )
        for conn in conns:
            await conn.close()
    finally:
        for sender in senders:
            await sender.close()

    rows = outbox_of(conninfo, pair.peer, "message")
    assert len(rows) == MESSAGES and {row["outcome"] for row in rows} == {"push"}
    tags = Counter(push.tag for push in push_service.received(device))
    assert tags == Counter({f"n{row['id']}": 1 for row in rows})
    # Both took part: the rows were shared, not sent by one while the other idled.
    assert all(sender.stats.pushed > 0 for sender in senders)
    assert sum(sender.stats.pushed for sender in senders) == MESSAGES


async def test_a_claimed_row_is_not_claimed_again_while_its_lease_runs(
    gateway: LocalGateway,
    conninfo: str,
    pair: Pair,
    push_service: LocalPushService,
    sender: NotificationSender,
    sender_conn: AsyncConnection,
) -> None:
    await add_device(gateway, pair.peer, push_service)
    await _messages(gateway, pair, 2)
    async with await sender.connect() as first:
        claimed = await outbox.claim_notifications(first, 200)
        mine = {row["id"] for row in outbox_of(conninfo, pair.peer, "message")}
        assert mine <= {row.id for row in claimed}
        again = await outbox.claim_notifications(sender_conn, 200)
        assert mine.isdisjoint(row.id for row in again)
        # Give back what we took that was not ours to test.
        others = [row.id for row in claimed + again if row.id not in mine]
        await outbox.retry_later(first, others, 0)


async def test_a_sender_killed_mid_send_is_replaced_and_each_row_goes_once_more(
    gateway: LocalGateway,
    conninfo: str,
    pair: Pair,
    push_service: LocalPushService,
    vapid_keys: VapidKeys,
) -> None:
    device = await add_device(gateway, pair.peer, push_service)
    push_service.delay(device, 5.0)  # the pushes hang until the sender is gone
    await _messages(gateway, pair, 3)
    doomed = make_sender(conninfo, vapid_keys, (push_service.origin,))
    conn = await doomed.connect()
    running = asyncio.create_task(doomed.run_once(conn, scan=False))
    try:
        # All three pushes are on the wire (sent side by side) when the sender dies.
        in_flight_pushes = await push_service.await_received(device, 3)
        assert len(in_flight_pushes) == 3, "the doomed sender never pushed"
    finally:
        # Killed: the connection just goes, and no verdict reaches the database.
        await conn.close()
        running.cancel()
        await asyncio.gather(running, return_exceptions=True)
        await doomed.close()
    push_service.delay(device, 0.0)
    in_flight = Counter(push.tag for push in in_flight_pushes)

    rows = outbox_of(conninfo, pair.peer, "message")
    assert all(row["sent_at"] is None and row["claimed_until"] is not None for row in rows)

    survivor = make_sender(conninfo, vapid_keys, (push_service.origin,))
    try:
        async with await survivor.connect() as conn:
            await drain(survivor, conn)
            # Nothing while the dead sender's lease runs.
            assert len(push_service.received(device)) == sum(in_flight.values())
            ids = [row["id"] for row in rows]
            db(
                conninfo,
                "update private.notification_outbox set claimed_until = now() - interval '1 second'"
                " where id = any(%s)",
                (ids,),
            )
            await drain(survivor, conn)
            await drain(survivor, conn)  # and nothing after they are sent
    finally:
        await survivor.close()

    rows = outbox_of(conninfo, pair.peer, "message")
    assert {row["outcome"] for row in rows} == {"push"}
    assert [row["attempts"] for row in rows] == [2, 2, 2]
    assert in_flight == Counter({f"n{row['id']}": 1 for row in rows})
    resent = Counter(push.tag for push in push_service.received(device)) - in_flight
    # Exactly once more each; what was in flight when the sender died reached the
    # device twice with the same tag, so the second replaces the first.
    assert resent == Counter({f"n{row['id']}": 1 for row in rows})
    assert all(push.delivered for push in push_service.received(device))


async def test_a_sender_stopped_mid_send_hands_its_batch_back_at_once(
    gateway: LocalGateway,
    conninfo: str,
    pair: Pair,
    push_service: LocalPushService,
    vapid_keys: VapidKeys,
) -> None:
    device = await add_device(gateway, pair.peer, push_service)
    push_service.delay(device, 5.0)
    await _messages(gateway, pair, 2)
    stopping = make_sender(conninfo, vapid_keys, (push_service.origin,))
    conn = await stopping.connect()
    running = asyncio.create_task(stopping.run_once(conn, scan=False))
    try:
        await push_service.await_received(device, 2)
        running.cancel()  # the server shuts down while the pushes are in flight
        await asyncio.gather(running, return_exceptions=True)
    finally:
        await conn.close()
        await stopping.close()
    push_service.delay(device, 0.0)

    rows = outbox_of(conninfo, pair.peer, "message")
    assert all(row["sent_at"] is None and row["claimed_until"] is None for row in rows)
    successor = make_sender(conninfo, vapid_keys, (push_service.origin,))
    try:
        async with await successor.connect() as conn:
            await drain(successor, conn)  # no lease to wait for
    finally:
        await successor.close()
    assert {row["outcome"] for row in outbox_of(conninfo, pair.peer, "message")} == {"push"}

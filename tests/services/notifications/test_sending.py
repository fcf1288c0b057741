"""The real sender, pushing through the local push service: wording, devices, answers."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import time

import pytest
from psycopg import AsyncConnection

from services.local.gateway import LocalGateway
from services.notifications.push import PUSH_TTL_SECONDS, VapidKeys
from services.notifications.sender import MAX_ATTEMPTS, NotificationSender
from tests.peer_factories import Pair
from tests.push_service import LocalPushService
from tests.services.notifications.support import (
    VAPID_SUBJECT,
    add_device,
    choose,
    db,
    devices_of,
    drain,
    make_sender,
    outbox_of,
    time_passes,
    write,
)

SECRET_WORDS = "rendez-vous jeudi piscine"


async def test_a_message_reaches_the_device_without_its_words(
    gateway: LocalGateway,
    conninfo: str,
    pair: Pair,
    push_service: LocalPushService,
    sender: NotificationSender,
    sender_conn: AsyncConnection,
) -> None:
    device = await add_device(gateway, pair.peer, push_service)
    await write(gateway, pair, SECRET_WORDS)
    await drain(sender, sender_conn)

    [row] = outbox_of(conninfo, pair.peer, "message")
    [push] = push_service.received(device)
    assert push.delivered, push.problem
    assert push.payload == {
        "title": "Relais",
        "body": "Nouveau message",
        "tag": f"n{row['id']}",
        "url": f"/home/messages/{pair.conversation_id}",
        "settings": "Réglages",
    }
    plain = json.dumps(push.payload).lower()
    assert not any(word in plain for word in SECRET_WORDS.split())
    # What a push service reads: only ciphertext, a TTL, an urgency, a topic, a VAPID token.
    assert not any(word.encode() in push.body.lower() for word in SECRET_WORDS.split())
    assert push.ttl == str(PUSH_TTL_SECONDS)
    assert push.urgency == "high"
    assert push.topic is not None and len(push.topic) <= 32
    assert push.vapid_claims is not None and push.vapid_claims["sub"] == VAPID_SUBJECT
    assert (row["outcome"], row["attempts"]) == ("push", 1) and row["sent_at"] is not None
    [stored_device] = devices_of(conninfo, pair.peer)
    assert stored_device["last_ok_at"] is not None


async def test_names_show_only_when_the_recipient_allows_them(
    gateway: LocalGateway,
    pair: Pair,
    push_service: LocalPushService,
    sender: NotificationSender,
    sender_conn: AsyncConnection,
) -> None:
    device = await add_device(gateway, pair.peer, push_service)
    await choose(gateway, pair.peer, show_names=True)
    await write(gateway, pair, SECRET_WORDS)
    await drain(sender, sender_conn)
    [push] = push_service.delivered(device)
    assert push.payload is not None
    assert push.payload["body"] == "Nouveau message de Person asking"


async def test_every_device_of_the_recipient_gets_it_and_the_sender_none(
    gateway: LocalGateway,
    conninfo: str,
    pair: Pair,
    push_service: LocalPushService,
    sender: NotificationSender,
    sender_conn: AsyncConnection,
) -> None:
    phone = await add_device(gateway, pair.peer, push_service, "Phone")
    laptop = await add_device(gateway, pair.peer, push_service, "Laptop")
    own = await add_device(gateway, pair.requester, push_service, "Mine")
    await write(gateway, pair, SECRET_WORDS)
    await drain(sender, sender_conn)
    [row] = outbox_of(conninfo, pair.peer, "message")
    assert [p.tag for p in push_service.delivered(phone)] == [f"n{row['id']}"]
    assert [p.tag for p in push_service.delivered(laptop)] == [f"n{row['id']}"]
    assert push_service.received(own) == []


async def test_an_english_reader_gets_english_words(
    gateway: LocalGateway,
    conninfo: str,
    pair: Pair,
    push_service: LocalPushService,
    sender: NotificationSender,
    sender_conn: AsyncConnection,
) -> None:
    device = await add_device(gateway, pair.peer, push_service)
    db(conninfo, "update public.profiles set locale = 'en' where id = %s", (pair.peer.user_id,))
    await write(gateway, pair, SECRET_WORDS)
    await drain(sender, sender_conn)
    [push] = push_service.delivered(device)
    assert push.payload is not None and push.payload["body"] == "New message"


@pytest.mark.parametrize("status", [404, 410])
async def test_a_gone_subscription_is_forgotten(
    gateway: LocalGateway,
    conninfo: str,
    pair: Pair,
    push_service: LocalPushService,
    sender: NotificationSender,
    sender_conn: AsyncConnection,
    status: int,
) -> None:
    gone = await add_device(gateway, pair.peer, push_service, "Old phone")
    alive = await add_device(gateway, pair.peer, push_service, "New phone")
    push_service.answer(gone, status)
    await write(gateway, pair, SECRET_WORDS)
    await drain(sender, sender_conn)
    assert [push.status for push in push_service.received(gone)] == [status]
    assert [d["endpoint"] for d in devices_of(conninfo, pair.peer)] == [alive.endpoint]
    [row] = outbox_of(conninfo, pair.peer, "message")
    assert row["outcome"] == "push"

    # With no device left the row ends as "no device" (the digest may tell them).
    push_service.answer(alive, status)
    await write(gateway, pair, SECRET_WORDS)
    await drain(sender, sender_conn)
    assert devices_of(conninfo, pair.peer) == []
    assert [row["outcome"] for row in outbox_of(conninfo, pair.peer, "message")] == [
        "push",
        "no_device",
    ]


@pytest.mark.parametrize("status", [429, 500, 503])
async def test_a_busy_push_service_means_later_not_never(
    gateway: LocalGateway,
    conninfo: str,
    pair: Pair,
    push_service: LocalPushService,
    sender: NotificationSender,
    sender_conn: AsyncConnection,
    status: int,
) -> None:
    device = await add_device(gateway, pair.peer, push_service)
    push_service.answer(device, status)
    await write(gateway, pair, SECRET_WORDS)
    await drain(sender, sender_conn)

    [row] = outbox_of(conninfo, pair.peer, "message")
    assert row["sent_at"] is None and row["claimed_until"] is None
    assert row["attempts"] == 1
    assert row["due_at"] > dt.datetime.now(dt.UTC) + dt.timedelta(seconds=10)
    assert len(devices_of(conninfo, pair.peer)) == 1
    # Not retried before it is due.
    await drain(sender, sender_conn)
    assert len(push_service.received(device)) == 1

    push_service.answer(device, 201)
    db(
        conninfo,
        "update private.notification_outbox set due_at = now() where id = %s",
        (row["id"],),
    )
    await drain(sender, sender_conn)
    [row] = outbox_of(conninfo, pair.peer, "message")
    assert (row["outcome"], row["attempts"]) == ("push", 2)
    assert [push.status for push in push_service.received(device)] == [status, 201]
    assert {push.tag for push in push_service.received(device)} == {f"n{row['id']}"}


async def test_after_the_last_attempt_a_row_is_given_up_and_the_device_kept(
    gateway: LocalGateway,
    conninfo: str,
    pair: Pair,
    push_service: LocalPushService,
    sender: NotificationSender,
    sender_conn: AsyncConnection,
) -> None:
    device = await add_device(gateway, pair.peer, push_service)
    push_service.answer(device, 503)
    await write(gateway, pair, SECRET_WORDS)
    db(
        conninfo,
        "update private.notification_outbox set attempts = %s"
        " where recipient_id = %s and kind = 'message'",
        (MAX_ATTEMPTS - 1, pair.peer.user_id),
    )
    await drain(sender, sender_conn)
    [row] = outbox_of(conninfo, pair.peer, "message")
    assert (row["outcome"], row["attempts"]) == ("failed", MAX_ATTEMPTS)
    assert row["sent_at"] is not None
    assert len(devices_of(conninfo, pair.peer)) == 1


async def test_a_retried_row_keeps_its_own_wording_and_tag(
    gateway: LocalGateway,
    conninfo: str,
    pair: Pair,
    push_service: LocalPushService,
    sender: NotificationSender,
    sender_conn: AsyncConnection,
) -> None:
    device = await add_device(gateway, pair.peer, push_service)
    push_service.answer(device, 429)
    await write(gateway, pair, SECRET_WORDS)
    await write(gateway, pair, SECRET_WORDS)
    await drain(sender, sender_conn)
    push_service.answer(device, 201)
    time_passes(conninfo, pair.peer, dt.timedelta(hours=2))  # past any retry delay
    await drain(sender, sender_conn)
    rows = outbox_of(conninfo, pair.peer, "message")
    retried = [push for push in push_service.received(device) if push.status == 201]
    # A push service that was busy is not quiet hours: no "held" summary.
    got = sorted((push.tag, push.payload["body"]) for push in retried if push.payload)
    assert got == sorted((f"n{row['id']}", "Nouveau message") for row in rows)


async def test_the_running_sender_wakes_at_commit_not_at_its_next_poll(
    gateway: LocalGateway,
    conninfo: str,
    pair: Pair,
    push_service: LocalPushService,
    vapid_keys: VapidKeys,
) -> None:
    device = await add_device(gateway, pair.peer, push_service)
    # A poll far longer than the wait below: only LISTEN/NOTIFY can wake it in time.
    looping = make_sender(conninfo, vapid_keys, (push_service.origin,), poll_seconds=60)
    task = asyncio.create_task(looping.run())
    try:
        await asyncio.sleep(0.5)  # past its first pass, now waiting
        sent_at = time.monotonic()
        await write(gateway, pair, SECRET_WORDS)
        await push_service.await_received(device, within=5)
        for _ in range(250):  # and until it has written the verdict down
            if outbox_of(conninfo, pair.peer, "message")[0]["sent_at"] is not None:
                break
            await asyncio.sleep(0.02)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await looping.close()
    [push] = push_service.delivered(device)
    assert push.received_monotonic - sent_at < 5
    [row] = outbox_of(conninfo, pair.peer, "message")
    assert row["outcome"] == "push"

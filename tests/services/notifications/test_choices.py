"""What a person chose decides what is queued; quiet hours decide when it goes."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from psycopg import AsyncConnection

from services.care_circle.sharing import CircleAccess
from services.diary import feedback as diary_feedback
from services.diary import journal as diary
from services.errors import ErrorCode, RelaisError
from services.local.gateway import LocalGateway
from services.models import AuthSession
from services.notifications import preferences
from services.notifications.models import NotificationSettings
from services.notifications.sender import NotificationSender
from services.peer_support import messaging
from tests.circle_factories import join_circle
from tests.factories import make_user
from tests.peer_factories import Pair, make_requester
from tests.push_service import LocalPushService
from tests.services.notifications.support import (
    CRISIS_WORDS,
    add_device,
    choose,
    db,
    drain,
    make_due,
    outbox_by_event,
    outbox_of,
    write,
)

PARIS = ZoneInfo("Europe/Paris")


async def _quiet_now(gateway: LocalGateway, person: AuthSession) -> dt.datetime:
    """Quiet hours from an hour ago to an hour from now (Paris); returns when they end."""
    now = dt.datetime.now(PARIS).replace(second=0, microsecond=0)
    starts, ends = now - dt.timedelta(hours=1), now + dt.timedelta(hours=1)
    await messaging.set_quiet_hours(
        gateway, person, starts_at=starts.time(), ends_at=ends.time(), time_zone="Europe/Paris"
    )
    return ends


async def test_settings_start_all_on_with_names_hidden_and_are_saved_whole(
    gateway: LocalGateway,
) -> None:
    person = await make_user(gateway)
    assert await preferences.get_notification_settings(gateway, person) == NotificationSettings()
    chosen = NotificationSettings(messages=False, diary=False, show_names=True)
    saved = await preferences.save_notification_settings(gateway, person, chosen)
    assert saved == chosen
    assert await preferences.get_notification_settings(gateway, person) == chosen


async def test_a_kind_turned_off_queues_nothing_and_on_again_queues(
    gateway: LocalGateway, conninfo: str, pair: Pair
) -> None:
    await choose(gateway, pair.peer, messages=False)
    muted = await write(gateway, pair)
    assert outbox_by_event(conninfo, f"message:{muted}") == {}

    await choose(gateway, pair.peer, messages=True)
    heard = await write(gateway, pair)
    assert set(outbox_by_event(conninfo, f"message:{heard}")) == {pair.peer.user_id}


async def test_diary_turned_off_keeps_other_kinds(gateway: LocalGateway, conninfo: str) -> None:
    survivor = await make_user(gateway, role="survivor", display_name="Survivor")
    reader = await make_user(gateway, role="caregiver", display_name="Reader")
    await join_circle(gateway, survivor, reader, access=CircleAccess.READER)
    entry = await diary.add_entry(gateway, survivor, survivor_id=survivor.user_id, mood=3)
    await choose(gateway, survivor, diary=False)
    await diary_feedback.add_comment(
        gateway, reader, survivor_id=survivor.user_id, entry_id=entry.id, body="Courage"
    )
    assert outbox_of(conninfo, survivor, "diary") == []


async def test_a_coordinator_who_turned_coordination_off_still_gets_crises(
    gateway: LocalGateway, conninfo: str, pair: Pair, coordinator: AuthSession
) -> None:
    await choose(gateway, coordinator, coordination=False)
    _, request_id = await make_requester(gateway)
    assert coordinator.user_id not in outbox_by_event(conninfo, f"request:{request_id}")
    await write(gateway, pair, CRISIS_WORDS)
    assert len(outbox_of(conninfo, coordinator, "crisis")) == 1


async def test_during_quiet_hours_a_row_waits_for_their_end(
    gateway: LocalGateway, conninfo: str, pair: Pair
) -> None:
    ends = await _quiet_now(gateway, pair.peer)
    held = await write(gateway, pair)
    row = outbox_by_event(conninfo, f"message:{held}")[pair.peer.user_id]
    assert abs(row["due_at"] - ends) < dt.timedelta(seconds=1)

    await messaging.clear_quiet_hours(gateway, pair.peer)
    prompt = await write(gateway, pair)
    row = outbox_by_event(conninfo, f"message:{prompt}")[pair.peer.user_id]
    assert row["due_at"] - row["created_at"] < dt.timedelta(seconds=1)


async def test_quiet_hours_across_midnight_in_another_zone(
    gateway: LocalGateway, conninfo: str, pair: Pair
) -> None:
    zone = ZoneInfo("Pacific/Auckland")
    now = dt.datetime.now(zone).replace(second=0, microsecond=0)
    # Ends in an hour and starts a minute after that: the window wraps past midnight.
    ends = now + dt.timedelta(hours=1)
    starts = ends + dt.timedelta(minutes=1)
    await messaging.set_quiet_hours(
        gateway, pair.peer, starts_at=starts.time(), ends_at=ends.time(), time_zone=zone.key
    )
    held = await write(gateway, pair)
    row = outbox_by_event(conninfo, f"message:{held}")[pair.peer.user_id]
    assert abs(row["due_at"] - ends) < dt.timedelta(seconds=1)


async def test_a_crisis_alert_is_never_held(
    gateway: LocalGateway, conninfo: str, pair: Pair, coordinator: AuthSession
) -> None:
    ends = await _quiet_now(gateway, coordinator)
    _, request_id = await make_requester(gateway)
    work = outbox_by_event(conninfo, f"request:{request_id}")[coordinator.user_id]
    assert abs(work["due_at"] - ends) < dt.timedelta(seconds=1)

    await write(gateway, pair, CRISIS_WORDS)
    [alert] = outbox_of(conninfo, coordinator, "crisis")
    assert alert["due_at"] - alert["created_at"] < dt.timedelta(seconds=1)


async def test_what_quiet_hours_held_goes_out_as_one_summary(
    gateway: LocalGateway,
    conninfo: str,
    pair: Pair,
    push_service: LocalPushService,
    sender: NotificationSender,
    sender_conn: AsyncConnection,
) -> None:
    device = await add_device(gateway, pair.peer, push_service)
    await _quiet_now(gateway, pair.peer)
    for number in range(3):
        await write(gateway, pair, f"Message {number}")
    await drain(sender, sender_conn)
    assert push_service.received(device) == []  # not before the end of quiet hours

    make_due(conninfo, pair.peer, held_for=dt.timedelta(hours=1))
    await drain(sender, sender_conn)
    rows = outbox_of(conninfo, pair.peer, "message")
    [push] = push_service.delivered(device)
    assert push.payload is not None
    assert push.payload["body"] == "Pendant vos heures calmes\u00a0: 3 notifications"
    assert push.payload["tag"] == f"held{rows[0]['id']}"
    assert push.payload["url"] == f"/home/messages/{pair.conversation_id}"
    assert [row["outcome"] for row in rows] == ["push"] * 3


async def test_one_held_notification_says_what_it_is(
    gateway: LocalGateway,
    conninfo: str,
    pair: Pair,
    push_service: LocalPushService,
    sender: NotificationSender,
    sender_conn: AsyncConnection,
) -> None:
    device = await add_device(gateway, pair.peer, push_service)
    await _quiet_now(gateway, pair.peer)
    await write(gateway, pair)
    make_due(conninfo, pair.peer, held_for=dt.timedelta(hours=1))
    await drain(sender, sender_conn)
    [row] = outbox_of(conninfo, pair.peer, "message")
    [push] = push_service.delivered(device)
    assert push.payload is not None
    assert (push.payload["body"], push.payload["tag"]) == ("Nouveau message", f"n{row['id']}")


async def test_settings_may_not_be_half_chosen(gateway: LocalGateway, conninfo: str) -> None:
    person = await make_user(gateway)
    choices = NotificationSettings().model_dump()
    with pytest.raises(RelaisError) as refused:
        await gateway.rpc(person, "set_notification_settings", {**choices, "messages": None})
    assert refused.value.code is ErrorCode.INVALID_INPUT
    stored = db(
        conninfo, "select 1 from public.notification_settings where user_id = %s", (person.user_id,)
    )
    assert stored == []

"""RLS on notification choices, devices and e-mails, and the outbox's closed door.

Table-driven: (actor, operation) -> allowed, no rows or denied, always on the
owner's rows. After every call that is not the owner's, the rows are exactly as
they were, counted as the database owner.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import psycopg
import pytest
from psycopg import errors as pg

from services.errors import ErrorCode, RelaisError
from services.local.data_api import become_user
from services.local.gateway import LocalGateway
from services.models import AuthSession
from services.notifications import preferences
from services.notifications.models import NotificationSettings, PushSubscriptionIn
from services.notifications.sender import SENDER_ROLE
from tests.factories import make_coordinator, make_user


def _subscription(n: int = 0) -> PushSubscriptionIn:
    return PushSubscriptionIn(
        endpoint=f"https://fcm.googleapis.com/fcm/send/{uuid.uuid4().hex}{n}",
        p256dh="B" + "A" * 86,
        auth="A" * 22,
        device_label="Phone",
    )


@dataclass
class Cast:
    owner: AuthSession
    stranger: AuthSession
    coordinator: AuthSession
    device_id: uuid.UUID
    email_id: int


@pytest.fixture
async def cast(gateway: LocalGateway, conninfo: str) -> Cast:
    owner = await make_user(gateway, role="survivor", display_name="Owner")
    device = await preferences.save_push_subscription(gateway, owner, _subscription())
    await preferences.save_notification_settings(
        gateway, owner, NotificationSettings(email_digest=True, show_names=True)
    )
    [mail] = await preferences.list_my_emails(gateway, owner)
    return Cast(
        owner=owner,
        stranger=await make_user(gateway, role="caregiver", display_name="Stranger"),
        coordinator=await make_coordinator(gateway, conninfo),
        device_id=device.id,
        email_id=mail.id,
    )


Operation = Callable[[LocalGateway, AuthSession, Cast], Awaitable[Any]]


async def read_settings(gw: LocalGateway, actor: AuthSession, c: Cast) -> Any:
    return await gw.select(actor, "notification_settings", eq={"user_id": str(c.owner.user_id)})


async def update_settings(gw: LocalGateway, actor: AuthSession, c: Cast) -> Any:
    return await gw.update(
        actor, "notification_settings", {"show_names": False}, eq={"user_id": str(c.owner.user_id)}
    )


async def insert_settings(gw: LocalGateway, actor: AuthSession, c: Cast) -> Any:
    return await gw.insert(
        actor, "notification_settings", [{"user_id": str(c.owner.user_id), "messages": False}]
    )


async def read_devices(gw: LocalGateway, actor: AuthSession, c: Cast) -> Any:
    return await gw.select(actor, "push_subscriptions", eq={"user_id": str(c.owner.user_id)})


async def delete_device(gw: LocalGateway, actor: AuthSession, c: Cast) -> Any:
    return await gw.delete(actor, "push_subscriptions", eq={"id": str(c.device_id)})


async def insert_device(gw: LocalGateway, actor: AuthSession, c: Cast) -> Any:
    row = _subscription().model_dump()
    return await gw.insert(actor, "push_subscriptions", [{**row, "user_id": str(c.owner.user_id)}])


async def redirect_device(gw: LocalGateway, actor: AuthSession, c: Cast) -> Any:
    return await gw.update(
        actor,
        "push_subscriptions",
        {"endpoint": "https://fcm.googleapis.com/fcm/send/elsewhere"},
        eq={"id": str(c.device_id)},
    )


async def read_emails(gw: LocalGateway, actor: AuthSession, c: Cast) -> Any:
    return await gw.select(actor, "emails", eq={"recipient_id": str(c.owner.user_id)})


async def mark_email(gw: LocalGateway, actor: AuthSession, c: Cast) -> Any:
    return await gw.update(actor, "emails", {"delivery": "local"}, eq={"id": c.email_id})


async def write_email(gw: LocalGateway, actor: AuthSession, c: Cast) -> Any:
    return await gw.insert(
        actor, "emails", [{"recipient_id": str(c.owner.user_id), "template": "digest"}]
    )


async def delete_email(gw: LocalGateway, actor: AuthSession, c: Cast) -> Any:
    return await gw.delete(actor, "emails", eq={"id": c.email_id})


ALLOWED, NO_ROWS, DENIED = "allowed", "no rows", "denied"
READS_AND_OWN_DELETE = (read_settings, read_devices, read_emails, delete_device)
NOBODY = (
    update_settings, insert_settings, insert_device, redirect_device,
    mark_email, write_email, delete_email,
)  # fmt: skip
MATRIX: list[tuple[str, Operation, str]] = [
    *[("owner", op, ALLOWED) for op in READS_AND_OWN_DELETE],
    *[(who, op, NO_ROWS) for who in ("stranger", "coordinator") for op in READS_AND_OWN_DELETE],
    *[(who, op, DENIED) for who in ("owner", "stranger", "coordinator") for op in NOBODY],
]


def _state(conninfo: str, c: Cast) -> tuple[Any, ...]:
    with psycopg.connect(conninfo) as conn:
        row = conn.execute(
            "select (select to_jsonb(s) from public.notification_settings s where user_id = %s),"
            " (select jsonb_agg(d order by d.id) from public.push_subscriptions d"
            "   where user_id = %s),"
            " (select jsonb_agg(e order by e.id) from public.emails e where recipient_id = %s)",
            [c.owner.user_id] * 3,
        ).fetchone()
    assert row is not None
    return tuple(row)


@pytest.mark.parametrize(
    ("actor", "operation", "expected"),
    MATRIX,
    ids=[f"{actor}-{op.__name__}-{expected}" for actor, op, expected in MATRIX],
)
async def test_notification_rls_matrix(
    gateway: LocalGateway,
    conninfo: str,
    cast: Cast,
    actor: str,
    operation: Operation,
    expected: str,
) -> None:
    session: AuthSession = getattr(cast, actor)
    before = _state(conninfo, cast)
    if expected == DENIED:
        with pytest.raises(RelaisError) as refused:
            await operation(gateway, session, cast)
        assert refused.value.code is ErrorCode.FORBIDDEN
    else:
        rows = await operation(gateway, session, cast)
        assert (len(rows) > 0) is (expected == ALLOWED)
    if expected != ALLOWED or operation is not delete_device:
        assert _state(conninfo, cast) == before
    else:
        assert _state(conninfo, cast)[1] is None  # the device is gone


async def test_nobody_else_removes_or_lists_my_device(gateway: LocalGateway, cast: Cast) -> None:
    for other in (cast.stranger, cast.coordinator):
        with pytest.raises(RelaisError) as refused:
            await preferences.remove_device(gateway, other, cast.device_id)
        assert refused.value.code is ErrorCode.NOT_FOUND
        assert await preferences.list_my_devices(gateway, other) == []
        assert await preferences.list_my_emails(gateway, other) == []
        assert await preferences.get_notification_settings(gateway, other) == NotificationSettings()
    [mine] = await preferences.list_my_devices(gateway, cast.owner)
    assert mine.id == cast.device_id
    await preferences.remove_device(gateway, cast.owner, cast.device_id)
    assert await preferences.list_my_devices(gateway, cast.owner) == []


async def test_a_browser_signed_in_by_someone_else_changes_owner(
    gateway: LocalGateway, cast: Cast
) -> None:
    [mine] = await preferences.list_my_devices(gateway, cast.owner)
    shared_browser = _subscription().model_copy(update={"endpoint": mine.endpoint})
    await preferences.save_push_subscription(gateway, cast.stranger, shared_browser)
    assert await preferences.list_my_devices(gateway, cast.owner) == []
    assert [d.endpoint for d in await preferences.list_my_devices(gateway, cast.stranger)] == [
        mine.endpoint
    ]


async def test_ten_devices_at_most_the_oldest_goes(gateway: LocalGateway) -> None:
    person = await make_user(gateway)
    saved = [
        await preferences.save_push_subscription(gateway, person, _subscription(n))
        for n in range(11)
    ]
    kept = await preferences.list_my_devices(gateway, person)
    assert {d.id for d in kept} == {d.id for d in saved[1:]}


PRIVATE_CALLS = [
    "select * from private.notification_outbox",
    "select * from private.claim_notifications(10, 60)",
    "select private.queue_digests()",
    "select private.queue_due_reminders()",
    "select * from private.claim_emails(10, 60)",
    "select private.finish_notifications(array[1]::bigint[], 'push')",
]


@pytest.mark.parametrize("statement", PRIVATE_CALLS)
async def test_people_cannot_reach_the_outbox(conninfo: str, statement: str) -> None:
    gateway = await LocalGateway.open(conninfo, pool_size=1)
    try:
        person = await make_user(gateway)
    finally:
        await gateway.close()
    async with await psycopg.AsyncConnection.connect(conninfo) as conn:
        await become_user(conn, person)
        with pytest.raises(pg.InsufficientPrivilege):
            await conn.execute(statement)


@pytest.mark.parametrize(
    "statement",
    [
        "select * from public.profiles",
        "select * from public.emails",
        "select * from public.push_subscriptions",
        "select * from private.notification_outbox",
        "select public.set_notification_settings(true, true, true, true, true, true, true, true)",
        "delete from public.push_subscriptions",
    ],
)
async def test_the_sender_role_can_do_nothing_but_its_functions(
    conninfo: str, statement: str
) -> None:
    async with await psycopg.AsyncConnection.connect(conninfo, autocommit=True) as conn:
        await conn.execute(f"set role {SENDER_ROLE}")
        await conn.execute("select count(*) from private.push_devices(array[gen_random_uuid()])")
        with pytest.raises(pg.InsufficientPrivilege):
            await conn.execute(statement)


@pytest.mark.parametrize(
    "statement",
    [
        "select public.set_notification_settings(true, true, true, true, true, true, true, true)",
        "select public.save_push_subscription('https://fcm.googleapis.com/x', 'B', 'A', '')",
    ],
)
async def test_anonymous_visitors_cannot_choose_or_subscribe(conninfo: str, statement: str) -> None:
    async with await psycopg.AsyncConnection.connect(conninfo) as conn:
        await conn.execute("set local role anon")
        with pytest.raises(pg.InsufficientPrivilege):
            await conn.execute(statement)

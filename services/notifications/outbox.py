"""The sender's side of the outbox: claims and verdicts, in SQL only.

Each call is its own short transaction on the sender's connection, which
holds no lock while a push is in flight: a claim is a lease (`claimed_until`),
so a sender that dies mid-send leaves rows another one takes up later.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from psycopg import AsyncConnection
from psycopg.rows import dict_row

from services.notifications.models import NotificationKind

# Long enough for a batch of pushes to slow services; a dead sender's rows
# wait this long before another sender sends them again.
LEASE_SECONDS = 60


@dataclass(frozen=True)
class DueNotification:
    id: int
    recipient_id: UUID
    kind: NotificationKind
    target: str
    subject: str | None
    locale: str
    actor_name: str | None
    held: bool
    attempts: int


@dataclass(frozen=True)
class Device:
    id: UUID
    endpoint: str
    p256dh: str
    auth: str


@dataclass(frozen=True)
class DueEmail:
    id: int
    recipient_id: UUID
    to_address: str
    locale: str
    template: str
    data: dict[str, Any]
    attempts: int


async def _rows(
    conn: AsyncConnection, query: str, params: tuple[Any, ...] = ()
) -> list[dict[str, Any]]:
    async with conn.cursor(row_factory=dict_row) as cursor:
        await cursor.execute(query, params)
        return await cursor.fetchall()


async def claim_notifications(conn: AsyncConnection, batch: int) -> list[DueNotification]:
    rows = await _rows(
        conn, "select * from private.claim_notifications(%s, %s)", (batch, LEASE_SECONDS)
    )
    return [DueNotification(**{**row, "kind": NotificationKind(row["kind"])}) for row in rows]


async def devices_of(conn: AsyncConnection, recipients: list[UUID]) -> dict[UUID, list[Device]]:
    """Each recipient's devices, read at send time: one turned off a moment ago is not there."""
    found: dict[UUID, list[Device]] = {recipient: [] for recipient in recipients}
    for row in await _rows(conn, "select * from private.push_devices(%s)", (recipients,)):
        recipient = row.pop("user_id")
        found.setdefault(recipient, []).append(Device(**row))
    return found


async def finish(conn: AsyncConnection, ids: list[int], outcome: str) -> None:
    await conn.execute("select private.finish_notifications(%s, %s)", (ids, outcome))


async def retry_later(conn: AsyncConnection, ids: list[int], delay_seconds: int) -> None:
    await conn.execute("select private.retry_notifications(%s, %s)", (ids, delay_seconds))


async def devices_answered(
    conn: AsyncConnection, *, delivered: list[UUID], gone: list[UUID]
) -> None:
    await conn.execute("select private.push_devices_answered(%s, %s)", (delivered, gone))


async def queue_due_reminders(conn: AsyncConnection) -> int:
    return int((await _rows(conn, "select private.queue_due_reminders() as n"))[0]["n"])


async def queue_digests(conn: AsyncConnection) -> int:
    return int((await _rows(conn, "select private.queue_digests() as n"))[0]["n"])


async def claim_emails(conn: AsyncConnection, batch: int) -> list[DueEmail]:
    rows = await _rows(conn, "select * from private.claim_emails(%s, %s)", (batch, LEASE_SECONDS))
    return [DueEmail(**row) for row in rows]


async def finish_email(conn: AsyncConnection, email_id: int, delivery: str) -> None:
    await conn.execute("select private.finish_email(%s, %s)", (email_id, delivery))

"""One batch of the outbox: turn claimed rows into pushes and verdicts.

Rows a person's quiet hours held are summed up in one notification when the
hours end; the others go one by one, each tagged with its row id so that a
repeat (after a sender died mid-send) replaces the first on the device.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from uuid import UUID

import psycopg
from psycopg import AsyncConnection

from services.notifications import outbox
from services.notifications.models import NotificationKind
from services.notifications.outbox import Device, DueNotification
from services.notifications.push import PushClient, PushMessage, PushOutcome, topic_for
from services.notifications.wording import held_text, push_text, settings_label

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
MAX_RETRY_DELAY_SECONDS = 3600
# Pushes in flight at once: enough to keep a slow push service from holding the queue.
PARALLEL_PUSHES = 32

# (procedure id, language) -> the procedure's title, for reminders.
SubjectNamer = Callable[[str, str], str | None]


@dataclass(frozen=True)
class _Outgoing:
    rows: tuple[DueNotification, ...]
    message: PushMessage


def _messages(rows: list[DueNotification], name_subject: SubjectNamer) -> list[_Outgoing]:
    held: dict[UUID, list[DueNotification]] = defaultdict(list)
    outgoing: list[_Outgoing] = []
    for row in rows:
        if row.held and row.kind is not NotificationKind.CRISIS:
            held[row.recipient_id].append(row)
            continue
        subject = name_subject(row.subject, row.locale) if row.subject else None
        title, body = push_text(row.kind, row.locale, actor_name=row.actor_name, subject=subject)
        message = PushMessage(
            tag=f"n{row.id}",
            title=title,
            body=body,
            url=row.target,
            urgent=row.kind in (NotificationKind.CRISIS, NotificationKind.MESSAGE),
            topic=topic_for(row.target) if row.kind is NotificationKind.MESSAGE else None,
            settings_label=settings_label(row.locale),
        )
        outgoing.append(_Outgoing((row,), message))
    for group in held.values():
        if len(group) == 1:
            # One held notification says what it is, like any other.
            outgoing.extend(_messages([_unheld(group[0])], name_subject))
            continue
        title, body = held_text(len(group), group[0].locale)
        targets = {row.target for row in group}
        url = targets.pop() if len(targets) == 1 else "/home"
        message = PushMessage(
            tag=f"held{min(r.id for r in group)}",
            title=title,
            body=body,
            url=url,
            settings_label=settings_label(group[0].locale),
        )
        outgoing.append(_Outgoing(tuple(group), message))
    return outgoing


def _unheld(row: DueNotification) -> DueNotification:
    return DueNotification(**{**row.__dict__, "held": False})


@dataclass
class _Verdicts:
    """What a batch comes to, written back in a few statements once its pushes are done."""

    finished: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    retries: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    delivered_to: set[UUID] = field(default_factory=set)
    gone: set[UUID] = field(default_factory=set)

    async def record(self, conn: AsyncConnection) -> dict[str, int]:
        for verdict, ids in self.finished.items():
            await outbox.finish(conn, ids, verdict)
        for delay, ids in self.retries.items():
            await outbox.retry_later(conn, ids, delay)
        if self.delivered_to or self.gone:
            await outbox.devices_answered(
                conn, delivered=sorted(self.delivered_to), gone=sorted(self.gone)
            )
        tally = {verdict: len(ids) for verdict, ids in self.finished.items()}
        tally["retry"] = sum(len(ids) for ids in self.retries.values())
        return tally


async def deliver(
    conn: AsyncConnection,
    push: PushClient | None,
    rows: list[DueNotification],
    name_subject: SubjectNamer,
) -> dict[str, int]:
    """Send one claimed batch; returns how many rows ended each way.

    The database hears the verdicts once the batch's pushes are done, in a few
    statements rather than one per push. A sender stopped meanwhile (the
    server shutting down) hands the whole batch back at once, rather than
    leaving it leased: another sender, or this one after a restart, takes it
    up without waiting for the lease to run out (a repeat shows once: same tag).
    """
    recipients = sorted({row.recipient_id for row in rows})
    devices = await outbox.devices_of(conn, recipients) if push else {}
    limit = asyncio.Semaphore(PARALLEL_PUSHES)
    verdicts = _Verdicts()

    async def one(device: Device, message: PushMessage) -> PushOutcome:
        assert push is not None
        async with limit:
            outcome = await push.send(
                endpoint=device.endpoint, p256dh=device.p256dh, auth=device.auth, message=message
            )
        if outcome is PushOutcome.DELIVERED:
            verdicts.delivered_to.add(device.id)
        elif outcome is PushOutcome.GONE:
            verdicts.gone.add(device.id)
        return outcome

    async def handle(item: _Outgoing, targets: list[Device]) -> None:
        ids = [row.id for row in item.rows]
        outcomes = await asyncio.gather(*(one(device, item.message) for device in targets))
        if PushOutcome.DELIVERED in outcomes:
            verdicts.finished["push"].extend(ids)
        elif PushOutcome.RETRY in outcomes:
            attempts = max(row.attempts for row in item.rows)
            if attempts < MAX_ATTEMPTS:
                delay = min(30 * 2 ** (attempts - 1), MAX_RETRY_DELAY_SECONDS)
                verdicts.retries[delay].extend(ids)
            else:
                verdicts.finished["failed"].extend(ids)
        else:
            # None of the devices could take it: the e-mail digest may tell them.
            verdicts.finished["no_device"].extend(ids)

    sending = []
    for item in _messages(rows, name_subject):
        targets = devices.get(item.rows[0].recipient_id, [])
        if targets:
            sending.append(handle(item, targets))
        else:
            verdicts.finished["no_device"].extend(row.id for row in item.rows)
    try:
        await asyncio.gather(*sending)
    except asyncio.CancelledError:
        # A connection already gone is a sender killed outright: the lease runs out.
        with contextlib.suppress(psycopg.Error):
            await asyncio.shield(outbox.retry_later(conn, [row.id for row in rows], 0))
        raise
    return await verdicts.record(conn)

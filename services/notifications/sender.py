"""The outbox sender: one task per server process, sharing the work with the others.

It wakes when a notification is queued (LISTEN relais_outbox, which the
database sends at commit) and at least every `poll_seconds` anyway (for rows
that fall due at the end of quiet hours, leases that ran out, retries).
Claims use `for update skip locked`, so N processes never send one row twice
at the same time. We use this plain claim rather than a queue library
(procrastinate, pgqueuer): the outbox rows are the person's data, written by
the event's own SQL, deleted with the account, and read by the digest; a
library's job table would be a second copy of them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass, field

import psycopg
from psycopg import AsyncConnection

from services.notifications import outbox
from services.notifications.delivery import MAX_ATTEMPTS, SubjectNamer, deliver
from services.notifications.mail import Mailer
from services.notifications.push import PushClient
from services.notifications.wording import SETTINGS_ROUTE, render_email

logger = logging.getLogger(__name__)

SENDER_ROLE = "relais_sender"
WAKE_CHANNEL = "relais_outbox"
BATCH = 200
# Reminders and digests are scanned this often (they are due by the clock, not by an event).
SCAN_SECONDS = 60.0
MAX_EMAIL_ATTEMPTS = 5


@dataclass
class SenderStats:
    pushed: int = 0
    no_device: int = 0
    failed: int = 0
    retried: int = 0
    emails: int = 0
    batches: int = 0
    by_outcome: dict[str, int] = field(default_factory=dict)


class NotificationSender:
    def __init__(
        self,
        conninfo: str,
        *,
        push: PushClient | None,
        mailer: Mailer,
        public_url: str,
        name_subject: SubjectNamer,
        poll_seconds: float = 2.0,
        batch: int = BATCH,
    ) -> None:
        self._conninfo = conninfo
        self._push = push
        self._mailer = mailer
        self._public_url = public_url.rstrip("/")
        self._name_subject = name_subject
        self._poll_seconds = poll_seconds
        self._batch = batch
        self._last_scan = 0.0
        self.stats = SenderStats()

    async def connect(self) -> AsyncConnection:
        conn = await AsyncConnection.connect(self._conninfo, autocommit=True)
        # The same narrow rights in every mode: locally the server's superuser
        # connection steps down to the role Supabase mode logs in as.
        await conn.execute(f"set role {SENDER_ROLE}")
        return conn

    async def run(self) -> None:
        """Send until cancelled; reconnect after the database goes away."""
        delay = 0.5
        while True:
            try:
                await self._serve()
            except asyncio.CancelledError:
                raise
            except (psycopg.Error, OSError) as error:
                logger.warning("notification sender lost the database (%s); retrying", error)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 30.0)

    async def _serve(self) -> None:
        async with await self.connect() as conn, await self.connect() as listener:
            await listener.execute(f"listen {WAKE_CHANNEL}")
            while True:
                busy = await self.run_once(conn)
                if not busy:
                    await self._wait(listener)

    async def _wait(self, listener: AsyncConnection) -> None:
        with contextlib.suppress(TimeoutError):
            async for _ in listener.notifies(timeout=self._poll_seconds, stop_after=1):
                break

    async def run_once(self, conn: AsyncConnection, *, scan: bool | None = None) -> bool:
        """One pass; True when a full batch was claimed (so more may be waiting)."""
        now = time.monotonic()
        if scan or (scan is None and now - self._last_scan >= SCAN_SECONDS):
            self._last_scan = now
            await outbox.queue_due_reminders(conn)
            await outbox.queue_digests(conn)
        rows = await outbox.claim_notifications(conn, self._batch)
        if rows:
            self.stats.batches += 1
            tally = await deliver(conn, self._push, rows, self._name_subject)
            for outcome, count in tally.items():
                self.stats.by_outcome[outcome] = self.stats.by_outcome.get(outcome, 0) + count
            self.stats.pushed += tally.get("push", 0)
            self.stats.no_device += tally.get("no_device", 0)
            self.stats.failed += tally.get("failed", 0)
            self.stats.retried += tally.get("retry", 0)
        await self._send_emails(conn)
        return len(rows) >= self._batch

    async def _send_emails(self, conn: AsyncConnection) -> None:
        for email in await outbox.claim_emails(conn, 20):
            rendered = render_email(email.template, email.data, email.locale, self._public_url)
            try:
                await self._mailer.send(
                    email.to_address,
                    rendered,
                    unsubscribe_url=self._public_url + SETTINGS_ROUTE,
                )
            except Exception as error:
                logger.warning("could not send e-mail %s: %s", email.id, error)
                if email.attempts >= MAX_EMAIL_ATTEMPTS:
                    await outbox.finish_email(conn, email.id, "failed")
                continue
            await outbox.finish_email(conn, email.id, self._mailer.delivery)
            self.stats.emails += 1

    async def close(self) -> None:
        if self._push is not None:
            await self._push.close()


__all__ = ["MAX_ATTEMPTS", "NotificationSender", "SenderStats"]

"""Checklist reminders on the morning of their date; the e-mail digest, local and by SMTP."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
from psycopg import AsyncConnection

from services.guide import progress as guide_progress
from services.local.gateway import LocalGateway
from services.local.guide_catalogue import sync_guide_catalogue
from services.models import AuthSession
from services.notifications import outbox, preferences
from services.notifications.mail import SmtpMailer
from services.notifications.push import VapidKeys
from services.notifications.sender import NotificationSender
from services.peer_support import messaging
from tests.factories import make_user
from tests.peer_factories import Pair
from tests.push_service import LocalPushService
from tests.services.notifications.support import (
    CATALOGUE,
    PUBLIC_URL,
    add_device,
    choose,
    db,
    drain,
    emails_of,
    make_sender,
    outbox_of,
    write,
)
from tests.smtp_inbox import Inbox, smtp_inbox

PARIS = ZoneInfo("Europe/Paris")
PROCEDURE = "mdph-file"
SECRET = "Mon rendez-vous chez le neurologue"


@pytest.fixture(scope="module", autouse=True)
def registered_content(conninfo: str) -> None:
    sync_guide_catalogue(conninfo, CATALOGUE)


def _reminder_day() -> dt.date:
    """A date whose 08:00 in Paris has passed and that is still "today or yesterday" there."""
    now = dt.datetime.now(PARIS)
    return now.date() if now.hour >= 8 else now.date() - dt.timedelta(days=1)


async def test_a_reminder_is_queued_once_on_its_morning(
    gateway: LocalGateway,
    conninfo: str,
    push_service: LocalPushService,
    sender: NotificationSender,
    sender_conn: AsyncConnection,
) -> None:
    person = await make_user(gateway, role="caregiver")
    device = await add_device(gateway, person, push_service)
    day = _reminder_day()
    await guide_progress.save_details(
        gateway, person, owner_id=person.user_id, procedure_id=PROCEDURE, note="", remind_on=day
    )
    later = await make_user(gateway, role="caregiver")
    await guide_progress.save_details(
        gateway, later, owner_id=later.user_id, procedure_id=PROCEDURE, note="",
        remind_on=day + dt.timedelta(days=2),
    )  # fmt: skip

    await drain(sender, sender_conn, scan=True)
    await drain(sender, sender_conn, scan=True)  # the scan runs every minute: still once

    [row] = outbox_of(conninfo, person, "reminder")
    assert row["event_key"] == f"reminder:{PROCEDURE}:{day.isoformat()}"
    assert row["target"] == f"/home/guide/procedures/{PROCEDURE}"
    [push] = push_service.delivered(device)
    assert push.payload is not None
    assert push.payload["body"] == "Rappel\u00a0: Le dossier MDPH"
    assert push.payload["url"] == row["target"]
    assert outbox_of(conninfo, later, "reminder") == []


async def test_reminders_turned_off_queue_nothing(
    gateway: LocalGateway, conninfo: str, sender: NotificationSender, sender_conn: AsyncConnection
) -> None:
    person = await make_user(gateway, role="caregiver")
    await choose(gateway, person, reminders=False)
    await guide_progress.save_details(
        gateway, person, owner_id=person.user_id, procedure_id=PROCEDURE, note="",
        remind_on=_reminder_day(),
    )  # fmt: skip
    await drain(sender, sender_conn, scan=True)
    assert outbox_of(conninfo, person, "reminder") == []


async def _awake_somewhere(gateway: LocalGateway, person: AuthSession) -> None:
    """Put the person in a zone where it is now daytime, with quiet hours later on."""
    for zone in ("Europe/Paris", "Asia/Tokyo", "America/Los_Angeles"):
        now = dt.datetime.now(ZoneInfo(zone))
        if 9 <= now.hour < 21:
            await messaging.set_quiet_hours(
                gateway, person, starts_at=dt.time(22, 0), ends_at=dt.time(7, 0), time_zone=zone
            )
            return
    raise AssertionError("three zones eight hours apart always have one in daytime")


async def test_someone_without_a_device_gets_one_daily_digest_in_the_local_mailbox(
    gateway: LocalGateway,
    conninfo: str,
    pair: Pair,
    sender: NotificationSender,
    sender_conn: AsyncConnection,
) -> None:
    await _awake_somewhere(gateway, pair.peer)
    await choose(gateway, pair.peer, email_digest=True)
    [welcome] = emails_of(conninfo, pair.peer)
    assert welcome["template"] == "digest_on"

    await write(gateway, pair, SECRET)
    await write(gateway, pair, SECRET)
    await drain(sender, sender_conn)  # no device: the rows end as "no_device"
    await drain(sender, sender_conn, scan=True)
    # Once a day, not once a scan: what comes later waits for tomorrow's.
    await write(gateway, pair, SECRET)
    await drain(sender, sender_conn, scan=True)

    mails = emails_of(conninfo, pair.peer)
    assert [mail["template"] for mail in mails] == ["digest_on", "digest"]
    assert mails[1]["data"]["counts"]["message"] == 2
    assert {mail["delivery"] for mail in mails} == {"local"}
    assert all(mail["sent_at"] is not None for mail in mails)
    rows = outbox_of(conninfo, pair.peer, "message")
    assert [row["digested_at"] is not None for row in rows] == [True, True, False]
    # The person reads their own mail; what they read never carries the message.
    mine = await preferences.list_my_emails(gateway, pair.peer)
    assert [mail.template for mail in mine] == ["digest", "digest_on"]
    assert SECRET not in str(mine)


async def test_two_senders_scanning_at_once_queue_each_reminder_and_digest_once(
    gateway: LocalGateway,
    conninfo: str,
    pair: Pair,
    sender: NotificationSender,
    sender_conn: AsyncConnection,
) -> None:
    reminded = await make_user(gateway, role="caregiver")
    await guide_progress.save_details(
        gateway, reminded, owner_id=reminded.user_id, procedure_id=PROCEDURE, note="",
        remind_on=_reminder_day(),
    )  # fmt: skip
    await _awake_somewhere(gateway, pair.peer)
    await choose(gateway, pair.peer, email_digest=True)
    await write(gateway, pair, SECRET)
    await drain(sender, sender_conn)
    async with await sender.connect() as other:
        for scan in (outbox.queue_due_reminders, outbox.queue_digests):
            await asyncio.gather(scan(sender_conn), scan(other))
    assert len(outbox_of(conninfo, reminded, "reminder")) == 1
    digests = [mail for mail in emails_of(conninfo, pair.peer) if mail["template"] == "digest"]
    assert len(digests) == 1


async def test_turning_the_digest_on_twice_writes_one_confirmation(
    gateway: LocalGateway, conninfo: str
) -> None:
    person = await make_user(gateway)
    await choose(gateway, person, email_digest=True)
    await choose(gateway, person, email_digest=True, messages=False)
    assert [mail["template"] for mail in emails_of(conninfo, person)] == ["digest_on"]
    await choose(gateway, person, email_digest=False)
    await choose(gateway, person, email_digest=True)
    assert [mail["template"] for mail in emails_of(conninfo, person)] == ["digest_on"] * 2


@pytest.fixture
def smtp_server() -> Iterator[Inbox]:
    with smtp_inbox() as inbox:
        yield inbox


async def test_with_an_smtp_server_the_digest_is_really_sent(
    gateway: LocalGateway,
    conninfo: str,
    pair: Pair,
    vapid_keys: VapidKeys,
    push_service: LocalPushService,
    smtp_server: Inbox,
) -> None:
    inbox = smtp_server
    mailer = SmtpMailer(inbox.url)
    smtp_sender = make_sender(conninfo, vapid_keys, (push_service.origin,), mailer=mailer)
    await _awake_somewhere(gateway, pair.peer)
    await choose(gateway, pair.peer, email_digest=True)
    await write(gateway, pair, SECRET)
    try:
        async with await smtp_sender.connect() as conn:
            await drain(smtp_sender, conn)
            await drain(smtp_sender, conn, scan=True)
    finally:
        await smtp_sender.close()

    received = [message for to, message in inbox.messages if to == [pair.peer.email]]
    assert [message["Subject"] for message in received] == [
        "Relais\u00a0: résumé quotidien activé",
        "Relais\u00a0: votre résumé du jour",
    ]
    for message in received:
        assert message["From"] == "relais@relais.example"
        assert message["List-Unsubscribe"] == f"<{PUBLIC_URL}/home/profile/notifications>"
        body = message.get_content()
        assert SECRET not in body and "neurologue" not in body
        assert f"{PUBLIC_URL}/home/profile/notifications" in body
    digest = received[1].get_content().replace("\r\n", "\n")
    # The match proposal went out before they had a device: it is counted too.
    assert "- 1 nouveau message\n" in digest
    assert "- 1 nouvelle sur votre mise en relation\n" in digest
    assert (
        "Ne plus recevoir ces courriels\u00a0: http://relais.test/home/profile/notifications"
        in digest
    )
    assert {mail["delivery"] for mail in emails_of(conninfo, pair.peer)} == {"smtp"}
    assert db(conninfo, "select 1 from public.emails where recipient_id = %s and sent_at is null",
              (pair.peer.user_id,)) == []  # fmt: skip

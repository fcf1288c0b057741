"""What the notification tests share: the real sender wired to the local push service,
and reads of the outbox as the database owner (people cannot read it, by design)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any
from uuid import UUID

import psycopg
from psycopg import AsyncConnection
from psycopg.rows import dict_row

from services.gateway import Gateway
from services.guide.content import load_catalogue
from services.models import AuthSession
from services.notifications import preferences
from services.notifications.mail import LocalMailbox, Mailer
from services.notifications.models import NotificationSettings, PushSubscriptionIn
from services.notifications.push import PushClient, PushServices, VapidKeys
from services.notifications.sender import NotificationSender
from services.peer_support import messaging
from tests.peer_factories import Pair
from tests.push_service import LocalPushService, LocalSubscription

PUBLIC_URL = "http://relais.test"
VAPID_SUBJECT = "mailto:notifications@relais.example"
CATALOGUE = load_catalogue()
# Crisis words no other test sends: every coordinator sees every alert, and
# tests elsewhere look for theirs by its words.
CRISIS_WORDS = "Ce soir je veux mourir, vraiment (notifications)"


def procedure_title(procedure_id: str, lang: str) -> str | None:
    procedure = CATALOGUE.procedure(lang, procedure_id)
    return procedure.title if procedure else None


def make_sender(
    conninfo: str,
    keys: VapidKeys,
    allowed: tuple[str, ...],
    *,
    mailer: Mailer | None = None,
    batch: int | None = None,
    poll_seconds: float | None = None,
) -> NotificationSender:
    extra: dict[str, Any] = {} if batch is None else {"batch": batch}
    if poll_seconds is not None:
        extra["poll_seconds"] = poll_seconds
    return NotificationSender(
        conninfo,
        push=PushClient(keys, PushServices(allowed)),
        mailer=mailer or LocalMailbox(),
        public_url=PUBLIC_URL,
        name_subject=procedure_title,
        **extra,
    )


async def drain(sender: NotificationSender, conn: AsyncConnection, *, scan: bool = False) -> None:
    """Run passes until the sender says nothing more is waiting."""
    # Other tests' rows come first (every coordinator hears of every request): a backlog.
    for _ in range(1000):
        if not await sender.run_once(conn, scan=scan):
            return
        scan = False
    raise AssertionError(f"the outbox never emptied: {sender.stats}")


async def add_device(
    gateway: Gateway, session: AuthSession, service: LocalPushService, label: str = "Phone"
) -> LocalSubscription:
    subscription = service.new_subscription()
    await preferences.save_push_subscription(
        gateway, session, PushSubscriptionIn.from_browser(subscription.browser_json(), label)
    )
    return subscription


async def choose(gateway: Gateway, session: AuthSession, **choices: bool) -> None:
    current = await preferences.get_notification_settings(gateway, session)
    await preferences.save_notification_settings(
        gateway, session, NotificationSettings(**{**current.model_dump(), **choices})
    )


# -- as the database owner, past RLS ---------------------------------------------------------
def db(conninfo: str, query: str, params: tuple[Any, ...] | list[Any] = ()) -> list[dict[str, Any]]:
    with (
        psycopg.connect(conninfo, autocommit=True) as conn,
        conn.cursor(row_factory=dict_row) as cur,
    ):
        cur.execute(query, params)
        return cur.fetchall() if cur.description else []


def outbox_of(
    conninfo: str, recipient: AuthSession | UUID, kind: str | None = None
) -> list[dict[str, Any]]:
    person = recipient.user_id if isinstance(recipient, AuthSession) else recipient
    return db(
        conninfo,
        "select * from private.notification_outbox"
        " where recipient_id = %s and (%s::text is null or kind::text = %s) order by id",
        (person, kind, kind),
    )


def outbox_by_event(conninfo: str, event_key: str) -> dict[UUID, dict[str, Any]]:
    rows = db(
        conninfo, "select * from private.notification_outbox where event_key = %s", (event_key,)
    )
    return {row["recipient_id"]: row for row in rows}


def coordinators(conninfo: str, wanting: str) -> set[UUID]:
    """Every coordinator who has not turned off `wanting` (a settings column)."""
    assert wanting in ("coordination", "crisis")
    rows = db(
        conninfo,
        "select p.id from public.profiles p"
        " left join public.notification_settings s on s.user_id = p.id"
        " where p.role = 'coordinator'"
        "   and coalesce(case %s when 'crisis' then s.crisis else s.coordination end, true)",
        (wanting,),
    )
    return {row["id"] for row in rows}


def make_due(
    conninfo: str, recipient: AuthSession, *, held_for: dt.timedelta | None = None
) -> None:
    """Let the recipient's waiting rows fall due now, as if written `held_for` ago."""
    db(
        conninfo,
        "update private.notification_outbox"
        " set due_at = now() - interval '1 second',"
        "     created_at = least(created_at, now() - %s)"
        " where recipient_id = %s and sent_at is null",
        (held_for or dt.timedelta(0), recipient.user_id),
    )


def time_passes(conninfo: str, recipient: AuthSession, delta: dt.timedelta) -> None:
    """As if `delta` had gone by for the recipient's waiting rows."""
    db(
        conninfo,
        "update private.notification_outbox"
        " set created_at = created_at - %s, due_at = due_at - %s"
        " where recipient_id = %s and sent_at is null",
        (delta, delta, recipient.user_id),
    )


def devices_of(conninfo: str, person: AuthSession) -> list[dict[str, Any]]:
    return db(
        conninfo,
        "select * from public.push_subscriptions where user_id = %s order by created_at",
        (person.user_id,),
    )


def emails_of(conninfo: str, person: AuthSession) -> list[dict[str, Any]]:
    return db(
        conninfo,
        "select * from public.emails where recipient_id = %s order by id",
        (person.user_id,),
    )


async def write(gateway: Gateway, pair: Pair, body: str = "Bonsoir") -> UUID:
    """The requester writes to the peer: where most of these tests start."""
    sent = await messaging.send_message(
        gateway,
        pair.requester,
        message_id=uuid.uuid4(),
        conversation_id=pair.conversation_id,
        body=body,
    )
    return sent.id

"""A person's notification choices, devices and e-mails, always as that person.

Row-level security decides: these functions only shape what goes in and out.
"""

from __future__ import annotations

from uuid import UUID

from services.errors import ErrorCode, RelaisError
from services.gateway import Gateway
from services.models import AuthSession
from services.notifications.models import (
    NotificationSettings,
    PushDevice,
    PushSubscriptionIn,
    StoredEmail,
)

EMAILS_SHOWN = 50


async def get_notification_settings(gateway: Gateway, session: AuthSession) -> NotificationSettings:
    rows = await gateway.select(
        session, "notification_settings", eq={"user_id": str(session.user_id)}, limit=1
    )
    return NotificationSettings.model_validate(rows[0]) if rows else NotificationSettings()


async def save_notification_settings(
    gateway: Gateway, session: AuthSession, settings: NotificationSettings
) -> NotificationSettings:
    saved = await gateway.rpc(session, "set_notification_settings", settings.model_dump())
    return NotificationSettings.model_validate(_one(saved))


async def list_my_devices(gateway: Gateway, session: AuthSession) -> list[PushDevice]:
    rows = await gateway.select(
        session,
        "push_subscriptions",
        columns=("id", "endpoint", "device_label", "created_at", "last_ok_at"),
        eq={"user_id": str(session.user_id)},
        order_by="created_at",
    )
    return [PushDevice.model_validate(row) for row in rows]


async def save_push_subscription(
    gateway: Gateway, session: AuthSession, subscription: PushSubscriptionIn
) -> PushDevice:
    saved = await gateway.rpc(session, "save_push_subscription", subscription.model_dump())
    return PushDevice.model_validate(_one(saved))


async def remove_device(gateway: Gateway, session: AuthSession, device_id: UUID) -> None:
    """Stop notifications to one device at once; someone else's device is refused."""
    removed = await gateway.delete(session, "push_subscriptions", eq={"id": str(device_id)})
    if not removed:
        raise RelaisError(ErrorCode.NOT_FOUND, "no such device of yours")


async def remove_device_by_endpoint(gateway: Gateway, session: AuthSession, endpoint: str) -> None:
    """Forget this browser's subscription for this person (signing out of a shared phone)."""
    await gateway.delete(session, "push_subscriptions", eq={"endpoint": endpoint})


async def list_my_emails(gateway: Gateway, session: AuthSession) -> list[StoredEmail]:
    rows = await gateway.select(
        session,
        "emails",
        columns=("id", "template", "data", "created_at", "sent_at"),
        eq={"recipient_id": str(session.user_id)},
        order_by="created_at",
        descending=True,
        limit=EMAILS_SHOWN,
    )
    return [StoredEmail.model_validate(row) for row in rows]


def _one(result: object) -> object:
    """A function returning one row comes back as a row or a one-row list, by transport."""
    if isinstance(result, list):
        if not result:
            raise RelaisError(ErrorCode.NOT_FOUND, "nothing saved")
        return result[0]
    return result

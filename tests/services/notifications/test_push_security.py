"""The server calls only the push services on its list, signed with its own key."""

from __future__ import annotations

import pytest
from psycopg import AsyncConnection

from services.local.gateway import LocalGateway
from services.notifications import preferences
from services.notifications.models import PushSubscriptionIn
from services.notifications.push import PushServices, VapidKeys
from services.notifications.sender import NotificationSender
from tests.peer_factories import Pair
from tests.push_service import LocalPushService
from tests.services.notifications.support import (
    VAPID_SUBJECT,
    add_device,
    devices_of,
    drain,
    make_sender,
    outbox_of,
    write,
)


async def test_endpoints_off_the_allowed_list_are_never_called(
    gateway: LocalGateway,
    conninfo: str,
    pair: Pair,
    push_service: LocalPushService,
    sender: NotificationSender,
    sender_conn: AsyncConnection,
) -> None:
    with LocalPushService() as elsewhere:
        # A "subscription" a client made up, pointing at an address of its choosing.
        planted = await add_device(gateway, pair.peer, elsewhere, "Planted")
        await write(gateway, pair, "Bonjour")
        await drain(sender, sender_conn)
        assert elsewhere.received() == []
        [row] = outbox_of(conninfo, pair.peer, "message")
        assert row["outcome"] == "no_device"
        # Kept, not deleted: it may be a real push service the deployment forgot to list.
        assert [d["endpoint"] for d in devices_of(conninfo, pair.peer)] == [planted.endpoint]

        allowed = await add_device(gateway, pair.peer, push_service, "Real")
        await write(gateway, pair, "Bonjour")
        await drain(sender, sender_conn)
        assert elsewhere.received() == []
        assert len(push_service.delivered(allowed)) == 1


@pytest.mark.parametrize("status", [302, 307, 308])
async def test_a_redirect_off_the_allowed_list_is_not_followed(
    gateway: LocalGateway,
    conninfo: str,
    pair: Pair,
    push_service: LocalPushService,
    sender: NotificationSender,
    sender_conn: AsyncConnection,
    status: int,
) -> None:
    with LocalPushService() as elsewhere:
        target = elsewhere.new_subscription()
        device = await add_device(gateway, pair.peer, push_service)
        push_service.redirect(device, target.endpoint, status)
        await write(gateway, pair, "Bonjour")
        await drain(sender, sender_conn)
        assert [push.status for push in push_service.received(device)] == [status]
        assert elsewhere.received() == []
    [row] = outbox_of(conninfo, pair.peer, "message")
    assert row["outcome"] == "no_device"


async def test_a_push_signed_with_another_key_is_refused_by_the_service(
    gateway: LocalGateway,
    conninfo: str,
    pair: Pair,
    push_service: LocalPushService,
    vapid_keys: VapidKeys,
    sender_conn: AsyncConnection,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    # The device subscribed with this server's key; a sender with another key is refused (403).
    subscription = push_service.new_subscription(vapid_keys.application_server_key)
    await preferences.save_push_subscription(
        gateway, pair.peer, PushSubscriptionIn.from_browser(subscription.browser_json())
    )
    other_keys = VapidKeys.load(
        private_key=None, data_dir=tmp_path_factory.mktemp("other"), subject=VAPID_SUBJECT
    )
    impostor = make_sender(conninfo, other_keys, (push_service.origin,))
    try:
        await write(gateway, pair, "Bonjour")
        await drain(impostor, sender_conn)
    finally:
        await impostor.close()
    [refused] = push_service.received(subscription)
    assert refused.status == 403 and refused.payload is None
    assert outbox_of(conninfo, pair.peer, "message")[0]["outcome"] == "no_device"


@pytest.mark.parametrize(
    ("endpoint", "allowed"),
    [
        ("https://fcm.googleapis.com/fcm/send/abc", True),
        ("https://updates.push.services.mozilla.com/wpush/v2/abc", True),
        ("https://web.push.apple.com/QGx", True),
        ("https://wns2-par02p.notify.windows.com/w/?token=x", True),
        ("http://fcm.googleapis.com/fcm/send/abc", False),
        ("https://fcm.googleapis.com:8443/fcm/send/abc", False),
        ("https://fcm.googleapis.com.evil.example/x", False),
        ("https://evilpush.apple.com/x", False),
        ("https://user:pw@fcm.googleapis.com/x", False),
        ("https://169.254.169.254/latest/meta-data", False),
        ("http://127.0.0.1:5432/", False),
        ("not a url", False),
    ],
)
def test_the_default_list_names_only_the_browsers_push_services(
    endpoint: str, allowed: bool
) -> None:
    assert PushServices().allows(endpoint) is allowed

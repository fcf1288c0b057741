"""What a browser sends is checked twice: by the model at the edge, and by the table."""

from __future__ import annotations

from typing import Any

import pytest

from services.errors import ErrorCode, RelaisError
from services.local.gateway import LocalGateway
from services.notifications import preferences
from services.notifications.models import DEVICE_LABEL_MAX_LENGTH, PushSubscriptionIn
from tests.factories import make_user
from tests.services.notifications.support import devices_of

GOOD_KEY = "B" + "A" * 86  # 65 bytes, base64url, as browsers give it
GOOD_AUTH = "A" * 22  # 16 bytes
GOOD_ENDPOINT = "https://fcm.googleapis.com/fcm/send/abc123"


def _browser(endpoint: Any = GOOD_ENDPOINT, p256dh: Any = GOOD_KEY, auth: Any = GOOD_AUTH) -> Any:
    return {"endpoint": endpoint, "expirationTime": None, "keys": {"p256dh": p256dh, "auth": auth}}


BAD_SUBSCRIPTIONS = {
    "not a dict": ["https://fcm.googleapis.com/fcm/send/x"],
    "a string": "https://fcm.googleapis.com/fcm/send/x",
    "nothing": None,
    "no keys": {"endpoint": GOOD_ENDPOINT},
    "keys not a dict": {"endpoint": GOOD_ENDPOINT, "keys": "p256dh"},
    "no endpoint": {"keys": {"p256dh": GOOD_KEY, "auth": GOOD_AUTH}},
    "endpoint not text": _browser(endpoint=12345),
    "ftp endpoint": _browser(endpoint="ftp://fcm.googleapis.com/x"),
    "script endpoint": _browser(endpoint="javascript:alert(1)//aaaaaa"),
    "endpoint with a space": _browser(endpoint="https://fcm.googleapis.com/a b"),
    "endpoint too long": _browser(endpoint="https://fcm.googleapis.com/" + "a" * 1000),
    "short key": _browser(p256dh="B" + "A" * 40),
    "long key": _browser(p256dh="B" + "A" * 120),
    "key not base64url": _browser(p256dh="B+/" + "A" * 84),
    "short auth": _browser(auth="A" * 10),
    "long auth": _browser(auth="A" * 40),
    "auth not text": _browser(auth=["A" * 22]),
}


@pytest.mark.parametrize("subscription", BAD_SUBSCRIPTIONS.values(), ids=BAD_SUBSCRIPTIONS.keys())
def test_malformed_subscriptions_are_refused_at_the_edge(subscription: Any) -> None:
    with pytest.raises(ValueError):
        PushSubscriptionIn.from_browser(subscription, "Phone")


def test_a_well_formed_subscription_is_taken_and_its_label_cleaned() -> None:
    taken = PushSubscriptionIn.from_browser(_browser(), " Chrome\u0007 · Android\n")
    assert (taken.endpoint, taken.p256dh, taken.auth) == (GOOD_ENDPOINT, GOOD_KEY, GOOD_AUTH)
    assert taken.device_label == "Chrome · Android"


def test_an_oversized_label_is_cut_at_the_edge_and_refused_whole() -> None:
    # A device name is made up by the page, not typed: cut rather than lose the device.
    taken = PushSubscriptionIn.from_browser(_browser(), "x" * 500)
    assert taken.device_label == "x" * DEVICE_LABEL_MAX_LENGTH
    assert PushSubscriptionIn.from_browser(_browser(), 42).device_label == ""
    with pytest.raises(ValueError):
        PushSubscriptionIn(
            endpoint=GOOD_ENDPOINT,
            p256dh=GOOD_KEY,
            auth=GOOD_AUTH,
            device_label="x" * (DEVICE_LABEL_MAX_LENGTH + 1),
        )


BAD_ROWS = {
    "ftp endpoint": {"endpoint": "ftp://fcm.googleapis.com/x"},
    "endpoint with a space": {"endpoint": "https://fcm.googleapis.com/a b"},
    "endpoint too long": {"endpoint": "https://fcm.googleapis.com/" + "a" * 1000},
    "no endpoint": {"endpoint": None},
    "short key": {"p256dh": "B" + "A" * 40},
    "key not base64url": {"p256dh": "B+/" + "A" * 84},
    "short auth": {"auth": "A" * 10},
    "long auth": {"auth": "A" * 40},
    "no auth": {"auth": None},
}


@pytest.mark.parametrize("bad", BAD_ROWS.values(), ids=BAD_ROWS.keys())
async def test_the_table_refuses_what_skipped_the_edge(
    gateway: LocalGateway, conninfo: str, bad: dict[str, Any]
) -> None:
    person = await make_user(gateway)
    params = {"endpoint": GOOD_ENDPOINT + person.user_id.hex, "p256dh": GOOD_KEY,
              "auth": GOOD_AUTH, "device_label": "Phone", **bad}  # fmt: skip
    with pytest.raises(RelaisError) as refused:
        await gateway.rpc(person, "save_push_subscription", params)
    assert refused.value.code is ErrorCode.INVALID_INPUT
    assert devices_of(conninfo, person) == []


async def test_the_table_cuts_an_oversized_label_too(gateway: LocalGateway, conninfo: str) -> None:
    person = await make_user(gateway)
    await gateway.rpc(
        person,
        "save_push_subscription",
        {"endpoint": GOOD_ENDPOINT + person.user_id.hex, "p256dh": GOOD_KEY,
         "auth": GOOD_AUTH, "device_label": "y" * 5000},
    )  # fmt: skip
    [device] = devices_of(conninfo, person)
    assert device["device_label"] == "y" * DEVICE_LABEL_MAX_LENGTH


async def test_a_good_subscription_is_stored_for_its_owner(
    gateway: LocalGateway, conninfo: str
) -> None:
    person = await make_user(gateway)
    subscription = PushSubscriptionIn.from_browser(
        _browser(endpoint=GOOD_ENDPOINT + person.user_id.hex), "Phone"
    )
    device = await preferences.save_push_subscription(gateway, person, subscription)
    [stored] = devices_of(conninfo, person)
    assert (stored["id"], stored["endpoint"], stored["p256dh"], stored["auth"]) == (
        device.id, subscription.endpoint, GOOD_KEY, GOOD_AUTH,
    )  # fmt: skip

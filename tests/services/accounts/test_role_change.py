"""A change of role reaches the person's open app: the database publishes it on their own
topic, in the shape the app already handles for a change of peer status."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Mapping
from typing import Any

import pytest

from services.accounts import profiles
from services.local import admin
from services.local.gateway import LocalGateway
from services.models import Role
from services.realtime_hub import person_topic
from tests.factories import make_user


@pytest.mark.parametrize("role", ["survivor", "caregiver", "peer"])
async def test_being_appointed_coordinator_is_heard_on_ones_own_topic(
    gateway: LocalGateway, conninfo: str, role: str
) -> None:
    person = await make_user(gateway, role=role)
    bystander = await make_user(gateway, role=role)
    heard: list[tuple[str, dict[str, Any]]] = []
    first = asyncio.Event()

    async def hear(topic: str, payload: Mapping[str, Any]) -> None:
        heard.append((topic, dict(payload)))
        first.set()

    subscriptions = [
        await gateway.subscribe(person_topic(someone.user_id), hear)
        for someone in (person, bystander)
    ]
    try:
        assert admin.make_coordinator(conninfo, person.email)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(first.wait(), 5)
        await asyncio.sleep(0.2)  # anything else would have arrived by now
    finally:
        for subscription in subscriptions:
            await subscription.unsubscribe()
    # One event (a peer's status changes too, in the same transaction: PostgreSQL sends it once).
    assert heard == [
        (person_topic(person.user_id), {"type": "application", "id": str(person.user_id)})
    ]
    # What the open app then reads again.
    assert (await profiles.get_my_profile(gateway, person)).role is Role.COORDINATOR


async def test_appointing_a_coordinator_again_publishes_nothing(
    gateway: LocalGateway, conninfo: str
) -> None:
    person = await make_user(gateway)
    assert admin.make_coordinator(conninfo, person.email)
    heard: list[Mapping[str, Any]] = []

    async def hear(_topic: str, payload: Mapping[str, Any]) -> None:
        heard.append(payload)

    subscription = await gateway.subscribe(person_topic(person.user_id), hear)
    try:
        assert admin.make_coordinator(conninfo, person.email)
        await asyncio.sleep(0.3)
    finally:
        await subscription.unsubscribe()
    assert heard == []

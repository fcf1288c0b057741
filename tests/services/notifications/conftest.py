"""The local push service, a VAPID key pair and the real sender, for every test here."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from psycopg import AsyncConnection

from services.local.gateway import LocalGateway
from services.models import AuthSession
from services.notifications.push import VapidKeys
from services.notifications.sender import NotificationSender
from tests.factories import make_coordinator
from tests.peer_factories import Pair, make_pair
from tests.push_service import LocalPushService
from tests.services.notifications.support import VAPID_SUBJECT, drain, make_sender


@pytest.fixture(scope="session")
def push_service() -> Iterator[LocalPushService]:
    with LocalPushService() as service:
        yield service


@pytest.fixture(scope="session")
def vapid_keys(tmp_path_factory: pytest.TempPathFactory) -> VapidKeys:
    data_dir: Path = tmp_path_factory.mktemp("vapid")
    return VapidKeys.load(private_key=None, data_dir=data_dir, subject=VAPID_SUBJECT)


@pytest.fixture
async def sender(
    conninfo: str, vapid_keys: VapidKeys, push_service: LocalPushService
) -> AsyncIterator[NotificationSender]:
    made = make_sender(conninfo, vapid_keys, (push_service.origin,))
    try:
        yield made
    finally:
        await made.close()


@pytest.fixture
async def sender_conn(sender: NotificationSender) -> AsyncIterator[AsyncConnection]:
    async with await sender.connect() as conn:
        yield conn


@pytest.fixture
async def coordinator(gateway: LocalGateway, conninfo: str) -> AuthSession:
    return await make_coordinator(gateway, conninfo)


@pytest.fixture
async def pair(
    gateway: LocalGateway,
    coordinator: AuthSession,
    sender: NotificationSender,
    sender_conn: AsyncConnection,
) -> Pair:
    """Two people in an open conversation, whose match news went out before any device."""
    made = await make_pair(gateway, coordinator)
    await drain(sender, sender_conn)
    return made

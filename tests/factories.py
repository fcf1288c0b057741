"""Create test data through the real services, never by writing rows directly."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid

from services.accounts import auth
from services.gateway import Gateway
from services.local import admin
from services.models import AuthSession
from services.peer_support import matches as peer_support

PASSWORD = "a long enough password"
_counter = itertools.count()


def unique_email(prefix: str = "user") -> str:
    return f"{prefix}.{next(_counter)}.{uuid.uuid4().hex[:8]}@relais.example"


async def make_user(
    gateway: Gateway,
    *,
    role: str = "survivor",
    display_name: str = "Test person",
    locale: str = "fr",
    email: str | None = None,
) -> AuthSession:
    return await auth.sign_up(
        gateway,
        email=email or unique_email(role),
        password=PASSWORD,
        display_name=display_name,
        role=role,
        locale=locale,
    )


async def make_coordinator(gateway: Gateway, conninfo: str) -> AuthSession:
    """Coordinators are appointed by an administrator, as `create-coordinator` does."""
    session = await make_user(gateway, role="survivor", display_name="Coordination")
    assert admin.make_coordinator(conninfo, session.email)
    return session


async def make_approved_peer(gateway: Gateway, conninfo: str) -> AuthSession:
    """A peer who applied and was approved with a training date, the only way there is."""
    session = await make_user(gateway, role="peer", display_name="Peer supporter")
    await peer_support.submit_application(
        gateway,
        session,
        topics=["emotional_support"],
        languages=["fr"],
        departement="69",
        availability="Weekday evenings",
        accepts_charter=True,
    )
    coordinator = await make_coordinator(gateway, conninfo)
    await peer_support.approve_peer(
        gateway, coordinator, peer_id=session.user_id, training_completed_on=dt.date(2026, 1, 15)
    )
    return session

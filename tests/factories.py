"""Create test data through the real services, never by writing rows directly."""

from __future__ import annotations

import itertools
import uuid

from services.accounts import auth
from services.gateway import Gateway
from services.local import admin
from services.models import AuthSession

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
    session = await make_user(gateway, role="peer", display_name="Peer supporter")
    assert admin.approve_peer(conninfo, session.email)
    return session

"""Profiles: read and edit one's own; coordinators list everyone.

Who may do what is decided by RLS and SQL functions (supabase/migrations);
these functions only shape input and output. A peer supporter's status changes
only through approve_peer and suspend_peer (services/peer_support/matches.py).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from pydantic import ValidationError

from services.accounts.auth import refusal_from_validation
from services.errors import ErrorCode, RelaisError
from services.gateway import Gateway
from services.models import AuthSession, Profile, ProfileUpdate

PROFILES = "profiles"


async def get_my_profile(gateway: Gateway, session: AuthSession) -> Profile:
    rows = await gateway.select(session, PROFILES, eq={"id": str(session.user_id)})
    if not rows:
        raise RelaisError(ErrorCode.NOT_FOUND, "profile")
    return Profile.model_validate(rows[0])


async def get_profile(gateway: Gateway, session: AuthSession, *, profile_id: UUID) -> Profile:
    """Another person's profile: RLS returns nothing unless the caller may see it."""
    rows = await gateway.select(session, PROFILES, eq={"id": str(profile_id)})
    if not rows:
        raise RelaisError(ErrorCode.NOT_FOUND, "profile")
    return Profile.model_validate(rows[0])


async def update_my_profile(gateway: Gateway, session: AuthSession, **changes: Any) -> Profile:
    try:
        update = ProfileUpdate(**changes)
    except ValidationError as error:
        raise refusal_from_validation(error) from None
    values = update.changes()
    if not values:
        return await get_my_profile(gateway, session)
    rows = await gateway.update(session, PROFILES, values, eq={"id": str(session.user_id)})
    if not rows:
        raise RelaisError(ErrorCode.FORBIDDEN, "profile update refused")
    return Profile.model_validate(rows[0])


async def list_profiles(gateway: Gateway, session: AuthSession) -> list[Profile]:
    """Every profile the caller may see: all of them for a coordinator, their own otherwise."""
    rows = await gateway.select(session, PROFILES, order_by="created_at")
    return [Profile.model_validate(row) for row in rows]

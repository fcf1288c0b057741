"""The care circle: who a survivor lets into their diary and checklists.

The rules (only the survivor shares; an editor cannot share onward; a revoked
member loses access on the next call; codes are single-use, expire after
7 days and are rate-limited) live in supabase/migrations/*_care_circle.sql.
A code and an accepted e-mail invitation (invitations.py) both end in one SQL
function, private.add_circle_member, which refuses one's own circle and a
circle across a block (*_circle_membership_one_path.sql).
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from services.errors import ErrorCode, RelaisError
from services.gateway import Gateway
from services.models import AuthSession

# What a typed code may look like: 12 letters or digits, any grouping.
_CODE_SHAPE = re.compile(r"^[A-Za-z0-9]{12}$")
_REDEEM_REFUSALS = {
    "invalid": ErrorCode.INVITE_INVALID,
    "used": ErrorCode.INVITE_USED,
    "expired": ErrorCode.INVITE_EXPIRED,
    "too_many_attempts": ErrorCode.TOO_MANY_ATTEMPTS,
}


class CircleAccess(StrEnum):
    READER = "reader"
    EDITOR = "editor"


class Invite(BaseModel):
    model_config = ConfigDict(frozen=True)

    invite_id: UUID
    code: str
    expires_at: dt.datetime


class CircleMembership(BaseModel):
    """One survivor–member link, seen from either side (`is_mine`: I am the survivor)."""

    model_config = ConfigDict(frozen=True)

    survivor_id: UUID
    member_id: UUID
    display_name: str  # the other person's name
    access: CircleAccess
    created_at: dt.datetime
    is_mine: bool


def normalise_code(code: str) -> str:
    """Accept what people type: spaces, dashes, lower case."""
    return re.sub(r"[\s\-]", "", code or "").upper()


async def create_invite(gateway: Gateway, session: AuthSession, *, access: CircleAccess) -> Invite:
    try:
        row = await gateway.rpc(session, "create_circle_invite", {"access": access.value})
    except RelaisError as refused:
        # The database says 429 for any throttle; for codes it is a limit per day.
        if refused.code is ErrorCode.TOO_MANY_ATTEMPTS:
            raise RelaisError(ErrorCode.INVITE_LIMIT, refused.detail) from None
        raise
    return Invite.model_validate(row[0] if isinstance(row, list) else row)


async def redeem_invite(gateway: Gateway, session: AuthSession, *, code: str) -> UUID:
    """Join a survivor's circle with their code; returns the survivor's id."""
    typed = normalise_code(code)
    if not _CODE_SHAPE.match(typed):
        # Malformed codes still go to the database so they count as attempts.
        typed = typed[:64] or "-"
    result = await gateway.rpc(session, "redeem_circle_invite", {"code": typed})
    status = result.get("status") if isinstance(result, dict) else None
    if status == "ok":
        return UUID(result["survivor_id"])
    raise RelaisError(_REDEEM_REFUSALS.get(str(status), ErrorCode.INVITE_INVALID), field="code")


async def list_circle(gateway: Gateway, session: AuthSession) -> list[CircleMembership]:
    rows = await gateway.rpc(session, "list_circle")
    return [CircleMembership.model_validate(row) for row in rows or []]


async def list_my_members(gateway: Gateway, session: AuthSession) -> list[CircleMembership]:
    return [m for m in await list_circle(gateway, session) if m.is_mine]


async def list_shared_with_me(gateway: Gateway, session: AuthSession) -> list[CircleMembership]:
    """ "Diaries shared with me": the survivors whose circle I am in."""
    return [m for m in await list_circle(gateway, session) if not m.is_mine]


async def change_access(
    gateway: Gateway, session: AuthSession, *, member_id: UUID, access: CircleAccess
) -> None:
    rows = await gateway.update(
        session,
        "care_circle",
        {"access": access.value},
        eq={"survivor_id": str(session.user_id), "member_id": str(member_id)},
    )
    if not rows:
        raise RelaisError(ErrorCode.FORBIDDEN, "not your circle member")


async def revoke(gateway: Gateway, session: AuthSession, *, member_id: UUID) -> None:
    rows = await gateway.delete(
        session,
        "care_circle",
        eq={"survivor_id": str(session.user_id), "member_id": str(member_id)},
    )
    if not rows:
        raise RelaisError(ErrorCode.NOT_FOUND, "not your circle member")


async def leave(gateway: Gateway, session: AuthSession, *, survivor_id: UUID) -> None:
    rows = await gateway.delete(
        session,
        "care_circle",
        eq={"survivor_id": str(survivor_id), "member_id": str(session.user_id)},
    )
    if not rows:
        raise RelaisError(ErrorCode.NOT_FOUND, "not in this circle")


async def my_access_to(gateway: Gateway, session: AuthSession, *, survivor_id: UUID) -> str | None:
    """'owner', 'editor', 'reader' or None, as the database sees it right now."""
    if survivor_id == session.user_id:
        return "owner"
    for membership in await list_shared_with_me(gateway, session):
        if membership.survivor_id == survivor_id:
            return membership.access.value
    return None

"""Invitations into a care circle by e-mail, which the invited person accepts or refuses.

The rules live in supabase/migrations/*_circle_invitations.sql: the survivor
gets the same answer whatever the address (an account or not, a coordinator,
a block), never reads whom it reached or whether it was refused, and sends a
few a day at most; accepting joins through private.add_circle_member, the
path an invite code takes too.
"""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from pydantic import BaseModel, ConfigDict, EmailStr, ValidationError

from services.care_circle.sharing import CircleAccess
from services.errors import ErrorCode, RelaisError
from services.gateway import Gateway
from services.models import AuthSession

# The columns the survivor may read (the others are not granted to them).
_SENT_COLUMNS = ("id", "email", "access", "created_at", "expires_at")


class SentInvitation(BaseModel):
    """An invitation as its survivor sees it: what they typed, until it is accepted or expires."""

    model_config = ConfigDict(frozen=True)

    id: UUID
    email: str
    access: CircleAccess
    created_at: dt.datetime
    expires_at: dt.datetime


class ReceivedInvitation(BaseModel):
    """An invitation waiting for my answer."""

    model_config = ConfigDict(frozen=True)

    invitation_id: UUID
    survivor_id: UUID
    survivor_name: str
    access: CircleAccess
    created_at: dt.datetime
    expires_at: dt.datetime


class _EmailInput(BaseModel):
    email: EmailStr


def _daily_limit(error: RelaisError) -> RelaisError:
    """The database says 429 for any throttle; here it is a limit per day."""
    if error.code is ErrorCode.TOO_MANY_ATTEMPTS:
        return RelaisError(ErrorCode.INVITE_LIMIT, error.detail)
    return error


async def invite_by_email(
    gateway: Gateway, session: AuthSession, *, email: str, access: CircleAccess
) -> UUID:
    """Send an invitation; the answer is the same whether or not the address has an account."""
    try:
        checked = _EmailInput(email=email.strip())
    except ValidationError:
        raise RelaisError(ErrorCode.INVALID_EMAIL, field="email") from None
    try:
        made = await gateway.rpc(
            session,
            "invite_to_circle_by_email",
            {"member_email": checked.email, "access": access.value},
        )
    except RelaisError as refused:
        raise _daily_limit(refused) from None
    return UUID(str(made))


async def list_sent(gateway: Gateway, session: AuthSession) -> list[SentInvitation]:
    """My invitations still waiting (a refused one waits too, until it expires)."""
    rows = await gateway.select(
        session,
        "circle_invitations",
        columns=_SENT_COLUMNS,
        eq={"survivor_id": str(session.user_id)},
        order_by="created_at",
    )
    now = dt.datetime.now(dt.UTC)
    invitations = [SentInvitation.model_validate(row) for row in rows]
    return [invitation for invitation in invitations if invitation.expires_at > now]


async def cancel(gateway: Gateway, session: AuthSession, *, invitation_id: UUID) -> None:
    # A function, not a delete: the delete would return the whole row, and the
    # survivor may not read all of it.
    gone = await gateway.rpc(
        session, "cancel_circle_invitation", {"invitation_id": str(invitation_id)}
    )
    if not gone:
        raise RelaisError(ErrorCode.NOT_FOUND, "no such invitation")


async def list_received(gateway: Gateway, session: AuthSession) -> list[ReceivedInvitation]:
    rows = await gateway.rpc(session, "list_my_circle_invitations")
    return [ReceivedInvitation.model_validate(row) for row in rows or []]


async def accept(gateway: Gateway, session: AuthSession, *, invitation_id: UUID) -> UUID:
    """Join the survivor's circle; returns the survivor's id."""
    survivor = await gateway.rpc(
        session, "answer_circle_invitation", {"invitation_id": str(invitation_id), "accept": True}
    )
    return UUID(str(survivor))


async def refuse(gateway: Gateway, session: AuthSession, *, invitation_id: UUID) -> None:
    """Say no; the survivor is not told (their invitation just expires)."""
    await gateway.rpc(
        session, "answer_circle_invitation", {"invitation_id": str(invitation_id), "accept": False}
    )

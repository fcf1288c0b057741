"""Putting someone in a care circle the way people do it: an e-mail invitation, then their yes."""

from __future__ import annotations

from services.care_circle import invitations
from services.care_circle.sharing import CircleAccess
from services.gateway import Gateway
from services.models import AuthSession


async def join_circle(
    gateway: Gateway, survivor: AuthSession, member: AuthSession, *, access: CircleAccess
) -> None:
    """`survivor` invites `member` by e-mail and `member` accepts."""
    await invitations.invite_by_email(gateway, survivor, email=member.email, access=access)
    [waiting] = [
        invitation
        for invitation in await invitations.list_received(gateway, member)
        if invitation.survivor_id == survivor.user_id
    ]
    await invitations.accept(gateway, member, invitation_id=waiting.invitation_id)

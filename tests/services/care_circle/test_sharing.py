"""Sharing a diary with caregivers: invite codes, e-mail invites, access changes, revocation."""

from __future__ import annotations

import psycopg
import pytest

from services.care_circle import invitations, sharing
from services.care_circle.sharing import CircleAccess
from services.errors import ErrorCode, RelaisError
from services.local.gateway import LocalGateway
from tests.circle_factories import join_circle
from tests.factories import make_user


async def test_code_invite_round_trip(gateway: LocalGateway, conninfo: str) -> None:
    survivor = await make_user(gateway, role="survivor", display_name="Survivor")
    carer = await make_user(gateway, role="caregiver", display_name="Carer")
    invite = await sharing.create_invite(gateway, survivor, access=CircleAccess.EDITOR)
    assert len(sharing.normalise_code(invite.code)) == 12

    typed_casually = invite.code.lower().replace("-", " ")
    assert await sharing.redeem_invite(gateway, carer, code=typed_casually) == survivor.user_id

    [member] = await sharing.list_my_members(gateway, survivor)
    assert (member.member_id, member.display_name, member.access) == (
        carer.user_id,
        "Carer",
        CircleAccess.EDITOR,
    )
    [shared] = await sharing.list_shared_with_me(gateway, carer)
    assert (shared.survivor_id, shared.display_name) == (survivor.user_id, "Survivor")
    assert await sharing.my_access_to(gateway, carer, survivor_id=survivor.user_id) == "editor"
    with psycopg.connect(conninfo) as conn:
        stored = conn.execute(
            "select code_hash from circle_invites where id = %s", [invite.invite_id]
        ).fetchone()
    assert stored is not None and sharing.normalise_code(invite.code) not in stored[0]


async def test_a_code_works_once(gateway: LocalGateway) -> None:
    survivor = await make_user(gateway)
    first, second = (
        await make_user(gateway, role="caregiver"),
        await make_user(gateway, role="caregiver"),
    )
    invite = await sharing.create_invite(gateway, survivor, access=CircleAccess.READER)
    await sharing.redeem_invite(gateway, first, code=invite.code)
    with pytest.raises(RelaisError) as refused:
        await sharing.redeem_invite(gateway, second, code=invite.code)
    assert refused.value.code is ErrorCode.INVITE_USED
    assert await sharing.list_shared_with_me(gateway, second) == []


async def test_an_expired_code_is_refused(gateway: LocalGateway, conninfo: str) -> None:
    survivor, carer = await make_user(gateway), await make_user(gateway, role="caregiver")
    invite = await sharing.create_invite(gateway, survivor, access=CircleAccess.READER)
    with psycopg.connect(conninfo) as conn:  # eight days pass
        conn.execute(
            "update circle_invites set expires_at = now() - interval '1 day' where id = %s",
            [invite.invite_id],
        )
    with pytest.raises(RelaisError) as refused:
        await sharing.redeem_invite(gateway, carer, code=invite.code)
    assert refused.value.code is ErrorCode.INVITE_EXPIRED
    assert await sharing.list_shared_with_me(gateway, carer) == []


@pytest.mark.parametrize(
    "forged", ["AAAA-AAAA-AAAA", "", "x" * 5000, "'; delete from care_circle;--"]
)
async def test_a_forged_code_is_refused(gateway: LocalGateway, forged: str) -> None:
    carer = await make_user(gateway, role="caregiver")
    with pytest.raises(RelaisError) as refused:
        await sharing.redeem_invite(gateway, carer, code=forged)
    assert refused.value.code is ErrorCode.INVITE_INVALID


async def test_guessing_codes_is_slowed_down(gateway: LocalGateway) -> None:
    survivor, guesser = await make_user(gateway), await make_user(gateway, role="caregiver")
    invite = await sharing.create_invite(gateway, survivor, access=CircleAccess.READER)
    for attempt in range(5):
        with pytest.raises(RelaisError):
            await sharing.redeem_invite(gateway, guesser, code=f"WRNG-CODE-{attempt:04d}")
    with pytest.raises(RelaisError) as refused:
        await sharing.redeem_invite(gateway, guesser, code=invite.code)
    assert refused.value.code is ErrorCode.TOO_MANY_ATTEMPTS
    assert await sharing.list_shared_with_me(gateway, guesser) == []


async def test_a_survivor_cannot_redeem_their_own_code(gateway: LocalGateway) -> None:
    survivor = await make_user(gateway)
    invite = await sharing.create_invite(gateway, survivor, access=CircleAccess.EDITOR)
    with pytest.raises(RelaisError) as refused:
        await sharing.redeem_invite(gateway, survivor, code=invite.code)
    assert refused.value.code is ErrorCode.INVITE_INVALID


@pytest.mark.parametrize("role", ["caregiver", "peer"])
async def test_only_survivors_create_invites(gateway: LocalGateway, role: str) -> None:
    someone = await make_user(gateway, role=role)
    with pytest.raises(RelaisError) as refused:
        await sharing.create_invite(gateway, someone, access=CircleAccess.READER)
    assert refused.value.code is ErrorCode.FORBIDDEN


async def test_invite_by_email_of_an_existing_account(gateway: LocalGateway) -> None:
    survivor, carer = await make_user(gateway), await make_user(gateway, role="caregiver")
    await invitations.invite_by_email(
        gateway, survivor, email=carer.email.upper(), access=CircleAccess.READER
    )
    assert await sharing.list_my_members(gateway, survivor) == []  # not before they accept
    [waiting] = await invitations.list_received(gateway, carer)
    await invitations.accept(gateway, carer, invitation_id=waiting.invitation_id)
    [added] = await sharing.list_my_members(gateway, survivor)
    assert (added.member_id, added.access) == (carer.user_id, CircleAccess.READER)


@pytest.mark.parametrize(
    ("email", "code"),
    [
        ("not an email", ErrorCode.INVALID_EMAIL),
        ("", ErrorCode.INVALID_EMAIL),
    ],
)
async def test_invite_by_email_refusals(gateway: LocalGateway, email: str, code: ErrorCode) -> None:
    survivor = await make_user(gateway)
    with pytest.raises(RelaisError) as refused:
        await invitations.invite_by_email(
            gateway, survivor, email=email, access=CircleAccess.READER
        )
    assert refused.value.code is code
    assert await sharing.list_my_members(gateway, survivor) == []


async def test_inviting_oneself_by_email_is_refused(gateway: LocalGateway) -> None:
    survivor = await make_user(gateway)
    with pytest.raises(RelaisError) as refused:
        await invitations.invite_by_email(
            gateway, survivor, email=survivor.email, access=CircleAccess.EDITOR
        )
    assert refused.value.code is ErrorCode.INVALID_INPUT


async def test_change_access_then_revoke_takes_effect_at_once(gateway: LocalGateway) -> None:
    survivor, carer = await make_user(gateway), await make_user(gateway, role="caregiver")
    await join_circle(gateway, survivor, carer, access=CircleAccess.READER)
    await sharing.change_access(
        gateway, survivor, member_id=carer.user_id, access=CircleAccess.EDITOR
    )
    assert await sharing.my_access_to(gateway, carer, survivor_id=survivor.user_id) == "editor"
    await sharing.revoke(gateway, survivor, member_id=carer.user_id)
    assert await sharing.my_access_to(gateway, carer, survivor_id=survivor.user_id) is None


async def test_a_member_can_leave(gateway: LocalGateway) -> None:
    survivor, carer = await make_user(gateway), await make_user(gateway, role="caregiver")
    await join_circle(gateway, survivor, carer, access=CircleAccess.READER)
    await sharing.leave(gateway, carer, survivor_id=survivor.user_id)
    assert await sharing.list_my_members(gateway, survivor) == []

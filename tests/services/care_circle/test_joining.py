"""Both ways into a care circle (a code, an accepted e-mail invitation) keep the same
rules, because one SQL function (private.add_circle_member) makes every membership:
nobody joins their own circle, nobody joins across a block, and the circle is a
survivor's."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

import psycopg
import pytest

from services.care_circle import invitations, sharing
from services.care_circle.sharing import CircleAccess
from services.errors import ErrorCode, RelaisError
from services.local import admin
from services.local.gateway import LocalGateway
from services.models import AuthSession
from services.peer_support import matches as peer_support
from tests.factories import make_coordinator, make_user
from tests.peer_factories import make_pair

# Joins `member` to `survivor`'s circle one way or the other; raises the refusal.
Join = Callable[[LocalGateway, AuthSession, AuthSession], Awaitable[None]]


async def by_code(gateway: LocalGateway, survivor: AuthSession, member: AuthSession) -> None:
    invite = await sharing.create_invite(gateway, survivor, access=CircleAccess.READER)
    await sharing.redeem_invite(gateway, member, code=invite.code)


async def by_email(gateway: LocalGateway, survivor: AuthSession, member: AuthSession) -> None:
    await invitations.invite_by_email(
        gateway, survivor, email=member.email, access=CircleAccess.READER
    )
    waiting = [
        invitation
        for invitation in await invitations.list_received(gateway, member)
        if invitation.survivor_id == survivor.user_id
    ]
    if not waiting:  # a refused invitation reaches nobody
        raise RelaisError(ErrorCode.NOT_FOUND, "no invitation reached them")
    await invitations.accept(gateway, member, invitation_id=waiting[0].invitation_id)


JOINS = pytest.mark.parametrize("join", [by_code, by_email], ids=lambda join: join.__name__)


@JOINS
async def test_each_way_in_makes_one_membership(gateway: LocalGateway, join: Join) -> None:
    survivor, carer = await make_user(gateway), await make_user(gateway, role="caregiver")
    await join(gateway, survivor, carer)
    await join(gateway, survivor, carer)  # joining again changes nothing but the access
    [member] = await sharing.list_my_members(gateway, survivor)
    assert (member.member_id, member.access) == (carer.user_id, CircleAccess.READER)


@JOINS
async def test_nobody_joins_their_own_circle(gateway: LocalGateway, join: Join) -> None:
    survivor = await make_user(gateway)
    with pytest.raises(RelaisError) as refused:
        await join(gateway, survivor, survivor)
    assert refused.value.code in (ErrorCode.INVITE_INVALID, ErrorCode.INVALID_INPUT)
    assert await sharing.list_circle(gateway, survivor) == []


@JOINS
@pytest.mark.parametrize("who_blocked", ["survivor", "peer"])
async def test_nobody_joins_across_a_block(
    gateway: LocalGateway, conninfo: str, join: Join, who_blocked: str
) -> None:
    coordinator = await make_coordinator(gateway, conninfo)
    pair = await make_pair(gateway, coordinator)  # the requester is a survivor
    blocker = pair.requester if who_blocked == "survivor" else pair.peer
    await peer_support.block_partner(gateway, blocker, match_id=pair.match.id)
    with pytest.raises(RelaisError) as refused:
        await join(gateway, pair.requester, pair.peer)
    # A code reads as invalid: the person redeeming learns nothing about the block;
    # an e-mail invitation never reaches them.
    expected = ErrorCode.INVITE_INVALID if join is by_code else ErrorCode.NOT_FOUND
    assert refused.value.code is expected
    assert await sharing.list_circle(gateway, pair.requester) == []
    assert await sharing.list_circle(gateway, pair.peer) == []


async def test_a_code_refused_across_a_block_stays_unused(
    gateway: LocalGateway, conninfo: str
) -> None:
    coordinator = await make_coordinator(gateway, conninfo)
    pair = await make_pair(gateway, coordinator)
    await peer_support.block_partner(gateway, pair.requester, match_id=pair.match.id)
    invite = await sharing.create_invite(gateway, pair.requester, access=CircleAccess.EDITOR)
    with pytest.raises(RelaisError):
        await sharing.redeem_invite(gateway, pair.peer, code=invite.code)
    carer = await make_user(gateway, role="caregiver")
    assert await sharing.redeem_invite(gateway, carer, code=invite.code) == pair.requester.user_id


@JOINS
async def test_a_circle_is_a_survivors(gateway: LocalGateway, conninfo: str, join: Join) -> None:
    """A survivor appointed coordinator after inviting: the code no longer opens a circle."""
    survivor, carer = await make_user(gateway), await make_user(gateway, role="caregiver")
    invite = await sharing.create_invite(gateway, survivor, access=CircleAccess.READER)
    assert admin.make_coordinator(conninfo, survivor.email)
    with pytest.raises(RelaisError):
        if join is by_code:
            await sharing.redeem_invite(gateway, carer, code=invite.code)
        else:
            await join(gateway, survivor, carer)
    assert await sharing.list_shared_with_me(gateway, carer) == []


def test_one_function_inserts_every_membership(conninfo: str) -> None:
    with psycopg.connect(conninfo) as conn:
        functions = conn.execute(
            "select p.proname, p.prosrc from pg_proc p"
            " join pg_namespace n on n.oid = p.pronamespace"
            " where n.nspname in ('public', 'private')"
        ).fetchall()
        direct = conn.execute(
            "select has_table_privilege('authenticated', 'public.care_circle', 'insert')"
        ).fetchone()
    inserts = re.compile(r"insert\s+into\s+public\.care_circle\b", re.IGNORECASE)
    assert {name for name, source in functions if inserts.search(source or "")} == {
        "add_circle_member"
    }
    assert direct == (False,)

"""E-mail invitations into a care circle, probed from every side (issue 13, item 2).

Calls go through LocalGateway, which runs each one as `authenticated` with the
caller's claims, exactly as PostgREST would; raw SQL probes what a client
holding the anon key could send directly.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from uuid import UUID, uuid4

import psycopg
import pytest

from services.care_circle import invitations, sharing
from services.care_circle.sharing import CircleAccess
from services.errors import ErrorCode, RelaisError
from services.local.gateway import LocalGateway
from services.models import AuthSession
from services.peer_support import matches as peer_support
from tests.factories import make_coordinator, make_user
from tests.peer_factories import make_pair


@dataclass
class Cast:
    survivor: AuthSession
    invitee: AuthSession
    stranger: AuthSession
    coordinator: AuthSession
    invitation_id: UUID


@pytest.fixture
async def cast(gateway: LocalGateway, conninfo: str) -> Cast:
    survivor = await make_user(gateway, role="survivor", display_name="Inviting survivor")
    invitee = await make_user(gateway, role="caregiver", display_name="Invited daughter")
    made = await invitations.invite_by_email(
        gateway, survivor, email=invitee.email, access=CircleAccess.EDITOR
    )
    return Cast(
        survivor=survivor,
        invitee=invitee,
        stranger=await make_user(gateway, role="caregiver"),
        coordinator=await make_coordinator(gateway, conninfo),
        invitation_id=made,
    )


def _raw(conninfo: str, role: str, user: UUID | None, query: str, params: Any = ()) -> Any:
    """One statement as PostgREST sends it; returns rows or the SQLSTATE of the refusal."""
    try:
        with psycopg.connect(conninfo) as conn, conn.transaction():
            claims = json.dumps({"sub": str(user), "role": role}) if user else "{}"
            conn.execute(
                "select set_config('role', %s, true), set_config('request.jwt.claims', %s, true)",
                [role, claims],
            )
            return conn.execute(query.encode(), params).fetchall()
    except psycopg.Error as error:
        return error.sqlstate


async def test_nothing_joins_before_the_invitee_says_yes(gateway: LocalGateway, cast: Cast) -> None:
    assert await sharing.list_my_members(gateway, cast.survivor) == []
    [waiting] = await invitations.list_received(gateway, cast.invitee)
    assert (waiting.invitation_id, waiting.survivor_name, waiting.access) == (
        cast.invitation_id,
        "Inviting survivor",
        CircleAccess.EDITOR,
    )
    assert (
        await invitations.accept(gateway, cast.invitee, invitation_id=cast.invitation_id)
        == cast.survivor.user_id
    )
    [member] = await sharing.list_my_members(gateway, cast.survivor)
    assert (member.member_id, member.access) == (cast.invitee.user_id, CircleAccess.EDITOR)
    assert await invitations.list_received(gateway, cast.invitee) == []
    assert await invitations.list_sent(gateway, cast.survivor) == []


@pytest.mark.parametrize("who", ["stranger", "coordinator", "survivor"])
async def test_only_the_invitee_sees_and_answers(
    gateway: LocalGateway, cast: Cast, who: str
) -> None:
    other = getattr(cast, who)
    assert await invitations.list_received(gateway, other) == []
    for answer in (invitations.accept, invitations.refuse):
        with pytest.raises(RelaisError) as refused:
            await answer(gateway, other, invitation_id=cast.invitation_id)
        assert refused.value.code is ErrorCode.NOT_FOUND
    # Not yours and does not exist read the same.
    with pytest.raises(RelaisError) as unknown:
        await invitations.accept(gateway, other, invitation_id=uuid4())
    assert unknown.value.code is ErrorCode.NOT_FOUND
    assert await sharing.list_shared_with_me(gateway, other) == []
    assert [i.invitation_id for i in await invitations.list_received(gateway, cast.invitee)] == [
        cast.invitation_id
    ]


@pytest.mark.parametrize("who", ["invitee", "stranger", "coordinator"])
async def test_nobody_but_the_survivor_reads_or_cancels_the_row(
    gateway: LocalGateway, conninfo: str, cast: Cast, who: str
) -> None:
    other = getattr(cast, who)
    assert await invitations.list_sent(gateway, other) == []
    # Straight to the table, with no filter of their own: RLS shows and deletes nothing.
    seen = "select id, email from public.circle_invitations where id = %s"
    assert _raw(conninfo, "authenticated", other.user_id, seen, [cast.invitation_id]) == []
    gone = "delete from public.circle_invitations where id = %s returning id"
    assert _raw(conninfo, "authenticated", other.user_id, gone, [cast.invitation_id]) == []
    with pytest.raises(RelaisError) as refused:
        await invitations.cancel(gateway, other, invitation_id=cast.invitation_id)
    assert refused.value.code is ErrorCode.NOT_FOUND
    assert [i.id for i in await invitations.list_sent(gateway, cast.survivor)] == [
        cast.invitation_id
    ]


async def test_the_survivor_cancels_and_it_is_gone_for_the_invitee(
    gateway: LocalGateway, cast: Cast
) -> None:
    await invitations.cancel(gateway, cast.survivor, invitation_id=cast.invitation_id)
    assert await invitations.list_sent(gateway, cast.survivor) == []
    assert await invitations.list_received(gateway, cast.invitee) == []
    with pytest.raises(RelaisError):
        await invitations.accept(gateway, cast.invitee, invitation_id=cast.invitation_id)


async def test_a_refusal_is_silent(gateway: LocalGateway, cast: Cast) -> None:
    before = await invitations.list_sent(gateway, cast.survivor)
    await invitations.refuse(gateway, cast.invitee, invitation_id=cast.invitation_id)
    assert await invitations.list_received(gateway, cast.invitee) == []
    assert await sharing.list_my_members(gateway, cast.survivor) == []
    # The survivor's list reads as before, as it would for an address with no account.
    assert await invitations.list_sent(gateway, cast.survivor) == before
    # Asking again does not reach the person who said no.
    await invitations.invite_by_email(
        gateway, cast.survivor, email=cast.invitee.email, access=CircleAccess.READER
    )
    assert await invitations.list_received(gateway, cast.invitee) == []
    with pytest.raises(RelaisError):
        await invitations.accept(gateway, cast.invitee, invitation_id=cast.invitation_id)


@pytest.mark.parametrize("role", ["caregiver", "peer", "coordinator"])
async def test_only_a_survivor_invites(
    gateway: LocalGateway, conninfo: str, cast: Cast, role: str
) -> None:
    """A member, a peer or a coordinator cannot invite into anyone's circle."""
    if role == "caregiver":  # even an editor of the survivor's circle
        await invitations.accept(gateway, cast.invitee, invitation_id=cast.invitation_id)
        someone = cast.invitee
    elif role == "coordinator":
        someone = cast.coordinator
    else:
        someone = await make_user(gateway, role=role)
    with pytest.raises(RelaisError) as refused:
        await invitations.invite_by_email(
            gateway, someone, email=cast.stranger.email, access=CircleAccess.READER
        )
    assert refused.value.code is ErrorCode.FORBIDDEN
    assert await invitations.list_received(gateway, cast.stranger) == []
    # Nor by writing the row for the survivor, straight to the table.
    inserted = _raw(
        conninfo,
        "authenticated",
        someone.user_id,
        "insert into public.circle_invitations (survivor_id, email, invitee_id, access)"
        " values (%s, %s, %s, 'editor')",
        [cast.survivor.user_id, cast.stranger.email, cast.stranger.user_id],
    )
    assert inserted == "42501"


async def test_the_answer_is_the_same_whoever_the_address_is(
    gateway: LocalGateway, conninfo: str, cast: Cast
) -> None:
    """An account, no account, a coordinator: the survivor reads the same things."""
    survivor = await make_user(gateway, role="survivor")
    addresses = {
        "account": cast.invitee.email,
        "no account": f"nobody-{uuid4().hex}@relais.example",
        "coordinator": cast.coordinator.email,
    }
    answers = {
        kind: await gateway.rpc(
            survivor,
            "invite_to_circle_by_email",
            {"member_email": email, "access": "reader"},
        )
        for kind, email in addresses.items()
    }
    for answer in answers.values():
        assert isinstance(answer, str) and UUID(answer)
    with pytest.raises(RelaisError) as everything:  # `*` includes columns kept from them
        await gateway.select(survivor, "circle_invitations", columns=("*",))
    assert everything.value.code is ErrorCode.FORBIDDEN
    rows = await invitations.list_sent(gateway, survivor)
    assert sorted(row.email for row in rows) == sorted(e.lower() for e in addresses.values())
    assert {row.model_dump().keys() == rows[0].model_dump().keys() for row in rows} == {True}
    shown = json.dumps([row.model_dump(mode="json") for row in rows])
    assert "Invited daughter" not in shown and "Coordination" not in shown
    # The columns that would tell are not readable, not even as a filter.
    for probe in (
        "select invitee_id from public.circle_invitations",
        "select hidden from public.circle_invitations",
        "select refused_at from public.circle_invitations",
        "select id from public.circle_invitations where invitee_id is not null",
    ):
        assert _raw(conninfo, "authenticated", survivor.user_id, probe) == "42501", probe


async def test_the_old_instant_add_is_gone(conninfo: str, cast: Cast) -> None:
    refused = _raw(
        conninfo,
        "authenticated",
        cast.survivor.user_id,
        "select public.add_to_circle_by_email(%s, 'editor')",
        [cast.stranger.email],
    )
    assert refused == "42883"  # undefined function


@pytest.mark.parametrize(
    "statement",
    [
        "select * from public.circle_invitations",
        "select public.invite_to_circle_by_email('a@b.example', 'reader')",
        "select * from public.list_my_circle_invitations()",
        f"select public.answer_circle_invitation('{uuid4()}', true)",
        f"select public.cancel_circle_invitation('{uuid4()}')",
    ],
)
def test_anonymous_visitors_reach_nothing(conninfo: str, statement: str) -> None:
    assert _raw(conninfo, "anon", None, statement) == "42501"


@pytest.mark.parametrize("who_blocked", ["survivor", "invitee"])
async def test_an_invitation_never_crosses_a_block(
    gateway: LocalGateway, conninfo: str, who_blocked: str
) -> None:
    coordinator = await make_coordinator(gateway, conninfo)
    pair = await make_pair(gateway, coordinator)  # the requester is a survivor
    blocker = pair.requester if who_blocked == "survivor" else pair.peer
    await peer_support.block_partner(gateway, blocker, match_id=pair.match.id)
    made = await invitations.invite_by_email(
        gateway, pair.requester, email=pair.peer.email, access=CircleAccess.EDITOR
    )
    # Same answer as any other address, and the same line in the survivor's list.
    assert [i.id for i in await invitations.list_sent(gateway, pair.requester)] == [made]
    assert await invitations.list_received(gateway, pair.peer) == []
    with pytest.raises(RelaisError) as refused:
        await invitations.accept(gateway, pair.peer, invitation_id=made)
    assert refused.value.code is ErrorCode.NOT_FOUND
    assert await sharing.list_circle(gateway, pair.requester) == []
    assert await sharing.list_circle(gateway, pair.peer) == []


async def test_a_block_after_the_invitation_hides_it(gateway: LocalGateway, conninfo: str) -> None:
    coordinator = await make_coordinator(gateway, conninfo)
    pair = await make_pair(gateway, coordinator)
    made = await invitations.invite_by_email(
        gateway, pair.requester, email=pair.peer.email, access=CircleAccess.READER
    )
    assert [i.invitation_id for i in await invitations.list_received(gateway, pair.peer)] == [made]
    await peer_support.block_partner(gateway, pair.peer, match_id=pair.match.id)
    assert await invitations.list_received(gateway, pair.peer) == []
    with pytest.raises(RelaisError):
        await invitations.accept(gateway, pair.peer, invitation_id=made)
    assert await sharing.list_circle(gateway, pair.requester) == []

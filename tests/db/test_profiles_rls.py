"""Row-level security on profiles: every rule tested from the allowed and the refused side.

The matrix is table-driven: (actor, operation, target) → allowed or refused.
Actors are real accounts created through the services.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import psycopg
import pytest

from services.errors import ErrorCode, RelaisError
from services.local.gateway import LocalGateway
from services.models import AuthSession
from tests.factories import make_approved_peer, make_coordinator, make_user
from tests.peer_factories import TRAINED_ON, make_applicant


@dataclass
class Cast:
    owner: AuthSession
    stranger: AuthSession
    peer: AuthSession
    coordinator: AuthSession


@pytest.fixture
async def cast(gateway: LocalGateway, conninfo: str) -> Cast:
    return Cast(
        owner=await make_user(gateway, role="survivor", display_name="Owner"),
        stranger=await make_user(gateway, role="caregiver", display_name="Stranger"),
        peer=await make_applicant(gateway),
        coordinator=await make_coordinator(gateway, conninfo),
    )


Operation = Callable[[LocalGateway, AuthSession, AuthSession], Awaitable[Any]]


async def read_profile(gw: LocalGateway, actor: AuthSession, target: AuthSession) -> Any:
    return await gw.select(actor, "profiles", eq={"id": str(target.user_id)})


async def rename(gw: LocalGateway, actor: AuthSession, target: AuthSession) -> Any:
    return await gw.update(
        actor, "profiles", {"display_name": "Renamed"}, eq={"id": str(target.user_id)}
    )


async def promote(gw: LocalGateway, actor: AuthSession, target: AuthSession) -> Any:
    return await gw.update(
        actor, "profiles", {"role": "coordinator"}, eq={"id": str(target.user_id)}
    )


async def self_approve(gw: LocalGateway, actor: AuthSession, target: AuthSession) -> Any:
    return await gw.update(
        actor, "profiles", {"peer_status": "approved"}, eq={"id": str(target.user_id)}
    )


async def approve_via_function(gw: LocalGateway, actor: AuthSession, target: AuthSession) -> Any:
    return await gw.rpc(
        actor,
        "approve_peer",
        {"peer_id": str(target.user_id), "training_completed_on": TRAINED_ON.isoformat()},
    )


async def delete_profile(gw: LocalGateway, actor: AuthSession, target: AuthSession) -> Any:
    return await gw.delete(actor, "profiles", eq={"id": str(target.user_id)})


async def insert_profile(gw: LocalGateway, actor: AuthSession, target: AuthSession) -> Any:
    return await gw.insert(
        actor,
        "profiles",
        [{"id": str(target.user_id), "display_name": "Twin", "role": "survivor"}],
    )


ALLOWED = "allowed"
NO_ROWS = "no rows"  # RLS filters the row out: the call succeeds and touches nothing
DENIED = "denied"  # the database refuses with 42501

# (actor, operation, target, expected)
MATRIX = [
    ("owner", read_profile, "owner", ALLOWED),
    ("stranger", read_profile, "owner", NO_ROWS),
    ("peer", read_profile, "owner", NO_ROWS),
    ("coordinator", read_profile, "owner", ALLOWED),
    ("owner", rename, "owner", ALLOWED),
    ("stranger", rename, "owner", NO_ROWS),
    ("coordinator", rename, "owner", NO_ROWS),
    ("owner", promote, "owner", DENIED),
    ("coordinator", promote, "owner", DENIED),
    ("peer", self_approve, "peer", DENIED),
    ("coordinator", self_approve, "peer", DENIED),
    ("peer", approve_via_function, "peer", DENIED),
    ("owner", approve_via_function, "peer", DENIED),
    ("coordinator", approve_via_function, "peer", ALLOWED),
    ("owner", delete_profile, "owner", DENIED),
    ("coordinator", delete_profile, "owner", DENIED),
    ("owner", insert_profile, "stranger", DENIED),
]


@pytest.mark.parametrize(
    ("actor", "operation", "target", "expected"),
    MATRIX,
    ids=[f"{a}-{op.__name__}-{t}-{e}" for a, op, t, e in MATRIX],
)
async def test_profiles_matrix(
    gateway: LocalGateway, cast: Cast, actor: str, operation: Operation, target: str, expected: str
) -> None:
    actor_session, target_session = getattr(cast, actor), getattr(cast, target)
    before = await gateway.select(
        cast.coordinator, "profiles", eq={"id": str(target_session.user_id)}
    )
    if expected == DENIED:
        with pytest.raises(RelaisError) as refused:
            await operation(gateway, actor_session, target_session)
        assert refused.value.code is ErrorCode.FORBIDDEN
    else:
        result = await operation(gateway, actor_session, target_session)
        rows = result if isinstance(result, list) else [result]
        assert len(rows) == (1 if expected == ALLOWED else 0)
    after = await gateway.select(
        cast.coordinator, "profiles", eq={"id": str(target_session.user_id)}
    )
    if expected != ALLOWED or operation is read_profile:
        # A refusal changes nothing: the target's row is exactly as before.
        assert after == before


async def test_coordinator_lists_everyone_others_list_only_themselves(
    gateway: LocalGateway, cast: Cast
) -> None:
    everyone = {row["id"] for row in await gateway.select(cast.coordinator, "profiles")}
    assert {str(s.user_id) for s in (cast.owner, cast.stranger, cast.peer)} <= everyone
    own_only = await gateway.select(cast.owner, "profiles")
    assert [row["id"] for row in own_only] == [str(cast.owner.user_id)]


async def test_coordinator_can_suspend_an_approved_peer(
    gateway: LocalGateway, conninfo: str, cast: Cast
) -> None:
    peer = await make_approved_peer(gateway, conninfo)
    await gateway.rpc(
        cast.coordinator, "suspend_peer", {"peer_id": str(peer.user_id), "reason": "Paused"}
    )
    [row] = await gateway.select(cast.coordinator, "profiles", eq={"id": str(peer.user_id)})
    assert row["peer_status"] == "suspended"


async def test_approving_a_non_peer_is_not_found(gateway: LocalGateway, cast: Cast) -> None:
    with pytest.raises(RelaisError) as refused:
        await approve_via_function(gateway, cast.coordinator, cast.owner)
    assert refused.value.code is ErrorCode.NOT_FOUND


def test_anonymous_role_sees_no_profile(conninfo: str) -> None:
    with psycopg.connect(conninfo) as conn:
        conn.execute("set local role anon")
        # No grant at all (issue 13, item 8), not merely no rows.
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("select count(*) from public.profiles")
    with psycopg.connect(conninfo) as conn:
        conn.execute("set local role anon")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("update public.profiles set display_name = 'x'")

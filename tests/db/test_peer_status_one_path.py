"""A peer supporter's status keeps its rules whichever path changes it.

The paths that remain: approve_peer and suspend_peer (the coordinator's two
screens), and an administrator's SQL (`create-coordinator`, or a hand-written
UPDATE). Each is called here; whichever it is, a peer who stops being approved
has every live match ended, and an approval needs a recorded training date.
No API path other than those two functions can change the status at all.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from collections.abc import Awaitable, Callable, Mapping
from typing import Any
from uuid import UUID

import psycopg
import pytest

from services.errors import ErrorCode, RelaisError
from services.local import admin
from services.local.gateway import LocalGateway
from services.models import AuthSession
from services.peer_support import matches as peer_support
from services.realtime_hub import person_topic
from tests.factories import make_coordinator, make_user
from tests.peer_factories import TRAINED_ON, make_applicant, make_pair, make_requester

Path = Callable[[LocalGateway, str, AuthSession, AuthSession], Awaitable[None]]


def superuser(conninfo: str, sql: str, *params: object) -> None:
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(sql.encode(), list(params))


async def by_suspend_peer(
    gateway: LocalGateway, _conninfo: str, coordinator: AuthSession, peer: AuthSession
) -> None:
    await peer_support.suspend_peer(gateway, coordinator, peer_id=peer.user_id, reason="Paused")


async def by_administrator_sql(
    _gateway: LocalGateway, conninfo: str, _coordinator: AuthSession, peer: AuthSession
) -> None:
    # What an administrator would type: a reason first (the table insists), then the status.
    superuser(
        conninfo,
        "update public.peer_applications set suspension_reason = 'Paused' where peer_id = %s",
        peer.user_id,
    )
    superuser(
        conninfo, "update public.profiles set peer_status = 'suspended' where id = %s", peer.user_id
    )


async def by_appointing_coordinator(
    _gateway: LocalGateway, conninfo: str, _coordinator: AuthSession, peer: AuthSession
) -> None:
    assert admin.make_coordinator(conninfo, peer.email)


def live_matches_of(conninfo: str, peer_id: UUID) -> list[tuple[str, str | None]]:
    with psycopg.connect(conninfo) as conn:
        rows = conn.execute(
            "select status::text, end_reason from public.matches where peer_id = %s"
            " order by created_at",
            [peer_id],
        ).fetchall()
    return [(str(status), reason) for status, reason in rows]


def open_conversations_of(conninfo: str, peer_id: UUID) -> int:
    with psycopg.connect(conninfo) as conn:
        row = conn.execute(
            "select count(*) from public.conversations where peer_id = %s and closed_at is null",
            [peer_id],
        ).fetchone()
    assert row is not None
    return int(row[0])


@pytest.mark.parametrize(
    "path",
    [by_suspend_peer, by_administrator_sql, by_appointing_coordinator],
    ids=lambda path: path.__name__,
)
async def test_every_path_that_ends_an_approval_ends_the_live_matches(
    gateway: LocalGateway, conninfo: str, path: Path
) -> None:
    coordinator = await make_coordinator(gateway, conninfo)
    pair = await make_pair(gateway, coordinator)  # an active match, its conversation open
    waiting, request_id = await make_requester(gateway)
    await peer_support.propose_match(
        gateway, coordinator, request_id=request_id, peer_id=pair.peer.user_id
    )
    heard: list[Mapping[str, Any]] = []

    async def hear(_topic: str, payload: Mapping[str, Any]) -> None:
        heard.append(payload)

    subscriptions = [
        await gateway.subscribe(person_topic(person.user_id), hear)
        for person in (pair.requester, waiting)
    ]
    try:
        await path(gateway, conninfo, coordinator, pair.peer)
        assert live_matches_of(conninfo, pair.peer.user_id) == [
            ("ended", "peer_suspended"),
            ("declined", "peer_suspended"),
        ]
        assert open_conversations_of(conninfo, pair.peer.user_id) == 0
        # Both people supported are told (their open apps re-read their matches) ...
        await _eventually(lambda: sum(e.get("type") == "match" for e in heard) >= 2, heard)
    finally:
        for subscription in subscriptions:
            await subscription.unsubscribe()
    # ... and may ask again: the active one's request is closed, the proposal's is open again.
    asked_again = await peer_support.request_peer(gateway, pair.requester, topics=["driving"])
    assert asked_again.id is not None
    [proposal_request] = await peer_support.list_my_requests(gateway, waiting)
    assert proposal_request.status.value == "open"


async def test_suspend_peer_records_who_and_why(gateway: LocalGateway, conninfo: str) -> None:
    coordinator = await make_coordinator(gateway, conninfo)
    pair = await make_pair(gateway, coordinator)
    saved = await peer_support.suspend_peer(
        gateway, coordinator, peer_id=pair.peer.user_id, reason="  Paused  "
    )
    assert saved.suspension_reason == "Paused"
    assert saved.reviewed_at is not None


async def test_an_administrators_suspension_without_a_reason_is_refused(
    gateway: LocalGateway, conninfo: str
) -> None:
    coordinator = await make_coordinator(gateway, conninfo)
    pair = await make_pair(gateway, coordinator)
    with pytest.raises(psycopg.errors.InvalidParameterValue):
        superuser(
            conninfo,
            "update public.profiles set peer_status = 'suspended' where id = %s",
            pair.peer.user_id,
        )
    assert live_matches_of(conninfo, pair.peer.user_id) == [("active", None)]


async def test_approve_peer_records_the_training_date_and_refuses_without_one(
    gateway: LocalGateway, conninfo: str
) -> None:
    coordinator = await make_coordinator(gateway, conninfo)
    applicant = await make_applicant(gateway)
    with pytest.raises(RelaisError) as refused:
        await gateway.rpc(
            coordinator,
            "approve_peer",
            {"peer_id": str(applicant.user_id), "training_completed_on": None},
        )
    assert refused.value.code is ErrorCode.INVALID_INPUT
    assert _status_of(conninfo, applicant.user_id) == "applicant"
    saved = await peer_support.approve_peer(
        gateway, coordinator, peer_id=applicant.user_id, training_completed_on=TRAINED_ON
    )
    assert saved.training_completed_on == TRAINED_ON
    assert _status_of(conninfo, applicant.user_id) == "approved"


async def test_an_administrators_approval_without_a_training_date_is_refused(
    gateway: LocalGateway, conninfo: str
) -> None:
    applicant = await make_applicant(gateway)
    never_applied = await make_user(gateway, role="peer")
    for peer in (applicant, never_applied):
        with pytest.raises(psycopg.errors.InvalidParameterValue):
            superuser(
                conninfo,
                "update public.profiles set peer_status = 'approved' where id = %s",
                peer.user_id,
            )
        assert _status_of(conninfo, peer.user_id) == "applicant"
    # With the date recorded, the same statement is an approval like any other.
    superuser(
        conninfo,
        "update public.peer_applications set training_completed_on = %s where peer_id = %s",
        dt.date(2026, 2, 1),
        applicant.user_id,
    )
    superuser(
        conninfo,
        "update public.profiles set peer_status = 'approved' where id = %s",
        applicant.user_id,
    )
    assert _status_of(conninfo, applicant.user_id) == "approved"


async def test_the_low_level_status_function_is_gone(gateway: LocalGateway, conninfo: str) -> None:
    coordinator = await make_coordinator(gateway, conninfo)
    applicant = await make_applicant(gateway)
    with pytest.raises(RelaisError) as refused:
        await gateway.rpc(
            coordinator,
            "set_peer_status",
            {"peer_id": str(applicant.user_id), "new_status": "approved"},
        )
    assert refused.value.code is ErrorCode.NOT_FOUND
    assert _status_of(conninfo, applicant.user_id) == "applicant"


@pytest.mark.parametrize("actor", ["coordinator", "peer"])
@pytest.mark.parametrize("column", ["peer_status", "role"])
async def test_no_direct_update_changes_status_or_role(
    gateway: LocalGateway, conninfo: str, actor: str, column: str
) -> None:
    """What PostgREST would send as PATCH /profiles, for the peer themselves or a coordinator."""
    coordinator = await make_coordinator(gateway, conninfo)
    peer = await make_applicant(gateway)
    caller = coordinator if actor == "coordinator" else peer
    value = "approved" if column == "peer_status" else "coordinator"
    with pytest.raises(RelaisError) as refused:
        await gateway.update(caller, "profiles", {column: value}, eq={"id": str(peer.user_id)})
    assert refused.value.code is ErrorCode.FORBIDDEN
    assert _status_of(conninfo, peer.user_id) == "applicant"


def test_only_approve_and_suspend_can_write_a_profile_status(conninfo: str) -> None:
    """The API's roles have no privilege on the columns; of the functions they may call,
    only approve_peer and suspend_peer write profiles."""
    with psycopg.connect(conninfo) as conn:
        for role in ("anon", "authenticated"):
            for column in ("peer_status", "role"):
                for privilege in ("UPDATE", "INSERT"):
                    row = conn.execute(
                        "select has_column_privilege(%s, 'public.profiles', %s, %s)",
                        [role, column, privilege],
                    ).fetchone()
                    assert row == (False,), (role, column, privilege)
        functions = conn.execute(
            "select p.proname, p.prosrc, has_function_privilege('authenticated', p.oid, 'execute')"
            " from pg_proc p join pg_namespace n on n.oid = p.pronamespace"
            " where n.nspname in ('public', 'private')"
        ).fetchall()
    update_of_profiles = re.compile(r"update\s+public\.profiles\b", re.IGNORECASE)
    writers = {name for name, source, _ in functions if update_of_profiles.search(source or "")}
    # Any writer, callable or not, so no callable function reaches another one indirectly.
    assert writers == {"approve_peer", "suspend_peer"}
    callable_writers = {name for name, source, allowed in functions if allowed and name in writers}
    assert callable_writers == {"approve_peer", "suspend_peer"}


def _status_of(conninfo: str, person: UUID) -> str | None:
    with psycopg.connect(conninfo) as conn:
        row = conn.execute("select peer_status::text from public.profiles where id = %s", [person])
        found = row.fetchone()
    assert found is not None
    return None if found[0] is None else str(found[0])


async def _eventually(check: Callable[[], bool], heard: object, seconds: float = 5.0) -> None:
    deadline = asyncio.get_running_loop().time() + seconds
    while not check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"not heard in time; heard: {heard}")
        await asyncio.sleep(0.02)

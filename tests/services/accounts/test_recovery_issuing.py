"""Who may issue a recovery code, what it looks like, and the audit coordinators read."""

from __future__ import annotations

import datetime as dt
import re

import psycopg
import pytest

from services.accounts import recovery
from services.errors import ErrorCode, RelaisError
from services.local.gateway import LocalGateway
from tests.factories import make_approved_peer, make_coordinator, make_user

UNAMBIGUOUS = re.compile(r"^[ABCDEFGHJKMNPQRSTWXYZ2-9]{8}$")


async def test_a_coordinator_issues_a_code_shown_once_and_stored_hashed(
    gateway: LocalGateway, conninfo: str
) -> None:
    person = await make_user(gateway)
    coordinator = await make_coordinator(gateway, conninfo)

    issued = await recovery.issue_recovery_code(gateway, coordinator, person_id=person.user_id)

    assert UNAMBIGUOUS.match(issued.code)
    assert issued.readable == f"{issued.code[:4]}-{issued.code[4:]}"
    lifetime = issued.expires_at - dt.datetime.now(dt.UTC)
    assert dt.timedelta(hours=71) < lifetime <= dt.timedelta(hours=72)
    with psycopg.connect(conninfo) as conn:
        stored = conn.execute(
            "select to_jsonb(c)::text from public.recovery_codes c where person_id = %s",
            [person.user_id],
        ).fetchall()
    assert len(stored) == 1 and issued.code not in stored[0][0]


async def test_codes_differ(gateway: LocalGateway, conninfo: str) -> None:
    person = await make_user(gateway)
    coordinator = await make_coordinator(gateway, conninfo)
    codes = {
        (await recovery.issue_recovery_code(gateway, coordinator, person_id=person.user_id)).code
        for _ in range(5)
    }
    assert len(codes) == 5


@pytest.mark.parametrize("role", ["survivor", "caregiver", "peer", "approved peer"])
async def test_only_a_coordinator_may_issue_a_code(
    gateway: LocalGateway, conninfo: str, role: str
) -> None:
    person = await make_user(gateway)
    caller = (
        await make_approved_peer(gateway, conninfo)
        if role == "approved peer"
        else await make_user(gateway, role=role)
    )

    with pytest.raises(RelaisError) as refused:
        await recovery.issue_recovery_code(gateway, caller, person_id=person.user_id)

    assert refused.value.code is ErrorCode.FORBIDDEN
    with psycopg.connect(conninfo) as conn:
        count = conn.execute(
            "select count(*) from public.recovery_codes where person_id = %s", [person.user_id]
        ).fetchone()
    assert count == (0,)


async def test_a_coordinator_cannot_issue_a_code_for_themselves(
    gateway: LocalGateway, conninfo: str
) -> None:
    coordinator = await make_coordinator(gateway, conninfo)
    with pytest.raises(RelaisError) as refused:
        await recovery.issue_recovery_code(gateway, coordinator, person_id=coordinator.user_id)
    assert refused.value.code is ErrorCode.FORBIDDEN


async def test_a_code_for_nobody_is_refused(gateway: LocalGateway, conninfo: str) -> None:
    coordinator = await make_coordinator(gateway, conninfo)
    stranger = await make_user(gateway)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        missing = conn.execute("select gen_random_uuid()").fetchone()
    assert missing is not None and missing[0] != stranger.user_id
    with pytest.raises(RelaisError) as refused:
        await recovery.issue_recovery_code(gateway, coordinator, person_id=missing[0])
    assert refused.value.code is ErrorCode.NOT_FOUND


async def test_coordinators_read_the_audit_and_others_do_not(
    gateway: LocalGateway, conninfo: str
) -> None:
    person = await make_user(gateway)
    coordinator = await make_coordinator(gateway, conninfo)
    await recovery.issue_recovery_code(gateway, coordinator, person_id=person.user_id)
    other_coordinator = await make_coordinator(gateway, conninfo)

    audit = await recovery.list_recovery_audit(gateway, other_coordinator)

    mine = [row for row in audit if row.person_id == person.user_id]
    assert len(mine) == 1
    assert mine[0].issued_by == coordinator.user_id
    assert mine[0].status(dt.datetime.now(dt.UTC)) == "waiting"
    assert await recovery.list_recovery_audit(gateway, person) == []


async def test_nobody_reads_the_hash_or_writes_codes_through_the_api(
    gateway: LocalGateway, conninfo: str
) -> None:
    coordinator = await make_coordinator(gateway, conninfo)
    person = await make_user(gateway)
    with pytest.raises(RelaisError) as read:
        await gateway.select(coordinator, "recovery_codes", columns=("code_hash",))
    assert read.value.code is ErrorCode.FORBIDDEN
    with pytest.raises(RelaisError) as written:
        await gateway.insert(
            coordinator,
            "recovery_codes",
            [
                {
                    "person_id": str(person.user_id),
                    "code_salt": "x",
                    "code_hash": "x",
                    "expires_at": "2099-01-01T00:00:00Z",
                }
            ],
        )
    assert written.value.code is ErrorCode.FORBIDDEN
    with pytest.raises(RelaisError) as redeemed:
        await gateway.rpc(person, "redeem_recovery_code", {"p_email": person.email, "p_code": "x"})
    assert redeemed.value.code is ErrorCode.NOT_FOUND

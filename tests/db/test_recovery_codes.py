"""The recovery codes' and sessions' closed doors, as the database sees them.

Each statement runs as a signed-in person (role `authenticated`, their claims)
or as `anon`; the rows are counted as the database owner afterwards, so a
refusal is checked to have changed nothing.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import psycopg
import pytest
from psycopg import errors as pg

from services.accounts import recovery
from services.local.data_api import become_user
from services.local.gateway import LocalGateway
from services.models import AuthSession
from tests.factories import make_coordinator, make_user


@dataclass
class Cast:
    person: AuthSession
    coordinator: AuthSession
    stranger: AuthSession


@pytest.fixture
async def cast(gateway: LocalGateway, conninfo: str) -> Cast:
    person = await make_user(gateway)
    coordinator = await make_coordinator(gateway, conninfo)
    await recovery.issue_recovery_code(gateway, coordinator, person_id=person.user_id)
    return Cast(person=person, coordinator=coordinator, stranger=await make_user(gateway))


@pytest.fixture
async def conn(conninfo: str) -> AsyncIterator[psycopg.AsyncConnection]:
    async with await psycopg.AsyncConnection.connect(conninfo) as connection:
        yield connection


def _codes_of(conninfo: str, person: AuthSession) -> list[tuple[object, ...]]:
    with psycopg.connect(conninfo) as owner:
        return owner.execute(
            "select code_hash, failed_attempts, used_at, voided_at from public.recovery_codes"
            " where person_id = %s",
            [person.user_id],
        ).fetchall()


async def test_a_coordinator_reads_the_audit_but_not_the_hash(
    cast: Cast, conn: psycopg.AsyncConnection
) -> None:
    await become_user(conn, cast.coordinator)
    rows = await (
        await conn.execute(
            "select issued_by from public.recovery_codes where person_id = %s",
            [cast.person.user_id],
        )
    ).fetchall()
    assert rows == [(cast.coordinator.user_id,)]
    with pytest.raises(pg.InsufficientPrivilege):
        await conn.execute("select code_hash from public.recovery_codes")


@pytest.mark.parametrize("who", ["person", "stranger"])
async def test_others_read_no_code_not_even_their_own(
    cast: Cast, conn: psycopg.AsyncConnection, who: str
) -> None:
    await become_user(conn, getattr(cast, who))
    count = await (await conn.execute("select count(*) from public.recovery_codes")).fetchone()
    assert count == (0,)


@pytest.mark.parametrize(
    "statement",
    [
        "update public.recovery_codes set used_at = null, failed_attempts = 0",
        "update public.recovery_codes set expires_at = now() + interval '1 year'",
        "delete from public.recovery_codes",
        "insert into public.recovery_codes (person_id, code_salt, code_hash, expires_at)"
        " values (auth.uid(), 's', 'h', now() + interval '1 day')",
        "select * from private.redeem_recovery_code('a@b.fr', 'ABCDEFGH')",
        "select private.new_recovery_code()",
        "select * from auth.sessions",
        "delete from auth.sessions",
        "update auth.sessions set user_agent = 'x'",
    ],
)
async def test_even_a_coordinator_changes_codes_and_sessions_only_through_the_functions(
    cast: Cast, conn: psycopg.AsyncConnection, conninfo: str, statement: str
) -> None:
    before = _codes_of(conninfo, cast.person)
    await become_user(conn, cast.coordinator)
    with pytest.raises(pg.InsufficientPrivilege):
        await conn.execute(statement)
    assert _codes_of(conninfo, cast.person) == before


@pytest.mark.parametrize(
    "statement",
    [
        "select * from public.recovery_codes",
        "select * from public.issue_recovery_code(gen_random_uuid())",
        "select * from public.list_my_sessions()",
        "select public.end_my_sessions(null)",
        "select public.describe_my_session('x')",
    ],
)
async def test_anonymous_visitors_reach_nothing(
    cast: Cast, conn: psycopg.AsyncConnection, conninfo: str, statement: str
) -> None:
    before = _codes_of(conninfo, cast.person)
    await conn.execute("set role anon")
    with pytest.raises(pg.InsufficientPrivilege):
        await conn.execute(statement)
    assert _codes_of(conninfo, cast.person) == before


async def test_ending_sessions_touches_only_the_callers_own(
    cast: Cast, conn: psycopg.AsyncConnection, conninfo: str
) -> None:
    await become_user(conn, cast.stranger)
    with psycopg.connect(conninfo) as owner:
        theirs = owner.execute(
            "select id from auth.sessions where user_id = %s", [cast.person.user_id]
        ).fetchall()
    ended = await (
        await conn.execute("select public.end_my_sessions(%s)", [theirs[0][0]])
    ).fetchone()
    assert ended == (0,)
    with psycopg.connect(conninfo) as owner:
        still = owner.execute(
            "select count(*) from auth.sessions where user_id = %s", [cast.person.user_id]
        ).fetchone()
    assert still == (len(theirs),)

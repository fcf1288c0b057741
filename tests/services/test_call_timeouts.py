"""Every user call runs under a statement and a lock timeout (issue 13 §10, local mode).

`set_config('role', …)` skips the role's own `statement_timeout`, so
LocalGateway sets both timeouts in the statement that becomes the user. A
call past either is stopped with a clear refusal, and the pooled connection
serves the next call as if nothing happened.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator

import psycopg
import pytest
from psycopg import sql

from services.errors import ErrorCode, RelaisError
from services.local.data_api import LONG_CALLS, timeouts_for
from services.local.gateway import LocalGateway
from services.local.limits import CallTimeouts
from tests.factories import make_user

SHORT = CallTimeouts(statement_ms=300, lock_ms=200)


@pytest.fixture(scope="module")
def probe(conninfo: str) -> Iterator[str]:
    """A test-only function users may call: it sleeps, then tells its timeouts."""
    name = f"test_timeouts_{uuid.uuid4().hex[:8]}"
    function = sql.Identifier("public", name)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(
            sql.SQL(
                "create function {}(seconds double precision) returns text"
                " language plpgsql set search_path = '' as $$ begin"
                " perform pg_catalog.pg_sleep(seconds);"
                " return pg_catalog.current_setting('statement_timeout') || ' '"
                " || pg_catalog.current_setting('lock_timeout'); end $$"
            ).format(function)
        )
        conn.execute(
            sql.SQL("grant execute on function {}(double precision) to authenticated").format(
                function
            )
        )
        try:
            yield name
        finally:
            conn.execute(sql.SQL("drop function {}(double precision)").format(function))


@pytest.fixture(scope="module")
async def short(conninfo: str) -> AsyncIterator[LocalGateway]:
    # One connection: the call after a timeout must reuse the very one that timed out.
    gateway = await LocalGateway.open(conninfo, pool_size=1, timeouts=SHORT)
    try:
        yield gateway
    finally:
        await gateway.close()


async def test_a_user_call_gets_the_default_timeouts(gateway: LocalGateway, probe: str) -> None:
    session = await make_user(gateway)
    told = await gateway.rpc(session, probe, {"seconds": 0})
    assert told == "5s 2s"


async def test_a_slow_call_is_stopped_and_the_connection_serves_the_next(
    short: LocalGateway, probe: str
) -> None:
    session = await make_user(short)
    with pytest.raises(RelaisError) as stopped:
        await short.rpc(session, probe, {"seconds": 3})
    assert stopped.value.code is ErrorCode.TIMED_OUT

    assert await short.rpc(session, probe, {"seconds": 0}) == "300ms 200ms"
    # The timeouts were the user's transaction's only: the pool's connection is plain again.
    async with short.pool.connection() as conn:
        cursor = await conn.execute("select current_setting('statement_timeout'), current_user")
        row = await cursor.fetchone()
    assert row is not None and row[0] == "0" and row[1] != "authenticated"


async def test_a_call_waiting_on_a_lock_is_stopped(short: LocalGateway, conninfo: str) -> None:
    session = await make_user(short)
    mine = {"id": str(session.user_id)}
    with psycopg.connect(conninfo) as holder:
        # Another connection holds the person's profile row (a long migration, a stuck job).
        holder.execute("select 1 from public.profiles where id = %s for update", [session.user_id])
        with pytest.raises(RelaisError) as stopped:
            await short.update(session, "profiles", {"bio": "Hello"}, eq=mine)
        assert stopped.value.code is ErrorCode.TIMED_OUT
        holder.rollback()

    (updated,) = await short.update(session, "profiles", {"bio": "Hello"}, eq=mine)
    assert updated["bio"] == "Hello"


def test_only_the_archive_and_the_deletion_may_run_longer() -> None:
    assert set(LONG_CALLS) == {"export_my_data", "delete_my_account"}
    default = CallTimeouts()
    assert timeouts_for("export_my_data", default).statement_ms == 60_000
    assert timeouts_for("send_message", default) == default
    assert timeouts_for("delete_my_account", default).lock_ms == default.lock_ms

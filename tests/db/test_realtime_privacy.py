"""Issue 13 item 5: events reach the server's own LISTEN connection and nothing else.

Nothing is handed to Supabase Realtime (no broadcast, no published table),
where anyone holding the anon key could join a topic or forge events on it.
The listener's role can LISTEN and do nothing else: read no table, call no
function of the API.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import psycopg
import pytest
from psycopg import errors as pg
from psycopg import sql

from services.local.data_api import become_user
from services.local.gateway import LocalGateway
from services.supabase_gateway import LISTEN_ROLE
from tests.factories import make_user
from tests.listener_role import logged_in_as_listener

# Schemas that hold our data and the local auth shim.
OUR_SCHEMAS = ("public", "private", "auth")


@pytest.fixture(scope="module")
def listener_conninfo(conninfo: str) -> Iterator[str]:
    with logged_in_as_listener(conninfo) as logged_in:
        yield logged_in


async def test_no_function_hands_an_event_to_realtime(conninfo: str) -> None:
    async with await psycopg.AsyncConnection.connect(conninfo) as conn:
        cursor = await conn.execute(
            """select p.oid::regprocedure::text from pg_catalog.pg_proc p
                join pg_catalog.pg_namespace n on n.oid = p.pronamespace
               where n.nspname = any(%s) and p.prosrc ~* 'realtime\\s*\\.\\s*(send|broadcast)'""",
            [list(OUR_SCHEMAS)],
        )
        assert await cursor.fetchall() == []


async def test_no_table_is_published_to_realtime(conninfo: str) -> None:
    async with await psycopg.AsyncConnection.connect(conninfo) as conn:
        cursor = await conn.execute(
            """select schemaname || '.' || tablename from pg_catalog.pg_publication_tables
                where pubname = 'supabase_realtime'"""
        )
        assert await cursor.fetchall() == []


async def test_the_event_helpers_still_notify_for_their_owner(conninfo: str) -> None:
    async with await psycopg.AsyncConnection.connect(conninfo, autocommit=True) as conn:
        await conn.execute("listen relais_probe_topic")
        for helper in ("private.publish", "private.publish_peer_event"):
            await conn.execute(
                sql.SQL("select {}('relais_probe_topic', '{{\"id\": 1}}')").format(sql.SQL(helper))
            )
            notify = await anext(conn.notifies(timeout=5, stop_after=1))
            assert (notify.channel, notify.payload) == ("relais_probe_topic", '{"id": 1}')


@pytest.mark.parametrize("helper", ["private.publish", "private.publish_peer_event"])
async def test_no_signed_in_person_or_visitor_can_publish_on_a_topic(
    gateway: LocalGateway, conninfo: str, helper: str
) -> None:
    person = await make_user(gateway, role="survivor")
    statement = sql.SQL("select {}('coordination', '{{}}')").format(sql.SQL(helper))
    async with await psycopg.AsyncConnection.connect(conninfo) as conn:
        await become_user(conn, person)
        with pytest.raises(pg.InsufficientPrivilege):
            await conn.execute(statement)
    async with await psycopg.AsyncConnection.connect(conninfo) as conn:
        await conn.execute("set local role anon")
        with pytest.raises(pg.InsufficientPrivilege):
            await conn.execute(statement)


async def test_the_listener_role_logs_in_listens_and_hears(
    listener_conninfo: str, conninfo: str
) -> None:
    async with await psycopg.AsyncConnection.connect(listener_conninfo, autocommit=True) as conn:
        cursor = await conn.execute("select session_user::text, current_user::text")
        assert await cursor.fetchone() == (LISTEN_ROLE, LISTEN_ROLE)
        await conn.execute("listen coordination")
        async with await psycopg.AsyncConnection.connect(conninfo, autocommit=True) as owner:
            await owner.execute("select pg_notify('coordination', '{\"type\": \"probe\"}')")
        notify = await asyncio.wait_for(anext(conn.notifies(timeout=5, stop_after=1)), 6)
        assert notify.payload == '{"type": "probe"}'


async def test_the_listener_role_reads_no_table(listener_conninfo: str, conninfo: str) -> None:
    async with await psycopg.AsyncConnection.connect(conninfo) as owner:
        cursor = await owner.execute(
            """select format('%%I.%%I', n.nspname, c.relname) from pg_catalog.pg_class c
                join pg_catalog.pg_namespace n on n.oid = c.relnamespace
               where n.nspname = any(%s) and c.relkind in ('r', 'p', 'v', 'm', 'f')
               order by 1""",
            [list(OUR_SCHEMAS)],
        )
        tables = [name for (name,) in await cursor.fetchall()]
    assert "public.messages" in tables and "private.notification_outbox" in tables
    readable = []
    async with await psycopg.AsyncConnection.connect(listener_conninfo, autocommit=True) as conn:
        for table in tables:
            try:
                await conn.execute(sql.SQL("select 1 from {} limit 1").format(sql.SQL(table)))
            except pg.InsufficientPrivilege:
                continue
            readable.append(table)
    assert readable == []


async def test_the_listener_role_calls_no_function_of_the_api(
    listener_conninfo: str, conninfo: str
) -> None:
    # Every function of public (what PostgREST serves at /rest/v1/rpc), called
    # with nulls: the privilege check comes before any argument is looked at.
    async with await psycopg.AsyncConnection.connect(conninfo) as owner:
        cursor = await owner.execute(
            """select p.proname::text,
                      array(select format_type(t, null) from unnest(p.proargtypes) t),
                      p.provariadic <> 0
                 from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
                where n.nspname = 'public' and p.prokind = 'f'
                  and p.prorettype <> 'pg_catalog.trigger'::regtype
                order by 1"""
        )
        functions = await cursor.fetchall()
    assert any(name == "send_message" for name, _, _ in functions)
    callable_ = []
    async with await psycopg.AsyncConnection.connect(listener_conninfo, autocommit=True) as conn:
        for name, argument_types, variadic in functions:
            arguments = [sql.SQL("null::{}").format(sql.SQL(t)) for t in argument_types]
            if variadic:
                arguments[-1] = sql.SQL("variadic ") + arguments[-1]
            call = sql.SQL("select public.{}({})").format(
                sql.Identifier(name), sql.SQL(", ").join(arguments)
            )
            try:
                await conn.execute(call)
            except pg.InsufficientPrivilege:
                continue
            callable_.append(name)
    assert callable_ == []

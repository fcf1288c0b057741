"""PostgREST's job in local mode: table reads/writes and RPC as a given user.

Every statement runs inside a transaction that first switches to the
`authenticated` role and sets `request.jwt.claims`, exactly as PostgREST
does per request, so RLS and auth.uid() behave as on Supabase. Results are
JSON (to_jsonb) in both modes, so services see the same shapes either way.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from psycopg import AsyncConnection, sql

from services.errors import ErrorCode, RelaisError
from services.local.accounts import session_id_of
from services.local.limits import CallTimeouts
from services.models import AuthSession

_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def identifier(name: str) -> sql.Identifier:
    """Only plain lower-case names reach SQL; anything else is a programming error."""
    if not _NAME.match(name):
        raise ValueError(f"not a valid SQL name: {name!r}")
    return sql.Identifier(name)


def claims_for(session: AuthSession, session_id: UUID) -> str:
    return json.dumps(
        {
            "sub": str(session.user_id),
            "role": "authenticated",
            "email": session.email,
            "session_id": str(session_id),
        }
    )


# One statement: the session must still exist (it is deleted when the person
# signs out, changes password or uses a recovery code, or when a stolen refresh
# token is replayed) and its account be neither banned nor deleted; its "last
# seen" moves at most once a minute; and only then does the transaction become
# the user, with its timeouts. `set_config('role', …)` does not apply the
# role's `alter role … set statement_timeout`, so the timeouts are set here,
# local to the transaction like the role.
_BECOME_USER = """
with live as (
  select s.id from auth.sessions s join auth.users u on u.id = s.user_id
   where s.id = %(session)s and s.user_id = %(user)s and u.deleted_at is null
     and (u.banned_until is null or u.banned_until <= now())
), seen as (
  update auth.sessions s set updated_at = now()
   where s.id = (select id from live) and s.updated_at < now() - interval '1 minute'
)
select set_config('role', 'authenticated', true),
       set_config('request.jwt.claims', %(claims)s, true),
       set_config('statement_timeout', %(statement_timeout)s, true),
       set_config('lock_timeout', %(lock_timeout)s, true)
  from live
"""

# Calls that may rightly take longer than one ordinary statement: the whole
# archive of a person with years of voice messages, and deleting all of it.
# A `set statement_timeout` inside the SQL function would come too late (the
# timer starts with the statement), so the exception is made here.
LONG_CALLS: dict[str, int] = {"export_my_data": 60_000, "delete_my_account": 60_000}


def timeouts_for(function: str, default: CallTimeouts) -> CallTimeouts:
    longer = LONG_CALLS.get(function)
    if longer is None or longer <= default.statement_ms:
        return default
    return CallTimeouts(statement_ms=longer, lock_ms=default.lock_ms)


async def become_user(
    conn: AsyncConnection, session: AuthSession, timeouts: CallTimeouts | None = None
) -> None:
    session_id = session_id_of(session)
    if session_id is None:
        raise RelaisError(ErrorCode.SESSION_EXPIRED, "not a session of this server")
    limits = timeouts or CallTimeouts()
    cursor = await conn.execute(
        _BECOME_USER,
        {
            "session": session_id,
            "user": session.user_id,
            "claims": claims_for(session, session_id),
            "statement_timeout": f"{int(limits.statement_ms)}ms",
            "lock_timeout": f"{int(limits.lock_ms)}ms",
        },
    )
    if await cursor.fetchone() is None:
        raise RelaisError(ErrorCode.SESSION_EXPIRED, "this session has been ended")


def _where(eq: Mapping[str, Any] | None) -> tuple[sql.Composable, list[Any]]:
    if not eq:
        return sql.SQL(""), []
    parts = [sql.SQL("t.{} = %s").format(identifier(column)) for column in eq]
    return sql.SQL(" where ") + sql.SQL(" and ").join(parts), list(eq.values())


def _columns(columns: Sequence[str]) -> sql.Composable:
    if list(columns) == ["*"]:
        return sql.SQL("to_jsonb(t)")
    pairs = [sql.SQL("{}, t.{}").format(sql.Literal(c), identifier(c)) for c in columns]
    return sql.SQL("jsonb_build_object({})").format(sql.SQL(", ").join(pairs))


async def _rows(conn: AsyncConnection, query: sql.Composed, params: list[Any]) -> list[Any]:
    cursor = await conn.execute(query, params)
    return [row[0] for row in await cursor.fetchall()]


async def select_rows(
    conn: AsyncConnection,
    table: str,
    *,
    columns: Sequence[str],
    eq: Mapping[str, Any] | None,
    order_by: str | None,
    descending: bool,
    limit: int | None,
) -> list[dict[str, Any]]:
    where, params = _where(eq)
    query = sql.SQL("select {} from public.{} as t").format(_columns(columns), identifier(table))
    query += where
    if order_by:
        direction = sql.SQL(" desc") if descending else sql.SQL(" asc")
        query += sql.SQL(" order by t.{}").format(identifier(order_by)) + direction
    if limit is not None:
        query += sql.SQL(" limit {}").format(sql.Literal(int(limit)))
    return await _rows(conn, query, params)


# Array columns per table (the schema does not change while the app runs).
_ARRAY_COLUMNS: dict[str, frozenset[str]] = {}


async def _array_columns(conn: AsyncConnection, table: str) -> frozenset[str]:
    known = _ARRAY_COLUMNS.get(table)
    if known is None:
        cursor = await conn.execute(
            "select a.attname from pg_attribute a join pg_type t on t.oid = a.atttypid"
            " where a.attrelid = to_regclass(%s) and a.attnum > 0 and not a.attisdropped"
            " and t.typcategory = 'A'",
            ["public." + table],
        )
        known = _ARRAY_COLUMNS[table] = frozenset(row[0] for row in await cursor.fetchall())
    return known


async def _column_params(conn: AsyncConnection, table: str, values: Mapping[str, Any]) -> list[Any]:
    # PostgREST turns a JSON list into a Postgres array for an array column
    # (tags text[]) and keeps it as JSON for a jsonb column: the same here.
    arrays = await _array_columns(conn, table)
    return [
        value if name in arrays and isinstance(value, list) else _param(value)
        for name, value in values.items()
    ]


async def insert_rows(
    conn: AsyncConnection, table: str, rows: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    inserted: list[dict[str, Any]] = []
    for row in rows:
        names = [identifier(column) for column in row]
        query = sql.SQL("insert into public.{} as t ({}) values ({}) returning to_jsonb(t)").format(
            identifier(table),
            sql.SQL(", ").join(names),
            sql.SQL(", ").join(sql.Placeholder() * len(names)),
        )
        inserted += await _rows(conn, query, await _column_params(conn, table, row))
    return inserted


async def update_rows(
    conn: AsyncConnection, table: str, values: Mapping[str, Any], eq: Mapping[str, Any]
) -> list[dict[str, Any]]:
    assignments = [sql.SQL("{} = %s").format(identifier(column)) for column in values]
    where, where_params = _where(eq)
    query = sql.SQL("update public.{} as t set {}").format(
        identifier(table), sql.SQL(", ").join(assignments)
    )
    query += where + sql.SQL(" returning to_jsonb(t)")
    return await _rows(conn, query, await _column_params(conn, table, values) + where_params)


async def delete_rows(
    conn: AsyncConnection, table: str, eq: Mapping[str, Any]
) -> list[dict[str, Any]]:
    where, params = _where(eq)
    query = sql.SQL("delete from public.{} as t").format(identifier(table))
    query += where + sql.SQL(" returning to_jsonb(t)")
    return await _rows(conn, query, params)


async def call_function(
    conn: AsyncConnection, function: str, params: Mapping[str, Any] | None, returns_set: bool
) -> Any:
    arguments = [sql.SQL("{} => %s").format(identifier(name)) for name in (params or {})]
    query = sql.SQL("select to_jsonb(r) from public.{}({}) as r").format(
        identifier(function), sql.SQL(", ").join(arguments)
    )
    rows = await _rows(conn, query, [_param(v) for v in (params or {}).values()])
    if returns_set:
        return rows
    return rows[0] if rows else None


@dataclass(frozen=True)
class FunctionTraits:
    returns_set: bool
    # Not declared stable or immutable: it may write, and wait on others' locks.
    writes: bool


async def function_traits(conn: AsyncConnection, function: str) -> FunctionTraits | None:
    """What the gateway needs to know of a public function; None when there is none."""
    cursor = await conn.execute(
        "select bool_or(p.proretset), bool_or(p.provolatile = 'v') from pg_proc p"
        " join pg_namespace n on n.oid = p.pronamespace"
        " where n.nspname = 'public' and p.proname = %s",
        [function],
    )
    row = await cursor.fetchone()
    if row is None or row[0] is None:
        return None
    return FunctionTraits(returns_set=bool(row[0]), writes=bool(row[1]))


def _param(value: Any) -> Any:
    # Nested structures go to jsonb columns as JSON text, as PostgREST sends them.
    if isinstance(value, dict | list):
        return json.dumps(value)
    return value

"""Run SQL the way PostgREST runs a request: role `authenticated`, the caller's claims.

These probes bypass every Python service on purpose: anyone holding the anon key
and a session can send the same statements, so the database alone must refuse.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import psycopg


@dataclass(frozen=True)
class Refusal:
    """What a PostgREST client would see of an error: SQLSTATE, message, hint."""

    sqlstate: str | None
    message: str | None
    hint: str | None


def as_user(conninfo: str, user_id: UUID, query: str, params: Any = ()) -> list[tuple[Any, ...]]:
    """One request as `authenticated` with `sub` = user_id; committed unless it raises."""
    claims = json.dumps({"sub": str(user_id), "role": "authenticated"})
    with psycopg.connect(conninfo) as conn, conn.transaction():
        conn.execute(
            "select set_config('role', 'authenticated', true),"
            " set_config('request.jwt.claims', %s, true)",
            [claims],
        )
        cursor = conn.execute(query.encode(), params)
        return cursor.fetchall() if cursor.description else []


def refusal_of(conninfo: str, user_id: UUID, query: str, params: Any = ()) -> Refusal:
    """The error the request raises; fails the test if it succeeds."""
    try:
        rows = as_user(conninfo, user_id, query, params)
    except psycopg.Error as error:
        return Refusal(error.sqlstate, error.diag.message_primary, error.diag.message_hint)
    raise AssertionError(f"not refused: {query!r} returned {rows!r}")


def as_owner(conninfo: str, query: str, params: Any = ()) -> list[tuple[Any, ...]]:
    """An administrator's SQL (the database owner, RLS does not apply)."""
    with psycopg.connect(conninfo, autocommit=True) as conn:
        cursor = conn.execute(query.encode(), params)
        return cursor.fetchall() if cursor.description else []

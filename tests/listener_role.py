"""Logging in to the test database as the live-update listener's role, as Supabase mode does.

On a Supabase project `relais_sender` is given LOGIN and a password, and
RELAIS_SUPABASE_DB_URL names it. The embedded server trusts local
connections, so LOGIN alone lets a test log in as that role (rather than as
the superuser stepping down to it) for as long as the fixture lasts.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from psycopg.conninfo import make_conninfo

from services.supabase_gateway import LISTEN_ROLE


@contextmanager
def logged_in_as_listener(conninfo: str) -> Iterator[str]:
    """A connection string that logs in as the listener's role; NOLOGIN again afterwards."""
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f"alter role {LISTEN_ROLE} login")
    try:
        yield make_conninfo(conninfo, user=LISTEN_ROLE)
    finally:
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(f"alter role {LISTEN_ROLE} nologin")

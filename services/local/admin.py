"""Administrator actions in local mode, run with the server's own privileges.

These are the SQL statements an administrator runs in the Supabase SQL editor
(see `sql_to_make_coordinator`); the app never offers them to users.

Approving a peer supporter is not one of them: it needs a training date and a
coordinator's review, so it goes through approve_peer like any other approval.
Even this SQL cannot skip the rules the database keeps on profiles: a peer who
becomes a coordinator has their live matches ended, and their open app hears
of the new role at once (supabase/migrations/*_peer_status_one_path.sql).
"""

from __future__ import annotations

import psycopg

MAKE_COORDINATOR_SQL = (
    "update public.profiles set role = 'coordinator', peer_status = null"
    " where id = (select id from auth.users where email = lower(%s))"
)


def sql_to_make_coordinator(email: str) -> str:
    quoted = email.strip().lower().replace("'", "''")
    return MAKE_COORDINATOR_SQL.replace("%s", f"'{quoted}'") + ";"


def make_coordinator(conninfo: str, email: str) -> bool:
    """Give an existing account the coordinator role; False when no account has this e-mail."""
    with psycopg.connect(conninfo, autocommit=True) as conn:
        return conn.execute(MAKE_COORDINATOR_SQL, [email.strip()]).rowcount == 1

"""What the API roles may do to each public table: exactly what is listed here.

Row-level security decides which rows; grants decide whether a role reaches a
table or column at all, and TRUNCATE ignores RLS entirely. Every table in
`public` must appear in EXPECTED with the exact privileges `authenticated`
holds, so a new table without explicit grants (or with a leftover default
grant) fails here. `anon` (anyone holding the public anon key, signed out)
holds nothing at all.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

import psycopg
import pytest
from psycopg import errors as pg
from psycopg import sql

_DIARY_GOAL_FIELDS = (
    "category, gas_0, gas_level, gas_minus_1, gas_minus_2, gas_plus_1, gas_plus_2, measure,"
    " status, target_date, title, why"
)

# Table -> what `authenticated` holds. Column grants read "PRIVILEGE(col, col)",
# columns in alphabetical order.
EXPECTED: dict[str, frozenset[str]] = {
    "blocks": frozenset({"SELECT"}),
    "care_circle": frozenset({"SELECT", "DELETE", "UPDATE(access)"}),
    "circle_invites": frozenset({"SELECT", "DELETE"}),
    # Never invitee_id, hidden or refused_at: they would tell the survivor who has an account.
    "circle_invitations": frozenset(
        {"DELETE", "SELECT(access, created_at, email, expires_at, id, survivor_id)"}
    ),
    "conversation_reads": frozenset({"SELECT", "INSERT", "UPDATE(last_read_seq, updated_at)"}),
    "conversations": frozenset({"SELECT"}),
    "crisis_alerts": frozenset({"SELECT"}),
    "diary_comments": frozenset({"SELECT", "INSERT", "DELETE"}),
    "diary_entries": frozenset(
        {
            "SELECT",
            "INSERT",
            "DELETE",
            "UPDATE(body, entry_date, fatigue, gas_level, goal_id, mood, progress_percent, tags)",
        }
    ),
    "diary_goals": frozenset({"SELECT", "INSERT", "DELETE", f"UPDATE({_DIARY_GOAL_FIELDS})"}),
    "diary_peer_sharing": frozenset({"SELECT", "INSERT", "DELETE"}),
    "diary_reactions": frozenset({"SELECT", "INSERT", "DELETE"}),
    "emails": frozenset({"SELECT"}),
    "guide_catalogue_items": frozenset({"SELECT"}),
    "guide_progress": frozenset(
        {"SELECT", "INSERT", "DELETE", "UPDATE(done_steps, gathered_documents, note, remind_on)"}
    ),
    "matches": frozenset({"SELECT"}),
    "message_reports": frozenset({"SELECT"}),
    "messages": frozenset({"SELECT", "INSERT(body, conversation_id, id, kind, quick_reply)"}),
    "notification_settings": frozenset({"SELECT"}),
    "peer_applications": frozenset({"SELECT"}),
    "profiles": frozenset(
        {
            "SELECT",
            "UPDATE(bio, birth_year, departement, display_name, high_contrast, locale,"
            " stroke_date, text_scale)",
        }
    ),
    "push_subscriptions": frozenset({"SELECT", "DELETE"}),
    "quiet_hours": frozenset(
        {"SELECT", "INSERT", "DELETE", "UPDATE(ends_at, starts_at, time_zone)"}
    ),
    "recovery_codes": frozenset(
        {
            "SELECT(created_at, expires_at, failed_attempts, id, issued_by, person_id, used_at,"
            " voided_at)"
        }
    ),
    "support_requests": frozenset({"SELECT"}),
}

# Privileges no API role needs on any table: TRUNCATE empties a table whatever
# RLS says; REFERENCES, TRIGGER and MAINTAIN are schema-owner business.
NEVER = {"TRUNCATE", "REFERENCES", "TRIGGER", "MAINTAIN"}

_TABLE_GRANTS = """
select c.relname, p.privilege_type, null::text
  from pg_catalog.pg_class c
  cross join lateral pg_catalog.aclexplode(c.relacl) p
 where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p', 'v', 'm', 'f')
   and p.grantee = coalesce((select oid from pg_catalog.pg_roles where rolname = %(role)s), 0)
union all
select c.relname, p.privilege_type, a.attname::text
  from pg_catalog.pg_class c
  join pg_catalog.pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
  cross join lateral pg_catalog.aclexplode(a.attacl) p
 where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p', 'v', 'm', 'f')
   and p.grantee = coalesce((select oid from pg_catalog.pg_roles where rolname = %(role)s), 0)
"""


def grants_of(conninfo: str, role: str) -> dict[str, frozenset[str]]:
    """Table -> privileges `role` holds there, table-level and column-level."""
    table_level: dict[str, set[str]] = defaultdict(set)
    column_level: dict[tuple[str, str], list[str]] = defaultdict(list)
    with psycopg.connect(conninfo) as conn:
        for table, privilege, column in conn.execute(_TABLE_GRANTS, {"role": role}):
            if column is None:
                table_level[table].add(privilege)
            else:
                column_level[(table, privilege)].append(column)
    for (table, privilege), columns in column_level.items():
        table_level[table].add(f"{privilege}({', '.join(sorted(columns))})")
    return {table: frozenset(privileges) for table, privileges in table_level.items()}


def public_tables(conninfo: str) -> set[str]:
    with psycopg.connect(conninfo) as conn:
        rows = conn.execute(
            "select relname from pg_catalog.pg_class"
            " where relnamespace = 'public'::regnamespace and relkind in ('r', 'p', 'v', 'm', 'f')"
        ).fetchall()
    return {row[0] for row in rows}


def test_every_public_table_is_listed(conninfo: str) -> None:
    unlisted = public_tables(conninfo) - EXPECTED.keys()
    assert not unlisted, (
        f"new public tables {sorted(unlisted)}: grant `authenticated` only what the app uses,"
        " explicitly, and list it in EXPECTED"
    )


def test_authenticated_holds_exactly_the_expected_privileges(conninfo: str) -> None:
    actual = grants_of(conninfo, "authenticated")
    differences = {
        table: {
            "missing": sorted(EXPECTED.get(table, frozenset()) - actual.get(table, frozenset())),
            "unexpected": sorted(actual.get(table, frozenset()) - EXPECTED.get(table, frozenset())),
        }
        for table in public_tables(conninfo)
        if actual.get(table, frozenset()) != EXPECTED.get(table, frozenset())
    }
    assert not differences, differences


def test_no_api_role_holds_truncate_references_trigger_or_maintain(conninfo: str) -> None:
    for role in ("anon", "authenticated", "public"):
        held = {
            table: sorted(privileges & NEVER)
            for table, privileges in grants_of(conninfo, role).items()
            if privileges & NEVER
        }
        assert not held, (role, held)


def test_anon_holds_nothing_on_tables_sequences_or_functions(conninfo: str) -> None:
    assert grants_of(conninfo, "anon") == {}
    with psycopg.connect(conninfo) as conn:
        sequences = conn.execute(
            "select relname from pg_catalog.pg_class where relnamespace = 'public'::regnamespace"
            " and relkind = 'S' and (has_sequence_privilege('anon', oid, 'usage, select, update')"
            " or has_sequence_privilege('authenticated', oid, 'usage, select, update'))"
        ).fetchall()
        functions = conn.execute(
            "select oid::regprocedure::text from pg_catalog.pg_proc"
            " where pronamespace = 'public'::regnamespace"
            " and has_function_privilege('anon', oid, 'execute')"
        ).fetchall()
    assert sequences == []
    assert functions == []


@pytest.fixture
def as_anon(conninfo: str) -> Iterator[psycopg.Connection]:
    with psycopg.connect(conninfo) as conn:
        conn.execute("set local role anon")
        yield conn


@pytest.mark.parametrize("table", ["profiles", "guide_catalogue_items", "matches", "messages"])
def test_anon_reading_a_table_is_refused(as_anon: psycopg.Connection, table: str) -> None:
    with pytest.raises(pg.InsufficientPrivilege):
        as_anon.execute(sql.SQL("select count(*) from public.{}").format(sql.Identifier(table)))


@pytest.mark.parametrize("table", ["profiles", "matches", "messages", "peer_applications"])
def test_authenticated_truncating_a_table_is_refused(conninfo: str, table: str) -> None:
    with psycopg.connect(conninfo) as conn:
        conn.execute("set local role authenticated")
        # Reading is allowed (RLS then picks the rows); emptying the table is not.
        conn.execute(sql.SQL("select count(*) from public.{}").format(sql.Identifier(table)))
        with pytest.raises(pg.InsufficientPrivilege):
            conn.execute(sql.SQL("truncate public.{}").format(sql.Identifier(table)))


def test_new_objects_are_granted_to_no_one_by_default(conninfo: str) -> None:
    """What the next migration creates stays closed until it grants explicitly."""
    with psycopg.connect(conninfo) as conn:
        conn.execute("create table public.grants_probe (id int primary key)")
        conn.execute("create sequence public.grants_probe_seq")
        conn.execute(
            "create function public.grants_probe_fn() returns int language sql as 'select 1'"
        )
        conn.execute(
            "create function private.grants_probe_fn() returns int language sql as 'select 1'"
        )
        rows = conn.execute(
            """
            select r, has_table_privilege(r, 'public.grants_probe',
                     'select, insert, update, delete, truncate, references, trigger'),
                   has_sequence_privilege(r, 'public.grants_probe_seq', 'usage, select, update'),
                   has_function_privilege(r, 'public.grants_probe_fn()', 'execute'),
                   has_function_privilege(r, 'private.grants_probe_fn()', 'execute')
              from unnest(array['anon', 'authenticated']) as r
            """
        ).fetchall()
        conn.rollback()
    assert rows == [
        ("anon", False, False, False, False),
        ("authenticated", False, False, False, False),
    ]

"""Every table that holds a person's rows is in their export, or excluded for a stated reason.

The list of such tables is read from the catalogue, never written by hand:
- every table of public, private and auth with a foreign key to auth.users or
  public.profiles;
- every table where, once a person has used every feature (tests/export_factories.py),
  some column holds their id or e-mail (a uuid without a foreign key, an
  e-mail in a throttle table, an id inside jsonb or an array).
A table added later that holds people's rows fails here until it gets an
export entry (services/export/schema*.py and public.export_my_data()) or a
line below saying why it stays out.
"""

from __future__ import annotations

from typing import Any

import psycopg
import pytest
from psycopg import sql

from services.export.archive import collect
from services.export.schema import FILES, SOURCES
from services.local.gateway import LocalGateway
from tests.export_factories import PEER_SAYS, STRANGER_SECRET, SURVIVOR_SAYS, World, make_world

# Short on purpose: each line is a table a person's rows live in that the export leaves out.
EXCLUDED: dict[str, str] = {
    "auth.refresh_tokens": "hashes of the person's session tokens: credentials, not facts about"
    " them; an archive holding them could sign the person in",
    "private.invite_redemption_failures": "invite-code throttle counter (kept minutes)",
    "private.circle_invite_quota": "invitations-per-day throttle counter (kept two days)",
    "public.circle_invitations": "e-mail invitations waiting for an answer (14 days at most):"
    " the rows say which addresses have accounts and who refused, which the survivor may"
    " not learn; the invited person's side is a question on the screen, not a fact about them",
    "private.notification_outbox": "delivery queue: each row points at an event already"
    " exported (a message, a match, a diary entry) and carries no text of its own; rows"
    " name other people as actors",
    "public.crisis_alerts": "safety records for the coordinators only (RLS): the app raises"
    " them by itself when crisis words appear, so raised_by is the device that noticed, not"
    " a report the person chose to make; the message is exported in messages.json",
    "public.recovery_codes": "coordinator's audit of one-time sign-in codes: salted hashes"
    " (credentials) and dates; a code is never shown twice, even to its owner",
    "private.inactivity_warnings": "retention bookkeeping: the date the inactivity warning"
    " went out; the e-mail itself is in emails.json",
}

SCHEMAS = ("public", "private", "auth")


def _owner_rows(conninfo: str, query: str, params: Any = ()) -> list[tuple[Any, ...]]:
    with psycopg.connect(conninfo) as conn:
        return conn.execute(query, params).fetchall()


def tables_referencing_people(conninfo: str) -> set[str]:
    rows = _owner_rows(
        conninfo,
        """
        select distinct n.nspname || '.' || t.relname
          from pg_constraint c
          join pg_class t on t.oid = c.conrelid
          join pg_namespace n on n.oid = t.relnamespace
         where c.contype = 'f'
           and c.confrelid in ('auth.users'::regclass, 'public.profiles'::regclass)
           and n.nspname = any(%s)
        """,
        [list(SCHEMAS)],
    )
    return {row[0] for row in rows}


def tables_holding(conninfo: str, needles: list[str]) -> set[str]:
    """Tables where any column, read as text, contains one of `needles` (ids, e-mails)."""
    columns = _owner_rows(
        conninfo,
        """
        select n.nspname, t.relname, a.attname
          from pg_class t
          join pg_namespace n on n.oid = t.relnamespace
          join pg_attribute a on a.attrelid = t.oid and a.attnum > 0 and not a.attisdropped
         where t.relkind in ('r', 'p') and n.nspname = any(%s)
           and a.atttypid not in ('bytea'::regtype)
        """,
        [list(SCHEMAS)],
    )
    found: set[str] = set()
    with psycopg.connect(conninfo) as conn:
        for schema, table, column in columns:
            name = f"{schema}.{table}"
            if name in found:
                continue
            query = sql.SQL(
                "select exists (select 1 from {}, unnest(%s::text[]) as n"
                " where position(n in {}::text) > 0)"
            ).format(sql.Identifier(schema, table), sql.Identifier(column))
            row = conn.execute(query, [needles]).fetchone()
            if row and row[0]:
                found.add(name)
    return found


def all_tables(conninfo: str) -> set[str]:
    rows = _owner_rows(
        conninfo,
        "select n.nspname || '.' || t.relname from pg_class t"
        " join pg_namespace n on n.oid = t.relnamespace"
        " where t.relkind in ('r', 'p') and n.nspname = any(%s)",
        [list(SCHEMAS)],
    )
    return {row[0] for row in rows}


@pytest.fixture(scope="module")
async def world(gateway: LocalGateway, conninfo: str) -> World:
    return await make_world(gateway, conninfo)


async def test_every_table_with_a_persons_rows_is_exported_or_excluded_for_a_reason(
    world: World, conninfo: str
) -> None:
    people = [world.survivor, world.peer, world.caregiver]
    needles = [str(p.user_id) for p in people] + [p.email for p in people]
    by_key = tables_referencing_people(conninfo)
    by_value = tables_holding(conninfo, needles)
    # The scan must see what the keys see, or it is not looking: a guard on the guard.
    assert {"public.messages", "private.invite_redemption_failures"} <= by_value
    holding = by_key | by_value
    left_out = holding - SOURCES - set(EXCLUDED)
    assert not left_out, f"tables holding people's rows with no export entry: {sorted(left_out)}"
    # Neither list may go stale: every name is a real table, and none is both.
    known = all_tables(conninfo)
    assert known >= SOURCES, sorted(SOURCES - known)
    assert known >= set(EXCLUDED), sorted(set(EXCLUDED) - known)
    assert not SOURCES & set(EXCLUDED)


async def test_the_scan_would_catch_a_new_table_that_names_a_person(
    world: World, conninfo: str
) -> None:
    """Shown, not assumed: a table created now, without a foreign key, is found by value."""
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute("create table public.export_probe (owner uuid, note text)")
        try:
            conn.execute(
                "insert into public.export_probe values (%s, 'x')", [world.survivor.user_id]
            )
            found = tables_holding(conninfo, [str(world.survivor.user_id)])
        finally:
            conn.execute("drop table public.export_probe")
    assert "public.export_probe" in found
    assert "public.export_probe" not in SOURCES | set(EXCLUDED)


async def test_each_file_holds_the_persons_rows_and_nobody_elses(
    world: World, gateway: LocalGateway
) -> None:
    mine = await collect(gateway, world.survivor)
    peer = await collect(gateway, world.peer)
    for file in FILES:
        if file.key == "peer_application":
            assert peer[file.key]["peer_id"] == str(world.peer.user_id)
            assert mine[file.key] is None
        elif file.key not in ("people",):
            assert mine[file.key], f"{file.file_name} is empty for a person who used everything"
    bodies = {message["body"]: message["mine"] for message in mine["messages"]}
    assert bodies[SURVIVOR_SAYS] is True and bodies[PEER_SAYS] is False
    assert STRANGER_SECRET not in str(mine) and STRANGER_SECRET not in str(peer)
    # Reports the survivor made are theirs; they are not the reported peer's.
    assert mine["reports"] and not peer["reports"]
    assert "Trop brusque" not in str(peer)
    # The block is the survivor's; the blocked peer does not get it.
    assert mine["blocks"] and not peer["blocks"]
    # A capability never leaves: no push endpoint or keys, no invite-code hash.
    assert set(mine["push_devices"][0]) == {"id", "device_label", "created_at", "last_ok_at"}
    assert "push.example" not in str(mine)
    assert all("code_hash" not in invite for invite in mine["circle_invites"])
    # Circle membership from both sides.
    carer = await collect(gateway, world.caregiver)
    assert [row["my_side"] for row in mine["circle"]] == ["survivor"]
    assert [row["my_side"] for row in carer["circle"]] == ["member"]
    assert carer["diary_comments"] and carer["diary_reactions"]
    names = {row["display_name"] for row in mine["people"]}
    assert "Aidant Export" in names


async def test_every_exported_field_is_documented_and_every_documented_field_exported(
    world: World, gateway: LocalGateway
) -> None:
    exports = [await collect(gateway, who) for who in (world.survivor, world.peer)]
    for file in FILES:
        seen: set[str] = set()
        for document in exports:
            value = document[file.key]
            rows = value if isinstance(value, list) else [value] if value else []
            for row in rows:
                seen |= set(row)
        assert seen == set(file.fields), (file.file_name, seen ^ set(file.fields))


async def test_only_a_signed_in_person_may_export_and_only_their_own(conninfo: str) -> None:
    with psycopg.connect(conninfo) as conn:
        conn.execute("set role anon")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("select public.export_my_data()")

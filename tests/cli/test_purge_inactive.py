"""`python -m app purge-inactive`: warn after 2 years without a visit, delete a month later."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import psycopg

from services.accounts import auth
from services.local.gateway import LocalGateway
from services.local.migrations import apply_migrations
from services.local.server import EmbeddedServer
from services.peer_support import messaging
from tests.factories import PASSWORD, make_coordinator, unique_email
from tests.peer_factories import make_pair

from .test_command_line import run_app


def owner(conninfo: str, query: str, params: Any = ()) -> list[tuple[Any, ...]]:
    with psycopg.connect(conninfo, autocommit=True) as conn:
        cursor = conn.execute(query.encode(), params)
        return cursor.fetchall() if cursor.description else []


def last_visit(conninfo: str, email: str, ago: str) -> None:
    """Time travel for the test: the rule reads the date of the last visit."""
    owner(
        conninfo,
        "update auth.users set last_sign_in_at = now() - %s::interval where email = %s",
        [ago, email],
    )


def warned(conninfo: str, email: str, ago: str) -> None:
    owner(
        conninfo,
        "insert into private.inactivity_warnings (user_id, warned_at)"
        " select id, now() - %s::interval from auth.users where email = %s",
        [ago, email],
    )


async def test_the_rule_warns_then_deletes_through_the_one_path(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    server = EmbeddedServer(data_dir).start()
    try:
        conninfo = server.conninfo()
        apply_migrations(conninfo)
        gateway = await LocalGateway.open(conninfo, pool_size=2)
        try:
            pair = await make_pair(gateway, await make_coordinator(gateway, conninfo))
            await messaging.send_message(
                gateway, pair.requester, message_id=uuid.uuid4(),
                conversation_id=pair.conversation_id, body="Bonjour",
            )  # fmt: skip
            sleeping, back = unique_email("sleeping"), unique_email("back")
            for email in (sleeping, back):
                await auth.sign_up(
                    gateway, email=email, password=PASSWORD, display_name="Someone",
                    role="caregiver",
                )  # fmt: skip
            gone = pair.requester.email
            last_visit(conninfo, gone, "800 days")
            warned(conninfo, gone, "40 days")
            last_visit(conninfo, sleeping, "3 years")
            # Warned, then came back after the warning: nothing happens to them.
            last_visit(conninfo, back, "800 days")
            warned(conninfo, back, "40 days")
            await auth.sign_in(gateway, email=back, password=PASSWORD)
        finally:
            await gateway.close()
    finally:
        server.stop()

    dry = run_app("purge-inactive", "--dry-run", data_dir=data_dir)
    assert dry.returncode == 0, dry.stderr
    assert "No visit for 2 years: to warn: 1" in dry.stdout and sleeping in dry.stdout
    assert "to delete: 1" in dry.stdout and gone in dry.stdout
    assert back not in dry.stdout
    assert "Dry run: nothing was changed." in dry.stdout

    server = EmbeddedServer(data_dir).start()
    try:
        conninfo = server.conninfo()
        assert owner(conninfo, "select count(*) from auth.users where email = %s", [gone]) == [(1,)]
        warnings = owner(
            conninfo,
            "select count(*) from private.inactivity_warnings w"
            " join auth.users u on u.id = w.user_id where u.email = %s",
            [sleeping],
        )
        assert warnings == [(0,)]
    finally:
        server.stop()

    done = run_app("purge-inactive", data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    assert "Warned 1 account(s)" in done.stdout and "Deleted 1 account(s)." in done.stdout

    server = EmbeddedServer(data_dir).start()
    try:
        conninfo = server.conninfo()
        remaining = {row[0] for row in owner(conninfo, "select email from auth.users")}
        assert gone not in remaining and {sleeping, back} <= remaining
        # The same path as "Delete my account": the partner keeps an erased message.
        assert owner(
            conninfo,
            "select kind, body, sender_id from public.messages where conversation_id = %s",
            [pair.conversation_id],
        ) == [("erased", None, None)]
    finally:
        server.stop()
    # The next run finds the sleeper already warned: waiting, not warned again.
    again = run_app("purge-inactive", "--dry-run", data_dir=data_dir)
    assert "Warned less than a month ago: waiting: 1" in again.stdout


def test_in_supabase_mode_it_explains_where_the_rule_runs(tmp_path: Path) -> None:
    result = run_app(
        "purge-inactive",
        "--dry-run",
        data_dir=tmp_path,
        extra_env={"SUPABASE_URL": "https://x.supabase.co", "SUPABASE_ANON_KEY": "a" * 40},
    )
    assert result.returncode == 0, result.stderr
    assert "private.inactive_accounts()" in result.stdout

"""handle_new_user: a sign-up creates exactly one profile, or nothing at all."""

from __future__ import annotations

import json

import psycopg
import pytest

from tests.factories import unique_email


def _insert_user(conninfo: str, metadata: dict[str, str]) -> str:
    """Insert into auth.users as GoTrue would (the server's own privileges)."""
    email = unique_email("trigger")
    with psycopg.connect(conninfo) as conn:
        conn.execute(
            "insert into auth.users (email, raw_user_meta_data) values (%s, %s)",
            [email, json.dumps(metadata)],
        )
    return email


def _account_exists(conninfo: str, email: str) -> bool:
    with psycopg.connect(conninfo) as conn:
        row = conn.execute("select count(*) from auth.users where email = %s", [email]).fetchone()
    return row == (1,)


def test_peer_sign_up_starts_as_applicant(conninfo: str) -> None:
    email = _insert_user(conninfo, {"display_name": "Peer", "role": "peer", "locale": "en"})
    with psycopg.connect(conninfo) as conn:
        row = conn.execute(
            "select p.role::text, p.peer_status::text, p.locale from public.profiles p"
            " join auth.users u on u.id = p.id where u.email = %s",
            [email],
        ).fetchone()
    assert row == ("peer", "applicant", "en")


def test_survivor_sign_up_has_no_peer_status(conninfo: str) -> None:
    email = _insert_user(conninfo, {"display_name": "S", "role": "survivor"})
    with psycopg.connect(conninfo) as conn:
        row = conn.execute(
            "select p.peer_status, p.locale from public.profiles p join auth.users u using (id)"
            " where u.email = %s",
            [email],
        ).fetchone()
    assert row == (None, "fr")


@pytest.mark.parametrize(
    "metadata",
    [
        {"display_name": "Boss", "role": "coordinator"},
        {"display_name": "Hacker", "role": "admin"},
        {"display_name": "Nobody"},
        {"display_name": "   ", "role": "survivor"},
        {"display_name": "x" * 81, "role": "survivor"},
        {"display_name": "Hans", "role": "survivor", "locale": "de"},
    ],
    ids=["coordinator", "unknown-role", "no-role", "blank-name", "long-name", "unknown-locale"],
)
def test_refused_sign_up_leaves_no_account(conninfo: str, metadata: dict[str, str]) -> None:
    email = unique_email("refused")
    with pytest.raises(psycopg.Error), psycopg.connect(conninfo) as conn:
        conn.execute(
            "insert into auth.users (email, raw_user_meta_data) values (%s, %s)",
            [email, json.dumps(metadata)],
        )
    assert not _account_exists(conninfo, email)

"""`python -m app purge-inactive [--dry-run]`: the inactive-account rule, run by hand.

The rule (README, "Inactive accounts"): an account with no visit for two years
is warned; a month after the warning, if the person has not come back, it is
deleted. The list and the deletion are SQL (private.inactive_accounts and
private.purge_inactive_account, which calls the same private.delete_account as
"Delete my account"), run with the server's own privileges: an operator's
command, never a screen.
"""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg.rows import dict_row

from app.settings import Settings

LIST_SQL = "select * from private.inactive_accounts()"

SUPABASE_EXPLANATION = """\
Supabase mode: this command runs on the embedded or self-hosted database only.
The same rule is in your project's schema; run it in the SQL editor:
  -- who would be warned or deleted
  select * from private.inactive_accounts();
  -- record the warnings (then tell each person, by your own e-mail)
  select private.record_inactivity_warning(user_id)
    from private.inactive_accounts() where action = 'warn';
  -- delete those warned more than a month ago who have not come back
  select private.purge_inactive_account(user_id)
    from private.inactive_accounts() where action = 'delete';
Supabase updates auth.users.last_sign_in_at at each password sign-in only."""


def purge_inactive(settings: Settings, *, dry_run: bool) -> int:
    if not settings.local_mode:
        print(SUPABASE_EXPLANATION)
        return 0
    from app.backend import start_embedded

    server = start_embedded(settings)
    try:
        apply_rule(server.conninfo(), dry_run=dry_run)
    finally:
        server.stop()
    return 0


def apply_rule(conninfo: str, *, dry_run: bool) -> None:
    with psycopg.connect(conninfo, autocommit=True, row_factory=dict_row) as conn:
        rows = conn.execute(LIST_SQL).fetchall()
        to_warn = [row for row in rows if row["action"] == "warn"]
        waiting = [row for row in rows if row["action"] == "warned"]
        to_delete = [row for row in rows if row["action"] == "delete"]
        _section("No visit for 2 years: to warn", to_warn)
        _section("Warned less than a month ago: waiting", waiting)
        _section("Warned more than a month ago, not back: to delete", to_delete)
        if dry_run:
            print("Dry run: nothing was changed.")
            return
        for row in to_warn:
            conn.execute("select private.record_inactivity_warning(%s)", [row["user_id"]])
        deleted = 0
        for row in to_delete:
            # Checked again inside: someone who signed in since the list was read stays.
            gone = conn.execute(
                "select private.purge_inactive_account(%s) as gone", [row["user_id"]]
            ).fetchone()
            deleted += bool(gone and gone["gone"])
    print(f"Warned {len(to_warn)} account(s): tell each of them, at the e-mail above, that")
    print("their account will be deleted in a month unless they sign in.")
    print(f"Deleted {deleted} account(s).")


def _section(title: str, rows: list[dict[str, Any]]) -> None:
    print(f"{title}: {len(rows)}")
    for row in rows:
        warned = row["warned_at"]
        note = f"  warned {warned:%Y-%m-%d}" if warned else ""
        print(f"  {row['email']}  last visit {row['last_seen']:%Y-%m-%d}{note}")

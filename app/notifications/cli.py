"""`python -m app outbox`: every e-mail Relais wrote, for whoever runs the server.

On the embedded default with no SMTP server, e-mails stay in the database;
this shows a newcomer what would have been sent (oldest first), with a line
on the notifications still waiting to go out. It reads with the server's own
privileges, so it is a command for the operator, never a screen in the app.
"""

from __future__ import annotations

import sys

import psycopg
from psycopg.rows import dict_row

from app.settings import Settings
from services.notifications.wording import render_email

EMAILS_SQL = """
select e.id, e.created_at, e.sent_at, e.delivery, e.template, e.data, u.email, p.locale
  from public.emails e
  join public.profiles p on p.id = e.recipient_id
  join auth.users u on u.id = e.recipient_id
 order by e.id
"""
WAITING_SQL = "select count(*) as n from private.notification_outbox where sent_at is null"


def print_outbox(settings: Settings) -> int:
    if not settings.local_mode and not settings.supabase_db_url:
        print("Supabase mode: set RELAIS_SUPABASE_DB_URL to read the outbox.", file=sys.stderr)
        return 1
    if settings.local_mode:
        from app.backend import start_embedded

        server = start_embedded(settings)
        try:
            _print(server.conninfo(), settings.public_url)
        finally:
            server.stop()
    else:
        assert settings.supabase_db_url is not None
        _print(settings.supabase_db_url, settings.public_url)
    return 0


def _print(conninfo: str, public_url: str) -> None:
    with psycopg.connect(conninfo, row_factory=dict_row) as conn:
        emails = conn.execute(EMAILS_SQL).fetchall()
        waiting = conn.execute(WAITING_SQL).fetchone()
    for row in emails:
        rendered = render_email(row["template"], row["data"], row["locale"], public_url)
        state = f"sent by {row['delivery']}" if row["sent_at"] else "not sent yet"
        print(f"── #{row['id']}  {row['created_at']:%Y-%m-%d %H:%M}  to {row['email']}  ({state})")
        print(f"Subject: {rendered.subject}\n\n{rendered.body}\n")
    print(f"{len(emails)} e-mail(s).", end=" ")
    print(f"{waiting['n'] if waiting else 0} notification(s) waiting to be sent.")

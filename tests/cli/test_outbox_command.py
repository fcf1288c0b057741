"""`python -m app outbox`: what the server's operator sees of the e-mails Relais wrote."""

from __future__ import annotations

from pathlib import Path

from services.accounts import auth
from services.local.gateway import LocalGateway
from services.local.migrations import apply_migrations
from services.local.server import EmbeddedServer
from services.notifications import preferences
from services.notifications.models import NotificationSettings

from .test_command_line import run_app


async def test_the_outbox_lists_each_email_with_its_reader_and_words(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    empty = run_app("outbox", data_dir=data_dir)
    assert empty.returncode == 0, empty.stderr
    assert "0 e-mail(s). 0 notification(s) waiting to be sent." in empty.stdout

    server = EmbeddedServer(data_dir).start()
    try:
        apply_migrations(server.conninfo())
        gateway = await LocalGateway.open(server.conninfo(), pool_size=1)
        try:
            session = await auth.sign_up(
                gateway, email="lectrice@example.org", password="correct horse battery",
                display_name="Lectrice", role="caregiver", locale="fr",
            )  # fmt: skip
            await preferences.save_notification_settings(
                gateway, session, NotificationSettings(email_digest=True)
            )
        finally:
            await gateway.close()
    finally:
        server.stop()

    listed = run_app("outbox", data_dir=data_dir)
    assert listed.returncode == 0, listed.stderr
    assert "to lectrice@example.org  (not sent yet)" in listed.stdout
    assert "Subject: Relais\u00a0: résumé quotidien activé" in listed.stdout
    assert "/home/profile/notifications" in listed.stdout  # the way to stop them
    assert "1 e-mail(s)." in listed.stdout


def test_in_supabase_mode_without_a_database_url_it_says_what_is_missing(tmp_path: Path) -> None:
    result = run_app(
        "outbox",
        data_dir=tmp_path,
        extra_env={"SUPABASE_URL": "https://x.supabase.co", "SUPABASE_ANON_KEY": "a" * 40},
    )
    assert result.returncode == 1
    assert "RELAIS_SUPABASE_DB_URL" in result.stderr

"""Chooses and opens the backend: Supabase when configured, embedded otherwise."""

from __future__ import annotations

import logging

import psycopg

from app.settings import Settings
from services.gateway import Gateway
from services.guide.content import current_catalogue
from services.local.gateway import LocalGateway
from services.local.guide_catalogue import sync_guide_catalogue
from services.local.migrations import apply_migrations
from services.local.server import EmbeddedServer

logger = logging.getLogger(__name__)


def start_embedded(settings: Settings, *, exclusive: bool = False) -> EmbeddedServer:
    """Start the embedded PostgreSQL (blocking) and bring its schema up to date.

    `exclusive`: refuse when another process holds the data folder (the app);
    admin commands instead attach to the database that process serves.
    """
    server = EmbeddedServer(settings.data_dir).start(exclusive=exclusive)
    try:
        apply_migrations(server.conninfo())
        # The database refuses checklist ticks for ids it has not been told about.
        sync_guide_catalogue(server.conninfo(), current_catalogue())
    except psycopg.Error as error:  # it started, yet cannot work (a full disk)
        server.stop()
        raise server.unusable(error) from None
    except BaseException:
        server.stop()
        raise
    return server


async def open_gateway(settings: Settings, server: EmbeddedServer | None) -> Gateway:
    if settings.local_mode:
        if server is None:
            raise RuntimeError("local mode needs the embedded server started first")
        return await LocalGateway.open(
            server.conninfo(),
            auth_limits=settings.auth_limits,
            timeouts=settings.call_timeouts,
            data_dir=server.data_dir,
        )
    # Imported only in Supabase mode: local mode must not pay for the client's import.
    from services.supabase_gateway import SupabaseGateway

    assert settings.supabase_url is not None and settings.supabase_anon_key is not None
    if settings.supabase_db_url is None:
        # Like the outbox sender (app/notifier.py): the app runs, without that part.
        logger.warning(
            "RELAIS_SUPABASE_DB_URL is not set: screens will not update live"
            " (people see changes when they reopen a screen)"
        )
    return SupabaseGateway(
        str(settings.supabase_url), settings.supabase_anon_key, db_url=settings.supabase_db_url
    )

"""Chooses and opens the backend: Supabase when configured, embedded otherwise."""

from __future__ import annotations

from app.settings import Settings
from services.gateway import Gateway
from services.guide.content import current_catalogue
from services.local.gateway import LocalGateway
from services.local.guide_catalogue import sync_guide_catalogue
from services.local.migrations import apply_migrations
from services.local.server import EmbeddedServer


def start_embedded(settings: Settings) -> EmbeddedServer:
    """Start the embedded PostgreSQL (blocking) and bring its schema up to date."""
    server = EmbeddedServer(settings.data_dir).start()
    apply_migrations(server.conninfo())
    # The database refuses checklist ticks for ids it has not been told about.
    sync_guide_catalogue(server.conninfo(), current_catalogue())
    return server


async def open_gateway(settings: Settings, server: EmbeddedServer | None) -> Gateway:
    if settings.local_mode:
        if server is None:
            raise RuntimeError("local mode needs the embedded server started first")
        return await LocalGateway.open(server.conninfo())
    # Imported only in Supabase mode: local mode must not pay for the client's import.
    from services.supabase_gateway import SupabaseGateway

    assert settings.supabase_url is not None and settings.supabase_anon_key is not None
    return SupabaseGateway(str(settings.supabase_url), settings.supabase_anon_key)

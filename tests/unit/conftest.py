"""Fixtures for the offline SupabaseGateway tests: a fake server and a gateway on it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import flet as ft
import httpx
import pytest
from flet.controls.context import _context_page
from flet.messaging.connection import Connection
from flet.messaging.session import Session
from flet.pubsub.pubsub_hub import PubSubHub

from services.supabase_gateway import SupabaseGateway
from tests.unit.supabase_fake import ANON_KEY, URL, FakeSupabase


@pytest.fixture
def fake() -> FakeSupabase:
    return FakeSupabase()


@pytest.fixture
async def gateway(fake: FakeSupabase) -> AsyncIterator[SupabaseGateway]:
    http = httpx.AsyncClient(transport=httpx.MockTransport(fake))
    gateway = SupabaseGateway(URL, ANON_KEY, httpx_client=http)
    yield gateway
    await gateway.close()
    await http.aclose()


@pytest.fixture
def flet_page() -> Iterator[ft.Page]:
    """A real Flet session's page, with no browser attached, as `ft.context.page`.

    Controls with a client-side action (ft.OpenUrl) register a service on the
    page while they are built, so building a screen needs one.
    """
    connection = Connection()  # type: ignore[no-untyped-call]  # Flet leaves it untyped
    connection.pubsubhub = PubSubHub()
    session = Session(connection)
    token = _context_page.set(session.page)
    try:
        yield session.page
    finally:
        _context_page.reset(token)

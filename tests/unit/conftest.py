"""Fixtures for the offline SupabaseGateway tests: a fake server and a gateway on it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

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

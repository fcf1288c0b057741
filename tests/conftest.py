"""Shared fixtures: one embedded PostgreSQL for the whole run, real services.

Tests isolate themselves by creating their own accounts (unique e-mails), so
they never depend on each other's rows and may run in any order.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from services.local.gateway import LocalGateway
from services.local.migrations import apply_migrations
from services.local.server import EmbeddedServer


@contextlib.contextmanager
def migrated_server(prefix: str) -> Iterator[EmbeddedServer]:
    """An embedded server of its own in a temporary folder, migrated, stopped afterwards."""
    with tempfile.TemporaryDirectory(prefix=prefix) as data_dir:
        server = EmbeddedServer(Path(data_dir)).start()
        apply_migrations(server.conninfo())
        try:
            yield server
        finally:
            server.stop()


@pytest.fixture(scope="session")
def embedded_server() -> Iterator[EmbeddedServer]:
    with migrated_server("relais-test-") as server:
        yield server


@pytest.fixture(scope="session")
def conninfo(embedded_server: EmbeddedServer) -> str:
    return embedded_server.conninfo()


@pytest.fixture(scope="session")
async def gateway(conninfo: str) -> AsyncIterator[LocalGateway]:
    gateway = await LocalGateway.open(conninfo, pool_size=4)
    try:
        yield gateway
    finally:
        await gateway.close()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run browser tests last, however the run was started.

    Sync Playwright keeps an event loop running in the main thread until the
    session ends, and async tests after it could not start their own.
    """
    items.sort(key=lambda item: item.get_closest_marker("e2e") is not None)

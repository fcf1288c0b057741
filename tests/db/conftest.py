"""Fixtures for database tests that need more than the shared migrated database."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import psycopg
import pytest
from psycopg import sql

from services.local.server import EmbeddedServer


@pytest.fixture
def fresh_database(embedded_server: EmbeddedServer) -> Iterator[str]:
    """An empty database of its own, for tests that apply migrations step by step."""
    name = f"fresh_{uuid.uuid4().hex[:10]}"
    admin = embedded_server.conninfo("postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("create database {}").format(sql.Identifier(name)))
    try:
        yield embedded_server.conninfo(name)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(sql.SQL("drop database {} with (force)").format(sql.Identifier(name)))

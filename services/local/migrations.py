"""Applies supabase/migrations/*.sql to the embedded database.

Each file runs in its own transaction and is recorded, so running again only
applies what is new. The local auth shim goes first: it gives plain
PostgreSQL the roles, `auth` schema and `auth.uid()` a Supabase project has.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import psycopg

# The schema lives at the repository's top (`supabase db push` reads it there);
# the app's paths module re-exports this one, since nothing here imports the app.
MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "supabase" / "migrations"

# Any constant works; it only has to be the same for every process applying migrations.
_MIGRATION_LOCK_KEY = 7_305_118


@dataclass(frozen=True)
class Migration:
    version: str
    name: str
    path: Path

    @classmethod
    def from_path(cls, path: Path) -> Migration:
        version, _, name = path.stem.partition("_")
        if not version.isdigit():
            raise ValueError(f"{path.name}: a migration file name starts with a numeric version")
        return cls(version=version, name=name, path=path)


def list_migrations(directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    return [Migration.from_path(path) for path in sorted(directory.glob("*.sql"))]


def auth_shim_sql() -> str:
    return resources.files("services.local").joinpath("auth_shim.sql").read_text("utf-8")


def apply_migrations(conninfo: str, directory: Path = MIGRATIONS_DIR) -> list[str]:
    """Apply pending migrations; return the versions applied now (empty when up to date)."""
    applied_now: list[str] = []
    with psycopg.connect(conninfo, autocommit=True) as conn:
        # Serialises concurrent starts (two app processes, or tests in parallel).
        conn.execute("select pg_advisory_lock(%s)", [_MIGRATION_LOCK_KEY])
        try:
            with conn.transaction():
                conn.execute(auth_shim_sql().encode())
                conn.execute(
                    "create schema if not exists supabase_migrations;"
                    "create table if not exists supabase_migrations.schema_migrations ("
                    " version text primary key, name text not null,"
                    " applied_at timestamptz not null default now())"
                )
            done = {
                row[0]
                for row in conn.execute("select version from supabase_migrations.schema_migrations")
            }
            for migration in list_migrations(directory):
                if migration.version in done:
                    continue
                with conn.transaction():
                    conn.execute(migration.path.read_bytes())
                    conn.execute(
                        "insert into supabase_migrations.schema_migrations (version, name)"
                        " values (%s, %s)",
                        [migration.version, migration.name],
                    )
                applied_now.append(migration.version)
        finally:
            conn.execute("select pg_advisory_unlock(%s)", [_MIGRATION_LOCK_KEY])
    return applied_now


def pending_migrations(conninfo: str, directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    with psycopg.connect(conninfo, autocommit=True) as conn:
        exists = conn.execute(
            "select to_regclass('supabase_migrations.schema_migrations') is not null"
        ).fetchone()
        done: set[str] = set()
        if exists and exists[0]:
            rows = conn.execute("select version from supabase_migrations.schema_migrations")
            done = {row[0] for row in rows}
    return [m for m in list_migrations(directory) if m.version not in done]

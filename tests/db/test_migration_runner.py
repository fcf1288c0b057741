"""The migration runner: name order, one transaction each, recorded, safe to re-run."""

from __future__ import annotations

import shutil
from pathlib import Path

import psycopg
import pytest

from app.paths import MIGRATIONS_DIR
from services.local.migrations import apply_migrations, list_migrations, pending_migrations


def _recorded(conninfo: str) -> list[str]:
    with psycopg.connect(conninfo) as conn:
        rows = conn.execute(
            "select version from supabase_migrations.schema_migrations order by version"
        ).fetchall()
    return [row[0] for row in rows]


def test_applies_all_in_order_then_nothing(fresh_database: str) -> None:
    expected = [m.version for m in list_migrations()]
    assert expected == sorted(expected) and expected
    assert [m.version for m in pending_migrations(fresh_database)] == expected
    assert apply_migrations(fresh_database) == expected
    assert _recorded(fresh_database) == expected
    assert apply_migrations(fresh_database) == []
    assert pending_migrations(fresh_database) == []


def test_a_failing_migration_leaves_nothing_half_done(fresh_database: str, tmp_path: Path) -> None:
    for migration in MIGRATIONS_DIR.glob("*.sql"):
        shutil.copy(migration, tmp_path / migration.name)
    broken = tmp_path / "99990101000000_broken.sql"
    broken.write_text("create table public.half_done (id int);\nselect no_such_function();\n")
    good_versions = [m.version for m in list_migrations(MIGRATIONS_DIR)]

    with pytest.raises(psycopg.errors.UndefinedFunction):
        apply_migrations(fresh_database, tmp_path)

    assert _recorded(fresh_database) == good_versions
    with psycopg.connect(fresh_database) as conn:
        assert conn.execute("select to_regclass('public.half_done')").fetchone() == (None,)

    broken.write_text("create table public.half_done (id int);\n")
    assert apply_migrations(fresh_database, tmp_path) == ["99990101000000"]


def test_file_names_must_start_with_a_version(tmp_path: Path) -> None:
    (tmp_path / "profiles.sql").write_text("select 1;")
    with pytest.raises(ValueError, match="numeric version"):
        list_migrations(tmp_path)

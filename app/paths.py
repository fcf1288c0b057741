"""Where Relais's non-Python files live: migrations, assets, locales."""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS_DIR = REPO_ROOT / "supabase" / "migrations"
ASSETS_DIR = REPO_ROOT / "assets"

"""Where Relais's non-Python files live: migrations, assets, locales."""

from __future__ import annotations

from pathlib import Path

from services.local.migrations import MIGRATIONS_DIR

REPO_ROOT = Path(__file__).resolve().parent.parent
ASSETS_DIR = REPO_ROOT / "assets"

__all__ = ["ASSETS_DIR", "MIGRATIONS_DIR", "REPO_ROOT"]

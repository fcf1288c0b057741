"""Registers the guide's ids in the database so it can refuse a step that does not exist.

The content is YAML shipped with the app; the database only learns its ids.
Local mode: done at every start, as the database owner. Supabase mode: the
app holds no privileged key, so `python -m app guide sync-sql` prints the same
call for the SQL editor.
"""

from __future__ import annotations

import json

import psycopg

from services.guide.content import GuideCatalogue
from services.guide.models import document_ids, step_ids


def catalogue_items(catalogue: GuideCatalogue) -> list[dict[str, object]]:
    # The reference language is enough: the content check guarantees both carry the same ids.
    return [
        {
            "procedure": procedure.id,
            "steps": list(step_ids(procedure)),
            "documents": list(document_ids(procedure)),
        }
        for procedure in catalogue.procedures("fr")
    ]


def sync_guide_catalogue(conninfo: str, catalogue: GuideCatalogue) -> int:
    """Make the database's list of ids match the content; returns how many ids are live."""
    with psycopg.connect(conninfo, autocommit=True) as conn:
        row = conn.execute(
            "select private.sync_guide_catalogue(%s::jsonb)",
            [json.dumps(catalogue_items(catalogue))],
        ).fetchone()
    return int(row[0]) if row else 0


def sync_sql(catalogue: GuideCatalogue) -> str:
    payload = json.dumps(catalogue_items(catalogue), ensure_ascii=False).replace("'", "''")
    return f"select private.sync_guide_catalogue('{payload}'::jsonb);"

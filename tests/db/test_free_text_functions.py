"""The free-text rule's SQL functions: one rule with services/text.py, and the
migration's clean-up of rows stored before it (cleaned, never lost).

For the clean-up, a fresh database gets every migration before the rule, then
rows with the characters the rule refuses (as the old schema allowed), then
the rule: the rows are all still there, the refused characters gone.
"""

from __future__ import annotations

import json
import shutil
import uuid
from pathlib import Path

import psycopg

from services import text
from services.local.migrations import MIGRATIONS_DIR, apply_migrations
from tests.db.as_postgrest import as_owner

RULE = "20261208140000"


def _migrations(into: Path, *, before_rule: bool) -> Path:
    into.mkdir(exist_ok=True)
    for path in sorted(MIGRATIONS_DIR.glob("*.sql")):
        if (path.name < RULE) or not before_rule:
            shutil.copy(path, into / path.name)
    return into


def test_the_rule_strips_what_it_refuses_and_keeps_every_row(
    fresh_database: str, tmp_path: Path
) -> None:
    apply_migrations(fresh_database, _migrations(tmp_path / "m", before_rule=True))
    with psycopg.connect(fresh_database, autocommit=True) as conn:
        meta = {"role": "survivor", "display_name": "Ren\u202eée\x07"}
        [(person,)] = conn.execute(
            "insert into auth.users (email, raw_user_meta_data) values (%s, %s) returning id",
            [f"{uuid.uuid4().hex}@example.org", json.dumps(meta)],
        ).fetchall()
        conn.execute("update public.profiles set bio = %s where id = %s", ["\u200b", person])
        conn.execute(
            "insert into public.diary_goals (survivor_id, title, category, why)"
            " values (%s, %s, 'other', %s), (%s, %s, 'other', null)",
            [person, "Mar\x1bcher", "Pour\r\nsortir", person, "\u200b\u200b"],
        )
        conn.execute(
            "insert into public.diary_entries (survivor_id, body, mood, tags)"
            " values (%s, %s, 3, %s), (%s, %s, null, '{}')",
            [person, "\u200b", ["ok", "\x07"], person, "\u2066\u2069"],
        )

    apply_migrations(fresh_database, _migrations(tmp_path / "m", before_rule=False))

    with psycopg.connect(fresh_database) as conn:
        profile = conn.execute(
            "select display_name, bio from public.profiles where id = %s", [person]
        ).fetchone()
        goals = conn.execute(
            "select title, why from public.diary_goals where survivor_id = %s order by title",
            [person],
        ).fetchall()
        entries = conn.execute(
            "select body, tags from public.diary_entries where survivor_id = %s order by body",
            [person],
        ).fetchall()
    assert profile == ("Renée", None)
    assert goals == [("Marcher", "Pour\nsortir"), ("…", None)]
    # An entry with a mood keeps its mood and loses the invisible text; one with
    # nothing else keeps a visible mark rather than disappearing.
    assert entries == [("", ["ok"]), ("…", [])]


# -- one rule: the SQL functions and services/text.py agree on each character --------
def _code_points() -> list[int]:
    points = set(range(1, 0x3200)) | set(range(0xFB00, 0x10000)) - set(range(0xD800, 0xE000))
    for low, high in text.FORBIDDEN_RANGES + text.INVISIBLE_RANGES:
        points |= {low - 1, low, (low + high) // 2, high, high + 1}
    points |= {0x1F600, 0x1F469, 0x20000, 0xE0001, 0xE0100, 0xE0FFF, 0xE1000, 0x10FFFF}
    return sorted(p for p in points if 0 < p <= 0x10FFFF and not 0xD800 <= p < 0xE000)


def test_sql_and_python_agree_on_every_character(conninfo: str) -> None:
    points = _code_points()
    rows = as_owner(
        conninfo,
        "select c, private.is_clean_text(c), private.has_visible_character(c)"
        " from unnest(%s::text[]) as c",
        [[chr(p) for p in points]],
    )
    disagreements = [
        (hex(ord(c)), clean, visible)
        for c, clean, visible in rows
        if (clean, visible) != (text.is_clean(c), text.has_visible_character(c))
    ]
    assert disagreements == []
    assert len(rows) == len(points)


def test_rows_stored_before_the_rule_are_cleaned_not_lost(conninfo: str) -> None:
    # What the migration did to older rows: the refused characters go, the rest stays.
    [(cleaned,)] = as_owner(conninfo, "select private.clean_text(%s)", ["Bon\x07jour\u202e !\x9b"])
    assert cleaned == "Bonjour !"


def test_the_api_roles_may_not_call_the_cleaner(conninfo: str) -> None:
    grants = as_owner(
        conninfo,
        "select has_function_privilege('authenticated', 'private.clean_text(text)', 'execute'),"
        " has_function_privilege('anon', 'private.is_clean_text(text)', 'execute'),"
        " has_function_privilege('authenticated', 'private.is_clean_text(text)', 'execute')",
    )
    assert grants == [(False, False, True)]

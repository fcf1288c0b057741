"""Supabase's database linter (splinter) on the migrated schema.

Every vendored lint (tests/db/splinter/lints, see its README) runs on the
embedded database, as the Supabase dashboard's advisors run them. Asserted:
no SECURITY finding except the SECURITY DEFINER functions that
docs/SECURITY.md lists as intentional (the list is read from the doc, so the
two cannot drift), one permissive policy per table, role and action (0006),
an index on every foreign key (0001) and a primary key on every table (0004).
SECURITY findings of level INFO are advice, not warnings, and are not
asserted (0008 "RLS enabled, no policy" is a deny-all private table, which is
what such a table should be). The PERFORMANCE lints that depend on usage
statistics (unused indexes, bloat) run but are not asserted: a test database
has no meaningful usage.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[2]
LINTS_DIR = Path(__file__).resolve().parent / "splinter" / "lints"
SECURITY_DOC = ROOT / "docs" / "SECURITY.md"
DEFINER_SECTION = "## Intentional SECURITY DEFINER functions"
DEFINER_LINT = "authenticated_security_definer_function_executable"


@dataclass(frozen=True)
class Finding:
    lint: str
    level: str
    categories: tuple[str, ...]
    detail: str
    metadata: dict[str, Any]


def lint_query(text: str) -> str:
    """A lint file as a plain query, as splinter's bin/compile.py makes it."""
    lines = text.strip().split("\n")
    return "\n".join(line.replace(";", "") for line in lines if "create view" not in line)


def exposed_schemas() -> str:
    """The schemas PostgREST serves, from the project's own config (Supabase sets
    pgrst.db_schemas from the same list); the lints about exposure read it."""
    config = tomllib.loads((ROOT / "supabase" / "config.toml").read_text("utf-8"))
    return ",".join(config["api"]["schemas"])


def run_lints(conninfo: str) -> dict[str, list[Finding]]:
    findings: dict[str, list[Finding]] = {}
    with psycopg.connect(conninfo) as conn:
        for path in sorted(LINTS_DIR.glob("*.sql")):
            with conn.transaction():
                conn.execute(
                    "select set_config('pgrst.db_schemas', %s, true),"
                    " set_config('search_path', '', true)",
                    [exposed_schemas()],
                )
                rows = conn.execute(lint_query(path.read_text("utf-8")).encode()).fetchall()
            findings[path.stem] = [
                Finding(
                    lint=row[0],
                    level=row[2],
                    categories=tuple(row[4]),
                    detail=row[6],
                    metadata=row[8] or {},
                )
                for row in rows
            ]
    return findings


def intentional_definers(doc: str) -> dict[str, tuple[str, str]]:
    """`schema.function` -> (why, caller check), from the doc's table."""
    start = doc.index(DEFINER_SECTION) + len(DEFINER_SECTION)
    following = doc.find("\n## ", start)
    section = doc[start : following if following != -1 else len(doc)]
    listed: dict[str, tuple[str, str]] = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        name = (
            re.fullmatch(r"`([a-z_]+\.[a-z_][a-z0-9_]*)`", cells[0])
            if line.startswith("|")
            else None
        )
        if name:
            assert len(cells) == 3, f"a row needs a name, a reason and a caller check: {line}"
            assert name.group(1) not in listed, f"listed twice: {name.group(1)}"
            listed[name.group(1)] = (cells[1], cells[2])
    return listed


@pytest.fixture(scope="module")
def findings(conninfo: str) -> dict[str, list[Finding]]:
    return run_lints(conninfo)


@pytest.fixture(scope="module")
def listed() -> dict[str, tuple[str, str]]:
    return intentional_definers(SECURITY_DOC.read_text("utf-8"))


def test_every_vendored_lint_runs(findings: dict[str, list[Finding]]) -> None:
    # The fixture raises on the first lint that fails on plain PostgreSQL.
    assert len(findings) == len(list(LINTS_DIR.glob("*.sql"))) >= 28


def test_no_security_finding_but_the_listed_definer_functions(
    findings: dict[str, list[Finding]], listed: dict[str, tuple[str, str]]
) -> None:
    unexpected = [
        f"{finding.lint}: {finding.detail}"
        for lint in findings.values()
        for finding in lint
        if "SECURITY" in finding.categories
        and finding.level in ("WARN", "ERROR")
        and not (
            finding.lint == DEFINER_LINT
            and f"{finding.metadata['schema']}.{finding.metadata['name']}" in listed
        )
    ]
    assert not unexpected, "\n".join(unexpected)


def test_every_listed_definer_is_one_and_says_why(
    findings: dict[str, list[Finding]], listed: dict[str, tuple[str, str]]
) -> None:
    """A row left in the doc after its function changed or went is a stale exception."""
    reported = {
        f"{finding.metadata['schema']}.{finding.metadata['name']}"
        for lint in findings.values()
        for finding in lint
        if finding.lint == DEFINER_LINT
    }
    assert listed, f"no table found under {DEFINER_SECTION!r} in docs/SECURITY.md"
    assert set(listed) <= reported, sorted(set(listed) - reported)
    for name, (why, check) in listed.items():
        assert why and check, f"{name}: say why it must be definer and what it checks"


@pytest.mark.parametrize(
    "lint",
    [
        "0001_unindexed_foreign_keys",
        "0004_no_primary_key",
        "0006_multiple_permissive_policies",
    ],
)
def test_no_finding(findings: dict[str, list[Finding]], lint: str) -> None:
    assert [finding.detail for finding in findings[lint]] == []


def test_the_lint_sees_a_new_unlisted_definer_function(conninfo: str) -> None:
    """The check above can fail: an unlisted definer function granted to
    `authenticated` is reported (created and rolled back here)."""
    with psycopg.connect(conninfo) as conn:
        conn.execute(
            "create function public.linter_probe() returns int language sql"
            " security definer set search_path = '' as 'select 1'"
        )
        conn.execute("grant execute on function public.linter_probe() to authenticated")
        conn.execute("select set_config('pgrst.db_schemas', %s, true)", [exposed_schemas()])
        path = next(LINTS_DIR.glob("0029_*.sql"))
        rows = conn.execute(lint_query(path.read_text("utf-8")).encode()).fetchall()
        conn.rollback()
    assert any(row[8]["name"] == "linter_probe" for row in rows)

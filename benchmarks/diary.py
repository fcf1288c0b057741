"""Goal-diary figures on the embedded default, at the sizes the issue names.

Seeds, set-based (`insert … select generate_series`):
- 1,000 diaries of 100 entries each (100,000 entries), each with a reader;
- one diary of 2,000 entries whose first timeline page is timed;
- one diary of 500 entries, with comments, that is exported to PDF.

Measures, through the real services and LocalGateway (so RLS applies):
- the first page of the 2,000-entry timeline (p50/p95);
- a mix of diary queries at 100,000 entries by owners and readers of random diaries (p95);
- the PDF export of the 500-entry diary.
Baselines, same run: the timeline SQL run by the table owner (no RLS), an empty
round trip through the gateway (`select` of nothing under RLS), and the JSON
export of the same 500 entries (fetching without laying out).

Run: python benchmarks/diary.py
"""

from __future__ import annotations

import asyncio
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psycopg

from benchmarks._harness import milliseconds, report
from services.diary import export as diary_export
from services.diary import feedback as diary_feedback
from services.diary import journal as diary
from services.local.accounts import SEEDED_SESSIONS_SQL, seeded_access_token
from services.local.gateway import LocalGateway
from services.local.migrations import apply_migrations
from services.local.server import EmbeddedServer
from services.models import AuthSession, Locale

DIARIES = 1_000
ENTRIES_PER_DIARY = 100
BIG_TIMELINE = 2_000
PDF_ENTRIES = 500
RUNS = 200
TARGETS = {"timeline_first_page_p95_ms": 300.0, "rls_queries_p95_ms": 10.0, "pdf_export_s": 5.0}

SEED_SQL = """
-- People: the handle_new_user trigger makes each profile from the metadata.
insert into auth.users (id, email, raw_user_meta_data, email_confirmed_at)
select gen_random_uuid(), format('%s.%s@bench.example', kind, n),
       jsonb_build_object('role', kind, 'display_name', initcap(kind) || ' ' || n), now()
  from generate_series(1, {diaries} + 2) as n, unnest(array['survivor', 'caregiver']) as kind;

create temporary table bench_diary as
select s.id as survivor_id, c.id as reader_id, n
  from generate_series(1, {diaries} + 2) as n
  join auth.users s on s.email = format('survivor.%s@bench.example', n)
  join auth.users c on c.email = format('caregiver.%s@bench.example', n);

insert into public.care_circle (survivor_id, member_id, access)
select survivor_id, reader_id, 'reader' from bench_diary;

insert into public.diary_goals (survivor_id, created_by, title, category, gas_level)
select survivor_id, survivor_id, 'Walk to the shop', 'mobility', -1 from bench_diary;

-- Diaries 1..N: 100 entries each; N+1: the big timeline; N+2: the one exported.
insert into public.diary_entries (survivor_id, author_id, entry_date, created_at, body, mood,
                                  fatigue, goal_id, progress_percent, tags)
select d.survivor_id, d.survivor_id, current_date - (i % 720), now() - i * interval '1 minute',
       'Walked a little further today; tired in the evening. ' || repeat('Notes. ', i % 20),
       1 + i % 5, 1 + (i * 7) % 5,
       case when i % 4 = 0 then g.id end, case when i % 4 = 0 then i % 101 end,
       case when i % 3 = 0 then array['outing'] else array[]::text[] end
  from bench_diary d
  join public.diary_goals g on g.survivor_id = d.survivor_id
  cross join lateral generate_series(1, case d.n when {diaries} + 1 then {big}
                                               when {diaries} + 2 then {pdf}
                                               else {per_diary} end) as i;

insert into public.diary_comments (entry_id, survivor_id, author_id, body)
select e.id, e.survivor_id, d.reader_id, 'Well done, keep going!'
  from public.diary_entries e join bench_diary d on d.survivor_id = e.survivor_id
 where e.mood >= 4;
analyze;
"""


Diary = tuple[uuid.UUID, uuid.UUID, str, str, uuid.UUID]


def seed(conninfo: str) -> list[Diary]:
    """(survivor, reader, survivor e-mail, reader e-mail, a commented entry) per diary, in order."""
    with psycopg.connect(conninfo, autocommit=True) as conn:
        # Only our own integer constants go into the text; no parameters, so the
        # statements can run as one script.
        script = SEED_SQL.format(
            diaries=DIARIES, big=BIG_TIMELINE, pdf=PDF_ENTRIES, per_diary=ENTRIES_PER_DIARY
        )
        conn.execute(script.encode())
        conn.execute(SEEDED_SESSIONS_SQL)
        rows = conn.execute(
            "select d.survivor_id, d.reader_id, s.email, c.email,"
            " (select min(m.entry_id::text)::uuid from public.diary_comments m"
            "   where m.survivor_id = d.survivor_id)"
            " from bench_diary d"
            " join auth.users s on s.id = d.survivor_id join auth.users c on c.id = d.reader_id"
            " order by d.n"
        ).fetchall()
        return [(row[0], row[1], row[2], row[3], row[4]) for row in rows]


def as_user(user_id: uuid.UUID, email: str) -> AuthSession:
    # LocalGateway acts as `user_id` by setting the role and JWT claims, as PostgREST does;
    # seeded accounts have no password, so their sessions are made directly.
    return AuthSession(
        user_id=user_id,
        email=email,
        access_token=seeded_access_token(user_id),
        refresh_token="-",  # noqa: S106
    )


async def timed(work: Callable[[], Awaitable[Any]], runs: int) -> list[float]:
    durations = []
    for _ in range(runs):
        started = time.perf_counter()
        await work()
        durations.append(time.perf_counter() - started)
    return durations


def owner_timeline_durations(conninfo: str, survivor: uuid.UUID) -> list[float]:
    """The timeline's SQL as the table owner: what the page costs with no RLS at all."""
    query = (
        "select * from public.diary_entries where survivor_id = %s"
        " order by entry_date desc, created_at desc, id desc limit 20"
    )
    durations = []
    with psycopg.connect(conninfo) as conn:
        for _ in range(RUNS):
            started = time.perf_counter()
            conn.execute(query, [survivor]).fetchall()
            durations.append(time.perf_counter() - started)
    return durations


async def measure(conninfo: str, people: list[Diary]) -> dict[str, Any]:
    gateway = await LocalGateway.open(conninfo, pool_size=2)
    try:
        big_owner = as_user(people[DIARIES][0], people[DIARIES][2])
        first_page = await timed(
            lambda: diary.list_timeline(gateway, big_owner, survivor_id=big_owner.user_id), RUNS
        )

        rng = random.Random(7)  # the same mix on every run

        async def one_query() -> None:
            survivor, reader, survivor_email, reader_email, entry_id = rng.choice(people[:DIARIES])
            who = (
                as_user(survivor, survivor_email)
                if rng.random() < 0.5
                else as_user(reader, reader_email)
            )
            kind = rng.randrange(3)
            if kind == 0:
                await diary.list_timeline(gateway, who, survivor_id=survivor, page_size=20)
            elif kind == 1:
                await diary.list_goals(gateway, who, survivor_id=survivor)
            else:
                await diary_feedback.list_comments(gateway, who, entry_id=entry_id)

        await timed(one_query, 20)  # warm the pool and the caches
        mixed = await timed(one_query, RUNS * 2)
        empty_round_trip = await timed(
            lambda: gateway.select(big_owner, "diary_goals", eq={"id": str(uuid.uuid4())}), RUNS
        )

        pdf_owner = as_user(people[DIARIES + 1][0], people[DIARIES + 1][2])
        started = time.perf_counter()
        pdf = await diary_export.export_pdf(gateway, pdf_owner, locale=Locale.FR)
        pdf_seconds = time.perf_counter() - started
        started = time.perf_counter()
        await diary_export.export_json(gateway, pdf_owner)
        json_seconds = time.perf_counter() - started
        return {
            "first_page": first_page,
            "mixed": mixed,
            "empty": empty_round_trip,
            "pdf_s": pdf_seconds,
            "pdf_bytes": len(pdf),
            "json_s": json_seconds,
        }
    finally:
        await gateway.close()


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="relais-bench-diary-") as tmp:
        server = EmbeddedServer(Path(tmp)).start()
        try:
            conninfo = server.conninfo()
            apply_migrations(conninfo)
            started = time.perf_counter()
            people = seed(conninfo)
            seed_seconds = time.perf_counter() - started
            results = asyncio.run(measure(conninfo, people))
            no_rls = milliseconds(owner_timeline_durations(conninfo, people[DIARIES][0]))
        finally:
            server.stop()

    page = milliseconds(results["first_page"])
    mixed = milliseconds(results["mixed"])
    empty = milliseconds(results["empty"])
    figures = {
        "timeline_first_page_p50_ms": page["p50_ms"],
        "timeline_first_page_p95_ms": page["p95_ms"],
        "rls_queries_p50_ms": mixed["p50_ms"],
        "rls_queries_p95_ms": mixed["p95_ms"],
        "pdf_export_s": round(results["pdf_s"], 2),
        "pdf_kib": round(results["pdf_bytes"] / 1024, 1),
    }
    baselines = {
        "timeline_sql_without_rls_p95_ms": no_rls["p95_ms"],
        "empty_gateway_round_trip_p95_ms": empty["p95_ms"],
        "json_export_same_diary_s": round(results["json_s"], 2),
        "seed_s": round(seed_seconds, 1),
    }
    ok = all(figures[name] <= target for name, target in TARGETS.items())
    print(
        f"seeded {DIARIES * ENTRIES_PER_DIARY + BIG_TIMELINE + PDF_ENTRIES} entries"
        f" in {seed_seconds:.1f} s"
    )
    print(
        f"first timeline page of {BIG_TIMELINE} entries: p50 {page['p50_ms']} ms,"
        f" p95 {page['p95_ms']} ms (same SQL without RLS: p95 {no_rls['p95_ms']} ms)"
    )
    print(
        f"diary queries at {DIARIES * ENTRIES_PER_DIARY} entries over {DIARIES} diaries:"
        f" p50 {mixed['p50_ms']} ms, p95 {mixed['p95_ms']} ms"
        f" (empty gateway round trip: p95 {empty['p95_ms']} ms)"
    )
    print(
        f"PDF export of {PDF_ENTRIES} entries: {results['pdf_s']:.2f} s,"
        f" {results['pdf_bytes'] / 1024:.0f} KiB (JSON export: {results['json_s']:.2f} s)"
    )
    report("diary", figures, baselines, TARGETS, ok)


if __name__ == "__main__":
    main()

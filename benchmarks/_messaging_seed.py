"""Set-based seeding for the messaging benchmark: 10,000 people, 1,000,000 messages.

Everything is inserted with `insert … select generate_series`, as the server's
own user, with triggers off (session_replication_role = replica): the rows are
what the app would have stored, without a million rate-limit checks and
notifications. The profiles come from the sign-up trigger beforehand, which
stays on for that step.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import psycopg

from services.local.accounts import SEEDED_SESSIONS_SQL, seeded_access_token
from services.models import AuthSession

PEOPLE = 10_000
CONVERSATIONS = PEOPLE // 2
MESSAGES_PER_CONVERSATION = 200  # 5,000 x 200 = 1,000,000

PEOPLE_SQL = """
create table bench_person as
select n, gen_random_uuid() as id from generate_series(1, {people}) as n;
insert into auth.users (id, email, raw_user_meta_data)
select id, 'bench.' || n || '@relais.example',
       jsonb_build_object('display_name', 'Person ' || n,
                          'role', case when n % 2 = 0 then 'peer' else 'survivor' end)
  from bench_person;
-- Approved as of the pairs' applications (PAIRS_SQL); the guard that asks for
-- a training date does not run while seeding, as the other triggers there.
set session_replication_role = replica;
update public.profiles set peer_status = 'approved' where role = 'peer';
set session_replication_role = origin;
"""

PAIRS_SQL = """
set session_replication_role = replica;
set maintenance_work_mem = '256MB';
create table bench_pair as
select s.id as requester_id, p.id as peer_id, gen_random_uuid() as request_id,
       gen_random_uuid() as match_id, gen_random_uuid() as conversation_id, p.n / 2 as n
  from bench_person s join bench_person p on p.n = s.n + 1 and s.n % 2 = 1;
insert into public.peer_applications (peer_id, topics, languages, departement, availability,
                                      charter_accepted_at, training_completed_on)
select peer_id, '{{emotional_support}}', '{{fr}}', '69', 'Evenings', now(), date '2026-01-01'
  from bench_pair;
insert into public.support_requests (id, requester_id, topics, status)
select request_id, requester_id, '{{emotional_support}}', 'matched' from bench_pair;
insert into public.matches (id, request_id, requester_id, peer_id, status,
                            requester_accepted_at, peer_accepted_at)
select match_id, request_id, requester_id, peer_id, 'active', now(), now() from bench_pair;
insert into public.conversations (id, match_id, requester_id, peer_id)
select conversation_id, match_id, requester_id, peer_id from bench_pair;
-- Two of the indexes are built after the rows, as one sort each: a million
-- scattered index insertions would take most of the seeding time. Same
-- definitions as in supabase/migrations/20261129120200_messages.sql.
alter table public.messages drop constraint seq_unique;
drop index public.messages_sender_recent_idx;
insert into public.messages (id, conversation_id, sender_id, seq, body, created_at)
select uuidv7(), b.conversation_id,
       case when i % 2 = 0 then b.peer_id else b.requester_id end, i,
       'Message ' || i || ' of a long conversation about getting back on my feet',
       now() - interval '1 day' + i * interval '1 minute'
  from bench_pair b cross join generate_series(1, {per_conversation}) as i;
alter table public.messages add constraint seq_unique unique (conversation_id, seq);
create index messages_sender_recent_idx on public.messages (sender_id, created_at);
set session_replication_role = origin;
analyze;
"""


@dataclass(frozen=True)
class SeededPair:
    conversation_id: uuid.UUID
    requester: AuthSession
    peer: AuthSession


def as_user(user_id: uuid.UUID, email: str) -> AuthSession:
    # LocalGateway acts as `user_id` by setting the role and JWT claims, as
    # PostgREST does; seeded accounts have no password, so sessions are made here.
    return AuthSession(
        user_id=user_id,
        email=email,
        access_token=seeded_access_token(user_id),
        refresh_token="-",  # noqa: S106
    )


def seed(conninfo: str) -> list[SeededPair]:
    with psycopg.connect(conninfo, autocommit=True) as conn:
        # Only our own integer constants go into the text, so each script runs as one.
        conn.execute(PEOPLE_SQL.format(people=PEOPLE).encode())
        conn.execute(PAIRS_SQL.format(per_conversation=MESSAGES_PER_CONVERSATION).encode())
        conn.execute(SEEDED_SESSIONS_SQL)
        rows = conn.execute(
            "select b.conversation_id, b.requester_id, r.email, b.peer_id, p.email"
            " from bench_pair b join auth.users r on r.id = b.requester_id"
            " join auth.users p on p.id = b.peer_id order by b.n"
        ).fetchall()
    return [SeededPair(row[0], as_user(row[1], row[2]), as_user(row[3], row[4])) for row in rows]


def counts(conninfo: str) -> tuple[int, int]:
    with psycopg.connect(conninfo) as conn:
        row = conn.execute(
            "select (select count(*) from public.profiles), (select count(*) from public.messages)"
        ).fetchone()
    assert row is not None
    return int(row[0]), int(row[1])

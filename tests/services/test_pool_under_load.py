"""The pool under stress (issue 14 §7–8): one stuck conversation starves nobody,
and connections killed under the app are replaced, not handed out.

Each test opens its own LocalGateway with the default pool size, so the pool
it exhausts or kills is its own.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from uuid import UUID

import psycopg
import pytest

from services.accounts import auth
from services.errors import ErrorCode, RelaisError
from services.local.gateway import DEFAULT_POOL_SIZE, LocalGateway
from services.local.limits import CallTimeouts
from services.models import AuthSession
from services.peer_support import messaging
from services.peer_support.message_models import Message
from tests.factories import PASSWORD, make_coordinator, make_user
from tests.peer_factories import Pair, make_pair

# Long enough that nothing times out while the test looks (it releases the
# lock as soon as it has seen what it wants): no timing threshold is asserted.
PATIENT = CallTimeouts(statement_ms=8000, lock_ms=6000)
SENDS = DEFAULT_POOL_SIZE + 4


@pytest.fixture
async def own(conninfo: str) -> AsyncIterator[LocalGateway]:
    gateway = await LocalGateway.open(conninfo, pool_size=DEFAULT_POOL_SIZE, timeouts=PATIENT)
    try:
        yield gateway
    finally:
        await gateway.close()


@pytest.fixture
async def pair(own: LocalGateway, conninfo: str) -> Pair:
    return await make_pair(own, await make_coordinator(own, conninfo))


def hold_conversation(conninfo: str, conversation_id: UUID) -> psycopg.Connection:
    """What a stuck session holds: the conversation's row and its send lock, until rollback."""
    holder = psycopg.connect(conninfo)
    holder.execute("select 1 from public.conversations where id = %s for update", [conversation_id])
    holder.execute(
        "select pg_advisory_xact_lock(hashtextextended('relais.conversation.' || %s::text, 0))",
        [conversation_id],
    )
    return holder


async def send(gateway: LocalGateway, who: AuthSession, pair: Pair, message_id: UUID) -> Message:
    return await messaging.send_message(
        gateway,
        who,
        message_id=message_id,
        conversation_id=pair.conversation_id,
        body=f"Are you there? {message_id}",
    )


def stored_ids(conninfo: str, conversation_id: UUID) -> list[UUID]:
    with psycopg.connect(conninfo) as conn:
        rows = conn.execute(
            "select id from public.messages where conversation_id = %s", [conversation_id]
        ).fetchall()
    return [row[0] for row in rows]


async def waiting_on_locks(conninfo: str, text: str) -> list[int]:
    """Server processes of statements like `text` waiting on a lock (as soon as there is one)."""
    async with await psycopg.AsyncConnection.connect(conninfo, autocommit=True) as conn:
        for _ in range(200):  # ten seconds at most, so that a broken test ends
            cursor = await conn.execute(
                "select pid from pg_stat_activity where datname = current_database()"
                " and wait_event_type = 'Lock' and query ilike %s",
                [f"%{text}%"],
            )
            if pids := [row[0] for row in await cursor.fetchall()]:
                return pids
            await asyncio.sleep(0.05)
    raise AssertionError(f"no statement like {text!r} waits on a lock")


async def test_a_locked_conversation_starves_nobody_else(
    own: LocalGateway, conninfo: str, pair: Pair
) -> None:
    other = await make_pair(own, pair.coordinator)  # someone else, with a conversation of their own
    ids = [uuid.uuid4() for _ in range(SENDS)]
    senders = [(pair.requester, pair.peer)[number % 2] for number in range(SENDS)]
    holder = hold_conversation(conninfo, pair.conversation_id)
    try:
        sends = [
            asyncio.create_task(send(own, who, pair, message_id))
            for who, message_id in zip(senders, ids, strict=True)
        ]
        await waiting_on_locks(conninfo, "send_message")  # the sends are stuck
        signed_in = await auth.sign_in(own, email=other.requester.email, password=PASSWORD)
        listed = await messaging.list_conversations(own, signed_in)
        # Done while every send still waits on the held conversation: before the
        # fix, the sends held every pooled connection until their lock timeout.
        assert not any(task.done() for task in sends)
        assert [c.conversation_id for c in listed] == [other.conversation_id]
        assert len(await waiting_on_locks(conninfo, "send_message")) <= 2
    finally:
        holder.rollback()
        holder.close()

    outcomes = await asyncio.gather(*sends, return_exceptions=True)
    for outcome in outcomes:  # each either went through or was told to try again
        assert isinstance(outcome, Message) or (
            isinstance(outcome, RelaisError) and outcome.code is ErrorCode.TIMED_OUT
        ), outcome
    for who, message_id, outcome in zip(senders, ids, outcomes, strict=True):
        if not isinstance(outcome, Message):  # the phone's retry, with the same id
            await send(own, who, pair, message_id)
    stored = stored_ids(conninfo, pair.conversation_id)
    assert sorted(stored) == sorted(ids)  # every message once, none lost


async def test_killed_connections_are_replaced_not_handed_out(
    own: LocalGateway, conninfo: str, pair: Pair
) -> None:
    person = await make_user(own)
    # Fill the pool: every one of its connections is open, then all are killed.
    borrowed = asyncio.Event()
    pids: list[int] = []

    async def borrow() -> None:
        async with own.pool.connection() as conn:
            pids.append(conn.info.backend_pid)
            if len(pids) == DEFAULT_POOL_SIZE:
                borrowed.set()
            await borrowed.wait()

    await asyncio.gather(*(borrow() for _ in range(DEFAULT_POOL_SIZE)))
    with psycopg.connect(conninfo, autocommit=True) as killer:
        killer.execute("select pg_terminate_backend(pid) from unnest(%s::int[]) as pid", [pids])

    calls = [
        messaging.list_conversations(own, pair.requester),
        messaging.list_history(own, pair.peer, conversation_id=pair.conversation_id),
        send(own, pair.requester, pair, uuid.uuid4()),
        auth.sign_in(own, email=person.email, password=PASSWORD),
    ]
    calls += [messaging.list_conversations(own, person) for _ in range(6)]
    results = await asyncio.gather(*calls, return_exceptions=True)
    assert [r for r in results if isinstance(r, BaseException)] == []


async def test_a_send_whose_connection_dies_is_retried_once(
    own: LocalGateway, conninfo: str, pair: Pair
) -> None:
    message_id = uuid.uuid4()
    holder = hold_conversation(conninfo, pair.conversation_id)
    try:
        sending = asyncio.create_task(send(own, pair.requester, pair, message_id))
        stuck = await waiting_on_locks(conninfo, "send_message")
        # Killed after the pool checked it: the send itself meets the dead connection.
        with psycopg.connect(conninfo, autocommit=True) as killer:
            killer.execute("select pg_terminate_backend(%s)", [stuck[0]])
    finally:
        holder.rollback()
        holder.close()
    sent = await sending
    assert sent.id == message_id
    assert stored_ids(conninfo, pair.conversation_id) == [message_id]


async def test_a_write_that_could_apply_twice_is_not_retried(
    own: LocalGateway, conninfo: str
) -> None:
    person = await make_user(own)
    mine = {"id": str(person.user_id)}
    with psycopg.connect(conninfo) as holder:
        holder.execute("select 1 from public.profiles where id = %s for update", [person.user_id])
        updating = asyncio.create_task(own.update(person, "profiles", {"bio": "Hello"}, eq=mine))
        stuck = await waiting_on_locks(conninfo, 'update public."profiles"')
        with psycopg.connect(conninfo, autocommit=True) as killer:
            killer.execute("select pg_terminate_backend(%s)", [stuck[0]])
        with pytest.raises(RelaisError) as lost:
            await updating
        holder.rollback()
    assert lost.value.code is ErrorCode.UNREACHABLE

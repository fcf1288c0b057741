"""Rules that only Python (or one function) kept, now kept by the tables (issue 13, item 9).

Every write here goes straight to the table as PostgREST would send it (PATCH or
POST as `authenticated`), never through mark_conversation_read or
set_quiet_hours: the table must refuse on its own.
"""

from __future__ import annotations

import uuid

import pytest

from services.local.gateway import LocalGateway
from services.peer_support import messaging
from tests.db.as_postgrest import as_owner, as_user, refusal_of
from tests.factories import make_coordinator, make_user
from tests.peer_factories import Pair, make_pair

RECEIPT = (
    "select last_read_seq from public.conversation_reads"
    " where conversation_id = %s and user_id = %s"
)


@pytest.fixture
async def pair(gateway: LocalGateway, conninfo: str) -> Pair:
    """A conversation with three messages from the survivor, none read by the peer."""
    made = await make_pair(gateway, await make_coordinator(gateway, conninfo))
    for body in ("One", "Two", "Three"):
        await messaging.send_message(
            gateway,
            made.requester,
            message_id=uuid.uuid4(),
            conversation_id=made.conversation_id,
            body=body,
        )
    return made


def _receipt(conninfo: str, pair: Pair) -> int | None:
    rows = as_owner(conninfo, RECEIPT, [pair.conversation_id, pair.peer.user_id])
    return int(rows[0][0]) if rows else None


@pytest.mark.parametrize("seq", [4, 999999, -1])
async def test_a_receipt_beyond_the_messages_is_refused_on_insert(
    conninfo: str, pair: Pair, seq: int
) -> None:
    refusal = refusal_of(
        conninfo,
        pair.peer.user_id,
        "insert into public.conversation_reads (conversation_id, last_read_seq) values (%s, %s)",
        [pair.conversation_id, seq],
    )
    assert refusal.sqlstate in ("22023", "23514")
    assert _receipt(conninfo, pair) is None


async def test_a_receipt_is_set_directly_within_the_messages(conninfo: str, pair: Pair) -> None:
    as_user(
        conninfo,
        pair.peer.user_id,
        "insert into public.conversation_reads (conversation_id, last_read_seq) values (%s, 1)",
        [pair.conversation_id],
    )
    assert _receipt(conninfo, pair) == 1
    as_user(
        conninfo,
        pair.peer.user_id,
        "update public.conversation_reads set last_read_seq = 3 where conversation_id = %s",
        [pair.conversation_id],
    )
    assert _receipt(conninfo, pair) == 3


@pytest.mark.parametrize(("seq", "why"), [(999999, "last_read_seq"), (4, "last_read_seq")])
async def test_a_patch_beyond_the_latest_message_is_refused(
    conninfo: str, pair: Pair, seq: int, why: str
) -> None:
    as_user(
        conninfo,
        pair.peer.user_id,
        "select public.mark_conversation_read(%s, 1)",
        [pair.conversation_id],
    )
    refusal = refusal_of(
        conninfo,
        pair.peer.user_id,
        "update public.conversation_reads set last_read_seq = %s where conversation_id = %s",
        [seq, pair.conversation_id],
    )
    assert (refusal.sqlstate, refusal.hint) == ("22023", why)
    assert _receipt(conninfo, pair) == 1


async def test_a_receipt_never_moves_back(conninfo: str, pair: Pair) -> None:
    as_user(
        conninfo,
        pair.peer.user_id,
        "select public.mark_conversation_read(%s, 3)",
        [pair.conversation_id],
    )
    refusal = refusal_of(
        conninfo,
        pair.peer.user_id,
        "update public.conversation_reads set last_read_seq = 1 where conversation_id = %s",
        [pair.conversation_id],
    )
    assert refusal.sqlstate == "22023"
    # The function keeps its own meaning: an older seq is a no-op, a huge one is clamped.
    as_user(
        conninfo,
        pair.peer.user_id,
        "select public.mark_conversation_read(%s, 1)",
        [pair.conversation_id],
    )
    as_user(
        conninfo,
        pair.peer.user_id,
        "select public.mark_conversation_read(%s, 999999)",
        [pair.conversation_id],
    )
    assert _receipt(conninfo, pair) == 3


async def test_a_stranger_learns_nothing_from_a_receipt(
    gateway: LocalGateway, conninfo: str, pair: Pair
) -> None:
    """Outside the conversation, its real id and a made-up one are refused alike."""
    stranger = await make_user(gateway)
    for seq in (0, 2):
        refusals = {
            refusal_of(
                conninfo,
                stranger.user_id,
                "insert into public.conversation_reads (conversation_id, last_read_seq)"
                " values (%s, %s)",
                [conversation, seq],
            )
            for conversation in (pair.conversation_id, uuid.uuid4())
        }
        assert len(refusals) == 1, refusals


BIG = "Europe/Paris" + "x" * 1_000_000


@pytest.mark.parametrize("zone", [BIG, "Mars/Olympus", "", "Europe/Paris; drop table x"])
async def test_quiet_hours_refuse_a_zone_nobody_knows(
    gateway: LocalGateway, conninfo: str, zone: str
) -> None:
    person = await make_user(gateway)
    refusal = refusal_of(
        conninfo,
        person.user_id,
        "insert into public.quiet_hours (starts_at, ends_at, time_zone)"
        " values ('22:00', '07:00', %s)",
        [zone],
    )
    assert refusal.sqlstate in ("22023", "23514")
    # Nor by changing a row that was fine.
    as_user(
        conninfo,
        person.user_id,
        "insert into public.quiet_hours (starts_at, ends_at, time_zone)"
        " values ('22:00', '07:00', 'Europe/Paris')",
    )
    refusal = refusal_of(
        conninfo,
        person.user_id,
        "update public.quiet_hours set time_zone = %s where user_id = %s",
        [zone, person.user_id],
    )
    assert refusal.sqlstate in ("22023", "23514")
    rows = as_owner(
        conninfo, "select time_zone from public.quiet_hours where user_id = %s", [person.user_id]
    )
    assert rows == [("Europe/Paris",)]


async def test_quiet_hours_take_any_known_zone_directly(
    gateway: LocalGateway, conninfo: str
) -> None:
    person = await make_user(gateway)
    as_user(
        conninfo,
        person.user_id,
        "insert into public.quiet_hours (starts_at, ends_at, time_zone)"
        " values ('22:00', '07:00', 'America/Guadeloupe')",
    )
    as_user(
        conninfo,
        person.user_id,
        "update public.quiet_hours set time_zone = 'Indian/Reunion' where user_id = %s",
        [person.user_id],
    )
    rows = as_owner(
        conninfo, "select time_zone from public.quiet_hours where user_id = %s", [person.user_id]
    )
    assert rows == [("Indian/Reunion",)]
    # The function answers as before, and as the table does.
    refusal = refusal_of(
        conninfo, person.user_id, "select public.set_quiet_hours('22:00', '07:00', 'Mars/Olympus')"
    )
    assert (refusal.sqlstate, refusal.message, refusal.hint) == (
        "22023",
        "unknown time zone",
        "time_zone",
    )

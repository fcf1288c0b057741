"""After any suspension, the peer reads and writes nothing new (issue 13, item 1).

Each probe is what the suspended peer could send to PostgREST themselves,
bypassing the app: SQL run as `authenticated` with their claims. Every path
that can take a peer's approval away is tried: the coordinator's suspend_peer
called directly, and an administrator's SQL (suspended, or back to applicant).
Before the suspension the same peer reads the diary and writes to the
conversation, so each probe is known to reach something that was open.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

import psycopg
import pytest

from services.diary import journal as diary
from services.diary.models import GoalCategory
from services.local.gateway import LocalGateway
from services.peer_support import messaging
from tests.db.as_postgrest import as_owner, as_user, refusal_of
from tests.factories import make_coordinator
from tests.peer_factories import Pair, make_pair, make_requester


@dataclass
class World:
    pair: Pair
    entry_id: uuid.UUID  # written by the survivor before the suspension
    conninfo: str


def _by_suspend_peer(world: World) -> None:
    as_user(
        world.conninfo,
        world.pair.coordinator.user_id,
        "select public.suspend_peer(%s, 'Paused')",
        [world.pair.peer.user_id],
    )


def _by_administrator(status: str) -> Callable[[World], None]:
    def suspend(world: World) -> None:
        peer = world.pair.peer.user_id
        as_owner(
            world.conninfo,
            "update public.peer_applications set suspension_reason = 'Paused' where peer_id = %s",
            [peer],
        )
        as_owner(
            world.conninfo,
            "update public.profiles set peer_status = %s::public.peer_status where id = %s",
            [status, peer],
        )

    suspend.__name__ = f"administrator_sets_{status}"
    return suspend


PATHS = [_by_suspend_peer, _by_administrator("suspended"), _by_administrator("applicant")]


@pytest.fixture
async def world(gateway: LocalGateway, conninfo: str) -> World:
    pair = await make_pair(gateway, await make_coordinator(gateway, conninfo))
    survivor = pair.requester
    await diary.share_with_matched_peer(gateway, survivor, enabled=True)
    entry = await diary.add_entry(gateway, survivor, survivor_id=survivor.user_id, body="Day one")
    await diary.create_goal(
        gateway,
        survivor,
        survivor_id=survivor.user_id,
        title="Walk",
        category=GoalCategory.MOBILITY,
    )
    as_user(
        conninfo,
        survivor.user_id,
        "select public.add_diary_comment(gen_random_uuid(), %(entry)s, 'Proud'),"
        " public.add_diary_reaction(%(entry)s, 'strength')",
        {"entry": entry.id},
    )
    for body in ("First", "Second"):
        await messaging.send_message(
            gateway,
            survivor,
            message_id=uuid.uuid4(),
            conversation_id=pair.conversation_id,
            body=body,
        )
    # The peer has read the first message only.
    await messaging.mark_read(gateway, pair.peer, conversation_id=pair.conversation_id, up_to_seq=1)
    return World(pair, entry.id, conninfo)


def _peer(world: World, query: str, *params: object) -> list[tuple[object, ...]]:
    return as_user(world.conninfo, world.pair.peer.user_id, query, list(params))


def _peer_refused(world: World, query: str, *params: object) -> str | None:
    return refusal_of(world.conninfo, world.pair.peer.user_id, query, list(params)).sqlstate


def _send(world: World, who: uuid.UUID) -> list[tuple[object, ...]]:
    return as_user(
        world.conninfo,
        who,
        "select (public.send_message(%s, %s, 'Still there?')).seq",
        [uuid.uuid4(), world.pair.conversation_id],
    )


DIARY_TABLES = ("diary_entries", "diary_goals", "diary_comments", "diary_reactions")


def _peer_reads_diary(world: World) -> dict[str, int]:
    """How many rows of the survivor's diary the peer reads, table by table."""
    survivor = world.pair.requester.user_id
    read = {
        # The table names are the constants above.
        table: len(_peer(world, f"select 1 from public.{table} where survivor_id = %s", survivor))  # noqa: S608
        for table in DIARY_TABLES
    }
    read["list_peer_shared_diaries"] = len(
        _peer(world, "select 1 from public.list_peer_shared_diaries()")
    )
    return read


def _my_receipt(world: World) -> int:
    rows = as_owner(
        world.conninfo,
        "select last_read_seq from public.conversation_reads where conversation_id = %s"
        " and user_id = %s",
        [world.pair.conversation_id, world.pair.peer.user_id],
    )
    return int(rows[0][0])


async def test_before_the_suspension_the_probes_reach_something(world: World) -> None:
    """The controls: the same peer, approved, reads the diary and writes to the conversation."""
    assert _peer_reads_diary(world) == {
        "diary_entries": 1,
        "diary_goals": 1,
        "diary_comments": 1,
        "diary_reactions": 1,
        "list_peer_shared_diaries": 1,
    }
    assert _send(world, world.pair.peer.user_id)
    _peer(world, "select public.mark_conversation_read(%s, 2)", world.pair.conversation_id)
    assert _my_receipt(world) == 2


@pytest.mark.parametrize("suspend", PATHS, ids=lambda path: path.__name__)
async def test_a_suspended_peer_reads_and_writes_nothing_new(
    gateway: LocalGateway, world: World, suspend: Callable[[World], None]
) -> None:
    pair, conversation = world.pair, world.pair.conversation_id
    suspend(world)

    # Writes into the former conversation: through the function and straight into the table.
    assert _peer_refused(
        world, "select public.send_message(%s, %s, 'Hello')", uuid.uuid4(), conversation
    ) in ("RLCLS", "42501")
    assert _peer_refused(
        world,
        "insert into public.messages (id, conversation_id, body) values (%s, %s, 'Hello')",
        uuid.uuid4(),
        conversation,
    ) in ("RLCLS", "42501")
    # Nothing new can reach them there: the survivor cannot write into it either.
    with pytest.raises(psycopg.Error):
        _send(world, pair.requester.user_id)
    assert _peer(world, "select * from public.list_messages_after(%s, 2)", conversation) == []

    # Read receipts: neither the function nor the table moves theirs.
    assert _peer_refused(world, "select public.mark_conversation_read(%s, 2)", conversation)
    assert _peer_refused(
        world,
        "update public.conversation_reads set last_read_seq = 2 where conversation_id = %s",
        conversation,
    )
    assert _my_receipt(world) == 1

    # The shared diary: nothing, not even what the survivor writes afterwards.
    survivor = pair.requester
    as_user(
        world.conninfo,
        survivor.user_id,
        "insert into public.diary_entries (id, survivor_id, body) values (%s, %s, 'Day two')",
        [uuid.uuid4(), survivor.user_id],
    )
    assert set(_peer_reads_diary(world).values()) == {0}
    assert (
        _peer_refused(world, "select public.add_diary_reaction(%s, 'heart')", world.entry_id)
        == "42501"
    )
    assert (
        _peer_refused(
            world, "select public.add_diary_comment(%s, %s, 'Bravo')", uuid.uuid4(), world.entry_id
        )
        == "42501"
    )

    # The match cannot be brought back: not by the peer, not by a new proposal.
    assert _peer_refused(world, "select public.respond_to_match(%s, true)", pair.match.id)
    _, request_id = await make_requester(gateway)
    assert (
        refusal_of(
            world.conninfo,
            pair.coordinator.user_id,
            "select public.propose_match(%s, %s)",
            [request_id, pair.peer.user_id],
        ).hint
        == "peer_not_approved"
    )
    # Nor can the peer give themselves their approval back.
    assert (
        _peer_refused(
            world,
            "update public.profiles set peer_status = 'approved' where id = %s",
            pair.peer.user_id,
        )
        == "42501"
    )

"""Opt-in, read-only sharing of the diary with the matched peer supporter, from both sides."""

from __future__ import annotations

import pytest

from services.diary import feedback as diary_feedback
from services.diary import journal as diary
from services.diary.models import GoalCategory, ReactionKind
from services.errors import ErrorCode, RelaisError
from services.local.gateway import LocalGateway
from services.models import AuthSession
from services.peer_support import matches as peer_support
from tests.factories import make_coordinator
from tests.peer_factories import Pair, make_pair


@pytest.fixture
async def pair(gateway: LocalGateway, conninfo: str) -> Pair:
    coordinator = await make_coordinator(gateway, conninfo)
    matched = await make_pair(gateway, coordinator)
    survivor = matched.requester
    await diary.create_goal(
        gateway,
        survivor,
        survivor_id=survivor.user_id,
        title="Walk",
        category=GoalCategory.MOBILITY,
    )
    await diary.add_entry(gateway, survivor, survivor_id=survivor.user_id, body="Good day", mood=4)
    return matched


async def _peer_sees(gateway: LocalGateway, peer: AuthSession, survivor: AuthSession) -> bool:
    timeline = await diary.list_timeline(gateway, peer, survivor_id=survivor.user_id)
    goals = await diary.list_goals(gateway, peer, survivor_id=survivor.user_id)
    assert bool(timeline) == bool(goals)
    return bool(timeline)


async def test_off_by_default(gateway: LocalGateway, pair: Pair) -> None:
    assert not await diary.is_shared_with_matched_peer(gateway, pair.requester)
    assert not await _peer_sees(gateway, pair.peer, pair.requester)
    assert await diary.list_peer_shared_diaries(gateway, pair.peer) == []


async def test_the_matched_peer_reads_once_the_survivor_opts_in(
    gateway: LocalGateway, pair: Pair
) -> None:
    await diary.share_with_matched_peer(gateway, pair.requester, enabled=True)
    assert await _peer_sees(gateway, pair.peer, pair.requester)
    assert await diary.list_peer_shared_diaries(gateway, pair.peer) == [
        (pair.requester.user_id, "Person asking")
    ]
    await diary.share_with_matched_peer(gateway, pair.requester, enabled=False)
    assert not await _peer_sees(gateway, pair.peer, pair.requester)


async def test_the_matched_peer_writes_nothing(gateway: LocalGateway, pair: Pair) -> None:
    survivor, peer = pair.requester, pair.peer
    await diary.share_with_matched_peer(gateway, survivor, enabled=True)
    [entry] = await diary.list_timeline(gateway, peer, survivor_id=survivor.user_id)
    attempts = [
        diary.add_entry(gateway, peer, survivor_id=survivor.user_id, mood=2),
        diary.update_entry(gateway, peer, entry=entry, body="Changed"),
        diary_feedback.add_comment(
            gateway, peer, survivor_id=survivor.user_id, entry_id=entry.id, body="Hello"
        ),
        diary_feedback.react(
            gateway, peer, survivor_id=survivor.user_id, entry_id=entry.id, kind=ReactionKind.HEART
        ),
    ]
    for attempt in attempts:
        with pytest.raises(RelaisError) as refused:
            await attempt
        assert refused.value.code in (ErrorCode.DIARY_ACCESS_REVOKED, ErrorCode.FORBIDDEN)
    [unchanged] = await diary.list_timeline(gateway, survivor, survivor_id=survivor.user_id)
    assert (unchanged.body, unchanged.comment_count, unchanged.reactions) == ("Good day", 0, {})


async def test_ending_the_match_ends_the_access(gateway: LocalGateway, pair: Pair) -> None:
    await diary.share_with_matched_peer(gateway, pair.requester, enabled=True)
    await peer_support.end_match(gateway, pair.requester, match_id=pair.match.id)
    assert not await _peer_sees(gateway, pair.peer, pair.requester)
    assert await diary.list_peer_shared_diaries(gateway, pair.peer) == []


async def test_only_the_survivor_turns_sharing_on(gateway: LocalGateway, pair: Pair) -> None:
    with pytest.raises(RelaisError) as refused:
        await gateway.insert(
            pair.peer, "diary_peer_sharing", [{"survivor_id": str(pair.requester.user_id)}]
        )
    assert refused.value.code is ErrorCode.FORBIDDEN
    assert not await diary.is_shared_with_matched_peer(gateway, pair.requester)

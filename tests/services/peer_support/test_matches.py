"""Applications, review, requests and the life of a match, through the real services."""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from collections.abc import Callable, Mapping
from typing import Any

import pytest

from services.accounts.profiles import get_my_profile, update_my_profile
from services.errors import ErrorCode, RelaisError
from services.local.gateway import LocalGateway
from services.models import AuthSession, PeerStatus
from services.peer_support import matches as peer_support
from services.peer_support import messaging
from services.peer_support.models import MatchStatus, RequestStatus
from services.realtime_hub import person_topic
from tests.factories import make_coordinator, make_user
from tests.peer_factories import (
    TRAINED_ON,
    make_applicant,
    make_pair,
    make_requester,
    make_vetted_peer,
)


@pytest.fixture
async def coordinator(gateway: LocalGateway, conninfo: str) -> AuthSession:
    return await make_coordinator(gateway, conninfo)


async def test_a_peer_applies_and_sees_the_application(gateway: LocalGateway) -> None:
    peer = await make_applicant(gateway, capacity=2, aphasia_experience=True)
    application = await peer_support.get_my_application(gateway, peer)
    assert application is not None
    assert application.capacity == 2 and application.aphasia_experience is True
    assert application.declined_at is None


async def test_capacity_defaults_to_three(gateway: LocalGateway) -> None:
    peer = await make_applicant(gateway)
    application = await peer_support.get_my_application(gateway, peer)
    assert application is not None and application.capacity == 3


async def test_the_charter_must_be_accepted(gateway: LocalGateway) -> None:
    with pytest.raises(RelaisError) as refused:
        await make_applicant(gateway, accepts_charter=False)
    assert refused.value.code is ErrorCode.INVALID_INPUT
    assert refused.value.field == "accepts_charter"


async def test_coordinator_approves_with_training_date(
    gateway: LocalGateway, coordinator: AuthSession
) -> None:
    peer = await make_vetted_peer(gateway, coordinator)
    assert (await get_my_profile(gateway, peer)).peer_status is PeerStatus.APPROVED
    application = await peer_support.get_my_application(gateway, peer)
    assert application is not None and application.training_completed_on == TRAINED_ON


async def test_a_training_date_in_the_future_is_refused(
    gateway: LocalGateway, coordinator: AuthSession
) -> None:
    peer = await make_applicant(gateway)
    with pytest.raises(RelaisError) as refused:
        await peer_support.approve_peer(
            gateway,
            coordinator,
            peer_id=peer.user_id,
            training_completed_on=dt.date.today() + dt.timedelta(days=3),
        )
    assert refused.value.code is ErrorCode.DATE_IN_FUTURE
    assert (await get_my_profile(gateway, peer)).peer_status is PeerStatus.APPLICANT


async def test_decline_with_reason_then_resubmit_returns_to_the_queue(
    gateway: LocalGateway, coordinator: AuthSession
) -> None:
    peer = await make_applicant(gateway)
    declined = await peer_support.decline_application(
        gateway, coordinator, peer_id=peer.user_id, reason="Training not yet done"
    )
    assert declined.decline_reason == "Training not yet done"
    again = await peer_support.submit_application(
        gateway,
        peer,
        topics=["driving"],
        languages=["fr", "en"],
        departement="75",
        availability="Saturdays",
        accepts_charter=True,
    )
    assert again.declined_at is None and again.decline_reason is None
    summaries = await peer_support.list_applications(gateway, coordinator)
    mine = next(s for s in summaries if s.peer_id == peer.user_id)
    assert mine.pending


async def test_a_decline_needs_a_reason(gateway: LocalGateway, coordinator: AuthSession) -> None:
    peer = await make_applicant(gateway)
    with pytest.raises(RelaisError) as refused:
        await peer_support.decline_application(
            gateway, coordinator, peer_id=peer.user_id, reason="   "
        )
    assert refused.value.field == "reason"


async def test_suspension_ends_live_matches_and_reopens_nothing_but_the_request(
    gateway: LocalGateway, coordinator: AuthSession
) -> None:
    pair = await make_pair(gateway, coordinator)
    await peer_support.suspend_peer(
        gateway, coordinator, peer_id=pair.peer.user_id, reason="Complaint under review"
    )
    assert (await get_my_profile(gateway, pair.peer)).peer_status is PeerStatus.SUSPENDED
    [match] = await peer_support.list_my_matches(gateway, pair.requester)
    assert match.status is MatchStatus.ENDED and match.end_reason == "peer_suspended"
    [request] = await peer_support.list_my_requests(gateway, pair.requester)
    assert request.status is RequestStatus.CLOSED


async def test_both_must_accept_before_the_conversation_opens(
    gateway: LocalGateway, coordinator: AuthSession
) -> None:
    peer = await make_vetted_peer(gateway, coordinator)
    requester, request_id = await make_requester(gateway)
    match = await peer_support.propose_match(
        gateway, coordinator, request_id=request_id, peer_id=peer.user_id
    )
    await peer_support.respond_to_match(gateway, requester, match_id=match.id, accept=True)
    [seen_by_peer] = await peer_support.list_my_matches(gateway, peer)
    assert seen_by_peer.awaiting_my_answer and seen_by_peer.partner_accepted
    assert seen_by_peer.conversation_id is None
    assert await messaging.list_conversations(gateway, requester) == []
    accepted = await peer_support.respond_to_match(gateway, peer, match_id=match.id, accept=True)
    assert accepted.status is MatchStatus.ACTIVE
    [conversation] = await messaging.list_conversations(gateway, requester)
    assert conversation.is_open and conversation.partner_id == peer.user_id


async def test_a_declined_proposal_sends_the_request_back(
    gateway: LocalGateway, coordinator: AuthSession
) -> None:
    peer = await make_vetted_peer(gateway, coordinator)
    requester, request_id = await make_requester(gateway)
    match = await peer_support.propose_match(
        gateway, coordinator, request_id=request_id, peer_id=peer.user_id
    )
    declined = await peer_support.respond_to_match(gateway, peer, match_id=match.id, accept=False)
    assert declined.status is MatchStatus.DECLINED
    [request] = await peer_support.list_my_requests(gateway, requester)
    assert request.status is RequestStatus.OPEN


async def test_ending_leaves_a_goodbye_and_a_readable_closed_conversation(
    gateway: LocalGateway, coordinator: AuthSession
) -> None:
    pair = await make_pair(gateway, coordinator)
    await messaging.send_message(
        gateway,
        pair.requester,
        message_id=uuid.uuid4(),
        conversation_id=pair.conversation_id,
        body="Hello",
    )
    ended = await peer_support.end_match(
        gateway, pair.peer, match_id=pair.match.id, goodbye="Take care of yourself"
    )
    assert ended.status is MatchStatus.ENDED
    history = await messaging.list_history(
        gateway, pair.requester, conversation_id=pair.conversation_id
    )
    assert [m.body for m in history] == ["Hello", "Take care of yourself"]
    assert history[-1].kind.value == "goodbye"
    [summary] = await messaging.list_conversations(gateway, pair.requester)
    assert not summary.is_open
    # The requester may now ask for another peer.
    again = await peer_support.request_peer(gateway, pair.requester, topics=["driving"])
    assert again.status is RequestStatus.OPEN


async def test_one_live_request_at_a_time(gateway: LocalGateway) -> None:
    requester, _ = await make_requester(gateway)
    with pytest.raises(RelaisError) as refused:
        await peer_support.request_peer(gateway, requester, topics=["driving"])
    assert refused.value.code is ErrorCode.INVALID_INPUT


async def test_a_peer_cannot_ask_for_a_peer(gateway: LocalGateway) -> None:
    peer = await make_user(gateway, role="peer")
    with pytest.raises(RelaisError) as refused:
        await peer_support.request_peer(gateway, peer, topics=["driving"])
    assert refused.value.code is ErrorCode.FORBIDDEN


async def test_nearby_needs_a_departement(gateway: LocalGateway) -> None:
    person = await make_user(gateway)
    with pytest.raises(RelaisError) as refused:
        await peer_support.request_peer(gateway, person, topics=["driving"], wants_nearby=True)
    assert refused.value.code is ErrorCode.INVALID_INPUT
    assert await peer_support.list_my_requests(gateway, person) == []


async def test_a_peer_at_capacity_cannot_be_matched(
    gateway: LocalGateway, coordinator: AuthSession
) -> None:
    peer = await make_vetted_peer(gateway, coordinator, capacity=1)
    _, first = await make_requester(gateway)
    _, second = await make_requester(gateway)
    await peer_support.propose_match(gateway, coordinator, request_id=first, peer_id=peer.user_id)
    with pytest.raises(RelaisError) as refused:
        await peer_support.propose_match(
            gateway, coordinator, request_id=second, peer_id=peer.user_id
        )
    assert refused.value.code is ErrorCode.PEER_AT_CAPACITY
    [summary] = [
        s for s in await peer_support.list_open_requests(gateway, coordinator) if s.id == second
    ]
    assert summary.status is RequestStatus.OPEN


async def test_an_unapproved_peer_cannot_be_matched(
    gateway: LocalGateway, coordinator: AuthSession
) -> None:
    applicant = await make_applicant(gateway)
    _, request_id = await make_requester(gateway)
    with pytest.raises(RelaisError) as refused:
        await peer_support.propose_match(
            gateway, coordinator, request_id=request_id, peer_id=applicant.user_id
        )
    assert refused.value.code is ErrorCode.INVALID_INPUT


async def test_blocking_ends_the_match_and_prevents_another(
    gateway: LocalGateway, coordinator: AuthSession
) -> None:
    pair = await make_pair(gateway, coordinator)
    blocked = await peer_support.block_partner(gateway, pair.requester, match_id=pair.match.id)
    assert blocked.status is MatchStatus.ENDED and blocked.end_reason == "blocked"
    again = await peer_support.request_peer(gateway, pair.requester, topics=["driving"])
    with pytest.raises(RelaisError):
        await peer_support.propose_match(
            gateway, coordinator, request_id=again.id, peer_id=pair.peer.user_id
        )


async def test_approving_oneself_is_refused_and_changes_nothing(
    gateway: LocalGateway, coordinator: AuthSession
) -> None:
    applicant = await make_applicant(gateway)
    with pytest.raises(RelaisError) as refused:
        await peer_support.approve_peer(
            gateway, applicant, peer_id=applicant.user_id, training_completed_on=TRAINED_ON
        )
    assert refused.value.code is ErrorCode.FORBIDDEN
    assert (await get_my_profile(gateway, applicant)).peer_status is PeerStatus.APPLICANT
    application = await peer_support.get_my_application(gateway, applicant)
    assert application is not None and application.training_completed_on is None
    # A coordinator is not a peer: there is nothing of theirs to approve either.
    with pytest.raises(RelaisError):
        await peer_support.approve_peer(
            gateway, coordinator, peer_id=coordinator.user_id, training_completed_on=TRAINED_ON
        )


async def test_accepting_a_proposal_addressed_to_someone_else_changes_nothing(
    gateway: LocalGateway, coordinator: AuthSession
) -> None:
    peer = await make_vetted_peer(gateway, coordinator)
    requester, request_id = await make_requester(gateway)
    match = await peer_support.propose_match(
        gateway, coordinator, request_id=request_id, peer_id=peer.user_id
    )
    intruder = await make_user(gateway, role="survivor")
    with pytest.raises(RelaisError) as refused:
        await peer_support.respond_to_match(gateway, intruder, match_id=match.id, accept=True)
    assert refused.value.code is ErrorCode.FORBIDDEN
    [seen] = await peer_support.list_my_matches(gateway, requester)
    assert seen.status is MatchStatus.PROPOSED
    assert not seen.i_accepted and not seen.partner_accepted


async def test_a_forged_match_id_is_refused_like_someone_elses(gateway: LocalGateway) -> None:
    """Issue 13 item 11: an unknown id and another pair's id get one refusal."""
    someone = await make_user(gateway)
    with pytest.raises(RelaisError) as refused:
        await peer_support.respond_to_match(gateway, someone, match_id=uuid.uuid4(), accept=True)
    assert refused.value.code is ErrorCode.FORBIDDEN
    with pytest.raises(RelaisError) as malformed:
        await peer_support.respond_to_match(gateway, someone, match_id="42", accept=True)
    assert malformed.value.code is ErrorCode.INVALID_INPUT


async def test_a_peers_open_screens_hear_each_change_of_status_and_nothing_else(
    gateway: LocalGateway, coordinator: AuthSession
) -> None:
    peer = await make_applicant(gateway)
    heard: list[dict[str, object]] = []

    async def hear(_topic: str, payload: Mapping[str, Any]) -> None:
        heard.append(dict(payload))

    subscription = await gateway.subscribe(person_topic(peer.user_id), hear)
    try:
        await peer_support.approve_peer(
            gateway, coordinator, peer_id=peer.user_id, training_completed_on=TRAINED_ON
        )
        # approve_peer's own event and the status's are one: PostgreSQL sends a
        # notification once per transaction.
        await _eventually(lambda: len(heard) == 1, heard)
        # Suspended with no live match: only the change of status tells them.
        await peer_support.suspend_peer(gateway, coordinator, peer_id=peer.user_id, reason="Pause")
        await _eventually(lambda: len(heard) == 2, heard)
        await update_my_profile(gateway, peer, display_name="Another name")
        await asyncio.sleep(0.3)
        assert len(heard) == 2  # a change of name is not a change of status
        assert all(event == {"type": "application", "id": str(peer.user_id)} for event in heard)
    finally:
        await subscription.unsubscribe()


async def _eventually(check: Callable[[], bool], heard: object, seconds: float = 5.0) -> None:
    deadline = asyncio.get_running_loop().time() + seconds
    while not check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"not heard in time; heard: {heard}")
        await asyncio.sleep(0.02)

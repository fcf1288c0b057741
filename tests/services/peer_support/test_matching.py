"""Matching: deterministic, explained, and the rules that must always hold (property tests)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.errors import ErrorCode, RelaisError
from services.local.gateway import LocalGateway
from services.models import PeerStatus
from services.peer_support import matches as peer_support
from services.peer_support import matching
from services.peer_support.matching import Flag, ReasonCode
from services.peer_support.models import (
    Gender,
    PeerCandidate,
    RequestStatus,
    SupportRequest,
    SupportTopic,
)
from tests.factories import make_coordinator, make_user
from tests.peer_factories import make_applicant, make_requester, make_vetted_peer

TODAY = dt.date(2026, 11, 29)
REQUESTER = uuid.UUID(int=1)
topics = st.lists(st.sampled_from(list(SupportTopic)), min_size=1, max_size=7, unique=True)
languages = st.lists(st.sampled_from(["fr", "en", "ar", "es"]), min_size=1, max_size=3, unique=True)
departements = st.sampled_from(["69", "75", "13", "2A"])


@st.composite
def requests(draw: st.DrawFn) -> SupportRequest:
    gender = draw(st.none() | st.sampled_from(list(Gender)))
    departement = draw(st.none() | departements)
    return SupportRequest(
        id=uuid.uuid4(),
        requester_id=REQUESTER,
        topics=draw(topics),
        language=draw(st.sampled_from(["fr", "en", "ar"])),
        departement=departement,
        wants_nearby=departement is not None and draw(st.booleans()),
        wants_aphasia_experience=draw(st.booleans()),
        wants_returned_to_work=draw(st.booleans()),
        wants_same_gender=gender is not None and draw(st.booleans()),
        requester_gender=gender,
        status=RequestStatus.OPEN,
        created_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC),
    )


@st.composite
def candidates(draw: st.DrawFn) -> PeerCandidate:
    capacity = draw(st.integers(1, 10))
    return PeerCandidate(
        peer_id=uuid.UUID(int=draw(st.integers(2, 2**64))),
        display_name=draw(st.sampled_from(["A", "B", "C", "D"])),
        peer_status=draw(st.sampled_from(list(PeerStatus))),
        topics=draw(topics),
        languages=draw(languages),
        departement=draw(departements),
        capacity=capacity,
        live_matches=draw(st.integers(0, capacity)),
        blocked=draw(st.booleans()),
        stroke_year=draw(st.none() | st.integers(1990, 2026)),
        aphasia_experience=draw(st.none() | st.booleans()),
        returned_to_work=draw(st.none() | st.booleans()),
        gender=draw(st.none() | st.sampled_from(list(Gender))),
        training_completed_on=draw(st.none() | st.just(dt.date(2026, 1, 1))),
    )


peer_lists = st.lists(candidates(), max_size=12, unique_by=lambda p: p.peer_id)


@given(requests(), peer_lists)
def test_suspended_unapproved_full_or_blocked_peers_are_never_suggested(
    request: SupportRequest, peers: list[PeerCandidate]
) -> None:
    by_id = {p.peer_id: p for p in peers}
    for suggestion in matching.suggest(request, peers, today=TODAY):
        peer = by_id[suggestion.peer_id]
        assert peer.peer_status is PeerStatus.APPROVED
        assert peer.live_matches < peer.capacity
        assert not peer.blocked


@given(requests(), peer_lists, st.randoms())
def test_the_order_peers_are_listed_in_changes_nothing(
    request: SupportRequest, peers: list[PeerCandidate], shuffler: object
) -> None:
    shuffled = list(peers)
    shuffler.shuffle(shuffled)  # type: ignore[attr-defined]
    assert matching.suggest(request, shuffled, today=TODAY) == matching.suggest(
        request, peers, today=TODAY
    )


@given(requests(), candidates())
def test_swapping_two_equally_good_peers_never_changes_their_score(
    request: SupportRequest, peer: PeerCandidate
) -> None:
    twin = peer.model_copy(update={"peer_id": uuid.UUID(int=peer.peer_id.int + 1)})
    first = matching.suggest(request, [peer, twin], today=TODAY)
    swapped = matching.suggest(request, [twin, peer], today=TODAY)
    assert first == swapped
    assert len({s.score for s in first}) <= 1


@given(requests(), peer_lists)
def test_a_language_mismatch_ranks_below_every_peer_speaking_the_language(
    request: SupportRequest, peers: list[PeerCandidate]
) -> None:
    ranked = matching.suggest(request, peers, today=TODAY)
    speaks = [Flag.LANGUAGE_MISMATCH not in s.flags for s in ranked]
    # All who speak it come first, then all who do not.
    assert speaks == sorted(speaks, reverse=True)


def test_everything_but_language_is_worth_less_than_language() -> None:
    assert matching.MAX_OTHER_POINTS < matching.LANGUAGE_POINTS


@given(requests(), peer_lists)
def test_every_point_has_a_reason(request: SupportRequest, peers: list[PeerCandidate]) -> None:
    for suggestion in matching.suggest(request, peers, today=TODAY):
        assert suggestion.score == sum(reason.points for reason in suggestion.reasons)


@settings(max_examples=50)
@given(candidates(), st.integers(0, 800))
def test_a_stroke_under_twelve_months_ago_is_flagged(peer: PeerCandidate, days_ago: int) -> None:
    dated = peer.model_copy(
        update={"stroke_date": TODAY - dt.timedelta(days=days_ago), "stroke_year": None}
    )
    assert matching.stroke_may_be_recent(dated, TODAY) == (days_ago < 365)


def test_only_the_stroke_year_known_flags_last_year_and_this_year() -> None:
    base = dict(
        peer_id=uuid.uuid4(),
        display_name="P",
        peer_status=PeerStatus.APPROVED,
        topics=[SupportTopic.DRIVING],
        languages=["fr"],
        departement="69",
        capacity=3,
        live_matches=0,
    )
    assert matching.stroke_may_be_recent(PeerCandidate(**base, stroke_year=2026), TODAY)
    assert matching.stroke_may_be_recent(PeerCandidate(**base, stroke_year=2025), TODAY)
    assert not matching.stroke_may_be_recent(PeerCandidate(**base, stroke_year=2024), TODAY)


def test_reasons_explain_a_ranking() -> None:
    request = SupportRequest(
        id=uuid.uuid4(),
        requester_id=REQUESTER,
        topics=[SupportTopic.APHASIA],
        language="fr",
        departement="69",
        wants_nearby=True,
        wants_aphasia_experience=True,
        status=RequestStatus.OPEN,
        created_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC),
    )
    common = dict(
        peer_status=PeerStatus.APPROVED,
        capacity=3,
        live_matches=1,
        training_completed_on=dt.date(2026, 1, 1),
    )
    near = PeerCandidate(
        peer_id=uuid.uuid4(),
        display_name="Near",
        topics=[SupportTopic.APHASIA],
        languages=["fr"],
        departement="69",
        aphasia_experience=True,
        **common,
    )
    far = PeerCandidate(
        peer_id=uuid.uuid4(),
        display_name="Far",
        topics=[SupportTopic.APHASIA],
        languages=["fr"],
        departement="13",
        **common,
    )
    english = PeerCandidate(
        peer_id=uuid.uuid4(),
        display_name="English",
        languages=["en"],
        topics=[SupportTopic.APHASIA],
        departement="69",
        aphasia_experience=True,
        **common,
    )
    ranked = matching.suggest(request, [english, far, near], today=TODAY)
    assert [s.display_name for s in ranked] == ["Near", "Far", "English"]
    assert {r.code for r in ranked[0].reasons} == {
        ReasonCode.SPEAKS_LANGUAGE,
        ReasonCode.SHARED_TOPIC,
        ReasonCode.ALL_TOPICS,
        ReasonCode.SAME_DEPARTEMENT,
        ReasonCode.APHASIA_EXPERIENCE,
        ReasonCode.FREE_PLACES,
    }
    assert Flag.LANGUAGE_MISMATCH in ranked[2].flags


async def test_suggestions_from_the_database(gateway: LocalGateway, conninfo: str) -> None:
    coordinator = await make_coordinator(gateway, conninfo)
    french = await make_vetted_peer(gateway, coordinator, languages=["fr"], departement="38")
    english = await make_vetted_peer(gateway, coordinator, languages=["en"], departement="38")
    applicant = await make_applicant(gateway, languages=["fr"])
    full = await make_vetted_peer(gateway, coordinator, capacity=1)
    _, filler = await make_requester(gateway)
    await peer_support.propose_match(gateway, coordinator, request_id=filler, peer_id=full.user_id)
    _, request_id = await make_requester(
        gateway, language="fr", departement="38", wants_nearby=True
    )
    ranked = await matching.suggest_peers(gateway, coordinator, request_id=request_id)
    ids = [s.peer_id for s in ranked]
    assert ids.index(french.user_id) < ids.index(english.user_id)
    assert applicant.user_id not in ids and full.user_id not in ids


@pytest.mark.parametrize("role", ["survivor", "peer", "caregiver"])
async def test_only_coordinators_get_suggestions(gateway: LocalGateway, role: str) -> None:
    _, request_id = await make_requester(gateway)
    someone = await make_user(gateway, role=role)
    with pytest.raises(RelaisError) as refused:
        await matching.suggest_peers(gateway, someone, request_id=request_id)
    assert refused.value.code is ErrorCode.FORBIDDEN

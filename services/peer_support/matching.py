"""Ranked, explained suggestions of peer supporters for a support request.

The score is a pure function of one request and one peer's row, so it is
deterministic, the same whichever gateway read the rows, and independent of
the order peers are listed in. Every point comes with a reason the
coordinator sees. Speaking the requested language outweighs everything else
put together: a peer who does not speak it always ranks below one who does.

Eligibility is enforced again by `propose_match` in SQL; here it only keeps
ineligible peers out of the list.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from services.gateway import Gateway
from services.models import AuthSession, PeerStatus
from services.peer_support.matches import as_uuid, get_request
from services.peer_support.models import PeerCandidate, SupportRequest, SupportTopic

LANGUAGE_POINTS = 1000
TOPIC_POINTS = 40
ALL_TOPICS_POINTS = 30
NEARBY_WANTED_POINTS = 120
NEARBY_POINTS = 20
WANTED_EXPERIENCE_POINTS = 100
FREE_PLACE_POINTS = 5
# Whatever is not language can never add up to LANGUAGE_POINTS (checked in tests).
MAX_OTHER_POINTS = (
    TOPIC_POINTS * len(SupportTopic)
    + ALL_TOPICS_POINTS
    + NEARBY_WANTED_POINTS
    + 3 * WANTED_EXPERIENCE_POINTS
    + FREE_PLACE_POINTS * 10
)
RECENT_STROKE_DAYS = 365


class ReasonCode(StrEnum):
    SPEAKS_LANGUAGE = "speaks_language"
    SHARED_TOPIC = "shared_topic"
    ALL_TOPICS = "all_topics"
    SAME_DEPARTEMENT = "same_departement"
    APHASIA_EXPERIENCE = "aphasia_experience"
    RETURNED_TO_WORK = "returned_to_work"
    SAME_GENDER = "same_gender"
    FREE_PLACES = "free_places"


class Flag(StrEnum):
    # The peer's own stroke may be less than 12 months ago: the coordinator decides.
    RECENT_STROKE = "recent_stroke"
    NO_TRAINING_DATE = "no_training_date"
    LANGUAGE_MISMATCH = "language_mismatch"


class ScoreReason(BaseModel):
    model_config = ConfigDict(frozen=True)

    code: ReasonCode
    points: int
    topic: SupportTopic | None = None


class Suggestion(BaseModel):
    model_config = ConfigDict(frozen=True)

    peer_id: UUID
    display_name: str
    score: int
    reasons: tuple[ScoreReason, ...]
    flags: tuple[Flag, ...]
    free_places: int


def is_eligible(peer: PeerCandidate, request: SupportRequest) -> bool:
    return (
        peer.peer_status is PeerStatus.APPROVED
        and peer.free_places > 0
        and not peer.blocked
        and peer.peer_id != request.requester_id
    )


def score_reasons(peer: PeerCandidate, request: SupportRequest) -> tuple[ScoreReason, ...]:
    reasons: list[ScoreReason] = []
    if request.language in peer.languages:
        reasons.append(ScoreReason(code=ReasonCode.SPEAKS_LANGUAGE, points=LANGUAGE_POINTS))
    shared = [topic for topic in request.topics if topic in set(peer.topics)]
    reasons += [
        ScoreReason(code=ReasonCode.SHARED_TOPIC, points=TOPIC_POINTS, topic=topic)
        for topic in sorted(set(shared))
    ]
    if shared and set(request.topics) <= set(peer.topics):
        reasons.append(ScoreReason(code=ReasonCode.ALL_TOPICS, points=ALL_TOPICS_POINTS))
    if request.departement is not None and peer.departement == request.departement:
        points = NEARBY_WANTED_POINTS if request.wants_nearby else NEARBY_POINTS
        reasons.append(ScoreReason(code=ReasonCode.SAME_DEPARTEMENT, points=points))
    if request.wants_aphasia_experience and peer.aphasia_experience:
        reasons.append(
            ScoreReason(code=ReasonCode.APHASIA_EXPERIENCE, points=WANTED_EXPERIENCE_POINTS)
        )
    if request.wants_returned_to_work and peer.returned_to_work:
        reasons.append(
            ScoreReason(code=ReasonCode.RETURNED_TO_WORK, points=WANTED_EXPERIENCE_POINTS)
        )
    if (
        request.wants_same_gender
        and request.requester_gender is not None
        and peer.gender == request.requester_gender
    ):
        reasons.append(ScoreReason(code=ReasonCode.SAME_GENDER, points=WANTED_EXPERIENCE_POINTS))
    free = min(peer.free_places, 10)
    if free:
        reasons.append(ScoreReason(code=ReasonCode.FREE_PLACES, points=FREE_PLACE_POINTS * free))
    return tuple(reasons)


def flags_for(peer: PeerCandidate, request: SupportRequest, today: dt.date) -> tuple[Flag, ...]:
    flags: list[Flag] = []
    if stroke_may_be_recent(peer, today):
        flags.append(Flag.RECENT_STROKE)
    if peer.training_completed_on is None:
        flags.append(Flag.NO_TRAINING_DATE)
    if request.language not in peer.languages:
        flags.append(Flag.LANGUAGE_MISMATCH)
    return tuple(flags)


def stroke_may_be_recent(peer: PeerCandidate, today: dt.date) -> bool:
    """Less than 12 months since the peer's own stroke, or impossible to rule out."""
    if peer.stroke_date is not None:
        return (today - peer.stroke_date).days < RECENT_STROKE_DAYS
    if peer.stroke_year is not None:
        # Only the year is known: last year's stroke may be under 12 months old.
        return peer.stroke_year >= today.year - 1
    return False


def suggest(
    request: SupportRequest, candidates: list[PeerCandidate], *, today: dt.date
) -> list[Suggestion]:
    """Eligible peers, best first; ties break on free places, then name, then id."""
    suggestions = []
    for peer in candidates:
        if not is_eligible(peer, request):
            continue
        reasons = score_reasons(peer, request)
        suggestions.append(
            Suggestion(
                peer_id=peer.peer_id,
                display_name=peer.display_name,
                score=sum(reason.points for reason in reasons),
                reasons=reasons,
                flags=flags_for(peer, request, today),
                free_places=peer.free_places,
            )
        )
    suggestions.sort(
        key=lambda s: (-s.score, -s.free_places, s.display_name.casefold(), str(s.peer_id))
    )
    return suggestions


async def list_candidates(
    gateway: Gateway, session: AuthSession, *, request_id: UUID | str
) -> list[PeerCandidate]:
    rows = await gateway.rpc(
        session, "list_peer_candidates", {"request_id": str(as_uuid(request_id))}
    )
    return [PeerCandidate.model_validate(row) for row in rows or []]


async def suggest_peers(
    gateway: Gateway,
    session: AuthSession,
    *,
    request_id: UUID | str,
    today: dt.date | None = None,
) -> list[Suggestion]:
    """The coordinator's ranked suggestions for one request (others are refused by SQL)."""
    request = await get_request(gateway, session, request_id=request_id)
    candidates = await list_candidates(gateway, session, request_id=request.id)
    return suggest(request, candidates, today=today or dt.date.today())

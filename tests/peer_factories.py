"""Peer-support test data, made through the real services (never by writing rows)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from services.gateway import Gateway
from services.models import AuthSession
from services.peer_support import matches as peer_support
from services.peer_support.models import Match
from tests.factories import make_user

TRAINED_ON = dt.date(2026, 1, 15)


async def make_applicant(gateway: Gateway, **application: Any) -> AuthSession:
    peer = await make_user(gateway, role="peer", display_name="Peer supporter")
    fields: dict[str, Any] = {
        "topics": ["emotional_support", "return_to_work"],
        "languages": ["fr"],
        "departement": "69",
        "availability": "Weekday evenings",
        "accepts_charter": True,
        "stroke_year": 2019,
    }
    fields.update(application)
    await peer_support.submit_application(gateway, peer, **fields)
    return peer


async def make_vetted_peer(
    gateway: Gateway, coordinator: AuthSession, **application: Any
) -> AuthSession:
    peer = await make_applicant(gateway, **application)
    await peer_support.approve_peer(
        gateway, coordinator, peer_id=peer.user_id, training_completed_on=TRAINED_ON
    )
    return peer


async def make_requester(
    gateway: Gateway, *, role: str = "survivor", **request: Any
) -> tuple[AuthSession, UUID]:
    person = await make_user(gateway, role=role, display_name="Person asking")
    fields: dict[str, Any] = {"topics": ["emotional_support"], "language": "fr"}
    fields.update(request)
    made = await peer_support.request_peer(gateway, person, **fields)
    return person, made.id


@dataclass
class Pair:
    requester: AuthSession
    peer: AuthSession
    coordinator: AuthSession
    match: Match
    conversation_id: UUID


async def make_pair(gateway: Gateway, coordinator: AuthSession) -> Pair:
    """A survivor and a peer who both accepted: their conversation is open."""
    peer = await make_vetted_peer(gateway, coordinator)
    requester, request_id = await make_requester(gateway)
    match = await peer_support.propose_match(
        gateway, coordinator, request_id=request_id, peer_id=peer.user_id
    )
    await peer_support.respond_to_match(gateway, requester, match_id=match.id, accept=True)
    await peer_support.respond_to_match(gateway, peer, match_id=match.id, accept=True)
    mine = await peer_support.list_my_matches(gateway, requester)
    conversation_id = mine[0].conversation_id
    assert conversation_id is not None
    return Pair(requester, peer, coordinator, match, conversation_id)

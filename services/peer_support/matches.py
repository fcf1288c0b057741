"""Peer applications, their review, support requests and the life of a match.

Who may do what is decided in supabase/migrations (RLS and the functions
called here); these functions validate input for a precise message and shape
the answers into models.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar
from uuid import UUID

from pydantic import BaseModel, ValidationError

from services.accounts.auth import refusal_from_validation
from services.errors import ErrorCode, RelaisError
from services.gateway import Gateway
from services.models import AuthSession
from services.peer_support.models import (
    REASON_MAX_LENGTH,
    ApplicationSummary,
    Match,
    MyMatch,
    PeerApplication,
    PeerApplicationForm,
    RequestSummary,
    SupportRequest,
    SupportRequestForm,
)
from services.text import check_text

M = TypeVar("M", bound=BaseModel)


def validated(model: type[M], **fields: Any) -> M:
    try:
        return model(**fields)
    except ValidationError as error:
        raise refusal_from_validation(error) from None


def as_uuid(value: UUID | str, *, field: str = "id") -> UUID:
    """An id typed or pasted by someone: a clear refusal rather than a database error."""
    if isinstance(value, UUID):
        return value
    try:
        return UUID(str(value))
    except ValueError:
        raise RelaisError(ErrorCode.INVALID_INPUT, "not an id", field=field) from None


def _reason(reason: str) -> str:
    cleaned = check_text(reason, field="reason").strip()
    if not cleaned:
        raise RelaisError(ErrorCode.INVALID_INPUT, "a reason is needed", field="reason")
    if len(cleaned) > REASON_MAX_LENGTH:
        raise RelaisError(ErrorCode.INVALID_INPUT, "reason too long", field="reason")
    return check_text(cleaned, field="reason", visible=True)


# -- peer applications ---------------------------------------------------------
async def submit_application(
    gateway: Gateway, session: AuthSession, **fields: Any
) -> PeerApplication:
    form = validated(PeerApplicationForm, **fields)
    row = await gateway.rpc(session, "submit_peer_application", form.model_dump(mode="json"))
    return PeerApplication.model_validate(row)


async def get_my_application(gateway: Gateway, session: AuthSession) -> PeerApplication | None:
    rows = await gateway.select(session, "peer_applications", eq={"peer_id": str(session.user_id)})
    return PeerApplication.model_validate(rows[0]) if rows else None


async def list_applications(gateway: Gateway, session: AuthSession) -> list[ApplicationSummary]:
    rows = await gateway.rpc(session, "list_peer_applications")
    return [ApplicationSummary.model_validate(row) for row in rows or []]


async def approve_peer(
    gateway: Gateway, session: AuthSession, *, peer_id: UUID | str, training_completed_on: dt.date
) -> PeerApplication:
    if training_completed_on > dt.date.today():
        raise RelaisError(ErrorCode.DATE_IN_FUTURE, "training date", field="training_completed_on")
    row = await gateway.rpc(
        session,
        "approve_peer",
        {
            "peer_id": str(as_uuid(peer_id, field="peer_id")),
            "training_completed_on": training_completed_on.isoformat(),
        },
    )
    return PeerApplication.model_validate(row)


async def decline_application(
    gateway: Gateway, session: AuthSession, *, peer_id: UUID | str, reason: str
) -> PeerApplication:
    row = await gateway.rpc(
        session,
        "decline_peer_application",
        {"peer_id": str(as_uuid(peer_id, field="peer_id")), "reason": _reason(reason)},
    )
    return PeerApplication.model_validate(row)


async def suspend_peer(
    gateway: Gateway, session: AuthSession, *, peer_id: UUID | str, reason: str
) -> PeerApplication:
    row = await gateway.rpc(
        session,
        "suspend_peer",
        {"peer_id": str(as_uuid(peer_id, field="peer_id")), "reason": _reason(reason)},
    )
    return PeerApplication.model_validate(row)


# -- support requests -------------------------------------------------------------
async def request_peer(gateway: Gateway, session: AuthSession, **fields: Any) -> SupportRequest:
    form = validated(SupportRequestForm, **fields)
    params = form.model_dump(mode="json")
    if not params.get("about"):
        params["about"] = None
    row = await gateway.rpc(session, "request_peer", params)
    return SupportRequest.model_validate(row)


async def list_my_requests(gateway: Gateway, session: AuthSession) -> list[SupportRequest]:
    rows = await gateway.select(
        session,
        "support_requests",
        eq={"requester_id": str(session.user_id)},
        order_by="created_at",
        descending=True,
    )
    return [SupportRequest.model_validate(row) for row in rows]


async def withdraw_request(
    gateway: Gateway, session: AuthSession, *, request_id: UUID | str
) -> SupportRequest:
    row = await gateway.rpc(
        session, "withdraw_support_request", {"request_id": str(as_uuid(request_id))}
    )
    return SupportRequest.model_validate(row)


async def list_open_requests(gateway: Gateway, session: AuthSession) -> list[RequestSummary]:
    rows = await gateway.rpc(session, "list_support_requests", {"only_open": True})
    return [RequestSummary.model_validate(row) for row in rows or []]


async def get_request(
    gateway: Gateway, session: AuthSession, *, request_id: UUID | str
) -> RequestSummary:
    wanted = as_uuid(request_id)
    rows = await gateway.rpc(session, "list_support_requests", {"only_open": False})
    for row in rows or []:
        if row["request_id"] == str(wanted):
            return RequestSummary.model_validate(row)
    raise RelaisError(ErrorCode.NOT_FOUND, "request")


# -- matches ----------------------------------------------------------------------
async def propose_match(
    gateway: Gateway, session: AuthSession, *, request_id: UUID | str, peer_id: UUID | str
) -> Match:
    row = await gateway.rpc(
        session,
        "propose_match",
        {
            "request_id": str(as_uuid(request_id, field="request_id")),
            "peer_id": str(as_uuid(peer_id, field="peer_id")),
        },
    )
    return Match.model_validate(row)


async def respond_to_match(
    gateway: Gateway, session: AuthSession, *, match_id: UUID | str, accept: bool
) -> Match:
    row = await gateway.rpc(
        session, "respond_to_match", {"match_id": str(as_uuid(match_id)), "accept": accept}
    )
    return Match.model_validate(row)


async def end_match(
    gateway: Gateway, session: AuthSession, *, match_id: UUID | str, goodbye: str | None = None
) -> Match:
    # A goodbye is the conversation's last message: the message rule applies.
    farewell = check_text(goodbye or "", field="goodbye").strip() or None
    if farewell is not None:
        check_text(farewell, field="goodbye", visible=True)
    if farewell is not None and len(farewell) > REASON_MAX_LENGTH:
        raise RelaisError(ErrorCode.TEXT_TOO_LONG, "goodbye", field="goodbye")
    row = await gateway.rpc(
        session, "end_match", {"match_id": str(as_uuid(match_id)), "goodbye": farewell}
    )
    return Match.model_validate(row)


async def block_partner(gateway: Gateway, session: AuthSession, *, match_id: UUID | str) -> Match:
    row = await gateway.rpc(session, "block_match_partner", {"match_id": str(as_uuid(match_id))})
    return Match.model_validate(row)


async def list_my_matches(gateway: Gateway, session: AuthSession) -> list[MyMatch]:
    rows = await gateway.rpc(session, "list_my_matches")
    return [MyMatch.model_validate(row) for row in rows or []]

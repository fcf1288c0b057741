"""What each row of the peer-support RLS matrix does, as one actor, to the cast."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from services.local.gateway import LocalGateway
from services.models import AuthSession
from services.peer_support import messaging
from services.peer_support.message_models import Message
from tests.peer_factories import Pair


@dataclass
class Cast:
    pair: Pair
    stranger: AuthSession
    other_peer: AuthSession
    applicant: AuthSession
    message: Message  # sent by the requester
    report_id: str  # the requester reported the peer's message

    def who(self, actor: str) -> AuthSession:
        if actor in ("requester", "peer", "coordinator"):
            session: AuthSession = getattr(self.pair, actor)
            return session
        session = getattr(self, actor)
        return session


Operation = Callable[[LocalGateway, AuthSession, Cast], Awaitable[Any]]


async def read_messages(gw: LocalGateway, actor: AuthSession, c: Cast) -> Any:
    return await gw.select(actor, "messages", eq={"conversation_id": str(c.pair.conversation_id)})


async def read_history(gw: LocalGateway, actor: AuthSession, c: Cast) -> Any:
    return await gw.rpc(actor, "list_messages", {"conversation_id": str(c.pair.conversation_id)})


async def send(gw: LocalGateway, actor: AuthSession, c: Cast) -> Any:
    return await gw.rpc(
        actor,
        "send_message",
        {
            "message_id": str(uuid.uuid4()),
            "conversation_id": str(c.pair.conversation_id),
            "body": "Hi",
        },
    )


async def insert_directly(gw: LocalGateway, actor: AuthSession, c: Cast) -> Any:
    return await gw.insert(
        actor,
        "messages",
        [{"id": str(uuid.uuid4()), "conversation_id": str(c.pair.conversation_id), "body": "Hi"}],
    )


async def insert_as_someone_else(gw: LocalGateway, actor: AuthSession, c: Cast) -> Any:
    return await gw.insert(
        actor,
        "messages",
        [
            {
                "id": str(uuid.uuid4()),
                "conversation_id": str(c.pair.conversation_id),
                "body": "Hi",
                "sender_id": str(c.pair.peer.user_id),
            }
        ],
    )


async def insert_a_goodbye(gw: LocalGateway, actor: AuthSession, c: Cast) -> Any:
    return await gw.insert(
        actor,
        "messages",
        [
            {
                "id": str(uuid.uuid4()),
                "conversation_id": str(c.pair.conversation_id),
                "body": "Bye",
                "kind": "goodbye",
            }
        ],
    )


async def edit_message(gw: LocalGateway, actor: AuthSession, c: Cast) -> Any:
    return await gw.update(actor, "messages", {"body": "Edited"}, eq={"id": str(c.message.id)})


async def delete_message(gw: LocalGateway, actor: AuthSession, c: Cast) -> Any:
    return await gw.delete(actor, "messages", eq={"id": str(c.message.id)})


async def read_conversation(gw: LocalGateway, actor: AuthSession, c: Cast) -> Any:
    return await gw.select(actor, "conversations", eq={"id": str(c.pair.conversation_id)})


async def read_receipts(gw: LocalGateway, actor: AuthSession, c: Cast) -> Any:
    await gw.rpc(
        c.pair.peer,
        "mark_conversation_read",
        {"conversation_id": str(c.pair.conversation_id), "up_to_seq": 1},
    )
    return await gw.select(
        actor, "conversation_reads", eq={"conversation_id": str(c.pair.conversation_id)}
    )


async def read_requester_profile(gw: LocalGateway, actor: AuthSession, c: Cast) -> Any:
    return await gw.select(actor, "profiles", eq={"id": str(c.pair.requester.user_id)})


async def read_request(gw: LocalGateway, actor: AuthSession, c: Cast) -> Any:
    return await gw.select(actor, "support_requests", eq={"id": str(c.pair.match.request_id)})


async def read_match(gw: LocalGateway, actor: AuthSession, c: Cast) -> Any:
    return await gw.select(actor, "matches", eq={"id": str(c.pair.match.id)})


async def read_peer_application(gw: LocalGateway, actor: AuthSession, c: Cast) -> Any:
    return await gw.select(actor, "peer_applications", eq={"peer_id": str(c.pair.peer.user_id)})


async def approve_applicant(gw: LocalGateway, actor: AuthSession, c: Cast) -> Any:
    return await gw.rpc(
        actor,
        "approve_peer",
        {"peer_id": str(c.applicant.user_id), "training_completed_on": "2026-01-01"},
    )


async def approve_oneself(gw: LocalGateway, actor: AuthSession, c: Cast) -> Any:
    return await gw.rpc(
        actor,
        "approve_peer",
        {"peer_id": str(actor.user_id), "training_completed_on": "2026-01-01"},
    )


async def suspend_peer(gw: LocalGateway, actor: AuthSession, c: Cast) -> Any:
    return await gw.rpc(
        actor, "suspend_peer", {"peer_id": str(c.other_peer.user_id), "reason": "Review"}
    )


async def list_requests(gw: LocalGateway, actor: AuthSession, c: Cast) -> Any:
    return await gw.rpc(actor, "list_support_requests", {"only_open": False})


async def list_candidates(gw: LocalGateway, actor: AuthSession, c: Cast) -> Any:
    return await gw.rpc(actor, "list_peer_candidates", {"request_id": str(c.pair.match.request_id)})


async def strangers_open_request(gw: LocalGateway, c: Cast) -> Any:
    for request in await gw.select(c.stranger, "support_requests"):
        if request["status"] == "open":
            return request
    return await gw.rpc(c.stranger, "request_peer", {"topics": ["driving"]})


async def propose(gw: LocalGateway, actor: AuthSession, c: Cast) -> Any:
    request = await strangers_open_request(gw, c)
    return await gw.rpc(
        actor, "propose_match", {"request_id": request["id"], "peer_id": str(c.other_peer.user_id)}
    )


async def end_the_match(gw: LocalGateway, actor: AuthSession, c: Cast) -> Any:
    return await gw.rpc(actor, "end_match", {"match_id": str(c.pair.match.id)})


async def accept_a_proposal(gw: LocalGateway, actor: AuthSession, c: Cast) -> Any:
    request = await strangers_open_request(gw, c)
    proposed = await gw.rpc(
        c.pair.coordinator,
        "propose_match",
        {"request_id": request["id"], "peer_id": str(c.other_peer.user_id)},
    )
    return await gw.rpc(actor, "respond_to_match", {"match_id": proposed["id"], "accept": True})


async def read_reports(gw: LocalGateway, actor: AuthSession, c: Cast) -> Any:
    return await gw.select(actor, "message_reports", eq={"id": c.report_id})


async def read_alerts(gw: LocalGateway, actor: AuthSession, c: Cast) -> Any:
    crisis = await messaging.send_message(
        gw,
        c.pair.requester,
        message_id=uuid.uuid4(),
        conversation_id=c.pair.conversation_id,
        body="I want to die",
    )
    return await gw.select(actor, "crisis_alerts", eq={"message_id": str(crisis.id)})


async def safety_queue(gw: LocalGateway, actor: AuthSession, c: Cast) -> Any:
    return await gw.rpc(actor, "list_safety_queue")


async def report_their_message(gw: LocalGateway, actor: AuthSession, c: Cast) -> Any:
    return await gw.rpc(
        actor, "report_message", {"message_id": str(c.message.id), "reason": "upsetting"}
    )


async def block_partner(gw: LocalGateway, actor: AuthSession, c: Cast) -> Any:
    return await gw.rpc(actor, "block_match_partner", {"match_id": str(c.pair.match.id)})


async def quiet_hours_of_requester(gw: LocalGateway, actor: AuthSession, c: Cast) -> Any:
    await messaging.set_quiet_hours(gw, c.pair.requester, starts_at=dt.time(22), ends_at=dt.time(8))
    return await gw.select(actor, "quiet_hours", eq={"user_id": str(c.pair.requester.user_id)})

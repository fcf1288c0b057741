"""Messages between a matched pair: send, history, catch-up, read receipts, quiet hours.

Only the two members of a conversation can read or write it, and never into
an ended match: that is RLS on `messages` (supabase/migrations). Sending is
idempotent: the id is made on the device and a retry returns the stored
message. A message with crisis words raises an alert for the coordinator.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any
from uuid import UUID

from pydantic import ValidationError

from services.errors import ErrorCode, RelaisError
from services.gateway import Gateway
from services.models import AuthSession
from services.peer_support import safety
from services.peer_support.matches import as_uuid
from services.peer_support.message_models import (
    HISTORY_PAGE_SIZE,
    ConversationSummary,
    CrisisCategory,
    Message,
    MessageKind,
    OutgoingMessage,
    QuickReply,
    QuietHours,
    ReadState,
    body_problem,
    sendable_body,
)

logger = logging.getLogger(__name__)

_PROBLEM_CODES = {
    "empty": ErrorCode.EMPTY_ENTRY,
    "too_long": ErrorCode.TEXT_TOO_LONG,
    "control_characters": ErrorCode.TEXT_CONTROL_CHARACTERS,
    "invisible": ErrorCode.MESSAGE_INVISIBLE,
}


def check_body(body: str) -> None:
    """Refuse, with a precise reason, a body the database would refuse."""
    problem = body_problem(sendable_body(body))
    if problem is not None:
        raise RelaisError(_PROBLEM_CODES[problem], problem, field="body")


def outgoing(
    *,
    message_id: UUID | str,
    conversation_id: UUID | str,
    body: str,
    quick_reply: QuickReply | None = None,
) -> OutgoingMessage:
    check_body(body)
    try:
        return OutgoingMessage(
            id=as_uuid(message_id, field="message_id"),
            conversation_id=as_uuid(conversation_id, field="conversation_id"),
            body=body,
            kind=MessageKind.QUICK_REPLY if quick_reply else MessageKind.TEXT,
            quick_reply=quick_reply,
        )
    except ValidationError as error:
        raise RelaisError(ErrorCode.INVALID_INPUT, str(error.errors()[0]["msg"])) from None


async def send_message(
    gateway: Gateway,
    session: AuthSession,
    *,
    message_id: UUID | str,
    conversation_id: UUID | str,
    body: str,
    quick_reply: QuickReply | None = None,
) -> Message:
    message = outgoing(
        message_id=message_id, conversation_id=conversation_id, body=body, quick_reply=quick_reply
    )
    row = await gateway.rpc(session, "send_message", message.params())
    stored = Message.model_validate(row)
    await alert_if_crisis(gateway, session, stored)
    return stored


async def alert_if_crisis(
    gateway: Gateway, session: AuthSession, message: Message
) -> tuple[CrisisCategory, ...]:
    """Tell the coordinator about crisis words in `message` (once per message, in SQL)."""
    categories = safety.crisis_categories(message.body)
    if categories:
        try:
            await safety.raise_crisis_alert(
                gateway, session, message_id=message.id, category=categories[0]
            )
        except RelaisError as error:
            # The banner still shows; the other member's app raises it too.
            logger.warning("crisis alert not raised: %s", error.code.value)
    return categories


async def get_message(
    gateway: Gateway, session: AuthSession, *, message_id: UUID | str
) -> Message | None:
    rows = await gateway.select(session, "messages", eq={"id": str(as_uuid(message_id))})
    return Message.model_validate(rows[0]) if rows else None


async def list_history(
    gateway: Gateway,
    session: AuthSession,
    *,
    conversation_id: UUID | str,
    before_seq: int | None = None,
    page_size: int = HISTORY_PAGE_SIZE,
) -> list[Message]:
    """One page of older messages, oldest first, ready to put above what is shown."""
    rows = await gateway.rpc(
        session,
        "list_messages",
        {
            "conversation_id": str(as_uuid(conversation_id)),
            "before_seq": before_seq,
            "page_size": page_size,
        },
    )
    return [Message.model_validate(row) for row in reversed(rows or [])]


async def list_after(
    gateway: Gateway, session: AuthSession, *, conversation_id: UUID | str, after_seq: int
) -> list[Message]:
    """Everything newer than `after_seq`, oldest first: what a session missed."""
    messages: list[Message] = []
    while True:
        rows = await gateway.rpc(
            session,
            "list_messages_after",
            {"conversation_id": str(as_uuid(conversation_id)), "after_seq": after_seq},
        )
        page = [Message.model_validate(row) for row in rows or []]
        messages += page
        if len(page) < 200:
            return messages
        after_seq = page[-1].seq


async def mark_read(
    gateway: Gateway, session: AuthSession, *, conversation_id: UUID | str, up_to_seq: int
) -> ReadState | None:
    row = await gateway.rpc(
        session,
        "mark_conversation_read",
        {"conversation_id": str(as_uuid(conversation_id)), "up_to_seq": up_to_seq},
    )
    return ReadState.model_validate(row) if row and row.get("conversation_id") else None


async def list_read_states(
    gateway: Gateway, session: AuthSession, *, conversation_id: UUID | str
) -> list[ReadState]:
    rows = await gateway.select(
        session, "conversation_reads", eq={"conversation_id": str(as_uuid(conversation_id))}
    )
    return [ReadState.model_validate(row) for row in rows]


async def list_conversations(gateway: Gateway, session: AuthSession) -> list[ConversationSummary]:
    rows = await gateway.rpc(session, "list_my_conversations")
    return [ConversationSummary.model_validate(row) for row in rows or []]


async def get_conversation(
    gateway: Gateway, session: AuthSession, *, conversation_id: UUID | str
) -> ConversationSummary:
    wanted = as_uuid(conversation_id)
    for summary in await list_conversations(gateway, session):
        if summary.conversation_id == wanted:
            return summary
    raise RelaisError(ErrorCode.NOT_FOUND, "conversation")


def unread_total(conversations: list[ConversationSummary]) -> int:
    return sum(summary.unread_count for summary in conversations)


# -- quiet hours --------------------------------------------------------------------
async def get_quiet_hours(gateway: Gateway, session: AuthSession) -> QuietHours | None:
    rows = await gateway.select(session, "quiet_hours", eq={"user_id": str(session.user_id)})
    return QuietHours.model_validate(rows[0]) if rows else None


async def set_quiet_hours(
    gateway: Gateway,
    session: AuthSession,
    *,
    starts_at: dt.time,
    ends_at: dt.time,
    time_zone: str = "Europe/Paris",
) -> QuietHours:
    if starts_at == ends_at:
        raise RelaisError(ErrorCode.INVALID_INPUT, "empty window", field="ends_at")
    params: dict[str, Any] = {
        "starts_at": starts_at.strftime("%H:%M"),
        "ends_at": ends_at.strftime("%H:%M"),
        "time_zone": time_zone,
    }
    return QuietHours.model_validate(await gateway.rpc(session, "set_quiet_hours", params))


async def clear_quiet_hours(gateway: Gateway, session: AuthSession) -> None:
    await gateway.delete(session, "quiet_hours", eq={"user_id": str(session.user_id)})


def badges_allowed(quiet_hours: QuietHours | None, now: dt.datetime | None = None) -> bool:
    """No badge (and no sound) during quiet hours; messages still arrive."""
    return quiet_hours is None or not quiet_hours.covers(now or dt.datetime.now(dt.UTC))


def unread_badge(
    conversations: list[ConversationSummary],
    quiet_hours: QuietHours | None,
    now: dt.datetime | None = None,
) -> int:
    """The number on the Messages tab: unread messages, none during quiet hours."""
    return unread_total(conversations) if badges_allowed(quiet_hours, now) else 0

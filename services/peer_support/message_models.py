"""Pydantic models for messages, conversations, reports and crisis alerts.

The body rules are the ones `messages` enforces in SQL (1–2,000 characters,
and the free-text rule of services/text.py: something visible, no control or
bidi override characters), checked here first so the person is told precisely
what is wrong.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from services import text

MESSAGE_MAX_LENGTH = 2000
HISTORY_PAGE_SIZE = 50
REPORT_DETAILS_MAX_LENGTH = 500


class MessageKind(StrEnum):
    TEXT = "text"
    QUICK_REPLY = "quick_reply"
    GOODBYE = "goodbye"
    # Written by someone who deleted their account: no body, no author any more.
    ERASED = "erased"


class QuickReply(StrEnum):
    """One-tap answers for people with aphasia; the first five are words, the rest pictograms."""

    YES = "yes"
    NO = "no"
    THANK_YOU = "thank_you"
    LATER = "later"
    DONT_UNDERSTAND = "dont_understand"
    TIRED = "tired"
    PAIN = "pain"
    HAPPY = "happy"
    SAD = "sad"
    CALL_ME = "call_me"
    HELLO = "hello"
    GOODNIGHT = "goodnight"


WORD_REPLIES = (
    QuickReply.YES,
    QuickReply.NO,
    QuickReply.THANK_YOU,
    QuickReply.LATER,
    QuickReply.DONT_UNDERSTAND,
)
PICTOGRAM_REPLIES = tuple(reply for reply in QuickReply if reply not in WORD_REPLIES)


class ReportReason(StrEnum):
    UPSETTING = "upsetting"
    MEDICAL_ADVICE = "medical_advice"
    FALSE_PROMISES = "false_promises"
    INAPPROPRIATE = "inappropriate"
    OTHER = "other"


class CrisisCategory(StrEnum):
    SUICIDAL_THOUGHTS = "suicidal_thoughts"
    STROKE_WARNING_SIGNS = "stroke_warning_signs"


class CrisisContact(BaseModel):
    """A number the crisis banner offers: `sms` for the one reached by text message (114)."""

    model_config = ConfigDict(frozen=True)

    number: str
    key: str  # catalogue key of what the number is for
    sms: bool = False


def body_problem(body: str) -> str | None:
    """Why `body` cannot be sent, or None when it can. The same rules as the SQL checks."""
    if not body or body.isspace():
        return "empty"
    if len(body) > MESSAGE_MAX_LENGTH:
        return "too_long"
    if not text.is_clean(body):
        return "control_characters"
    if not text.has_visible_character(body):
        return "invisible"
    return None


def sendable_body(body: str) -> str:
    """The body as stored: one kind of line break, no surrounding blank lines."""
    return text.normalized(body).strip(" \n\t")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Row(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class OutgoingMessage(_Strict):
    """What a person sends. `id` is made on the device, so a retry is the same message."""

    id: UUID
    conversation_id: UUID
    body: str
    kind: MessageKind = MessageKind.TEXT
    quick_reply: QuickReply | None = None

    @field_validator("body")
    @classmethod
    def _sendable(cls, body: str) -> str:
        body = sendable_body(body)
        problem = body_problem(body)
        if problem is not None:
            raise ValueError(problem)
        return body

    @model_validator(mode="after")
    def _kind_matches(self) -> OutgoingMessage:
        if self.kind is MessageKind.GOODBYE:
            raise ValueError("a goodbye is sent by ending the match")
        if self.kind is MessageKind.ERASED:
            raise ValueError("only an account deletion erases a message")
        if (self.kind is MessageKind.QUICK_REPLY) != (self.quick_reply is not None):
            raise ValueError("a quick reply needs its key, and only a quick reply has one")
        return self

    def params(self) -> dict[str, Any]:
        return {
            "message_id": str(self.id),
            "conversation_id": str(self.conversation_id),
            "body": self.body,
            "kind": self.kind.value,
            "quick_reply": self.quick_reply.value if self.quick_reply else None,
        }


class Message(_Row):
    id: UUID
    conversation_id: UUID
    sender_id: UUID | None  # None once the author deleted their account
    seq: int
    kind: MessageKind
    body: str
    quick_reply: QuickReply | None = None
    created_at: dt.datetime

    @field_validator("body", mode="before")
    @classmethod
    def _erased_body(cls, value: Any) -> Any:
        # An erased message keeps no text in the database; screens show a placeholder.
        return "" if value is None else value


class ConversationSummary(_Row):
    """One line of the Messages tab."""

    conversation_id: UUID
    match_id: UUID
    partner_id: UUID | None  # None once the partner deleted their account
    partner_name: str | None
    is_open: bool
    created_at: dt.datetime
    closed_at: dt.datetime | None = None
    last_seq: int | None = None
    last_message_at: dt.datetime | None = None
    last_message_preview: str | None = None
    last_message_mine: bool | None = None
    unread_count: int = 0
    my_last_read_seq: int = 0
    partner_last_read_seq: int = 0


class ReadState(_Row):
    conversation_id: UUID
    user_id: UUID
    last_read_seq: int


class QuietHours(_Row):
    starts_at: dt.time
    ends_at: dt.time
    time_zone: str = "Europe/Paris"

    def covers(self, moment: dt.datetime) -> bool:
        """True when `moment` falls in the window, which may run past midnight."""
        local = moment.astimezone(ZoneInfo(self.time_zone)).time().replace(tzinfo=None)
        if self.starts_at < self.ends_at:
            return self.starts_at <= local < self.ends_at
        return local >= self.starts_at or local < self.ends_at


class Report(_Row):
    id: UUID
    message_id: UUID | None
    reporter_id: UUID | None  # None once the reporter deleted their account
    reason: ReportReason
    details: str | None = None
    excerpt: list[dict[str, Any]]
    created_at: dt.datetime
    resolved_at: dt.datetime | None = None


class SafetyItem(_Row):
    """An open report or crisis alert in the coordinator's queue."""

    item_type: str
    item_id: UUID
    category: str
    details: str | None = None
    excerpt: Any
    reporter_name: str | None = None
    concerned_name: str | None = None
    created_at: dt.datetime

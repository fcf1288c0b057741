"""Pydantic models for notification choices, devices and e-mails.

The subscription's shape is checked here and again by the table's constraints;
what a browser sends is never trusted further than that.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, field_validator

from services.text import has_visible_character

DEVICE_LABEL_MAX_LENGTH = 120
ENDPOINT_MAX_LENGTH = 1000


class NotificationKind(StrEnum):
    MESSAGE = "message"
    MATCH = "match"
    DIARY = "diary"
    REMINDER = "reminder"
    COORDINATION = "coordination"
    CRISIS = "crisis"


_FIELD_OF_KIND = {
    NotificationKind.MESSAGE: "messages",
    NotificationKind.MATCH: "matches",
    NotificationKind.DIARY: "diary",
    NotificationKind.REMINDER: "reminders",
    NotificationKind.COORDINATION: "coordination",
    NotificationKind.CRISIS: "crisis",
}
# The kinds a coordinator chooses on top of everyone's.
COORDINATOR_KINDS = (NotificationKind.COORDINATION, NotificationKind.CRISIS)


class NotificationSettings(BaseModel):
    """What a person chose; a person who never chose gets everything on, names hidden."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    messages: bool = True
    matches: bool = True
    diary: bool = True
    reminders: bool = True
    coordination: bool = True
    crisis: bool = True
    show_names: bool = False
    email_digest: bool = False

    def wants(self, kind: NotificationKind) -> bool:
        field = _FIELD_OF_KIND[kind]
        return bool(getattr(self, field))

    def choosing(self, kind: NotificationKind, wanted: bool) -> NotificationSettings:
        field = _FIELD_OF_KIND[kind]
        return self.model_copy(update={field: wanted})


class PushSubscriptionIn(BaseModel):
    """What `PushSubscription.toJSON()` gives in the browser, plus a device name."""

    model_config = ConfigDict(frozen=True, extra="ignore", str_strip_whitespace=True)

    endpoint: str = Field(min_length=12, max_length=ENDPOINT_MAX_LENGTH, pattern=r"^https?://\S+$")
    p256dh: str = Field(pattern=r"^[A-Za-z0-9_-]{86,88}={0,2}$")
    auth: str = Field(pattern=r"^[A-Za-z0-9_-]{22,24}={0,2}$")
    device_label: str = Field(default="", max_length=DEVICE_LABEL_MAX_LENGTH)

    @classmethod
    def from_browser(cls, subscription: Any, device_label: Any = "") -> PushSubscriptionIn:
        """The browser's `{"endpoint", "keys": {"p256dh", "auth"}}`; ValueError if malformed."""
        if not isinstance(subscription, dict) or not isinstance(subscription.get("keys"), dict):
            raise ValueError("not a push subscription")
        keys = subscription["keys"]
        label = device_label if isinstance(device_label, str) else ""
        return cls(
            endpoint=subscription.get("endpoint"),
            p256dh=keys.get("p256dh"),
            auth=keys.get("auth"),
            device_label=label[:DEVICE_LABEL_MAX_LENGTH],
        )

    @field_validator("device_label")
    @classmethod
    def _printable_label(cls, label: str) -> str:
        printable = "".join(ch for ch in label if ch.isprintable())
        # The browser names the device, not the person: a name that would show
        # nothing (device_label_visible_text) is dropped rather than refused.
        return printable if has_visible_character(printable) else ""


class PushDevice(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    id: UUID
    endpoint: str
    device_label: str = ""
    created_at: dt.datetime
    last_ok_at: dt.datetime | None = None


class StoredEmail(BaseModel):
    """An e-mail as stored: rendered in the reader's language when shown or sent."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    id: int
    template: str
    data: dict[str, Any] = Field(default_factory=dict)
    created_at: dt.datetime
    sent_at: dt.datetime | None = None


class RenderedEmail(BaseModel):
    model_config = ConfigDict(frozen=True)

    subject: str
    body: str

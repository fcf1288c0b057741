"""The peer-support part of one tab's state: the only way its screens reach the services.

One `PeerSupport` per tab, beside that tab's `AppState` (same person, same
gateway); one `RealtimeHub` per server process, shared by every tab
(DESIGN.md decision 5). Each tab follows through a hub of its own sitting on
the process's one, so a topic wanted by two of the tab's screens (the
conversation and the bottom bar's count) is followed once per tab. Drafts
live here and on the device, so a draft survives leaving the conversation, a
dropped connection and a reload.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

import flet as ft

from app.account.session_watch import unwatched
from app.state import AppState, use_app_state
from app.tab_part import PerTab, TabPart
from services.gateway import Gateway
from services.models import PeerStatus, Role
from services.peer_support import matches as peer_support
from services.peer_support import matching, messaging, safety
from services.peer_support.conversation_feed import ConversationFeed, FeedChange
from services.peer_support.message_models import (
    ConversationSummary,
    CrisisCategory,
    Message,
    QuickReply,
    QuietHours,
    ReportReason,
    SafetyItem,
)
from services.peer_support.models import (
    ApplicationSummary,
    MyMatch,
    PeerApplication,
    RequestSummary,
    SupportRequest,
)
from services.realtime_hub import RealtimeHub

DRAFT_KEY = "relais.draft.{conversation}"
# The browser remembers which crisis it has shown, so reopening does not show it again.
CRISIS_SEEN_KEY = "relais.crisis_seen.{conversation}"


@dataclass(frozen=True)
class MessageDraft:
    """What is being written, and the id it will be sent with.

    The id belongs to the draft, not to a press of Send: it is kept on the
    device with the text and changes only once a send is confirmed, so a
    second press after a lost reply stores the message once.
    """

    text: str = ""
    id: UUID = field(default_factory=uuid.uuid4)

    @classmethod
    def from_stored(cls, stored: str | None) -> MessageDraft:
        try:
            kept = json.loads(stored or "")
            return cls(text=str(kept["text"]), id=UUID(str(kept["id"])))
        except (ValueError, TypeError, KeyError):
            return cls(text=stored or "")  # kept as plain text by an older version

    def stored(self) -> str:
        return json.dumps({"id": str(self.id), "text": self.text})


_hubs: dict[int, RealtimeHub] = {}
_by_tab: PerTab[PeerSupport] = PerTab(lambda app: PeerSupport(app))


def apply_in_tab(page: ft.Page, handler: Callable[..., Awaitable[None]], *args: object) -> None:
    """Run `handler` in `page`'s own session (flet-notes.md: the pubsub pitfall).

    Realtime events arrive on the hub's task, outside any session; a tab whose
    browser has gone away is skipped (its feed still keeps every message).
    """
    if page.session.connection is None:
        return
    page.run_task(handler, *args)


def hub_for(gateway: Gateway) -> RealtimeHub:
    """The process's one hub for this gateway."""
    hub = _hubs.get(id(gateway))
    if hub is None:
        hub = _hubs[id(gateway)] = RealtimeHub(gateway)
    return hub


def hub_counts() -> dict[str, int]:
    """Topics and followers on the process's hubs (for tests: 0 once the tabs are gone)."""
    return {
        "hub_topics": sum(hub.topics for hub in _hubs.values()),
        "hub_followers": sum(hub.followers for hub in _hubs.values()),
    }


class PeerSupport(TabPart):
    def __init__(self, app: AppState) -> None:
        super().__init__(app)
        self.drafts: dict[UUID, MessageDraft] = {}
        self._hub: RealtimeHub | None = None

    def locale(self) -> str:
        return self._app.locale.value

    def peer_status(self) -> PeerStatus | None:
        return self._app.peer_status

    def session_role(self) -> Role | None:
        return self._app.profile.role if self._app.profile is not None else None

    @property
    def hub(self) -> RealtimeHub:
        """This tab's hub: one following per topic on the process's hub, for all its screens."""
        if self._hub is None:
            self._hub = RealtimeHub(hub_for(unwatched(self.gateway)))
        return self._hub

    # -- applications and review ---------------------------------------------------
    async def my_application(self) -> PeerApplication | None:
        return await peer_support.get_my_application(self.gateway, self.session)

    async def submit_application(self, **fields: Any) -> PeerApplication:
        return await peer_support.submit_application(self.gateway, self.session, **fields)

    async def applications(self) -> list[ApplicationSummary]:
        return await peer_support.list_applications(self.gateway, self.session)

    async def approve(self, peer_id: UUID, trained_on: dt.date) -> None:
        await peer_support.approve_peer(
            self.gateway, self.session, peer_id=peer_id, training_completed_on=trained_on
        )

    async def decline(self, peer_id: UUID, reason: str) -> None:
        await peer_support.decline_application(
            self.gateway, self.session, peer_id=peer_id, reason=reason
        )

    async def suspend(self, peer_id: UUID, reason: str) -> None:
        await peer_support.suspend_peer(self.gateway, self.session, peer_id=peer_id, reason=reason)

    # -- requests and matches --------------------------------------------------------
    async def my_requests(self) -> list[SupportRequest]:
        return await peer_support.list_my_requests(self.gateway, self.session)

    async def request_peer(self, **fields: Any) -> SupportRequest:
        return await peer_support.request_peer(self.gateway, self.session, **fields)

    async def my_matches(self) -> list[MyMatch]:
        return await peer_support.list_my_matches(self.gateway, self.session)

    async def respond(self, match_id: UUID, accept: bool) -> None:
        await peer_support.respond_to_match(
            self.gateway, self.session, match_id=match_id, accept=accept
        )

    async def end_match(self, match_id: UUID, goodbye: str) -> None:
        await peer_support.end_match(self.gateway, self.session, match_id=match_id, goodbye=goodbye)

    async def block(self, match_id: UUID) -> None:
        await peer_support.block_partner(self.gateway, self.session, match_id=match_id)

    async def open_requests(self) -> list[RequestSummary]:
        return await peer_support.list_open_requests(self.gateway, self.session)

    async def request(self, request_id: UUID | str) -> RequestSummary:
        return await peer_support.get_request(self.gateway, self.session, request_id=request_id)

    async def suggestions(self, request_id: UUID | str) -> list[matching.Suggestion]:
        return await matching.suggest_peers(self.gateway, self.session, request_id=request_id)

    async def propose(self, request_id: UUID, peer_id: UUID) -> None:
        await peer_support.propose_match(
            self.gateway, self.session, request_id=request_id, peer_id=peer_id
        )

    # -- conversations -------------------------------------------------------------
    async def conversations(self) -> list[ConversationSummary]:
        return await messaging.list_conversations(self.gateway, self.session)

    async def conversation(self, conversation_id: UUID | str) -> ConversationSummary:
        return await messaging.get_conversation(
            self.gateway, self.session, conversation_id=conversation_id
        )

    async def open_feed(
        self, conversation_id: UUID, on_change: Callable[[FeedChange], Awaitable[None]]
    ) -> ConversationFeed:
        feed = ConversationFeed(self.gateway, self.session, self.hub, conversation_id, on_change)
        await feed.open()
        return feed

    async def send(
        self,
        feed: ConversationFeed,
        body: str,
        quick_reply: QuickReply | None = None,
        message_id: UUID | None = None,
    ) -> Message:
        """`message_id`: the draft's, so sending it again after a lost reply stores it once."""
        sent = await messaging.send_message(
            self.gateway,
            self.session,
            message_id=message_id or uuid.uuid4(),
            conversation_id=feed.conversation_id,
            body=body,
            quick_reply=quick_reply,
        )
        await feed.add_sent(sent)
        return sent

    async def noticed(self, message: Message) -> tuple[CrisisCategory, ...]:
        """Crisis words in a message shown here: the banner shows, the coordinator is told."""
        if message.sender_id == self.session.user_id:
            return safety.crisis_categories(message.body)  # the send already alerted
        return await messaging.alert_if_crisis(self.gateway, self.session, message)

    async def mark_read(self, feed: ConversationFeed) -> None:
        # A peer supporter who is no longer approved still sees past conversations,
        # but the database refuses their receipts (issue 13): do not ask.
        withdrawn = (
            self.session_role() is Role.PEER and self.peer_status() is not PeerStatus.APPROVED
        )
        if feed.last_seq and not withdrawn:
            await messaging.mark_read(
                self.gateway,
                self.session,
                conversation_id=feed.conversation_id,
                up_to_seq=feed.last_seq,
            )

    async def report(self, message_id: UUID, reason: ReportReason, details: str) -> None:
        await safety.report_message(
            self.gateway, self.session, message_id=message_id, reason=reason, details=details
        )

    # -- drafts and what was seen ---------------------------------------------------------
    async def load_draft(self, conversation_id: UUID) -> MessageDraft:
        if conversation_id not in self.drafts:
            stored = await self._app.device.load(DRAFT_KEY.format(conversation=conversation_id))
            self.drafts[conversation_id] = MessageDraft.from_stored(stored)
        return self.drafts[conversation_id]

    async def keep_draft(self, conversation_id: UUID, draft: MessageDraft) -> None:
        self.drafts[conversation_id] = draft
        key = DRAFT_KEY.format(conversation=conversation_id)
        if draft.text:
            await self._app.device.save(key, draft.stored())
        else:
            await self._app.device.forget(key)

    async def crisis_seen(self, conversation_id: UUID) -> int:
        """The newest crisis message (its number) whose emergency numbers were shown here."""
        stored = await self._app.device.load(CRISIS_SEEN_KEY.format(conversation=conversation_id))
        return int(stored) if stored and stored.isdigit() else 0

    async def keep_crisis_seen(self, conversation_id: UUID, seq: int) -> None:
        key = CRISIS_SEEN_KEY.format(conversation=conversation_id)
        await self._app.device.save(key, str(seq))

    # -- quiet hours and safety ---------------------------------------------------------
    async def quiet_hours(self) -> QuietHours | None:
        return await messaging.get_quiet_hours(self.gateway, self.session)

    async def set_quiet_hours(self, starts_at: dt.time, ends_at: dt.time) -> QuietHours:
        return await messaging.set_quiet_hours(
            self.gateway, self.session, starts_at=starts_at, ends_at=ends_at
        )

    async def clear_quiet_hours(self) -> None:
        await messaging.clear_quiet_hours(self.gateway, self.session)

    async def safety_queue(self) -> list[SafetyItem]:
        return await safety.list_safety_queue(self.gateway, self.session)

    async def resolve(self, item: SafetyItem) -> None:
        if item.item_type == "alert":
            await safety.acknowledge_alert(self.gateway, self.session, alert_id=item.item_id)
        else:
            await safety.resolve_report(self.gateway, self.session, report_id=item.item_id)


def peer_support_for(app: AppState) -> PeerSupport:
    return _by_tab.of(app)


def use_peer_support() -> PeerSupport:
    return peer_support_for(use_app_state())

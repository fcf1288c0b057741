"""What one session shows of one conversation, kept live: nothing lost, nothing twice.

The feed follows the conversation's topic on the process's RealtimeHub, then
loads the newest page (in that order, so a message sent in between is not
missed). Each event names a message; the feed reads it under the session's
own identity. Messages are kept in `seq` order, each id once. When an event
skips a number, or the transport says it reconnected (`resync`), the feed
reads everything after the last `seq` it holds: `seq` follows commit order in
a conversation, so that read returns exactly what was missed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from services.gateway import Gateway
from services.models import AuthSession
from services.peer_support import messaging
from services.peer_support.message_models import HISTORY_PAGE_SIZE, Message
from services.realtime_hub import RESYNC, Following, RealtimeHub, conversation_topic


@dataclass(frozen=True)
class FeedChange:
    """What changed since the last call: new messages (in order), read receipts, closing."""

    new_messages: tuple[Message, ...] = ()
    older_messages: tuple[Message, ...] = ()
    partner_read_seq: int | None = None
    closed: bool = False


ChangeHandler = Callable[[FeedChange], Awaitable[None]]


@dataclass
class ConversationFeed:
    gateway: Gateway
    session: AuthSession
    hub: RealtimeHub
    conversation_id: UUID
    on_change: ChangeHandler | None = None
    messages: list[Message] = field(default_factory=list)
    partner_read_seq: int = 0
    closed: bool = False
    has_older: bool = True
    _ids: set[UUID] = field(default_factory=set)
    _following: Following | None = None
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    @property
    def last_seq(self) -> int:
        return self.messages[-1].seq if self.messages else 0

    @property
    def first_seq(self) -> int | None:
        return self.messages[0].seq if self.messages else None

    async def open(self) -> None:
        self._following = await self.hub.follow(
            conversation_topic(self.conversation_id), self._on_event
        )
        first_page = await messaging.list_history(
            self.gateway, self.session, conversation_id=self.conversation_id
        )
        async with self._lock:
            self.has_older = len(first_page) >= HISTORY_PAGE_SIZE
            self._take(first_page, older=False)
            await self._refresh_reads()

    async def close(self) -> None:
        if self._following is not None:
            await self._following.stop()
            self._following = None

    async def load_older(self) -> tuple[Message, ...]:
        """The page before the oldest message shown (scrolling up)."""
        if not self.has_older or self.first_seq is None:
            return ()
        page = await messaging.list_history(
            self.gateway,
            self.session,
            conversation_id=self.conversation_id,
            before_seq=self.first_seq,
        )
        async with self._lock:
            self.has_older = len(page) >= HISTORY_PAGE_SIZE
            older = self._take(page, older=True)
        if older:
            await self._emit(FeedChange(older_messages=older))
        return older

    async def catch_up(self) -> tuple[Message, ...]:
        async with self._lock:
            added = await self._read_missed()
            read_changed = await self._refresh_reads()
        if added or read_changed:
            await self._emit(FeedChange(new_messages=added, partner_read_seq=self.partner_read_seq))
        return added

    async def _on_event(self, _topic: str, payload: Mapping[str, Any]) -> None:
        kind = payload.get("type")
        if kind == "message":
            await self._on_message(payload)
        elif kind == "read" and str(payload.get("user_id")) != str(self.session.user_id):
            seq = int(payload.get("seq") or 0)
            if seq > self.partner_read_seq:
                self.partner_read_seq = seq
                await self._emit(FeedChange(partner_read_seq=seq))
        elif kind == "closed":
            self.closed = True
            await self._emit(FeedChange(closed=True))
        elif kind == RESYNC:
            await self.catch_up()

    async def _on_message(self, payload: Mapping[str, Any]) -> None:
        seq = int(payload.get("seq") or 0)
        async with self._lock:
            if str(payload.get("id")) in {str(i) for i in self._ids}:
                return  # already shown: our own send, or a duplicate event
            if seq == self.last_seq + 1:
                found = await messaging.get_message(
                    self.gateway, self.session, message_id=str(payload.get("id"))
                )
                added = self._take([found] if found else [], older=False)
            else:
                added = await self._read_missed()
        if added:
            await self._emit(FeedChange(new_messages=added))

    async def add_sent(self, message: Message) -> None:
        """Show a message this session just sent (its event may come before or after)."""
        async with self._lock:
            if message.id in self._ids:
                return
            if message.seq == self.last_seq + 1:
                added = self._take([message], older=False)
            else:
                added = await self._read_missed()
        if added:
            await self._emit(FeedChange(new_messages=added))

    async def _read_missed(self) -> tuple[Message, ...]:
        # A gap in seq: events were missed or are still on their way. Reading
        # everything after the last message held keeps the list whole, so
        # "after last_seq" stays exactly what this session has not shown.
        missed = await messaging.list_after(
            self.gateway,
            self.session,
            conversation_id=self.conversation_id,
            after_seq=self.last_seq,
        )
        return self._take(missed, older=False)

    def _take(self, incoming: list[Message], *, older: bool) -> tuple[Message, ...]:
        fresh = [m for m in incoming if m.id not in self._ids]
        if not fresh:
            return ()
        self._ids.update(m.id for m in fresh)
        if older:
            self.messages[:0] = sorted(fresh, key=lambda m: m.seq)
        else:
            self.messages += fresh
            self.messages.sort(key=lambda m: m.seq)
        return tuple(sorted(fresh, key=lambda m: m.seq))

    async def _refresh_reads(self) -> bool:
        states = await messaging.list_read_states(
            self.gateway, self.session, conversation_id=self.conversation_id
        )
        partner = max(
            (s.last_read_seq for s in states if s.user_id != self.session.user_id), default=0
        )
        if partner > self.partner_read_seq:
            self.partner_read_seq = partner
            return True
        return False

    async def _emit(self, change: FeedChange) -> None:
        if self.on_change is not None:
            await self.on_change(change)

    def seen(self, message: Message) -> bool:
        """True for my message once the other person has read up to it."""
        return message.sender_id == self.session.user_id and message.seq <= self.partner_read_seq

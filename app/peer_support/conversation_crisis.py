"""When a conversation's crisis banner opens, folds, and opens again.

Crisis words in a message open the banner. The browser remembers the
newest crisis message (by its number in the conversation) whose banner it
has shown, so reopening the conversation shows the numbers folded to one
line, not the whole banner again; a newer crisis message opens it again.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import cast
from uuid import UUID

import flet as ft

from app.peer_support.state import PeerSupport
from services.peer_support.message_models import Message

Handler = Callable[[], Awaitable[None]]


@dataclass(frozen=True)
class CrisisWatch:
    shown: bool  # a message of this conversation spoke of a crisis
    expanded: bool
    opened: Callable[[UUID], Awaitable[None]]  # a conversation opens: forget the previous one
    noticed: Callable[[Iterable[Message]], Awaitable[None]]  # messages arrive on screen
    expand: Handler
    fold: Handler


def use_crisis_watch(support: PeerSupport) -> CrisisWatch:
    newest, set_newest = ft.use_state(0)
    expanded, set_expanded = ft.use_state(False)
    # Refs: messages arrive on handlers drawn by older renders.
    conversation = ft.use_ref(cast(UUID | None, None))
    seen = ft.use_ref(0)

    async def opened(conversation_id: UUID) -> None:
        conversation.current = conversation_id
        set_newest(0)
        set_expanded(False)
        seen.current = await support.crisis_seen(conversation_id)

    async def noticed(messages: Iterable[Message]) -> None:
        # Every message is checked: noticing one also tells the coordinator.
        crisis = [message.seq for message in messages if await support.noticed(message)]
        if not crisis:
            return
        top = max(crisis)
        set_newest(lambda current: max(current, top))
        if top > (seen.current or 0) and conversation.current is not None:
            seen.current = top
            set_expanded(True)
            await support.keep_crisis_seen(conversation.current, top)

    async def expand() -> None:
        set_expanded(True)

    async def fold() -> None:
        set_expanded(False)

    return CrisisWatch(
        shown=newest > 0,
        expanded=expanded,
        opened=opened,
        noticed=noticed,
        expand=expand,
        fold=fold,
    )

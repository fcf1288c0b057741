"""What a signed-in person sees change while the app is open.

- Matches, conversations and quiet hours, shared by the Messages tab and the
  bottom bar's unread badge: both re-read when a match or one of the person's
  open conversations changes (a proposal, an opening, an ending, a new
  message, a read receipt).
- A peer supporter's status: approved, suspended or back to applicant shows
  at once, not at the next sign-in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, cast

import flet as ft

from app.peer_support.state import apply_in_tab, use_peer_support
from app.state import use_app_state
from components.lifetime import use_lifetime
from services.errors import RelaisError
from services.models import Role
from services.peer_support import messaging
from services.peer_support.message_models import ConversationSummary, QuietHours
from services.peer_support.models import MyMatch
from services.realtime_hub import Following, conversation_topic, person_topic


@dataclass(frozen=True)
class LiveConversations:
    matches: list[MyMatch]
    conversations: list[ConversationSummary]
    quiet: QuietHours | None
    failure: RelaisError | None
    reload: Callable[[], Awaitable[None]]

    def badges_allowed(self) -> bool:
        """No badge during quiet hours; messages still arrive."""
        return messaging.badges_allowed(self.quiet, dt.datetime.now(dt.UTC))

    def unread_shown(self) -> int:
        """Unread messages to show as a badge: none during quiet hours."""
        return messaging.unread_total(self.conversations) if self.badges_allowed() else 0


def use_live_conversations(*, with_matches: bool = True) -> LiveConversations:
    support = use_peer_support()
    page = ft.context.page
    matches, set_matches = ft.use_state(cast(list[MyMatch], []))
    conversations, set_conversations = ft.use_state(cast(list[ConversationSummary], []))
    quiet, set_quiet = ft.use_state(cast(QuietHours | None, None))
    failure, set_failure = ft.use_state(cast(RelaisError | None, None))
    version, set_version = ft.use_state(0)
    # Topics followed; each following is closed with the screen (use_lifetime).
    followings = ft.use_ref(cast(set[str], set()))
    lifetime = use_lifetime()

    async def reload() -> None:
        set_version(lambda v: v + 1)

    async def changed(*_: object) -> None:
        # From the hub's task: re-read in this tab's own session.
        apply_in_tab(page, reload)

    async def follow(found: list[ConversationSummary]) -> None:
        followed = followings.current
        assert followed is not None

        async def keep(opened: Following) -> None:
            if await lifetime.keep(opened.stop):
                followed.add(opened.topic)

        if not followed:
            for opened in await support.follow_my_events(changed):
                await keep(opened)
        for summary in found:
            topic = conversation_topic(summary.conversation_id)
            if summary.is_open and topic not in followed:
                await keep(await support.hub.follow(topic, changed))

    async def load() -> None:
        # A newer reload cancels this one (the effect's dependency changed).
        try:
            if with_matches:
                set_matches(await support.my_matches())
            found = await support.conversations()
            set_conversations(found)
            set_quiet(await support.quiet_hours())
            await follow(found)
            set_failure(None)
        except RelaisError as error:
            set_failure(error)

    ft.use_effect(load, [version])
    return LiveConversations(matches, conversations, quiet, failure, reload)


def use_live_peer_status() -> None:
    state = use_app_state()
    support = use_peer_support()
    page = ft.context.page
    lifetime = use_lifetime()

    async def heard(_topic: str, payload: Mapping[str, Any]) -> None:
        if payload.get("type") == "application":
            apply_in_tab(page, state.refresh_profile)

    async def start() -> None:
        if state.session is None or state.profile is None or state.profile.role is not Role.PEER:
            return
        opened = await support.hub.follow(person_topic(state.session.user_id), heard)
        await lifetime.keep(opened.stop)

    ft.use_effect(start, [])

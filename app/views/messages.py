"""The Messages tab: what this person can do next, proposals to answer, and conversations.

- a peer supporter sees their application (or the button to apply);
- a survivor or caregiver asks for a peer, or sees where the request stands;
- both see proposals to accept or decline, and their conversations with
  unread counts (no badge during quiet hours; messages still arrive).
The list refreshes itself when a match or a conversation changes.
"""

from __future__ import annotations

import datetime as dt
from typing import cast

import flet as ft

from app import peer_routes
from app.i18n import error_message
from app.peer_state import apply_in_tab, use_peer_support
from app.state import use_app_state
from app.views.peer_messages_status import StatusCard
from components import ActionButton, BodyText, ErrorArea, PeerStatusNotice, Screen
from components.conversation_row import ConversationRow
from components.hooks import use_action, use_t
from components.lifetime import use_lifetime
from components.proposal_card import ProposalCard
from services import messaging
from services.errors import RelaisError
from services.message_models import ConversationSummary, QuietHours
from services.peer_models import MyMatch
from services.realtime_hub import Following, conversation_topic


@ft.component
def MessagesView() -> ft.Control:
    support = use_peer_support()
    state = use_app_state()
    t = use_t()
    page = ft.context.page
    matches, set_matches = ft.use_state(cast(list[MyMatch], []))
    conversations, set_conversations = ft.use_state(cast(list[ConversationSummary], []))
    quiet, set_quiet = ft.use_state(cast(QuietHours | None, None))
    version, set_version = ft.use_state(0)
    # Topics followed; each following is closed with the screen (use_lifetime).
    followings = ft.use_ref(cast(set[str], set()))
    lifetime = use_lifetime()
    action = use_action()
    load_failure, set_load_failure = ft.use_state(cast(RelaisError | None, None))

    async def reload() -> None:
        set_version(lambda v: v + 1)

    async def changed(*_: object) -> None:
        # From the hub's task: re-read in this tab's own session.
        apply_in_tab(page, reload)

    async def load() -> None:
        # Not through use_action: a newer reload may cancel this one (the
        # effect's dependencies changed), and it must never be skipped.
        try:
            set_matches(await support.my_matches())
            found = await support.conversations()
            set_conversations(found)
            set_quiet(await support.quiet_hours())
            await follow(found)
            set_load_failure(None)
        except RelaisError as error:
            set_load_failure(error)

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

    ft.use_effect(load, [version])

    def answer(match: MyMatch):  # type: ignore[no-untyped-def]
        async def respond(accept: bool) -> None:
            async def work() -> None:
                await support.respond(match.match_id, accept)
                await reload()

            await action.run(work)

        return respond

    def opener(summary: ConversationSummary):  # type: ignore[no-untyped-def]
        async def open_conversation() -> None:
            await page.push_route(peer_routes.conversation(summary.conversation_id))

        return open_conversation

    async def quiet_hours() -> None:
        await page.push_route(peer_routes.QUIET_HOURS)

    badges = messaging.badges_allowed(quiet, dt.datetime.now(dt.UTC))
    proposals = [m for m in matches if m.status.value == "proposed"]
    unread = messaging.unread_total(conversations) if badges else 0
    return Screen(
        title=t("messages.title"),
        controls=[
            BodyText(
                t("home.hello", name=state.profile.display_name if state.profile else ""),
                identifier="greeting",
            ),
            PeerStatusNotice(),
            ErrorArea(
                error_message(t, failure) if (failure := action.failure or load_failure) else None
            ),
            StatusCard(matches=matches, on_change=reload),
            *[ProposalCard(match=m, on_answer=answer(m), busy=action.busy) for m in proposals],
            ft.Semantics(
                identifier="unread-total",
                content=BodyText(
                    t("messaging.messages.unread_total", count=unread)
                    if unread
                    else t("messaging.messages.heading")
                ),
            ),
            *[
                ConversationRow(summary=c, on_open=opener(c), show_badge=badges)
                for c in conversations
            ],
            BodyText(t("messaging.messages.none"), muted=True)
            if not conversations
            else ft.Container(),
            BodyText(t("messaging.messages.quiet_now"), muted=True)
            if not badges
            else ft.Container(),
            ActionButton(
                t("messaging.messages.quiet_hours"),
                on_click=quiet_hours,
                primary=False,
                icon=ft.Icons.BEDTIME_OUTLINED,
            ),
        ],
    )

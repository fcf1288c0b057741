"""The Messages tab: what this person can do next, proposals to answer, and conversations.

- a peer supporter sees their application (or the button to apply);
- a survivor or caregiver asks for a peer, or sees where the request stands;
- both see proposals to accept or decline, and their conversations with
  unread counts (no badge during quiet hours; messages still arrive).
The list refreshes itself when a match or a conversation changes: it reads
the tab's live source (app/peer_support/live.py), which the bottom bar's
badge and the status notice read too.
"""

from __future__ import annotations

import flet as ft

from app.i18n import error_message, peer_status_text
from app.notifications.offer import NotificationOffer
from app.peer_support import routes as peer_routes
from app.peer_support.live import use_live
from app.peer_support.next_step import StatusCard
from app.peer_support.state import use_peer_support
from app.state import use_app_state
from components import ActionButton, BodyText, ErrorArea, Screen
from components.hooks import use_action, use_t
from components.peer_support import PeerStatusNotice
from components.peer_support.conversation_row import ConversationRow
from components.peer_support.proposal_card import ProposalCard
from services.peer_support.message_models import ConversationSummary
from services.peer_support.models import MyMatch


@ft.component
def MessagesView() -> ft.Control:
    support = use_peer_support()
    state = use_app_state()
    t = use_t()
    page = ft.context.page
    live = use_live()
    matches, conversations, reload = live.matches, live.conversations, live.refresh
    action = use_action()

    # Shown, this tab reads the matches too (and reads everything afresh now).
    ft.use_effect(live.show_matches, [], cleanup=live.hide_matches)

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

    badges = live.badges_allowed()
    proposals = [m for m in matches if m.status.value == "proposed"]
    unread = live.unread_shown()
    return Screen(
        title=t("messages.title"),
        controls=[
            BodyText(
                t("home.hello", name=state.profile.display_name if state.profile else ""),
                identifier="greeting",
            ),
            PeerStatusNotice(live.peer_status, peer_status_text(t, live.peer_status)),
            ErrorArea(
                error_message(t, failure) if (failure := action.failure or live.failure) else None
            ),
            StatusCard(matches=matches, peer_status=live.peer_status),
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
            # Once someone has a conversation, being told of its messages matters.
            NotificationOffer()
            if conversations
            else BodyText(t("messaging.messages.none"), muted=True),
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

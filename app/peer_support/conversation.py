"""A conversation between a person and their peer supporter, live.

New messages appear without reloading: the process's RealtimeHub tells the
feed, the feed reads the message as this person, and the change is applied in
this tab's own session with page.run_task (flet-notes.md: the pubsub pitfall).
"""

from __future__ import annotations

from typing import cast
from uuid import UUID

import flet as ft

from app.i18n import error_message
from app.peer_support import routes as peer_routes
from app.peer_support.conversation_composer import Composer
from app.peer_support.conversation_crisis import use_crisis_watch
from app.peer_support.conversation_panels import EndPanel, ReportPanel
from app.peer_support.state import apply_in_tab, use_peer_support
from components import ErrorArea
from components.hooks import use_action, use_palette, use_t
from components.icon_action import IconAction
from components.lifetime import use_lifetime
from components.peer_support.crisis_banner import CrisisBanner
from components.peer_support.message_bubble import MessageBubble
from components.peer_support.quick_replies import use_large_text
from services.errors import ErrorCode, RelaisError
from services.models import Role
from services.peer_support import safety
from services.peer_support.conversation_feed import ConversationFeed, FeedChange
from services.peer_support.message_models import ConversationSummary, Message, QuickReply

# Scrolled this close to the oldest message shown, the next page loads.
LOAD_OLDER_WITHIN_PX = 80


@ft.component
def ConversationView() -> ft.Control:
    support = use_peer_support()
    t = use_t()
    palette = use_palette()
    page = ft.context.page
    raw_id = ft.use_route_params().get("conversation_id", "")
    summary, set_summary = ft.use_state(cast(ConversationSummary | None, None))
    messages, set_messages = ft.use_state(cast(list[Message], []))
    partner_read, set_partner_read = ft.use_state(0)
    closed, set_closed = ft.use_state(False)
    has_older, set_has_older = ft.use_state(False)
    crisis = use_crisis_watch(support)
    panel, set_panel = ft.use_state(cast(str | None, None))
    report_target, set_report_target = ft.use_state(cast(Message | None, None))
    selected_id, set_selected_id = ft.use_state(cast(UUID | None, None))
    feed_ref = ft.use_ref(cast(ConversationFeed | None, None))
    lifetime = use_lifetime()
    action = use_action()
    loading_older = ft.use_ref(False)
    is_peer = support.session_role() is Role.PEER

    async def apply(change: FeedChange) -> None:
        feed = feed_ref.current
        if feed is None:
            return
        set_messages(list(feed.messages))
        set_partner_read(feed.partner_read_seq)
        set_closed(feed.closed)
        set_has_older(feed.has_older)
        await crisis.noticed(change.new_messages)
        if change.new_messages:
            await support.mark_read(feed)

    async def changed(change: FeedChange) -> None:
        # Called from the hub's task, outside this tab's session: hop into it.
        apply_in_tab(page, apply, change)

    async def start() -> None:
        async def work() -> None:
            # Flet cancels an async cleanup when the address changes under an open
            # screen: the previous conversation's feed is closed here instead.
            await stop()
            conversation_id = UUID(raw_id)
            found = await support.conversation(conversation_id)
            set_summary(found)
            await crisis.opened(conversation_id)
            feed = await support.open_feed(conversation_id, changed)
            if not await lifetime.keep(feed.close):
                return
            feed_ref.current = feed
            feed.closed = feed.closed or not found.is_open
            await apply(FeedChange(new_messages=tuple(feed.messages)))

        try:
            UUID(raw_id)
        except ValueError:
            set_summary(None)
            await action.run(_not_found)
            return
        await action.run(work)

    async def stop() -> None:
        if feed_ref.current is not None:
            await feed_ref.current.close()
            feed_ref.current = None

    ft.use_effect(start, [raw_id], cleanup=stop)

    async def load_older() -> None:
        feed = feed_ref.current
        if feed is None or loading_older.current:
            return
        loading_older.current = True
        try:
            await feed.load_older()
            set_messages(list(feed.messages))
            set_has_older(feed.has_older)
        finally:
            loading_older.current = False

    async def scrolled(event: ft.OnScrollEvent) -> None:
        if has_older and event.pixels >= event.max_scroll_extent - LOAD_OLDER_WITHIN_PX:
            await load_older()

    async def send(body: str, quick_reply: QuickReply | None, message_id: UUID | None) -> None:
        feed = feed_ref.current
        if feed is None:
            raise RelaisError(ErrorCode.UNREACHABLE, "the conversation is not open yet")
        await support.send(feed, body, quick_reply, message_id)

    async def select(message: Message) -> None:
        set_selected_id(None if selected_id == message.id else message.id)

    async def report(message: Message) -> None:
        set_report_target(message)
        set_panel("report")

    async def back() -> None:
        await page.push_route(peer_routes.MESSAGES)

    async def open_panel(name: str) -> None:
        set_panel(None if panel == name else name)

    failure = action.failure
    refusal = None
    if failure is not None:
        slow = isinstance(failure, RelaisError) and failure.code is ErrorCode.TOO_MANY_ATTEMPTS
        refusal = t("messaging.chat.slow_down") if slow else error_message(t, failure)
    bubbles = [
        MessageBubble(
            message=m,
            mine=m.sender_id == support.session.user_id,
            seen=m.sender_id == support.session.user_id and m.seq <= partner_read,
            selected=selected_id == m.id,
            on_select=select,
            on_report=report,
        )
        for m in reversed(messages)
    ]
    if has_older:
        bubbles.append(
            ft.TextButton(
                content=ft.Text(t("messaging.chat.older")), on_click=load_older, key="older"
            )
        )

    async def end_clicked() -> None:
        await open_panel("end")

    async def closed_panel() -> None:
        set_panel(None)

    header = ft.Row(
        controls=[
            IconAction(ft.Icons.ARROW_BACK, t("messaging.chat.back"), back, color=palette.text),
            ft.Text(
                (summary.partner_name or t("messaging.chat.deleted_account")) if summary else "",
                expand=True,
                # At large text a second line would take the room of the messages.
                max_lines=1 if use_large_text() else 2,
                overflow=ft.TextOverflow.ELLIPSIS,
                theme_style=ft.TextThemeStyle.TITLE_LARGE,
                color=palette.text,
            ),
            IconAction(
                ft.Icons.MORE_VERT,
                t("messaging.chat.options"),
                end_clicked,
                visible=summary is not None and not closed,
                color=palette.text,
            ),
        ]
    )
    top = [
        header,
        CrisisBanner(
            shown=crisis.shown,
            expanded=crisis.expanded,
            crisis_contacts=safety.CRISIS_CONTACTS,
            # The supporter is told what to do; the person, that help is there.
            guidance=t(
                "messaging.safety.banner_body_peer" if is_peer else "messaging.safety.banner_body"
            ),
            on_expand=crisis.expand,
            on_fold=crisis.fold,
        ),
        ErrorArea(refusal, identifier="chat-error"),
    ]
    padding = ft.Padding.symmetric(horizontal=12, vertical=8)
    if panel is not None:
        # An open panel takes the place of the messages and the field, and the
        # screen then scrolls as a whole, like every other screen: on a small phone
        # at large text a panel is taller than the room left, and its buttons must
        # not end up under the bottom bar.
        return ft.Container(
            expand=True,
            bgcolor=palette.background,
            content=ft.Column(
                expand=True,
                scroll=ft.ScrollMode.AUTO,
                controls=[
                    ft.Container(
                        padding=padding,
                        content=ft.Column(
                            spacing=8,
                            controls=[
                                *top,
                                EndPanel(
                                    visible=panel == "end" and summary is not None,
                                    match_id=summary.match_id if summary else None,
                                    on_done=closed_panel,
                                ),
                                ReportPanel(
                                    message=report_target if panel == "report" else None,
                                    on_done=closed_panel,
                                ),
                            ],
                        ),
                    )
                ],
            ),
        )
    return ft.Container(
        expand=True,
        bgcolor=palette.background,
        padding=padding,
        content=ft.Column(
            expand=True,
            spacing=8,
            controls=[
                *top,
                ft.ListView(
                    controls=bubbles,
                    reverse=True,
                    expand=True,
                    spacing=8,
                    on_scroll=scrolled,
                    scroll_interval=200,
                ),
                ft.Text(t("messaging.chat.closed"), color=palette.muted_text)
                if closed or summary is None
                else Composer(summary.conversation_id, is_peer, on_send=send),
            ],
        ),
    )


async def _not_found() -> None:
    raise RelaisError(ErrorCode.NOT_FOUND, "conversation")

"""One line of the Messages tab: who, the last message, and how many are unread."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

from components.hooks import use_palette, use_t
from services.peer_support.message_models import ConversationSummary


@ft.component
def ConversationRow(
    summary: ConversationSummary, on_open: Callable[[], Awaitable[None]], show_badge: bool = True
) -> ft.Control:
    palette = use_palette()
    t = use_t()
    unread = summary.unread_count if show_badge else 0
    status = t("messaging.messages.closed") if not summary.is_open else ""
    # No preview but a last message: its author deleted their account and it was erased.
    empty_key = "messaging.chat.message_erased" if summary.last_seq else None
    preview = summary.last_message_preview or t(empty_key or "messaging.messages.no_message_yet")
    name = summary.partner_name or t("messaging.chat.deleted_account")
    label = t("messaging.messages.open_with", name=name)
    if unread:
        label = t("messaging.messages.open_with_unread", name=name, count=unread)
    return ft.Semantics(
        identifier=f"conversation-{summary.conversation_id}",
        label=label,
        button=True,
        content=ft.Container(
            bgcolor=palette.card,
            border_radius=16,
            padding=16,
            on_click=on_open,
            # An ink well takes keyboard focus (Tab, then Enter); a bare tap area does not.
            ink=True,
            content=ft.Row(
                controls=[
                    ft.Icon(ft.Icons.CHAT_BUBBLE_OUTLINE, color=palette.primary),
                    ft.Column(
                        expand=True,
                        spacing=2,
                        controls=[
                            ft.Text(
                                name,
                                theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
                                color=palette.text,
                            ),
                            ft.Text(preview, max_lines=2, color=palette.muted_text),
                            ft.Text(status, color=palette.muted_text, visible=bool(status)),
                        ],
                    ),
                    ft.Container(
                        visible=unread > 0,
                        bgcolor=palette.primary,
                        border_radius=14,
                        padding=ft.Padding.symmetric(horizontal=10, vertical=4),
                        content=ft.Text(str(unread), color=palette.on_primary),
                    ),
                ]
            ),
        ),
    )

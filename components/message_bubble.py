"""One message: plain text (never HTML or Markdown), who wrote it, and "seen" for my own."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

from components.hooks import use_palette, use_t
from components.quick_replies import PICTOGRAMS, quick_reply_key
from services.message_models import Message, MessageKind


@ft.component
def MessageBubble(
    message: Message,
    mine: bool,
    seen: bool,
    on_report: Callable[[Message], Awaitable[None]] | None = None,
) -> ft.Control:
    palette = use_palette()
    t = use_t()
    # A quick reply reads in the reader's own language, whatever the sender's was.
    text = t(quick_reply_key(message.quick_reply)) if message.quick_reply else message.body
    body: list[ft.Control] = []
    if message.quick_reply in PICTOGRAMS:
        body.append(ft.Icon(PICTOGRAMS[message.quick_reply], size=40, color=palette.primary))
    body.append(ft.Text(text, theme_style=ft.TextThemeStyle.BODY_LARGE, color=palette.text))
    if message.kind is MessageKind.GOODBYE:
        body.insert(
            0, ft.Text(t("messaging.chat.goodbye_label"), italic=True, color=palette.muted_text)
        )
    footer: list[ft.Control] = [
        ft.Text(message.created_at.astimezone().strftime("%H:%M"), color=palette.muted_text)
    ]
    if mine and seen:
        footer.append(ft.Text(t("messaging.chat.seen"), color=palette.muted_text))
    if not mine and on_report is not None:

        async def report() -> None:
            await on_report(message)

        footer.append(
            ft.TextButton(
                icon=ft.Icons.FLAG_OUTLINED,
                content=ft.Text(t("messaging.chat.report")),
                on_click=report,
            )
        )
    return ft.Row(
        alignment=ft.MainAxisAlignment.END if mine else ft.MainAxisAlignment.START,
        controls=[
            ft.Container(
                width=300,
                bgcolor=palette.primary_container if mine else palette.card,
                border_radius=16,
                padding=12,
                content=ft.Column(
                    spacing=4,
                    controls=[*body, ft.Row(spacing=8, wrap=True, controls=footer)],
                ),
            )
        ],
    )

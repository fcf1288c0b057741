"""A gentle reminder of the peer charter before sending a promise of recovery or medical advice.

The peer can edit the message or send it anyway: the reminder never blocks.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

from components.hooks import use_palette, use_t

Handler = Callable[[], Awaitable[None]]


@ft.component
def FalseHopeReminder(visible: bool, on_edit: Handler, on_send_anyway: Handler) -> ft.Control:
    palette = use_palette()
    t = use_t()
    return ft.Semantics(
        identifier="false-hope-reminder",
        live_region=True,
        visible=visible,
        content=ft.Container(
            bgcolor=palette.notice_container,
            border=ft.Border.all(2, palette.on_notice_container),
            border_radius=14,
            padding=16,
            content=ft.Column(
                spacing=8,
                controls=[
                    ft.Text(
                        t("messaging.chat.charter_reminder"),
                        theme_style=ft.TextThemeStyle.BODY_LARGE,
                        color=palette.on_notice_container,
                    ),
                    ft.Row(
                        wrap=True,
                        controls=[
                            ft.FilledButton(
                                content=ft.Text(t("messaging.chat.edit")), on_click=on_edit
                            ),
                            ft.OutlinedButton(
                                content=ft.Text(t("messaging.chat.send_anyway")),
                                on_click=on_send_anyway,
                            ),
                        ],
                    ),
                ],
            ),
        ),
    )

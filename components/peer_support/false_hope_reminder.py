"""A gentle reminder of the peer charter before sending a promise of recovery or medical advice.

The peer can edit the message or send it anyway: the reminder never blocks.
It opens as a dialog, so it is seen whatever else fills a small screen.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

from components.i18n import Translator

Handler = Callable[[], Awaitable[None]]


def false_hope_reminder(t: Translator, on_edit: Handler, on_send_anyway: Handler) -> ft.AlertDialog:
    return ft.AlertDialog(
        modal=True,  # a tap beside it must not decide for the peer
        scrollable=True,
        content=ft.Semantics(
            identifier="false-hope-reminder",
            live_region=True,
            content=ft.Text(
                t("messaging.chat.charter_reminder"), theme_style=ft.TextThemeStyle.BODY_LARGE
            ),
        ),
        actions=[
            ft.FilledButton(content=ft.Text(t("messaging.chat.edit")), on_click=on_edit),
            ft.OutlinedButton(
                content=ft.Text(t("messaging.chat.send_anyway")), on_click=on_send_anyway
            ),
        ],
    )

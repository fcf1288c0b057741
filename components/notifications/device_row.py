"""One device that receives notifications, with the button that stops it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

from components.action_button import ActionButton
from components.outlined_card import OutlinedCard


@ft.component
def DeviceRow(
    name: str,
    since: str,
    remove_label: str,
    on_remove: Callable[[], Awaitable[None]],
    *,
    busy: bool = False,
    client_action: ft.ClientAction | None = None,
    identifier: str | None = None,
) -> ft.Control:
    return OutlinedCard(
        [
            ft.Row(
                controls=[
                    ft.Icon(ft.Icons.NOTIFICATIONS_ACTIVE_OUTLINED),
                    ft.Text(name, expand=True, theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
                ]
            ),
            ft.Text(since, theme_style=ft.TextThemeStyle.BODY_LARGE),
            ActionButton(
                remove_label,
                on_click=on_remove,
                busy=busy,
                primary=False,
                icon=ft.Icons.NOTIFICATIONS_OFF_OUTLINED,
                client_action=client_action,
            ),
        ],
        identifier=identifier,
    )

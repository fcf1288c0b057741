"""An e-mail Relais wrote to this person, as they would read it in their mailbox."""

from __future__ import annotations

import flet as ft

from components.outlined_card import OutlinedCard


@ft.component
def EmailCard(subject: str, received: str, body: str, identifier: str | None = None) -> ft.Control:
    return OutlinedCard(
        [
            ft.Text(subject, theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
            ft.Text(received, theme_style=ft.TextThemeStyle.BODY_MEDIUM),
            ft.Text(body, theme_style=ft.TextThemeStyle.BODY_LARGE),
        ],
        identifier=identifier,
    )

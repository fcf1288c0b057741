"""Running text at the person's text size, in the theme's calm colours."""

from __future__ import annotations

import flet as ft

from components.hooks import use_palette


@ft.component
def BodyText(text: str, muted: bool = False, identifier: str | None = None) -> ft.Control:
    palette = use_palette()
    body = ft.Text(
        text,
        theme_style=ft.TextThemeStyle.BODY_LARGE,
        color=palette.muted_text if muted else palette.text,
    )
    return ft.Semantics(identifier=identifier, content=body) if identifier else body

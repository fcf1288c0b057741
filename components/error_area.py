"""Where a refusal is shown: calm colours, an icon, and a sentence in the person's language.

Always rendered (hidden when empty) so it never shifts the position of the
controls around it, and marked as a live region so screen readers announce it.
"""

from __future__ import annotations

import flet as ft

from components.hooks import use_palette


@ft.component
def ErrorArea(message: str | None, identifier: str = "form-error") -> ft.Control:
    palette = use_palette()
    return ft.Semantics(
        identifier=identifier,
        live_region=True,
        visible=bool(message),
        content=ft.Container(
            bgcolor=palette.error_container,
            border=ft.Border.all(2, palette.on_error_container),
            border_radius=14,
            padding=16,
            content=ft.Row(
                vertical_alignment=ft.CrossAxisAlignment.START,
                controls=[
                    ft.Icon(ft.Icons.INFO_OUTLINE, color=palette.on_error_container),
                    ft.Text(
                        message or "",
                        expand=True,
                        theme_style=ft.TextThemeStyle.BODY_LARGE,
                        color=palette.on_error_container,
                    ),
                ],
            ),
        ),
    )

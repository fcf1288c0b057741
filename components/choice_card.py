"""One large, tappable option in a list where exactly one is chosen (like a radio button).

Bigger than a radio button so it is easy to hit with one hand, and its label
wraps instead of overflowing at large text sizes.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

from components.hooks import use_palette


@ft.component
def ChoiceCard(label: str, selected: bool, on_select: Callable[[], Awaitable[None]]) -> ft.Control:
    palette = use_palette()

    async def tapped() -> None:
        await on_select()

    return ft.Semantics(
        button=True,
        selected=selected,
        content=ft.Container(
            on_click=tapped,
            ink=True,
            border_radius=14,
            border=ft.Border.all(
                3 if selected else 2, palette.primary if selected else palette.outline
            ),
            bgcolor=palette.primary_container if selected else palette.surface,
            padding=ft.Padding.symmetric(horizontal=14, vertical=12),
            content=ft.Row(
                vertical_alignment=ft.CrossAxisAlignment.CENTER,
                controls=[
                    ft.Icon(
                        ft.Icons.RADIO_BUTTON_CHECKED if selected else ft.Icons.RADIO_BUTTON_OFF,
                        color=palette.on_primary_container if selected else palette.text,
                    ),
                    ft.Text(
                        label,
                        expand=True,
                        theme_style=ft.TextThemeStyle.BODY_LARGE,
                        color=palette.on_primary_container if selected else palette.text,
                    ),
                ],
            ),
        ),
    )

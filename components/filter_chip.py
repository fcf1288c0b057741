"""A rounded choice button for filters and short options: one tap, big enough for one hand."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

from components.hooks import use_palette

MIN_LABEL_WIDTH = 16  # with the 16 px padding on each side: 48 px at least


@ft.component
def FilterChip(label: str, selected: bool, on_select: Callable[[], Awaitable[None]]) -> ft.Control:
    palette = use_palette()

    async def tapped() -> None:
        await on_select()

    return ft.Semantics(
        button=True,
        selected=selected,
        content=ft.Container(
            on_click=tapped,
            ink=True,
            # No fixed height: the chip grows with its text (a 48 px chip cut the words
            # in half at 200 %). A body line plus this padding is 48 px at 100 %.
            border_radius=24,
            padding=ft.Padding.symmetric(horizontal=16, vertical=12),
            bgcolor=palette.primary_container if selected else palette.surface,
            border=ft.Border.all(
                2 if selected else 1, palette.primary if selected else palette.outline
            ),
            # The invisible 16 px keeps a one-character chip ("0") 48 px wide.
            content=ft.Stack(
                alignment=ft.Alignment.CENTER,
                controls=[
                    ft.Container(width=MIN_LABEL_WIDTH),
                    ft.Text(
                        label, color=palette.on_primary_container if selected else palette.text
                    ),
                ],
            ),
        ),
    )

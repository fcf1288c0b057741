"""A procedure in a list: its title, and one line saying why or what comes next.

Tapping anywhere opens it. The whole card is one button for screen readers,
named by the title then the line, and findable by `procedure-<id>`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

from components.hooks import use_palette


@ft.component
def ProcedureCard(
    procedure_id: str, title: str, lines: list[str], on_open: Callable[[], Awaitable[None]]
) -> ft.Control:
    palette = use_palette()

    async def open_procedure() -> None:
        await on_open()

    return ft.Semantics(
        identifier=f"procedure-{procedure_id}",
        button=True,
        content=ft.Container(
            on_click=open_procedure,
            ink=True,
            border_radius=14,
            border=ft.Border.all(2, palette.outline),
            bgcolor=palette.surface,
            padding=ft.Padding.symmetric(horizontal=14, vertical=12),
            content=ft.Row(
                vertical_alignment=ft.CrossAxisAlignment.CENTER,
                controls=[
                    ft.Column(
                        expand=True,
                        spacing=4,
                        controls=[
                            ft.Text(
                                title,
                                theme_style=ft.TextThemeStyle.BODY_LARGE,
                                weight=ft.FontWeight.W_600,
                                color=palette.text,
                            ),
                            *[ft.Text(line, color=palette.muted_text) for line in lines],
                        ],
                    ),
                    ft.Icon(ft.Icons.CHEVRON_RIGHT, color=palette.text),
                ],
            ),
        ),
    )

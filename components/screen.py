"""The frame of every screen: a heading, then content in one calm, scrollable column."""

from __future__ import annotations

import flet as ft

from components.heading import Heading
from components.hooks import use_palette

# Wider than this, lines get too long to read comfortably on a tablet or desktop.
MAX_CONTENT_WIDTH = 560


@ft.component
def Screen(title: str, controls: list[ft.Control]) -> ft.Control:
    palette = use_palette()
    return ft.Container(
        expand=True,
        bgcolor=palette.background,
        alignment=ft.Alignment.TOP_CENTER,
        content=ft.Column(
            scroll=ft.ScrollMode.AUTO,
            expand=True,
            horizontal_alignment=ft.CrossAxisAlignment.CENTER,
            controls=[
                ft.Container(
                    width=MAX_CONTENT_WIDTH,
                    padding=ft.Padding.symmetric(horizontal=20, vertical=24),
                    content=ft.Column(
                        spacing=20,
                        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
                        controls=[Heading(title), *controls],
                    ),
                )
            ],
        ),
    )

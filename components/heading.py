"""A screen or section title, announced as a heading to screen readers."""

from __future__ import annotations

import flet as ft


@ft.component
def Heading(text: str, level: int = 1) -> ft.Control:
    style = ft.TextThemeStyle.HEADLINE_MEDIUM if level == 1 else ft.TextThemeStyle.TITLE_LARGE
    return ft.Semantics(
        header=True,
        heading_level=level,
        content=ft.Text(text, theme_style=style, weight=ft.FontWeight.W_600),
    )

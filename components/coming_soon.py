"""A calm placeholder for a part of the app that is not ready yet."""

from __future__ import annotations

import flet as ft

from components.body_text import BodyText
from components.hooks import use_palette, use_t, use_text_scale
from components.theme import scaled


@ft.component
def ComingSoon(description: str, icon: ft.IconData) -> ft.Control:
    t = use_t()
    palette = use_palette()
    return ft.Container(
        bgcolor=palette.card,
        border_radius=20,
        padding=24,
        content=ft.Column(
            spacing=14,
            horizontal_alignment=ft.CrossAxisAlignment.CENTER,
            controls=[
                ft.Icon(icon, size=scaled(56, use_text_scale()), color=palette.primary),
                ft.Text(
                    t("coming_soon.title"),
                    theme_style=ft.TextThemeStyle.TITLE_LARGE,
                    text_align=ft.TextAlign.CENTER,
                ),
                BodyText(description),
                BodyText(t("coming_soon.rest"), muted=True),
            ],
        ),
    )

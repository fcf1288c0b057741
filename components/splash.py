"""Shown for the moment it takes to recognise a returning person."""

from __future__ import annotations

import flet as ft

from components.hooks import use_palette, use_t


@ft.component
def Splash() -> ft.Control:
    t = use_t()
    palette = use_palette()
    return ft.Container(
        expand=True,
        bgcolor=palette.background,
        alignment=ft.Alignment.CENTER,
        content=ft.Column(
            tight=True,
            horizontal_alignment=ft.CrossAxisAlignment.CENTER,
            spacing=20,
            controls=[
                ft.ProgressRing(color=palette.primary),
                ft.Text(t("app.loading"), theme_style=ft.TextThemeStyle.BODY_LARGE),
            ],
        ),
    )

"""Shown for the moment it takes to recognise a returning person.

That moment is usually a fraction of a second, so the spinner only appears
if it lasts: a spinner that flashes and vanishes is noise, and each frame of
its animation is work for a phone that is busy starting the app.
"""

from __future__ import annotations

import asyncio

import flet as ft

from components.hooks import use_palette, use_t

SPINNER_DELAY_S = 0.5


@ft.component
def Splash() -> ft.Control:
    t = use_t()
    palette = use_palette()
    lasting, set_lasting = ft.use_state(False)

    async def wait() -> None:
        await asyncio.sleep(SPINNER_DELAY_S)
        # Flet skips the update if the splash has gone meanwhile.
        set_lasting(True)

    ft.use_effect(wait, [])
    return ft.Container(
        expand=True,
        bgcolor=palette.background,
        alignment=ft.Alignment.CENTER,
        content=ft.Column(
            tight=True,
            visible=lasting,
            horizontal_alignment=ft.CrossAxisAlignment.CENTER,
            spacing=20,
            controls=[
                ft.ProgressRing(color=palette.primary),
                ft.Text(t("app.loading"), theme_style=ft.TextThemeStyle.BODY_LARGE),
            ],
        ),
    )

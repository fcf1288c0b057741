"""An unknown address: go back to the start rather than show a dead end."""

from __future__ import annotations

import flet as ft

from app import routes
from components import Splash


@ft.component
def NotFound() -> ft.Control:
    page = ft.context.page

    async def go_home() -> None:
        await page.push_route(routes.WELCOME)

    ft.use_effect(go_home, [])
    return Splash()

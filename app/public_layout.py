"""Frame of the screens for people not signed in; sends signed-in people home.

Home is where they were going when they were asked to sign in (a link someone
sent them), else the first tab.
"""

from __future__ import annotations

import flet as ft

from app.state import use_app_state
from components import Splash


@ft.component
def PublicLayout() -> ft.Control:
    state = use_app_state()
    outlet = ft.use_route_outlet()
    page = ft.context.page

    async def leave_if_signed_in() -> None:
        if not state.restoring and state.signed_in:
            await page.push_route(state.take_destination())

    ft.use_effect(leave_if_signed_in, [state.restoring, state.signed_in])

    if state.restoring or state.signed_in:
        return Splash()
    return outlet

"""The signed-in home's bottom bar, wired to the route: which tabs, which one is open.

The route is the single source of truth for navigation: the open tab is read
from it, and tapping a tab changes it.
"""

from __future__ import annotations

import flet as ft

from app import routes
from app.state import use_app_state
from components import BottomNav


@ft.component
def TabBar(unread_messages: int = 0) -> ft.Control:
    state = use_app_state()
    page = ft.context.page
    tabs = routes.tabs_for(state.is_coordinator)

    async def open_tab(index: int) -> None:
        await page.push_route(tabs[index].path)

    return BottomNav(
        tabs=tabs,
        selected_index=routes.tab_index(tabs, ft.use_route_location()),
        on_select=open_tab,
        unread_messages=unread_messages,
    )

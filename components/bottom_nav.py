"""The bottom bar of the signed-in home: Messages, Diary, Guide, Profile (+ Coordination)."""

from __future__ import annotations

import flet as ft

from app.routes import tab_index, tabs_for
from app.state import use_app_state
from app.theme import BASE_ICON_SIZE, scaled
from components.hooks import use_palette, use_t


@ft.component
def BottomNav() -> ft.Control:
    state = use_app_state()
    t = use_t()
    page = ft.context.page
    tabs = tabs_for(state.is_coordinator)
    selected = tab_index(tabs, ft.use_route_location())
    palette = use_palette()
    icon_size = scaled(BASE_ICON_SIZE, state.text_scale)

    async def changed(event: ft.Event[ft.NavigationBar]) -> None:
        await page.push_route(tabs[event.control.selected_index].path)

    return ft.NavigationBar(
        selected_index=selected,
        on_change=changed,
        label_behavior=ft.NavigationBarLabelBehavior.ALWAYS_SHOW,
        destinations=[
            ft.NavigationBarDestination(
                icon=ft.Icon(tab.icon, size=icon_size, color=palette.text),
                selected_icon=ft.Icon(tab.selected_icon, size=icon_size, color=palette.on_selected),
                label=t(tab.label_key),
            )
            for tab in tabs
        ],
    )

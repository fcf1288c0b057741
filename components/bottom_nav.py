"""The bottom bar of the signed-in home: Messages, Diary, Guide, Profile (+ Coordination)."""

from __future__ import annotations

import flet as ft

from app.routes import MESSAGES, Tab, tab_index, tabs_for
from app.state import use_app_state
from app.theme import BASE_ICON_SIZE, scaled
from components.hooks import use_palette, use_t

# Past this, the badge says "99+": the number itself no longer helps.
MAX_SHOWN = 99
BADGE_TEXT_SIZE = 12


@ft.component
def BottomNav(unread_messages: int = 0) -> ft.Control:
    state = use_app_state()
    t = use_t()
    page = ft.context.page
    tabs = tabs_for(state.is_coordinator)
    selected = tab_index(tabs, ft.use_route_location())
    palette = use_palette()
    icon_size = scaled(BASE_ICON_SIZE, state.text_scale)

    def badge(tab: Tab) -> ft.Badge | None:
        if tab.path != MESSAGES or unread_messages <= 0:
            return None
        # The calm colours of the conversation list's counts, not an alarm red.
        shown = str(unread_messages) if unread_messages <= MAX_SHOWN else f"{MAX_SHOWN}+"
        return ft.Badge(
            # A screen reader says "3 unread messages", not a bare "3".
            label=ft.Text(shown, semantics_label=t("nav.unread_messages", count=unread_messages)),
            bgcolor=palette.primary,
            text_color=palette.on_primary,
            text_style=ft.TextStyle(size=scaled(BADGE_TEXT_SIZE, state.text_scale)),
        )

    async def changed(event: ft.Event[ft.NavigationBar]) -> None:
        await page.push_route(tabs[event.control.selected_index].path)

    return ft.NavigationBar(
        selected_index=selected,
        on_change=changed,
        label_behavior=ft.NavigationBarLabelBehavior.ALWAYS_SHOW,
        destinations=[
            ft.NavigationBarDestination(
                icon=ft.Icon(tab.icon, size=icon_size, color=palette.text, badge=badge(tab)),
                selected_icon=ft.Icon(
                    tab.selected_icon, size=icon_size, color=palette.on_selected, badge=badge(tab)
                ),
                label=t(tab.label_key),
            )
            for tab in tabs
        ],
    )

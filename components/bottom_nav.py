"""The bottom bar of the signed-in home: one button per tab, the chosen one marked.

The tabs themselves (where each leads, who sees it) are the shell's; the bar
draws them, counts unread messages on the tab that asks for it, and says
which one was tapped.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Protocol

import flet as ft

from components.hooks import use_palette, use_t, use_text_scale
from components.theme import BASE_ICON_SIZE, scaled

# Past this, the badge says "99+": the number itself no longer helps.
MAX_SHOWN = 99
BADGE_TEXT_SIZE = 12


class NavTab(Protocol):
    @property
    def label_key(self) -> str: ...

    @property
    def icon(self) -> ft.IconData: ...

    @property
    def selected_icon(self) -> ft.IconData: ...

    @property
    def counts_unread(self) -> bool: ...


@ft.component
def BottomNav(
    tabs: Sequence[NavTab],
    selected_index: int,
    on_select: Callable[[int], Awaitable[None]],
    unread_messages: int = 0,
) -> ft.Control:
    t = use_t()
    palette = use_palette()
    text_scale = use_text_scale()
    icon_size = scaled(BASE_ICON_SIZE, text_scale)

    def badge(tab: NavTab) -> ft.Badge | None:
        if not tab.counts_unread or unread_messages <= 0:
            return None
        # The calm colours of the conversation list's counts, not an alarm red.
        shown = str(unread_messages) if unread_messages <= MAX_SHOWN else f"{MAX_SHOWN}+"
        return ft.Badge(
            # A screen reader says "3 unread messages", not a bare "3".
            label=ft.Text(shown, semantics_label=t("nav.unread_messages", count=unread_messages)),
            bgcolor=palette.primary,
            text_color=palette.on_primary,
            text_style=ft.TextStyle(size=scaled(BADGE_TEXT_SIZE, text_scale)),
        )

    async def changed(event: ft.Event[ft.NavigationBar]) -> None:
        await on_select(event.control.selected_index)

    return ft.NavigationBar(
        selected_index=selected_index,
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

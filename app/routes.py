"""Every address in the app, and the tabs of the signed-in home.

The route is the single source of truth for navigation: screens move by
changing it, and layouts redirect when the person is (or is not) signed in.
"""

from __future__ import annotations

from dataclasses import dataclass

import flet as ft

WELCOME = "/"
SIGN_UP = "/sign-up"
SIGN_IN = "/sign-in"
HOME = "/home"
MESSAGES = "/home/messages"
DIARY = "/home/diary"
GUIDE = "/home/guide"
PROFILE = "/home/profile"
COORDINATION = "/home/coordination"
# Set in the messages tab, read by notifications too (nothing is sent during them).
QUIET_HOURS = "/home/messages/quiet-hours"

# Where a signed-in person lands.
HOME_START = MESSAGES


@dataclass(frozen=True)
class Tab:
    path: str
    label_key: str
    icon: ft.IconData
    selected_icon: ft.IconData
    coordinators_only: bool = False
    # The bottom bar shows the number of unread messages on this tab.
    counts_unread: bool = False


TABS: tuple[Tab, ...] = (
    Tab(
        MESSAGES,
        "nav.messages",
        ft.Icons.CHAT_BUBBLE_OUTLINE,
        ft.Icons.CHAT_BUBBLE,
        counts_unread=True,
    ),
    Tab(DIARY, "nav.diary", ft.Icons.EDIT_NOTE_OUTLINED, ft.Icons.EDIT_NOTE),
    Tab(GUIDE, "nav.guide", ft.Icons.MENU_BOOK_OUTLINED, ft.Icons.MENU_BOOK),
    Tab(PROFILE, "nav.profile", ft.Icons.PERSON_OUTLINE, ft.Icons.PERSON),
    Tab(
        COORDINATION,
        "nav.coordination",
        ft.Icons.GROUPS_OUTLINED,
        ft.Icons.GROUPS,
        coordinators_only=True,
    ),
)


def tabs_for(is_coordinator: bool) -> list[Tab]:
    return [tab for tab in TABS if is_coordinator or not tab.coordinators_only]


def tab_index(tabs: list[Tab], pathname: str) -> int:
    for index, tab in enumerate(tabs):
        if pathname == tab.path or pathname.startswith(tab.path + "/"):
            return index
    return 0

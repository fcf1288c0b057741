"""Diary tab: the shared goal diary is not built yet."""

from __future__ import annotations

import flet as ft

from components import ComingSoon, Screen
from components.hooks import use_t


@ft.component
def DiaryView() -> ft.Control:
    t = use_t()
    return Screen(
        title=t("diary.title"),
        controls=[ComingSoon(t("diary.soon"), ft.Icons.EDIT_NOTE)],
    )

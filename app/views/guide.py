"""Guide tab: the administrative-procedures guide is not built yet."""

from __future__ import annotations

import flet as ft

from components import ComingSoon, Screen
from components.hooks import use_t


@ft.component
def GuideView() -> ft.Control:
    t = use_t()
    return Screen(
        title=t("guide.title"),
        controls=[ComingSoon(t("guide.soon"), ft.Icons.MENU_BOOK)],
    )

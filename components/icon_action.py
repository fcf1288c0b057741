"""An icon-only button that a screen reader can name and a finger can hit.

Flet's IconButton `tooltip` shows on hover but names nothing in Flutter's
semantics tree, and the button's own box can shrink below 48×48 CSS px. The
icon's `semantics_label` gives the button its accessible name; the size
constraints keep the tap target at the size WCAG and Material ask for.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

MIN_TAP_TARGET = 48


@ft.component
def IconAction(
    icon: ft.IconData,
    label: str,
    on_click: Callable[[], Awaitable[None]] | None,
    disabled: bool = False,
    visible: bool = True,
    color: ft.ColorValue | None = None,
    size: int | None = None,
) -> ft.Control:
    return ft.IconButton(
        icon=ft.Icon(icon, semantics_label=label, color=color, size=size),
        tooltip=label,
        on_click=on_click,
        disabled=disabled,
        visible=visible,
        size_constraints=ft.BoxConstraints(min_width=MIN_TAP_TARGET, min_height=MIN_TAP_TARGET),
    )

"""A full-width button that shows it is working and cannot be tapped twice meanwhile."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

from components.hooks import use_palette, use_text_scale
from components.theme import scaled

Handler = Callable[[], Awaitable[None]]


@ft.component
def ActionButton(
    label: str,
    on_click: Handler,
    busy: bool = False,
    primary: bool = True,
    icon: ft.IconData | None = None,
    disabled: bool = False,
    client_action: ft.ClientAction | None = None,
    identifier: str | None = None,
) -> ft.Control:
    """`client_action` runs in the browser inside the tap, before `on_click` reaches us:
    the way to do what a browser allows only during a gesture (DESIGN.md decision 11)."""
    palette = use_palette()
    ring_size = scaled(20, use_text_scale())
    # While busy the button is disabled (light background), so the ring uses the primary colour.
    # The label stays the accessible name; the ring is only a visual cue.
    leading: list[ft.Control] = []
    if busy:
        leading = [ft.ProgressRing(width=ring_size, height=ring_size, color=palette.primary)]
    elif icon is not None:
        leading = [ft.Icon(icon)]
    content = ft.Row(
        alignment=ft.MainAxisAlignment.CENTER,
        wrap=True,
        controls=[*leading, ft.Text(label, text_align=ft.TextAlign.CENTER)],
    )

    async def click() -> None:
        await on_click()

    kind = ft.FilledButton if primary else ft.OutlinedButton
    button = kind(content=content, on_click=click, disabled=busy or disabled, action=client_action)
    return ft.Semantics(identifier=identifier, content=button) if identifier else button

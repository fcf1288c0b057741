"""A list of checkboxes for choosing several options (topics, languages)."""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from components.hooks import use_palette


@ft.component
def ChoiceList(
    label: str,
    options: list[tuple[str, str]],
    chosen: list[str],
    on_change: Callable[[list[str]], None],
) -> ft.Control:
    """`options` are (value, label) pairs; `chosen` keeps the order of `options`."""
    palette = use_palette()

    def toggle(value: str) -> Callable[[ft.Event[ft.Checkbox]], None]:
        def changed(event: ft.Event[ft.Checkbox]) -> None:
            selected = set(chosen) | {value} if event.control.value else set(chosen) - {value}
            on_change([v for v, _ in options if v in selected])

        return changed

    return ft.Column(
        spacing=2,
        controls=[
            ft.Text(label, theme_style=ft.TextThemeStyle.TITLE_SMALL, color=palette.text),
            *[
                ft.Checkbox(label=text, value=value in chosen, on_change=toggle(value))
                for value, text in options
            ],
        ],
    )

"""A list of checkboxes for choosing several options (topics, languages), 48 px each."""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from components.hooks import use_palette
from components.labelled_checkbox import LabelledCheckbox


@ft.component
def ChoiceList(
    label: str,
    options: list[tuple[str, str]],
    chosen: list[str],
    on_change: Callable[[list[str]], None],
) -> ft.Control:
    """`options` are (value, label) pairs; `chosen` keeps the order of `options`."""
    palette = use_palette()

    def toggle(value: str) -> Callable[[bool], None]:
        def changed(ticked: bool) -> None:
            selected = set(chosen) | {value} if ticked else set(chosen) - {value}
            on_change([v for v, _ in options if v in selected])

        return changed

    return ft.Column(
        spacing=2,
        controls=[
            ft.Text(label, theme_style=ft.TextThemeStyle.TITLE_SMALL, color=palette.text),
            *[
                LabelledCheckbox(text, value in chosen, toggle(value), color=palette.text)
                for value, text in options
            ],
        ],
    )

"""Choosing exactly one option: a title and large cards that act as radio buttons.

Flutter's radio buttons are 40 px targets on the web and take only a string
label; ChoiceCard rows are at least 48 px, wrap their words at large text and
say "selected" to a screen reader.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

from components.choice_card import ChoiceCard
from components.hooks import use_palette

Choose = Callable[[str], Awaitable[None] | None]


@ft.component
def OneOf(
    title: str, options: list[tuple[str, str]], chosen: str | None, on_choose: Choose
) -> ft.Control:
    """`options` are (value, label) pairs; `chosen` is the selected value, if any."""
    palette = use_palette()

    def pick(value: str) -> Callable[[], Awaitable[None]]:
        async def picked() -> None:
            outcome = on_choose(value)
            if outcome is not None:
                await outcome

        return picked

    return ft.Column(
        spacing=6,
        controls=[
            ft.Text(title, theme_style=ft.TextThemeStyle.TITLE_SMALL, color=palette.text),
            *[ChoiceCard(label, value == chosen, pick(value)) for value, label in options],
        ],
    )

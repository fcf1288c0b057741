"""An hour of the day, changed one hour at a time with two large buttons.

Flutter's drop-down menu leaves its opening button without a name for screen
readers, and a 24-row menu is hard to hit with one unsteady hand. Here the
hour is written large between "earlier" and "later" buttons (48 px, named),
and it wraps round midnight as quiet hours do.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

from components.hooks import use_palette
from components.icon_action import IconAction

HOURS_IN_A_DAY = 24

Change = Callable[[int], Awaitable[None] | None]


def hour_text(hour: int) -> str:
    return f"{hour:02d}:00"


@ft.component
def HourStepper(
    text: str, hour: int, on_change: Change, *, earlier: str, later: str, identifier: str
) -> ft.Control:
    """`text` says the hour ("Start: 22:00"); `earlier` and `later` name the two buttons."""
    palette = use_palette()

    def step(by: int) -> Callable[[], Awaitable[None]]:
        async def stepped() -> None:
            outcome = on_change((hour + by) % HOURS_IN_A_DAY)
            if outcome is not None:
                await outcome

        return stepped

    return ft.Row(
        vertical_alignment=ft.CrossAxisAlignment.CENTER,
        controls=[
            ft.Semantics(
                identifier=identifier,
                expand=True,
                content=ft.Text(
                    text,
                    theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
                    color=palette.text,
                ),
            ),
            IconAction(ft.Icons.REMOVE, earlier, step(-1), color=palette.text),
            IconAction(ft.Icons.ADD, later, step(1), color=palette.text),
        ],
    )

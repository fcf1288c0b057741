"""A checkbox with its words: one 48 px tall target whose label wraps.

On the web Flutter uses the desktop's shrunk tap targets, so a bare checkbox is
a 40 px square. Here the words are the checkbox's own label (one target, one
name for screen readers, the whole row toggles), padded so the target is at
least 48 px tall at 100 % text and grows with the text; the label takes the
rest of the row, so long words wrap instead of running off a narrow phone.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

# With a body-size line (at least 20 px) the row is 48 px tall or more.
LABEL_PADDING = 14

Toggle = Callable[[bool], Awaitable[None] | None]


def LabelledCheckbox(
    label: str,
    value: bool,
    on_change: Toggle,
    *,
    disabled: bool = False,
    weight: ft.FontWeight | None = None,
    color: str | None = None,
) -> ft.Control:
    async def changed(event: ft.Event[ft.Checkbox]) -> None:
        done = on_change(bool(event.control.value))
        if done is not None:
            await done

    return ft.Checkbox(
        value=value,
        disabled=disabled,
        on_change=changed,
        label=ft.Container(
            expand=True,
            padding=ft.Padding.symmetric(vertical=LABEL_PADDING),
            content=ft.Text(
                label, theme_style=ft.TextThemeStyle.BODY_LARGE, weight=weight, color=color
            ),
        ),
    )

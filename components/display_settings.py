"""Text size (100–200 %) and high contrast; the view applies and saves each change.

A refusal (saving failed) shows here, under the controls that caused it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

from components.error_area import ErrorArea
from components.hooks import use_action, use_error_message, use_t
from components.theme import TEXT_SCALE_MAX, TEXT_SCALE_MIN, TEXT_SCALE_STEP


@ft.component
def DisplaySettings(
    text_scale: int,
    high_contrast: bool,
    on_text_scale: Callable[[int], Awaitable[None]],
    on_high_contrast: Callable[[bool], Awaitable[None]],
) -> ft.Control:
    t = use_t()
    error_message = use_error_message()
    action = use_action()

    async def smaller() -> None:
        await action.run(lambda: on_text_scale(text_scale - TEXT_SCALE_STEP))

    async def larger() -> None:
        await action.run(lambda: on_text_scale(text_scale + TEXT_SCALE_STEP))

    async def contrast(event: ft.Event[ft.Switch]) -> None:
        enabled = bool(event.control.value)
        await action.run(lambda: on_high_contrast(enabled))

    return ft.Column(
        spacing=12,
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
        controls=[
            ft.Semantics(
                identifier="text-size",
                live_region=True,
                content=ft.Text(
                    t("profile.text_size", percent=text_scale),
                    theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
                ),
            ),
            ft.Row(
                wrap=True,
                spacing=12,
                run_spacing=12,
                controls=[
                    ft.OutlinedButton(
                        content=t("profile.text_smaller"),
                        icon=ft.Icons.TEXT_DECREASE,
                        on_click=smaller,
                        disabled=action.busy or text_scale <= TEXT_SCALE_MIN,
                    ),
                    ft.OutlinedButton(
                        content=t("profile.text_larger"),
                        icon=ft.Icons.TEXT_INCREASE,
                        on_click=larger,
                        disabled=action.busy or text_scale >= TEXT_SCALE_MAX,
                    ),
                ],
            ),
            ft.Switch(
                # Room above and below the track makes the line (the whole tap target) at
                # least 48 px high. No fixed height: Flet fits a sized switch into its box
                # by stretching, which drew the label stretched at every text size.
                padding=ft.Padding.symmetric(horizontal=4, vertical=8),
                label=t("profile.high_contrast"),
                value=high_contrast,
                on_change=contrast,
                disabled=action.busy,
            ),
            ErrorArea(
                error_message(action.failure) if action.failure else None,
                identifier="display-error",
            ),
        ],
    )

"""Text size (100–200 %) and high contrast, applied at once and saved for the person."""

from __future__ import annotations

import flet as ft

from app.i18n import error_message
from app.state import use_app_state
from app.theme import TEXT_SCALE_MAX, TEXT_SCALE_MIN, TEXT_SCALE_STEP
from components.error_area import ErrorArea
from components.hooks import use_action, use_t


@ft.component
def DisplaySettings() -> ft.Control:
    state = use_app_state()
    t = use_t()
    action = use_action()

    async def smaller() -> None:
        await action.run(lambda: state.choose_text_scale(state.text_scale - TEXT_SCALE_STEP))

    async def larger() -> None:
        await action.run(lambda: state.choose_text_scale(state.text_scale + TEXT_SCALE_STEP))

    async def contrast(event: ft.Event[ft.Switch]) -> None:
        enabled = bool(event.control.value)
        await action.run(lambda: state.choose_high_contrast(enabled))

    return ft.Column(
        spacing=12,
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
        controls=[
            ft.Semantics(
                identifier="text-size",
                live_region=True,
                content=ft.Text(
                    t("profile.text_size", percent=state.text_scale),
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
                        disabled=action.busy or state.text_scale <= TEXT_SCALE_MIN,
                    ),
                    ft.OutlinedButton(
                        content=t("profile.text_larger"),
                        icon=ft.Icons.TEXT_INCREASE,
                        on_click=larger,
                        disabled=action.busy or state.text_scale >= TEXT_SCALE_MAX,
                    ),
                ],
            ),
            ft.Switch(
                height=48,  # the whole line is the tap target, at least 48 px high
                label=t("profile.high_contrast"),
                value=state.high_contrast,
                on_change=contrast,
                disabled=action.busy,
            ),
            ErrorArea(
                error_message(t, action.failure) if action.failure else None,
                identifier="display-error",
            ),
        ],
    )

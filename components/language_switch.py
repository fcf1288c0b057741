"""Choose French or English; each language is named in itself so anyone can find theirs."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping

import flet as ft

from components.error_area import ErrorArea
from components.hooks import use_action, use_error_message, use_t
from services.models import Locale


@ft.component
def LanguageSwitch(
    chosen_locale: Locale,
    names: Mapping[Locale, str],
    on_choose: Callable[[Locale], Awaitable[None]],
) -> ft.Control:
    """`names`: each language in its own words ("English" stays "English"), in the order shown."""
    t = use_t()
    error_message = use_error_message()
    action = use_action()

    def option(locale: Locale, name: str) -> ft.Control:
        async def choose() -> None:
            await action.run(lambda: on_choose(locale))

        chosen = locale is chosen_locale
        if chosen:
            return ft.FilledButton(
                content=name, icon=ft.Icons.CHECK, on_click=choose, disabled=action.busy
            )
        return ft.OutlinedButton(content=name, on_click=choose, disabled=action.busy)

    return ft.Column(
        spacing=10,
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
        controls=[
            ft.Text(t("language.label"), theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
            ft.Row(
                wrap=True,
                spacing=12,
                run_spacing=12,
                controls=[option(locale, name) for locale, name in names.items()],
            ),
            ErrorArea(
                error_message(action.failure) if action.failure else None,
                identifier="language-error",
            ),
        ],
    )

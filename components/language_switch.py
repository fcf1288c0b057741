"""Choose French or English; each language is named in itself so anyone can find theirs."""

from __future__ import annotations

import flet as ft

from app.i18n import error_message, language_key, translate
from app.state import use_app_state
from components.error_area import ErrorArea
from components.hooks import use_action, use_t
from services.models import Locale


@ft.component
def LanguageSwitch() -> ft.Control:
    state = use_app_state()
    t = use_t()
    action = use_action()

    def option(locale: Locale) -> ft.Control:
        # The name comes from that language's own catalogue: "English" stays "English".
        name = translate(locale, language_key(locale))

        async def choose() -> None:
            await action.run(lambda: state.choose_locale(locale))

        chosen = locale is state.locale
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
                wrap=True, spacing=12, run_spacing=12, controls=[option(lang) for lang in Locale]
            ),
            ErrorArea(
                error_message(t, action.failure) if action.failure else None,
                identifier="language-error",
            ),
        ],
    )

"""The first screen: what Relais is, create an account or sign in, pick a language."""

from __future__ import annotations

import flet as ft

from app import routes
from app.account.deletion import farewell_for
from app.i18n import error_message, own_language_names
from app.state import use_app_state
from components import ActionButton, BodyText, ErrorArea, LanguageSwitch, NoticeArea, Screen
from components.hooks import use_t


@ft.component
def WelcomeView() -> ft.Control:
    state = use_app_state()
    t = use_t()
    page = ft.context.page

    async def to_sign_up() -> None:
        await page.push_route(routes.SIGN_UP)

    async def to_sign_in() -> None:
        await page.push_route(routes.SIGN_IN)

    return Screen(
        title=t("welcome.title"),
        controls=[
            NoticeArea(
                t("account_deletion.goodbye") if farewell_for(state).said else None,
                identifier="account-deleted",
            ),
            BodyText(t("welcome.tagline")),
            ErrorArea(error_message(t, state.restore_error) if state.restore_error else None),
            ActionButton(t("welcome.sign_up"), on_click=to_sign_up, icon=ft.Icons.PERSON_ADD),
            ActionButton(t("welcome.sign_in"), on_click=to_sign_in, primary=False),
            ft.Divider(height=12, color=ft.Colors.TRANSPARENT),
            LanguageSwitch(state.locale, own_language_names(), state.choose_locale),
        ],
    )

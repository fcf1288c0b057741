"""The Flet page handler: one per browser tab, rendering the declarative app.

`app/server.py` mounts `make_page_handler(gateway)` with flet_web's FastAPI
app; every tab gets its own `AppState` sharing that one gateway.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

from app import routes
from app.account.deletion import DELETE_ACCOUNT, DeleteAccountView
from app.account.export import export_route
from app.account.profile import ProfileView
from app.account.recovery import ForgotPasswordView
from app.account.recovery_route_table import account_home_route_table
from app.account.recovery_routes import FORGOT_PASSWORD
from app.account.session_watch import with_session_watch
from app.account.sessions import use_device_naming
from app.account.sign_in import SignInView
from app.account.sign_up import SignUpView
from app.account.welcome import WelcomeView
from app.device_store import DeviceStore, PreferencesDeviceStore
from app.diary.route_table import diary_route_table
from app.guide.route_table import guide_route_table
from app.home_layout import HomeLayout
from app.i18n import DEFAULT_LOCALE, translate
from app.not_found import NotFound
from app.notifications.route_table import notifications_route_table
from app.peer_support.messages import MessagesView
from app.peer_support.route_table import coordination_route_table, messaging_route_table
from app.public_layout import PublicLayout
from app.state import (
    AppState,
    AppStateContext,
    use_observable,
)
from app.theme import build_theme
from app.web.push_bridge import PushBridge
from components.lifetime import end_tab
from components.theme import palette_for
from components.ui import UiContext, ui_for
from services.accounts.recovery_mail import RecoveryMailer
from services.gateway import Gateway
from services.models import Locale

PageHandler = Callable[[ft.Page], Awaitable[None]]

FLUTTER_LOCALES = {Locale.FR: ft.Locale("fr", "FR"), Locale.EN: ft.Locale("en", "GB")}


def locale_configuration(locale: Locale) -> ft.LocaleConfiguration:
    return ft.LocaleConfiguration(
        supported_locales=list(FLUTTER_LOCALES.values()), current_locale=FLUTTER_LOCALES[locale]
    )


def route_table() -> list[ft.Route]:
    def home_path(path: str) -> str:
        return path.removeprefix(routes.HOME + "/")

    return [
        ft.Route(
            path=routes.HOME.lstrip("/"),
            component=HomeLayout,
            children=[
                ft.Route(index=True, component=MessagesView),
                *messaging_route_table(),
                ft.Route(path=home_path(routes.DIARY), children=diary_route_table()),
                *guide_route_table(),
                ft.Route(path=home_path(routes.PROFILE), component=ProfileView),
                *notifications_route_table(),
                ft.Route(path=home_path(DELETE_ACCOUNT), component=DeleteAccountView),
                export_route(),
                *coordination_route_table(),
                *account_home_route_table(),
            ],
        ),
        ft.Route(
            component=PublicLayout,
            children=[
                ft.Route(index=True, component=WelcomeView),
                ft.Route(path=routes.SIGN_UP.lstrip("/"), component=SignUpView),
                ft.Route(path=routes.SIGN_IN.lstrip("/"), component=SignInView),
                ft.Route(path=FORGOT_PASSWORD.lstrip("/"), component=ForgotPasswordView),
            ],
        ),
    ]


@ft.component
def App(
    gateway: Gateway,
    device: DeviceStore,
    public_url: str,
    push_bridge: PushBridge | None = None,
    recovery_mailer: RecoveryMailer | None = None,
) -> ft.Control:
    state = use_observable(
        lambda: with_session_watch(
            AppState(
                gateway=gateway,
                device=device,
                public_url=public_url,
                push_bridge=push_bridge,
                recovery_mailer=recovery_mailer,
                client_address=ft.context.page.client_ip or None,
            )
        )
    )
    page = ft.context.page

    ft.use_effect(state.restore, [])
    use_device_naming(state)

    def apply_preferences() -> None:
        # On the page (not a nested theme) so dialogs and tooltips follow too; the
        # Flutter locale translates the few texts Flutter draws itself.
        page.theme = build_theme(high_contrast=state.high_contrast, text_scale=state.text_scale)
        page.bgcolor = palette_for(state.high_contrast).background
        page.locale_configuration = locale_configuration(state.locale)
        page.update()

    preferences = [state.locale, state.text_scale, state.high_contrast]
    ft.use_effect(apply_preferences, preferences)
    # A new Ui only when a preference changes; App re-renders (and with it the
    # screens under it) whenever the state does, so every widget reads the new one.
    ui = ft.use_memo(
        lambda: ui_for(
            locale=state.locale, text_scale=state.text_scale, high_contrast=state.high_contrast
        ),
        preferences,
    )

    return AppStateContext(
        state,
        lambda: UiContext(
            ui,
            lambda: ft.SafeArea(
                expand=True,
                content=ft.Router(route_table(), not_found=NotFound),
            ),
        ),
    )


def make_page_handler(
    gateway: Gateway,
    *,
    public_url: str,
    push_bridge: PushBridge | None = None,
    recovery_mailer: RecoveryMailer | None = None,
) -> PageHandler:
    async def tab_closed(event: ft.Event[ft.Page]) -> None:
        # Flet closes a session whose tab stayed away past FLET_SESSION_TIMEOUT
        # without unmounting its screens: end what they follow (app/web/sessions.py).
        await end_tab(event.control)

    async def handle_page(page: ft.Page) -> None:
        page.on_close = tab_closed
        page.title = translate(DEFAULT_LOCALE, "app.name")
        page.theme_mode = ft.ThemeMode.LIGHT
        page.theme = build_theme(high_contrast=False, text_scale=100)
        page.bgcolor = palette_for(False).background
        page.padding = 0
        page.locale_configuration = locale_configuration(DEFAULT_LOCALE)
        page.render(
            App, gateway, PreferencesDeviceStore(), public_url, push_bridge, recovery_mailer
        )

    return handle_page

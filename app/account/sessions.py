"""Password and devices: change the password, see where I am signed in, sign out there.

Changing the password asks for the current one and signs every other device
out. Devices show the browser and dates, never an address. `use_device_naming`
tells the backend which browser a new session runs in.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import cast

import flet as ft

from app.account.password_note import other_error, password_note
from app.i18n import error_message
from app.state import AppState, observable, use_app_state, use_observable
from components import ActionButton, BodyText, ErrorArea, FormField, Heading, NoticeArea, Screen
from components.hooks import use_action, use_t
from services.accounts import auth, sessions
from services.accounts.sessions import DeviceSession
from services.errors import RelaisError

logger = logging.getLogger(__name__)


def when(moment: dt.datetime) -> str:
    return moment.astimezone().strftime("%d/%m/%Y %H:%M")


def use_device_naming(state: AppState) -> None:
    """Once per new session, record the browser's own user agent for the devices list."""
    page = ft.context.page
    token = state.session.access_token if state.session else None

    async def describe() -> None:
        session = state.session
        agent = page.client_user_agent
        if session is None or not agent:
            return
        try:
            await sessions.describe_this_device(state.gateway, session, agent)
        except RelaisError as error:  # the list then says "unknown browser"
            logger.info("could not describe this device: %s", error.code.value)

    ft.use_effect(describe, [token])


@observable
@dataclass
class PasswordFields:
    current_password: str = ""
    new_password: str = ""
    changed: bool = False

    def set_current(self, value: str) -> None:
        self.current_password = value
        self.changed = False

    def set_new(self, value: str) -> None:
        self.new_password = value
        self.changed = False


@ft.component
def SessionsView() -> ft.Control:
    state = use_app_state()
    t = use_t()
    fields = use_observable(PasswordFields)
    devices, set_devices = ft.use_state(cast(list[DeviceSession] | None, None))
    version, set_version = ft.use_state(0)
    failure, set_failure = ft.use_state(cast(RelaisError | None, None))
    ended, set_ended = ft.use_state(0)
    changing = use_action()
    ending = use_action()

    async def load() -> None:
        session = state.session
        if session is None:
            return
        try:
            set_devices(await sessions.list_my_sessions(state.gateway, session))
            set_failure(None)
        except RelaisError as error:
            set_failure(error)

    ft.use_effect(load, [version])

    async def change_password() -> None:
        async def work() -> None:
            session = state.session
            if session is None:
                return
            await auth.change_password(
                state.gateway,
                session,
                current_password=fields.current_password,
                new_password=fields.new_password,
                display_name=state.profile.display_name if state.profile else None,
            )
            fields.current_password = ""
            fields.new_password = ""
            fields.changed = True
            set_version(lambda v: v + 1)

        await changing.run(work)

    def ender(device: DeviceSession | None) -> Callable[[], Awaitable[None]]:
        async def end() -> None:
            async def work() -> None:
                session = state.session
                if session is None:
                    return
                if device is None:
                    count = await sessions.end_other_sessions(state.gateway, session)
                else:
                    count = await sessions.end_session(state.gateway, session, session_id=device.id)
                set_ended(count)
                set_version(lambda v: v + 1)

            await ending.run(work)

        return end

    def device_card(device: DeviceSession) -> ft.Control:
        name = device.browser or t("sessions.unknown_browser")
        lines: list[ft.Control] = [
            ft.Text(
                t("sessions.this_device", name=name) if device.current else name,
                theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
                weight=ft.FontWeight.W_600,
            ),
            BodyText(t("sessions.signed_in_on", when=when(device.created_at)), muted=True),
            BodyText(t("sessions.last_seen", when=when(device.last_seen_at)), muted=True),
        ]
        if not device.current:
            lines.append(
                ActionButton(
                    t("sessions.end_one", name=name),
                    on_click=ender(device),
                    busy=ending.busy,
                    primary=False,
                    icon=ft.Icons.LOGOUT,
                    identifier=f"end-session-{device.id}",
                )
            )
        return ft.Semantics(
            identifier=f"device-{'current' if device.current else device.id}",
            container=True,
            content=ft.Column(spacing=4, controls=lines),
        )

    others = [d for d in devices or [] if not d.current]
    if devices is None:
        listing: list[ft.Control] = [BodyText(t("sessions.loading"), muted=True)]
    else:
        listing = [device_card(device) for device in devices]

    return Screen(
        title=t("sessions.title"),
        controls=[
            Heading(t("sessions.password"), level=2),
            BodyText(t("sessions.password_intro")),
            FormField(
                t("sessions.current_password"),
                fields.current_password,
                fields.set_current,
                error=changing.field_marker(t, "current_password"),
                password=True,
                autofill=ft.AutofillHint.PASSWORD,
            ),
            FormField(
                t("recovery.new_password"),
                fields.new_password,
                fields.set_new,
                error=password_note(t, changing, "new_password"),
                helper=t("field.password_help"),
                password=True,
                autofill=ft.AutofillHint.NEW_PASSWORD,
            ),
            ErrorArea(other_error(t, changing, "new_password"), identifier="password-error"),
            NoticeArea(
                t("sessions.password_changed") if fields.changed else None,
                identifier="password-changed",
                icon=ft.Icons.CHECK_CIRCLE_OUTLINE,
            ),
            ActionButton(
                t("sessions.change_password"),
                on_click=change_password,
                busy=changing.busy,
                icon=ft.Icons.PASSWORD,
            ),
            Heading(t("sessions.devices"), level=2),
            BodyText(t("sessions.devices_intro")),
            ErrorArea(error_message(t, failure) if failure else None, identifier="load-error"),
            *listing,
            ErrorArea(
                error_message(t, ending.failure) if ending.failure else None,
                identifier="end-error",
            ),
            NoticeArea(
                t("sessions.ended", count=ended) if ended else None,
                identifier="sessions-ended",
                icon=ft.Icons.CHECK_CIRCLE_OUTLINE,
            ),
            ActionButton(
                t("sessions.end_others"),
                on_click=ender(None),
                busy=ending.busy,
                primary=False,
                icon=ft.Icons.PHONELINK_ERASE,
                disabled=not others,
                identifier="end-other-sessions",
            ),
        ],
    )

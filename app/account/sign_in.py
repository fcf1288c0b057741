"""Sign in with e-mail and password; a refusal keeps both fields as typed."""

from __future__ import annotations

from dataclasses import dataclass

import flet as ft

from app import routes
from app.account.recovery_routes import FORGOT_PASSWORD
from app.i18n import error_message
from app.state import observable, use_app_state, use_observable
from components import ActionButton, ErrorArea, FormField, NoticeArea, Screen
from components.hooks import use_action, use_t
from services.errors import ErrorCode, RelaisError

# After these, the way back in is the next thing the person needs to see.
_FORGOTTEN_SIGNS = (ErrorCode.INVALID_CREDENTIALS, ErrorCode.TOO_MANY_ATTEMPTS)


@observable
@dataclass
class SignInFields:
    email: str = ""
    password: str = ""

    def set_email(self, value: str) -> None:
        self.email = value

    def set_password(self, value: str) -> None:
        self.password = value


@ft.component
def SignInView() -> ft.Control:
    state = use_app_state()
    t = use_t()
    page = ft.context.page
    fields = use_observable(SignInFields)
    action = use_action()

    async def submit() -> None:
        await action.run(lambda: state.sign_in(email=fields.email, password=fields.password))

    async def to_sign_up() -> None:
        await page.push_route(routes.SIGN_UP)

    async def to_recovery() -> None:
        await page.push_route(FORGOT_PASSWORD)

    failure = action.failure
    forgotten = isinstance(failure, RelaisError) and failure.code in _FORGOTTEN_SIGNS

    return Screen(
        title=t("sign_in.title"),
        controls=[
            FormField(
                t("field.email"),
                fields.email,
                fields.set_email,
                error=action.field_marker(t, "email"),
                keyboard=ft.KeyboardType.EMAIL,
                autofill=ft.AutofillHint.EMAIL,
            ),
            FormField(
                t("field.password"),
                fields.password,
                fields.set_password,
                error=action.field_marker(t, "password"),
                password=True,
                autofill=ft.AutofillHint.PASSWORD,
            ),
            NoticeArea(
                t("sessions.ended_elsewhere") if state.session_ended and not failure else None,
                identifier="session-ended",
            ),
            ErrorArea(error_message(t, failure) if failure else None),
            NoticeArea(
                t("recovery.after_failure") if forgotten else None,
                identifier="forgot-hint",
                icon=ft.Icons.HELP_OUTLINE,
            ),
            ActionButton(t("sign_in.submit"), on_click=submit, busy=action.busy),
            ActionButton(
                t("recovery.open"),
                on_click=to_recovery,
                primary=False,
                icon=ft.Icons.LOCK_RESET,
                identifier="forgot-password",
            ),
            ActionButton(t("sign_in.no_account"), on_click=to_sign_up, primary=False),
        ],
    )

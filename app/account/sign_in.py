"""Sign in with e-mail and password; a refusal keeps both fields as typed."""

from __future__ import annotations

from dataclasses import dataclass

import flet as ft

from app import routes
from app.i18n import error_message
from app.state import observable, use_app_state, use_observable
from components import ActionButton, ErrorArea, FormField, Screen
from components.hooks import use_action, use_t


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
            ErrorArea(error_message(t, action.failure) if action.failure else None),
            ActionButton(t("sign_in.submit"), on_click=submit, busy=action.busy),
            ActionButton(t("sign_in.no_account"), on_click=to_sign_up, primary=False),
        ],
    )

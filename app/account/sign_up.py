"""Create an account: e-mail, password, a display name and a role.

A peer supporter starts as an applicant; the screen says so before they
commit, and their home says so afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass

import flet as ft

from app import routes
from app.account.password_note import other_error, password_note
from app.i18n import role_key
from app.state import observable, use_app_state, use_observable
from components import ActionButton, BodyText, ChoiceCard, ErrorArea, FormField, Screen
from components.hooks import use_action, use_t
from services.models import SELF_SERVICE_ROLES, Role


@observable
@dataclass
class SignUpFields:
    email: str = ""
    password: str = ""
    display_name: str = ""
    role: Role = Role.SURVIVOR

    def set_email(self, value: str) -> None:
        self.email = value

    def set_password(self, value: str) -> None:
        self.password = value

    def set_display_name(self, value: str) -> None:
        self.display_name = value


@ft.component
def SignUpView() -> ft.Control:
    state = use_app_state()
    t = use_t()
    page = ft.context.page
    fields = use_observable(SignUpFields)
    action = use_action()

    async def submit() -> None:
        await action.run(
            lambda: state.sign_up(
                email=fields.email,
                password=fields.password,
                display_name=fields.display_name,
                role=fields.role,
            )
        )

    async def to_sign_in() -> None:
        await page.push_route(routes.SIGN_IN)

    def role_choice(role: Role) -> ft.Control:
        async def select() -> None:
            fields.role = role

        return ChoiceCard(t(role_key(role)), selected=fields.role is role, on_select=select)

    return Screen(
        title=t("sign_up.title"),
        controls=[
            BodyText(t("sign_up.intro"), muted=True),
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
                error=password_note(t, action, "password"),
                helper=t("field.password_help"),
                password=True,
                autofill=ft.AutofillHint.NEW_PASSWORD,
            ),
            FormField(
                t("field.display_name"),
                fields.display_name,
                fields.set_display_name,
                error=action.field_marker(t, "display_name"),
                helper=t("field.display_name_help"),
                autofill=ft.AutofillHint.NICKNAME,
            ),
            ft.Text(t("sign_up.role_question"), theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
            *[role_choice(role) for role in SELF_SERVICE_ROLES],
            BodyText(t("sign_up.peer_note"), muted=True),
            ErrorArea(other_error(t, action, "password")),
            ActionButton(t("sign_up.submit"), on_click=submit, busy=action.busy),
            ActionButton(t("sign_up.have_account"), on_click=to_sign_in, primary=False),
        ],
    )

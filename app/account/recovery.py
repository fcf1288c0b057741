"""The "forgot your password?" screen: a recovery code and a new password.

Local mode: the code comes from a coordinator, who checks who the person is.
Supabase mode: the person first asks for an e-mail carrying a 6-digit code;
the answer is the same whether or not the address has an account. Using the
code signs the person in here and out everywhere else.
"""

from __future__ import annotations

from dataclasses import dataclass

import flet as ft

from app import routes
from app.account.password_note import other_error, password_note
from app.i18n import error_message
from app.state import observable, use_app_state, use_observable
from components import ActionButton, BodyText, ErrorArea, FormField, NoticeArea, Screen
from components.hooks import use_action, use_t
from services.accounts import recovery


@observable
@dataclass
class RecoveryFields:
    email: str = ""
    code: str = ""
    new_password: str = ""
    # Supabase mode: the e-mail with the code has been asked for.
    sent: bool = False

    def set_email(self, value: str) -> None:
        self.email = value

    def set_code(self, value: str) -> None:
        self.code = value

    def set_new_password(self, value: str) -> None:
        self.new_password = value


@ft.component
def ForgotPasswordView() -> ft.Control:
    state = use_app_state()
    t = use_t()
    page = ft.context.page
    fields = use_observable(RecoveryFields)
    sending = use_action()
    resetting = use_action()
    by_coordinator = state.gateway.recovery_by_coordinator

    async def send() -> None:
        async def work() -> None:
            await recovery.request_password_reset(state.gateway, email=fields.email)
            fields.sent = True

        await sending.run(work)

    async def reset() -> None:
        async def work() -> None:
            session = await recovery.reset_password(
                state.gateway,
                email=fields.email,
                code=fields.code,
                new_password=fields.new_password,
            )
            # PublicLayout sends the person home once they are signed in.
            await state.adopt(session)

        await resetting.run(work)

    async def back() -> None:
        await page.push_route(routes.SIGN_IN)

    email = FormField(
        t("field.email"),
        fields.email,
        fields.set_email,
        error=sending.field_marker(t, "email") or resetting.field_marker(t, "email"),
        keyboard=ft.KeyboardType.EMAIL,
        autofill=ft.AutofillHint.EMAIL,
    )
    code_and_password: list[ft.Control] = [
        FormField(
            t("recovery.code"),
            fields.code,
            fields.set_code,
            error=resetting.field_marker(t, "code"),
            helper=t("recovery.code_help_local" if by_coordinator else "recovery.code_help_email"),
        ),
        FormField(
            t("recovery.new_password"),
            fields.new_password,
            fields.set_new_password,
            error=password_note(t, resetting, "new_password"),
            helper=t("field.password_help"),
            password=True,
            autofill=ft.AutofillHint.NEW_PASSWORD,
        ),
        ErrorArea(other_error(t, resetting, "new_password")),
        ActionButton(
            t("recovery.submit"), on_click=reset, busy=resetting.busy, icon=ft.Icons.LOCK_RESET
        ),
    ]
    if by_coordinator:
        steps: list[ft.Control] = [
            BodyText(t("recovery.intro_local")),
            email,
            *code_and_password,
        ]
    else:
        steps = [
            BodyText(t("recovery.intro_email")),
            email,
            ErrorArea(
                error_message(t, sending.failure) if sending.failure else None,
                identifier="send-error",
            ),
            NoticeArea(
                t("recovery.sent") if fields.sent else None,
                identifier="recovery-sent",
                icon=ft.Icons.MARK_EMAIL_READ_OUTLINED,
            ),
            ActionButton(
                t("recovery.send_again" if fields.sent else "recovery.send"),
                on_click=send,
                busy=sending.busy,
                primary=not fields.sent,
                icon=ft.Icons.EMAIL_OUTLINED,
            ),
            *(code_and_password if fields.sent else []),
        ]
    return Screen(
        title=t("recovery.title"),
        controls=[
            *steps,
            ActionButton(t("recovery.back"), on_click=back, primary=False),
        ],
    )

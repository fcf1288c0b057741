"""Delete my account: what happens, a copy first, then password, typed word and "yes".

The deletion is one SQL transaction (public.delete_my_account); this screen
explains it, offers the export, and keeps what was typed when it is refused.
After it, the tab is signed out and the welcome screen says goodbye.
"""

from __future__ import annotations

from dataclasses import dataclass

import flet as ft

from app import routes
from app.i18n import Translator, error_message
from app.state import AppState, observable, use_app_state, use_observable
from app.tab_part import PerTab
from components import ActionButton, BodyText, ErrorArea, FormField, Heading, Screen
from components.confirm_dialog import confirm_then
from components.hooks import use_action, use_t
from services.accounts import deletion
from services.errors import ErrorCode, RelaisError

DELETE_ACCOUNT = "/home/profile/delete"
# "Download all my data" (issue 12 §3), built beside this screen.
EXPORT = "/home/profile/export"
CONFIRMATION_FIELD = "delete_confirmation"


@dataclass
class Farewell:
    """Whether this tab's account was just deleted, for the welcome screen's goodbye."""

    said: bool = False


_farewells: PerTab[Farewell] = PerTab(lambda _app: Farewell())


def farewell_for(app: AppState) -> Farewell:
    return _farewells.of(app)


@observable
@dataclass
class DeletionFields:
    password: str = ""
    confirmation: str = ""

    def set_password(self, value: str) -> None:
        self.password = value

    def set_confirmation(self, value: str) -> None:
        self.confirmation = value


def refusal_text(t: Translator, failure: Exception) -> str:
    """A sentence about this form: the generic one speaks of e-mail, not asked for here."""
    if isinstance(failure, RelaisError):
        if failure.field == CONFIRMATION_FIELD:
            return t("account_deletion.word_mismatch", word=t("account_deletion.word"))
        if failure.code is ErrorCode.INVALID_CREDENTIALS:
            return t("account_deletion.wrong_password")
    return error_message(t, failure)


@ft.component
def DeleteAccountView() -> ft.Control:
    state = use_app_state()
    t = use_t()
    page = ft.context.page
    fields = use_observable(DeletionFields)
    action = use_action()

    async def delete() -> None:
        async def work() -> None:
            await deletion.delete_my_account(
                state.gateway,
                state.session,
                password=fields.password,
                confirmation=fields.confirmation,
            )
            farewell_for(state).said = True
            # The account is gone: the layout sends the signed-out tab to the welcome screen.
            await state.sign_out()

        await action.run(work)

    async def ask() -> None:
        async def check() -> None:
            # Refused here, before the final question, so the person fixes the word first.
            if not deletion.confirmation_matches(fields.confirmation):
                raise RelaisError(ErrorCode.INVALID_INPUT, "word", field=CONFIRMATION_FIELD)
            if not fields.password:
                raise RelaisError(ErrorCode.INVALID_CREDENTIALS, "empty", field="password")

        if await action.run(check):
            confirm_then(
                page,
                title=t("account_deletion.confirm_title"),
                question=t("account_deletion.confirm_question"),
                cancel=t("account_deletion.cancel"),
                confirm=t("account_deletion.confirm_yes"),
                then=delete,
            )

    async def export() -> None:
        await page.push_route(EXPORT)

    async def back() -> None:
        await page.push_route(routes.PROFILE)

    word = t("account_deletion.word")
    return Screen(
        title=t("account_deletion.title"),
        controls=[
            BodyText(t("account_deletion.intro")),
            Heading(t("account_deletion.deleted_heading"), level=2),
            BodyText(t("account_deletion.deleted_list")),
            Heading(t("account_deletion.kept_heading"), level=2),
            BodyText(t("account_deletion.kept_list")),
            Heading(t("account_deletion.export_heading"), level=2),
            BodyText(t("account_deletion.export_text")),
            ActionButton(
                t("account_deletion.export_button"),
                on_click=export,
                primary=False,
                icon=ft.Icons.DOWNLOAD,
            ),
            Heading(t("account_deletion.confirm_heading"), level=2),
            FormField(
                t("account_deletion.password"),
                fields.password,
                fields.set_password,
                error=action.field_marker(t, "password"),
                password=True,
                autofill=ft.AutofillHint.PASSWORD,
            ),
            FormField(
                t("account_deletion.type_word", word=word),
                fields.confirmation,
                fields.set_confirmation,
                error=action.field_marker(t, CONFIRMATION_FIELD),
                helper=t("account_deletion.type_word_help", word=word),
            ),
            ErrorArea(
                refusal_text(t, action.failure) if action.failure else None,
                identifier="delete-account-error",
            ),
            ActionButton(
                t("account_deletion.submit"),
                on_click=ask,
                busy=action.busy,
                icon=ft.Icons.DELETE_FOREVER,
                identifier="delete-account",
            ),
            ActionButton(t("account_deletion.cancel"), on_click=back, primary=False),
        ],
    )

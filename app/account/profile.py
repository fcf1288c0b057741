"""Profile and settings: about me, display and language, sign out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import flet as ft

from app.account.deletion import DELETE_ACCOUNT
from app.account.export import EXPORT
from app.account.recovery_routes import SESSIONS
from app.i18n import error_message, own_language_names, peer_status_text, role_name_key
from app.notifications.routes import NOTIFICATIONS
from app.state import observable, use_app_state, use_observable
from components import (
    ActionButton,
    BodyText,
    DisplaySettings,
    ErrorArea,
    FormField,
    Heading,
    LanguageSwitch,
    NoticeArea,
    Screen,
)
from components.hooks import use_action, use_t
from components.peer_support import PeerStatusNotice
from services.errors import ErrorCode, RelaisError
from services.models import BIO_MAX_LENGTH, Profile


@observable
@dataclass
class AboutFields:
    display_name: str = ""
    departement: str = ""
    birth_year: str = ""
    bio: str = ""
    saved: bool = False

    @classmethod
    def from_profile(cls, profile: Profile | None) -> AboutFields:
        if profile is None:
            return cls()
        return cls(
            display_name=profile.display_name,
            departement=profile.departement or "",
            birth_year=str(profile.birth_year) if profile.birth_year else "",
            bio=profile.bio or "",
        )

    def edit(self, name: str, value: str) -> None:
        setattr(self, name, value)
        self.saved = False

    def changes(self) -> dict[str, object]:
        """The profile update; an emptied optional field clears it."""
        year = self.birth_year.strip()
        if year and not year.isdigit():
            raise RelaisError(ErrorCode.INVALID_INPUT, "birth year", field="birth_year")
        return {
            "display_name": self.display_name,
            "departement": self.departement.strip().upper() or None,
            "birth_year": int(year) if year else None,
            "bio": self.bio.strip() or None,
        }


@ft.component
def ProfileView() -> ft.Control:
    state = use_app_state()
    t = use_t()
    fields = use_observable(lambda: AboutFields.from_profile(state.profile))
    saving = use_action()
    leaving = use_action()

    def editor(field: str) -> Callable[[str], None]:
        def changed(value: str) -> None:
            fields.edit(field, value)

        return changed

    async def save() -> None:
        async def work() -> None:
            await state.update_profile(**fields.changes())
            fields.saved = True

        await saving.run(work)

    async def sign_out() -> None:
        await leaving.run(state.sign_out)

    async def open_notifications() -> None:
        await ft.context.page.push_route(NOTIFICATIONS)

    async def open_sessions() -> None:
        await ft.context.page.push_route(SESSIONS)

    async def open_export() -> None:
        await ft.context.page.push_route(EXPORT)

    async def open_deletion() -> None:
        await ft.context.page.push_route(DELETE_ACCOUNT)

    role = state.profile.role if state.profile else None
    return Screen(
        title=t("profile.title"),
        controls=[
            BodyText(t("profile.role", role=t(role_name_key(role))) if role else "", muted=True),
            PeerStatusNotice(state.peer_status, peer_status_text(t, state.peer_status)),
            # Display first: someone who cannot read small text must not have to
            # find the size buttons at the bottom of a long screen.
            Heading(t("profile.display"), level=2),
            DisplaySettings(
                state.text_scale,
                state.high_contrast,
                state.choose_text_scale,
                state.choose_high_contrast,
            ),
            LanguageSwitch(state.locale, own_language_names(), state.choose_locale),
            Heading(t("profile.about"), level=2),
            FormField(
                t("field.display_name"),
                fields.display_name,
                editor("display_name"),
                error=saving.field_marker(t, "display_name"),
            ),
            FormField(
                t("field.departement"),
                fields.departement,
                editor("departement"),
                error=saving.field_marker(t, "departement"),
                helper=t("field.departement_help"),
            ),
            FormField(
                t("field.birth_year"),
                fields.birth_year,
                editor("birth_year"),
                error=saving.field_marker(t, "birth_year"),
                keyboard=ft.KeyboardType.NUMBER,
                numbers_only=True,
            ),
            FormField(
                t("field.bio"),
                fields.bio,
                editor("bio"),
                error=saving.field_marker(t, "bio"),
                multiline=True,
                max_length=BIO_MAX_LENGTH,
            ),
            ErrorArea(error_message(t, saving.failure) if saving.failure else None),
            NoticeArea(t("profile.saved") if fields.saved else None, identifier="profile-saved"),
            ActionButton(t("profile.save"), on_click=save, busy=saving.busy, icon=ft.Icons.SAVE),
            Heading(t("profile.account"), level=2),
            ActionButton(
                t("profile.notifications"),
                on_click=open_notifications,
                primary=False,
                icon=ft.Icons.NOTIFICATIONS_OUTLINED,
            ),
            ActionButton(
                t("sessions.open"),
                on_click=open_sessions,
                primary=False,
                icon=ft.Icons.DEVICES_OUTLINED,
            ),
            ActionButton(
                t("export.open"),
                on_click=open_export,
                primary=False,
                icon=ft.Icons.DOWNLOAD_OUTLINED,
            ),
            ErrorArea(
                error_message(t, leaving.failure) if leaving.failure else None,
                identifier="sign-out-error",
            ),
            ActionButton(
                t("profile.sign_out"),
                on_click=sign_out,
                busy=leaving.busy,
                primary=False,
                icon=ft.Icons.LOGOUT,
            ),
            ActionButton(
                t("account_deletion.profile_button"),
                on_click=open_deletion,
                primary=False,
                icon=ft.Icons.DELETE_OUTLINE,
            ),
        ],
    )

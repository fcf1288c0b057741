"""Invitations to read someone's diary, waiting for my yes or no.

Nothing is shared until I accept; refusing tells nobody. The widget says what
happened after each answer, because the card itself disappears.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import cast
from uuid import UUID

import flet as ft

from components.action_button import ActionButton
from components.body_text import BodyText
from components.error_area import ErrorArea
from components.heading import Heading
from components.hooks import use_action, use_error_message, use_palette, use_t
from components.notice_area import NoticeArea

# (invitation, the name of the survivor who sent it, the access it gives: reader or editor)
ReceivedInvitation = tuple[UUID, str, str]


@ft.component
def InvitationsReceived(
    list_invitations: Callable[[], Awaitable[list[ReceivedInvitation]]],
    accept: Callable[[UUID], Awaitable[None]],
    refuse: Callable[[UUID], Awaitable[None]],
) -> ft.Control:
    t = use_t()
    palette = use_palette()
    error_message = use_error_message()
    invitations, set_invitations = ft.use_state(cast(list[ReceivedInvitation], []))
    notice, set_notice = ft.use_state(cast(str | None, None))
    answering = use_action()

    async def load() -> None:
        set_invitations(await list_invitations())

    ft.use_effect(load, [])

    def card(invitation: ReceivedInvitation) -> ft.Control:
        invitation_id, name, access = invitation

        async def say_yes() -> None:
            async def work() -> None:
                await accept(invitation_id)
                set_notice(t("diary.invitations.accepted", name=name))
                await load()

            await answering.run(work)

        async def say_no() -> None:
            async def work() -> None:
                await refuse(invitation_id)
                set_notice(t("diary.invitations.refused", name=name))
                await load()

            await answering.run(work)

        return ft.Container(
            key=str(invitation_id),
            bgcolor=palette.card,
            border=ft.Border.all(2, palette.primary),
            border_radius=16,
            padding=16,
            content=ft.Column(
                spacing=12,
                controls=[
                    ft.Text(
                        t("diary.invitations.from", name=name),
                        theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
                    ),
                    BodyText(t(f"diary.invitations.access.{access}")),
                    ActionButton(
                        t("diary.invitations.accept", name=name),
                        say_yes,
                        busy=answering.busy,
                        icon=ft.Icons.CHECK,
                    ),
                    ActionButton(
                        t("diary.invitations.refuse", name=name),
                        say_no,
                        busy=answering.busy,
                        primary=False,
                        icon=ft.Icons.CLOSE,
                    ),
                ],
            ),
        )

    shown: list[ft.Control] = [
        NoticeArea(notice, "invitation-notice", icon=ft.Icons.CHECK_CIRCLE_OUTLINE),
        ErrorArea(
            error_message(answering.failure) if answering.failure else None, "invitation-error"
        ),
    ]
    if invitations:
        shown = [
            Heading(t("diary.invitations.title"), level=2),
            BodyText(t("diary.invitations.intro")),
            *shown,
            *[card(invitation) for invitation in invitations],
        ]
    return ft.Column(spacing=14, controls=shown)

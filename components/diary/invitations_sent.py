"""My invitations by e-mail that nobody has accepted yet, each with a way to cancel it.

It shows only what I typed: whether an address has an account, or whether
someone said no, is not mine to know (an invitation simply waits, then expires).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from uuid import UUID

import flet as ft

from components.action_button import ActionButton
from components.body_text import BodyText
from components.heading import Heading
from components.hooks import use_palette, use_t

# (invitation, the e-mail address I typed, the access it offers: reader or editor)
SentInvitation = tuple[UUID, str, str]


@ft.component
def InvitationsSent(
    invitations: list[SentInvitation],
    cancel: Callable[[UUID], Awaitable[None]],
    busy: bool = False,
) -> ft.Control:
    t = use_t()
    palette = use_palette()
    if not invitations:
        return ft.Column(controls=[])

    def card(invitation: SentInvitation) -> ft.Control:
        invitation_id, email, access = invitation

        async def cancel_this() -> None:
            await cancel(invitation_id)

        return ft.Container(
            key=str(invitation_id),
            bgcolor=palette.card,
            border=ft.Border.all(1, palette.outline),
            border_radius=16,
            padding=16,
            content=ft.Column(
                spacing=10,
                controls=[
                    ft.Text(email, theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
                    BodyText(t(f"diary.access.short.{access}"), muted=True),
                    ActionButton(
                        t("diary.invitations.cancel", email=email),
                        cancel_this,
                        busy=busy,
                        primary=False,
                        icon=ft.Icons.CANCEL_OUTLINED,
                    ),
                ],
            ),
        )

    return ft.Column(
        spacing=14,
        controls=[
            Heading(t("diary.invitations.waiting"), level=2),
            BodyText(t("diary.invitations.waiting_help"), muted=True),
            *[card(invitation) for invitation in invitations],
        ],
    )

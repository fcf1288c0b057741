"""Who reads my diary: make a one-time code, invite by e-mail, change access, remove.

An e-mail invitation shares nothing until the person accepts it on their Diary
tab; the answer here is the same whether or not the address has an account.

Only the survivor sees this screen, and only the survivor's own calls can
share (RLS and SQL functions in *_care_circle.sql): an editor who reached it
would be refused by the database.
"""

from __future__ import annotations

from typing import cast
from uuid import UUID

import flet as ft

from app import routes
from app.diary import routes as diary_routes
from app.diary.state import use_diary
from app.i18n import error_message
from app.state import use_app_state
from components import ActionButton, BodyText, ErrorArea, FormField, Heading, NoticeArea, Screen
from components.confirm_dialog import confirm_then
from components.diary.invitations_sent import InvitationsSent, SentInvitation
from components.diary.invite_code import InviteCode
from components.filter_chip import FilterChip
from components.hooks import use_action, use_latest, use_palette, use_t
from services.care_circle.sharing import CircleAccess, CircleMembership, Invite


@ft.component
def SharingView() -> ft.Control:
    t = use_t()
    palette = use_palette()
    client = use_diary()
    state = use_app_state()
    page = ft.context.page
    members, set_members = ft.use_state(cast(list[CircleMembership], []))
    sent, set_sent = ft.use_state(cast(list[SentInvitation], []))
    chosen_access = use_latest(CircleAccess.READER)
    access = chosen_access.shown
    invite, set_invite = ft.use_state(cast(Invite | None, None))
    typed_email = use_latest("")
    email = typed_email.shown  # what is drawn; the invitation reads typed_email.now()
    notice, set_notice = ft.use_state(cast(str | None, None))
    peer_on, set_peer_on = ft.use_state(False)
    acting = use_action()

    async def load() -> None:
        set_members(await client.members())
        set_sent(await client.sent_invitations())
        set_peer_on(await client.peer_sharing())

    ft.use_effect(load, [])

    async def make_code() -> None:
        async def work() -> None:
            set_invite(await client.make_invite(chosen_access.now()))

        await acting.run(work)

    async def invite_by_email() -> None:
        async def work() -> None:
            address = typed_email.now().strip()
            await client.invite_by_email(address, chosen_access.now())
            typed_email.set("")
            set_notice(t("diary.invitations.sent", email=address))
            await load()

        await acting.run(work)

    async def cancel_invitation(invitation_id: UUID) -> None:
        async def work() -> None:
            await client.cancel_invitation(invitation_id)
            set_notice(t("diary.invitations.cancelled"))
            await load()

        await acting.run(work)

    async def change(member: CircleMembership, new_access: CircleAccess) -> None:
        async def work() -> None:
            await client.change_access(member.member_id, new_access)
            set_notice(t("diary.sharing.changed", name=member.display_name))
            await load()

        await acting.run(work)

    def ask_to_revoke(member: CircleMembership) -> ft.Control:
        async def revoke() -> None:
            async def work() -> None:
                await client.revoke(member.member_id)
                set_notice(t("diary.sharing.revoked", name=member.display_name))
                await load()

            await acting.run(work)

        async def ask() -> None:
            confirm_then(
                page,
                title=t("diary.sharing.revoke_title", name=member.display_name),
                question=t("diary.sharing.revoke_question"),
                cancel=t("diary.cancel"),
                confirm=t("diary.sharing.revoke_confirm"),
                then=revoke,
            )

        return ActionButton(
            t("diary.sharing.revoke", name=member.display_name),
            ask,
            primary=False,
            icon=ft.Icons.PERSON_REMOVE,
        )

    def member_card(member: CircleMembership) -> ft.Control:
        def access_chip(option: CircleAccess) -> ft.Control:
            async def pick() -> None:
                if member.access is not option:
                    await change(member, option)

            return FilterChip(
                t(f"diary.access.short.{option.value}"), member.access is option, pick
            )

        return ft.Container(
            bgcolor=palette.card,
            border=ft.Border.all(1, palette.outline),
            border_radius=16,
            padding=16,
            content=ft.Column(
                spacing=10,
                controls=[
                    ft.Text(member.display_name, theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
                    ft.Row(
                        wrap=True,
                        spacing=8,
                        controls=[access_chip(option) for option in CircleAccess],
                    ),
                    ask_to_revoke(member),
                ],
            ),
        )

    def access_choice(option: CircleAccess) -> ft.Control:
        async def pick() -> None:
            chosen_access.set(option)

        return FilterChip(t(f"diary.access.choose.{option.value}"), access is option, pick)

    async def back() -> None:
        await page.push_route(routes.DIARY)

    def passing_on(made: Invite) -> ft.Control:
        link = diary_routes.join_link(state.public_url, made.code)
        return InviteCode(
            made.code,
            link,
            t("diary.sharing.message", link=link, code=made.code),
            t("diary.sharing.subject"),
        )

    async def toggle_peer(event: ft.Event[ft.Switch]) -> None:
        enabled = bool(event.control.value)

        async def work() -> None:
            await client.set_peer_sharing(enabled)
            set_peer_on(enabled)

        await acting.run(work)

    return Screen(
        title=t("diary.sharing.title"),
        controls=[
            BodyText(t("diary.sharing.intro")),
            NoticeArea(notice, "sharing-notice", icon=ft.Icons.CHECK_CIRCLE_OUTLINE),
            ErrorArea(error_message(t, acting.failure) if acting.failure else None),
            Heading(t("diary.sharing.people"), level=2),
            *(
                [member_card(m) for m in members]
                or [BodyText(t("diary.sharing.nobody"), muted=True)]
            ),
            Heading(t("diary.sharing.invite"), level=2),
            BodyText(t("diary.sharing.access_question")),
            ft.Row(
                wrap=True, spacing=8, controls=[access_choice(option) for option in CircleAccess]
            ),
            ActionButton(
                t("diary.sharing.make_code"),
                make_code,
                busy=acting.busy,
                icon=ft.Icons.PIN_OUTLINED,
            ),
            *([passing_on(invite)] if invite else []),
            FormField(
                t("field.email"),
                email,
                typed_email.set,
                keyboard=ft.KeyboardType.EMAIL,
                error=acting.field_marker(t, "email"),
            ),
            ActionButton(
                t("diary.sharing.invite_email"),
                invite_by_email,
                busy=acting.busy,
                primary=False,
                disabled=not email.strip(),
            ),
            InvitationsSent(sent, cancel_invitation, busy=acting.busy),
            Heading(t("diary.sharing.peer_title"), level=2),
            ft.Switch(
                label=t("diary.sharing.peer_switch"),
                value=peer_on,
                on_change=toggle_peer,
                height=48,
            ),
            BodyText(t("diary.sharing.peer_help"), muted=True),
            ActionButton(t("diary.back"), back, primary=False, icon=ft.Icons.ARROW_BACK),
        ],
    )

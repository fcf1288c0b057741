"""The Diary tab: my own diary (for survivors) and the diaries shared with me."""

from __future__ import annotations

from uuid import UUID

import flet as ft

from app.diary import routes as diary_routes
from app.diary.book import DiaryBook
from app.diary.state import use_diary
from components import Screen
from components.diary.invitations_received import InvitationsReceived
from components.diary.shared_list import SharedDiaries
from components.hooks import use_t


@ft.component
def DiaryHomeView() -> ft.Control:
    t = use_t()
    client = use_diary()
    page = ft.context.page

    async def open_diary(survivor_id: UUID) -> None:
        await page.push_route(diary_routes.diary_of(survivor_id))

    # From an invite link (/home/diary/join/<code>): the code is filled in, not redeemed;
    # the person still reads whose diary it is and taps "join".
    code = ft.use_route_params().get("code", "")
    accepted, set_accepted = ft.use_state(0)

    async def accept(invitation_id: UUID) -> None:
        await client.accept_invitation(invitation_id)
        set_accepted(accepted + 1)  # the diary now shared appears in the list below

    # E-mail invitations wait here, where a code is typed too: the Diary tab.
    invited = InvitationsReceived(client.received_invitations, accept, client.refuse_invitation)
    shared = SharedDiaries(
        client.shared_with_me, client.redeem, open_diary, prefilled=code, refresh=accepted
    )
    if client.keeps_a_diary:
        return DiaryBook(client.me, t("diary.mine"), extra=[invited, shared])
    return Screen(title=t("diary.shared.screen_title"), controls=[invited, shared])

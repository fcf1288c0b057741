"""Coordination tab (coordinators only): peer supporters and their vetting status.

The database decides who may change a status (set_peer_status checks the
caller); this screen only offers the buttons.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import cast

import flet as ft

from app.i18n import error_message, peer_status_short_key
from app.state import use_app_state
from components import ActionButton, BodyText, ErrorArea, Screen
from components.hooks import use_action, use_palette, use_t
from services.models import PeerStatus, Profile


@ft.component
def CoordinationView() -> ft.Control:
    state = use_app_state()
    t = use_t()
    palette = use_palette()
    peers, set_peers = ft.use_state(cast(list[Profile], []))
    action = use_action()

    async def load() -> None:
        async def work() -> None:
            set_peers(await state.list_peers())

        await action.run(work)

    ft.use_effect(load, [])

    def change(peer: Profile, status: PeerStatus) -> Callable[[], Awaitable[None]]:
        async def apply() -> None:
            async def work() -> None:
                updated = await state.set_peer_status(peer.id, status)
                set_peers([updated if p.id == updated.id else p for p in peers])

            await action.run(work)

        return apply

    def peer_card(peer: Profile) -> ft.Control:
        status = peer.peer_status or PeerStatus.APPLICANT
        buttons: list[ft.Control] = []
        if status is not PeerStatus.APPROVED:
            buttons.append(
                ActionButton(
                    t("coordination.approve", name=peer.display_name),
                    on_click=change(peer, PeerStatus.APPROVED),
                    busy=action.busy,
                    icon=ft.Icons.CHECK,
                )
            )
        if status is not PeerStatus.SUSPENDED:
            buttons.append(
                ActionButton(
                    t("coordination.suspend", name=peer.display_name),
                    on_click=change(peer, PeerStatus.SUSPENDED),
                    busy=action.busy,
                    primary=False,
                    icon=ft.Icons.PAUSE,
                )
            )
        return ft.Container(
            bgcolor=palette.card,
            border_radius=16,
            padding=16,
            content=ft.Column(
                spacing=10,
                horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
                controls=[
                    ft.Text(peer.display_name, theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
                    BodyText(
                        t("coordination.status", status=t(peer_status_short_key(status))),
                        muted=True,
                    ),
                    *buttons,
                ],
            ),
        )

    return Screen(
        title=t("coordination.title"),
        controls=[
            BodyText(t("coordination.intro"), muted=True),
            ErrorArea(error_message(t, action.failure) if action.failure else None),
            *([peer_card(peer) for peer in peers] or [BodyText(t("coordination.none"))]),
            ActionButton(
                t("coordination.refresh"),
                on_click=load,
                busy=action.busy,
                primary=False,
                icon=ft.Icons.REFRESH,
            ),
        ],
    )

"""The next step for this person, at the top of the Messages tab."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import cast

import flet as ft

from app.peer_support import routes as peer_routes
from app.peer_support.state import use_peer_support
from components import ActionButton, NoticeArea
from components.hooks import use_t
from services.models import PeerStatus, Role
from services.peer_support.models import MyMatch, PeerApplication, RequestStatus, SupportRequest

_LIVE = (RequestStatus.OPEN, RequestStatus.PROPOSED, RequestStatus.MATCHED)


@ft.component
def StatusCard(matches: list[MyMatch], peer_status: PeerStatus | None) -> ft.Control:
    """`matches` and `peer_status` come from the tab's live source, as the tab shows them."""
    support = use_peer_support()
    t = use_t()
    page = ft.context.page
    role = support.session_role()
    application, set_application = ft.use_state(cast(PeerApplication | None, None))
    requests, set_requests = ft.use_state(cast(list[SupportRequest], []))
    loaded, set_loaded = ft.use_state(False)

    async def load() -> None:
        if role is Role.PEER:
            set_application(await support.my_application())
        elif role in (Role.SURVIVOR, Role.CAREGIVER):
            set_requests(await support.my_requests())
        set_loaded(True)

    ft.use_effect(load, [len(matches), *[m.status for m in matches]])

    def go(path: str) -> Callable[[], Awaitable[None]]:
        async def navigate() -> None:
            await page.push_route(path)

        return navigate

    if not loaded:
        return ft.Container()
    if role is Role.PEER:
        if application is None:
            return ActionButton(
                t("messaging.peer.apply"), on_click=go(peer_routes.APPLY), icon=ft.Icons.EDIT
            )
        if peer_status is PeerStatus.APPROVED:
            live = sum(1 for m in matches if m.live)
            return NoticeArea(
                t("messaging.peer.caseload", count=live, capacity=application.capacity),
                identifier="peer-caseload",
            )
        if application.declined_at is not None:
            return ft.Column(
                controls=[
                    NoticeArea(
                        t("messaging.peer.declined", reason=application.decline_reason or ""),
                        identifier="application-declined",
                    ),
                    ActionButton(
                        t("messaging.peer.update_application"),
                        on_click=go(peer_routes.APPLY),
                        primary=False,
                        icon=ft.Icons.EDIT,
                    ),
                ]
            )
        # Pending or suspended: PeerStatusNotice, just above, already says so.
        return ft.Container()
    if role in (Role.SURVIVOR, Role.CAREGIVER):
        wanted = next((r for r in requests if r.status in _LIVE), None)
        if wanted is None:
            return ActionButton(
                t("messaging.peer.ask"),
                on_click=go(peer_routes.ASK),
                icon=ft.Icons.HANDSHAKE_OUTLINED,
            )
        if wanted.status is RequestStatus.OPEN:
            return NoticeArea(t("messaging.peer.request_open"), identifier="request-open")
        return ft.Container()
    if role is Role.COORDINATOR:
        return ActionButton(
            t("messaging.coord.open"),
            on_click=go(peer_routes.COORDINATION),
            primary=False,
            icon=ft.Icons.GROUPS,
        )
    return ft.Container()

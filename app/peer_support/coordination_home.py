"""The coordinator's dashboard: who is waiting, and for how long.

Pending applicants, open requests (each with its ranked suggestions one tap
away), every peer's caseload, and the reports and alerts queue. It refreshes
itself when something arrives. The coordinator never reads conversations.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import cast

import flet as ft

from app.account.recovery_codes import RecoveryCodesLink
from app.i18n import error_message
from app.peer_support import routes as peer_routes
from app.peer_support.format import age, topics
from app.peer_support.state import apply_in_tab, use_peer_support
from components import ActionButton, BodyText, ErrorArea, Heading, Screen
from components.hooks import use_palette, use_t
from components.lifetime import use_lifetime
from services.errors import RelaisError
from services.models import PeerStatus
from services.peer_support.message_models import SafetyItem
from services.peer_support.models import ApplicationSummary, RequestSummary
from services.realtime_hub import COORDINATION_TOPIC, Following


@ft.component
def CoordinationHomeView() -> ft.Control:
    support = use_peer_support()
    t = use_t()
    palette = use_palette()
    page = ft.context.page
    applications, set_applications = ft.use_state(cast(list[ApplicationSummary], []))
    requests, set_requests = ft.use_state(cast(list[RequestSummary], []))
    queue, set_queue = ft.use_state(cast(list[SafetyItem], []))
    version, set_version = ft.use_state(0)
    following = ft.use_ref(cast(Following | None, None))
    failure, set_failure = ft.use_state(cast(RelaisError | None, None))
    lifetime = use_lifetime()

    async def reload() -> None:
        set_version(lambda v: v + 1)

    async def arrived(*_: object) -> None:
        apply_in_tab(page, reload)

    async def load() -> None:
        # Not through use_action: a newer reload may cancel this one, and it
        # must never be skipped as a double tap.
        try:
            set_applications(await support.applications())
            set_requests(await support.open_requests())
            set_queue(await support.safety_queue())
            if following.current is None:
                opened = await support.hub.follow(COORDINATION_TOPIC, arrived)
                if await lifetime.keep(opened.stop):
                    following.current = opened
            set_failure(None)
        except RelaisError as error:
            set_failure(error)

    ft.use_effect(load, [version])

    def go(path: str) -> Callable[[], Awaitable[None]]:
        async def navigate() -> None:
            await page.push_route(path)

        return navigate

    pending = [a for a in applications if a.pending]
    approved = [a for a in applications if a.peer_status is PeerStatus.APPROVED]

    def line(text: str, identifier: str) -> ft.Control:
        return ft.Semantics(identifier=identifier, content=BodyText(text))

    request_cards: list[ft.Control] = [
        ft.Container(
            bgcolor=palette.card,
            border_radius=16,
            padding=16,
            key=str(r.id),
            content=ft.Column(
                spacing=6,
                controls=[
                    ft.Text(
                        t(
                            "messaging.coord.request_from",
                            name=r.requester_name,
                            role=t(f"role_name.{r.requester_role.value}"),
                        ),
                        theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
                        color=palette.text,
                    ),
                    BodyText(
                        t(
                            "messaging.coord.request_topics",
                            topics=topics(t, r.topics),
                            age=age(t, r.created_at),
                        ),
                        muted=True,
                    ),
                    ActionButton(
                        t("messaging.coord.suggestions_for", name=r.requester_name),
                        on_click=go(peer_routes.request(r.id)),
                        icon=ft.Icons.PEOPLE,
                    ),
                ],
            ),
        )
        for r in requests
    ]
    return Screen(
        title=t("messaging.coord.title"),
        controls=[
            ErrorArea(error_message(t, failure) if failure else None),
            Heading(t("messaging.coord.applicants"), level=2),
            line(
                t(
                    "messaging.coord.applicants_waiting",
                    count=len(pending),
                    age=age(t, pending[0].submitted_at) if pending else "—",
                ),
                "applicants-waiting",
            ),
            ActionButton(
                t("messaging.coord.review"),
                on_click=go(peer_routes.APPLICANTS),
                primary=False,
                icon=ft.Icons.HOW_TO_REG,
            ),
            Heading(t("messaging.coord.requests"), level=2),
            *(request_cards or [BodyText(t("messaging.coord.no_requests"), muted=True)]),
            Heading(t("messaging.coord.caseloads"), level=2),
            *[
                line(
                    t(
                        "messaging.coord.caseload",
                        name=a.display_name,
                        count=a.live_matches,
                        capacity=a.capacity,
                    ),
                    f"caseload-{a.peer_id}",
                )
                for a in approved
            ],
            ActionButton(
                t("messaging.coord.peers"),
                on_click=go(peer_routes.PEERS),
                primary=False,
                icon=ft.Icons.BADGE_OUTLINED,
            ),
            RecoveryCodesLink(),
            Heading(t("messaging.coord.safety"), level=2),
            line(
                t(
                    "messaging.coord.safety_waiting",
                    count=len(queue),
                    age=age(t, queue[0].created_at) if queue else "—",
                ),
                "safety-waiting",
            ),
            ActionButton(
                t("messaging.coord.safety_open"),
                on_click=go(peer_routes.SAFETY_QUEUE),
                primary=False,
                icon=ft.Icons.REPORT_OUTLINED,
            ),
        ],
    )

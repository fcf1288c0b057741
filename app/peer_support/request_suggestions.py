"""One open request and its ranked suggestions, each with the reasons for its rank.

Only coordinators see this (list_peer_candidates refuses anyone else); a
proposal goes to both people, who each accept or decline.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import cast

import flet as ft

from app.i18n import error_message
from app.peer_support import routes as peer_routes
from app.peer_support.format import topics
from app.peer_support.state import use_peer_support
from components import BodyText, ErrorArea, NoticeArea, Screen
from components.hooks import use_action, use_palette, use_t
from services.peer_support.matching import ScoreReason, Suggestion
from services.peer_support.models import RequestSummary


@ft.component
def RequestSuggestionsView() -> ft.Control:
    support = use_peer_support()
    t = use_t()
    palette = use_palette()
    page = ft.context.page
    request_id = ft.use_route_params().get("request_id", "")
    request, set_request = ft.use_state(cast(RequestSummary | None, None))
    suggestions, set_suggestions = ft.use_state(cast(list[Suggestion], []))
    action = use_action()

    async def load() -> None:
        async def work() -> None:
            set_request(await support.request(request_id))
            set_suggestions(await support.suggestions(request_id))

        await action.run(work)

    ft.use_effect(load, [request_id])

    def reason_text(reason: ScoreReason) -> str:
        topic = t(f"messaging.topic.{reason.topic.value}") if reason.topic else ""
        return t(f"messaging.match.reason.{reason.code.value}", topic=topic, points=reason.points)

    def propose(s: Suggestion) -> Callable[[], Awaitable[None]]:
        async def run() -> None:
            async def work() -> None:
                assert request is not None
                await support.propose(request.id, s.peer_id)
                await page.push_route(peer_routes.COORDINATION)

            await action.run(work)

        return run

    def card(rank: int, s: Suggestion) -> ft.Control:
        return ft.Container(
            bgcolor=palette.card,
            border_radius=16,
            padding=16,
            key=str(s.peer_id),
            content=ft.Column(
                spacing=6,
                controls=[
                    ft.Text(
                        t("messaging.match.rank", rank=rank, name=s.display_name, score=s.score),
                        theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
                        color=palette.text,
                    ),
                    *[BodyText("• " + reason_text(r)) for r in s.reasons],
                    *[
                        NoticeArea(
                            t(f"messaging.match.flag.{f.value}"), identifier=f"flag-{f.value}"
                        )
                        for f in s.flags
                    ],
                    ft.FilledButton(
                        content=ft.Text(t("messaging.match.propose", name=s.display_name)),
                        on_click=propose(s),
                        disabled=action.busy,
                    ),
                ],
            ),
        )

    header: list[ft.Control] = []
    if request is not None:
        wishes = [
            t(f"messaging.field.{name}")
            for name in (
                "wants_nearby",
                "wants_aphasia_experience",
                "wants_returned_to_work",
                "wants_same_gender",
            )
            if getattr(request, name)
        ]
        header = [
            BodyText(
                t(
                    "messaging.coord.request_from",
                    name=request.requester_name,
                    role=t(f"role_name.{request.requester_role.value}"),
                )
            ),
            BodyText(
                t(
                    "messaging.coord.request_details",
                    topics=topics(t, request.topics),
                    language=t(f"messaging.language_name.{request.language}"),
                    departement=request.departement or "—",
                )
            ),
            BodyText(", ".join(wishes), muted=True) if wishes else ft.Container(),
            BodyText(request.about or "", muted=True) if request.about else ft.Container(),
        ]
    return Screen(
        title=t("messaging.match.title"),
        controls=[
            *header,
            ErrorArea(error_message(t, action.failure) if action.failure else None),
            *(
                [card(i + 1, s) for i, s in enumerate(suggestions)]
                or [BodyText(t("messaging.match.none"), muted=True)]
            ),
        ],
    )

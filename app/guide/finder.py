"""The guided finder: one plain question at a time, then procedures in order, with reasons.

One question per screen keeps the effort small for someone tired or with
aphasia; "I don't know" is always an answer and never blocks.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import cast

import flet as ft

from app.guide import routes as guide_routes
from app.guide.catalogue_widgets import CatalogueNotice, ProcedureLink
from app.state import use_app_state
from components import ActionButton, Heading, Screen
from components.hooks import use_palette, use_t
from services.guide.content import current_catalogue
from services.guide.finder import QUESTIONS, FinderAnswers, suggest


@ft.component
def FinderView() -> ft.Control:
    state = use_app_state()
    t = use_t()
    palette = use_palette()
    page = ft.context.page
    answers, set_answers = ft.use_state(cast(dict[str, bool | None], {}))
    position, set_position = ft.use_state(0)

    def answer(value: bool | None) -> Callable[[], Awaitable[None]]:
        async def chosen() -> None:
            set_answers({**answers, QUESTIONS[position]: value})
            set_position(position + 1)

        return chosen

    async def previous() -> None:
        set_position(max(0, position - 1))

    async def restart() -> None:
        set_answers({})
        set_position(0)

    async def to_guide() -> None:
        await page.push_route(guide_routes.GUIDE)

    if position < len(QUESTIONS):
        name = QUESTIONS[position]
        return Screen(
            title=t("guide.finder.title"),
            controls=[
                ft.Text(
                    t("guide.finder.progress", number=position + 1, total=len(QUESTIONS)),
                    color=palette.muted_text,
                ),
                ft.Semantics(
                    live_region=True,
                    identifier="guide-finder-question",
                    content=Heading(t(f"guide.finder.q.{name}"), level=2),
                ),
                ft.Text(t(f"guide.finder.hint.{name}"), color=palette.muted_text),
                ft.Text(t("guide.finder.for_whom"), color=palette.muted_text),
                ActionButton(t("guide.finder.yes"), on_click=answer(True)),
                ActionButton(t("guide.finder.no"), on_click=answer(False)),
                ActionButton(t("guide.finder.unknown"), on_click=answer(None), primary=False),
                ActionButton(
                    t("guide.finder.previous"),
                    on_click=previous if position else to_guide,
                    primary=False,
                    icon=ft.Icons.ARROW_BACK,
                ),
            ],
        )

    catalogue = current_catalogue()
    suggestions = suggest(FinderAnswers(**answers), catalogue)
    cards: list[ft.Control] = []
    for suggestion in suggestions:
        procedure = catalogue.procedure(state.locale.value, suggestion.procedure_id)
        if procedure is not None:
            reasons = [t(f"guide.reason.{reason}") for reason in suggestion.reasons]
            cards.append(ProcedureLink(procedure.id, procedure.title, reasons))
    return Screen(
        title=t("guide.finder.results"),
        controls=[
            CatalogueNotice(),
            ft.Text(t("guide.finder.results_help"), color=palette.muted_text),
            *cards,
            ActionButton(t("guide.finder.restart"), on_click=restart, primary=False),
            ActionButton(
                t("guide.back"), on_click=to_guide, primary=False, icon=ft.Icons.ARROW_BACK
            ),
        ],
    )

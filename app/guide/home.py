"""The guide's home: search, the finder, my procedures, who is who, and every procedure by theme."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

from app.guide import routes as guide_routes
from app.guide.catalogue_widgets import CatalogueNotice, ProcedureLink
from app.state import use_app_state
from components import ActionButton, ChoiceCard, FormField, Heading, Screen
from components.hooks import use_palette, use_t
from services.guide.content import current_catalogue
from services.guide.models import Audience, Category, Procedure
from services.guide.search import search

AUDIENCE_FILTERS = ("all", Audience.SURVIVOR.value, Audience.CAREGIVER.value)


def _for_audience(procedure: Procedure, audience: str) -> bool:
    return audience == "all" or procedure.audience in (Audience.BOTH, Audience(audience))


@ft.component
def GuideView() -> ft.Control:
    state = use_app_state()
    t = use_t()
    palette = use_palette()
    page = ft.context.page
    catalogue = current_catalogue()
    lang = state.locale.value
    query, set_query = ft.use_state("")
    audience, set_audience = ft.use_state("all")

    def go(path: str) -> Callable[[], Awaitable[None]]:
        async def navigate() -> None:
            await page.push_route(path)

        return navigate

    def card(procedure: Procedure) -> ft.Control:
        return ProcedureLink(
            procedure.id, procedure.title, [t(f"guide.audience.{procedure.audience.value}")]
        )

    def audience_choice(value: str) -> ft.Control:
        async def select() -> None:
            set_audience(value)

        return ChoiceCard(t(f"guide.filter.{value}"), audience == value, select)

    controls: list[ft.Control] = [
        CatalogueNotice(),
        FormField(t("guide.search.label"), query, set_query, helper=t("guide.search.help")),
    ]
    if query.strip():
        hits = search(query, catalogue)
        controls.append(
            ft.Semantics(
                live_region=True,
                identifier="guide-search-count",
                content=ft.Text(t("guide.search.count", count=len(hits)), color=palette.muted_text),
            )
        )
        for hit in hits:
            procedure = catalogue.procedure(lang, hit.procedure_id)
            if procedure is not None:
                controls.append(card(procedure))
        return Screen(title=t("guide.title"), controls=controls)

    controls += [
        ActionButton(t("guide.finder.open"), on_click=go(guide_routes.FINDER), icon=ft.Icons.QUIZ),
        ActionButton(
            t("guide.mine.open"),
            on_click=go(guide_routes.MINE),
            primary=False,
            icon=ft.Icons.CHECKLIST,
        ),
        ActionButton(
            t("guide.roles.open"),
            on_click=go(guide_routes.WHO_IS_WHO),
            primary=False,
            icon=ft.Icons.PEOPLE_OUTLINE,
        ),
        ActionButton(
            t("guide.pathway.open"),
            on_click=go(guide_routes.PATHWAY),
            primary=False,
            icon=ft.Icons.TIMELINE,
        ),
        Heading(t("guide.browse"), level=2),
        ft.Text(t("guide.filter.label"), color=palette.muted_text),
        *[audience_choice(value) for value in AUDIENCE_FILTERS],
    ]
    procedures = [p for p in catalogue.procedures(lang) if _for_audience(p, audience)]
    for category in Category:
        in_category = [p for p in procedures if p.category is category]
        if in_category:
            controls.append(Heading(t(f"guide.category.{category.value}"), level=2))
            controls += [card(p) for p in in_category]
    return Screen(title=t("guide.title"), controls=controls)

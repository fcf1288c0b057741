"""My procedures: the checklists I started, and those shared with me, each with its next step."""

from __future__ import annotations

from typing import cast

import flet as ft

from app.guide import routes as guide_routes
from app.guide.catalogue_widgets import CatalogueNotice, ProcedureLink
from app.guide.format import format_date
from app.guide.live import use_checklists_version
from app.state import use_app_state
from components import ActionButton, Heading, Screen
from components.hooks import use_palette, use_t
from services.care_circle.sharing import CircleMembership
from services.guide import progress as guide_progress
from services.guide.content import current_catalogue
from services.guide.progress import StartedProcedure

Shared = list[tuple[CircleMembership, list[StartedProcedure]]]


@ft.component
def MyProceduresView() -> ft.Control:
    state = use_app_state()
    t = use_t()
    palette = use_palette()
    page = ft.context.page
    lang = state.locale.value
    mine, set_mine = ft.use_state(cast(list[StartedProcedure] | None, None))
    shared, set_shared = ft.use_state(cast(Shared, []))
    session = state.session

    async def load() -> None:
        if session is None:
            return
        catalogue = current_catalogue()
        own = await guide_progress.list_progress(state.gateway, session, owner_id=session.user_id)
        set_mine(guide_progress.started_procedures(catalogue, lang, own))
        theirs = await guide_progress.list_shared_checklists(state.gateway, session)
        set_shared([(m, guide_progress.started_procedures(catalogue, lang, p)) for m, p in theirs])

    # Follow every list shown: mine and those shared with me, ticked by anyone.
    shown = (session.user_id, *(m.survivor_id for m, _ in shared)) if session else ()
    changes = use_checklists_version(shown)
    ft.use_effect(load, [session, lang, changes])

    async def to_guide() -> None:
        await page.push_route(guide_routes.GUIDE)

    def card(item: StartedProcedure) -> ft.Control:
        status = t("guide.mine.count", done=item.done_count, total=item.total)
        following = (
            t("guide.mine.next", step=item.next_step.title)
            if item.next_step
            else t("guide.mine.all_done")
        )
        extra = [status, following]
        if item.progress.remind_on:
            extra.append(t("guide.mine.reminder", date=format_date(item.progress.remind_on, t)))
        return ProcedureLink(item.procedure.id, item.procedure.title, extra)

    controls: list[ft.Control] = [CatalogueNotice(), Heading(t("guide.mine.own"), level=2)]
    if mine is None:
        controls.append(ft.ProgressRing(semantics_label=t("guide.loading")))
    elif not mine:
        controls.append(ft.Text(t("guide.mine.none"), color=palette.muted_text))
    else:
        controls += [card(item) for item in mine]
    for membership, started in shared:
        controls.append(Heading(t("guide.mine.shared", name=membership.display_name), level=2))
        access = t(f"guide.mine.access.{membership.access.value}")
        controls.append(ft.Text(access, color=palette.muted_text))
        if started:
            controls += [card(item) for item in started]
        else:
            controls.append(ft.Text(t("guide.mine.none_shared"), color=palette.muted_text))
    controls.append(
        ActionButton(t("guide.back"), on_click=to_guide, primary=False, icon=ft.Icons.ARROW_BACK)
    )
    return Screen(title=t("guide.mine.title"), controls=controls)

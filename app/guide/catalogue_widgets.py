"""The guide's widgets bound to the shell: the notice dated from the catalogue, cards that open.

components/guide/ draws them from data and callbacks; these hand them the
catalogue's review date and the procedure's address, so every guide screen
shows the same notice and opens a procedure the same way.
"""

from __future__ import annotations

import flet as ft

from app.guide import routes as guide_routes
from app.guide.format import format_date
from components.guide.notice import GuideNotice
from components.guide.procedure_card import ProcedureCard
from components.hooks import use_t
from services.guide.content import current_catalogue


@ft.component
def CatalogueNotice() -> ft.Control:
    t = use_t()
    return GuideNotice(format_date(current_catalogue().reviewed_on, t))


@ft.component
def ProcedureLink(procedure_id: str, title: str, lines: list[str]) -> ft.Control:
    page = ft.context.page

    async def open_procedure() -> None:
        await page.push_route(guide_routes.procedure(procedure_id))

    return ProcedureCard(procedure_id, title, lines, open_procedure)

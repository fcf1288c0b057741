"""Who is who in the care pathway, and the pathway itself as a timeline.

Built for screen readers first: every role and every stage is a heading
followed by plain paragraphs, so "next heading" walks through them; the
timeline's order is spoken ("Stage 2 of 5"), not only drawn.
"""

from __future__ import annotations

import flet as ft

from app.guide import routes as guide_routes
from app.guide.catalogue_widgets import CatalogueNotice
from app.guide.format import lines, rich_parts
from app.state import use_app_state
from components import ActionButton, Heading, Screen
from components.guide.rich_text import RichText
from components.hooks import use_palette, use_t
from services.guide.content import current_catalogue


@ft.component
def _BackToGuide() -> ft.Control:
    t = use_t()
    page = ft.context.page

    async def back() -> None:
        await page.push_route(guide_routes.GUIDE)

    return ActionButton(t("guide.back"), on_click=back, primary=False, icon=ft.Icons.ARROW_BACK)


@ft.component
def WhoIsWhoView() -> ft.Control:
    state = use_app_state()
    t = use_t()
    palette = use_palette()
    roles = current_catalogue().content(state.locale.value).care_roles.roles
    controls: list[ft.Control] = [CatalogueNotice()]
    for role in roles:
        controls.append(
            ft.Container(
                bgcolor=palette.card,
                border_radius=14,
                padding=14,
                content=ft.Column(
                    spacing=8,
                    controls=[
                        Heading(role.name, level=2),
                        *[RichText(rich_parts(line)) for line in lines(role.what_they_do)],
                        RichText(
                            rich_parts(t("guide.roles.when", when=role.when_to_see)), muted=True
                        ),
                    ],
                ),
            )
        )
    return Screen(title=t("guide.roles.title"), controls=[*controls, _BackToGuide()])


@ft.component
def PathwayView() -> ft.Control:
    state = use_app_state()
    t = use_t()
    palette = use_palette()
    stages = current_catalogue().content(state.locale.value).care_pathway.stages
    controls: list[ft.Control] = [CatalogueNotice()]
    for number, stage in enumerate(stages, start=1):
        last = number == len(stages)
        disc = ft.Container(
            width=36,
            height=36,
            border_radius=18,
            bgcolor=palette.primary,
            alignment=ft.Alignment.CENTER,
            # The number is spoken in the heading; the disc is decoration.
            content=ft.Semantics(
                exclude_semantics=True,
                content=ft.Text(str(number), color=palette.on_primary),
            ),
        )
        # The timeline's line is the stage's left border: no row of stretched
        # columns, whose intrinsic sizing makes long paragraphs report their
        # unwrapped width to screen readers.
        controls.append(
            ft.Container(
                margin=ft.Margin.only(left=16),
                padding=ft.Padding.only(left=18, bottom=8),
                border=None if last else ft.Border.only(left=ft.BorderSide(4, palette.outline)),
                content=ft.Column(
                    spacing=8,
                    controls=[
                        ft.Row(
                            controls=[
                                disc,
                                ft.Container(
                                    expand=True,
                                    content=Heading(
                                        t(
                                            "guide.pathway.stage",
                                            number=number,
                                            total=len(stages),
                                            name=stage.name,
                                        ),
                                        level=2,
                                    ),
                                ),
                            ],
                        ),
                        ft.Text(stage.when, color=palette.muted_text, weight=ft.FontWeight.W_600),
                        *[RichText(rich_parts(line)) for line in lines(stage.what_happens)],
                        ft.Text(t("guide.pathway.ask"), weight=ft.FontWeight.W_600),
                        *[
                            RichText(rich_parts(f"• {question}"))
                            for question in stage.questions_to_ask
                        ],
                    ],
                ),
            )
        )
    return Screen(title=t("guide.pathway.title"), controls=[*controls, _BackToGuide()])

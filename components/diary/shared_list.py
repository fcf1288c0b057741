"""'Diaries shared with me', and joining one with the code a survivor gave me."""

from __future__ import annotations

from typing import cast
from uuid import UUID

import flet as ft

from app.diary import routes as diary_routes
from app.diary.state import use_diary
from app.i18n import error_message
from components.action_button import ActionButton
from components.body_text import BodyText
from components.error_area import ErrorArea
from components.form_field import FormField
from components.heading import Heading
from components.hooks import use_action, use_palette, use_t


@ft.component
def SharedDiaries() -> ft.Control:
    t = use_t()
    palette = use_palette()
    client = use_diary()
    page = ft.context.page
    diaries, set_diaries = ft.use_state(cast(list[tuple[UUID, str, str]], []))
    code, set_code = ft.use_state("")
    joining = use_action()

    async def load() -> None:
        set_diaries(await client.shared_with_me())

    ft.use_effect(load, [])

    async def join() -> None:
        async def work() -> None:
            survivor = await client.redeem(code)
            set_code("")
            await page.push_route(diary_routes.diary_of(survivor))

        await joining.run(work)

    def item(survivor: UUID, name: str, access: str) -> ft.Control:
        async def open_diary() -> None:
            await page.push_route(diary_routes.diary_of(survivor))

        return ft.Semantics(
            button=True,
            content=ft.Container(
                on_click=open_diary,
                ink=True,
                bgcolor=palette.card,
                border=ft.Border.all(1, palette.outline),
                border_radius=16,
                padding=16,
                content=ft.Row(
                    controls=[
                        ft.Icon(ft.Icons.MENU_BOOK_OUTLINED, color=palette.primary, size=32),
                        ft.Column(
                            expand=True,
                            spacing=2,
                            controls=[
                                ft.Text(
                                    t("diary.of", name=name),
                                    theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
                                ),
                                ft.Text(
                                    t(f"diary.access.short.{access}"), color=palette.muted_text
                                ),
                            ],
                        ),
                        ft.Icon(ft.Icons.CHEVRON_RIGHT, color=palette.text),
                    ]
                ),
            ),
        )

    return ft.Column(
        spacing=14,
        controls=[
            Heading(t("diary.shared.title"), level=2),
            *(
                [item(*diary) for diary in diaries]
                or [BodyText(t("diary.shared.none"), muted=True)]
            ),
            Heading(t("diary.join.title"), level=2),
            BodyText(t("diary.join.intro")),
            FormField(
                t("diary.join.code"),
                code,
                set_code,
                error=t("field.check") if joining.failure else None,
            ),
            ErrorArea(error_message(t, joining.failure) if joining.failure else None, "join-error"),
            ActionButton(
                t("diary.join.submit"), join, busy=joining.busy, disabled=not code.strip()
            ),
        ],
    )

"""'Diaries shared with me', and joining one with the code a survivor gave me."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import cast
from uuid import UUID

import flet as ft

from components.action_button import ActionButton
from components.body_text import BodyText
from components.error_area import ErrorArea
from components.form_field import FormField
from components.heading import Heading
from components.hooks import use_action, use_error_message, use_palette, use_t

# (survivor, their name, my access to their diary)
SharedDiary = tuple[UUID, str, str]


@ft.component
def SharedDiaries(
    list_diaries: Callable[[], Awaitable[list[SharedDiary]]],
    redeem: Callable[[str], Awaitable[UUID]],
    on_open: Callable[[UUID], Awaitable[None]],
    prefilled: str = "",
    refresh: int = 0,
) -> ft.Control:
    """`redeem` turns a code into the survivor whose diary it opens; `on_open` shows a diary.

    `prefilled`: a code that came with a link, put in the field for the person to send.
    `refresh`: changes when a diary was shared another way (an invitation accepted).
    """
    t = use_t()
    error_message = use_error_message()
    palette = use_palette()
    diaries, set_diaries = ft.use_state(cast(list[SharedDiary], []))
    code, set_code = ft.use_state(prefilled)
    joining = use_action()

    async def load() -> None:
        set_diaries(await list_diaries())

    ft.use_effect(load, [refresh])

    def take_link_code() -> None:
        if prefilled:
            set_code(prefilled)

    # Another link opened while this screen shows: its code replaces the field's.
    ft.use_effect(take_link_code, [prefilled])

    async def join() -> None:
        async def work() -> None:
            survivor = await redeem(code)
            set_code("")
            await on_open(survivor)

        await joining.run(work)

    def item(survivor: UUID, name: str, access: str) -> ft.Control:
        async def open_diary() -> None:
            await on_open(survivor)

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
            ErrorArea(error_message(joining.failure) if joining.failure else None, "join-error"),
            ActionButton(
                t("diary.join.submit"), join, busy=joining.busy, disabled=not code.strip()
            ),
        ],
    )

"""A goal in the diary's list: its title, category, status and current level, as one button."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

from components.hooks import use_palette, use_t
from services.diary.models import GoalPublic, signed_level


def category_key(category: str) -> str:
    return f"diary.category.{category}"


def status_key(status: str) -> str:
    return f"diary.status.{status}"


@ft.component
def GoalCard(goal: GoalPublic, on_open: Callable[[], Awaitable[None]]) -> ft.Control:
    t = use_t()
    palette = use_palette()
    details = [t(category_key(goal.category)), t(status_key(goal.status))]
    if goal.gas_level is not None:
        details.append(t("diary.goal.level_now", level=signed_level(goal.gas_level)))

    async def tapped() -> None:
        await on_open()

    return ft.Semantics(
        button=True,
        content=ft.Container(
            on_click=tapped,
            ink=True,
            bgcolor=palette.card,
            border=ft.Border.all(1, palette.outline),
            border_radius=16,
            padding=16,
            content=ft.Row(
                controls=[
                    ft.Icon(ft.Icons.FLAG_OUTLINED, color=palette.primary, size=32),
                    ft.Column(
                        expand=True,
                        spacing=4,
                        controls=[
                            ft.Text(goal.title, theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
                            ft.Text(" · ".join(details), color=palette.muted_text),
                        ],
                    ),
                    ft.Icon(ft.Icons.CHEVRON_RIGHT, color=palette.text),
                ]
            ),
        ),
    )

"""The notice on every guide screen: it informs, it does not replace a social worker."""

from __future__ import annotations

import flet as ft

from app.guide.format import format_date
from components.hooks import use_palette, use_t
from services.guide.content import current_catalogue


@ft.component
def GuideNotice() -> ft.Control:
    t = use_t()
    palette = use_palette()
    reviewed = format_date(current_catalogue().reviewed_on, t)
    return ft.Semantics(
        identifier="guide-notice",
        container=True,
        content=ft.Container(
            bgcolor=palette.notice_container,
            border=ft.Border.all(2, palette.on_notice_container),
            border_radius=14,
            padding=14,
            content=ft.Row(
                vertical_alignment=ft.CrossAxisAlignment.START,
                controls=[
                    ft.Icon(ft.Icons.INFO_OUTLINE, color=palette.on_notice_container),
                    ft.Text(
                        t("guide.notice", date=reviewed),
                        expand=True,
                        theme_style=ft.TextThemeStyle.BODY_MEDIUM,
                        color=palette.on_notice_container,
                    ),
                ],
            ),
        ),
    )

"""The notice on every guide screen: it informs, it does not replace a social worker."""

from __future__ import annotations

import flet as ft

from components.hooks import use_palette, use_t


@ft.component
def GuideNotice(reviewed: str) -> ft.Control:
    """`reviewed`: the date the content was last checked, as the person reads dates."""
    t = use_t()
    palette = use_palette()
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

"""A gentle information box (an application awaiting approval, a saved change)."""

from __future__ import annotations

import flet as ft

from components.hooks import use_palette


@ft.component
def NoticeArea(
    message: str | None, identifier: str, icon: ft.IconData = ft.Icons.INFO_OUTLINE
) -> ft.Control:
    palette = use_palette()
    return ft.Semantics(
        identifier=identifier,
        live_region=True,
        visible=bool(message),
        content=ft.Container(
            bgcolor=palette.notice_container,
            border=ft.Border.all(2, palette.on_notice_container),
            border_radius=14,
            padding=16,
            content=ft.Row(
                vertical_alignment=ft.CrossAxisAlignment.START,
                controls=[
                    ft.Icon(icon, color=palette.on_notice_container),
                    ft.Text(
                        message or "",
                        expand=True,
                        theme_style=ft.TextThemeStyle.BODY_LARGE,
                        color=palette.on_notice_container,
                    ),
                ],
            ),
        ),
    )

"""Text with the content's **key words** in bold, read by a screen reader as one sentence."""

from __future__ import annotations

import flet as ft

from app.guide.format import rich_parts
from components.hooks import use_palette


@ft.component
def RichText(text: str, muted: bool = False) -> ft.Control:
    palette = use_palette()
    return ft.Text(
        theme_style=ft.TextThemeStyle.BODY_LARGE,
        color=palette.muted_text if muted else palette.text,
        spans=[
            ft.TextSpan(part, style=ft.TextStyle(weight=ft.FontWeight.BOLD) if bold else None)
            for part, bold in rich_parts(text)
        ],
    )

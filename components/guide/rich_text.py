"""Text with the content's key words in bold, read by a screen reader as one sentence."""

from __future__ import annotations

from collections.abc import Sequence

import flet as ft

from components.hooks import use_palette


@ft.component
def RichText(parts: Sequence[tuple[str, bool]], muted: bool = False) -> ft.Control:
    """`parts`: (text, bold) pieces in reading order, as the view splits the content."""
    palette = use_palette()
    return ft.Text(
        theme_style=ft.TextThemeStyle.BODY_LARGE,
        color=palette.muted_text if muted else palette.text,
        spans=[
            ft.TextSpan(part, style=ft.TextStyle(weight=ft.FontWeight.BOLD) if bold else None)
            for part, bold in parts
        ],
    )

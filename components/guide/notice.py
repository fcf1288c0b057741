"""The notice on every guide screen: it informs, it does not replace a social worker.

At large text the whole notice would fill the first screen of a phone (eight
lines at 200 %), so there it is a short line or two that opens to the full text
when tapped, and folds again. The short line still says what the guide is.
"""

from __future__ import annotations

import flet as ft

from components.hooks import use_palette, use_t, use_text_scale

# Up to this text size the full notice takes three or four lines: shown whole.
FULL_UP_TO_SCALE = 125
# A smaller "opens" cue than the theme's icons, leaving the short line room for whole words.
CHEVRON_SIZE = 32


@ft.component
def GuideNotice(reviewed: str) -> ft.Control:
    """`reviewed`: the date the content was last checked, as the person reads dates."""
    t = use_t()
    palette = use_palette()
    compact = use_text_scale() > FULL_UP_TO_SCALE
    opened, set_opened = ft.use_state(False)
    ink = palette.on_notice_container
    full_text = ft.Text(
        t("guide.notice", date=reviewed),
        expand=True,
        theme_style=ft.TextThemeStyle.BODY_MEDIUM,
        color=ink,
    )
    box = ft.Container(
        bgcolor=palette.notice_container,
        border=ft.Border.all(2, ink),
        border_radius=14,
        padding=14,
        content=ft.Row(
            vertical_alignment=ft.CrossAxisAlignment.START,
            controls=[ft.Icon(ft.Icons.INFO_OUTLINE, color=ink), full_text],
        ),
    )
    if not compact:
        return ft.Semantics(identifier="guide-notice", container=True, content=box)

    async def toggle() -> None:
        set_opened(not opened)

    line = (
        full_text
        if opened
        else ft.Text(
            t("guide.notice_short"),
            expand=True,
            theme_style=ft.TextThemeStyle.BODY_SMALL,
            color=ink,
        )
    )
    return ft.Semantics(
        identifier="guide-notice",
        button=True,
        expanded=opened,
        hint_text=t("guide.notice_fold") if opened else t("guide.notice_open"),
        content=ft.Container(
            bgcolor=palette.notice_container,
            border=ft.Border.all(2, ink),
            border_radius=14,
            padding=ft.Padding.symmetric(horizontal=10, vertical=6),
            # An ink well takes keyboard focus; a bare tappable container does not.
            ink=True,
            on_click=toggle,
            content=ft.Row(
                spacing=6,
                vertical_alignment=ft.CrossAxisAlignment.CENTER,
                controls=[
                    ft.Icon(ft.Icons.INFO_OUTLINE, color=ink),
                    line,
                    ft.Icon(
                        ft.Icons.EXPAND_LESS if opened else ft.Icons.EXPAND_MORE,
                        color=ink,
                        size=CHEVRON_SIZE,
                    ),
                ],
            ),
        ),
    )

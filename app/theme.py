"""The Flet theme of the page, built from components/theme.py's palettes and sizes.

Components use theme styles (`theme_style=`) rather than fixed sizes, so one
change of text size or contrast reaches every screen, dialogs and tooltips too.
"""

from __future__ import annotations

import flet as ft

from components.theme import (
    BASE_ICON_SIZE,
    BASE_TEXT_SIZES,
    Palette,
    nav_label_size_for,
    palette_for,
    scaled,
)


def text_theme(text_scale: int, color: str) -> ft.TextTheme:
    styles = {
        name: ft.TextStyle(size=scaled(size, text_scale), color=color, height=1.35)
        for name, size in BASE_TEXT_SIZES.items()
    }
    return ft.TextTheme(**styles)


def _button_style(high_contrast: bool, palette: Palette, text_scale: int) -> ft.ButtonStyle:
    # Vertical padding keeps every button at least 48 px tall at 100 %.
    return ft.ButtonStyle(
        padding=ft.Padding.symmetric(horizontal=20, vertical=14),
        icon_size=scaled(BASE_ICON_SIZE, text_scale),
        shape=ft.RoundedRectangleBorder(radius=14),
        side=ft.BorderSide(2, palette.outline) if high_contrast else None,
        # Flutter greys a disabled button's words to 38 % opacity, unreadable for
        # low vision: "Send" waiting for a message must still say what it is.
        color={ft.ControlState.DISABLED: palette.muted_text},
        bgcolor={ft.ControlState.DISABLED: palette.card},
    )


def build_theme(*, high_contrast: bool, text_scale: int) -> ft.Theme:
    palette = palette_for(high_contrast)
    button_style = _button_style(high_contrast, palette, text_scale)
    nav_label_size = nav_label_size_for(text_scale)
    return ft.Theme(
        color_scheme=ft.ColorScheme(
            primary=palette.primary,
            on_primary=palette.on_primary,
            primary_container=palette.primary_container,
            on_primary_container=palette.on_primary_container,
            secondary=palette.primary,
            on_secondary=palette.on_primary,
            secondary_container=palette.selected,
            on_secondary_container=palette.on_selected,
            error=palette.error,
            on_error=palette.on_error,
            error_container=palette.error_container,
            on_error_container=palette.on_error_container,
            surface=palette.surface,
            on_surface=palette.text,
            on_surface_variant=palette.muted_text,
            outline=palette.outline,
            outline_variant=palette.outline,
            surface_container=palette.card,
            surface_container_low=palette.card,
            surface_container_high=palette.card,
            surface_container_highest=palette.card,
            inverse_surface=palette.tooltip,
            on_inverse_surface=palette.on_tooltip,
        ),
        scaffold_bgcolor=palette.background,
        text_theme=text_theme(text_scale, palette.text),
        # Web defaults to the compact desktop density, which shrinks tap targets.
        visual_density=ft.VisualDensity.STANDARD,
        # Size only: a colour here would override the on-colour of selected tabs and buttons.
        icon_theme=ft.IconTheme(size=scaled(BASE_ICON_SIZE, text_scale)),
        button_theme=ft.ButtonTheme(style=button_style),
        filled_button_theme=ft.FilledButtonTheme(style=button_style),
        outlined_button_theme=ft.OutlinedButtonTheme(style=button_style),
        text_button_theme=ft.TextButtonTheme(style=button_style),
        navigation_bar_theme=ft.NavigationBarTheme(
            bgcolor=palette.card,
            indicator_color=palette.selected,
            height=max(80, scaled(BASE_ICON_SIZE, text_scale) + nav_label_size * 1.4 + 36),
            label_text_style=ft.TextStyle(size=nav_label_size, color=palette.text),
        ),
        tooltip_theme=ft.TooltipTheme(
            text_style=ft.TextStyle(
                size=scaled(BASE_TEXT_SIZES["body_medium"], text_scale), color=palette.on_tooltip
            ),
        ),
    )

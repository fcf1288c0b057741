"""Both themes are readable (WCAG contrast) and the text size reaches every text style."""

from __future__ import annotations

import flet as ft
import pytest

from app.theme import build_theme
from components.theme import (
    BASE_TEXT_SIZES,
    CALM,
    HIGH_CONTRAST,
    NAV_LABEL_SCALE_MAX,
    TEXT_SCALE_MAX,
    TEXT_SCALE_MIN,
    Palette,
    contrast_ratio,
    nav_label_size_for,
    palette_for,
    scaled,
)

NORMAL_TEXT_MINIMUM = 4.5  # WCAG 2 AA
HIGH_CONTRAST_MINIMUM = 7.0  # WCAG 2 AAA


def test_contrast_ratio_matches_known_values() -> None:
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#FFFFFF", "#FFFFFF") == pytest.approx(1.0)
    # WebAIM's checker gives 4.54:1 for #767676 on white.
    assert contrast_ratio("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize(
    ("palette", "minimum"),
    [(CALM, NORMAL_TEXT_MINIMUM), (HIGH_CONTRAST, HIGH_CONTRAST_MINIMUM)],
    ids=["calm", "high-contrast"],
)
def test_every_text_pair_is_readable(palette: Palette, minimum: float) -> None:
    failing = [
        f"{what}: {contrast_ratio(fg, bg):.2f}:1"
        for what, fg, bg in palette.text_pairs()
        if contrast_ratio(fg, bg) < minimum
    ]
    assert failing == []


@pytest.mark.parametrize("palette", [CALM, HIGH_CONTRAST], ids=["calm", "high-contrast"])
def test_field_borders_are_visible(palette: Palette) -> None:
    # WCAG 1.4.11: user-interface components need 3:1 against what surrounds them.
    assert contrast_ratio(palette.outline, palette.surface) >= 3.0
    assert contrast_ratio(palette.outline, palette.background) >= 3.0


def test_high_contrast_is_chosen_by_the_setting() -> None:
    assert palette_for(True) is HIGH_CONTRAST
    assert palette_for(False) is CALM


def test_text_scale_is_clamped_to_the_allowed_range() -> None:
    assert scaled(20, 50) == scaled(20, TEXT_SCALE_MIN) == 20
    assert scaled(20, 500) == scaled(20, TEXT_SCALE_MAX) == 40


@pytest.mark.parametrize("percent", [100, 150, 200])
def test_every_text_style_follows_the_text_size(percent: int) -> None:
    theme = build_theme(high_contrast=False, text_scale=percent)
    assert theme.text_theme is not None
    for name, base in BASE_TEXT_SIZES.items():
        style = getattr(theme.text_theme, name)
        assert style.size == pytest.approx(base * percent / 100), name


def test_bottom_bar_labels_stop_growing_but_stay_readable() -> None:
    assert nav_label_size_for(200) == nav_label_size_for(NAV_LABEL_SCALE_MAX)
    assert nav_label_size_for(100) >= 14


def test_themes_use_their_palettes() -> None:
    for high_contrast, palette in ((False, CALM), (True, HIGH_CONTRAST)):
        theme = build_theme(high_contrast=high_contrast, text_scale=100)
        assert theme.color_scheme is not None
        assert theme.color_scheme.on_surface == palette.text
        assert theme.color_scheme.primary == palette.primary
        assert theme.scaffold_bgcolor == palette.background


@pytest.mark.parametrize(
    ("high_contrast", "minimum"), [(False, NORMAL_TEXT_MINIMUM), (True, HIGH_CONTRAST_MINIMUM)]
)
def test_a_disabled_button_still_reads(high_contrast: bool, minimum: float) -> None:
    theme = build_theme(high_contrast=high_contrast, text_scale=100)
    for button_theme in (
        theme.button_theme,
        theme.filled_button_theme,
        theme.outlined_button_theme,
        theme.text_button_theme,
    ):
        assert button_theme is not None and button_theme.style is not None
        style = button_theme.style
        assert isinstance(style.color, dict) and isinstance(style.bgcolor, dict)
        words = style.color[ft.ControlState.DISABLED]
        behind = style.bgcolor[ft.ControlState.DISABLED]
        assert contrast_ratio(str(words), str(behind)) >= minimum

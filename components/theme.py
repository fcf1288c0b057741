"""Colours and sizes every widget draws with: a calm palette, a high-contrast one, text size.

Flet has no text-scale setting, so sizes are multiplied by the person's text
size (100–200 %). Colours are chosen for WCAG contrast: at least 4.5:1 for
text in the calm palette and 7:1 in high contrast (checked by
tests/unit/test_theme.py). The Flet theme built from them is app/theme.py's.
"""

from __future__ import annotations

from dataclasses import dataclass

TEXT_SCALE_MIN = 100
TEXT_SCALE_MAX = 200
TEXT_SCALE_STEP = 25
# Five bottom-bar labels must fit 360 px; past this the bar would break words.
# The bar's icons still grow with the full text size.
NAV_LABEL_SCALE_MAX = 120
NAV_LABEL_SIZE = 15
MIN_TAP_TARGET = 48


@dataclass(frozen=True)
class Palette:
    background: str
    surface: str
    card: str
    text: str
    muted_text: str
    primary: str
    on_primary: str
    primary_container: str
    on_primary_container: str
    selected: str
    on_selected: str
    error: str
    on_error: str
    error_container: str
    on_error_container: str
    notice_container: str
    on_notice_container: str
    tooltip: str
    on_tooltip: str
    outline: str

    def text_pairs(self) -> list[tuple[str, str, str]]:
        """(what, text colour, background) for every place text is drawn."""
        return [
            ("body on background", self.text, self.background),
            ("body on surface", self.text, self.surface),
            ("body on card", self.text, self.card),
            ("muted on background", self.muted_text, self.background),
            ("muted on card", self.muted_text, self.card),
            ("link on background", self.primary, self.background),
            ("link on card", self.primary, self.card),
            ("filled button", self.on_primary, self.primary),
            ("tonal button", self.on_primary_container, self.primary_container),
            ("selected tab", self.on_selected, self.selected),
            ("tab label on bar", self.muted_text, self.card),
            ("field error", self.error, self.surface),
            ("error badge", self.on_error, self.error),
            ("error area", self.on_error_container, self.error_container),
            ("notice area", self.on_notice_container, self.notice_container),
            ("tooltip", self.on_tooltip, self.tooltip),
        ]


CALM = Palette(
    background="#F7F5F0",
    surface="#FFFFFF",
    card="#ECF1EF",
    text="#1E2A2D",
    muted_text="#4A5558",
    primary="#1D6B66",
    on_primary="#FFFFFF",
    primary_container="#CFE7E3",
    on_primary_container="#0A3633",
    selected="#CFE7E3",
    on_selected="#0A3633",
    error="#A3262B",
    on_error="#FFFFFF",
    error_container="#FBE9E7",
    on_error_container="#6B1318",
    notice_container="#E4EEF7",
    on_notice_container="#173A5E",
    tooltip="#2F3A3D",
    on_tooltip="#F4F4F4",
    outline="#6B7579",
)

HIGH_CONTRAST = Palette(
    background="#FFFFFF",
    surface="#FFFFFF",
    card="#FFFFFF",
    text="#000000",
    muted_text="#1A1A1A",
    primary="#00332F",
    on_primary="#FFFFFF",
    primary_container="#00332F",
    on_primary_container="#FFFFFF",
    # A bright marker with black on it: the chosen tab stands out without hiding its icon.
    selected="#FFE14D",
    on_selected="#000000",
    error="#7A0000",
    on_error="#FFFFFF",
    error_container="#FFFFFF",
    on_error_container="#7A0000",
    notice_container="#FFFFFF",
    on_notice_container="#002B55",
    tooltip="#000000",
    on_tooltip="#FFFFFF",
    outline="#000000",
)


def palette_for(high_contrast: bool) -> Palette:
    return HIGH_CONTRAST if high_contrast else CALM


def clamp_text_scale(percent: int) -> int:
    return max(TEXT_SCALE_MIN, min(TEXT_SCALE_MAX, percent))


def scaled(size: float, text_scale: int) -> float:
    return round(size * clamp_text_scale(text_scale) / 100, 1)


# Base sizes at 100 %: a notch above Material's defaults, for tired or low-vision eyes.
BASE_TEXT_SIZES: dict[str, float] = {
    "display_large": 44,
    "display_medium": 38,
    "display_small": 34,
    "headline_large": 32,
    "headline_medium": 28,
    "headline_small": 26,
    "title_large": 24,
    "title_medium": 20,
    "title_small": 18,
    "body_large": 20,
    "body_medium": 18,
    "body_small": 16,
    "label_large": 18,
    "label_medium": 16,
    "label_small": 15,
}
BASE_ICON_SIZE = 26


def nav_label_size_for(text_scale: int) -> float:
    return scaled(NAV_LABEL_SIZE, min(text_scale, NAV_LABEL_SCALE_MAX))


def _relative_luminance(hex_colour: str) -> float:
    red, green, blue = (int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4))

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio between two #RRGGBB colours (1.0 to 21.0)."""
    lighter, darker = sorted(
        (_relative_luminance(foreground), _relative_luminance(background)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)

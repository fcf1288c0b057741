"""Five large faces with words, for mood or fatigue: one tap is a whole answer.

Made for people with aphasia or one usable hand: big targets (at least 64 px),
a picture and a word on each, no bare numbers, and the chosen face marked by
colour, border and the screen reader's "selected".
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

from components.hooks import use_palette, use_t, use_text_scale
from components.theme import scaled

# The word under each face: 14 px at 100 % (13 was too small to read), growing
# with the text size; the largest that fits "Fatigué" under a face on a 360 px phone.
FACE_WORD_SIZE = 14

MOOD_ICONS = {
    1: ft.Icons.SENTIMENT_VERY_DISSATISFIED,
    2: ft.Icons.SENTIMENT_DISSATISFIED,
    3: ft.Icons.SENTIMENT_NEUTRAL,
    4: ft.Icons.SENTIMENT_SATISFIED,
    5: ft.Icons.SENTIMENT_VERY_SATISFIED,
}
FATIGUE_ICONS = {
    1: ft.Icons.BATTERY_FULL,
    2: ft.Icons.BATTERY_5_BAR,
    3: ft.Icons.BATTERY_3_BAR,
    4: ft.Icons.BATTERY_1_BAR,
    5: ft.Icons.BATTERY_ALERT,
}


def face_word_key(kind: str, level: int) -> str:
    """'diary.mood.4' → "Good"; 'diary.fatigue.5' → "Exhausted"."""
    return f"diary.{kind}.{level}"


@ft.component
def FacePicker(
    kind: str,
    selected: int | None,
    on_pick: Callable[[int], Awaitable[None]],
    disabled: bool = False,
    question: str | None = None,
) -> ft.Control:
    """`kind` is "mood" or "fatigue"; `question` replaces "How do you feel?" in others' diaries."""
    t = use_t()
    palette = use_palette()
    icons = MOOD_ICONS if kind == "mood" else FATIGUE_ICONS

    scale = use_text_scale()
    # From 125 % text the five faces and their words no longer fit side by side:
    # one wide row each.
    stacked = scale >= 125

    def face(level: int) -> ft.Control:
        chosen = selected == level
        word = t(face_word_key(kind, level))
        colour = palette.on_primary_container if chosen else palette.text

        async def picked() -> None:
            await on_pick(level)

        icon = ft.Icon(icons[level], size=scaled(40, scale), color=colour)
        label = ft.Text(
            word,
            size=scaled(FACE_WORD_SIZE, scale),
            text_align=ft.TextAlign.START if stacked else ft.TextAlign.CENTER,
            max_lines=2,
            color=colour,
        )
        inside: ft.Control = (
            ft.Row(spacing=12, controls=[icon, label])
            if stacked
            else ft.Column(
                spacing=2,
                alignment=ft.MainAxisAlignment.CENTER,
                horizontal_alignment=ft.CrossAxisAlignment.CENTER,
                controls=[icon, label],
            )
        )
        # As ChoiceCard: the word inside names the button; the icon is decoration.
        return ft.Semantics(
            button=True,
            selected=chosen,
            expand=not stacked,
            content=ft.Container(
                on_click=None if disabled else picked,
                ink=True,
                expand=not stacked,
                height=None if stacked else 96,
                border_radius=14,
                padding=ft.Padding.symmetric(horizontal=12 if stacked else 2, vertical=8),
                bgcolor=palette.primary_container if chosen else palette.surface,
                border=ft.Border.all(
                    3 if chosen else 1, palette.primary if chosen else palette.outline
                ),
                content=inside,
            ),
        )

    faces = [face(level) for level in range(1, 6)]
    return ft.Column(
        spacing=6,
        controls=[
            ft.Text(
                question or t(f"diary.{kind}.question"),
                theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
            ),
            ft.Column(spacing=6, controls=faces) if stacked else ft.Row(spacing=6, controls=faces),
        ],
    )

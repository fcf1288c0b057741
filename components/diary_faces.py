"""Five large faces with words, for mood or fatigue: one tap is a whole answer.

Made for people with aphasia or one usable hand: big targets (at least 64 px),
a picture and a word on each, no bare numbers, and the chosen face marked by
colour, border and the screen reader's "selected".
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

from components.hooks import use_palette, use_t

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
) -> ft.Control:
    """`kind` is "mood" or "fatigue"."""
    t = use_t()
    palette = use_palette()
    icons = MOOD_ICONS if kind == "mood" else FATIGUE_ICONS

    def face(level: int) -> ft.Control:
        chosen = selected == level
        word = t(face_word_key(kind, level))

        async def picked() -> None:
            await on_pick(level)

        # As ChoiceCard: the word inside names the button; the icon is decoration.
        return ft.Semantics(
            button=True,
            selected=chosen,
            expand=True,
            content=ft.Container(
                on_click=None if disabled else picked,
                ink=True,
                expand=True,
                height=96,
                border_radius=14,
                padding=ft.Padding.symmetric(horizontal=2, vertical=8),
                bgcolor=palette.primary_container if chosen else palette.surface,
                border=ft.Border.all(
                    3 if chosen else 1, palette.primary if chosen else palette.outline
                ),
                content=ft.Column(
                    spacing=2,
                    alignment=ft.MainAxisAlignment.CENTER,
                    horizontal_alignment=ft.CrossAxisAlignment.CENTER,
                    controls=[
                        ft.Icon(
                            icons[level],
                            size=40,
                            color=palette.on_primary_container if chosen else palette.text,
                        ),
                        ft.Text(
                            word,
                            size=12,
                            text_align=ft.TextAlign.CENTER,
                            max_lines=2,
                            color=palette.on_primary_container if chosen else palette.text,
                        ),
                    ],
                ),
            ),
        )

    return ft.Column(
        spacing=6,
        controls=[
            ft.Text(t(f"diary.{kind}.question"), theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
            ft.Row(spacing=6, controls=[face(level) for level in range(1, 6)]),
        ],
    )

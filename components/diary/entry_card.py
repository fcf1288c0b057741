"""One diary entry as the timeline shows it: reactions, a way to its comments, and to change it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

from components.diary.faces import FATIGUE_ICONS, MOOD_ICONS, face_word_key
from components.hooks import use_palette, use_t
from services.diary.models import EntryPublic, ReactionKind, long_date, percent, signed_level
from services.models import Locale

REACTION_ICONS = {
    ReactionKind.HEART: ft.Icons.FAVORITE,
    ReactionKind.APPLAUSE: ft.Icons.CELEBRATION,
    ReactionKind.STRENGTH: ft.Icons.FITNESS_CENTER,
}


def progress_text(entry: EntryPublic, locale: Locale, level_word: str) -> str | None:
    if entry.goal_title is None:
        return None
    if entry.gas_level is not None:
        return f"{entry.goal_title} · {level_word} {signed_level(entry.gas_level)}"
    if entry.progress_percent is not None:
        return f"{entry.goal_title} · {percent(entry.progress_percent, locale)}"
    return entry.goal_title


@ft.component
def EntryCard(
    entry: EntryPublic,
    locale: Locale,
    on_react: Callable[[EntryPublic, ReactionKind], Awaitable[None]] | None,
    on_open: Callable[[EntryPublic], Awaitable[None]] | None,
    on_edit: Callable[[EntryPublic], Awaitable[None]] | None = None,
) -> ft.Control:
    t = use_t()
    palette = use_palette()

    def fact(icon: ft.IconData, text: str) -> ft.Control:
        return ft.Row(
            spacing=6,
            controls=[ft.Icon(icon, size=28, color=palette.text), ft.Text(text, size=16)],
        )

    facts: list[ft.Control] = []
    if entry.mood is not None:
        facts.append(
            fact(
                MOOD_ICONS[entry.mood],
                t("diary.mood.short", word=t(face_word_key("mood", entry.mood))),
            )
        )
    if entry.fatigue is not None:
        facts.append(
            fact(
                FATIGUE_ICONS[entry.fatigue],
                t("diary.fatigue.short", word=t(face_word_key("fatigue", entry.fatigue))),
            )
        )
    progress = progress_text(entry, locale, t("diary.goal.level"))
    if progress:
        facts.append(fact(ft.Icons.FLAG_OUTLINED, progress))

    def reaction(kind: ReactionKind) -> ft.Control:
        count = entry.reaction_count(kind)
        mine = entry.reacted(kind)
        name = t(f"diary.reaction.{kind.value}")

        async def toggle() -> None:
            if on_react is not None:
                await on_react(entry, kind)

        return ft.Semantics(
            selected=mine,
            content=ft.OutlinedButton(
                content=ft.Row(
                    tight=True,
                    spacing=4,
                    controls=[
                        ft.Icon(
                            REACTION_ICONS[kind], color=palette.primary if mine else palette.text
                        ),
                        ft.Text(f"{name} {count}" if count else name),
                    ],
                ),
                on_click=toggle if on_react is not None else None,
                disabled=on_react is None,
            ),
        )

    async def open_thread() -> None:
        if on_open is not None:
            await on_open(entry)

    async def edit() -> None:
        if on_edit is not None:
            await on_edit(entry)

    links: list[ft.Control] = []
    if on_open is not None:
        links.append(
            ft.TextButton(
                content=ft.Text(t("diary.comments.open", count=entry.comment_count)),
                on_click=open_thread,
            )
        )
    if on_edit is not None:
        links.append(
            ft.TextButton(content=ft.Text(t("diary.entry.edit")), icon=ft.Icons.EDIT, on_click=edit)
        )

    author = entry.author_name or t("diary.someone")
    # No Semantics wrapper: it would merge the card into one node, and screen
    # readers (and tests) could no longer reach its text and buttons one by one.
    return ft.Container(
        bgcolor=palette.card,
        border=ft.Border.all(1, palette.outline),
        border_radius=16,
        padding=16,
        content=ft.Column(
            spacing=10,
            controls=[
                ft.Text(
                    long_date(entry.entry_date, locale),
                    theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
                    weight=ft.FontWeight.W_600,
                ),
                ft.Text(t("diary.by", name=author), color=palette.muted_text),
                *facts,
                *(
                    [ft.Text(entry.body, theme_style=ft.TextThemeStyle.BODY_LARGE)]
                    if entry.body
                    else []
                ),
                *(
                    [ft.Text(t("diary.tags", tags=", ".join(entry.tags)), color=palette.muted_text)]
                    if entry.tags
                    else []
                ),
                ft.Row(
                    wrap=True,
                    spacing=6,
                    run_spacing=6,
                    controls=[reaction(k) for k in ReactionKind],
                ),
                *([ft.Row(wrap=True, spacing=6, run_spacing=6, controls=links)] if links else []),
            ],
        ),
    )

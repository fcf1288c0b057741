"""The diary's timeline: filter by goal and period, newest first, more on request.

Filters are big chips rather than date fields: one tap, one hand. `version`
changes when the screen hears of new comments or reactions, and the loaded
pages are read again under the viewer's own session.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import cast
from uuid import UUID

import flet as ft

from components.diary.entry_card import EntryCard
from components.error_area import ErrorArea
from components.filter_chip import FilterChip
from components.hooks import use_error_message, use_locale, use_t
from services.diary.models import EntryPublic, GoalPublic, ReactionKind, TimelineFilter

# The entries matching the filter, newest first, after the given one (None: from the newest).
LoadPage = Callable[[TimelineFilter, EntryPublic | None], Awaitable[list[EntryPublic]]]
React = Callable[[EntryPublic, ReactionKind], Awaitable[None]]

PERIODS: dict[str, int | None] = {"all": None, "week": 7, "month": 30, "quarter": 91}


def timeline_filter(goal_id: UUID | None, period: str, today: dt.date) -> TimelineFilter:
    days = PERIODS.get(period)
    return TimelineFilter(
        goal_id=goal_id, date_from=today - dt.timedelta(days=days - 1) if days else None
    )


@ft.component
def DiaryTimeline(
    survivor_id: UUID,
    goals: list[GoalPublic],
    version: int,
    load_page: LoadPage,
    on_react: React | None,
    on_open: Callable[[EntryPublic], Awaitable[None]],
    on_edit: Callable[[EntryPublic], Awaitable[None]] | None = None,
) -> ft.Control:
    """`on_react` is None for a reader who may not react; `version` grows with news."""
    t = use_t()
    error_message = use_error_message()
    locale = use_locale()
    goal_id, set_goal_id = ft.use_state(cast(UUID | None, None))
    period, set_period = ft.use_state("all")
    entries, set_entries = ft.use_state(cast(list[EntryPublic], []))
    has_more, set_has_more = ft.use_state(False)
    loaded, set_loaded = ft.use_state(False)
    failure, set_failure = ft.use_state(cast(Exception | None, None))

    filters = timeline_filter(goal_id, period, dt.date.today())

    async def load(more: bool = False) -> None:
        try:
            after = entries[-1] if more and entries else None
            page = await load_page(filters, after)
            # Re-reading after news keeps what was loaded so far (one page more at most).
            set_entries((entries if more else []) + page)
            set_has_more(len(page) >= 20)
            set_failure(None)
        except Exception as error:
            set_failure(error)
        finally:
            set_loaded(True)

    async def reload() -> None:
        await load()

    ft.use_effect(reload, [survivor_id, goal_id, period, version])

    async def react(entry: EntryPublic, kind: ReactionKind) -> None:
        if on_react is None:
            return
        try:
            await on_react(entry, kind)
            await load()
        except Exception as error:
            set_failure(error)

    def goal_chip(goal: GoalPublic | None) -> ft.Control:
        wanted = goal.id if goal else None

        async def pick() -> None:
            set_goal_id(wanted)

        return FilterChip(
            goal.title if goal else t("diary.filter.all_goals"), goal_id == wanted, pick
        )

    def period_chip(name: str) -> ft.Control:
        async def pick() -> None:
            set_period(name)

        return FilterChip(t(f"diary.filter.{name}"), period == name, pick)

    async def more() -> None:
        await load(more=True)

    items: list[ft.Control] = [
        EntryCard(entry, locale, react if on_react is not None else None, on_open, on_edit)
        for entry in entries
    ]
    if loaded and not entries:
        items.append(ft.Text(t("diary.timeline.empty"), theme_style=ft.TextThemeStyle.BODY_LARGE))
    if has_more:
        items.append(ft.OutlinedButton(content=ft.Text(t("diary.timeline.more")), on_click=more))
    return ft.Column(
        spacing=12,
        controls=[
            ft.Text(t("diary.timeline.title"), theme_style=ft.TextThemeStyle.TITLE_LARGE),
            *(
                [
                    ft.Row(
                        wrap=True,
                        spacing=8,
                        run_spacing=8,
                        controls=[goal_chip(None), *map(goal_chip, goals)],
                    )
                ]
                if goals
                else []
            ),
            ft.Row(wrap=True, spacing=8, run_spacing=8, controls=[period_chip(p) for p in PERIODS]),
            ErrorArea(error_message(failure) if failure else None, identifier="timeline-error"),
            *items,
        ],
    )

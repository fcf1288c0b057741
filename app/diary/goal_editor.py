"""Create or change a goal: what, why, how to measure it, by when, and optionally its scale.

The Goal Attainment Scale describes five levels, from −2 (much less than
expected) to +2 (much more than expected); 0 is the expected outcome.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any, cast

import flet as ft

from app.diary import routes as diary_routes
from app.diary.forms import GoalForm
from app.diary.state import use_diary
from app.i18n import error_message
from components import ActionButton, BodyText, ErrorArea, FormField, Heading, Screen
from components.date_field import DateField
from components.diary.goal_card import category_key, status_key
from components.filter_chip import FilterChip
from components.hooks import use_action, use_latest, use_t
from services.diary.models import (
    GAS_DESCRIPTION_MAX,
    GAS_LEVELS,
    GOAL_MEASURE_MAX,
    GOAL_TITLE_MAX,
    GOAL_WHY_MAX,
    GoalCategory,
    GoalPublic,
    GoalStatus,
    signed_level,
)

# How far ahead the calendar offers a target; a later one can still be typed.
TARGET_HORIZON = dt.timedelta(days=10 * 366)
GAS_FIELDS = {-2: "gas_minus_2", -1: "gas_minus_1", 0: "gas_0", 1: "gas_plus_1", 2: "gas_plus_2"}


@ft.component
def GoalEditorView() -> ft.Control:
    t = use_t()
    client = use_diary()
    page = ft.context.page
    survivor_id = diary_routes.route_param("survivor") or client.me
    goal_id = diary_routes.route_param("goal")
    latest = use_latest(GoalForm())
    form = latest.shown  # what is drawn; handlers read latest.now()
    existing, set_existing = ft.use_state(cast(GoalPublic | None, None))
    saving = use_action()
    today = dt.date.today()

    async def start() -> None:
        if goal_id is not None:
            goal = await client.goal(goal_id)
            set_existing(goal)
            latest.set(GoalForm.from_goal(goal))

    ft.use_effect(start, [goal_id])

    def change(**values: Any) -> None:
        latest.set(dataclasses.replace(latest.now(), **values))

    async def save() -> None:
        async def work() -> None:
            if existing is None:
                goal = await client.create_goal(survivor_id, **latest.now().goal_fields())
            else:
                goal = await client.update_goal(existing, **latest.now().goal_fields())
            await page.push_route(diary_routes.goal(survivor_id, goal.id))

        await saving.run(work)

    async def back() -> None:
        if existing is not None:
            await page.push_route(diary_routes.goal(survivor_id, existing.id))
        else:
            await page.push_route(diary_routes.back_to(survivor_id, client.me))

    def text(
        field: str, label: str, limit: int, multiline: bool = False, helper: str | None = None
    ) -> ft.Control:
        return FormField(
            label,
            str(getattr(form, field)),
            lambda value: change(**{field: value}),
            error=saving.field_marker(t, field),
            multiline=multiline,
            max_length=limit,
            helper=helper,
        )

    def category_chip(category: GoalCategory) -> ft.Control:
        async def pick() -> None:
            change(category=category.value)

        return FilterChip(t(category_key(category.value)), form.category == category.value, pick)

    def status_chip(status: GoalStatus) -> ft.Control:
        async def pick() -> None:
            change(status=status.value)

        return FilterChip(t(status_key(status.value)), form.status == status.value, pick)

    def level_chip(level: int) -> ft.Control:
        async def pick() -> None:
            change(gas_level=None if latest.now().gas_level == level else level)

        return FilterChip(signed_level(level), form.gas_level == level, pick)

    scale: list[ft.Control] = [
        text(GAS_FIELDS[level], t(f"diary.gas.level.{level}"), GAS_DESCRIPTION_MAX)
        for level in reversed(GAS_LEVELS)
    ]
    return Screen(
        title=t("diary.goal.edit_title" if existing else "diary.goal.new_title"),
        controls=[
            text("title", t("diary.goal.name"), GOAL_TITLE_MAX, helper=t("diary.goal.name_help")),
            BodyText(t("diary.goal.category")),
            ft.Row(
                wrap=True,
                spacing=8,
                run_spacing=8,
                controls=[category_chip(c) for c in GoalCategory],
            ),
            text("why", t("diary.goal.why"), GOAL_WHY_MAX, multiline=True),
            text("measure", t("diary.goal.measure"), GOAL_MEASURE_MAX, multiline=True),
            DateField(
                t("diary.goal.target"),
                form.target,
                lambda value: change(target=value),
                first=today,
                last=today + TARGET_HORIZON,
                error=saving.field_marker(t, "target_date"),
            ),
            *(
                [
                    BodyText(t("diary.goal.status")),
                    ft.Row(
                        wrap=True,
                        spacing=8,
                        run_spacing=8,
                        controls=[status_chip(s) for s in GoalStatus],
                    ),
                ]
                if existing
                else []
            ),
            Heading(t("diary.gas.title"), level=2),
            BodyText(t("diary.gas.intro"), muted=True),
            *scale,
            BodyText(t("diary.gas.current")),
            ft.Row(
                wrap=True,
                spacing=8,
                run_spacing=8,
                controls=[level_chip(level) for level in GAS_LEVELS],
            ),
            ErrorArea(error_message(t, saving.failure) if saving.failure else None),
            ActionButton(t("diary.goal.save"), save, busy=saving.busy, icon=ft.Icons.CHECK),
            ActionButton(t("diary.cancel"), back, primary=False),
        ],
    )

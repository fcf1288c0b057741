"""One goal: what it is, its scale, its progress drawn and said in words."""

from __future__ import annotations

from typing import cast

import flet as ft

from app.diary import routes as diary_routes
from app.diary.state import use_diary
from app.i18n import error_message
from components import ActionButton, BodyText, ErrorArea, Heading, Screen
from components.diary.goal_card import category_key, status_key
from components.diary.progress_chart import ProgressCharts
from components.hooks import use_t
from services.diary.models import GAS_LEVELS, GoalPublic, ProgressPoint, long_date, signed_level
from services.diary.text import progress_summary


@ft.component
def GoalView() -> ft.Control:
    t = use_t()
    client = use_diary()
    page = ft.context.page
    survivor_id = diary_routes.route_param("survivor") or client.me
    goal_id = diary_routes.route_param("goal")
    goal, set_goal = ft.use_state(cast(GoalPublic | None, None))
    points, set_points = ft.use_state(cast(list[ProgressPoint], []))
    can_edit, set_can_edit = ft.use_state(False)
    failure, set_failure = ft.use_state(cast(Exception | None, None))

    async def load() -> None:
        if goal_id is None:
            return
        try:
            set_goal(await client.goal(goal_id))
            set_points(await client.progress(goal_id))
            set_can_edit(await client.access_to(survivor_id) in ("owner", "editor"))
        except Exception as error:
            set_failure(error)

    ft.use_effect(load, [goal_id])

    async def edit() -> None:
        if goal is not None:
            await page.push_route(diary_routes.edit_goal(survivor_id, goal.id))

    async def back() -> None:
        await page.push_route(diary_routes.back_to(survivor_id, client.me))

    if goal is None:
        return Screen(
            title=t("diary.goal.title"),
            controls=[ErrorArea(error_message(t, failure) if failure else None)],
        )
    locale = client.state.locale
    details: list[ft.Control] = [
        BodyText(f"{t(category_key(goal.category))} · {t(status_key(goal.status))}", muted=True)
    ]
    for label, value in (
        ("diary.goal.why", goal.why),
        ("diary.goal.measure", goal.measure),
        # A saved goal shows its date; "(optional)" belongs to the form only.
        (
            "diary.goal.target_date",
            long_date(goal.target_date, locale) if goal.target_date else None,
        ),
    ):
        if value:
            details += [ft.Text(t(label), weight=ft.FontWeight.W_600), BodyText(value)]
    scale = [
        BodyText(f"{signed_level(level)}  {goal.gas_descriptions()[level]}")
        for level in reversed(GAS_LEVELS)
        if goal.gas_descriptions()[level]
    ]
    summary = progress_summary(goal, points, locale)
    return Screen(
        title=goal.title,
        controls=[
            *details,
            *([Heading(t("diary.gas.scale"), level=2), *scale] if scale else []),
            Heading(t("diary.chart.title"), level=2),
            ProgressCharts(
                points,
                summary,
                goal.gas_level is not None or any(p.gas_level is not None for p in points),
            ),
            *([ActionButton(t("diary.goal.edit"), edit, icon=ft.Icons.EDIT)] if can_edit else []),
            ActionButton(t("diary.back"), back, primary=False, icon=ft.Icons.ARROW_BACK),
        ],
    )

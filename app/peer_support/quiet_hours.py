"""Quiet hours: a daily window without badges or sounds; messages still arrive."""

from __future__ import annotations

import datetime as dt
from typing import cast

import flet as ft

from app.i18n import error_message
from app.peer_support import routes as peer_routes
from app.peer_support.state import use_peer_support
from components import ActionButton, BodyText, ErrorArea, NoticeArea, Screen
from components.hooks import Latest, use_action, use_latest, use_t
from components.hour_stepper import HourStepper, hour_text
from services.peer_support.message_models import QuietHours


@ft.component
def QuietHoursView() -> ft.Control:
    support = use_peer_support()
    t = use_t()
    page = ft.context.page
    current, set_current = ft.use_state(cast(QuietHours | None, None))
    # What is drawn, and what save reads at the tap (use_latest says why).
    start_hour = use_latest(22)
    end_hour = use_latest(8)
    action = use_action()

    async def load() -> None:
        found = await support.quiet_hours()
        set_current(found)
        if found is not None:
            start_hour.set(found.starts_at.hour)
            end_hour.set(found.ends_at.hour)

    ft.use_effect(load, [])

    async def save() -> None:
        async def work() -> None:
            set_current(
                await support.set_quiet_hours(dt.time(start_hour.now()), dt.time(end_hour.now()))
            )

        await action.run(work)

    async def remove() -> None:
        async def work() -> None:
            await support.clear_quiet_hours()
            set_current(None)

        await action.run(work)

    async def back() -> None:
        await page.push_route(peer_routes.MESSAGES)

    summary = (
        t(
            "messaging.quiet.current",
            starts=current.starts_at.strftime("%H:%M"),
            ends=current.ends_at.strftime("%H:%M"),
        )
        if current
        else t("messaging.quiet.none")
    )

    def stepper(which: str, hour: Latest[int]) -> ft.Control:
        """`which` is "starts" or "ends": it names the hour and its two buttons."""
        return HourStepper(
            t(
                "messaging.quiet.hour",
                label=t(f"messaging.quiet.{which}"),
                hour=hour_text(hour.shown),
            ),
            hour.shown,
            hour.set,
            earlier=t(f"messaging.quiet.{which}_earlier"),
            later=t(f"messaging.quiet.{which}_later"),
            identifier=f"quiet-hours-{which}",
        )

    return Screen(
        title=t("messaging.quiet.title"),
        controls=[
            BodyText(t("messaging.quiet.intro"), muted=True),
            NoticeArea(summary, identifier="quiet-hours-current"),
            stepper("starts", start_hour),
            stepper("ends", end_hour),
            ErrorArea(error_message(t, action.failure) if action.failure else None),
            ActionButton(
                t("messaging.quiet.save"), on_click=save, busy=action.busy, icon=ft.Icons.BEDTIME
            ),
            ActionButton(
                t("messaging.quiet.remove"),
                on_click=remove,
                busy=action.busy,
                primary=False,
                disabled=current is None,
            ),
            ActionButton(
                t("messaging.chat.back"), on_click=back, primary=False, icon=ft.Icons.ARROW_BACK
            ),
        ],
    )

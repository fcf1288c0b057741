"""Quiet hours: a daily window without badges or sounds; messages still arrive."""

from __future__ import annotations

import datetime as dt
from typing import cast

import flet as ft

from app.i18n import error_message
from app.peer_support import routes as peer_routes
from app.peer_support.state import use_peer_support
from components import ActionButton, BodyText, ErrorArea, NoticeArea, Screen
from components.hooks import use_action, use_t
from services.peer_support.message_models import QuietHours


@ft.component
def QuietHoursView() -> ft.Control:
    support = use_peer_support()
    t = use_t()
    page = ft.context.page
    current, set_current = ft.use_state(cast(QuietHours | None, None))
    starts, set_starts = ft.use_state("22")
    ends, set_ends = ft.use_state("08")
    action = use_action()

    async def load() -> None:
        found = await support.quiet_hours()
        set_current(found)
        if found is not None:
            set_starts(f"{found.starts_at.hour:02d}")
            set_ends(f"{found.ends_at.hour:02d}")

    ft.use_effect(load, [])

    hours = [ft.DropdownOption(key=f"{h:02d}", text=f"{h:02d}:00") for h in range(24)]

    async def save() -> None:
        async def work() -> None:
            set_current(await support.set_quiet_hours(dt.time(int(starts)), dt.time(int(ends))))

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
    return Screen(
        title=t("messaging.quiet.title"),
        controls=[
            BodyText(t("messaging.quiet.intro"), muted=True),
            NoticeArea(summary, identifier="quiet-hours-current"),
            ft.Dropdown(
                label=t("messaging.quiet.starts"),
                value=starts,
                options=hours,
                on_select=lambda e: set_starts(e.control.value or starts),
            ),
            ft.Dropdown(
                label=t("messaging.quiet.ends"),
                value=ends,
                options=hours,
                on_select=lambda e: set_ends(e.control.value or ends),
            ),
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

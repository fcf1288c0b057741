"""Notifications: turn them on for this device, choose what they are for, stop a device."""

from __future__ import annotations

from typing import cast

import flet as ft

from app import routes
from app.i18n import error_message
from app.notifications.choices import digest_choice, kind_choices
from app.notifications.routes import EMAILS
from app.notifications.state import use_notifications
from app.web.push_bridge import BrowserAnswer
from components import ActionButton, BodyText, ErrorArea, Heading, NoticeArea, Screen
from components.date_field import typed_day
from components.hooks import use_action, use_t
from components.notifications import DeviceRow
from services.errors import RelaisError
from services.notifications.models import NotificationSettings, PushDevice

# Caught by assets/pwa/push.js inside the tap (a client action binds to the page, so
# it is made while drawing).
TURN_ON_URL = "relais:notifications-on"
TURN_OFF_HERE_URL = "relais:notifications-off"


@ft.component
def NotificationsView() -> ft.Control:
    notifications = use_notifications()
    t = use_t()
    page = ft.context.page
    settings, set_settings = ft.use_state(cast(NotificationSettings | None, None))
    devices, set_devices = ft.use_state(cast(list[PushDevice] | None, None))
    here, set_here = ft.use_state(cast(str | None, None))
    waiting, set_waiting = ft.use_state(False)
    problem, set_problem = ft.use_state(cast(str | None, None))
    saved, set_saved = ft.use_state(False)
    choosing = use_action()
    device_action = use_action()
    loading = use_action()

    async def refresh_devices() -> None:
        set_devices(await notifications.devices())
        set_here(await notifications.this_device_endpoint())

    async def answered(answer: BrowserAnswer) -> None:
        # Called by the page's POST, outside this tab's task: the saving happens
        # here (so the page hears whether it worked), the drawing on the tab.
        failure: RelaisError | None = None
        if answer.subscription is not None:
            try:
                await notifications.save_subscription(answer.subscription)
            except RelaisError as error:
                failure = error

        async def show() -> None:
            if answer.subscription is not None and failure is None:
                # Kept by the tab, not by push.js: the Flet client caches what it stored.
                await notifications.remember_this_device(answer.subscription.endpoint)
            set_waiting(False)
            set_problem(answer.problem or ("failed" if failure else None))
            await refresh_devices()

        page.run_task(show)
        if failure is not None:
            raise failure

    async def load() -> None:
        async def work() -> None:
            set_settings(await notifications.settings())
            await refresh_devices()
            await notifications.hand_ticket(answered)

        await loading.run(work)

    def leave() -> None:
        notifications.withdraw_ticket()

    ft.use_effect(load, [], cleanup=leave)

    async def choose(chosen: NotificationSettings) -> None:
        async def work() -> None:
            set_saved(False)
            set_settings(await notifications.save_settings(chosen))
            set_saved(True)

        await choosing.run(work)

    async def turn_on() -> None:
        # push.js has already asked the browser, inside this tap; wait for its answer.
        set_problem(None)
        set_waiting(True)

    def remover(device: PushDevice) -> ft.Control:
        this_one = device.endpoint == here

        async def remove() -> None:
            async def work() -> None:
                await notifications.remove_device(device.id)
                if this_one:
                    await notifications.forget_this_device()
                await refresh_devices()

            await device_action.run(work)

        name = device.device_label or t("notifications.device.unnamed")
        if this_one:
            name = t("notifications.device.this_one", name=name)
        return DeviceRow(
            name,
            t("notifications.device.since", day=typed_day(device.created_at.date())),
            t("notifications.device.remove"),
            remove,
            busy=device_action.busy,
            client_action=ft.OpenUrl(TURN_OFF_HERE_URL) if this_one else None,
            identifier=f"device-{device.id}",
        )

    on_here = devices is not None and any(d.endpoint == here for d in devices)
    push_controls: list[ft.Control] = []
    if notifications.push_available:
        push_controls = [
            Heading(t("notifications.this_device"), level=2),
            BodyText(t("notifications.private")),
            NoticeArea(
                t("notifications.ios_install") if page.platform == ft.PagePlatform.IOS else None,
                identifier="notifications-ios",
            ),
            NoticeArea(
                t("notifications.on_here") if on_here else None,
                identifier="notifications-on-here",
                icon=ft.Icons.NOTIFICATIONS_ACTIVE,
            ),
            NoticeArea(
                t("notifications.waiting") if waiting else None, identifier="notifications-waiting"
            ),
            ErrorArea(
                t(f"notifications.problem.{problem}") if problem else None,
                identifier="notifications-problem",
            ),
            ActionButton(
                t("notifications.turn_on"),
                on_click=turn_on,
                icon=ft.Icons.NOTIFICATIONS_ACTIVE,
                client_action=ft.OpenUrl(TURN_ON_URL),
                disabled=settings is None,
                identifier="notifications-turn-on",
            )
            if not on_here
            else ft.Container(),
            Heading(t("notifications.devices"), level=2),
            ErrorArea(
                error_message(t, device_action.failure) if device_action.failure else None,
                identifier="devices-error",
            ),
            *(
                [remover(device) for device in devices]
                if devices
                else [BodyText(t("notifications.devices.none"), muted=True)]
            ),
        ]

    async def open_emails() -> None:
        await page.push_route(EMAILS)

    async def open_quiet_hours() -> None:
        await page.push_route(routes.QUIET_HOURS)

    async def back() -> None:
        await page.push_route(routes.PROFILE)

    choice_controls: list[ft.Control] = []
    if settings is not None:
        busy = choosing.busy
        choice_controls = [
            *kind_choices(
                t, settings, choose, coordinator=notifications.is_coordinator, disabled=busy
            ),
            BodyText(t("notifications.quiet_hours"), muted=True),
            ActionButton(
                t("notifications.quiet_hours.open"),
                on_click=open_quiet_hours,
                primary=False,
                icon=ft.Icons.BEDTIME,
            ),
            Heading(t("notifications.by_email"), level=2),
            digest_choice(t, settings, choose, disabled=busy),
            ErrorArea(error_message(t, choosing.failure) if choosing.failure else None),
            NoticeArea(
                t("notifications.saved") if saved else None, identifier="notifications-saved"
            ),
        ]

    return Screen(
        title=t("notifications.title"),
        controls=[
            ErrorArea(error_message(t, loading.failure) if loading.failure else None),
            BodyText(t("notifications.loading"), muted=True) if loading.busy else ft.Container(),
            *push_controls,
            *choice_controls,
            ActionButton(
                t("notifications.emails.open"),
                on_click=open_emails,
                primary=False,
                icon=ft.Icons.MAIL,
            ),
            ActionButton(
                t("notifications.back"), on_click=back, primary=False, icon=ft.Icons.ARROW_BACK
            ),
        ],
    )

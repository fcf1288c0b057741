"""Once, gently, beside a first conversation: "be told of new messages when Relais is closed?"

Shown on a device that gets no notifications yet, until the person answers
either way (the answer is kept on the device). "Yes" leads to the
notification screen, where the browser's own question is asked at a tap.
"""

from __future__ import annotations

import flet as ft

from app.notifications.routes import NOTIFICATIONS
from app.notifications.state import use_notifications
from components.hooks import use_palette, use_t

ANSWERED_KEY = "relais.push_offer_answered"


@ft.component
def NotificationOffer() -> ft.Control:
    notifications = use_notifications()
    t = use_t()
    palette = use_palette()
    page = ft.context.page
    shown, set_shown = ft.use_state(False)

    async def decide() -> None:
        if not notifications.push_available or await notifications.device_answered(ANSWERED_KEY):
            return
        set_shown(await notifications.this_device_endpoint() is None)

    ft.use_effect(decide, [])

    async def answer(yes: bool) -> None:
        set_shown(False)
        await notifications.remember_answer(ANSWERED_KEY)
        if yes:
            await page.push_route(NOTIFICATIONS)

    async def accept() -> None:
        await answer(True)

    async def decline() -> None:
        await answer(False)

    return ft.Semantics(
        identifier="notification-offer",
        container=True,
        visible=shown,
        content=ft.Container(
            bgcolor=palette.notice_container,
            border_radius=14,
            padding=ft.Padding.symmetric(horizontal=12, vertical=4),
            content=ft.Row(
                wrap=True,
                vertical_alignment=ft.CrossAxisAlignment.CENTER,
                controls=[
                    ft.Text(
                        t("notifications.offer"),
                        theme_style=ft.TextThemeStyle.BODY_LARGE,
                        color=palette.on_notice_container,
                    ),
                    ft.TextButton(content=ft.Text(t("notifications.offer.yes")), on_click=accept),
                    ft.TextButton(content=ft.Text(t("notifications.offer.no")), on_click=decline),
                ],
            ),
        ),
    )

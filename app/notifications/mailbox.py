"""Mes courriels: the e-mails Relais wrote to this person, newest first.

With no SMTP server (the embedded default) this is where they arrive; with
one, it is a copy. Each person sees only their own (row-level security).
"""

from __future__ import annotations

from typing import cast

import flet as ft

from app.i18n import error_message
from app.notifications.routes import NOTIFICATIONS
from app.notifications.state import MailItem, use_notifications
from components import ActionButton, BodyText, ErrorArea, Screen
from components.date_field import typed_day
from components.hooks import use_action, use_t
from components.notifications import EmailCard


@ft.component
def EmailsView() -> ft.Control:
    notifications = use_notifications()
    t = use_t()
    page = ft.context.page
    mails, set_mails = ft.use_state(cast(list[MailItem] | None, None))
    loading = use_action()

    async def load() -> None:
        async def work() -> None:
            set_mails(await notifications.emails())

        await loading.run(work)

    ft.use_effect(load, [])

    async def back() -> None:
        await page.push_route(NOTIFICATIONS)

    if mails is None:
        listed: list[ft.Control] = [
            BodyText(t("notifications.loading"), muted=True) if loading.busy else ft.Container()
        ]
    elif not mails:
        listed = [BodyText(t("notifications.emails.none"), muted=True)]
    else:
        listed = [
            EmailCard(
                item.rendered.subject,
                t("notifications.emails.received", day=typed_day(item.stored.created_at.date())),
                item.rendered.body,
                identifier=f"email-{item.stored.id}",
            )
            for item in mails
        ]
    return Screen(
        title=t("notifications.emails.title"),
        controls=[
            BodyText(t("notifications.emails.intro"), muted=True),
            ErrorArea(error_message(t, loading.failure) if loading.failure else None),
            *listed,
            ActionButton(
                t("notifications.back_to_settings"),
                on_click=back,
                primary=False,
                icon=ft.Icons.ARROW_BACK,
            ),
        ],
    )
